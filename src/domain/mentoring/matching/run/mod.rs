//! One run of matching for a cohort: who needs a mentor, which Q members may mentor them and
//! with how much room, the provably best pairing, what changed since the last proposals, and
//! why anyone is left without a mentor.

use super::rules::{MatchingRules, same_person};
use super::score::score_pair;
use super::solver::{CostMatrix, Unmatched, solve};
use crate::domain::ids::{CohortId, MatchId, ParticipantId, QMemberId};
use crate::domain::mentoring::{
    MatchState, MentoringMatch, PairRuleKind, Score, ScoreFactor, ScorePart,
};
use crate::domain::people::pathway::PathwayStage;
use crate::domain::people::{Participant, QMember, QRole};
use crate::domain::programme::CohortPhase;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use std::collections::HashMap;

/// How a proposal differs from the participant's proposal before this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalChange {
    /// The participant had no proposal.
    New,
    /// The same Q member as before.
    Same,
    /// A different Q member from the one proposed before.
    Moved { from: QMemberId },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub participant: ParticipantId,
    pub q_member: QMemberId,
    pub score: Score,
    pub change: ProposalChange,
    /// The participant's proposal before this run, which this one replaces.
    pub replaces: Option<MatchId>,
}

/// Why a participant is left without a mentor, in words a coordinator can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhyUnmatched {
    /// No Q member offers mentoring and is available.
    NoMentorOffering,
    /// Every possible mentor is ruled out for this participant: `themselves` is true when
    /// one of them is the participant, in the Q member register too.
    EveryCandidateRuledOut {
        forbidden: usize,
        same_organisation: usize,
        themselves: bool,
    },
    /// There are candidates, but their places are all taken: `full_already` of them by
    /// mentees they had before this run, the rest by others this run placed with them who
    /// scored higher or waited longer.
    EveryCandidateFull {
        candidates: usize,
        full_already: usize,
    },
}

impl WhyUnmatched {
    pub fn explain(&self) -> String {
        match self {
            WhyUnmatched::NoMentorOffering => {
                "no Q member offers mentoring and is available".to_string()
            }
            WhyUnmatched::EveryCandidateRuledOut {
                forbidden,
                same_organisation,
                themselves,
            } => {
                let mut parts = Vec::new();
                if *themselves {
                    parts.push("1 is this participant".to_string());
                }
                if *forbidden > 0 {
                    parts.push(format!("{forbidden} forbidden"));
                }
                if *same_organisation > 0 {
                    parts.push(format!(
                        "{same_organisation} from their own organisation (not allowed here)"
                    ));
                }
                format!("every possible mentor is ruled out: {}", parts.join(", "))
            }
            WhyUnmatched::EveryCandidateFull {
                candidates,
                full_already,
            } => {
                let given = candidates.saturating_sub(*full_already);
                let was = crate::domain::count::was;
                let to_others = "went to people who scored higher or waited longer";
                match (*full_already, given) {
                    (1, 0) => "no mentor with room: the one possible mentor was full already \
                               (raise a capacity, or find another mentor)"
                        .to_string(),
                    (_, 0) => format!(
                        "no mentor with room: all {candidates} possible mentors were full \
                         already (raise a capacity, or find another mentor)"
                    ),
                    (0, 1) => {
                        format!("no mentor with room: the one possible mentor's places {to_others}")
                    }
                    (0, _) => format!(
                        "no mentor with room: the places of all {candidates} possible mentors \
                         {to_others}"
                    ),
                    (full, 1) => format!(
                        "no mentor with room: {full} of the {candidates} possible mentors {} \
                         full already, and the other one's places {to_others}",
                        was(full)
                    ),
                    (full, given) => format!(
                        "no mentor with room: {full} of the {candidates} possible mentors {} \
                         full already, and the places of the other {given} {to_others}",
                        was(full)
                    ),
                }
            }
        }
    }
}

/// A match this run leaves as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub participant: ParticipantId,
    pub q_member: QMemberId,
    /// Confirmed, or proposed and locked.
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchingRun {
    pub proposals: Vec<Proposal>,
    pub kept: Vec<Kept>,
    pub unmatched: Vec<(ParticipantId, WhyUnmatched)>,
    /// Earlier proposals of people this run leaves unmatched, to be withdrawn.
    pub withdrawn: Vec<MatchId>,
}

impl MatchingRun {
    /// The sum of the proposals' scores.
    pub fn total_score(&self) -> i64 {
        self.proposals
            .iter()
            .map(|p| i64::from(p.score.total()))
            .sum()
    }
}

/// A Q member as a candidate mentor for one participant, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub q_member: QMemberId,
    pub score: Score,
    /// Places left, not counting this participant's own proposal.
    pub room: u32,
    /// Why the pair may not be made, if it may not.
    pub barred: Option<String>,
}

/// Everything a run needs, worked out once.
struct Field<'a> {
    mentors: Vec<&'a QMember>,
    /// Live mentees each mentor keeps whatever this run does.
    kept_mentees: HashMap<QMemberId, u32>,
    kept: Vec<Kept>,
    /// The participants this run places, with their current unlocked proposal if any.
    seekers: Vec<(&'a Participant, Option<&'a MentoringMatch>)>,
    /// Unlocked proposals of people who no longer need a mentor.
    withdrawn: Vec<MatchId>,
}

/// Who takes part in matching for `cohort` (or every cohort not finished, for `None`).
fn field<'a>(data: &'a Snapshot, cohort: Option<CohortId>, today: NaiveDate) -> Field<'a> {
    let mentors: Vec<&QMember> = data
        .q_members
        .values()
        .filter(|q| q.offers(QRole::Mentor) && q.available)
        .collect();
    let in_cohort = |p: &Participant| match cohort {
        Some(c) => p.cohort == Some(c),
        None => p
            .cohort
            .and_then(|c| data.cohorts.get(&c))
            .is_some_and(|c| c.phase(today) != CohortPhase::Finished),
    };
    let in_scope = |p: &Participant| in_cohort(p) && wants_mentor(data, p, today);
    let mut kept = Vec::new();
    let mut kept_mentees: HashMap<QMemberId, u32> = HashMap::new();
    let mut proposal_of: HashMap<ParticipantId, &MentoringMatch> = HashMap::new();
    let mut settled: Vec<ParticipantId> = Vec::new();
    let mut withdrawn = Vec::new();
    for m in data.matches.values().filter(|m| m.state.is_live()) {
        let person = data.participants.get(&m.participant);
        let replaceable =
            matches!(m.state, MatchState::Proposed) && !m.locked && person.is_some_and(in_cohort);
        if replaceable && person.is_some_and(in_scope) {
            proposal_of.insert(m.participant, m);
            continue;
        }
        if replaceable {
            // Someone who no longer needs a mentor (withdrawn, finished) gives the place back.
            withdrawn.push(m.id);
            continue;
        }
        *kept_mentees.entry(m.q_member).or_default() += 1;
        settled.push(m.participant);
        if person.is_some_and(in_scope) {
            kept.push(Kept {
                participant: m.participant,
                q_member: m.q_member,
                confirmed: matches!(m.state, MatchState::Confirmed { .. }),
            });
        }
    }
    let mut seekers: Vec<(&Participant, Option<&MentoringMatch>)> = data
        .participants
        .values()
        .filter(|p| in_scope(p) && !settled.contains(&p.id))
        .map(|p| (p, proposal_of.get(&p.id).copied()))
        .collect();
    seekers.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.id.cmp(&b.0.id)));
    Field {
        mentors,
        kept_mentees,
        kept,
        seekers,
        withdrawn,
    }
}

/// Whether matching places `participant`: enrolled and active participants, and applicants
/// to a recruiting cohort, so mentors can be lined up before the cohort starts.
pub fn wants_mentor(data: &Snapshot, participant: &Participant, today: NaiveDate) -> bool {
    participant.stage().needs_mentor()
        || (participant.stage() == PathwayStage::Applied
            && participant
                .cohort
                .and_then(|c| data.cohorts.get(&c))
                .is_some_and(|c| c.phase(today) == CohortPhase::Recruiting))
}

/// Whole weeks `participant` has waited for a mentor: since they became due one (enrolled or
/// active) or since their last match ended, whichever is later; none while they have a
/// confirmed mentor, who is not waited for (a proposal still is).
pub fn weeks_waiting(data: &Snapshot, participant: &Participant, today: NaiveDate) -> u32 {
    let mentored = data.matches.values().any(|m| {
        m.participant == participant.id && matches!(m.state, MatchState::Confirmed { .. })
    });
    if mentored {
        return 0;
    }
    let due = participant
        .pathway
        .changes()
        .iter()
        .find(|c| c.stage.needs_mentor())
        .map(|c| c.on);
    let last_ended = data
        .matches
        .values()
        .filter(|m| m.participant == participant.id)
        .filter_map(|m| match &m.state {
            MatchState::Ended { on, .. } => Some(*on),
            _ => None,
        })
        .max();
    let since = due.max(last_ended).unwrap_or(today);
    u32::try_from((today - since).num_weeks()).unwrap_or(0)
}

/// The score of a pair, with the participant's waiting time as its last part.
fn full_score(
    data: &Snapshot,
    participant: &Participant,
    mentor: &QMember,
    mentees: u32,
    weeks: u32,
    rules: &MatchingRules,
) -> Score {
    let mut score = score_pair(data, participant, mentor, mentees, &rules.weights);
    let counted = weeks.min(rules.weights.most_weeks_waiting);
    if counted > 0 && rules.weights.per_week_waiting != 0 {
        score.parts.push(ScorePart {
            factor: ScoreFactor::Waiting,
            points: rules
                .weights
                .per_week_waiting
                .saturating_mul(i32::try_from(counted).unwrap_or(i32::MAX)),
            detail: format!(
                "waiting {}",
                crate::domain::count::count(weeks as usize, "week")
            ),
        });
    }
    score
}

/// Why `participant` may not be paired with `mentor`, if they may not. The one test of a pair
/// that every way of making one (the solver, a choice from the candidates, an import) uses.
pub fn barred(
    data: &Snapshot,
    participant: &Participant,
    mentor: &QMember,
    rules: &MatchingRules,
) -> Option<String> {
    // Before a forbidden rule: that someone cannot mentor themselves is the reason to give.
    if let Some(same) = same_person(data, participant, mentor) {
        return Some(same.why());
    }
    if let Some(rule) = data.pair_rules.get(&(participant.id, mentor.id)) {
        return match rule.kind {
            PairRuleKind::Forbidden if rule.reason.is_empty() => Some("forbidden".to_string()),
            PairRuleKind::Forbidden => Some(format!("forbidden: {}", rule.reason)),
        };
    }
    if rules.different_organisation && participant.organisation == mentor.organisation {
        return Some("same organisation (not allowed here)".to_string());
    }
    None
}

/// Runs matching for `cohort` (every cohort not finished, for `None`): confirmed and locked
/// matches are kept, everyone else who needs a mentor (enrolled or active, or an applicant
/// to a recruiting cohort) is placed by the solver.
pub fn run_matching(
    data: &Snapshot,
    cohort: Option<CohortId>,
    today: NaiveDate,
    rules: &MatchingRules,
) -> MatchingRun {
    let Field {
        mentors,
        kept_mentees,
        kept,
        seekers,
        mut withdrawn,
    } = field(data, cohort, today);
    let mentees = |q: &QMember| kept_mentees.get(&q.id).copied().unwrap_or(0);
    let weeks: Vec<u32> = seekers
        .iter()
        .map(|(p, _)| weeks_waiting(data, p, today))
        .collect();
    let scores: Vec<Vec<Option<Score>>> = seekers
        .iter()
        .zip(&weeks)
        .map(|((p, _), w)| {
            mentors
                .iter()
                .map(|q| {
                    barred(data, p, q, rules)
                        .is_none()
                        .then(|| full_score(data, p, q, mentees(q), *w, rules))
                })
                .collect()
        })
        .collect();
    let capacities: Vec<u32> = mentors
        .iter()
        .map(|q| q.mentoring_capacity.saturating_sub(mentees(q)))
        .collect();
    let costs = CostMatrix::from_fn(seekers.len(), mentors.len(), |r, c| {
        scores[r][c].as_ref().map(|s| -i64::from(s.total()))
    });
    let assignment = costs.and_then(|costs| solve(&costs, &capacities));
    let mut proposals = Vec::new();
    let mut unmatched = Vec::new();
    let Ok(assignment) = assignment else {
        // Scores are small and the field is bounded by the programme, so the solver's limits
        // are never reached; if they were, nobody is placed rather than placed wrongly.
        return MatchingRun {
            proposals,
            kept,
            unmatched: seekers
                .iter()
                .map(|(p, _)| {
                    (
                        p.id,
                        WhyUnmatched::EveryCandidateFull {
                            candidates: mentors.len(),
                            full_already: 0,
                        },
                    )
                })
                .collect(),
            withdrawn,
        };
    };
    for (row, (participant, before)) in seekers.iter().enumerate() {
        match assignment.mentor_of.get(row).copied().flatten() {
            Some(col) => {
                let q = mentors[col];
                let change = match before {
                    None => ProposalChange::New,
                    Some(m) if m.q_member == q.id => ProposalChange::Same,
                    Some(m) => ProposalChange::Moved { from: m.q_member },
                };
                proposals.push(Proposal {
                    participant: participant.id,
                    q_member: q.id,
                    score: scores[row][col].clone().unwrap_or_default(),
                    change,
                    replaces: before.map(|m| m.id),
                });
            }
            None => {
                let why = why_unmatched(
                    data,
                    participant,
                    &mentors,
                    &capacities,
                    rules,
                    assignment
                        .unmatched()
                        .iter()
                        .find(|(r, _)| *r == row)
                        .map(|(_, u)| *u),
                );
                unmatched.push((participant.id, why));
                withdrawn.extend(before.map(|m| m.id));
            }
        }
    }
    MatchingRun {
        proposals,
        kept,
        unmatched,
        withdrawn,
    }
}

/// `room` is each mentor's places before this run, in the order of `mentors`.
fn why_unmatched(
    data: &Snapshot,
    participant: &Participant,
    mentors: &[&QMember],
    room: &[u32],
    rules: &MatchingRules,
    solver_says: Option<Unmatched>,
) -> WhyUnmatched {
    if mentors.is_empty() {
        return WhyUnmatched::NoMentorOffering;
    }
    let allowed = mentors
        .iter()
        .filter(|q| barred(data, participant, q, rules).is_none())
        .count();
    if allowed == 0 || solver_says == Some(Unmatched::NoAllowedMentor) {
        let others: Vec<&&QMember> = mentors
            .iter()
            .filter(|q| same_person(data, participant, q).is_none())
            .collect();
        let forbidden = others
            .iter()
            .filter(|q| data.pair_rules.contains_key(&(participant.id, q.id)))
            .count();
        return WhyUnmatched::EveryCandidateRuledOut {
            forbidden,
            same_organisation: others.len() - forbidden,
            themselves: others.len() < mentors.len(),
        };
    }
    let full_already = mentors
        .iter()
        .zip(room)
        .filter(|(q, room)| **room == 0 && barred(data, participant, q, rules).is_none())
        .count();
    WhyUnmatched::EveryCandidateFull {
        candidates: allowed,
        full_already,
    }
}

/// Every Q member who offers mentoring, as a candidate for `participant`: allowed ones first,
/// best score first, then by name.
pub fn candidates(
    data: &Snapshot,
    participant: &Participant,
    today: NaiveDate,
    rules: &MatchingRules,
) -> Vec<Candidate> {
    let mut live: HashMap<QMemberId, u32> = HashMap::new();
    for m in data
        .matches
        .values()
        .filter(|m| m.state.is_live() && m.participant != participant.id)
    {
        *live.entry(m.q_member).or_default() += 1;
    }
    let weeks = weeks_waiting(data, participant, today);
    let mut found: Vec<(Candidate, &str)> = data
        .q_members
        .values()
        .filter(|q| q.offers(QRole::Mentor))
        .map(|q| {
            let mentees = live.get(&q.id).copied().unwrap_or(0);
            let barred = barred(data, participant, q, rules).or_else(|| {
                (!q.available).then(|| format!("not available: {}", q.availability_notes))
            });
            (
                Candidate {
                    q_member: q.id,
                    score: full_score(data, participant, q, mentees, weeks, rules),
                    room: q.mentoring_capacity.saturating_sub(mentees),
                    barred: barred.map(|b| b.trim_end_matches(": ").to_string()),
                },
                q.name.as_str(),
            )
        })
        .collect();
    found.sort_by(|(a, an), (b, bn)| {
        a.barred
            .is_some()
            .cmp(&b.barred.is_some())
            .then((a.room == 0).cmp(&(b.room == 0)))
            .then(b.score.total().cmp(&a.score.total()))
            .then(an.cmp(bn))
    });
    found.into_iter().map(|(c, _)| c).collect()
}

mod stored;
#[cfg(test)]
mod tests;
