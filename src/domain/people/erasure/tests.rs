use super::*;
use crate::domain::budget::ExpenseState;
use crate::domain::fixture::{Fixture, day};
use crate::domain::ids::{CategoryId, ExpenseId, ParticipantId, QMemberId};
use crate::domain::mentoring::{CheckIn, MatchState};
use crate::domain::people::pathway::PathwayStage;
use crate::domain::sessions::Attendance;
use chrono::{TimeZone, Utc};

fn programme() -> Snapshot {
    let mut fixture = Fixture::new();
    fixture
        .participant(1, "Wren Hollis", Some(1), PathwayStage::Active)
        .participant(2, "Tobiah Marr", Some(1), PathwayStage::Active)
        .matched(1, 1, 1, MatchState::Confirmed { on: day(2, 2) })
        .session(
            1,
            crate::domain::fixture::at(3, 2, 10),
            &[(1, Attendance::Attended), (2, Attendance::Attended)],
        )
        .expense(1, CategoryId::VENUE_HIRE, ExpenseState::Paid, 4_500);
    let mut data = fixture.data;
    let mut wren = data.participants[&ParticipantId(1)].clone();
    wren.notes = "Prefers mornings".into();
    wren.project.aim = "Fewer falls on Ward 3".into();
    data.put(Record::Participant(wren));
    let mut expense = data.expenses[&ExpenseId(1)].clone();
    expense.payee = "WREN HOLLIS".into();
    expense.description = "Train fare for Wren Hollis (p1@example.org)".into();
    expense.person = Some(PersonRef::Participant(ParticipantId(1)));
    data.put(Record::Expense(expense));
    let mut pair = data.matches[&crate::domain::ids::MatchId(1)].clone();
    pair.check_ins.push(CheckIn {
        on: day(3, 9),
        met: true,
        note: "Wren Hollis brought her run chart".into(),
    });
    data.put(Record::Match(pair));
    data
}

fn wren() -> PersonRef {
    PersonRef::Participant(ParticipantId(1))
}

#[test]
fn whole_words_are_replaced_whatever_their_case_and_nothing_inside_other_words() {
    assert_eq!(
        replace_words("Met ann and ANN; Annual review by Joann", "Ann", "#1"),
        "Met #1 and #1; Annual review by Joann"
    );
    assert_eq!(
        replace_words("mail p1@example.org.", "P1@Example.org", "#1"),
        "mail #1."
    );
    assert_eq!(replace_words("İstanbul", "i", "#"), "İstanbul");
}

#[test]
fn an_email_is_found_without_case_in_either_register() {
    let mut data = programme();
    assert_eq!(people_with_email(&data, " P1@Example.ORG "), vec![wren()]);
    assert!(people_with_email(&data, "nobody@example.org").is_empty());
    assert!(people_with_email(&data, "  ").is_empty());
    let mut mentor = data.q_members[&QMemberId(2)].clone();
    mentor.email = "p1@example.org".into();
    data.put(Record::QMember(mentor));
    assert_eq!(
        people_with_email(&data, "p1@example.org"),
        vec![wren(), PersonRef::QMember(QMemberId(2))]
    );
}

#[test]
fn the_plan_counts_what_stays_and_leaves_no_name_or_email_in_the_records() {
    let data = programme();
    let plan = plan(&data, wren(), &[]).expect("wren is there");
    assert_eq!(plan.erasure.number, 1);
    assert_eq!(
        (plan.matches, plan.attendances, plan.expenses),
        (1, 1, 1),
        "{plan:?}"
    );
    assert_eq!(
        plan.texts_elsewhere, 2,
        "the expense and the match's check-in"
    );
    let mut after = data.clone();
    after.apply(&plan.change);
    let text = format!("{after:?}").to_lowercase();
    assert!(!text.contains("wren"), "{text}");
    assert!(!text.contains("p1@example.org"));
    assert!(!text.contains("fewer falls"));
    let tombstone = &after.participants[&ParticipantId(1)];
    assert_eq!(tombstone.name, "erased person #1");
    assert_eq!(tombstone.cohort, Some(crate::domain::ids::CohortId(1)));
    assert_eq!(tombstone.stage(), PathwayStage::Active);
    let expense = &after.expenses[&ExpenseId(1)];
    assert_eq!(expense.payee, "erased person #1");
    assert_eq!(
        expense.description,
        "Train fare for erased person #1 (erased person #1)"
    );
    assert_eq!(after.budget_totals, data.budget_totals, "totals unchanged");
    assert_eq!(after.sessions, data.sessions, "attendance unchanged");
    // Tobiah is untouched, and the next erasure is numbered 2.
    assert_eq!(after.participants[&ParticipantId(2)].name, "Tobiah Marr");
    let next = super::plan(&after, PersonRef::Participant(ParticipantId(2)), &[]);
    assert_eq!(next.map(|p| p.erasure.number), Ok(2));
}

#[test]
fn history_entries_are_rewritten_so_neither_before_nor_after_holds_the_person() {
    let data = programme();
    let before = data.participants[&ParticipantId(1)].clone();
    let mut renamed = before.clone();
    renamed.name = "Wren Hollis-Marr".into();
    let entry = HistoryEntry {
        seq: 4,
        at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
        user: "ana".into(),
        change: Change::Batch {
            summary: "moved Wren Hollis to Active".into(),
            changes: vec![Change::Put(Record::Participant(renamed))],
        },
        before: vec![(
            RecordKey::Participant(ParticipantId(1)),
            Some(Record::Participant(before)),
        )],
    };
    let plan = plan(&data, wren(), std::slice::from_ref(&entry)).expect("wren");
    assert_eq!(plan.history_entries, 1);
    let mut scrubbing = Scrubbing::default();
    scrubbing.add(plan.erasure, "Wren Hollis", "p1@example.org");
    let scrubbed = scrubbing.entry(&entry);
    let text = format!("{scrubbed:?}").to_lowercase();
    assert!(!text.contains("wren"), "{text}");
    assert_eq!(
        scrubbed.change.summary(),
        "moved erased person #1 to Active"
    );
    assert_eq!(scrubbed.user, "ana");
    assert!(is_erasure(&plan.change));
    assert!(!is_erasure(&entry.change));
}

#[test]
fn a_person_not_in_the_programme_cannot_be_erased() {
    let err = plan(&programme(), PersonRef::Participant(ParticipantId(9)), &[]);
    assert_eq!(
        err.map(|p| p.erasure),
        Err(CannotErase::NotFound("participant 9".into()))
    );
}

#[test]
fn what_stays_is_told_with_the_verb_its_count_needs() {
    let mut fixture = Fixture::new();
    fixture
        .participant(2, "Tobiah Marr", Some(1), PathwayStage::Active)
        .session(
            1,
            crate::domain::fixture::at(3, 2, 10),
            &[(2, Attendance::Attended)],
        );
    let one = plan(&fixture.data, PersonRef::Participant(ParticipantId(2)), &[])
        .expect("Tobiah is there");
    assert_eq!(
        one.kept(),
        "1 session attendance keeps pointing at erased person #1"
    );
    fixture.session(
        2,
        crate::domain::fixture::at(3, 9, 10),
        &[(2, Attendance::Apologies)],
    );
    let two = plan(&fixture.data, PersonRef::Participant(ParticipantId(2)), &[])
        .expect("Tobiah is there");
    assert_eq!(
        two.kept(),
        "2 session attendances keep pointing at erased person #1"
    );
}

#[test]
fn their_survey_answers_are_deleted_and_history_keeps_none_of_them() {
    use crate::domain::outcomes::{SurveyAnswer, SurveyAnswers, Timepoint};
    let mut data = programme();
    let answer = |timepoint, score| SurveyAnswer {
        question: "Confidence leading improvement".into(),
        timepoint,
        score,
        answered: None,
        recorded_on: day(4, 1),
    };
    let theirs = SurveyAnswers {
        participant: ParticipantId(1),
        answers: vec![answer(Timepoint::Start, 3), answer(Timepoint::End, 8)],
    };
    let others = SurveyAnswers {
        participant: ParticipantId(2),
        answers: vec![answer(Timepoint::Start, 5)],
    };
    data.put(Record::Survey(theirs.clone()));
    data.put(Record::Survey(others.clone()));
    let imported = HistoryEntry {
        seq: 1,
        at: Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap(),
        user: "ana".into(),
        change: Change::Batch {
            summary: "imported outcomes.csv: 3 answers from 2 participants".into(),
            changes: vec![
                Change::Put(Record::Survey(theirs.clone())),
                Change::Put(Record::Survey(others.clone())),
            ],
        },
        before: vec![
            (RecordKey::Survey(ParticipantId(1)), None),
            (RecordKey::Survey(ParticipantId(2)), None),
        ],
    };
    let history = [imported];
    let plan = plan(&data, PersonRef::Participant(ParticipantId(1)), &history).unwrap();
    assert_eq!(plan.survey_answers, 2);
    assert!(
        plan.describe()
            .contains(&"Their 2 outcomes survey answers are deleted.".to_string()),
        "{:#?}",
        plan.describe()
    );
    let mut after = data.clone();
    after.apply(&plan.change);
    assert!(!after.surveys.contains_key(&ParticipantId(1)));
    assert_eq!(after.surveys.get(&ParticipantId(2)), Some(&others));
    let scrubbing = scrubbing_for(&[plan.erasure], &history);
    let rewritten = scrubbing.entry(&history[0]);
    let Change::Batch { changes, .. } = &rewritten.change else {
        panic!("still a batch");
    };
    assert_eq!(
        changes[0],
        Change::Put(Record::Survey(SurveyAnswers {
            participant: ParticipantId(1),
            answers: Vec::new(),
        })),
        "history holds none of their answers"
    );
    assert_eq!(changes[1], Change::Put(Record::Survey(others)));
}
