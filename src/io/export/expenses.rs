//! Rows of the expenses file.

use super::names::Names;
use super::table::{Row, date, money};

/// An expense is written with its current state and the date it reached it; the states it
/// passed through on the way are not part of the file.
pub(crate) fn expenses(names: &Names) -> Vec<Row> {
    names
        .data
        .expenses
        .values()
        .map(|e| {
            let state_date = e
                .history
                .iter()
                .rev()
                .find(|change| change.state == e.state)
                .map(|change| date(change.on))
                .unwrap_or_default();
            Row::new()
                .set("date", date(e.date))
                .set("category", names.data.categories.name(e.category))
                .number("amount", money(e.amount))
                .set("payee", &e.payee)
                .set("state", e.state.label())
                .set("description", &e.description)
                .set("session", names.session(e.session))
                .set("person", names.person(e.person))
                .set("state_date", state_date)
                .set("ledger_code", e.id.to_string())
        })
        .collect()
}
