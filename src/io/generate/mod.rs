//! A large, made-up programme for benchmarks: the scale of a long-running national programme,
//! generated deterministically from a seed so every run measures the same data.

use crate::domain::budget::{
    Allocation, Budget, Category, Expense, ExpenseState, ExpenseStateChange,
};
use crate::domain::change::{Change, Record};
use crate::domain::ids::{
    CohortId, ExpenseId, MatchId, OrganisationId, ParticipantId, ProfessionId, QMemberId,
    SessionId, VenueId,
};
use crate::domain::matching::score::{Weights, score_pair};
use crate::domain::mentoring::{CheckIn, MatchState, MentoringMatch};
use crate::domain::money::Pence;
use crate::domain::pathway::{Pathway, PathwayStage, ReadinessItem, ReadinessTick, StageChange};
use crate::domain::people::{
    Organisation, Participant, PersonRef, Profession, Project, ProjectStage, QMember, QRole,
};
use crate::domain::programme::{Cohort, CohortPhase, Programme};
use crate::domain::sessions::{
    Attendance, Invitation, RateUnit, Session, SessionKind, Venue, VenueCost,
};
use crate::domain::shift_date;
use crate::domain::snapshot::Snapshot;
use chrono::{NaiveDate, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

mod names;
use names::{FIRST_NAMES, LAST_NAMES, ORGANISATION_KINDS, PLACES, PROFESSIONS, TOPICS};

/// How much of everything to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub cohorts: u32,
    pub participants: u32,
    pub q_members: u32,
    pub sessions: u32,
    pub expenses: u32,
    pub organisations: u32,
    pub professions: u32,
    pub venues: u32,
}

impl Scale {
    /// The benchmark scale of the product's quality bars.
    pub fn large() -> Scale {
        Scale {
            cohorts: 20,
            participants: 1_000,
            q_members: 5_000,
            sessions: 2_000,
            expenses: 100_000,
            organisations: 120,
            professions: 12,
            venues: 40,
        }
    }

    /// Small enough for unit tests.
    pub fn small() -> Scale {
        Scale {
            cohorts: 4,
            participants: 60,
            q_members: 120,
            sessions: 40,
            expenses: 500,
            organisations: 12,
            professions: 6,
            venues: 5,
        }
    }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn days(date: NaiveDate, n: i64) -> NaiveDate {
    shift_date(date, n)
}

fn person_name(rng: &mut ChaCha8Rng) -> (String, String) {
    let first = *pick(rng, &FIRST_NAMES);
    let last = *pick(rng, &LAST_NAMES);
    (
        format!("{first} {last}"),
        format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
    )
}

fn topics(rng: &mut ChaCha8Rng, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(n);
    while out.len() < n {
        let t = pick(rng, &TOPICS).to_string();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The benchmark programme at the product's large scale.
pub fn large_programme(seed: u64, today: NaiveDate) -> Change {
    generate(&Scale::large(), seed, today)
}

/// A made-up programme of `scale`, the same for the same seed and day. Two cohorts are
/// running on `today`, one is recruiting and the rest have finished.
pub fn generate(scale: &Scale, seed: u64, today: NaiveDate) -> Change {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut records: Vec<Record> = Vec::new();

    records.push(Record::Programme(Programme {
        name: "Aspiring Improvers — National Benchmark".to_string(),
        funder: "Benchmark Health Foundation".to_string(),
        currency: "GBP".to_string(),
        time_zone: "Europe/London".to_string(),
        attendance_threshold_percent: Programme::DEFAULT_ATTENDANCE_THRESHOLD,
    }));

    // Cohorts every 26 weeks, each about 47 weeks long.
    let n_cohorts = i64::from(scale.cohorts.max(1));
    let cohorts: Vec<Cohort> = (1..=n_cohorts)
        .map(|k| {
            let starts = days(today, (k - (n_cohorts - 1)) * 182 - 30);
            Cohort {
                id: CohortId(k as u64),
                number: k as u32,
                name: format!("Cohort {k}"),
                starts,
                ends: days(starts, 330),
                target_size: scale.participants / scale.cohorts.max(1),
            }
        })
        .collect();
    records.extend(cohorts.iter().cloned().map(Record::Cohort));

    let professions: Vec<Profession> = (0..scale.professions as usize)
        .map(|i| {
            let base = PROFESSIONS[i % PROFESSIONS.len()];
            let round = i / PROFESSIONS.len();
            Profession {
                id: ProfessionId(i as u64 + 1),
                name: if round == 0 {
                    base.to_string()
                } else {
                    format!("{base} ({})", round + 1)
                },
            }
        })
        .collect();
    let organisations: Vec<Organisation> = (0..scale.organisations as usize)
        .map(|i| {
            let place = PLACES[i % PLACES.len()];
            let kind = ORGANISATION_KINDS[(i / PLACES.len()) % ORGANISATION_KINDS.len()];
            let round = i / (PLACES.len() * ORGANISATION_KINDS.len());
            Organisation {
                id: OrganisationId(i as u64 + 1),
                name: if round == 0 {
                    format!("{place} {kind}")
                } else {
                    format!("{place} {kind} {}", round + 1)
                },
            }
        })
        .collect();
    records.extend(professions.iter().cloned().map(Record::Profession));
    records.extend(organisations.iter().cloned().map(Record::Organisation));
    let profession_ids: Vec<ProfessionId> = professions.iter().map(|p| p.id).collect();
    let organisation_ids: Vec<OrganisationId> = organisations.iter().map(|o| o.id).collect();
    let domain = |o: OrganisationId| format!("org{}.example", o.0);

    let venues: Vec<Venue> = (0..scale.venues as usize)
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
    records.extend(venues.iter().cloned().map(Record::Venue));

    let mut q_members: Vec<QMember> = Vec::with_capacity(scale.q_members as usize);
    for i in 0..scale.q_members as u64 {
        let (name, local) = person_name(&mut rng);
        let organisation = *pick(&mut rng, &organisation_ids);
        let mut roles = Vec::new();
        if rng.random_bool(0.6) {
            roles.push(QRole::Mentor);
        }
        if rng.random_bool(0.3) {
            roles.push(QRole::Facilitator);
        }
        if rng.random_bool(0.1) {
            roles.push(QRole::SiteVisitHost);
        }
        if roles.is_empty() || rng.random_bool(0.2) {
            roles.push(QRole::Nominator);
        }
        let mentoring_capacity = if roles.contains(&QRole::Mentor) {
            rng.random_range(1..=3)
        } else {
            0
        };
        let n_topics = rng.random_range(1..=3);
        q_members.push(QMember {
            id: QMemberId(i + 1),
            name,
            email: format!("{local}.q{}@{}", i + 1, domain(organisation)),
            profession: *pick(&mut rng, &profession_ids),
            organisation,
            london_based: rng.random_bool(0.7),
            expertise: topics(&mut rng, n_topics),
            roles,
            mentoring_capacity,
            available: rng.random_bool(0.9),
            availability_notes: String::new(),
        });
    }

    // Participants, spread evenly over the cohorts, a few nominees with none yet.
    let mut participants: Vec<Participant> = Vec::with_capacity(scale.participants as usize);
    let mut members: Vec<Vec<ParticipantId>> = vec![Vec::new(); cohorts.len()];
    for i in 0..scale.participants as u64 {
        let id = ParticipantId(i + 1);
        let (name, local) = person_name(&mut rng);
        let organisation = *pick(&mut rng, &organisation_ids);
        let unassigned = i % 50 == 49;
        let cohort = (!unassigned).then(|| &cohorts[(i as usize) % cohorts.len()]);
        let roll: f64 = rng.random();
        let (pathway, readiness) = match cohort {
            None => (
                Pathway::starting(
                    PathwayStage::Nominated,
                    days(today, -rng.random_range(1..60)),
                ),
                Vec::new(),
            ),
            Some(c) => {
                let start = c.starts;
                let mut changes = vec![
                    StageChange {
                        stage: PathwayStage::Nominated,
                        on: days(start, -100),
                        note: String::new(),
                    },
                    StageChange {
                        stage: PathwayStage::Applied,
                        on: days(start, -70),
                        note: String::new(),
                    },
                ];
                let mut step = |stage, on| {
                    changes.push(StageChange {
                        stage,
                        on,
                        note: String::new(),
                    })
                };
                let mut readiness = Vec::new();
                match c.phase(today) {
                    CohortPhase::Recruiting => {
                        if roll < 0.3 {
                            changes.truncate(1);
                        }
                    }
                    CohortPhase::Running => {
                        step(PathwayStage::Enrolled, days(start, -40));
                        if roll < 0.85 {
                            step(PathwayStage::Active, start);
                        } else if roll < 0.92 {
                            step(PathwayStage::Withdrawn, days(start, 60));
                        } else if roll < 0.96 {
                            step(PathwayStage::Deferred, days(start, 30));
                        }
                    }
                    CohortPhase::Finished => {
                        step(PathwayStage::Enrolled, days(start, -40));
                        step(PathwayStage::Active, start);
                        if roll < 0.08 {
                            step(PathwayStage::Withdrawn, days(start, 90));
                        } else {
                            step(PathwayStage::Completed, c.ends);
                            if roll < 0.7 {
                                step(PathwayStage::AppliedToQ, days(c.ends, 45));
                            }
                            if roll < 0.5 {
                                step(PathwayStage::JoinedQ, days(c.ends, 90));
                            }
                            for item in ReadinessItem::ALL {
                                if rng.random_bool(0.85) {
                                    readiness.push(ReadinessTick {
                                        item,
                                        on: days(c.ends, -20),
                                        note: String::new(),
                                    });
                                }
                            }
                        }
                    }
                }
                let pathway = Pathway::from_changes(changes)
                    .unwrap_or_else(|| Pathway::starting(PathwayStage::Nominated, start));
                (pathway, readiness)
            }
        };
        let n_topics = rng.random_range(1..=3);
        let participant = Participant {
            id,
            name,
            email: format!("{local}.p{}@{}", i + 1, domain(organisation)),
            profession: *pick(&mut rng, &profession_ids),
            organisation,
            cohort: cohort.map(|c| c.id),
            nominated_by: rng
                .random_bool(0.5)
                .then(|| q_members[rng.random_range(0..q_members.len().max(1))].id)
                .filter(|_| !q_members.is_empty()),
            project: Project {
                title: format!("Improvement project {}", i + 1),
                aim: String::new(),
                topics: topics(&mut rng, n_topics),
                stage: *pick(&mut rng, &ProjectStage::ALL),
            },
            pathway,
            readiness,
            notes: String::new(),
        };
        if let Some(c) = cohort {
            let stage = participant.stage();
            if !matches!(
                stage,
                PathwayStage::Nominated
                    | PathwayStage::Applied
                    | PathwayStage::Withdrawn
                    | PathwayStage::Deferred
            ) {
                members[(c.id.0 - 1) as usize].push(id);
            }
        }
        participants.push(participant);
    }

    // Mentoring: most people who need a mentor get one within the mentors' capacities.
    let mut load: Vec<u32> = vec![0; q_members.len()];
    let mentors: Vec<usize> = (0..q_members.len())
        .filter(|&i| q_members[i].offers(QRole::Mentor) && q_members[i].available)
        .collect();
    let mut matches: Vec<MentoringMatch> = Vec::new();
    // Scores read profession names; nothing else of a snapshot is needed yet.
    let names = Snapshot {
        professions: professions.iter().map(|p| (p.id, p.clone())).collect(),
        ..Snapshot::default()
    };
    let weights = Weights::default();
    for p in &participants {
        let Some(cohort) = p.cohort.map(|c| &cohorts[(c.0 - 1) as usize]) else {
            continue;
        };
        let live = p.stage().needs_mentor();
        let ended = cohort.phase(today) == CohortPhase::Finished && rng.random_bool(0.5);
        if mentors.is_empty() || !(live && rng.random_bool(0.9) || ended) {
            continue;
        }
        let start = rng.random_range(0..mentors.len());
        let found = (0..mentors.len().min(64))
            .map(|k| mentors[(start + k) % mentors.len()])
            .find(|&m| !live || load[m] < q_members[m].mentoring_capacity);
        let Some(m) = found else { continue };
        let proposed_on = days(cohort.starts, 14);
        let state = if !live {
            MatchState::Ended {
                on: cohort.ends,
                reason: "Programme completed".to_string(),
            }
        } else if rng.random_bool(0.85) {
            MatchState::Confirmed {
                on: days(proposed_on, 10),
            }
        } else {
            MatchState::Proposed
        };
        let score = score_pair(&names, p, &q_members[m], load[m], &weights);
        if live {
            load[m] += 1;
        }
        let check_ins = if matches!(state, MatchState::Proposed) {
            Vec::new()
        } else {
            (1..=rng.random_range(0..4))
                .map(|k| CheckIn {
                    on: days(proposed_on, 30 * k),
                    met: rng.random_bool(0.9),
                    note: String::new(),
                })
                .filter(|c| c.on <= today)
                .collect()
        };
        matches.push(MentoringMatch {
            id: MatchId(matches.len() as u64 + 1),
            participant: p.id,
            q_member: q_members[m].id,
            state,
            proposed_on,
            score,
            locked: rng.random_bool(0.05),
            check_ins,
        });
    }

    // Sessions, spread over each cohort's year; past ones have attendance marked.
    let facilitators: Vec<QMemberId> = q_members
        .iter()
        .filter(|q| q.offers(QRole::Facilitator))
        .map(|q| q.id)
        .collect();
    let hosts: Vec<QMemberId> = q_members
        .iter()
        .filter(|q| q.offers(QRole::SiteVisitHost))
        .map(|q| q.id)
        .collect();
    let times = [(9, 30), (13, 0), (14, 0), (17, 30)];
    let mut sessions: Vec<Session> = Vec::with_capacity(scale.sessions as usize);
    for i in 0..scale.sessions as usize {
        let cohort = &cohorts[i % cohorts.len()];
        let span = (cohort.ends - cohort.starts).num_days().max(1);
        let day = days(cohort.starts, rng.random_range(0..span));
        let (h, m) = *pick(&mut rng, &times);
        let start = day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
        let kind = *pick(&mut rng, &SessionKind::ALL);
        let past = day < today;
        let invitees = members[i % cohorts.len()]
            .iter()
            .map(|&participant| {
                let roll: f64 = rng.random();
                let attendance = if past {
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
                };
                Invitation {
                    participant,
                    attendance,
                }
            })
            .collect();
        let n_facilitators = rng.random_range(1..=2);
        sessions.push(Session {
            id: SessionId(i as u64 + 1),
            kind,
            title: format!("{} {}", kind.label(), i + 1),
            theme: pick(&mut rng, &TOPICS).to_string(),
            cohort: Some(cohort.id),
            start,
            duration_minutes: *pick(&mut rng, &[90, 120, 180, 240, 360]),
            venue: (!venues.is_empty() && kind != SessionKind::SiteVisit)
                .then(|| venues[rng.random_range(0..venues.len())].id),
            facilitators: if facilitators.is_empty() {
                Vec::new()
            } else {
                (0..n_facilitators)
                    .map(|_| *pick(&mut rng, &facilitators))
                    .collect()
            },
            host: (kind == SessionKind::SiteVisit && !hosts.is_empty())
                .then(|| *pick(&mut rng, &hosts)),
            capacity: Some(rng.random_range(12..=60)),
            invitees,
            cancelled: rng.random_bool(0.02),
        });
    }

    // Expenses across the whole span of the programme.
    let first = cohorts.first().map_or(today, |c| c.starts);
    let last = cohorts.last().map_or(today, |c| c.ends);
    let span = (last - first).num_days().max(1);
    let payees = [
        "Canalside Coach Hire",
        "Brightline Print",
        "Riverside Catering",
        "Frame & Mount Co.",
        "Openline Video Ltd",
    ];
    let mut expenses: Vec<Expense> = Vec::with_capacity(scale.expenses as usize);
    let mut spent = [0i64; 6];
    for i in 0..scale.expenses as u64 {
        let date = days(first, rng.random_range(0..span));
        let c = rng.random_range(0..Category::ALL.len());
        let category = Category::ALL[c];
        let pounds = match category {
            Category::VenueHire => rng.random_range(60..=1_600),
            Category::SpeakerTravel => rng.random_range(20..=320),
            Category::SiteVisits => rng.random_range(50..=600),
            Category::Catering => rng.random_range(40..=1_800),
            Category::Materials => rng.random_range(10..=900),
            Category::Other => rng.random_range(10..=500),
        };
        let amount = Pence(pounds * 100 + rng.random_range(0..100));
        let roll: f64 = rng.random();
        let state = if date < days(today, -30) {
            if roll < 0.9 {
                ExpenseState::Paid
            } else {
                ExpenseState::Cancelled
            }
        } else if date < today {
            if roll < 0.3 {
                ExpenseState::Paid
            } else if roll < 0.9 {
                ExpenseState::Committed
            } else {
                ExpenseState::Cancelled
            }
        } else if roll < 0.7 {
            ExpenseState::Estimate
        } else if roll < 0.95 {
            ExpenseState::Committed
        } else {
            ExpenseState::Cancelled
        };
        let mut history = vec![ExpenseStateChange {
            state: ExpenseState::Estimate,
            on: days(date, -30),
        }];
        if state != ExpenseState::Estimate {
            history.push(ExpenseStateChange {
                state,
                on: days(date, 14).min(today).max(days(date, -30)),
            });
        }
        if state != ExpenseState::Cancelled {
            spent[c] += amount.0;
        }
        let person = (category == Category::SpeakerTravel && !q_members.is_empty())
            .then(|| PersonRef::QMember(q_members[rng.random_range(0..q_members.len())].id));
        expenses.push(Expense {
            id: ExpenseId(i + 1),
            date,
            category,
            amount,
            payee: pick(&mut rng, &payees).to_string(),
            description: format!("{} {}", category.label(), i + 1),
            session: (!sessions.is_empty() && rng.random_bool(0.5))
                .then(|| sessions[rng.random_range(0..sessions.len())].id),
            person,
            state,
            history,
        });
    }

    // Allocations near what was spent: catering a little over, the rest with some headroom.
    let allocations: Vec<Allocation> = Category::ALL
        .iter()
        .zip(spent)
        .map(|(&category, used)| {
            let factor = match category {
                Category::Catering => 95,
                Category::SpeakerTravel => 115,
                _ => 140,
            };
            let amount = (used * factor / 100 / 100_000 + 1) * 100_000;
            Allocation {
                category,
                amount: Pence(amount),
            }
        })
        .collect();
    let allocated: i64 = allocations.iter().map(|a| a.amount.0).sum();
    records.push(Record::Budget(Budget {
        total: Pence(allocated / 100 * 110),
        allocations,
    }));

    records.extend(q_members.into_iter().map(Record::QMember));
    records.extend(participants.into_iter().map(Record::Participant));
    records.extend(matches.into_iter().map(Record::Match));
    records.extend(sessions.into_iter().map(Record::Session));
    records.extend(expenses.into_iter().map(Record::Expense));
    Change::Batch {
        summary: format!("generated a benchmark programme (seed {seed})"),
        changes: records.into_iter().map(Change::Put).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::snapshot::Snapshot;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
    }

    #[test]
    fn same_seed_same_programme_and_another_seed_differs() {
        let scale = Scale::small();
        assert_eq!(generate(&scale, 7, today()), generate(&scale, 7, today()));
        assert_ne!(generate(&scale, 7, today()), generate(&scale, 8, today()));
    }

    #[test]
    fn counts_equal_the_scale() {
        let scale = Scale::small();
        let mut s = Snapshot::default();
        s.apply(&generate(&scale, 1, today()));
        assert_eq!(s.cohorts.len(), scale.cohorts as usize);
        assert_eq!(s.participants.len(), scale.participants as usize);
        assert_eq!(s.q_members.len(), scale.q_members as usize);
        assert_eq!(s.sessions.len(), scale.sessions as usize);
        assert_eq!(s.expenses.len(), scale.expenses as usize);
        assert_eq!(s.organisations.len(), scale.organisations as usize);
        assert_eq!(s.professions.len(), scale.professions as usize);
        assert_eq!(s.venues.len(), scale.venues as usize);
        assert!(s.budget.is_some());
    }

    #[test]
    fn most_people_needing_a_mentor_have_one_within_capacity() {
        let mut s = Snapshot::default();
        s.apply(&generate(&Scale::small(), 3, today()));
        let needing: Vec<_> = s
            .participants
            .values()
            .filter(|p| p.stage().needs_mentor())
            .collect();
        assert!(!needing.is_empty());
        let matched = needing
            .iter()
            .filter(|p| {
                s.matches
                    .values()
                    .any(|m| m.participant == p.id && m.state.is_live())
            })
            .count();
        assert!(
            matched * 10 >= needing.len() * 7,
            "{matched} of {}",
            needing.len()
        );
        for q in s.q_members.values() {
            let live = s
                .matches
                .values()
                .filter(|m| m.q_member == q.id && m.state.is_live())
                .count();
            assert!(live <= q.mentoring_capacity as usize);
        }
    }
}
