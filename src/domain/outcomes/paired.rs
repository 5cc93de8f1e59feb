//! Paired before/after change per question: only people who answered both ends count, so a
//! cohort that lost its least confident members by the end does not look as if it grew.

use super::{SurveyAnswer, Timepoint, question_key};
use crate::domain::ids::CohortId;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One person's scores for one question at the start, middle and end.
type Scores = [Option<u8>; 3];

/// The change in one question's scores between the first and the last time people answered it.
/// As JSON (`improvers report --format json`, `outcomes`), the keys are these fields' names and
/// a missing median is `null`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionChange {
    /// The question as first worded (questions are told apart without case or extra spaces).
    pub question: String,
    /// How many people answered it at the start and again later (at the end, else the middle).
    pub paired: usize,
    /// Of `paired`, how many had no end answer, so their middle one stands as "after".
    pub after_from_middle: usize,
    /// Median score (1–10) at the start, of the paired people; `None` when nobody is paired.
    pub median_before: Option<f64>,
    /// Median score (1–10) after, of the paired people.
    pub median_after: Option<f64>,
    /// Median of each paired person's own change (after minus before, in points, −9 to +9).
    pub median_change: Option<f64>,
    /// Lower quartile of the paired changes, in points (see [`quartile`] for the method).
    pub lower_quartile_change: Option<f64>,
    /// Upper quartile of the paired changes, in points.
    pub upper_quartile_change: Option<f64>,
    /// How many people answered it at one timepoint only: counted, never paired.
    pub answered_once: usize,
}

/// Per question (in alphabetical order), the paired change of the participants of `cohort`
/// (`None`: everyone) between their start answer and their last answer (end, else middle),
/// counting only answers whose day ([`SurveyAnswer::day`]) falls from `from` to `to`, both
/// included (`None`: unbounded). People who answered the middle and end but not the start are
/// in neither `paired` nor `answered_once`.
pub fn paired_change(
    data: &Snapshot,
    cohort: Option<CohortId>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Vec<QuestionChange> {
    let within = |a: &SurveyAnswer| {
        from.is_none_or(|from| a.day() >= from) && to.is_none_or(|to| a.day() <= to)
    };
    // Question key → (first wording, each person's scores by timepoint).
    let mut questions: BTreeMap<String, (String, Vec<Scores>)> = BTreeMap::new();
    for record in data.surveys.values() {
        let in_cohort = cohort.is_none_or(|c| {
            data.participants
                .get(&record.participant)
                .is_some_and(|p| p.cohort == Some(c))
        });
        if !in_cohort {
            continue;
        }
        let mut theirs: BTreeMap<String, (String, [Option<u8>; 3])> = BTreeMap::new();
        for answer in record.answers.iter().filter(|a| within(a)) {
            let slot = theirs
                .entry(question_key(&answer.question))
                .or_insert_with(|| (answer.question.clone(), [None; 3]));
            slot.1[answer.timepoint as usize] = Some(answer.score);
        }
        for (key, (wording, scores)) in theirs {
            questions
                .entry(key)
                .or_insert_with(|| (wording, Vec::new()))
                .1
                .push(scores);
        }
    }
    questions
        .into_values()
        .map(|(question, people)| question_change(question, &people))
        .collect()
}

fn question_change(question: String, people: &[[Option<u8>; 3]]) -> QuestionChange {
    let start = Timepoint::Start as usize;
    let (middle, end) = (Timepoint::Middle as usize, Timepoint::End as usize);
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut changes = Vec::new();
    let mut after_from_middle = 0;
    let mut answered_once = 0;
    for scores in people {
        if scores.iter().flatten().count() == 1 {
            answered_once += 1;
            continue;
        }
        let later = scores[end].or(scores[middle]);
        if let (Some(b), Some(a)) = (scores[start], later) {
            if scores[end].is_none() {
                after_from_middle += 1;
            }
            before.push(f64::from(b));
            after.push(f64::from(a));
            changes.push(f64::from(a) - f64::from(b));
        }
    }
    QuestionChange {
        question,
        paired: changes.len(),
        after_from_middle,
        median_before: quartile(&mut before, 2),
        median_after: quartile(&mut after, 2),
        median_change: quartile(&mut changes, 2),
        lower_quartile_change: quartile(&mut changes, 1),
        upper_quartile_change: quartile(&mut changes, 3),
        answered_once,
    }
}

/// The `q`th quartile (1 lower, 2 the median, 3 upper) of `values`, `None` when there are
/// none. Quartiles by linear interpolation between the closest ranks: Hyndman and Fan's
/// method 7 ("Sample quantiles in statistical packages", The American Statistician 50(4),
/// 1996), which is R's default, NumPy's default and Excel's QUARTILE.INC, so a funder can
/// check a figure in a spreadsheet. The median is the ordinary one (the mean of the middle two
/// of an even count).
pub fn quartile(values: &mut [f64], q: u8) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let position = (values.len() - 1) as f64 * f64::from(q) / 4.0;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let low = values[below];
    let high = values[above.min(values.len() - 1)];
    Some(low + (high - low) * (position - below as f64))
}
