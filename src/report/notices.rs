//! Notices ready to send: `notices.csv` and one letter per person, `notices/<staff_id>.txt`.
//!
//! After a solve a person's letter lists the year's days; after a re-plan it lists
//! what they now do (and for whom they step in), what they no longer do, and what
//! moved, each with date, weekday, time, venue name and address. The words come from
//! the language table ([`super::labels`]), polite Japanese by default.

use std::collections::{BTreeMap, HashMap};

use super::files::{csv_of, PlanFile};
use super::labels::Lang;
use super::names::Names;
use crate::model::Model;
use crate::plan::{Event, Plan};
use crate::replan::{Notice, NoticeSection};

pub use super::rows::{NoticeRow, NOTICE_COLUMNS};

/// File of notices (CSV).
pub const NOTICES_CSV: &str = "notices.csv";
/// Folder of letters.
pub const NOTICES_DIR: &str = "notices";

/// The year's notices of a solved plan: one row per assignment.
pub fn year_notices(model: &Model, plan: &Plan, lang: Lang) -> Vec<NoticeRow> {
    let n = Names::new(model, lang);
    let events: HashMap<&str, &Event> = plan
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    let mut rows: Vec<NoticeRow> = plan
        .assignments
        .iter()
        .filter_map(|a| {
            let e = events.get(a.event_id.as_str())?;
            let notice = match lang {
                Lang::Ja => format!(
                    "担当: {} {}（{} {}-{} {}/{}）",
                    lang.labels().role(&a.role),
                    a.event_id,
                    e.date,
                    e.start,
                    e.end,
                    e.venue,
                    e.room
                ),
                Lang::En => format!(
                    "assigned: {} at {} ({} {}-{} {}/{})",
                    a.role, a.event_id, e.date, e.start, e.end, e.venue, e.room
                ),
            };
            Some(row(&n, &a.staff_id, e, "assigned", &a.role, "", notice, ""))
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.staff_id, &a.date, &a.start, &a.event_id).cmp(&(
            &b.staff_id,
            &b.date,
            &b.start,
            &b.event_id,
        ))
    });
    rows
}

/// The notices of a re-plan, in words: one row per notice the re-plan found. `gone`:
/// the baseline's events the new plan no longer holds (a cancelled day's letter names
/// its event and town from them).
pub fn replan_notices(
    model: &Model,
    after: &Plan,
    gone: &[Event],
    notices: &[Notice],
    lang: Lang,
) -> Vec<NoticeRow> {
    let n = Names::new(model, lang);
    let events: HashMap<&str, &Event> = after
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    let gone: HashMap<&str, &Event> = gone.iter().map(|e| (e.event_id.as_str(), e)).collect();
    notices
        .iter()
        .map(|x| {
            let section = match x.section {
                NoticeSection::Now => "now",
                NoticeSection::NoLonger => "no-longer",
                NoticeSection::Changed => "changed",
                NoticeSection::TeamJoined => "team-joined",
                NoticeSection::TeamLeft => "team-left",
            };
            let replaces = if x.replaces.is_empty() {
                String::new()
            } else {
                n.staff(&x.replaces)
            };
            let before_text = n.readable_where(&x.before);
            // The event as it is now; for a cancelled one (or one they left because it
            // moved), as it was.
            let now = events.get(x.event_id.as_str()).copied();
            // What the event is (kind, town, seminar type and theme): the new plan's,
            // or for a cancelled one the baseline's.
            let known = now.or_else(|| gone.get(x.event_id.as_str()).copied());
            let was = Names::split_where(&x.before)
                .map(|w| Event {
                    event_id: x.event_id.clone(),
                    date: w.date,
                    start: w.start,
                    end: w.end,
                    venue: w.venue,
                    room: w.room,
                    ..known.cloned().unwrap_or_else(|| blank_event(&x.event_id))
                })
                .or_else(|| known.filter(|_| now.is_none()).cloned());
            let shown = match x.section {
                NoticeSection::NoLonger if now.is_none() || x.notice.contains("(was ") => {
                    was.as_ref().or(now)
                }
                _ => now.or(was.as_ref()),
            };
            match (x.section, shown) {
                (NoticeSection::TeamJoined | NoticeSection::TeamLeft, _) | (_, None) => {
                    team_row(&n, x, section)
                }
                (_, Some(e)) => {
                    let notice = notice_text(&n, x, now.is_none());
                    let mut r = row(
                        &n,
                        &x.staff_id,
                        e,
                        section,
                        &x.role,
                        &replaces,
                        notice,
                        &before_text,
                    );
                    if now.is_none() {
                        r.cancelled = true;
                        let (first, second) = entry_lines(n.lang, &r);
                        r.message = format!("{first} {second}");
                    }
                    r.date = x.date.clone();
                    r.weekday = n.weekday(&x.date);
                    r
                }
            }
        })
        .collect()
}

/// An event known by its id alone.
fn blank_event(id: &str) -> Event {
    Event {
        event_id: id.to_string(),
        date: String::new(),
        start: String::new(),
        end: String::new(),
        kind: String::new(),
        municipality: String::new(),
        venue: String::new(),
        room: String::new(),
        room_capacity: None,
        capacity: None,
        seminar_type: String::new(),
        theme: String::new(),
        mode: String::new(),
        original_date: String::new(),
    }
}

/// notices.csv's `notice` column (ids kept, for the office): the re-plan's own text in
/// English, a Japanese sentence with the same ids in Japanese. `cancelled`: the event
/// is no longer held.
fn notice_text(n: &Names, x: &Notice, cancelled: bool) -> String {
    if n.lang == Lang::En {
        return x.notice.clone();
    }
    let l = n.lang.labels();
    let role = l.role(&x.role);
    match x.section {
        NoticeSection::Now if !x.replaces.is_empty() => {
            format!("{} {}（{}の代わり）", x.event_id, role, x.replaces)
        }
        NoticeSection::Now => format!("{} {}を担当", x.event_id, role),
        NoticeSection::NoLonger if cancelled => format!("{} {}", x.event_id, l.n.cancelled),
        NoticeSection::NoLonger => format!("{} {}の担当は不要", x.event_id, role),
        NoticeSection::Changed => format!("{} {}: {}：{}", x.event_id, role, l.n.was, x.before),
        NoticeSection::TeamJoined | NoticeSection::TeamLeft => x.notice.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    n: &Names,
    staff: &str,
    e: &Event,
    section: &str,
    role: &str,
    replaces: &str,
    notice: String,
    before_text: &str,
) -> NoticeRow {
    let l = n.lang.labels();
    let mut r = NoticeRow {
        staff_id: staff.to_string(),
        name: n.staff(staff),
        date: e.date.clone(),
        event_id: e.event_id.clone(),
        notice,
        weekday: n.weekday(&e.date),
        section: section.to_string(),
        role: l.role(role).to_string(),
        start: e.start.clone(),
        end: e.end.clone(),
        kind: l.kind(&e.kind).to_string(),
        municipality_name: n.place(&e.municipality),
        venue_name: n.venue(&e.venue),
        address: n.address(&e.venue),
        replaces: replaces.to_string(),
        message: String::new(),
        before_text: before_text.to_string(),
        detail: detail(n.lang, e),
        cancelled: false,
    };
    let (first, second) = entry_lines(n.lang, &r);
    r.message = format!("{first} {second}");
    r
}

/// What a seminar or series event is about, for a letter: the seminar's type and
/// theme (SEM-6), or a series' topic and mode (`シニア向け「…」`).
fn detail(lang: Lang, e: &Event) -> String {
    let l = lang.labels();
    let mut parts: Vec<String> = Vec::new();
    if !e.seminar_type.is_empty() {
        parts.push(l.seminar_type(&e.seminar_type).to_string());
    }
    if !e.theme.is_empty() {
        parts.push(match lang {
            Lang::Ja => format!("「{}」", l.theme(&e.theme)),
            Lang::En => format!("\"{}\"", l.theme(&e.theme)),
        });
    }
    if !e.mode.is_empty() && e.kind != "consultation" && e.kind != "office" {
        parts.push(match lang {
            Lang::Ja => format!("（{}）", l.mode(&e.mode)),
            Lang::En => format!("({})", l.mode(&e.mode)),
        });
    }
    match lang {
        Lang::Ja => parts.concat(),
        Lang::En => parts.join(" "),
    }
}

fn team_row(n: &Names, x: &Notice, section: &str) -> NoticeRow {
    let l = n.lang.labels();
    // Team notices name the municipality in the English text: "joins the kawagoe team".
    let muni = x
        .notice
        .split(' ')
        .nth(2)
        .map(|id| n.place(id))
        .unwrap_or_default();
    let message = match x.section {
        NoticeSection::TeamLeft => format!("{muni}{}", l.n.leaves),
        _ => format!("{muni}{}", l.n.joins),
    };
    let notice = match n.lang {
        Lang::En => x.notice.clone(),
        Lang::Ja => message.clone(),
    };
    NoticeRow {
        staff_id: x.staff_id.clone(),
        name: x.name.clone(),
        date: x.date.clone(),
        event_id: x.event_id.clone(),
        notice,
        weekday: n.weekday(&x.date),
        section: section.to_string(),
        role: String::new(),
        start: String::new(),
        end: String::new(),
        kind: String::new(),
        municipality_name: muni,
        venue_name: String::new(),
        address: String::new(),
        replaces: String::new(),
        message,
        before_text: String::new(),
        detail: String::new(),
        cancelled: false,
    }
}

/// `r` with its `message` (the letter entry's two lines, as one) filled in: for rows
/// made outside this module (the training provider's).
pub fn with_message(lang: Lang, mut r: NoticeRow) -> NoticeRow {
    let (first, second) = entry_lines(lang, &r);
    r.message = format!("{first} {second}");
    r
}

/// The two lines of a letter entry: when and what; where (and for whom, or what it was).
fn entry_lines(lang: Lang, r: &NoticeRow) -> (String, String) {
    let l = lang.labels();
    let date = super::names::Names::date_text(lang, &r.date);
    let mut first = match lang {
        Lang::Ja => format!(
            "{date} {}～{} {}（{}）{} {}",
            r.start, r.end, r.kind, r.municipality_name, r.detail, r.role
        ),
        Lang::En => format!(
            "{date} {}-{} {} ({}){}{} as {}",
            r.start,
            r.end,
            r.kind,
            r.municipality_name,
            if r.detail.is_empty() { "" } else { " " },
            r.detail,
            r.role
        ),
    };
    if r.cancelled {
        first.push_str(&match lang {
            Lang::Ja => format!(" 【{}】", l.n.cancelled),
            Lang::En => format!(" [{}]", l.n.cancelled),
        });
    }
    let mut second = match (lang, r.address.is_empty()) {
        (Lang::Ja, false) => format!("{}：{}（{}）", l.n.venue, r.venue_name, r.address),
        (Lang::En, false) => format!("{}: {} ({})", l.n.venue, r.venue_name, r.address),
        // Online or off site (a training provider's sessions): no address to give.
        (Lang::Ja, true) => format!("{}：{}", l.n.venue, r.venue_name),
        (Lang::En, true) => format!("{}: {}", l.n.venue, r.venue_name),
    };
    if !r.replaces.is_empty() {
        second.push_str(&match lang {
            Lang::Ja => format!(" ※{}{}", r.replaces, l.n.steps_in_for),
            Lang::En => format!(", {} {}", l.n.steps_in_for, r.replaces),
        });
    }
    if !r.before_text.is_empty() && r.section == "changed" {
        second.push_str(&match lang {
            Lang::Ja => format!(" （{}：{}）", l.n.was, r.before_text),
            Lang::En => format!(" ({}: {})", l.n.was, r.before_text),
        });
    }
    (first, second)
}

/// notices.csv and one letter per person (`notices/<staff_id>.txt`). `reason` is what
/// a re-plan's letters give as the reason (the scenario's `public_reason`, never its
/// name), or `None` for a year's letter.
pub fn files(model: &Model, rows: &[NoticeRow], lang: Lang, reason: Option<&str>) -> Vec<PlanFile> {
    files_named(&model.name, rows, lang, reason)
}

/// [`files`] for a programme known by its name (either kind: the training provider's
/// letters are these too).
pub fn files_named(
    programme: &str,
    rows: &[NoticeRow],
    lang: Lang,
    reason: Option<&str>,
) -> Vec<PlanFile> {
    let mut out = vec![(NOTICES_CSV.to_string(), csv_of(rows).into_bytes())];
    let mut by_person: BTreeMap<&str, Vec<&NoticeRow>> = BTreeMap::new();
    for r in rows {
        by_person.entry(r.staff_id.as_str()).or_default().push(r);
    }
    for (id, list) in by_person {
        out.push((
            format!("{NOTICES_DIR}/{id}.txt"),
            letter_named(programme, lang, reason, &list).into_bytes(),
        ));
    }
    out
}

/// One person's letter, [`readable`](super::terminal::readable) as a whole: names and
/// notes from the model cannot put a control character (an ESC sequence that retitles
/// the terminal of whoever `cat`s the letter, a CR that overwrites a line) into it.
pub fn letter(model: &Model, lang: Lang, reason: Option<&str>, rows: &[&NoticeRow]) -> String {
    letter_named(&model.name, lang, reason, rows)
}

/// [`letter`] for a programme known by its name.
pub fn letter_named(
    programme: &str,
    lang: Lang,
    reason: Option<&str>,
    rows: &[&NoticeRow],
) -> String {
    let l = lang.labels();
    let name = rows.first().map_or("", |r| r.name.as_str());
    let mut s = match lang {
        Lang::Ja => format!("{name} {}\n\n", l.n.dear),
        Lang::En => format!("Dear {name},\n\n"),
    };
    let intro = match reason {
        None => l.n.year_intro.replace("{programme}", programme),
        Some(reason) => l.n.replan_intro.replace("{reason}", reason),
    };
    s.push_str(&intro);
    s.push_str("\n\n");
    let sections: [(&[&str], &str); 4] = [
        (&["assigned", "now"], l.n.now_do),
        (&["changed"], l.n.changed),
        (&["no-longer"], l.n.no_longer),
        (&["team-joined", "team-left"], l.n.teams),
    ];
    let mut any = false;
    for (keys, heading) in sections {
        let list: Vec<&&NoticeRow> = rows
            .iter()
            .filter(|r| keys.contains(&r.section.as_str()))
            .collect();
        if list.is_empty() {
            continue;
        }
        any = true;
        s.push_str(&match lang {
            Lang::Ja => format!("{heading}（{}件）\n", list.len()),
            Lang::En => format!("{heading} ({})\n", list.len()),
        });
        for r in list {
            if r.section.starts_with("team-") {
                s.push_str(&format!("・{}\n", r.message));
                continue;
            }
            let (first, second) = entry_lines(lang, r);
            s.push_str(&format!("・{first}\n　{second}\n"));
        }
        s.push('\n');
    }
    if !any {
        s.push_str(l.n.nothing);
        s.push_str("\n\n");
    }
    s.push_str(l.n.closing);
    s.push('\n');
    match super::terminal::readable(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(o) => o,
    }
}
