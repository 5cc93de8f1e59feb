//! Section 6 of the report: the grant against what was spent, month by month, on speakers from
//! outside London, and where spending is heading by the end of the grant.

use super::Scope;
use super::activity::months_spanned;
use crate::domain::budget::checks::monthly_spend;
use crate::domain::budget::expense_list::expense_cohort;
use crate::domain::budget::{Budget, BudgetReport, BudgetTotals, Expense, ExpenseState};
use crate::domain::ids::CategoryId;
use crate::domain::money::Pence;
use crate::domain::people::PersonRef;
use crate::domain::summary::Summary;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Section 6. Amounts are integer pence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    /// Each category's allocation against paid, committed and estimated spending: for the
    /// whole time, what `status --json` (`budget`) and `export budget` say.
    pub budget: BudgetReport,
    /// Paid and committed spending by the month of each expense's date, as the budget pane's
    /// monthly chart counts it.
    pub months: Vec<MonthLine>,
    /// Speaker travel for Q members based outside London, by speaker, cancelled claims aside.
    pub speakers: Vec<SpeakerLine>,
    pub forecast: Forecast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthLine {
    /// The first day of the month.
    pub month: NaiveDate,
    pub paid: Pence,
    pub committed: Pence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerLine {
    pub speaker: String,
    pub claims: usize,
    pub amount: Pence,
}

/// Where spending is heading: everything paid, committed and estimated, plus the average
/// monthly paid rate so far for each month left until the grant ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// The last day of the last cohort in view; `None` with no cohort.
    pub grant_ends: Option<NaiveDate>,
    /// Paid, committed and estimated.
    pub used: Pence,
    /// Paid so far over the months from the first paid expense to this month, both counted.
    pub monthly_paid_rate: Pence,
    /// Whole months after this one, to the month the grant ends.
    pub months_left: u32,
    pub forecast: Pence,
    /// The grant (or the cohort's share of it) less the forecast; negative is an overspend.
    pub left_at_end: Pence,
}

pub(super) fn money(scope: &Scope, summary: &Summary) -> Money {
    let data = scope.snapshot;
    let in_view = |e: &Expense| {
        scope.period.holds(e.date)
            && scope
                .cohort
                .is_none_or(|c| expense_cohort(data, e) == Some(c))
    };
    // The kept totals and the summary's own report serve the whole time; a period sums its
    // own expenses against the same allocations.
    let budget = if scope.period.is_whole() {
        summary.budget.clone()
    } else {
        let share = scope.cohort.map(|c| {
            data.cohort_budgets.get(&c).map(|s| Budget {
                total: s.total(),
                allocations: s.allocations.clone(),
            })
        });
        let allocations = match share {
            Some(share) => share,
            None => data.budget.clone(),
        };
        let totals = BudgetTotals::from_expenses(data.expenses.values().filter(|e| in_view(e)));
        BudgetReport::new(allocations.as_ref(), &totals, &data.categories)
    };
    // The budget pane's monthly rule, over the expenses in view.
    let mut scoped = data.clone();
    scoped.expenses.retain(|_, e| in_view(e));
    let months = monthly_spend(&scoped)
        .into_iter()
        .map(|m| MonthLine {
            month: m.month,
            paid: m.paid,
            committed: m.committed,
        })
        .collect();
    let mut speakers: BTreeMap<String, (usize, Pence)> = BTreeMap::new();
    for e in scoped
        .expenses
        .values()
        .filter(|e| e.category == CategoryId::SPEAKER_TRAVEL && e.state != ExpenseState::Cancelled)
    {
        let Some(PersonRef::QMember(q)) = e.person else {
            continue;
        };
        let Some(speaker) = data.q_members.get(&q).filter(|q| !q.london_based) else {
            continue;
        };
        let entry = speakers
            .entry(speaker.name.clone())
            .or_insert((0, Pence(0)));
        entry.0 += 1;
        entry.1 = entry.1.saturating_add(e.amount);
    }
    let first_paid = scoped
        .expenses
        .values()
        .filter(|e| e.state == ExpenseState::Paid)
        .map(|e| e.date)
        .min();
    let forecast = forecast(scope, &budget, first_paid);
    Money {
        budget,
        months,
        speakers: speakers
            .into_iter()
            .map(|(speaker, (claims, amount))| SpeakerLine {
                speaker,
                claims,
                amount,
            })
            .collect(),
        forecast,
    }
}

fn forecast(scope: &Scope, budget: &BudgetReport, first_paid: Option<NaiveDate>) -> Forecast {
    let today = scope.today();
    let totals = budget.totals();
    let grant_ends = scope.cohorts().map(|c| c.ends).max();
    let months_paid = first_paid.map_or(0, |first| months_spanned(first, today.max(first)));
    let monthly_paid_rate = if months_paid == 0 {
        Pence(0)
    } else {
        Pence(totals.paid.0 / i64::from(months_paid))
    };
    let months_left = grant_ends
        .filter(|end| *end > today)
        .map_or(0, |end| months_spanned(today, end) - 1);
    let forecast = totals.used().saturating_add(Pence(
        monthly_paid_rate.0.saturating_mul(i64::from(months_left)),
    ));
    Forecast {
        grant_ends,
        used: totals.used(),
        monthly_paid_rate,
        months_left,
        forecast,
        left_at_end: budget.total - forecast,
    }
}
