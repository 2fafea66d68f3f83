//! The people-facing workbook and HTML page of a plan, rendered on a second thread
//! beside the rest of its files; the solve and the re-plan writers both call it.

use super::files::{PlanFile, RenderError, HTML, XLSX};
use super::labels::Lang;
use super::rows::{AffectedRow, ChangeNamedRow, NoticeRow};
use crate::model::Model;
use crate::plan::Plan;

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
    replan: Option<(&[ChangeNamedRow], &[NoticeRow])>,
    affected: Option<&[AffectedRow]>,
    stamp: chrono::NaiveDateTime,
    rest: impl FnOnce() -> Vec<PlanFile>,
) -> Result<Vec<PlanFile>, RenderError> {
    let (people, mut files) = std::thread::scope(|s| {
        let people = s.spawn(|| people_files(model, plan, lang, replan, affected, stamp));
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

/// The workbook and the HTML page of a plan (`replan`: its changes and notices;
/// `affected`: the consequences per person against its baseline).
pub fn people_files(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    replan: Option<(&[ChangeNamedRow], &[NoticeRow])>,
    affected: Option<&[AffectedRow]>,
    stamp: chrono::NaiveDateTime,
) -> Result<(PlanFile, PlanFile), RenderError> {
    let xlsx = super::xlsx::workbook(model, plan, lang, replan, affected, stamp).map_err(|e| {
        RenderError {
            file: XLSX.to_string(),
            message: e.to_string(),
        }
    })?;
    let html = super::html::page(model, plan, lang, stamp).map_err(|e| RenderError {
        file: HTML.to_string(),
        message: e.to_string(),
    })?;
    Ok((
        (XLSX.to_string(), xlsx),
        (HTML.to_string(), html.into_bytes()),
    ))
}
