//! Expenses against the grant, each with the state it has reached.

use super::draft::Draft;
use super::error::{ImportErrors, Problems};
use super::fields;
use super::table::{self, Columns};
use crate::domain::budget::{Expense, ExpenseState, ExpenseStateChange};
use crate::domain::change::{Record, RecordKey};
use crate::domain::ids::ExpenseId;
use crate::domain::people::PersonRef;

pub(crate) const EXPENSE_COLUMNS: Columns = Columns {
    required: &["date", "category", "amount", "payee", "state"],
    optional: &[
        "description",
        "session",
        "person",
        "state_date",
        "ledger_code",
    ],
};

pub(crate) fn expenses(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &EXPENSE_COLUMNS, &mut problems);
    // Before any expense is given a new number, so none is given one a later row keeps.
    let kept: Vec<Option<ExpenseId>> = rows
        .iter()
        .map(|row| kept_code(draft, &mut problems, row.line, row.raw("ledger_code")))
        .collect();
    for (row, kept) in rows.into_iter().zip(kept) {
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
        // The same rule as the expense form: a cancelled session takes a committed or paid
        // cost (a cancellation fee) but not an estimate.
        if let Some(linked) = session.and_then(|id| draft.snapshot.sessions.get(&id)) {
            if let Err(refused) = crate::domain::sessions::cancelled::takes_expense(linked, state) {
                problems.add(line, "session", refused.to_string());
                continue;
            }
        }
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
        let id = kept.unwrap_or_else(|| draft.new_expense_id());
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

/// The number a row's `ledger_code` asks the expense to keep (the code of its transaction in
/// an exported journal), when it is free; `None` for none, or with the problem noted.
fn kept_code(
    draft: &mut Draft,
    problems: &mut Problems,
    line: u64,
    raw: &str,
) -> Option<ExpenseId> {
    let code = fields::optional(raw)?;
    // Expenses are numbered from 1.
    let number = problems.check(line, "ledger_code", fields::whole_number(code, "", 1))?;
    let id = ExpenseId(u64::from(number));
    let kept = draft.keep_id(RecordKey::Expense(id)).map_err(|why| {
        format!(
            "{why}; a ledger code names one expense only, so leave it empty to import this \
             row as a new expense"
        )
    });
    problems.check(line, "ledger_code", kept).map(|()| id)
}
