//! The grant: allocations per category, expenses and their states, and the running totals
//! that `status` reads without re-scanning every expense.

pub mod categories;
pub mod checks;
pub mod costs;
pub mod expense_list;

use super::budget::categories::Categories;
use super::ids::{CategoryId, CohortId, ExpenseId, SessionId};
use super::money::Pence;
use super::people::PersonRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Variants are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ExpenseState {
    Estimate,
    Committed,
    Paid,
    Cancelled,
}

impl ExpenseState {
    pub const ALL: [ExpenseState; 4] = [
        ExpenseState::Estimate,
        ExpenseState::Committed,
        ExpenseState::Paid,
        ExpenseState::Cancelled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExpenseState::Estimate => "estimate",
            ExpenseState::Committed => "committed",
            ExpenseState::Paid => "paid",
            ExpenseState::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for ExpenseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an expense state (one of: estimate, committed, paid, cancelled)")]
pub struct UnknownExpenseState(pub String);

impl FromStr for ExpenseState {
    type Err = UnknownExpenseState;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::labels::find(s, &ExpenseState::ALL, |x| [x.label()])
            .ok_or_else(|| UnknownExpenseState(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub category: CategoryId,
    pub amount: Pence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub total: Pence,
    pub allocations: Vec<Allocation>,
}

/// What `allocations` give `category`.
fn allocated_in(allocations: &[Allocation], category: CategoryId) -> Pence {
    allocations
        .iter()
        .filter(|a| a.category == category)
        .map(|a| a.amount)
        .sum()
}

impl Budget {
    pub fn allocated(&self, category: CategoryId) -> Pence {
        allocated_in(&self.allocations, category)
    }

    pub fn unallocated(&self) -> Pence {
        self.total - self.allocations.iter().map(|a| a.amount).sum()
    }
}

/// A cohort's share of the programme's allocations. Across cohorts, the shares of a category
/// never add up to more than the programme allocates to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortBudget {
    pub cohort: CohortId,
    pub allocations: Vec<Allocation>,
}

impl CohortBudget {
    pub fn allocated(&self, category: CategoryId) -> Pence {
        allocated_in(&self.allocations, category)
    }

    pub fn total(&self) -> Pence {
        self.allocations.iter().map(|a| a.amount).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpenseStateChange {
    pub state: ExpenseState,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expense {
    pub id: ExpenseId,
    pub date: NaiveDate,
    pub category: CategoryId,
    pub amount: Pence,
    pub payee: String,
    pub description: String,
    pub session: Option<SessionId>,
    pub person: Option<PersonRef>,
    pub state: ExpenseState,
    pub history: Vec<ExpenseStateChange>,
}

/// Sums per category and state. Kept up to date by the store in the same transaction as each
/// expense change, so summaries never need every expense.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BudgetTotals {
    sums: BTreeMap<(CategoryId, ExpenseState), Pence>,
    counts: BTreeMap<(CategoryId, ExpenseState), u64>,
}

impl BudgetTotals {
    pub fn from_expenses<'a>(expenses: impl IntoIterator<Item = &'a Expense>) -> BudgetTotals {
        let mut totals = BudgetTotals::default();
        for expense in expenses {
            totals.add(expense);
        }
        totals
    }

    pub fn add(&mut self, expense: &Expense) {
        let key = (expense.category, expense.state);
        let sum = self.sums.entry(key).or_default();
        *sum = *sum + expense.amount;
        *self.counts.entry(key).or_default() += 1;
    }

    pub fn remove(&mut self, expense: &Expense) {
        let key = (expense.category, expense.state);
        if let Some(sum) = self.sums.get_mut(&key) {
            *sum = *sum - expense.amount;
        }
        if let Some(count) = self.counts.get_mut(&key) {
            *count = count.saturating_sub(1);
        }
        if self.counts.get(&key) == Some(&0) {
            self.sums.remove(&key);
            self.counts.remove(&key);
        }
    }

    /// Replaces `before` by `after`, either of which may be absent.
    pub fn replace(&mut self, before: Option<&Expense>, after: Option<&Expense>) {
        if let Some(b) = before {
            self.remove(b);
        }
        if let Some(a) = after {
            self.add(a);
        }
    }

    pub fn sum(&self, category: CategoryId, state: ExpenseState) -> Pence {
        self.sums
            .get(&(category, state))
            .copied()
            .unwrap_or_default()
    }

    /// Every category some expense is in, in id order, once each.
    pub fn categories(&self) -> impl Iterator<Item = CategoryId> + '_ {
        let mut last = None;
        self.counts.keys().filter_map(move |(c, _)| {
            let new = last != Some(*c);
            last = Some(*c);
            new.then_some(*c)
        })
    }

    /// How many expenses, in any state, are in `category`.
    pub fn count_in(&self, category: CategoryId) -> u64 {
        self.counts
            .iter()
            .filter(|((c, _), _)| *c == category)
            .map(|(_, n)| n)
            .sum()
    }

    /// Whether any expense, in any state, is in `category`.
    pub fn has_any(&self, category: CategoryId) -> bool {
        self.counts.keys().any(|(c, _)| *c == category)
    }

    pub fn count(&self, state: ExpenseState) -> u64 {
        self.counts
            .iter()
            .filter(|((_, s), _)| *s == state)
            .map(|(_, n)| n)
            .sum()
    }
}

/// How worried to be about a category's spending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum BudgetAlert {
    Fine,
    /// 80% or more of the allocation is paid, committed or estimated.
    Warning,
    /// More than the allocation.
    Over,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryLine {
    pub category: CategoryId,
    /// What the team calls the category, and the key scripts use.
    pub name: String,
    pub key: String,
    pub allocated: Pence,
    pub paid: Pence,
    pub committed: Pence,
    pub estimated: Pence,
}

impl CategoryLine {
    /// Everything the category is expected to cost: paid, committed and estimated.
    pub fn used(&self) -> Pence {
        self.paid + self.committed + self.estimated
    }

    pub fn remaining(&self) -> Pence {
        self.allocated - self.used()
    }

    /// Percent of the allocation used, rounded down, or `None` when nothing is allocated. A
    /// category gone over its allocation reads at least 101, never a full 100.
    pub fn percent_used(&self) -> Option<u32> {
        (self.allocated.0 > 0).then(|| {
            let pct = i128::from(self.used().0) * 100 / i128::from(self.allocated.0);
            let pct = u32::try_from(pct.max(0)).unwrap_or(u32::MAX);
            if self.alert() == BudgetAlert::Over {
                pct.max(101)
            } else {
                pct
            }
        })
    }

    /// The share used in words, as the dashboard, `status` and the report show it: "42%",
    /// "over" when something is spent against nothing allocated, else "—".
    pub fn used_words(&self) -> String {
        match (self.percent_used(), self.alert()) {
            (Some(p), _) => format!("{p}%"),
            (None, BudgetAlert::Over) => "over".to_string(),
            (None, _) => "—".to_string(),
        }
    }

    pub fn alert(&self) -> BudgetAlert {
        let used = i128::from(self.used().0);
        let allocated = i128::from(self.allocated.0);
        if used > allocated {
            BudgetAlert::Over
        } else if allocated > 0 && used * 100 >= allocated * 80 {
            BudgetAlert::Warning
        } else {
            BudgetAlert::Fine
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetReport {
    pub total: Pence,
    pub unallocated: Pence,
    pub lines: Vec<CategoryLine>,
}

impl BudgetReport {
    /// A line for every current category, and for any retired one that still has money in it.
    pub fn new(
        budget: Option<&Budget>,
        totals: &BudgetTotals,
        categories: &Categories,
    ) -> BudgetReport {
        let lines = categories
            .all()
            .into_iter()
            .filter(|c| {
                !c.retired
                    || budget.is_some_and(|b| b.allocated(c.id).0 != 0)
                    || totals.has_any(c.id)
            })
            .map(|c| CategoryLine {
                category: c.id,
                name: c.name,
                key: c.key,
                allocated: budget.map_or(Pence::ZERO, |b| b.allocated(c.id)),
                paid: totals.sum(c.id, ExpenseState::Paid),
                committed: totals.sum(c.id, ExpenseState::Committed),
                estimated: totals.sum(c.id, ExpenseState::Estimate),
            })
            .collect();
        BudgetReport {
            total: budget.map_or(Pence::ZERO, |b| b.total),
            unallocated: budget.map_or(Pence::ZERO, Budget::unallocated),
            lines,
        }
    }

    pub fn totals(&self) -> CategoryLine {
        let sum = |f: fn(&CategoryLine) -> Pence| self.lines.iter().map(f).sum();
        CategoryLine {
            category: CategoryId::OTHER,
            name: "Total".to_string(),
            key: "total".to_string(),
            allocated: sum(|l| l.allocated),
            paid: sum(|l| l.paid),
            committed: sum(|l| l.committed),
            estimated: sum(|l| l.estimated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expense(id: u64, category: CategoryId, state: ExpenseState, pence: i64) -> Expense {
        Expense {
            id: ExpenseId(id),
            date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            category,
            amount: Pence(pence),
            payee: "Riverside Conference Centre".into(),
            description: String::new(),
            session: None,
            person: None,
            state,
            history: vec![],
        }
    }

    #[test]
    fn totals_follow_changes_exactly() {
        let a = expense(1, CategoryId::VENUE_HIRE, ExpenseState::Estimate, 50_000);
        let mut totals = BudgetTotals::from_expenses([&a]);
        let mut paid = a.clone();
        paid.state = ExpenseState::Paid;
        totals.replace(Some(&a), Some(&paid));
        assert_eq!(
            totals.sum(CategoryId::VENUE_HIRE, ExpenseState::Estimate),
            Pence(0)
        );
        assert_eq!(
            totals.sum(CategoryId::VENUE_HIRE, ExpenseState::Paid),
            Pence(50_000)
        );
        totals.replace(Some(&paid), None);
        assert_eq!(totals, BudgetTotals::default());
    }

    #[test]
    fn report_lines_add_paid_committed_and_estimated() {
        let budget = Budget {
            total: Pence(1_000_000),
            allocations: vec![Allocation {
                category: CategoryId::VENUE_HIRE,
                amount: Pence(100_000),
            }],
        };
        let expenses = [
            expense(1, CategoryId::VENUE_HIRE, ExpenseState::Paid, 40_000),
            expense(2, CategoryId::VENUE_HIRE, ExpenseState::Committed, 30_000),
            expense(3, CategoryId::VENUE_HIRE, ExpenseState::Estimate, 10_000),
            expense(4, CategoryId::VENUE_HIRE, ExpenseState::Cancelled, 99_000),
        ];
        let report = BudgetReport::new(
            Some(&budget),
            &BudgetTotals::from_expenses(&expenses),
            &Categories::default(),
        );
        let venue = &report.lines[0];
        assert_eq!(venue.used(), Pence(80_000));
        assert_eq!(venue.remaining(), Pence(20_000));
        assert_eq!(venue.percent_used(), Some(80));
        assert_eq!(venue.alert(), BudgetAlert::Warning);
        assert_eq!(report.unallocated, Pence(900_000));
    }

    #[test]
    fn alerts_at_eighty_percent_and_over_the_allocation() {
        let line = |used| CategoryLine {
            category: CategoryId::CATERING,
            name: "Catering".into(),
            key: "catering".into(),
            allocated: Pence(1000),
            paid: Pence(used),
            committed: Pence(0),
            estimated: Pence(0),
        };
        assert_eq!(line(799).alert(), BudgetAlert::Fine);
        assert_eq!(line(800).alert(), BudgetAlert::Warning);
        assert_eq!(line(1000).alert(), BudgetAlert::Warning);
        assert_eq!(line(1001).alert(), BudgetAlert::Over);
        assert_eq!(line(1001).remaining(), Pence(-1));
    }

    #[test]
    fn spending_without_an_allocation_is_over() {
        let line = CategoryLine {
            category: CategoryId::OTHER,
            name: "Other".into(),
            key: "other".into(),
            allocated: Pence(0),
            paid: Pence(1),
            committed: Pence(0),
            estimated: Pence(0),
        };
        assert_eq!(line.alert(), BudgetAlert::Over);
        assert_eq!(line.percent_used(), None);
    }
}
