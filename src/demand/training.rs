//! A training course laid out over the calendar: which dates it trains on, what each
//! day is (classroom, visit, workplace practice, internship) and its periods.
//!
//! The curriculum runs in the order the model lists its subjects (a syllabus is taught
//! in sequence), period after period; what the solver still decides on top of this is
//! the start date, the room of each day, which periods go online and who teaches.
//! Placing the days this way keeps the provider's MILP small: given a start date,
//! everything a course needs on each date is known.

use chrono::{Datelike, Months, NaiveDate, NaiveTime};

use crate::calendar;
use crate::model::training::{Course, SubjectKind, TrainingModel};

/// What a course does on one of its training days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DayKind {
    /// Subjects in a classroom (some periods may be online).
    Classroom,
    /// A workplace visit (職場見学, care courses).
    Visit,
    /// Workplace practice at a host (企業実習, TRN-8).
    Workplace,
    /// The digital workplace internship (TRN-11).
    Internship,
}

/// The type of a session, as in `sessions.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SessionKind {
    /// 学科.
    Lecture,
    /// 実技.
    Practical,
    /// Workplace practice.
    Workplace,
    /// Digital internship.
    Internship,
    /// Workplace visit.
    Visit,
}

impl SessionKind {
    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            SessionKind::Lecture => "lecture",
            SessionKind::Practical => "practical",
            SessionKind::Workplace => "workplace",
            SessionKind::Internship => "internship",
            SessionKind::Visit => "visit",
        }
    }

    /// Whether the session is held at the provider's site (needs a classroom).
    pub fn on_site(self) -> bool {
        matches!(self, SessionKind::Lecture | SessionKind::Practical)
    }
}

/// One session of a course (a period, or a whole off-site day).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Index into the run's days.
    pub day: usize,
    /// Date.
    pub date: NaiveDate,
    /// Start time.
    pub start: NaiveTime,
    /// End time.
    pub end: NaiveTime,
    /// Hours.
    pub hours: u32,
    /// Subject index in the course (classroom periods).
    pub subject: Option<usize>,
    /// Type.
    pub kind: SessionKind,
}

/// A course placed at a start date.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseRun {
    /// Course index.
    pub course: usize,
    /// Training days, in order, with what each one is.
    pub days: Vec<(NaiveDate, DayKind)>,
    /// Sessions, in date and time order.
    pub blocks: Vec<Block>,
    /// First day of the application period: `application_business_days` business days
    /// before the deadline (TRN-7: from this day the interview day is announced).
    pub application_start: NaiveDate,
    /// Application deadline (TRN-6).
    pub deadline: NaiveDate,
    /// Days a selection interview may be held: business days strictly between the
    /// deadline and the start (TRN-7).
    pub interview_days: Vec<NaiveDate>,
    /// Completion survey: the last training day (TRN-10).
    pub survey: NaiveDate,
    /// First business day on or after completion + 1 month (TRN-10).
    pub follow_up_1m: NaiveDate,
    /// First business day on or after completion + 3 months (TRN-10).
    pub follow_up_3m: NaiveDate,
}

impl CourseRun {
    /// First training day.
    pub fn start(&self) -> NaiveDate {
        self.days.first().map_or(self.deadline, |d| d.0)
    }

    /// Last training day.
    pub fn end(&self) -> NaiveDate {
        self.survey
    }
}

/// Whether `d` can be a training day of `course`: a business day without closure
/// (CAL-6, CAL-4) on one of the course's weekdays.
pub fn is_course_day(model: &TrainingModel, course: &Course, d: NaiveDate) -> bool {
    course.weekdays.contains(&d.weekday()) && calendar::is_training_day(&model.closures, d)
}

/// The start dates a course may have: training days in its start window.
pub fn candidate_starts(model: &TrainingModel, course: &Course) -> Vec<NaiveDate> {
    course
        .start_window
        .days()
        .filter(|d| is_course_day(model, course, *d))
        .collect()
}

/// The kind of each training day of a course, by position. The off-site block
/// (workplace practice, then the internship) ends just before the last classroom days
/// (`days_after`, at least one: the completion survey is held on site); visits are spread
/// evenly over the classroom days before it.
pub fn day_kinds(course: &Course) -> Vec<DayKind> {
    let n = course.training_days() as usize;
    let internship = course.internship.as_ref().map_or(0, |i| i.days as usize);
    let workplace = course.workplace_days() as usize;
    let tail = course
        .internship
        .as_ref()
        .map_or(if workplace > 0 { 2 } else { 0 }, |i| i.days_after as usize);
    let off = internship + workplace;
    let mut kinds = vec![DayKind::Classroom; n];
    let off_end = n.saturating_sub(tail);
    let off_start = off_end.saturating_sub(off);
    for (k, slot) in kinds.iter_mut().enumerate().take(off_end).skip(off_start) {
        *slot = if k - off_start < workplace {
            DayKind::Workplace
        } else {
            DayKind::Internship
        };
    }
    let before = off_start;
    let v = course.visit_days as usize;
    for k in 0..v {
        // Evenly spread: the (k+1)-th of v+1 equal parts of the classroom days.
        let mut p = ((k + 1) * before) / (v + 1);
        while p < n && kinds[p] != DayKind::Classroom {
            p += 1;
        }
        if p < n {
            kinds[p] = DayKind::Visit;
        }
    }
    kinds
}

/// The dates of a course starting on `start`: the next `training_days` course days.
pub fn training_dates(model: &TrainingModel, course: &Course, start: NaiveDate) -> Vec<NaiveDate> {
    let n = course.training_days() as usize;
    start
        .iter_days()
        .take(800)
        .filter(|d| is_course_day(model, course, *d))
        .take(n)
        .collect()
}

fn add_hours(t: NaiveTime, h: u32) -> NaiveTime {
    t.overflowing_add_signed(chrono::Duration::hours(i64::from(h)))
        .0
}

/// Lays out course `c` from `start`.
pub fn run(model: &TrainingModel, c: usize, start: NaiveDate) -> CourseRun {
    let course = &model.courses[c];
    let dates = training_dates(model, course, start);
    let kinds = day_kinds(course);
    let days: Vec<(NaiveDate, DayKind)> = dates.iter().copied().zip(kinds).collect();
    // The curriculum in teaching order, one entry per period.
    let ph = course.period_hours().max(1);
    let mut periods: Vec<usize> = Vec::new();
    for (j, s) in course.subjects.iter().enumerate() {
        periods.extend(std::iter::repeat_n(j, (s.hours / ph) as usize));
    }
    let mut next = periods.into_iter();
    let first = course.periods.first().map_or(NaiveTime::MIN, |p| p.start);
    let last = course.periods.last().map_or(NaiveTime::MIN, |p| p.end);
    let mut blocks = Vec::new();
    for (i, &(date, kind)) in days.iter().enumerate() {
        match kind {
            DayKind::Classroom => {
                for p in &course.periods {
                    let Some(j) = next.next() else { break };
                    blocks.push(Block {
                        day: i,
                        date,
                        start: p.start,
                        end: p.end,
                        hours: ph,
                        subject: Some(j),
                        kind: match course.subjects[j].kind {
                            SubjectKind::Lecture => SessionKind::Lecture,
                            SubjectKind::Practical => SessionKind::Practical,
                        },
                    });
                }
            }
            DayKind::Visit | DayKind::Workplace => blocks.push(Block {
                day: i,
                date,
                start: first,
                end: last,
                hours: course.hours_per_day(),
                subject: None,
                kind: if kind == DayKind::Visit {
                    SessionKind::Visit
                } else {
                    SessionKind::Workplace
                },
            }),
            DayKind::Internship => {
                let h = course.internship.as_ref().map_or(5, |i| i.hours_per_day);
                // The hours are at the host; an hour's lunch break after the third.
                let end = add_hours(first, if h > 3 { h + 1 } else { h });
                blocks.push(Block {
                    day: i,
                    date,
                    start: first,
                    end,
                    hours: h,
                    subject: None,
                    kind: SessionKind::Internship,
                });
            }
        }
    }
    let start = dates.first().copied().unwrap_or(start);
    let end = dates.last().copied().unwrap_or(start);
    let deadline =
        calendar::business_day_before(&model.closures, start, course.deadline_business_days);
    // The period's days count the deadline itself: n days end on the deadline.
    let application_start = match model.rules.application_business_days {
        0 | 1 => deadline,
        n => calendar::business_day_before(&model.closures, deadline, n - 2),
    };
    let interview_days = deadline
        .iter_days()
        .skip(1)
        .take_while(|d| *d < start)
        .filter(|d| calendar::is_training_day(&model.closures, *d))
        .collect();
    let after = |m: u32| {
        let d = end.checked_add_months(Months::new(m)).unwrap_or(end);
        calendar::business_day_on_or_after(&model.closures, d)
    };
    CourseRun {
        course: c,
        days,
        blocks,
        application_start,
        deadline,
        interview_days,
        survey: end,
        follow_up_1m: after(1),
        follow_up_3m: after(3),
    }
}

/// A re-plan's answer to an instructor away (issue 18): the course's periods from
/// `from` on are reordered where every instructor qualified for a period's subject
/// (TRN-2) is away that day (leave, or not their weekday): the period takes the subject
/// of the first later period that someone can teach that day and whose own date the
/// absent subject's instructors are back for; the two swap. So a subject nobody can
/// teach is postponed to when its instructor returns, and other subjects come forward;
/// the curriculum's hours are unchanged (TRN-1, TRN-2, TRN-9 rest on them), and where no
/// swap exists the period stays, to be reported by the solver. Returns the swaps made.
pub fn reorder_for_absences(model: &TrainingModel, run: &mut CourseRun, from: NaiveDate) -> usize {
    let course = &model.courses[run.course];
    let free = |j: usize, d: NaiveDate| {
        model
            .staff
            .iter()
            .any(|p| p.teaches(&course.subjects[j]) && p.available(d))
    };
    let periods: Vec<usize> = (0..run.blocks.len())
        .filter(|&i| run.blocks[i].date >= from && run.blocks[i].subject.is_some())
        .collect();
    let mut swaps = 0;
    for (a, &i) in periods.iter().enumerate() {
        let (Some(si), di) = (run.blocks[i].subject, run.blocks[i].date) else {
            continue;
        };
        if free(si, di) {
            continue;
        }
        let later = periods[a + 1..].iter().copied().find(|&k| {
            let b = &run.blocks[k];
            b.date > di
                && b.subject
                    .is_some_and(|sk| sk != si && free(sk, di) && free(si, b.date))
        });
        if let Some(k) = later {
            let (sk, kk) = (run.blocks[k].subject, run.blocks[k].kind);
            run.blocks[k].subject = Some(si);
            run.blocks[k].kind = run.blocks[i].kind;
            run.blocks[i].subject = sk;
            run.blocks[i].kind = kk;
            swaps += 1;
        }
    }
    swaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::training::*;

    fn course(
        subject_hours: &[u32],
        visits: u32,
        workplace: u32,
        internship: Option<u32>,
    ) -> Course {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
        Course {
            id: "c".into(),
            name: "c".into(),
            field: "digital".into(),
            trainees: 10,
            total_hours: 0,
            periods: vec![
                crate::model::TimeWindow {
                    start: t(9),
                    end: t(12),
                },
                crate::model::TimeWindow {
                    start: t(13),
                    end: t(16),
                },
            ],
            weekdays: vec![chrono::Weekday::Mon],
            start_window: crate::model::DateRange {
                from: NaiveDate::MIN,
                to: NaiveDate::MIN,
            },
            subjects: subject_hours
                .iter()
                .enumerate()
                .map(|(i, &h)| Subject {
                    id: format!("s{i}"),
                    name: String::new(),
                    hours: h,
                    kind: SubjectKind::Lecture,
                    online: false,
                    requires: vec![],
                    room_kinds: vec![],
                })
                .collect(),
            uses_pcs: false,
            online_hours: 0,
            workplace_hours: workplace,
            workplace_host: String::new(),
            visit_days: visits,
            internship: internship.map(|d| Internship {
                days: d,
                hours_per_day: 5,
                host: String::new(),
                days_after: 3,
            }),
            deadline_business_days: 14,
            min_trainees: None,
        }
    }

    #[test]
    fn off_site_days_sit_before_the_last_classroom_days() {
        // 60 classroom days, 10 internship days, 3 days back in class.
        let k = day_kinds(&course(&[360], 0, 0, Some(10)));
        assert_eq!(k.len(), 70);
        assert!(k[57..67].iter().all(|d| *d == DayKind::Internship));
        assert!(k[67..].iter().all(|d| *d == DayKind::Classroom));
        assert_eq!(k.iter().filter(|d| **d == DayKind::Internship).count(), 10);
    }

    #[test]
    fn a_subject_whose_instructors_are_away_is_postponed_and_another_comes_forward() {
        let text = include_str!("../../models/gifu-training-2023.toml");
        let mut model =
            crate::input::training::parse_training(std::path::Path::new("gifu.toml"), text)
                .unwrap_or_else(|e| panic!("shipped model: {e:?}"));
        let c = model.course_index("med-1").unwrap_or(0);
        let start = NaiveDate::from_ymd_opt(2023, 7, 3).unwrap_or(NaiveDate::MIN);
        let plain = run(&model, c, start);
        // t07, the only medical-clerk, away 2023-07-10 .. 07-21.
        let t07 = model.staff_index("t07").unwrap_or(0);
        let (away_from, away_to) = (
            NaiveDate::from_ymd_opt(2023, 7, 10).unwrap_or(NaiveDate::MIN),
            NaiveDate::from_ymd_opt(2023, 7, 21).unwrap_or(NaiveDate::MIN),
        );
        model.staff[t07].leave.push(crate::model::DateRange {
            from: away_from,
            to: away_to,
        });
        let mut r = plain.clone();
        let as_of = NaiveDate::from_ymd_opt(2023, 7, 5).unwrap_or(NaiveDate::MIN);
        let swaps = reorder_for_absences(&model, &mut r, as_of);
        assert!(swaps > 0);
        let course = &model.courses[c];
        for b in &r.blocks {
            let Some(j) = b.subject else { continue };
            if b.date < as_of {
                assert_eq!(
                    Some(b),
                    plain
                        .blocks
                        .iter()
                        .find(|x| x.date == b.date && x.start == b.start)
                );
            }
            // Every period can be taught by someone there that day.
            assert!(
                model
                    .staff
                    .iter()
                    .any(|p| p.teaches(&course.subjects[j]) && p.available(b.date)),
                "{} {}",
                b.date,
                course.subjects[j].id
            );
        }
        // The same hours of every subject.
        let hours = |x: &CourseRun, j: usize| -> u32 {
            x.blocks
                .iter()
                .filter(|b| b.subject == Some(j))
                .map(|b| b.hours)
                .sum()
        };
        for j in 0..course.subjects.len() {
            assert_eq!(hours(&r, j), hours(&plain, j));
        }
        // Nobody away: nothing moves.
        let mut same = plain.clone();
        model.staff[t07].leave.clear();
        assert_eq!(reorder_for_absences(&model, &mut same, as_of), 0);
        assert_eq!(same, plain);
    }

    #[test]
    fn visits_are_spread_and_workplace_days_precede_two_classroom_days() {
        let k = day_kinds(&course(&[120], 2, 30, None));
        // 20 classroom + 2 visit + 5 workplace days.
        assert_eq!(k.len(), 27);
        assert!(k[20..25].iter().all(|d| *d == DayKind::Workplace));
        assert_eq!(k[25..], [DayKind::Classroom, DayKind::Classroom]);
        let visits: Vec<usize> = (0..27).filter(|&i| k[i] == DayKind::Visit).collect();
        assert_eq!(visits, vec![6, 13]);
    }
}
