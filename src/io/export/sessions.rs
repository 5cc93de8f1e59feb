//! Rows of the venues, sessions and attendance files.

use super::names::Names;
use super::table::{Row, date_time, list, money, yes_no};
use crate::domain::identifiers::session_uid;
use crate::domain::ids::SessionId;
use crate::domain::sessions::series::Repeat;
use crate::domain::sessions::{RateUnit, VenueCost};
use std::collections::HashMap;

pub(crate) fn venues(names: &Names) -> Vec<Row> {
    names
        .data
        .venues
        .values()
        .map(|v| {
            let (rate, per) = match v.cost {
                VenueCost::InHouse => (String::new(), ""),
                VenueCost::External { rate, per } => (
                    money(rate),
                    match per {
                        RateUnit::Hour => "hour",
                        RateUnit::Day => "day",
                    },
                ),
            };
            Row::new()
                .set("name", &v.name)
                .number("capacity", v.capacity.to_string())
                .set("address", &v.address)
                .number("rate", rate)
                .set("per", per)
        })
        .collect()
}

/// For each session in a series: the first session of that series and how it repeats, as the
/// `series` and `repeats` columns write them.
///
/// Sessions deleted since the series was planned are passed over, so the first is the first
/// still there. Should a session be listed by two series it goes with the first by id, and the
/// other's first is chosen among its own sessions, so every row names a session of its own
/// series. A series that does not repeat is never planned; should one exist its sessions are
/// written as the one-offs they are.
fn series_of(names: &Names) -> HashMap<SessionId, (SessionId, Repeat)> {
    let data = names.data;
    let mut of = HashMap::new();
    for series in data.series.values().filter(|s| s.repeat != Repeat::Once) {
        let members: Vec<SessionId> = series
            .sessions
            .iter()
            .copied()
            .filter(|id| data.sessions.contains_key(id) && !of.contains_key(id))
            .collect();
        if let Some(first) = members.first().copied() {
            for id in members {
                of.insert(id, (first, series.repeat));
            }
        }
    }
    of
}

pub(crate) fn sessions(names: &Names) -> Vec<Row> {
    let series = series_of(names);
    let programme = names
        .data
        .programme
        .as_ref()
        .map_or("", |p| p.name.as_str());
    names
        .data
        .sessions
        .values()
        .map(|s| {
            let (first, repeats) = series
                .get(&s.id)
                .map_or((String::new(), ""), |(first, repeat)| {
                    (names.session(Some(*first)), repeat.key())
                });
            Row::new()
                .set("ref", names.session(Some(s.id)))
                .set("kind", s.kind.label())
                .set("title", &s.title)
                .set("start", date_time(s.start))
                .number("duration_minutes", s.duration_minutes.to_string())
                .set("theme", &s.theme)
                .set("cohort", names.cohort(s.cohort))
                .set("venue", names.venue(s.venue))
                .set(
                    "facilitators",
                    list(names.data.facilitators(s).map(|q| q.email.as_str())),
                )
                .set(
                    "host",
                    s.host.map(|q| names.q_member(q)).unwrap_or_default(),
                )
                .number(
                    "capacity",
                    s.capacity.map(|c| c.to_string()).unwrap_or_default(),
                )
                .set("cancelled", yes_no(s.cancelled))
                .set("series", first)
                .set("repeats", repeats)
                .set("uid", session_uid(programme, s.id))
        })
        .collect()
}

/// Every invitee, including those only invited, so the list of who was asked survives too.
pub(crate) fn attendance(names: &Names) -> Vec<Row> {
    names
        .data
        .sessions
        .values()
        .flat_map(|s| {
            s.invitees.iter().map(move |i| {
                Row::new()
                    .set("session", names.session(Some(s.id)))
                    .set("email", names.participant(i.participant))
                    .set("attendance", i.attendance.label())
            })
        })
        .collect()
}
