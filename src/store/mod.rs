//! Storage: one sled tree per kind of record, values through `codec`. `Store` is the only way
//! in: it opens the database privately, applies changes atomically and reads snapshots.

mod apply;
mod backup;
mod backup_file;
mod check;
pub mod codec;
mod confirmed;
pub mod erasure_list;
pub(crate) mod error;
mod folder;
mod layout;
mod lock;
mod os_error;
mod packed;
mod permissions;
mod reading;
mod records;
mod register;
mod revisions;
mod rewrite;
pub mod shared;
pub mod status_copy;
mod user;

pub use backup::{Backup, BackupSummary, Integrity};
pub use backup_file::BACKUP_MAGIC;
pub use error::StoreError;
pub use register::{WrittenBackup, look, unregistered};
pub use rewrite::KEPT_ACROSS_REWRITE;
pub use user::current_user;

use crate::domain::budget::Expense;
use crate::domain::change::Change;
use chrono::{DateTime, Utc};
use layout::Table;
use sled::transaction::{TransactionError, Transactional};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Only what `WithoutExpenses` leaves out: the expenses, their revisions and deletions,
    /// and the kept `budget_totals` as of the same change. The dashboard opens without the
    /// expenses and reads them with this right after its first frame.
    Expenses,
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
    /// Something was written since the database was opened (here or before a `close`).
    wrote: AtomicBool,
    /// sled's files as opening left them, to tell on closing whether anything since (reads
    /// included: sled may split a crowded page it passes through) left them changed.
    files_at_open: Option<folder::Fingerprint>,
}

/// How long `open` waits for a lock that may be about to be released.
const LOCK_WAIT: Duration = Duration::from_millis(250);

/// The most memory, in bytes, that sled keeps of the database's pages by its own count (its
/// default is 1 GiB). Every reader here reads what it needs into memory once, so a page is
/// seldom read twice, and sled's count runs well below what its pages really take: a dashboard
/// on the large programme held 115 MB at 8 MiB, 97 MB at 4 MiB and 93 MB at 2 MiB, where a
/// change applied took at most a few milliseconds longer (docs/performance.md).
const CACHE_BYTES: u64 = 2 << 20;

/// sled releases its file lock from a background thread a moment after the last handle is
/// dropped, so reopening in the same process can briefly find it held. Waiting a little
/// tells that apart from another process that really has the database.
fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let started = Instant::now();
    loop {
        match sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open()
        {
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
    wrote: bool,
}

impl ClosedStore {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the files again (which may write: sled finishes its recovery on opening). On
    /// failure the database stays closed, and still this process's, to try again later.
    pub fn reopen(self) -> Result<Store, (ClosedStore, StoreError)> {
        match Store::open_locked(&self.path, Arc::clone(&self.lock)) {
            Ok(store) => {
                store.wrote.fetch_or(self.wrote, Ordering::SeqCst);
                Ok(store)
            }
            Err(e) => Err((self, e)),
        }
    }
}

impl Store {
    /// Opens (or creates) the database in the folder `path`, refusing one from a newer
    /// improvers, one in use by another process, and one that is damaged or missing changes it
    /// once confirmed (`StoreError::is_damage`).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_as(path, true)
    }

    /// `open` for a command that only reads or adds to a programme: a missing folder, or one
    /// holding no database, is `StoreError::NoDatabase`, and nothing is made. Decided under the
    /// folder's lock, so a folder another process is filling (a `restore` that has just made
    /// it) is never taken for an empty programme.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        Store::open_as(path, false)
    }

    fn open_as(path: &Path, may_create: bool) -> Result<Store, StoreError> {
        let none = || StoreError::NoDatabase {
            path: path.to_path_buf(),
        };
        match std::fs::metadata(path) {
            Err(e) if !may_create && e.kind() == std::io::ErrorKind::NotFound => {
                return Err(none());
            }
            Ok(found) if !found.is_dir() => {
                return Err(StoreError::NotAFolder {
                    path: path.to_path_buf(),
                    file: found.is_file(),
                });
            }
            // Anything else is said as it is met, making the folder.
            _ => {}
        }
        rewrite::finish_swap(path)?;
        permissions::create_private_dir(path)?;
        let lock = Arc::new(lock::FolderLock::take(path)?);
        rewrite::remove_leftovers(path)?;
        if !may_create && !folder::holds_a_database(path)? {
            return Err(none());
        }
        let store = Store::open_locked(path, lock).inspect_err(|e| {
            if e.is_damage() {
                // sled's recovery may already have written files; they stay private even so.
                let _ = permissions::tighten(path);
            }
        })?;
        // An erasure whose rewrite a crash cut short: finished before anything is read.
        if store.erasing()? {
            return store.rewrite_without_erased().map_err(|(_, e)| e);
        }
        Ok(store)
    }

    /// Whether anything was written since the database was opened (here or before a `close`).
    pub fn wrote_anything(&self) -> bool {
        self.wrote.load(Ordering::SeqCst)
    }

    /// Closes the database's files, keeping the folder locked, to be opened again with
    /// `ClosedStore::reopen`: after a failed write sled refuses every later one until then.
    pub fn close(self) -> ClosedStore {
        ClosedStore {
            wrote: self.wrote.load(Ordering::SeqCst),
            path: self.path,
            lock: self.lock,
        }
    }

    /// Closes the database for good and leaves it settled, so that the next process can open
    /// it and read all of it without writing anything, even on a full disk. sled leaves two
    /// kinds of work for later after a write, and both need room: pages the write left too
    /// full or too empty are split or merged by whatever next passes through them, reading or
    /// not; and the next open writes a snapshot of the log beside it. So after a write every
    /// page is passed through now, and the database is opened once more and closed again
    /// (whatever this store did: anything may have been split since it was opened). If there
    /// is no room for that (the disk filled meanwhile), the database is left as a plain close
    /// leaves it, and the work is done later, given room.
    pub fn close_settled(self) {
        // A store that wrote nothing, and whose files nothing else changed either, leaves
        // them as settled as it found them: the next open writes nothing, and `status` pays
        // for no second open.
        if !self.wrote.load(Ordering::SeqCst) && self.db.flush().is_ok() {
            let now = folder::fingerprint(&self.path);
            if now.is_some() && now == self.files_at_open {
                self.close_leaving_status_copy();
                return;
            }
        }
        if self.wrote.load(Ordering::SeqCst) {
            // Twice: splitting a page can leave the page above it too full in turn.
            for _ in 0..2 {
                if self.pass_through_every_page().is_err() {
                    break;
                }
            }
        }
        if let Ok(store) = self.close().reopen() {
            store.close_leaving_status_copy();
        }
    }

    /// Closes the files and, with the folder still locked, leaves beside them the copy that
    /// `status` reads while nobody has the database open (`status_copy`). None is left when
    /// the day turned while the programme was read, or anything failed: it is only a copy.
    fn close_leaving_status_copy(self) {
        let started = Utc::now();
        let read = self.snapshot(Scope::Summary);
        let closed = self.close();
        if let Ok(data) = read {
            let zone = data.zone();
            let made_on = started.with_timezone(&zone).date_naive();
            if Utc::now().with_timezone(&zone).date_naive() == made_on {
                status_copy::write(&closed.path, &data, made_on);
            }
        }
    }

    /// Reads every key of every tree, letting sled split and merge on the way what it left for
    /// later, and saves what that wrote.
    fn pass_through_every_page(&self) -> Result<(), StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        for tree in std::iter::once(&*self.db).chain(&self.trees) {
            for key in tree.iter().keys() {
                key.map_err(self.sled_error("read"))?;
            }
        }
        self.db.flush().map_err(self.sled_error("save to"))?;
        Ok(())
    }

    fn open_locked(path: &Path, lock: Arc<lock::FolderLock>) -> Result<Store, StoreError> {
        // Under the lock, so no other process is writing a snapshot meanwhile.
        let found = folder::prepare(path)?;
        // Whatever this process does may change the programme; the copy stands for it no more.
        status_copy::remove(path)?;
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
            wrote: AtomicBool::new(false),
            files_at_open: None,
        };
        // Before anything is written: a check that finds changes missing must not be answered
        // by a flush that notes the smaller database as the confirmed one.
        let confirmed = confirmed::read(path)?;
        store.check_complete(confirmed)?;
        store.check_format(found)?;
        store.backfill_revisions()?;
        store.backfill_watch()?;
        // A database from before the note was kept gains one; a note left one change behind
        // by a crash between a flush and its note catches up.
        let last = store.last_seq()?;
        if confirmed != Some(last) {
            confirmed::write(path, last)?;
        }
        if !found.used {
            folder::created(path)?;
        }
        permissions::tighten(path)?;
        let files_at_open = folder::fingerprint(path);
        Ok(Store {
            files_at_open,
            ..store
        })
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

    /// Refuses a database from a newer improvers, and one without the format mark in a folder
    /// that held a database (every database improvers opens is marked on its first open, so
    /// its files were emptied or replaced); marks a new one with this build's format.
    fn check_format(&self, found: folder::Found) -> Result<(), StoreError> {
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
            None if found.used => Err(StoreError::FilesMissing {
                path: self.path.clone(),
                what: "its data file, db, holds no programme, not even the mark improvers \
                       writes into every database it opens, though its other files show it was \
                       in use"
                    .into(),
            }),
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
        self.wrote.store(true, Ordering::SeqCst);
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
            Err(TransactionError::Abort(e)) => return Err(self.name_later_change(e)),
            Err(TransactionError::Storage(e)) => return Err(self.sled_error("write to")(e)),
        };
        self.flush()?;
        Ok(seq)
    }

    /// An undo refused for a later change names that change, read from history once the
    /// transaction is over: the record's latest revision may be an undo of something else,
    /// which is not the change to undo first.
    fn name_later_change(&self, mut error: StoreError) -> StoreError {
        if let StoreError::ChangedAfter { of, blocked } = &mut error {
            let history = self.history_after(*of).unwrap_or_default();
            if let Some((later, deleted)) =
                crate::domain::undo::later_change_to(blocked.key, *of, &history)
            {
                blocked.by.clone_from(&later.user);
                blocked.at = later.at;
                blocked.deleted = deleted;
            }
        }
        error
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
}
