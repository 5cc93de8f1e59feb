use super::*;
use crate::domain::budget::ExpenseState;
use crate::domain::fixture::{Fixture, at};
use crate::domain::ids::{CategoryId, ExpenseId, MatchId};
use crate::domain::mentoring::{MatchState, PairRuleKind};
use crate::domain::people::pathway::PathwayStage;
use crate::domain::sessions::Attendance;
use chrono::TimeZone;

fn when(seq: u64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_780_000_000 + i64::try_from(seq).unwrap_or(0) * 60, 0)
        .single()
        .expect("a fixed instant")
}

/// Applies `change` as history entry `seq` by "jo", recording what it replaced.
fn entry(data: &mut Snapshot, seq: u64, change: Change) -> HistoryEntry {
    let before = change
        .keys()
        .into_iter()
        .map(|k| (k, data.get(k)))
        .collect();
    let entry = HistoryEntry {
        seq,
        at: when(seq),
        user: "jo".into(),
        change,
        before,
    };
    data.apply_entry(&entry);
    entry
}

/// Participants 1 (Ada Brightwater) and 2 (Bo Stillman) in cohort 1, mentored by Q member 1
/// (Morwenna Tull); Bo is invited to one session Q member 1 facilitates.
fn programme() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Ada Brightwater", Some(1), PathwayStage::Active)
        .participant(2, "Bo Stillman", Some(1), PathwayStage::Active)
        .matched(1, 1, 1, MatchState::Proposed)
        .matched(2, 2, 1, MatchState::Proposed)
        .session(
            1,
            at(3, 4, 10),
            &[(1, Attendance::Attended), (2, Attendance::Apologies)],
        )
        .session(2, at(2, 4, 10), &[(2, Attendance::Attended)])
        .expense(1, CategoryId::CATERING, ExpenseState::Paid, 1_200)
        .expense(2, CategoryId::VENUE_HIRE, ExpenseState::Paid, 9_000);
    f
}

fn expense_mut(f: &mut Fixture, id: u64) -> &mut Expense {
    f.data
        .expenses
        .get_mut(&ExpenseId(id))
        .expect("the fixture's expense")
}

#[test]
fn emails_match_whatever_their_case_and_surrounding_spaces() {
    let mut f = programme();
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.email = "Ada.Brightwater@Example.org".into();
    }
    assert_eq!(
        people_with_email(&f.data, &[], "  ada.brightwater@example.ORG\t"),
        vec![PersonRef::Participant(ParticipantId(1))]
    );
    assert!(people_with_email(&f.data, &[], "ada@example.org").is_empty());
}

#[test]
fn one_email_in_both_registers_finds_the_participant_then_the_q_member() {
    let mut f = programme();
    if let Some(q) = f.data.q_members.get_mut(&QMemberId(2)) {
        q.email = "P1@example.org".into();
    }
    assert_eq!(
        people_with_email(&f.data, &[], "p1@example.org"),
        vec![
            PersonRef::Participant(ParticipantId(1)),
            PersonRef::QMember(QMemberId(2))
        ]
    );
}

#[test]
fn a_participant_has_their_record_mentor_sessions_and_the_expenses_naming_them() {
    let mut f = programme();
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(2)) {
        p.nominated_by = Some(QMemberId(2));
    }
    expense_mut(&mut f, 1).person = Some(PersonRef::Participant(ParticipantId(2)));
    expense_mut(&mut f, 2).description = "Room for bo stillman's project review".into();
    let held = held_about(&f.data, &[PersonRef::Participant(ParticipantId(2))], &[]);

    assert!(held.q_members.is_empty());
    let [bo] = held.participants.as_slice() else {
        panic!("one participant expected: {held:?}");
    };
    assert_eq!(bo.record.name, "Bo Stillman");
    assert_eq!(bo.cohort.as_deref(), Some("Cohort 1"));
    assert_eq!(bo.profession, "Nurse");
    assert_eq!(
        bo.nominated_by,
        Some(Named {
            id: 2,
            name: "Idris Penhale".into()
        })
    );
    let mentors: Vec<(&str, MatchId)> = bo
        .mentoring
        .iter()
        .map(|m| (m.with.name.as_str(), m.record.id))
        .collect();
    assert_eq!(mentors, vec![("Morwenna Tull", MatchId(2))]);
    // Earliest first, each with their own attendance.
    let sessions: Vec<(u64, Option<&str>)> = bo
        .sessions
        .iter()
        .map(|s| (s.id, s.attendance.as_deref()))
        .collect();
    assert_eq!(
        sessions,
        vec![(2, Some("attended")), (1, Some("apologies"))]
    );
    let expenses: Vec<(u64, Vec<&str>)> = bo
        .expenses
        .iter()
        .map(|e| {
            (
                e.expense.id.0,
                e.names_them_in.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        expenses,
        vec![(1, vec!["person"]), (2, vec!["description"])]
    );
}

#[test]
fn nothing_of_another_participant_is_included() {
    let f = programme();
    let held = held_about(&f.data, &[PersonRef::Participant(ParticipantId(1))], &[]);
    let text = serde_json::to_string(&held).expect("serialisable");
    assert!(text.contains("Ada Brightwater"), "{text}");
    assert!(!text.contains("Bo Stillman"), "{text}");
    assert!(!text.contains("p2@example.org"), "{text}");
}

#[test]
fn a_q_member_has_mentees_sessions_led_and_hosted_people_nominated_and_expenses() {
    let mut f = programme();
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.nominated_by = Some(QMemberId(1));
    }
    if let Some(s) = f.data.sessions.get_mut(&SessionId(2)) {
        s.facilitators.clear();
        s.host = Some(QMemberId(1));
    }
    expense_mut(&mut f, 2).payee = "Morwenna Tull".into();
    f.data.put(Record::PairRule(PairRule {
        participant: ParticipantId(2),
        q_member: QMemberId(1),
        kind: PairRuleKind::Forbidden,
        reason: "line manager".into(),
    }));
    let held = held_about(&f.data, &[PersonRef::QMember(QMemberId(1))], &[]);

    let [q] = held.q_members.as_slice() else {
        panic!("one Q member expected: {held:?}");
    };
    let mentees: Vec<&str> = q.mentoring.iter().map(|m| m.with.name.as_str()).collect();
    assert_eq!(mentees, vec!["Ada Brightwater", "Bo Stillman"]);
    let sessions: Vec<(u64, &str)> = q.sessions.iter().map(|s| (s.id, s.role.as_str())).collect();
    assert_eq!(sessions, vec![(2, "host"), (1, "facilitator")]);
    assert_eq!(
        q.nominated,
        vec![Named {
            id: 1,
            name: "Ada Brightwater".into()
        }]
    );
    assert_eq!(q.pair_rules.len(), 1);
    assert_eq!(q.pair_rules[0].rule.reason, "line manager");
    let expenses: Vec<u64> = q.expenses.iter().map(|e| e.expense.id.0).collect();
    assert_eq!(expenses, vec![2]);
}

#[test]
fn an_expense_naming_someone_in_both_registers_is_listed_once() {
    let mut f = programme();
    if let Some(q) = f.data.q_members.get_mut(&QMemberId(2)) {
        q.email = "p1@example.org".into();
        q.name = "Ada Brightwater".into();
    }
    expense_mut(&mut f, 1).payee = "Ada Brightwater".into();
    expense_mut(&mut f, 2).person = Some(PersonRef::QMember(QMemberId(2)));
    let people = people_with_email(&f.data, &[], "p1@example.org");
    let held = held_about(&f.data, &people, &[]);
    let ids = |list: &[ExpenseHeld]| list.iter().map(|e| e.expense.id.0).collect::<Vec<_>>();
    assert_eq!(ids(&held.participants[0].expenses), vec![1]);
    assert_eq!(ids(&held.q_members[0].expenses), vec![2]);
}

#[test]
fn history_keeps_entries_that_touched_their_records_with_their_own_in_full() {
    let mut f = programme();
    let mut data = std::mem::take(&mut f.data);
    let mut log = Vec::new();
    let mut ada = data.participants[&ParticipantId(1)].clone();
    ada.notes = "prefers afternoons".into();
    log.push(entry(&mut data, 1, Change::Put(Record::Participant(ada))));
    let mut bo = data.participants[&ParticipantId(2)].clone();
    bo.notes = "on leave in May".into();
    log.push(entry(&mut data, 2, Change::Put(Record::Participant(bo))));
    let mut session = data.sessions[&SessionId(1)].clone();
    session.title = "Run charts".into();
    log.push(entry(&mut data, 3, Change::Put(Record::Session(session))));
    log.push(entry(
        &mut data,
        4,
        Change::Batch {
            summary: "ended a match".into(),
            changes: vec![Change::Delete(RecordKey::Match(MatchId(1)))],
        },
    ));

    let held = held_about(&data, &[PersonRef::Participant(ParticipantId(1))], &log);
    let seqs: Vec<u64> = held.history.iter().map(|h| h.seq).collect();
    assert_eq!(seqs, vec![1, 3, 4], "Bo's own change is not Ada's");

    let own = &held.history[0].records[0];
    assert_eq!(own.record, "participant 1 “Ada Brightwater”");
    assert_eq!(own.change, "changed");
    assert!(matches!(&own.before, Some(Record::Participant(p)) if p.notes.is_empty()));
    assert!(matches!(&own.after, Some(Record::Participant(p)) if p.notes == "prefers afternoons"));
    assert_eq!(held.history[0].user, "jo");

    // A session lists others too: named, not copied.
    let session = &held.history[1].records[0];
    assert_eq!(session.record, "session 1 “Run charts”");
    assert_eq!((&session.before, &session.after), (&None, &None));

    let ended = &held.history[2].records[0];
    assert_eq!(ended.change, "deleted");
    assert!(matches!(&ended.before, Some(Record::Match(m)) if m.id == MatchId(1)));
    assert_eq!(held.history[2].summary, "ended a match");
}

#[test]
fn a_deleted_person_is_still_found_in_history() {
    let mut f = programme();
    let mut data = std::mem::take(&mut f.data);
    let log = vec![entry(
        &mut data,
        1,
        Change::Delete(RecordKey::Participant(ParticipantId(2))),
    )];
    let people = people_with_email(&data, &log, "P2@example.org");
    assert_eq!(people, vec![PersonRef::Participant(ParticipantId(2))]);
    let held = held_about(&data, &people, &log);
    assert!(held.participants.is_empty(), "no record is left to show");
    assert_eq!(held.history.len(), 1);
    assert!(
        matches!(&held.history[0].records[0].before, Some(Record::Participant(p)) if p.name == "Bo Stillman")
    );
}
