//! Reading back what the store keeps beside the records (the budget totals, the
//! sessions-by-start index, the expenses to watch and the history) together with the records,
//! to check one against the other. Every value is read and decoded on the way: a check that
//! cannot read something fails, rather than reporting agreement on what it could read.

use super::layout::{self, Table};
use super::{Scope, Store, StoreError, codec};
use crate::domain::budget::BudgetTotals;
use crate::domain::budget::categories::Categories;
use crate::domain::change::{HistoryEntry, Record};
use crate::domain::check::{self, CheckReport, Difference, IndexEntry};
use crate::domain::sessions::Session;
use std::collections::BTreeSet;
use std::sync::PoisonError;

impl Store {
    /// Every expense added up afresh and compared with the kept totals, every session looked
    /// up in the index and the index in the sessions, and the history checked to hold every
    /// change up to the last, all as of one moment. Every record, revision and history entry
    /// is decoded; the first that cannot be is the error.
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        let kept = self.stored_totals()?;
        let mut recomputed = BudgetTotals::default();
        let mut expenses = 0u64;
        let mut watched: BTreeSet<Vec<u8>> = BTreeSet::new();
        let mut sessions: Vec<Session> = Vec::new();
        let mut categories = Categories::default();
        self.read_records(|record| match record {
            Record::Expense(e) => {
                recomputed.add(&e);
                watched.extend(layout::watch_keys(&e));
                expenses += 1;
            }
            Record::Session(s) => sessions.push(s),
            Record::Category(c) => categories.put(c),
            _ => {}
        })?;
        // Read for their errors: a revision that cannot be decoded is damage too.
        self.read_revision_tree(Table::Revisions, Scope::Everything)?;
        self.read_revision_tree(Table::Deletions, Scope::Everything)?;
        let mut differences = check::compare_budget(&kept, &recomputed, &categories);
        let mut index = Vec::new();
        let mut unreadable = Vec::new();
        for item in self.tree(Table::SessionsByStart).iter() {
            let (key, _) = item.map_err(self.sled_error("read"))?;
            match layout::read_start_key(&key) {
                Some((start, session)) => index.push(IndexEntry { start, session }),
                None => unreadable.push(Difference::UnreadableIndexEntry {
                    key: key.iter().map(|b| format!("{b:02x}")).collect(),
                }),
            }
        }
        differences.extend(check::compare_session_index(&sessions, index));
        differences.extend(unreadable);
        let mut stray = 0u64;
        for item in self.tree(Table::ExpensesToWatch).iter() {
            let (key, _) = item.map_err(self.sled_error("read"))?;
            if !watched.remove(key.as_ref()) {
                stray += 1;
            }
        }
        let missing = watched.len() as u64;
        if missing > 0 || stray > 0 {
            differences.push(Difference::WatchIndex { missing, stray });
        }
        let history = self.history_numbers()?;
        let history_entries = history.len() as u64;
        differences.extend(check::compare_history(self.last_seq()?, history));
        Ok(CheckReport {
            expenses,
            sessions: sessions.len() as u64,
            history_entries,
            differences,
        })
    }

    /// Every history entry as (the number it is kept under, the number it gives itself), each
    /// decoded in full.
    fn history_numbers(&self) -> Result<Vec<(u64, u64)>, StoreError> {
        let mut numbers = Vec::new();
        for item in self.tree(Table::History).iter() {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            let what = || layout::describe(Table::History, &key);
            let kept_as = layout::seq_from(&key).map_err(|reason| StoreError::Corrupt {
                path: self.path.clone(),
                what: what(),
                reason: format!("its key is not a change number ({reason})"),
            })?;
            let entry: HistoryEntry =
                codec::decode(&bytes).map_err(|e| StoreError::unreadable(&self.path, what(), e))?;
            numbers.push((kept_as, entry.seq));
        }
        Ok(numbers)
    }
}
