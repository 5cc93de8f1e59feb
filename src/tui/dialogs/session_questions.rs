//! Questions asked about a session before anything is saved: cancelling it (or it and the
//! rest of its series), deleting it, and proposing the costs it implies. Its linked estimates
//! follow it.

use super::based_on;
use super::session::following;
use crate::domain::budget::costs::{CostDefaults, estimates_change, follow_session, missing_costs};
use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::money::Pence;
use crate::domain::sessions::Session;
use crate::domain::snapshot::Snapshot;
use crate::tui::effects::Confirm;
use chrono::NaiveDate;

/// Sessions saved as `after`, with their linked estimates following them.
pub(super) fn saved_with_costs(
    data: &Snapshot,
    after: Vec<Session>,
    today: NaiveDate,
    summary: String,
) -> Change {
    let mut changes = Vec::new();
    for s in after {
        let costs = follow_session(data, &s, today);
        changes.push(Change::Edit {
            based_on: based_on(data, RecordKey::Session(s.id)),
            record: Record::Session(s),
        });
        changes.extend(costs);
    }
    match changes.len() {
        1 => changes.remove(0),
        _ => Change::Batch { summary, changes },
    }
}

/// Cancelling keeps the session (and shows it struck through); cancelling again restores it.
pub fn cancel_question(data: &Snapshot, session: &Session, today: NaiveDate) -> Confirm {
    let changed = Session {
        cancelled: !session.cancelled,
        ..session.clone()
    };
    let (question, done) = if session.cancelled {
        (
            format!("Restore {}, no longer cancelled?", session.title),
            format!("Restored {}", session.title),
        )
    } else {
        (
            format!(
                "Cancel {} on {}? ({} invited; u undoes it)",
                session.title,
                crate::domain::dates::day_in_message(session.start.date(), today),
                session.invitees.len()
            ),
            format!("Cancelled {}", session.title),
        )
    };
    let summary = format!(
        "{} {}",
        if changed.cancelled {
            "cancelled"
        } else {
            "restored"
        },
        session.title
    );
    Confirm {
        question,
        change: saved_with_costs(data, vec![changed], today, summary),
        done,
    }
}

/// Cancels `session` and every later session of its series at once.
pub fn cancel_following_question(
    data: &Snapshot,
    session: &Session,
    today: NaiveDate,
) -> Option<Confirm> {
    let later = following(data, session);
    if later.is_empty() {
        return None;
    }
    let cancelled: Vec<Session> = std::iter::once(session.id)
        .chain(later.iter().copied())
        .filter_map(|id| data.sessions.get(&id))
        .filter(|s| !s.cancelled)
        .map(|s| Session {
            cancelled: true,
            ..s.clone()
        })
        .collect();
    let n = cancelled.len();
    let change = saved_with_costs(
        data,
        cancelled,
        today,
        format!("cancelled {n} sessions of {}", session.title),
    );
    Some(Confirm {
        question: format!(
            "Cancel {} on {} and the {} after it in its series? (u undoes it)",
            session.title,
            crate::domain::dates::day_in_message(session.start.date(), today),
            crate::domain::count::count(later.len(), "session")
        ),
        change,
        done: format!("Cancelled {n} sessions of {}", session.title),
    })
}

/// Proposes the costs `session` implies that are not linked to it yet; `None` when none are
/// missing.
pub fn propose_costs_question(
    data: &Snapshot,
    session: &Session,
    defaults: &CostDefaults,
    today: NaiveDate,
) -> Option<Confirm> {
    let costs = missing_costs(data, session, defaults);
    if costs.is_empty() {
        return None;
    }
    let listed: Vec<String> = costs
        .iter()
        .map(|c| {
            format!(
                "{} {} ({})",
                data.categories.name(c.category),
                c.amount,
                c.payee
            )
        })
        .collect();
    Some(Confirm {
        question: format!(
            "Add estimates for {}: {}?",
            session.title,
            listed.join(", ")
        ),
        change: estimates_change(data, session, &costs, today),
        done: format!(
            "Proposed {} for {}: commit or pay them in the budget pane (4)",
            crate::domain::count::count(costs.len(), "estimate"),
            session.title
        ),
    })
}

/// Deleting a session cancels its estimates with it, as cancelling the session does, so the
/// programme's forecast and the cohort's line keep agreeing. A session that committed or paid
/// money names is not deleted: the expense must go on saying which session it paid for (a
/// finance team reconciles by it), so the question names each such expense and offers to
/// cancel the session instead, which keeps it, struck through. Once it is cancelled, the
/// refusal says to cancel or move those expenses first.
pub fn delete_session_question(
    data: &Snapshot,
    session: &Session,
    today: NaiveDate,
) -> Result<Confirm, String> {
    let estimates: Vec<&Expense> = data
        .expenses
        .values()
        .filter(|e| e.session == Some(session.id) && e.state == ExpenseState::Estimate)
        .collect();
    let mut kept: Vec<&Expense> = data
        .expenses
        .values()
        .filter(|e| {
            e.session == Some(session.id)
                && matches!(e.state, ExpenseState::Committed | ExpenseState::Paid)
        })
        .collect();
    kept.sort_by_key(|e| (e.date, e.id));
    if !kept.is_empty() {
        return keep_for_its_expenses(data, session, &kept, today);
    }
    let gone = Session {
        cancelled: true,
        ..session.clone()
    };
    let mut changes = follow_session(data, &gone, today);
    let cancelling = match estimates.len() {
        0 => String::new(),
        n => format!(
            ", cancelling its {} ({})",
            plural(n, "estimate", "estimates"),
            estimates.iter().map(|e| e.amount).sum::<Pence>()
        ),
    };
    let invitations = plural(session.invitees.len(), "invitation", "invitations");
    let change = if changes.is_empty() {
        Change::Delete(RecordKey::Session(session.id))
    } else {
        changes.push(Change::Delete(RecordKey::Session(session.id)));
        Change::Batch {
            summary: format!("deleted {} and cancelled its estimates", session.title),
            changes,
        }
    };
    Ok(Confirm {
        question: format!(
            "Delete {} and its {invitations}{cancelling}? (u undoes it)",
            session.title,
        ),
        change,
        done: match estimates.len() {
            0 => format!("Deleted {}", session.title),
            n => format!(
                "Deleted {} and cancelled its {}",
                session.title,
                plural(n, "estimate", "estimates")
            ),
        },
    })
}

/// The answer to deleting a session that committed or paid expenses (`kept`) name: cancel it
/// instead, or, when it is cancelled already, what to do first.
fn keep_for_its_expenses(
    data: &Snapshot,
    session: &Session,
    kept: &[&Expense],
    today: NaiveDate,
) -> Result<Confirm, String> {
    // "£950.00 to Larkfield Conference Rooms (committed)": what a finance team looks up.
    let listed = kept
        .iter()
        .map(|e| {
            let to = if e.payee.is_empty() {
                e.description.as_str()
            } else {
                e.payee.as_str()
            };
            format!("{} to {to} ({})", e.amount, e.state.label())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let names = if kept.len() == 1 { "names" } else { "name" };
    if session.cancelled {
        return Err(format!(
            "Can't delete {}: {listed} still {names} it, and an expense keeps its session; \
             cancel or move {} in the budget pane (4) first.",
            session.title,
            if kept.len() == 1 { "it" } else { "them" }
        ));
    }
    let estimates = data
        .expenses
        .values()
        .filter(|e| e.session == Some(session.id) && e.state == ExpenseState::Estimate)
        .count();
    let with_estimates = match estimates {
        0 => String::new(),
        n => format!(", its {} cancelled", plural(n, "estimate", "estimates")),
    };
    let cancel = cancel_question(data, session, today);
    Ok(Confirm {
        question: format!(
            "{} can't be deleted: {listed} still {names} it, and an expense keeps its \
             session. Cancel {} on {} instead (kept, struck through{with_estimates})? \
             (u undoes it)",
            session.title,
            session.title,
            crate::domain::dates::day_in_message(session.start.date(), today),
        ),
        change: cancel.change,
        done: format!(
            "Cancelled {} rather than deleting it: {listed} still {names} it",
            session.title
        ),
    })
}

/// "1 estimate", "2 estimates".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
