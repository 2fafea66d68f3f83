//! A training provider's documents to hand out (issue 18, part 3), in the plan's
//! language (Japanese by default):
//!
//! - the recruitment schedule (募集・選考日程表) for the prefecture and Hello Work,
//!   `recruitment.csv` with exactly the columns of [`RECRUITMENT_COLUMNS`] (dates
//!   `YYYY-MM-DD`, times `HH:MM`): the application period (its start from
//!   `[rules] application_business_days`, its deadline TRN-6), the selection interview
//!   (TRN-7, at the model's times), the course's first and last day, the completion
//!   survey and the follow-ups 1 and 3 months after (TRN-10);
//! - the weekly timetable (時間割) of each course: per session its week, date, 曜日,
//!   period, subject, room, instructor and assistant (TRN-1), as rows for the
//!   workbook's sheet per course and as the printable page `timetable.html`.
//!
//! Nothing here knows the solver: every value is read from the plan and the model.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use minijinja::{context, Environment};
use serde::Serialize;

use super::labels::{training_doc as word, Lang};
use crate::model::training::TrainingModel;
use crate::plan::parse_day;
use crate::plan::training::{CourseRow, SessionRow, TrainingPlan};

/// The recruitment schedule's file.
pub const RECRUITMENT_CSV: &str = "recruitment.csv";
/// The printable timetable page.
pub const TIMETABLE_HTML: &str = "timetable.html";
/// The columns of `recruitment.csv`, in order.
pub const RECRUITMENT_COLUMNS: [&str; 12] = [
    "course_id",
    "course_name",
    "application_start",
    "application_deadline",
    "interview_date",
    "interview_start",
    "interview_end",
    "start",
    "end",
    "completion_survey",
    "follow_up_1m",
    "follow_up_3m",
];

const TEMPLATE: &str = include_str!("templates/timetable.html");

/// One course's row of the recruitment schedule (`recruitment.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecruitmentRow {
    /// Course id.
    pub course_id: String,
    /// The course's name.
    pub course_name: String,
    /// First day of the application period.
    pub application_start: String,
    /// Application deadline (TRN-6).
    pub application_deadline: String,
    /// Selection interview day (TRN-7); empty if the plan has none.
    pub interview_date: String,
    /// Its start time (`[rules] interview_start`).
    pub interview_start: String,
    /// Its end time (`[rules] interview_end`).
    pub interview_end: String,
    /// First training day.
    pub start: String,
    /// Last training day.
    pub end: String,
    /// Completion survey (TRN-10).
    pub completion_survey: String,
    /// Follow-up 1 month after completion (TRN-10).
    pub follow_up_1m: String,
    /// Follow-up 3 months after completion (TRN-10).
    pub follow_up_3m: String,
}

impl RecruitmentRow {
    /// The values in [`RECRUITMENT_COLUMNS`] order.
    pub fn values(&self) -> [&str; 12] {
        [
            &self.course_id,
            &self.course_name,
            &self.application_start,
            &self.application_deadline,
            &self.interview_date,
            &self.interview_start,
            &self.interview_end,
            &self.start,
            &self.end,
            &self.completion_survey,
            &self.follow_up_1m,
            &self.follow_up_3m,
        ]
    }
}

/// The recruitment schedule of a course row.
pub fn recruitment_row(m: &TrainingModel, c: &CourseRow) -> RecruitmentRow {
    let application_start = parse_day(&c.application_deadline)
        .map(|d| {
            m.rules
                .application_start(&m.closures, d)
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default();
    let (interview_start, interview_end) = if c.interview_date.is_empty() {
        (String::new(), String::new())
    } else {
        (
            m.rules.interview.start.format("%H:%M").to_string(),
            m.rules.interview.end.format("%H:%M").to_string(),
        )
    };
    RecruitmentRow {
        course_id: c.course_id.clone(),
        course_name: c.name.clone(),
        application_start,
        application_deadline: c.application_deadline.clone(),
        interview_date: c.interview_date.clone(),
        interview_start,
        interview_end,
        start: c.start.clone(),
        end: c.end.clone(),
        completion_survey: c.completion_survey.clone(),
        follow_up_1m: c.follow_up_1m.clone(),
        follow_up_3m: c.follow_up_3m.clone(),
    }
}

/// The recruitment schedule of a plan, one row per course in the plan's order.
pub fn recruitment(m: &TrainingModel, plan: &TrainingPlan) -> Vec<RecruitmentRow> {
    plan.courses.iter().map(|c| recruitment_row(m, c)).collect()
}

/// What changed in a course's recruitment schedule after a re-plan: per column index
/// of [`RECRUITMENT_COLUMNS`], the value before.
pub type RecruitmentChanges = BTreeMap<String, BTreeMap<usize, String>>;

/// The cells of `now` that differ from `before` (same course id), with the value
/// before; a course `before` has and `now` has not is listed with every column.
pub fn recruitment_changes(
    before: &[RecruitmentRow],
    now: &[RecruitmentRow],
) -> RecruitmentChanges {
    let mut out = RecruitmentChanges::new();
    for b in before {
        let cells: BTreeMap<usize, String> = match now.iter().find(|n| n.course_id == b.course_id) {
            Some(n) => b
                .values()
                .iter()
                .zip(n.values())
                .enumerate()
                .filter(|(_, (x, y))| *x != y)
                .map(|(i, (x, _))| (i, x.to_string()))
                .collect(),
            None => b
                .values()
                .iter()
                .enumerate()
                .skip(2)
                .map(|(i, x)| (i, x.to_string()))
                .collect(),
        };
        if !cells.is_empty() || !now.iter().any(|n| n.course_id == b.course_id) {
            out.insert(b.course_id.clone(), cells);
        }
    }
    out
}

/// The letter to the prefecture and Hello Work after a re-plan changed the
/// recruitment schedule (issue 18: they publish the application period and the
/// interview day, so they are told when either moves, a course is cancelled or one is
/// added).
pub const RECRUITMENT_NOTICE: &str = "recruitment-notice.txt";

/// The letter [`RECRUITMENT_NOTICE`]: per course whose schedule changed, the values
/// before and after (a date with its weekday); a cancelled course and a new one said
/// as such. `None` when the schedule is the same. `reason` is the scenario's public
/// reason (never a private note); `as_of` dates the letter. Control characters in
/// names from the model are made readable, as in the staff's letters.
pub fn recruitment_notice(
    programme: &str,
    before: &[RecruitmentRow],
    now: &[RecruitmentRow],
    lang: Lang,
    reason: Option<&str>,
    as_of: NaiveDate,
) -> Option<String> {
    use super::labels::recruitment_notice as w;
    let changes = recruitment_changes(before, now);
    let added: Vec<&RecruitmentRow> = now
        .iter()
        .filter(|n| !before.iter().any(|b| b.course_id == n.course_id))
        .collect();
    if changes.is_empty() && added.is_empty() {
        return None;
    }
    let day = |v: &str| match parse_day(v) {
        Some(d) => lang.date(d),
        None if v.is_empty() => "—".to_string(),
        None => v.to_string(),
    };
    let heading = |lang: Lang, course: &RecruitmentRow| match lang {
        Lang::Ja => format!("■ {}（{}）", course.course_name, course.course_id),
        Lang::En => format!("* {} ({})", course.course_name, course.course_id),
    };
    let sep = match lang {
        Lang::Ja => "：",
        Lang::En => ": ",
    };
    // The interview's start and end are one line ("13:00～16:00").
    let value = |r: &RecruitmentRow, i: usize| -> String {
        let v = r.values();
        match i {
            5 | 6 if v[5].is_empty() => "—".to_string(),
            5 | 6 => format!("{}～{}", v[5], v[6]),
            _ => day(v[i]),
        }
    };
    let mut s = format!(
        "{}\n{}\n\n{}\n\n",
        programme,
        lang.date(as_of),
        w(lang, "to")
    );
    s.push_str(w(lang, "title"));
    s.push_str("\n\n");
    s.push_str(&match reason.filter(|r| !r.trim().is_empty()) {
        Some(r) => w(lang, "intro").replace("{reason}", r),
        None => w(lang, "intro-plain").to_string(),
    });
    s.push_str("\n\n");
    for n in now {
        if added.iter().any(|a| a.course_id == n.course_id) {
            s.push_str(&format!("{}\n　{}\n", heading(lang, n), w(lang, "added")));
            for i in (2..RECRUITMENT_COLUMNS.len()).filter(|&i| i != 6) {
                s.push_str(&format!(
                    "　{}{sep}{}\n",
                    recruitment_heading(lang, i),
                    value(n, i)
                ));
            }
            s.push('\n');
            continue;
        }
        let Some(cells) = changes.get(&n.course_id) else {
            continue;
        };
        let Some(b) = before.iter().find(|b| b.course_id == n.course_id) else {
            continue;
        };
        s.push_str(&format!("{}\n　{}\n", heading(lang, n), w(lang, "changed")));
        let mut shown = BTreeSet::new();
        for &i in cells.keys() {
            let i = if i == 6 { 5 } else { i };
            if !shown.insert(i) {
                continue;
            }
            let arrow = w(lang, "arrow")
                .replace("{before}", &value(b, i))
                .replace("{now}", &value(n, i));
            s.push_str(&format!("　{}{sep}{arrow}\n", recruitment_heading(lang, i)));
        }
        s.push('\n');
    }
    for b in before {
        if !now.iter().any(|n| n.course_id == b.course_id) {
            s.push_str(&format!(
                "{}\n　{}\n\n",
                heading(lang, b),
                w(lang, "cancelled")
            ));
        }
    }
    s.push_str(w(lang, "closing"));
    s.push('\n');
    Some(super::terminal::readable(&s).into_owned())
}

/// The heading of a recruitment column in `lang` (the Japanese schedule's words).
pub fn recruitment_heading(lang: Lang, i: usize) -> &'static str {
    let key = [
        "course",
        "course-name",
        "application-start",
        "application-deadline",
        "interview-date",
        "interview-time",
        "interview-time",
        "start",
        "end",
        "survey",
        "follow-up-1m",
        "follow-up-3m",
    ];
    key.get(i).map_or("", |k| word(lang, k))
}

/// One session in a course's timetable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    /// Monday of the session's week (ISO).
    pub week: String,
    /// Date (ISO).
    pub date: String,
    /// 曜日.
    pub weekday: String,
    /// Period of the day from 1 (the course's `periods`); 0 for a whole off-site day.
    pub period: usize,
    /// The period in words (`1限`, `終日`).
    pub period_text: String,
    /// Start time.
    pub start: String,
    /// End time.
    pub end: String,
    /// Subject name, or the session type for a day without a subject.
    pub subject: String,
    /// Session type in words.
    pub kind: String,
    /// Mode in words.
    pub mode: String,
    /// Room name; the no-room words for a classroom session without one (TRN-5);
    /// online or the session type off site.
    pub room: String,
    /// Whether a classroom session has no room.
    pub no_room: bool,
    /// Instructors' names (TRN-1), joined.
    pub instructors: String,
    /// Assistants' names (TRN-1), joined.
    pub assistants: String,
    /// Session id.
    pub session_id: String,
}

/// The timetable of every course of the plan, in the plan's course order: per course
/// id, its sessions in date and time order.
pub fn timetables(
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
) -> Vec<(CourseRow, Vec<Slot>)> {
    let l = lang.labels();
    let w = &l.tr;
    let names: HashMap<&str, &str> = plan
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s.name.as_str()))
        .collect();
    let mut who: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for a in &plan.assignments {
        let name = names
            .get(a.staff_id.as_str())
            .copied()
            .unwrap_or(&a.staff_id);
        who.entry((a.event_id.as_str(), a.role.as_str()))
            .or_default()
            .push(name);
    }
    let joined = |id: &str, role: &str| -> String {
        who.get(&(id, role))
            .map(|v| v.join("、"))
            .unwrap_or_default()
    };
    let mut by_course: BTreeMap<&str, Vec<&SessionRow>> = BTreeMap::new();
    for s in &plan.sessions {
        by_course.entry(s.course_id.as_str()).or_default().push(s);
    }
    plan.courses
        .iter()
        .map(|c| {
            let mc = m.courses.iter().find(|x| x.id == c.course_id);
            let slots = by_course
                .get(c.course_id.as_str())
                .into_iter()
                .flatten()
                .filter_map(|s| {
                    let d = parse_day(&s.date)?;
                    let week = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
                    let period = mc
                        .and_then(|mc| {
                            mc.periods
                                .iter()
                                .position(|p| p.start.format("%H:%M").to_string() == s.start)
                        })
                        .filter(|_| s.kind == "lecture" || s.kind == "practical")
                        .map_or(0, |i| i + 1);
                    let period_text = if period == 0 {
                        word(lang, "all-day").to_string()
                    } else {
                        word(lang, "period-n").replace("{n}", &period.to_string())
                    };
                    let subject = if s.subject.is_empty() {
                        w.session_type(&s.kind).to_string()
                    } else {
                        subject_name(m, &c.course_id, &s.subject)
                    };
                    let classroom =
                        s.mode != "online" && (s.kind == "lecture" || s.kind == "practical");
                    let no_room = classroom && s.room.is_empty();
                    let room = if !s.room.is_empty() {
                        m.classrooms
                            .iter()
                            .find(|r| r.id == s.room)
                            .map_or(s.room.clone(), |r| r.name.clone())
                    } else if no_room {
                        word(lang, "no-room").to_string()
                    } else if s.mode == "online" {
                        l.mode(&s.mode).to_string()
                    } else {
                        w.session_type(&s.kind).to_string()
                    };
                    Some(Slot {
                        week: week.format("%Y-%m-%d").to_string(),
                        date: s.date.clone(),
                        weekday: l.weekday(d).to_string(),
                        period,
                        period_text,
                        start: s.start.clone(),
                        end: s.end.clone(),
                        subject,
                        kind: w.session_type(&s.kind).to_string(),
                        mode: l.mode(&s.mode).to_string(),
                        room,
                        no_room,
                        instructors: joined(&s.session_id, "instructor"),
                        assistants: joined(&s.session_id, "assistant"),
                        session_id: s.session_id.clone(),
                    })
                })
                .collect();
            (c.clone(), slots)
        })
        .collect()
}

fn subject_name(m: &TrainingModel, course: &str, id: &str) -> String {
    let in_course = m
        .courses
        .iter()
        .filter(|c| c.id == course)
        .flat_map(|c| &c.subjects)
        .find(|s| s.id == id);
    in_course
        .or_else(|| {
            m.courses
                .iter()
                .flat_map(|c| &c.subjects)
                .find(|s| s.id == id)
        })
        .map_or(id.to_string(), |s| s.name.clone())
}

/// A week of a course's printable timetable: the days as columns, the periods as rows.
#[derive(Debug, Serialize)]
struct Week {
    heading: String,
    days: Vec<String>,
    rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
struct Row {
    period: String,
    cells: Vec<Vec<Cell>>,
}

#[derive(Debug, Serialize)]
struct Cell {
    time: String,
    subject: String,
    room: String,
    no_room: bool,
    instructors: String,
    assistants: String,
}

#[derive(Debug, Serialize)]
struct CoursePage {
    id: String,
    name: String,
    period: String,
    weeks: Vec<Week>,
}

fn weeks_of(slots: &[Slot], lang: Lang) -> Vec<Week> {
    let mut by_week: BTreeMap<&str, Vec<&Slot>> = BTreeMap::new();
    for s in slots {
        by_week.entry(s.week.as_str()).or_default().push(s);
    }
    by_week
        .into_iter()
        .map(|(week, list)| {
            let dates: BTreeSet<&str> = list.iter().map(|s| s.date.as_str()).collect();
            let dates: Vec<&str> = dates.into_iter().collect();
            let periods: BTreeSet<(usize, &str)> = list
                .iter()
                .map(|s| {
                    (
                        if s.period == 0 { usize::MAX } else { s.period },
                        s.period_text.as_str(),
                    )
                })
                .collect();
            let rows = periods
                .iter()
                .map(|(p, text)| Row {
                    period: text.to_string(),
                    cells: dates
                        .iter()
                        .map(|d| {
                            list.iter()
                                .filter(|s| {
                                    s.date == *d
                                        && (if s.period == 0 { usize::MAX } else { s.period }) == *p
                                })
                                .map(|s| Cell {
                                    time: format!("{}-{}", s.start, s.end),
                                    subject: s.subject.clone(),
                                    room: s.room.clone(),
                                    no_room: s.no_room,
                                    instructors: s.instructors.clone(),
                                    assistants: s.assistants.clone(),
                                })
                                .collect()
                        })
                        .collect(),
                })
                .collect();
            let heading = parse_day(week).map_or_else(
                || week.to_string(),
                |d| match lang {
                    Lang::Ja => format!("{}の週", lang.date(d)),
                    Lang::En => format!("Week of {}", lang.date(d)),
                },
            );
            Week {
                heading,
                days: dates
                    .iter()
                    .map(|d| parse_day(d).map_or_else(|| d.to_string(), |x| lang.short_date(x)))
                    .collect(),
                rows,
            }
        })
        .collect()
}

/// The printable timetable page (`timetable.html`): per course, a table per week,
/// A4 landscape, a page break between courses. minijinja escapes every value; the
/// page then goes through [`readable`](super::terminal::readable).
pub fn timetable_page(
    m: &TrainingModel,
    plan: &TrainingPlan,
    lang: Lang,
    stamp: NaiveDate,
) -> Result<String, minijinja::Error> {
    let courses: Vec<CoursePage> = timetables(m, plan, lang)
        .into_iter()
        .map(|(c, slots)| CoursePage {
            period: format!("{} ～ {}", c.start, c.end),
            id: c.course_id,
            name: c.name,
            weeks: weeks_of(&slots, lang),
        })
        .collect();
    let mut env = Environment::new();
    env.add_template("timetable.html", TEMPLATE)?;
    let t = env.get_template("timetable.html")?;
    let title = format!(
        "{} {}",
        super::labels::plan_title(lang, &m.name, stamp),
        word(lang, "timetable")
    );
    let page = t.render(context! {
        lang => lang.id(),
        title => title,
        note => word(lang, "print-note"),
        period_word => word(lang, "period"),
        instructor_word => word(lang, "instructor"),
        assistant_word => word(lang, "assistant"),
        courses => minijinja::Value::from(minijinja::value::Serde(&courses)),
    })?;
    Ok(match super::terminal::readable(&page) {
        std::borrow::Cow::Borrowed(_) => page,
        std::borrow::Cow::Owned(o) => o,
    })
}

/// Where and when a session is, in words: `<date> <start>～<end> <place>`.
fn session_where(m: &TrainingModel, s: &SessionRow, lang: Lang) -> String {
    format!(
        "{} {}～{} {}",
        parse_day(&s.date).map_or_else(|| s.date.clone(), |d| lang.date(d)),
        s.start,
        s.end,
        place_of(m, s, lang).0
    )
}

/// A session's place in words and the site's address when it is at the site: a room
/// by name, the no-room words for a classroom session without one (TRN-5), online, or
/// the type of an off-site day.
fn place_of(m: &TrainingModel, s: &SessionRow, lang: Lang) -> (String, String) {
    let l = lang.labels();
    let classroom = s.mode != "online" && (s.kind == "lecture" || s.kind == "practical");
    if !s.room.is_empty() {
        let room = m
            .classrooms
            .iter()
            .find(|r| r.id == s.room)
            .map_or(s.room.as_str(), |r| r.name.as_str());
        (format!("{} {room}", m.site.name), m.site.address.clone())
    } else if classroom {
        (
            format!("{} {}", m.site.name, word(lang, "no-room")),
            m.site.address.clone(),
        )
    } else if s.mode == "online" {
        (l.mode(&s.mode).to_string(), String::new())
    } else {
        (l.tr.session_type(&s.kind).to_string(), String::new())
    }
}

/// The course of a course-level event id (`interview-dx-1`, `on-site-dx-1`): the
/// longest course id it ends in.
fn course_of_event<'a>(event: &str, courses: &'a [CourseRow]) -> Option<&'a CourseRow> {
    courses
        .iter()
        .filter(|c| event.ends_with(&format!("-{}", c.course_id)))
        .max_by_key(|c| c.course_id.len())
}

/// A training re-plan's notices as the centre's letters have them
/// ([`super::notices::NoticeRow`]): one row per notice, in words — the course, the
/// subject (or the day's kind), date, weekday and times, the room and the site's
/// address, the role — and, in Japanese, the `notice` column as a sentence. `base` is
/// the baseline (what was taken away or changed is described from it), `now` the new
/// plan. The English `notice` keeps the re-plan's own text with ids.
pub fn notice_rows(
    m: &TrainingModel,
    base: &TrainingPlan,
    now: &TrainingPlan,
    notices: &[crate::replan::Notice],
    lang: Lang,
) -> Vec<super::notices::NoticeRow> {
    let l = lang.labels();
    let w = &l.tr;
    let find = |plan: &'_ TrainingPlan, id: &str| -> Option<SessionRow> {
        plan.sessions.iter().find(|s| s.session_id == id).cloned()
    };
    let mut courses: Vec<CourseRow> = now.courses.clone();
    courses.extend(
        base.courses
            .iter()
            .filter(|b| !now.courses.iter().any(|c| c.course_id == b.course_id))
            .cloned(),
    );
    notices
        .iter()
        .map(|x| {
            let (section, change) = if x.notice.starts_with("no longer needed: ") {
                ("no-longer", "")
            } else if x.notice.starts_with("new: ") {
                ("now", "")
            } else {
                ("changed", x.notice.split(": ").next().unwrap_or(""))
            };
            let after = find(now, &x.event_id);
            let before = find(base, &x.event_id);
            let role = w.role(&x.role).to_string();
            let mut r = super::notices::NoticeRow {
                staff_id: x.staff_id.clone(),
                name: x.name.clone(),
                date: x.date.clone(),
                event_id: x.event_id.clone(),
                notice: String::new(),
                weekday: parse_day(&x.date).map_or_else(String::new, |d| l.weekday(d).to_string()),
                section: section.to_string(),
                role: role.clone(),
                start: String::new(),
                end: String::new(),
                kind: String::new(),
                municipality_name: String::new(),
                venue_name: String::new(),
                address: String::new(),
                replaces: String::new(),
                message: String::new(),
                before_text: String::new(),
                detail: String::new(),
                cancelled: false,
            };
            let shown = match section {
                "no-longer" => before.clone().or_else(|| after.clone()),
                _ => after.clone().or_else(|| before.clone()),
            };
            if let Some(s) = &shown {
                let course = courses
                    .iter()
                    .find(|c| c.course_id == s.course_id)
                    .map_or(s.course_id.clone(), |c| c.name.clone());
                r.start = s.start.clone();
                r.end = s.end.clone();
                r.kind = if s.subject.is_empty() {
                    w.session_type(&s.kind).to_string()
                } else {
                    subject_name(m, &s.course_id, &s.subject)
                };
                r.municipality_name = course;
                let (venue, address) = place_of(m, s, lang);
                r.venue_name = venue;
                r.address = address;
                r.cancelled = section == "no-longer" && after.is_none();
                if section == "changed" {
                    if let Some(b) = &before {
                        r.before_text = session_where(m, b, lang);
                    }
                }
            } else if let Some(c) = course_of_event(&x.event_id, &courses) {
                r.municipality_name = c.name.clone();
                r.venue_name = m.site.name.clone();
                r.address = m.site.address.clone();
                if x.role == "interviewer" {
                    // TRN-7: the interview at the model's times.
                    r.kind = word(lang, "interview").to_string();
                    r.start = m.rules.interview.start.format("%H:%M").to_string();
                    r.end = m.rules.interview.end.format("%H:%M").to_string();
                } else {
                    r.kind = word(lang, "course-day").to_string();
                    if let Some(mc) = m.courses.iter().find(|mc| mc.id == c.course_id) {
                        if let (Some(a), Some(b)) = (mc.periods.first(), mc.periods.last()) {
                            r.start = a.start.format("%H:%M").to_string();
                            r.end = b.end.format("%H:%M").to_string();
                        }
                    }
                }
            }
            r.notice = match lang {
                Lang::En => x.notice.clone(),
                Lang::Ja => {
                    let date = parse_day(&x.date).map_or_else(|| x.date.clone(), |d| lang.date(d));
                    let what = format!(
                        "{date} {}～{} {}（{}）",
                        r.start, r.end, r.kind, r.municipality_name
                    );
                    match section {
                        "now" => format!("{what}：{role}を新たに担当"),
                        "no-longer" if r.cancelled => format!("{what}：{}", l.n.cancelled),
                        "no-longer" => format!("{what}：{role}の担当は不要"),
                        _ if r.before_text.is_empty() => {
                            format!("{what}：{}", w.change(change))
                        }
                        _ => format!(
                            "{what}：{}（{}：{}）",
                            w.change(change),
                            l.n.was,
                            r.before_text
                        ),
                    }
                }
            };
            super::notices::with_message(lang, r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, start: &str) -> RecruitmentRow {
        RecruitmentRow {
            course_id: id.into(),
            course_name: "n".into(),
            application_start: "2023-04-01".into(),
            application_deadline: "2023-04-20".into(),
            interview_date: "2023-04-24".into(),
            interview_start: "13:00".into(),
            interview_end: "16:00".into(),
            start: start.into(),
            end: "2023-07-01".into(),
            completion_survey: "2023-07-01".into(),
            follow_up_1m: "2023-08-01".into(),
            follow_up_3m: "2023-10-02".into(),
        }
    }

    #[test]
    fn recruitment_changes_name_the_cells_and_the_value_before() {
        let before = vec![row("a", "2023-05-08"), row("b", "2023-05-08")];
        let now = vec![row("a", "2023-05-15")];
        let ch = recruitment_changes(&before, &now);
        assert_eq!(
            ch.get("a"),
            Some(&BTreeMap::from([(7, "2023-05-08".to_string())]))
        );
        // A course no longer held: every date column listed.
        assert_eq!(ch.get("b").map(BTreeMap::len), Some(10));
        assert!(recruitment_changes(&now, &now).is_empty());
        assert_eq!(RECRUITMENT_COLUMNS.len(), row("a", "x").values().len());
    }

    #[test]
    fn recruitment_notice_says_what_moved_what_is_cancelled_and_what_is_new() {
        let day = NaiveDate::from_ymd_opt(2023, 4, 3).expect("day");
        let before = vec![row("a", "2023-05-08"), row("b", "2023-05-08")];
        let now = vec![row("a", "2023-05-15"), row("c", "2023-06-01")];
        let text = recruitment_notice("P\u{1b}]0;x", &before, &now, Lang::Ja, Some("理由"), day)
            .expect("a letter");
        assert!(
            text.contains("2023年5月8日(月) → 2023年5月15日(月)"),
            "{text}"
        );
        assert!(text.contains("（b）\n　開講を中止いたします。"), "{text}");
        assert!(text.contains("（c）\n　新たに募集いたします。"), "{text}");
        assert!(text.contains("理由、下記"), "{text}");
        assert!(!text.contains('\u{1b}'), "control characters made readable");
        let en = recruitment_notice("P", &before, &now, Lang::En, None, day).expect("letter");
        assert!(
            en.contains("Hello Work") && en.contains("will not open"),
            "{en}"
        );
        assert_eq!(
            recruitment_notice("P", &now, &now, Lang::Ja, None, day),
            None
        );
    }
}
