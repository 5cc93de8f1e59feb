//! Checking the figures that are kept rather than worked out each time (the budget totals and
//! the sessions-by-start index) against what the records themselves add up to.

use super::budget::categories::Categories;
use super::budget::{BudgetTotals, ExpenseState};
use super::ids::CategoryId;
use super::ids::SessionId;
use super::money::Pence;
use super::sessions::Session;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

mod history;
pub use history::compare_history;

/// What a check looked at and every difference it found. Travels from the owner of a
/// database to the process that asked, so variants are only ever appended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub expenses: u64,
    pub sessions: u64,
    /// Entries of the history read and checked against the last change's number.
    #[serde(default)]
    pub history_entries: u64,
    pub differences: Vec<Difference>,
}

impl CheckReport {
    pub fn agrees(&self) -> bool {
        self.differences.is_empty()
    }
}

/// One kept figure that is not what the records add up to. Variants are only ever appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Difference {
    /// The sum of a category's expenses in one state.
    BudgetSum {
        /// The category's name.
        category: String,
        state: ExpenseState,
        kept: Pence,
        recomputed: Pence,
    },
    /// How many expenses are in one state, across the categories.
    BudgetCount {
        state: ExpenseState,
        kept: u64,
        recomputed: u64,
    },
    /// The totals differ where no sum, and no count per state, shows it: expenses counted
    /// under the wrong category with the sums still right.
    BudgetCountsByCategory,
    /// A session that the index does not list at its start: a search by date would miss it.
    NotIndexed {
        session: SessionId,
        title: String,
        start: NaiveDateTime,
    },
    /// An index entry for a session at a time it does not start, or for one not stored.
    StrayIndexEntry {
        session: SessionId,
        listed_at: NaiveDateTime,
        starts: Option<NaiveDateTime>,
    },
    /// An index entry whose key cannot be read as a start and a session (its bytes in hex).
    UnreadableIndexEntry { key: String },
    /// The index of expenses a policy check may flag (estimates, speaker travel) lacks
    /// entries for some expenses or lists some it should not.
    WatchIndex { missing: u64, stray: u64 },
    /// Changes `first..=last` are not in the history, though the database's last change comes
    /// after them: they were lost.
    HistoryMissing { first: u64, last: u64 },
    /// A history entry numbered after the database's last change, `last`.
    HistoryBeyondLast { seq: u64, last: u64 },
    /// The entry kept under change `key` says it is change `seq`.
    HistoryMisnumbered { key: u64, seq: u64 },
}

impl Difference {
    /// About the history rather than a figure kept beside the records: no restore of a backup
    /// taken now puts it right.
    pub fn is_history(&self) -> bool {
        matches!(
            self,
            Difference::HistoryMissing { .. }
                | Difference::HistoryBeyondLast { .. }
                | Difference::HistoryMisnumbered { .. }
        )
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = |at: &NaiveDateTime| at.format("%Y-%m-%d %H:%M").to_string();
        match self {
            Difference::BudgetSum {
                category,
                state,
                kept,
                recomputed,
            } => write!(
                f,
                "{category}, {}: kept {kept}, recomputed {recomputed}",
                state.label()
            ),
            Difference::BudgetCount {
                state,
                kept,
                recomputed,
            } => write!(
                f,
                "expenses {}: kept {kept}, counted {recomputed}",
                state.label()
            ),
            Difference::BudgetCountsByCategory => write!(
                f,
                "budget totals: the sums agree but the number of expenses in some category \
                 does not"
            ),
            Difference::NotIndexed {
                session,
                title,
                start,
            } => write!(
                f,
                "sessions by start: session {session} \"{title}\" at {} is not listed",
                when(start)
            ),
            Difference::StrayIndexEntry {
                session,
                listed_at,
                starts: Some(starts),
            } => write!(
                f,
                "sessions by start: session {session} is listed at {}, but starts at {}",
                when(listed_at),
                when(starts)
            ),
            Difference::StrayIndexEntry {
                session,
                listed_at,
                starts: None,
            } => write!(
                f,
                "sessions by start: session {session} is listed at {}, but there is no such \
                 session",
                when(listed_at)
            ),
            Difference::UnreadableIndexEntry { key } => write!(
                f,
                "sessions by start: the entry with key {key} does not name a start and a session"
            ),
            Difference::WatchIndex { missing, stray } => write!(
                f,
                "expenses to watch: {missing} entries missing, {stray} that should not be there"
            ),
            Difference::HistoryMissing { first, last } if first == last => {
                write!(f, "history: change {first} is missing")
            }
            Difference::HistoryMissing { first, last } => {
                write!(f, "history: changes {first} to {last} are missing")
            }
            Difference::HistoryBeyondLast { seq, last } => write!(
                f,
                "history: change {seq} is kept, but the last change is {last}"
            ),
            Difference::HistoryMisnumbered { key, seq } => write!(
                f,
                "history: the entry kept as change {key} says it is change {seq}"
            ),
        }
    }
}

/// Every sum per category and state, and every count per state, where `kept` differs from
/// `recomputed`, in the budget report's order.
pub fn compare_budget(
    kept: &BudgetTotals,
    recomputed: &BudgetTotals,
    categories: &Categories,
) -> Vec<Difference> {
    let mut out = Vec::new();
    // Every category either side has money in, retired or unknown ones too.
    let mut in_either: Vec<CategoryId> = kept.categories().chain(recomputed.categories()).collect();
    in_either.sort_unstable();
    in_either.dedup();
    for category in in_either {
        for state in ExpenseState::ALL {
            let (k, r) = (kept.sum(category, state), recomputed.sum(category, state));
            if k != r {
                out.push(Difference::BudgetSum {
                    category: categories.name(category),
                    state,
                    kept: k,
                    recomputed: r,
                });
            }
        }
    }
    for state in ExpenseState::ALL {
        let (k, r) = (kept.count(state), recomputed.count(state));
        if k != r {
            out.push(Difference::BudgetCount {
                state,
                kept: k,
                recomputed: r,
            });
        }
    }
    if out.is_empty() && kept != recomputed {
        out.push(Difference::BudgetCountsByCategory);
    }
    out
}

/// One entry of the sessions-by-start index, as read back from its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexEntry {
    pub start: NaiveDateTime,
    pub session: SessionId,
}

/// Sessions the index leaves out, then entries it should not have, each in start order.
pub fn compare_session_index<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    index: impl IntoIterator<Item = IndexEntry>,
) -> Vec<Difference> {
    let sessions: BTreeMap<SessionId, &Session> = sessions.into_iter().map(|s| (s.id, s)).collect();
    let listed: BTreeSet<IndexEntry> = index.into_iter().collect();
    let mut expected: Vec<IndexEntry> = sessions
        .values()
        .map(|s| IndexEntry {
            start: s.start,
            session: s.id,
        })
        .collect();
    expected.sort_unstable();
    let mut out: Vec<Difference> = expected
        .iter()
        .filter(|entry| !listed.contains(entry))
        .filter_map(|entry| sessions.get(&entry.session))
        .map(|s| Difference::NotIndexed {
            session: s.id,
            title: s.title.clone(),
            start: s.start,
        })
        .collect();
    let expected: BTreeSet<IndexEntry> = expected.into_iter().collect();
    out.extend(
        listed
            .difference(&expected)
            .map(|entry| Difference::StrayIndexEntry {
                session: entry.session,
                listed_at: entry.start,
                starts: sessions.get(&entry.session).map(|s| s.start),
            }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::budget::Expense;
    use crate::domain::fixture::at;
    use crate::domain::ids::ExpenseId;
    use crate::domain::sessions::SessionKind;
    use chrono::NaiveDate;

    fn session(id: u64, start: NaiveDateTime) -> Session {
        Session {
            id: SessionId(id),
            kind: SessionKind::Workshop,
            title: format!("Workshop {id}"),
            theme: String::new(),
            cohort: None,
            start,
            duration_minutes: 90,
            venue: None,
            facilitators: vec![],
            host: None,
            capacity: None,
            invitees: vec![],
            cancelled: false,
        }
    }

    fn expense(id: u64, category: CategoryId, state: ExpenseState, pence: i64) -> Expense {
        Expense {
            id: ExpenseId(id),
            date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default(),
            category,
            amount: Pence(pence),
            payee: "Larkspur Conference Centre".into(),
            description: String::new(),
            session: None,
            person: None,
            state,
            history: vec![],
        }
    }

    #[test]
    fn equal_totals_have_no_differences() {
        let expenses = [
            expense(1, CategoryId::VENUE_HIRE, ExpenseState::Paid, 115_000),
            expense(2, CategoryId::CATERING, ExpenseState::Estimate, 34_000),
        ];
        let totals = BudgetTotals::from_expenses(&expenses);
        assert!(compare_budget(&totals, &totals.clone(), &Categories::default()).is_empty());
    }

    #[test]
    fn a_wrong_sum_names_its_category_state_and_both_figures() {
        let kept = BudgetTotals::from_expenses(&[expense(
            1,
            CategoryId::VENUE_HIRE,
            ExpenseState::Paid,
            100_000,
        )]);
        let recomputed = BudgetTotals::from_expenses(&[expense(
            1,
            CategoryId::VENUE_HIRE,
            ExpenseState::Paid,
            115_000,
        )]);
        let found: Vec<String> = compare_budget(&kept, &recomputed, &Categories::default())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            ["Venue hire, paid: kept £1,000.00, recomputed £1,150.00"]
        );
    }

    #[test]
    fn a_missing_expense_shows_in_its_sum_and_its_count() {
        let both = [
            expense(1, CategoryId::CATERING, ExpenseState::Committed, 13_200),
            expense(2, CategoryId::CATERING, ExpenseState::Committed, 0),
        ];
        let kept = BudgetTotals::from_expenses(&both[..1]);
        let recomputed = BudgetTotals::from_expenses(&both);
        let found: Vec<String> = compare_budget(&kept, &recomputed, &Categories::default())
            .iter()
            .map(ToString::to_string)
            .collect();
        // A zero amount changes no sum, only the count.
        assert_eq!(found, ["expenses committed: kept 1, counted 2"]);
    }

    #[test]
    fn counts_in_the_wrong_category_are_still_found() {
        let kept = BudgetTotals::from_expenses(&[
            expense(1, CategoryId::CATERING, ExpenseState::Paid, 0),
            expense(2, CategoryId::OTHER, ExpenseState::Paid, 500),
        ]);
        let recomputed = BudgetTotals::from_expenses(&[
            expense(1, CategoryId::OTHER, ExpenseState::Paid, 0),
            expense(2, CategoryId::OTHER, ExpenseState::Paid, 500),
        ]);
        assert_eq!(
            compare_budget(&kept, &recomputed, &Categories::default()),
            [Difference::BudgetCountsByCategory]
        );
    }

    #[test]
    fn the_index_is_checked_both_ways() {
        let sessions = [
            session(1, at(3, 29, 10)),
            session(2, at(3, 2, 14)),
            session(3, at(5, 1, 9)),
        ];
        let entry = |s: &Session| IndexEntry {
            start: s.start,
            session: s.id,
        };
        let full: Vec<IndexEntry> = sessions.iter().map(entry).collect();
        assert!(compare_session_index(&sessions, full.clone()).is_empty());

        let (first, second) = (&sessions[0], &sessions[1]);
        let moved = first.start - chrono::Duration::hours(1);
        let mut wrong = full.clone();
        wrong.retain(|e| e.session != first.id && e.session != second.id);
        wrong.push(IndexEntry {
            start: moved,
            session: first.id,
        });
        wrong.push(IndexEntry {
            start: moved,
            session: SessionId(9_999),
        });
        let found = compare_session_index(&sessions, wrong);
        let mut want = vec![
            Difference::NotIndexed {
                session: first.id,
                title: first.title.clone(),
                start: first.start,
            },
            Difference::NotIndexed {
                session: second.id,
                title: second.title.clone(),
                start: second.start,
            },
        ];
        want.sort_by_key(|d| match d {
            Difference::NotIndexed { start, session, .. } => (*start, *session),
            _ => unreachable!(),
        });
        want.push(Difference::StrayIndexEntry {
            session: first.id,
            listed_at: moved,
            starts: Some(first.start),
        });
        want.push(Difference::StrayIndexEntry {
            session: SessionId(9_999),
            listed_at: moved,
            starts: None,
        });
        assert_eq!(found, want);
        assert!(
            found[2].to_string().contains(&format!(
                "session {} is listed at {}, but starts at {}",
                first.id,
                moved.format("%Y-%m-%d %H:%M"),
                first.start.format("%Y-%m-%d %H:%M")
            )),
            "{}",
            found[2]
        );
        assert!(
            found[3]
                .to_string()
                .ends_with("but there is no such session")
        );
    }
}
