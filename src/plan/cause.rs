//! Why a rule could not hold, as data: each penalised slack the solver pays is tagged
//! with a [`Cause`] when it is declared (`milp::slack`), and `report::labels` renders
//! it in the reader's language. Nothing here is text a person reads.

/// The likely cause of one violation a solve reports (a non-zero slack).
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// A finding of the independent checker (`check`), rendered by
    /// `report::labels::finding_text`.
    Found(crate::check::finding::Finding),
    /// SEM-1, OUT-1, ONE-1, FAIR-1, RT-1: a count of events fell short, no free date
    /// with a usable room being left (venue weekdays, closures, rooms).
    NoFreeDate {
        /// What is counted.
        counted: Counted,
        /// How many the rule asks for.
        count: u32,
    },
    /// PR-1: an announced event (leaflet or flyer out) cannot keep its date.
    AnnouncedDateLost {
        /// The event's id.
        event: String,
    },
    /// CON-3, SEM-4/5, OFF-1 and the series' needs: a need of an event is not filled.
    NeedUnfilled {
        /// The event's municipality (or place) id.
        municipality: String,
        /// The event's date.
        date: String,
        /// People the need asks for.
        count: u32,
        /// The role asked for.
        role: String,
        /// Who could have filled it and what kept each away, read from the plan
        /// (`None` until the plan is decoded).
        why: Option<Unfilled>,
    },
    /// CON-4: a municipality's team is smaller than its minimum.
    TeamTooSmall {
        /// The municipality's id.
        municipality: String,
        /// The team's minimum size.
        min: u32,
        /// The consultants qualified to join it (CON-5).
        qualified: Vec<String>,
    },
    /// TRN-9: a course plans fewer online hours than its own figure.
    OnlineHoursShort {
        /// The course's id.
        course: String,
        /// The online hours the course plans.
        planned: u32,
    },
    /// TRN-5: no classroom fits the course at all.
    NoClassroomFits {
        /// The course's id.
        course: String,
        /// Its trainees.
        trainees: u32,
        /// Whether it uses PCs.
        pcs: bool,
        /// Square metres a trainee needs.
        area_per_trainee_m2: f64,
    },
    /// TRN-5: every fitting classroom is taken or unusable that day.
    ClassroomsTaken {
        /// The course's id.
        course: String,
    },
    /// TRN-5 (stage 1): courses whose rooms all lie in one set outnumber the set.
    TooFewRooms {
        /// The courses' ids.
        courses: Vec<String>,
        /// The classrooms they can use.
        rooms: Vec<String>,
    },
    /// TRN-1 (stage 1): more courses run at once than full-time instructors.
    TooFewHomerooms {
        /// Full-time instructors who can be homeroom.
        homerooms: usize,
    },
    /// TRN-1: a session has fewer instructors qualified for its subject (TRN-2) than it
    /// needs.
    FewQualifiedInstructors {
        /// The session's id.
        session: String,
        /// Qualified instructors needed.
        lead: u32,
        /// Why nobody may teach it.
        why: NoTeacher,
    },
    /// TRN-1: a session has fewer instructors and assistants than its trainees need.
    TeachingRatioShort {
        /// The session's id.
        session: String,
        /// Instructors and assistants needed.
        total: u32,
        /// The course's trainees.
        trainees: u32,
        /// The session's kind id.
        kind: String,
    },
    /// TRN-1: no full-time instructor is free to be the course's homeroom.
    NoHomeroom {
        /// The course's id.
        course: String,
    },
    /// TRN-4: the job-support manager is on site on too few of a course's days.
    ManagerOnSiteShort {
        /// The course's id.
        course: String,
        /// Days on site needed.
        need: f64,
        /// The course's training days.
        days: usize,
    },
    /// TRN-7: too few interviewers are free on the interview day.
    FewInterviewers {
        /// The course's id.
        course: String,
        /// Interviewers needed.
        min: u32,
    },
    /// TRN-7: no business day lies between the deadline and the start.
    NoInterviewDay {
        /// The course's id.
        course: String,
    },
    /// TRN-10: no job-support person is free for a contact.
    NoJobSupportFree {
        /// The contact's event id.
        contact: String,
    },
    /// TRN-3: nobody eligible (a full-time liaison) is at the site on a day the course
    /// is held there.
    NoLiaison {
        /// The course's id.
        course: String,
        /// The full-time liaisons, all away that day.
        away: Vec<String>,
    },
    /// TRN-4: the job-support manager is not on site in a fortnight of the course's
    /// classroom days.
    ManagerAbsentFortnight {
        /// The course's id.
        course: String,
        /// First classroom day of the fortnight.
        from: String,
        /// Last classroom day of the fortnight.
        to: String,
    },
    /// TRN-7: an announced interview day (the application period has opened) cannot
    /// be kept: the course's dates moved.
    AnnouncedInterviewMoved {
        /// The course's id.
        course: String,
        /// The announced day.
        date: String,
    },
    /// TRN-5: no usable classroom of the kind a subject needs.
    NoRoomOfKind {
        /// The course's id.
        course: String,
        /// The subject's id.
        subject: String,
        /// The kinds of room it needs (any one).
        kinds: Vec<String>,
    },
}

/// What a count short of its rule counts (SEM-1 and the series' rules).
#[derive(Debug, Clone, PartialEq)]
pub enum Counted {
    /// A municipality's seminars of one type (SEM-1).
    Seminars {
        /// The municipality's id.
        municipality: String,
        /// The seminar type's id.
        seminar_type: String,
    },
    /// A series' events in one month (ONE-1's twice a month).
    SeriesInMonth {
        /// The series' id.
        series: String,
        /// The month's year.
        year: i32,
        /// The month.
        month: u32,
    },
    /// A series' events in the year.
    SeriesInYear {
        /// The series' id.
        series: String,
    },
}

/// Why a need stayed unfilled (CON-3 and the other needs).
#[derive(Debug, Clone, PartialEq)]
pub enum Unfilled {
    /// Nobody on the staff qualifies for it.
    NobodyQualifies,
    /// Each candidate and what kept them away.
    Kept {
        /// Whom the candidates are.
        pool: Pool,
        /// (staff id, what kept them away), in staff order.
        away: Vec<(String, Away)>,
    },
}

/// The candidates for an unfilled need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// The municipality's team members (CON-4).
    TeamMembers,
    /// Every qualified consultant (the municipality has no team).
    QualifiedConsultants,
    /// Every qualified person.
    QualifiedStaff,
}

/// What kept one candidate from an unfilled need.
#[derive(Debug, Clone, PartialEq)]
pub enum Away {
    /// On leave that day.
    OnLeave,
    /// Does not work on that weekday (its id).
    NotOnWeekday(String),
    /// At these other events that day.
    AtEvents(Vec<String>),
    /// Lives this many km away, beyond their reach.
    BeyondReach(f64),
    /// At a workload limit.
    AtWorkloadLimit,
}

/// Why nobody may teach a session (TRN-2).
#[derive(Debug, Clone, PartialEq)]
pub enum NoTeacher {
    /// A visit (no subject): no instructor of the course is free.
    NoCourseInstructorFree,
    /// Nobody teaches the subject (with the equipment it requires).
    NobodyTeaches {
        /// The subject's id.
        subject: String,
        /// What it requires.
        requires: Vec<String>,
    },
    /// Every instructor of the subject is away.
    AllAway {
        /// The subject's id.
        subject: String,
        /// The instructors away.
        away: Vec<String>,
    },
    /// The subject's instructors teach elsewhere then.
    TeachingElsewhere {
        /// The subject's id.
        subject: String,
    },
}

/// A violation's cause and the amount short (events, people, members or days missing),
/// kept on the violation so each writer renders it in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Caused {
    /// Why the rule would not hold.
    pub cause: Cause,
    /// How much fell short.
    pub short: f64,
}

// The amount short is a whole count or a value read from the solver, never NaN.
impl Eq for Caused {}
