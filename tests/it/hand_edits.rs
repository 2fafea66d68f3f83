//! Hand edits are decisions: a folder re-saved by Japanese Excel checks clean; a hand
//! swap gives changes.csv and notices.csv (`roster diff`); a later re-plan keeps it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::solve::{copy_plan, read, saitama_plan};
use super::support::*;

fn csv_rows(p: &Path) -> Vec<Vec<String>> {
    let text = read(p);
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    rdr.records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect()
}

/// `2023-04-05` → `2023/4/5`, as Excel shows and saves dates.
fn excel_dates(text: &str) -> String {
    let mut out = String::new();
    for field_line in text.split('\n') {
        let fields: Vec<String> = field_line
            .split(',')
            .map(|f| {
                let parts: Vec<&str> = f.split('-').collect();
                let is_date = parts.len() == 3
                    && parts[0].len() == 4
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
                if is_date {
                    format!(
                        "{}/{}/{}",
                        parts[0],
                        parts[1].trim_start_matches('0'),
                        parts[2].trim_start_matches('0')
                    )
                } else {
                    f.to_string()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out.pop();
    out
}

#[test]
fn a_folder_resaved_by_japanese_excel_checks_clean_and_has_no_hand_changes() {
    let (_d, dir) = copy_plan(saitama_plan());
    for f in ["events.csv", "assignments.csv", "teams.csv"] {
        let text = read(&dir.join(f));
        let text = excel_dates(text.trim_start_matches('\u{feff}')).replace('\n', "\r\n");
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!unmappable, "{f} encodes to CP932");
        std::fs::write(dir.join(f), &bytes).expect("write");
    }
    let o = roster_p(&[&"check", &saitama(), &dir]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("edited by hand"), "{}", stderr(&o));
    let o = roster_p(&[&"diff", &dir, &dir, &"--lang", &"en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("hand edits: none"), "{}", stdout(&o));
    assert!(csv_rows(&dir.join("changes.csv")).is_empty());
}

/// A copy of the shared plan with two Kawagoe-or-other consultants swapped on two days
/// after September (found so that every rule still holds); returns the folder and the
/// two swapped assignments after the swap: (event, staff) pairs.
fn swapped() -> (tempfile::TempDir, PathBuf, [(String, String); 2]) {
    let text = std::fs::read_to_string(saitama()).expect("model");
    let m = roster::input::parse_model(&saitama(), &text).expect("model");
    let base = roster::plan::files::read_plan_dir(saitama_plan()).expect("plan");
    let cons: Vec<usize> = base
        .assignments
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.role == "consultant" && a.date.as_str() >= "2023-10-02" && a.staff_id != "c05"
        })
        .map(|(i, _)| i)
        .collect();
    let muni = |id: &str| id.split('-').nth(1).unwrap_or("").to_string();
    for (k, &i) in cons.iter().enumerate() {
        for &j in cons.iter().skip(k + 1).take(40) {
            let (a, b) = (&base.assignments[i], &base.assignments[j]);
            if a.date == b.date
                || a.staff_id == b.staff_id
                || muni(&a.event_id) != muni(&b.event_id)
            {
                continue;
            }
            let mut p = base.clone();
            p.assignments[i].staff_id = b.staff_id.clone();
            p.assignments[j].staff_id = a.staff_id.clone();
            if roster::check::check(&m, &p).is_empty() {
                let (d, dir) = copy_plan(saitama_plan());
                p.normalise();
                std::fs::write(
                    dir.join("assignments.csv"),
                    roster::report::plan::csv_of(&p.assignments),
                )
                .expect("write");
                let pairs = [
                    (a.event_id.clone(), b.staff_id.clone()),
                    (b.event_id.clone(), a.staff_id.clone()),
                ];
                return (d, dir, pairs);
            }
        }
    }
    panic!("no clean swap of two consultants found");
}

#[test]
fn a_hand_swap_gives_changes_and_notices_and_a_later_replan_keeps_it() {
    let (_d, edited, pairs) = swapped();
    let people: BTreeSet<String> = pairs.iter().map(|(_, s)| s.clone()).collect();
    // check: clean, and the edit is noticed.
    let o = roster_p(&[&"check", &saitama(), &edited]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("assignments.csv edited by hand"),
        "{}",
        stderr(&o)
    );
    // diff BASE EDITED: two staff-replaced rows, notices for exactly the two people.
    let o = roster_p(&[&"diff", &saitama_plan(), &edited]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let changes = csv_rows(&edited.join("changes.csv"));
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes.iter().all(|r| r[5] == "staff-replaced"));
    let notices = csv_rows(&edited.join("notices.csv"));
    let told: BTreeSet<String> = notices.iter().map(|r| r[0].clone()).collect();
    assert_eq!(told, people);
    assert!(
        notices.iter().all(|r| !r[1].is_empty()),
        "names from staff.csv"
    );
    // A user's own file is never clobbered.
    std::fs::write(edited.join("notices.csv"), "my notes\n").expect("write");
    let o = roster_p(&[&"diff", &saitama_plan(), &edited]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E067"));
    assert_eq!(read(&edited.join("notices.csv")), "my notes\n");
    std::fs::remove_file(edited.join("notices.csv")).expect("rm");
    // A later re-plan (c05 off sick Sep-Dec) keeps the swap as a decision.
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("r");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &edited,
        &"--scenario",
        &root().join("scenarios/c05-long-sick-leave.toml"),
        &"--out",
        &out,
        &"--lang",
        &"en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("hand edits (pinned): 2 kept, 0 changed"),
        "{}",
        stdout(&o)
    );
    let after: BTreeSet<(String, String)> = csv_rows(&out.join("assignments.csv"))
        .into_iter()
        .map(|r| (r[0].clone(), r[2].clone()))
        .collect();
    for p in &pairs {
        assert!(after.contains(p), "swap kept: {p:?}");
    }
    let o = roster_p(&[&"check", &saitama(), &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = roster_p(&[&"history", &out, &"--lang", &"en"]);
    assert!(
        stdout(&o).contains("hand edit (assignments.csv)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_hand_edit_a_rule_overrides_is_changed_and_reported() {
    let (_d, edited, pairs) = swapped();
    // The person placed by hand on the first swapped day falls ill that day.
    let (event, staff) = &pairs[0];
    let date = {
        let digits = event.rsplit('-').next().unwrap_or("");
        format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8])
    };
    let (_s, sc) = temp_file(
        "ill.toml",
        &format!(
            "name = \"ill\"\nas_of = \"2023-09-01\"\n[[absence]]\nstaff = \"{staff}\"\nfrom = \"{date}\"\nto = \"{date}\"\n"
        ),
    );
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("r");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &edited,
        &"--scenario",
        &sc,
        &"--out",
        &out,
        &"--lang",
        &"en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("hand edits (pinned): 1 kept, 1 changed"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{event} {staff}")) && text.contains("cannot work on"),
        "{text}"
    );
    let after: BTreeSet<(String, String)> = csv_rows(&out.join("assignments.csv"))
        .into_iter()
        .map(|r| (r[0].clone(), r[2].clone()))
        .collect();
    assert!(after.contains(&pairs[1]), "the other edit is kept");
}
