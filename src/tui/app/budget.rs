//! The budget pane's forms as the app sees them: the grant and allocations, adding or
//! changing an expense, and moving the selected one along (committed, paid, cancelled).

use super::App;
use crate::domain::budget::expense_list::ExpenseFilter;
use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::change::{HistoryEntry, Record, RecordKey};
use crate::domain::ids::ExpenseId;
use crate::domain::people::roster::CohortFilter;
use crate::tui::action::Action;
use crate::tui::dialogs::category::{RetireOrRestore, category_form, retire_or_restore};
use crate::tui::dialogs::expense::{
    budget_form, cancel_expense_question, cohort_budget_form, expense_form, move_expense,
};
use crate::tui::effects::{Effect, Message};
use crate::tui::panes::PaneId;
use crate::tui::panes::budget_categories::BudgetList;

impl App {
    pub(super) fn act_on_budget(&mut self, action: Action) -> bool {
        let today = self.now.today();
        match action {
            Action::SetBudget => {
                // With a cohort in view, its share; otherwise the programme's grant.
                self.form = Some(match self.cohort {
                    CohortFilter::Cohort(id) if self.data.budget.is_some() => {
                        cohort_budget_form(&self.data, id)
                    }
                    _ => budget_form(&self.data),
                });
                return true;
            }
            Action::New => {
                self.form = Some(expense_form(&self.data, None, today));
                return true;
            }
            Action::Delete => {
                self.say(Message::Problem(
                    "x cancels an expense, which keeps it on record; d retires a category (v lists them)."
                        .into(),
                ));
                return true;
            }
            _ => {}
        }
        let Some(expense) = self
            .budget
            .listing
            .selected_row()
            .and_then(|r| self.data.expenses.get(&r.id))
            .cloned()
        else {
            self.say(Message::Problem(
                "Choose an expense first (j and k); n adds one.".into(),
            ));
            return true;
        };
        let outcome = match action {
            Action::Edit => {
                self.form = Some(expense_form(&self.data, Some(&expense), today));
                return true;
            }
            Action::CancelExpense => {
                match cancel_expense_question(&self.data, &expense, today) {
                    Ok(confirm) => self.confirm = Some(confirm),
                    Err(why) => self.say(Message::Problem(why)),
                }
                return true;
            }
            Action::CommitExpense => {
                move_expense(&self.data, &expense, ExpenseState::Committed, today)
            }
            Action::PayExpense => move_expense(&self.data, &expense, ExpenseState::Paid, today),
            _ => return false,
        };
        match outcome {
            Ok((change, done)) => self.effects.push(Effect::Apply {
                change: Box::new(change),
                done,
            }),
            Err(why) => self.say(Message::Problem(why)),
        }
        true
    }

    /// `n`, `e`, `d` and `Enter` on the list of categories.
    pub(super) fn act_on_category(&mut self, action: Action) -> bool {
        if action == Action::New {
            self.form = Some(category_form(&self.data, None));
            return true;
        }
        let Some(id) = self.budget.selected_category().map(|r| r.id) else {
            self.say(Message::Problem(
                "Choose a category first (j and k); n adds one.".into(),
            ));
            return true;
        };
        match action {
            Action::Edit => self.form = Some(category_form(&self.data, Some(id))),
            Action::Delete => match retire_or_restore(&self.data, id) {
                Ok(RetireOrRestore::Ask(confirm)) => self.confirm = Some(confirm),
                Ok(RetireOrRestore::Now(change, done)) => self.effects.push(Effect::Apply {
                    change: Box::new(change),
                    done,
                }),
                Err(why) => self.say(Message::Problem(why)),
            },
            Action::Open => {
                // Its expenses: the list narrowed to this category.
                self.budget.narrowing = ExpenseFilter {
                    category: Some(id),
                    ..Default::default()
                };
                self.budget.list = BudgetList::Expenses;
                self.budget.refresh(&self.data, self.now.today());
            }
            _ => return false,
        }
        true
    }
}

impl App {
    /// A change that touched only expenses, followed in the budget pane when that is up to
    /// date with the programme before it; returns whether it was (otherwise the pane is to be
    /// worked out again whole).
    pub(super) fn follow_expenses(&mut self, entry: &HistoryEntry, keys: &[RecordKey]) -> bool {
        if self.is_stale(PaneId::Budget) || self.budget_after_frame || self.budget.reading_expenses
        {
            return false;
        }
        let mut changed: Vec<(ExpenseId, Option<&Expense>)> = Vec::new();
        for key in keys {
            let RecordKey::Expense(id) = *key else {
                return false;
            };
            if changed.iter().any(|(seen, _)| *seen == id) {
                continue;
            }
            // The first time the change touched it: what it was before the change.
            let was = entry
                .before
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, was)| match was {
                    Some(Record::Expense(e)) => Some(e),
                    _ => None,
                });
            changed.push((id, was));
        }
        self.budget
            .follow_expenses(&changed, &self.data, self.now.today())
    }
}
