//! Mentoring matches between participants and Q members, with scores and check-ins.

pub mod matching;
pub mod mentors;

use super::ids::{MatchId, ParticipantId, QMemberId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Variants are only ever appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchState {
    Proposed,
    Confirmed { on: NaiveDate },
    Ended { on: NaiveDate, reason: String },
}

impl MatchState {
    pub fn label(&self) -> &'static str {
        match self {
            MatchState::Proposed => "proposed",
            MatchState::Confirmed { .. } => "confirmed",
            MatchState::Ended { .. } => "ended",
        }
    }

    /// Proposed and confirmed matches take up a mentor's capacity.
    pub fn is_live(&self) -> bool {
        !matches!(self, MatchState::Ended { .. })
    }
}

/// What a score is made of, in the order a coordinator reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ScoreFactor {
    SameOrganisation,
    SharedTopics,
    Profession,
    MentorLoad,
    /// How long the participant has waited for a mentor (appended: variants only ever are).
    Waiting,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePart {
    pub factor: ScoreFactor,
    pub points: i32,
    /// What a coordinator reads: "same organisation", "shared topics: patient flow, PDSA".
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Score {
    pub parts: Vec<ScorePart>,
}

impl Score {
    pub fn total(&self) -> i32 {
        self.parts.iter().map(|p| p.points).sum()
    }

    /// "same organisation +40 · shared topics: patient flow, PDSA +20 · has 2 of 3 mentees −5"
    pub fn explain(&self) -> String {
        self.parts
            .iter()
            .map(|p| {
                let sign = if p.points < 0 { "−" } else { "+" };
                format!("{} {sign}{}", p.detail, p.points.unsigned_abs())
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub on: NaiveDate,
    pub met: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentoringMatch {
    pub id: MatchId,
    pub participant: ParticipantId,
    pub q_member: QMemberId,
    pub state: MatchState,
    pub proposed_on: NaiveDate,
    pub score: Score,
    /// Kept as it is when matching runs again.
    pub locked: bool,
    pub check_ins: Vec<CheckIn>,
}

/// A coordinator's standing rule about one pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairRuleKind {
    Forbidden,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRule {
    pub participant: ParticipantId,
    pub q_member: QMemberId,
    pub kind: PairRuleKind,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_explains_itself_with_signed_points() {
        let score = Score {
            parts: vec![
                ScorePart {
                    factor: ScoreFactor::SameOrganisation,
                    points: 40,
                    detail: "same organisation".into(),
                },
                ScorePart {
                    factor: ScoreFactor::SharedTopics,
                    points: 20,
                    detail: "shared topics: patient flow, PDSA".into(),
                },
                ScorePart {
                    factor: ScoreFactor::MentorLoad,
                    points: -5,
                    detail: "has 2 of 3 mentees".into(),
                },
            ],
        };
        assert_eq!(score.total(), 55);
        assert_eq!(
            score.explain(),
            "same organisation +40 · shared topics: patient flow, PDSA +20 · has 2 of 3 mentees −5"
        );
    }

    #[test]
    fn ended_matches_free_capacity() {
        assert!(MatchState::Proposed.is_live());
        let on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(MatchState::Confirmed { on }.is_live());
        assert!(
            !MatchState::Ended {
                on,
                reason: "moved job".into()
            }
            .is_live()
        );
    }
}
