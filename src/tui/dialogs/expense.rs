//! The budget's forms: the grant and its allocations (never more than the grant), an expense
//! added or changed, and moving an expense along Estimate → Committed → Paid, or cancelling it,
//! with the day it happened.

use super::{OpenForm, Purpose, based_on, value};
use crate::domain::budget::{
    Allocation, Budget, CohortBudget, Expense, ExpenseState, ExpenseStateChange,
};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::CategoryId;
use crate::domain::ids::CohortId;
use crate::domain::ids::ExpenseId;
use crate::domain::money::Pence;
use crate::domain::people::PersonRef;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{clean_line, clean_text};
use crate::tui::effects::Confirm;
use crate::tui::form::{Field, Form, Rule};
use chrono::NaiveDate;

/// The grant and one allocation per category.
pub fn budget_form(data: &Snapshot) -> OpenForm {
    let budget = data.budget.as_ref();
    let mut fields = vec![Field::required_money("Grant", budget.map(|b| b.total))];
    for category in data.categories.current() {
        let allocated = budget.map(|b| b.allocated(category.id)).filter(|p| p.0 > 0);
        fields.push(Field::money(category.name, allocated));
    }
    OpenForm {
        form: Form::new("The grant and its allocations", fields)
            .with(Rule::CoversTheRest { field: "Grant" }),
        purpose: Purpose::Budget,
    }
}

pub(super) fn budget_change(open: &OpenForm, data: &Snapshot) -> Result<(Change, String), String> {
    let total = open
        .form
        .field("Grant")
        .and_then(|f| f.as_money())
        .ok_or_else(|| "the grant is not an amount yet".to_string())?;
    let allocations = typed_allocations(open, data);
    let allocated: Pence = allocations.iter().map(|a| a.amount).sum();
    if allocated > total {
        return Err(format!(
            "The allocations add up to {allocated}, more than the grant of {total}: lower one, or raise the grant"
        ));
    }
    let budget = Budget { total, allocations };
    let done = format!(
        "Saved the grant of {total}: {} allocated, {} unallocated",
        allocated,
        budget.unallocated()
    );
    Ok((
        Change::Edit {
            based_on: based_on(data, RecordKey::Budget),
            record: Record::Budget(budget),
        },
        done,
    ))
}

/// An allocation for each category given an amount in the form, whose fields are named after
/// the categories.
fn typed_allocations(open: &OpenForm, data: &Snapshot) -> Vec<Allocation> {
    data.categories
        .current()
        .into_iter()
        .filter_map(|c| {
            let amount = open.form.field(&c.name)?.as_money()?;
            Some(Allocation {
                category: c.id,
                amount,
            })
        })
        .collect()
}

/// A cohort's share of each category's allocation.
pub fn cohort_budget_form(data: &Snapshot, cohort: CohortId) -> OpenForm {
    let current = data.cohort_budgets.get(&cohort);
    let fields = data
        .categories
        .current()
        .iter()
        .map(|c| {
            Field::money(
                c.name.clone(),
                current.map(|b| b.allocated(c.id)).filter(|p| p.0 > 0),
            )
        })
        .collect();
    let mut form = Form::new(
        format!("{}'s share of the allocations", data.cohort_name(cohort)),
        fields,
    );
    // Every cohort's share of a category, this one's as typed, within the programme's.
    for category in data.categories.current() {
        let programme = data
            .budget
            .as_ref()
            .map_or(Pence(0), |b| b.allocated(category.id));
        let others: Pence = data
            .cohort_budgets
            .values()
            .filter(|b| b.cohort != cohort)
            .map(|b| b.allocated(category.id))
            .sum();
        let most = Pence((programme.0 - others.0).max(0));
        // A share comes out of the programme's allocation: with none, the way on is to set
        // that first, which the limit alone does not say.
        let why = if programme.0 == 0 {
            format!(
                "the programme allocates nothing to {} yet: [ to all cohorts, then s sets it",
                category.name
            )
        } else {
            format!("{programme} allocated, {others} of it to other cohorts")
        };
        form = form.with(Rule::MoneyAtMost {
            field: category.name.clone().into(),
            most,
            why,
        });
    }
    OpenForm {
        form,
        purpose: Purpose::CohortBudget(cohort),
    }
}

pub(super) fn cohort_budget_change(
    open: &OpenForm,
    data: &Snapshot,
    cohort: CohortId,
) -> Result<(Change, String), String> {
    let allocations = typed_allocations(open, data);
    let share = CohortBudget {
        cohort,
        allocations,
    };
    // Every cohort's share of a category, this one's as typed, within the programme's.
    for category in data.categories.current() {
        let (name, category) = (category.name, category.id);
        let programme = data
            .budget
            .as_ref()
            .map_or(Pence(0), |b| b.allocated(category));
        let others: Pence = data
            .cohort_budgets
            .values()
            .filter(|b| b.cohort != cohort)
            .map(|b| b.allocated(category))
            .sum();
        let together = others + share.allocated(category);
        if together > programme {
            return Err(format!(
                "The cohorts' shares of {name} add up to {together}, more than the programme allocates to it ({programme}): lower one, or raise the allocation (s with all cohorts in view)"
            ));
        }
    }
    let done = format!(
        "Saved {}'s share: {} in all",
        data.cohort_name(cohort),
        share.total()
    );
    Ok((
        Change::Edit {
            based_on: based_on(data, RecordKey::CohortBudget(cohort)),
            record: Record::CohortBudget(share),
        },
        done,
    ))
}

/// Everyone an expense may be about, participants and Q members, each as the form names
/// them.
fn people(data: &Snapshot) -> Vec<(String, PersonRef)> {
    let mut people: Vec<(String, PersonRef)> = data
        .q_members
        .keys()
        .map(|q| PersonRef::QMember(*q))
        .chain(data.participants.keys().map(|p| PersonRef::Participant(*p)))
        .filter_map(|p| Some((person_label(data, p)?, p)))
        .collect();
    people.sort();
    people
}

/// "Idris Penhale (idris@hospice.example)": the email tells apart two people of one name.
fn person_label(data: &Snapshot, person: PersonRef) -> Option<String> {
    let (name, email) = match person {
        PersonRef::QMember(id) => data.q_members.get(&id).map(|q| (&q.name, &q.email))?,
        PersonRef::Participant(id) => data.participants.get(&id).map(|p| (&p.name, &p.email))?,
    };
    Some(format!("{name} ({email})"))
}

/// "Workshop title (12 Jan 2027 13:30)", how a session is picked in the form: two sessions
/// of one title on one day still differ by their time.
fn session_label(s: &crate::domain::sessions::Session) -> String {
    format!("{} ({})", s.title, s.start.format("%-d %b %Y %H:%M"))
}

/// A form for a new expense (an estimate dated `today` unless changed) or for changing one.
pub fn expense_form(data: &Snapshot, expense: Option<&Expense>, today: NaiveDate) -> OpenForm {
    // The current categories, and the expense's own should it have been retired since.
    let mut choices = data.categories.current();
    if let Some(own) = expense.and_then(|e| data.categories.get(e.category)) {
        if !choices.iter().any(|c| c.id == own.id) {
            choices.push(own);
        }
    }
    let at = expense
        .and_then(|e| choices.iter().position(|c| c.id == e.category))
        .unwrap_or(0);
    let categories: Vec<String> = choices.into_iter().map(|c| c.name).collect();
    let category = categories.get(at).cloned().unwrap_or_default();
    let mut sessions: Vec<_> = data.sessions.values().collect();
    sessions.sort_by_key(|s| (s.start, s.id));
    let mut fields = vec![
        Field::date("Date", expense.map_or(today, |e| e.date), today),
        Field::pick("Category", categories, &category),
        Field::required_money("Amount", expense.map(|e| e.amount)),
        Field::text("Payee", expense.map_or("", |e| e.payee.as_str()), true),
        Field::text(
            "About",
            expense.map_or("", |e| e.description.as_str()),
            false,
        ),
        Field::optional_pick(
            "Session",
            sessions.iter().map(|s| session_label(s)).collect(),
            &expense
                .and_then(|e| e.session)
                .and_then(|id| data.sessions.get(&id))
                .map_or(String::new(), session_label),
        )
        .when_none("there is no session yet: plan one in the sessions pane (3, n)"),
        Field::optional_pick(
            "Person",
            people(data).into_iter().map(|(name, _)| name).collect(),
            &expense
                .and_then(|e| e.person)
                .and_then(|p| person_label(data, p))
                .unwrap_or_default(),
        )
        .when_none("there is nobody yet: add participants or Q members in the roster (1, n)"),
    ];
    if expense.is_none() {
        fields.push(Field::choice(
            "State",
            [
                ExpenseState::Estimate,
                ExpenseState::Committed,
                ExpenseState::Paid,
            ]
            .iter()
            .map(|s| s.label().to_string())
            .collect(),
            0,
        ));
    }
    OpenForm {
        form: Form::new(
            expense.map_or("New expense".to_string(), |e| format!("Change {}", e.payee)),
            fields,
        ),
        purpose: Purpose::Expense(expense.map(|e| e.id)),
    }
}

pub(super) fn expense_change(
    open: &OpenForm,
    data: &Snapshot,
    editing: Option<ExpenseId>,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let form = &open.form;
    let date = form
        .field("Date")
        .and_then(|f| f.as_date())
        .ok_or_else(|| "the date is not right yet".to_string())?;
    let typed = form
        .field("Category")
        .and_then(|f| f.picked())
        .unwrap_or_else(|| value(open, "Category"));
    // The choice shown is a name; a retired category the expense already had is offered too.
    let category: CategoryId = match data.categories.all().into_iter().find(|c| c.name == typed) {
        Some(c) => c.id,
        None => data.categories.find(typed).map_err(|e| e.to_string())?,
    };
    let amount = form
        .field("Amount")
        .and_then(|f| f.as_money())
        .ok_or_else(|| "the amount must be more than £0".to_string())?;
    let session = form
        .field("Session")
        .and_then(|f| f.picked())
        .and_then(|label| data.sessions.values().find(|s| session_label(s) == label))
        .map(|s| s.id);
    let person = form
        .field("Person")
        .and_then(|f| f.picked())
        .and_then(|label| {
            people(data)
                .into_iter()
                .find(|(l, _)| l == label)
                .map(|(_, p)| p)
        });
    let existing = match editing {
        Some(id) => Some(
            data.expenses
                .get(&id)
                .ok_or_else(|| "that expense is no longer there".to_string())?,
        ),
        None => None,
    };
    let state = match existing {
        Some(e) => e.state,
        None => value(open, "State").parse().map_err(|e| format!("{e}"))?,
    };
    // Asked only when the link or the state is new: an estimate kept from before the
    // session was cancelled can still be changed (its amount, say) and cancelled itself.
    if let Some(linked) = session.and_then(|id| data.sessions.get(&id)) {
        let unchanged = existing.is_some_and(|e| e.session == session && e.state == state);
        if !unchanged {
            crate::domain::sessions::cancelled::takes_expense(linked, state)
                .map_err(|e| e.to_string())?;
        }
    }
    let expense = Expense {
        id: editing
            .unwrap_or_else(|| ExpenseId(data.next_id(|id| RecordKey::Expense(ExpenseId(id))))),
        date,
        category,
        amount,
        payee: clean_line(value(open, "Payee")),
        description: clean_text(value(open, "About")),
        session,
        person,
        state,
        history: existing.map_or_else(
            || vec![ExpenseStateChange { state, on: today }],
            |e| e.history.clone(),
        ),
    };
    let done = match editing {
        Some(_) => super::saved_words(data, &Record::Expense(expense.clone())),
        None => format!(
            "Added {} {} ({}, {})",
            expense.payee,
            expense.amount,
            data.categories.name(expense.category),
            expense.state
        ),
    };
    Ok((
        Change::Edit {
            based_on: editing.and_then(|id| based_on(data, RecordKey::Expense(id))),
            record: Record::Expense(expense),
        },
        done,
    ))
}

/// Moves an expense to `state` today: committed, paid or cancelled.
pub fn move_expense(
    data: &Snapshot,
    expense: &Expense,
    state: ExpenseState,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let allowed = matches!(
        (expense.state, state),
        (
            ExpenseState::Estimate,
            ExpenseState::Committed | ExpenseState::Paid
        ) | (ExpenseState::Committed, ExpenseState::Paid)
            | (
                ExpenseState::Estimate | ExpenseState::Committed,
                ExpenseState::Cancelled
            )
    );
    if !allowed {
        return Err(format!(
            "{} {} is {} already; it cannot become {}",
            expense.payee, expense.amount, expense.state, state
        ));
    }
    let mut moved = expense.clone();
    moved.state = state;
    moved.history.push(ExpenseStateChange { state, on: today });
    Ok((
        Change::Edit {
            based_on: based_on(data, RecordKey::Expense(expense.id)),
            record: Record::Expense(moved),
        },
        format!("{} {} is now {state}", expense.payee, expense.amount),
    ))
}

pub fn cancel_expense_question(
    data: &Snapshot,
    expense: &Expense,
    today: NaiveDate,
) -> Result<Confirm, String> {
    let (change, done) = move_expense(data, expense, ExpenseState::Cancelled, today)?;
    Ok(Confirm {
        question: format!(
            "Cancel {} {} ({})? (u undoes it)",
            expense.payee,
            expense.amount,
            data.categories.name(expense.category)
        ),
        change,
        done,
    })
}
