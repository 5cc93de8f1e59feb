//! Venues, and sessions spread over each cohort's year; past sessions have attendance marked.

use super::names::{PLACES, TOPICS};
use super::{Generator, days, pick};
use crate::domain::ids::{QMemberId, SessionId, VenueId};
use crate::domain::money::Pence;
use crate::domain::people::{QMember, QRole};
use crate::domain::sessions::{
    Attendance, Invitation, RateUnit, Session, SessionKind, Venue, VenueCost,
};
use chrono::NaiveTime;
use rand::Rng;

const START_TIMES: [(u32, u32); 4] = [(9, 30), (13, 0), (14, 0), (17, 30)];
const DURATIONS_MINUTES: [u32; 5] = [90, 120, 180, 240, 360];

impl Generator {
    /// A third each in house, hired by the hour and hired by the day.
    pub(super) fn venues(&mut self, count: u32) {
        let rng = &mut self.rng;
        self.venues = (0..count as usize)
            .map(|i| {
                let place = PLACES[i % PLACES.len()];
                let cost = match i % 3 {
                    0 => VenueCost::InHouse,
                    1 => VenueCost::External {
                        rate: Pence(rng.random_range(40..=120) * 100),
                        per: RateUnit::Hour,
                    },
                    _ => VenueCost::External {
                        rate: Pence(rng.random_range(600..=1_600) * 100),
                        per: RateUnit::Day,
                    },
                };
                Venue {
                    id: VenueId(i as u64 + 1),
                    name: format!("{place} Learning Centre {}", i + 1),
                    address: format!("{} High Street, {place}", i + 1),
                    capacity: rng.random_range(12..=120),
                    cost,
                }
            })
            .collect();
    }

    /// Sessions go to the cohorts in turn, each inviting everyone taking part in its cohort.
    pub(super) fn sessions(&mut self, count: u32) {
        let facilitators = offering(&self.q_members, QRole::Facilitator);
        let hosts = offering(&self.q_members, QRole::SiteVisitHost);
        let (rng, today, cohorts, venues) =
            (&mut self.rng, self.today, &self.cohorts, &self.venues);
        self.sessions = (0..count as usize)
            .map(|i| {
                let cohort = &cohorts[i % cohorts.len()];
                let span = (cohort.ends - cohort.starts).num_days().max(1);
                let day = days(cohort.starts, rng.random_range(0..span));
                let (h, m) = *pick(rng, &START_TIMES);
                let start = day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
                let kind = *pick(rng, &SessionKind::ALL);
                let past = day < today;
                let invitees = self.members[i % cohorts.len()]
                    .iter()
                    .map(|&participant| Invitation {
                        participant,
                        attendance: attendance(rng.random(), past),
                    })
                    .collect();
                let n_facilitators = rng.random_range(1..=2);
                Session {
                    id: SessionId(i as u64 + 1),
                    kind,
                    title: format!("{} {}", kind.label(), i + 1),
                    theme: pick(rng, &TOPICS).to_string(),
                    cohort: Some(cohort.id),
                    start,
                    duration_minutes: *pick(rng, &DURATIONS_MINUTES),
                    venue: (!venues.is_empty() && kind != SessionKind::SiteVisit)
                        .then(|| venues[rng.random_range(0..venues.len())].id),
                    facilitators: if facilitators.is_empty() {
                        Vec::new()
                    } else {
                        (0..n_facilitators)
                            .map(|_| *pick(rng, &facilitators))
                            .collect()
                    },
                    host: (kind == SessionKind::SiteVisit && !hosts.is_empty())
                        .then(|| *pick(rng, &hosts)),
                    capacity: Some(rng.random_range(12..=60)),
                    invitees,
                    cancelled: rng.random_bool(0.02),
                }
            })
            .collect();
    }
}

fn offering(q_members: &[QMember], role: QRole) -> Vec<QMemberId> {
    q_members
        .iter()
        .filter(|q| q.offers(role))
        .map(|q| q.id)
        .collect()
}

/// Past sessions are marked, mostly attended; future ones are only invited or registered.
fn attendance(roll: f64, past: bool) -> Attendance {
    if past {
        if roll < 0.8 {
            Attendance::Attended
        } else if roll < 0.92 {
            Attendance::Apologies
        } else {
            Attendance::NoShow
        }
    } else if roll < 0.5 {
        Attendance::Registered
    } else {
        Attendance::Invited
    }
}
