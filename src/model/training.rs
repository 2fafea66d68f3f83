//! Domain types of a vocational-training provider's year (the Gifu specification, TRN-*).
//!
//! A provider runs several courses (cohorts) a year in its own classrooms, with its own
//! instructors and job-support staff. The input layer builds these types after
//! validating a `kind = "training-provider"` file; calendar, demand, solver, checker and
//! reports read them. Like the rest of `model`, this imports nothing else of ours.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::{Closures, DateRange, TimeWindow};

/// A whole training-provider model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingModel {
    /// Human-readable name.
    pub name: String,
    /// Fiscal year (CAL-1).
    pub fiscal_year: i32,
    /// The fiscal year's days.
    pub period: DateRange,
    /// Closed days (CAL-3 year-end, CAL-4 designated).
    pub closures: Closures,
    /// The provider's training site.
    pub site: Site,
    /// Classrooms at the site, in file order.
    pub classrooms: Vec<Classroom>,
    /// Staff, in file order.
    pub staff: Vec<TrainingStaff>,
    /// Courses (cohorts), in file order.
    pub courses: Vec<Course>,
    /// The contract's numbers (TRN-1, TRN-4..TRN-9, TRN-11).
    pub rules: TrainingRules,
    /// Objective weights.
    pub objective: TrainingObjective,
}

/// The training site (facility).
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
}

/// A classroom (TRN-5).
#[derive(Debug, Clone, PartialEq)]
pub struct Classroom {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Floor area usable for training, m² (office and rest areas excluded).
    pub area_m2: f64,
    /// PCs installed.
    pub pcs: u32,
    /// Inkjet printers.
    pub inkjet_printers: u32,
    /// Laser printers.
    pub laser_printers: u32,
    /// Date ranges in which the room cannot be used.
    pub unavailable: Vec<DateRange>,
    /// What the room is fit for (free ids such as `care`): a subject that needs a
    /// kind (`room_kinds`) is held only in a room of that kind (TRN-5).
    pub kinds: Vec<String>,
}

impl Classroom {
    /// Seats by TRN-5: floor(area / area per trainee).
    pub fn seats(&self, area_per_trainee: f64) -> u32 {
        seats(self.area_m2, area_per_trainee)
    }

    /// Whether the room can be used on `d`.
    pub fn usable_on(&self, d: NaiveDate) -> bool {
        !self.unavailable.iter().any(|r| r.contains(d))
    }

    /// Whether the room is fit for `subject` (TRN-5): the subject needs no kind of
    /// room, or the room is of one of the kinds it names.
    pub fn fit_for(&self, subject: &Subject) -> bool {
        subject.room_kinds.is_empty() || subject.room_kinds.iter().any(|k| self.kinds.contains(k))
    }
}

/// floor(area / per-trainee area), robust to floating error (TRN-5).
pub fn seats(area_m2: f64, per_trainee: f64) -> u32 {
    if per_trainee <= 0.0 || !area_m2.is_finite() || area_m2 <= 0.0 {
        return 0;
    }
    // 33.0 / 1.65 is 19.999999999999996 in binary floating point; it is 20 seats.
    ((area_m2 / per_trainee) + 1e-9).floor() as u32
}

/// A role at a training provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrainingRole {
    /// Teaches subjects (TRN-1, TRN-2); full-time instructors can be homeroom.
    Instructor,
    /// Assists practical sessions (counts toward the TRN-1 ratio).
    Assistant,
    /// 訓練実施責任者 (TRN-3).
    TrainingManager,
    /// Full-time, on-site liaison with the employment office and the prefecture (TRN-3).
    Liaison,
    /// 就職支援責任者 (TRN-4).
    JobSupportManager,
    /// 就職支援担当者 (TRN-4).
    JobSupport,
}

impl TrainingRole {
    /// Every role, in file order of the docs.
    pub const ALL: [TrainingRole; 6] = [
        TrainingRole::Instructor,
        TrainingRole::Assistant,
        TrainingRole::TrainingManager,
        TrainingRole::Liaison,
        TrainingRole::JobSupportManager,
        TrainingRole::JobSupport,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            TrainingRole::Instructor => "instructor",
            TrainingRole::Assistant => "assistant",
            TrainingRole::TrainingManager => "training-manager",
            TrainingRole::Liaison => "liaison",
            TrainingRole::JobSupportManager => "job-support-manager",
            TrainingRole::JobSupport => "job-support",
        }
    }

    /// Parses a file id.
    pub fn parse(s: &str) -> Option<TrainingRole> {
        TrainingRole::ALL.into_iter().find(|r| r.id() == s)
    }
}

/// The job-support qualifications of TRN-4 (at least one job-support person holds one).
pub const JOB_SUPPORT_QUALIFICATIONS: [&str; 5] = [
    "career-consultant",
    "job-card-advisor",
    "career-consulting-technician-1",
    "career-consulting-technician-2",
    "vocational-instructor-licence",
];

/// A staff member of the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingStaff {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Roles.
    pub roles: Vec<TrainingRole>,
    /// Full-time (常勤).
    pub full_time: bool,
    /// Qualifications (free ids; the TRN-4 ones are in [`JOB_SUPPORT_QUALIFICATIONS`]).
    pub qualifications: Vec<String>,
    /// Subject ids they can teach (instructors).
    pub subjects: Vec<String>,
    /// Weekdays they work.
    pub weekdays: Vec<Weekday>,
    /// Leave ranges.
    pub leave: Vec<DateRange>,
}

impl TrainingStaff {
    /// Whether they hold `role`.
    pub fn has(&self, role: TrainingRole) -> bool {
        self.roles.contains(&role)
    }

    /// Whether they hold qualification `q`.
    pub fn holds(&self, q: &str) -> bool {
        self.qualifications.iter().any(|x| x == q)
    }

    /// Whether they can work on `d` (weekday and leave).
    pub fn available(&self, d: NaiveDate) -> bool {
        self.weekdays.contains(&d.weekday()) && !self.leave.iter().any(|r| r.contains(d))
    }

    /// Whether they may teach `subject` (TRN-2): an instructor who lists the subject
    /// and holds every qualification it requires.
    pub fn teaches(&self, subject: &Subject) -> bool {
        self.has(TrainingRole::Instructor)
            && self.subjects.contains(&subject.id)
            && subject.requires.iter().all(|q| self.holds(q))
    }
}

/// Lecture (学科) or practical (実技) (TRN-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubjectKind {
    /// 学科.
    Lecture,
    /// 実技.
    Practical,
}

impl SubjectKind {
    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            SubjectKind::Lecture => "lecture",
            SubjectKind::Practical => "practical",
        }
    }
}

/// A subject of a course's curriculum.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// Id (shared across courses: an instructor lists the ids they teach).
    pub id: String,
    /// Name.
    pub name: String,
    /// Hours in the curriculum (whole periods).
    pub hours: u32,
    /// Lecture or practical.
    pub kind: SubjectKind,
    /// Whether sessions of this subject may be held online (TRN-9).
    pub online: bool,
    /// Qualifications an instructor of this subject must hold (TRN-2).
    pub requires: Vec<String>,
    /// Kinds of room the subject needs (any one of them; empty: any room that fits
    /// the course), e.g. `["care"]` for care practicals (TRN-5).
    pub room_kinds: Vec<String>,
}

/// The digital workplace internship (TRN-11).
#[derive(Debug, Clone, PartialEq)]
pub struct Internship {
    /// Days at the host.
    pub days: u32,
    /// Hours a day (standard 5).
    pub hours_per_day: u32,
    /// Host company (label only).
    pub host: String,
    /// Classroom days after the internship, before completion.
    pub days_after: u32,
}

impl Internship {
    /// Total hours.
    pub fn hours(&self) -> u32 {
        self.days * self.hours_per_day
    }
}

/// A course (one cohort).
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Field (digital, care, office, ...).
    pub field: String,
    /// Trainee places.
    pub trainees: u32,
    /// Total training hours as declared (checked against the parts).
    pub total_hours: u32,
    /// Periods of a classroom day (equal lengths), in order.
    pub periods: Vec<TimeWindow>,
    /// Training weekdays.
    pub weekdays: Vec<Weekday>,
    /// Window for the start date.
    pub start_window: DateRange,
    /// Curriculum, in teaching order.
    pub subjects: Vec<Subject>,
    /// Whether trainees use PCs (one each, TRN-5; printers TRN-5).
    pub uses_pcs: bool,
    /// Planned online hours (TRN-9).
    pub online_hours: u32,
    /// Workplace practice hours (企業実習, TRN-8), in whole classroom days.
    pub workplace_hours: u32,
    /// Workplace host (label only).
    pub workplace_host: String,
    /// Workplace visits (職場見学, care courses): whole days.
    pub visit_days: u32,
    /// Digital workplace internship (TRN-11).
    pub internship: Option<Internship>,
    /// Business days strictly between application deadline and start (TRN-6).
    pub deadline_business_days: u32,
    /// Fewest trainees for the course to open (開講可能最少人数): with fewer applicants
    /// at the deadline the course may be cancelled (`[[course_cancel]]`).
    pub min_trainees: Option<u32>,
}

impl Course {
    /// Hours of one period.
    pub fn period_hours(&self) -> u32 {
        self.periods.first().map_or(0, period_hours)
    }

    /// Hours of a classroom day.
    pub fn hours_per_day(&self) -> u32 {
        self.periods.iter().map(period_hours).sum()
    }

    /// Curriculum hours (all subjects).
    pub fn subject_hours(&self) -> u32 {
        self.subjects.iter().map(|s| s.hours).sum()
    }

    /// Days in the classroom (subjects).
    pub fn classroom_days(&self) -> u32 {
        self.subject_hours() / self.hours_per_day().max(1)
    }

    /// Workplace practice days.
    pub fn workplace_days(&self) -> u32 {
        self.workplace_hours / self.hours_per_day().max(1)
    }

    /// Visit hours.
    pub fn visit_hours(&self) -> u32 {
        self.visit_days * self.hours_per_day()
    }

    /// Internship hours.
    pub fn internship_hours(&self) -> u32 {
        self.internship.as_ref().map_or(0, Internship::hours)
    }

    /// All training days.
    pub fn training_days(&self) -> u32 {
        self.classroom_days()
            + self.workplace_days()
            + self.visit_days
            + self.internship.as_ref().map_or(0, |i| i.days)
    }

    /// Hours from the parts: subjects, visits, workplace practice, internship.
    pub fn parts_hours(&self) -> u32 {
        self.subject_hours() + self.visit_hours() + self.workplace_hours + self.internship_hours()
    }
}

/// Whole hours of a period.
pub fn period_hours(p: &TimeWindow) -> u32 {
    let mins = (p.end - p.start).num_minutes().max(0);
    (mins / 60) as u32
}

/// The contract's numbers; defaults are the Gifu FY2023 values (RULES.md, bold).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRules {
    /// TRN-5: m² per trainee.
    pub area_per_trainee_m2: f64,
    /// TRN-1: trainees per lecture instructor.
    pub lecture_trainees_per_instructor: u32,
    /// TRN-1: practical trainees one instructor may have alone.
    pub practical_trainees_per_instructor: u32,
    /// TRN-5: trainees per inkjet printer.
    pub trainees_per_inkjet: u32,
    /// TRN-5: trainees per laser printer.
    pub trainees_per_laser: u32,
    /// TRN-6: fewest business days between deadline and start.
    pub deadline_min_business_days: u32,
    /// TRN-6: most business days between deadline and start.
    pub deadline_max_business_days: u32,
    /// TRN-7: interviewers.
    pub interviewers_min: u32,
    /// TRN-4: share of training days the job-support manager is on site.
    pub job_support_manager_share: f64,
    /// TRN-8: workplace practice below this share of training time.
    pub workplace_share_max: f64,
    /// TRN-9: in-person share at least this.
    pub in_person_share_min: f64,
    /// Interview start time (a selection interview is a half day at the site).
    pub interview: TimeWindow,
    /// TRN-4: the job-support manager is on site at least once in every this many
    /// classroom days of a course (a fortnight of business days).
    pub job_support_manager_every_days: u32,
    /// TRN-7: business days the application period runs up to its deadline; from its
    /// first day the interview day is announced and kept, and the recruitment
    /// schedule's `application_start` (recruitment.csv).
    pub application_business_days: u32,
}

impl TrainingRules {
    /// The first day of the application period that ends on `deadline`: the
    /// `application_business_days`-th business day counting back from it, the
    /// deadline itself the first (CAL-6 closures are not business days).
    pub fn application_start(&self, closures: &Closures, deadline: NaiveDate) -> NaiveDate {
        match self.application_business_days {
            0 | 1 => deadline,
            n => crate::calendar::business_day_before(closures, deadline, n - 2),
        }
    }

    /// Instructors needed for a session of `kind` with `trainees` (TRN-1): (qualified
    /// instructors, people in all including assistants).
    pub fn instructors_needed(&self, kind: SubjectKind, trainees: u32) -> (u32, u32) {
        match kind {
            SubjectKind::Lecture => {
                let n = trainees
                    .div_ceil(self.lecture_trainees_per_instructor.max(1))
                    .max(1);
                (n, n)
            }
            SubjectKind::Practical => {
                let n = trainees
                    .div_ceil(self.practical_trainees_per_instructor.max(1))
                    .max(1);
                (1, n)
            }
        }
    }

    /// Whether a room's printers serve `trainees` (TRN-5): inkjet 1 per 10 or laser 1
    /// per 30.
    pub fn printers_ok(&self, room: &Classroom, trainees: u32) -> bool {
        room.inkjet_printers * self.trainees_per_inkjet.max(1) >= trainees
            || room.laser_printers * self.trainees_per_laser.max(1) >= trainees
    }
}

impl Default for TrainingRules {
    fn default() -> Self {
        TrainingRules {
            area_per_trainee_m2: 1.65,
            lecture_trainees_per_instructor: 30,
            practical_trainees_per_instructor: 15,
            trainees_per_inkjet: 10,
            trainees_per_laser: 30,
            deadline_min_business_days: 13,
            deadline_max_business_days: 16,
            interviewers_min: 2,
            job_support_manager_share: 0.5,
            workplace_share_max: 0.9,
            in_person_share_min: 0.2,
            interview: TimeWindow {
                start: NaiveTime::from_hms_opt(13, 0, 0).unwrap_or(NaiveTime::MIN),
                end: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or(NaiveTime::MIN),
            },
            job_support_manager_every_days: 10,
            application_business_days: 20,
        }
    }
}

/// Objective weights of the provider's solve.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingObjective {
    /// Per extra instructor teaching one subject of one course (continuity).
    pub continuity: f64,
    /// Per hour of the busiest instructor's load (fair load).
    pub fairness: f64,
    /// Per course day outside the course's home classroom (few room changes).
    pub room_change: f64,
    /// Per unit of slack on a hard rule.
    pub violation: f64,
}

impl Default for TrainingObjective {
    fn default() -> Self {
        TrainingObjective {
            continuity: 20.0,
            fairness: 1.0,
            room_change: 5.0,
            violation: 10_000.0,
        }
    }
}

impl TrainingModel {
    /// Index of a staff id.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// Index of a course id.
    pub fn course_index(&self, id: &str) -> Option<usize> {
        self.courses.iter().position(|c| c.id == id)
    }

    /// Index of a classroom id.
    pub fn classroom_index(&self, id: &str) -> Option<usize> {
        self.classrooms.iter().position(|c| c.id == id)
    }

    /// Whether `room` can hold `course` (TRN-5): seats, PCs where used, printers.
    pub fn room_fits(&self, room: &Classroom, course: &Course) -> bool {
        room.seats(self.rules.area_per_trainee_m2) >= course.trainees
            && (!course.uses_pcs
                || (room.pcs >= course.trainees && self.rules.printers_ok(room, course.trainees)))
    }
}
