//! Which expenses the budget pane lists and in what order: narrowed by category, state, month
//! and cohort (a session's cohort, or the person's), sorted by any column.

use crate::domain::budget::{Budget, BudgetReport, BudgetTotals, Expense, ExpenseState};
use crate::domain::ids::CategoryId;
use crate::domain::ids::CohortId;
use crate::domain::money::Pence;
use crate::domain::people::PersonRef;
use crate::domain::snapshot::Snapshot;
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpenseFilter {
    pub category: Option<CategoryId>,
    pub state: Option<ExpenseState>,
    /// The first day of the month.
    pub month: Option<NaiveDate>,
    pub cohort: Option<CohortId>,
}

impl ExpenseFilter {
    pub fn is_empty(&self) -> bool {
        *self == ExpenseFilter::default()
    }

    pub fn keeps(&self, data: &Snapshot, e: &Expense) -> bool {
        self.category.is_none_or(|c| c == e.category)
            && self.state.is_none_or(|s| s == e.state)
            && self
                .month
                .is_none_or(|m| m.year() == e.date.year() && m.month() == e.date.month())
            && self
                .cohort
                .is_none_or(|c| expense_cohort(data, e) == Some(c))
    }

    /// "Catering · paid · Mar 2026 · Cohort 2 — 2026", for the pane's title.
    pub fn describe(&self, data: &Snapshot) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.category.map(|c| data.categories.name(c)));
        parts.extend(self.state.map(|s| s.label().to_string()));
        parts.extend(self.month.map(|m| m.format("%b %Y").to_string()));
        parts.extend(self.cohort.map(|c| data.cohort_name(c).to_string()));
        parts.join(" · ")
    }
}

/// The cohort an expense is for: its session's, else its person's.
pub fn expense_cohort(data: &Snapshot, e: &Expense) -> Option<CohortId> {
    e.session
        .and_then(|s| data.sessions.get(&s))
        .and_then(|s| s.cohort)
        .or_else(|| match e.person {
            Some(PersonRef::Participant(p)) => data.participants.get(&p).and_then(|p| p.cohort),
            _ => None,
        })
}

/// What a cohort's expenses add up to in each state that costs money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spending {
    pub paid: Pence,
    pub committed: Pence,
    pub estimated: Pence,
}

impl Spending {
    /// Everything the cohort is expected to cost.
    pub fn forecast(&self) -> Pence {
        self.paid + self.committed + self.estimated
    }

    /// The spending on `cohort` once expense `old` has become `new` (`None`: did not exist,
    /// or is gone), without adding up every expense again. `data` is the programme after the
    /// change, which touched only expenses. `None` when only adding up again gives the same
    /// figures: a sum has reached the largest amount and stopped there.
    pub fn followed(
        self,
        data: &Snapshot,
        cohort: CohortId,
        old: Option<&Expense>,
        new: Option<&Expense>,
    ) -> Option<Spending> {
        let mut spending = self;
        let counted = |e: &&Expense| expense_cohort(data, e) == Some(cohort);
        for (e, sign) in [(old.filter(counted), -1), (new.filter(counted), 1)] {
            let Some(e) = e else { continue };
            let sum = match e.state {
                ExpenseState::Paid => &mut spending.paid,
                ExpenseState::Committed => &mut spending.committed,
                ExpenseState::Estimate => &mut spending.estimated,
                ExpenseState::Cancelled => continue,
            };
            *sum = follow_sum(*sum, e.amount, sign)?;
        }
        Some(spending)
    }
}

/// `sum` with `amount` taken away (`sign` -1) or added (1), as a sum of stored amounts (never
/// negative) added up with saturation. `None` when that cannot be told from `sum` alone: it
/// has saturated, or would.
pub(crate) fn follow_sum(sum: Pence, amount: Pence, sign: i64) -> Option<Pence> {
    if sum.0 == i64::MAX {
        return None;
    }
    let next = if sign < 0 {
        sum.0.checked_sub(amount.0)
    } else {
        sum.0.checked_add(amount.0)
    }?;
    (next != i64::MAX).then_some(Pence(next))
}

/// The spending on `cohort`: expenses for its sessions or its people, cancelled ones aside.
pub fn cohort_spending(data: &Snapshot, cohort: CohortId) -> Spending {
    let mut spending = Spending::default();
    for e in data
        .expenses
        .values()
        .filter(|e| expense_cohort(data, e) == Some(cohort))
    {
        let sum = match e.state {
            ExpenseState::Paid => &mut spending.paid,
            ExpenseState::Committed => &mut spending.committed,
            ExpenseState::Estimate => &mut spending.estimated,
            ExpenseState::Cancelled => continue,
        };
        *sum = sum.saturating_add(e.amount);
    }
    spending
}

/// The budget report of one cohort: its share of each category's allocation against what its
/// sessions and people have cost, category by category.
pub fn cohort_report(data: &Snapshot, cohort: CohortId) -> BudgetReport {
    let share = data.cohort_budgets.get(&cohort);
    let budget = share.map(|s| Budget {
        total: s.total(),
        allocations: s.allocations.clone(),
    });
    let totals = BudgetTotals::from_expenses(
        data.expenses
            .values()
            .filter(|e| expense_cohort(data, e) == Some(cohort)),
    );
    BudgetReport::new(budget.as_ref(), &totals, &data.categories)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpenseSort {
    #[default]
    Date,
    Category,
    Payee,
    State,
    Amount,
}

impl ExpenseSort {
    pub fn next(self) -> ExpenseSort {
        match self {
            ExpenseSort::Date => ExpenseSort::Category,
            ExpenseSort::Category => ExpenseSort::Payee,
            ExpenseSort::Payee => ExpenseSort::State,
            ExpenseSort::State => ExpenseSort::Amount,
            ExpenseSort::Amount => ExpenseSort::Date,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExpenseSort::Date => "date",
            ExpenseSort::Category => "category",
            ExpenseSort::Payee => "payee",
            ExpenseSort::State => "state",
            ExpenseSort::Amount => "amount",
        }
    }
}

/// Sorts `expenses` by `by`, newest first among equals; `descending` reverses the column.
/// The order is `expense_order`'s.
pub fn sort_expenses<'a>(expenses: &mut [&'a Expense], by: ExpenseSort, descending: bool) {
    let direction = |order: Ordering| if descending { order.reverse() } else { order };
    if by == ExpenseSort::Payee {
        // Each payee's sort key is made once, not in every comparison.
        let mut keyed: Vec<(String, &'a Expense)> = expenses
            .iter()
            .map(|e| (crate::domain::text::name_key(&e.payee), *e))
            .collect();
        keyed.sort_unstable_by(|(ka, a), (kb, b)| direction(ka.cmp(kb)).then(ties(a, b)));
        for (slot, (_, e)) in expenses.iter_mut().zip(keyed) {
            *slot = e;
        }
        return;
    }
    // The columns compared are copied out first: comparing through 100,000 references
    // scattered over the heap costs more than the sort itself.
    let mut keyed: Vec<(i128, NaiveDate, crate::domain::ids::ExpenseId, &'a Expense)> = expenses
        .iter()
        .map(|e| (column(by, e), e.date, e.id, *e))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        direction(a.0.cmp(&b.0))
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
    });
    for (slot, (.., e)) in expenses.iter_mut().zip(keyed) {
        *slot = e;
    }
}

/// Where `a` goes against `b` in a list sorted by `by` (`descending` reverses the column):
/// the order `sort_expenses` gives, for placing one expense in a sorted list.
pub fn expense_order(a: &Expense, b: &Expense, by: ExpenseSort, descending: bool) -> Ordering {
    let order = match by {
        ExpenseSort::Payee => {
            crate::domain::text::name_key(&a.payee).cmp(&crate::domain::text::name_key(&b.payee))
        }
        other => column(other, a).cmp(&column(other, b)),
    };
    let order = if descending { order.reverse() } else { order };
    order.then(ties(a, b))
}

/// Ties go newest first, then by id, so the order is total and an unstable sort is exact.
fn ties(a: &Expense, b: &Expense) -> Ordering {
    b.date.cmp(&a.date).then(b.id.cmp(&a.id))
}

/// The sorted column as a number, for every column but the payee.
fn column(by: ExpenseSort, e: &Expense) -> i128 {
    match by {
        ExpenseSort::Date => i128::from(e.date.num_days_from_ce()),
        ExpenseSort::Category => i128::from(e.category.0),
        ExpenseSort::State => e.state as i128,
        ExpenseSort::Amount => i128::from(e.amount.0),
        ExpenseSort::Payee => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::{Fixture, day};
    use crate::domain::ids::ExpenseId;
    use crate::domain::people::pathway::PathwayStage;

    fn programme() -> Fixture {
        let mut f = Fixture::new();
        f.participant(1, "Aled", Some(2), PathwayStage::Applied)
            .expense(1, CategoryId::CATERING, ExpenseState::Paid, 3_000)
            .expense(2, CategoryId::MATERIALS, ExpenseState::Estimate, 1_000)
            .expense(3, CategoryId::CATERING, ExpenseState::Committed, 2_000);
        let mut e = f.data.expenses[&ExpenseId(3)].clone();
        e.date = day(4, 2);
        e.person = Some(PersonRef::Participant(crate::domain::ids::ParticipantId(1)));
        f.data.put(crate::domain::change::Record::Expense(e));
        f
    }

    fn kept(f: &Fixture, filter: &ExpenseFilter) -> Vec<u64> {
        f.data
            .expenses
            .values()
            .filter(|e| filter.keeps(&f.data, e))
            .map(|e| e.id.0)
            .collect()
    }

    #[test]
    fn filters_narrow_by_category_state_month_and_cohort_together() {
        let f = programme();
        let catering = ExpenseFilter {
            category: Some(CategoryId::CATERING),
            ..ExpenseFilter::default()
        };
        assert_eq!(kept(&f, &catering), [1, 3]);
        let in_april = ExpenseFilter {
            month: Some(day(4, 1)),
            ..catering.clone()
        };
        assert_eq!(kept(&f, &in_april), [3]);
        let cohort_2 = ExpenseFilter {
            cohort: Some(CohortId(2)),
            ..ExpenseFilter::default()
        };
        assert_eq!(kept(&f, &cohort_2), [3], "the person's cohort");
        assert_eq!(in_april.describe(&f.data), "Catering · Apr 2026");
    }

    #[test]
    fn sorting_by_amount_either_way() {
        let f = programme();
        let mut all: Vec<&Expense> = f.data.expenses.values().collect();
        sort_expenses(&mut all, ExpenseSort::Amount, false);
        assert_eq!(all.iter().map(|e| e.id.0).collect::<Vec<_>>(), [2, 3, 1]);
        sort_expenses(&mut all, ExpenseSort::Amount, true);
        assert_eq!(all.iter().map(|e| e.id.0).collect::<Vec<_>>(), [1, 3, 2]);
        sort_expenses(&mut all, ExpenseSort::Date, true);
        assert_eq!(all[0].id.0, 3, "newest first");
    }

    #[test]
    fn sorting_by_payee_ignores_case_and_breaks_ties_newest_first() {
        let mut f = programme();
        for (id, payee) in [
            (1, "brightline Print"),
            (2, "Acorn Catering"),
            (3, "Brightline print"),
        ] {
            let mut e = f.data.expenses[&ExpenseId(id)].clone();
            e.payee = payee.into();
            f.data.put(crate::domain::change::Record::Expense(e));
        }
        let mut all: Vec<&Expense> = f.data.expenses.values().collect();
        sort_expenses(&mut all, ExpenseSort::Payee, false);
        // 3 is dated after 1, so it comes first of the two Brightlines.
        assert_eq!(all.iter().map(|e| e.id.0).collect::<Vec<_>>(), [2, 3, 1]);
        sort_expenses(&mut all, ExpenseSort::Payee, true);
        assert_eq!(all.iter().map(|e| e.id.0).collect::<Vec<_>>(), [3, 1, 2]);
    }

    #[test]
    fn each_expense_placed_by_expense_order_goes_where_sorting_puts_it() {
        let mut f = programme();
        // Ties on every column but the id, and a payee differing only in case.
        f.expense(4, CategoryId::CATERING, ExpenseState::Paid, 3_000)
            .expense(5, CategoryId::MATERIALS, ExpenseState::Paid, 3_000);
        let mut shouted = f.data.expenses[&ExpenseId(5)].clone();
        shouted.payee = "PAYEE".into();
        f.data.put(crate::domain::change::Record::Expense(shouted));
        let sorts = [
            ExpenseSort::Date,
            ExpenseSort::Category,
            ExpenseSort::Payee,
            ExpenseSort::State,
            ExpenseSort::Amount,
        ];
        for by in sorts {
            for descending in [false, true] {
                let mut sorted: Vec<&Expense> = f.data.expenses.values().collect();
                sort_expenses(&mut sorted, by, descending);
                for (at, e) in sorted.iter().enumerate() {
                    let others: Vec<&Expense> =
                        sorted.iter().copied().filter(|o| o.id != e.id).collect();
                    let placed = others
                        .partition_point(|o| expense_order(o, e, by, descending) == Ordering::Less);
                    assert_eq!(placed, at, "{by:?}, descending {descending}, {:?}", e.id);
                }
            }
        }
    }

    #[test]
    fn a_cohorts_followed_spending_is_what_adding_up_again_gives() {
        let mut f = programme();
        let cohort = CohortId(2);
        let spent = cohort_spending(&f.data, cohort);
        let was = f.data.expenses[&ExpenseId(2)].clone();
        let mut now = was.clone();
        now.person = Some(PersonRef::Participant(crate::domain::ids::ParticipantId(1)));
        now.state = ExpenseState::Committed;
        f.data
            .put(crate::domain::change::Record::Expense(now.clone()));
        let followed = spent.followed(&f.data, cohort, Some(&was), Some(&now));
        assert_eq!(followed, Some(cohort_spending(&f.data, cohort)));
        assert_ne!(
            followed,
            Some(spent),
            "the expense now counts for the cohort"
        );
        let full = Spending {
            paid: Pence(i64::MAX),
            ..Spending::default()
        };
        assert_eq!(
            full.followed(&f.data, cohort, None, Some(&now)),
            Some(Spending {
                committed: now.amount,
                ..full
            })
        );
        let mut paid = now.clone();
        paid.state = ExpenseState::Paid;
        assert_eq!(
            full.followed(&f.data, cohort, None, Some(&paid)),
            None,
            "a sum at the largest amount is added up again"
        );
    }

    #[test]
    fn a_cohorts_spending_counts_its_peoples_and_sessions_expenses_by_state() {
        let f = programme();
        // Only expense 3 is for cohort 2 (through Aled); it is committed.
        let spent = cohort_spending(&f.data, CohortId(2));
        assert_eq!(
            spent,
            Spending {
                paid: Pence(0),
                committed: Pence(2_000),
                estimated: Pence(0),
            }
        );
        assert_eq!(spent.forecast(), Pence(2_000));
        assert_eq!(cohort_spending(&f.data, CohortId(1)), Spending::default());
    }

    #[test]
    fn a_cohorts_report_sets_its_spending_against_its_share() {
        let mut f = programme();
        f.data.put(crate::domain::change::Record::CohortBudget(
            crate::domain::budget::CohortBudget {
                cohort: CohortId(2),
                allocations: vec![crate::domain::budget::Allocation {
                    category: CategoryId::CATERING,
                    amount: Pence(2_500),
                }],
            },
        ));
        let report = cohort_report(&f.data, CohortId(2));
        assert_eq!(report.total, Pence(2_500));
        let catering = report
            .lines
            .iter()
            .find(|l| l.category == CategoryId::CATERING)
            .unwrap();
        // Only expense 3 is the cohort's; expense 1 is catering for nobody in particular.
        assert_eq!(
            (catering.allocated, catering.committed, catering.paid),
            (Pence(2_500), Pence(2_000), Pence(0))
        );
        assert_eq!(catering.remaining(), Pence(500));
        assert_eq!(report.totals().used(), Pence(2_000));
    }
}
