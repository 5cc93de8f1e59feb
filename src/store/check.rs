//! Reading back what the store keeps beside the records (the budget totals, the
//! sessions-by-start index and the expenses to watch) together with the records, to check one
//! against the other.

use super::layout::{self, Table};
use super::{Store, StoreError};
use crate::domain::budget::{BudgetTotals, Expense};
use crate::domain::categories::{Categories, Category};
use crate::domain::check::{self, CheckReport, Difference, IndexEntry};
use crate::domain::sessions::Session;
use std::collections::BTreeSet;
use std::sync::PoisonError;

impl Store {
    /// Every expense added up afresh and compared with the kept totals, and every session
    /// looked up in the index and the index in the sessions, all as of one moment.
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        let kept = self.stored_totals()?;
        let mut recomputed = BudgetTotals::default();
        let mut expenses = 0u64;
        let mut watched: BTreeSet<Vec<u8>> = BTreeSet::new();
        self.scan(Table::Expenses, |e: Expense| {
            recomputed.add(&e);
            watched.extend(layout::watch_keys(&e));
            expenses += 1;
        })?;
        let mut sessions: Vec<Session> = Vec::new();
        self.scan(Table::Sessions, |s: Session| sessions.push(s))?;
        let mut categories = Categories::default();
        self.scan(Table::Categories, |c: Category| categories.put(c))?;
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
        Ok(CheckReport {
            expenses,
            sessions: sessions.len() as u64,
            differences,
        })
    }
}
