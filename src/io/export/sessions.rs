//! Rows of the venues, sessions and attendance files.

use super::names::Names;
use super::table::{Row, date_time, list, money, yes_no};
use crate::domain::sessions::{RateUnit, VenueCost};

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
                .set("capacity", v.capacity.to_string())
                .set("address", &v.address)
                .set("rate", rate)
                .set("per", per)
        })
        .collect()
}

pub(crate) fn sessions(names: &Names) -> Vec<Row> {
    names
        .data
        .sessions
        .values()
        .map(|s| {
            Row::new()
                .set("ref", names.session(Some(s.id)))
                .set("kind", s.kind.label())
                .set("title", &s.title)
                .set("start", date_time(s.start))
                .set("duration_minutes", s.duration_minutes.to_string())
                .set("theme", &s.theme)
                .set("cohort", names.cohort(s.cohort))
                .set("venue", names.venue(s.venue))
                .set(
                    "facilitators",
                    list(s.facilitators.iter().map(|q| names.q_member(*q))),
                )
                .set(
                    "host",
                    s.host.map(|q| names.q_member(q)).unwrap_or_default(),
                )
                .set(
                    "capacity",
                    s.capacity.map(|c| c.to_string()).unwrap_or_default(),
                )
                .set("cancelled", yes_no(s.cancelled))
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
