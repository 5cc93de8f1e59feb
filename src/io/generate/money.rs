//! Expenses across the whole span of the programme, and a budget sized from what they add up to.

use super::{Generator, days, pick};
use crate::domain::budget::categories::Categories;
use crate::domain::budget::{Allocation, Budget, Expense, ExpenseState, ExpenseStateChange};
use crate::domain::ids::{CategoryId, ExpenseId};
use crate::domain::money::Pence;
use crate::domain::people::PersonRef;
use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const PAYEES: [&str; 5] = [
    "Canalside Coach Hire",
    "Brightline Print",
    "Riverside Catering",
    "Frame & Mount Co.",
    "Openline Video Ltd",
];

impl Generator {
    pub(super) fn expenses(&mut self, count: u32) {
        let today = self.today;
        let first = self.cohorts.first().map_or(today, |c| c.starts);
        let last = self.cohorts.last().map_or(today, |c| c.ends);
        let span = (last - first).num_days().max(1);
        let (rng, q_members, sessions) = (&mut self.rng, &self.q_members, &self.sessions);
        let categories = Categories::default().current();
        self.expenses = (0..u64::from(count))
            .map(|i| {
                let date = days(first, rng.random_range(0..span));
                let category = &categories[rng.random_range(0..categories.len())];
                let (category, name) = (category.id, &category.name);
                let amount = Pence(pounds(rng, category) * 100 + rng.random_range(0..100));
                let state = state(rng.random(), date, today);
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
                let person = (category == CategoryId::SPEAKER_TRAVEL && !q_members.is_empty())
                    .then(|| {
                        PersonRef::QMember(q_members[rng.random_range(0..q_members.len())].id)
                    });
                Expense {
                    id: ExpenseId(i + 1),
                    date,
                    category,
                    amount,
                    payee: pick(rng, &PAYEES).to_string(),
                    description: format!("{name} {}", i + 1),
                    session: (!sessions.is_empty() && rng.random_bool(0.5))
                        .then(|| sessions[rng.random_range(0..sessions.len())].id),
                    person,
                    state,
                    history,
                }
            })
            .collect();
    }
}

/// Whole pounds in a range typical of the category.
fn pounds(rng: &mut ChaCha8Rng, category: CategoryId) -> i64 {
    match category {
        CategoryId::VENUE_HIRE => rng.random_range(60..=1_600),
        CategoryId::SPEAKER_TRAVEL => rng.random_range(20..=320),
        CategoryId::SITE_VISITS => rng.random_range(50..=600),
        CategoryId::CATERING => rng.random_range(40..=1_800),
        CategoryId::MATERIALS => rng.random_range(10..=900),
        _ => rng.random_range(10..=500),
    }
}

/// Older expenses are settled, recent ones mostly committed, future ones mostly estimates;
/// a few of each are cancelled.
fn state(roll: f64, date: NaiveDate, today: NaiveDate) -> ExpenseState {
    if date < days(today, -30) {
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
    }
}

/// Allocations near what was spent, rounded up to the next £1,000: catering a little over,
/// speaker travel close, the rest with some headroom; the total is a tenth more again.
pub(super) fn budget(expenses: &[Expense]) -> Budget {
    let allocations: Vec<Allocation> = Categories::default()
        .current()
        .into_iter()
        .map(|c| {
            let category = c.id;
            let used: i64 = expenses
                .iter()
                .filter(|e| e.category == category && e.state != ExpenseState::Cancelled)
                .map(|e| e.amount.0)
                .sum();
            let factor = match category {
                CategoryId::CATERING => 95,
                CategoryId::SPEAKER_TRAVEL => 115,
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
    Budget {
        total: Pence(allocated / 100 * 110),
        allocations,
    }
}
