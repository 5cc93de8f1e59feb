//! Where the two records being merged each hold the same thing (both invited to one session,
//! both matched with one mentor, a pair rule on both), which one is kept; and how two texts or
//! two lists become one without losing either.

use crate::domain::ids::ParticipantId;
use crate::domain::mentoring::{MatchState, MentoringMatch};
use crate::domain::sessions::{Attendance, Invitation, Session};

/// How much an attendance mark says happened, for keeping the better of two: attended, then
/// apologies (they answered), registered, on the waiting list, invited, and no-show last.
pub fn attendance_rank(mark: Attendance) -> u8 {
    match mark {
        Attendance::Attended => 5,
        Attendance::Apologies => 4,
        Attendance::Registered => 3,
        Attendance::Waiting => 2,
        Attendance::Invited => 1,
        Attendance::NoShow => 0,
    }
}

/// `session` with `gone`'s invitation made `keep`'s. When both were invited, one invitation
/// stays, in the earlier place (a waiting list is promoted in order), with the better mark,
/// which is returned so the clash can be told.
pub fn invitees(
    session: &Session,
    keep: ParticipantId,
    gone: ParticipantId,
) -> (Session, Option<Attendance>) {
    let mut out = session.clone();
    let keep_at = session.invitees.iter().position(|i| i.participant == keep);
    let Some(gone_at) = session.invitees.iter().position(|i| i.participant == gone) else {
        return (out, None);
    };
    let Some(keep_at) = keep_at else {
        out.invitees[gone_at].participant = keep;
        return (out, None);
    };
    let (a, b) = (
        session.invitees[keep_at].attendance,
        session.invitees[gone_at].attendance,
    );
    // The kept record's mark wins a tie.
    let best = if attendance_rank(b) > attendance_rank(a) {
        b
    } else {
        a
    };
    let first = keep_at.min(gone_at);
    out.invitees[first] = Invitation {
        participant: keep,
        attendance: best,
    };
    out.invitees.remove(keep_at.max(gone_at));
    (out, Some(best))
}

/// How much a match's state commits to: confirmed, then proposed, then ended.
fn state_rank(state: &MatchState) -> u8 {
    match state {
        MatchState::Confirmed { .. } => 2,
        MatchState::Proposed => 1,
        MatchState::Ended { .. } => 0,
    }
}

/// Two matches of one pair, as a merge leaves them: the one further on (confirmed over
/// proposed over ended; `kept`'s on a tie) stays under its own number, holding the check-ins of
/// both in date order and locked when either was. Returns the match kept and the one to delete.
pub fn one_match(
    kept: &MentoringMatch,
    other: &MentoringMatch,
) -> (MentoringMatch, MentoringMatch) {
    let (mut stays, goes) = if state_rank(&other.state) > state_rank(&kept.state) {
        (other.clone(), kept.clone())
    } else {
        (kept.clone(), other.clone())
    };
    for check_in in &goes.check_ins {
        if !stays.check_ins.contains(check_in) {
            stays.check_ins.push(check_in.clone());
        }
    }
    stays.check_ins.sort_by_key(|c| c.on);
    stays.locked = kept.locked || other.locked;
    stays.participant = kept.participant;
    stays.q_member = kept.q_member;
    (stays, goes)
}

/// `keep`'s text, or `gone`'s where `keep` has none, or both on their own lines when they
/// differ: notes are never lost.
pub fn joined(keep: &str, gone: &str) -> String {
    let (k, g) = (keep.trim(), gone.trim());
    if g.is_empty() || k == g || k.contains(g) {
        keep.to_string()
    } else if k.is_empty() {
        gone.to_string()
    } else {
        format!("{keep}\n{gone}")
    }
}

/// `keep` with every item of `gone` it lacks added after its own, in `gone`'s order.
pub fn united<T: Clone + PartialEq>(keep: &[T], gone: &[T]) -> Vec<T> {
    let mut out = keep.to_vec();
    for item in gone {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// The number of single-letter insertions, deletions and substitutions between two texts
/// (Levenshtein distance), for suggesting the names a mistyped one was probably meant to be.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}
