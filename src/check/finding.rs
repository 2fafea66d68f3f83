//! A checker finding as data: which finding ([`Msg`]) and its arguments ([`Arg`]).
//! `report::labels::finding_text` renders it in the reader's language, so the checker
//! writes no sentence a person reads; it stays independent of the solver all the same
//! (a finding is carried by a violation as `Cause::Found`, next to a solve's causes).

/// An argument of a finding. Ids, dates and numbers are data and read the same in every
/// language; a person, venue or municipality carries its name for the Japanese text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// The same in every language: an id, a number, a cell's text.
    Text(String),
    /// An ISO date (or a cell that should be one): Japanese adds its weekday.
    Date(String),
    /// A role id (`consultant`, `instructor`, ...): Japanese shows the role's name.
    Role(String),
    /// An event kind id (`seminar`, ...): Japanese shows the kind's name.
    Kind(String),
    /// Something with an id and a name: English shows the id, Japanese the name.
    Named {
        /// The id (English, as the files write it).
        id: String,
        /// The name (Japanese).
        name: String,
    },
    /// Several reasons: `a and b` / `a、b`.
    And(Vec<Finding>),
    /// Several reasons in a list: `a, b` / `a、b`.
    Each(Vec<Finding>),
    /// Several role ids: `a, b` / their names `a、b`.
    Roles(Vec<String>),
    /// Weekday ids (`mon`...): `mon,tue` / `月・火`.
    Weekdays(Vec<String>),
    /// Alternatives: `a or b` / `aまたはb`.
    Or(Vec<Arg>),
    /// A seminar type id (`senior`, ...): Japanese shows the type's name.
    SeminarType(String),
    /// A calendar month: `2023-07` / `2023年7月`.
    Month(i32, u32),
    /// Several ids or words: `a, b` / `a、b`.
    List(Vec<String>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

macro_rules! arg_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(x: $t) -> Arg {
                Arg::Text(x.to_string())
            }
        }
    )*};
}
arg_from_display!(
    u8,
    u16,
    u32,
    u64,
    usize,
    i32,
    i64,
    f64,
    chrono::NaiveDate,
    &u32,
    &usize,
    &f64
);

/// A finding: what kind and its arguments, in the order of its sentence's `{0}`, `{1}`...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which sentence.
    pub msg: Msg,
    /// Its arguments.
    pub args: Vec<Arg>,
    /// Found by the checker where the solver reported less (`lib::merge_findings`):
    /// the text starts `checker: `.
    pub merged: bool,
}

impl Finding {
    /// A finding of `msg` with `args`.
    pub fn new(msg: Msg, args: Vec<Arg>) -> Finding {
        Finding {
            msg,
            args,
            merged: false,
        }
    }
}

/// `fnd!(Msg::X, a, b)`: a [`Finding`] whose arguments are converted with `Arg::from`
/// (pass an [`Arg`] itself for a date, role or name).
macro_rules! fnd {
    ($msg:expr $(, $arg:expr)* $(,)?) => {
        $crate::check::finding::Finding::new($msg, vec![$($crate::check::finding::Arg::from($arg)),*])
    };
}
pub(crate) use fnd;

impl From<Finding> for Arg {
    fn from(f: Finding) -> Arg {
        Arg::And(vec![f])
    }
}

macro_rules! msgs {
    ($($(#[$doc:meta])* $m:ident),* $(,)?) => {
        /// Every sentence the checker can write (the words are in `report::labels`).
        /// Each variant's words, in both languages, are its documentation
        /// (`report::labels::finding_words`).
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Msg {
            $($(#[$doc])* $m),*
        }

        impl Msg {
            /// Every finding kind, for the tests that each has both languages.
            pub const ALL: &'static [Msg] = &[$(Msg::$m),*];
        }
    };
}

msgs! {
    // PLAN-1: the plan's rows (mod.rs).
    DupEvent,
    DupAssignment,
    UnknownEvent,
    UnknownStaff,
    AsgDateNotIso,
    AsgDateDiffers,
    UnknownRole,
    TeamUnknownMunicipality,
    TeamUnknownStaff,
    NoEventId,
    EventDateNotIso,
    StartNotTime,
    EndNotTime,
    EndsBeforeStart,
    UnknownKind,
    UnknownPlace,
    UnknownSeminarType,
    UnknownMode,
    OriginalNotIso,
    OriginalOnOther,
    UnknownVenue,
    NoRoom,
    UnknownRoom,
    RoomCapacityDiffers,
    VenueElsewhere,
    // Reasons someone may not take a role (CON-5, SEM-4, ...).
    GapRole,
    GapRegister,
    GapExperience,
    GapLecturerRole,
    GapSeminarsGiven,
    // staffing.rs: CON-3..CON-6, MODEL-AVAIL, MODEL-LIMIT, role fit.
    NotOnTeam,
    FewConsultants,
    AssignedButGaps,
    TeamMemberGaps,
    TeamTooSmall,
    RoleNotStaffed,
    LecturesButGaps,
    GapNeitherLecturerNorConsultant,
    GapReception,
    GapManager,
    GapJobDeveloper,
    GapChildcare,
    AssignedTwice,
    TwoPlaces,
    OffWeekday,
    OnLeave,
    TooManyInWeek,
    TooManyInMonth,
    TooManyInYear,
    // calendar.rs: CAL-1..CAL-5, CON-1, CON-2.
    OutsideYear,
    OnHoliday,
    InYearEnd,
    OnClosureDay,
    ConsultationHours,
    ConsultationInTown,
    NoSubstitute,
    ManySubstitutes,
    SubstituteNotFixedDay,
    PatternDayMissing,
    PatternVenue,
    TwoConsultationsADay,
    NotAPatternDay,
    SubstituteForNonPatternDay,
    SubstituteForYearEnd,
    SubstituteForClosureDay,
    SubstituteForWorkday,
    SubstituteOnSunday,
    SubstituteTooFar,
    SubstituteVenueClosed,
    SubstituteVenue,
    // seminars.rs: SEM-1..SEM-8.
    SeminarHours,
    SeminarRoomNotOwn,
    SeminarRoomNotHeld,
    SeminarNoCapacity,
    SeminarCapacity,
    RoomTooSmall,
    SeminarVenueClosed,
    SeminarWeekday,
    SeminarLecturers,
    SeminarReception,
    SeminarChildcare,
    SeminarNoQuota,
    SeminarQuota,
    SeminarSpread,
    ThemeUnknown,
    ThemesInMonth,
    ThemeKept,
    FewThemes,
    // series.rs: OUT-1, ONE-1, FAIR-1, RT-1, OFF-1, JOB-1, MODEL-ROOM.
    NoSeries,
    SeriesPerMonth,
    SeriesCount,
    SeriesHours,
    SeriesRoom,
    SeriesWeekday,
    EventRoomTooSmall,
    OutreachFewPeople,
    OutreachNoCapacity,
    OutreachInMunicipality,
    OutreachNoConsultant,
    SeriesNeed,
    TopicUnknown,
    TopicsMissing,
    OfficeWeekday,
    OfficeVenue,
    OfficeHours,
    OfficeNeed,
    OfficeDayMissing,
    OfficeTwice,
    FewJobDevelopers,
    RoomTwice,
    // publicity.rs: PR-1.
    Announced,
    AnnouncedGone,
    AnnouncedChanges,
    AnnouncedDate,
    AnnouncedHours,
    AnnouncedVenue,
    Leaflet,
    Flyer,
    DueBeforePublicity,
    ItsFlyer,
    LeafletIssue,
    EmployerFlyer,
    AgreeWithPrefecture,
    LeadTimeHard,
    // training.rs: TRN-*, CAL-6, and the training plan's PLAN-1.
    TrCourseUnknown,
    TrCourseDates,
    TrStaffUnknown,
    TrCourseMissing,
    TrSessionCourseUnknown,
    TrManagers,
    TrNoLiaison,
    TrNoJobSupportManager,
    TrJobSupportUnqualified,
    TrStartEnd,
    TrStartWindow,
    TrTrainees,
    TrTotalHours,
    TrKindHours,
    TrSubjectHours,
    TrNotBusinessDay,
    TrWorkplaceShare,
    TrInPersonShare,
    TrOnlineNotAllowed,
    TrDeadline,
    TrInterviewers,
    TrInterviewDate,
    TrContactDate,
    TrContactUnstaffed,
    TrCompletionSurvey,
    TrFollowUp1m,
    TrFollowUp3m,
    TrManagerShare,
    TrManagerGap,
    TrLiaisonAway,
    TrNoHomeroom,
    TrHomeroomTeachesNot,
    TrInternshipField,
    TrInternshipShortCourse,
    TrInternshipHours,
    TrInternshipDays,
    TrTeachingRatio,
    TrVisitUnled,
    TrNeedInstructors,
    TrNeedPeople,
    TrAssistantRole,
    TrSubjectUnknown,
    TrSubjectKind,
    TrUnqualified,
    TrInstructorRole,
    TrRoomTwice,
    TrUnavailable,
    TrOnLeave,
    TrOffWeekday,
    TrTwoPlaces,
    TrNoClassroom,
    TrUnknownClassroom,
    TrRoomFigures,
    TrSeats,
    TrRoomTooSmall,
    TrPcs,
    TrPrinters,
    TrRoomKind,
    TrRoomUnavailable,
}
