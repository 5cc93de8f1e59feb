//! Mentoring matches between participants and Q members, and their check-ins.

use super::draft::Draft;
use super::error::{ImportErrors, Problems};
use super::fields;
use super::table::{self, Columns};
use crate::domain::change::Record;
use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::mentoring::matching::rules::{SamePerson, same_person};
use crate::domain::mentoring::matching::score::{Weights, score_pair};
use crate::domain::mentoring::{CheckIn, MatchState, MentoringMatch, Score};

pub(crate) const MATCH_COLUMNS: Columns = Columns {
    required: &["participant", "q_member", "state", "proposed_on"],
    optional: &["state_date", "end_reason", "locked"],
};

pub(crate) const CHECK_IN_COLUMNS: Columns = Columns {
    required: &["participant", "q_member", "date"],
    optional: &["met", "note"],
};

fn pair(
    draft: &Draft,
    problems: &mut Problems,
    line: u64,
    participant: &str,
    q_member: &str,
) -> Option<(ParticipantId, QMemberId)> {
    let p = problems
        .check(line, "participant", fields::email(participant))
        .and_then(|email| {
            let found = draft.participant_by_email(&email);
            if found.is_none() {
                problems.add(
                    line,
                    "participant",
                    format!("no participant has the email \"{email}\""),
                );
            }
            found
        });
    let q = problems
        .check(line, "q_member", fields::email(q_member))
        .and_then(|email| {
            let found = draft.q_member_by_email(&email);
            if found.is_none() {
                problems.add(
                    line,
                    "q_member",
                    format!("no Q member has the email \"{email}\""),
                );
            }
            found
        });
    p.zip(q)
}

pub(crate) fn matches(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &MATCH_COLUMNS, &mut problems);
    for row in rows {
        let line = row.line;
        let who = pair(
            draft,
            &mut problems,
            line,
            row.raw("participant"),
            row.raw("q_member"),
        );
        let proposed_on = problems.check(line, "proposed_on", fields::date(row.raw("proposed_on")));
        let state_name = fields::line(row.raw("state")).to_lowercase();
        let state_date = problems.optional(line, "state_date", row.raw("state_date"), fields::date);
        let state = match (state_name.as_str(), state_date) {
            ("proposed", Some(_)) => Some(MatchState::Proposed),
            ("confirmed", Some(Some(on))) => Some(MatchState::Confirmed { on }),
            ("ended", Some(Some(on))) => Some(MatchState::Ended {
                on,
                reason: fields::line(row.raw("end_reason")),
            }),
            ("confirmed" | "ended", Some(None)) => {
                problems.add(
                    line,
                    "state_date",
                    format!("is empty; a {state_name} match needs the date it was {state_name}"),
                );
                None
            }
            (_, None) => None,
            (other, _) => {
                problems.add(
                    line,
                    "state",
                    format!(
                        "\"{other}\" is not a match state (one of: proposed, confirmed, ended)"
                    ),
                );
                None
            }
        };
        if let (Some(proposed), Some(Some(on))) = (proposed_on, state_date) {
            if on < proposed {
                problems.add(
                    line,
                    "state_date",
                    format!("{on} is before the match was proposed ({proposed})"),
                );
            }
        }
        let locked = problems.check(line, "locked", fields::yes_no_or(row.raw("locked"), false));
        let (Some((participant, q_member)), Some(proposed_on), Some(state), Some(locked)) =
            (who, proposed_on, state, locked)
        else {
            continue;
        };
        if let (Some(p), Some(q)) = (
            draft.snapshot.participants.get(&participant),
            draft.snapshot.q_members.get(&q_member),
        ) {
            let same = same_person(&draft.snapshot, p, q);
            if let Some(same) = same {
                // As the file has it, so it can be found there.
                let written = fields::line(row.raw("q_member"));
                let why = match same {
                    SamePerson::Email => format!(
                        "\"{written}\" is the participant's own email: {} is in both \
                         registers, and nobody mentors themselves",
                        p.name
                    ),
                    SamePerson::Linked { from } => format!(
                        "\"{written}\" is {}'s own Q member record, linked when they joined Q \
                         from {from}, and nobody mentors themselves",
                        p.name
                    ),
                };
                problems.add(line, "q_member", why);
                continue;
            }
        }
        if state.is_live() {
            let clash = draft
                .snapshot
                .matches
                .values()
                .find(|m| m.participant == participant && m.state.is_live());
            if let Some(other) = clash {
                problems.add(
                    line,
                    "participant",
                    format!(
                        "{} already has a {} match with {}; end it first",
                        draft.snapshot.participant_name(participant),
                        other.state.label(),
                        draft.snapshot.q_member_name(other.q_member)
                    ),
                );
                continue;
            }
        }
        let id = draft.new_match_id();
        let score = match_score(draft, participant, q_member);
        draft.put(Record::Match(MentoringMatch {
            id,
            participant,
            q_member,
            state,
            proposed_on,
            score,
            locked,
            check_ins: Vec::new(),
        }));
    }
    problems.finish()
}

/// The pair's score as things stand when the match is imported: the mentor's load counts the
/// live matches already there.
fn match_score(draft: &Draft, participant: ParticipantId, q_member: QMemberId) -> Score {
    let data = &draft.snapshot;
    let (Some(p), Some(q)) = (
        data.participants.get(&participant),
        data.q_members.get(&q_member),
    ) else {
        return Score::default();
    };
    let mentees = data
        .matches
        .values()
        .filter(|m| m.q_member == q_member && m.state.is_live())
        .count() as u32;
    score_pair(data, p, q, mentees, &Weights::default())
}

/// Check-ins go to the pair's live match, or else their latest one.
pub(crate) fn check_ins(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &CHECK_IN_COLUMNS, &mut problems);
    for row in rows {
        let line = row.line;
        let who = pair(
            draft,
            &mut problems,
            line,
            row.raw("participant"),
            row.raw("q_member"),
        );
        let on = problems.check(line, "date", fields::date(row.raw("date")));
        let met = problems.check(line, "met", fields::yes_no_or(row.raw("met"), true));
        let (Some((participant, q_member)), Some(on), Some(met)) = (who, on, met) else {
            continue;
        };
        let found = draft
            .snapshot
            .matches
            .values()
            .filter(|m| m.participant == participant && m.q_member == q_member)
            .max_by_key(|m| (m.state.is_live(), m.proposed_on, m.id))
            .cloned();
        let Some(mut found) = found else {
            problems.add(
                line,
                "q_member",
                format!(
                    "{} has no match with {}; add the match first",
                    draft.snapshot.participant_name(participant),
                    draft.snapshot.q_member_name(q_member)
                ),
            );
            continue;
        };
        found.check_ins.push(CheckIn {
            on,
            met,
            note: fields::text(row.raw("note")),
        });
        found.check_ins.sort_by_key(|c| c.on);
        draft.put(Record::Match(found));
    }
    problems.finish()
}
