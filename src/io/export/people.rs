//! Rows of the people files: Q members, participants, their pathways and Q readiness.

use super::names::Names;
use super::table::{Row, date, list, yes_no};

pub(crate) fn q_members(names: &Names) -> Vec<Row> {
    names
        .data
        .q_members
        .values()
        .map(|q| {
            Row::new()
                .set("name", &q.name)
                .set("email", &q.email)
                .set("profession", names.profession(q.profession))
                .set("organisation", names.organisation(q.organisation))
                .set("london_based", yes_no(q.london_based))
                .set("expertise", list(&q.expertise))
                .set("roles", list(q.roles.iter().map(|r| r.label())))
                .number("mentoring_capacity", q.mentoring_capacity.to_string())
                .set("available", yes_no(q.available))
                .set("availability_notes", &q.availability_notes)
        })
        .collect()
}

/// `stage` and `stage_date` are where the pathway starts; pathway.csv holds every change,
/// that first one again with its note (importing it again only sets the note).
pub(crate) fn participants(names: &Names) -> Vec<Row> {
    names
        .data
        .participants
        .values()
        .map(|p| {
            let first = p.pathway.changes().first();
            Row::new()
                .set("name", &p.name)
                .set("email", &p.email)
                .set("profession", names.profession(p.profession))
                .set("organisation", names.organisation(p.organisation))
                .set("cohort", names.cohort(p.cohort))
                .set(
                    "nominated_by",
                    p.nominated_by
                        .map(|q| names.q_member(q))
                        .unwrap_or_default(),
                )
                .set("project_title", &p.project.title)
                .set("project_aim", &p.project.aim)
                .set("topics", list(&p.project.topics))
                .set("project_stage", p.project.stage.label())
                .set("stage", first.map_or("", |c| c.stage.label()))
                .set("stage_date", first.map_or_else(String::new, |c| date(c.on)))
                .set("notes", &p.notes)
        })
        .collect()
}

pub(crate) fn pathway(names: &Names) -> Vec<Row> {
    names
        .data
        .participants
        .values()
        .flat_map(|p| {
            p.pathway.changes().iter().map(|change| {
                Row::new()
                    .set("email", &p.email)
                    .set("stage", change.stage.label())
                    .set("date", date(change.on))
                    .set("note", &change.note)
            })
        })
        .collect()
}

pub(crate) fn readiness(names: &Names) -> Vec<Row> {
    names
        .data
        .participants
        .values()
        .flat_map(|p| {
            p.readiness.iter().map(|tick| {
                Row::new()
                    .set("email", &p.email)
                    .set("item", tick.item.label())
                    .set("date", date(tick.on))
                    .set("note", &tick.note)
            })
        })
        .collect()
}
