use super::*;
use crate::domain::change::Record;
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::ids::CohortId;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::snapshot::Snapshot;

const LEADING: &str = "Confidence leading improvement";
const ACROSS: &str = "Confidence working across organisations";

/// A programme whose participant `id` (in cohort 1 unless said) answered `question` with
/// `scores` at the start, middle and end.
struct Answers(Fixture);

impl Answers {
    fn new() -> Answers {
        Answers(Fixture::new())
    }

    fn person(
        &mut self,
        id: u64,
        cohort: u64,
        question: &str,
        scores: [Option<u8>; 3],
    ) -> &mut Self {
        if !self.0.data.participants.contains_key(&ParticipantId(id)) {
            self.0.participant(
                id,
                &format!("Person {id}"),
                Some(cohort),
                PathwayStage::Active,
            );
        }
        let mut record = self
            .0
            .data
            .surveys
            .get(&ParticipantId(id))
            .cloned()
            .unwrap_or(SurveyAnswers {
                participant: ParticipantId(id),
                answers: Vec::new(),
            });
        for (timepoint, score) in Timepoint::ALL.into_iter().zip(scores) {
            if let Some(score) = score {
                record.give(SurveyAnswer {
                    question: question.to_string(),
                    timepoint,
                    score,
                    answered: Some(at(1 + timepoint as u32 * 4, 10, 9)),
                    recorded_on: day(11, 1),
                });
            }
        }
        self.0.data.put(Record::Survey(record));
        self
    }

    fn change(&self, question: &str) -> QuestionChange {
        paired_change(&self.0.data, None, None, None)
            .into_iter()
            .find(|c| c.question == question)
            .expect("the question is reported")
    }
}

#[test]
fn an_odd_count_has_its_middle_value_as_median_and_interpolated_quartiles() {
    let mut answers = Answers::new();
    answers
        .person(1, 1, LEADING, [Some(3), None, Some(7)])
        .person(2, 1, LEADING, [Some(5), None, Some(6)])
        .person(3, 1, LEADING, [Some(4), None, Some(4)]);
    let change = answers.change(LEADING);
    assert_eq!(change.paired, 3);
    // Before 3 4 5, after 4 6 7, changes 0 1 4.
    assert_eq!(change.median_before, Some(4.0));
    assert_eq!(change.median_after, Some(6.0));
    assert_eq!(change.median_change, Some(1.0));
    // Ranks at (3 − 1) × ¼ = 0.5 and × ¾ = 1.5: halfway between 0 and 1, and 1 and 4.
    assert_eq!(change.lower_quartile_change, Some(0.5));
    assert_eq!(change.upper_quartile_change, Some(2.5));
    assert_eq!(change.answered_once, 0);
}

#[test]
fn an_even_count_with_ties_averages_the_middle_two_and_counts_single_answers_apart() {
    let mut answers = Answers::new();
    answers
        .person(1, 1, LEADING, [Some(6), None, Some(5)])
        .person(2, 1, LEADING, [Some(3), None, Some(5)])
        .person(3, 1, LEADING, [Some(4), None, Some(6)])
        .person(4, 1, LEADING, [Some(2), None, Some(7)])
        .person(5, 1, LEADING, [Some(9), None, None])
        .person(6, 1, LEADING, [None, None, Some(1)]);
    let change = answers.change(LEADING);
    assert_eq!(change.paired, 4);
    assert_eq!(change.answered_once, 2, "one start only, one end only");
    // Before 2 3 4 6, after 5 5 6 7, changes −1 2 2 5.
    assert_eq!(change.median_before, Some(3.5));
    assert_eq!(change.median_after, Some(5.5));
    assert_eq!(change.median_change, Some(2.0));
    // Ranks 0.75 (−1 + 3 × 0.75) and 2.25 (2 + 3 × 0.25).
    assert_eq!(change.lower_quartile_change, Some(1.25));
    assert_eq!(change.upper_quartile_change, Some(2.75));
}

#[test]
fn one_person_is_their_own_median_and_spread() {
    let mut answers = Answers::new();
    answers.person(1, 1, ACROSS, [Some(2), Some(5), Some(9)]);
    let change = answers.change(ACROSS);
    assert_eq!(change.paired, 1);
    assert_eq!(change.after_from_middle, 0, "the end answer is the after");
    assert_eq!(change.median_before, Some(2.0));
    assert_eq!(change.median_after, Some(9.0));
    assert_eq!(change.median_change, Some(7.0));
    assert_eq!(change.lower_quartile_change, Some(7.0));
    assert_eq!(change.upper_quartile_change, Some(7.0));
}

#[test]
fn without_an_end_answer_the_middle_one_is_the_after_and_is_counted_as_such() {
    let mut answers = Answers::new();
    answers
        .person(1, 1, LEADING, [Some(4), Some(6), None])
        .person(2, 1, LEADING, [None, Some(6), Some(8)]);
    let change = answers.change(LEADING);
    assert_eq!(change.paired, 1, "no start answer, no pair");
    assert_eq!(change.after_from_middle, 1);
    assert_eq!(change.median_change, Some(2.0));
    assert_eq!(change.answered_once, 0);
}

#[test]
fn nobody_paired_gives_counts_and_no_figures() {
    let mut answers = Answers::new();
    answers.person(1, 1, LEADING, [Some(4), None, None]);
    let change = answers.change(LEADING);
    assert_eq!(change.paired, 0);
    assert_eq!(change.answered_once, 1);
    assert_eq!(change.median_change, None);
    assert_eq!(change.lower_quartile_change, None);
    assert!(paired_change(&Snapshot::default(), None, None, None).is_empty());
}

#[test]
fn questions_pair_without_case_and_the_cohort_and_dates_choose_whose_answers() {
    let mut answers = Answers::new();
    answers
        .person(1, 1, LEADING, [Some(3), None, None])
        .person(
            1,
            1,
            "confidence  LEADING improvement",
            [None, None, Some(8)],
        )
        .person(2, 2, LEADING, [Some(1), None, Some(2)]);
    let all = paired_change(&answers.0.data, None, None, None);
    assert_eq!(all.len(), 1, "one question, however typed: {all:?}");
    assert_eq!(all[0].question, LEADING);
    assert_eq!(all[0].paired, 2);
    let first = paired_change(&answers.0.data, Some(CohortId(1)), None, None);
    assert_eq!(first[0].paired, 1);
    assert_eq!(first[0].median_change, Some(5.0));
    // Start answers are dated 10 January, end answers 10 September: a period to June holds
    // only the start answers, so nobody is paired.
    let to_june = paired_change(&answers.0.data, None, None, Some(day(6, 30)));
    assert_eq!((to_june[0].paired, to_june[0].answered_once), (0, 2));
}

#[test]
fn a_newer_answer_replaces_an_older_one_but_never_the_other_way_round() {
    let answer = |score, month| SurveyAnswer {
        question: LEADING.into(),
        timepoint: Timepoint::Start,
        score,
        answered: Some(at(month, 1, 9)),
        recorded_on: day(11, 1),
    };
    let mut record = SurveyAnswers {
        participant: ParticipantId(1),
        answers: Vec::new(),
    };
    assert!(record.give(answer(4, 2)));
    assert!(
        !record.give(answer(4, 2)),
        "the same answer again changes nothing"
    );
    assert!(
        !record.give(answer(9, 1)),
        "an older answer does not replace it"
    );
    assert!(record.give(answer(6, 3)));
    assert_eq!(record.answers.len(), 1);
    assert_eq!(record.answers[0].score, 6);
}

#[test]
fn timepoints_are_read_from_the_words_surveys_use() {
    for (answer, expected) in [
        ("Start", Some(Timepoint::Start)),
        ("BASELINE", Some(Timepoint::Start)),
        ("At the start of the programme", Some(Timepoint::Start)),
        ("mid-point", Some(Timepoint::Middle)),
        ("Middle", Some(Timepoint::Middle)),
        ("final", Some(Timepoint::End)),
        ("End", Some(Timepoint::End)),
        ("start or end", None),
        ("later", None),
        ("", None),
    ] {
        assert_eq!(Timepoint::named(answer), expected, "{answer:?}");
    }
}

#[test]
fn a_participants_scores_read_start_to_end() {
    assert_eq!(scores_line([Some(4), Some(5), Some(7)]), "4 → 7");
    assert_eq!(scores_line([Some(4), Some(6), None]), "4 → (middle) 6");
    assert_eq!(scores_line([Some(4), None, None]), "4 (start only)");
}
