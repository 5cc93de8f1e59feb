//! The rows of the budget pane's list of expenses: what each holds, what `/` finds in it, and
//! how one is made from an expense.

use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::ids::{CategoryId, ExpenseId};
use crate::domain::money::Pence;
use crate::domain::snapshot::Snapshot;
use crate::tui::widgets::listing::ListRow;
use chrono::NaiveDate;
use std::rc::Rc;

/// One expense in the list. The payee and description are looked up when drawn or searched,
/// not copied: a programme may have 100,000 expenses, and the list is rebuilt on each change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpenseRow {
    pub id: ExpenseId,
    /// A policy check found something to look at (see the flags line).
    pub flagged: bool,
    pub date: NaiveDate,
    /// Shared by every row of the category: one name, not one copy per expense.
    pub category: Rc<str>,
    pub amount: Pence,
    pub state: ExpenseState,
}

/// What `/` searches in an expense's row: its payee, description, category, state and date.
pub(super) fn haystack(data: &Snapshot, r: &ExpenseRow) -> String {
    let (payee, description) = data
        .expenses
        .get(&r.id)
        .map_or(("", ""), |e| (e.payee.as_str(), e.description.as_str()));
    format!(
        "{payee} {description} {} {} {}",
        r.category,
        r.state.label(),
        r.date.format("%Y-%m-%d %b")
    )
}

impl ListRow for ExpenseRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

/// Each category's name, once, for the rows to share.
pub(super) fn category_names(data: &Snapshot) -> Vec<(CategoryId, Rc<str>)> {
    data.categories
        .all()
        .into_iter()
        .map(|c| (c.id, Rc::from(c.name)))
        .collect()
}

/// The row of expense `e`, not yet flagged. `names` holds every category's name once: a
/// handful, so found by looking along them.
pub(super) fn row(names: &[(CategoryId, Rc<str>)], data: &Snapshot, e: &Expense) -> ExpenseRow {
    ExpenseRow {
        id: e.id,
        flagged: false,
        date: e.date,
        category: names
            .iter()
            .find(|(id, _)| *id == e.category)
            .map(|(_, name)| Rc::clone(name))
            .unwrap_or_else(|| data.categories.name(e.category).into()),
        amount: e.amount,
        state: e.state,
    }
}
