//! Domain types of one programme year: what the contract fixes and who can staff it.
//!
//! The input layer turns a user's file into these types after validating it, so
//! everything downstream (calendar, demand, solver, checker, reports) can trust that
//! every reference resolves and every date lies in the fiscal year. This module
//! imports nothing else of ours.

pub mod publicity;
pub mod rule;
pub mod training;

pub use publicity::{LeadTime, Publicity};
pub use rule::Rule;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

/// Which kind of programme a model describes. A vocational-training provider (TRN-*)
/// has its own domain types (`training::TrainingModel`) and shares the calendar,
/// the `Lp` wrapper, plan folders and digests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgrammeKind {
    /// An employment-support centre: consultations, seminars, events, office.
    CareerCentre,
    /// A vocational-training provider: courses, classrooms, instructors (TRN-*).
    TrainingProvider,
}

/// A validated model of either kind; commands dispatch on it once.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // built once per command, never copied around
pub enum Programme {
    /// A career centre (CON-*, SEM-*, ...).
    CareerCentre(Model),
    /// A vocational-training provider (TRN-*).
    TrainingProvider(training::TrainingModel),
}

/// A closed date range, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl DateRange {
    /// Whether `d` lies in the range.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(move |d| *d <= self.to)
    }
}

/// A time window within a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimeWindow {
    /// Start.
    pub start: NaiveTime,
    /// End (after start).
    pub end: NaiveTime,
}

impl TimeWindow {
    /// Whether two windows share any instant (touching ends do not overlap). CON-6.
    pub fn overlaps(&self, other: &TimeWindow) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The whole programme year.
#[derive(Debug, Clone)]
pub struct Model {
    /// Human-readable name.
    pub name: String,
    /// Kind of programme.
    pub kind: ProgrammeKind,
    /// Fiscal year (CAL-1): April of this year to March of the next.
    pub fiscal_year: i32,
    /// The fiscal year's days.
    pub period: DateRange,
    /// Closed days (CAL-3, CAL-4).
    pub closures: Closures,
    /// Explicit holiday substitutions (CAL-5), which win over proposed ones.
    pub substitutions: Vec<Substitution>,
    /// Consultation rules (CON-2..CON-5).
    pub consultation: ConsultationRules,
    /// Municipalities, in file order.
    pub municipalities: Vec<Municipality>,
    /// Other places (homes, outreach hosts).
    pub towns: Vec<Town>,
    /// Venues.
    pub venues: Vec<Venue>,
    /// Consultation weekday patterns (CON-1).
    pub patterns: Vec<ConsultationPattern>,
    /// Seminar rules (SEM-2..SEM-8).
    pub seminars: SeminarRules,
    /// Seminar quotas per municipality (SEM-1).
    pub seminar_quotas: Vec<SeminarQuota>,
    /// Other yearly event series (OUT-1, ONE-1, FAIR-1, RT-1).
    pub event_series: Vec<EventSeries>,
    /// Office staffing (OFF-1).
    pub office: OfficeRules,
    /// Minimum number of job developers on the staff (JOB-1).
    pub job_developers_min: u32,
    /// Everyone who can be rostered.
    pub staff: Vec<Staff>,
    /// Objective weights.
    pub objective: ObjectiveWeights,
    /// Publicity, report and childcare deadlines (PR-1, REP-1, SEM-7).
    pub publicity: Publicity,
    /// Money rates for reports (`[costs]`); never part of the objective.
    pub costs: Costs,
    /// The contract's yearly targets (KPI-1), shown beside the plan's capacity.
    pub targets: Targets,
}

/// The contract's yearly targets (KPI-1, `[targets]`): each `None` when the model does
/// not state it. Reports show them beside the plan's consultation slots and event
/// seats; the solver never reads them (users and placements are outcomes, not staff).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Targets {
    /// Users (people consulted or attending).
    pub users: Option<u32>,
    /// Users aged 60 or over.
    pub users_60_plus: Option<u32>,
    /// Users aged 65 or over.
    pub users_65_plus: Option<u32>,
    /// Employment confirmed.
    pub employed: Option<u32>,
    /// Employment confirmed, aged 60 or over.
    pub employed_60_plus: Option<u32>,
    /// Employment confirmed, aged 65 or over.
    pub employed_65_plus: Option<u32>,
    /// New companies (job openings developed).
    pub new_companies: Option<u32>,
    /// Referrals to employers.
    pub referrals: Option<u32>,
    /// Internship participants.
    pub internships: Option<u32>,
}

impl Targets {
    /// The targets' file keys, in the order of KPI-1, with their values.
    pub fn listed(&self) -> [(&'static str, Option<u32>); 9] {
        [
            ("users", self.users),
            ("users_60_plus", self.users_60_plus),
            ("users_65_plus", self.users_65_plus),
            ("employed", self.employed),
            ("employed_60_plus", self.employed_60_plus),
            ("employed_65_plus", self.employed_65_plus),
            ("new_companies", self.new_companies),
            ("referrals", self.referrals),
            ("internships", self.internships),
        ]
    }

    /// Whether the model states any target.
    pub fn any(&self) -> bool {
        self.listed().iter().any(|(_, v)| v.is_some())
    }
}

/// Closed days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closures {
    /// Year-end closure as (month, day) from and to, crossing New Year (CAL-3).
    pub year_end_from: (u32, u32),
    /// Last day of the year-end closure (month, day).
    pub year_end_to: (u32, u32),
    /// Days designated by the prefecture (CAL-4), with a note.
    pub designated: Vec<(NaiveDate, String)>,
}

impl Closures {
    /// Why `d` is closed, if it is: "year-end closure" or the designation's note.
    pub fn closed_reason(&self, d: NaiveDate) -> Option<String> {
        if self.in_year_end(d) {
            return Some("year-end closure (CAL-3)".to_string());
        }
        self.designated
            .iter()
            .find(|(day, _)| *day == d)
            .map(|(_, note)| format!("designated closure (CAL-4): {note}"))
    }

    /// Whether `d` falls in the year-end closure window (CAL-3).
    pub fn in_year_end(&self, d: NaiveDate) -> bool {
        let md = (d.month(), d.day());
        let (from, to) = (self.year_end_from, self.year_end_to);
        if from <= to {
            from <= md && md <= to
        } else {
            md >= from || md <= to
        }
    }

    /// Whether `d` is closed for any reason.
    pub fn is_closed(&self, d: NaiveDate) -> bool {
        self.in_year_end(d) || self.designated.iter().any(|(day, _)| *day == d)
    }
}

/// An explicit substitution: the consultation day of `municipality` on `original`
/// (a holiday) is held on `substitute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// Municipality index.
    pub municipality: usize,
    /// The holiday.
    pub original: NaiveDate,
    /// Where it goes.
    pub substitute: NaiveDate,
}

/// Consultation rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultationRules {
    /// Duty window, 09:45-16:15 (CON-2).
    pub window: TimeWindow,
    /// Slot starts (CON-2).
    pub slots: Vec<NaiveTime>,
    /// Consultants per consultation day (CON-3).
    pub min_consultants: u32,
    /// Whether the MHLW register entry is required (CON-5).
    pub require_register: bool,
    /// Years of practice required (CON-5).
    pub min_experience_years: f64,
    /// How far a proposed substitute may lie from its original (CAL-5).
    pub max_substitute_distance_days: u32,
}

/// A municipality where consultations are held.
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    /// Stable id, e.g. `tokorozawa`.
    pub id: String,
    /// Japanese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Minimum team size (CON-4).
    pub team_min: u32,
    /// Location (degrees).
    pub lat: f64,
    /// Location (degrees).
    pub lon: f64,
}

/// A place people live in or events are hosted in.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// Stable id.
    pub id: String,
    /// Japanese name.
    pub name: String,
    /// Location (degrees).
    pub lat: f64,
    /// Location (degrees).
    pub lon: f64,
}

/// A venue and its rooms.
#[derive(Debug, Clone, PartialEq)]
pub struct Venue {
    /// Stable id.
    pub id: String,
    /// Japanese name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Where it is: a municipality or town id (for travel).
    pub place: Place,
    /// Weekdays the venue can be used.
    pub usable: Vec<Weekday>,
    /// Rooms.
    pub rooms: Vec<Room>,
    /// Date ranges in which the venue cannot be used (renovation; set by scenarios).
    pub closed: Vec<DateRange>,
}

impl Venue {
    /// Whether the venue can be used on `d`: its weekday, and not closed.
    pub fn usable_on(&self, d: NaiveDate) -> bool {
        self.usable.contains(&d.weekday()) && !self.closed.iter().any(|r| r.contains(d))
    }

    /// Whether room `room` of the venue can be used on `d`.
    pub fn room_usable_on(&self, room: usize, d: NaiveDate) -> bool {
        self.usable_on(d)
            && self
                .rooms
                .get(room)
                .is_some_and(|r| !r.closed.iter().any(|c| c.contains(d)))
    }
}

/// A place: one of the municipalities or towns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Index into `Model::municipalities`.
    Municipality(usize),
    /// Index into `Model::towns`.
    Town(usize),
}

/// A room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// Id unique within the venue.
    pub id: String,
    /// Name.
    pub name: String,
    /// People it holds.
    pub capacity: u32,
    /// Date ranges in which the room is not used (set by scenarios).
    pub closed: Vec<DateRange>,
}

/// A weekday pattern of consultation days at one venue (CON-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationPattern {
    /// Municipality index.
    pub municipality: usize,
    /// Venue index.
    pub venue: usize,
    /// Weekdays.
    pub weekdays: Vec<Weekday>,
    /// If not empty: only these occurrences of the weekday in the month (1..=5).
    pub nth: Vec<u32>,
    /// Validity range (inclusive), within the fiscal year.
    pub valid: DateRange,
}

impl ConsultationPattern {
    /// Whether the pattern produces a consultation day on `d` (before holidays).
    pub fn matches(&self, d: NaiveDate) -> bool {
        self.valid.contains(d)
            && self.weekdays.contains(&d.weekday())
            && (self.nth.is_empty() || self.nth.contains(&((d.day() - 1) / 7 + 1)))
    }
}

/// Seminar types (SEM-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeminarType {
    /// All ages.
    AllAges,
    /// Seniors (or seniors and middle-aged).
    Senior,
    /// Women.
    Women,
    /// Health.
    Health,
}

impl SeminarType {
    /// Every type, in report order.
    pub const ALL: [SeminarType; 4] = [
        SeminarType::AllAges,
        SeminarType::Senior,
        SeminarType::Women,
        SeminarType::Health,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            SeminarType::AllAges => "all-ages",
            SeminarType::Senior => "senior",
            SeminarType::Women => "women",
            SeminarType::Health => "health",
        }
    }

    /// Parses a file id.
    pub fn parse(s: &str) -> Option<SeminarType> {
        SeminarType::ALL.into_iter().find(|t| t.id() == s)
    }

    /// Index into per-type arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Themes of one seminar type (SEM-6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeRule {
    /// Themes in rotation order.
    pub themes: Vec<String>,
    /// Whether all seminars of a month share a theme that changes month to month.
    pub rotate_monthly: bool,
}

/// Seminar rules.
#[derive(Debug, Clone, PartialEq)]
pub struct SeminarRules {
    /// 14:00-16:00 (SEM-2).
    pub window: TimeWindow,
    /// Default capacity (SEM-3).
    pub capacity: u32,
    /// Seminars a lecturer must have given (SEM-4).
    pub lecturer_min_given: u32,
    /// Reception staff per seminar (SEM-5).
    pub reception_per_seminar: u32,
    /// Themes per type, indexed by `SeminarType::index` (SEM-6).
    pub themes: [ThemeRule; 4],
    /// Weekdays seminars may be held on.
    pub weekdays: Vec<Weekday>,
}

/// One municipality's yearly seminars (SEM-1).
#[derive(Debug, Clone, PartialEq)]
pub struct SeminarQuota {
    /// Municipality index.
    pub municipality: usize,
    /// Candidate (venue index, room index) pairs.
    pub rooms: Vec<(usize, usize)>,
    /// Capacity of each seminar (SEM-3).
    pub capacity: u32,
    /// Count per type, indexed by `SeminarType::index`.
    pub counts: [u32; 4],
    /// Childcare note for women's seminars (SEM-7).
    pub childcare: Option<String>,
    /// Days before each women's seminar its childcare must be arranged (the city's
    /// nursery booked, childcare workers engaged): a deadline per seminar (SEM-7).
    pub childcare_lead_days: Option<u32>,
    /// Childcare workers (role `childcare`) rostered at each of its women's seminars,
    /// where the quota runs the nursery at the venue (SEM-7); 0 where the city's
    /// nursery is used (only its booking deadline).
    pub childcare_workers: u32,
    /// Ranges in which a listed room is not used for these seminars (set by scenarios
    /// that move a municipality's seminars from a date).
    pub room_closed: Vec<((usize, usize), DateRange)>,
    /// Per type (`SeminarType::index`), the day from which a scenario's
    /// `[[quota_change]]` changed the count (SEM-1): a re-plan keeps the baseline's
    /// seminars of that type dated before it, and adds or drops seminars only from it.
    pub count_from: [Option<NaiveDate>; 4],
}

impl SeminarQuota {
    /// Whether this quota's seminars may use `room` on `d` (the room's own and the
    /// venue's closures aside).
    pub fn room_open(&self, room: (usize, usize), d: NaiveDate) -> bool {
        !self
            .room_closed
            .iter()
            .any(|(r, range)| *r == room && range.contains(d))
    }
}

/// Kinds of other events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// Consultation day.
    Consultation,
    /// Job-support seminar.
    Seminar,
    /// Outreach seminar (OUT-1).
    Outreach,
    /// One-point seminar (ONE-1).
    OnePoint,
    /// Job fair (FAIR-1).
    JobFair,
    /// Roundtable (RT-1).
    Roundtable,
    /// Office day (OFF-1).
    Office,
}

impl EventKind {
    /// Every kind, in the order of the plan's reports.
    pub const ALL: [EventKind; 7] = [
        EventKind::Consultation,
        EventKind::Seminar,
        EventKind::Outreach,
        EventKind::OnePoint,
        EventKind::JobFair,
        EventKind::Roundtable,
        EventKind::Office,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            EventKind::Consultation => "consultation",
            EventKind::Seminar => "seminar",
            EventKind::Outreach => "outreach",
            EventKind::OnePoint => "one-point",
            EventKind::JobFair => "job-fair",
            EventKind::Roundtable => "roundtable",
            EventKind::Office => "office",
        }
    }

    /// Parses a file id.
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.id() == s)
    }

    /// The rule an event series of this kind implements.
    pub fn rule(self) -> Rule {
        match self {
            EventKind::Consultation => Rule::Con1,
            EventKind::Seminar => Rule::Sem1,
            EventKind::Outreach => Rule::Out1,
            EventKind::OnePoint => Rule::One1,
            EventKind::JobFair => Rule::Fair1,
            EventKind::Roundtable => Rule::Rt1,
            EventKind::Office => Rule::Off1,
        }
    }
}

/// Roles a staff member can hold and be assigned in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Career consultant (CON-5).
    Consultant,
    /// Seminar lecturer (SEM-4).
    Lecturer,
    /// Reception staff (SEM-5, OFF-1).
    Reception,
    /// Office manager (OFF-1).
    Manager,
    /// Sub-manager (OFF-1).
    SubManager,
    /// Job developer (JOB-1).
    JobDeveloper,
    /// Childcare worker (保育士) at a women's seminar's nursery (SEM-7).
    Childcare,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] = [
        Role::Consultant,
        Role::Lecturer,
        Role::Reception,
        Role::Manager,
        Role::SubManager,
        Role::JobDeveloper,
        Role::Childcare,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Role::Consultant => "consultant",
            Role::Lecturer => "lecturer",
            Role::Reception => "reception",
            Role::Manager => "manager",
            Role::SubManager => "sub-manager",
            Role::JobDeveloper => "job-developer",
            Role::Childcare => "childcare",
        }
    }

    /// Parses a file id.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == s)
    }
}

/// Who may fill a staffing need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualification {
    /// A qualified consultant (CON-5).
    Consultant,
    /// A qualified lecturer (SEM-4).
    Lecturer,
    /// A qualified lecturer or consultant (OUT-1).
    LecturerOrConsultant,
    /// Reception staff.
    Reception,
    /// A job developer.
    JobDeveloper,
}

impl Qualification {
    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Qualification::Consultant => "consultant",
            Qualification::Lecturer => "lecturer",
            Qualification::LecturerOrConsultant => "lecturer-or-consultant",
            Qualification::Reception => "reception",
            Qualification::JobDeveloper => "job-developer",
        }
    }

    /// Parses a file id.
    pub fn parse(s: &str) -> Option<Qualification> {
        [
            Qualification::Consultant,
            Qualification::Lecturer,
            Qualification::LecturerOrConsultant,
            Qualification::Reception,
            Qualification::JobDeveloper,
        ]
        .into_iter()
        .find(|q| q.id() == s)
    }
}

/// A staffing need of an event: `count` people qualified as `who`, assigned as `role`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// Who qualifies.
    pub who: Qualification,
    /// How many.
    pub count: u32,
}

/// A yearly series of events other than consultations and job-support seminars.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSeries {
    /// Stable id, e.g. `outreach`.
    pub id: String,
    /// Kind.
    pub kind: EventKind,
    /// Minimum events per year.
    pub count: u32,
    /// If set: events per month (ONE-1 "twice a month"); `count` is then the year's sum.
    pub per_month: Option<u32>,
    /// Time window.
    pub window: TimeWindow,
    /// Candidate (venue index, room index) pairs.
    pub rooms: Vec<(usize, usize)>,
    /// Weekdays it may be held on.
    pub weekdays: Vec<Weekday>,
    /// Participants expected.
    pub participants: u32,
    /// Staffing needs.
    pub needs: Vec<Need>,
    /// Topics to rotate (each must occur at least once).
    pub topics: Vec<String>,
    /// Online share: every `online_every`-th event is online (ONE-1), 0 = never.
    pub online_every: u32,
    /// Participants of an online event.
    pub online_participants: u32,
    /// The day from which a scenario's `[[series_change]]` changed the count: a
    /// re-plan keeps the baseline's events dated before it, and adds or drops events
    /// only from it.
    pub count_from: Option<NaiveDate>,
    /// Months (year, month) whose count a `[[series_change]]` set, for a series with
    /// `per_month` (ONE-1); other months keep `per_month`.
    pub month_counts: std::collections::BTreeMap<(i32, u32), u32>,
}

impl EventSeries {
    /// Events required in month (`year`, `month`) of a series counted per month
    /// (ONE-1): a `[[series_change]]`'s count for that month, else `per_month`; `None`
    /// for a series counted per year.
    pub fn per_month_in(&self, year: i32, month: u32) -> Option<u32> {
        let pm = self.per_month?;
        Some(self.month_counts.get(&(year, month)).copied().unwrap_or(pm))
    }
}

/// Office staffing (OFF-1).
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeRules {
    /// Venue index.
    pub venue: usize,
    /// Weekdays open.
    pub weekdays: Vec<Weekday>,
    /// Hours.
    pub window: TimeWindow,
    /// Managers on duty.
    pub managers: u32,
    /// Sub-managers on duty (qualified as CON-5).
    pub sub_managers: u32,
    /// Reception staff on duty.
    pub reception: u32,
}

/// A staff member.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    /// Stable id, e.g. `c03`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// On the MHLW career-consultant register (CON-5).
    pub registered: bool,
    /// Years of practice (CON-5).
    pub experience_years: f64,
    /// Job-support seminars given so far (SEM-4).
    pub seminars_given: u32,
    /// Where they live.
    pub home: Place,
    /// Weekdays they can work.
    pub weekdays: Vec<Weekday>,
    /// Leave ranges.
    pub leave: Vec<DateRange>,
    /// Contracted days per week (fair workload target).
    pub contract_days_per_week: f64,
    /// Limits.
    pub max_days_per_week: u32,
    /// Limits.
    pub max_days_per_month: u32,
    /// Limits.
    pub max_days_per_year: u32,
    /// Municipalities they prefer to work in.
    pub prefers: Vec<usize>,
    /// Farthest one-way distance from home they are sent, km; `None` takes
    /// [`Model::default_max_travel_km`].
    pub max_travel_km: Option<f64>,
    /// Share of their contracted days this person is promised (a staff key, docs/
    /// model.md): a floor of their own where it lies above the role's.
    pub contract_floor: Option<f64>,
    /// Terms that hold instead of the ones above for a date range (a scenario's
    /// `[[staff_change]]`), in the order applied: a later entry wins. Empty in a model
    /// file; read a person's terms on a day through [`Staff::on`].
    pub terms: Vec<StaffTerms>,
}

/// Terms of a person that hold from `range.from` to `range.to` in place of their own
/// (a scenario's `[[staff_change]]`); `None` keeps the term in force.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffTerms {
    /// The days the terms hold.
    pub range: DateRange,
    /// Weekdays they can work (MODEL-AVAIL).
    pub weekdays: Option<Vec<Weekday>>,
    /// Roles (who they may staff: CON-5, SEM-4, SEM-5, OFF-1, JOB-1).
    pub roles: Option<Vec<Role>>,
    /// Contracted days per week (the fairness target).
    pub contract_days_per_week: Option<f64>,
    /// Days per ISO week (MODEL-LIMIT).
    pub max_days_per_week: Option<u32>,
    /// Days per calendar month (MODEL-LIMIT).
    pub max_days_per_month: Option<u32>,
    /// Municipalities they prefer.
    pub prefers: Option<Vec<usize>>,
}

/// The default reach in multiples of the municipalities' spacing (see
/// [`Model::default_max_travel_km`]).
pub const REACH_SPACINGS: f64 = 4.0;

impl Staff {
    /// Whether the staff member holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether they are on leave on `d`.
    pub fn on_leave(&self, d: NaiveDate) -> bool {
        self.leave.iter().any(|r| r.contains(d))
    }

    /// Whether they can work on `d` at all (weekday and leave, with the terms in force
    /// that day).
    pub fn available(&self, d: NaiveDate) -> bool {
        self.weekdays_on(d).contains(&d.weekday()) && !self.on_leave(d)
    }

    /// The person with the terms in force on `d` (their own unless a
    /// [`StaffTerms`] range holds `d`); borrowed when nothing changes that day.
    pub fn on(&self, d: NaiveDate) -> std::borrow::Cow<'_, Staff> {
        use std::borrow::Cow;
        if !self.terms.iter().any(|t| t.range.contains(d)) {
            return Cow::Borrowed(self);
        }
        let mut s = self.clone();
        s.terms.clear();
        for t in self.terms.iter().filter(|t| t.range.contains(d)) {
            if let Some(w) = &t.weekdays {
                s.weekdays = w.clone();
            }
            if let Some(r) = &t.roles {
                s.roles = r.clone();
            }
            if let Some(c) = t.contract_days_per_week {
                s.contract_days_per_week = c;
            }
            if let Some(x) = t.max_days_per_week {
                s.max_days_per_week = x;
            }
            if let Some(x) = t.max_days_per_month {
                s.max_days_per_month = x;
            }
            if let Some(p) = &t.prefers {
                s.prefers = p.clone();
            }
        }
        Cow::Owned(s)
    }

    /// The weekdays they work on `d`'s terms (MODEL-AVAIL).
    pub fn weekdays_on(&self, d: NaiveDate) -> &[Weekday] {
        self.terms
            .iter()
            .rev()
            .filter(|t| t.range.contains(d))
            .find_map(|t| t.weekdays.as_deref())
            .unwrap_or(&self.weekdays)
    }

    /// The municipalities they prefer on `d`'s terms.
    pub fn prefers_on(&self, d: NaiveDate) -> &[usize] {
        self.terms
            .iter()
            .rev()
            .filter(|t| t.range.contains(d))
            .find_map(|t| t.prefers.as_deref())
            .unwrap_or(&self.prefers)
    }

    /// The share of a contracted week one open day of theirs is worth on `d`: the
    /// contract's days per week over the weekdays they work (the fairness target adds
    /// this up over the days they are available).
    pub fn contract_share_on(&self, d: NaiveDate) -> f64 {
        let s = self.on(d);
        s.contract_days_per_week / s.weekdays.len().max(1) as f64
    }

    /// The most days they may work in `d`'s ISO week (MODEL-LIMIT): a week a
    /// `[[staff_change]]` cuts is held to the smaller of the limits in force in it.
    pub fn max_days_in_week_of(&self, d: NaiveDate) -> u32 {
        let w = d.iso_week();
        let monday = NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).unwrap_or(d);
        self.smallest_limit(monday.iter_days().take(7), |s| s.max_days_per_week)
    }

    /// The most days they may work in `d`'s calendar month (MODEL-LIMIT): a month a
    /// `[[staff_change]]` cuts is held to the smaller of the limits in force in it.
    pub fn max_days_in_month_of(&self, d: NaiveDate) -> u32 {
        let first = d.with_day(1).unwrap_or(d);
        self.smallest_limit(
            first.iter_days().take_while(|x| x.month() == first.month()),
            |s| s.max_days_per_month,
        )
    }

    fn smallest_limit(
        &self,
        days: impl Iterator<Item = NaiveDate>,
        limit: impl Fn(&Staff) -> u32,
    ) -> u32 {
        if self.terms.is_empty() {
            return limit(self);
        }
        days.map(|d| limit(&self.on(d)))
            .min()
            .unwrap_or(limit(self))
    }

    /// The person under each set of terms they hold during the year: their own, then
    /// each dated change's (what they may ever be placed on).
    pub fn every_terms(&self) -> Vec<std::borrow::Cow<'_, Staff>> {
        let mut out = vec![std::borrow::Cow::Borrowed(self)];
        for t in &self.terms {
            out.push(self.on(t.range.from));
        }
        out
    }
}

/// Objective weights.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveWeights {
    /// Per km of travel from home to venue and back, per day.
    pub travel_per_km: f64,
    /// Per team membership (continuity: small, stable teams).
    pub team_member: f64,
    /// Per day a person's days worked lie outside `fair_band` of their fair share (the
    /// role's days per contracted day × their contracted days).
    pub fairness: f64,
    /// Per day worked in a municipality the person did not list as preferred.
    pub preference: f64,
    /// Per unit of slack on a hard rule (makes infeasible models still return a plan).
    pub violation: f64,
    /// Contracts honoured (docs/model.md, `[objective]`): see [`ContractWeights`].
    pub contract: ContractWeights,
}

/// How far a person's days may fall short of their contract, and how evenly a role's
/// work is shared (the fairness and contract terms of the objective; docs/model.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ContractWeights {
    /// Share of contracted days everyone should work (0.8): a person's floor is this
    /// share of their contracted days, or the lower edge of the fair band where the
    /// role's work is short of it.
    pub floor: f64,
    /// Per day below the floor.
    pub shortfall: f64,
    /// Per day below a quarter of the floor, on top of `shortfall` (a new hire or someone left
    /// with almost nothing: above a re-plan's change cost, so a re-plan moves work).
    pub far_short: f64,
    /// Half-width of the free band around the fair share, as a share of it (0.1).
    pub band: f64,
}

impl Default for ContractWeights {
    fn default() -> Self {
        ContractWeights {
            floor: 0.8,
            shortfall: 30.0,
            far_short: 3_000.0,
            band: 0.05,
        }
    }
}

/// Money rates a model may give (`[costs]`). Reports show yen only from these: the
/// objective's weights are points, never money.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Costs {
    /// Yen paid per km travelled (home to the event's place and back); `None`: not
    /// configured, so reports show km and say yen is not configured.
    pub travel_yen_per_km: Option<f64>,
}

impl Model {
    /// Index of a municipality id.
    pub fn municipality_index(&self, id: &str) -> Option<usize> {
        self.municipalities.iter().position(|m| m.id == id)
    }

    /// Index of a staff id.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// Index of a venue id.
    pub fn venue_index(&self, id: &str) -> Option<usize> {
        self.venues.iter().position(|v| v.id == id)
    }

    /// Coordinates of a place.
    pub fn coords(&self, p: Place) -> (f64, f64) {
        match p {
            Place::Municipality(i) => (self.municipalities[i].lat, self.municipalities[i].lon),
            Place::Town(i) => (self.towns[i].lat, self.towns[i].lon),
        }
    }

    /// Id of a place.
    pub fn place_id(&self, p: Place) -> &str {
        match p {
            Place::Municipality(i) => &self.municipalities[i].id,
            Place::Town(i) => &self.towns[i].id,
        }
    }

    /// The default reach of a person, km one way: `REACH_SPACINGS` times the spacing of
    /// the programme's municipalities (the largest distance from a municipality to its
    /// nearest other one); unlimited with fewer than two municipalities. On the shipped
    /// model this is 4 × 28.8 km = 115 km, more than any home-to-venue distance in
    /// Saitama, so it only cuts trips between separate regions.
    pub fn default_max_travel_km(&self) -> f64 {
        let n = self.municipalities.len();
        let mut spacing: f64 = 0.0;
        for a in 0..n {
            let nearest = (0..n)
                .filter(|&b| b != a)
                .map(|b| self.distance_km(Place::Municipality(a), Place::Municipality(b)))
                .fold(f64::INFINITY, f64::min);
            if nearest.is_finite() {
                spacing = spacing.max(nearest);
            }
        }
        if n < 2 {
            f64::INFINITY
        } else {
            REACH_SPACINGS * spacing
        }
    }

    /// Straight-line distance in km between two places (haversine).
    pub fn distance_km(&self, a: Place, b: Place) -> f64 {
        let (lat1, lon1) = self.coords(a);
        let (lat2, lon2) = self.coords(b);
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dp = p2 - p1;
        let dl = (lon2 - lon1).to_radians();
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * 6371.0 * h.sqrt().asin()
    }

    /// Whether a staff member is a qualified consultant (CON-5).
    pub fn qualified_consultant(&self, s: &Staff) -> bool {
        (s.has(Role::Consultant) || s.has(Role::SubManager))
            && (s.registered || !self.consultation.require_register)
            && s.experience_years >= self.consultation.min_experience_years
    }

    /// Whether a person meets CON-5 whatever their role: on the register (where the
    /// model requires it) and with enough years of practice. OUT-1: a lecturer who
    /// meets it takes an outreach seminar's consultation slots themselves.
    pub fn meets_con5(&self, s: &Staff) -> bool {
        (s.registered || !self.consultation.require_register)
            && s.experience_years >= self.consultation.min_experience_years
    }

    /// Whether a staff member may lecture (SEM-4).
    pub fn qualified_lecturer(&self, s: &Staff) -> bool {
        s.has(Role::Lecturer) && s.seminars_given >= self.seminars.lecturer_min_given
    }

    /// Whether `s` qualifies for a need.
    pub fn qualifies(&self, s: &Staff, q: Qualification) -> bool {
        match q {
            Qualification::Consultant => s.has(Role::Consultant) && self.qualified_consultant(s),
            Qualification::Lecturer => self.qualified_lecturer(s),
            Qualification::LecturerOrConsultant => {
                self.qualified_lecturer(s)
                    || (s.has(Role::Consultant) && self.qualified_consultant(s))
            }
            Qualification::Reception => s.has(Role::Reception),
            Qualification::JobDeveloper => s.has(Role::JobDeveloper),
        }
    }
}

/// Parses `mon`..`sun`.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// The file id of a weekday.
pub fn weekday_id(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// The fiscal year (CAL-1) containing `d`.
pub fn fiscal_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}
