//! Writes a plan directory (whole or not at all) and renders the terminal summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::labels::Lang;
use super::names::Names;
use crate::model::{EventKind, Model};
use crate::plan::files::{ASSIGNMENTS, EVENTS, ROSTER_JSON, STAFF, TEAMS, VIOLATIONS};
use crate::plan::Plan;

/// UTF-8 byte-order mark, so Excel opens Japanese text correctly.
const BOM: &str = "\u{feff}";

pub use super::folder::{preflight, write_dir, PlanFile, WriteError};

/// A people-facing file could not be rendered: a defect in roster, not in the input.
#[derive(Debug, thiserror::Error)]
#[error("error[E080]: {file}: could not be rendered: {message}\n  help: this is a bug in roster; please report it with the model file")]
pub struct RenderError {
    /// Which file.
    pub file: String,
    /// The library's message.
    pub message: String,
}

/// The files of a solved plan's directory, in a fixed order: the plan files, the
/// year's notices, calendars, workbook and HTML calendar (people-facing text in `lang`).
pub fn render_files(model: &Model, plan: &Plan, lang: Lang) -> Result<Vec<PlanFile>, RenderError> {
    let stamp = stamp_of(model.period.from);
    beside_people_files(model, plan, lang, None, stamp, || {
        let mut files = data_files(model, plan, lang);
        let notices = super::notices::year_notices(model, plan, lang);
        files.extend(super::notices::files(model, &notices, lang, None));
        files.extend(super::ics::files(
            model,
            plan,
            lang,
            stamp,
            &super::ics::Prior::default(),
        ));
        files
    })
}

/// The files `rest` renders, then the workbook and the HTML page, which are rendered
/// meanwhile on a second thread. Rendering is most of what follows the solve (on 64
/// copies of the shipped year, the workbook and page about half of it, the calendars,
/// letters and CSV files the other half), and `--time-limit` covers it: on the 2-core
/// machines we plan for, the two halves side by side take about half the wall clock.
/// The order of the files is fixed, whichever thread finishes first.
pub(crate) fn beside_people_files(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    replan: Option<(
        &[super::replan::ChangeNamedRow],
        &[super::notices::NoticeRow],
    )>,
    stamp: chrono::NaiveDateTime,
    rest: impl FnOnce() -> Vec<PlanFile>,
) -> Result<Vec<PlanFile>, RenderError> {
    let (people, mut files) = std::thread::scope(|s| {
        let people = s.spawn(|| people_files(model, plan, lang, replan, stamp));
        let files = rest();
        (people.join(), files)
    });
    let (xlsx, html) = people.map_err(|_| RenderError {
        file: XLSX.to_string(),
        message: "the thread rendering the workbook and the HTML page stopped".to_string(),
    })??;
    files.push(xlsx);
    files.push(html);
    Ok(files)
}

/// The workbook and the HTML page of a plan (`replan`: its changes and notices).
pub fn people_files(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    replan: Option<(
        &[super::replan::ChangeNamedRow],
        &[super::notices::NoticeRow],
    )>,
    stamp: chrono::NaiveDateTime,
) -> Result<(PlanFile, PlanFile), RenderError> {
    let xlsx =
        super::xlsx::workbook(model, plan, lang, replan, stamp).map_err(|e| RenderError {
            file: XLSX.to_string(),
            message: e.to_string(),
        })?;
    let html = super::html::page(model, plan, lang).map_err(|e| RenderError {
        file: HTML.to_string(),
        message: e.to_string(),
    })?;
    Ok((
        (XLSX.to_string(), xlsx),
        (HTML.to_string(), html.into_bytes()),
    ))
}

/// The workbook's file name.
pub const XLSX: &str = "roster.xlsx";
/// The HTML calendar's file name.
pub const HTML: &str = "roster.html";

/// A fixed time stamp for a day (midnight UTC), so files are repeatable byte for byte.
pub fn stamp_of(day: chrono::NaiveDate) -> chrono::NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

/// The data files every plan directory has: roster.json, events, assignments, teams,
/// staff and violations (ids first, readable names in added columns after them).
pub fn data_files(model: &Model, plan: &Plan, lang: Lang) -> Vec<PlanFile> {
    let names = Names::new(model, lang);
    let mut json = serde_json::to_string_pretty(&RosterJson::new(plan)).unwrap_or_default();
    json.push('\n');
    let mut files = vec![(ROSTER_JSON.to_string(), json.into_bytes())];
    files.push((
        EVENTS.to_string(),
        csv_of(&event_rows(&names, plan)).into_bytes(),
    ));
    files.push((
        ASSIGNMENTS.to_string(),
        csv_of(&assignment_rows(&names, plan)).into_bytes(),
    ));
    files.push((
        TEAMS.to_string(),
        csv_of(&team_rows(&names, plan)).into_bytes(),
    ));
    files.push((STAFF.to_string(), csv_of(&staff_rows(model)).into_bytes()));
    files.push((
        VIOLATIONS.to_string(),
        csv_of(&plan.violations).into_bytes(),
    ));
    files
}

/// A row of events.csv: the plan's event, then readable columns.
#[derive(Serialize)]
pub struct EventRow {
    event_id: String,
    date: String,
    start: String,
    end: String,
    kind: String,
    municipality: String,
    venue: String,
    room: String,
    room_capacity: Option<u32>,
    capacity: Option<u32>,
    seminar_type: String,
    theme: String,
    mode: String,
    original_date: String,
    weekday: String,
    municipality_name: String,
    venue_name: String,
    room_name: String,
    address: String,
}

fn event_rows(n: &Names, plan: &Plan) -> Vec<EventRow> {
    plan.events
        .iter()
        .map(|e| EventRow {
            event_id: e.event_id.clone(),
            date: e.date.clone(),
            start: e.start.clone(),
            end: e.end.clone(),
            kind: e.kind.clone(),
            municipality: e.municipality.clone(),
            venue: e.venue.clone(),
            room: e.room.clone(),
            room_capacity: e.room_capacity,
            capacity: e.capacity,
            seminar_type: e.seminar_type.clone(),
            theme: e.theme.clone(),
            mode: e.mode.clone(),
            original_date: e.original_date.clone(),
            weekday: n.weekday(&e.date),
            municipality_name: n.place(&e.municipality),
            venue_name: n.venue(&e.venue),
            room_name: n.room(&e.venue, &e.room),
            address: n.address(&e.venue),
        })
        .collect()
}

/// A row of assignments.csv: the assignment, then when, where and who in words.
#[derive(Serialize)]
pub struct AssignmentRow {
    event_id: String,
    date: String,
    staff_id: String,
    role: String,
    weekday: String,
    start: String,
    end: String,
    kind: String,
    staff_name: String,
    municipality: String,
    municipality_name: String,
    venue_name: String,
    address: String,
}

fn assignment_rows(n: &Names, plan: &Plan) -> Vec<AssignmentRow> {
    let events: std::collections::HashMap<&str, &crate::plan::Event> = plan
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    plan.assignments
        .iter()
        .map(|a| {
            let e = events.get(a.event_id.as_str());
            let field =
                |f: fn(&crate::plan::Event) -> &String| e.map_or(String::new(), |e| f(e).clone());
            AssignmentRow {
                event_id: a.event_id.clone(),
                date: a.date.clone(),
                staff_id: a.staff_id.clone(),
                role: a.role.clone(),
                weekday: n.weekday(&a.date),
                start: field(|e| &e.start),
                end: field(|e| &e.end),
                kind: field(|e| &e.kind),
                staff_name: n.staff(&a.staff_id),
                municipality: field(|e| &e.municipality),
                municipality_name: e.map_or(String::new(), |e| n.place(&e.municipality)),
                venue_name: e.map_or(String::new(), |e| n.venue(&e.venue)),
                address: e.map_or(String::new(), |e| n.address(&e.venue)),
            }
        })
        .collect()
}

/// A row of teams.csv with names.
#[derive(Serialize)]
pub struct TeamRow {
    municipality: String,
    staff_id: String,
    municipality_name: String,
    staff_name: String,
}

fn team_rows(n: &Names, plan: &Plan) -> Vec<TeamRow> {
    plan.teams
        .iter()
        .map(|t| TeamRow {
            municipality: t.municipality.clone(),
            staff_id: t.staff_id.clone(),
            municipality_name: n.place(&t.municipality),
            staff_name: n.staff(&t.staff_id),
        })
        .collect()
}

/// roster.json: the plan with the solve time kept apart, so the rest is repeatable.
#[derive(Serialize)]
struct RosterJson<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
}

impl<'a> RosterJson<'a> {
    fn new(plan: &'a Plan) -> Self {
        RosterJson { plan }
    }
}

#[derive(Serialize)]
struct StaffRow {
    staff_id: String,
    name: String,
    roles: String,
    registered: bool,
    experience_years: f64,
    seminars_given: u32,
}

fn staff_rows(model: &Model) -> Vec<StaffRow> {
    let mut rows: Vec<StaffRow> = model
        .staff
        .iter()
        .map(|s| StaffRow {
            staff_id: s.id.clone(),
            name: s.name.clone(),
            roles: s.roles.iter().map(|r| r.id()).collect::<Vec<_>>().join(";"),
            registered: s.registered,
            experience_years: s.experience_years,
            seminars_given: s.seminars_given,
        })
        .collect();
    rows.sort_by(|a, b| a.staff_id.cmp(&b.staff_id));
    rows
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

/// Columns of events.csv.
pub const EVENT_COLUMNS: &str = "event_id,date,start,end,kind,municipality,venue,room,room_capacity,capacity,seminar_type,theme,mode,original_date,weekday,municipality_name,venue_name,room_name,address";
/// Columns of assignments.csv.
pub const ASSIGNMENT_COLUMNS: &str = "event_id,date,staff_id,role,weekday,start,end,kind,staff_name,municipality,municipality_name,venue_name,address";

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
        super::notices::NOTICE_COLUMNS
    } else if name.ends_with("::ChangeNamedRow") {
        super::replan::CHANGE_COLUMNS
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
        "scenario,feasible,violations,changed_assignments,events_changed,consultation_held,consultation_moved,consultation_cancelled,events_moved,events_cancelled,announced_changed,people_to_notify,staff_days_changed,travel_km,objective,travel,continuity,fairness,preference,cancellations,team_members,status"
    } else {
        ""
    };
    format!("{cols}\n")
}

/// The terminal summary: status, objective terms, municipalities, people, seminars.
pub fn summary(model: &Model, plan: &Plan, lang: Lang) -> String {
    let mut s = String::new();
    let o = &plan.objective;
    let t = &lang.labels().t;
    let w = &t.objective;
    s.push_str(&status_line(plan, lang));
    let _ = writeln!(
        s,
        "{} {:.1} = {} {:.1} + {} {:.1} + {} {:.1} + {} {:.1} + {} {:.1} + {} {:.1}",
        w[0],
        o.total,
        w[1],
        o.travel,
        w[2],
        o.continuity,
        w[3],
        o.fairness,
        w[4],
        o.preference,
        w[5],
        o.changes,
        w[6],
        o.violations
    );
    // Columns by display width, so Japanese names keep the table aligned.
    const PLACE: usize = 20;
    let head: Vec<&str> = t.municipality_header.split_whitespace().collect();
    let _ = writeln!(
        s,
        "\n{} {}  {}",
        super::pad(head.first().copied().unwrap_or(""), PLACE),
        super::pad_right(head.get(1).copied().unwrap_or(""), 4),
        head.get(2).copied().unwrap_or("")
    );
    for m in &model.municipalities {
        let days = plan
            .events
            .iter()
            .filter(|e| e.is(EventKind::Consultation) && e.municipality == m.id)
            .count();
        let team: Vec<&str> = plan
            .teams
            .iter()
            .filter(|t| t.municipality == m.id)
            .map(|t| t.staff_id.as_str())
            .collect();
        let label = match lang {
            Lang::Ja => format!("{} {}", m.id, m.name),
            Lang::En => m.id.clone(),
        };
        let _ = writeln!(
            s,
            "{} {:>4}  {}",
            super::pad(&label, PLACE),
            days,
            team.join(" ")
        );
    }
    let head: Vec<&str> = t.staff_header.split_whitespace().collect();
    let col = |i: usize| head.get(i).copied().unwrap_or("");
    let _ = writeln!(
        s,
        "\n{} {} {}  {}  {}",
        super::pad(col(0), 6),
        super::pad(col(1), 16),
        super::pad_right(col(2), 4),
        super::pad_right(col(3), 11),
        super::pad_right(col(4), 7)
    );
    let weeks = (model.period.to - model.period.from).num_days() as f64 / 7.0;
    let mut days_of: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for a in &plan.assignments {
        days_of
            .entry(a.staff_id.as_str())
            .or_default()
            .insert(a.date.as_str());
    }
    for p in &model.staff {
        let n = days_of.get(p.id.as_str()).map_or(0, |d| d.len());
        let role = p.roles.first().map_or("", |r| lang.labels().role(r.id()));
        let _ = writeln!(
            s,
            "{} {} {:>4}  {:>11.1}  {:>7.2}",
            super::pad(&p.id, 6),
            super::pad(role, 16),
            n,
            p.contract_days_per_week,
            n as f64 / weeks
        );
    }
    let _ = writeln!(s, "\n{}", t.seminars_header);
    let mut by_month: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for e in plan.events.iter().filter(|e| e.is(EventKind::Seminar)) {
        let month = e.date.get(..7).unwrap_or("");
        let t = crate::model::SeminarType::parse(&e.seminar_type).map_or(0, |t| t.index());
        by_month.entry(month).or_default()[t] += 1;
    }
    let st = |i: usize| lang.labels().seminar_types[i].1;
    let _ = writeln!(s, "month    {} {} {} {}", st(0), st(1), st(2), st(3));
    for (m, c) in &by_month {
        let _ = writeln!(s, "{m}  {:>8} {:>6} {:>5} {:>6}", c[0], c[1], c[2], c[3]);
    }
    let kinds = [
        "consultation",
        "seminar",
        "outreach",
        "one-point",
        "job-fair",
        "roundtable",
        "office",
    ];
    let counts: Vec<String> = kinds
        .iter()
        .map(|k| {
            format!(
                "{} {}",
                lang.labels().kind(k),
                plan.events.iter().filter(|e| e.kind == *k).count()
            )
        })
        .collect();
    let _ = writeln!(s, "\n{}: {}", t.events, counts.join(", "));
    let _ = writeln!(s, "assignments: {}", plan.assignments.len());
    s.push_str(&violations_text(&plan.violations, lang));
    s
}

/// "status: ... gap: ... time: ..." for a plan, then which part stopped on time and
/// what the gap is measured against.
pub fn status_line(plan: &Plan, lang: Lang) -> String {
    let t = &lang.labels().t;
    let gap = match plan.gap {
        Some(g) => format!("{:.3}%", g * 100.0),
        None => t.unknown.to_string(),
    };
    let mut s = format!(
        "{}: {}  {}: {gap}  {}: {:.1}s\n",
        t.status,
        plan.status.id(),
        t.gap,
        t.time,
        plan.seconds
    );
    let stopped = plan.solve.stopped_on_time();
    if !stopped.is_empty() {
        let _ = writeln!(s, "stopped on the time limit: {}", stopped.join("; "));
    }
    let unbounded: Vec<&str> = plan
        .solve
        .parts
        .iter()
        .filter(|p| p.gap.is_none())
        .map(|p| p.name.as_str())
        .collect();
    if plan.gap.is_none() && !unbounded.is_empty() {
        let _ = writeln!(
            s,
            "no bound on the real objective for: {} (no bound yet, or its plan breaks a rule)",
            unbounded.join("; ")
        );
    }
    if !plan.solve.bound_of.is_empty() {
        match plan.solve.bound {
            Some(b) => {
                let _ = writeln!(s, "gap against: {} (bound {b:.1})", plan.solve.bound_of);
            }
            None => {
                let _ = writeln!(s, "gap against: {}", plan.solve.bound_of);
            }
        }
        if let Some(g) = plan.solve.dates_gap {
            let _ = writeln!(
                s,
                "gap of staffing given these dates (stage 2): {:.3}%",
                g * 100.0
            );
        }
    }
    s
}

/// The violations for the terminal, one a line, or that every rule holds.
pub fn violations_text(violations: &[crate::plan::Violation], lang: Lang) -> String {
    let mut s = String::new();
    let t = &lang.labels().t;
    if violations.is_empty() {
        let _ = writeln!(s, "{}", t.violations_none);
    } else {
        let _ = writeln!(s, "{}: {}", t.violations, violations.len());
        for v in violations {
            let _ = writeln!(s, "  {v}");
        }
    }
    s
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
