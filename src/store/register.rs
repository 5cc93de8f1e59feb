//! The backup register as the store keeps it: each backup written is entered as a record of
//! its own, by a change like any other (so it is in history and reaches every open dashboard),
//! and what is at each registered path now is looked at on request.

use super::layout::{self, Table};
use super::{BackupSummary, Store, StoreError};
use crate::domain::people::backups::{BackupEntry, BackupId, FileFound, register_change};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

/// A backup file just written, and what the register is to keep of it.
#[derive(Debug, Clone)]
pub struct WrittenBackup {
    pub summary: BackupSummary,
    pub entry: BackupEntry,
}

impl Store {
    /// Writes a complete copy of the database to `file`, read while no change can commit, and
    /// enters it in the backup register (as `user`). If the register cannot be written the
    /// file is removed again (`StoreError::BackupUnregistered`): every backup improvers leaves
    /// behind is one the register knows.
    pub fn backup(&self, file: &Path) -> Result<BackupSummary, StoreError> {
        let user = super::current_user();
        let written = self.write_backup(file, &user)?;
        let change = register_change(&written.entry);
        match self.apply(&change, &user, chrono::Utc::now()) {
            Ok(_) => Ok(written.summary),
            Err(e) => unregistered(file, written.summary, e),
        }
    }

    /// Writes the backup file and says what to enter in the register; enters nothing. The
    /// caller enters it (`register_change`) before any other change is applied, so the next
    /// backup number is still free.
    pub fn write_backup(&self, file: &Path, user: &str) -> Result<WrittenBackup, StoreError> {
        let (backup, last_change, id) = {
            let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
            (
                self.read_backup()?,
                self.last_seq()?,
                self.next_backup_id()?,
            )
        };
        let sha256 = backup.write(file)?;
        Ok(WrittenBackup {
            summary: backup.summary(),
            entry: BackupEntry {
                id,
                file: absolute(file),
                at: backup.written,
                user: user.to_string(),
                last_change,
                sha256,
            },
        })
    }

    /// One more than the highest backup number in the register.
    fn next_backup_id(&self) -> Result<BackupId, StoreError> {
        let last = self
            .tree(Table::Backups)
            .last()
            .map_err(self.sled_error("read"))?;
        let last = match last {
            None => 0,
            Some((key, _)) => layout::seq_from(&key).map_err(|reason| StoreError::Corrupt {
                path: self.path.clone(),
                what: layout::describe(Table::Backups, &key),
                reason,
            })?,
        };
        Ok(BackupId(last.saturating_add(1)))
    }
}

/// What becomes of a backup written whose register entry failed with `reason`. On a full disk
/// the file is kept and said to be unregistered (reading, backups included, keeps working when
/// the database's disk is full, and such a backup is most needed then); otherwise it is removed
/// again (`StoreError::BackupUnregistered`), so the register knows every backup left behind.
pub fn unregistered(
    file: &Path,
    summary: BackupSummary,
    reason: StoreError,
) -> Result<BackupSummary, StoreError> {
    if reason.is_out_of_space() {
        return Ok(BackupSummary {
            not_registered: Some(reason.to_string()),
            ..summary
        });
    }
    let _ = std::fs::remove_file(file);
    Err(StoreError::BackupUnregistered {
        file: file.to_path_buf(),
        reason: Box::new(reason),
    })
}

/// `file` as an absolute path with symbolic links resolved, so the register names it the same
/// whatever folder the backup was taken from; as given, made absolute, if it cannot be resolved.
fn absolute(file: &Path) -> PathBuf {
    std::fs::canonicalize(file)
        .or_else(|_| std::path::absolute(file))
        .unwrap_or_else(|_| file.to_path_buf())
}

/// What is at `file` now: nothing, a file and its SHA-256, or something that cannot be read
/// (the reason names the file). Read in pieces, so a large backup is never held in memory.
pub fn look(file: &Path) -> FileFound {
    let mut opened = match std::fs::File::open(file) {
        Ok(opened) => opened,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileFound::Missing,
        Err(e) => {
            return FileFound::Unreadable(super::error::file_sentence("read", file, &e));
        }
    };
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match opened.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return FileFound::Unreadable(super::error::file_sentence("read", file, &e));
            }
        }
    }
    let sha256: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    FileFound::Present { sha256 }
}

#[cfg(test)]
mod tests {
    use super::super::backup_file::file_sha256;
    use super::*;

    #[test]
    fn looking_at_a_file_gives_the_checksum_the_register_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("monday.bak");
        let bytes = b"IMPROVERS-BACKUP\nnot really, but any bytes will do".repeat(5_000);
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(
            look(&file),
            FileFound::Present {
                sha256: file_sha256(&bytes)
            }
        );
        assert_eq!(look(&dir.path().join("tuesday.bak")), FileFound::Missing);
        match look(dir.path()) {
            FileFound::Unreadable(why) => {
                assert!(why.contains(&dir.path().display().to_string()), "{why}")
            }
            other => panic!("a folder read as {other:?}"),
        }
    }
}
