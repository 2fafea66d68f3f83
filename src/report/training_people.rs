//! People-facing outputs of a training provider's plan (issue 9 for the issue-10 kind,
//! issue 18's documents): `roster.xlsx` (courses with their recruitment dates, sessions
//! with instructor and assistant, every assignment, staff, the recruitment schedule, a
//! timetable per course, and for a re-plan its changes and notices), `recruitment.csv`,
//! `timetable.html` ([`super::training_docs`]), `calendars/<staff_id>.ics`, one per
//! rostered person, and after a re-plan `notices.csv` and the letters
//! `notices/<staff_id>.txt` (the centre's letter code), in Japanese or English. Every
//! plan folder of the kind has them (solve, replan, what-if with `--out`, hand edits); a
//! re-plan's calendars are numbered against the baseline's ([`Prior`]) and keep what it
//! took away as `STATUS:CANCELLED`.
//!
//! Not yet for this kind: month grids and the HTML calendar (see docs/outputs.md).

use std::collections::{BTreeMap, HashMap};

use std::path::Path;

use chrono::NaiveDateTime;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::files::{PlanFile, RenderError};
use super::ics::{local_time, Entry, Prior, Wanted, When, CALENDARS_DIR};
use super::labels::Lang;
use super::xlsx::TextCell;
use crate::model::training::TrainingModel;
use crate::plan::parse_day;
use crate::plan::training::{SessionRow, TrainingPlan};
use crate::replan::training::TrainingChangeRow;
use crate::replan::Notice;

use super::notices::NoticeRow;

/// The workbook's file name.
pub use super::files::XLSX;

/// The Japanese or the English text of a label, by `lang`.
fn t(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// What a re-plan adds to the people files: its changes, its notices, the baseline
/// (the recruitment schedule's changes and the letters describe what was from it) and
/// the reason the letters give (the scenario's `public_reason`, or a hand edit's).
pub struct Replanned<'a> {
    /// changes.csv's rows.
    pub changes: &'a [TrainingChangeRow],
    /// The re-plan's notices (ids, the re-plan's own words).
    pub notices: &'a [Notice],
    /// The baseline plan.
    pub base: &'a TrainingPlan,
    /// What the letters give as the reason.
    pub reason: &'a str,
}

/// `roster.xlsx`, `recruitment.csv`, `timetable.html` and the per-person calendars of a
/// training plan; after a re-plan also `notices.csv` and a letter per person told
/// (`notices/<staff_id>.txt`, the centre's letter). `stamp` is the workbook's creation
/// time and the calendars' `DTSTAMP` (the fiscal year's first day after a solve, the
/// scenario's `as_of` after a re-plan), fixed so the files are repeatable byte for
/// byte. `replan` adds the changes and notices sheets and marks the recruitment
/// schedule's changes; `prior` (the baseline's calendars, empty after a solve) numbers
/// the events and cancels what the plan no longer has.
pub fn files(
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
    stamp: NaiveDateTime,
    replan: Option<&Replanned>,
    prior: &Prior,
) -> Result<Vec<PlanFile>, RenderError> {
    let notices: Option<Vec<NoticeRow>> =
        replan.map(|r| super::training_docs::notice_rows(m, r.base, plan, r.notices, lang));
    let mut out = vec![(
        XLSX.to_string(),
        workbook(m, plan, lang, stamp, replan, notices.as_deref()).map_err(|e| RenderError {
            file: XLSX.to_string(),
            message: e.to_string(),
        })?,
    )];
    out.push((
        super::training_docs::RECRUITMENT_CSV.to_string(),
        super::files::csv_of(&super::training_docs::recruitment(m, plan)).into_bytes(),
    ));
    let page = super::training_docs::timetable_page(m, plan, lang, stamp.date()).map_err(|e| {
        RenderError {
            file: super::training_docs::TIMETABLE_HTML.to_string(),
            message: e.to_string(),
        }
    })?;
    out.push((
        super::training_docs::TIMETABLE_HTML.to_string(),
        page.into_bytes(),
    ));
    if let Some(r) = replan {
        // Issue 18: the prefecture and Hello Work are told when the schedule they
        // publish changes.
        if let Some(letter) = super::training_docs::recruitment_notice(
            &m.name,
            &super::training_docs::recruitment(m, r.base),
            &super::training_docs::recruitment(m, plan),
            lang,
            Some(r.reason),
            stamp.date(),
        ) {
            out.push((
                super::training_docs::RECRUITMENT_NOTICE.to_string(),
                letter.into_bytes(),
            ));
        }
    }
    if let (Some(r), Some(rows)) = (replan, &notices) {
        out.extend(super::notices::files_named(
            &m.name,
            rows,
            lang,
            Some(r.reason),
        ));
    }
    out.extend(calendars(m, plan, lang, stamp, prior));
    Ok(out)
}

/// The baseline's calendars for a re-plan: its folder's `calendars/`, or (a folder
/// written before it had them) rendered from its plan as a solve would have.
pub fn baseline_prior(dir: &Path, m: &TrainingModel, base: &TrainingPlan, lang: Lang) -> Prior {
    Prior::from_dir(dir).unwrap_or_else(|| {
        Prior::from_files(&calendars(
            m,
            base,
            lang,
            super::files::stamp_of(m.period.from),
            &Prior::default(),
        ))
    })
}

fn room_name<'a>(m: &'a TrainingModel, id: &'a str) -> &'a str {
    m.classrooms
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.name.as_str())
}

fn subject_name<'a>(m: &'a TrainingModel, id: &'a str) -> &'a str {
    m.courses
        .iter()
        .flat_map(|c| &c.subjects)
        .find(|s| s.id == id)
        .map_or(id, |s| s.name.as_str())
}

fn staff_name<'a>(plan: &'a TrainingPlan, id: &'a str) -> &'a str {
    plan.staff
        .iter()
        .find(|s| s.staff_id == id)
        .map_or(id, |s| s.name.as_str())
}

/// Sheet set-up shared by the lists: bold header, frozen header row, autofilter,
/// A4 landscape one page wide, header repeated on every page.
fn list(
    ws: &mut Worksheet,
    name: &str,
    cols: &[(&str, f64)],
    rows: u32,
    header: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (c, (h, w)) in cols.iter().enumerate() {
        ws.text_cell(0, c as u16, *h, header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.max(1) - 1, cols.len() as u16 - 1)?;
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// A list sheet ([`list`]) with one row per item, each written by `row` at its row
/// number (the header is row 0).
fn rows_sheet<T>(
    ws: &mut Worksheet,
    name: &str,
    cols: &[(&str, f64)],
    items: &[T],
    header: &Format,
    mut row: impl FnMut(&mut Worksheet, u32, &T) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    list(ws, name, cols, items.len() as u32 + 1, header)?;
    for (i, item) in items.iter().enumerate() {
        row(ws, i as u32 + 1, item)?;
    }
    Ok(())
}

fn date_cell(ws: &mut Worksheet, r: u32, c: u16, iso: &str, f: &Format) -> Result<(), XlsxError> {
    match parse_day(iso) {
        Some(d) => ws.write_datetime_with_format(r, c, d, f).map(|_| ()),
        None => ws.write_string(r, c, iso).map(|_| ()),
    }
}

/// The cell formats every sheet shares: the header row and dates.
struct Styles {
    header: Format,
    date: Format,
}

impl Styles {
    fn new() -> Self {
        Styles {
            header: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(rust_xlsxwriter::Color::RGB(0xDDEBF7)),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// `roster.xlsx`, a sheet after another: courses, sessions, assignments, staff, and
/// for a re-plan its changes and notices.
fn workbook(
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
    stamp: NaiveDateTime,
    replan: Option<&Replanned>,
    notices: Option<&[NoticeRow]>,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = titled_workbook(m, lang, stamp)?;
    courses_sheet(wb.add_worksheet(), m, plan, lang, &st)?;
    sessions_sheet(wb.add_worksheet(), m, plan, lang, &st)?;
    assignments_sheet(wb.add_worksheet(), plan, lang, &st)?;
    staff_sheet(wb.add_worksheet(), plan, lang, &st)?;
    let before = replan.map(|r| super::training_docs::recruitment(m, r.base));
    recruitment_sheet(wb.add_worksheet(), m, plan, before.as_deref(), lang, &st)?;
    let mut used = std::collections::BTreeSet::new();
    for (course, slots) in super::training_docs::timetables(m, plan, lang) {
        timetable_sheet(wb.add_worksheet(), &course, &slots, &mut used, lang, &st)?;
    }
    if let Some(r) = replan {
        changes_sheet(wb.add_worksheet(), plan, r.base, r.changes, lang, &st)?;
        notices_sheet(wb.add_worksheet(), notices.unwrap_or_default(), lang, &st)?;
    }
    wb.save_to_buffer()
}

/// An empty workbook titled with the model's name, created at `stamp`.
fn titled_workbook(
    m: &TrainingModel,
    lang: Lang,
    stamp: NaiveDateTime,
) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: rust_xlsxwriter would write the wall clock into
    // docProps/core.xml, and the workbook would differ on every solve.
    let created = ExcelDateTime::from_timestamp(stamp.and_utc().timestamp())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(super::labels::plan_title(lang, &m.name, stamp.date()))
            .set_author("roster")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// The courses: field, trainees, the application period (its start from `[rules]
/// application_business_days`, its deadline TRN-6: 13-16 business days before the
/// start), the selection interview's day and time (TRN-7), dates, the completion survey
/// and the follow-ups (TRN-10), total hours.
fn courses_sheet(
    ws: &mut Worksheet,
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let w = &lang.labels().tr;
    let d = |k: &str| super::labels::training_doc(lang, k);
    let cols = [
        (t(lang, "コース", "course"), 10.0),
        (t(lang, "名称", "name"), 30.0),
        (t(lang, "分野", "field"), 14.0),
        (t(lang, "定員", "trainees"), 8.0),
        (d("application-start"), 12.0),
        (d("application-deadline"), 12.0),
        (d("interview-date"), 12.0),
        (d("interview-time"), 12.0),
        (t(lang, "開始", "start"), 12.0),
        (t(lang, "終了", "end"), 12.0),
        (d("survey"), 12.0),
        (d("follow-up-1m"), 12.0),
        (d("follow-up-3m"), 12.0),
        (t(lang, "総時間", "hours"), 8.0),
    ];
    rows_sheet(
        ws,
        t(lang, "コース", "courses"),
        &cols,
        &plan.courses,
        &st.header,
        |ws, r, c| {
            let rec = super::training_docs::recruitment_row(m, c);
            ws.write_string(r, 0, &c.course_id)?;
            ws.write_string(r, 1, &c.name)?;
            ws.write_string(r, 2, w.field(&c.field))?;
            ws.write_number(r, 3, c.trainees)?;
            date_cell(ws, r, 4, &rec.application_start, &st.date)?;
            date_cell(ws, r, 5, &c.application_deadline, &st.date)?;
            date_cell(ws, r, 6, &c.interview_date, &st.date)?;
            let time = if rec.interview_start.is_empty() {
                String::new()
            } else {
                format!("{}～{}", rec.interview_start, rec.interview_end)
            };
            ws.write_string(r, 7, &time)?;
            date_cell(ws, r, 8, &c.start, &st.date)?;
            date_cell(ws, r, 9, &c.end, &st.date)?;
            date_cell(ws, r, 10, &c.completion_survey, &st.date)?;
            date_cell(ws, r, 11, &c.follow_up_1m, &st.date)?;
            date_cell(ws, r, 12, &c.follow_up_3m, &st.date)?;
            ws.write_number(r, 13, c.total_hours)?;
            Ok(())
        },
    )
}

/// The recruitment schedule (募集・選考日程表) as `recruitment.csv` has it, headings in
/// `lang`; after a re-plan each cell that changed is filled and the last column says
/// what it was (a course no longer held: every date, marked).
fn recruitment_sheet(
    ws: &mut Worksheet,
    m: &TrainingModel,
    plan: &TrainingPlan,
    before: Option<&[super::training_docs::RecruitmentRow]>,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    use super::training_docs::{recruitment, recruitment_changes, recruitment_heading};
    let d = |k: &str| super::labels::training_doc(lang, k);
    let now = recruitment(m, plan);
    let changes = before
        .map(|b| recruitment_changes(b, &now))
        .unwrap_or_default();
    let mut rows: Vec<(super::training_docs::RecruitmentRow, bool)> =
        now.iter().cloned().map(|r| (r, false)).collect();
    // Courses the baseline had and the plan has not, after the plan's.
    for b in before.unwrap_or_default() {
        if !now.iter().any(|n| n.course_id == b.course_id) {
            rows.push((b.clone(), true));
        }
    }
    let mut cols: Vec<(&str, f64)> = (0..12)
        .map(|i| {
            (
                recruitment_heading(lang, i),
                if i == 1 { 30.0 } else { 12.0 },
            )
        })
        .collect();
    cols[5].0 = t(lang, "選考開始", "interview start");
    cols[6].0 = t(lang, "選考終了", "interview end");
    cols.push((d("changed"), 40.0));
    let marked = Format::new().set_background_color(rust_xlsxwriter::Color::RGB(0xFFF2CC));
    let marked_date = marked.clone().set_num_format("yyyy-mm-dd");
    rows_sheet(
        ws,
        d("recruitment"),
        &cols,
        &rows,
        &st.header,
        |ws, r, (x, gone)| {
            let cells = changes.get(&x.course_id);
            let mut notes = Vec::new();
            for (i, v) in x.values().iter().enumerate() {
                let was = cells.and_then(|c| c.get(&i));
                let is_date = i >= 2 && !(5..=6).contains(&i);
                match (was.is_some(), is_date) {
                    (true, true) => date_cell(ws, r, i as u16, v, &marked_date)?,
                    (true, false) => {
                        ws.write_string_with_format(r, i as u16, *v, &marked)?;
                    }
                    (false, true) => date_cell(ws, r, i as u16, v, &st.date)?,
                    (false, false) => {
                        ws.write_string(r, i as u16, *v)?;
                    }
                }
                if let Some(was) = was.filter(|_| !gone) {
                    notes.push(format!(
                        "{} {}: {}",
                        recruitment_heading(lang, i),
                        d("was"),
                        if was.is_empty() { d("none") } else { was }
                    ));
                }
            }
            let note = if *gone {
                lang.labels().n.cancelled.to_string()
            } else {
                notes.join(t(lang, "、", "; "))
            };
            ws.write_string(r, 12, &note)?;
            Ok(())
        },
    )
}

/// A course's weekly timetable (時間割): per session its week, date, 曜日, period,
/// time, subject, type, mode, room (or that it has none, TRN-5), instructors and
/// assistants (TRN-1). The sheet is named after the course id, cut to Excel's 31
/// characters and kept unique (`used`).
fn timetable_sheet(
    ws: &mut Worksheet,
    course: &crate::plan::training::CourseRow,
    slots: &[super::training_docs::Slot],
    used: &mut std::collections::BTreeSet<String>,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let d = |k: &str| super::labels::training_doc(lang, k);
    let base: String = format!("{} {}", d("timetable"), course.course_id)
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let tail = format!("~{n}");
        name = base
            .chars()
            .take(31 - tail.chars().count())
            .collect::<String>()
            + &tail;
        n += 1;
    }
    used.insert(name.to_lowercase());
    let cols = [
        (d("week"), 12.0),
        (t(lang, "日付", "date"), 12.0),
        (d("weekday"), 6.0),
        (d("period"), 6.0),
        (d("time"), 12.0),
        (d("subject"), 22.0),
        (t(lang, "種類", "type"), 10.0),
        (t(lang, "形態", "mode"), 9.0),
        (d("room"), 18.0),
        (d("instructor"), 18.0),
        (d("assistant"), 18.0),
    ];
    rows_sheet(ws, &name, &cols, slots, &st.header, |ws, r, s| {
        date_cell(ws, r, 0, &s.week, &st.date)?;
        date_cell(ws, r, 1, &s.date, &st.date)?;
        ws.write_string(r, 2, &s.weekday)?;
        ws.write_string(r, 3, &s.period_text)?;
        ws.write_string(r, 4, format!("{}～{}", s.start, s.end))?;
        ws.write_string(r, 5, &s.subject)?;
        ws.write_string(r, 6, &s.kind)?;
        ws.write_string(r, 7, &s.mode)?;
        ws.write_string(r, 8, &s.room)?;
        ws.write_string(r, 9, &s.instructors)?;
        ws.write_string(r, 10, &s.assistants)?;
        Ok(())
    })
}

/// Every session with its subject, type, mode (TRN-9 online), room (TRN-5) and who
/// teaches it (TRN-1 instructors per session), names in assignment order.
fn sessions_sheet(
    ws: &mut Worksheet,
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let w = &lang.labels().tr;
    let d = |k: &str| super::labels::training_doc(lang, k);
    // Who teaches a session, by role (TRN-1: the instructor, and the assistant a
    // practical of more than 15 trainees has).
    let mut who: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for a in &plan.assignments {
        who.entry((a.event_id.as_str(), a.role.as_str()))
            .or_default()
            .push(staff_name(plan, &a.staff_id));
    }
    let cols = [
        (t(lang, "日付", "date"), 12.0),
        (t(lang, "開始", "start"), 7.0),
        (t(lang, "終了", "end"), 7.0),
        (t(lang, "コース", "course"), 10.0),
        (t(lang, "科目", "subject"), 16.0),
        (t(lang, "種類", "type"), 11.0),
        (t(lang, "形態", "mode"), 9.0),
        (t(lang, "教室", "room"), 16.0),
        (d("instructor"), 18.0),
        (d("assistant"), 18.0),
        (t(lang, "セッション", "session"), 24.0),
    ];
    rows_sheet(
        ws,
        t(lang, "セッション", "sessions"),
        &cols,
        &plan.sessions,
        &st.header,
        |ws, r, s| {
            date_cell(ws, r, 0, &s.date, &st.date)?;
            ws.write_string(r, 1, &s.start)?;
            ws.write_string(r, 2, &s.end)?;
            ws.write_string(r, 3, &s.course_id)?;
            ws.write_string(r, 4, subject_name(m, &s.subject))?;
            ws.write_string(r, 5, w.session_type(&s.kind))?;
            ws.write_string(r, 6, lang.labels().mode(&s.mode))?;
            let room = if s.room.is_empty()
                && s.mode != "online"
                && (s.kind == "lecture" || s.kind == "practical")
            {
                d("no-room")
            } else {
                room_name(m, &s.room)
            };
            ws.write_string(r, 7, room)?;
            for (c, role) in [(8, "instructor"), (9, "assistant")] {
                let names = who
                    .get(&(s.session_id.as_str(), role))
                    .map(|v| v.join("、"))
                    .unwrap_or_default();
                ws.write_string(r, c, &names)?;
            }
            ws.write_string(r, 10, &s.session_id)?;
            Ok(())
        },
    )
}

/// The assignments sheet's name (Japanese, English): `roster diff` reads it back.
const ASSIGNMENT_SHEET: (&str, &str) = ("担当一覧", "assignments");
/// Its headers in order (Japanese, English): date, staff id, name, role, event id.
const ASSIGNMENT_HEADERS: [(&str, &str); 5] = [
    ("日付", "date"),
    ("担当者ID", "staff_id"),
    ("氏名", "name"),
    ("役割", "role"),
    ("予定ID", "event_id"),
];

/// How `roster diff` reads back the assignments sheet a manager edited (issue 18,
/// part 5): its names and headers in both languages, the role words as shown and the
/// role ids themselves.
pub fn assignment_sheet_layout() -> crate::plan::workbook::SheetLayout {
    let mut l = crate::plan::workbook::SheetLayout::default();
    for lang in [Lang::Ja, Lang::En] {
        let h = |i: usize| t(lang, ASSIGNMENT_HEADERS[i].0, ASSIGNMENT_HEADERS[i].1).to_string();
        l.sheets
            .push(t(lang, ASSIGNMENT_SHEET.0, ASSIGNMENT_SHEET.1).to_string());
        l.date.push(h(0));
        l.staff_id.push(h(1));
        l.name.push(h(2));
        l.role.push(h(3));
        l.event_id.push(h(4));
        for (id, word) in lang.labels().tr.roles {
            l.roles.push((word.to_string(), id.to_string()));
            l.roles.push((id.to_string(), id.to_string()));
        }
    }
    l
}

/// Every assignment: a person, a day, the role they hold there (instructor, assistant
/// and homeroom TRN-1; training manager and liaison TRN-3; job support TRN-4;
/// interviewer TRN-7) and the event.
fn assignments_sheet(
    ws: &mut Worksheet,
    plan: &TrainingPlan,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let w = &lang.labels().tr;
    let h = |i: usize| t(lang, ASSIGNMENT_HEADERS[i].0, ASSIGNMENT_HEADERS[i].1);
    let cols = [
        (h(0), 12.0),
        (h(1), 10.0),
        (h(2), 16.0),
        (h(3), 14.0),
        (h(4), 28.0),
    ];
    rows_sheet(
        ws,
        t(lang, ASSIGNMENT_SHEET.0, ASSIGNMENT_SHEET.1),
        &cols,
        &plan.assignments,
        &st.header,
        |ws, r, a| {
            date_cell(ws, r, 0, &a.date, &st.date)?;
            ws.write_string(r, 1, &a.staff_id)?;
            ws.write_string(r, 2, staff_name(plan, &a.staff_id))?;
            ws.write_string(r, 3, w.role(&a.role))?;
            ws.write_string(r, 4, &a.event_id)?;
            Ok(())
        },
    )
}

/// The staff: roles, whether full time (TRN-1 homeroom, TRN-3 liaison) and on how
/// many distinct days each is rostered.
fn staff_sheet(
    ws: &mut Worksheet,
    plan: &TrainingPlan,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let w = &lang.labels().tr;
    let cols = [
        (t(lang, "担当者ID", "staff_id"), 10.0),
        (t(lang, "氏名", "name"), 16.0),
        (t(lang, "役割", "roles"), 20.0),
        (t(lang, "常勤", "full time"), 8.0),
        (t(lang, "担当日数", "days"), 10.0),
    ];
    let mut days: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
    for a in &plan.assignments {
        days.entry(a.staff_id.as_str())
            .or_default()
            .insert(a.date.as_str());
    }
    rows_sheet(
        ws,
        t(lang, "職員", "staff"),
        &cols,
        &plan.staff,
        &st.header,
        |ws, r, s| {
            ws.write_string(r, 0, &s.staff_id)?;
            ws.write_string(r, 1, &s.name)?;
            let roles: Vec<&str> = s.roles.split(';').map(|x| w.role(x)).collect();
            ws.write_string(r, 2, roles.join("、"))?;
            ws.write_boolean(r, 3, s.full_time)?;
            ws.write_number(
                r,
                4,
                days.get(s.staff_id.as_str()).map_or(0, |d| d.len()) as u32,
            )?;
            Ok(())
        },
    )
}

/// A re-plan's changes against its baseline, one row per changed event; a person
/// added or taken off is named with their role in words.
fn changes_sheet(
    ws: &mut Worksheet,
    plan: &TrainingPlan,
    base: &TrainingPlan,
    changes: &[TrainingChangeRow],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let (h, w) = (&l.h, &l.tr);
    let cols = [
        (h.date, 12.0),
        (w.course_columns[0], 10.0),
        (h.change, 16.0),
        (h.before, 40.0),
        (h.after, 40.0),
        (h.event_id, 28.0),
    ];
    rows_sheet(
        ws,
        h.sheet_changes,
        &cols,
        changes,
        &st.header,
        |ws, r, c| {
            date_cell(ws, r, 0, &c.date, &st.date)?;
            ws.write_string(r, 1, &c.course_id)?;
            ws.write_string(r, 2, w.change(&c.change))?;
            ws.write_string(r, 3, staff_change_text(plan, base, &c.before, lang))?;
            ws.write_string(r, 4, staff_change_text(plan, base, &c.after, lang))?;
            ws.write_string(r, 5, &c.event_id)?;
            Ok(())
        },
    )
}

/// A `staff-added` / `staff-removed` cell (`<staff_id> (<role>)`) in words: the
/// person's name and the role (`鈴木 花子（講師）`); any other text as it is.
fn staff_change_text(plan: &TrainingPlan, base: &TrainingPlan, text: &str, lang: Lang) -> String {
    let Some((id, rest)) = text.split_once(" (") else {
        return text.to_string();
    };
    let Some(role) = rest.strip_suffix(')') else {
        return text.to_string();
    };
    let Some(who) = plan
        .staff
        .iter()
        .chain(&base.staff)
        .find(|s| s.staff_id == id)
    else {
        return text.to_string();
    };
    let role = lang.labels().tr.role(role);
    match lang {
        Lang::Ja => format!("{}（{role}）", who.name),
        Lang::En => format!("{} ({role})", who.name),
    }
}

/// A re-plan's notices: who must be told of which change, one row per person and
/// event, in words (the letter's line), the event id last.
fn notices_sheet(
    ws: &mut Worksheet,
    notices: &[NoticeRow],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let h = &lang.labels().h;
    let cols = [
        (h.staff_id, 10.0),
        (h.name, 16.0),
        (h.date, 12.0),
        (super::labels::training_doc(lang, "weekday"), 6.0),
        (h.notice, 80.0),
        (h.event_id, 28.0),
    ];
    rows_sheet(
        ws,
        h.sheet_notices,
        &cols,
        notices,
        &st.header,
        |ws, r, n| {
            ws.write_string(r, 0, &n.staff_id)?;
            ws.write_string(r, 1, &n.name)?;
            date_cell(ws, r, 2, &n.date, &st.date)?;
            ws.write_string(r, 3, &n.weekday)?;
            ws.write_string(r, 4, &n.message)?;
            ws.write_string(r, 5, &n.event_id)?;
            Ok(())
        },
    )
}

/// One calendar per rostered person: a timed VEVENT per assigned session, an all-day
/// one per course-level assignment (no session of that id; DTEND the day after, RFC
/// 5545), a selection interview at the model's times (`[rules] interview_start` and
/// `interview_end`, TRN-7). UIDs are `<event_id>-<staff_id>@roster`, as for the career
/// centre; a course-level event held on more than one day (a job-support manager's
/// on-site days, TRN-4) gets one UID per day, `<event_id>-<yyyymmdd>-<staff_id>@roster`.
/// A classroom session left without a room (TRN-5, which `check` reports) is shown as
/// such and `STATUS:TENTATIVE`. Events are numbered against `prior` and written by the
/// shared calendar writer ([`super::ics::write`]); a description names the people of
/// that event on that day only, so a change elsewhere raises no SEQUENCE.
fn calendars(
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
    stamp: NaiveDateTime,
    prior: &Prior,
) -> Vec<PlanFile> {
    let l = lang.labels();
    let w = &l.tr;
    let sessions: HashMap<&str, &SessionRow> = plan
        .sessions
        .iter()
        .map(|s| (s.session_id.as_str(), s))
        .collect();
    let course_name: HashMap<&str, &str> = plan
        .courses
        .iter()
        .map(|c| (c.course_id.as_str(), c.name.as_str()))
        .collect();
    // Everyone on an event on its day, for the description.
    let mut people_of: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    let mut dates_of: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
    for a in &plan.assignments {
        people_of
            .entry((a.event_id.as_str(), a.date.as_str()))
            .or_default()
            .push(format!(
                "{}: {} ({})",
                w.role(&a.role),
                staff_name(plan, &a.staff_id),
                a.staff_id
            ));
        dates_of
            .entry(a.event_id.as_str())
            .or_default()
            .insert(a.date.as_str());
    }
    let site = format!("{}, {}", m.site.name, m.site.address);
    let mut wanted: Wanted = BTreeMap::new();
    // Issue 18 (H9): everyone on the staff list has their calendar's title, so a person
    // whose every event a re-plan takes away (a course cancelled, a person leaving)
    // gets their cancellations under their own name, not the file's path. A person with
    // neither events nor a prior calendar still gets no file.
    for s in &plan.staff {
        wanted.insert(
            format!("{CALENDARS_DIR}/{}.ics", s.staff_id),
            (format!("{} {}", s.name, w.schedule), Vec::new()),
        );
    }
    for a in &plan.assignments {
        let Some(day) = parse_day(&a.date) else {
            continue;
        };
        let mut description = format!("{}\n{}", a.event_id, lang.date(day));
        for p in people_of
            .get(&(a.event_id.as_str(), a.date.as_str()))
            .into_iter()
            .flatten()
        {
            description.push('\n');
            description.push_str(p);
        }
        let role = w.role(&a.role);
        let titled = |what: &str| match lang {
            Lang::Ja => format!("{what}（{role}）"),
            Lang::En => format!("{what} ({role})"),
        };
        let entry = match sessions.get(a.event_id.as_str()) {
            Some(s) => {
                let (Some(from), Some(to)) =
                    (local_time(&s.date, &s.start), local_time(&s.date, &s.end))
                else {
                    continue;
                };
                let course = course_name
                    .get(s.course_id.as_str())
                    .copied()
                    .unwrap_or(&s.course_id);
                let unroomed = needs_room(s) && s.room.is_empty();
                let location = if !s.room.is_empty() {
                    format!(
                        "{} {}, {}",
                        m.site.name,
                        room_name(m, &s.room),
                        m.site.address
                    )
                } else if unroomed {
                    // TRN-5: a classroom session without a room is not settled.
                    format!(
                        "{} {}, {}",
                        m.site.name,
                        super::labels::training_doc(lang, "no-room"),
                        m.site.address
                    )
                } else if s.mode == "online" {
                    l.mode(&s.mode).to_string()
                } else {
                    // Off site (workplace practice, internship, visit).
                    w.session_type(&s.kind).to_string()
                };
                let what = if s.subject.is_empty() {
                    w.session_type(&s.kind)
                } else {
                    subject_name(m, &s.subject)
                };
                Entry {
                    uid: format!("{}-{}@roster", a.event_id, a.staff_id),
                    when: When::Timed(from, to),
                    summary: titled(&format!("{course} {what}")),
                    location,
                    description,
                    tentative: unroomed,
                }
            }
            None => {
                // A course-level id ends in its course id (`interview-dx-1`).
                let course = plan
                    .courses
                    .iter()
                    .filter(|c| a.event_id.ends_with(&format!("-{}", c.course_id)))
                    .max_by_key(|c| c.course_id.len())
                    .map_or(a.event_id.as_str(), |c| c.name.as_str());
                let many_days = dates_of
                    .get(a.event_id.as_str())
                    .is_some_and(|d| d.len() > 1);
                let uid = if many_days {
                    format!(
                        "{}-{}-{}@roster",
                        a.event_id,
                        day.format("%Y%m%d"),
                        a.staff_id
                    )
                } else {
                    format!("{}-{}@roster", a.event_id, a.staff_id)
                };
                // TRN-7: a selection interview is held at the model's times.
                let when = if a.role == "interviewer" {
                    When::Timed(
                        day.and_time(m.rules.interview.start),
                        day.and_time(m.rules.interview.end),
                    )
                } else {
                    When::AllDay(day)
                };
                Entry {
                    uid,
                    when,
                    summary: titled(course),
                    location: site.clone(),
                    description,
                    tentative: false,
                }
            }
        };
        wanted
            .entry(format!("{CALENDARS_DIR}/{}.ics", a.staff_id))
            .or_insert_with(|| {
                (
                    format!("{} {}", staff_name(plan, &a.staff_id), w.schedule),
                    Vec::new(),
                )
            })
            .1
            .push(entry);
    }
    let title = super::labels::plan_title(lang, &m.name, stamp.date());
    super::ics::write(&title, wanted, stamp, prior)
}

/// Whether a session is taught in a classroom at the site (TRN-5): a lecture or a
/// practical held in person.
fn needs_room(s: &SessionRow) -> bool {
    s.mode != "online" && (s.kind == "lecture" || s.kind == "practical")
}
