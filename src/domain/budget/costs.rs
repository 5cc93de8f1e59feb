//! Costs that follow from a session: hiring an external venue (its rate times the length of
//! the session), travel for facilitators from outside London, and travel for a site visit's
//! attendees. Proposed as estimates linked to the session, never twice; when the session is
//! changed or cancelled, its estimates follow.

use crate::domain::budget::{Expense, ExpenseState, ExpenseStateChange};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::CategoryId;
use crate::domain::ids::ExpenseId;
use crate::domain::money::Pence;
use crate::domain::people::PersonRef;
use crate::domain::sessions::{Attendance, RateUnit, Session, SessionKind, VenueCost};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;

/// Amounts used when nothing better is known; set in the configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostDefaults {
    /// One facilitator's return journey from outside London.
    pub speaker_travel: Pence,
    /// Each attendee's travel to a site visit.
    pub site_visit_travel_per_person: Pence,
}

impl Default for CostDefaults {
    fn default() -> Self {
        CostDefaults {
            speaker_travel: Pence(6_000),
            site_visit_travel_per_person: Pence(1_500),
        }
    }
}

/// A cost a session implies, before anyone confirms it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedCost {
    pub category: CategoryId,
    pub amount: Pence,
    pub payee: String,
    pub description: String,
    pub person: Option<PersonRef>,
}

/// What hiring `session`'s venue costs, if it is external: the hourly rate for every hour or
/// part of one, or the daily rate for every day or part of one.
pub fn venue_hire(data: &Snapshot, session: &Session) -> Option<(String, Pence)> {
    let venue = data.venues.get(&session.venue?)?;
    let VenueCost::External { rate, per } = venue.cost else {
        return None;
    };
    let minutes = i64::from(session.duration_minutes.max(1));
    let units = match per {
        RateUnit::Hour => (minutes + 59) / 60,
        RateUnit::Day => (minutes + 8 * 60 - 1) / (8 * 60),
    };
    Some((venue.name.clone(), Pence(rate.0.saturating_mul(units))))
}

/// Every cost `session` implies.
pub fn implied_costs(
    data: &Snapshot,
    session: &Session,
    defaults: &CostDefaults,
) -> Vec<ProposedCost> {
    let mut costs = Vec::new();
    if let Some((venue, amount)) = venue_hire(data, session) {
        costs.push(ProposedCost {
            category: CategoryId::VENUE_HIRE,
            amount,
            payee: venue,
            description: format!("Venue hire: {}", session.title),
            person: None,
        });
    }
    for q in &session.facilitators {
        if let Some(member) = data.q_members.get(q).filter(|m| !m.london_based) {
            costs.push(ProposedCost {
                category: CategoryId::SPEAKER_TRAVEL,
                amount: defaults.speaker_travel,
                payee: member.name.clone(),
                description: format!("Travel from outside London: {}", session.title),
                person: Some(PersonRef::QMember(*q)),
            });
        }
    }
    if session.kind == SessionKind::SiteVisit {
        let going = session
            .invitees
            .iter()
            .filter(|i| !matches!(i.attendance, Attendance::Apologies | Attendance::NoShow))
            .count() as i64;
        if going > 0 {
            costs.push(ProposedCost {
                category: CategoryId::SITE_VISITS,
                amount: Pence(
                    defaults
                        .site_visit_travel_per_person
                        .0
                        .saturating_mul(going),
                ),
                payee: "Attendees' travel".to_string(),
                description: format!(
                    "Travel for {}: {}",
                    crate::domain::count::count(going as usize, "attendee"),
                    session.title
                ),
                person: None,
            });
        }
    }
    costs
}

/// The expenses linked to `session` that are not cancelled.
fn linked<'a>(data: &'a Snapshot, session: &Session) -> impl Iterator<Item = &'a Expense> {
    let id = session.id;
    data.expenses
        .values()
        .filter(move |e| e.session == Some(id) && e.state != ExpenseState::Cancelled)
}

/// The implied costs not yet linked to the session: proposing twice never duplicates.
pub fn missing_costs(
    data: &Snapshot,
    session: &Session,
    defaults: &CostDefaults,
) -> Vec<ProposedCost> {
    // A cancelled session implies no spending: its estimates were cancelled with it, and
    // proposing them again would inflate the forecast (see sessions::cancelled).
    if session.cancelled {
        return Vec::new();
    }
    implied_costs(data, session, defaults)
        .into_iter()
        .filter(|c| {
            !linked(data, session).any(|e| e.category == c.category && e.person == c.person)
        })
        .collect()
}

/// The change adding `costs` as estimates for `session`, dated on the session's day.
pub fn estimates_change(
    data: &Snapshot,
    session: &Session,
    costs: &[ProposedCost],
    today: NaiveDate,
) -> Change {
    let first = data.next_id(|id| RecordKey::Expense(ExpenseId(id)));
    let changes = costs
        .iter()
        .enumerate()
        .map(|(i, c)| Change::Edit {
            based_on: None,
            record: Record::Expense(Expense {
                id: ExpenseId(first + i as u64),
                date: session.start.date(),
                category: c.category,
                amount: c.amount,
                payee: c.payee.clone(),
                description: c.description.clone(),
                session: Some(session.id),
                person: c.person,
                state: ExpenseState::Estimate,
                history: vec![ExpenseStateChange {
                    state: ExpenseState::Estimate,
                    on: today,
                }],
            }),
        })
        .collect();
    Change::Batch {
        summary: format!(
            "proposed {} for {}",
            crate::domain::count::count(costs.len(), "cost"),
            session.title
        ),
        changes,
    }
}

/// What the session's linked estimates become when it changes to `after`: cancelled with it,
/// moved to its new day, and the venue hire priced again. Only estimates follow; committed
/// and paid expenses are left for a person to deal with.
pub fn follow_session(data: &Snapshot, after: &Session, today: NaiveDate) -> Vec<Change> {
    let hire = venue_hire(data, after);
    linked(data, after)
        .filter(|e| e.state == ExpenseState::Estimate)
        .filter_map(|e| {
            let mut changed = e.clone();
            if after.cancelled {
                changed.state = ExpenseState::Cancelled;
                changed.history.push(ExpenseStateChange {
                    state: ExpenseState::Cancelled,
                    on: today,
                });
            } else {
                changed.date = after.start.date();
                if e.category == CategoryId::VENUE_HIRE && e.person.is_none() {
                    match &hire {
                        Some((venue, amount)) => {
                            changed.amount = *amount;
                            changed.payee = venue.clone();
                        }
                        // No longer at an external venue: nothing to hire.
                        None => {
                            changed.state = ExpenseState::Cancelled;
                            changed.history.push(ExpenseStateChange {
                                state: ExpenseState::Cancelled,
                                on: today,
                            });
                        }
                    }
                }
            }
            (changed != *e).then(|| Change::Edit {
                based_on: data.revisions.get(&RecordKey::Expense(e.id)).map(|r| r.seq),
                record: Record::Expense(changed),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::{Fixture, at};
    use crate::domain::ids::{QMemberId, SessionId, VenueId};
    use crate::domain::sessions::Venue;

    /// Session 1 for cohort 1 at an external venue charging £50 an hour, led by Q members 1
    /// (London) and 2 (outside London), 2 hours long.
    fn programme() -> Fixture {
        let mut f = Fixture::new();
        f.session(1, at(3, 10, 10), &[]);
        f.data.put(Record::Venue(Venue {
            id: VenueId(1),
            name: "Lantern Room".into(),
            address: String::new(),
            capacity: 30,
            cost: VenueCost::External {
                rate: Pence(5_000),
                per: RateUnit::Hour,
            },
        }));
        let mut s = f.data.sessions[&SessionId(1)].clone();
        s.venue = Some(VenueId(1));
        s.facilitators = vec![QMemberId(1), QMemberId(2)];
        f.data.put(Record::Session(s));
        f
    }

    fn session(f: &Fixture) -> Session {
        f.data.sessions[&SessionId(1)].clone()
    }

    #[test]
    fn an_external_venue_and_a_speaker_from_outside_london_are_proposed() {
        let f = programme();
        let costs = implied_costs(&f.data, &session(&f), &CostDefaults::default());
        let said: Vec<(CategoryId, Pence, &str)> = costs
            .iter()
            .map(|c| (c.category, c.amount, c.payee.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (CategoryId::VENUE_HIRE, Pence(10_000), "Lantern Room"),
                (CategoryId::SPEAKER_TRAVEL, Pence(6_000), "Idris Penhale"),
            ]
        );
    }

    #[test]
    fn part_of_an_hour_is_charged_as_an_hour_and_part_of_a_day_as_a_day() {
        let mut f = programme();
        let mut s = session(&f);
        s.duration_minutes = 150;
        assert_eq!(venue_hire(&f.data, &s).map(|(_, p)| p), Some(Pence(15_000)));
        let mut venue = f.data.venues[&VenueId(1)].clone();
        venue.cost = VenueCost::External {
            rate: Pence(100_000),
            per: RateUnit::Day,
        };
        f.data.put(Record::Venue(venue));
        assert_eq!(
            venue_hire(&f.data, &s).map(|(_, p)| p),
            Some(Pence(100_000))
        );
    }

    #[test]
    fn proposing_twice_never_duplicates() {
        let mut f = programme();
        let s = session(&f);
        let defaults = CostDefaults::default();
        let first = missing_costs(&f.data, &s, &defaults);
        assert_eq!(first.len(), 2);
        let day = s.start.date();
        f.data.apply(&estimates_change(&f.data, &s, &first, day));
        assert_eq!(f.data.expenses.len(), 2);
        assert!(missing_costs(&f.data, &s, &defaults).is_empty());
    }

    #[test]
    fn a_cancelled_session_cancels_its_estimates_and_a_longer_one_costs_more() {
        let mut f = programme();
        let s = session(&f);
        let costs = missing_costs(&f.data, &s, &CostDefaults::default());
        f.data
            .apply(&estimates_change(&f.data, &s, &costs, s.start.date()));
        let mut longer = s.clone();
        longer.duration_minutes = 240;
        let changes = follow_session(&f.data, &longer, s.start.date());
        assert_eq!(changes.len(), 1, "only the venue hire changes");
        f.data.apply(&changes[0]);
        let hire = f
            .data
            .expenses
            .values()
            .find(|e| e.category == CategoryId::VENUE_HIRE)
            .unwrap();
        assert_eq!(hire.amount, Pence(20_000));
        let cancelled = Session {
            cancelled: true,
            ..longer
        };
        let changes = follow_session(&f.data, &cancelled, s.start.date());
        assert_eq!(changes.len(), 2);
        for c in &changes {
            f.data.apply(c);
        }
        assert!(
            f.data
                .expenses
                .values()
                .all(|e| e.state == ExpenseState::Cancelled)
        );
    }

    #[test]
    fn a_site_visit_proposes_travel_for_those_going() {
        let mut f = programme();
        let mut s = session(&f);
        s.kind = SessionKind::SiteVisit;
        s.venue = None;
        s.facilitators = vec![];
        s.invitees = (1..=5)
            .map(|p| crate::domain::sessions::Invitation {
                participant: crate::domain::ids::ParticipantId(p),
                attendance: if p == 5 {
                    Attendance::Apologies
                } else {
                    Attendance::Registered
                },
            })
            .collect();
        f.data.put(Record::Session(s.clone()));
        let costs = implied_costs(&f.data, &s, &CostDefaults::default());
        assert_eq!(costs.len(), 1);
        assert_eq!(costs[0].category, CategoryId::SITE_VISITS);
        assert_eq!(costs[0].amount, Pence(6_000), "4 going at £15");
    }
}
