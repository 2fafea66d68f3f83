//! Calendar files: `calendars/<staff_id>.ics` per rostered person,
//! `calendars/<municipality>.ics` per municipality and `calendars/<town>.ics` per town
//! that hosts an event (outreach), written with the `icalendar` crate.
//!
//! A phone that imported a person's file must update, not double, when the plan is
//! re-made. So UIDs come from the plan (event id and person), never from randomness;
//! each VEVENT carries a fingerprint of what a person sees (`X-ROSTER-FINGERPRINT`), and
//! a re-plan compares its events with the baseline's calendars ([`Prior`]): an event
//! whose fingerprint changed gets the next SEQUENCE, and one taken away is kept as
//! `STATUS:CANCELLED` with the same UID and a higher SEQUENCE. Times are local
//! (`TZID=Asia/Tokyo`, with a VTIMEZONE), DTSTAMP is fixed by the caller, so the files
//! are repeatable byte for byte.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};
use sha2::{Digest, Sha256};

use super::files::PlanFile;
use super::labels::Lang;
use super::names::Names;
use crate::model::{EventKind, Model};
use crate::plan::{parse_day, Assignment, Event as PlanEvent, Plan};

/// Folder of calendar files inside a plan directory.
pub const CALENDARS_DIR: &str = "calendars";
/// The time zone of every event.
pub const TZID: &str = "Asia/Tokyo";
/// The fingerprint property.
const FINGERPRINT: &str = "X-ROSTER-FINGERPRINT";

/// Japan has had no daylight saving time since 1951: one fixed offset.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The calendars a baseline plan's directory held: per file name, its VEVENTs.
#[derive(Debug, Clone, Default)]
pub struct Prior {
    files: BTreeMap<String, Vec<Event>>,
}

impl Prior {
    /// Reads `dir/calendars/*.ics`; `None` if the directory has no calendars (a plan
    /// written before calendars existed). A file that does not parse is left out.
    pub fn from_dir(dir: &Path) -> Option<Prior> {
        let cal_dir = dir.join(CALENDARS_DIR);
        // Links and special files (a FIFO would block) are not roster's calendars:
        // they are skipped, never followed.
        if !std::fs::symlink_metadata(&cal_dir).is_ok_and(|m| m.is_dir()) {
            return None;
        }
        let entries = std::fs::read_dir(&cal_dir).ok()?;
        let mut files = BTreeMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".ics") || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            // Read as every plan-folder file is: no link followed, no FIFO waited on,
            // even if one replaced the file since it was listed.
            let Some(text) = crate::plan::files::read_plan_file(&entry.path())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
            else {
                continue;
            };
            if let Ok(cal) = text.parse::<Calendar>() {
                files.insert(
                    format!("{CALENDARS_DIR}/{name}"),
                    cal.events().cloned().collect(),
                );
            }
        }
        Some(Prior { files })
    }

    /// The calendars a plan would have had, freshly written (every SEQUENCE 0).
    pub fn from_plan(model: &Model, plan: &Plan, lang: Lang, stamp: NaiveDateTime) -> Prior {
        let mut files = BTreeMap::new();
        for (name, bytes) in files_of(model, plan, lang, stamp, &Prior::default()) {
            if let Ok(cal) = String::from_utf8_lossy(&bytes).parse::<Calendar>() {
                files.insert(name, cal.events().cloned().collect());
            }
        }
        Prior { files }
    }

    /// The calendars of rendered plan files (those under `calendars/`).
    pub fn from_files(files: &[PlanFile]) -> Prior {
        let mut out = BTreeMap::new();
        for (name, bytes) in files {
            if !name.starts_with(&format!("{CALENDARS_DIR}/")) || !name.ends_with(".ics") {
                continue;
            }
            if let Ok(cal) = String::from_utf8_lossy(bytes).parse::<Calendar>() {
                out.insert(name.clone(), cal.events().cloned().collect());
            }
        }
        Prior { files: out }
    }

    /// The baseline's calendars from its directory, or rendered from its plan.
    pub fn of_baseline(
        dir: &Path,
        model: &Model,
        plan: &Plan,
        lang: Lang,
        stamp: NaiveDateTime,
    ) -> Prior {
        Prior::from_dir(dir).unwrap_or_else(|| Prior::from_plan(model, plan, lang, stamp))
    }
}

/// When a VEVENT happens: local times, or a whole day.
#[derive(Debug, Clone, Copy)]
pub enum When {
    /// From, to (Asia/Tokyo).
    Timed(NaiveDateTime, NaiveDateTime),
    /// A whole day (`DTSTART;VALUE=DATE`).
    AllDay(NaiveDate),
}

/// One VEVENT to write, before its SEQUENCE is known.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable across re-plans: `<event_id>-<staff_id>@roster` or `<event_id>@roster`.
    pub uid: String,
    /// When.
    pub when: When,
    /// What the person sees as the title.
    pub summary: String,
    /// Where.
    pub location: String,
    /// Details.
    pub description: String,
    /// Not yet settled (a session without a classroom): `STATUS:TENTATIVE`, not
    /// `CONFIRMED`.
    pub tentative: bool,
}

impl Entry {
    fn fingerprint(&self) -> String {
        let (start, end) = match self.when {
            When::Timed(a, b) => (a.to_string(), b.to_string()),
            When::AllDay(d) => (d.to_string(), d.to_string()),
        };
        let mut text = format!(
            "{start}|{end}|{}|{}|{}",
            self.summary, self.location, self.description
        );
        // Only a tentative event carries the mark: fingerprints of confirmed events
        // stay as older baselines wrote them.
        if self.tentative {
            text.push_str("|tentative");
        }
        let d = Sha256::digest(text.as_bytes());
        d.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    /// The sort key of the VEVENT in its file (DTSTART as iCalendar writes it).
    fn sort_key(&self) -> String {
        match self.when {
            When::Timed(a, _) => a.format("%Y%m%dT%H%M%S").to_string(),
            When::AllDay(d) => d.format("%Y%m%d").to_string(),
        }
    }
}

/// The calendar files wanted, by file name (`calendars/<id>.ics`): the calendar's title
/// and its events.
pub type Wanted = BTreeMap<String, (String, Vec<Entry>)>;

/// The local date and time (Asia/Tokyo) of a plan row's date and `HH:MM`, for either
/// programme's events; `None` when either does not read.
pub(crate) fn local_time(date: &str, hhmm: &str) -> Option<NaiveDateTime> {
    let day = parse_day(date)?;
    let t = chrono::NaiveTime::parse_from_str(hhmm, "%H:%M").ok()?;
    Some(day.and_time(t))
}

/// Everyone on each event, as both programmes' calendars list them in an event's
/// description: `role: name (id)`, in the plan's order; `role` and `name` give the
/// words in the calendar's language.
pub(crate) fn people_by_event(
    assignments: &[Assignment],
    role: impl Fn(&str) -> &str,
    name: impl Fn(&str) -> String,
) -> HashMap<&str, Vec<String>> {
    let mut people_of: HashMap<&str, Vec<String>> = HashMap::new();
    for a in assignments {
        people_of
            .entry(a.event_id.as_str())
            .or_default()
            .push(format!(
                "{}: {} ({})",
                role(&a.role),
                name(&a.staff_id),
                a.staff_id
            ));
    }
    people_of
}

/// The calendar files of a plan (person files, then municipality files), each event
/// numbered against `prior`, with cancellations for what `prior` had and the plan has not.
pub fn files(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    stamp: NaiveDateTime,
    prior: &Prior,
) -> Vec<PlanFile> {
    files_of(model, plan, lang, stamp, prior)
}

fn files_of(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    stamp: NaiveDateTime,
    prior: &Prior,
) -> Vec<PlanFile> {
    let n = Names::new(model, lang);
    let l = lang.labels();
    let events: HashMap<&str, &PlanEvent> = plan
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    let people_of = people_by_event(&plan.assignments, |r| l.role(r), |id| n.staff(id));
    let location = |e: &PlanEvent| {
        let room = n.room(&e.venue, &e.room);
        format!("{} {}, {}", n.venue(&e.venue), room, n.address(&e.venue))
    };
    let description = |e: &PlanEvent| {
        let mut d = format!("{}\n{}", e.event_id, n.date(&e.date));
        // What the seminar is: its type and theme (SEM-6), so a stand-in lecturer or a
        // childcare worker (SEM-7) knows from the calendar alone.
        if !e.seminar_type.is_empty() {
            d.push('\n');
            d.push_str(l.seminar_type(&e.seminar_type));
        }
        if !e.theme.is_empty() {
            d.push('\n');
            d.push_str(l.theme(&e.theme));
        }
        for p in people_of.get(e.event_id.as_str()).into_iter().flatten() {
            d.push('\n');
            d.push_str(p);
        }
        d
    };
    let entry = |e: &PlanEvent, uid: String, summary: String| -> Option<Entry> {
        Some(Entry {
            uid,
            when: When::Timed(local_time(&e.date, &e.start)?, local_time(&e.date, &e.end)?),
            summary,
            location: location(e),
            description: description(e),
            tentative: false,
        })
    };
    let mut wanted: Wanted = BTreeMap::new();
    for a in &plan.assignments {
        let Some(e) = events.get(a.event_id.as_str()) else {
            continue;
        };
        let summary = match lang {
            Lang::Ja => format!(
                "{}：{}（{}）",
                l.role(&a.role),
                l.kind(&e.kind),
                n.place(&e.municipality)
            ),
            Lang::En => format!(
                "{}: {} ({})",
                l.role(&a.role),
                l.kind(&e.kind),
                n.place(&e.municipality)
            ),
        };
        let uid = format!("{}-{}@roster", e.event_id, a.staff_id);
        if let Some(x) = entry(e, uid, summary) {
            wanted
                .entry(format!("{CALENDARS_DIR}/{}.ics", a.staff_id))
                .or_insert_with(|| (n.staff(&a.staff_id), Vec::new()))
                .1
                .push(x);
        }
    }
    // A place's calendar (a municipality's, or a town's that hosts an outreach event):
    // every event held there for the public, office days left out (they are the
    // centre's own work, shown in the office staff's calendars). The HTML page's view of
    // the place shows the same events.
    for e in &plan.events {
        if !is_place_event(model, e) {
            continue;
        }
        let summary = format!("{} {}", l.kind(&e.kind), n.venue(&e.venue));
        let uid = format!("{}@roster", e.event_id);
        if let Some(x) = entry(e, uid, summary) {
            wanted
                .entry(format!("{CALENDARS_DIR}/{}.ics", e.municipality))
                .or_insert_with(|| (n.place(&e.municipality), Vec::new()))
                .1
                .push(x);
        }
    }
    // The contract's deadlines (PR-1, REP-1, SEM-7): one calendar for the office.
    let (title, items) = super::deadlines::calendar(model, plan, lang);
    let list: Vec<Entry> = items
        .into_iter()
        .map(|x| Entry {
            uid: x.uid,
            when: When::AllDay(x.day),
            summary: x.summary,
            location: String::new(),
            description: x.description,
            tentative: false,
        })
        .collect();
    if !list.is_empty() {
        wanted.insert(
            format!("{CALENDARS_DIR}/{}.ics", super::deadlines::ICS_NAME),
            (title, list),
        );
    }
    let title = super::labels::plan_title(lang, &model.name, stamp.date());
    write(&title, wanted, stamp, prior)
}

/// The calendar files of `wanted` (for a plan of the programme `programme`), each
/// event numbered against `prior` (SEQUENCE + 1 when what a person sees changed), with
/// a `STATUS:CANCELLED` copy (same UID, SEQUENCE + 1) of every event `prior` had and
/// `wanted` has not; `stamp` is every new or changed event's DTSTAMP. Both programme
/// kinds write their calendars here.
pub fn write(
    programme: &str,
    wanted: Wanted,
    stamp: NaiveDateTime,
    prior: &Prior,
) -> Vec<PlanFile> {
    let stamp = Utc.from_utc_datetime(&stamp);
    let mut names: Vec<&String> = wanted.keys().chain(prior.files.keys()).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for file in names {
        let before: HashMap<&str, &Event> = prior
            .files
            .get(file)
            .into_iter()
            .flatten()
            .filter_map(|e| Some((e.get_uid()?, e)))
            .collect();
        let mut vevents: Vec<(String, String, Event)> = Vec::new();
        let (title, list) = match wanted.get(file) {
            Some((t, list)) => (t.clone(), list.as_slice()),
            None => (String::new(), [].as_slice()),
        };
        for x in list {
            let fp = x.fingerprint();
            let sequence = match before.get(x.uid.as_str()) {
                None => 0,
                Some(p) => {
                    let seq = p.get_sequence().unwrap_or(0);
                    let same = p.property_value(FINGERPRINT) == Some(fp.as_str())
                        && p.get_status() != Some(EventStatus::Cancelled);
                    if same {
                        seq
                    } else {
                        seq + 1
                    }
                }
            };
            let mut ev = Event::new();
            ev.uid(&x.uid)
                .timestamp(stamp)
                .sequence(sequence)
                .summary(&x.summary)
                .location(&x.location)
                .description(&x.description);
            match x.when {
                When::Timed(start, end) => {
                    ev.starts(CalendarDateTime::WithTimezone {
                        date_time: start,
                        tzid: TZID.to_string(),
                    })
                    .ends(CalendarDateTime::WithTimezone {
                        date_time: end,
                        tzid: TZID.to_string(),
                    });
                }
                When::AllDay(day) => {
                    // RFC 5545 3.6.1: an all-day event's DTEND is the day after
                    // (icalendar's `all_day` writes DTEND = DTSTART).
                    ev.starts(day).ends(day.succ_opt().unwrap_or(day));
                }
            }
            ev.status(if x.tentative {
                EventStatus::Tentative
            } else {
                EventStatus::Confirmed
            })
            .add_property(FINGERPRINT, &fp);
            vevents.push((x.sort_key(), x.uid.clone(), ev));
        }
        // What the baseline's calendar had and the plan has not: cancelled.
        let kept: std::collections::HashSet<&str> = list.iter().map(|x| x.uid.as_str()).collect();
        let mut gone: Vec<(&&str, &&Event)> = before
            .iter()
            .filter(|(uid, _)| !kept.contains(**uid))
            .collect();
        gone.sort_by(|a, b| a.0.cmp(b.0));
        for (uid, p) in gone {
            let mut ev = (*p).clone();
            if p.get_status() != Some(EventStatus::Cancelled) {
                ev.status(EventStatus::Cancelled)
                    .sequence(p.get_sequence().unwrap_or(0) + 1)
                    .timestamp(stamp);
            }
            let start = p.property_value("DTSTART").unwrap_or("").to_string();
            vevents.push((start, uid.to_string(), ev));
        }
        if vevents.is_empty() {
            continue;
        }
        vevents.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let title = if title.is_empty() {
            before
                .values()
                .next()
                .map_or_else(String::new, |_| file.clone())
        } else {
            title
        };
        let mut cal = Calendar::new();
        cal.name(&format!("{title} - {programme}")).timezone(TZID);
        for (_, _, ev) in vevents {
            cal.push(ev);
        }
        out.push((file.clone(), serialize(&cal.done(), VTIMEZONE).into_bytes()));
    }
    out
}

/// What a calendar application shows of a text roster writes into a TEXT value: line
/// breaks (CR LF, a bare CR, LF) become one LF, which the file carries as `\n`; any
/// other control character (which RFC 5545 TEXT cannot hold, tab aside) becomes U+FFFD
/// so it is seen to be there. Reading a written file back gives exactly this.
pub fn shown_text(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\t' && c != '\n';
    if !s.contains(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if bad(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A TEXT value as RFC 5545 (3.3.11) writes it: [`shown_text`], then backslash,
/// `;`, `,` and LF escaped. The one place roster escapes calendar text (the
/// `icalendar` crate escapes only some properties, `NAME` not, and no CR).
fn text_value(s: &str, out: &mut String) {
    for c in shown_text(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// A parameter value (RFC 5545 3.2): it cannot hold a control character or a double
/// quote at all, so control characters become spaces and `"` becomes `'`; a value
/// with `:`, `;` or `,` is written in double quotes.
fn param_value(s: &str, out: &mut String) {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if clean.contains([':', ';', ',']) {
        out.push('"');
        out.push_str(&clean);
        out.push('"');
    } else {
        out.push_str(&clean);
    }
}

/// A value that is not TEXT (dates, numbers, and properties icalendar keeps raw):
/// written as it is, control characters left out, so it cannot end its line.
fn raw_value(s: &str, out: &mut String) {
    out.extend(s.chars().filter(|c| !c.is_control()));
}

/// One content line, `KEY;PARAM=...:VALUE`, folded, with its CRLF.
fn content_line(p: &icalendar::Property, out: &mut String) {
    use icalendar::ValueType;
    let mut line = String::with_capacity(p.key().len() + p.value().len() + 16);
    raw_value(p.key(), &mut line);
    for param in p.params().values() {
        line.push(';');
        raw_value(param.key(), &mut line);
        line.push('=');
        param_value(param.value(), &mut line);
    }
    line.push(':');
    // NAME (RFC 7986) is TEXT; icalendar knows it not. CATEGORIES and RESOURCES are
    // lists icalendar keeps escaped: roster writes neither.
    let list =
        p.key().eq_ignore_ascii_case("CATEGORIES") || p.key().eq_ignore_ascii_case("RESOURCES");
    let text =
        p.key().eq_ignore_ascii_case("NAME") || (p.value_type() == Some(ValueType::Text) && !list);
    if text {
        text_value(p.value(), &mut line);
    } else {
        raw_value(p.value(), &mut line);
    }
    fold(&line, out);
    out.push_str("\r\n");
}

/// Appends `line` folded as RFC 5545 (3.1) asks: no line longer than 75 octets, a
/// fold (CRLF and a space) only between two characters, never inside one; if a fold
/// would put whitespace first on the next line, it moves one character back (readers
/// that trim continuation lines would lose it). One pass over the line: linear time.
fn fold(line: &str, out: &mut String) {
    const LIMIT: usize = 75;
    out.reserve(line.len() + line.len() / 24);
    let mut start = 0;
    // The continuation's leading space counts against its 75 octets.
    let mut limit = LIMIT;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in line.char_indices() {
        if i + c.len_utf8() - start > limit {
            let cut = match prev {
                Some((j, p)) if c.is_whitespace() && !p.is_whitespace() && j > start => j,
                _ => i,
            };
            out.push_str(&line[start..cut]);
            out.push_str("\r\n ");
            start = cut;
            limit = LIMIT - 1;
        }
        prev = Some((i, c));
    }
    out.push_str(&line[start..]);
}

/// A component (`BEGIN:KIND`, its properties, its sub-components, `END:KIND`) in the
/// order icalendar writes it, every line through [`content_line`].
fn component<C: Component>(c: &C, out: &mut String) {
    let kind = c.component_kind();
    out.push_str(&format!("BEGIN:{kind}\r\n"));
    for p in c.properties().values() {
        content_line(p, out);
    }
    for p in c.multi_properties().values().flatten() {
        content_line(p, out);
    }
    for sub in c.components() {
        component(sub, out);
    }
    out.push_str(&format!("END:{kind}\r\n"));
}

/// The text of `cal`: roster's own writer of what icalendar built, so that every TEXT
/// value (the calendar's NAME included) is escaped in one place ([`text_value`]) and
/// lines are folded in linear time ([`fold`]; icalendar's folding takes time
/// quadratic in a line's length). `timezone` (whole lines) goes after the calendar's
/// properties, before the first event: icalendar would write a DTSTAMP and a UID into
/// a VTIMEZONE, which must not have them. Events must carry DTSTAMP and UID (roster's
/// do).
pub fn serialize(cal: &Calendar, timezone: &str) -> String {
    use icalendar::CalendarComponent as C;
    let mut out = String::from("BEGIN:VCALENDAR\r\n");
    for p in &cal.properties {
        content_line(p, &mut out);
    }
    out.push_str(timezone);
    for c in &cal.components {
        match c {
            C::Event(e) => component(e, &mut out),
            C::Todo(t) => component(t, &mut out),
            C::Venue(v) => component(v, &mut out),
            C::Other(o) => component(o, &mut out),
            // A kind a later icalendar adds: roster builds none.
            _ => {}
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// Whether `e` belongs in its place's calendar (`calendars/<place>.ics`) and the
/// HTML page's view of the place: not an office day, held in a municipality or a town
/// of the model.
pub fn is_place_event(model: &Model, e: &PlanEvent) -> bool {
    !e.is(EventKind::Office)
        && (model.municipalities.iter().any(|m| m.id == e.municipality)
            || model.towns.iter().any(|t| t.id == e.municipality))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezone_goes_before_the_first_event() {
        let mut cal = Calendar::empty();
        cal.push(Event::new().uid("u").timestamp(Utc::now()).done());
        let t = serialize(&cal, VTIMEZONE);
        assert!(t.starts_with("BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE"));
        assert!(t.parse::<Calendar>().is_ok());
    }

    const HOSTILE: &[&str] = &[
        "a\r\nATTENDEE:x",
        "a\rb",
        "x\r\nEND:VEVENT\r\nBEGIN:VEVENT",
        "x\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
        "semi;colon,comma\\back\\nslash:colon",
        "esc\u{1b}[31m bell\u{7} nul\u{0} del\u{7f}",
        "\"quoted\" 名前",
        "trailing\\",
    ];

    fn stamp() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2023, 4, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("date")
    }

    fn wanted(title: &str, text: &str, n: usize) -> Wanted {
        let day = NaiveDate::from_ymd_opt(2023, 5, 1).expect("date");
        let list = (0..n)
            .map(|i| Entry {
                uid: format!("e{i}-p@roster"),
                when: When::Timed(
                    day.and_hms_opt(9, 0, 0).expect("t"),
                    day.and_hms_opt(10, 0, 0).expect("t"),
                ),
                summary: format!("{text} {i}"),
                location: text.to_string(),
                description: format!("{text}\n{i}"),
                tentative: false,
            })
            .collect();
        BTreeMap::from([("calendars/p.ics".to_string(), (title.to_string(), list))])
    }

    fn parse(bytes: &[u8]) -> Calendar {
        std::str::from_utf8(bytes)
            .expect("utf-8")
            .parse::<Calendar>()
            .expect("calendar parses")
    }

    /// Case 5: a name with a line break (CR LF, bare CR, LF) adds no property and no
    /// event, in the calendar's NAME or in any event's text; reading the file back
    /// gives the texts a calendar application shows.
    #[test]
    fn hostile_texts_round_trip_and_inject_nothing() {
        for h in HOSTILE {
            let files = write(h, wanted(h, h, 3), stamp(), &Prior::default());
            assert_eq!(files.len(), 1);
            let text = std::str::from_utf8(&files[0].1).expect("utf-8");
            assert!(!text.contains("\nATTENDEE"), "{h:?}: {text}");
            assert!(!text.contains("\nUID:evil"), "{h:?}: {text}");
            let lines = |l: &str| text.split("\r\n").filter(|x| *x == l).count();
            assert_eq!(lines("BEGIN:VEVENT"), 3, "{h:?}: {text}");
            assert_eq!(lines("END:VEVENT"), 3, "{h:?}");
            assert!(!text.split("\r\n").any(|x| x.starts_with("ATTENDEE")));
            // Every line ends in CRLF; no bare CR or LF anywhere else.
            assert_eq!(text.matches('\r').count(), text.matches("\r\n").count());
            assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
            let cal = parse(&files[0].1);
            let events: Vec<&Event> = cal.events().collect();
            assert_eq!(events.len(), 3, "{h:?}");
            let shown = shown_text(h);
            for (i, e) in events.iter().enumerate() {
                assert_eq!(e.get_summary(), Some(format!("{shown} {i}").as_str()));
                assert_eq!(e.get_location(), Some(shown.as_ref()));
                assert_eq!(e.get_description(), Some(format!("{shown}\n{i}").as_str()));
                assert!(e.property_value("ATTENDEE").is_none());
                assert!(e.multi_properties().get("ATTENDEE").is_none());
            }
            let name = format!("{h} - {h}");
            assert_eq!(
                cal.property_value("X-WR-CALNAME"),
                Some(shown_text(&name).as_ref())
            );
            assert_eq!(cal.properties.len(), 6, "{h:?}: {:?}", cal.properties);
        }
    }

    /// Fingerprints are stable across a re-plan: a baseline's calendar read back from
    /// its file gives every event SEQUENCE 0 again when nothing changed.
    #[test]
    fn hostile_texts_read_back_from_a_baseline_keep_their_sequence() {
        for h in HOSTILE {
            let first = write("prog", wanted(h, h, 2), stamp(), &Prior::default());
            let prior = Prior::from_files(&first);
            let again = write("prog", wanted(h, h, 2), stamp(), &prior);
            assert_eq!(first, again, "{h:?}");
            // One event taken away: it is kept, cancelled, with its texts intact.
            let fewer = write("prog", wanted(h, h, 1), stamp(), &prior);
            let cal = parse(&fewer[0].1);
            let gone = cal
                .events()
                .find(|e| e.get_uid() == Some("e1-p@roster"))
                .expect("cancelled copy");
            assert_eq!(gone.get_status(), Some(EventStatus::Cancelled));
            assert_eq!(gone.get_location(), Some(shown_text(h).as_ref()));
            assert_eq!(gone.get_sequence(), Some(1));
        }
    }

    /// Case 7: a very long text is folded into lines of at most 75 octets, never inside
    /// a character, in one pass (a 400,000-character name took 49 s before).
    #[test]
    fn long_texts_fold_at_75_octets_without_splitting_a_character() {
        for long in [
            "x".repeat(10_000),
            "名".repeat(10_000),
            "a 名b".repeat(100_000),
            " ".repeat(500),
        ] {
            let files = write(&long, wanted(&long, &long, 1), stamp(), &Prior::default());
            let text = std::str::from_utf8(&files[0].1).expect("utf-8");
            for line in text.split("\r\n") {
                assert!(line.len() <= 75, "{} octets", line.len());
            }
            let cal = parse(&files[0].1);
            let e = cal.events().next().expect("event");
            assert_eq!(e.get_location(), Some(long.as_str()));
        }
    }

    /// Both programmes' calendars list an event's people as `role: name (id)`, in plan
    /// order, and read times the same way.
    #[test]
    fn people_are_listed_per_event_and_times_are_local() {
        let a = |event: &str, staff: &str, role: &str| Assignment {
            event_id: event.into(),
            date: "2023-05-01".into(),
            staff_id: staff.into(),
            role: role.into(),
        };
        let list = [
            a("e1", "c01", "consultant"),
            a("e2", "c02", "lecturer"),
            a("e1", "c03", "reception"),
        ];
        let people = people_by_event(&list, |r| r, |id| id.to_uppercase());
        assert_eq!(
            people.get("e1"),
            Some(&vec![
                "consultant: C01 (c01)".to_string(),
                "reception: C03 (c03)".to_string()
            ])
        );
        assert_eq!(people.get("e2").map(Vec::len), Some(1));
        assert_eq!(
            local_time("2023/5/1", "9:30"),
            NaiveDate::from_ymd_opt(2023, 5, 1).and_then(|d| d.and_hms_opt(9, 30, 0))
        );
        assert_eq!(local_time("2023-05-01", "noon"), None);
    }

    #[test]
    fn folding_matches_the_rfc_example_shape() {
        let mut out = String::new();
        fold(&"a".repeat(160), &mut out);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' ') && lines[2].starts_with(' '));
        assert_eq!(out.replace("\r\n ", ""), "a".repeat(160));
        let mut short = String::new();
        fold("SUMMARY:short", &mut short);
        assert_eq!(short, "SUMMARY:short");
    }

    #[test]
    fn parameter_values_hold_no_quote_or_control_character() {
        let mut out = String::new();
        param_value("Doe, \"J\"\r\nATTENDEE:x", &mut out);
        assert_eq!(out, "\"Doe, 'J'  ATTENDEE:x\"");
        let mut plain = String::new();
        param_value("Asia/Tokyo", &mut plain);
        assert_eq!(plain, "Asia/Tokyo");
    }
}
