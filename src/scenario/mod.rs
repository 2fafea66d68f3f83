//! Scenario files: overlays on a model (absences, venue closures, pattern, room and
//! staff changes, extra closures) for re-planning and what-if checks.
//!
//! A scenario is validated against the model it overlays, with the same codes and
//! spans as model files; applying it yields a new model that runs through the same
//! pipeline.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use crate::input::error::nearest;
use crate::input::raw::{RawClosure, RawStaff};
use crate::input::{parse_toml, read_text, InputErrors, Names, Validator};
use crate::model::*;

pub mod chain;
pub mod counts;
pub mod training;

pub use counts::SeriesCount;

type S = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: S,
    as_of: S,
    /// The only reason people-facing outputs show (letters); `name` and notes stay in
    /// the folder's own record.
    public_reason: Option<S>,
    #[serde(default)]
    absence: Vec<RawAbsence>,
    #[serde(default)]
    venue_change: Vec<RawVenueChange>,
    #[serde(default)]
    pattern_change: Vec<RawPatternChange>,
    #[serde(default)]
    room_change: Vec<RawRoomChange>,
    #[serde(default)]
    seminar_rooms: Vec<RawSeminarRooms>,
    #[serde(default)]
    add_staff: Vec<RawStaff>,
    #[serde(default)]
    remove_staff: Vec<RawRemoveStaff>,
    #[serde(default)]
    closure: Vec<RawClosure>,
    #[serde(default)]
    undo: Vec<RawUndo>,
    #[serde(default)]
    staff_change: Vec<RawStaffChange>,
    #[serde(default)]
    quota_change: Vec<counts::RawQuotaChange>,
    #[serde(default)]
    series_change: Vec<counts::RawSeriesChange>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUndo {
    scenario: S,
    from: Option<S>,
    staff: Option<S>,
    venue: Option<S>,
    municipality: Option<S>,
}

/// `[[absence]]`, the table both programmes' scenarios share: a person away from `from`
/// to `to`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAbsence {
    pub(crate) staff: S,
    pub(crate) from: S,
    pub(crate) to: S,
    #[serde(default)]
    pub(crate) note: Option<S>,
}

/// E021: a scenario cannot change a day before its `as_of` (history), for either
/// programme.
pub(crate) fn not_history(
    v: &mut Validator,
    as_of: Option<NaiveDate>,
    s: &S,
    d: Option<NaiveDate>,
) {
    if let (Some(d), Some(a)) = (d, as_of) {
        if d < a {
            v.c.push(
                "E021",
                s.span().start,
                format!("{d} is before as_of {a}: days before as_of are history and cannot change"),
                "give a date on or after as_of",
            );
        }
    }
}

/// The days of an absence a re-plan acts on (CON-7 for the centre, a provider's leave
/// likewise): days before `as_of` are history, so an absence there changes nothing;
/// `None` when nothing is left.
pub(crate) fn absence_from(
    as_of: Option<NaiveDate>,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<DateRange> {
    let from = as_of.map_or(from, |a| from.max(a));
    (from <= to).then_some(DateRange { from, to })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVenueChange {
    venue: S,
    from: S,
    to: Option<S>,
    move_to: Option<Spanned<RawMoveTo>>,
}

/// `move_to` of a `[[venue_change]]`: one venue for every moved day (`"x"`), or a
/// venue per weekday (`{ thu = "x", fri = "x" }`; a weekday not named is cancelled).
#[derive(Debug)]
enum RawMoveTo {
    One(String),
    ByWeekday(Vec<(S, S)>),
}

impl<'de> Deserialize<'de> for RawMoveTo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawMoveTo;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a venue id, or a table of venue ids by weekday (`{ thu = \"venue-id\" }`)",
                )
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<RawMoveTo, E> {
                Ok(RawMoveTo::One(s.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawMoveTo, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<S>()? {
                    out.push((k, map.next_value::<S>()?));
                }
                Ok(RawMoveTo::ByWeekday(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// `[[staff_change]]`: a person's terms from a date (and up to `to`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStaffChange {
    staff: S,
    from: S,
    to: Option<S>,
    weekdays: Option<Vec<S>>,
    roles: Option<Vec<S>>,
    contract_days_per_week: Option<Spanned<f64>>,
    max_days_per_week: Option<Spanned<i64>>,
    max_days_per_month: Option<Spanned<i64>>,
    prefers: Option<Vec<S>>,
    note: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPatternChange {
    municipality: S,
    venue: Option<S>,
    from: S,
    /// Last day of a temporary change (after it the old pattern returns).
    to: Option<S>,
    days: Vec<S>,
    /// None: keep the old pattern's nth-of-month filter.
    nth: Option<Vec<Spanned<i64>>>,
    new_venue: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoomChange {
    room: S,
    capacity: Spanned<i64>,
    #[serde(default)]
    name: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeminarRooms {
    municipality: S,
    rooms: Vec<S>,
    from: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRemoveStaff {
    staff: S,
    from: S,
}

/// One change of a scenario, resolved against the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A person is away (CON-7: someone else is placed).
    Absence {
        /// Staff index.
        staff: usize,
        /// Days away.
        range: DateRange,
    },
    /// A venue cannot be used in a range; its consultation days go to `move_to`.
    VenueClosed {
        /// Venue index.
        venue: usize,
        /// When.
        range: DateRange,
        /// Where its events go (none: its consultation days are cancelled, or moved by
        /// weekday).
        move_to: Option<usize>,
        /// When not empty: where each weekday's consultation days go; a weekday not
        /// listed is cancelled (`move_to` is then None).
        by_weekday: Vec<(chrono::Weekday, usize)>,
    },
    /// A municipality's weekday pattern changes from a date.
    PatternChanged {
        /// Municipality index.
        municipality: usize,
        /// Only the pattern at this venue (else every pattern of the municipality).
        venue: Option<usize>,
        /// First day of the new pattern.
        from: NaiveDate,
        /// New weekdays.
        weekdays: Vec<chrono::Weekday>,
        /// New nth-of-month filter (None: keep the old one).
        nth: Option<Vec<u32>>,
        /// New venue (else the old one).
        new_venue: Option<usize>,
        /// Last day of the new pattern (None: to the old pattern's end); set only when
        /// a later scenario undoes the change.
        until: Option<NaiveDate>,
    },
    /// A room's capacity changes, or a new room is added.
    RoomCapacity {
        /// Venue index.
        venue: usize,
        /// Room id.
        room: String,
        /// Name for a new room.
        name: String,
        /// New capacity.
        capacity: u32,
    },
    /// A municipality's seminars move to other rooms from a date.
    SeminarRooms {
        /// Municipality index.
        municipality: usize,
        /// New rooms.
        rooms: Vec<(usize, usize)>,
        /// From.
        from: NaiveDate,
        /// Last day (None: March 31); set only when a later scenario undoes the change.
        until: Option<NaiveDate>,
    },
    /// A new staff member.
    AddStaff(Box<Staff>),
    /// A staff member leaves from a date.
    RemoveStaff {
        /// Staff index.
        staff: usize,
        /// First day gone.
        from: NaiveDate,
    },
    /// An extra designated closure day (CAL-4).
    Closure {
        /// The day.
        date: NaiveDate,
        /// Why.
        note: String,
    },
    /// A person's terms change for a range (`[[staff_change]]`).
    StaffChanged {
        /// Staff index.
        staff: usize,
        /// The new terms and the days they hold.
        terms: StaffTerms,
    },
    /// A municipality's yearly count of a seminar type changes from a date (SEM-1,
    /// SEM-8).
    QuotaChanged {
        /// Municipality index.
        municipality: usize,
        /// The seminar type.
        seminar_type: SeminarType,
        /// The year's new count.
        count: u32,
        /// First day seminars may be cut or added.
        from: NaiveDate,
        /// Set only when a later scenario undoes the change: the old count is back
        /// from the day after.
        until: Option<NaiveDate>,
    },
    /// An event series' count changes from a date (OUT-1, ONE-1, FAIR-1, RT-1).
    SeriesChanged {
        /// Series index.
        series: usize,
        /// The new count, per year or per month.
        count: SeriesCount,
        /// First day events may be cut or added.
        from: NaiveDate,
        /// Set only when a later scenario undoes the change.
        until: Option<NaiveDate>,
    },
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Name: the manager's own words, kept in the folder's record (history.json) and
    /// shown on the terminal, never in a people-facing output.
    pub name: String,
    /// The reason letters give for the change (`public_reason`; `None`: the neutral
    /// default of the language, 「都合により」).
    pub public_reason: Option<String>,
    /// The day of re-planning: earlier days are history.
    pub as_of: NaiveDate,
    /// Changes grouped by kind in the order of the file's tables; `apply` adds new
    /// staff first, so other changes may name them.
    pub changes: Vec<Change>,
    /// Earlier scenarios of the chain this one takes back, in part or whole (see
    /// [`chain`]).
    pub undo: Vec<Undo>,
    /// Byte offset of `as_of` in the file (for errors about the chain's order).
    pub as_of_at: usize,
}

/// `[[undo]]`: from `from` on, an earlier scenario of the chain (named by its `name`)
/// no longer applies: all of it, or only its changes about one person, venue or
/// municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// The earlier scenario's name.
    pub scenario: String,
    /// First day the earlier change no longer holds.
    pub from: NaiveDate,
    /// Only changes about this staff id.
    pub staff: Option<String>,
    /// Only changes about this venue.
    pub venue: Option<usize>,
    /// Only changes about this municipality.
    pub municipality: Option<usize>,
    /// Byte offset of the table's `scenario` key (for errors).
    pub at: usize,
}

/// Reads and validates a scenario file against `model`.
pub fn load_scenario(path: &Path, model: &Model) -> Result<Scenario, InputErrors> {
    let text = read_text(path)?;
    parse_scenario(path, &text, model)
}

/// Parses and validates scenario text against `model`.
///
/// Each table is checked by its own step, in the order of [`RawScenario`]'s tables,
/// so every problem is collected (file order within a table) before stopping.
pub fn parse_scenario(path: &Path, text: &str, model: &Model) -> Result<Scenario, InputErrors> {
    let raw: RawScenario = parse_toml(path, text)?;
    let mut v = Validator {
        c: crate::input::error::Collector::new(path, text),
        period: Some(model.period),
        labels: crate::input::labels_of(
            &model.municipalities,
            &model.towns,
            &model.venues,
            &model.staff,
        ),
    };
    let names = Names::of_model(model);
    v.text(&raw.name, "scenario name", crate::input::ids::NAME_MAX);
    if let Some(reason) = &raw.public_reason {
        v.text(reason, "public_reason", crate::input::ids::NAME_MAX);
        if reason.get_ref().trim().is_empty() {
            v.c.push(
                "E024",
                reason.span().start,
                "public_reason is empty".to_string(),
                "write the reason the letters may give (e.g. \"会場の改修工事に伴い\"), or leave public_reason out for 「都合により」".to_string(),
            );
        }
    }
    let as_of = v.date(&raw.as_of);
    let cx = ScenarioContext {
        model,
        names,
        as_of,
        staff_ids: model
            .staff
            .iter()
            .map(|s| s.id.clone())
            .chain(raw.add_staff.iter().map(|s| s.id.get_ref().clone()))
            .collect(),
    };
    let mut changes = Vec::new();
    parse_absences(&mut v, &cx, &raw.absence, &mut changes);
    parse_venue_changes(&mut v, &cx, &raw.venue_change, &mut changes);
    parse_pattern_changes(&mut v, &cx, &raw.pattern_change, &mut changes);
    parse_room_changes(&mut v, &cx, &raw.room_change, &mut changes);
    parse_seminar_rooms(&mut v, &cx, &raw.seminar_rooms, &mut changes);
    parse_add_staff(&mut v, &cx, &raw.add_staff, &mut changes);
    parse_remove_staff(&mut v, &cx, &raw.remove_staff, &mut changes);
    parse_closures(&mut v, &cx, &raw.closure, &mut changes);
    parse_staff_changes(&mut v, &cx, &raw.staff_change, &mut changes);
    counts::parse_quota_changes(&mut v, &cx, &raw.quota_change, &mut changes);
    counts::parse_series_changes(&mut v, &cx, &raw.series_change, &mut changes);
    let undo = parse_undo(&mut v, &cx, &raw.undo);
    v.c.finish()?;
    let as_of_at = raw.as_of.span().start;
    let as_of = as_of.ok_or_else(|| InputErrors(Vec::new()))?;
    Ok(Scenario {
        name: raw.name.into_inner(),
        public_reason: raw.public_reason.map(Spanned::into_inner),
        as_of,
        changes,
        undo,
        as_of_at,
    })
}

/// What every table's step reads: the model, its id tables, `as_of`, and the staff
/// ids a scenario may name.
struct ScenarioContext<'a> {
    model: &'a Model,
    names: Names,
    as_of: Option<NaiveDate>,
    /// The model's staff ids, then those `[[add_staff]]` adds (they are applied first).
    staff_ids: Vec<String>,
}

impl ScenarioContext<'_> {
    /// The index of a staff id, the model's or a new one (E011 when unknown).
    fn staff_ref(&self, v: &mut Validator, s: &S) -> Option<usize> {
        let i = self.staff_ids.iter().position(|x| x == s.get_ref());
        if i.is_none() {
            v.unknown(s, "staff", self.staff_ids.iter().map(String::as_str));
        }
        i
    }

    /// E021: `d` (written at `s`) is not before `as_of`.
    fn on_or_after(&self, v: &mut Validator, s: &S, d: Option<NaiveDate>) {
        not_history(v, self.as_of, s, d);
    }
}

/// `[[absence]]`: a person away (CON-7), cut at `as_of`. E011 unknown staff, E016 a
/// range that ends before it starts, E024 a bad note.
fn parse_absences(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawAbsence],
    changes: &mut Vec<Change>,
) {
    for a in raw {
        let staff = cx.staff_ref(v, &a.staff);
        let (from, to) = (v.date(&a.from), v.date(&a.to));
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                v.c.push(
                    "E016",
                    a.to.span().start,
                    format!("absence ends {t} before it starts {f}"),
                    "swap from and to",
                );
                continue;
            }
        }
        if let Some(n) = &a.note {
            v.text(n, "absence note", crate::input::ids::TEXT_MAX);
        }
        if let (Some(staff), Some(from), Some(to)) = (staff, from, to) {
            if let Some(range) = absence_from(cx.as_of, from, to) {
                changes.push(Change::Absence { staff, range });
            }
        }
    }
}

/// `[[venue_change]]`: a venue closed for a range, its consultation days moved (to one
/// venue, or to a venue per weekday) or cancelled. E011 unknown venue, E012 a
/// `move_to` key that is not a weekday, E021 history, E016 a move to the same venue, to
/// one without rooms or not usable on a weekday whose days it takes in the range
/// (CON-1), or a range that ends before it starts; E113 a `move_to` weekday on which no
/// consultation day of the venue falls in the range.
fn parse_venue_changes(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawVenueChange],
    changes: &mut Vec<Change>,
) {
    let model = cx.model;
    for c in raw {
        let venue = v.venue_ref(&cx.names, &c.venue);
        let from = v.date(&c.from);
        cx.on_or_after(v, &c.from, from);
        let to = match &c.to {
            Some(t) => v.date(t),
            None => Some(model.period.to),
        };
        // (weekday or None for every weekday, target venue, where it is written)
        let mut targets: Vec<(Option<chrono::Weekday>, usize, usize)> = Vec::new();
        let by_day = matches!(
            c.move_to.as_ref().map(Spanned::get_ref),
            Some(RawMoveTo::ByWeekday(_))
        );
        let mut move_ok = true;
        match c.move_to.as_ref() {
            None => {}
            Some(m) => match m.get_ref() {
                RawMoveTo::One(id) => {
                    let s = Spanned::new(m.span(), id.clone());
                    match v.venue_ref(&cx.names, &s) {
                        Some(t) => targets.push((None, t, m.span().start)),
                        None => move_ok = false,
                    }
                }
                RawMoveTo::ByWeekday(list) => {
                    for (day, id) in list {
                        let w = v.weekdays(std::slice::from_ref(day)).first().copied();
                        let t = v.venue_ref(&cx.names, id);
                        match (w, t) {
                            (Some(w), Some(t)) => targets.push((Some(w), t, id.span().start)),
                            _ => move_ok = false,
                        }
                    }
                }
            },
        }
        for &(_, t, at) in &targets {
            if venue == Some(t) {
                v.c.push(
                    "E016",
                    at,
                    format!("move_to names `{}`, the venue this change closes", model.venues[t].id),
                    "name another venue to move the consultation days to, or leave move_to out to cancel them",
                );
            } else if model.venues[t].rooms.is_empty() {
                v.c.push(
                    "E016",
                    at,
                    format!(
                        "venue `{}` has no rooms for the consultation days",
                        model.venues[t].id
                    ),
                    "move to a venue that has rooms",
                );
            }
        }
        if let (Some(vi), Some(f), Some(t)) = (venue, from, to) {
            // CON-1: only the weekdays whose consultation days fall in the range need a
            // venue usable on them (E016).
            let held = held_weekdays(model, |p| p.venue == vi, DateRange { from: f, to: t });
            for &(w, target, at) in &targets {
                let days: Vec<chrono::Weekday> = match w {
                    Some(w) => vec![w],
                    None => held.clone(),
                };
                for w in days {
                    if held.contains(&w) && !model.venues[target].usable.contains(&w) {
                        v.c.push(
                            "E016",
                            at,
                            format!(
                                "venue `{}` cannot be used on {}, a day of the moved pattern between {f} and {t}",
                                model.venues[target].id,
                                weekday_id(w)
                            ),
                            if by_day {
                                "move that weekday to a venue usable on it, or leave it out of move_to to cancel its days"
                            } else {
                                "move to a venue usable on the pattern's weekdays, or give move_to by weekday (`{ thu = \"venue-id\" }`; a weekday left out is cancelled)"
                            },
                        );
                    } else if !held.contains(&w) {
                        v.c.push(
                            "E113",
                            at,
                            format!(
                                "no consultation day of `{}` falls on a {} between {f} and {t}",
                                model.venues[vi].id,
                                weekday_id(w)
                            ),
                            format!(
                                "name only weekdays the venue holds consultation days on in the range: {}",
                                held.iter().map(|w| weekday_id(*w)).collect::<Vec<_>>().join(", ")
                            ),
                        );
                    }
                }
            }
        }
        if let (Some(venue), Some(from), Some(to), true) = (venue, from, to, move_ok) {
            if from > to {
                v.c.push(
                    "E016",
                    c.from.span().start,
                    format!("closure ends {to} before it starts {from}"),
                    "swap from and to",
                );
                continue;
            }
            let (move_to, by_weekday) = if by_day {
                let mut list: Vec<(chrono::Weekday, usize)> = targets
                    .iter()
                    .filter_map(|&(w, t, _)| w.map(|w| (w, t)))
                    .collect();
                list.sort_by_key(|(w, _)| w.num_days_from_monday());
                (None, list)
            } else {
                (targets.first().map(|&(_, t, _)| t), Vec::new())
            };
            changes.push(Change::VenueClosed {
                venue,
                range: DateRange { from, to },
                move_to,
                by_weekday,
            });
        }
    }
}

/// The weekdays on which the patterns `which` selects hold a consultation day in
/// `range` (CON-1; holidays aside), in weekday order.
fn held_weekdays(
    model: &Model,
    which: impl Fn(&ConsultationPattern) -> bool,
    range: DateRange,
) -> Vec<chrono::Weekday> {
    let mut out: Vec<chrono::Weekday> = Vec::new();
    for p in model.patterns.iter().filter(|p| which(p)) {
        for d in range.days().filter(|d| p.matches(*d)) {
            if !out.contains(&d.weekday()) {
                out.push(d.weekday());
            }
        }
    }
    out.sort_by_key(|w| w.num_days_from_monday());
    out
}

/// `[[pattern_change]]`: a municipality's weekdays (and venue) change from a date.
/// E011 unknown names or no pattern to change, E021 history, E010 two changes for one
/// municipality and date, E016 no days, a new venue without rooms or not usable on a
/// new weekday (CON-1); E017 an `nth` outside 1..=5.
fn parse_pattern_changes(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawPatternChange],
    changes: &mut Vec<Change>,
) {
    let (model, names) = (cx.model, &cx.names);
    // (municipality, venue filter, from) of the pattern changes so far: two for one
    // municipality and date would silently let the second win.
    let mut pattern_changes: Vec<(usize, Option<usize>, chrono::NaiveDate)> = Vec::new();
    for c in raw {
        let municipality = v.municipality_ref(names, &c.municipality);
        let venue = c.venue.as_ref().and_then(|x| v.venue_ref(names, x));
        let new_venue = c.new_venue.as_ref().and_then(|x| v.venue_ref(names, x));
        let from = v.date(&c.from);
        cx.on_or_after(v, &c.from, from);
        let until = pattern_change_end(v, c, from);
        if let (Some(m), Some(f)) = (municipality, from) {
            let clash = pattern_changes.iter().any(|&(pm, pv, pf)| {
                pm == m && pf == f && (pv == venue || pv.is_none() || venue.is_none())
            });
            if clash {
                v.c.push(
                    "E010",
                    c.from.span().start,
                    format!(
                        "a second [[pattern_change]] for `{}` from {f}; only one can hold",
                        c.municipality.get_ref()
                    ),
                    "merge the two into one entry (list every new weekday in its days)",
                );
            }
            pattern_changes.push((m, venue, f));
        }
        if let (Some(nv), Some(at)) = (new_venue, c.new_venue.as_ref()) {
            if model.venues[nv].rooms.is_empty() {
                v.c.push(
                    "E016",
                    at.span().start,
                    format!(
                        "venue `{}` has no rooms for the consultation days",
                        model.venues[nv].id
                    ),
                    "choose a new_venue that has rooms",
                );
            }
        }
        let weekdays = v.weekdays(&c.days);
        if c.days.is_empty() {
            v.c.push(
                "E016",
                c.from.span().start,
                "the new pattern has no days",
                "list the new weekdays; to stop consultations at a venue use [[venue_change]]",
            );
        }
        let nth = c.nth.as_ref().map(|list| {
            list.iter()
                .map(|n| v.count(n, 1, 5, "nth"))
                .collect::<Vec<u32>>()
        });
        if let (Some(m), Some(from)) = (municipality, from) {
            let old: Vec<&ConsultationPattern> = model
                .patterns
                .iter()
                .filter(|p| p.municipality == m && venue.is_none_or(|x| p.venue == x))
                .collect();
            // CON-1: only patterns in force in the change's range matter (E016).
            let range = DateRange {
                from,
                to: until.unwrap_or(model.period.to),
            };
            let in_range: Vec<&ConsultationPattern> = old
                .iter()
                .copied()
                .filter(|p| p.valid.from <= range.to && range.from <= p.valid.to)
                .collect();
            new_days_usable(v, model, &in_range, new_venue, &weekdays, &c.days, range);
            let exists = !old.is_empty();
            if !exists {
                v.c.push(
                    "E011",
                    c.municipality.span().start,
                    format!(
                        "`{}` has no consultation pattern{}",
                        c.municipality.get_ref(),
                        if venue.is_some() {
                            " at that venue"
                        } else {
                            ""
                        }
                    ),
                    "name a municipality (and venue) with a [[pattern]] in the model",
                );
                continue;
            }
            changes.push(Change::PatternChanged {
                municipality: m,
                venue,
                from,
                weekdays,
                nth,
                new_venue,
                until,
            });
        }
    }
}

/// The last day of a `[[pattern_change]]` (`to`, a temporary change), or None (to the
/// old pattern's end). E013/E014 a bad date, E016 one before `from`.
fn pattern_change_end(
    v: &mut Validator,
    c: &RawPatternChange,
    from: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let t = c.to.as_ref()?;
    let to = v.date(t)?;
    if from.is_some_and(|f| to < f) {
        v.c.push(
            "E016",
            t.span().start,
            format!(
                "the pattern change ends {to} before it starts {}",
                from.map(|f| f.to_string()).unwrap_or_default()
            ),
            "give a `to` on or after `from`, or leave it out for a change to the end of the year",
        );
        return None;
    }
    Some(to)
}

/// E016 (CON-1): each pattern a change replaces is held at a venue (its own, or
/// `new_venue`) usable on every new weekday.
fn new_days_usable(
    v: &mut Validator,
    model: &Model,
    old: &[&ConsultationPattern],
    new_venue: Option<usize>,
    weekdays: &[chrono::Weekday],
    days: &[S],
    range: DateRange,
) {
    for p in old {
        let target = new_venue.unwrap_or(p.venue);
        // Only weekdays that occur while both the old pattern and the change hold.
        let span = DateRange {
            from: range.from.max(p.valid.from),
            to: range.to.min(p.valid.to),
        };
        for (w, raw) in weekdays.iter().zip(days) {
            let occurs = span.days().any(|d| d.weekday() == *w);
            if occurs && !model.venues[target].usable.contains(w) {
                v.c.push(
                    "E016",
                    raw.span().start,
                    format!(
                        "venue `{}` cannot be used on {}",
                        model.venues[target].id,
                        weekday_id(*w)
                    ),
                    "choose weekdays the venue can be used on, or a new_venue that can",
                );
            }
        }
    }
}

/// `[[room_change]]`: a room's capacity changes, or a room is added. E019 not a
/// "venue/room" reference, E022 a bad room id, E011 unknown venue, E017 a capacity
/// outside 1..=10000, E024 a bad name.
fn parse_room_changes(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawRoomChange],
    changes: &mut Vec<Change>,
) {
    let model = cx.model;
    for c in raw {
        let capacity = v.count(&c.capacity, 1, 10_000, "capacity");
        let Some((venue_id, room_id)) = c.room.get_ref().split_once('/') else {
            v.c.push(
                "E019",
                c.room.span().start,
                format!("`{}` is not a room reference", c.room.get_ref()),
                "write rooms as \"venue-id/room-id\"",
            );
            continue;
        };
        if let Err(p) = crate::input::ids::check_id(room_id, "room") {
            v.c.push("E022", c.room.span().start, p.message, p.help);
            continue;
        }
        if let Some(n) = &c.name {
            v.text(n, "room's name", crate::input::ids::NAME_MAX);
        }
        match model.venue_index(venue_id) {
            Some(venue) => changes.push(Change::RoomCapacity {
                venue,
                room: room_id.to_string(),
                name: c
                    .name
                    .as_ref()
                    .map_or_else(|| room_id.to_string(), |n| n.get_ref().clone()),
                capacity,
            }),
            None => {
                let help = match nearest(venue_id, model.venues.iter().map(|x| x.id.as_str())) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "name a venue of the model".to_string(),
                };
                v.c.push(
                    "E011",
                    c.room.span().start,
                    format!("unknown venue `{venue_id}`"),
                    help,
                );
            }
        }
    }
}

/// `[[seminar_rooms]]`: a municipality's seminars (SEM-*) move to other rooms, which
/// may be rooms `[[room_change]]` adds. E011 unknown municipality or room, or one
/// without a seminar quota; E021 history.
fn parse_seminar_rooms(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawSeminarRooms],
    changes: &mut Vec<Change>,
) {
    let model = cx.model;
    // Rooms added above may be referred to by seminar_rooms.
    let mut names_after = Names::of_model(model);
    for c in changes.iter() {
        if let Change::RoomCapacity { venue, room, .. } = c {
            let key = format!("{}/{}", model.venues[*venue].id, room);
            names_after.rooms.entry(key).or_insert((*venue, usize::MAX));
        }
    }
    for c in raw {
        let m = v.municipality_ref(&cx.names, &c.municipality);
        let rooms: Vec<String> = c.rooms.iter().map(|r| r.get_ref().clone()).collect();
        let mut ok = true;
        for r in &c.rooms {
            if !names_after.rooms.contains_key(r.get_ref()) {
                let known: Vec<String> = names_after.rooms.keys().cloned().collect();
                v.unknown(r, "room", known.iter().map(String::as_str));
                ok = false;
            }
        }
        let from = match &c.from {
            Some(f) => v.date(f),
            None => cx.as_of,
        };
        if let Some(f) = &c.from {
            cx.on_or_after(v, f, from);
        }
        if let (Some(m), Some(from), true) = (m, from, ok) {
            if !model.seminar_quotas.iter().any(|q| q.municipality == m) {
                v.c.push(
                    "E011",
                    c.municipality.span().start,
                    format!("`{}` has no seminar quota", c.municipality.get_ref()),
                    "name a municipality with a [[seminar_quota]]",
                );
                continue;
            }
            let rooms = resolve_rooms(model, changes, &rooms);
            changes.push(Change::SeminarRooms {
                municipality: m,
                rooms,
                from,
                until: None,
            });
        }
    }
}

/// `[[add_staff]]`: new people, validated as the model's staff are
/// ([`Validator::one_staff`]). E010 an id already a staff, municipality or town id
/// (ids name files), E022 a bad id.
fn parse_add_staff(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawStaff],
    changes: &mut Vec<Change>,
) {
    let model = cx.model;
    let mut new_ids: Vec<String> = Vec::new();
    // A new person's id names files as the model's people and places do.
    let taken: Vec<(String, &str)> = model
        .staff
        .iter()
        .map(|p| (p.id.clone(), "staff"))
        .chain(
            model
                .municipalities
                .iter()
                .map(|m| (m.id.clone(), "municipality")),
        )
        .chain(model.towns.iter().map(|t| (t.id.clone(), "town")))
        .collect();
    crate::input::file_name_ids(v, raw.iter().map(|s| (&s.id, "staff")), &taken);
    for s in raw {
        if !v.id(&s.id, "staff") {
            continue;
        }
        if cx.names.place(s.id.get_ref()).is_some() {
            v.c.push(
                "E010",
                s.id.span().start,
                format!("staff id `{}` is already a municipality or town id", s.id.get_ref()),
                "calendars/<id>.ics is written for people and places alike: give the new person another id",
            );
            continue;
        }
        if model.staff_index(s.id.get_ref()).is_some() || new_ids.contains(s.id.get_ref()) {
            v.c.push(
                "E010",
                s.id.span().start,
                format!("duplicate staff id `{}`", s.id.get_ref()),
                "a new staff member needs an id not used in the model",
            );
            continue;
        }
        new_ids.push(s.id.get_ref().clone());
        let staff = v.one_staff(s, &cx.names);
        changes.push(Change::AddStaff(Box::new(staff)));
    }
}

/// `[[remove_staff]]`: a person leaves from a date. E011 unknown staff, E021 history,
/// E010 a person removed twice.
fn parse_remove_staff(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawRemoveStaff],
    changes: &mut Vec<Change>,
) {
    let mut removed: Vec<usize> = Vec::new();
    for r in raw {
        let staff = cx.staff_ref(v, &r.staff);
        let from = v.date(&r.from);
        cx.on_or_after(v, &r.from, from);
        if let Some(st) = staff {
            if removed.contains(&st) {
                v.c.push(
                    "E010",
                    r.staff.span().start,
                    format!("`{}` is removed twice", r.staff.get_ref()),
                    "keep one [[remove_staff]] entry per person, with the date they leave",
                );
            }
            removed.push(st);
        }
        if let (Some(staff), Some(from)) = (staff, from) {
            changes.push(Change::RemoveStaff { staff, from });
        }
    }
}

/// `[[closure]]`: an extra designated closure day (CAL-4). E021 history.
fn parse_closures(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawClosure],
    changes: &mut Vec<Change>,
) {
    for c in raw {
        let date = v.date(&c.date);
        cx.on_or_after(v, &c.date, date);
        if let Some(date) = date {
            changes.push(Change::Closure {
                date,
                note: c.note.as_ref().map_or_else(
                    || "designated by the prefecture (scenario)".into(),
                    |n| n.get_ref().clone(),
                ),
            });
        }
    }
}

/// `[[staff_change]]`: a person's terms (weekdays, roles, contract, limits,
/// preferences) from `from` (to `to`, else March 31). E011 unknown staff or
/// municipality, E012 a bad weekday, E018 an unknown role, E017 a number out of range,
/// E021 history, E016 a range that ends before it starts, E010 two changes of one person
/// whose ranges overlap, E112 a change that changes nothing.
fn parse_staff_changes(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawStaffChange],
    changes: &mut Vec<Change>,
) {
    let model = cx.model;
    let mut seen: Vec<(usize, DateRange)> = Vec::new();
    for c in raw {
        let staff = cx.staff_ref(v, &c.staff);
        let from = v.date(&c.from);
        cx.on_or_after(v, &c.from, from);
        let to = match &c.to {
            Some(t) => v.date(t),
            None => Some(model.period.to),
        };
        let weekdays = c.weekdays.as_ref().map(|w| v.weekdays(w));
        let roles = c.roles.as_ref().map(|r| v.roles(r));
        let contract_days_per_week = c
            .contract_days_per_week
            .as_ref()
            .map(|x| v.real(x, 0.0, 7.0, "contract_days_per_week"));
        let max_days_per_week = c
            .max_days_per_week
            .as_ref()
            .map(|x| v.count(x, 0, 7, "max_days_per_week"));
        let max_days_per_month = c
            .max_days_per_month
            .as_ref()
            .map(|x| v.count(x, 0, 31, "max_days_per_month"));
        let prefers = c.prefers.as_ref().map(|list| {
            list.iter()
                .filter_map(|p| v.municipality_ref(&cx.names, p))
                .collect::<Vec<usize>>()
        });
        if let Some(n) = &c.note {
            v.text(n, "staff change note", crate::input::ids::TEXT_MAX);
        }
        let nothing = c.weekdays.is_none()
            && c.roles.is_none()
            && c.contract_days_per_week.is_none()
            && c.max_days_per_week.is_none()
            && c.max_days_per_month.is_none()
            && c.prefers.is_none();
        if nothing {
            v.c.push(
                "E112",
                c.staff.span().start,
                format!("this [[staff_change]] of `{}` changes nothing", c.staff.get_ref()),
                "give at least one of weekdays, roles, contract_days_per_week, max_days_per_week, max_days_per_month, prefers",
            );
            continue;
        }
        let (Some(staff), Some(from), Some(to)) = (staff, from, to) else {
            continue;
        };
        if from > to {
            v.c.push(
                "E016",
                c.to.as_ref().map_or(c.from.span().start, |t| t.span().start),
                format!("the staff change ends {to} before it starts {from}"),
                "give a `to` on or after `from`, or leave it out for a change to the end of the year",
            );
            continue;
        }
        let range = DateRange { from, to };
        if seen
            .iter()
            .any(|(p, r)| *p == staff && r.from <= range.to && range.from <= r.to)
        {
            v.c.push(
                "E010",
                c.from.span().start,
                format!(
                    "a second [[staff_change]] of `{}` overlaps an earlier one; only one can hold on a day",
                    c.staff.get_ref()
                ),
                "merge the two into one entry, or make their from..to ranges not overlap",
            );
            continue;
        }
        seen.push((staff, range));
        changes.push(Change::StaffChanged {
            staff,
            terms: StaffTerms {
                range,
                weekdays,
                roles,
                contract_days_per_week,
                max_days_per_week,
                max_days_per_month,
                prefers,
            },
        });
    }
}

/// `[[undo]]`: an earlier scenario of the chain taken back from a date, whole or for
/// one person, venue or municipality. E021 history, E011 an unknown filter (the entry
/// is then dropped); the scenario name is resolved later, by [`chain`].
fn parse_undo(v: &mut Validator, cx: &ScenarioContext, raw: &[RawUndo]) -> Vec<Undo> {
    let mut undo = Vec::new();
    for u in raw {
        let from = match &u.from {
            Some(f) => {
                let d = v.date(f);
                cx.on_or_after(v, f, d);
                d
            }
            None => cx.as_of,
        };
        let staff = u
            .staff
            .as_ref()
            .and_then(|s| cx.staff_ref(v, s).map(|_| s.get_ref().clone()));
        let venue = u.venue.as_ref().and_then(|x| v.venue_ref(&cx.names, x));
        let municipality = u
            .municipality
            .as_ref()
            .and_then(|x| v.municipality_ref(&cx.names, x));
        let bad_filter = (u.staff.is_some() && staff.is_none())
            || (u.venue.is_some() && venue.is_none())
            || (u.municipality.is_some() && municipality.is_none());
        if let (Some(from), false) = (from, bad_filter) {
            undo.push(Undo {
                scenario: u.scenario.get_ref().clone(),
                from,
                staff,
                venue,
                municipality,
                at: u.scenario.span().start,
            });
        }
    }
    undo
}

/// Resolves "venue/room" ids, including rooms added by earlier changes.
fn resolve_rooms(model: &Model, changes: &[Change], ids: &[String]) -> Vec<(usize, usize)> {
    let mut venues: Vec<Vec<String>> = model
        .venues
        .iter()
        .map(|v| v.rooms.iter().map(|r| r.id.clone()).collect())
        .collect();
    for c in changes {
        if let Change::RoomCapacity { venue, room, .. } = c {
            if !venues[*venue].contains(room) {
                venues[*venue].push(room.clone());
            }
        }
    }
    ids.iter()
        .filter_map(|id| {
            let (v, r) = id.split_once('/')?;
            let vi = model.venue_index(v)?;
            let ri = venues[vi].iter().position(|x| x == r)?;
            Some((vi, ri))
        })
        .collect()
}

/// The model with the scenario applied.
///
/// New staff come first, so the other changes may name them; then each change in the
/// scenario's order.
pub fn apply(model: &Model, scenario: &Scenario) -> Model {
    let mut m = model.clone();
    for c in &scenario.changes {
        if let Change::AddStaff(s) = c {
            m.staff.push((**s).clone());
        }
    }
    for c in &scenario.changes {
        match c {
            Change::Absence { staff, range } => m.staff[*staff].leave.push(*range),
            Change::VenueClosed {
                venue,
                range,
                move_to,
                by_weekday,
            } => close_venue(&mut m, *venue, *range, *move_to, by_weekday),
            Change::StaffChanged { staff, terms } => m.staff[*staff].terms.push(terms.clone()),
            Change::PatternChanged {
                municipality,
                venue,
                from,
                weekdays,
                nth,
                new_venue,
                until,
            } => {
                split_patterns(
                    &mut m,
                    |p| p.municipality == *municipality && venue.is_none_or(|v| p.venue == v),
                    *from,
                    *until,
                    |p| {
                        vec![ConsultationPattern {
                            venue: new_venue.unwrap_or(p.venue),
                            weekdays: weekdays.clone(),
                            nth: nth.clone().unwrap_or_else(|| p.nth.clone()),
                            ..p.clone()
                        }]
                    },
                );
            }
            Change::RoomCapacity {
                venue,
                room,
                name,
                capacity,
            } => set_room_capacity(&mut m, *venue, room, name, *capacity),
            Change::SeminarRooms {
                municipality,
                rooms,
                from,
                until,
            } => move_seminar_rooms(&mut m, *municipality, rooms, *from, *until),
            Change::AddStaff(_) => {}
            Change::RemoveStaff { staff, from } => {
                let to = m.period.to;
                m.staff[*staff].leave.push(DateRange { from: *from, to });
            }
            Change::Closure { date, note } => {
                if !m.closures.designated.iter().any(|(d, _)| d == date) {
                    m.closures.designated.push((*date, note.clone()));
                    m.closures.designated.sort();
                }
            }
            Change::QuotaChanged {
                municipality,
                seminar_type,
                count,
                from,
                until,
            } => counts::apply_quota_change(
                &mut m,
                *municipality,
                *seminar_type,
                *count,
                *from,
                *until,
            ),
            Change::SeriesChanged {
                series,
                count,
                from,
                until,
            } => counts::apply_series_change(&mut m, *series, *count, *from, *until),
        }
    }
    // The model keeps its own name: the scenario's name is the manager's note and never
    // reaches a title, a calendar or a letter (public_reason stands in for it there).
    m
}

/// A venue closed for `range` (CON-1): its patterns stop there, moved to `move_to`,
/// moved weekday by weekday (`by_weekday`; a weekday not listed is cancelled) or
/// dropped, and the seminars (SEM-*) and series held at it may also use the new
/// venue's rooms.
fn close_venue(
    m: &mut Model,
    venue: usize,
    range: DateRange,
    move_to: Option<usize>,
    by_weekday: &[(chrono::Weekday, usize)],
) {
    m.venues[venue].closed.push(range);
    split_patterns(
        m,
        |p| p.venue == venue,
        range.from,
        Some(range.to),
        |p| {
            if let Some(to) = move_to {
                return vec![ConsultationPattern {
                    venue: to,
                    ..p.clone()
                }];
            }
            // One pattern per target venue, with the weekdays that go there, in the
            // order the targets first appear (weekday order: deterministic).
            let mut out: Vec<ConsultationPattern> = Vec::new();
            for &(w, to) in by_weekday.iter().filter(|(w, _)| p.weekdays.contains(w)) {
                match out.iter_mut().find(|q| q.venue == to) {
                    Some(q) => q.weekdays.push(w),
                    None => out.push(ConsultationPattern {
                        venue: to,
                        weekdays: vec![w],
                        ..p.clone()
                    }),
                }
            }
            out
        },
    );
    let mut targets: Vec<usize> = move_to.into_iter().collect();
    for &(_, t) in by_weekday {
        if !targets.contains(&t) {
            targets.push(t);
        }
    }
    for to in targets {
        // Seminars and series held at the venue may use the new venue's rooms.
        let extra: Vec<(usize, usize)> = (0..m.venues[to].rooms.len()).map(|r| (to, r)).collect();
        for q in m
            .seminar_quotas
            .iter_mut()
            .filter(|q| q.rooms.iter().any(|(v, _)| *v == venue))
        {
            for x in &extra {
                if !q.rooms.contains(x) {
                    q.rooms.push(*x);
                }
            }
        }
        for s in m
            .event_series
            .iter_mut()
            .filter(|s| s.rooms.iter().any(|(v, _)| *v == venue))
        {
            for x in &extra {
                if !s.rooms.contains(x) {
                    s.rooms.push(*x);
                }
            }
        }
    }
}

/// A room's new capacity (SEM-3: the room must hold the seminar), or a new room.
fn set_room_capacity(m: &mut Model, venue: usize, room: &str, name: &str, capacity: u32) {
    let v = &mut m.venues[venue];
    match v.rooms.iter_mut().find(|r| r.id == room) {
        Some(r) => r.capacity = capacity,
        None => v.rooms.push(Room {
            id: room.to_string(),
            name: name.to_string(),
            capacity,
            closed: Vec::new(),
        }),
    }
}

/// A municipality's seminars (SEM-*) move to `rooms` from `from` to `until` (March 31
/// if none).
fn move_seminar_rooms(
    m: &mut Model,
    municipality: usize,
    rooms: &[(usize, usize)],
    from: NaiveDate,
    until: Option<NaiveDate>,
) {
    // Only this municipality's seminars move: its old rooms stop at `from`
    // for it, the new ones start there; other events keep every room.
    let (start, year_end) = (m.period.from, m.period.to);
    let end = until.unwrap_or(year_end);
    if let Some(q) = m
        .seminar_quotas
        .iter_mut()
        .find(|q| q.municipality == municipality)
    {
        for &r in &q.rooms.clone() {
            if !rooms.contains(&r) {
                q.room_closed.push((r, DateRange { from, to: end }));
            }
        }
        for &r in rooms {
            if !q.rooms.contains(&r) {
                q.rooms.push(r);
                if let Some(before) = from.pred_opt().filter(|b| *b >= start) {
                    q.room_closed.push((
                        r,
                        DateRange {
                            from: start,
                            to: before,
                        },
                    ));
                }
                if let Some(after) = end.succ_opt().filter(|a| *a <= year_end) {
                    q.room_closed.push((
                        r,
                        DateRange {
                            from: after,
                            to: year_end,
                        },
                    ));
                }
            }
        }
    }
}

/// Cuts every matching pattern at `from` (and `until`, if given): the part in the
/// range is replaced by `replace(p)` (none: dropped), the rest keeps the old pattern.
fn split_patterns(
    m: &mut Model,
    matches: impl Fn(&ConsultationPattern) -> bool,
    from: NaiveDate,
    until: Option<NaiveDate>,
    replace: impl Fn(&ConsultationPattern) -> Vec<ConsultationPattern>,
) {
    let mut out = Vec::new();
    for p in &m.patterns {
        if !matches(p) || p.valid.to < from || until.is_some_and(|u| p.valid.from > u) {
            out.push(p.clone());
            continue;
        }
        let start = p.valid.from.max(from);
        let end = until.map_or(p.valid.to, |u| p.valid.to.min(u));
        if p.valid.from < start {
            if let Some(before) = start.pred_opt() {
                out.push(ConsultationPattern {
                    valid: DateRange {
                        from: p.valid.from,
                        to: before,
                    },
                    ..p.clone()
                });
            }
        }
        for mut q in replace(p) {
            q.valid = DateRange {
                from: start,
                to: end,
            };
            out.push(q);
        }
        if end < p.valid.to {
            if let Some(after) = end.succ_opt() {
                out.push(ConsultationPattern {
                    valid: DateRange {
                        from: after,
                        to: p.valid.to,
                    },
                    ..p.clone()
                });
            }
        }
    }
    m.patterns = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, d).expect("date")
    }

    /// An absence is cut at `as_of` (history does not change) and is gone when it ends
    /// before it; without an `as_of` (a date that did not parse) it is kept whole.
    #[test]
    fn absence_is_cut_at_as_of() {
        let as_of = Some(day(6, 1));
        assert_eq!(
            absence_from(as_of, day(5, 20), day(6, 10)),
            Some(DateRange {
                from: day(6, 1),
                to: day(6, 10)
            })
        );
        assert_eq!(
            absence_from(as_of, day(6, 5), day(6, 10)),
            Some(DateRange {
                from: day(6, 5),
                to: day(6, 10)
            })
        );
        assert_eq!(absence_from(as_of, day(5, 1), day(5, 31)), None);
        assert_eq!(
            absence_from(None, day(5, 1), day(5, 31)),
            Some(DateRange {
                from: day(5, 1),
                to: day(5, 31)
            })
        );
    }

    fn tiny() -> Model {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.toml");
        crate::input::load_model(&path).expect("tiny model")
    }

    fn parse(text: &str) -> Result<Scenario, InputErrors> {
        parse_scenario(Path::new("s.toml"), text, &tiny())
    }

    /// Each table's step adds its problems in turn, so they come in file order:
    /// an unknown staff id in `[[absence]]` (E011), then history in `[[remove_staff]]`
    /// and `[[closure]]` (E021).
    #[test]
    fn every_table_is_checked_in_file_order() {
        let text = r#"name = "x"
as_of = "2023-08-01"
[[absence]]
staff = "nobody"
from = "2023-09-01"
to = "2023-09-02"
[[remove_staff]]
staff = "c1"
from = "2023-07-01"
[[closure]]
date = "2023-06-01"
"#;
        let errors = parse(text).expect_err("three problems").0;
        let found: Vec<(&str, usize)> = errors.iter().map(|e| (e.code, e.line)).collect();
        assert_eq!(found, vec![("E011", 4), ("E021", 9), ("E021", 11)]);
    }

    /// `[[seminar_rooms]]` may name a room `[[room_change]]` adds; applied, the
    /// municipality's seminars use it from `from` only (SEM-3 rooms).
    #[test]
    fn seminar_rooms_may_use_a_room_added_by_room_change() {
        let text = r#"name = "x"
as_of = "2023-08-01"
[[room_change]]
room = "beta-center/new"
capacity = 20
[[seminar_rooms]]
municipality = "alpha"
rooms = ["beta-center/new"]
from = "2023-10-01"
"#;
        let scenario = parse(text).expect("valid scenario");
        assert_eq!(
            scenario.changes[1],
            Change::SeminarRooms {
                municipality: 0,
                rooms: vec![(1, 1)],
                from: day(10, 1),
                until: None,
            }
        );
        let m = apply(&tiny(), &scenario);
        assert_eq!(m.venues[1].rooms[1].id, "new");
        assert_eq!(m.venues[1].rooms[1].capacity, 20);
        let q = &m.seminar_quotas[0];
        assert!(q.rooms.contains(&(1, 1)));
        assert!(q.room_closed.contains(&(
            (1, 1),
            DateRange {
                from: day(4, 1),
                to: day(9, 30)
            }
        )));
        assert!(q.room_closed.contains(&(
            (0, 1),
            DateRange {
                from: day(10, 1),
                to: NaiveDate::from_ymd_opt(2024, 3, 31).expect("date")
            }
        )));
    }

    fn codes(text: &str, model: &Model) -> Vec<(&'static str, usize)> {
        match parse_scenario(Path::new("s.toml"), text, model) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|x| (x.code, x.line)).collect(),
        }
    }

    /// `move_to` by weekday: the named weekday moves, the others are cancelled in the
    /// range; before and after it the old pattern holds (CON-1).
    #[test]
    fn move_to_by_weekday_moves_the_named_days_and_cancels_the_rest() {
        let text = r#"name = "x"
as_of = "2023-08-01"
[[venue_change]]
venue = "alpha-hall"
from = "2023-10-01"
to = "2023-10-31"
move_to = { thu = "beta-center" }
"#;
        let m = apply(&tiny(), &parse(text).expect("valid"));
        let alpha: Vec<(&str, Vec<chrono::Weekday>, DateRange)> = m
            .patterns
            .iter()
            .filter(|p| p.municipality == 0)
            .map(|p| (m.venues[p.venue].id.as_str(), p.weekdays.clone(), p.valid))
            .collect();
        use chrono::Weekday::{Mon, Thu};
        assert_eq!(
            alpha,
            vec![
                (
                    "alpha-hall",
                    vec![Mon, Thu],
                    DateRange {
                        from: day(4, 1),
                        to: day(9, 30)
                    }
                ),
                (
                    "beta-center",
                    vec![Thu],
                    DateRange {
                        from: day(10, 1),
                        to: day(10, 31)
                    }
                ),
                (
                    "alpha-hall",
                    vec![Mon, Thu],
                    DateRange {
                        from: day(11, 1),
                        to: NaiveDate::from_ymd_opt(2024, 3, 31).expect("date")
                    }
                ),
            ]
        );
    }

    /// E016 looks only at the weekdays whose days fall in the range: a venue usable on
    /// Mondays only takes a Monday-only closure, not one that holds a Thursday; E113 a
    /// weekday with no day at the venue; E012 a key that is not a weekday.
    #[test]
    fn venue_change_weekday_checks_look_only_at_the_range() {
        let mut model = tiny();
        model.venues[1].usable = vec![chrono::Weekday::Mon];
        let head =
            "name = \"x\"\nas_of = \"2023-08-01\"\n[[venue_change]]\nvenue = \"alpha-hall\"\n";
        let monday = format!(
            "{head}from = \"2023-10-02\"\nto = \"2023-10-02\"\nmove_to = \"beta-center\"\n"
        );
        assert_eq!(codes(&monday, &model), vec![]);
        let week = format!(
            "{head}from = \"2023-10-02\"\nto = \"2023-10-05\"\nmove_to = \"beta-center\"\n"
        );
        assert_eq!(codes(&week, &model), vec![("E016", 7)]);
        let by_day = format!("{head}from = \"2023-10-02\"\nto = \"2023-10-05\"\nmove_to = {{ mon = \"beta-center\" }}\n");
        assert_eq!(codes(&by_day, &model), vec![]);
        let sat = format!("{head}from = \"2023-10-02\"\nmove_to = {{ sat = \"beta-center\", frii = \"beta-center\" }}\n");
        assert_eq!(codes(&sat, &model), vec![("E113", 6), ("E012", 6)]);
    }

    /// `[[pattern_change]]` with `to` is temporary: the old pattern returns after it;
    /// `to` before `from` is E016.
    #[test]
    fn pattern_change_with_to_is_temporary() {
        let text = r#"name = "x"
as_of = "2023-08-01"
[[pattern_change]]
municipality = "beta"
from = "2023-11-01"
to = "2023-11-30"
days = ["tue"]
"#;
        let m = apply(&tiny(), &parse(text).expect("valid"));
        let beta: Vec<(Vec<chrono::Weekday>, NaiveDate)> = m
            .patterns
            .iter()
            .filter(|p| p.municipality == 1)
            .map(|p| (p.weekdays.clone(), p.valid.from))
            .collect();
        use chrono::Weekday::{Tue, Wed};
        assert_eq!(
            beta,
            vec![
                (vec![Wed], day(4, 1)),
                (vec![Tue], day(11, 1)),
                (vec![Wed], day(12, 1))
            ]
        );
        let back = text.replace("2023-11-30", "2023-10-30");
        assert_eq!(codes(&back, &tiny()), vec![("E016", 6)]);
    }

    /// `[[staff_change]]`: dated terms on the person; E112 nothing changed, E010 two
    /// overlapping changes of one person, E016 an inverted range, E021 history, E011 an
    /// unknown person, E018 an unknown role.
    #[test]
    fn staff_change_is_validated_and_applied_as_dated_terms() {
        let text = r#"name = "x"
as_of = "2023-08-01"
[[staff_change]]
staff = "c1"
from = "2023-10-01"
weekdays = ["mon", "wed"]
max_days_per_week = 2
"#;
        let m = apply(&tiny(), &parse(text).expect("valid"));
        let c1 = &m.staff[m.staff_index("c1").expect("c1")];
        assert_eq!(c1.terms.len(), 1);
        assert!(c1.available(day(9, 26))); // a Tuesday before
        assert!(!c1.available(day(10, 3))); // a Tuesday after
        assert_eq!(c1.max_days_in_week_of(day(10, 3)), 2);
        assert_eq!(c1.on(day(9, 26)).max_days_per_week, c1.max_days_per_week);
        let bad = r#"name = "x"
as_of = "2023-08-01"
[[staff_change]]
staff = "c1"
from = "2023-10-01"
[[staff_change]]
staff = "c1"
from = "2023-10-01"
to = "2023-09-01"
weekdays = ["mon"]
[[staff_change]]
staff = "c2"
from = "2023-07-01"
roles = ["boss"]
[[staff_change]]
staff = "c9"
from = "2023-09-01"
prefers = ["alpha"]
[[staff_change]]
staff = "c3"
from = "2023-09-01"
weekdays = ["mon"]
[[staff_change]]
staff = "c3"
from = "2023-12-01"
to = "2023-12-31"
weekdays = ["tue"]
"#;
        assert_eq!(
            codes(bad, &tiny()),
            vec![
                ("E112", 4),
                ("E016", 9),
                ("E021", 13),
                ("E018", 14),
                ("E011", 16),
                ("E010", 25),
            ]
        );
    }

    /// `[[undo]]` of a staff change cuts it at the undo's `from`.
    #[test]
    fn undo_cuts_a_staff_change() {
        let first = r#"name = "c1 no tuesdays"
as_of = "2023-08-01"
[[staff_change]]
staff = "c1"
from = "2023-10-01"
weekdays = ["mon", "wed"]
"#;
        let second = r#"name = "back"
as_of = "2023-09-01"
[[undo]]
scenario = "c1 no tuesdays"
staff = "c1"
from = "2023-11-01"
"#;
        let src = |t: &str| chain::Source {
            label: "s.toml".into(),
            text: t.to_string(),
        };
        let model = tiny();
        let chain = chain::resolve(&model, &[src(first), src(second)]).expect("valid chain");
        let m = chain::apply_all(&model, &chain);
        let c1 = &m.staff[m.staff_index("c1").expect("c1")];
        assert!(!c1.available(day(10, 3))); // a Tuesday in October: changed
        assert!(c1.available(day(11, 7))); // a Tuesday in November: undone
    }

    /// Issue 16: `public_reason` is read (the letters' reason), an empty one is refused
    /// at its own place (E024), and the applied model keeps the model's name: the
    /// scenario's name never reaches a title.
    #[test]
    fn public_reason_is_read_and_the_model_keeps_its_name() {
        let text =
            "name = \"c03 病欠\"\nas_of = \"2023-08-01\"\npublic_reason = \"会場の都合により\"\n";
        let scenario = parse(text).expect("valid scenario");
        assert_eq!(scenario.public_reason.as_deref(), Some("会場の都合により"));
        let model = tiny();
        assert_eq!(apply(&model, &scenario).name, model.name);
        let none = parse("name = \"x\"\nas_of = \"2023-08-01\"\n").expect("valid");
        assert_eq!(none.public_reason, None);
        let e = parse("name = \"x\"\nas_of = \"2023-08-01\"\npublic_reason = \" \"\n")
            .expect_err("empty reason");
        assert_eq!(e.0[0].code, "E024");
        assert_eq!(e.0[0].line, 3);
    }
}
