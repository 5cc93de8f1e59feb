//! Backups: every record, the whole history and the revisions in one versioned file, written
//! from one consistent read, and restored into an empty database with the same sequence numbers.

use super::backup_file::{self, FrameError, Unframed};
use super::layout::{self, Table};
use super::{Store, StoreError, codec, records};
use crate::domain::budget::BudgetTotals;
use crate::domain::change::{HistoryEntry, Record, RecordKey, Revision};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

/// How far the content of a backup read back can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    /// Its checksum matches: it is exactly what was written.
    Checked,
    /// Written before backups carried a checksum, so damage in it may go unnoticed.
    Unchecked,
}

/// Everything needed to rebuild a database. Budget totals and the sessions index are derived,
/// so they are recomputed on restore rather than stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub written: DateTime<Utc>,
    pub records: Vec<Record>,
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
    pub revisions: Vec<(RecordKey, Revision)>,
    /// Who deleted each record that is gone, so a stale edit of one is still explained.
    pub deletions: Vec<(RecordKey, Revision)>,
}

/// How much a backup holds, for the command to report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BackupSummary {
    pub participants: usize,
    pub q_members: usize,
    pub sessions: usize,
    pub expenses: usize,
    pub history_entries: usize,
    /// Why the backup written is not in the backup register, when the database's disk had no
    /// room to enter it: the file is kept (a backup to another disk is what a full disk calls
    /// for) and the person is told. `None` once it is entered, and for a restore.
    pub not_registered: Option<String>,
}

impl Backup {
    pub fn summary(&self) -> BackupSummary {
        let mut summary = BackupSummary {
            history_entries: self.history.len(),
            ..BackupSummary::default()
        };
        for record in &self.records {
            match record {
                Record::Participant(_) => summary.participants += 1,
                Record::QMember(_) => summary.q_members += 1,
                Record::Session(_) => summary.sessions += 1,
                Record::Expense(_) => summary.expenses += 1,
                _ => {}
            }
        }
        summary
    }

    /// Reads a backup file, refusing one that is not a backup, is cut short or damaged
    /// (its checksum is checked before anything else), or comes from a newer improvers; every
    /// error names the file. A backup from before backups carried a checksum is read and said
    /// to be `Integrity::Unchecked`.
    pub fn read(file: &Path) -> Result<(Backup, Integrity), StoreError> {
        let bytes = fs::read(file).map_err(|error| StoreError::BackupFile {
            file: file.to_path_buf(),
            action: "read",
            error,
        })?;
        let damaged = |reason: String| StoreError::BackupDamaged {
            file: file.to_path_buf(),
            reason,
        };
        let (content, integrity) = match backup_file::unframe(&bytes) {
            Ok(Unframed::Checked(content)) => (content, Integrity::Checked),
            Ok(Unframed::Unchecked(content)) => (content, Integrity::Unchecked),
            Err(FrameError::Empty) => return Err(damaged("the file is empty".into())),
            Err(FrameError::CutShort) => {
                return Err(damaged("it ends within its header, as if cut short".into()));
            }
            Err(FrameError::NotABackup) => {
                return Err(StoreError::NotABackup {
                    file: file.to_path_buf(),
                });
            }
            Err(FrameError::Checksum) => {
                return Err(StoreError::BackupChecksum {
                    file: file.to_path_buf(),
                });
            }
        };
        let backup = codec::decode_document(content).map_err(|e| match e {
            codec::CodecError::NewerFormat(found) => StoreError::BackupNewer {
                file: file.to_path_buf(),
                found,
            },
            codec::CodecError::Empty => damaged("it ends right after its header".into()),
            other => damaged(other.to_string()),
        })?;
        Ok((backup, integrity))
    }

    /// Writes the backup, with its checksum, beside `file` and renames it into place, so a
    /// failure never leaves a half-written file under that name. The file is private (0600):
    /// it holds people's details. Returns the SHA-256 of the whole file, in lowercase hex.
    pub fn write(&self, file: &Path) -> Result<String, StoreError> {
        let body = codec::encode_document(self).map_err(|e| StoreError::BackupDamaged {
            file: file.to_path_buf(),
            reason: e.to_string(),
        })?;
        let encoded = backup_file::frame(&body);
        let failed = |action: &'static str| {
            move |error| StoreError::BackupFile {
                file: file.to_path_buf(),
                action,
                error,
            }
        };
        let partial = partial_name(file).map_err(failed("write"))?;
        let written = super::permissions::write_private(&partial, &encoded)
            .and_then(|()| fs::rename(&partial, file));
        if let Err(e) = written {
            let _ = fs::remove_file(&partial);
            return Err(failed("write")(e));
        }
        // Make the rename itself survive a crash; a folder that cannot be opened or synced
        // still has the whole file in it.
        let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(Ok(folder)) = folder.map(fs::File::open) {
            let _ = folder.sync_all();
        }
        Ok(backup_file::file_sha256(&encoded))
    }
}

/// ".NAME.partial-PID" in the same folder as `file`, so the rename stays on one file system.
fn partial_name(file: &Path) -> std::io::Result<PathBuf> {
    let name = file.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path does not name a file",
        )
    })?;
    let mut partial = std::ffi::OsString::from(".");
    partial.push(name);
    partial.push(format!(".partial-{}", std::process::id()));
    Ok(file.with_file_name(partial))
}

/// One value a restore puts: the tree, the key and the encoded value.
type Insert = (Table, Vec<u8>, Vec<u8>);

impl Store {
    /// Calls `each` with every record of every kind, decoded; the first that cannot be read
    /// is an error naming it.
    pub(super) fn read_records(&self, mut each: impl FnMut(Record)) -> Result<(), StoreError> {
        for table in Table::ALL.into_iter().filter(|t| t.holds_records()) {
            for item in self.tree(table).iter() {
                let (key, bytes) = item.map_err(self.sled_error("read"))?;
                let what = || layout::describe(table, &key);
                let record_key =
                    layout::record_key(table, &key).ok_or_else(|| StoreError::Corrupt {
                        path: self.path.clone(),
                        what: what(),
                        reason: "the key names no record".into(),
                    })?;
                let record = records::decode_record(record_key, &bytes)
                    .map_err(|e| StoreError::unreadable(&self.path, what(), e))?;
                each(record);
            }
        }
        Ok(())
    }

    pub(super) fn read_backup(&self) -> Result<Backup, StoreError> {
        let mut records = Vec::new();
        self.read_records(|record| records.push(record))?;
        let mut history = Vec::new();
        for item in self.tree(Table::History).iter() {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            history.push(codec::decode(&bytes).map_err(|e| {
                StoreError::unreadable(&self.path, layout::describe(Table::History, &key), e)
            })?);
        }
        let everything = super::Scope::Everything;
        Ok(Backup {
            written: Utc::now(),
            records,
            history,
            revisions: self
                .read_revision_tree(Table::Revisions, everything)?
                .into_iter()
                .collect(),
            deletions: self
                .read_revision_tree(Table::Deletions, everything)?
                .into_iter()
                .collect(),
        })
    }

    /// Restores the backup in `file` into this database, which must be empty.
    pub fn restore(&self, file: &Path) -> Result<BackupSummary, StoreError> {
        self.restore_backup(&Backup::read(file)?.0)
    }

    /// Writes every record, history entry (with its own sequence number) and revision of
    /// `backup`, with the budget totals and sessions index worked out afresh, in one
    /// transaction; refuses unless the database holds nothing yet.
    pub fn restore_backup(&self, backup: &Backup) -> Result<BackupSummary, StoreError> {
        let _writing = self.writing.write().unwrap_or_else(PoisonError::into_inner);
        self.check_unused()?;
        let writes = self.restore_writes(backup)?;
        let result = self.trees.as_slice().transaction(|trees| {
            for (table, key, value) in &writes {
                trees[table.index()].insert(key.as_slice(), value.as_slice())?;
            }
            Ok::<(), ConflictableTransactionError<StoreError>>(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(self.sled_error("write to")(e)),
        }
        self.flush()?;
        Ok(backup.summary())
    }

    /// Nothing in any tree but the format and bookkeeping settings.
    fn check_unused(&self) -> Result<(), StoreError> {
        let used = Table::ALL
            .iter()
            .filter(|t| **t != Table::Meta)
            .any(|t| !self.tree(*t).is_empty());
        if used || self.last_seq()? != 0 {
            return Err(StoreError::NotEmpty {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    /// Every key and value a restore writes, encoded before the transaction starts.
    fn restore_writes(&self, backup: &Backup) -> Result<Vec<Insert>, StoreError> {
        let unencodable = |what: String| move |e| StoreError::unencodable(&self.path, what, e);
        let mut writes = Vec::with_capacity(
            backup.records.len() + backup.history.len() + backup.revisions.len() + 2,
        );
        let mut totals = BudgetTotals::default();
        for record in &backup.records {
            let (table, key) = layout::locate(record.key());
            let value = records::encode_record(record)
                .map_err(unencodable(layout::describe(table, &key)))?;
            match record {
                Record::Expense(e) => {
                    totals.add(e);
                    for key in layout::watch_keys(e) {
                        writes.push((Table::ExpensesToWatch, key, Vec::new()));
                    }
                }
                Record::Session(s) => {
                    writes.push((
                        Table::SessionsByStart,
                        layout::start_key(s.start, s.id),
                        Vec::new(),
                    ));
                }
                _ => {}
            }
            writes.push((table, key, value));
        }
        let value = codec::encode(&totals).map_err(unencodable("the budget totals".into()))?;
        writes.push((Table::Aggregates, layout::AGGREGATE_BUDGET.to_vec(), value));
        let mut last_seq = 0;
        for entry in &backup.history {
            let value = codec::encode(entry)
                .map_err(unencodable(format!("history entry {}", entry.seq)))?;
            writes.push((Table::History, layout::id_key(entry.seq).to_vec(), value));
            last_seq = last_seq.max(entry.seq);
        }
        if last_seq > 0 {
            writes.push((
                Table::Meta,
                layout::META_SEQ.to_vec(),
                layout::id_key(last_seq).to_vec(),
            ));
        }
        for (table, revisions) in [
            (Table::Revisions, &backup.revisions),
            (Table::Deletions, &backup.deletions),
        ] {
            for (record, revision) in revisions {
                let key = layout::revision_key(*record);
                let value =
                    codec::encode(revision).map_err(unencodable(layout::describe(table, &key)))?;
                writes.push((table, key, value));
            }
        }
        Ok(writes)
    }
}
