//! Renders holiday lists and the fiscal-year calendar as csv, json or a table.

use serde::Serialize;

use crate::calendar::holidays::Holiday;
use crate::calendar::Calendar;
use crate::model::Model;

use super::labels::Lang;
use super::{csv_field, Format};

/// UTF-8 byte-order mark, so Excel opens Japanese text correctly.
const BOM: &str = "\u{feff}";

/// Renders holidays.
pub fn holidays(list: &[Holiday], format: Format, lang: Lang) -> String {
    match format {
        Format::Csv => {
            let mut out = String::from(BOM);
            out.push_str("date,name\n");
            for h in list {
                out.push_str(&format!("{},{}\n", h.date, csv_field(h.name)));
            }
            out
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Row<'a> {
                date: String,
                name: &'a str,
            }
            let rows: Vec<Row> = list
                .iter()
                .map(|h| Row {
                    date: h.date.to_string(),
                    name: h.name,
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Table => {
            let mut out = String::new();
            for h in list {
                out.push_str(&format!(
                    "{}  {}  {}\n",
                    h.date,
                    lang.labels().weekday(h.date),
                    h.name
                ));
            }
            out.push_str(&match lang {
                Lang::Ja => format!("{}{}\n", list.len(), lang.labels().t.holidays),
                Lang::En => format!("{} holidays\n", list.len()),
            });
            out
        }
    }
}

/// One calendar row as written.
#[derive(Debug, Serialize)]
pub struct CalendarRow {
    /// Date.
    pub date: String,
    /// Municipality id.
    pub municipality: String,
    /// Venue id.
    pub venue: String,
    /// held, moved, substitute, closed.
    pub status: &'static str,
    /// For a substitute: the holiday it replaces.
    pub original_date: String,
    /// For a moved day: where it went.
    pub substitute_date: String,
    /// Why.
    pub note: String,
}

/// The calendar's rows, in order.
pub fn calendar_rows(model: &Model, cal: &Calendar) -> Vec<CalendarRow> {
    cal.entries
        .iter()
        .map(|e| CalendarRow {
            date: e.date.to_string(),
            municipality: model.municipalities[e.municipality].id.clone(),
            venue: model.venues[e.venue].id.clone(),
            status: e.status.id(),
            original_date: e.original_date.map(|d| d.to_string()).unwrap_or_default(),
            substitute_date: e.substitute_date.map(|d| d.to_string()).unwrap_or_default(),
            note: e.note.clone(),
        })
        .collect()
}

/// Renders the calendar.
pub fn calendar(model: &Model, cal: &Calendar, format: Format, lang: Lang) -> String {
    let rows = calendar_rows(model, cal);
    match format {
        Format::Csv => {
            let mut out = String::from(BOM);
            out.push_str("date,municipality,venue,status,original_date,substitute_date,note\n");
            for r in &rows {
                out.push_str(&format!(
                    "{},{},{},{},{},{},{}\n",
                    r.date,
                    csv_field(&r.municipality),
                    csv_field(&r.venue),
                    r.status,
                    r.original_date,
                    r.substitute_date,
                    csv_field(&r.note)
                ));
            }
            out
        }
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Table => {
            let mut out = String::new();
            for r in &rows {
                let extra = if !r.substitute_date.is_empty() {
                    format!("-> {}", r.substitute_date)
                } else if !r.original_date.is_empty() {
                    format!("<- {}", r.original_date)
                } else {
                    String::new()
                };
                let weekday =
                    crate::plan::parse_day(&r.date).map_or("", |d| lang.labels().weekday(d));
                out.push_str(&format!(
                    "{} {:<3} {:<11} {:<28} {:<10} {:<13} {}\n",
                    r.date, weekday, r.municipality, r.venue, r.status, extra, r.note
                ));
            }
            out.push_str(&summary(model, cal));
            out
        }
    }
}

/// Counts per municipality and status.
pub fn summary(model: &Model, cal: &Calendar) -> String {
    let mut out =
        String::from("\nmunicipality   held  substitute  moved  closed  consultation days\n");
    let mut total = [0usize; 5];
    for (mi, m) in model.municipalities.iter().enumerate() {
        let count = |s| {
            cal.entries
                .iter()
                .filter(|e| e.municipality == mi && e.status == s)
                .count()
        };
        use crate::calendar::DayStatus::*;
        let c = [count(Held), count(Substitute), count(Moved), count(Closed)];
        let days = c[0] + c[1];
        for (t, x) in total.iter_mut().zip(c.iter().chain([&days])) {
            *t += x;
        }
        out.push_str(&format!(
            "{:<13} {:>5} {:>11} {:>6} {:>7} {:>18}\n",
            m.id, c[0], c[1], c[2], c[3], days
        ));
    }
    out.push_str(&format!(
        "{:<13} {:>5} {:>11} {:>6} {:>7} {:>18}\n",
        "total", total[0], total[1], total[2], total[3], total[4]
    ));
    let missing = cal.unsubstituted().count();
    if missing > 0 {
        out.push_str(&format!(
            "warning: {missing} holiday day(s) have no substitute (CAL-5); see the `moved` rows\n"
        ));
    }
    out
}
