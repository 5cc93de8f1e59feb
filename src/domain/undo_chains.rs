//! Undo walking back through changes that touched the same records: each undo is allowed when
//! the records are as the change left them, whether untouched since or put back by undoing
//! the later change, and refused when a later change that still stands touched them.

use super::*;
use crate::domain::change::Record;
use crate::domain::fixture::Fixture;
use crate::domain::ids::{OrganisationId, ParticipantId, QMemberId};
use crate::domain::people::merge::{Kind, plan};
use crate::domain::people::pathway::{PathwayStage, ReadinessItem, ReadinessTick};
use chrono::TimeZone;

/// A programme and its history, as the store keeps them.
struct Programme {
    data: Snapshot,
    newest_first: Vec<HistoryEntry>,
}

impl Programme {
    fn new(data: Snapshot) -> Programme {
        Programme {
            data,
            newest_first: Vec::new(),
        }
    }

    /// Applies `change` as the next history entry, by `user` at minute `minute`.
    fn apply(&mut self, change: Change, user: &str, minute: u32) -> u64 {
        let seq = self.newest_first.first().map_or(1, |e| e.seq + 1);
        let mut scratch = self.data.clone();
        let mut before = Vec::new();
        for leaf in change.leaves() {
            let key = match leaf {
                Change::Put(r) | Change::Edit { record: r, .. } => r.key(),
                Change::Delete(k) => *k,
                Change::Batch { .. } | Change::Undo { .. } => continue,
            };
            before.push((key, scratch.get(key)));
            scratch.apply(leaf);
        }
        let entry = HistoryEntry {
            seq,
            at: Utc.with_ymd_and_hms(2026, 11, 30, 4, minute, 0).unwrap(),
            user: user.into(),
            change,
            before,
        };
        self.data.apply_entry(&entry);
        self.newest_first.insert(0, entry);
        seq
    }

    /// What `u` does: the newest change not undone, undone if nothing refuses it.
    fn undo(&mut self, minute: u32) -> Result<u64, Blocked> {
        let entry = next_to_undo(&self.newest_first)
            .expect("something to undo")
            .clone();
        self.undo_entry(entry.seq, minute)
    }

    /// What Enter on entry `seq` in `:history` does.
    fn undo_entry(&mut self, seq: u64, minute: u32) -> Result<u64, Blocked> {
        let entry = self
            .newest_first
            .iter()
            .find(|e| e.seq == seq)
            .expect("the entry")
            .clone();
        if let Some(blocked) = blocked(&entry, &self.newest_first, &self.data) {
            return Err(blocked);
        }
        Ok(self.apply(undo_of(&entry), "sam", minute))
    }
}

fn leah() -> (Snapshot, ParticipantId) {
    let mut f = Fixture::new();
    f.participant(1, "Leah Moss", Some(1), PathwayStage::Active);
    (f.data, ParticipantId(1))
}

fn ticked(data: &Snapshot, id: ParticipantId, item: ReadinessItem) -> Change {
    let mut person = data.participants[&id].clone();
    person.readiness.push(ReadinessTick {
        item,
        on: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        note: String::new(),
    });
    Change::Put(Record::Participant(person))
}

#[test]
fn two_ticks_of_one_person_are_undone_in_turn() {
    let (data, leah) = leah();
    let start = data.participants[&leah].clone();
    let mut p = Programme::new(data);
    p.apply(
        ticked(&p.data, leah, ReadinessItem::ProjectPresented),
        "sam",
        1,
    );
    let once = p.data.participants[&leah].clone();
    p.apply(
        ticked(&p.data, leah, ReadinessItem::InfluenceBeyondTeam),
        "sam",
        2,
    );
    assert_eq!(p.undo(3), Ok(3));
    assert_eq!(p.data.participants[&leah], once);
    assert_eq!(p.undo(4), Ok(4), "the first tick is undone in turn");
    assert_eq!(p.data.participants[&leah], start);
    assert_eq!(
        next_to_undo(&p.newest_first),
        None,
        "nothing is left to undo"
    );
}

#[test]
fn the_earlier_change_is_undone_from_history_after_the_later_one_was() {
    let (data, leah) = leah();
    let start = data.participants[&leah].clone();
    let mut p = Programme::new(data);
    p.apply(
        ticked(&p.data, leah, ReadinessItem::ProjectPresented),
        "sam",
        1,
    );
    p.apply(
        ticked(&p.data, leah, ReadinessItem::InfluenceBeyondTeam),
        "sam",
        2,
    );
    p.undo_entry(2, 3).expect("the later tick is undone");
    assert_eq!(p.undo_entry(1, 4), Ok(4));
    assert_eq!(p.data.participants[&leah], start);
}

#[test]
fn a_later_change_that_stands_still_refuses_the_undo_and_names_it() {
    let (data, leah) = leah();
    let mut p = Programme::new(data);
    p.apply(
        ticked(&p.data, leah, ReadinessItem::ProjectPresented),
        "sam",
        1,
    );
    p.apply(
        ticked(&p.data, leah, ReadinessItem::InfluenceBeyondTeam),
        "priya",
        2,
    );
    p.apply(
        ticked(&p.data, leah, ReadinessItem::WrittenReflection),
        "jo",
        3,
    );
    p.undo_entry(3, 4).expect("jo's tick is undone");
    let shown = p.data.participants[&leah].clone();
    let refused = p.undo_entry(1, 5).expect_err("priya's tick still stands");
    assert_eq!(
        refused.to_string(),
        "participant Leah Moss was changed by priya at 04:02 on 30 Nov 2026 after this \
         change; undo that first, or change it by hand"
    );
    assert_eq!(p.data.participants[&leah], shown, "nothing was undone");
}

#[test]
fn undoing_a_creation_is_refused_once_someone_changed_the_new_record() {
    let (mut data, leah) = leah();
    let person = data.participants.remove(&leah).unwrap();
    let mut p = Programme::new(data);
    p.apply(Change::Put(Record::Participant(person)), "sam", 1);
    p.apply(
        ticked(&p.data, leah, ReadinessItem::ProjectPresented),
        "priya",
        2,
    );
    let refused = p.undo_entry(1, 3).expect_err("priya's tick stands");
    assert_eq!(refused.by, "priya");
    assert!(p.data.participants.contains_key(&leah), "Leah is kept");
}

#[test]
fn a_later_deletion_is_named_as_one() {
    let (data, leah) = leah();
    let mut p = Programme::new(data);
    p.apply(
        ticked(&p.data, leah, ReadinessItem::ProjectPresented),
        "sam",
        1,
    );
    p.apply(Change::Delete(RecordKey::Participant(leah)), "priya", 2);
    let refused = p.undo_entry(1, 3).expect_err("the deletion stands");
    assert!(
        refused
            .to_string()
            .starts_with("participant Leah Moss was deleted by priya at 04:02"),
        "{refused}"
    );
}

#[test]
fn a_merge_of_organisations_then_of_their_q_members_is_undone_in_turn() {
    let mut f = Fixture::new();
    f.participant(1, "Leah Moss", Some(1), PathwayStage::Active);
    // The second mentor works for the organisation that goes.
    if let Some(q) = f.data.q_members.get_mut(&QMemberId(2)) {
        q.organisation = OrganisationId(2);
    }
    let start = f.data.clone();
    let mut p = Programme::new(f.data);
    let orgs = plan(
        &p.data,
        Kind::Organisations,
        "Northgate Community Health",
        "Riverside Hospitals",
    )
    .expect("the organisations merge");
    p.apply(orgs.change, "sam", 1);
    let people = plan(&p.data, Kind::QMembers, "q1@example.org", "q2@example.org")
        .expect("the Q members merge");
    p.apply(people.change, "sam", 2);
    assert_eq!(p.undo(3), Ok(3), "the Q members' merge is undone");
    assert_eq!(p.undo(4), Ok(4), "then the organisations'");
    assert_eq!(p.data.q_members, start.q_members);
    assert_eq!(p.data.organisations, start.organisations);
    assert_eq!(p.data.participants, start.participants);
}

#[test]
fn two_imports_touching_one_person_are_undone_in_turn() {
    let (data, leah) = leah();
    let start = data.participants[&leah].clone();
    let mut p = Programme::new(data);
    let import = |data: &Snapshot, stage: PathwayStage, file: &str| {
        let mut person = data.participants[&leah].clone();
        person.pathway.move_to(
            stage,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            String::new(),
        );
        Change::Batch {
            summary: format!("imported {file}"),
            changes: vec![Change::Put(Record::Participant(person))],
        }
    };
    p.apply(
        import(&p.data, PathwayStage::Completed, "pathway-a.csv"),
        "sam",
        1,
    );
    p.apply(
        import(&p.data, PathwayStage::AppliedToQ, "pathway-b.csv"),
        "sam",
        2,
    );
    assert_eq!(p.undo(3), Ok(3));
    assert_eq!(p.undo(4), Ok(4));
    assert_eq!(p.data.participants[&leah], start);
}

#[test]
fn the_store_and_the_question_agree_on_what_an_entry_left() {
    // A batch that saves a record twice left it as the second save wrote it.
    let (data, leah) = leah();
    let mut p = Programme::new(data);
    let first = ticked(&p.data, leah, ReadinessItem::ProjectPresented);
    let Change::Put(once) = first.clone() else {
        unreachable!()
    };
    let mut scratch = p.data.clone();
    scratch.apply(&first);
    let second = ticked(&scratch, leah, ReadinessItem::MentorSignOff);
    let Change::Put(twice) = second.clone() else {
        unreachable!()
    };
    p.apply(
        Change::Batch {
            summary: "two saves".into(),
            changes: vec![first, second],
        },
        "sam",
        1,
    );
    let entry = &p.newest_first[0];
    assert_eq!(
        left_by(entry),
        vec![(RecordKey::Participant(leah), Some(&twice))]
    );
    assert_ne!(once, twice);
    assert_eq!(first_changed_since(entry, &p.data), None);
}
