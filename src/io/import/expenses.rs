//! Expenses against the grant, each with the state it has reached.

use super::draft::Draft;
use super::error::{ImportErrors, Problems};
use super::fields;
use super::table::{self, Columns};
use crate::domain::budget::{Expense, ExpenseState, ExpenseStateChange};
use crate::domain::change::Record;
use crate::domain::people::PersonRef;

pub(crate) const EXPENSE_COLUMNS: Columns = Columns {
    required: &["date", "category", "amount", "payee", "state"],
    optional: &["description", "session", "person", "state_date"],
};

pub(crate) fn expenses(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &EXPENSE_COLUMNS, &mut problems);
    for row in rows {
        let line = row.line;
        let date = problems.check(line, "date", fields::finance_date(row.raw("date")));
        let category = problems.check(
            line,
            "category",
            draft
                .snapshot
                .categories
                .find(row.raw("category"))
                .map_err(|e| e.to_string()),
        );
        let amount = problems.check(line, "amount", fields::money(row.raw("amount")));
        let payee = problems.check(line, "payee", fields::required(row.raw("payee")));
        let state = problems.check(
            line,
            "state",
            row.raw("state")
                .parse::<ExpenseState>()
                .map_err(|e| e.to_string()),
        );
        let state_date = problems.optional(
            line,
            "state_date",
            row.raw("state_date"),
            fields::finance_date,
        );
        let session = problems.optional(line, "session", row.raw("session"), |raw| {
            draft.session_by_ref(raw).ok_or_else(|| {
                format!("there is no session with the ref \"{}\"", fields::line(raw))
            })
        });
        let person = problems.optional(line, "person", row.raw("person"), |raw| {
            draft
                .participant_by_email(raw)
                .map(PersonRef::Participant)
                .or_else(|| draft.q_member_by_email(raw).map(PersonRef::QMember))
                .ok_or_else(|| {
                    format!(
                        "no participant or Q member has the email \"{}\"",
                        fields::line(raw)
                    )
                })
        });
        let (
            Some(date),
            Some(category),
            Some(amount),
            Some(payee),
            Some(state),
            Some(state_date),
            Some(session),
            Some(person),
        ) = (
            date, category, amount, payee, state, state_date, session, person,
        )
        else {
            continue;
        };
        // The date is when the cost falls (often the session's day); it may be committed or
        // paid before or after, so the estimate is dated by whichever comes first.
        let moved_on = state_date.unwrap_or(date);
        let mut history = vec![ExpenseStateChange {
            state: ExpenseState::Estimate,
            on: date.min(moved_on),
        }];
        if state != ExpenseState::Estimate {
            history.push(ExpenseStateChange {
                state,
                on: moved_on,
            });
        }
        let id = draft.new_expense_id();
        draft.put(Record::Expense(Expense {
            id,
            date,
            category,
            amount,
            payee,
            description: fields::text(row.raw("description")),
            session,
            person,
            state,
            history,
        }));
    }
    problems.finish()
}
