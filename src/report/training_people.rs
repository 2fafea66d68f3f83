//! People-facing outputs of a training provider's plan (issue 9 for the issue-10 kind):
//! `roster.xlsx` (courses, sessions with who teaches them, every assignment, staff, and
//! for a re-plan its changes and notices) and `calendars/<staff_id>.ics`, one per
//! rostered person, in Japanese or English. Every plan folder of the kind has them
//! (solve, replan, what-if with `--out`); a re-plan's calendars are numbered against the
//! baseline's ([`Prior`]) and keep what it took away as `STATUS:CANCELLED`.
//!
//! Not yet for this kind: month grids, the HTML calendar and notices (see docs/outputs.md).

use std::collections::{BTreeMap, HashMap};

use std::path::Path;

use chrono::NaiveDateTime;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::files::{PlanFile, RenderError};
use super::ics::{local_time, people_by_event, Entry, Prior, Wanted, When, CALENDARS_DIR};
use super::labels::Lang;
use super::xlsx::TextCell;
use crate::model::training::TrainingModel;
use crate::plan::parse_day;
use crate::plan::training::{SessionRow, TrainingPlan};
use crate::replan::training::TrainingChangeRow;
use crate::replan::Notice;

/// The workbook's file name.
pub use super::files::XLSX;

/// The Japanese or the English text of a label, by `lang`.
fn t(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// A re-plan's rows for the workbook's changes and notices sheets.
pub type ReplanRows<'a> = (&'a [TrainingChangeRow], &'a [Notice]);

/// `roster.xlsx` and the per-person calendars of a training plan. `stamp` is the
/// workbook's creation time and the calendars' `DTSTAMP` (the fiscal year's first day
/// after a solve, the scenario's `as_of` after a re-plan), fixed so the files are
/// repeatable byte for byte. `replan` adds the changes and notices sheets; `prior` (the
/// baseline's calendars, empty after a solve) numbers the events and cancels what the
/// plan no longer has.
pub fn files(
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
    stamp: NaiveDateTime,
    replan: Option<ReplanRows>,
    prior: &Prior,
) -> Result<Vec<PlanFile>, RenderError> {
    let mut out = vec![(
        XLSX.to_string(),
        workbook(m, plan, lang, stamp, replan).map_err(|e| RenderError {
            file: XLSX.to_string(),
            message: e.to_string(),
        })?,
    )];
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
    replan: Option<ReplanRows>,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = titled_workbook(m, lang, stamp)?;
    courses_sheet(wb.add_worksheet(), plan, lang, &st)?;
    sessions_sheet(wb.add_worksheet(), m, plan, lang, &st)?;
    assignments_sheet(wb.add_worksheet(), plan, lang, &st)?;
    staff_sheet(wb.add_worksheet(), plan, lang, &st)?;
    if let Some((changes, notices)) = replan {
        changes_sheet(wb.add_worksheet(), changes, lang, &st)?;
        notices_sheet(wb.add_worksheet(), notices, lang, &st)?;
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

/// The courses: field, trainees, dates, the application deadline and the selection
/// interview (TRN-6: 13-16 business days before the start; TRN-7), total hours.
fn courses_sheet(
    ws: &mut Worksheet,
    plan: &TrainingPlan,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let w = &lang.labels().tr;
    let cols = [
        (t(lang, "コース", "course"), 10.0),
        (t(lang, "名称", "name"), 30.0),
        (t(lang, "分野", "field"), 14.0),
        (t(lang, "定員", "trainees"), 8.0),
        (t(lang, "開始", "start"), 12.0),
        (t(lang, "終了", "end"), 12.0),
        (t(lang, "応募締切", "application deadline"), 12.0),
        (t(lang, "選考日", "interview"), 12.0),
        (t(lang, "総時間", "hours"), 8.0),
    ];
    rows_sheet(
        ws,
        t(lang, "コース", "courses"),
        &cols,
        &plan.courses,
        &st.header,
        |ws, r, c| {
            ws.write_string(r, 0, &c.course_id)?;
            ws.write_string(r, 1, &c.name)?;
            ws.write_string(r, 2, w.field(&c.field))?;
            ws.write_number(r, 3, c.trainees)?;
            date_cell(ws, r, 4, &c.start, &st.date)?;
            date_cell(ws, r, 5, &c.end, &st.date)?;
            date_cell(ws, r, 6, &c.application_deadline, &st.date)?;
            date_cell(ws, r, 7, &c.interview_date, &st.date)?;
            ws.write_number(r, 8, c.total_hours)?;
            Ok(())
        },
    )
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
    let mut who: HashMap<&str, Vec<&str>> = HashMap::new();
    for a in &plan.assignments {
        who.entry(a.event_id.as_str())
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
        (t(lang, "担当", "staff"), 24.0),
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
            ws.write_string(r, 7, room_name(m, &s.room))?;
            let names = who
                .get(s.session_id.as_str())
                .map(|v| v.join("、"))
                .unwrap_or_default();
            ws.write_string(r, 8, &names)?;
            ws.write_string(r, 9, &s.session_id)?;
            Ok(())
        },
    )
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
    let cols = [
        (t(lang, "日付", "date"), 12.0),
        (t(lang, "担当者ID", "staff_id"), 10.0),
        (t(lang, "氏名", "name"), 16.0),
        (t(lang, "役割", "role"), 14.0),
        (t(lang, "予定ID", "event_id"), 28.0),
    ];
    rows_sheet(
        ws,
        t(lang, "担当一覧", "assignments"),
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

/// A re-plan's changes against its baseline, one row per changed event.
fn changes_sheet(
    ws: &mut Worksheet,
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
            ws.write_string(r, 3, &c.before)?;
            ws.write_string(r, 4, &c.after)?;
            ws.write_string(r, 5, &c.event_id)?;
            Ok(())
        },
    )
}

/// A re-plan's notices: who must be told of which change, one row per person and event.
fn notices_sheet(
    ws: &mut Worksheet,
    notices: &[Notice],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let h = &lang.labels().h;
    let cols = [
        (h.staff_id, 10.0),
        (h.name, 16.0),
        (h.date, 12.0),
        (h.notice, 60.0),
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
            ws.write_string(r, 3, super::training::notice_text(&n.notice, lang))?;
            ws.write_string(r, 4, &n.event_id)?;
            Ok(())
        },
    )
}

/// One calendar per rostered person: a timed VEVENT per assigned session, an all-day
/// one per course-level assignment (no session of that id). UIDs are
/// `<event_id>-<staff_id>@roster`, as for the career centre; numbered against `prior`
/// and written by the shared calendar writer ([`super::ics::write`]).
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
    // Everyone on an event, for the description.
    let people_of = people_by_event(
        &plan.assignments,
        |r| w.role(r),
        |id| staff_name(plan, id).to_string(),
    );
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
        for p in people_of.get(a.event_id.as_str()).into_iter().flatten() {
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
                let location = if !s.room.is_empty() {
                    format!(
                        "{} {}, {}",
                        m.site.name,
                        room_name(m, &s.room),
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
                Entry {
                    uid: format!("{}-{}@roster", a.event_id, a.staff_id),
                    when: When::AllDay(day),
                    summary: titled(course),
                    location: site.clone(),
                    description,
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
