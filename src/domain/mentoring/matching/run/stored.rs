//! A run of matching as a change to store: new proposals added, moved ones changed, and
//! proposals of people now left unmatched withdrawn.

use super::{MatchingRun, ProposalChange};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::MatchId;
use crate::domain::mentoring::{MatchState, MentoringMatch};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;

impl MatchingRun {
    /// The change that stores this run: new proposals added, moved ones changed, and the
    /// proposals of people now left unmatched withdrawn. `None` when nothing would change.
    pub fn change(&self, data: &Snapshot, today: NaiveDate, what: &str) -> Option<Change> {
        let mut changes = Vec::new();
        let mut next_id = data.next_id(|id| RecordKey::Match(MatchId(id)));
        let based_on = |id: MatchId| data.revisions.get(&RecordKey::Match(id)).map(|r| r.seq);
        for p in &self.proposals {
            let existing = p.replaces.and_then(|id| data.matches.get(&id));
            let record = match (existing, &p.change) {
                (Some(m), ProposalChange::Same) if m.score == p.score => continue,
                (Some(m), _) => MentoringMatch {
                    q_member: p.q_member,
                    score: p.score.clone(),
                    proposed_on: if p.change == ProposalChange::Same {
                        m.proposed_on
                    } else {
                        today
                    },
                    ..m.clone()
                },
                (None, _) => {
                    let id = MatchId(next_id);
                    next_id += 1;
                    MentoringMatch {
                        id,
                        participant: p.participant,
                        q_member: p.q_member,
                        state: MatchState::Proposed,
                        proposed_on: today,
                        score: p.score.clone(),
                        locked: false,
                        check_ins: Vec::new(),
                    }
                }
            };
            changes.push(Change::Edit {
                based_on: existing.and_then(|m| based_on(m.id)),
                record: Record::Match(record),
            });
        }
        for id in &self.withdrawn {
            changes.push(Change::Delete(RecordKey::Match(*id)));
        }
        if changes.is_empty() {
            return None;
        }
        let moved = self
            .proposals
            .iter()
            .filter(|p| matches!(p.change, ProposalChange::Moved { .. }))
            .count();
        let new = self
            .proposals
            .iter()
            .filter(|p| p.change == ProposalChange::New)
            .count();
        Some(Change::Batch {
            summary: format!(
                "matched mentors for {what}: {}, {moved} moved, {} unmatched",
                crate::domain::count::count(new, "new proposal"),
                self.unmatched.len()
            ),
            changes,
        })
    }
}
