//! A tiny hand-built model (two municipalities, twelve days of May 2023 with Golden
//! Week in them) and a valid plan for it; each test tampers with the plan and expects
//! the checker to name the broken rule.

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::check;
use crate::model::*;
use crate::plan::{Assignment, Event, ObjectiveTerms, Plan, SolveStatus, TeamMember, Violation};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn w(a: &str, b: &str) -> TimeWindow {
    TimeWindow {
        start: t(a),
        end: t(b),
    }
}

const MON_FRI: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];
const MON_SAT: [Weekday; 6] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
];

fn municipality(id: &str, team_min: u32) -> Municipality {
    Municipality {
        id: id.into(),
        name: id.into(),
        name_en: id.into(),
        team_min,
        lat: 35.9,
        lon: 139.5,
    }
}

fn venue(id: &str, place: Place, usable: &[Weekday], rooms: &[(&str, u32)]) -> Venue {
    Venue {
        id: id.into(),
        name: id.into(),
        address: String::new(),
        place,
        usable: usable.to_vec(),
        rooms: rooms
            .iter()
            .map(|&(id, capacity)| Room {
                id: id.into(),
                name: id.into(),
                capacity,
                closed: Vec::new(),
            })
            .collect(),
        closed: Vec::new(),
    }
}

/// A staff member available Monday to Saturday with generous limits; tests adjust fields.
fn person(id: &str, roles: &[Role]) -> Staff {
    Staff {
        id: id.into(),
        name: id.into(),
        roles: roles.to_vec(),
        registered: false,
        experience_years: 0.0,
        seminars_given: 0,
        home: Place::Municipality(0),
        weekdays: MON_SAT.to_vec(),
        leave: Vec::new(),
        contract_days_per_week: 3.0,
        max_days_per_week: 5,
        max_days_per_month: 20,
        max_days_per_year: 200,
        prefers: Vec::new(),
        max_travel_km: None,
        contract_floor: None,
        terms: Vec::new(),
    }
}

fn theme_rule(themes: &[&str], rotate_monthly: bool) -> ThemeRule {
    ThemeRule {
        themes: themes.iter().map(|s| s.to_string()).collect(),
        rotate_monthly,
    }
}

/// Municipalities alpha (consultations Mon and Wed, one all-ages seminar a year, team
/// of 2) and beta (Tue, team of 1); an outreach series in the town gamma; the office
/// open on Fridays. 2023-05-03..05 are holidays; 05-10 is a designated closure.
fn tiny_model() -> Model {
    let period = DateRange {
        from: d("2023-05-01"),
        to: d("2023-05-12"),
    };
    let alpha = Place::Municipality(0);
    let mut c1 = person("c1", &[Role::Consultant, Role::Lecturer]);
    c1.registered = true;
    c1.experience_years = 3.0;
    c1.seminars_given = 4;
    let mut c2 = person("c2", &[Role::Consultant]);
    c2.registered = true;
    c2.experience_years = 2.0;
    c2.leave = vec![DateRange {
        from: d("2023-05-11"),
        to: d("2023-05-12"),
    }];
    let mut l1 = person("l1", &[Role::Lecturer]);
    l1.seminars_given = 5;
    // l1 meets CON-5, so the outreach seminar's consultation slots need no
    // consultant beside them (OUT-1).
    l1.registered = true;
    l1.experience_years = 2.0;
    l1.weekdays = MON_FRI.to_vec();
    let mut r1 = person("r1", &[Role::Reception]);
    r1.weekdays = MON_FRI.to_vec();
    let m1 = person("m1", &[Role::Manager]);
    let mut s1 = person("s1", &[Role::SubManager]);
    s1.registered = true;
    s1.experience_years = 5.0;
    let j1 = person("j1", &[Role::JobDeveloper]);
    let mut u1 = person("u1", &[Role::Consultant]);
    u1.experience_years = 0.5;
    let mut u2 = person("u2", &[Role::Lecturer]);
    u2.seminars_given = 1;
    Model {
        name: "tiny".into(),
        kind: ProgrammeKind::CareerCentre,
        fiscal_year: 2023,
        period,
        closures: Closures {
            year_end_from: (12, 29),
            year_end_to: (1, 3),
            designated: vec![(d("2023-05-10"), "venue maintenance".into())],
        },
        substitutions: vec![Substitution {
            municipality: 0,
            original: d("2023-05-03"),
            substitute: d("2023-05-06"),
        }],
        consultation: ConsultationRules {
            window: w("09:45", "16:15"),
            slots: ["10:00", "11:00", "13:00", "14:00", "15:00"]
                .map(t)
                .to_vec(),
            min_consultants: 1,
            require_register: true,
            min_experience_years: 1.0,
            max_substitute_distance_days: 7,
        },
        municipalities: vec![municipality("alpha", 2), municipality("beta", 1)],
        towns: vec![Town {
            id: "gamma".into(),
            name: "gamma".into(),
            lat: 36.0,
            lon: 139.4,
        }],
        venues: vec![
            venue("alpha-hall", alpha, &MON_SAT, &[("consultation", 4)]),
            venue(
                "beta-hall",
                Place::Municipality(1),
                &MON_SAT,
                &[("consultation", 4)],
            ),
            venue("city-hall", alpha, &MON_FRI, &[("hall-a", 40)]),
            venue("gamma-hall", Place::Town(0), &MON_FRI, &[("main", 60)]),
            venue("office", alpha, &MON_FRI, &[("office", 10)]),
        ],
        patterns: vec![
            ConsultationPattern {
                municipality: 0,
                venue: 0,
                weekdays: vec![Weekday::Mon, Weekday::Wed],
                nth: Vec::new(),
                valid: period,
            },
            ConsultationPattern {
                municipality: 1,
                venue: 1,
                weekdays: vec![Weekday::Tue],
                nth: Vec::new(),
                valid: period,
            },
        ],
        seminars: SeminarRules {
            window: w("14:00", "16:00"),
            capacity: 30,
            lecturer_min_given: 3,
            reception_per_seminar: 1,
            themes: [
                theme_rule(&["job-search", "interview"], false),
                theme_rule(&["second-career", "pension", "interview"], true),
                theme_rule(&["return-to-work", "balance"], true),
                theme_rule(&["health"], false),
            ],
            weekdays: MON_FRI.to_vec(),
        },
        seminar_quotas: vec![SeminarQuota {
            municipality: 0,
            rooms: vec![(2, 0)],
            capacity: 30,
            counts: [1, 0, 0, 0],
            childcare: None,
            childcare_lead_days: None,
            childcare_workers: 0,
            room_closed: Vec::new(),
            count_from: [None; 4],
        }],
        event_series: vec![EventSeries {
            id: "outreach".into(),
            kind: EventKind::Outreach,
            count: 1,
            per_month: None,
            window: w("13:00", "16:00"),
            rooms: vec![(3, 0)],
            weekdays: MON_FRI.to_vec(),
            participants: 50,
            needs: vec![
                Need {
                    who: Qualification::LecturerOrConsultant,
                    count: 1,
                },
                Need {
                    who: Qualification::Reception,
                    count: 1,
                },
            ],
            topics: Vec::new(),
            online_every: 0,
            online_participants: 0,
            count_from: None,
            month_counts: Default::default(),
        }],
        office: OfficeRules {
            venue: 4,
            weekdays: vec![Weekday::Fri],
            window: w("09:00", "17:00"),
            managers: 1,
            sub_managers: 1,
            reception: 1,
        },
        job_developers_min: 1,
        staff: vec![c1, c2, l1, r1, m1, s1, j1, u1, u2],
        objective: ObjectiveWeights {
            travel_per_km: 1.0,
            team_member: 100.0,
            fairness: 10.0,
            preference: 5.0,
            violation: 100_000.0,
            contract: Default::default(),
        },
        publicity: crate::model::Publicity::defaults(period),
        costs: Default::default(),
        targets: Default::default(),
    }
}

/// A builder for event rows: the fields every kind has, then optional ones.
struct EventRow(Event);

impl EventRow {
    fn new(
        id: &str,
        date: &str,
        window: (&str, &str),
        kind: &str,
        place: &str,
        venue: &str,
        room: &str,
    ) -> EventRow {
        EventRow(Event {
            event_id: id.into(),
            date: date.into(),
            start: window.0.into(),
            end: window.1.into(),
            kind: kind.into(),
            municipality: place.into(),
            venue: venue.into(),
            room: room.into(),
            room_capacity: None,
            capacity: None,
            seminar_type: String::new(),
            theme: String::new(),
            mode: String::new(),
            original_date: String::new(),
        })
    }

    fn seats(mut self, room_capacity: u32, capacity: u32) -> EventRow {
        self.0.room_capacity = Some(room_capacity);
        self.0.capacity = Some(capacity);
        self
    }
}

fn consultation(municipality: &str, venue: &str, date: &str) -> Event {
    let id = format!("con-{municipality}-{}", date.replace('-', ""));
    EventRow::new(
        &id,
        date,
        ("09:45", "16:15"),
        "consultation",
        municipality,
        venue,
        "consultation",
    )
    .seats(4, 5)
    .0
}

fn assign(event_id: &str, date: &str, staff_id: &str, role: &str) -> Assignment {
    Assignment {
        event_id: event_id.into(),
        date: date.into(),
        staff_id: staff_id.into(),
        role: role.into(),
    }
}

/// The valid plan for `tiny_model`.
fn clean_plan() -> Plan {
    let mut substitute = consultation("alpha", "alpha-hall", "2023-05-06");
    substitute.original_date = "2023-05-03".into();
    let mut seminar = EventRow::new(
        "sem-alpha-20230509",
        "2023-05-09",
        ("14:00", "16:00"),
        "seminar",
        "alpha",
        "city-hall",
        "hall-a",
    )
    .seats(40, 30)
    .0;
    seminar.seminar_type = "all-ages".into();
    seminar.theme = "job-search".into();
    let outreach = EventRow::new(
        "outreach-20230511",
        "2023-05-11",
        ("13:00", "16:00"),
        "outreach",
        "gamma",
        "gamma-hall",
        "main",
    )
    .seats(60, 50)
    .0;
    let office = EventRow::new(
        "office-20230512",
        "2023-05-12",
        ("09:00", "17:00"),
        "office",
        "alpha",
        "office",
        "office",
    )
    .0;
    let events = vec![
        consultation("alpha", "alpha-hall", "2023-05-01"),
        consultation("beta", "beta-hall", "2023-05-02"),
        substitute,
        consultation("alpha", "alpha-hall", "2023-05-08"),
        consultation("beta", "beta-hall", "2023-05-09"),
        seminar,
        outreach,
        office,
    ];
    let assignments = vec![
        assign("con-alpha-20230501", "2023-05-01", "c1", "consultant"),
        assign("con-beta-20230502", "2023-05-02", "c1", "consultant"),
        assign("con-alpha-20230506", "2023-05-06", "c2", "consultant"),
        assign("con-alpha-20230508", "2023-05-08", "c2", "consultant"),
        assign("con-beta-20230509", "2023-05-09", "c1", "consultant"),
        assign("sem-alpha-20230509", "2023-05-09", "l1", "lecturer"),
        assign("sem-alpha-20230509", "2023-05-09", "r1", "reception"),
        assign("outreach-20230511", "2023-05-11", "l1", "lecturer"),
        assign("outreach-20230511", "2023-05-11", "r1", "reception"),
        assign("office-20230512", "2023-05-12", "m1", "manager"),
        assign("office-20230512", "2023-05-12", "s1", "sub-manager"),
        assign("office-20230512", "2023-05-12", "r1", "reception"),
    ];
    let team = |m: &str, s: &str| TeamMember {
        municipality: m.into(),
        staff_id: s.into(),
    };
    Plan {
        model: "tiny".into(),
        model_digest: String::new(),
        status: SolveStatus::Loaded,
        gap: None,
        solve: Default::default(),
        seconds: 0.0,
        objective: ObjectiveTerms::default(),
        events,
        assignments,
        teams: vec![team("alpha", "c1"), team("alpha", "c2"), team("beta", "c1")],
        substitutions: Vec::new(),
        violations: Vec::new(),
    }
}

/// Checks the tampered plan against `tiny_model` and asserts that the findings are
/// exactly `expected` (rule, date, event, person), not merely that they include a rule.
fn broken(plan: &Plan, expected: &[Key]) -> Vec<Violation> {
    exact(&tiny_model(), plan, expected)
}

fn assignment_mut<'a>(plan: &'a mut Plan, event_id: &str, staff_id: &str) -> &'a mut Assignment {
    plan.assignments
        .iter_mut()
        .find(|a| a.event_id == event_id && a.staff_id == staff_id)
        .unwrap()
}

#[test]
fn clean_plan_passes() {
    let v = check(&tiny_model(), &clean_plan());
    assert!(v.is_empty(), "{v:#?}");
}

#[test]
fn consultation_day_without_consultant_is_con3() {
    let mut plan = clean_plan();
    plan.assignments
        .retain(|a| a.event_id != "con-beta-20230502");
    let v = broken(
        &plan,
        &[key(Rule::Con3, "2023-05-02", "con-beta-20230502", "")],
    );
    assert_eq!(v[0].event_id, "con-beta-20230502");
    assert_eq!(v[0].date, "2023-05-02");
}

#[test]
fn person_in_two_places_is_con6() {
    // c1 consults in beta all day on 05-09 and is also put at alpha's seminar.
    let mut plan = clean_plan();
    assignment_mut(&mut plan, "sem-alpha-20230509", "l1").staff_id = "c1".into();
    let v = broken(
        &plan,
        &[key(Rule::Con6, "2023-05-09", "sem-alpha-20230509", "c1")],
    );
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].staff_id, "c1");
    assert!(
        v[0].message.contains("con-beta-20230509") && v[0].message.contains("sem-alpha-20230509")
    );
}

#[test]
fn seminar_on_holiday_is_cal2() {
    let mut plan = clean_plan();
    for e in plan
        .events
        .iter_mut()
        .filter(|e| e.event_id == "sem-alpha-20230509")
    {
        e.date = "2023-05-04".into();
    }
    for a in plan
        .assignments
        .iter_mut()
        .filter(|a| a.event_id == "sem-alpha-20230509")
    {
        a.date = "2023-05-04".into();
    }
    let v = broken(
        &plan,
        &[key(Rule::Cal2, "2023-05-04", "sem-alpha-20230509", "")],
    );
    assert_eq!(v[0].event_id, "sem-alpha-20230509");
    assert!(v[0].message.contains("みどりの日"), "{}", v[0].message);
}

#[test]
fn team_below_minimum_is_con4() {
    let mut plan = clean_plan();
    plan.teams
        .retain(|t| !(t.municipality == "alpha" && t.staff_id == "c2"));
    let v = broken(
        &plan,
        &[
            key(Rule::Con4, "", "", ""),
            key(Rule::Con4, "2023-05-06", "con-alpha-20230506", "c2"),
            key(Rule::Con4, "2023-05-08", "con-alpha-20230508", "c2"),
        ],
    );
    assert!(v
        .iter()
        .any(|x| x.staff_id.is_empty() && x.message.starts_with("alpha: team has 1")));
    // c2 still consults in alpha, so its assignments are off-team too.
    assert!(v
        .iter()
        .any(|x| x.staff_id == "c2" && x.event_id == "con-alpha-20230508"));
}

#[test]
fn unqualified_lecturer_is_sem4() {
    let mut plan = clean_plan();
    assignment_mut(&mut plan, "sem-alpha-20230509", "l1").staff_id = "u2".into();
    let v = broken(
        &plan,
        &[key(Rule::Sem4, "2023-05-09", "sem-alpha-20230509", "u2")],
    );
    assert_eq!(
        (v[0].event_id.as_str(), v[0].staff_id.as_str()),
        ("sem-alpha-20230509", "u2")
    );
    assert!(v[0].message.contains("has given 1 seminars"));
}

#[test]
fn unqualified_consultant_is_con5() {
    let mut plan = clean_plan();
    assignment_mut(&mut plan, "con-alpha-20230508", "c2").staff_id = "u1".into();
    plan.teams.push(TeamMember {
        municipality: "alpha".into(),
        staff_id: "u1".into(),
    });
    let v = broken(
        &plan,
        &[
            key(Rule::Con5, "", "", "u1"),
            key(Rule::Con5, "2023-05-08", "con-alpha-20230508", "u1"),
        ],
    );
    let at_event = v
        .iter()
        .find(|x| x.event_id == "con-alpha-20230508")
        .unwrap();
    assert_eq!(at_event.staff_id, "u1");
    assert!(at_event.message.contains("register") && at_event.message.contains("0.5 years"));
}

#[test]
fn assignment_on_leave_is_model_avail() {
    // c2 is a qualified consultant, so only the leave is wrong.
    let mut plan = clean_plan();
    assignment_mut(&mut plan, "outreach-20230511", "l1").staff_id = "c2".into();
    let v = broken(
        &plan,
        &[key(
            Rule::ModelAvail,
            "2023-05-11",
            "outreach-20230511",
            "c2",
        )],
    );
    assert_eq!(
        (v[0].event_id.as_str(), v[0].staff_id.as_str()),
        ("outreach-20230511", "c2")
    );
}

#[test]
fn malformed_date_is_plan1() {
    let mut plan = clean_plan();
    for e in plan
        .events
        .iter_mut()
        .filter(|e| e.event_id == "con-beta-20230509")
    {
        e.date = "2023-05-32".into();
    }
    // The beta day of 05-09 is then missing too.
    let v = broken(
        &plan,
        &[
            key(Rule::Con1, "2023-05-09", "", ""),
            key(Rule::Plan1, "2023-05-09", "con-beta-20230509", "c1"),
            key(Rule::Plan1, "2023-05-32", "con-beta-20230509", ""),
        ],
    );
    assert!(v.iter().any(|x| x.rule == Rule::Plan1
        && x.event_id == "con-beta-20230509"
        && x.message.contains("2023-05-32")));
}

#[test]
fn substitute_must_follow_explicit_substitution() {
    let mut plan = clean_plan();
    for e in plan
        .events
        .iter_mut()
        .filter(|e| e.event_id == "con-alpha-20230506")
    {
        e.date = "2023-05-02".into();
    }
    for a in plan
        .assignments
        .iter_mut()
        .filter(|a| a.event_id == "con-alpha-20230506")
    {
        a.date = "2023-05-02".into();
    }
    let v = broken(
        &plan,
        &[key(Rule::Cal5, "2023-05-02", "con-alpha-20230506", "")],
    );
    assert!(v[0].message.contains("2023-05-06"));
}

#[test]
fn holiday_without_substitute_is_cal5() {
    let mut plan = clean_plan();
    plan.events.retain(|e| e.event_id != "con-alpha-20230506");
    plan.assignments
        .retain(|a| a.event_id != "con-alpha-20230506");
    let v = broken(&plan, &[key(Rule::Cal5, "2023-05-03", "", "")]);
    assert_eq!(v[0].date, "2023-05-03");
}

#[test]
fn consultation_on_closed_day_is_cal4() {
    let mut plan = clean_plan();
    plan.events
        .push(consultation("alpha", "alpha-hall", "2023-05-10"));
    plan.assignments.push(assign(
        "con-alpha-20230510",
        "2023-05-10",
        "c2",
        "consultant",
    ));
    broken(
        &plan,
        &[key(Rule::Cal4, "2023-05-10", "con-alpha-20230510", "")],
    );
}

#[test]
fn missing_seminar_is_sem1() {
    let mut plan = clean_plan();
    plan.events.retain(|e| e.event_id != "sem-alpha-20230509");
    plan.assignments
        .retain(|a| a.event_id != "sem-alpha-20230509");
    let v = broken(&plan, &[key(Rule::Sem1, "", "", "")]);
    assert!(v[0].message.contains("alpha: 0 all-ages"));
}

#[test]
fn seminar_room_and_staff_rules() {
    let mut plan = clean_plan();
    for e in plan
        .events
        .iter_mut()
        .filter(|e| e.event_id == "sem-alpha-20230509")
    {
        e.capacity = Some(45); // more than the quota's 30 and the room's 40
        e.theme = "knitting".into();
    }
    assignment_mut(&mut plan, "sem-alpha-20230509", "r1").staff_id = "j1".into();
    let v = broken(
        &plan,
        &[
            key(Rule::Sem3, "2023-05-09", "sem-alpha-20230509", ""),
            key(Rule::Sem3, "2023-05-09", "sem-alpha-20230509", ""),
            key(Rule::Sem5, "2023-05-09", "sem-alpha-20230509", "j1"),
            key(Rule::Sem6, "", "", ""),
            key(Rule::Sem6, "2023-05-09", "sem-alpha-20230509", ""),
        ],
    );
    assert_eq!(v.iter().filter(|x| x.rule == Rule::Sem3).count(), 2);
}

#[test]
fn outreach_in_a_municipality_is_out1() {
    let mut plan = clean_plan();
    for e in plan
        .events
        .iter_mut()
        .filter(|e| e.event_id == "outreach-20230511")
    {
        e.municipality = "alpha".into();
        e.venue = "city-hall".into();
        e.room = "hall-a".into();
        e.room_capacity = Some(40);
    }
    // Not one of the series' rooms, in alpha, and the room is too small for 50.
    let v = broken(
        &plan,
        &[
            key(Rule::Out1, "2023-05-11", "outreach-20230511", ""),
            key(Rule::Out1, "2023-05-11", "outreach-20230511", ""),
            key(Rule::Out1, "2023-05-11", "outreach-20230511", ""),
        ],
    );
    assert_eq!(v.len(), 3, "{v:#?}");
}

#[test]
fn garbage_rows_are_plan1_and_never_panic() {
    let mut plan = clean_plan();
    let mut junk = EventRow::new(
        "junk",
        "yesterday",
        ("25:00", "xx"),
        "party",
        "atlantis",
        "nowhere",
        "?",
    )
    .0;
    junk.original_date = "soon".into();
    junk.capacity = Some(u32::MAX);
    plan.events.push(junk);
    let mut late = EventRow::new(
        "late",
        "+99999-01-01",
        ("16:00", "09:00"),
        "seminar",
        "gamma",
        "city-hall",
        "",
    )
    .0;
    late.seminar_type = "senior".into();
    plan.events.push(late);
    plan.events
        .push(consultation("alpha", "alpha-hall", "2023-05-01")); // duplicate id
    plan.assignments
        .push(assign("ghost", "2023-05-01", "c1", "consultant"));
    plan.assignments.push(assign(
        "con-alpha-20230501",
        "2023-05-02",
        "nobody",
        "wizard",
    ));
    plan.assignments.push(assign(
        "con-alpha-20230501",
        "2023-05-01",
        "c1",
        "consultant",
    ));
    plan.teams.push(TeamMember {
        municipality: "mars".into(),
        staff_id: "nobody".into(),
    });
    let v = check(&tiny_model(), &plan);
    let plan1 = v.iter().filter(|x| x.rule == Rule::Plan1).count();
    assert!(plan1 >= 12, "{v:#?}");
    let mut sorted = v.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(v, sorted);
}

// ----- exact findings: one way of breaking the valid plan, exactly its findings -----------

/// A finding's key: (rule's text ID, date, event, person), in the files' order.
type Key = (&'static str, String, String, String);

fn key(rule: Rule, date: &str, event: &str, person: &str) -> Key {
    (rule.id(), date.into(), event.into(), person.into())
}

fn keys(v: &[Violation]) -> Vec<Key> {
    let mut k: Vec<Key> = v
        .iter()
        .map(|x| {
            (
                x.rule.id(),
                x.date.clone(),
                x.event_id.clone(),
                x.staff_id.clone(),
            )
        })
        .collect();
    k.sort();
    k
}

/// Checks `plan` against `model` and asserts that the findings are exactly `expected`
/// (as a list of keys: two findings under one key count twice).
fn exact(model: &Model, plan: &Plan, expected: &[Key]) -> Vec<Violation> {
    let v = check(model, plan);
    let mut want = expected.to_vec();
    want.sort();
    assert_eq!(keys(&v), want, "violations: {v:#?}");
    v
}

fn event_mut<'a>(plan: &'a mut Plan, event_id: &str) -> &'a mut Event {
    plan.events
        .iter_mut()
        .find(|e| e.event_id == event_id)
        .unwrap()
}

/// Moves an event and its assignments to another date (the id is kept).
fn move_event(plan: &mut Plan, event_id: &str, date: &str) {
    event_mut(plan, event_id).date = date.into();
    for a in plan
        .assignments
        .iter_mut()
        .filter(|a| a.event_id == event_id)
    {
        a.date = date.into();
    }
}

fn clean(model: &Model, plan: &Plan) {
    let v = check(model, plan);
    assert!(v.is_empty(), "the unbroken plan is valid: {v:#?}");
}

#[test]
fn seminar_without_reception_is_sem5_exactly() {
    let mut plan = clean_plan();
    plan.assignments
        .retain(|a| !(a.event_id == "sem-alpha-20230509" && a.role == "reception"));
    let v = exact(
        &tiny_model(),
        &plan,
        &[key(Rule::Sem5, "2023-05-09", "sem-alpha-20230509", "")],
    );
    assert!(
        v[0].message.contains("0 reception staff"),
        "{}",
        v[0].message
    );
}

#[test]
fn office_day_without_sub_manager_is_off1_exactly() {
    let mut plan = clean_plan();
    plan.assignments
        .retain(|a| !(a.event_id == "office-20230512" && a.role == "sub-manager"));
    let v = exact(
        &tiny_model(),
        &plan,
        &[key(Rule::Off1, "2023-05-12", "office-20230512", "")],
    );
    assert!(v[0].message.contains("0 sub-manager assigned, at least 1"));
}

#[test]
fn office_day_without_manager_or_reception_is_off1_exactly() {
    let mut plan = clean_plan();
    plan.assignments
        .retain(|a| !(a.event_id == "office-20230512" && a.role != "sub-manager"));
    let v = exact(
        &tiny_model(),
        &plan,
        &[
            key(Rule::Off1, "2023-05-12", "office-20230512", ""),
            key(Rule::Off1, "2023-05-12", "office-20230512", ""),
        ],
    );
    assert!(v.iter().any(|x| x.message.contains("0 manager")));
    assert!(v.iter().any(|x| x.message.contains("0 reception")));
}

#[test]
fn unqualified_sub_manager_is_con5_exactly() {
    // s2 holds the sub-manager role but is neither registered nor experienced.
    let mut model = tiny_model();
    model.staff.push(person("s2", &[Role::SubManager]));
    clean(&model, &clean_plan());
    let mut plan = clean_plan();
    assignment_mut(&mut plan, "office-20230512", "s1").staff_id = "s2".into();
    let v = exact(
        &model,
        &plan,
        &[key(Rule::Con5, "2023-05-12", "office-20230512", "s2")],
    );
    assert!(
        v[0].message.contains("as sub-manager") && v[0].message.contains("register"),
        "{}",
        v[0].message
    );
}

#[test]
fn seminar_above_its_capacity_is_sem3_exactly() {
    let mut plan = clean_plan();
    event_mut(&mut plan, "sem-alpha-20230509").capacity = Some(45);
    // More than the quota's 30 and more than the room's 40.
    let v = exact(
        &tiny_model(),
        &plan,
        &[
            key(Rule::Sem3, "2023-05-09", "sem-alpha-20230509", ""),
            key(Rule::Sem3, "2023-05-09", "sem-alpha-20230509", ""),
        ],
    );
    assert!(v
        .iter()
        .any(|x| x.message.contains("alpha's seminars are for 30")));
    assert!(v.iter().any(|x| x.message.contains("holds 40 people")));
}

#[test]
fn seminar_theme_of_no_list_is_sem6_exactly() {
    let mut plan = clean_plan();
    event_mut(&mut plan, "sem-alpha-20230509").theme = "knitting".into();
    // The event's theme, and the year then uses no theme of the list.
    exact(
        &tiny_model(),
        &plan,
        &[
            key(Rule::Sem6, "", "", ""),
            key(Rule::Sem6, "2023-05-09", "sem-alpha-20230509", ""),
        ],
    );
}

#[test]
fn reception_by_someone_without_the_role_is_sem5_exactly() {
    let mut plan = clean_plan();
    assignment_mut(&mut plan, "sem-alpha-20230509", "r1").staff_id = "j1".into();
    let v = exact(
        &tiny_model(),
        &plan,
        &[key(Rule::Sem5, "2023-05-09", "sem-alpha-20230509", "j1")],
    );
    assert!(v[0].message.contains("does not hold the reception role"));
}

#[test]
fn office_day_missing_is_off1_exactly() {
    let mut plan = clean_plan();
    plan.events.retain(|e| !e.is(EventKind::Office));
    plan.assignments
        .retain(|a| !a.event_id.starts_with("office-"));
    exact(
        &tiny_model(),
        &plan,
        &[key(Rule::Off1, "2023-05-12", "", "")],
    );
}

#[test]
fn more_days_in_a_week_than_allowed_is_model_limit_exactly() {
    let mut model = tiny_model();
    model.staff[0].max_days_per_week = 1; // c1 works 05-01 and 05-02 in one ISO week
    exact(
        &model,
        &clean_plan(),
        &[key(Rule::ModelLimit, "2023-05-01", "", "c1")],
    );
}

#[test]
fn room_double_booking_is_model_room_exactly() {
    // The roundtable (needing no staff here) moved onto the one-point seminar's morning
    // in the same room.
    let mut model = series_model();
    model.event_series[3].needs.clear();
    let mut plan = series_plan();
    plan.assignments
        .retain(|a| a.event_id != "roundtable-20230502");
    clean(&model, &plan);
    move_event(&mut plan, "roundtable-20230502", "2023-05-08");
    let v = exact(
        &model,
        &plan,
        &[key(
            Rule::ModelRoom,
            "2023-05-08",
            "roundtable-20230502",
            "",
        )],
    );
    assert!(
        v[0].message.contains("one-point-20230508"),
        "{}",
        v[0].message
    );
}

#[test]
fn office_day_outside_the_period_is_cal1_exactly() {
    // The office day moved a week on: outside the period, and its own Friday is missed.
    let mut plan = clean_plan();
    move_event(&mut plan, "office-20230512", "2023-05-19");
    exact(
        &tiny_model(),
        &plan,
        &[
            key(Rule::Cal1, "2023-05-19", "office-20230512", ""),
            key(Rule::Off1, "2023-05-12", "", ""),
        ],
    );
}

#[test]
fn event_in_the_year_end_closure_is_cal3_exactly() {
    // The closure placed on the office day (the plan is unchanged).
    let mut model = tiny_model();
    model.closures.year_end_from = (5, 12);
    model.closures.year_end_to = (5, 12);
    exact(
        &model,
        &clean_plan(),
        &[key(Rule::Cal3, "2023-05-12", "office-20230512", "")],
    );
}

#[test]
fn consultation_hours_off_the_duty_window_are_con2_exactly() {
    let mut plan = clean_plan();
    event_mut(&mut plan, "con-beta-20230502").end = "15:00".into();
    exact(
        &tiny_model(),
        &plan,
        &[key(Rule::Con2, "2023-05-02", "con-beta-20230502", "")],
    );
}

#[test]
fn consultation_day_the_pattern_lacks_is_con1_exactly() {
    let mut plan = clean_plan();
    plan.events
        .push(consultation("beta", "beta-hall", "2023-05-11"));
    plan.assignments.push(assign(
        "con-beta-20230511",
        "2023-05-11",
        "c1",
        "consultant",
    ));
    exact(
        &tiny_model(),
        &plan,
        &[key(Rule::Con1, "2023-05-11", "con-beta-20230511", "")],
    );
}

#[test]
fn seminar_hours_are_sem2_exactly() {
    let mut plan = clean_plan();
    event_mut(&mut plan, "sem-alpha-20230509").start = "14:30".into();
    exact(
        &tiny_model(),
        &plan,
        &[key(Rule::Sem2, "2023-05-09", "sem-alpha-20230509", "")],
    );
}

#[test]
fn too_few_job_developers_is_job1_exactly() {
    let mut model = tiny_model();
    model.job_developers_min = 2;
    exact(&model, &clean_plan(), &[key(Rule::Job1, "", "", "")]);
}

// ----- the yearly series: one-point seminars, job fairs, roundtables ----------------------

/// `tiny_model` with a one-point series (ONE-1), a job-fair series (FAIR-1) and a
/// roundtable series (RT-1), each of one event, held in a seminar room of alpha.
fn series_model() -> Model {
    let mut m = tiny_model();
    m.venues.push(venue(
        "westa",
        Place::Municipality(0),
        &MON_FRI,
        &[("seminar-room", 18)],
    ));
    let room = vec![(m.venues.len() - 1, 0)];
    let series = |id: &str, kind, window, needs: Vec<Need>, topics: &[&str]| EventSeries {
        id: id.into(),
        kind,
        count: 1,
        per_month: None,
        window,
        rooms: room.clone(),
        weekdays: MON_FRI.to_vec(),
        participants: 15,
        needs,
        topics: topics.iter().map(|s| s.to_string()).collect(),
        online_every: 0,
        online_participants: 0,
        count_from: None,
        month_counts: Default::default(),
    };
    let reception = |count| Need {
        who: Qualification::Reception,
        count,
    };
    m.event_series.push(series(
        "one-point",
        EventKind::OnePoint,
        w("10:00", "11:30"),
        vec![reception(1)],
        &["entrepreneurship"],
    ));
    m.event_series.push(series(
        "job-fair",
        EventKind::JobFair,
        w("13:00", "16:00"),
        vec![Need {
            who: Qualification::JobDeveloper,
            count: 1,
        }],
        &[],
    ));
    m.event_series.push(series(
        "roundtable",
        EventKind::Roundtable,
        w("10:00", "11:30"),
        vec![reception(1)],
        &[],
    ));
    m
}

/// `clean_plan` with one event of each series of `series_model`.
fn series_plan() -> Plan {
    let mut plan = clean_plan();
    let row = |id: &str, date: &str, window, kind: &str| {
        EventRow::new(id, date, window, kind, "alpha", "westa", "seminar-room")
            .seats(18, 15)
            .0
    };
    let mut one = row(
        "one-point-20230508",
        "2023-05-08",
        ("10:00", "11:30"),
        "one-point",
    );
    one.mode = "offline".into();
    one.theme = "entrepreneurship".into();
    plan.events.push(one);
    plan.events.push(row(
        "job-fair-20230509",
        "2023-05-09",
        ("13:00", "16:00"),
        "job-fair",
    ));
    plan.events.push(row(
        "roundtable-20230502",
        "2023-05-02",
        ("10:00", "11:30"),
        "roundtable",
    ));
    plan.assignments.extend([
        assign("one-point-20230508", "2023-05-08", "r1", "reception"),
        assign("job-fair-20230509", "2023-05-09", "j1", "staff"),
        assign("roundtable-20230502", "2023-05-02", "r1", "reception"),
    ]);
    plan
}

#[test]
fn the_series_plan_is_valid() {
    clean(&series_model(), &series_plan());
}

#[test]
fn one_point_seminar_without_staff_is_one1_exactly() {
    let mut plan = series_plan();
    plan.assignments
        .retain(|a| a.event_id != "one-point-20230508");
    let v = exact(
        &series_model(),
        &plan,
        &[key(Rule::One1, "2023-05-08", "one-point-20230508", "")],
    );
    assert!(
        v[0].message.contains("0 reception assigned"),
        "{}",
        v[0].message
    );
}

#[test]
fn one_point_seminar_off_topic_is_one1_exactly() {
    let mut plan = series_plan();
    event_mut(&mut plan, "one-point-20230508").theme = "knitting".into();
    // The event's topic, and the year's topics: entrepreneurship never occurs.
    exact(
        &series_model(),
        &plan,
        &[
            key(Rule::One1, "", "", ""),
            key(Rule::One1, "2023-05-08", "one-point-20230508", ""),
        ],
    );
}

#[test]
fn too_few_job_fairs_is_fair1_exactly() {
    let mut plan = series_plan();
    plan.events.retain(|e| e.event_id != "job-fair-20230509");
    plan.assignments
        .retain(|a| a.event_id != "job-fair-20230509");
    let v = exact(&series_model(), &plan, &[key(Rule::Fair1, "", "", "")]);
    assert!(v[0].message.contains("0 events in the year, at least 1"));
}

#[test]
fn job_fair_staffed_by_a_consultant_is_fair1_exactly() {
    let mut plan = series_plan();
    assignment_mut(&mut plan, "job-fair-20230509", "j1").staff_id = "c2".into();
    // c2 (free that day) is no job developer.
    let v = exact(
        &series_model(),
        &plan,
        &[key(Rule::Fair1, "2023-05-09", "job-fair-20230509", "c2")],
    );
    assert!(v[0].message.contains("is not a job developer"));
}

#[test]
fn roundtable_at_other_hours_is_rt1_exactly() {
    let mut plan = series_plan();
    event_mut(&mut plan, "roundtable-20230502").end = "12:00".into();
    let v = exact(
        &series_model(),
        &plan,
        &[key(Rule::Rt1, "2023-05-02", "roundtable-20230502", "")],
    );
    assert!(v[0].message.contains("10:00-12:00"), "{}", v[0].message);
}

#[test]
fn too_few_roundtables_is_rt1_exactly() {
    let mut plan = series_plan();
    plan.events.retain(|e| e.event_id != "roundtable-20230502");
    plan.assignments
        .retain(|a| a.event_id != "roundtable-20230502");
    exact(&series_model(), &plan, &[key(Rule::Rt1, "", "", "")]);
}

// ----- seminars over several months: spread (SEM-8) and themes (SEM-6) ---------------------

/// `tiny_model` over May to August with seminar counts `counts` for alpha; the
/// consultation patterns stay in the first twelve days and the office has no days, so
/// the plan needs only its seminars beyond May 12.
fn months_model(counts: [u32; 4]) -> Model {
    let mut m = tiny_model();
    m.period.to = d("2023-08-31");
    m.office.weekdays = Vec::new();
    m.seminar_quotas[0].counts = counts;
    m
}

/// `clean_plan` without its office day, with alpha seminars added as (date, type, theme).
fn months_plan(seminars: &[(&str, &str, &str)]) -> Plan {
    let mut plan = clean_plan();
    plan.events.retain(|e| !e.is(EventKind::Office));
    plan.assignments
        .retain(|a| !a.event_id.starts_with("office-"));
    for (i, &(date, kind, theme)) in seminars.iter().enumerate() {
        let id = format!("sem-alpha-x{i}");
        let mut e = EventRow::new(
            &id,
            date,
            ("14:00", "16:00"),
            "seminar",
            "alpha",
            "city-hall",
            "hall-a",
        )
        .seats(40, 30)
        .0;
        e.seminar_type = kind.into();
        e.theme = theme.into();
        plan.events.push(e);
        plan.assignments.push(assign(&id, date, "l1", "lecturer"));
        plan.assignments.push(assign(&id, date, "r1", "reception"));
    }
    plan
}

#[test]
fn two_seminars_of_a_type_in_one_month_is_sem8_exactly() {
    // Two all-ages seminars over four months: at most one a month.
    let model = months_model([2, 0, 0, 0]);
    clean(
        &model,
        &months_plan(&[("2023-06-06", "all-ages", "interview")]),
    );
    let plan = months_plan(&[("2023-05-08", "all-ages", "interview")]);
    let v = exact(&model, &plan, &[key(Rule::Sem8, "", "", "")]);
    assert!(
        v[0].message
            .contains("alpha: 2 all-ages seminars in 2023-05; 2 a year allow at most 1"),
        "{}",
        v[0].message
    );
}

#[test]
fn too_few_themes_over_the_year_is_sem6_exactly() {
    // All-ages seminars need two themes when there are two of them.
    let model = months_model([2, 0, 0, 0]);
    let plan = months_plan(&[("2023-06-06", "all-ages", "job-search")]);
    let v = exact(&model, &plan, &[key(Rule::Sem6, "", "", "")]);
    assert!(
        v[0].message
            .contains("all-ages seminars use 1 theme(s) over the year, at least 2"),
        "{}",
        v[0].message
    );
}

#[test]
fn two_senior_themes_in_one_month_is_sem6_exactly() {
    // Eight senior seminars over four months (two a month allowed): a month's
    // seminars share one theme.
    let model = months_model([1, 8, 0, 0]);
    let senior = |d: &'static str, t: &'static str| (d, "senior", t);
    let year = |july_second: &'static str| {
        vec![
            senior("2023-05-08", "second-career"),
            senior("2023-05-11", "second-career"),
            senior("2023-06-06", "pension"),
            senior("2023-06-13", "pension"),
            senior("2023-07-04", "interview"),
            senior("2023-07-11", july_second),
            senior("2023-08-01", "second-career"),
            senior("2023-08-08", "second-career"),
        ]
    };
    // (05-11 is the outreach day: l1 and r1 are busy from 13:00, so use 05-12.)
    let fix = |mut s: Vec<(&'static str, &'static str, &'static str)>| {
        s[1].0 = "2023-05-12";
        s
    };
    clean(&model, &months_plan(&fix(year("interview"))));
    let v = exact(
        &model,
        &months_plan(&fix(year("pension"))),
        &[key(Rule::Sem6, "", "", "")],
    );
    assert!(
        v[0].message
            .contains("senior seminars in 2023-07 have 2 themes (interview, pension)"),
        "{}",
        v[0].message
    );
}

#[test]
fn senior_theme_kept_into_the_next_month_is_sem6_exactly() {
    // One senior seminar a month: the theme changes every month.
    let model = months_model([1, 4, 0, 0]);
    let plan = |aug: &'static str| {
        months_plan(&[
            ("2023-05-08", "senior", "second-career"),
            ("2023-06-06", "senior", "pension"),
            ("2023-07-04", "senior", "interview"),
            ("2023-08-01", "senior", aug),
        ])
    };
    clean(&model, &plan("second-career"));
    let v = exact(&model, &plan("interview"), &[key(Rule::Sem6, "", "", "")]);
    assert!(
        v[0].message
            .contains("senior seminars keep the theme `interview` in 2023-07 and 2023-08"),
        "{}",
        v[0].message
    );
}

// ----- PR-1: announced events keep their date, time and venue ------------------------------

#[test]
fn announced_events_that_move_are_pr1_exactly() {
    let baseline = series_plan();
    let as_of = d("2023-05-02");
    assert!(super::announced(&baseline, &baseline, as_of).is_empty());
    // Moved after the re-plan date: the seminar (flyer out), a consultation day
    // (leaflet out) and the roundtable's hours; the office day is not publicised; an
    // event before as_of is history, not an announcement.
    let mut plan = series_plan();
    move_event(&mut plan, "sem-alpha-20230509", "2023-05-10");
    event_mut(&mut plan, "con-beta-20230509").venue = "alpha-hall".into();
    event_mut(&mut plan, "roundtable-20230502").start = "10:30".into();
    move_event(&mut plan, "office-20230512", "2023-05-11");
    move_event(&mut plan, "con-alpha-20230501", "2023-05-02");
    plan.events.retain(|e| e.event_id != "job-fair-20230509");
    let v = super::announced(&baseline, &plan, as_of);
    assert_eq!(
        keys(&v),
        vec![
            key(Rule::Pr1, "2023-05-02", "roundtable-20230502", ""),
            key(Rule::Pr1, "2023-05-09", "con-beta-20230509", ""),
            key(Rule::Pr1, "2023-05-09", "job-fair-20230509", ""),
            key(Rule::Pr1, "2023-05-09", "sem-alpha-20230509", ""),
        ],
        "{v:#?}"
    );
    assert!(v
        .iter()
        .any(|x| x.message.contains("date 2023-05-09 -> 2023-05-10")));
    assert!(v
        .iter()
        .any(|x| x.message.contains("is no longer in the plan")));
}

#[test]
fn announcement_horizons_are_a_month_for_leaflets_and_two_for_flyers() {
    // As of 2023-03-15, the leaflet lists March and April; flyers reach 2023-05-15.
    let as_of = d("2023-03-15");
    let baseline = clean_plan();
    let mut plan = clean_plan();
    plan.events.clear();
    let v = super::announced(&baseline, &plan, as_of);
    // Seminar of 05-09 is inside the flyers' two months; outreach of 05-11 too; the
    // consultation days of May are in a leaflet not yet out.
    assert_eq!(
        keys(&v),
        vec![
            key(Rule::Pr1, "2023-05-09", "sem-alpha-20230509", ""),
            key(Rule::Pr1, "2023-05-11", "outreach-20230511", ""),
        ],
        "{v:#?}"
    );
    // As of 2023-04-30, April's and May's leaflets are out: every consultation day.
    let v = super::announced(&baseline, &plan, d("2023-04-30"));
    assert_eq!(
        v.iter().filter(|x| x.event_id.starts_with("con-")).count(),
        5
    );
}

/// Dated terms (`[[staff_change]]`): c1 stops working Tuesdays from 2023-05-09, so
/// the Tuesday 05-02 (before) is fine and 05-09 (after) is MODEL-AVAIL, judged by the
/// terms in force on the assignment's date.
#[test]
fn staff_change_weekdays_are_judged_from_their_date() {
    let mut model = tiny_model();
    model.staff[0].terms.push(crate::model::StaffTerms {
        range: DateRange {
            from: d("2023-05-09"),
            to: d("2024-03-31"),
        },
        weekdays: Some(vec![Weekday::Mon, Weekday::Wed]),
        roles: None,
        contract_days_per_week: None,
        max_days_per_week: None,
        max_days_per_month: None,
        prefers: None,
    });
    exact(
        &model,
        &clean_plan(),
        &[key(
            Rule::ModelAvail,
            "2023-05-09",
            "con-beta-20230509",
            "c1",
        )],
    );
}

/// A role taken away from a date (`[[staff_change]] roles`) is CON-5 only from then.
#[test]
fn staff_change_roles_are_judged_from_their_date() {
    let mut model = tiny_model();
    model.staff[0].terms.push(crate::model::StaffTerms {
        range: DateRange {
            from: d("2023-05-09"),
            to: d("2023-05-31"),
        },
        weekdays: None,
        roles: Some(vec![Role::Reception]),
        contract_days_per_week: None,
        max_days_per_week: None,
        max_days_per_month: None,
        prefers: None,
    });
    exact(
        &model,
        &clean_plan(),
        &[key(Rule::Con5, "2023-05-09", "con-beta-20230509", "c1")],
    );
}

/// A week a `[[staff_change]]` cuts is held to the smaller limit (MODEL-LIMIT): c1
/// works Monday 05-01 and Tuesday 05-02; a limit of 1 a week from Tuesday holds the
/// whole week to 1.
#[test]
fn a_week_a_staff_change_cuts_takes_the_smaller_limit() {
    let mut model = tiny_model();
    model.staff[0].terms.push(crate::model::StaffTerms {
        range: DateRange {
            from: d("2023-05-02"),
            to: d("2023-05-02"),
        },
        weekdays: None,
        roles: None,
        contract_days_per_week: None,
        max_days_per_week: Some(1),
        max_days_per_month: None,
        prefers: None,
    });
    exact(
        &model,
        &clean_plan(),
        &[key(Rule::ModelLimit, "2023-05-01", "", "c1")],
    );
}

// ----- PR-1's lead time (issue 17, part 2): warnings when soft, violations when hard -------

/// The tiny plan's seminar (05-09) and outreach (05-11) have their flyers due in March,
/// and the May leaflet issue on 04-01, all before publicity starts (the period's first
/// day, 05-01): three exceptions, kept out of the violations while the lead time is soft.
#[test]
fn a_flyer_due_before_publicity_starts_is_a_warning_when_soft_and_pr1_when_hard() {
    let mut model = tiny_model();
    clean(&model, &clean_plan());
    let warned: Vec<Key> = keys(&super::lead_time_exceptions(&model, &clean_plan()));
    let mut want = vec![
        key(Rule::Pr1, "2023-04-01", "", ""),
        key(Rule::Pr1, "2023-05-09", "sem-alpha-20230509", ""),
        key(Rule::Pr1, "2023-05-11", "outreach-20230511", ""),
    ];
    want.sort();
    assert_eq!(warned, want);
    model.publicity.lead_time = LeadTime::Hard;
    let v = exact(&model, &clean_plan(), &want);
    assert!(
        v.iter().any(|x| x.message
            == "its flyer is due on 2023-03-09, before publicity can start on 2023-05-01 (not allowed: lead_time is hard)"),
        "{v:#?}"
    );
    assert!(super::lead_time_exceptions(&model, &clean_plan()).is_empty());
    // Flyers and leaflet prepared from March 1: nothing is due before.
    model.publicity.from = d("2023-03-01");
    clean(&model, &clean_plan());
}

/// SEM-8 under a hard lead time counts the months with a day it allows: from 05-01,
/// July and August of May-August, so three all-ages seminars may take two in July.
#[test]
fn sem8_under_a_hard_lead_time_counts_only_the_months_it_leaves() {
    let mut model = months_model([3, 0, 0, 0]);
    let plan = months_plan(&[
        ("2023-07-04", "all-ages", "interview"),
        ("2023-07-11", "all-ages", "interview"),
        ("2023-08-01", "all-ages", "job-search"),
    ]);
    let sem8 = |m: &Model| -> Vec<Key> {
        keys(&check(m, &plan))
            .into_iter()
            .filter(|k| k.0 == "SEM-8")
            .collect()
    };
    // Soft: the even share of 3 over 4 months is 1.
    assert_eq!(sem8(&model), vec![key(Rule::Sem8, "", "", "")]);
    model.publicity.lead_time = LeadTime::Hard;
    assert_eq!(sem8(&model), Vec::<Key>::new());
}

/// SEM-7: a women's seminar of a quota with `childcare_workers` needs them rostered,
/// and only people with the childcare role may take the place.
#[test]
fn women_seminar_without_childcare_workers_is_sem7_exactly() {
    let mut model = tiny_model();
    model.seminar_quotas[0].counts = [0, 0, 1, 0];
    model.seminar_quotas[0].childcare_workers = 1;
    model.staff.push(person("h1", &[Role::Childcare]));
    let mut plan = clean_plan();
    let e = event_mut(&mut plan, "sem-alpha-20230509");
    e.seminar_type = "women".into();
    e.theme = "return-to-work".into();
    let v = exact(
        &model,
        &plan,
        &[key(Rule::Sem7, "2023-05-09", "sem-alpha-20230509", "")],
    );
    assert!(
        v[0].message.contains("0 childcare worker"),
        "{}",
        v[0].message
    );
    plan.assignments.push(assign(
        "sem-alpha-20230509",
        "2023-05-09",
        "h1",
        "childcare",
    ));
    clean(&model, &plan);
    // Someone without the role in the place: SEM-7 at the assignment.
    assignment_mut(&mut plan, "sem-alpha-20230509", "h1").staff_id = "j1".into();
    exact(
        &model,
        &plan,
        &[key(Rule::Sem7, "2023-05-09", "sem-alpha-20230509", "j1")],
    );
}

/// OUT-1: the outreach seminar's consultation slots need someone who meets CON-5: a
/// lecturer who does (the clean plan's l1), else a qualified consultant beside them.
#[test]
fn outreach_without_anyone_meeting_con5_is_out1_exactly() {
    let mut model = tiny_model();
    let l1 = model.staff.iter_mut().find(|s| s.id == "l1").unwrap();
    l1.registered = false;
    let mut plan = clean_plan();
    let v = exact(
        &model,
        &plan,
        &[key(Rule::Out1, "2023-05-11", "outreach-20230511", "")],
    );
    assert!(v[0].message.contains("CON-5"), "{}", v[0].message);
    // A qualified consultant placed for the slots.
    plan.assignments.push(assign(
        "outreach-20230511",
        "2023-05-11",
        "c1",
        "consultant",
    ));
    clean(&model, &plan);
    // One who is not qualified does not count (and is CON-5 at the assignment).
    assignment_mut(&mut plan, "outreach-20230511", "c1").staff_id = "u1".into();
    exact(
        &model,
        &plan,
        &[
            key(Rule::Con5, "2023-05-11", "outreach-20230511", "u1"),
            key(Rule::Out1, "2023-05-11", "outreach-20230511", ""),
        ],
    );
}

/// Issue 19: a finding is data; English renders it exactly as its message, Japanese in
/// the manager's words with the person's name, and a finding merged into a solve keeps
/// its mark in both.
#[test]
fn a_finding_is_said_in_japanese_and_its_english_is_its_message() {
    use crate::report::labels::{render_violations, violation_text, Lang};
    let mut model = tiny_model();
    if let Some(u1) = model.staff.iter_mut().find(|s| s.id == "u1") {
        u1.name = "山田 太郎".into();
    }
    let mut plan = clean_plan();
    assignment_mut(&mut plan, "con-alpha-20230508", "c2").staff_id = "u1".into();
    plan.teams.push(TeamMember {
        municipality: "alpha".into(),
        staff_id: "u1".into(),
    });
    let found = check(&model, &plan);
    assert!(!found.is_empty());
    for v in &found {
        assert_eq!(violation_text(Lang::En, v), v.message, "{v:?}");
        let ja = violation_text(Lang::Ja, v);
        assert!(!ja.is_ascii() && !ja.contains('{'), "{ja}");
    }
    let mut ja = found.clone();
    render_violations(&mut ja, Lang::Ja);
    let at = ja
        .iter()
        .find(|x| x.event_id == "con-alpha-20230508" && x.rule == Rule::Con5)
        .expect("CON-5 at the event");
    assert!(
        at.message
            .starts_with("山田 太郎がcon-alpha-20230508のキャリアコンサルタントに")
            && at.message.contains("登録されていません"),
        "{}",
        at.message
    );
    // Merged into a solve's violations: `checker:` in English, its mark in Japanese.
    let mut merged = Vec::new();
    crate::merge_findings(&mut merged, found);
    assert!(merged.iter().all(|v| v.message.starts_with("checker: ")));
    assert!(merged
        .iter()
        .all(|v| violation_text(Lang::Ja, v).starts_with("検査で判明: ")));
}
