//! Stage 1: the dates of job-support seminars (SEM-1, SEM-8) and event series
//! (OUT-1, ONE-1, FAIR-1, RT-1), with room conflicts and aggregate staff capacity.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use good_lp::constraint;

use super::lp::{sum, Lp, SolveError, Var};
use super::{Ended, Fixings, Job, JobNeed, Run, Who};
use crate::calendar;
use crate::demand::{fiscal_months, month_index, Demand};
use crate::model::{EventKind, Model, Qualification, Role, SeminarType, TimeWindow};
use crate::plan::{Event, Violation};

/// Stage 1's result.
pub(crate) struct Stage1 {
    /// Chosen seminars: (candidate index, type).
    pub seminars: Vec<(usize, SeminarType)>,
    /// Chosen series candidates.
    pub series: Vec<usize>,
    pub violations: Vec<Violation>,
    pub slack_cost: f64,
    pub ended: Ended,
}

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

pub(crate) fn choose_dates(
    model: &Model,
    demand: &Demand,
    run: &Run,
    fix: &Fixings,
    prefs: Option<&super::DatePrefs>,
) -> Result<Stage1, SolveError> {
    let big = model.objective.violation;
    let months = fiscal_months(model);
    let mut lp = Lp::new();

    // Staff free on each date, by group and region, for the aggregate capacity rows:
    // only people who can reach an event count for it (`max_travel_km`).
    let reach = super::Reach::of(model);
    let regions = super::Regions::of(model, &reach);
    let region_of_room = |room: (usize, usize)| -> usize {
        model
            .venues
            .get(room.0)
            .map_or(usize::MAX, |v| regions.place(model, v.place))
    };
    let office_region = model
        .venues
        .get(model.office.venue)
        .map_or(usize::MAX, |v| regions.place(model, v.place));
    // Who is in each pool, by region (people of no region count nowhere), and the
    // counts free on a date, computed once per (pool, date, region): a count over all
    // staff per candidate date made stage 1's formulation quadratic in the model's size
    // (half a minute at 50 copies of the shipped model, before HiGHS could start).
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
    let mut members: std::collections::HashMap<(Pool, usize), Vec<usize>> =
        std::collections::HashMap::new();
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
    let counted: std::cell::RefCell<std::collections::HashMap<(Pool, NaiveDate, usize), f64>> =
        Default::default();
    let avail = |pool: Pool, d: NaiveDate, r: usize| -> f64 {
        if let Some(n) = counted.borrow().get(&(pool, d, r)) {
            return *n;
        }
        let n = members.get(&(pool, r)).map_or(0, |ps| {
            ps.iter().filter(|&&p| model.staff[p].available(d)).count()
        }) as f64;
        counted.borrow_mut().insert((pool, d, r), n);
        n
    };
    let office_need = |d: NaiveDate, r: usize| -> f64 {
        if r == office_region && demand.office_days.binary_search(&d).is_ok() {
            f64::from(model.office.reception)
        } else {
            0.0
        }
    };

    // y[candidate, type]
    let mut y: Vec<(usize, SeminarType, Var)> = Vec::new();
    for (ci, c) in demand.seminar_candidates.iter().enumerate() {
        let q = &model.seminar_quotas[c.quota];
        let region = region_of_room(c.room);
        let l = avail(Pool::Lecturer, c.date, region);
        let r = avail(Pool::Reception, c.date, region) - office_need(c.date, region);
        // Prefer dates with more free lecturers and reception staff: cheap headroom.
        let mut cost = 1.0 / (1.0 + l.max(0.0)) + 1.0 / (1.0 + r.max(0.0));
        if let Some(pr) = prefs {
            let place = model.venues[c.room.0].place;
            let (bad, travel) = pr.misfit(model, super::FreeOf::Seminar(c.quota), c.date, place);
            cost += MISFIT_WEIGHT * bad + travel;
        }
        for t in SeminarType::ALL {
            if q.counts[t.index()] > 0 {
                let v = lp.binary(cost);
                y.push((ci, t, v));
            }
        }
    }
    // e[candidate]
    let mut e: Vec<(usize, Var)> = Vec::new();
    for (ci, c) in demand.series_candidates.iter().enumerate() {
        let s = &model.event_series[c.series];
        let region = region_of_room(c.room);
        let mut cost = 0.0;
        for n in &s.needs {
            let free = match n.who {
                Qualification::Reception => {
                    avail(Pool::Reception, c.date, region) - office_need(c.date, region)
                }
                Qualification::JobDeveloper => avail(Pool::Developer, c.date, region),
                Qualification::Lecturer => avail(Pool::Lecturer, c.date, region),
                Qualification::Consultant | Qualification::LecturerOrConsultant => {
                    avail(Pool::LecturerOrConsultant, c.date, region)
                }
            };
            cost += f64::from(n.count) / (1.0 + free.max(0.0));
        }
        if let Some(pr) = prefs {
            let place = model.venues[c.room.0].place;
            let (bad, travel) = pr.misfit(model, super::FreeOf::Series(c.series), c.date, place);
            cost += MISFIT_WEIGHT * bad + travel;
        }
        let v = lp.binary(cost);
        e.push((ci, v));
    }

    // Pins from a baseline: announced and past events keep their date (PR-1). A pin is
    // paid slack, not a hard row: two pins the scenario put in conflict (one room for
    // two announced events) must still give a plan, with the broken promise reported.
    let mut pin_slack: Vec<(String, Var)> = Vec::new();
    for &(quota, t, date) in &fix.seminars {
        let v: Vec<Var> = y
            .iter()
            .filter(|(ci, tt, _)| {
                let c = &demand.seminar_candidates[*ci];
                c.quota == quota && *tt == t && c.date == date
            })
            .map(|x| x.2)
            .collect();
        if !v.is_empty() {
            let slack = lp.slack(0.0, 1.0, big / 10.0);
            lp.add(constraint!(sum(v) + slack.1 == 1.0));
            let m = &model.municipalities[model.seminar_quotas[quota].municipality];
            let id = format!("sem-{}-{}", m.id, ymd(date));
            pin_slack.push((id, slack));
        }
    }
    for &(series, date, room) in &fix.series {
        let on_date: Vec<(usize, Var)> = e
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
            let slack = lp.slack(0.0, 1.0, big / 10.0);
            lp.add(constraint!(sum(v) + slack.1 == 1.0));
            pin_slack.push((
                format!("{}-{}", model.event_series[series].id, ymd(date)),
                slack,
            ));
        }
    }
    // Moving a baseline event that is not pinned is a change too.
    if fix.change_weight > 0.0 {
        for &(ci, t, v) in &y {
            let c = &demand.seminar_candidates[ci];
            if !fix.preferred_seminars.contains(&(c.quota, t, c.date)) {
                lp.add_cost(v, fix.change_cost(c.date));
            }
        }
        for &(ci, v) in &e {
            let c = &demand.series_candidates[ci];
            if !fix
                .preferred_series
                .contains(&(c.series, c.date, c.room.0, c.room.1))
            {
                lp.add_cost(v, fix.change_cost(c.date));
            }
        }
    }
    // Before the frozen date nothing new may be placed: only pinned events remain.
    if let Some(f) = fix.frozen_before {
        for &(ci, t, v) in &y {
            let c = &demand.seminar_candidates[ci];
            if c.date < f && !fix.seminars.contains(&(c.quota, t, c.date)) {
                lp.add(constraint!(v.1 == 0.0));
            }
        }
        for &(ci, v) in &e {
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

    let mut shortfall: Vec<(String, String, Var, u32)> = Vec::new();

    // SEM-1 quotas and SEM-8 spread.
    for (qi, q) in model.seminar_quotas.iter().enumerate() {
        for t in SeminarType::ALL {
            let count = q.counts[t.index()];
            if count == 0 {
                continue;
            }
            let mine: Vec<&(usize, SeminarType, Var)> = y
                .iter()
                .filter(|(ci, tt, _)| *tt == t && demand.seminar_candidates[*ci].quota == qi)
                .collect();
            let under = lp.slack(0.0, f64::from(count), big);
            lp.add(constraint!(
                sum(mine.iter().map(|x| x.2)) + under.1 == f64::from(count)
            ));
            let m = &model.municipalities[q.municipality];
            shortfall.push((
                "SEM-1".into(),
                format!("{}: {} {} seminars", m.id, count, t.id()),
                under,
                count,
            ));
            let cap = monthly_cap(count, months.len());
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
        // One seminar per municipality per date.
        let by_date = super::group(
            y.iter()
                .filter(|(ci, _, _)| demand.seminar_candidates[*ci].quota == qi)
                .map(|(ci, _, v)| (demand.seminar_candidates[*ci].date, *v)),
        );
        for (_, vs) in by_date {
            if vs.len() > 1 {
                lp.add(constraint!(sum(vs) <= 1.0));
            }
        }
    }

    // Series counts: per month when given (ONE-1), else per year, spread over months.
    for (si, s) in model.event_series.iter().enumerate() {
        let mine: Vec<&(usize, Var)> = e
            .iter()
            .filter(|(ci, _)| demand.series_candidates[*ci].series == si)
            .collect();
        let month_of = |ci: usize| month_index(model, demand.series_candidates[ci].date);
        if let Some(pm) = s.per_month {
            for (mi, (yy, mm)) in months.iter().enumerate() {
                let vs: Vec<Var> = mine
                    .iter()
                    .filter(|(ci, _)| month_of(*ci) == mi)
                    .map(|x| x.1)
                    .collect();
                let under = lp.slack(0.0, f64::from(pm), big);
                lp.add(constraint!(sum(vs) + under.1 == f64::from(pm)));
                shortfall.push((
                    s.kind.rule().into(),
                    format!("{}: {pm} in {yy}-{mm:02}", s.id),
                    under,
                    pm,
                ));
            }
        } else {
            let under = lp.slack(0.0, f64::from(s.count), big);
            lp.add(constraint!(
                sum(mine.iter().map(|x| x.1)) + under.1 == f64::from(s.count)
            ));
            shortfall.push((
                s.kind.rule().into(),
                format!("{}: {} a year", s.id, s.count),
                under,
                s.count,
            ));
            let cap = monthly_cap(s.count, months.len());
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
        // One event of a series per date.
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

    // A room holds one event at a time: per room and date, a clique per start time.
    type RoomDay = ((usize, usize), NaiveDate);
    let mut room_use: BTreeMap<RoomDay, Vec<(TimeWindow, Var)>> = BTreeMap::new();
    for &(ci, _, v) in &y {
        let c = &demand.seminar_candidates[ci];
        room_use
            .entry((c.room, c.date))
            .or_default()
            .push((model.seminars.window, v));
    }
    for &(ci, v) in &e {
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

    // Aggregate capacity per date: lecturers, reception, job developers.
    let mut agg_slack: Vec<Var> = Vec::new();
    let dates: Vec<NaiveDate> = model
        .period
        .days()
        .filter(|d| calendar::is_open_day(model, *d))
        .collect();
    let y_by_date = super::group(y.iter().map(|(ci, _, v)| {
        let c = &demand.seminar_candidates[*ci];
        ((c.date, region_of_room(c.room)), *v)
    }));
    let e_by_date = super::group(e.iter().map(|(ci, v)| {
        let c = &demand.series_candidates[*ci];
        ((c.date, region_of_room(c.room)), (*ci, *v))
    }));
    let mut consultations_on: BTreeMap<(NaiveDate, usize), usize> = BTreeMap::new();
    for c in &demand.consultations {
        let r = model
            .venues
            .get(c.venue)
            .map_or(usize::MAX, |v| regions.place(model, v.place));
        *consultations_on.entry((c.date, r)).or_insert(0) += 1;
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
    for (d, region) in date_regions {
        let sem = y_by_date.get(&(d, region)).cloned().unwrap_or_default();
        let ser = e_by_date.get(&(d, region)).cloned().unwrap_or_default();
        if sem.is_empty() && ser.is_empty() {
            continue;
        }
        let need_of = |ci: usize, q: Qualification| -> f64 {
            let s = &model.event_series[demand.series_candidates[ci].series];
            s.needs
                .iter()
                .filter(|n| n.who == q)
                .map(|n| f64::from(n.count))
                .sum()
        };
        let mut lect = sum(sem.iter().copied());
        let mut rec = f64::from(model.seminars.reception_per_seminar) * sum(sem.iter().copied());
        let mut dev = good_lp::Expression::from(0.0);
        for &(ci, v) in &ser {
            lect += need_of(ci, Qualification::Lecturer) * v.1;
            rec += need_of(ci, Qualification::Reception) * v.1;
            dev += need_of(ci, Qualification::JobDeveloper) * v.1;
        }
        let l = avail(Pool::Lecturer, d, region);
        let r = (avail(Pool::Reception, d, region) - office_need(d, region)).max(0.0);
        let j = avail(Pool::Developer, d, region);
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
        let both = avail(Pool::LecturerOrConsultantRole, d, region);
        let se = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(either <= (both - consults).max(0.0) + se.1));
        agg_slack.push(se);
        let sr = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(rec <= r + sr.1));
        let sj = lp.slack(0.0, 100.0, big / 10.0);
        lp.add(constraint!(dev <= j + sj.1));
        agg_slack.extend([sl, sr, sj]);
    }

    // A start HiGHS can always fall back on: nothing placed, every count short and
    // every pin broken (all rows hold). A better one comes from HiGHS or the heuristic.
    for (_, _, v, count) in &shortfall {
        lp.hint(*v, f64::from(*count));
    }
    for (_, v) in &pin_slack {
        lp.hint(*v, 1.0);
    }
    run.prepare(&mut lp, "stage 1 (dates)", "stage1-dates");
    let left = run.deadline.remaining();
    let budget = (left * super::STAGE1_SHARE).max(left.min(super::STAGE1_FLOOR));
    let sol = lp.solve(run.opts, budget)?;
    let mut violations = Vec::new();
    let mut slack_cost = 0.0;
    for (rule, what, v, count) in &shortfall {
        let miss = sol.get(*v).round();
        if miss > 0.5 {
            slack_cost += miss * big;
            violations.push(Violation {
                rule: rule.clone(),
                date: String::new(),
                event_id: String::new(),
                staff_id: String::new(),
                message: format!(
                    "{what}: {} placed, {} short; no free date with a usable room (check the venue's weekdays, closures and rooms)",
                    *count as f64 - miss,
                    miss
                ),
            });
        }
    }
    for (id, v) in &pin_slack {
        if sol.get(*v) > 0.5 {
            slack_cost += big / 10.0;
            let date = id
                .rsplit('-')
                .next()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
            violations.push(Violation {
                rule: "PR-1".into(),
                date: date.map(|d| d.to_string()).unwrap_or_default(),
                event_id: id.clone(),
                staff_id: String::new(),
                message: format!(
                    "{id} is announced (leaflet or flyer out) but cannot keep its date: its room or day is taken by another announced event or closed by the scenario"
                ),
            });
        }
    }
    Ok(Stage1 {
        seminars: y
            .iter()
            .filter(|(_, _, v)| sol.on(*v))
            .map(|(ci, t, _)| (*ci, *t))
            .collect(),
        series: e
            .iter()
            .filter(|(_, v)| sol.on(*v))
            .map(|(ci, _)| *ci)
            .collect(),
        violations,
        slack_cost,
        ended: Ended::new("stage 1 (dates)".into(), &sol, 0.0),
    })
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

/// Every concrete event of the year with its needs, from the calendar and stage 1.
pub(crate) fn jobs(model: &Model, demand: &Demand, s1: &Stage1) -> Vec<Job> {
    let mut jobs = Vec::new();
    // Every date and place each quota's seminars and each series' events could have:
    // any plan stage 1 may return dates its events among these.
    let free_of = |items: &mut dyn Iterator<Item = (usize, NaiveDate, (usize, usize))>,
                   of: fn(usize) -> super::FreeOf| {
        let mut m: BTreeMap<usize, super::Free> = BTreeMap::new();
        for (k, d, (vi, _)) in items {
            let f = m.entry(k).or_default();
            f.of = of(k);
            f.dates.push(d);
            if let Some(v) = model.venues.get(vi) {
                if !f.places.contains(&v.place) {
                    f.places.push(v.place);
                }
            }
        }
        for f in m.values_mut() {
            f.dates.sort();
            f.dates.dedup();
        }
        m
    };
    let seminar_free = free_of(
        &mut demand
            .seminar_candidates
            .iter()
            .map(|c| (c.quota, c.date, c.room)),
        super::FreeOf::Seminar,
    );
    let series_free = free_of(
        &mut demand
            .series_candidates
            .iter()
            .map(|c| (c.series, c.date, c.room)),
        super::FreeOf::Series,
    );
    let con = model.consultation.window;
    for c in &demand.consultations {
        let m = &model.municipalities[c.municipality];
        let v = &model.venues[c.venue];
        let room = v.rooms.first();
        jobs.push(Job {
            event: Event {
                event_id: format!("con-{}-{}", m.id, ymd(c.date)),
                date: c.date.to_string(),
                start: hhmm(con.start),
                end: hhmm(con.end),
                kind: EventKind::Consultation.id().into(),
                municipality: m.id.clone(),
                venue: v.id.clone(),
                room: room.map(|r| r.id.clone()).unwrap_or_default(),
                room_capacity: room.map(|r| r.capacity),
                capacity: Some(model.consultation.slots.len() as u32),
                seminar_type: String::new(),
                theme: String::new(),
                mode: String::new(),
                original_date: c.original_date.map(|d| d.to_string()).unwrap_or_default(),
            },
            date: c.date,
            window: con,
            place: v.place,
            needs: vec![JobNeed {
                rule: "CON-3",
                who: Who::TeamConsultant(c.municipality),
                role: "consultant",
                count: model.consultation.min_consultants,
            }],
            free: None,
        });
    }
    let office = &model.office;
    let ov = &model.venues[office.venue];
    let oroom = ov
        .rooms
        .iter()
        .find(|r| r.id == "office")
        .or(ov.rooms.first());
    for &d in &demand.office_days {
        jobs.push(Job {
            event: Event {
                event_id: format!("office-{}", ymd(d)),
                date: d.to_string(),
                start: hhmm(office.window.start),
                end: hhmm(office.window.end),
                kind: EventKind::Office.id().into(),
                municipality: model.place_id(ov.place).to_string(),
                venue: ov.id.clone(),
                room: oroom.map(|r| r.id.clone()).unwrap_or_default(),
                room_capacity: oroom.map(|r| r.capacity),
                capacity: None,
                seminar_type: String::new(),
                theme: String::new(),
                mode: String::new(),
                original_date: String::new(),
            },
            date: d,
            window: office.window,
            place: ov.place,
            needs: vec![
                JobNeed {
                    rule: "OFF-1",
                    who: Who::Manager,
                    role: "manager",
                    count: office.managers,
                },
                JobNeed {
                    rule: "OFF-1",
                    who: Who::SubManager,
                    role: "sub-manager",
                    count: office.sub_managers,
                },
                JobNeed {
                    rule: "OFF-1",
                    who: Who::Qual(Qualification::Reception),
                    role: "reception",
                    count: office.reception,
                },
            ],
            free: None,
        });
    }

    // Seminars, with themes (SEM-6): rotating types share one theme per month across
    // the programme, changing every month; the others cycle per municipality.
    let mut chosen: Vec<(usize, SeminarType)> = s1.seminars.clone();
    chosen.sort_by_key(|&(ci, t)| {
        (
            demand.seminar_candidates[ci].quota,
            t,
            demand.seminar_candidates[ci].date,
        )
    });
    let mut occurrence: BTreeMap<(usize, SeminarType), usize> = BTreeMap::new();
    // For rotating types, the k-th month (programme-wide) holding such seminars takes
    // theme k mod n: consecutive months differ and as many themes as possible are used.
    let mut month_rank: BTreeMap<(SeminarType, usize), usize> = BTreeMap::new();
    for &(ci, t) in &chosen {
        month_rank.insert(
            (t, month_index(model, demand.seminar_candidates[ci].date)),
            0,
        );
    }
    let mut next: BTreeMap<SeminarType, usize> = BTreeMap::new();
    for ((t, _), rank) in month_rank.iter_mut() {
        let n = next.entry(*t).or_insert(0);
        *rank = *n;
        *n += 1;
    }
    for (ci, t) in chosen {
        let c = demand.seminar_candidates[ci];
        let q = &model.seminar_quotas[c.quota];
        let m = &model.municipalities[q.municipality];
        let (vi, ri) = c.room;
        let v = &model.venues[vi];
        let rule = &model.seminars.themes[t.index()];
        let k = occurrence.entry((c.quota, t)).or_insert(0);
        let theme = if rule.themes.is_empty() {
            String::new()
        } else if rule.rotate_monthly {
            let rank = month_rank
                .get(&(t, month_index(model, c.date)))
                .copied()
                .unwrap_or(0);
            rule.themes[rank % rule.themes.len()].clone()
        } else {
            rule.themes[*k % rule.themes.len()].clone()
        };
        *k += 1;
        let w = model.seminars.window;
        jobs.push(Job {
            event: Event {
                event_id: format!("sem-{}-{}", m.id, ymd(c.date)),
                date: c.date.to_string(),
                start: hhmm(w.start),
                end: hhmm(w.end),
                kind: EventKind::Seminar.id().into(),
                municipality: m.id.clone(),
                venue: v.id.clone(),
                room: v.rooms[ri].id.clone(),
                room_capacity: Some(v.rooms[ri].capacity),
                capacity: Some(q.capacity),
                seminar_type: t.id().into(),
                theme,
                mode: String::new(),
                original_date: String::new(),
            },
            date: c.date,
            window: w,
            place: v.place,
            needs: vec![
                JobNeed {
                    rule: "SEM-4",
                    who: Who::Qual(Qualification::Lecturer),
                    role: "lecturer",
                    count: 1,
                },
                JobNeed {
                    rule: "SEM-5",
                    who: Who::Qual(Qualification::Reception),
                    role: "reception",
                    count: model.seminars.reception_per_seminar,
                },
            ],
            free: seminar_free.get(&c.quota).cloned(),
        });
    }

    // Series: topics cycle in date order; every `online_every`-th event is online.
    let mut chosen: Vec<usize> = s1.series.clone();
    chosen.sort_by_key(|&ci| {
        (
            demand.series_candidates[ci].series,
            demand.series_candidates[ci].date,
        )
    });
    let mut k_of: BTreeMap<usize, usize> = BTreeMap::new();
    for ci in chosen {
        let c = demand.series_candidates[ci];
        let s = &model.event_series[c.series];
        let k = k_of.entry(c.series).or_insert(0);
        let online = s.online_every > 0 && (*k + 1).is_multiple_of(s.online_every as usize);
        let topic = if s.topics.is_empty() {
            String::new()
        } else {
            s.topics[*k % s.topics.len()].clone()
        };
        *k += 1;
        let (vi, ri) = c.room;
        let v = &model.venues[vi];
        let needs = s
            .needs
            .iter()
            .map(|n| JobNeed {
                rule: s.kind.rule(),
                who: Who::Qual(n.who),
                role: match n.who {
                    Qualification::Reception => "reception",
                    Qualification::Consultant => "consultant",
                    Qualification::Lecturer | Qualification::LecturerOrConsultant => "lecturer",
                    Qualification::JobDeveloper => "staff",
                },
                count: n.count,
            })
            .collect();
        jobs.push(Job {
            event: Event {
                event_id: format!("{}-{}", s.id, ymd(c.date)),
                date: c.date.to_string(),
                start: hhmm(s.window.start),
                end: hhmm(s.window.end),
                kind: s.kind.id().into(),
                municipality: model.place_id(v.place).to_string(),
                venue: v.id.clone(),
                room: v.rooms[ri].id.clone(),
                room_capacity: Some(v.rooms[ri].capacity),
                capacity: Some(if online {
                    s.online_participants
                } else {
                    s.participants
                }),
                seminar_type: String::new(),
                theme: topic,
                mode: if s.kind == EventKind::OnePoint {
                    if online {
                        "online".into()
                    } else {
                        "offline".into()
                    }
                } else {
                    String::new()
                },
                original_date: String::new(),
            },
            date: c.date,
            window: s.window,
            place: v.place,
            needs,
            free: series_free.get(&c.series).cloned(),
        });
    }
    jobs.sort_by(|a, b| (a.date, &a.event.event_id).cmp(&(b.date, &b.event.event_id)));
    jobs
}
