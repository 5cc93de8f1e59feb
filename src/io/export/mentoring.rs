//! Rows of the matches and check-ins files.

use super::names::Names;
use super::table::{Row, date, yes_no};
use crate::domain::mentoring::MatchState;

pub(crate) fn matches(names: &Names) -> Vec<Row> {
    names
        .data
        .matches
        .values()
        .map(|m| {
            let (state_date, end_reason) = match &m.state {
                MatchState::Proposed => (String::new(), ""),
                MatchState::Confirmed { on } => (date(*on), ""),
                MatchState::Ended { on, reason } => (date(*on), reason.as_str()),
            };
            Row::new()
                .set("participant", names.participant(m.participant))
                .set("q_member", names.q_member(m.q_member))
                .set("state", m.state.label())
                .set("proposed_on", date(m.proposed_on))
                .set("state_date", state_date)
                .set("end_reason", end_reason)
                .set("locked", yes_no(m.locked))
        })
        .collect()
}

pub(crate) fn check_ins(names: &Names) -> Vec<Row> {
    names
        .data
        .matches
        .values()
        .flat_map(|m| {
            m.check_ins.iter().map(move |c| {
                Row::new()
                    .set("participant", names.participant(m.participant))
                    .set("q_member", names.q_member(m.q_member))
                    .set("date", date(c.on))
                    .set("met", yes_no(c.met))
                    .set("note", &c.note)
            })
        })
        .collect()
}
