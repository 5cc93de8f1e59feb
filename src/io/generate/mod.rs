//! A large, made-up programme for benchmarks: the scale of a long-running national programme,
//! generated deterministically from a seed so every run measures the same data.

use crate::domain::budget::Expense;
use crate::domain::change::{Change, Record};
use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::mentoring::MentoringMatch;
use crate::domain::people::{Organisation, Participant, Profession, QMember};
use crate::domain::programme::{Cohort, Programme};
use crate::domain::sessions::{Session, Venue};
use crate::domain::shift_date;
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

mod mentoring;
mod money;
mod names;
mod participants;
mod people;
mod sessions;

use names::{FIRST_NAMES, LAST_NAMES, TOPICS};

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

/// The benchmark programme at the product's large scale.
pub fn large_programme(seed: u64, today: NaiveDate) -> Change {
    generate(&Scale::large(), seed, today)
}

/// A made-up programme of `scale`, the same for the same seed and day. Two cohorts are
/// running on `today`, one is recruiting and the rest have finished.
pub fn generate(scale: &Scale, seed: u64, today: NaiveDate) -> Change {
    let mut g = Generator::new(scale, seed, today);
    // Each phase draws from the one random stream, so this order is part of what a seed
    // means: swapping two phases would change every generated programme.
    g.venues(scale.venues);
    g.q_members(scale.q_members);
    g.participants(scale.participants);
    g.mentoring();
    g.sessions(scale.sessions);
    g.expenses(scale.expenses);
    g.into_change(seed)
}

/// The random stream, the day the programme is seen from, and what each phase has made so far
/// for the later phases to refer to.
struct Generator {
    rng: ChaCha8Rng,
    today: NaiveDate,
    cohorts: Vec<Cohort>,
    professions: Vec<Profession>,
    organisations: Vec<Organisation>,
    venues: Vec<Venue>,
    q_members: Vec<QMember>,
    participants: Vec<Participant>,
    /// For each cohort in order, the participants who are invited to its sessions.
    members: Vec<Vec<ParticipantId>>,
    matches: Vec<MentoringMatch>,
    sessions: Vec<Session>,
    expenses: Vec<Expense>,
}

impl Generator {
    /// The parts that need no randomness: cohorts, professions and organisations.
    fn new(scale: &Scale, seed: u64, today: NaiveDate) -> Generator {
        let cohorts = cohorts(scale, today);
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            today,
            members: vec![Vec::new(); cohorts.len()],
            cohorts,
            professions: people::professions(scale.professions),
            organisations: people::organisations(scale.organisations),
            venues: Vec::new(),
            q_members: Vec::new(),
            participants: Vec::new(),
            matches: Vec::new(),
            sessions: Vec::new(),
            expenses: Vec::new(),
        }
    }

    fn into_change(self, seed: u64) -> Change {
        let mut records: Vec<Record> = vec![Record::Programme(Programme {
            name: "Aspiring Improvers — National Benchmark".to_string(),
            funder: "Benchmark Improvement Fund".to_string(),
            currency: "GBP".to_string(),
            time_zone: "Europe/London".to_string(),
            attendance_threshold_percent: Programme::DEFAULT_ATTENDANCE_THRESHOLD,
        })];
        records.extend(self.cohorts.into_iter().map(Record::Cohort));
        records.extend(self.professions.into_iter().map(Record::Profession));
        records.extend(self.organisations.into_iter().map(Record::Organisation));
        records.extend(self.venues.into_iter().map(Record::Venue));
        records.push(Record::Budget(money::budget(&self.expenses)));
        records.extend(self.q_members.into_iter().map(Record::QMember));
        records.extend(self.participants.into_iter().map(Record::Participant));
        records.extend(self.matches.into_iter().map(Record::Match));
        records.extend(self.sessions.into_iter().map(Record::Session));
        records.extend(self.expenses.into_iter().map(Record::Expense));
        Change::Batch {
            summary: format!("generated a benchmark programme (seed {seed})"),
            changes: records.into_iter().map(Change::Put).collect(),
        }
    }
}

/// Cohorts every 26 weeks, each about 47 weeks long, placed so that two are running on `today`.
fn cohorts(scale: &Scale, today: NaiveDate) -> Vec<Cohort> {
    let n_cohorts = i64::from(scale.cohorts.max(1));
    (1..=n_cohorts)
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
        .collect()
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn days(date: NaiveDate, n: i64) -> NaiveDate {
    shift_date(date, n)
}

/// A full name and the matching local part of an email address.
fn person_name(rng: &mut ChaCha8Rng) -> (String, String) {
    let first = *pick(rng, &FIRST_NAMES);
    let last = *pick(rng, &LAST_NAMES);
    (
        format!("{first} {last}"),
        format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
    )
}

/// `n` different topics; asking for more than there are would never finish.
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
    fn a_programme_without_members_of_q_venues_or_sessions_still_generates() {
        let scale = Scale {
            cohorts: 1,
            participants: 30,
            q_members: 0,
            sessions: 0,
            expenses: 20,
            organisations: 1,
            professions: 1,
            venues: 0,
        };
        let mut s = Snapshot::default();
        s.apply(&generate(&scale, 5, today()));
        assert_eq!(s.participants.len(), 30);
        assert!(s.participants.values().all(|p| p.nominated_by.is_none()));
        assert!(s.matches.is_empty());
        assert_eq!(s.expenses.len(), 20);
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
