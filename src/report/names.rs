//! Readable names for the ids a plan carries: municipalities, venues, rooms, people.
//!
//! A plan is ids only (so files people edit stay stable); every writer that shows it
//! to people looks the names up here, from the model the plan was made for.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::labels::Lang;
use crate::model::Model;
use crate::plan::{parse_day, Event};

/// Name lookups in one model, in one language.
#[derive(Debug, Clone)]
pub struct Names<'a> {
    /// The model.
    pub model: &'a Model,
    /// The language.
    pub lang: Lang,
    /// Indices by id (the first of an id, as a scan finds it), so a lookup does not
    /// scan the model: rendering a large plan looked up every row's names that way.
    index: std::rc::Rc<Index<'a>>,
}

/// The model's entities by id.
#[derive(Debug, Default)]
struct Index<'a> {
    municipalities: HashMap<&'a str, usize>,
    towns: HashMap<&'a str, usize>,
    venues: HashMap<&'a str, usize>,
    staff: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    fn of(model: &'a Model) -> Self {
        fn first<'m>(ids: impl Iterator<Item = &'m str>) -> HashMap<&'m str, usize> {
            let mut out = HashMap::new();
            for (i, id) in ids.enumerate() {
                out.entry(id).or_insert(i);
            }
            out
        }
        Index {
            municipalities: first(model.municipalities.iter().map(|m| m.id.as_str())),
            towns: first(model.towns.iter().map(|t| t.id.as_str())),
            venues: first(model.venues.iter().map(|v| v.id.as_str())),
            staff: first(model.staff.iter().map(|s| s.id.as_str())),
        }
    }
}

impl<'a> Names<'a> {
    /// Lookups in `model` for `lang`.
    pub fn new(model: &'a Model, lang: Lang) -> Self {
        Names {
            model,
            lang,
            index: std::rc::Rc::new(Index::of(model)),
        }
    }

    fn venue_of(&self, id: &str) -> Option<&'a crate::model::Venue> {
        let model: &'a Model = self.model;
        self.index.venues.get(id).and_then(|&i| model.venues.get(i))
    }

    /// A municipality's or town's name (English name for `en` where the model has one);
    /// the id itself if unknown.
    pub fn place(&self, id: &str) -> String {
        let model: &'a Model = self.model;
        if let Some(m) = self
            .index
            .municipalities
            .get(id)
            .and_then(|&i| model.municipalities.get(i))
        {
            return match self.lang {
                Lang::En if !m.name_en.is_empty() => m.name_en.clone(),
                _ => m.name.clone(),
            };
        }
        self.index
            .towns
            .get(id)
            .and_then(|&i| model.towns.get(i))
            .map_or_else(|| id.to_string(), |t| t.name.clone())
    }

    /// A venue's name; the id if unknown.
    pub fn venue(&self, id: &str) -> String {
        self.venue_of(id)
            .map_or_else(|| id.to_string(), |v| v.name.clone())
    }

    /// A venue's address; empty if unknown.
    pub fn address(&self, id: &str) -> String {
        self.venue_of(id)
            .map_or_else(String::new, |v| v.address.clone())
    }

    /// A room's name; the id if unknown.
    pub fn room(&self, venue: &str, room: &str) -> String {
        self.venue_of(venue)
            .and_then(|v| v.rooms.iter().find(|r| r.id == room))
            .map_or_else(|| room.to_string(), |r| r.name.clone())
    }

    /// A person's name; the id if unknown.
    pub fn staff(&self, id: &str) -> String {
        let model: &'a Model = self.model;
        self.index
            .staff
            .get(id)
            .and_then(|&i| model.staff.get(i))
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    }

    /// The weekday of an ISO date in this language; empty if it is not a date.
    pub fn weekday(&self, date: &str) -> String {
        parse_day(date).map_or_else(String::new, |d| self.lang.labels().weekday(d).to_string())
    }

    /// A date with its weekday in this language (`2023年7月12日(水)`); the text
    /// itself if it is not a date.
    pub fn date(&self, date: &str) -> String {
        parse_day(date).map_or_else(|| date.to_string(), |d| self.lang.date(d))
    }

    /// A date with its weekday in `lang`; the text itself if it is not a date.
    pub fn date_text(lang: Lang, date: &str) -> String {
        parse_day(date).map_or_else(|| date.to_string(), |d| lang.date(d))
    }

    /// Where and when, for people: `2023年7月12日(水) 09:45-16:15 会場名 部屋名`.
    pub fn when_where(
        &self,
        date: &str,
        start: &str,
        end: &str,
        venue: &str,
        room: &str,
    ) -> String {
        let room_name = self.room(venue, room);
        let mut s = format!("{} {start}-{end} {}", self.date(date), self.venue(venue));
        if !room_name.is_empty() {
            s.push(' ');
            s.push_str(&room_name);
        }
        s
    }

    /// `when_where` of an event.
    pub fn event_where(&self, e: &Event) -> String {
        self.when_where(&e.date, &e.start, &e.end, &e.venue, &e.room)
    }

    /// Reads a re-plan's `<date> <start>-<end> <venue>/<room>` back into its parts.
    pub fn split_where(text: &str) -> Option<WhereParts> {
        let mut it = text.split(' ');
        let date = it.next()?.to_string();
        let (start, end) = it.next()?.split_once('-')?;
        let (venue, room) = it.next()?.split_once('/')?;
        parse_day(&date)?;
        Some(WhereParts {
            date,
            start: start.to_string(),
            end: end.to_string(),
            venue: venue.to_string(),
            room: room.to_string(),
        })
    }

    /// Makes `<date> <start>-<end> <venue>/<room>` readable; other text is returned as is.
    pub fn readable_where(&self, text: &str) -> String {
        match Self::split_where(text) {
            Some(w) => self.when_where(&w.date, &w.start, &w.end, &w.venue, &w.room),
            None => text.to_string(),
        }
    }
}

/// The parts of a `<date> <start>-<end> <venue>/<room>` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhereParts {
    /// ISO date.
    pub date: String,
    /// HH:MM.
    pub start: String,
    /// HH:MM.
    pub end: String,
    /// Venue id.
    pub venue: String,
    /// Room id.
    pub room: String,
}

/// Every month (year, month) from `from` to `to`, in order.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<(i32, u32)> {
    use chrono::Datelike;
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m) <= (to.year(), to.month()) {
        out.push((y, m));
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}
