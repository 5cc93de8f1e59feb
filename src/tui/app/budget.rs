//! The budget pane's forms as the app sees them: the grant and allocations, adding or
//! changing an expense, and moving the selected one along (committed, paid, cancelled).

use super::App;
use crate::domain::budget::ExpenseState;
use crate::domain::roster::CohortFilter;
use crate::tui::action::Action;
use crate::tui::dialogs::expense::{
    budget_form, cancel_expense_question, cohort_budget_form, expense_form, move_expense,
};
use crate::tui::effects::{Effect, Message};

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
}
