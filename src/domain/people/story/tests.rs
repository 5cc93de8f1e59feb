//! Stories of people in a small programme built in code.

use super::*;
use crate::domain::budget::ExpenseState;
use crate::domain::change::Record;
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::ids::CategoryId;
use crate::domain::mentoring::CheckIn;
use crate::domain::people::pathway::{PathwayStage, ReadinessItem};
use chrono::{TimeZone, Utc};

/// 1 June 2026, noon in London.
fn now() -> LocalNow {
    LocalNow::new(
        Utc.with_ymd_and_hms(2026, 6, 1, 11, 0, 0).unwrap(),
        chrono_tz::Europe::London,
    )
}

/// Wren (1) nominated by Morwenna (mentor 1), mentored first by Idris (ended) and now by
/// Morwenna; invited to three held sessions (two attended) and one to come; one expense names
/// her. Tobiah (2) is newly enrolled and has nothing yet.
fn programme() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Wren Hollis", Some(1), PathwayStage::Active)
        .participant(2, "Tobiah Marr", Some(1), PathwayStage::Enrolled)
        .matched(
            1,
            1,
            2,
            MatchState::Ended {
                on: day(3, 1),
                reason: "moved job".into(),
            },
        )
        .matched(2, 1, 1, MatchState::Confirmed { on: day(3, 10) })
        .session(1, at(2, 3, 10), &[(1, Attendance::Attended)])
        .session(2, at(3, 3, 10), &[(1, Attendance::NoShow)])
        .session(3, at(4, 3, 10), &[(1, Attendance::Attended)])
        .session(4, at(7, 3, 10), &[(1, Attendance::Registered)])
        .expense(1, CategoryId::VENUE_HIRE, ExpenseState::Paid, 4_500)
        .expense(2, CategoryId::VENUE_HIRE, ExpenseState::Paid, 9_900);
    let mut wren = f.data.participants[&ParticipantId(1)].clone();
    wren.nominated_by = Some(QMemberId(1));
    wren.pathway
        .move_to(PathwayStage::Enrolled, day(1, 20), String::new());
    wren.readiness.push(ReadinessTick {
        item: ReadinessItem::ProjectPresented,
        on: day(5, 2),
        note: String::new(),
    });
    f.data.put(Record::Participant(wren));
    let mut m = f.data.matches[&MatchId(2)].clone();
    m.check_ins = vec![
        CheckIn {
            on: day(5, 1),
            met: false,
            note: "rescheduled".into(),
        },
        CheckIn {
            on: day(4, 1),
            met: true,
            note: "agreed measures".into(),
        },
    ];
    f.data.put(Record::Match(m));
    let mut e = f.data.expenses[&ExpenseId(1)].clone();
    e.person = Some(PersonRef::Participant(ParticipantId(1)));
    e.payee = "Wren Hollis".into();
    f.data.put(Record::Expense(e));
    f
}

#[test]
fn a_participants_story_has_their_mentors_now_first_with_check_ins_in_date_order() {
    let f = programme();
    let story = participant_story(&f.data, ParticipantId(1), now()).unwrap();
    let mentors: Vec<(&str, &str)> = story
        .mentors
        .iter()
        .map(|m| (m.other.as_str(), m.state.label()))
        .collect();
    assert_eq!(
        mentors,
        [("Morwenna Tull", "confirmed"), ("Idris Penhale", "ended")]
    );
    let notes: Vec<&str> = story.mentors[0]
        .check_ins
        .iter()
        .map(|c| c.note.as_str())
        .collect();
    assert_eq!(notes, ["agreed measures", "rescheduled"]);
    assert_eq!(
        story.nominated_by,
        Some((QMemberId(1), "Morwenna Tull".to_string()))
    );
}

#[test]
fn attendance_counts_held_sessions_only_and_the_rest_are_to_come() {
    let f = programme();
    let story = participant_story(&f.data, ParticipantId(1), now()).unwrap();
    assert_eq!(story.sessions.len(), 4);
    assert_eq!((story.readiness.attended, story.readiness.expected), (2, 3));
    assert_eq!(story.readiness.attendance_percent(), Some(66));
    assert_eq!(story.sessions_to_come(), 1);
    assert_eq!(
        story.sessions.last().map(|s| (s.held, s.attendance)),
        Some((false, Some(Attendance::Registered)))
    );
    // Readiness: the project presented, attendance short of 75%.
    assert_eq!(story.readiness.met(), 1);
}

#[test]
fn a_cancelled_session_is_listed_but_not_counted() {
    let mut f = programme();
    let mut s = f.data.sessions[&SessionId(2)].clone();
    s.cancelled = true;
    f.data.put(Record::Session(s));
    let story = participant_story(&f.data, ParticipantId(1), now()).unwrap();
    assert_eq!(story.sessions.len(), 4);
    assert_eq!((story.readiness.attended, story.readiness.expected), (2, 2));
}

#[test]
fn only_expenses_linked_to_the_person_are_theirs() {
    let f = programme();
    let story = participant_story(&f.data, ParticipantId(1), now()).unwrap();
    let amounts: Vec<i64> = story.expenses.iter().map(|e| e.amount.0).collect();
    assert_eq!(amounts, [4_500]);
    assert_eq!(story.expenses[0].category, "Venue hire");
}

#[test]
fn a_newcomer_has_a_pathway_and_nothing_else_yet() {
    let f = programme();
    let story = participant_story(&f.data, ParticipantId(2), now()).unwrap();
    assert_eq!(story.pathway.len(), 1);
    assert_eq!(story.stage, PathwayStage::Enrolled);
    assert!(story.mentors.is_empty());
    assert!(story.sessions.is_empty());
    assert!(story.expenses.is_empty());
    assert_eq!(story.nominated_by, None);
    assert_eq!(story.readiness.attendance_percent(), None);
}

#[test]
fn nobody_has_no_story() {
    let f = programme();
    assert_eq!(participant_story(&f.data, ParticipantId(99), now()), None);
    assert_eq!(q_member_story(&f.data, QMemberId(99), now()), None);
}

#[test]
fn a_q_members_story_has_mentees_now_and_before_sessions_led_and_nominees() {
    let mut f = programme();
    let mut visit = f.data.sessions[&SessionId(4)].clone();
    visit.host = Some(QMemberId(2));
    f.data.put(Record::Session(visit));
    let morwenna = q_member_story(&f.data, QMemberId(1), now()).unwrap();
    assert_eq!((morwenna.load, morwenna.capacity), (1, 2));
    assert_eq!(morwenna.mentees.len(), 1);
    assert_eq!(morwenna.mentees[0].other, "Wren Hollis");
    assert!(morwenna.mentees[0].is_now());
    // Fixture sessions are all led by mentor 1.
    assert_eq!(morwenna.led.len(), 4);
    assert!(morwenna.hosted.is_empty());
    let nominated: Vec<&str> = morwenna.nominated.iter().map(|n| n.1.as_str()).collect();
    assert_eq!(nominated, ["Wren Hollis"]);

    let idris = q_member_story(&f.data, QMemberId(2), now()).unwrap();
    assert_eq!(idris.load, 0);
    assert!(!idris.mentees[0].is_now(), "Wren's first match ended");
    assert!(idris.led.is_empty());
    assert_eq!(idris.hosted.len(), 1);
    assert!(idris.nominated.is_empty());
}
