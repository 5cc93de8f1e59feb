//! Merging two records of one participant at different pathway stages: the furthest stage is
//! kept, and the other record's stages become history.

use super::tests::{GONE, KEEP, merged, p, two_adas};
use super::*;
use crate::domain::fixture::day;
use crate::domain::people::pathway::PathwayStage;

#[test]
fn a_further_stage_on_the_other_record_becomes_current_and_is_said() {
    let mut f = two_adas();
    let mut gone = f.data.participants[&p(2)].clone();
    gone.pathway
        .move_to(PathwayStage::Completed, day(6, 1), String::new());
    f.data.put(Record::Participant(gone));
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert_eq!(after.participants[&p(1)].stage(), PathwayStage::Completed);
    assert!(
        plan.question().contains(
            "Their stage becomes Completed, the furthest of the two records (it was Active)"
        ),
        "{}",
        plan.question()
    );
}

#[test]
fn a_later_earlier_stage_of_the_other_record_is_history_and_never_moves_them_back() {
    // The second record was imported with no stage column, months after the first was Active.
    let mut f = two_adas();
    let mut gone = f.data.participants[&p(2)].clone();
    gone.pathway =
        crate::domain::people::pathway::Pathway::starting(PathwayStage::Applied, day(11, 30));
    f.data.put(Record::Participant(gone));
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    let ada = &after.participants[&p(1)];
    assert_eq!(ada.stage(), PathwayStage::Active);
    let stages: Vec<(PathwayStage, chrono::NaiveDate)> = ada
        .pathway
        .changes()
        .iter()
        .map(|c| (c.stage, c.on))
        .collect();
    assert!(
        stages.contains(&(PathwayStage::Applied, day(11, 30))),
        "kept as history: {stages:?}"
    );
    assert!(
        plan.to_look_at().contains(
            "Their stage stays Active: the other record's later Applied (30 November 2026) is kept \
             as history only"
        ),
        "{}",
        plan.to_look_at()
    );
}

#[test]
fn withdrawn_on_the_other_record_alone_is_history_but_the_kept_records_own_stands() {
    let mut f = two_adas();
    let mut gone = f.data.participants[&p(2)].clone();
    gone.pathway
        .move_to(PathwayStage::Withdrawn, day(6, 1), String::new());
    f.data.put(Record::Participant(gone));
    let (_, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert_eq!(after.participants[&p(1)].stage(), PathwayStage::Active);

    let mut f = two_adas();
    let mut keep = f.data.participants[&p(1)].clone();
    keep.pathway
        .move_to(PathwayStage::Deferred, day(6, 1), String::new());
    f.data.put(Record::Participant(keep));
    let mut gone = f.data.participants[&p(2)].clone();
    gone.pathway
        .move_to(PathwayStage::Completed, day(7, 1), String::new());
    f.data.put(Record::Participant(gone));
    let (_, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert_eq!(after.participants[&p(1)].stage(), PathwayStage::Deferred);
}

#[test]
fn a_second_record_entered_later_at_the_same_stage_does_not_restart_it() {
    let mut f = two_adas();
    let mut gone = f.data.participants[&p(2)].clone();
    gone.pathway =
        crate::domain::people::pathway::Pathway::starting(PathwayStage::Active, day(5, 4));
    f.data.put(Record::Participant(gone));
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    let changes = after.participants[&p(1)].pathway.changes().to_vec();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (changes[0].stage, changes[0].on),
        (PathwayStage::Active, day(1, 12))
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}
