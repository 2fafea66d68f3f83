//! Stage 1: the dates of job-support seminars (SEM-1, SEM-8) and event series
//! (OUT-1, ONE-1, FAIR-1, RT-1), with room conflicts and aggregate staff capacity.
//!
//! [`choose_dates`] reads as the list of rule families, one function each, in the
//! order their variables, rows and objective terms reach HiGHS (an order that steers
//! its search, so it is kept); [`decode`] reads the chosen dates back, solver-free.

mod jobs;
mod lead_time;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveTime};
use good_lp::constraint;

pub(crate) use jobs::jobs;
pub(crate) use lead_time::spread_months;

use super::lp::{sum, Lp, SolveError, Var};
use super::slack::{Reading, SlackRegistry, SlackTag};
use super::{Ended, Fixings, FreeOf, Held, Run};
use crate::calendar;
use crate::demand::{fiscal_months, month_index, Demand};
use crate::model::{Model, Place, Qualification, Role, Rule, SeminarType, TimeWindow};
use crate::plan::cause::{Cause, Counted};
use crate::plan::Violation;

/// Stage 1's cost of a date that does not suit the people the joint bound's relaxation
/// chose for the event (per person unavailable or busy elsewhere that day), beside
/// their travel to the event's place in objective units: well above the free-capacity
/// costs (at most 2 a date) and a typical detour, so dates suit the relaxed staffing
/// wherever the rules allow.
const MISFIT_WEIGHT: f64 = 100.0;

/// Whether a person belongs to a pool.
type StaffTest<'a> = dyn Fn(&crate::model::Staff) -> bool + 'a;

/// The groups of people stage 1's capacity rows count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Pool {
    Lecturer,
    Reception,
    Developer,
    /// A qualified consultant or lecturer (series needing either).
    LecturerOrConsultant,
    /// A qualified lecturer, or a consultant by role who is qualified.
    LecturerOrConsultantRole,
}

/// Even share per month, rounded up (SEM-8).
pub(crate) fn monthly_cap(count: u32, months: usize) -> u32 {
    let m = months.max(1) as u32;
    count.div_ceil(m)
}

/// Stage 1's result.
pub(crate) struct Stage1 {
    /// The dates chosen, and the rules they break.
    pub dates: ChosenDates,
    pub ended: Ended,
}

/// Stage 1's decisions, decoded from a solution ([`decode`]).
#[derive(Debug, Clone)]
pub(crate) struct ChosenDates {
    /// Chosen seminars: (candidate index, type).
    pub seminars: Vec<(usize, SeminarType)>,
    /// Chosen series candidates.
    pub series: Vec<usize>,
    /// Counts short (SEM-1, OUT-1, ONE-1, FAIR-1, RT-1) and broken pins (PR-1).
    pub violations: Vec<Violation>,
    /// The penalties those violations cost.
    pub slack_cost: f64,
}

/// Stage 1's variables, passed from one rule family to the next.
struct DateVars {
    /// One binary per seminar candidate and type of its quota: (candidate, type, var).
    seminars: Vec<(usize, SeminarType, Var)>,
    /// One binary per series candidate: (candidate, var).
    series: Vec<(usize, Var)>,
    /// Pins that cannot hold (PR-1) and counts that may fall short (SEM-1, OUT-1,
    /// ONE-1, FAIR-1, RT-1): the reported slack, in creation order.
    slack: SlackRegistry,
    /// The candidates that keep an announced event's date (PR-1), in pin order: the
    /// constructive dates place them first.
    pinned: Vec<Var>,
}

/// Chooses the dates of the year's seminars and series events: each rule family adds
/// its variables, rows and objective terms in turn (the order HiGHS sees them in).
pub(crate) fn choose_dates(
    model: &Model,
    demand: &Demand,
    run: &Run,
    fix: &Fixings,
    prefs: Option<&super::DatePrefs>,
) -> Result<Stage1, SolveError> {
    // SEM-7's limits are checked on the dates chosen and made rows only when those
    // dates break them: the rows change HiGHS's path through stage 1 even where they
    // do not bind (the shipped year's plan came out 0.3 % dearer with them).
    let first = dates_once(model, demand, run, fix, prefs, false)?;
    if childcare_fits(model, demand, &first.dates.seminars) {
        return Ok(first);
    }
    dates_once(model, demand, run, fix, prefs, true)
}

/// [`choose_dates`]' one MILP, with [`childcare_capacity`]'s rows if `childcare`.
fn dates_once(
    model: &Model,
    demand: &Demand,
    run: &Run,
    fix: &Fixings,
    prefs: Option<&super::DatePrefs>,
    childcare: bool,
) -> Result<Stage1, SolveError> {
    let mut lp = Lp::new();
    let free = FreeStaff::of(model, demand);
    let steer = prefs.map(Steering::of);
    let seminars = seminar_dates(&mut lp, model, demand, &free, steer.as_ref());
    let series = series_dates(&mut lp, model, demand, &free, steer.as_ref());
    let mut vars = DateVars {
        seminars,
        series,
        slack: SlackRegistry::default(),
        pinned: Vec::new(),
    };
    publicity_freeze(&mut lp, model, demand, fix, &mut vars);
    lead_time::publicity_lead_time(&mut lp, model, demand, fix, &vars);
    moved_events_cost(&mut lp, demand, fix, &vars);
    nothing_new_before_frozen(&mut lp, demand, fix, &vars);
    seminar_quota_and_spread(&mut lp, model, demand, &mut vars);
    series_counts_and_spread(&mut lp, model, demand, &mut vars);
    counts_kept_before_change(&mut lp, model, demand, fix, &vars);
    one_event_per_room_at_a_time(&mut lp, model, demand, &vars);
    staff_capacity_per_date(&mut lp, model, demand, &free, &vars);
    if childcare {
        childcare_capacity(&mut lp, model, demand, &vars);
    }
    if let Some(steer) = &steer {
        guide_places(&mut lp, model, demand, steer, &vars);
    }
    start_with_nothing_placed(&mut lp, &vars);
    // Issue 20, part 1: dates that keep the rules whatever time HiGHS gets.
    let greedy = greedy_dates(&lp, demand, &vars);
    run.prepare(&mut lp, "stage 1 (dates)", "stage1-dates");
    let left = run.deadline.remaining();
    let budget = (left * super::STAGE1_SHARE).max(left.min(super::STAGE1_FLOOR));
    let sol = better_of(lp.solve(run.opts, budget), greedy)?;
    Ok(Stage1 {
        dates: decode(&vars, |v| sol.get(v)),
        ended: Ended::new("stage 1 (dates)".into(), &sol, 0.0),
    })
}

/// Who is free on a date, by pool and region, for stage 1's costs and capacity rows:
/// only people who can reach an event count for it (`max_travel_km`).
struct FreeStaff<'a> {
    model: &'a Model,
    demand: &'a Demand,
    regions: super::Regions,
    office_region: usize,
    /// Who is in each pool, by region (people of no region count nowhere).
    members: HashMap<(Pool, usize), Vec<usize>>,
    /// The counts free on a date, computed once per (pool, date, region): a count over
    /// all staff per candidate date made stage 1's formulation quadratic in the model's
    /// size (half a minute at 50 copies of the shipped model, before HiGHS could start).
    counted: RefCell<HashMap<(Pool, NaiveDate, usize), f64>>,
}

impl<'a> FreeStaff<'a> {
    fn of(model: &'a Model, demand: &'a Demand) -> Self {
        let reach = super::Reach::of(model);
        let regions = super::Regions::of(model, &reach);
        let pools: [(Pool, &StaffTest); 5] = [
            (Pool::Lecturer, &|s| model.qualified_lecturer(s)),
            (Pool::Reception, &|s| s.has(Role::Reception)),
            (Pool::Developer, &|s| s.has(Role::JobDeveloper)),
            (Pool::LecturerOrConsultant, &|s| {
                model.qualified_consultant(s) || model.qualified_lecturer(s)
            }),
            (Pool::LecturerOrConsultantRole, &|s| {
                model.qualified_lecturer(s)
                    || (s.has(Role::Consultant) && model.qualified_consultant(s))
            }),
        ];
        let mut members: HashMap<(Pool, usize), Vec<usize>> = HashMap::new();
        for (p, st) in model.staff.iter().enumerate() {
            let Some(r) = regions.region_of(p) else {
                continue;
            };
            for (pool, pred) in &pools {
                if pred(st) {
                    members.entry((*pool, r)).or_default().push(p);
                }
            }
        }
        let mut free = FreeStaff {
            model,
            demand,
            regions,
            office_region: usize::MAX,
            members,
            counted: RefCell::default(),
        };
        free.office_region = free.region_of_venue(model.office.venue);
        free
    }

    /// The region of a venue's place (`usize::MAX` for no venue).
    fn region_of_venue(&self, venue: usize) -> usize {
        self.model
            .venues
            .get(venue)
            .map_or(usize::MAX, |v| self.regions.place(self.model, v.place))
    }

    /// How many of `pool` in region `r` are available on `d`.
    fn count(&self, pool: Pool, d: NaiveDate, r: usize) -> f64 {
        if let Some(n) = self.counted.borrow().get(&(pool, d, r)) {
            return *n;
        }
        let n = self.members.get(&(pool, r)).map_or(0, |ps| {
            ps.iter()
                .filter(|&&p| self.model.staff[p].available(d))
                .count()
        }) as f64;
        self.counted.borrow_mut().insert((pool, d, r), n);
        n
    }

    /// Reception staff of region `r` available on `d` beyond those the office needs
    /// that day (OFF-1); negative when the office alone needs more.
    fn reception(&self, d: NaiveDate, r: usize) -> f64 {
        let office = if r == self.office_region && self.demand.office_days.binary_search(&d).is_ok()
        {
            f64::from(self.model.office.reception)
        } else {
            0.0
        };
        self.count(Pool::Reception, d, r) - office
    }
}

/// What steers stage 1's second pass: the joint bound's relaxation (the dates' guide),
/// with the places it held each quota's and series' events at (issue 20 part 4).
struct Steering<'a> {
    prefs: &'a super::DatePrefs,
    /// For each quota or series, the places its events were held at.
    held: BTreeMap<FreeOf, Vec<Held>>,
}

impl<'a> Steering<'a> {
    fn of(prefs: &'a super::DatePrefs) -> Self {
        let mut held = BTreeMap::new();
        for &(of, _) in prefs.held.keys() {
            held.entry(of).or_insert_with(|| prefs.held_at(of));
        }
        Steering { prefs, held }
    }

    /// The places the guide spread the events of `of` over, when more than one.
    fn spread(&self, of: FreeOf) -> Option<&[Held]> {
        self.held
            .get(&of)
            .map(Vec::as_slice)
            .filter(|held| held.len() > 1)
    }

    /// The cost of a date that does not suit the people the joint bound's relaxation
    /// chose for an event of `of` held in `room` ([`MISFIT_WEIGHT`]). When the guide
    /// held the events of `of` at several places (issue 20 part 4), a date at one of
    /// them is priced by the people it put on the events there, and a date elsewhere
    /// by the people of the place that suits it best: each place's share of the
    /// events (see [`guide_places`]) goes where its own people would staff it, where a
    /// price averaged over all the events' people sent every event to the one place
    /// best on average (the shipped year's twelve job fairs all in Ina). With one
    /// place (or none), the average over all its people, per event.
    fn misfit_cost(&self, model: &Model, of: FreeOf, d: NaiveDate, room: (usize, usize)) -> f64 {
        let place = model.venues[room.0].place;
        let weigh = |(bad, travel): (f64, f64)| MISFIT_WEIGHT * bad + travel;
        let Some(held) = self.spread(of) else {
            return weigh(self.prefs.misfit(model, of, d, place));
        };
        match held.iter().find(|h| h.place == place) {
            Some(h) => weigh(self.prefs.misfit_held(model, h, d, place)),
            None => held
                .iter()
                .map(|h| weigh(self.prefs.misfit_held(model, h, d, place)))
                .fold(f64::INFINITY, f64::min),
        }
    }

    /// For each place the guide held events of `of` at (when several): how many, and
    /// what each event there beyond them costs: the travel of the people of the other
    /// places that suit it best, less that of the place's own people (at least 0).
    fn beyond(&self, model: &Model, of: FreeOf) -> Vec<(Place, usize, f64)> {
        let Some(held) = self.spread(of) else {
            return Vec::new();
        };
        let travel = |h: &Held, place| self.prefs.misfit_held(model, h, NaiveDate::MIN, place).1;
        held.iter()
            .map(|h| {
                let own = travel(h, h.place);
                let other = held
                    .iter()
                    .filter(|o| o.place != h.place)
                    .map(|o| travel(o, h.place))
                    .fold(f64::INFINITY, f64::min);
                (h.place, h.events, (other - own).max(0.0))
            })
            .collect()
    }
}

/// The seminar date choices: one binary per seminar candidate (date and room) and per
/// type its quota asks for (SEM-1). A date costs less the more lecturers (SEM-4) and
/// reception staff (SEM-5) are free that day (cheap headroom) and, on the second pass,
/// the better it suits the joint bound's staffing.
fn seminar_dates(
    lp: &mut Lp,
    model: &Model,
    demand: &Demand,
    free: &FreeStaff,
    steer: Option<&Steering>,
) -> Vec<(usize, SeminarType, Var)> {
    let mut y = Vec::new();
    for (ci, c) in demand.seminar_candidates.iter().enumerate() {
        let q = &model.seminar_quotas[c.quota];
        let region = free.region_of_venue(c.room.0);
        let l = free.count(Pool::Lecturer, c.date, region);
        let r = free.reception(c.date, region);
        let mut cost = 1.0 / (1.0 + l.max(0.0)) + 1.0 / (1.0 + r.max(0.0));
        if let Some(st) = steer {
            cost += st.misfit_cost(model, FreeOf::Seminar(c.quota), c.date, c.room);
        }
        for t in SeminarType::ALL {
            if q.counts[t.index()] > 0 {
                let v = lp.binary(cost);
                y.push((ci, t, v));
            }
        }
    }
    y
}

/// The series date choices (OUT-1, ONE-1, FAIR-1, RT-1): one binary per candidate
/// (date and room), costing less the more of the people its needs name are free that
/// day and, on the second pass, the better it suits the joint bound's staffing.
fn series_dates(
    lp: &mut Lp,
    model: &Model,
    demand: &Demand,
    free: &FreeStaff,
    steer: Option<&Steering>,
) -> Vec<(usize, Var)> {
    let mut e = Vec::new();
    for (ci, c) in demand.series_candidates.iter().enumerate() {
        let s = &model.event_series[c.series];
        let region = free.region_of_venue(c.room.0);
        let mut cost = 0.0;
        for n in &s.needs {
            let people = match n.who {
                Qualification::Reception => free.reception(c.date, region),
                Qualification::JobDeveloper => free.count(Pool::Developer, c.date, region),
                Qualification::Lecturer => free.count(Pool::Lecturer, c.date, region),
                Qualification::Consultant | Qualification::LecturerOrConsultant => {
                    free.count(Pool::LecturerOrConsultant, c.date, region)
                }
            };
            cost += f64::from(n.count) / (1.0 + people.max(0.0));
        }
        if let Some(st) = steer {
            cost += st.misfit_cost(model, FreeOf::Series(c.series), c.date, c.room);
        }
        let v = lp.binary(cost);
        e.push((ci, v));
    }
    e
}

/// PR-1: once a flyer or leaflet is out, its events keep their date (and room, if it
/// can still be used); so do past events. A pin is paid slack, not a hard row: two
/// pins the scenario put in conflict (one room for two announced events) must still
/// give a plan, with the broken promise reported.
fn publicity_freeze(
    lp: &mut Lp,
    model: &Model,
    demand: &Demand,
    fix: &Fixings,
    vars: &mut DateVars,
) {
    let big = model.objective.violation;
    for &(quota, t, date) in &fix.seminars {
        let v: Vec<Var> = vars
            .seminars
            .iter()
            .filter(|(ci, tt, _)| {
                let c = &demand.seminar_candidates[*ci];
                c.quota == quota && *tt == t && c.date == date
            })
            .map(|x| x.2)
            .collect();
        if !v.is_empty() {
            vars.pinned.extend(&v);
            let slack = lp.slack(0.0, 1.0, big / 10.0);
            lp.add(constraint!(sum(v) + slack.1 == 1.0));
            let m = &model.municipalities[model.seminar_quotas[quota].municipality];
            let id = format!("sem-{}-{}", m.id, ymd(date));
            vars.slack.add(slack, pin(id, date, big));
        }
    }
    for &(series, date, room) in &fix.series {
        let on_date: Vec<(usize, Var)> = vars
            .series
            .iter()
            .filter(|(ci, _)| {
                let c = &demand.series_candidates[*ci];
                c.series == series && c.date == date
            })
            .copied()
            .collect();
        // Announced: same room if it can still be used, else any room of the series.
        let same_room: Vec<Var> = on_date
            .iter()
            .filter(|(ci, _)| Some(demand.series_candidates[*ci].room) == room)
            .map(|x| x.1)
            .collect();
        let v: Vec<Var> = if same_room.is_empty() {
            on_date.iter().map(|x| x.1).collect()
        } else {
            same_room
        };
        if !v.is_empty() {
            vars.pinned.extend(&v);
            let slack = lp.slack(0.0, 1.0, big / 10.0);
            lp.add(constraint!(sum(v) + slack.1 == 1.0));
            let id = format!("{}-{}", model.event_series[series].id, ymd(date));
            vars.slack.add(slack, pin(id, date, big));
        }
    }
}

/// A re-plan's stability (`Fixings::change_weight`, no rule of its own): moving a
/// baseline event that is not pinned (PR-1) is a change too, paid like any other.
fn moved_events_cost(lp: &mut Lp, demand: &Demand, fix: &Fixings, vars: &DateVars) {
    let pays = fix.change_weight > 0.0;
    if !pays {
        return;
    }
    for &(ci, t, v) in &vars.seminars {
        let c = &demand.seminar_candidates[ci];
        if !fix.preferred_seminars.contains(&(c.quota, t, c.date)) {
            lp.add_cost(v, fix.change_cost(c.date));
        }
    }
    for &(ci, v) in &vars.series {
        let c = &demand.series_candidates[ci];
        if !fix
            .preferred_series
            .contains(&(c.series, c.date, c.room.0, c.room.1))
        {
            lp.add_cost(v, fix.change_cost(c.date));
        }
    }
}

/// A re-plan's history: before the frozen date nothing new may be placed, only the
/// events pinned there (PR-1) remain.
fn nothing_new_before_frozen(lp: &mut Lp, demand: &Demand, fix: &Fixings, vars: &DateVars) {
    let Some(f) = fix.frozen_before else {
        return;
    };
    for &(ci, t, v) in &vars.seminars {
        let c = &demand.seminar_candidates[ci];
        if c.date < f && !fix.seminars.contains(&(c.quota, t, c.date)) {
            lp.add(constraint!(v.1 == 0.0));
        }
    }
    for &(ci, v) in &vars.series {
        let c = &demand.series_candidates[ci];
        if c.date < f
            && !fix
                .series
                .iter()
                .any(|&(s, d, _)| s == c.series && d == c.date)
        {
            lp.add(constraint!(v.1 == 0.0));
        }
    }
}

/// SEM-1, SEM-8: each municipality's quota of each seminar type (short only as paid
/// slack, reported), no month above its even share rounded up ([`monthly_cap`]), and
/// at most one seminar of the municipality a date.
fn seminar_quota_and_spread(lp: &mut Lp, model: &Model, demand: &Demand, vars: &mut DateVars) {
    let big = model.objective.violation;
    let months = fiscal_months(model);
    for (qi, q) in model.seminar_quotas.iter().enumerate() {
        for t in SeminarType::ALL {
            let count = q.counts[t.index()];
            if count == 0 {
                continue;
            }
            let mine: Vec<&(usize, SeminarType, Var)> = vars
                .seminars
                .iter()
                .filter(|(ci, tt, _)| *tt == t && demand.seminar_candidates[*ci].quota == qi)
                .collect();
            let under = lp.slack(0.0, f64::from(count), big);
            lp.add(constraint!(
                sum(mine.iter().map(|x| x.2)) + under.1 == f64::from(count)
            ));
            let counted = Counted::Seminars {
                municipality: model.municipalities[q.municipality].id.clone(),
                seminar_type: t.id().into(),
            };
            vars.slack
                .add(under, short_of(Rule::Sem1, counted, count, big));
            // SEM-8 over the months PR-1's lead time leaves (all of them when soft).
            let cap = monthly_cap(count, spread_months(model));
            for (mi, _) in months.iter().enumerate() {
                let in_month: Vec<Var> = mine
                    .iter()
                    .filter(|(ci, _, _)| {
                        month_index(model, demand.seminar_candidates[*ci].date) == mi
                    })
                    .map(|x| x.2)
                    .collect();
                if in_month.len() as u32 > cap {
                    lp.add(constraint!(sum(in_month) <= f64::from(cap)));
                }
            }
        }
        let by_date = super::group(
            vars.seminars
                .iter()
                .filter(|(ci, _, _)| demand.seminar_candidates[*ci].quota == qi)
                .map(|(ci, _, v)| (demand.seminar_candidates[*ci].date, *v)),
        );
        for (_, vs) in by_date {
            if vs.len() > 1 {
                lp.add(constraint!(sum(vs) <= 1.0));
            }
        }
    }
}

/// OUT-1, ONE-1, FAIR-1, RT-1: each series' count, per month when the series gives
/// one (ONE-1's twice a month), else per year and spread like seminars (no month above
/// its even share, rounded up); short only as paid slack, reported under the series'
/// rule. At most one event of a series a date.
fn series_counts_and_spread(lp: &mut Lp, model: &Model, demand: &Demand, vars: &mut DateVars) {
    let big = model.objective.violation;
    let months = fiscal_months(model);
    for (si, s) in model.event_series.iter().enumerate() {
        let mine: Vec<&(usize, Var)> = vars
            .series
            .iter()
            .filter(|(ci, _)| demand.series_candidates[*ci].series == si)
            .collect();
        let month_of = |ci: usize| month_index(model, demand.series_candidates[ci].date);
        let rule = s.kind.rule();
        if s.per_month.is_some() {
            for (mi, (yy, mm)) in months.iter().enumerate() {
                // A `[[series_change]]` may set some months' count (ONE-1).
                let pm = s.per_month_in(*yy, *mm).unwrap_or(0);
                let vs: Vec<Var> = mine
                    .iter()
                    .filter(|(ci, _)| month_of(*ci) == mi)
                    .map(|x| x.1)
                    .collect();
                let under = lp.slack(0.0, f64::from(pm), big);
                lp.add(constraint!(sum(vs) + under.1 == f64::from(pm)));
                let counted = Counted::SeriesInMonth {
                    series: s.id.clone(),
                    year: *yy,
                    month: *mm,
                };
                vars.slack.add(under, short_of(rule, counted, pm, big));
            }
        } else {
            let under = lp.slack(0.0, f64::from(s.count), big);
            lp.add(constraint!(
                sum(mine.iter().map(|x| x.1)) + under.1 == f64::from(s.count)
            ));
            let counted = Counted::SeriesInYear {
                series: s.id.clone(),
            };
            vars.slack.add(under, short_of(rule, counted, s.count, big));
            let cap = monthly_cap(s.count, spread_months(model));
            for (mi, _) in months.iter().enumerate() {
                let vs: Vec<Var> = mine
                    .iter()
                    .filter(|(ci, _)| month_of(*ci) == mi)
                    .map(|x| x.1)
                    .collect();
                if vs.len() as u32 > cap {
                    lp.add(constraint!(sum(vs) <= f64::from(cap)));
                }
            }
        }
        let by_date = super::group(
            mine.iter()
                .map(|(ci, v)| (demand.series_candidates[*ci].date, *v)),
        );
        for (_, vs) in by_date {
            if vs.len() > 1 {
                lp.add(constraint!(sum(vs) <= 1.0));
            }
        }
    }
}

/// A re-plan's `[[quota_change]]` and `[[series_change]]` (SEM-1, OUT-1, FAIR-1,
/// RT-1; no rule of their own): the count changes from its `from` date, so between the
/// frozen date and `from` the plan holds as many events of the changed count as the
/// baseline did there (a cut or an addition lands on or after `from`). Each event more
/// or fewer there costs ten changes: dearer than moving an event, cheaper than a rule.
fn counts_kept_before_change(
    lp: &mut Lp,
    model: &Model,
    demand: &Demand,
    fix: &Fixings,
    vars: &DateVars,
) {
    let (Some(frozen), true) = (fix.frozen_before, fix.change_weight > 0.0) else {
        return;
    };
    let weight = 10.0 * fix.change_weight;
    let between = |d: NaiveDate, from: NaiveDate| d >= frozen && d < from;
    let keep = |lp: &mut Lp, vs: Vec<Var>, base: usize| {
        let (under, over) = (
            lp.continuous(0.0, base as f64, weight),
            lp.continuous(0.0, vs.len() as f64, weight),
        );
        lp.add(constraint!(sum(vs) + under.1 - over.1 == base as f64));
    };
    for (qi, q) in model.seminar_quotas.iter().enumerate() {
        for t in SeminarType::ALL {
            let Some(from) = q.count_from[t.index()] else {
                continue;
            };
            let base = fix
                .preferred_seminars
                .iter()
                .filter(|&&(bq, bt, d)| bq == qi && bt == t && between(d, from))
                .count();
            let vs: Vec<Var> = vars
                .seminars
                .iter()
                .filter(|(ci, tt, _)| {
                    let c = &demand.seminar_candidates[*ci];
                    *tt == t && c.quota == qi && between(c.date, from)
                })
                .map(|x| x.2)
                .collect();
            keep(lp, vs, base);
        }
    }
    for (si, s) in model.event_series.iter().enumerate() {
        let Some(from) = s.count_from else { continue };
        let base: std::collections::BTreeSet<NaiveDate> = fix
            .preferred_series
            .iter()
            .filter(|&&(bs, d, _, _)| bs == si && between(d, from))
            .map(|x| x.1)
            .collect();
        let vs: Vec<Var> = vars
            .series
            .iter()
            .filter(|(ci, _)| {
                let c = &demand.series_candidates[*ci];
                c.series == si && between(c.date, from)
            })
            .map(|x| x.1)
            .collect();
        keep(lp, vs, base.len());
    }
}

/// MODEL-ROOM: a room holds one event at a time (the rooms SEM-1's quotas and the series list,
/// ONE-1's permanent seminar room among them): per room and date, at most one event of
/// each group of overlapping windows ([`cliques`]).
fn one_event_per_room_at_a_time(lp: &mut Lp, model: &Model, demand: &Demand, vars: &DateVars) {
    type RoomDay = ((usize, usize), NaiveDate);
    let mut room_use: BTreeMap<RoomDay, Vec<(TimeWindow, Var)>> = BTreeMap::new();
    for &(ci, _, v) in &vars.seminars {
        let c = &demand.seminar_candidates[ci];
        room_use
            .entry((c.room, c.date))
            .or_default()
            .push((model.seminars.window, v));
    }
    for &(ci, v) in &vars.series {
        let c = &demand.series_candidates[ci];
        let w = model.event_series[c.series].window;
        room_use.entry((c.room, c.date)).or_default().push((w, v));
    }
    for (_, uses) in room_use {
        for clique in cliques(&uses) {
            if clique.len() > 1 {
                lp.add(constraint!(sum(clique) <= 1.0));
            }
        }
    }
}

/// The dated events must be staffable, counted in aggregate per open day and region
/// (stage 2 places the people): a lecturer per seminar (SEM-4) and reception
/// (SEM-5) beside the office's (OFF-1), the series' lecturers, consultants (OUT-1) and
/// job developers, and everything needing a lecturer or a consultant within the people
/// who can do either, less those the consultation days need (CON-3). Each row is paid
/// slack: stage 2 reports whatever staffing is really short.
fn staff_capacity_per_date(
    lp: &mut Lp,
    model: &Model,
    demand: &Demand,
    free: &FreeStaff,
    vars: &DateVars,
) {
    let big = model.objective.violation;
    let dates: Vec<NaiveDate> = model
        .period
        .days()
        .filter(|d| calendar::is_open_day(model, *d))
        .collect();
    let y_by_date = super::group(vars.seminars.iter().map(|(ci, _, v)| {
        let c = &demand.seminar_candidates[*ci];
        ((c.date, free.region_of_venue(c.room.0)), *v)
    }));
    let e_by_date = super::group(vars.series.iter().map(|(ci, v)| {
        let c = &demand.series_candidates[*ci];
        ((c.date, free.region_of_venue(c.room.0)), (*ci, *v))
    }));
    let mut consultations_on: BTreeMap<(NaiveDate, usize), usize> = BTreeMap::new();
    for c in &demand.consultations {
        *consultations_on
            .entry((c.date, free.region_of_venue(c.venue)))
            .or_insert(0) += 1;
    }
    let mut date_regions: Vec<(NaiveDate, usize)> = Vec::new();
    for d in dates {
        let mut rs: Vec<usize> = y_by_date
            .keys()
            .chain(e_by_date.keys())
            .filter(|(dd, _)| *dd == d)
            .map(|(_, r)| *r)
            .collect();
        rs.sort_unstable();
        rs.dedup();
        date_regions.extend(rs.into_iter().map(|r| (d, r)));
    }
    let need_of = |ci: usize, q: Qualification| -> f64 {
        let s = &model.event_series[demand.series_candidates[ci].series];
        s.needs
            .iter()
            .filter(|n| n.who == q)
            .map(|n| f64::from(n.count))
            .sum()
    };
    for (d, region) in date_regions {
        let sem = y_by_date.get(&(d, region)).cloned().unwrap_or_default();
        let ser = e_by_date.get(&(d, region)).cloned().unwrap_or_default();
        if sem.is_empty() && ser.is_empty() {
            continue;
        }
        let mut lect = sum(sem.iter().copied());
        let mut rec = f64::from(model.seminars.reception_per_seminar) * sum(sem.iter().copied());
        let mut dev = good_lp::Expression::from(0.0);
        for &(ci, v) in &ser {
            lect += need_of(ci, Qualification::Lecturer) * v.1;
            rec += need_of(ci, Qualification::Reception) * v.1;
            dev += need_of(ci, Qualification::JobDeveloper) * v.1;
        }
        let l = free.count(Pool::Lecturer, d, region);
        let r = free.reception(d, region).max(0.0);
        let j = free.count(Pool::Developer, d, region);
        let sl = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(lect.clone() <= l + sl.1));
        // Lecturers who also consult are needed on consultation days too: everything
        // that needs a lecturer or a consultant must fit the people who can do either.
        let consults = f64::from(model.consultation.min_consultants)
            * consultations_on.get(&(d, region)).copied().unwrap_or(0) as f64;
        let mut either = lect;
        for &(ci, v) in &ser {
            either += (need_of(ci, Qualification::Consultant)
                + need_of(ci, Qualification::LecturerOrConsultant))
                * v.1;
        }
        let both = free.count(Pool::LecturerOrConsultantRole, d, region);
        let se = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(either <= (both - consults).max(0.0) + se.1));
        let sr = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(rec <= r + sr.1));
        let sj = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(dev <= j + sj.1));
    }
}

/// SEM-7: the childcare workers the women's seminars with a nursery need
/// (`childcare_workers` each) fit the childcare staff within their limits: per open
/// day, the workers available that day; per ISO week and per calendar month, each
/// worker's days available in it up to their weekly or monthly limit (MODEL-LIMIT),
/// summed; per year, the same up to their yearly limit. Stage 1's other capacity rows
/// count people per day only, so two such seminars in one week could need four
/// workers of three who may each work one day a week, a need stage 2 cannot meet. Each
/// row is paid slack, as the other capacity rows are.
fn childcare_capacity(lp: &mut Lp, model: &Model, demand: &Demand, vars: &DateVars) {
    let big = model.objective.violation;
    let seminars = vars.seminars.iter().copied();
    let mut needs: BTreeMap<Period, good_lp::Expression> = BTreeMap::new();
    for (period, n, v) in childcare_places(model, demand, seminars) {
        *needs.entry(period).or_default() += f64::from(n) * v.1;
    }
    for (period, need) in needs {
        let capacity = f64::from(childcare_capacity_of(model, period));
        let slack = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(need <= capacity + slack.1));
    }
}

/// Whether the chosen `seminars` (candidate, type) need no more childcare workers in
/// any period than [`childcare_capacity`] allows.
fn childcare_fits(model: &Model, demand: &Demand, seminars: &[(usize, SeminarType)]) -> bool {
    let seminars = seminars.iter().map(|&(ci, t)| (ci, t, ()));
    let mut needs: BTreeMap<Period, u32> = BTreeMap::new();
    for (period, n, ()) in childcare_places(model, demand, seminars) {
        *needs.entry(period).or_default() += n;
    }
    needs
        .into_iter()
        .all(|(period, need)| need <= childcare_capacity_of(model, period))
}

/// Each (candidate, type, tag) of `seminars` that needs childcare workers (SEM-7), once
/// per period of its date: (period, workers, tag).
fn childcare_places<'a, T: Copy + 'a>(
    model: &'a Model,
    demand: &'a Demand,
    seminars: impl Iterator<Item = (usize, SeminarType, T)> + 'a,
) -> impl Iterator<Item = (Period, u32, T)> + 'a {
    seminars.flat_map(move |(ci, t, tag)| {
        let c = demand.seminar_candidates.get(ci);
        let n = c.map_or(0, |c| crate::demand::childcare_workers(model, c.quota, t));
        let periods = c
            .filter(|_| n > 0)
            .map(|c| Period::ALL.map(|of| of(c.date)));
        periods.into_iter().flatten().map(move |p| (p, n, tag))
    })
}

/// The childcare workers' days in `period`: each worker's days available in it, up
/// to their limit for it (MODEL-LIMIT; a day: 1), summed.
fn childcare_capacity_of(model: &Model, period: Period) -> u32 {
    let days: Vec<NaiveDate> = period.days(model).collect();
    model
        .staff
        .iter()
        .filter(|s| s.has(Role::Childcare))
        .map(|s| {
            let open = days.iter().filter(|d| s.available(**d)).count() as u32;
            let limit = match (period, days.first()) {
                (Period::Week(_), Some(&d)) => s.max_days_in_week_of(d),
                (Period::Month(_), Some(&d)) => s.max_days_in_month_of(d),
                (Period::Year, _) => s.max_days_per_year,
                _ => open,
            };
            open.min(limit)
        })
        .sum()
}

/// [`childcare_capacity`]'s periods of a date: the day, its ISO week (by its Monday),
/// its month (by its first day) and the fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Period {
    Day(NaiveDate),
    Week(NaiveDate),
    Month(NaiveDate),
    Year,
}

impl Period {
    const ALL: [fn(NaiveDate) -> Period; 4] = [
        Period::Day,
        |d| {
            let w = d.iso_week();
            Period::Week(
                NaiveDate::from_isoywd_opt(w.year(), w.week(), chrono::Weekday::Mon).unwrap_or(d),
            )
        },
        |d| Period::Month(d.with_day(1).unwrap_or(d)),
        |_| Period::Year,
    ];

    /// The period's days within the fiscal year.
    fn days(self, model: &Model) -> impl Iterator<Item = NaiveDate> + '_ {
        let (first, last) = match self {
            Period::Day(d) => (d, d),
            Period::Week(monday) => (monday, monday + chrono::Duration::days(6)),
            Period::Month(first) => {
                let next = first
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(model.period.to);
                (first, next.pred_opt().unwrap_or(first))
            }
            Period::Year => (model.period.from, model.period.to),
        };
        model
            .period
            .days()
            .skip_while(move |d| *d < first)
            .take_while(move |d| *d <= last)
    }
}

/// Issue 20 part 4: a quota or series the dates' guide spread over several places
/// keeps about the guide's share at each: the events at a place beyond the guide's
/// count there each pay [`Steering::beyond`] (a row per place, its excess a paid
/// continuous variable), so that a place priced cheaply by its own people does not take
/// every event of the series.
fn guide_places(lp: &mut Lp, model: &Model, demand: &Demand, steer: &Steering, vars: &DateVars) {
    let place_of = |room: (usize, usize)| model.venues[room.0].place;
    for &of in steer.held.keys() {
        for (place, events, price) in steer.beyond(model, of) {
            if price <= 0.0 {
                continue;
            }
            let at: Vec<Var> = match of {
                FreeOf::Seminar(q) => vars
                    .seminars
                    .iter()
                    .filter(|(ci, _, _)| {
                        let c = &demand.seminar_candidates[*ci];
                        c.quota == q && place_of(c.room) == place
                    })
                    .map(|x| x.2)
                    .collect(),
                FreeOf::Series(s) => vars
                    .series
                    .iter()
                    .filter(|(ci, _)| {
                        let c = &demand.series_candidates[*ci];
                        c.series == s && place_of(c.room) == place
                    })
                    .map(|x| x.1)
                    .collect(),
                FreeOf::None => Vec::new(),
            };
            if at.is_empty() {
                continue;
            }
            let over = lp.continuous(0.0, at.len() as f64, price);
            lp.add(constraint!(sum(at) - over.1 <= events as f64));
        }
    }
}

/// A start HiGHS can always fall back on: nothing placed, every count short and every
/// pin broken (all rows hold). A better one comes from HiGHS or the heuristic.
fn start_with_nothing_placed(lp: &mut Lp, vars: &DateVars) {
    for (var, tag) in vars.slack.iter() {
        let short = match tag.cause {
            Cause::NoFreeDate { count, .. } => f64::from(count),
            _ => 1.0,
        };
        lp.hint(*var, short);
    }
}

/// Issue 20, part 1 (always a plan): stage 1's constructive dates
/// (`Lp::greedy_solution`), built before HiGHS starts and kept aside, so that a stage
/// 1 cut short (a loaded machine, a short `--time-limit`) still dates every event it
/// can within the rules (SEM-1, SEM-8, OUT-1, ONE-1, FAIR-1, RT-1, PR-1, MODEL-ROOM)
/// instead of placing nothing. HiGHS is not given them as its start: its search,
/// and so every plan it finishes, stays as it was. The candidates that keep an
/// announced event's date (PR-1) are tried first, in a pass of their own; then all,
/// cheapest first (the most free lecturers and reception staff, SEM-4 and SEM-5), then
/// by date.
fn greedy_dates(lp: &Lp, demand: &Demand, vars: &DateVars) -> Option<super::lp::LpSolution> {
    let mut order: Vec<(f64, NaiveDate, Var)> = vars
        .seminars
        .iter()
        .map(|&(ci, _, v)| (demand.seminar_candidates[ci].date, v))
        .chain(
            vars.series
                .iter()
                .map(|&(ci, v)| (demand.series_candidates[ci].date, v)),
        )
        .map(|(d, v)| (lp.cost_of(v), d, v))
        .collect();
    order.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2 .0.cmp(&b.2 .0))
    });
    let order: Vec<Var> = order.into_iter().map(|x| x.2).collect();
    // The announced events first (PR-1), each pin's cheapest candidate first.
    let rank: std::collections::HashMap<usize, usize> =
        order.iter().enumerate().map(|(k, v)| (v.0, k)).collect();
    let mut pinned = vars.pinned.clone();
    pinned.sort_by_key(|v| rank.get(&v.0).copied().unwrap_or(usize::MAX));
    lp.greedy_solution(&pinned, &order)
}

/// HiGHS's dates, or the constructive ones when they cost less (HiGHS stopped before
/// it found better, or with no plan at all); HiGHS's bound stands either way.
fn better_of(
    solved: Result<super::lp::LpSolution, SolveError>,
    greedy: Option<super::lp::LpSolution>,
) -> Result<super::lp::LpSolution, SolveError> {
    let total = |s: &super::lp::LpSolution| s.real + s.penalties;
    match (solved, greedy) {
        (Ok(sol), Some(mut g)) if total(&g) < total(&sol) - 1e-6 * total(&sol).abs().max(1.0) => {
            g.bound = sol.bound;
            Ok(g)
        }
        (Err(SolveError::OutOfTime(_)), Some(g)) => Ok(g),
        (solved, _) => solved,
    }
}

/// The slack of a count `rule` asks for (`count` of `counted`), `big` an event short.
fn short_of(rule: Rule, counted: Counted, count: u32, big: f64) -> SlackTag {
    SlackTag::new(
        rule,
        Cause::NoFreeDate { counted, count },
        big,
        Reading::Count,
    )
}

/// The slack of an announced event `id` on `date` that may lose its date (PR-1): a
/// tenth of a missing event.
fn pin(id: String, date: NaiveDate, big: f64) -> SlackTag {
    SlackTag::new(
        Rule::Pr1,
        Cause::AnnouncedDateLost { event: id.clone() },
        big / 10.0,
        Reading::Broken,
    )
    .on(Some(date))
    .event(id)
}

/// Reads stage 1's decisions from a solution given as the `value` of each variable:
/// the chosen seminars and series events, each count short (SEM-1, OUT-1, ONE-1,
/// FAIR-1, RT-1) and each announced event moved (PR-1) as a violation, and the
/// penalties they cost (`big` per missing event, a tenth of it per broken pin).
fn decode(vars: &DateVars, value: impl Fn(Var) -> f64) -> ChosenDates {
    let slack = vars.slack.decode(&value);
    ChosenDates {
        seminars: vars
            .seminars
            .iter()
            .filter(|(_, _, v)| value(*v) > 0.5)
            .map(|(ci, t, _)| (*ci, *t))
            .collect(),
        series: vars
            .series
            .iter()
            .filter(|(_, v)| value(*v) > 0.5)
            .map(|(ci, _)| *ci)
            .collect(),
        violations: slack.violations,
        slack_cost: slack.cost,
    }
}

/// Groups of mutually overlapping windows: for each start time, the windows covering it.
pub(crate) fn cliques<T: Copy>(uses: &[(TimeWindow, T)]) -> Vec<Vec<T>> {
    let mut starts: Vec<NaiveTime> = uses.iter().map(|(w, _)| w.start).collect();
    starts.sort();
    starts.dedup();
    let mut out: Vec<Vec<T>> = Vec::new();
    let mut seen: Vec<Vec<usize>> = Vec::new();
    for t in starts {
        let idx: Vec<usize> = (0..uses.len())
            .filter(|&i| uses[i].0.start <= t && t < uses[i].0.end)
            .collect();
        if idx.len() > 1 && !seen.iter().any(|s| idx.iter().all(|i| s.contains(i))) {
            out.push(idx.iter().map(|&i| uses[i].1).collect());
            seen.push(idx);
        }
    }
    out
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use super::*;
    use crate::milp::SolveOptions;

    /// The tiny programme of `tests/fixtures/tiny.toml` (alpha's quota: 2 all-ages,
    /// 3 senior, 1 women's seminar; one outreach event) and its demand.
    fn tiny() -> (Model, Demand) {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tiny.toml"
        ));
        let text = std::fs::read_to_string(path).expect("tests/fixtures/tiny.toml");
        let model = crate::input::parse_model(path, &text).expect("the tiny model parses");
        let demand = crate::demand::expand(&model);
        (model, demand)
    }

    /// The date variables of a fresh first pass, before any rule family.
    fn date_vars(lp: &mut Lp, model: &Model, demand: &Demand) -> DateVars {
        let free = FreeStaff::of(model, demand);
        let seminars = seminar_dates(lp, model, demand, &free, None);
        let series = series_dates(lp, model, demand, &free, None);
        DateVars {
            seminars,
            series,
            slack: SlackRegistry::default(),
            pinned: Vec::new(),
        }
    }

    fn solve(lp: Lp, vars: &DateVars) -> ChosenDates {
        let sol = lp
            .solve(&SolveOptions::default(), 60.0)
            .expect("the tiny stage 1 solves");
        decode(vars, |v| sol.get(v))
    }

    #[test]
    fn decode_reads_dates_shortfalls_and_broken_pins_from_a_hand_made_solution() {
        let mut lp = Lp::new();
        let (a, b, c) = (lp.binary(0.0), lp.binary(0.0), lp.binary(0.0));
        let short = lp.slack(0.0, 3.0, 1.0);
        let (broken, kept) = (lp.slack(0.0, 1.0, 1.0), lp.slack(0.0, 1.0, 1.0));
        let mut vars = DateVars {
            seminars: vec![(0, SeminarType::Senior, a), (1, SeminarType::Women, b)],
            series: vec![(4, c)],
            slack: SlackRegistry::default(),
            pinned: Vec::new(),
        };
        let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap_or(NaiveDate::MIN);
        let counted = Counted::Seminars {
            municipality: "alpha".into(),
            seminar_type: "senior".into(),
        };
        vars.slack
            .add(short, short_of(Rule::Sem1, counted, 3, 1000.0));
        vars.slack
            .add(broken, pin("sem-alpha-20230508".into(), day(5, 8), 1000.0));
        vars.slack
            .add(kept, pin("outreach-20230601".into(), day(6, 1), 1000.0));
        // Values as HiGHS returns them: near, not exactly at, integers.
        let solution: HashMap<Var, f64> = HashMap::from([
            (a, 0.999_999_9),
            (b, 1e-7),
            (c, 1.0),
            (short, 2.000_000_1),
            (broken, 1.0),
            (kept, 0.0),
        ]);
        let dates = decode(&vars, |v| solution.get(&v).copied().unwrap_or(0.0));
        assert_eq!(dates.seminars, vec![(0, SeminarType::Senior)]);
        assert_eq!(dates.series, vec![4]);
        assert_eq!(dates.slack_cost, 2.0 * 1000.0 + 1000.0 / 10.0);
        let texts: Vec<String> = dates
            .violations
            .iter()
            .map(|v| crate::report::labels::violation_text(crate::report::labels::Lang::En, v))
            .collect();
        let found: Vec<(Rule, &str, &str, &str)> = dates
            .violations
            .iter()
            .zip(&texts)
            .map(|(v, text)| (v.rule, v.date.as_str(), v.event_id.as_str(), text.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    Rule::Sem1,
                    "",
                    "",
                    "alpha: 3 senior seminars: 1 placed, 2 short; no free date with a usable room (check the venue's weekdays, closures and rooms)"
                ),
                (
                    Rule::Pr1,
                    "2023-05-08",
                    "sem-alpha-20230508",
                    "sem-alpha-20230508 is announced (leaflet or flyer out) but cannot keep its date: its room or day is taken by another announced event or closed by the scenario"
                ),
            ]
        );
    }

    /// Issue 20, part 1: a stage 1 with no time for HiGHS at all (a deadline already
    /// passed) still dates every event the quotas and series ask for, within the rules,
    /// from its constructive dates; the report says the plan is the start.
    #[test]
    fn choose_dates_without_time_dates_every_event_from_its_constructive_start() {
        let (model, demand) = tiny();
        let opts = SolveOptions::default();
        let hooks = crate::milp::SolveHooks::default();
        let run = Run {
            opts: &opts,
            deadline: crate::milp::Deadline::after(0.0),
            hooks: &hooks,
        };
        let s1 = choose_dates(&model, &demand, &run, &Fixings::default(), None)
            .expect("dates without HiGHS");
        assert!(s1.dates.violations.is_empty(), "{:?}", s1.dates.violations);
        assert_eq!(s1.dates.slack_cost, 0.0);
        assert!(s1.ended.report.from_start);
        let wanted: u32 = model.seminar_quotas[0].counts.iter().sum();
        assert_eq!(s1.dates.seminars.len() as u32, wanted);
        assert_eq!(s1.dates.series.len() as u32, model.event_series[0].count);
    }

    #[test]
    fn decode_of_an_all_zero_solution_chooses_nothing_and_reports_nothing() {
        let mut lp = Lp::new();
        let (model, demand) = tiny();
        let vars = date_vars(&mut lp, &model, &demand);
        let dates = decode(&vars, |_| 0.0);
        assert!(dates.seminars.is_empty() && dates.series.is_empty());
        assert!(dates.violations.is_empty());
        assert_eq!(dates.slack_cost, 0.0);
    }

    #[test]
    fn seminar_quota_and_spread_places_each_quota_spread_over_months_one_a_date() {
        let (model, demand) = tiny();
        // Without the family nothing asks for a seminar: every date only costs.
        let mut lp = Lp::new();
        let vars = date_vars(&mut lp, &model, &demand);
        assert!(solve(lp, &vars).seminars.is_empty());

        let mut lp = Lp::new();
        let mut vars = date_vars(&mut lp, &model, &demand);
        seminar_quota_and_spread(&mut lp, &model, &demand, &mut vars);
        let dates = solve(lp, &vars);
        assert!(dates.violations.is_empty(), "{:?}", dates.violations);
        let quota = &model.seminar_quotas[0];
        let months = fiscal_months(&model).len();
        let mut dates_taken: Vec<NaiveDate> = Vec::new();
        for t in SeminarType::ALL {
            let mine: Vec<NaiveDate> = dates
                .seminars
                .iter()
                .filter(|(_, tt)| *tt == t)
                .map(|(ci, _)| demand.seminar_candidates[*ci].date)
                .collect();
            let count = quota.counts[t.index()];
            assert_eq!(mine.len() as u32, count, "SEM-1 for {}", t.id());
            let per_month = crate::milp::group(mine.iter().map(|d| (month_index(&model, *d), ())));
            for (m, n) in per_month {
                assert!(
                    n.len() as u32 <= monthly_cap(count, months),
                    "SEM-8: {} {} seminars in month {m}",
                    n.len(),
                    t.id()
                );
            }
            dates_taken.extend(mine);
        }
        let all = dates_taken.len();
        dates_taken.sort();
        dates_taken.dedup();
        assert_eq!(dates_taken.len(), all, "two seminars of alpha on one date");
    }

    #[test]
    fn publicity_freeze_keeps_an_announced_date_and_reports_a_pin_that_cannot_hold() {
        let (model, demand) = tiny();
        let day = demand.seminar_candidates[10].date;
        // Two announced seminars of alpha on one day: one seminar a date lets only one
        // keep its promise (PR-1 slack, not an infeasible model).
        let fix = Fixings {
            seminars: vec![
                (0, SeminarType::Senior, day),
                (0, SeminarType::AllAges, day),
            ],
            ..Fixings::default()
        };
        let mut lp = Lp::new();
        let mut vars = date_vars(&mut lp, &model, &demand);
        publicity_freeze(&mut lp, &model, &demand, &fix, &mut vars);
        seminar_quota_and_spread(&mut lp, &model, &demand, &mut vars);
        let dates = solve(lp, &vars);
        let on_day: Vec<SeminarType> = dates
            .seminars
            .iter()
            .filter(|(ci, _)| demand.seminar_candidates[*ci].date == day)
            .map(|(_, t)| *t)
            .collect();
        assert_eq!(on_day.len(), 1, "one of the two pins holds");
        let id = format!("sem-alpha-{}", ymd(day));
        let rules: Vec<(Rule, &str)> = dates
            .violations
            .iter()
            .map(|v| (v.rule, v.event_id.as_str()))
            .collect();
        assert_eq!(rules, vec![(Rule::Pr1, id.as_str())]);
    }

    #[test]
    fn one_event_per_room_at_a_time_breaks_a_pin_rather_than_share_a_room() {
        let (model, mut demand) = tiny();
        // The outreach event may only be held on an announced seminar's day, in its
        // room, at overlapping hours (13:00-16:00 against 14:00-16:00).
        let seminar = demand.seminar_candidates[10];
        demand.series_candidates = vec![crate::demand::SeriesCandidate {
            series: 0,
            date: seminar.date,
            room: seminar.room,
        }];
        let fix = Fixings {
            seminars: vec![(0, SeminarType::Senior, seminar.date)],
            ..Fixings::default()
        };
        let build = |with_room_rule: bool| {
            let mut lp = Lp::new();
            let mut vars = date_vars(&mut lp, &model, &demand);
            publicity_freeze(&mut lp, &model, &demand, &fix, &mut vars);
            series_counts_and_spread(&mut lp, &model, &demand, &mut vars);
            if with_room_rule {
                one_event_per_room_at_a_time(&mut lp, &model, &demand, &vars);
            }
            solve(lp, &vars)
        };
        let shared = build(false);
        assert!(shared.violations.is_empty(), "{:?}", shared.violations);
        assert_eq!(shared.series, vec![0]);
        // With the room rule, the cheaper break is the pin (a tenth of a missing event).
        let kept_apart = build(true);
        let rules: Vec<Rule> = kept_apart.violations.iter().map(|v| v.rule).collect();
        assert_eq!(rules, vec![Rule::Pr1]);
        assert_eq!(kept_apart.series, vec![0]);
    }

    /// Issue 20 part 4: a guide that held the tiny outreach series' two events at two
    /// places: one at Alpha with r1 and c1 (both live in Alpha), one at Gamma with r2
    /// and l1 (Gamma) from one part and c1 (Alpha) from another (the event is held
    /// where most of its people were put: Gamma).
    fn spread_guide(model: &Model) -> crate::milp::DatePrefs {
        let (alpha, gamma) = (Place::Municipality(0), Place::Town(0));
        let of = FreeOf::Series(0);
        let [r1, c1, r2, l1] = ["r1", "c1", "r2", "l1"].map(|id| staff(model, id));
        let mut prefs = crate::milp::DatePrefs::default();
        prefs.held.insert((of, 0), vec![(alpha, vec![r1, c1])]);
        prefs
            .held
            .insert((of, 1), vec![(gamma, vec![r2, l1]), (alpha, vec![c1])]);
        prefs.people.insert(of, vec![r1, c1, r2, l1, c1]);
        prefs.slots.insert(of, 2);
        prefs
    }

    /// The index of the tiny model's staff member `id` (staff are kept sorted by id).
    fn staff(model: &Model, id: &str) -> usize {
        model
            .staff
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(usize::MAX)
    }

    fn friday(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn steering_prices_a_series_candidate_by_the_people_the_guide_held_at_its_place() {
        let (model, _) = tiny();
        let prefs = spread_guide(&model);
        let (alpha, gamma) = (Place::Municipality(0), Place::Town(0));
        let of = FreeOf::Series(0);
        let [r1, c1, r2, l1] = ["r1", "c1", "r2", "l1"].map(|id| staff(&model, id));
        assert_eq!(
            prefs.held_at(of),
            vec![
                Held {
                    place: alpha,
                    events: 1,
                    people: vec![r1, c1]
                },
                Held {
                    place: gamma,
                    events: 1,
                    people: vec![r2, l1, c1]
                },
            ]
        );
        let steer = Steering::of(&prefs);
        // A round trip Alpha-Gamma, in objective units (travel_per_km = 1).
        let trip = 2.0 * model.distance_km(alpha, gamma);
        assert!(trip > 10.0, "{trip}");
        let day = friday(6, 9);
        let (alpha_seminar, gamma_hall, beta) = ((0, 1), (2, 0), (1, 0));
        let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
        // At Alpha: r1 and c1 live there; at Gamma: c1 travels.
        let at_alpha = steer.misfit_cost(&model, of, day, alpha_seminar);
        let at_gamma = steer.misfit_cost(&model, of, day, gamma_hall);
        assert!(near(at_alpha, 0.0), "{at_alpha}");
        assert!(near(at_gamma, trip), "{at_gamma} against {trip}");
        // The average over all the series' people priced Gamma higher than Alpha
        // (three trips against two, per two events): every event went to Alpha.
        let (_, avg_alpha) = prefs.misfit(&model, of, day, alpha);
        let (_, avg_gamma) = prefs.misfit(&model, of, day, gamma);
        assert!(near(avg_alpha, trip) && near(avg_gamma, 1.5 * trip));
        // A place the guide did not use: the people of the place that suits it best.
        let at_beta = steer.misfit_cost(&model, of, day, beta);
        let beta_place = model.venues[beta.0].place;
        let best = prefs
            .held_at(of)
            .iter()
            .map(|h| prefs.misfit_held(&model, h, day, beta_place).1)
            .fold(f64::INFINITY, f64::min);
        assert!(near(at_beta, best), "{at_beta} against {best}");
        // A day one of Gamma's people is off (l1 works Tuesdays and Fridays): MISFIT_WEIGHT.
        let thursday = friday(6, 8);
        let off = steer.misfit_cost(&model, of, thursday, gamma_hall);
        assert!(near(off, trip + MISFIT_WEIGHT), "{off}");
        // An event beyond the guide's count at Alpha is staffed by Gamma's people (r2
        // and l1 travel); at Gamma by Alpha's (two trips) instead of c1's one.
        let beyond = steer.beyond(&model, of);
        let found: Vec<(Place, usize)> = beyond.iter().map(|b| (b.0, b.1)).collect();
        assert_eq!(found, vec![(alpha, 1), (gamma, 1)]);
        assert!(
            near(beyond[0].2, 2.0 * trip) && near(beyond[1].2, trip),
            "{beyond:?}"
        );
    }

    /// Issue 20 part 4, end to end in stage 1: two outreach events, each on its own
    /// Friday (June, September), each at Alpha or Gamma. Priced by the places' own
    /// people, Alpha is the cheaper place for both; the guide's count per place keeps
    /// one at Gamma as the guide did, and without that row both go to Alpha.
    #[test]
    fn steering_keeps_the_guides_spread_of_a_series_over_places() {
        let (mut model, mut demand) = tiny();
        model.event_series[0].count = 2;
        demand.series_candidates = [(6, 9), (9, 8)]
            .iter()
            .flat_map(|&(m, d)| {
                [(0, 1), (2, 0)].map(|room| crate::demand::SeriesCandidate {
                    series: 0,
                    date: friday(m, d),
                    room,
                })
            })
            .collect();
        let prefs = spread_guide(&model);
        let steer = Steering::of(&prefs);
        let places = |with_guide_places: bool| {
            let mut lp = Lp::new();
            let free = FreeStaff::of(&model, &demand);
            let series = series_dates(&mut lp, &model, &demand, &free, Some(&steer));
            let mut vars = DateVars {
                seminars: Vec::new(),
                series,
                slack: SlackRegistry::default(),
                pinned: Vec::new(),
            };
            series_counts_and_spread(&mut lp, &model, &demand, &mut vars);
            if with_guide_places {
                guide_places(&mut lp, &model, &demand, &steer, &vars);
            }
            let dates = solve(lp, &vars);
            assert!(dates.violations.is_empty(), "{:?}", dates.violations);
            let mut at: Vec<&str> = dates
                .series
                .iter()
                .map(|&ci| {
                    let c = demand.series_candidates[ci];
                    model.place_id(model.venues[c.room.0].place)
                })
                .collect();
            at.sort_unstable();
            at.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(places(true), vec!["alpha", "gamma"]);
        assert_eq!(places(false), vec!["alpha", "alpha"]);
    }
}
