//! The kept participant filled in from the other record: nothing either record held is lost.

use super::clashes::{joined, united};
use crate::domain::people::Participant;
use crate::domain::people::pathway::{Pathway, StageChange};

/// The kept participant with what it lacks filled in from the other: cohort, nominator,
/// project title and aim where empty; topics and readiness ticks united; the furthest project
/// stage; both pathways' changes in date order (the kept record's last on a shared day, so its
/// stage stands that day); notes joined.
pub fn filled_participant(keep: &Participant, gone: &Participant) -> Participant {
    let mut out = keep.clone();
    out.cohort = keep.cohort.or(gone.cohort);
    out.nominated_by = keep.nominated_by.or(gone.nominated_by);
    if out.project.title.trim().is_empty() {
        out.project.title.clone_from(&gone.project.title);
    }
    if out.project.aim.trim().is_empty() {
        out.project.aim.clone_from(&gone.project.aim);
    }
    out.project.topics = united(&keep.project.topics, &gone.project.topics);
    out.project.stage = keep.project.stage.max(gone.project.stage);
    out.pathway = combined(&keep.pathway, &gone.pathway);
    out.readiness = keep.readiness.clone();
    for tick in &gone.readiness {
        if !out.readiness.iter().any(|t| t.item == tick.item) {
            out.readiness.push(tick.clone());
        }
    }
    out.notes = joined(&keep.notes, &gone.notes);
    out
}

/// Both pathways' stage changes in date order. A change both hold (the same stage on the same
/// day), or one of the other's that only repeats the stage already current then, is kept once,
/// its note joined to the kept one's: "Active since March" is not reset by a second record
/// entered in May.
fn combined(keep: &Pathway, gone: &Pathway) -> Pathway {
    // (change, whether it is the other's); the sort is stable, so on a day both hold the
    // other's changes come first and the kept record's stage stands that day.
    let mut all: Vec<(StageChange, bool)> = gone
        .changes()
        .iter()
        .map(|c| (c.clone(), true))
        .chain(keep.changes().iter().map(|c| (c.clone(), false)))
        .collect();
    all.sort_by_key(|(c, _)| c.on);
    let mut out: Vec<StageChange> = Vec::with_capacity(all.len());
    for (change, theirs) in all {
        let same = out
            .iter_mut()
            .find(|c| c.stage == change.stage && c.on == change.on);
        if let Some(same) = same {
            same.note = joined(&same.note, &change.note);
            continue;
        }
        match out.last_mut() {
            Some(last) if theirs && last.stage == change.stage => {
                last.note = joined(&last.note, &change.note);
            }
            _ => out.push(change),
        }
    }
    Pathway::from_changes(out).unwrap_or_else(|| keep.clone())
}
