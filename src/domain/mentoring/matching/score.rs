//! The score of one participant–Q member pair, higher is better, with a breakdown a
//! coordinator can read: "same organisation +40 · shared topics: patient flow +10 · ...".

use crate::domain::mentoring::{Score, ScoreFactor, ScorePart};
use crate::domain::people::{Participant, QMember};
use crate::domain::snapshot::Snapshot;

/// How much each factor counts. Same organisation is the strongest, as the programme asks
/// that Q members mentor participants from their own organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    pub same_organisation: i32,
    pub per_shared_topic: i32,
    /// Shared topics stop adding points after this many.
    pub most_shared_topics: usize,
    pub same_profession: i32,
    /// Taken off for each mentee the Q member already has.
    pub per_current_mentee: i32,
    /// Added for each whole week a participant has waited for a mentor, so that when there
    /// are not enough places those waiting longest come first.
    pub per_week_waiting: i32,
    /// Waiting stops adding points after this many weeks.
    pub most_weeks_waiting: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            same_organisation: 40,
            per_shared_topic: 10,
            most_shared_topics: 3,
            same_profession: 10,
            per_current_mentee: 5,
            per_week_waiting: 1,
            most_weeks_waiting: 12,
        }
    }
}

/// Scores `mentor` for `participant`, given how many mentees the mentor already has.
pub fn score_pair(
    data: &Snapshot,
    participant: &Participant,
    mentor: &QMember,
    current_mentees: u32,
    weights: &Weights,
) -> Score {
    let mut parts = Vec::new();
    if participant.organisation == mentor.organisation {
        parts.push(ScorePart {
            factor: ScoreFactor::SameOrganisation,
            points: weights.same_organisation,
            detail: "same organisation".to_string(),
        });
    }
    let shared = shared_topics(&participant.project.topics, &mentor.expertise);
    if !shared.is_empty() {
        let counted = shared.len().min(weights.most_shared_topics);
        parts.push(ScorePart {
            factor: ScoreFactor::SharedTopics,
            points: weights.per_shared_topic * counted as i32,
            detail: format!("shared topics: {}", shared.join(", ")),
        });
    }
    if participant.profession == mentor.profession {
        parts.push(ScorePart {
            factor: ScoreFactor::Profession,
            points: weights.same_profession,
            detail: format!(
                "both {}",
                in_a_sentence(data.profession_name(mentor.profession))
            ),
        });
    }
    if current_mentees > 0 {
        parts.push(ScorePart {
            factor: ScoreFactor::MentorLoad,
            points: -(weights.per_current_mentee * current_mentees as i32),
            detail: format!(
                "has {current_mentees} of {} mentees",
                mentor.mentoring_capacity
            ),
        });
    }
    Score { parts }
}

/// "Nurse" reads as "nurse" mid-sentence, but "GP" stays "GP".
fn in_a_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

/// Topics in both lists, compared without regard to case, in the participant's order.
fn shared_topics(project: &[String], expertise: &[String]) -> Vec<String> {
    let expertise: Vec<String> = expertise.iter().map(|t| t.trim().to_lowercase()).collect();
    let mut shared: Vec<String> = Vec::new();
    for topic in project {
        let key = topic.trim().to_lowercase();
        if expertise.contains(&key) && !shared.iter().any(|s| s.to_lowercase() == key) {
            shared.push(topic.trim().to_string());
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::ids::{OrganisationId, ParticipantId, ProfessionId, QMemberId};
    use crate::domain::people::pathway::PathwayStage;

    fn pair(f: &Fixture) -> (Participant, QMember) {
        let p = f.data.participants[&ParticipantId(2)].clone();
        let q = f.data.q_members[&QMemberId(1)].clone();
        (p, q)
    }

    #[test]
    fn every_factor_shows_in_the_explanation() {
        let mut f = Fixture::new();
        f.participant(2, "Ada", Some(1), PathwayStage::Active);
        let (mut p, mut q) = pair(&f);
        p.organisation = OrganisationId(1);
        p.profession = ProfessionId(1);
        p.project.topics = vec!["Patient flow".into(), "PDSA".into(), "frailty".into()];
        q.expertise = vec!["patient flow".into(), "pdsa".into()];
        q.mentoring_capacity = 3;
        let score = score_pair(&f.data, &p, &q, 2, &Weights::default());
        assert_eq!(
            score.explain(),
            "same organisation +40 · shared topics: Patient flow, PDSA +20 · both nurse +10 · has 2 of 3 mentees −10"
        );
        assert_eq!(score.total(), 60);
    }

    #[test]
    fn a_profession_reads_naturally_mid_sentence() {
        assert_eq!(in_a_sentence("Nurse"), "nurse");
        assert_eq!(in_a_sentence("Data analyst"), "data analyst");
        assert_eq!(in_a_sentence("GP"), "GP");
        assert_eq!(in_a_sentence(""), "");
    }

    #[test]
    fn shared_topics_stop_counting_at_the_cap() {
        let mut f = Fixture::new();
        f.participant(2, "Ada", Some(1), PathwayStage::Active);
        let (mut p, mut q) = pair(&f);
        p.organisation = OrganisationId(2);
        p.profession = ProfessionId(2);
        p.project.topics = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        q.expertise = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        let score = score_pair(&f.data, &p, &q, 0, &Weights::default());
        assert_eq!(score.total(), 30);
    }

    #[test]
    fn a_stranger_with_nothing_in_common_scores_nothing() {
        let mut f = Fixture::new();
        f.participant(2, "Ada", Some(1), PathwayStage::Active);
        let (mut p, q) = pair(&f);
        p.organisation = OrganisationId(2);
        p.profession = ProfessionId(2);
        let score = score_pair(&f.data, &p, &q, 0, &Weights::default());
        assert!(score.parts.is_empty());
        assert_eq!(score.explain(), "");
    }
}
