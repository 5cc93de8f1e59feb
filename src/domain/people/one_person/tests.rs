use super::*;
use crate::domain::fixture::Fixture;
use crate::domain::ids::ParticipantId;
use crate::domain::people::merge::{self, Kind};
use crate::domain::people::pathway::PathwayStage;
use chrono::TimeZone;

fn p(id: u64) -> PersonRef {
    PersonRef::Participant(ParticipantId(id))
}

/// Three records of Ada Example (participants 1, 2 and 3, emails p1@, p2@ and p3@example.org)
/// and Bryn Sample (participant 4), all in cohort 1.
fn three_adas() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Ada Example", Some(1), PathwayStage::Active)
        .participant(2, "Ada Example", Some(1), PathwayStage::Active)
        .participant(3, "Ada Example", Some(1), PathwayStage::Active)
        .participant(4, "Bryn Sample", Some(1), PathwayStage::Active);
    f
}

/// Applies `change` to `data` as history entry `seq`, as the store records it.
fn applied(data: &mut Snapshot, history: &mut Vec<HistoryEntry>, change: Change) {
    let mut before = Vec::new();
    let mut scratch = data.clone();
    for leaf in change.leaves() {
        let key = match leaf {
            Change::Put(r) | Change::Edit { record: r, .. } => r.key(),
            Change::Delete(k) => *k,
            Change::Batch { .. } | Change::Undo { .. } => continue,
        };
        before.push((key, scratch.get(key)));
        scratch.apply(leaf);
    }
    let seq = history.len() as u64 + 1;
    let entry = HistoryEntry {
        seq,
        at: Utc
            .with_ymd_and_hms(2026, 11, 20 + seq as u32, 10, 0, 0)
            .unwrap(),
        user: "sam".into(),
        change,
        before,
    };
    data.apply_entry(&entry);
    history.push(entry);
}

fn merged(data: &mut Snapshot, history: &mut Vec<HistoryEntry>, keep: &str, gone: &str) {
    let plan = merge::plan(data, Kind::Participants, keep, gone).expect("the merge is possible");
    applied(data, history, plan.change);
}

#[test]
fn merges_chained_are_followed_whole_from_any_of_the_records() {
    let mut data = three_adas().data;
    let mut history = Vec::new();
    merged(&mut data, &mut history, "p2@example.org", "p3@example.org");
    merged(&mut data, &mut history, "p1@example.org", "p2@example.org");
    for asked in [1, 2, 3] {
        let person = one_person(&data, &history, &[p(asked)]);
        assert_eq!(person.records, [p(1), p(2), p(3)], "asked by {asked}");
        assert_eq!(
            person.emails(&data, &history),
            ["p1@example.org", "p2@example.org", "p3@example.org"]
        );
        let joined: Vec<(PersonRef, PersonRef, u64)> = person
            .joined
            .iter()
            .map(|j| (j.gone, j.kept, j.seq))
            .collect();
        assert_eq!(joined, [(p(3), p(2), 1), (p(2), p(1), 2)]);
    }
    // Someone never merged is only themselves.
    let bryn = one_person(&data, &history, &[p(4)]);
    assert_eq!(bryn.records, [p(4)]);
    assert!(bryn.joined.is_empty());
}

#[test]
fn a_merge_undone_is_not_followed() {
    let mut data = three_adas().data;
    let mut history = Vec::new();
    merged(&mut data, &mut history, "p1@example.org", "p2@example.org");
    assert_eq!(one_person(&data, &history, &[p(1)]).records, [p(1), p(2)]);
    let undo = crate::domain::undo::undo_of(&history[0]);
    applied(&mut data, &mut history, undo);
    assert!(data.participants.contains_key(&ParticipantId(2)));
    for asked in [1, 2] {
        let person = one_person(&data, &history, &[p(asked)]);
        assert_eq!(person.records, [p(asked)]);
        assert!(person.joined.is_empty());
    }
    // Merged again after the undo: followed again.
    merged(&mut data, &mut history, "p1@example.org", "p2@example.org");
    assert_eq!(one_person(&data, &history, &[p(2)]).records, [p(1), p(2)]);
}

#[test]
fn a_merge_that_saved_nothing_of_the_record_kept_is_followed_by_its_summary() {
    let mut data = three_adas().data;
    let mut history = Vec::new();
    let plan = merge::plan(
        &data,
        Kind::Participants,
        "p1@example.org",
        "p2@example.org",
    )
    .expect("the merge is possible");
    let Change::Batch { summary, changes } = plan.change else {
        panic!("a merge is one batch");
    };
    let changes = changes
        .into_iter()
        .filter(|c| !matches!(c, Change::Edit { record, .. } if record.key() == RecordKey::Participant(ParticipantId(1))))
        .collect();
    applied(&mut data, &mut history, Change::Batch { summary, changes });
    assert_eq!(one_person(&data, &history, &[p(2)]).records, [p(1), p(2)]);
}

#[test]
fn merging_two_organisations_joins_no_people() {
    let mut data = three_adas().data;
    let mut history = Vec::new();
    let plan = merge::plan(
        &data,
        Kind::Organisations,
        "Northgate Community Health",
        "Riverside Hospitals",
    )
    .expect("the merge is possible");
    applied(&mut data, &mut history, plan.change);
    assert!(standing_merges(&data, &history).is_empty());
    assert_eq!(one_person(&data, &history, &[p(1)]).records, [p(1)]);
}

#[test]
fn erasing_a_merged_person_erases_every_record_in_one_change_naming_no_one() {
    let mut data = three_adas().data;
    let mut history = Vec::new();
    merged(&mut data, &mut history, "p2@example.org", "p3@example.org");
    merged(&mut data, &mut history, "p1@example.org", "p2@example.org");
    let plan = crate::domain::people::erasure::plan_whole(&data, p(3), &history)
        .expect("a record history holds");
    assert_eq!(
        plan.emails,
        ["p3@example.org", "p1@example.org", "p2@example.org"]
    );
    let numbers: Vec<(PersonRef, u64)> =
        std::iter::once((plan.erasure.person, plan.erasure.number))
            .chain(plan.merged.iter().map(|(e, _)| (e.person, e.number)))
            .collect();
    assert_eq!(numbers, [(p(3), 1), (p(1), 2), (p(2), 3)]);
    let summary = plan.change.summary();
    assert_eq!(
        summary,
        "erased a person, now erased person #1 (merged with them: erased person #2, erased \
         person #3)"
    );
    applied(&mut data, &mut history, plan.change);
    assert_eq!(data.erasures.len(), 3);
    assert_eq!(
        data.participants[&ParticipantId(1)].name,
        "erased person #2"
    );
    // Bryn, merged with nobody, is untouched.
    assert_eq!(data.participants[&ParticipantId(4)].name, "Bryn Sample");
}

#[test]
fn erasing_after_an_undone_merge_erases_only_the_record_asked_for() {
    let mut data = three_adas().data;
    let mut history = Vec::new();
    merged(&mut data, &mut history, "p1@example.org", "p2@example.org");
    let undo = crate::domain::undo::undo_of(&history[0]);
    applied(&mut data, &mut history, undo);
    let plan = crate::domain::people::erasure::plan_whole(&data, p(1), &history)
        .expect("participant 1 is there");
    assert!(plan.merged.is_empty());
    assert_eq!(plan.emails, ["p1@example.org"]);
    applied(&mut data, &mut history, plan.change);
    assert_eq!(data.participants[&ParticipantId(2)].name, "Ada Example");
}

#[test]
fn an_alumnus_linked_to_their_q_member_record_is_one_person_from_either_side() {
    use crate::domain::ids::QMemberId;
    let mut f = three_adas();
    f.participant(5, "Eli Vantwest", Some(1), PathwayStage::Completed);
    let (change, _) = crate::domain::people::alumni::link(
        &f.data,
        ParticipantId(5),
        QMemberId(2),
        crate::domain::fixture::day(11, 20),
    )
    .expect("links");
    f.data.apply(&change);
    let both = vec![p(5), PersonRef::QMember(QMemberId(2))];
    for asked in &both {
        let one = one_person(&f.data, &[], &[*asked]);
        assert_eq!(one.records, both, "asked by {asked:?}");
        assert_eq!(one.linked.len(), 1);
    }
    assert_eq!(one_person(&f.data, &[], &[p(4)]).records, vec![p(4)]);
}
