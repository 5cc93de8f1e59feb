//! Storage: one sled tree per kind of record, values through `codec`. `Store` is the only way
//! in: it opens the database privately, applies changes atomically and reads snapshots.

mod apply;
mod backup;
mod backup_file;
mod check;
pub mod codec;
mod confirmed;
pub(crate) mod error;
mod layout;
mod lock;
mod permissions;
mod records;
mod revisions;
pub mod shared;
mod user;

pub use backup::{Backup, BackupSummary, Integrity};
pub use backup_file::BACKUP_MAGIC;
pub use error::StoreError;
pub use user::current_user;

use crate::domain::budget::CohortBudget;
use crate::domain::budget::{BudgetTotals, Expense};
use crate::domain::categories::Category;
use crate::domain::change::{Change, HistoryEntry, RecordKey};
use crate::domain::mentoring::{MentoringMatch, PairRule};
use crate::domain::people::{Organisation, Participant, Profession, QMember};
use crate::domain::programme::Cohort;
use crate::domain::series::Series;
use crate::domain::sessions::{Session, Venue};
use crate::domain::snapshot::Snapshot;
use chrono::{DateTime, NaiveDateTime, Utc};
use layout::Table;
use serde::de::DeserializeOwned;
use sled::transaction::{TransactionError, Transactional};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// How much of the programme a snapshot loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Scope {
    Everything,
    /// Leaves `expenses` empty; `budget_totals` still comes from the stored aggregate.
    WithoutExpenses,
    /// What a summary such as `status` needs: no expenses and no revisions. Variants are only
    /// ever appended (the scope travels between processes).
    Summary,
}

pub struct Store {
    path: PathBuf,
    /// Shared with a `ClosedStore`, which keeps the database this process's while reopening.
    lock: Arc<lock::FolderLock>,
    db: sled::Db,
    /// In `Table::ALL` order.
    trees: Vec<sled::Tree>,
    /// sled reads are not isolated from a transaction committing tree by tree; holding this
    /// while reading several trees makes a snapshot consistent within this process, which is
    /// the only one that can have the database open.
    writing: RwLock<()>,
}

/// How long `open` waits for a lock that may be about to be released.
const LOCK_WAIT: Duration = Duration::from_millis(250);

/// sled releases its file lock from a background thread a moment after the last handle is
/// dropped, so reopening in the same process can briefly find it held. Waiting a little
/// tells that apart from another process that really has the database.
fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let started = Instant::now();
    loop {
        match sled::Config::new().path(path).open() {
            Ok(db) => return Ok(db),
            Err(e) => match StoreError::from_sled(path, "open", e) {
                StoreError::InUse { .. } if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => return Err(other),
            },
        }
    }
}

/// A database this process holds (its folder stays locked) with its files closed.
pub struct ClosedStore {
    path: PathBuf,
    lock: Arc<lock::FolderLock>,
}

impl ClosedStore {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the files again (which may write: sled finishes its recovery on opening). On
    /// failure the database stays closed, and still this process's, to try again later.
    pub fn reopen(self) -> Result<Store, (ClosedStore, StoreError)> {
        match Store::open_locked(&self.path, Arc::clone(&self.lock)) {
            Ok(store) => Ok(store),
            Err(e) => Err((self, e)),
        }
    }
}

impl Store {
    /// Opens (or creates) the database in the folder `path`, refusing one from a newer
    /// improvers, one in use by another process, and one that is damaged or missing changes it
    /// once confirmed (`StoreError::is_damage`).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        permissions::create_private_dir(path)?;
        let lock = Arc::new(lock::FolderLock::take(path)?);
        Store::open_locked(path, lock).inspect_err(|e| {
            if e.is_damage() {
                // sled's recovery may already have written files; they stay private even so.
                let _ = permissions::tighten(path);
            }
        })
    }

    /// Closes the database's files, keeping the folder locked, to be opened again with
    /// `ClosedStore::reopen`: after a failed write sled refuses every later one until then.
    pub fn close(self) -> ClosedStore {
        ClosedStore {
            path: self.path,
            lock: self.lock,
        }
    }

    fn open_locked(path: &Path, lock: Arc<lock::FolderLock>) -> Result<Store, StoreError> {
        let db = open_sled(path)?;
        let mut trees = Vec::with_capacity(Table::ALL.len());
        for table in Table::ALL {
            let tree = db
                .open_tree(table.name())
                .map_err(|e| StoreError::from_sled(path, "open", e))?;
            trees.push(tree);
        }
        let store = Store {
            path: path.to_path_buf(),
            lock,
            db,
            trees,
            writing: RwLock::new(()),
        };
        // Before anything is written: a check that finds changes missing must not be answered
        // by a flush that notes the smaller database as the confirmed one.
        let confirmed = confirmed::read(path)?;
        store.check_complete(confirmed)?;
        store.check_format()?;
        store.backfill_revisions()?;
        store.backfill_watch()?;
        // A database from before the note was kept gains one; a note left one change behind
        // by a crash between a flush and its note catches up.
        let last = store.last_seq()?;
        if confirmed != Some(last) {
            confirmed::write(path, last)?;
        }
        permissions::tighten(path)?;
        Ok(store)
    }

    /// Refuses a database holding fewer changes than it once confirmed, or whose history does
    /// not reach its last change: sled recovers the readable part of a damaged log silently,
    /// and that part must not pass for the whole programme.
    fn check_complete(&self, confirmed: Option<u64>) -> Result<(), StoreError> {
        let stored = self.last_seq()?;
        if let Some(confirmed) = confirmed.filter(|c| stored < *c) {
            return Err(StoreError::MissingChanges {
                path: self.path.clone(),
                stored,
                confirmed,
            });
        }
        let newest = match self.tree(Table::History).last() {
            Ok(newest) => newest.map(|(key, _)| key),
            Err(e) => return Err(self.sled_error("read")(e)),
        };
        let newest = newest.map(|key| layout::seq_from(&key).ok());
        match newest {
            None if stored == 0 => Ok(()),
            Some(Some(seq)) if seq == stored => Ok(()),
            None => Err(StoreError::damaged(
                &self.path,
                format!("its last change is {stored}, but its history is empty"),
            )),
            Some(Some(seq)) => Err(StoreError::damaged(
                &self.path,
                format!("its last change is {stored}, but its history ends at change {seq}"),
            )),
            Some(None) => Err(StoreError::damaged(
                &self.path,
                "the last entry of its history has a key that names no change",
            )),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn tree(&self, table: Table) -> &sled::Tree {
        &self.trees[table.index()]
    }

    fn sled_error(&self, action: &'static str) -> impl Fn(sled::Error) -> StoreError + '_ {
        move |e| StoreError::from_sled(&self.path, action, e)
    }

    /// Refuses a database from a newer improvers; marks a new one with this build's format.
    fn check_format(&self) -> Result<(), StoreError> {
        let meta = self.tree(Table::Meta);
        match meta
            .get(layout::META_FORMAT)
            .map_err(self.sled_error("read"))?
        {
            Some(bytes) => match bytes.as_ref() {
                [found] if *found > codec::FORMAT => Err(StoreError::NewerFormat { found: *found }),
                [_] => Ok(()),
                other => Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    what: layout::describe(Table::Meta, layout::META_FORMAT),
                    reason: format!("expected one byte, found {}", other.len()),
                }),
            },
            None => {
                meta.insert(layout::META_FORMAT, &[codec::FORMAT])
                    .map_err(self.sled_error("write to"))?;
                self.flush()
            }
        }
    }

    /// Saves everything written so far, then notes the last change as confirmed: only after
    /// the flush has returned, so the note never claims a change the files may not hold.
    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(self.sled_error("save to"))?;
        confirmed::write(&self.path, self.last_seq()?)?;
        // sled may have started a new file; keep it private.
        permissions::tighten(&self.path)
    }

    /// No programme, no participants and no Q members: nothing worth keeping yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        for table in [Table::Programme, Table::Participants, Table::QMembers] {
            let first = self.tree(table).first().map_err(self.sled_error("read"))?;
            if first.is_some() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Applies every put and delete of `change` in one transaction together with its history
    /// entry and the derived trees. Returns the entry's sequence number once it is on disk.
    pub fn apply(&self, change: &Change, user: &str, at: DateTime<Utc>) -> Result<u64, StoreError> {
        let _writing = self.writing.write().unwrap_or_else(PoisonError::into_inner);
        let result = self.trees.as_slice().transaction(|trees| {
            apply::Views {
                trees,
                path: &self.path,
            }
            .apply(change, user, at)
        });
        let seq = match result {
            Ok(seq) => seq,
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(self.sled_error("write to")(e)),
        };
        self.flush()?;
        Ok(seq)
    }

    fn read_value<T: DeserializeOwned>(
        &self,
        table: Table,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        let Some(bytes) = self.tree(table).get(key).map_err(self.sled_error("read"))? else {
            return Ok(None);
        };
        codec::decode(&bytes)
            .map(Some)
            .map_err(|e| StoreError::unreadable(&self.path, layout::describe(table, key), e))
    }

    /// Calls `each` with every value of `table`, decoded, in key order.
    fn scan<T: DeserializeOwned>(
        &self,
        table: Table,
        mut each: impl FnMut(T),
    ) -> Result<(), StoreError> {
        for item in self.tree(table).iter() {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            let value = codec::decode(&bytes).map_err(|e| {
                StoreError::unreadable(&self.path, layout::describe(table, &key), e)
            })?;
            each(value);
        }
        Ok(())
    }

    /// With `Scope::WithoutExpenses`, `revisions` and `deletions` leave out the expenses' too.
    pub fn snapshot(&self, scope: Scope) -> Result<Snapshot, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        let mut s = Snapshot {
            programme: self
                .read_value(Table::Programme, &layout::locate(RecordKey::Programme).1)?,
            budget: self.read_value(Table::Budget, &layout::locate(RecordKey::Budget).1)?,
            budget_totals: self.stored_totals()?,
            revisions: match scope {
                Scope::Summary => Default::default(),
                _ => self.read_revisions(scope)?,
            },
            deletions: match scope {
                Scope::Summary => Default::default(),
                _ => self.read_revision_tree(Table::Deletions, scope)?,
            },
            seq: self.last_seq()?,
            ..Snapshot::default()
        };
        self.scan(Table::Cohorts, |r: Cohort| {
            s.cohorts.insert(r.id, r);
        })?;
        self.scan(Table::Participants, |r: Participant| {
            s.participants.insert(r.id, r);
        })?;
        self.scan(Table::QMembers, |r: QMember| {
            s.q_members.insert(r.id, r);
        })?;
        self.scan(Table::Organisations, |r: Organisation| {
            s.organisations.insert(r.id, r);
        })?;
        self.scan(Table::Professions, |r: Profession| {
            s.professions.insert(r.id, r);
        })?;
        self.scan(Table::Matches, |r: MentoringMatch| {
            s.matches.insert(r.id, r);
        })?;
        self.scan(Table::PairRules, |r: PairRule| {
            s.pair_rules.insert((r.participant, r.q_member), r);
        })?;
        self.scan(Table::Sessions, |r: Session| {
            s.sessions.insert(r.id, r);
        })?;
        self.scan(Table::Venues, |r: Venue| {
            s.venues.insert(r.id, r);
        })?;
        self.scan(Table::Series, |r: Series| {
            s.series.insert(r.id, r);
        })?;
        self.scan(Table::CohortBudgets, |r: CohortBudget| {
            s.cohort_budgets.insert(r.cohort, r);
        })?;
        self.scan(Table::Categories, |r: Category| s.categories.put(r))?;
        if scope == Scope::Everything {
            self.scan(Table::Expenses, |r: Expense| {
                s.expenses.insert(r.id, r);
            })?;
        }
        if scope == Scope::Summary {
            self.read_watched_expenses(&mut s)?;
        }
        Ok(s)
    }

    /// A database from before the expenses-to-watch index was kept gets it, once.
    fn backfill_watch(&self) -> Result<(), StoreError> {
        let meta = self.tree(Table::Meta);
        if meta
            .get(layout::META_WATCH)
            .map_err(self.sled_error("read"))?
            .is_some()
        {
            return Ok(());
        }
        let mut keys = Vec::new();
        self.scan(Table::Expenses, |e: Expense| {
            keys.extend(layout::watch_keys(&e))
        })?;
        let trees = (self.tree(Table::ExpensesToWatch), meta);
        let result = trees.transaction(|(watch, meta)| {
            for key in &keys {
                watch.insert(key.as_slice(), &[] as &[u8])?;
            }
            meta.insert(layout::META_WATCH, &[1u8])?;
            Ok::<_, sled::transaction::ConflictableTransactionError<StoreError>>(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(self.sled_error("write to")(e)),
        }
        self.flush()
    }

    /// For a summary, which reads no expenses otherwise: the few a policy check flags, found
    /// through their index rather than by reading every expense. Estimates dated before today
    /// (the oldest first) and speaker travel claimed by Q members based in London, at most
    /// `WATCHED` of each, so a summary stays quick however much is wrong.
    fn read_watched_expenses(&self, s: &mut Snapshot) -> Result<(), StoreError> {
        const WATCHED: usize = 50;
        let today = chrono::Utc::now().with_timezone(&s.zone()).date_naive();
        let watch = self.tree(Table::ExpensesToWatch);
        let mut ids = Vec::new();
        // One more than is read, to know whether there are more.
        for (n, item) in watch
            .range(layout::estimates_start()..layout::estimates_before(today))
            .take(WATCHED + 1)
            .enumerate()
        {
            if n == WATCHED {
                s.more_to_look_at = true;
                break;
            }
            let (key, _) = item.map_err(self.sled_error("read"))?;
            ids.extend(layout::expense_in_watch_key(&key));
        }
        let london: Vec<u64> = s
            .q_members
            .values()
            .filter(|q| q.london_based)
            .map(|q| q.id.0)
            .collect();
        let mut claims = 0;
        'members: for q in london {
            let from = layout::speaker_travel_by(q);
            for item in watch
                .range(from.clone()..)
                .take_while(|item| item.as_ref().is_ok_and(|(key, _)| key.starts_with(&from)))
            {
                if claims == WATCHED {
                    s.more_to_look_at = true;
                    break 'members;
                }
                let (key, _) = item.map_err(self.sled_error("read"))?;
                ids.extend(layout::expense_in_watch_key(&key));
                claims += 1;
            }
        }
        for id in ids {
            let (table, key) = layout::locate(RecordKey::Expense(id));
            if let Some(expense) = self.read_value::<Expense>(table, &key)? {
                s.expenses.insert(expense.id, expense);
            }
        }
        Ok(())
    }

    fn stored_totals(&self) -> Result<BudgetTotals, StoreError> {
        Ok(self
            .read_value(Table::Aggregates, layout::AGGREGATE_BUDGET)?
            .unwrap_or_default())
    }

    /// The running totals kept with every expense change; never reads the expenses.
    pub fn budget_totals(&self) -> Result<BudgetTotals, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        self.stored_totals()
    }

    /// Adds up every stored expense, to check the running totals against.
    pub fn recompute_budget_totals(&self) -> Result<BudgetTotals, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        let mut totals = BudgetTotals::default();
        self.scan(Table::Expenses, |e| totals.add(&e))?;
        Ok(totals)
    }

    /// Sessions with `from <= start < to`, earliest first (ties by id).
    pub fn sessions_starting_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Vec<Session>, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        let mut sessions = Vec::new();
        if to <= from {
            return Ok(sessions);
        }
        let range = layout::start_prefix(from)..layout::start_prefix(to);
        for item in self.tree(Table::SessionsByStart).range(range) {
            let (key, _) = item.map_err(self.sled_error("read"))?;
            let what = || layout::describe(Table::SessionsByStart, &key);
            let id = layout::session_in_start_key(&key).ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                what: what(),
                reason: "the key is too short".into(),
            })?;
            let session: Session = self
                .read_value(Table::Sessions, &layout::id_key(id.0))?
                .ok_or_else(|| StoreError::Corrupt {
                    path: self.path.clone(),
                    what: what(),
                    reason: format!("it points at session {id}, which is not stored"),
                })?;
            sessions.push(session);
        }
        Ok(sessions)
    }

    /// The latest `newest_first_limit` history entries, newest first.
    pub fn history(&self, newest_first_limit: usize) -> Result<Vec<HistoryEntry>, StoreError> {
        let items = self
            .tree(Table::History)
            .iter()
            .rev()
            .take(newest_first_limit);
        self.history_entries(items)
    }

    /// One history entry by its sequence number.
    pub fn history_entry(&self, seq: u64) -> Result<Option<HistoryEntry>, StoreError> {
        let key = layout::id_key(seq);
        let found = self.tree(Table::History).get(key).transpose();
        let items = found.map(|value| value.map(|bytes| (sled::IVec::from(&key[..]), bytes)));
        Ok(self.history_entries(items.into_iter())?.pop())
    }

    /// History entries after `seq`, oldest first: what a client that has seen up to `seq`
    /// missed.
    pub fn history_after(&self, seq: u64) -> Result<Vec<HistoryEntry>, StoreError> {
        let from = layout::id_key(seq.saturating_add(1));
        self.history_entries(self.tree(Table::History).range(from..))
    }

    fn history_entries(
        &self,
        items: impl Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut entries = Vec::new();
        for item in items {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            let entry = codec::decode(&bytes).map_err(|e| {
                StoreError::unreadable(&self.path, layout::describe(Table::History, &key), e)
            })?;
            entries.push(entry);
        }
        Ok(entries)
    }

    /// The sequence number of the latest change, 0 before the first.
    pub fn last_seq(&self) -> Result<u64, StoreError> {
        let Some(bytes) = self
            .tree(Table::Meta)
            .get(layout::META_SEQ)
            .map_err(self.sled_error("read"))?
        else {
            return Ok(0);
        };
        layout::seq_from(&bytes).map_err(|reason| StoreError::Corrupt {
            path: self.path.clone(),
            what: layout::describe(Table::Meta, layout::META_SEQ),
            reason,
        })
    }
}
