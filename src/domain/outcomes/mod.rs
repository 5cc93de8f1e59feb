//! Outcomes: what the programme changes in people, as participants score it themselves in a
//! survey at the start, middle and end of their cohort, and the paired change per question the
//! funder's report shows.

use crate::domain::ids::ParticipantId;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod paired;
pub use paired::{QuestionChange, paired_change};

#[cfg(test)]
mod tests;

/// When in the programme a survey was answered. Variants are only ever appended: their order
/// is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Timepoint {
    Start,
    Middle,
    End,
}

impl Timepoint {
    pub const ALL: [Timepoint; 3] = [Timepoint::Start, Timepoint::Middle, Timepoint::End];

    /// "start", "middle", "end": as the import reads it and the export writes it.
    pub fn word(self) -> &'static str {
        match self {
            Timepoint::Start => "start",
            Timepoint::Middle => "middle",
            Timepoint::End => "end",
        }
    }

    /// The timepoint an answer such as "Start", "baseline", "Mid-point", "At the end of the
    /// programme" or "Final" names, compared without case, word by word. `None` when it names
    /// none, or more than one ("start or end").
    pub fn named(answer: &str) -> Option<Timepoint> {
        let mut found = None;
        for word in answer
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let word = word.to_lowercase();
            let this = match word.as_str() {
                "start" | "beginning" | "baseline" | "pre" | "first" => Timepoint::Start,
                "middle" | "mid" | "midpoint" | "midway" | "halfway" | "interim" => {
                    Timepoint::Middle
                }
                "end" | "final" | "post" | "last" | "endpoint" => Timepoint::End,
                _ => continue,
            };
            match found {
                Some(other) if other != this => return None,
                _ => found = Some(this),
            }
        }
        found
    }
}

/// One answer to one question of an outcomes survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    /// The question as the survey asked it (the column's header), cleaned of control
    /// characters and runs of spaces.
    pub question: String,
    pub timepoint: Timepoint,
    /// 1 to 10, 10 the most.
    pub score: u8,
    /// When the survey was completed, as the survey's own export said (local wall-clock time);
    /// `None` when the file had no date column.
    pub answered: Option<NaiveDateTime>,
    /// The day the answer was imported: where a survey gives no date, what a period counts it in.
    pub recorded_on: NaiveDate,
}

impl SurveyAnswer {
    /// The day the answer counts on: the day it was answered, else the day it was imported.
    pub fn day(&self) -> NaiveDate {
        self.answered.map_or(self.recorded_on, |at| at.date())
    }

    /// Whether `self` and `other` answer the same question at the same timepoint: the key an
    /// answer is replaced by. Questions are compared without case or runs of spaces, so a
    /// survey retyped with "Confidence" as "confidence" still pairs.
    pub fn same_key(&self, other: &SurveyAnswer) -> bool {
        self.timepoint == other.timepoint
            && question_key(&self.question) == question_key(&other.question)
    }
}

/// A question as it is compared: lower case, spaces collapsed.
pub fn question_key(question: &str) -> String {
    question
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every survey answer one participant has given: one record per participant, so a subject
/// access request and an erasure find them by the participant alone. Holds no name or email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswers {
    pub participant: ParticipantId,
    /// One answer per question and timepoint, in timepoint then question order.
    pub answers: Vec<SurveyAnswer>,
}

impl SurveyAnswers {
    /// Puts `answer` in, replacing the answer to the same question at the same timepoint unless
    /// that one is newer (answered later by the survey's own dates). Returns whether anything
    /// changed.
    pub fn give(&mut self, answer: SurveyAnswer) -> bool {
        match self.answers.iter_mut().find(|a| a.same_key(&answer)) {
            Some(held) => {
                let older = matches!(
                    (held.answered, answer.answered),
                    (Some(kept), Some(new)) if new < kept
                );
                if older || (held.score == answer.score && held.answered == answer.answered) {
                    return false;
                }
                *held = answer;
            }
            None => self.answers.push(answer),
        }
        self.answers.sort_by(|a, b| {
            (a.timepoint, question_key(&a.question)).cmp(&(b.timepoint, question_key(&b.question)))
        });
        true
    }

    /// The participant's answer to `question` at `timepoint`.
    pub fn answer(&self, question: &str, timepoint: Timepoint) -> Option<&SurveyAnswer> {
        let key = question_key(question);
        self.answers
            .iter()
            .find(|a| a.timepoint == timepoint && question_key(&a.question) == key)
    }

    /// Each question they answered, in the order first asked, with their score at the start,
    /// middle and end (`None` where not answered): what their story and their data show.
    pub fn by_question(&self) -> Vec<(String, [Option<u8>; 3])> {
        let mut out: Vec<(String, [Option<u8>; 3])> = Vec::new();
        for answer in &self.answers {
            let key = question_key(&answer.question);
            let slot = match out.iter().position(|(q, _)| question_key(q) == key) {
                Some(i) => i,
                None => {
                    out.push((answer.question.clone(), [None; 3]));
                    out.len() - 1
                }
            };
            out[slot].1[answer.timepoint as usize] = Some(answer.score);
        }
        out
    }
}

/// "4 → 7" for scores at the start and end, "4 → (middle) 6" when there is no end yet, "4" for
/// one answer only: how a participant's view and their data show a question.
pub fn scores_line(scores: [Option<u8>; 3]) -> String {
    match scores {
        [Some(a), _, Some(c)] => format!("{a} → {c}"),
        [Some(a), Some(b), None] => format!("{a} → (middle) {b}"),
        [None, Some(b), Some(c)] => format!("(middle) {b} → {c}"),
        [Some(a), None, None] => format!("{a} (start only)"),
        [None, Some(b), None] => format!("{b} (middle only)"),
        [None, None, Some(c)] => format!("{c} (end only)"),
        [None, None, None] => String::new(),
    }
}
