//! `roster.xlsx`: the plan as an Excel workbook, written with `rust_xlsxwriter`.
//!
//! Sheets: one per month as a grid (rows: days with weekday; columns: municipalities;
//! cells: events, venues and people; holidays named and shaded, substitute days marked
//! 振替, closures greyed), then the assignment list, seminars and events, teams, days
//! per person and month against contract, violations, and for a re-plan its changes and
//! notices. Every sheet has a frozen, filterable header row, fixed column widths,
//! dates as real Excel dates, and prints A4 landscape with the header repeated; a month
//! fits one page.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDateTime};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::labels::Lang;

/// The most characters a worksheet cell holds (Excel's limit; rust_xlsxwriter refuses
/// more, which made a 40,000-character name an E080 "defect").
pub(crate) const CELL_MAX_CHARS: usize = 32_767;

/// Text cells cut to what a cell holds (with `…` at the cut), so no input text can
/// make the workbook fail to render.
pub(crate) trait TextCell {
    /// `write_string_with_format`, the text cut to [`CELL_MAX_CHARS`].
    fn text_cell(
        &mut self,
        row: rust_xlsxwriter::RowNum,
        col: rust_xlsxwriter::ColNum,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;
}

impl TextCell for Worksheet {
    fn text_cell(
        &mut self,
        row: rust_xlsxwriter::RowNum,
        col: rust_xlsxwriter::ColNum,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        let text = text.as_ref();
        // Excel counts UTF-16 code units.
        if text.encode_utf16().count() <= CELL_MAX_CHARS {
            return self.write_string_with_format(row, col, text, format);
        }
        let mut cut = String::new();
        let mut units = 0;
        for ch in text.chars() {
            units += ch.len_utf16();
            if units > CELL_MAX_CHARS - 1 {
                break;
            }
            cut.push(ch);
        }
        cut.push('…');
        self.write_string_with_format(row, col, cut, format)
    }
}
use super::month::{months_of, ItemView};
use super::names::{months, Names};
use super::rows::{AffectedRow, ChangeNamedRow, NoticeRow};
use crate::model::{EventKind, Model};
use crate::plan::{parse_day, Event, Plan};

/// A4 in Excel's paper-size numbering.
const A4: u8 = 9;

/// Colours: holidays, weekends, closures, violations.
const HOLIDAY: u32 = 0xFCE4EC;
const WEEKEND: u32 = 0xF2F2F2;
const CLOSED: u32 = 0xBFBFBF;
const VIOLATION: u32 = 0xFFC7CE;
const HEADER: u32 = 0xDDEBF7;

/// The workbook's bytes. `replan` adds the changes and notices sheets, `affected` the
/// consequences per person (影響, only for a plan with a baseline); `stamp` is the
/// document's creation time (fixed, so the file is repeatable byte for byte).
pub fn workbook(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    replan: Option<(&[ChangeNamedRow], &[NoticeRow])>,
    affected: Option<&[AffectedRow]>,
    stamp: NaiveDateTime,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_timestamp(stamp.and_utc().timestamp())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(super::labels::plan_title(lang, &model.name, stamp.date()))
            .set_author("roster")
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    month_sheets(&mut wb, model, plan, lang, &f)?;
    assignments_sheet(&mut wb, model, plan, lang, &f)?;
    events_sheet(&mut wb, model, plan, lang, &f)?;
    teams_sheet(&mut wb, model, plan, lang, &f)?;
    days_sheet(&mut wb, model, plan, lang, &f)?;
    violations_sheet(&mut wb, plan, lang, &f)?;
    deadlines_sheet(&mut wb, model, plan, lang, &f)?;
    targets_sheet(&mut wb, model, plan, lang, &f)?;
    if let Some((changes, notices)) = replan {
        changes_sheet(&mut wb, changes, lang, &f)?;
        notices_sheet(&mut wb, notices, lang, &f)?;
    }
    if let Some(rows) = affected {
        affected_sheet(&mut wb, rows, lang, &f)?;
    }
    wb.save_to_buffer()
}

struct Formats {
    header: Format,
    date: Format,
    text: Format,
    wrap: Format,
    holiday: Format,
    holiday_date: Format,
    weekend: Format,
    weekend_date: Format,
    closed: Format,
    violation: Format,
    title: Format,
}

impl Formats {
    fn new() -> Self {
        let wrap = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_font_size(9);
        let date = Format::new()
            .set_num_format("yyyy/mm/dd")
            .set_font_size(9)
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(HEADER))
                .set_border(FormatBorder::Thin)
                .set_text_wrap(),
            text: Format::new()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
            holiday: wrap.clone().set_background_color(Color::RGB(HOLIDAY)),
            holiday_date: date.clone().set_background_color(Color::RGB(HOLIDAY)),
            weekend: wrap.clone().set_background_color(Color::RGB(WEEKEND)),
            weekend_date: date.clone().set_background_color(Color::RGB(WEEKEND)),
            closed: wrap.clone().set_background_color(Color::RGB(CLOSED)),
            violation: wrap.clone().set_background_color(Color::RGB(VIOLATION)),
            title: Format::new().set_bold().set_font_size(14),
            date,
            wrap,
        }
    }
}

/// Frozen header row, autofilter over the data, A4 landscape, header repeated.
fn list_setup(
    ws: &mut Worksheet,
    header_row: u32,
    last_row: u32,
    last_col: u16,
) -> Result<(), XlsxError> {
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.autofilter(header_row, 0, last_row.max(header_row), last_col)?;
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

fn headers(
    ws: &mut Worksheet,
    row: u32,
    cols: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, (name, width)) in cols.iter().enumerate() {
        let c = c as u16;
        ws.text_cell(row, c, *name, &f.header)?;
        ws.set_column_width(c, *width)?;
    }
    Ok(())
}

fn write_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    iso: &str,
    fmt: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    match parse_day(iso) {
        Some(d) => ws.write_datetime_with_format(row, col, d, fmt).map(|_| ()),
        None => ws.text_cell(row, col, iso, text).map(|_| ()),
    }
}

fn item_text(it: &ItemView) -> String {
    let mut s = String::new();
    if !it.substitute.is_empty() {
        s.push_str(&format!("【{}】", it.substitute));
    }
    s.push_str(&format!("{} {} {}", it.kind_label, it.start, it.venue));
    if !it.detail.is_empty() {
        s.push_str(&format!(" ({})", it.detail));
    }
    let people: Vec<&str> = it.people.iter().map(|p| p.name.as_str()).collect();
    if !people.is_empty() {
        s.push('\n');
        s.push_str(&people.join("・"));
    }
    s
}

/// Lines a wrapped cell needs in a column `width` characters wide (CJK counts two).
fn lines_in(text: &str, width: f64) -> usize {
    text.split('\n')
        .map(|line| {
            let w: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            (w as f64 / width).ceil().max(1.0) as usize
        })
        .sum()
}

/// Points per line of 9-point text.
const LINE: f64 = 12.0;

fn month_sheets(
    wb: &mut Workbook,
    model: &Model,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let n = Names::new(model, lang);
    for mv in months_of(model, plan, lang) {
        let ws = wb.add_worksheet();
        ws.set_name(lang.sheet_month(mv.year, mv.month))?;
        ws.text_cell(0, 0, &mv.title, &f.title)?;
        let mut cols: Vec<(String, f64)> = vec![
            (l.h.date.to_string(), 11.0),
            (l.h.weekday.to_string(), 5.0),
            (l.h.holiday.to_string(), 10.0),
        ];
        for m in &model.municipalities {
            cols.push((n.place(&m.id), 22.0));
        }
        cols.push((l.h.other.to_string(), 22.0));
        cols.push((l.h.office.to_string(), 22.0));
        let cols_ref: Vec<(&str, f64)> = cols.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        headers(ws, 1, &cols_ref, f)?;
        let last_col = (cols.len() - 1) as u16;
        for (i, d) in mv.days.iter().enumerate() {
            let row = 2 + i as u32;
            let mut lines = 1usize;
            let (cell, date_fmt) = if !d.closed.is_empty() {
                (&f.closed, &f.weekend_date)
            } else if !d.holiday.is_empty() {
                (&f.holiday, &f.holiday_date)
            } else if d.weekday_index >= 5 {
                (&f.weekend, &f.weekend_date)
            } else {
                (&f.wrap, &f.date)
            };
            write_date(ws, row, 0, &d.date, date_fmt, cell)?;
            ws.text_cell(row, 1, &d.weekday, cell)?;
            let mut holiday = d.holiday.clone();
            if d.substitute_holiday {
                holiday = format!("{holiday}（{}）", l.substitute);
            }
            if !d.closed.is_empty() {
                holiday = if holiday.is_empty() {
                    d.closed.clone()
                } else {
                    format!("{holiday} {}", d.closed)
                };
            }
            ws.text_cell(row, 2, &holiday, cell)?;
            for (c, cv) in d.cells.iter().enumerate() {
                let mut parts: Vec<String> = Vec::new();
                if cv.status == "moved" || cv.status == "closed" {
                    parts.push(cv.note.clone());
                }
                parts.extend(cv.items.iter().map(item_text));
                let viol = cv.items.iter().any(|it| !it.violations.is_empty());
                let fmt = if viol {
                    &f.violation
                } else if cv.status == "closed" {
                    &f.closed
                } else {
                    cell
                };
                let text = parts.join("\n");
                lines = lines.max(lines_in(&text, cols[3 + c].1));
                ws.text_cell(row, 3 + c as u16, text, fmt)?;
            }
            let other: Vec<String> = d
                .other
                .iter()
                .map(|it| format!("{} {}", it.municipality_name, item_text(it)))
                .collect();
            let other = other.join("\n");
            lines = lines.max(lines_in(&other, cols[cols.len() - 2].1));
            ws.text_cell(row, last_col - 1, other, cell)?;
            let office: Vec<String> = d
                .office
                .iter()
                .flat_map(|it| it.people.iter().map(|p| p.name.clone()))
                .collect();
            let office = office.join("・");
            lines = lines.max(lines_in(&office, cols[cols.len() - 1].1));
            ws.text_cell(row, last_col, office, cell)?;
            ws.set_row_height(row, LINE * lines as f64 + 4.0)?;
        }
        let last_row = 1 + mv.days.len() as u32;
        ws.set_freeze_panes(2, 3)?;
        ws.set_paper_size(A4)
            .set_landscape()
            .set_print_fit_to_pages(1, 1);
        ws.set_repeat_rows(1, 1)?;
        ws.set_print_area(0, 0, last_row, last_col)?;
        ws.set_header(format!("&C{}", mv.title));
    }
    Ok(())
}

fn events_by_id(plan: &Plan) -> HashMap<&str, &Event> {
    plan.events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect()
}

fn assignments_sheet(
    wb: &mut Workbook,
    model: &Model,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let n = Names::new(model, lang);
    let ws = wb.add_worksheet();
    ws.set_name(l.h.sheet_assignments)?;
    let h = &l.h;
    let cols = [
        (h.date, 11.0),
        (h.weekday, 5.0),
        (h.start, 6.0),
        (h.end, 6.0),
        (h.kind, 16.0),
        (h.municipality, 10.0),
        (h.venue, 24.0),
        (h.room, 14.0),
        (h.staff_id, 7.0),
        (h.name, 12.0),
        (h.role, 18.0),
        (h.address, 30.0),
        (h.event_id, 28.0),
    ];
    headers(ws, 0, &cols, f)?;
    let ev = events_by_id(plan);
    for (i, a) in plan.assignments.iter().enumerate() {
        let r = 1 + i as u32;
        let e = ev.get(a.event_id.as_str());
        write_date(ws, r, 0, &a.date, &f.date, &f.text)?;
        let get = |g: fn(&Event) -> &String| e.map_or(String::new(), |e| g(e).clone());
        let vals = [
            n.weekday(&a.date),
            get(|e| &e.start),
            get(|e| &e.end),
            l.kind(&get(|e| &e.kind)).to_string(),
            e.map_or(String::new(), |e| n.place(&e.municipality)),
            e.map_or(String::new(), |e| n.venue(&e.venue)),
            e.map_or(String::new(), |e| n.room(&e.venue, &e.room)),
            a.staff_id.clone(),
            n.staff(&a.staff_id),
            l.role(&a.role).to_string(),
            e.map_or(String::new(), |e| n.address(&e.venue)),
            a.event_id.clone(),
        ];
        for (c, v) in vals.iter().enumerate() {
            ws.text_cell(r, 1 + c as u16, v, &f.text)?;
        }
    }
    list_setup(
        ws,
        0,
        plan.assignments.len() as u32,
        (cols.len() - 1) as u16,
    )
}

fn events_sheet(
    wb: &mut Workbook,
    model: &Model,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let n = Names::new(model, lang);
    let ws = wb.add_worksheet();
    ws.set_name(l.h.sheet_events)?;
    let h = &l.h;
    let cols = [
        (h.date, 11.0),
        (h.weekday, 5.0),
        (h.start, 6.0),
        (h.end, 6.0),
        (h.kind, 16.0),
        (h.municipality, 10.0),
        (h.venue, 24.0),
        (h.room, 14.0),
        (h.room_capacity, 8.0),
        (h.capacity, 7.0),
        (h.seminar_type, 11.0),
        (h.theme, 22.0),
        (h.mode, 8.0),
        (h.lecturer, 14.0),
        (h.reception, 20.0),
        (h.event_id, 28.0),
    ];
    headers(ws, 0, &cols, f)?;
    let mut who: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    for a in &plan.assignments {
        who.entry((a.event_id.as_str(), a.role.as_str()))
            .or_default()
            .push(n.staff(&a.staff_id));
    }
    let list: Vec<&Event> = plan
        .events
        .iter()
        .filter(|e| !matches!(e.kind(), Some(EventKind::Consultation | EventKind::Office)))
        .collect();
    for (i, e) in list.iter().enumerate() {
        let r = 1 + i as u32;
        write_date(ws, r, 0, &e.date, &f.date, &f.text)?;
        let names = |role: &str| {
            who.get(&(e.event_id.as_str(), role))
                .map_or(String::new(), |v| v.join("・"))
        };
        let texts = [
            n.weekday(&e.date),
            e.start.clone(),
            e.end.clone(),
            l.kind(&e.kind).to_string(),
            n.place(&e.municipality),
            n.venue(&e.venue),
            n.room(&e.venue, &e.room),
        ];
        for (c, v) in texts.iter().enumerate() {
            ws.text_cell(r, 1 + c as u16, v, &f.text)?;
        }
        for (c, v) in [(8u16, e.room_capacity), (9, e.capacity)] {
            match v {
                Some(x) => ws.write_number_with_format(r, c, x, &f.text)?,
                None => ws.text_cell(r, c, "", &f.text)?,
            };
        }
        let lecturer = {
            let mut v = names("lecturer");
            if v.is_empty() {
                v = names("consultant");
            }
            v
        };
        let reception = {
            let mut v = names("reception");
            let staff = names("staff");
            if !staff.is_empty() {
                if !v.is_empty() {
                    v.push('・');
                }
                v.push_str(&staff);
            }
            v
        };
        let rest = [
            l.seminar_type(&e.seminar_type).to_string(),
            l.theme(&e.theme).to_string(),
            l.mode(&e.mode).to_string(),
            lecturer,
            reception,
            e.event_id.clone(),
        ];
        for (c, v) in rest.iter().enumerate() {
            ws.text_cell(r, 10 + c as u16, v, &f.text)?;
        }
    }
    list_setup(ws, 0, list.len() as u32, (cols.len() - 1) as u16)
}

fn teams_sheet(
    wb: &mut Workbook,
    model: &Model,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let n = Names::new(model, lang);
    let ws = wb.add_worksheet();
    ws.set_name(l.h.sheet_teams)?;
    let cols = [
        (l.h.municipality, 12.0),
        (l.h.staff_id, 8.0),
        (l.h.name, 14.0),
    ];
    headers(ws, 0, &cols, f)?;
    for (i, t) in plan.teams.iter().enumerate() {
        let r = 1 + i as u32;
        ws.text_cell(r, 0, n.place(&t.municipality), &f.text)?;
        ws.text_cell(r, 1, &t.staff_id, &f.text)?;
        ws.text_cell(r, 2, n.staff(&t.staff_id), &f.text)?;
    }
    list_setup(ws, 0, plan.teams.len() as u32, 2)
}

fn days_sheet(
    wb: &mut Workbook,
    model: &Model,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let ws = wb.add_worksheet();
    ws.set_name(l.h.sheet_days)?;
    let ms = months(model.period.from, model.period.to);
    let month_names: Vec<String> = ms.iter().map(|(y, m)| format!("{y}/{m:02}")).collect();
    let mut cols: Vec<(&str, f64)> =
        vec![(l.h.staff_id, 8.0), (l.h.name, 14.0), (l.h.contract, 10.0)];
    for m in &month_names {
        cols.push((m.as_str(), 8.0));
    }
    cols.push((l.h.total, 8.0));
    cols.push((l.h.per_week, 8.0));
    headers(ws, 0, &cols, f)?;
    // Days worked: distinct dates per person and month.
    let mut days: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in &plan.assignments {
        days.entry(a.staff_id.as_str())
            .or_default()
            .insert(a.date.as_str());
    }
    let weeks = ((model.period.to - model.period.from).num_days() + 1) as f64 / 7.0;
    for (i, p) in model.staff.iter().enumerate() {
        let r = 1 + i as u32;
        ws.text_cell(r, 0, &p.id, &f.text)?;
        ws.text_cell(r, 1, &p.name, &f.text)?;
        ws.write_number_with_format(r, 2, p.contract_days_per_week, &f.text)?;
        let mine = days.get(p.id.as_str());
        let mut total = 0usize;
        for (c, (y, m)) in ms.iter().enumerate() {
            let count = mine.map_or(0, |s| {
                s.iter()
                    .filter_map(|d| parse_day(d))
                    .filter(|d| d.year() == *y && d.month() == *m)
                    .count()
            });
            total += count;
            ws.write_number_with_format(r, 3 + c as u16, count as f64, &f.text)?;
        }
        let c = 3 + ms.len() as u16;
        ws.write_number_with_format(r, c, total as f64, &f.text)?;
        ws.write_number_with_format(
            r,
            c + 1,
            (total as f64 / weeks * 100.0).round() / 100.0,
            &f.text,
        )?;
    }
    list_setup(ws, 0, model.staff.len() as u32, (cols.len() - 1) as u16)
}

fn violations_sheet(
    wb: &mut Workbook,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let ws = wb.add_worksheet();
    ws.set_name(l.h.sheet_violations)?;
    let cols = [
        (l.h.rule, 10.0),
        (l.h.date, 11.0),
        (l.h.event_id, 26.0),
        (l.h.staff_id, 8.0),
        (l.h.message, 80.0),
    ];
    headers(ws, 0, &cols, f)?;
    if plan.violations.is_empty() {
        ws.text_cell(1, 4, l.h.no_violations, &f.text)?;
    }
    for (i, v) in plan.violations.iter().enumerate() {
        let r = 1 + i as u32;
        ws.text_cell(r, 0, v.rule.id(), &f.violation)?;
        write_date(ws, r, 1, &v.date, &f.date, &f.text)?;
        ws.text_cell(r, 2, &v.event_id, &f.text)?;
        ws.text_cell(r, 3, &v.staff_id, &f.text)?;
        ws.text_cell(r, 4, &v.message, &f.text)?;
    }
    list_setup(ws, 0, plan.violations.len().max(1) as u32, 4)
}

/// 締切: the contract's deadlines (PR-1, REP-1, SEM-7), as `deadlines.csv` holds them.
fn deadlines_sheet(
    wb: &mut Workbook,
    model: &Model,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let rows = super::deadlines::rows(model, plan, lang);
    let ws = wb.add_worksheet();
    // The columns of deadlines.csv, headed in the user's language.
    let widths = [11.0, 14.0, 26.0, 11.0, 70.0, 8.0];
    let cols: Vec<(&str, f64)> = super::deadlines::headings(lang)
        .into_iter()
        .zip(widths)
        .collect();
    ws.set_name(super::deadlines::heading(lang))?;
    headers(ws, 0, &cols, f)?;
    for (i, d) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        write_date(ws, r, 0, &d.due, &f.date, &f.text)?;
        ws.text_cell(r, 1, super::deadlines::kind_label(lang, &d.kind), &f.text)?;
        ws.text_cell(r, 2, &d.event_id, &f.text)?;
        if !d.event_date.is_empty() {
            write_date(ws, r, 3, &d.event_date, &f.date, &f.text)?;
        }
        ws.text_cell(r, 4, &d.what, &f.text)?;
        ws.text_cell(r, 5, &d.rule, &f.text)?;
    }
    list_setup(ws, 0, rows.len().max(1) as u32, 5)
}

/// 目標: by month, the plan's consultation slots and event seats, the year's totals,
/// and beside them the contract's targets (KPI-1) the model states.
fn targets_sheet(
    wb: &mut Workbook,
    model: &Model,
    plan: &Plan,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    use super::targets;
    let (months, year) = targets::capacity(model, plan);
    let ws = wb.add_worksheet();
    ws.set_name(targets::heading(lang))?;
    let names = targets::headings(lang);
    let cols: Vec<(&str, f64)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), if i == 0 { 30.0 } else { 14.0 }))
        .collect();
    headers(ws, 0, &cols, f)?;
    let mut r = 1u32;
    let row = |ws: &mut Worksheet, r: u32, label: &str, c: &targets::Capacity| {
        ws.text_cell(r, 0, label, &f.text)?;
        ws.write_number_with_format(r, 1, c.consultation_slots as f64, &f.text)?;
        for (i, s) in c.seats.iter().enumerate() {
            ws.write_number_with_format(r, 2 + i as u16, *s as f64, &f.text)?;
        }
        ws.write_number_with_format(r, 7, c.all_seats() as f64, &f.text)?;
        ws.write_number_with_format(r, 8, c.total() as f64, &f.text)?;
        Ok::<(), XlsxError>(())
    };
    for m in &months {
        row(ws, r, &m.month, m)?;
        r += 1;
    }
    row(ws, r, targets::year_label(lang), &year)?;
    let last = r;
    r += 2;
    let [title, yearly] = targets::target_headings(lang);
    ws.text_cell(r, 0, title, &f.header)?;
    ws.text_cell(r, 1, yearly, &f.header)?;
    r += 1;
    if !model.targets.any() {
        ws.text_cell(r, 0, targets::no_targets(lang), &f.text)?;
    }
    for (key, value) in model.targets.listed() {
        let Some(v) = value else { continue };
        ws.text_cell(r, 0, targets::target_label(lang, key), &f.text)?;
        ws.write_number_with_format(r, 1, f64::from(v), &f.text)?;
        r += 1;
    }
    list_setup(ws, 0, last, (names.len() - 1) as u16)
}

fn changes_sheet(
    wb: &mut Workbook,
    rows: &[ChangeNamedRow],
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let ws = wb.add_worksheet();
    ws.set_name(l.h.sheet_changes)?;
    let cols = [
        (l.h.date, 11.0),
        (l.h.weekday, 5.0),
        (l.h.change, 14.0),
        (l.h.kind, 14.0),
        (l.h.municipality, 10.0),
        (l.h.venue, 22.0),
        (l.h.before, 40.0),
        (l.h.after, 40.0),
        (l.h.event_id, 26.0),
    ];
    headers(ws, 0, &cols, f)?;
    for (i, c) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        write_date(ws, r, 0, &c.date, &f.date, &f.text)?;
        let vals = [
            &c.weekday,
            &c.change_label,
            &l.change_kind(&c.kind).to_string(),
            &c.municipality_name,
            &c.venue_name,
            &c.before_text,
            &c.after_text,
            &c.event_id,
        ];
        for (k, v) in vals.iter().enumerate() {
            ws.text_cell(r, 1 + k as u16, *v, &f.text)?;
        }
    }
    list_setup(ws, 0, rows.len() as u32, (cols.len() - 1) as u16)
}

fn notices_sheet(
    wb: &mut Workbook,
    rows: &[NoticeRow],
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = lang.labels();
    let ws = wb.add_worksheet();
    ws.set_name(l.h.sheet_notices)?;
    let cols = [
        (l.h.staff_id, 8.0),
        (l.h.name, 12.0),
        (l.h.date, 11.0),
        (l.h.weekday, 5.0),
        (l.h.notice, 100.0),
    ];
    headers(ws, 0, &cols, f)?;
    for (i, x) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.text_cell(r, 0, &x.staff_id, &f.text)?;
        ws.text_cell(r, 1, &x.name, &f.text)?;
        write_date(ws, r, 2, &x.date, &f.date, &f.text)?;
        ws.text_cell(r, 3, &x.weekday, &f.text)?;
        ws.text_cell(r, 4, &x.message, &f.text)?;
    }
    list_setup(ws, 0, rows.len() as u32, 4)
}

/// The 影響 sheet: one row per person affected (issue 16, part 4), the columns of
/// `affected.csv` with headings in the user's language; yen left empty (and said so in
/// the heading row's note) when the model gives no rate.
fn affected_sheet(
    wb: &mut Workbook,
    rows: &[AffectedRow],
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let w = super::labels::affected_words(lang);
    let ws = wb.add_worksheet();
    ws.set_name(w.sheet)?;
    let widths = [
        8.0, 14.0, 9.0, 9.0, 8.0, 8.0, 24.0, 12.0, 12.0, 16.0, 16.0, 10.0, 10.0, 10.0, 12.0, 10.0,
        10.0, 10.0, 22.0,
    ];
    let cols: Vec<(&str, f64)> = w.columns.iter().copied().zip(widths).collect();
    headers(ws, 0, &cols, f)?;
    let yen_set = rows.iter().any(|r| r.yen_change.is_some());
    // The sheet is read by people: a contract flag's id (`under`) in words.
    let flag_word = |id: &str| -> &str {
        use crate::plan::affected::ContractFlag as F;
        [F::Within, F::Under, F::Over]
            .into_iter()
            .find(|f| f.id() == id)
            .map_or("", |f| super::affected::flag_text(f, lang))
    };
    for (i, x) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        let texts = [
            (0, x.staff_id.as_str()),
            (1, x.name.as_str()),
            (6, x.months.as_str()),
            (7, x.teams_joined.as_str()),
            (8, x.teams_left.as_str()),
            (9, x.teams_joined_names.as_str()),
            (10, x.teams_left_names.as_str()),
            (16, flag_word(x.contract_before)),
            (17, flag_word(x.contract_after)),
            (18, x.contract_text),
        ];
        for (c, t) in texts {
            ws.text_cell(r, c, t, &f.text)?;
        }
        let numbers = [
            (2, Some(f64::from(x.days_before))),
            (3, Some(f64::from(x.days_after))),
            (4, Some(f64::from(x.days_gained))),
            (5, Some(f64::from(x.days_lost))),
            (11, Some(x.km_before)),
            (12, Some(x.km_after)),
            (13, Some(x.km_change)),
            (14, x.yen_change.map(|y| y as f64)),
            (15, x.contracted_days),
        ];
        for (c, v) in numbers {
            match v {
                Some(v) => ws.write_number_with_format(r, c, v, &f.text)?,
                None => ws.text_cell(r, c, "", &f.text)?,
            };
        }
    }
    if !yen_set && !rows.is_empty() {
        ws.text_cell(rows.len() as u32 + 2, 0, w.yen_unset, &f.title)?;
    }
    list_setup(ws, 0, rows.len() as u32, (cols.len() - 1) as u16)
}

#[cfg(test)]
mod cell_tests {
    use super::*;

    /// Issue 14, case 9: a 40,000-character name gave E080 ("a defect in roster").
    #[test]
    fn a_40000_character_name_fits_a_cell_cut_not_e080() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let long = "花".repeat(40_000);
        assert!(ws.text_cell(0, 0, &long, &Format::new()).is_ok());
        assert!(ws.text_cell(1, 0, "short", &Format::new()).is_ok());
        assert!(wb.save_to_buffer().is_ok());
    }
}
