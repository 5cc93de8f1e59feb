//! Double bookings: a facilitator, a venue or a cohort in two sessions at overlapping times,
//! and more people registered than a session or its venue holds. Cancelled sessions clash
//! with nothing.

use crate::domain::ids::{CohortId, QMemberId, SessionId, VenueId};
use crate::domain::sessions::{Attendance, Session};
use crate::domain::snapshot::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClashKind {
    Facilitator(QMemberId),
    Venue(VenueId),
    Cohort(CohortId),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Clash {
    /// Two sessions overlap and share a facilitator, a venue or a cohort.
    DoubleBooked {
        first: SessionId,
        second: SessionId,
        what: ClashKind,
    },
    /// More people registered (or attending) than the session's places or its venue hold.
    OverCapacity {
        session: SessionId,
        registered: u32,
        holds: u32,
    },
}

impl Clash {
    pub fn sessions(&self) -> Vec<SessionId> {
        match self {
            Clash::DoubleBooked { first, second, .. } => vec![*first, *second],
            Clash::OverCapacity { session, .. } => vec![*session],
        }
    }

    /// One sentence for the pane and `status`; dates name their year when it is not
    /// `today`'s.
    pub fn describe(&self, data: &Snapshot, today: chrono::NaiveDate) -> String {
        self.describe_from(data, None, today)
    }

    /// One sentence for the form planning session `this` (which may not be saved yet), naming
    /// it as "this session".
    pub fn describe_for(
        &self,
        data: &Snapshot,
        this: SessionId,
        today: chrono::NaiveDate,
    ) -> String {
        self.describe_from(data, Some(this), today)
    }

    fn describe_from(
        &self,
        data: &Snapshot,
        this: Option<SessionId>,
        today: chrono::NaiveDate,
    ) -> String {
        let title = |id: &SessionId| {
            if Some(*id) == this {
                return "this session".to_string();
            }
            data.sessions
                .get(id)
                .map_or("a removed session".to_string(), |s| {
                    format!(
                        "{} ({} {})",
                        s.title,
                        crate::domain::dates::day_in_message(s.start.date(), today),
                        s.start.format("%H:%M")
                    )
                })
        };
        match self {
            Clash::DoubleBooked {
                first,
                second,
                what,
            } => {
                let who = match what {
                    ClashKind::Facilitator(q) => format!("{} leads", data.q_member_name(*q)),
                    ClashKind::Venue(v) => format!("{} is booked for", data.venue_name(*v)),
                    ClashKind::Cohort(c) => format!("{} is in", data.cohort_name(*c)),
                };
                format!("{who} both {} and {}", title(first), title(second))
            }
            Clash::OverCapacity {
                session,
                registered,
                holds,
            } => format!(
                "{} has {registered} registered but holds {holds}",
                title(session)
            ),
        }
    }
}

/// How many people a session can take: its own places, or its venue's, whichever is fewer.
pub fn places(data: &Snapshot, session: &Session) -> Option<u32> {
    let venue = session
        .venue
        .and_then(|v| data.venues.get(&v))
        .map(|v| v.capacity);
    match (session.capacity, venue) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn overlap(a: &Session, b: &Session) -> bool {
    a.start < b.end() && b.start < a.end()
}

/// What two sessions share that makes overlapping times a clash.
fn shared(a: &Session, b: &Session) -> Vec<ClashKind> {
    let mut what: Vec<ClashKind> = a
        .facilitators
        .iter()
        .filter(|q| b.facilitators.contains(q))
        .map(|q| ClashKind::Facilitator(*q))
        .collect();
    if let (Some(x), Some(y)) = (a.venue, b.venue) {
        if x == y {
            what.push(ClashKind::Venue(x));
        }
    }
    if let (Some(x), Some(y)) = (a.cohort, b.cohort) {
        if x == y {
            what.push(ClashKind::Cohort(x));
        }
    }
    what
}

fn over_capacity(data: &Snapshot, s: &Session) -> Option<Clash> {
    let holds = places(data, s)?;
    let registered = s
        .invitees
        .iter()
        .filter(|i| matches!(i.attendance, Attendance::Registered | Attendance::Attended))
        .count() as u32;
    (registered > holds).then_some(Clash::OverCapacity {
        session: s.id,
        registered,
        holds,
    })
}

/// Every clash among the programme's sessions, in start order.
pub fn clashes(data: &Snapshot) -> Vec<Clash> {
    let mut live: Vec<&Session> = data.sessions.values().filter(|s| !s.cancelled).collect();
    live.sort_by_key(|s| (s.start, s.id));
    let mut found = Vec::new();
    // Sweep in start order: only sessions starting before this one ends can overlap it.
    for (i, a) in live.iter().enumerate() {
        for b in live[i + 1..].iter().take_while(|b| b.start < a.end()) {
            if overlap(a, b) {
                for what in shared(a, b) {
                    found.push(Clash::DoubleBooked {
                        first: a.id,
                        second: b.id,
                        what,
                    });
                }
            }
        }
        found.extend(over_capacity(data, a));
    }
    found
}

/// The clashes `session` would have if saved as it is: for the form, before saving.
pub fn clashes_with(data: &Snapshot, session: &Session) -> Vec<Clash> {
    if session.cancelled {
        return Vec::new();
    }
    let mut found: Vec<Clash> = data
        .sessions
        .values()
        .filter(|other| other.id != session.id && !other.cancelled && overlap(session, other))
        .flat_map(|other| {
            shared(session, other)
                .into_iter()
                .map(|what| Clash::DoubleBooked {
                    first: other.id,
                    second: session.id,
                    what,
                })
        })
        .collect();
    found.extend(over_capacity(data, session));
    found
}

/// The clashes of sessions saved together, as a form shows them before saving: a new series,
/// or a session and the later ones of its series that "this and every later one" moves. Each
/// is checked against the programme as it would then be: a session being moved is compared
/// with where the others of `planned` are going, never with where it was before. Returns
/// each clash with the index in `planned` of the session it is about.
pub fn clashes_of_planned(data: &Snapshot, planned: &[Session]) -> Vec<(usize, Clash)> {
    let moving: Vec<SessionId> = planned.iter().map(|s| s.id).collect();
    let mut found = Vec::new();
    for (i, session) in planned.iter().enumerate() {
        if session.cancelled {
            continue;
        }
        let staying = data
            .sessions
            .values()
            .filter(|other| !moving.contains(&other.id));
        // Pairs within `planned` are counted once, against the earlier of the two.
        let others = staying.chain(planned[..i].iter());
        for other in others.filter(|o| !o.cancelled && overlap(session, o)) {
            for what in shared(session, other) {
                found.push((
                    i,
                    Clash::DoubleBooked {
                        first: other.id,
                        second: session.id,
                        what,
                    },
                ));
            }
        }
        found.extend(over_capacity(data, session).map(|c| (i, c)));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Record;
    use crate::domain::fixture::{Fixture, at};
    use crate::domain::ids::ParticipantId;
    use crate::domain::people::pathway::PathwayStage;
    use crate::domain::sessions::{Invitation, RateUnit, Venue, VenueCost};

    fn two_sessions(second_start: chrono::NaiveDateTime) -> Fixture {
        // Both led by Q member 1, both for cohort 1, two hours each.
        let mut f = Fixture::new();
        f.session(1, at(3, 10, 10), &[])
            .session(2, second_start, &[]);
        f
    }

    #[test]
    fn overlapping_sessions_sharing_a_facilitator_and_cohort_clash() {
        let f = two_sessions(at(3, 10, 11));
        let found = clashes(&f.data);
        assert_eq!(
            found,
            [
                Clash::DoubleBooked {
                    first: SessionId(1),
                    second: SessionId(2),
                    what: ClashKind::Facilitator(QMemberId(1)),
                },
                Clash::DoubleBooked {
                    first: SessionId(1),
                    second: SessionId(2),
                    what: ClashKind::Cohort(CohortId(1)),
                },
            ]
        );
        assert_eq!(
            found[0].describe(&f.data, this_year()),
            "Morwenna Tull leads both Session 1 (Tue 10 Mar 10:00) and Session 2 (Tue 10 Mar 11:00)"
        );
        // Seen from the year before, the dates say which year they are in.
        assert_eq!(
            found[0].describe(&f.data, this_year() - chrono::Days::new(365)),
            "Morwenna Tull leads both Session 1 (Tue 10 Mar 2026 10:00) and Session 2 (Tue 10 Mar \
             2026 11:00)"
        );
    }

    /// A day in the year of the sessions these tests plan (2026).
    fn this_year() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default()
    }

    #[test]
    fn back_to_back_sessions_do_not_clash() {
        let f = two_sessions(at(3, 10, 12));
        assert_eq!(clashes(&f.data), []);
    }

    #[test]
    fn a_cancelled_session_clashes_with_nothing() {
        let mut f = two_sessions(at(3, 10, 11));
        let mut s = f.data.sessions[&SessionId(2)].clone();
        s.cancelled = true;
        f.data.put(Record::Session(s));
        assert_eq!(clashes(&f.data), []);
    }

    #[test]
    fn the_same_room_at_the_same_time_clashes_even_for_different_people() {
        let mut f = two_sessions(at(3, 10, 11));
        f.data.put(Record::Venue(Venue {
            id: VenueId(1),
            name: "Lantern Room".into(),
            address: String::new(),
            capacity: 2,
            cost: VenueCost::External {
                rate: crate::domain::money::Pence(5000),
                per: RateUnit::Hour,
            },
        }));
        let mut second = f.data.sessions[&SessionId(2)].clone();
        second.facilitators = vec![QMemberId(2)];
        second.cohort = None;
        second.venue = Some(VenueId(1));
        let mut first = f.data.sessions[&SessionId(1)].clone();
        first.venue = Some(VenueId(1));
        f.data.put(Record::Session(first));
        // Checked in the form before saving:
        let found = clashes_with(&f.data, &second);
        assert_eq!(
            found,
            [Clash::DoubleBooked {
                first: SessionId(1),
                second: SessionId(2),
                what: ClashKind::Venue(VenueId(1)),
            }]
        );
        assert!(
            found[0]
                .describe(&f.data, this_year())
                .starts_with("Lantern Room is booked for both")
        );
        assert_eq!(
            found[0].describe_for(&f.data, SessionId(2), this_year()),
            "Lantern Room is booked for both Session 1 (Tue 10 Mar 10:00) and this session"
        );
    }

    #[test]
    fn moving_a_series_checks_every_session_at_its_new_time() {
        // Sessions 1 and 2 are a monthly series on 10 Feb and 10 Mar at 10:00; session 3, led
        // by someone else for another cohort, is on 10 Mar at 14:00 in the same room.
        let mut f = Fixture::new();
        f.session(1, at(2, 10, 10), &[])
            .session(2, at(3, 10, 10), &[])
            .session(3, at(3, 10, 14), &[]);
        let mut third = f.data.sessions[&SessionId(3)].clone();
        third.facilitators = vec![QMemberId(2)];
        third.cohort = Some(CohortId(2));
        third.venue = Some(VenueId(1));
        f.data.put(Record::Session(third));
        let moved: Vec<Session> = [1, 2]
            .map(|id| {
                let s = &f.data.sessions[&SessionId(id)];
                Session {
                    start: s.start.date().and_hms_opt(14, 30, 0).expect("a time"),
                    venue: Some(VenueId(1)),
                    ..s.clone()
                }
            })
            .to_vec();
        let found = clashes_of_planned(&f.data, &moved);
        assert_eq!(
            found,
            [(
                1,
                Clash::DoubleBooked {
                    first: SessionId(3),
                    second: SessionId(2),
                    what: ClashKind::Venue(VenueId(1)),
                }
            )],
            "the 10 Mar session clashes at its new time; the 10 Feb one does not"
        );
        // Checked alone, the first session (the one the form shows) finds nothing.
        assert_eq!(clashes_with(&f.data, &moved[0]), []);
    }

    #[test]
    fn sessions_planned_together_are_checked_against_each_other_once() {
        let mut f = Fixture::new();
        f.session(1, at(3, 10, 10), &[]);
        let first = f.data.sessions[&SessionId(1)].clone();
        let planned = vec![
            Session {
                id: SessionId(7),
                ..first.clone()
            },
            Session {
                id: SessionId(8),
                start: at(6, 1, 10),
                ..first.clone()
            },
        ];
        // The new session 7 clashes with session 1 (facilitator and cohort); 8 with nothing.
        let found = clashes_of_planned(&f.data, &planned);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|(i, _)| *i == 0));
    }

    #[test]
    fn more_registered_than_the_venue_holds_is_a_clash() {
        let mut f = Fixture::new();
        for p in 1..=3 {
            f.participant(p, &format!("P{p}"), Some(1), PathwayStage::Active);
        }
        f.session(
            1,
            at(3, 10, 10),
            &[
                (1, Attendance::Registered),
                (2, Attendance::Registered),
                (3, Attendance::Attended),
            ],
        );
        let mut s = f.data.sessions[&SessionId(1)].clone();
        s.capacity = Some(2);
        f.data.put(Record::Session(s.clone()));
        assert_eq!(
            clashes(&f.data),
            [Clash::OverCapacity {
                session: SessionId(1),
                registered: 3,
                holds: 2
            }]
        );
        s.invitees.push(Invitation {
            participant: ParticipantId(9),
            attendance: Attendance::Apologies,
        });
        s.capacity = Some(3);
        f.data.put(Record::Session(s));
        assert_eq!(clashes(&f.data), [], "apologies do not take a place");
    }
}
