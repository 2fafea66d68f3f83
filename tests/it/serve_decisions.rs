//! The desk's decisions (issue 19, part 2) at the HTTP level, in-process (`oneshot`):
//! ranked candidates with the rules a swap would break, a swap refused before anything
//! is saved, a swap preview accepted that is `roster swap`'s folder byte for byte, the
//! decision forms writing the scenario a person would write (and re-planning as
//! `roster replan` does), and bad form input answered 400 with a sentence.

use std::path::Path;

use axum::http::StatusCode;
use serde_json::Value;

use super::{
    assert_same_as_cli_replan, assert_same_folder_as_cli, call, desk, get, json, post, runtime,
    saitama_desk_dir,
};
use crate::it::support::*;
use roster::serve::decisions::{decision_scenario, DecisionForm};

/// A scenario file as a person writes it, without its comment lines.
fn without_comments(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .trim_start()
        .to_string()
}

fn form(body: &str) -> DecisionForm {
    serde_json::from_str(body).expect("a form")
}

fn previews_left(plans: &Path) -> usize {
    std::fs::read_dir(plans.join(".previews")).map_or(0, |d| d.count())
}

/// The first (day, person) of the plan's consultation days whose candidates hold both
/// a swap that breaks a rule and one that breaks none: the candidates' answer.
fn a_day_with_both(
    rt: &tokio::runtime::Runtime,
    d: &std::sync::Arc<roster::serve::Desk>,
    plans: &Path,
) -> Value {
    // assignments.csv: event_id, date, staff_id, role, ... (ids hold no comma).
    let text = std::fs::read_to_string(plans.join("base/assignments.csv")).expect("csv");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    for r in rows
        .iter()
        .filter(|r| r.len() > 3 && r[3] == "consultant")
        .step_by(7)
    {
        let uri = format!("/api/versions/base/candidates?date={}&staff={}", r[1], r[2]);
        let (s, body, _) = call(rt, d, get(&uri));
        assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
        let v = json(&body);
        let list = v["candidates"].as_array().cloned().unwrap_or_default();
        let broken = |c: &Value| c["broken"].as_array().map_or(0, Vec::len);
        if list.iter().any(|c| broken(c) > 0) && list.iter().any(|c| broken(c) == 0) {
            return v;
        }
    }
    panic!("no consultation day has both a clean and a rule-breaking candidate");
}

#[test]
fn desk_candidates_are_ranked_a_breaking_swap_is_refused_and_a_swap_preview_is_roster_swaps_folder()
{
    let (_t, plans) = saitama_desk_dir();
    let rt = runtime();
    let d = desk(&saitama(), &plans);
    let v = a_day_with_both(&rt, &d, &plans);
    let list = v["candidates"].as_array().expect("candidates");
    let broken = |c: &Value| c["broken"].as_array().map_or(0, Vec::len);
    // Ranked: no rule broken first, then fewer.
    assert!(
        list.windows(2).all(|w| broken(&w[0]) <= broken(&w[1])),
        "{v}"
    );
    assert!(v["checked"].as_u64() <= v["considered"].as_u64());
    let bad = list.iter().find(|c| broken(c) > 0).expect("a breaking one");
    for b in bad["broken"].as_array().expect("rules") {
        let rule = b["rule"].as_str().unwrap_or_default();
        let sentence = b["sentence"].as_str().unwrap_or_default();
        assert!(!rule.is_empty() && sentence.contains(rule), "{b}");
        assert!(sentence.contains("に反します"), "in Japanese: {sentence}");
    }
    let (date, from) = (
        v["date"].as_str().expect("date").to_string(),
        v["staff_id"].as_str().expect("staff").to_string(),
    );
    let swap_body = |c: &Value| {
        let with = c["staff_id"].as_str().expect("id");
        if c["kind"] == "exchange" {
            format!(r#"{{"date":"{date}","exchange":["{from}","{with}"]}}"#)
        } else {
            format!(r#"{{"date":"{date}","replace":"{from}","with":"{with}"}}"#)
        }
    };
    // The breaking swap: refused by `swap` (E055) with the rule, nothing kept.
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            "/api/versions/base/swap",
            "application/json",
            &swap_body(bad),
        ),
    );
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let e = json(&body)["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let first_rule = bad["broken"][0]["rule"].as_str().unwrap_or_default();
    assert!(e.contains("E055") && e.contains(first_rule), "{e}");
    assert_eq!(previews_left(&plans), 0, "a refused swap keeps nothing");
    // The best one: previewed, accepted, and the same folder `roster swap` writes.
    let best = &list[0];
    assert_eq!(broken(best), 0);
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            "/api/versions/base/swap",
            "application/json",
            &swap_body(best),
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let p = json(&body);
    assert_eq!(p["violations"], 0);
    assert!(p["scenario"]
        .as_str()
        .is_some_and(|t| t.contains("roster swap")));
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{}/accept", p["id"].as_str().expect("id")),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let version = json(&body)["id"].as_str().expect("version").to_string();
    let made = plans.join(&version);
    assert!(made.join("swap.toml").is_file(), "the swap is kept");
    let t = tempfile::tempdir().expect("temp");
    let cli = t.path().join("cli");
    let with = best["staff_id"].as_str().expect("id");
    let mut args: Vec<std::ffi::OsString> = vec![
        "swap".into(),
        saitama().into(),
        plans.join("base").into(),
        "--date".into(),
        date.clone().into(),
    ];
    if best["kind"] == "exchange" {
        args.extend([from.clone().into(), with.into()]);
    } else {
        args.extend([
            "--replace".into(),
            from.clone().into(),
            "--with".into(),
            with.into(),
        ]);
    }
    args.extend(["--out".into(), cli.clone().into()]);
    let refs: Vec<&dyn AsRef<std::ffi::OsStr>> = args
        .iter()
        .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
        .collect();
    let o = roster_p(&refs);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_same_folder_as_cli(&made, "swap.toml", &cli, "roster swap");
}

#[test]
fn desk_decision_forms_write_the_scenarios_a_person_writes() {
    let lang = roster::report::Lang::Ja;
    for (file, body) in [
        (
            "scenarios/c08-no-fridays-from-october.toml",
            r#"{"form":"staff_change","as_of":"2023-09-01","name":"c08 金曜休み 10月から",
                "values":{"staff":"c08","from":"2023-10-01","weekdays":"wed, thu, sat"}}"#,
        ),
        (
            "scenarios/kasukabe-wednesday-venue-closes.toml",
            r#"{"form":"venue_change","as_of":"2023-08-01","name":"Kasukabe Wednesday venue closed from October",
                "values":{"venue":"fureai-cube","from":"2023-10-01","to":"2024-03-31","move_to":"kasukabe-chiho"}}"#,
        ),
        (
            "scenarios/tokorozawa-senior-seminar-cut.toml",
            r#"{"form":"quota_change","as_of":"2023-09-15","name":"Tokorozawa senior seminars 12 -> 11 from October",
                "values":{"municipality":"tokorozawa","from":"2023-10-01","senior":"11","note":"city budget cut"}}"#,
        ),
    ] {
        let hand = std::fs::read_to_string(root().join(file)).expect("scenario");
        let made = decision_scenario(lang, &form(body)).expect("a scenario");
        assert_eq!(made, without_comments(&hand), "{file}");
    }
    // Values are TOML values whatever they hold.
    let made = decision_scenario(
        lang,
        &form(r#"{"form":"closure","as_of":"2023-09-01","name":"a \"quoted\"\nname","values":{"date":"2023-10-02","note":"x = 1\n[[absence]]"}}"#),
    )
    .expect("a scenario");
    let parsed: toml::Table = made.parse().expect("TOML");
    assert_eq!(parsed["name"].as_str(), Some("a \"quoted\"\nname"));
    assert_eq!(
        parsed["closure"][0]["note"].as_str(),
        Some("x = 1\n[[absence]]")
    );
    assert!(parsed.get("absence").is_none());
}

#[test]
fn desk_decision_form_replans_as_roster_replan_and_bad_input_is_400() {
    let (_t, plans) = saitama_desk_dir();
    let rt = runtime();
    let d = desk(&saitama(), &plans);
    let bad = [
        (
            r#"{"form":"quota","as_of":"2023-09-01"}"#,
            vec!["quota", "quota_change"],
        ),
        (
            r#"{"form":"quota_change","as_of":"2023-09-01","values":{"municipality":"tokorozawa","seniors":"11"}}"#,
            vec!["seniors", "senior"],
        ),
        (
            r#"{"form":"quota_change","as_of":"2023-09-01","values":{"municipality":"tokorozawa","senior":"eleven"}}"#,
            vec!["senior", "eleven"],
        ),
        (
            r#"{"form":"staff_change","as_of":"2023-09-01","values":{"staff":"c99","from":"2023-10-01","weekdays":"wed"}}"#,
            vec!["E011", "scenario.toml:5:9", "c09"],
        ),
    ];
    for (body, words) in bad {
        let (s, answer, _) = call(
            &rt,
            &d,
            post("/api/versions/base/decision", "application/json", body),
        );
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
        let e = json(&answer)["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        for w in words {
            assert!(e.contains(w), "{w} in {e}");
        }
    }
    for uri in [
        "/api/versions/base/candidates?date=2023-13-01&staff=c05",
        "/api/versions/base/candidates?date=2023-06-05&staff=c99",
    ] {
        let (s, answer, _) = call(&rt, &d, get(uri));
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            json(&answer)["error"]
                .as_str()
                .is_some_and(|e| !e.is_empty()),
            "{uri}"
        );
    }
    assert_eq!(previews_left(&plans), 0, "nothing kept from bad input");
    // c08's Fridays off from October, through the form: the version is `roster replan`'s.
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            "/api/versions/base/decision",
            "application/json",
            r#"{"form":"staff_change","as_of":"2023-09-01","name":"c08 金曜休み 10月から","values":{"staff":"c08","from":"2023-10-01","weekdays":"wed, thu, sat"}}"#,
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let p = json(&body);
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{}/accept", p["id"].as_str().expect("id")),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let version = json(&body)["id"].as_str().expect("version").to_string();
    assert_same_as_cli_replan(&plans, "base", &version);
    // The pages of the decisions.
    for uri in [
        "/versions/base/decide".to_string(),
        format!("/versions/{version}/decide"),
    ] {
        let (s, _, _) = call(&rt, &d, get(&uri));
        assert_eq!(s, StatusCode::OK, "{uri}");
    }
}
