//! The kept participant filled in from the other record: nothing either record held is lost.

use super::clashes::{joined, united};
use crate::domain::people::Participant;
use crate::domain::people::pathway::{Pathway, PathwayStage, StageChange};

/// The kept participant with what it lacks filled in from the other: cohort, nominator,
/// project title and aim where empty; topics and readiness ticks united; the furthest project
/// stage; both pathways' changes in date order (the kept record's last on a shared day, so its
/// stage stands that day), ending at the furthest stage of the two (see [`furthest_stage`]);
/// notes joined.
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
    let furthest = furthest_stage(keep.stage(), gone.stage());
    if out.pathway.current() != furthest {
        // A later-dated earlier stage of the other record (an import with no stage column
        // starts someone at Applied on the import day) stays as history, and the furthest
        // stage is current again from that day: a merge never moves anyone back.
        let on = out.pathway.since().unwrap_or_default();
        out.pathway
            .move_to(furthest, on, KEPT_ON_MERGING.to_string());
    }
    out.readiness = keep.readiness.clone();
    for tick in &gone.readiness {
        if !out.readiness.iter().any(|t| t.item == tick.item) {
            out.readiness.push(tick.clone());
        }
    }
    out.notes = joined(&keep.notes, &gone.notes);
    out
}

/// The note on the stage change a merge adds when the two pathways' latest change is not the
/// furthest stage reached.
pub const KEPT_ON_MERGING: &str = "kept on merging two records: the furthest stage of the two";

/// The stage a merged participant is at, from the two records' current stages: the furthest in
/// pathway order (Nominated, Applied, Enrolled, Active, Completed, Applied to Q, Joined Q).
/// Withdrawn or Deferred only when the kept record says so itself (the other record saying so
/// alone is kept as history): a duplicate entered in error must not take someone off the
/// programme, nor move them back.
pub fn furthest_stage(keep: PathwayStage, gone: PathwayStage) -> PathwayStage {
    let left = |s: PathwayStage| matches!(s, PathwayStage::Withdrawn | PathwayStage::Deferred);
    if left(keep) || left(gone) {
        return keep;
    }
    // The variants are declared in pathway order, so their order is the pathway's.
    keep.max(gone)
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
