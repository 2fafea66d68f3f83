//! Reads a model file (TOML) into validated domain types, collecting every problem.
//!
//! The core never sees TOML: this layer resolves ids to indices, parses dates, times
//! and weekdays, and checks every reference, so that a user gets all problems of a file
//! at once, each with a stable code, a line and column, and a fix.

pub mod error;
pub mod ids;
pub mod next_year;
pub mod publicity;
pub(crate) mod raw;
pub mod targets;
pub mod training;

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use toml::Spanned;

use crate::calendar::holidays;
use crate::model::*;
use error::{file_error, nearest, Collector};
pub use error::{InputError, InputErrors};
use raw::*;

/// The largest travel rate accepted, yen per km (`[costs]`): far above any mileage
/// allowance, low enough that a typo (an extra zero or three) is caught.
const TRAVEL_YEN_PER_KM_MAX: f64 = 10_000.0;

/// The largest objective weight accepted: larger ones swamp the solver's tolerances.
const WEIGHT_MAX: f64 = 1e9;

/// Reads and validates a model file.
pub fn load_model(path: &Path) -> Result<Model, InputErrors> {
    let text = read_text(path)?;
    parse_model(path, &text)
}

/// The largest model or scenario file read (64 MiB: a generated model of 64 copies of
/// the shipped one is under 2 MiB), so a huge or endless file is refused, not loaded.
pub const TEXT_MAX_BYTES: u64 = 64 << 20;

/// Reads a file as UTF-8 text (E001 if it cannot be read, is not a regular file or is
/// larger than [`TEXT_MAX_BYTES`]; E002 if it is empty). A pipe, device or socket is
/// refused before it is opened, so `solve /dev/zero` or a FIFO never blocks or fills
/// memory (issue 14, case 7).
pub fn read_text(path: &Path) -> Result<String, InputErrors> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        file_error(
            "E001",
            path,
            format!("cannot read the file: {e}"),
            "check the path; the file must exist and be readable",
        )
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(file_error(
            "E001",
            path,
            format!(
                "it is {}, not a regular file; roster reads models and scenarios from files only",
                error::file_kind(meta.file_type())
            ),
            "give the path of a .toml file (save piped text to a file first)",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(TEXT_MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > TEXT_MAX_BYTES {
        return Err(file_error(
            "E001",
            path,
            format!(
                "the file is larger than {} MiB; a model or scenario is far smaller",
                TEXT_MAX_BYTES >> 20
            ),
            "check that this is the model or scenario file meant",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        // Locate the first byte that is not UTF-8 by line and column.
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let prefix = String::from_utf8_lossy(good);
        let (line, column) = error::line_col(&prefix, prefix.len());
        InputErrors(vec![InputError {
            code: "E001",
            file: path.to_path_buf(),
            line,
            column,
            message: "the file is not UTF-8 text: this byte is not a character".into(),
            help: "save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)".into(),
        }])
    })?;
    if text.trim().is_empty() {
        return Err(file_error(
            "E002",
            path,
            "the file is empty".to_string(),
            "a model needs at least name, fiscal_year, [consultation], [seminars] and [office]; see docs/model.md",
        ));
    }
    Ok(text)
}

/// Parses TOML text into `T`, turning syntax and structure errors into E003 / E004.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, InputErrors> {
    toml::from_str::<T>(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        if let Some(bom) = stray_bom(text, at) {
            let mut c = Collector::new(path, text);
            let (line, column) = error::line_col(text, bom);
            c.push(
                "E003",
                bom,
                format!("a byte-order mark (U+FEFF, invisible in most editors) inside the file at line {line} col {column}"),
                "delete it: it is invisible, so retype the line, or delete the character at that column",
            );
            return match c.finish() {
                Err(e) => e,
                Ok(()) => InputErrors(Vec::new()),
            };
        }
        let msg = e.message().trim().to_string();
        let token = token_at(text, at);
        if let Some((message, help)) = plainer(&msg, token) {
            let mut c = Collector::new(path, text);
            c.push(
                if msg.starts_with("invalid type") {
                    "E004"
                } else {
                    "E003"
                },
                at,
                message,
                help,
            );
            return match c.finish() {
                Err(e) => e,
                Ok(()) => InputErrors(Vec::new()),
            };
        }
        let (code, help) = if msg.starts_with("unknown field")
            || msg.starts_with("missing field")
            || msg.starts_with("invalid type")
            || msg.starts_with("unknown variant")
            || msg.starts_with("invalid value")
        {
            (
                "E004",
                "see docs/model.md (or docs/scenarios.md) for the fields each table takes",
            )
        } else {
            ("E003", "fix the TOML syntax at this place")
        };
        let mut c = Collector::new(path, text);
        c.push(code, at, msg, help);
        match c.finish() {
            Err(e) => e,
            Ok(()) => InputErrors(Vec::new()),
        }
    })
}

/// A byte-order mark past the start of `text` on the line of byte `at` (a TOML error
/// there is the mark's doing, and the column given would point at nothing visible).
fn stray_bom(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[line_start..line_end]
        .match_indices('\u{feff}')
        .map(|(i, _)| line_start + i)
        .find(|&i| i > 0)
}

/// The `kind` key of a model file, read before the rest (the seam where the two
/// programmes part).
#[derive(serde::Deserialize)]
struct KindOnly {
    kind: Option<Spanned<String>>,
}

/// The programme kind a model text declares, with the byte offset of the `kind` value
/// (E003 for broken TOML). No `kind` means a career centre.
fn peek_kind(path: &Path, text: &str) -> Result<(Option<String>, usize), InputErrors> {
    let k: KindOnly = parse_toml(path, text)?;
    Ok(match k.kind {
        Some(s) => {
            let at = s.span().start;
            (Some(s.into_inner()), at)
        }
        None => (None, 0),
    })
}

/// Parses and validates a model of either kind (the one dispatch on `kind`).
pub fn parse_programme(path: &Path, text: &str) -> Result<Programme, InputErrors> {
    match peek_kind(path, text)? {
        (Some(k), _) if k == "training-provider" => {
            training::parse_training(path, text).map(Programme::TrainingProvider)
        }
        _ => parse_model(path, text).map(Programme::CareerCentre),
    }
}

/// (name, id) pairs of places, venues and staff, for suggestions.
pub(crate) fn labels_of(
    municipalities: &[Municipality],
    towns: &[Town],
    venues: &[Venue],
    staff: &[Staff],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in municipalities {
        out.push((m.name.clone(), m.id.clone()));
        out.push((m.name_en.clone(), m.id.clone()));
    }
    for t in towns {
        out.push((t.name.clone(), t.id.clone()));
    }
    for v in venues {
        out.push((v.name.clone(), v.id.clone()));
    }
    for p in staff {
        out.push((p.name.clone(), p.id.clone()));
        out.push((p.name.replace([' ', '\u{3000}'], ""), p.id.clone()));
    }
    out
}

/// The value written at byte `at`: up to the next space, comma, bracket or line end.
fn token_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// A message in the user's words for TOML errors whose own wording misleads: a date
/// written without quotes (a TOML date literal, "invalid type: map"), a number written
/// with full-width digits ("string values must be quoted").
fn plainer(msg: &str, token: &str) -> Option<(String, String)> {
    let is_date = token.len() >= 10
        && token.as_bytes().get(4) == Some(&b'-')
        && token
            .get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()));
    if msg.starts_with("invalid type: map") && is_date {
        return Some((
            format!("`{token}` is a TOML date value, but roster reads dates as text"),
            format!("put the date in quotes: \"{token}\""),
        ));
    }
    let full_width =
        |c: char| ('\u{ff10}'..='\u{ff19}').contains(&c) || matches!(c, '．' | '－' | '＋');
    if token.chars().any(full_width) {
        let ascii: String = token
            .chars()
            .map(|c| match c {
                '\u{ff10}'..='\u{ff19}' => {
                    char::from_u32(c as u32 - 0xff10 + u32::from(b'0')).unwrap_or(c)
                }
                '．' => '.',
                '－' => '-',
                '＋' => '+',
                other => other,
            })
            .collect();
        return Some((
            format!("`{token}` is written with full-width characters, so it is not a number"),
            format!("write it with ASCII (half-width) digits: {ascii}"),
        ));
    }
    None
}

/// Sorts a model's tables by id (stable, so repeated ids keep their file order for the
/// duplicate errors), so the order of `[[staff]]`, `[[municipality]]`, ... tables in
/// the file never changes the plan: everything downstream sees one canonical order.
/// Errors stay located by their spans. Rooms keep their order (a venue's first room
/// is its consultation room), as do patterns of one municipality and venue.
fn canonical_order(raw: &mut RawModel) {
    raw.municipality
        .sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    raw.town.sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    raw.venue.sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    raw.pattern.sort_by(|a, b| {
        (a.municipality.get_ref(), a.venue.get_ref())
            .cmp(&(b.municipality.get_ref(), b.venue.get_ref()))
    });
    raw.seminar_quota
        .sort_by(|a, b| a.municipality.get_ref().cmp(b.municipality.get_ref()));
    raw.event_series
        .sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    raw.staff.sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
}

/// Refuses ids (of things that name files) that differ from an earlier one, or from
/// one of `taken` (id, what), only in case (E010).
pub(crate) fn file_name_ids<'s>(
    v: &mut Validator,
    ids: impl Iterator<Item = (&'s S, &'s str)>,
    taken: &[(String, &str)],
) {
    let mut seen: HashMap<String, (String, String)> = taken
        .iter()
        .map(|(id, what)| (id.to_ascii_lowercase(), (id.clone(), what.to_string())))
        .collect();
    for (id, what) in ids {
        let lower = id.get_ref().to_ascii_lowercase();
        if lower == crate::model::publicity::DEADLINES_CALENDAR {
            v.c.push(
                "E010",
                id.span().start,
                format!("{what} id `{}` is reserved", ids::shown(id.get_ref())),
                "calendars/deadlines.ics holds the contract's deadlines (PR-1): give this one another id",
            );
            continue;
        }
        match seen.get(&lower) {
            Some((first, first_what)) if first != id.get_ref() => {
                v.c.push(
                    "E010",
                    id.span().start,
                    format!(
                        "{what} id `{}` differs from {first_what} id `{first}` only in case",
                        ids::shown(id.get_ref())
                    ),
                    "calendars/<id>.ics and notices/<id>.txt would be one file where file names ignore case (Windows, macOS): rename one of the two",
                );
            }
            Some(_) => {}
            None => {
                seen.insert(lower, (id.get_ref().clone(), what.to_string()));
            }
        }
    }
}

/// Parses and validates model text; `path` is used in messages only.
pub fn parse_model(path: &Path, text: &str) -> Result<Model, InputErrors> {
    if let (Some(k), at) = peek_kind(path, text)? {
        if k == "training-provider" {
            let mut c = Collector::new(path, text);
            c.push(
                "E109",
                at,
                "this command does not take a training-provider model yet",
                "training providers take `roster solve`, `check`, `replan` and `whatif`; `calendar`, `generate` and `new-year` are for career-centre models",
            );
            c.finish()?;
        }
    }
    let raw: RawModel = parse_toml(path, text)?;
    let mut v = Validator {
        c: Collector::new(path, text),
        period: None,
        labels: Vec::new(),
    };
    let model = v.model(raw);
    v.c.finish()?;
    model.ok_or_else(|| InputErrors(Vec::new()))
}

/// Resolves and checks one file.
pub(crate) struct Validator<'a> {
    pub(crate) c: Collector<'a>,
    pub(crate) period: Option<DateRange>,
    /// (name, id) of what a user may call by name in an id field (`川越市`, `Kawagoe`
    /// for `kawagoe`), for suggestions.
    pub(crate) labels: Vec<(String, String)>,
}

/// A name without the 市/町/村/区 suffix and case, for matching names to ids.
fn label_key(name: &str) -> String {
    let n = name.trim().to_lowercase();
    n.strip_suffix(['市', '町', '村', '区'])
        .map_or(n.clone(), str::to_string)
}

/// Id tables for references.
#[derive(Default)]
pub(crate) struct Names {
    pub(crate) municipalities: HashMap<String, usize>,
    pub(crate) towns: HashMap<String, usize>,
    pub(crate) venues: HashMap<String, usize>,
    pub(crate) rooms: HashMap<String, (usize, usize)>,
}

impl Names {
    /// The id tables of an already validated model (for scenario files).
    pub(crate) fn of_model(model: &Model) -> Names {
        let mut n = Names::default();
        for (i, m) in model.municipalities.iter().enumerate() {
            n.municipalities.insert(m.id.clone(), i);
        }
        for (i, t) in model.towns.iter().enumerate() {
            n.towns.insert(t.id.clone(), i);
        }
        for (vi, v) in model.venues.iter().enumerate() {
            n.venues.insert(v.id.clone(), vi);
            for (ri, r) in v.rooms.iter().enumerate() {
                n.rooms.insert(format!("{}/{}", v.id, r.id), (vi, ri));
            }
        }
        n
    }

    pub(crate) fn place(&self, id: &str) -> Option<Place> {
        self.municipalities
            .get(id)
            .map(|&i| Place::Municipality(i))
            .or_else(|| self.towns.get(id).map(|&i| Place::Town(i)))
    }
}

impl<'a> Validator<'a> {
    /// Builds the model; returns `None` only where errors were recorded.
    fn model(&mut self, mut raw: RawModel) -> Option<Model> {
        canonical_order(&mut raw);
        self.case_insensitive_ids(&raw);
        let fy = *raw.fiscal_year.get_ref();
        let period = if (2000..=2035).contains(&fy) {
            let from = NaiveDate::from_ymd_opt(fy as i32, 4, 1)?;
            let to = NaiveDate::from_ymd_opt(fy as i32 + 1, 3, 31)?;
            Some(DateRange { from, to })
        } else {
            self.c.push(
                "E017",
                raw.fiscal_year.span().start,
                format!("fiscal_year {fy} is outside the supported years 2000-2035"),
                "give the year in which the fiscal year starts (April), e.g. fiscal_year = 2023",
            );
            None
        };
        self.period = period;

        let kind = match raw.kind.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("career-centre") => ProgrammeKind::CareerCentre,
            Some(other) => {
                let at = raw.kind.as_ref().map_or(0, |k| k.span().start);
                self.c.push(
                    "E018",
                    at,
                    format!("unknown programme kind `{other}`"),
                    "use kind = \"career-centre\" or kind = \"training-provider\"",
                );
                ProgrammeKind::CareerCentre
            }
        };

        self.text(&raw.name, "model name", ids::NAME_MAX);
        let mut names = Names::default();
        let municipalities = self.municipalities(&raw.municipality, &mut names);
        let towns = self.towns(&raw.town, &mut names);
        let venues = self.venues(&raw.venue, &mut names);
        self.labels = labels_of(&municipalities, &towns, &venues, &[]);
        let closures = self.closures(raw.calendar.as_ref());
        let max_sub = raw
            .calendar
            .as_ref()
            .and_then(|c| c.substitute_max_days.as_ref())
            .map_or(14, |d| self.count(d, 0, 366, "substitute_max_days"));
        let consultation = self.consultation(&raw.consultation, max_sub);
        let patterns = self.patterns(&raw.pattern, &names, &venues);
        let substitutions = self.substitutions(
            raw.calendar.as_ref(),
            &names,
            &patterns,
            &closures,
            &venues,
            max_sub,
        );
        let seminars = self.seminars(&raw.seminars);
        let seminar_quotas = self.seminar_quotas(&raw.seminar_quota, &names, seminars.as_ref());
        self.theme_counts(&raw.seminars, &seminar_quotas);
        let event_series = self.event_series(&raw.event_series, &names);
        let office = self.office(&raw.office, &names, &venues);
        let staff = self.staff(&raw.staff, &names);
        let objective = self.objective(raw.objective.as_ref());
        let mut publicity = match period {
            Some(p) => publicity::publicity(self, raw.publicity.as_ref(), p),
            None => Publicity::defaults(DateRange {
                from: NaiveDate::MIN,
                to: NaiveDate::MIN,
            }),
        };
        // PR-1's lead time (issue 17, part 2): its weight and, when hard, the counts it
        // must leave room for.
        let lead = raw
            .objective
            .as_ref()
            .and_then(|o| o.publicity_lead.as_ref());
        publicity.lead_weight = publicity::lead_weight(self, lead, WEIGHT_MAX);
        if let Some(p) = period {
            let quotas: Vec<(String, &SeminarQuota)> = seminar_quotas
                .iter()
                .map(|q| {
                    let id = municipalities.get(q.municipality).map(|m| m.id.clone());
                    (id.unwrap_or_default(), q)
                })
                .collect();
            publicity::lead_time_leaves_counts(
                self,
                raw.publicity.as_ref(),
                &publicity,
                p,
                seminars.as_ref(),
                &quotas,
                &event_series,
            );
        }
        let costs = self.costs(raw.costs.as_ref());
        let targets = targets::targets(self, raw.targets.as_ref());
        let job_developers_min = self.count(
            &raw.office.job_developers_min,
            0,
            1000,
            "job_developers_min",
        );

        Some(Model {
            name: raw.name.into_inner(),
            kind,
            fiscal_year: fy as i32,
            period: period?,
            closures,
            substitutions,
            consultation: consultation?,
            municipalities,
            towns,
            venues,
            patterns,
            seminars: seminars?,
            seminar_quotas,
            event_series,
            office: office?,
            job_developers_min,
            staff,
            objective,
            publicity,
            costs,
            targets,
        })
    }

    /// Staff, municipality and town ids name files (`calendars/<id>.ics`,
    /// `notices/<id>.txt`): two that differ only in case would be one file where file
    /// names ignore case (Windows, macOS), so they are refused (E010). Exact repeats are
    /// reported by each table.
    fn case_insensitive_ids(&mut self, raw: &RawModel) {
        let mut all: Vec<(&S, &str)> = raw
            .municipality
            .iter()
            .map(|m| (&m.id, "municipality"))
            .chain(raw.town.iter().map(|t| (&t.id, "town")))
            .chain(raw.staff.iter().map(|s| (&s.id, "staff")))
            .collect();
        all.sort_by_key(|(id, _)| id.span().start);
        file_name_ids(self, all.into_iter(), &[]);
    }

    // ----- primitives -------------------------------------------------------------

    /// A non-negative whole number in `lo..=hi`.
    pub(crate) fn count(&mut self, v: &Spanned<i64>, lo: i64, hi: i64, what: &str) -> u32 {
        let x = *v.get_ref();
        if x < lo || x > hi {
            self.c.push(
                "E017",
                v.span().start,
                format!("{what} = {x} is out of range"),
                format!("give a whole number from {lo} to {hi}"),
            );
            return lo.max(0) as u32;
        }
        x as u32
    }

    /// A real number in `lo..=hi`. Every real number a user writes goes through here:
    /// `nan`, `inf` and huge values are refused at load, since they would reach the
    /// solver as coefficients it cannot handle (a NaN distance kept HiGHS busy for
    /// minutes).
    pub(crate) fn real(&mut self, v: &Spanned<f64>, lo: f64, hi: f64, what: &str) -> f64 {
        let x = *v.get_ref();
        if !(x.is_finite() && (lo..=hi).contains(&x)) {
            let shown = if x.is_nan() {
                "nan (not a number)".to_string()
            } else {
                x.to_string()
            };
            self.c.push(
                "E017",
                v.span().start,
                format!("{what} = {shown} is out of range"),
                format!("give a number from {lo} to {hi}"),
            );
            return lo.max(0.0).min(hi);
        }
        x
    }

    /// A latitude in degrees (-90 to 90).
    pub(crate) fn latitude(&mut self, v: &Spanned<f64>) -> f64 {
        self.real(v, -90.0, 90.0, "lat")
    }

    /// A longitude in degrees (-180 to 180).
    pub(crate) fn longitude(&mut self, v: &Spanned<f64>) -> f64 {
        self.real(v, -180.0, 180.0, "lon")
    }

    /// An ISO date inside the fiscal year.
    pub(crate) fn date(&mut self, s: &S) -> Option<NaiveDate> {
        let d = match NaiveDate::parse_from_str(s.get_ref(), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                self.c.push(
                    "E013",
                    s.span().start,
                    format!("`{}` is not a date", s.get_ref()),
                    "write dates as YYYY-MM-DD, e.g. \"2023-06-05\"",
                );
                return None;
            }
        };
        if let Some(p) = self.period {
            if !p.contains(d) {
                self.c.push(
                    "E014",
                    s.span().start,
                    format!("{d} is outside the fiscal year {} .. {}", p.from, p.to),
                    "use a date from April 1 to March 31 of the model's fiscal year (CAL-1)",
                );
                return None;
            }
        }
        Some(d)
    }

    /// An `HH:MM` time.
    pub(crate) fn time(&mut self, s: &S) -> Option<NaiveTime> {
        match NaiveTime::parse_from_str(s.get_ref(), "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                self.c.push(
                    "E015",
                    s.span().start,
                    format!("`{}` is not a time", s.get_ref()),
                    "write times as HH:MM, e.g. \"09:45\"",
                );
                None
            }
        }
    }

    /// A window whose start is before its end.
    pub(crate) fn window(&mut self, start: &S, end: &S) -> Option<TimeWindow> {
        let (a, b) = (self.time(start), self.time(end));
        let (a, b) = (a?, b?);
        if a >= b {
            self.c.push(
                "E016",
                end.span().start,
                format!("end {b} is not after start {a}"),
                "the end time must be later than the start time",
            );
            return None;
        }
        Some(TimeWindow { start: a, end: b })
    }

    /// Weekday names.
    pub(crate) fn weekdays(&mut self, list: &[S]) -> Vec<Weekday> {
        let mut out = Vec::new();
        for s in list {
            match parse_weekday(s.get_ref()) {
                Some(w) => {
                    if !out.contains(&w) {
                        out.push(w);
                    }
                }
                None => {
                    let near = nearest(
                        &s.get_ref().to_lowercase(),
                        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    );
                    self.c.push(
                        "E012",
                        s.span().start,
                        format!("`{}` is not a weekday", s.get_ref()),
                        match near {
                            Some(n) => format!("did you mean `{n}`? weekdays are mon, tue, wed, thu, fri, sat, sun"),
                            None => "weekdays are mon, tue, wed, thu, fri, sat, sun".to_string(),
                        },
                    );
                }
            }
        }
        out.sort_by_key(|w| w.num_days_from_monday());
        out
    }

    /// Checks an id a file defines against the id rule (E022); `false` when refused.
    pub(crate) fn id(&mut self, id: &S, what: &str) -> bool {
        match ids::check_id(id.get_ref(), what) {
            Ok(()) => true,
            Err(p) => {
                self.c.push("E022", id.span().start, p.message, p.help);
                false
            }
        }
    }

    /// Checks free text (NUL, length; E024), located at the text's own value.
    pub(crate) fn text(&mut self, text: &S, what: &str, max: usize) {
        if let Err(p) = ids::check_text(text.get_ref(), what, max) {
            self.c.push("E024", text.span().start, p.message, p.help);
        }
    }

    /// Records a duplicate id, or the id's first index.
    fn unique(&mut self, table: &mut HashMap<String, usize>, id: &S, what: &str) {
        let key = id.get_ref().clone();
        // A refused id is still entered, so references to it do not add errors.
        if !self.id(id, what) && key.is_empty() {
            return;
        }
        if table.contains_key(&key) {
            self.c.push(
                "E010",
                id.span().start,
                format!("duplicate {what} id `{key}`"),
                format!("ids must be unique: rename this {what} or remove the duplicate"),
            );
        } else {
            let n = table.len();
            table.insert(key, n);
        }
    }

    /// An unknown-reference error with a suggestion.
    pub(crate) fn unknown<'n>(
        &mut self,
        s: &S,
        what: &str,
        known: impl IntoIterator<Item = &'n str>,
    ) {
        let known: Vec<&str> = known.into_iter().collect();
        let wanted = label_key(s.get_ref());
        let by_name = self
            .labels
            .iter()
            .find(|(name, id)| label_key(name) == wanted && known.contains(&id.as_str()))
            .map(|(_, id)| id.as_str());
        let help = match by_name.or_else(|| nearest(s.get_ref(), known.iter().copied())) {
            Some(n) => format!("did you mean `{n}`?"),
            None => {
                let mut k = known.clone();
                k.sort_unstable();
                format!("define it first; known {what} ids: {}", k.join(", "))
            }
        };
        self.c.push(
            "E011",
            s.span().start,
            format!("unknown {what} `{}`", s.get_ref()),
            help,
        );
    }

    pub(crate) fn municipality_ref(&mut self, names: &Names, s: &S) -> Option<usize> {
        let r = names.municipalities.get(s.get_ref()).copied();
        if r.is_none() {
            let known: Vec<String> = names.municipalities.keys().cloned().collect();
            self.unknown(s, "municipality", known.iter().map(String::as_str));
        }
        r
    }

    pub(crate) fn venue_ref(&mut self, names: &Names, s: &S) -> Option<usize> {
        let r = names.venues.get(s.get_ref()).copied();
        if r.is_none() {
            let known: Vec<String> = names.venues.keys().cloned().collect();
            self.unknown(s, "venue", known.iter().map(String::as_str));
        }
        r
    }

    pub(crate) fn place_ref(&mut self, names: &Names, s: &S) -> Option<Place> {
        let r = names.place(s.get_ref());
        if r.is_none() {
            let known: Vec<String> = names
                .municipalities
                .keys()
                .chain(names.towns.keys())
                .cloned()
                .collect();
            self.unknown(
                s,
                "place (municipality or town)",
                known.iter().map(String::as_str),
            );
        }
        r
    }

    /// "venue/room" references.
    pub(crate) fn room_refs(&mut self, names: &Names, list: &[S]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for s in list {
            if !s.get_ref().contains('/') {
                self.c.push(
                    "E019",
                    s.span().start,
                    format!("`{}` is not a room reference", s.get_ref()),
                    "write rooms as \"venue-id/room-id\"",
                );
                continue;
            }
            match names.rooms.get(s.get_ref()) {
                Some(&r) => out.push(r),
                None => {
                    let known: Vec<String> = names.rooms.keys().cloned().collect();
                    self.unknown(s, "room", known.iter().map(String::as_str));
                }
            }
        }
        out
    }

    // ----- tables -----------------------------------------------------------------

    fn municipalities(&mut self, raw: &[RawMunicipality], names: &mut Names) -> Vec<Municipality> {
        let mut out = Vec::new();
        for m in raw {
            self.unique(&mut names.municipalities, &m.id, "municipality");
            self.text(&m.name, "municipality's name", ids::NAME_MAX);
            if let Some(n) = &m.name_en {
                self.text(n, "municipality's name_en", ids::NAME_MAX);
            }
            let team_min = self.count(&m.team_min, 0, 100, "team_min");
            out.push(Municipality {
                id: m.id.get_ref().clone(),
                name: m.name.get_ref().clone(),
                name_en: m
                    .name_en
                    .as_ref()
                    .map_or_else(|| m.id.get_ref().clone(), |n| n.get_ref().clone()),
                team_min,
                lat: self.latitude(&m.lat),
                lon: self.longitude(&m.lon),
            });
        }
        // Keep indices aligned with the vector even if ids repeat.
        names.municipalities = out
            .iter()
            .enumerate()
            .rev()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        out
    }

    fn towns(&mut self, raw: &[RawTown], names: &mut Names) -> Vec<Town> {
        let mut out = Vec::new();
        for t in raw {
            if names.municipalities.contains_key(t.id.get_ref()) {
                self.c.push(
                    "E010",
                    t.id.span().start,
                    format!("town id `{}` is already a municipality id", t.id.get_ref()),
                    "municipalities are places already; remove this town or rename it",
                );
            }
            self.unique(&mut names.towns, &t.id, "town");
            self.text(&t.name, "town's name", ids::NAME_MAX);
            out.push(Town {
                id: t.id.get_ref().clone(),
                name: t.name.get_ref().clone(),
                lat: self.latitude(&t.lat),
                lon: self.longitude(&t.lon),
            });
        }
        names.towns = out
            .iter()
            .enumerate()
            .rev()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        out
    }

    fn venues(&mut self, raw: &[RawVenue], names: &mut Names) -> Vec<Venue> {
        let mut out = Vec::new();
        for v in raw {
            self.unique(&mut names.venues, &v.id, "venue");
            self.text(&v.name, "venue's name", ids::NAME_MAX);
            self.text(&v.address, "venue's address", ids::TEXT_MAX);
            let place = self
                .place_ref(names, &v.place)
                .unwrap_or(Place::Municipality(0));
            let usable = self.weekdays(&v.usable);
            let mut rooms: Vec<Room> = Vec::new();
            for r in &v.room {
                self.id(&r.id, "room");
                self.text(&r.name, "room's name", ids::NAME_MAX);
                if rooms
                    .iter()
                    .any(|x| x.id.eq_ignore_ascii_case(r.id.get_ref()))
                {
                    self.c.push(
                        "E010",
                        r.id.span().start,
                        format!(
                            "duplicate room id `{}` in venue `{}`",
                            r.id.get_ref(),
                            v.id.get_ref()
                        ),
                        "room ids must be unique within a venue",
                    );
                }
                let capacity = self.count(&r.capacity, 1, 10_000, "capacity");
                rooms.push(Room {
                    id: r.id.get_ref().clone(),
                    name: r.name.get_ref().clone(),
                    capacity,
                    closed: Vec::new(),
                });
            }
            out.push(Venue {
                id: v.id.get_ref().clone(),
                name: v.name.get_ref().clone(),
                address: v.address.get_ref().clone(),
                place,
                usable,
                rooms,
                closed: Vec::new(),
            });
        }
        names.venues = out
            .iter()
            .enumerate()
            .rev()
            .map(|(i, v)| (v.id.clone(), i))
            .collect();
        for (vi, v) in out.iter().enumerate() {
            for (ri, r) in v.rooms.iter().enumerate() {
                names
                    .rooms
                    .entry(format!("{}/{}", v.id, r.id))
                    .or_insert((vi, ri));
            }
        }
        out
    }

    pub(crate) fn closures(&mut self, cal: Option<&RawCalendar>) -> Closures {
        let mut year_end_from = (12, 29);
        let mut year_end_to = (1, 3);
        if let Some(ye) = cal.and_then(|c| c.year_end_closure.as_ref()) {
            let list = ye.get_ref();
            if list.len() != 2 {
                self.c.push(
                    "E016",
                    ye.span().start,
                    "year_end_closure needs exactly two month-days",
                    "write year_end_closure = [\"12-29\", \"01-03\"]",
                );
            } else {
                let a = self.month_day(&list[0]);
                let b = self.month_day(&list[1]);
                if let (Some(a), Some(b)) = (a, b) {
                    year_end_from = a;
                    year_end_to = b;
                }
            }
        }
        let mut designated: Vec<(NaiveDate, String)> = Vec::new();
        for c in cal.map(|c| c.closure.as_slice()).unwrap_or_default() {
            if let Some(n) = &c.note {
                self.text(n, "closure's note", ids::TEXT_MAX);
            }
            if let Some(d) = self.date(&c.date) {
                if designated.iter().any(|(x, _)| *x == d) {
                    self.c.push(
                        "E010",
                        c.date.span().start,
                        format!("closure {d} is listed twice"),
                        "remove the duplicate closure",
                    );
                    continue;
                }
                designated.push((
                    d,
                    c.note.as_ref().map_or_else(
                        || "designated by the prefecture".into(),
                        |n| n.get_ref().clone(),
                    ),
                ));
            }
        }
        designated.sort();
        Closures {
            year_end_from,
            year_end_to,
            designated,
        }
    }

    fn month_day(&mut self, s: &S) -> Option<(u32, u32)> {
        let parsed = s
            .get_ref()
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
            .filter(|&(m, d)| NaiveDate::from_ymd_opt(2024, m, d).is_some());
        if parsed.is_none() {
            self.c.push(
                "E013",
                s.span().start,
                format!("`{}` is not a month-day", s.get_ref()),
                "write month-days as MM-DD, e.g. \"12-29\"",
            );
        }
        parsed
    }

    fn consultation(&mut self, r: &RawConsultation, max_sub: u32) -> Option<ConsultationRules> {
        let window = self.window(&r.start, &r.end);
        let mut slots = Vec::new();
        for s in &r.slots {
            if let Some(t) = self.time(s) {
                if let Some(w) = window {
                    if t < w.start || t >= w.end {
                        self.c.push(
                            "E016",
                            s.span().start,
                            format!(
                                "slot {t} lies outside the duty window {}-{}",
                                w.start, w.end
                            ),
                            "slots must start within the consultation window (CON-2)",
                        );
                    }
                }
                slots.push(t);
            }
        }
        let min_consultants = self.count(&r.min_consultants, 0, 50, "min_consultants");
        let min_experience_years =
            self.real(&r.min_experience_years, 0.0, 80.0, "min_experience_years");
        Some(ConsultationRules {
            window: window?,
            slots,
            min_consultants,
            require_register: r.require_register,
            min_experience_years,
            max_substitute_distance_days: max_sub,
        })
    }

    fn patterns(
        &mut self,
        raw: &[RawPattern],
        names: &Names,
        venues: &[Venue],
    ) -> Vec<ConsultationPattern> {
        let mut out = Vec::new();
        for p in raw {
            let m = self.municipality_ref(names, &p.municipality);
            let v = self.venue_ref(names, &p.venue);
            let weekdays = self.weekdays(&p.days);
            if p.days.is_empty() {
                self.c.push(
                    "E016",
                    p.municipality.span().start,
                    "the pattern has no days",
                    "list the weekdays, e.g. days = [\"mon\", \"tue\"]",
                );
            }
            let mut nth = Vec::new();
            for n in &p.nth {
                nth.push(self.count(n, 1, 5, "nth"));
            }
            if let Some(vi) = v {
                if venues[vi].rooms.is_empty() {
                    self.c.push(
                        "E016",
                        p.venue.span().start,
                        format!("venue `{}` has no rooms, so its consultation days would have no room", venues[vi].id),
                        "give the venue its rooms, the consultation room first: room = [{ id = \"consultation\", name = \"相談室\", capacity = 4 }]",
                    );
                }
                for (w, s) in weekdays.iter().zip(&p.days) {
                    if !venues[vi].usable.contains(w) {
                        self.c.push(
                            "E016",
                            s.span().start,
                            format!("venue `{}` cannot be used on {}", venues[vi].id, weekday_id(*w)),
                            "add the weekday to the venue's `usable` list or remove it from the pattern",
                        );
                    }
                }
            }
            let Some(period) = self.period else { continue };
            let from = p
                .from
                .as_ref()
                .and_then(|s| self.date(s))
                .unwrap_or(period.from);
            let until = p
                .until
                .as_ref()
                .and_then(|s| self.date(s))
                .unwrap_or(period.to);
            if from > until {
                let at = p.until.as_ref().map_or(0, |s| s.span().start);
                self.c.push(
                    "E016",
                    at,
                    format!("until {until} is before from {from}"),
                    "the validity range must not be empty",
                );
            }
            if let (Some(m), Some(v)) = (m, v) {
                out.push(ConsultationPattern {
                    municipality: m,
                    venue: v,
                    weekdays,
                    nth,
                    valid: DateRange { from, to: until },
                });
            }
        }
        out
    }

    fn substitutions(
        &mut self,
        cal: Option<&RawCalendar>,
        names: &Names,
        patterns: &[ConsultationPattern],
        closures: &Closures,
        venues: &[Venue],
        max_days: u32,
    ) -> Vec<Substitution> {
        let venues_usable = |v: usize, d: NaiveDate| venues.get(v).is_some_and(|v| v.usable_on(d));
        let mut out: Vec<Substitution> = Vec::new();
        for s in cal.map(|c| c.substitution.as_slice()).unwrap_or_default() {
            let m = self.municipality_ref(names, &s.municipality);
            let o = self.date(&s.original);
            let d = self.date(&s.substitute);
            let (Some(m), Some(o), Some(d)) = (m, o, d) else {
                continue;
            };
            let is_pattern_day = patterns.iter().any(|p| p.municipality == m && p.matches(o));
            if !is_pattern_day || !holidays::is_holiday(o) || closures.is_closed(o) {
                self.c.push(
                    "E020",
                    s.original.span().start,
                    format!("{o} is not a consultation day of `{}` that falls on a national holiday", s.municipality.get_ref()),
                    "only a pattern day on a holiday (outside closures) is substituted (CAL-5); check the date",
                );
                continue;
            }
            if holidays::is_holiday(d) || closures.is_closed(d) || d.weekday() == Weekday::Sun {
                self.c.push(
                    "E020",
                    s.substitute.span().start,
                    format!("substitute {d} is a holiday, a Sunday or a closed day"),
                    "choose a working day (CAL-5)",
                );
                continue;
            }
            let venue_ok = patterns
                .iter()
                .filter(|p| p.municipality == m && p.matches(o))
                .all(|p| venues_usable(p.venue, d));
            let far = (d - o).num_days().unsigned_abs() > u64::from(max_days);
            if !venue_ok || far {
                self.c.push(
                    "E020",
                    s.substitute.span().start,
                    format!("substitute {d} is more than {max_days} days from {o} or its venue cannot be used that weekday"),
                    "choose a day near the holiday on which the venue is usable (CAL-5)",
                );
                continue;
            }
            if patterns.iter().any(|p| p.municipality == m && p.matches(d))
                || out.iter().any(|x| x.municipality == m && x.substitute == d)
            {
                self.c.push(
                    "E020",
                    s.substitute.span().start,
                    format!("`{}` already has a consultation day on {d}", s.municipality.get_ref()),
                    "choose a day that is not already a consultation day of the municipality (CAL-5)",
                );
                continue;
            }
            if out.iter().any(|x| x.municipality == m && x.original == o) {
                self.c.push(
                    "E010",
                    s.original.span().start,
                    format!("{o} of `{}` is substituted twice", s.municipality.get_ref()),
                    "keep one substitution per holiday",
                );
                continue;
            }
            out.push(Substitution {
                municipality: m,
                original: o,
                substitute: d,
            });
        }
        out
    }

    fn seminars(&mut self, r: &RawSeminars) -> Option<SeminarRules> {
        let window = self.window(&r.start, &r.end);
        let capacity = self.count(&r.capacity, 1, 10_000, "capacity");
        let lecturer_min_given = self.count(&r.lecturer_min_given, 0, 10_000, "lecturer_min_given");
        let reception_per_seminar =
            self.count(&r.reception_per_seminar, 0, 10, "reception_per_seminar");
        let weekdays = self.weekdays(&r.weekdays);
        let mut theme = |t: &RawThemeRule| {
            for th in t.themes.get_ref() {
                self.text(th, "seminar theme", ids::NAME_MAX);
            }
            if t.themes.get_ref().is_empty() {
                self.c.push(
                    "E016",
                    t.themes.span().start,
                    "a seminar type needs at least one theme",
                    "list the themes (SEM-6)",
                );
            }
            ThemeRule {
                themes: t
                    .themes
                    .get_ref()
                    .iter()
                    .map(|x| x.get_ref().clone())
                    .collect(),
                rotate_monthly: t.rotate_monthly,
            }
        };
        let themes = [
            theme(&r.themes.all_ages),
            theme(&r.themes.senior),
            theme(&r.themes.women),
            theme(&r.themes.health),
        ];
        Some(SeminarRules {
            window: window?,
            capacity,
            lecturer_min_given,
            reception_per_seminar,
            themes,
            weekdays,
        })
    }

    /// SEM-6: senior seminars need at least 3 themes, women's and all-ages seminars at
    /// least 2, health seminars 1, wherever the quotas hold seminars of the type (E016
    /// at the type's `themes`; none at all is reported by [`Self::seminars`]).
    fn theme_counts(&mut self, r: &RawSeminars, quotas: &[SeminarQuota]) {
        let need = [
            (&r.themes.all_ages, 2),
            (&r.themes.senior, 3),
            (&r.themes.women, 2),
            (&r.themes.health, 1),
        ];
        for (i, (t, min)) in need.into_iter().enumerate() {
            let held: u32 = quotas.iter().map(|q| q.counts[i]).sum();
            let n = t.themes.get_ref().len();
            if held > 0 && n > 0 && n < min {
                let kind = SeminarType::ALL[i].id();
                self.c.push(
                    "E016",
                    t.themes.span().start,
                    format!("{kind} seminars have {n} theme(s); SEM-6 asks for at least {min}"),
                    format!("list at least {min} themes in [seminars.themes.{kind}] (SEM-6)"),
                );
            }
        }
    }

    fn seminar_quotas(
        &mut self,
        raw: &[RawSeminarQuota],
        names: &Names,
        rules: Option<&SeminarRules>,
    ) -> Vec<SeminarQuota> {
        let mut out: Vec<SeminarQuota> = Vec::new();
        for q in raw {
            if let Some(cc) = &q.childcare {
                self.text(cc, "childcare note", ids::TEXT_MAX);
            }
            let m = self.municipality_ref(names, &q.municipality);
            let rooms = self.room_refs(names, &q.rooms);
            if q.rooms.is_empty() {
                self.c.push(
                    "E016",
                    q.municipality.span().start,
                    "a seminar quota needs at least one room",
                    "list rooms as \"venue-id/room-id\"",
                );
            }
            let capacity = match &q.capacity {
                Some(c) => self.count(c, 1, 10_000, "capacity"),
                None => rules.map_or(30, |r| r.capacity),
            };
            let childcare_lead_days = q
                .childcare_lead_days
                .as_ref()
                .map(|d| self.count(d, 0, 366, "childcare_lead_days"));
            // SEM-7: childcare workers rostered at each women's seminar of the quota.
            let childcare_workers = q
                .childcare_workers
                .as_ref()
                .map_or(0, |n| self.count(n, 0, 100, "childcare_workers"));
            let mut counts = [0u32; 4];
            for (i, c) in [&q.all_ages, &q.senior, &q.women, &q.health]
                .into_iter()
                .enumerate()
            {
                if let Some(c) = c {
                    counts[i] = self.count(c, 0, 366, SeminarType::ALL[i].id());
                }
            }
            if let Some(m) = m {
                if out.iter().any(|x| x.municipality == m) {
                    self.c.push(
                        "E010",
                        q.municipality.span().start,
                        format!(
                            "a seminar quota for `{}` is given twice",
                            q.municipality.get_ref()
                        ),
                        "give one [[seminar_quota]] per municipality",
                    );
                    continue;
                }
                out.push(SeminarQuota {
                    municipality: m,
                    rooms,
                    capacity,
                    counts,
                    childcare: q.childcare.as_ref().map(|x| x.get_ref().clone()),
                    childcare_lead_days,
                    childcare_workers,
                    room_closed: Vec::new(),
                    count_from: [None; 4],
                });
            }
        }
        out
    }

    fn event_series(&mut self, raw: &[RawEventSeries], names: &Names) -> Vec<EventSeries> {
        let mut ids = HashMap::new();
        let mut out = Vec::new();
        for e in raw {
            self.unique(&mut ids, &e.id, "event series");
            if ids::check_id(e.id.get_ref(), "event series").is_ok() {
                if let Err(p) = ids::check_series_id(e.id.get_ref()) {
                    self.c.push("E022", e.id.span().start, p.message, p.help);
                }
            }
            for t in &e.topics {
                self.text(t, "event series' topic", ids::NAME_MAX);
            }
            let kind = match EventKind::parse(e.kind.get_ref()) {
                Some(
                    k @ (EventKind::Outreach
                    | EventKind::OnePoint
                    | EventKind::JobFair
                    | EventKind::Roundtable),
                ) => Some(k),
                _ => {
                    let near = nearest(
                        e.kind.get_ref(),
                        ["outreach", "one-point", "job-fair", "roundtable"],
                    );
                    self.c.push(
                        "E018",
                        e.kind.span().start,
                        format!("unknown event kind `{}`", e.kind.get_ref()),
                        match near {
                            Some(n) => format!("did you mean `{n}`? kinds are outreach, one-point, job-fair, roundtable"),
                            None => "kinds are outreach, one-point, job-fair, roundtable".to_string(),
                        },
                    );
                    None
                }
            };
            let count = self.count(&e.count, 0, 366, "count");
            let per_month = e
                .per_month
                .as_ref()
                .map(|p| self.count(p, 1, 31, "per_month"));
            let window = self.window(&e.start, &e.end);
            let rooms = self.room_refs(names, &e.rooms);
            if e.rooms.is_empty() {
                self.c.push(
                    "E016",
                    e.id.span().start,
                    "an event series needs at least one room",
                    "list rooms as \"venue-id/room-id\"",
                );
            }
            let weekdays = self.weekdays(&e.weekdays);
            let participants = self.count(&e.participants, 0, 100_000, "participants");
            let mut needs = Vec::new();
            for n in &e.needs {
                let count = self.count(&n.count, 0, 50, "count");
                match Qualification::parse(n.who.get_ref()) {
                    Some(who) => needs.push(Need { who, count }),
                    None => {
                        let all = [
                            "consultant",
                            "lecturer",
                            "lecturer-or-consultant",
                            "reception",
                            "job-developer",
                        ];
                        let help = match nearest(n.who.get_ref(), all) {
                            Some(x) => format!("did you mean `{x}`? one of {}", all.join(", ")),
                            None => format!("one of {}", all.join(", ")),
                        };
                        self.c.push(
                            "E018",
                            n.who.span().start,
                            format!("unknown qualification `{}`", n.who.get_ref()),
                            help,
                        );
                    }
                }
            }
            let online_every = e
                .online_every
                .as_ref()
                .map_or(0, |x| self.count(x, 0, 100, "online_every"));
            let online_participants = e.online_participants.as_ref().map_or(participants, |x| {
                self.count(x, 0, 100_000, "online_participants")
            });
            if let (Some(kind), Some(window)) = (kind, window) {
                out.push(EventSeries {
                    id: e.id.get_ref().clone(),
                    kind,
                    count,
                    per_month,
                    window,
                    rooms,
                    weekdays,
                    participants,
                    needs,
                    topics: e.topics.iter().map(|x| x.get_ref().clone()).collect(),
                    online_every,
                    online_participants,
                    count_from: None,
                    month_counts: Default::default(),
                });
            }
        }
        out
    }

    fn office(&mut self, r: &RawOffice, names: &Names, venues: &[Venue]) -> Option<OfficeRules> {
        let venue = self.venue_ref(names, &r.venue);
        if let Some(vi) = venue {
            if venues[vi].rooms.is_empty() {
                self.c.push(
                    "E016",
                    r.venue.span().start,
                    format!("office venue `{}` has no rooms", venues[vi].id),
                    "give the venue its rooms: room = [{ id = \"office\", name = \"事務室\", capacity = 10 }]",
                );
            }
        }
        let weekdays = self.weekdays(&r.weekdays);
        let window = self.window(&r.start, &r.end);
        let managers = self.count(&r.managers, 0, 10, "managers");
        let sub_managers = self.count(&r.sub_managers, 0, 10, "sub_managers");
        let reception = self.count(&r.reception, 0, 100, "reception");
        Some(OfficeRules {
            venue: venue?,
            weekdays,
            window: window?,
            managers,
            sub_managers,
            reception,
        })
    }

    fn objective(&mut self, r: Option<&RawObjective>) -> ObjectiveWeights {
        let mut w = ObjectiveWeights {
            travel_per_km: 1.0,
            team_member: 200.0,
            fairness: 20.0,
            preference: 5.0,
            violation: 100_000.0,
            contract: ContractWeights::default(),
        };
        if let Some(r) = r {
            if let Some(x) = &r.travel_per_km {
                w.travel_per_km = self.real(x, 0.0, WEIGHT_MAX, "travel_per_km");
            }
            if let Some(x) = &r.team_member {
                w.team_member = self.real(x, 0.0, WEIGHT_MAX, "team_member");
            }
            if let Some(x) = &r.fairness {
                w.fairness = self.real(x, 0.0, WEIGHT_MAX, "fairness");
            }
            if let Some(x) = &r.preference {
                w.preference = self.real(x, 0.0, WEIGHT_MAX, "preference");
            }
            if let Some(x) = &r.violation {
                w.violation = self.real(x, 0.0, WEIGHT_MAX, "violation");
            }
            self.contract_weights(r, &mut w.contract);
        }
        w
    }

    /// The contract terms' keys of `[objective]` (docs/model.md): shares from 0 to 1,
    /// weights from 0 to `WEIGHT_MAX` (E017).
    fn contract_weights(&mut self, r: &RawObjective, c: &mut ContractWeights) {
        if let Some(x) = &r.contract_floor {
            c.floor = self.real(x, 0.0, 1.0, "contract_floor");
        }
        if let Some(x) = &r.contract_shortfall {
            c.shortfall = self.real(x, 0.0, WEIGHT_MAX, "contract_shortfall");
        }
        if let Some(x) = &r.far_below_contract {
            c.far_short = self.real(x, 0.0, WEIGHT_MAX, "far_below_contract");
        }
        if let Some(x) = &r.fair_band {
            c.band = self.real(x, 0.0, 1.0, "fair_band");
        }
    }

    /// `[costs]`: the rates reports turn km into yen with (never an objective weight).
    fn costs(&mut self, r: Option<&RawCosts>) -> Costs {
        let rate = r.and_then(|r| r.travel_yen_per_km.as_ref());
        Costs {
            travel_yen_per_km: rate
                .map(|x| self.real(x, 0.0, TRAVEL_YEN_PER_KM_MAX, "travel_yen_per_km")),
        }
    }

    pub(crate) fn staff(&mut self, raw: &[RawStaff], names: &Names) -> Vec<Staff> {
        let mut ids = HashMap::new();
        let mut out = Vec::new();
        for s in raw {
            self.unique(&mut ids, &s.id, "staff");
            // A person's calendar and a place's share one folder (calendars/<id>.ics).
            let place = if names.municipalities.contains_key(s.id.get_ref()) {
                Some("municipality")
            } else if names.towns.contains_key(s.id.get_ref()) {
                Some("town")
            } else {
                None
            };
            if let Some(what) = place {
                self.c.push(
                    "E010",
                    s.id.span().start,
                    format!("staff id `{}` is already a {what} id", s.id.get_ref()),
                    "calendars/<id>.ics is written for people and places alike: rename this person",
                );
            }
            out.push(self.one_staff(s, names));
        }
        out
    }

    /// One `[[staff]]` (or a scenario's `[[add_staff]]`) person, each field checked in
    /// the file's order: roles, limits (E017), home and preferred places (E011),
    /// leave and employment (E016, CON-7), travel (E093).
    pub(crate) fn one_staff(&mut self, s: &RawStaff, names: &Names) -> Staff {
        self.text(&s.name, "staff member's name", ids::NAME_MAX);
        let roles = self.roles(&s.roles);
        let experience_years = s
            .experience_years
            .as_ref()
            .map_or(0.0, |x| self.real(x, 0.0, 80.0, "experience_years"));
        let seminars_given = s
            .seminars_given
            .as_ref()
            .map_or(0, |x| self.count(x, 0, 100_000, "seminars_given"));
        let home = self
            .place_ref(names, &s.home)
            .unwrap_or(Place::Municipality(0));
        let weekdays = self.weekdays(&s.weekdays);
        let mut leave = self.leave(&s.leave);
        leave.extend(self.outside_employment(s));
        let contract_days_per_week = self.real(
            &s.contract_days_per_week,
            0.0,
            7.0,
            "contract_days_per_week",
        );
        let max_days_per_week = self.count(&s.max_days_per_week, 0, 7, "max_days_per_week");
        let max_days_per_month = self.count(&s.max_days_per_month, 0, 31, "max_days_per_month");
        let max_days_per_year = self.count(&s.max_days_per_year, 0, 366, "max_days_per_year");
        let max_travel_km = s.max_travel_km.as_ref().and_then(|x| self.max_travel_km(x));
        let contract_floor = s
            .contract_floor
            .as_ref()
            .map(|x| self.real(x, 0.0, 1.0, "contract_floor"));
        let mut prefers = Vec::new();
        for p in &s.prefers {
            if let Some(m) = self.municipality_ref(names, p) {
                prefers.push(m);
            }
        }
        Staff {
            id: s.id.get_ref().clone(),
            name: s.name.get_ref().clone(),
            roles,
            registered: s.registered,
            experience_years,
            seminars_given,
            home,
            weekdays,
            leave,
            contract_days_per_week,
            max_days_per_week,
            max_days_per_month,
            max_days_per_year,
            prefers,
            max_travel_km,
            contract_floor,
            terms: Vec::new(),
        }
    }

    /// A person's roles (they decide who may lead, manage or staff an event): E018 an
    /// unknown role, which is left out.
    pub(crate) fn roles(&mut self, raw: &[S]) -> Vec<Role> {
        let mut roles = Vec::new();
        for r in raw {
            match Role::parse(r.get_ref()) {
                Some(x) => roles.push(x),
                None => {
                    let all = Role::ALL.map(Role::id);
                    let help = match nearest(r.get_ref(), all) {
                        Some(x) => format!("did you mean `{x}`? roles are {}", all.join(", ")),
                        None => format!("roles are {}", all.join(", ")),
                    };
                    self.c.push(
                        "E018",
                        r.span().start,
                        format!("unknown role `{}`", r.get_ref()),
                        help,
                    );
                }
            }
        }
        roles
    }

    /// A person's `[[staff.leave]]` ranges (CON-7: someone else is placed): E016 one
    /// that ends before it starts, which is left out.
    fn leave(&mut self, raw: &[RawLeave]) -> Vec<DateRange> {
        let mut leave = Vec::new();
        for l in raw {
            let (a, b) = (self.date(&l.from), self.date(&l.to));
            if let (Some(a), Some(b)) = (a, b) {
                if a > b {
                    self.c.push(
                        "E016",
                        l.to.span().start,
                        format!("leave ends {b} before it starts {a}"),
                        "swap from and to",
                    );
                } else {
                    leave.push(DateRange { from: a, to: b });
                }
            }
        }
        leave
    }

    /// The days of the period before `start` and after `end` of employment, as leave:
    /// E016 employment that ends before it starts.
    fn outside_employment(&mut self, s: &RawStaff) -> Vec<DateRange> {
        let mut leave = Vec::new();
        let first = s.start.as_ref().and_then(|x| self.date(x));
        let last = s.end.as_ref().and_then(|x| self.date(x));
        if let (Some(f), Some(l), Some(at)) = (first, last, s.end.as_ref()) {
            if f > l {
                self.c.push(
                    "E016",
                    at.span().start,
                    format!("employment ends {l} before it starts {f}"),
                    "swap start and end",
                );
            }
        }
        if let Some(period) = self.period {
            if let Some(first) = first {
                if first > period.from {
                    let to = first.pred_opt().unwrap_or(first);
                    leave.push(DateRange {
                        from: period.from,
                        to,
                    });
                }
            }
            if let Some(last) = last {
                if last < period.to {
                    let from = last.succ_opt().unwrap_or(last);
                    leave.push(DateRange {
                        from,
                        to: period.to,
                    });
                }
            }
        }
        leave
    }

    /// A person's farthest one-way trip from home: E093 unless a positive number of km.
    fn max_travel_km(&mut self, v: &Spanned<f64>) -> Option<f64> {
        let x = *v.get_ref();
        if x.is_finite() && x > 0.0 {
            Some(x)
        } else {
            self.c.push(
                "E093",
                v.span().start,
                format!("max_travel_km = {x} must be a positive number of km"),
                "give the farthest one-way distance from home, e.g. 60.0, or leave it out for the model's default",
            );
            None
        }
    }
}
