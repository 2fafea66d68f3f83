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

use super::labels::Lang;
use super::names::Names;
use super::plan::PlanFile;
use crate::model::Model;
use crate::plan::{parse_day, Event as PlanEvent, Plan};

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
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
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
}

impl Entry {
    fn fingerprint(&self) -> String {
        let (start, end) = match self.when {
            When::Timed(a, b) => (a.to_string(), b.to_string()),
            When::AllDay(d) => (d.to_string(), d.to_string()),
        };
        let text = format!(
            "{start}|{end}|{}|{}|{}",
            self.summary, self.location, self.description
        );
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

fn time_of(e: &PlanEvent, hhmm: &str) -> Option<NaiveDateTime> {
    let day = parse_day(&e.date)?;
    let t = chrono::NaiveTime::parse_from_str(hhmm, "%H:%M").ok()?;
    Some(day.and_time(t))
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
    let mut people_of: HashMap<&str, Vec<String>> = HashMap::new();
    for a in &plan.assignments {
        people_of
            .entry(a.event_id.as_str())
            .or_default()
            .push(format!(
                "{}: {} ({})",
                l.role(&a.role),
                n.staff(&a.staff_id),
                a.staff_id
            ));
    }
    let location = |e: &PlanEvent| {
        let room = n.room(&e.venue, &e.room);
        format!("{} {}, {}", n.venue(&e.venue), room, n.address(&e.venue))
    };
    let description = |e: &PlanEvent| {
        let mut d = format!("{}\n{}", e.event_id, n.date(&e.date));
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
            when: When::Timed(time_of(e, &e.start)?, time_of(e, &e.end)?),
            summary,
            location: location(e),
            description: description(e),
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
    write(&model.name, wanted, stamp, prior)
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
                    ev.all_day(day);
                }
            }
            ev.status(EventStatus::Confirmed)
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
        out.push((
            file.clone(),
            with_timezone(&cal.done().to_string()).into_bytes(),
        ));
    }
    out
}

/// Whether `e` belongs in its place's calendar (`calendars/<place>.ics`) and the
/// HTML page's view of the place: not an office day, held in a municipality or a town
/// of the model.
pub fn is_place_event(model: &Model, e: &PlanEvent) -> bool {
    e.kind != "office"
        && (model.municipalities.iter().any(|m| m.id == e.municipality)
            || model.towns.iter().any(|t| t.id == e.municipality))
}

/// Puts the VTIMEZONE before the first VEVENT (icalendar writes a DTSTAMP and a UID
/// into every component it writes, which a VTIMEZONE must not have).
pub(crate) fn with_timezone(text: &str) -> String {
    let at = text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezone_goes_before_the_first_event() {
        let t = with_timezone("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assert!(t.starts_with("BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE"));
        assert!(t.parse::<Calendar>().is_ok());
    }
}
