//! Following a change that touched only a few expenses: the list, its flags, the chart and
//! the cohort's forecast are brought up to date from each expense before and after, rather
//! than by working out every row of a list that may hold 100,000.

use super::BudgetPane;
use super::rows::{ExpenseRow, category_names, haystack, row};
use crate::domain::budget::Expense;
use crate::domain::budget::expense_list::expense_order;
use crate::domain::ids::ExpenseId;
use crate::domain::people::roster::CohortFilter;
use crate::domain::snapshot::Snapshot;
use crate::tui::panes::budget_categories::category_rows;
use crate::tui::panes::budget_report::money_width;
use chrono::NaiveDate;
use std::cmp::Ordering;

/// More expenses than this in one change (an import, say) and the pane is worked out again
/// whole: each followed expense moves rows of the list once.
const FOLLOWED_AT_MOST: usize = 64;

impl BudgetPane {
    /// Follows a change that touched only the expenses in `changed`, each with what it was
    /// before (`None`: it is new); `data` is the programme after the change, and the pane was
    /// up to date with the programme before it. Afterwards the pane shows what `refresh` and
    /// `show_cohort` would. Returns false, having changed nothing, when only they can: more
    /// than `FOLLOWED_AT_MOST` expenses, or a sum that has reached the largest amount.
    pub fn follow_expenses(
        &mut self,
        changed: &[(ExpenseId, Option<&Expense>)],
        data: &Snapshot,
        today: NaiveDate,
    ) -> bool {
        if changed.len() > FOLLOWED_AT_MOST {
            return false;
        }
        // The figures first: nothing changes unless every one of them can be followed.
        let spent = match (self.cohort, self.cohort_spent) {
            (CohortFilter::Cohort(id), Some(spent)) => {
                let followed = changed.iter().try_fold(spent, |spent, (id_of, was)| {
                    spent.followed(data, id, *was, data.expenses.get(id_of))
                });
                match followed {
                    Some(spent) => Some(spent),
                    None => return false,
                }
            }
            _ => None,
        };
        if !self.view.follow(data, changed) {
            return false;
        }
        self.cohort_spent = spent;
        self.describe_forecast(data);

        let flagged = self.note_flags(data, today);
        let names = category_names(data);
        let gone: Vec<u64> = changed.iter().map(|(id, _)| id.0).collect();
        let added = changed
            .iter()
            .filter_map(|(id, _)| data.expenses.get(id))
            .filter(|e| self.narrowing.is_empty() || self.narrowing.keeps(data, e))
            .map(|e| row(&names, data, e))
            .collect();
        let (sort, descending) = (self.sort, self.descending);
        let place = |rows: &[ExpenseRow], new: &ExpenseRow| {
            let Some(new) = data.expenses.get(&new.id) else {
                return rows.len();
            };
            rows.partition_point(|r| {
                data.expenses.get(&r.id).is_some_and(|shown| {
                    expense_order(shown, new, sort, descending) == Ordering::Less
                })
            })
        };
        self.listing
            .patch_rows(&gone, added, place, |r| haystack(data, r));
        // An earlier expense changed can move which one takes its category over.
        for row in self.listing.rows_mut() {
            row.flagged = flagged.binary_search(&row.id).is_ok();
        }
        self.amount_width = money_width(self.listing.rows().iter().map(|r| r.amount));
        self.categories.replace_rows(category_rows(data));
        true
    }
}
