//! What a change did, described as a person reads it in history and the undo question.
use super::*;
use crate::domain::fixture::Fixture;
use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::people::pathway::PathwayStage;
use chrono::NaiveDate;

fn fixture() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Arjun Sethuraman", Some(1), PathwayStage::Active);
    f.participant(2, "Bea Lindqvist", Some(1), PathwayStage::Active);
    f
}

fn before_of(data: &Snapshot, change: &Change) -> Vec<(RecordKey, Option<Record>)> {
    change
        .keys()
        .into_iter()
        .map(|k| (k, data.get(k)))
        .collect()
}

#[test]
fn an_edit_names_the_person_and_each_field_changed() {
    let f = fixture();
    let mut person = f.data.participants[&ParticipantId(1)].clone();
    person.project.title = "Fewer missed follow-ups".into();
    person.notes = "Presenting in March".into();
    let change = Change::Batch {
        summary: "changed participant Arjun Sethuraman".into(),
        changes: vec![Change::Edit {
            record: Record::Participant(person),
            based_on: Some(1),
        }],
    };
    assert_eq!(
        describe(&before_of(&f.data, &change), &change, &f.data),
        "Arjun Sethuraman: project title, notes"
    );
}

#[test]
fn a_cohort_edit_names_the_cohort_and_its_dates() {
    let f = fixture();
    let mut cohort = f.data.cohorts[&CohortId(1)].clone();
    cohort.name = "Cohort 3".into();
    let before = vec![(
        RecordKey::Cohort(CohortId(1)),
        Some(Record::Cohort(cohort.clone())),
    )];
    cohort.ends = NaiveDate::from_ymd_opt(2027, 7, 31).unwrap_or_default();
    let change = Change::Put(Record::Cohort(cohort));
    assert_eq!(describe(&before, &change, &f.data), "Cohort 3: ends");
}

#[test]
fn additions_and_deletions_say_so_with_the_kind_of_record() {
    let f = fixture();
    let bea = Record::Participant(f.data.participants[&ParticipantId(2)].clone());
    let added = Change::Put(bea.clone());
    assert_eq!(
        describe(&[(bea.key(), None)], &added, &f.data),
        "added participant Bea Lindqvist"
    );
    let deleted = Change::Delete(bea.key());
    assert_eq!(
        describe(&before_of(&f.data, &deleted), &deleted, &f.data),
        "deleted participant Bea Lindqvist"
    );
}

#[test]
fn a_big_batch_is_summed_up_and_unchanged_records_are_not_counted() {
    let f = fixture();
    let people: Vec<Record> = (1..=5)
        .map(|n| {
            let mut p = f.data.participants[&ParticipantId(1)].clone();
            p.id = ParticipantId(100 + n);
            p.name = format!("Person {n}");
            Record::Participant(p)
        })
        .collect();
    let arjun = Record::Participant(f.data.participants[&ParticipantId(1)].clone());
    let mut changes: Vec<Change> = people.iter().cloned().map(Change::Put).collect();
    changes.push(Change::Put(arjun.clone()));
    let change = Change::Batch {
        summary: "imported participants.csv".into(),
        changes,
    };
    let mut before: Vec<_> = people.iter().map(|p| (p.key(), None)).collect();
    before.push((arjun.key(), Some(arjun)));
    assert_eq!(
        describe(&before, &change, &f.data),
        "imported participants.csv (5 records)"
    );
}

#[test]
fn an_undo_is_said_as_what_it_undid() {
    let f = fixture();
    let bea = Record::Participant(f.data.participants[&ParticipantId(2)].clone());
    // Undoing the addition of Bea deletes her.
    let entry = HistoryEntry {
        seq: 9,
        at: chrono::DateTime::default(),
        user: "sam".into(),
        change: Change::Undo {
            of: 8,
            summary: "saved participant".into(),
            changes: vec![Change::Delete(bea.key())],
        },
        before: vec![(bea.key(), Some(bea))],
    };
    assert_eq!(
        describe_entry(&entry, &f.data),
        "undid: added participant Bea Lindqvist"
    );
}

#[test]
fn a_saved_edit_names_the_record_by_its_new_name_and_what_changed() {
    let f = fixture();
    let was = Record::Participant(f.data.participants[&ParticipantId(2)].clone());
    let mut person = f.data.participants[&ParticipantId(2)].clone();
    person.name = "Bea Lindqvist-Okoro".into();
    person.email = "bea@example.org".into();
    let now = Record::Participant(person);
    assert_eq!(
        saved(&was, &now, &f.data),
        "Saved Bea Lindqvist-Okoro: name, email"
    );
    assert_eq!(
        saved(&was, &was, &f.data),
        "Saved Bea Lindqvist: nothing had changed"
    );
}

#[test]
fn settings_read_in_the_forms_words_without_saying_a_name_twice() {
    use crate::domain::budget::Budget;
    use crate::domain::money::Pence;
    use crate::domain::programme::ProgrammeSettings;
    let f = fixture();
    let was = Budget {
        total: Pence(4_000_000),
        allocations: Vec::new(),
    };
    let now = Budget {
        total: Pence(4_500_000),
        allocations: Vec::new(),
    };
    let settings = Record::Settings(ProgrammeSettings {
        dormant_pair_weeks: 6,
    });
    let change = Change::Batch {
        summary: "saved the programme's settings".into(),
        changes: vec![
            Change::Put(Record::Budget(now)),
            Change::Put(settings.clone()),
        ],
    };
    let before = vec![
        (RecordKey::Budget, Some(Record::Budget(was))),
        (RecordKey::Settings, None),
    ];
    assert_eq!(
        describe(&before, &change, &f.data),
        "the budget: grant; added programme settings (dormant weeks 6)"
    );
    let entry = HistoryEntry {
        seq: 2,
        at: chrono::DateTime::default(),
        user: "sam".into(),
        change,
        before,
    };
    assert_eq!(
        describe_entry_with_values(&entry, &f.data),
        "the budget: grant £40,000.00 → £45,000.00; added programme settings (dormant \
         weeks 6)"
    );
}

#[test]
fn records_without_a_name_are_named_by_what_they_are_about() {
    let mut f = fixture();
    f.matched(1, 1, 1, crate::domain::mentoring::MatchState::Proposed);
    let m = Record::Match(f.data.matches.values().next().cloned().expect("a match"));
    assert_eq!(
        record_name(&m, &f.data),
        "Arjun Sethuraman with Morwenna Tull"
    );
}

#[test]
fn marking_a_register_says_which_marks_were_given() {
    use crate::domain::fixture::at;
    use crate::domain::sessions::Attendance::{Attended, Invited, NoShow, Registered};
    let mut f = fixture();
    f.participant(3, "Cai Morrow", Some(1), PathwayStage::Active);
    f.participant(4, "Dee Falconer", Some(1), PathwayStage::Active);
    f.participant(5, "Eli Brandt", Some(1), PathwayStage::Active);
    f.session(
        1,
        at(11, 29, 14),
        &[
            (1, Invited),
            (2, Registered),
            (3, Invited),
            (4, Invited),
            (5, Attended),
        ],
    );
    let mut session = f.data.sessions.values().next().cloned().expect("a session");
    for (invitation, mark) in session
        .invitees
        .iter_mut()
        .zip([Attended, Attended, NoShow, Attended, Attended])
    {
        invitation.attendance = mark;
    }
    let change = Change::Put(Record::Session(session));
    assert_eq!(
        describe(&before_of(&f.data, &change), &change, &f.data),
        "Session 1: attendance (3 attended, 1 no-show)"
    );
}

#[test]
fn a_person_added_with_a_new_profession_is_said_first() {
    use crate::domain::ids::ProfessionId;
    use crate::domain::people::Profession;
    let f = fixture();
    let mut leah = f.data.participants[&ParticipantId(2)].clone();
    leah.id = ParticipantId(30);
    leah.name = "Leah Moss".into();
    leah.profession = ProfessionId(40);
    let profession = Record::Profession(Profession {
        id: ProfessionId(40),
        name: "Pharmacist".into(),
    });
    let leah = Record::Participant(leah);
    let change = Change::Batch {
        summary: "added participant Leah Moss".into(),
        changes: vec![Change::Put(profession.clone()), Change::Put(leah.clone())],
    };
    let before = vec![(profession.key(), None), (leah.key(), None)];
    assert_eq!(
        describe(&before, &change, &f.data),
        "added participant Leah Moss (and new profession Pharmacist)"
    );
}
