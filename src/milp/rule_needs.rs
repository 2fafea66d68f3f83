//! Needs the rules add to events beside those of their quota or series: childcare
//! workers at women's seminars (SEM-7) and someone who meets CON-5 for an outreach
//! seminar's consultation slots (OUT-1). How many comes from `demand`; stage 2 places
//! them like any other need.

use super::{Job, JobNeed, Who};
use crate::demand;
use crate::model::{EventKind, Model, Qualification, Rule, SeminarType};

/// Adds the SEM-7 and OUT-1 needs to `jobs` (after stage 1 made them).
pub(crate) fn add(model: &Model, jobs: &mut [Job]) {
    for job in jobs.iter_mut() {
        let kind = job.event.kind();
        if kind == Some(EventKind::Seminar) {
            childcare(model, job);
        }
        if kind.is_some_and(demand::outreach_has_consultation_slots) {
            outreach_consultation(job);
        }
    }
}

/// SEM-7: a women's seminar of a quota running its nursery at the venue has that
/// many childcare workers.
fn childcare(model: &Model, job: &mut Job) {
    let Some(t) = SeminarType::parse(&job.event.seminar_type) else {
        return;
    };
    let Some(q) = model
        .seminar_quotas
        .iter()
        .position(|q| model.municipalities[q.municipality].id == job.event.municipality)
    else {
        return;
    };
    let count = demand::childcare_workers(model, q, t);
    if count > 0 {
        job.needs.push(JobNeed {
            rule: Rule::Sem7,
            who: Who::Childcare,
            role: "childcare",
            count,
        });
    }
}

/// OUT-1: the consultation slots after an outreach seminar need someone who meets
/// CON-5: the lecturer if they do, else a consultant placed at the event. A series
/// whose needs already hold a consultant needs nothing more.
fn outreach_consultation(job: &mut Job) {
    let has_consultant = job
        .needs
        .iter()
        .any(|n| n.who == Who::Qual(Qualification::Consultant) && n.count > 0);
    if has_consultant {
        return;
    }
    let lecturer = job.needs.iter().position(|n| {
        matches!(
            n.who,
            Who::Qual(Qualification::Lecturer | Qualification::LecturerOrConsultant)
        )
    });
    job.needs.push(JobNeed {
        rule: Rule::Out1,
        who: Who::OutreachConsultant { lecturer },
        role: "consultant",
        count: 1,
    });
}
