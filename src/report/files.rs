//! What every plan file shares: the [`PlanFile`] pair, the file names of the workbook
//! and HTML page, the fixed time stamp, [`RenderError`], and the CSV writer (BOM, header
//! row, spreadsheet-safe cells). A leaf of `report/`: every writer imports it, it imports
//! no writer.

use serde::Serialize;

use super::rows::{
    AFFECTED_COLUMNS, ASSIGNMENT_COLUMNS, CHANGE_COLUMNS, EVENT_COLUMNS, NOTICE_COLUMNS,
};

/// UTF-8 byte-order mark, so Excel opens Japanese text correctly.
const BOM: &str = "\u{feff}";

/// One file of a plan folder: its path inside the folder (`/`-separated; it may name a
/// subfolder, `calendars/c05.ics`) and its bytes.
pub type PlanFile = (String, Vec<u8>);

/// A people-facing file could not be rendered: a defect in roster, not in the input.
#[derive(Debug, thiserror::Error)]
#[error("error[E080]: {file}: could not be rendered: {message}\n  help: this is a bug in roster; please report it with the model file")]
pub struct RenderError {
    /// Which file.
    pub file: String,
    /// The library's message.
    pub message: String,
}

/// The workbook's file name.
pub const XLSX: &str = "roster.xlsx";
/// The HTML calendar's file name.
pub const HTML: &str = "roster.html";

/// A fixed time stamp for a day (midnight UTC), so files are repeatable byte for byte.
pub fn stamp_of(day: chrono::NaiveDate) -> chrono::NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

/// CSV text with a BOM and a header, even when there are no rows. Every cell is made
/// spreadsheet-safe ([`crate::plan::cell::escape`]), here and nowhere else, so no
/// caller has to: the rows are serialised, then each cell of the rows escaped.
pub fn csv_of<T: Serialize>(rows: &[T]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    for r in rows {
        let _ = w.serialize(r);
    }
    let body = safe_cells(&w.into_inner().unwrap_or_default());
    let mut text = String::from(BOM);
    if rows.is_empty() {
        text.push_str(&header_of::<T>());
    } else {
        text.push_str(&String::from_utf8_lossy(&body));
    }
    text
}

/// CSV text `raw` (header row first, as csv writes it) with every cell of the rows
/// after the header passed through [`crate::plan::cell::escape`]. `raw` is what the csv
/// writer just wrote, so reading it back cannot fail; if it ever did, the text is
/// returned unchanged rather than cut.
fn safe_cells(raw: &[u8]) -> Vec<u8> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(raw);
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::with_capacity(raw.len() + raw.len() / 16));
    for (i, rec) in rdr.byte_records().enumerate() {
        let Ok(rec) = rec else {
            return raw.to_vec();
        };
        let ok = if i == 0 {
            w.write_byte_record(&rec)
        } else {
            let cells: Vec<std::borrow::Cow<[u8]>> = rec
                .iter()
                .map(|f| match std::str::from_utf8(f) {
                    Ok(t) => match crate::plan::cell::escape(t) {
                        std::borrow::Cow::Borrowed(_) => std::borrow::Cow::Borrowed(f),
                        std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o.into_bytes()),
                    },
                    Err(_) => std::borrow::Cow::Borrowed(f),
                })
                .collect();
            w.write_record(cells.iter().map(|c| c.as_ref()))
        };
        if ok.is_err() {
            return raw.to_vec();
        }
    }
    w.into_inner().unwrap_or_else(|_| raw.to_vec())
}

/// The header row of a CSV for a row type with no rows (csv writes headers lazily).
fn header_of<T: Serialize>() -> String {
    let name = std::any::type_name::<T>();
    let cols = if name.ends_with("::EventRow") {
        EVENT_COLUMNS
    } else if name.ends_with("::AssignmentRow") {
        ASSIGNMENT_COLUMNS
    } else if name.ends_with("::TeamRow") {
        "municipality,staff_id,municipality_name,staff_name"
    } else if name.ends_with("::NoticeRow") {
        NOTICE_COLUMNS
    } else if name.ends_with("::ChangeNamedRow") {
        CHANGE_COLUMNS
    } else if name.ends_with("::AffectedRow") {
        AFFECTED_COLUMNS
    } else if name.ends_with("Violation") {
        "rule,date,event_id,staff_id,message"
    } else if name.ends_with("Assignment") {
        "event_id,date,staff_id,role"
    } else if name.ends_with("TeamMember") {
        "municipality,staff_id"
    } else if name.ends_with("Event") {
        "event_id,date,start,end,kind,municipality,venue,room,room_capacity,capacity,seminar_type,theme,mode,original_date"
    } else if name.ends_with("StaffRow") {
        "staff_id,name,roles,registered,experience_years,seminars_given"
    } else if name.ends_with("ChangeRow") {
        "event_id,date,kind,municipality,venue,change,before,after"
    } else if name.ends_with("Notice") {
        "staff_id,name,date,event_id,notice"
    } else if name.ends_with("ComparisonRow") {
        "scenario,feasible,violations,changed_assignments,events_changed,consultation_held,consultation_moved,consultation_cancelled,events_moved,events_cancelled,announced_changed,people_to_notify,staff_days_changed,travel_km,objective,travel,continuity,fairness,preference,cancellations,team_members,status,people_affected,days_gained,days_lost,travel_km_change,travel_yen_change,largest"
    } else {
        ""
    };
    format!("{cols}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: String,
        name: String,
        amount: f64,
        count: i64,
    }

    /// Case 5: every cell of every CSV roster writes is spreadsheet-safe; the header
    /// and plain (negative) numbers are left as they are, and the plan reader's
    /// unescape gives back every text.
    #[test]
    fn csv_cells_are_neutralised_at_the_writer_and_numbers_stay_numbers() {
        let names = [
            "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x", "'q", "ok", "",
        ];
        let rows: Vec<Row> = names
            .iter()
            .map(|n| Row {
                id: "a".into(),
                name: n.to_string(),
                amount: -12.5,
                count: -3,
            })
            .collect();
        let text = csv_of(&rows);
        let body = text.trim_start_matches(BOM);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes());
        let records: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
        assert_eq!(
            &records[0],
            &csv::StringRecord::from(vec!["id", "name", "amount", "count"])
        );
        for (rec, name) in records[1..].iter().zip(names) {
            for cell in rec.iter() {
                assert!(!crate::plan::cell::is_formula(cell), "{cell:?}");
            }
            assert_eq!(crate::plan::cell::unescape(&rec[1]), name);
            assert_eq!((&rec[2], &rec[3]), ("-12.5", "-3"));
        }
        assert_eq!(super::super::csv_field("=1,2"), "\"'=1,2\"");
        assert_eq!(super::super::csv_field("-1.5"), "-1.5");
    }
}
