//! The contract's deadlines of a plan (`plan::deadlines`) for people: `deadlines.csv`,
//! the calendar `calendars/deadlines.ics`, the workbook's 締切 sheet and the HTML page's
//! list, each in the user's language.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::files::{csv_of, PlanFile};
use super::labels::Lang;
use super::names::Names;
use crate::model::Model;
use crate::plan::deadlines::{deadlines, Deadline, Item};
use crate::plan::Plan;

/// The file of deadlines in a plan folder.
pub const DEADLINES: &str = "deadlines.csv";
/// The deadlines' calendar, in `calendars/` (the id `deadlines` is reserved for it).
pub const ICS_NAME: &str = crate::model::publicity::DEADLINES_CALENDAR;

/// A row of `deadlines.csv`: exactly these columns, in this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineRow {
    /// Due date, YYYY-MM-DD.
    pub due: String,
    /// flyer, leaflet, employer-flyer, mail-magazine, monthly-report, childcare.
    pub kind: String,
    /// The event it is for; empty when none.
    pub event_id: String,
    /// The event's date, YYYY-MM-DD; empty when none.
    pub event_date: String,
    /// What is due, in the user's language.
    pub what: String,
    /// PR-1, REP-1 or SEM-7.
    pub rule: String,
}

/// The rows of a plan's deadlines.
pub fn rows(model: &Model, plan: &Plan, lang: Lang) -> Vec<DeadlineRow> {
    let n = Names::new(model, lang);
    deadlines(model, plan)
        .iter()
        .map(|d| DeadlineRow {
            due: d.due.to_string(),
            kind: d.kind_id().to_string(),
            event_id: d.event_id.clone(),
            event_date: d.event_date.map(|x| x.to_string()).unwrap_or_default(),
            what: what(model, &n, d),
            rule: d.rule().id().to_string(),
        })
        .collect()
}

/// `deadlines.csv` of a career centre's plan.
pub fn csv_file(model: &Model, plan: &Plan, lang: Lang) -> PlanFile {
    (
        DEADLINES.to_string(),
        csv_of(&rows(model, plan, lang)).into_bytes(),
    )
}

/// An all-day calendar event (the ICS writer makes it a VEVENT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayItem {
    /// Stable across re-plans.
    pub uid: String,
    /// The day.
    pub day: NaiveDate,
    /// Title.
    pub summary: String,
    /// Details.
    pub description: String,
}

/// The deadlines' calendar: its title and one all-day event per deadline on its due day.
/// A flyer's or a childcare arrangement's UID follows its event, so a re-plan that
/// moves the event updates the phone's entry instead of adding one.
pub fn calendar(model: &Model, plan: &Plan, lang: Lang) -> (String, Vec<DayItem>) {
    let n = Names::new(model, lang);
    let entries = deadlines(model, plan)
        .iter()
        .map(|d| {
            let mut description = format!("{} {}", d.rule().id(), d.kind_id());
            if !d.event_id.is_empty() {
                description.push('\n');
                description.push_str(&d.event_id);
            }
            if let Some(e) = d.event_date {
                description.push('\n');
                description.push_str(&lang.date(e));
            }
            DayItem {
                uid: format!("deadline-{}@roster", d.key()),
                day: d.due,
                summary: what(model, &n, d),
                description,
            }
        })
        .collect();
    let title = match lang {
        Lang::Ja => format!("締切（{}）", model.name),
        Lang::En => format!("Deadlines ({})", model.name),
    };
    (title, entries)
}

fn year_month(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Ja => format!("{}年{}月", d.year(), d.month()),
        Lang::En => d.format("%b %Y").to_string(),
    }
}

/// What is due, in words.
pub fn what(model: &Model, n: &Names, d: &Deadline) -> String {
    let lang = n.lang;
    let l = lang.labels();
    let mut s = match (&d.item, lang) {
        (
            Item::Flyer {
                kind,
                municipality,
                seminar_type,
            },
            _,
        ) => {
            let kind = l.kind(kind.id());
            let place = n.place(municipality);
            let date = d.event_date.map(|e| lang.date(e)).unwrap_or_default();
            let st = if seminar_type.is_empty() {
                String::new()
            } else {
                l.seminar_type(seminar_type).to_string()
            };
            match lang {
                Lang::Ja if st.is_empty() => format!("{kind}チラシ：{place} {date}開催"),
                Lang::Ja => format!("{kind}チラシ：{place}（{st}） {date}開催"),
                Lang::En if st.is_empty() => format!("Flyer: {kind}, {place}, {date}"),
                Lang::En => format!("Flyer: {kind}, {place} ({st}), {date}"),
            }
        }
        (Item::Leaflet { first, last }, Lang::Ja) => {
            if first == last {
                format!("リーフレット：{}分", year_month(lang, *first))
            } else {
                format!(
                    "リーフレット：{}～{}分",
                    year_month(lang, *first),
                    year_month(lang, *last)
                )
            }
        }
        (Item::Leaflet { first, last }, Lang::En) => {
            if first == last {
                format!("Leaflet for {}", year_month(lang, *first))
            } else {
                format!(
                    "Leaflet for {} - {}",
                    year_month(lang, *first),
                    year_month(lang, *last)
                )
            }
        }
        (Item::EmployerFlyer { used }, Lang::Ja) => {
            format!("求人企業向けチラシ：{}から使用", lang.date(*used))
        }
        (Item::EmployerFlyer { used }, Lang::En) => {
            format!("Employer flyer, in use from {}", lang.date(*used))
        }
        (Item::MailMagazine { number }, Lang::Ja) => format!("メールマガジン 第{number}号"),
        (Item::MailMagazine { number }, Lang::En) => format!("Mail magazine no. {number}"),
        (Item::MonthlyReport { month }, Lang::Ja) => {
            format!("月次報告：{}分", year_month(lang, *month))
        }
        (Item::MonthlyReport { month }, Lang::En) => {
            format!("Monthly report for {}", year_month(lang, *month))
        }
        (Item::Childcare { municipality, note }, _) => {
            let place = n.place(municipality);
            let date = d.event_date.map(|e| lang.date(e)).unwrap_or_default();
            let note = note_in(lang, note);
            match lang {
                Lang::Ja => format!("保育の手配：{place} 女性向けセミナー {date}（{note}）"),
                Lang::En => format!("Childcare: {place} women's seminar {date} ({note})"),
            }
        }
    };
    if d.before_publicity(model) {
        let from = lang.date(model.publicity.from);
        match lang {
            Lang::Ja => s.push_str(&format!(
                "【広報開始日{from}より前：県と協議する例外（PR-1）】"
            )),
            Lang::En => s.push_str(&format!(
                " [before publicity can start on {from}: an exception to agree with the prefecture (PR-1)]"
            )),
        }
    }
    s
}

/// A bilingual note written `日本語 / English` in the model: the part in `lang`.
fn note_in(lang: Lang, note: &str) -> String {
    match note.split_once(" / ") {
        Some((ja, en)) => match lang {
            Lang::Ja => ja.trim().to_string(),
            Lang::En => en.trim().to_string(),
        },
        None => note.trim().to_string(),
    }
}

/// The heading of the deadlines' list (HTML page, workbook sheet name).
pub fn heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "締切",
        Lang::En => "Deadlines",
    }
}

/// The headings of deadlines.csv's columns (due, kind, event id, event date, what,
/// rule), for the workbook's sheet.
pub fn headings(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Ja => ["期限", "種類", "行事ID", "開催日", "内容", "規則"],
        Lang::En => ["Due", "Kind", "Event id", "Event date", "What", "Rule"],
    }
}

/// The columns of the HTML page's list of deadlines: due, kind, what, rule.
pub fn columns(lang: Lang) -> [&'static str; 4] {
    let h = headings(lang);
    [h[0], h[1], h[4], h[5]]
}

/// A deadline kind id in words.
pub fn kind_label(lang: Lang, id: &str) -> &str {
    let ja = match id {
        "flyer" => ("チラシ", "Flyer"),
        "leaflet" => ("リーフレット", "Leaflet"),
        "employer-flyer" => ("求人企業向けチラシ", "Employer flyer"),
        "mail-magazine" => ("メールマガジン", "Mail magazine"),
        "monthly-report" => ("月次報告", "Monthly report"),
        "childcare" => ("保育の手配", "Childcare"),
        _ => return id,
    };
    match lang {
        Lang::Ja => ja.0,
        Lang::En => ja.1,
    }
}

/// A deadline as the HTML page lists it.
#[derive(Debug, Serialize)]
pub struct DeadlineView {
    /// Due date in words.
    pub due: String,
    /// `YYYY-MM` of the due date (the page's month filter).
    pub month: String,
    /// Kind in words.
    pub kind: String,
    /// What, in words.
    pub what: String,
    /// Rule id.
    pub rule: String,
    /// Due before publicity can start (PR-1).
    pub exception: bool,
}

/// The deadlines as the HTML page lists them.
pub fn views(model: &Model, plan: &Plan, lang: Lang) -> Vec<DeadlineView> {
    let n = Names::new(model, lang);
    deadlines(model, plan)
        .iter()
        .map(|d| DeadlineView {
            due: lang.date(d.due),
            month: d.due.format("%Y-%m").to_string(),
            kind: kind_label(lang, d.kind_id()).to_string(),
            what: what(model, &n, d),
            rule: d.rule().id().to_string(),
            exception: d.before_publicity(model),
        })
        .collect()
}
