//! Reads back the assignments sheet (`担当一覧`) of a plan folder's `roster.xlsx`, so a
//! manager who edits the workbook rather than the CSV files has made a hand edit roster
//! can see. Columns are found by their header names, never by position; a sheet whose
//! layout cannot be read is refused (E053) rather than guessed at.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};

use crate::input::error::{InputError, InputErrors};

/// What the assignments sheet is called and headed in each language roster writes, and
/// the role words it shows: the caller (who knows the label tables) says.
#[derive(Debug, Clone, Default)]
pub struct SheetLayout {
    /// Accepted sheet names (`担当一覧`, `Assignments`).
    pub sheets: Vec<String>,
    /// Accepted headers of the event id column.
    pub event_id: Vec<String>,
    /// Accepted headers of the staff id column.
    pub staff_id: Vec<String>,
    /// Accepted headers of the role column.
    pub role: Vec<String>,
    /// Accepted headers of the name column (optional column).
    pub name: Vec<String>,
    /// Accepted headers of the date column (optional column).
    pub date: Vec<String>,
    /// Role words as shown (or the ids themselves) → role id.
    pub roles: Vec<(String, String)>,
}

/// One row of the assignments sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// 1-based row in the sheet.
    pub row: usize,
    /// 1-based column of the staff id cell.
    pub staff_col: usize,
    /// 1-based column of the event id cell.
    pub event_col: usize,
    /// The staff id cell as `担当一覧!I5`.
    pub cell: String,
    /// Event id.
    pub event_id: String,
    /// Staff id.
    pub staff_id: String,
    /// Role id.
    pub role: String,
    /// The name cell (empty without a name column).
    pub name: String,
    /// The date cell as an ISO date, with its cell (`担当一覧!A5`); `None` without a
    /// date column or when the cell is empty.
    pub date: Option<(String, String)>,
}

/// `A`, `B`, ..., `Z`, `AA` for a 1-based column.
pub fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    while col > 0 {
        let r = (col - 1) % 26;
        s.push(b'A' + r as u8);
        col = (col - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn sheet_error(path: &Path, line: usize, column: usize, message: String, help: &str) -> InputError {
    InputError {
        code: "E053",
        file: path.to_path_buf(),
        line,
        column,
        message,
        help: help.to_string(),
    }
}

/// The cell text as a person sees it (numbers as written, empty cells empty), trimmed.
fn text(d: &Data) -> String {
    d.to_string().trim().to_string()
}

/// A date cell as an ISO date: an Excel date serial (days since 1899-12-30, as roster
/// writes them, whether the cell is formatted as a date, a number, or was saved as the
/// number's text), or text such as `2023-09-13` or `2023/9/13`; otherwise the text.
fn date_text(d: &Data) -> String {
    let serial = match d {
        Data::DateTime(x) => Some(x.as_f64()),
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => text(d).parse::<f64>().ok(),
    };
    if let Some(days) = serial
        .map(f64::floor)
        .filter(|x| (1.0..2_958_466.0).contains(x))
    {
        let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30);
        if let Some(day) = epoch.and_then(|e| e.checked_add_days(chrono::Days::new(days as u64))) {
            return day.to_string();
        }
    }
    let t = text(d);
    crate::plan::parse_day(&t).map_or(t, |day| day.to_string())
}

/// Reads the assignments sheet of the workbook at `path`; `None` when there is no
/// workbook. A file that is not a workbook, a missing sheet, a header without the
/// columns roster needs, or a role word roster does not know is E053.
pub fn read_assignment_sheet(
    path: &Path,
    layout: &SheetLayout,
) -> Result<Option<Vec<SheetRow>>, InputErrors> {
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let help_restore = "restore roster.xlsx from the folder roster wrote, or delete it to take the edits from the CSV files alone";
    let bytes = crate::plan::files::read_plan_file(path).map_err(|e| {
        InputErrors(vec![crate::plan::files::plan_file_error(
            path,
            &e,
            "E053",
            help_restore,
        )])
    })?;
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        InputErrors(vec![sheet_error(
            path,
            0,
            0,
            format!("cannot be read as an Excel workbook ({e})"),
            help_restore,
        )])
    })?;
    let names = wb.sheet_names();
    let Some(sheet) = names
        .iter()
        .find(|n| layout.sheets.iter().any(|s| s == *n))
        .cloned()
    else {
        return Err(InputErrors(vec![sheet_error(
            path,
            0,
            0,
            format!(
                "has no sheet `{}` (its sheets: {})",
                layout.sheets.join("` or `"),
                names.join(", ")
            ),
            "keep the assignments sheet roster wrote, under its name; edit the people in it",
        )]));
    };
    let range = wb.worksheet_range(&sheet).map_err(|e| {
        InputErrors(vec![sheet_error(
            path,
            0,
            0,
            format!("sheet `{sheet}` cannot be read ({e})"),
            help_restore,
        )])
    })?;
    read_range(path, &sheet, &range, layout).map(Some)
}

fn read_range(
    path: &Path,
    sheet: &str,
    range: &Range<Data>,
    layout: &SheetLayout,
) -> Result<Vec<SheetRow>, InputErrors> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let (top, left) = (top as usize, left as usize);
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(text).collect())
        .unwrap_or_default();
    let find = |names: &[String]| header.iter().position(|h| names.iter().any(|n| n == h));
    let (ev, st, ro, na) = (
        find(&layout.event_id),
        find(&layout.staff_id),
        find(&layout.role),
        find(&layout.name),
    );
    let da = find(&layout.date);
    let (Some(ev), Some(st), Some(ro)) = (ev, st, ro) else {
        let mut missing = Vec::new();
        for (col, names) in [
            (ev, &layout.event_id),
            (st, &layout.staff_id),
            (ro, &layout.role),
        ] {
            if col.is_none() {
                missing.push(format!("`{}`", names.first().cloned().unwrap_or_default()));
            }
        }
        return Err(InputErrors(vec![sheet_error(
            path,
            top + 1,
            left + 1,
            format!(
                "sheet `{sheet}`: the header row has no column {} (it reads `{}`), so the assignments cannot be read",
                missing.join(", "),
                header.join(", ")
            ),
            "restore the header row as roster wrote it (columns may be moved; extra columns are ignored)",
        )]));
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, r) in rows.enumerate() {
        let row = top + 2 + i;
        let cell = |c: usize| r.get(c).map(text).unwrap_or_default();
        let (event_id, staff_id, role_word) = (cell(ev), cell(st), cell(ro));
        if event_id.is_empty() && staff_id.is_empty() && role_word.is_empty() {
            continue;
        }
        let role = layout
            .roles
            .iter()
            .find(|(w, _)| *w == role_word)
            .map(|(_, id)| id.clone());
        let Some(role) = role else {
            let words: Vec<&str> = layout.roles.iter().map(|(w, _)| w.as_str()).collect();
            let near = crate::input::error::nearest(&role_word, words.iter().copied());
            errors.push(sheet_error(
                path,
                row,
                left + ro + 1,
                format!(
                    "sheet `{sheet}` cell {}{row}: `{role_word}` is not a role roster knows",
                    column_letters(left + ro + 1)
                ),
                &near.map_or_else(
                    || "write the role as roster wrote it".to_string(),
                    |n| format!("did you mean `{n}`?"),
                ),
            ));
            continue;
        };
        out.push(SheetRow {
            row,
            staff_col: left + st + 1,
            event_col: left + ev + 1,
            cell: format!("{sheet}!{}{row}", column_letters(left + st + 1)),
            event_id,
            staff_id,
            role,
            name: na.map(cell).unwrap_or_default(),
            date: da
                .and_then(|c| r.get(c))
                .map(date_text)
                .filter(|t| !t.is_empty())
                .map(|t| {
                    let c = da.unwrap_or(0) + left + 1;
                    (t, format!("{sheet}!{}{row}", column_letters(c)))
                }),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(InputErrors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_excel_serials_or_text() {
        assert_eq!(date_text(&Data::Float(45182.0)), "2023-09-13");
        assert_eq!(date_text(&Data::String("45182".into())), "2023-09-13");
        assert_eq!(date_text(&Data::String("2023/9/13".into())), "2023-09-13");
        assert_eq!(date_text(&Data::String("2023-09-13".into())), "2023-09-13");
        assert_eq!(date_text(&Data::String("明日".into())), "明日");
    }

    #[test]
    fn columns_are_lettered_as_excel_letters_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(9), "I");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(53), "BA");
    }
}
