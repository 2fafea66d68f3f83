//! Issue 20 part 4 (H26): stage 1's second pass is steered by where the dates' guide
//! held each quota's and series' events and with whom (`DatePrefs::held_at`,
//! `stage1::Steering`), so a series the guide spreads over places is spread in the
//! plan too: the shipped year ends within 0.5 % of its whole-year bound.

use super::support::*;

/// The shipped year, run until it ends on its gap (`--time-limit 600`): the plan is
/// within 0.5 % of the whole-year bound (the joint bound over staffing and every
/// seminar and event date), and the independent checker finds nothing.
#[test]
fn shipped_year_ends_within_half_a_percent_of_its_whole_year_bound() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let o = roster_p(&[
        &"solve",
        &saitama(),
        &"--out",
        &out,
        &"--lang",
        &"en",
        &"--time-limit",
        &"600",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&saitama(), &out);
    let text = std::fs::read_to_string(out.join("roster.json")).expect("roster.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("roster.json parses");
    let status = json["status"].as_str().unwrap_or_default();
    let gap = json["gap"].as_f64().unwrap_or(f64::INFINITY);
    let bound = json["solve"]["bound"].as_f64().unwrap_or(f64::NAN);
    let total = json["objective"]["total"].as_f64().unwrap_or(f64::NAN);
    let bound_of = json["solve"]["bound_of"].as_str().unwrap_or_default();
    eprintln!("status {status}, plan {total:.1}, bound {bound:.1}, gap {gap:.5}");
    assert!(
        matches!(status, "gap-limit" | "optimal"),
        "the run ends on its gap, not {status}"
    );
    assert!(bound_of.contains("joint bound"), "{bound_of}");
    assert!(bound <= total, "bound {bound} above the plan {total}");
    assert!(
        gap <= 0.005,
        "whole-year gap {:.3} % above 0.5 % (plan {total:.1}, bound {bound:.1})",
        100.0 * gap
    );
}
