//! The mentoring review loop's changes and forms: accepting, rejecting, locking and forbidding
//! proposals, assigning a mentor by hand, ending a match and logging a check-in.

use super::{OpenForm, Purpose, based_on, value};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{MatchId, ParticipantId, QMemberId};
use crate::domain::mentoring::matching::rules::{SamePerson, same_person};
use crate::domain::mentoring::{
    CheckIn, MatchState, MentoringMatch, PairRule, PairRuleKind, Score,
};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_text;
use crate::tui::effects::Confirm;
use crate::tui::form::{Field, Form, Rule};
use chrono::NaiveDate;

const MET: &str = "met";
const DID_NOT_MEET: &str = "did not meet";

fn edit(data: &Snapshot, record: MentoringMatch) -> Change {
    Change::Edit {
        based_on: based_on(data, RecordKey::Match(record.id)),
        record: Record::Match(record),
    }
}

fn names(data: &Snapshot, m: &MentoringMatch) -> (String, String) {
    (
        data.participant_name(m.participant).to_string(),
        data.q_member_name(m.q_member).to_string(),
    )
}

/// Confirms a proposal, from today.
pub fn accept(
    data: &Snapshot,
    m: &MentoringMatch,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let (person, mentor) = names(data, m);
    if !matches!(m.state, MatchState::Proposed) {
        return Err(format!(
            "{person} and {mentor} are already {}",
            m.state.label()
        ));
    }
    let confirmed = MentoringMatch {
        state: MatchState::Confirmed { on: today },
        ..m.clone()
    };
    Ok((
        edit(data, confirmed),
        format!("{mentor} now mentors {person}"),
    ))
}

/// Confirms every proposal in `matches` at once; `None` when there are none.
pub fn accept_all(
    data: &Snapshot,
    matches: &[&MentoringMatch],
    today: NaiveDate,
) -> Option<Confirm> {
    let changes: Vec<Change> = matches
        .iter()
        .filter_map(|m| accept(data, m, today).ok().map(|(c, _)| c))
        .collect();
    let n = changes.len();
    if n == 0 {
        return None;
    }
    let proposals = crate::domain::count::count(n, "proposal");
    Some(Confirm {
        question: format!("Accept {proposals}, confirming each pair from today?"),
        change: Change::Batch {
            summary: format!(
                "accepted {}",
                crate::domain::count::count(n, "mentoring proposal")
            ),
            changes,
        },
        done: format!("Accepted {proposals}"),
    })
}

/// Drops a proposal; matching may propose the pair again unless it is forbidden.
pub fn reject(data: &Snapshot, m: &MentoringMatch) -> Result<(Change, String), String> {
    let (person, mentor) = names(data, m);
    if !matches!(m.state, MatchState::Proposed) {
        return Err(format!(
            "only a proposal can be rejected; to stop a confirmed match, e ends it ({person} and {mentor})"
        ));
    }
    Ok((
        Change::Delete(RecordKey::Match(m.id)),
        format!("Rejected {mentor} for {person} (x forbids the pair for good)"),
    ))
}

pub fn toggle_lock(data: &Snapshot, m: &MentoringMatch) -> (Change, String) {
    let (person, mentor) = names(data, m);
    let locked = MentoringMatch {
        locked: !m.locked,
        ..m.clone()
    };
    let done = if locked.locked {
        format!("Locked {person} with {mentor}: matching keeps this pair")
    } else {
        format!("Unlocked {person} and {mentor}: matching may change this pair")
    };
    (edit(data, locked), done)
}

/// Forbids a pair for good, dropping its proposal.
pub fn forbid(data: &Snapshot, m: &MentoringMatch) -> Result<Confirm, String> {
    forbid_pair(data, m.participant, m.q_member)
}

/// Forbids `participant` with `q_member` for good (from the candidates, or their match),
/// dropping a proposal between them.
pub fn forbid_pair(
    data: &Snapshot,
    participant: ParticipantId,
    q_member: QMemberId,
) -> Result<Confirm, String> {
    let person = data.participant_name(participant).to_string();
    let mentor = data.q_member_name(q_member).to_string();
    let live = data
        .matches
        .values()
        .filter(|m| m.participant == participant && m.q_member == q_member)
        .find(|m| m.state.is_live());
    if live.is_some_and(|m| matches!(m.state, MatchState::Confirmed { .. })) {
        return Err(format!(
            "{person} and {mentor} are confirmed; e ends the match first"
        ));
    }
    let mut changes = vec![Change::Edit {
        based_on: None,
        record: Record::PairRule(PairRule {
            participant,
            q_member,
            kind: PairRuleKind::Forbidden,
            reason: "forbidden by the programme team".to_string(),
        }),
    }];
    if let Some(m) = live {
        changes.push(Change::Delete(RecordKey::Match(m.id)));
    }
    Ok(Confirm {
        question: format!("Never pair {person} with {mentor} again? (u undoes it)"),
        change: Change::Batch {
            summary: format!("forbade pairing {person} with {mentor}"),
            changes,
        },
        done: format!("{person} will not be paired with {mentor} again"),
    })
}

/// Lifts a forbidden pair, so matching may propose it again.
pub fn allow_pair(
    data: &Snapshot,
    participant: ParticipantId,
    q_member: QMemberId,
) -> Result<Confirm, String> {
    let person = data.participant_name(participant);
    let mentor = data.q_member_name(q_member);
    if !data.pair_rules.contains_key(&(participant, q_member)) {
        return Err(format!("{person} and {mentor} are not a forbidden pair"));
    }
    Ok(Confirm {
        question: format!("Allow {person} and {mentor} to be paired again? (u undoes it)"),
        change: Change::Delete(RecordKey::PairRule(participant, q_member)),
        done: format!("{person} may be paired with {mentor} again: m runs matching"),
    })
}

/// A mentor chosen by hand from the candidates: proposed and locked, so matching keeps it.
pub fn assign(
    data: &Snapshot,
    participant: ParticipantId,
    q_member: QMemberId,
    score: Score,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let person = data.participant_name(participant).to_string();
    let mentor = data.q_member_name(q_member).to_string();
    if let (Some(p), Some(q)) = (
        data.participants.get(&participant),
        data.q_members.get(&q_member),
    ) {
        match same_person(data, p, q) {
            Some(SamePerson::Email) => {
                return Err(format!(
                    "{person} cannot be their own mentor: the Q member {mentor} has the same email, {}; nobody mentors themselves",
                    p.email.trim()
                ));
            }
            Some(SamePerson::Linked { from }) => {
                return Err(format!(
                    "{person} cannot be their own mentor: the Q member {mentor} is their own record, linked when they joined Q from {from}; nobody mentors themselves"
                ));
            }
            None => {}
        }
    }
    let live: Vec<&MentoringMatch> = data
        .matches
        .values()
        .filter(|m| m.participant == participant && m.state.is_live())
        .collect();
    if let Some(confirmed) = live
        .iter()
        .find(|m| matches!(m.state, MatchState::Confirmed { .. }))
    {
        return Err(format!(
            "{person} is mentored by {} (confirmed); e ends that match first",
            data.q_member_name(confirmed.q_member)
        ));
    }
    let record = match live.first() {
        Some(m) => MentoringMatch {
            q_member,
            score,
            proposed_on: today,
            locked: true,
            ..(*m).clone()
        },
        None => MentoringMatch {
            id: MatchId(data.next_id(|id| RecordKey::Match(MatchId(id)))),
            participant,
            q_member,
            state: MatchState::Proposed,
            proposed_on: today,
            score,
            locked: true,
            check_ins: Vec::new(),
        },
    };
    Ok((
        edit(data, record),
        format!("Proposed {mentor} for {person}, locked (a accepts)"),
    ))
}

pub fn end_match_form(data: &Snapshot, m: &MentoringMatch, today: NaiveDate) -> OpenForm {
    let (person, mentor) = names(data, m);
    OpenForm {
        form: Form::new(
            format!("End {mentor}'s mentoring of {person}"),
            vec![
                Field::date("Date", today, today).counted_from(began(m)),
                Field::text("Reason", "", true),
            ],
        )
        .with(not_before_start(m)),
        purpose: Purpose::EndMatch(m.id),
    }
}

pub fn check_in_form(data: &Snapshot, m: &MentoringMatch, today: NaiveDate) -> OpenForm {
    let (person, mentor) = names(data, m);
    OpenForm {
        form: Form::new(
            format!("Check-in: {person} with {mentor}"),
            vec![
                Field::date("Date", today, today),
                Field::choice("Met", vec![MET.into(), DID_NOT_MEET.into()], 0),
                Field::text("Note", "", false),
            ],
        )
        .with(not_before_start(m)),
        purpose: Purpose::CheckIn(m.id),
    }
}

/// The day a match began: confirmed, or else proposed.
fn began(m: &MentoringMatch) -> NaiveDate {
    match m.state {
        MatchState::Confirmed { on } => on,
        _ => m.proposed_on,
    }
}

/// A match ends, and is checked in on, no earlier than the day it began.
fn not_before_start(m: &MentoringMatch) -> Rule {
    Rule::NotBeforeDate {
        field: "Date",
        date: began(m),
        noun: "the match began".to_string(),
    }
}

/// The change a filled-in end or check-in form asks for.
pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    id: MatchId,
) -> Result<(Change, String), String> {
    let m = data
        .matches
        .get(&id)
        .ok_or_else(|| "that match is no longer there".to_string())?;
    let (person, mentor) = names(data, m);
    let date = open
        .form
        .field("Date")
        .and_then(|f| f.as_date())
        .ok_or_else(|| "the date is not right yet".to_string())?;
    if date < began(m) {
        return Err(format!(
            "The date, {}, is before the match began ({}): give that day or a later one",
            crate::domain::dates::long_date(date),
            crate::domain::dates::long_date(began(m))
        ));
    }
    let mut changed = m.clone();
    let done = match open.purpose {
        Purpose::EndMatch(_) => {
            if !m.state.is_live() {
                return Err(format!("{person} and {mentor}'s match has ended already"));
            }
            changed.state = MatchState::Ended {
                on: date,
                reason: clean_text(value(open, "Reason")),
            };
            format!("Ended {mentor}'s mentoring of {person}")
        }
        _ => {
            let met = value(open, "Met") == MET;
            changed.check_ins.push(CheckIn {
                on: date,
                met,
                note: clean_text(value(open, "Note")),
            });
            changed.check_ins.sort_by_key(|c| c.on);
            format!(
                "Logged a check-in for {person} and {mentor} ({})",
                if met { "met" } else { "did not meet" }
            )
        }
    };
    Ok((edit(data, changed), done))
}
