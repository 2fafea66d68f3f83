//! The desk's decisions in the browser (issue 19, part 2), on the test's one Chromium:
//! a swap that breaks a rule shows the rule before anything is saved (and offers no
//! preview); two swap previews compared side by side; two tabs racing on one version
//! (both preview on the same head; the first accepts; the second is told the plan
//! changed, its preview kept, nothing lost).

use std::path::Path;

use fantoccini::wd::WindowHandle;

use super::Browser;
use crate::it::support::*;
use roster::commands::{candidates, CandidateSettings, Candidates};

impl Browser {
    /// Opens a second tab and makes it the current one; returns the first's handle.
    fn new_tab(&self) -> WindowHandle {
        let first = self.block(self.client.window()).expect("window");
        let tab = self.block(self.client.new_window(true)).expect("a new tab");
        self.switch_to(tab.handle);
        first
    }

    /// Makes `tab` the current one.
    fn switch_to(&self, tab: WindowHandle) {
        self.block(self.client.switch_to_window(tab))
            .expect("switch");
    }
}

/// A consultation day of version `id` whose candidates hold a swap that breaks a rule
/// and at least two that break none.
fn a_day_to_decide(plans: &Path, id: &str) -> Candidates {
    let plan = plans.join(id);
    let text = std::fs::read_to_string(plan.join("assignments.csv")).expect("csv");
    for r in text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| r.len() > 3 && r[3] == "consultant")
        .step_by(5)
    {
        let c = candidates(&CandidateSettings {
            model: saitama(),
            plan: plan.clone(),
            date: r[1].parse().expect("date"),
            staff: r[2].to_string(),
            lang: roster::report::Lang::Ja,
        })
        .expect("candidates");
        let clean = c.candidates.iter().filter(|k| k.broken.is_empty()).count();
        if clean >= 2 && clean < c.candidates.len() {
            return c;
        }
    }
    panic!("no consultation day with two clean candidates and a rule-breaking one");
}

fn preview_id(url: &str) -> String {
    url.rsplit_once("/previews/")
        .map(|(_, p)| p.to_string())
        .expect("a preview page")
}

/// Runs the decisions on `url`'s desk, whose head is `head`.
pub fn swaps_compare_and_race(b: &Browser, url: &str, plans: &Path, head: &str) {
    let c = a_day_to_decide(plans, head);
    let month = &c.date[..7];
    // From the month page, the assignment is a link to its candidates.
    b.goto(&format!("{url}versions/{head}/month/{month}"));
    b.click(&format!(
        "tr[data-staff=\"{}\"] a.ev[href=\"/versions/{head}/candidates?date={}&staff={}\"]",
        c.staff_id, c.date, c.staff_id
    ));
    b.wait_for("#candidates", 60);
    // The swap that breaks a rule: its rule and sentence shown, no preview offered.
    let bad = c
        .candidates
        .iter()
        .find(|k| !k.broken.is_empty())
        .expect("a breaking candidate");
    let row = format!("#candidates tr[data-staff=\"{}\"]", bad.staff_id);
    let shown = b.text(&format!("{row} td.rules"));
    for r in &bad.broken {
        assert!(shown.contains(&r.rule), "{} in {shown}", r.rule);
    }
    assert!(shown.contains("に反します"), "{shown}");
    assert!(
        b.find(&format!("{row} button.swap")).is_none(),
        "no preview for a swap that breaks a rule"
    );
    assert!(
        std::fs::read_dir(plans.join(".previews")).map_or(0, |d| d.count()) == 0,
        "nothing saved"
    );
    // Two clean swaps previewed from the page.
    let clean: Vec<&str> = c
        .candidates
        .iter()
        .filter(|k| k.broken.is_empty())
        .map(|k| k.staff_id.as_str())
        .take(2)
        .collect();
    let candidates_page = b.url();
    let mut previews = Vec::new();
    for who in &clean {
        b.goto(&candidates_page);
        b.click(&format!("#candidates tr[data-staff=\"{who}\"] button.swap"));
        b.wait_for("#accept", 120);
        previews.push(preview_id(&b.url()));
    }
    // Side by side.
    b.goto(&format!("{url}compare?a={}&b={}", previews[0], previews[1]));
    for p in &previews {
        b.wait_for(&format!("#compare-table th[data-preview=\"{p}\"]"), 30);
    }
    let counts = b.text("#compare-table td.violations");
    assert!(counts.contains('0'), "{counts}");
    let table = b.text("#compare-table");
    for who in &clean {
        assert!(table.contains(who), "{who} affected in {table}");
    }
    // Two tabs race on the head: the first accepts, the second is told.
    b.goto(&format!("{url}previews/{}", previews[0]));
    b.wait_for("#accept", 30);
    let first = b.new_tab();
    b.goto(&format!("{url}previews/{}", previews[1]));
    b.wait_for("#accept", 30);
    let second = b.new_tab();
    b.switch_to(first);
    b.click("#accept");
    b.wait_for("#publish", 60);
    let made = b
        .url()
        .rsplit_once("/versions/")
        .map(|(_, v)| v.to_string())
        .expect("a version page");
    // The second tab still shows the preview it opened before the first accepted.
    b.switch_to(second);
    b.click("#accept");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let said = loop {
        let t = b.text("#message");
        if t.contains(&made) {
            break t;
        }
        assert!(std::time::Instant::now() < until, "not told: {t}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(
        said.contains(head) && said.contains("失われたものはありません"),
        "{said}"
    );
    assert!(
        plans.join(".previews").join(&previews[1]).is_dir(),
        "the second tab's preview is kept"
    );
    assert!(b.url().contains(&previews[1]), "still on its preview");
    let o = roster_p(&[&"check", &saitama(), &plans.join(&made)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}
