//! Mentoring matches and pair rules moved from the record that goes to the one kept: the same
//! for a participant merge and a Q member merge, only the side of the pair differs.

use super::clashes::{joined, one_match};
use super::{Moved, Writes};
use crate::domain::change::{Record, RecordKey};
use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::mentoring::{MentoringMatch, PairRule};
use crate::domain::snapshot::Snapshot;

/// Which side of each pair the merged person is on, and the record that goes and the one kept.
#[derive(Debug, Clone, Copy)]
pub(super) enum Side {
    Participant {
        gone: ParticipantId,
        keep: ParticipantId,
    },
    QMember {
        gone: QMemberId,
        keep: QMemberId,
    },
}

impl Side {
    /// Whether the pair (participant, Q member) has the record that goes on this side.
    fn has_gone(self, participant: ParticipantId, q_member: QMemberId) -> bool {
        match self {
            Side::Participant { gone, .. } => participant == gone,
            Side::QMember { gone, .. } => q_member == gone,
        }
    }

    /// The pair with the record kept in place of the one that goes.
    fn moved(self, participant: ParticipantId, q_member: QMemberId) -> (ParticipantId, QMemberId) {
        match self {
            Side::Participant { keep, .. } => (keep, q_member),
            Side::QMember { keep, .. } => (participant, keep),
        }
    }

    /// The name of the pair's other person, for what a clash settled.
    fn other(self, data: &Snapshot, participant: ParticipantId, q_member: QMemberId) -> String {
        match self {
            Side::Participant { .. } => data.q_member_name(q_member).to_string(),
            Side::QMember { .. } => data.participant_name(participant).to_string(),
        }
    }
}

/// Every match of the record that goes made the kept one's; where the kept record already has
/// a match with the same person, one match stays, holding the check-ins of both.
pub(super) fn move_matches(
    data: &Snapshot,
    side: Side,
    writes: &mut Writes,
    moved: &mut Moved,
    settled: &mut Vec<String>,
) {
    for m in data
        .matches
        .values()
        .filter(|m| side.has_gone(m.participant, m.q_member))
    {
        moved.matches += 1;
        let (participant, q_member) = side.moved(m.participant, m.q_member);
        let moved_match = MentoringMatch {
            participant,
            q_member,
            ..m.clone()
        };
        match data
            .matches
            .values()
            .find(|o| o.participant == participant && o.q_member == q_member)
        {
            Some(theirs) => {
                let (stays, goes) = one_match(theirs, &moved_match);
                writes.delete(RecordKey::Match(goes.id));
                writes.save(Record::Match(stays));
                let other = side.other(data, m.participant, m.q_member);
                settled.push(match side {
                    Side::Participant { .. } => format!(
                        "Both were matched with {other}: one match stays, with the check-ins of \
                         both"
                    ),
                    Side::QMember { .. } => {
                        format!(
                            "Both mentored {other}: one match stays, with the check-ins of both"
                        )
                    }
                });
            }
            None => writes.save(Record::Match(moved_match)),
        }
    }
}

/// Every pair rule of the record that goes made the kept one's; a rule both had stays once,
/// with both reasons.
pub(super) fn move_pair_rules(
    data: &Snapshot,
    side: Side,
    writes: &mut Writes,
    moved: &mut Moved,
    settled: &mut Vec<String>,
) {
    for rule in data
        .pair_rules
        .values()
        .filter(|r| side.has_gone(r.participant, r.q_member))
    {
        moved.pair_rules += 1;
        writes.delete(RecordKey::PairRule(rule.participant, rule.q_member));
        let (participant, q_member) = side.moved(rule.participant, rule.q_member);
        let rule_moved = PairRule {
            participant,
            q_member,
            ..rule.clone()
        };
        match data.pair_rules.get(&(participant, q_member)) {
            Some(theirs) => {
                settled.push(format!(
                    "Both had a pair rule with {}: one stays",
                    side.other(data, rule.participant, rule.q_member)
                ));
                let reason = joined(&theirs.reason, &rule_moved.reason);
                if reason != theirs.reason {
                    writes.save(Record::PairRule(PairRule {
                        reason,
                        ..theirs.clone()
                    }));
                }
            }
            None => writes.save(Record::PairRule(rule_moved)),
        }
    }
}
