//! The backup register: every backup file `improvers backup` wrote, so that the copies of
//! people's details kept outside the database can be found again (UK GDPR Article 17 asks that
//! an erasure reach them, and Article 5(1)(e) that they be kept no longer than needed).

use crate::domain::change::{Change, Record};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// A backup's number in the register: 1 for the first backup a database recorded, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BackupId(pub u64);

impl fmt::Display for BackupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One backup file as it was written. Fields are only ever appended (the codec has no schema).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupEntry {
    pub id: BackupId,
    /// The file's absolute path when it was written (symbolic links resolved).
    pub file: PathBuf,
    /// When the copy was read from the database.
    pub at: DateTime<Utc>,
    /// The Unix user who asked for it.
    pub user: String,
    /// The sequence number of the last change the file holds (0: none yet); every change up to
    /// and including it is in the file, none after it.
    pub last_change: u64,
    /// SHA-256 of the whole file as written, in 64 lowercase hex digits.
    pub sha256: String,
}

/// What is at a registered backup's path now, as the process looking found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileFound {
    /// Nothing is there.
    Missing,
    /// A file is there, whose SHA-256 (64 lowercase hex digits) is this.
    Present { sha256: String },
    /// Something is there but could not be read; the text says why, naming the file.
    Unreadable(String),
}

/// Whether a registered backup is still on disk as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupState {
    /// The file is there and is exactly what was written.
    Kept,
    /// No file is there any more.
    Missing,
    /// A later backup in the register was written to the same path over it.
    Replaced(BackupId),
    /// A file is there but it is not what was written: damaged, or replaced by something the
    /// register does not know.
    Changed,
    /// The file could not be read; the text says why.
    Unreadable(String),
}

impl BackupState {
    /// "kept", "missing", "replaced by backup 4", "does not match its checksum",
    /// "cannot be read: ...".
    pub fn describe(&self) -> String {
        match self {
            BackupState::Kept => "kept, matches its checksum".into(),
            BackupState::Missing => "missing".into(),
            BackupState::Replaced(by) => format!("replaced by backup {by}"),
            BackupState::Changed => "does not match its checksum".into(),
            BackupState::Unreadable(why) => format!("cannot be read: {why}"),
        }
    }

    /// A short word for scripts: `kept`, `missing`, `replaced`, `changed` or `unreadable`.
    pub fn key(&self) -> &'static str {
        match self {
            BackupState::Kept => "kept",
            BackupState::Missing => "missing",
            BackupState::Replaced(_) => "replaced",
            BackupState::Changed => "changed",
            BackupState::Unreadable(_) => "unreadable",
        }
    }
}

/// The state of `entry` given what is at its path now. A file whose checksum is another
/// register entry's at the same path is that backup, not a damaged copy of this one.
pub fn state_of(entry: &BackupEntry, found: &FileFound, register: &[BackupEntry]) -> BackupState {
    match found {
        FileFound::Missing => BackupState::Missing,
        FileFound::Unreadable(why) => BackupState::Unreadable(why.clone()),
        FileFound::Present { sha256 } if *sha256 == entry.sha256 => BackupState::Kept,
        FileFound::Present { sha256 } => register
            .iter()
            .find(|other| other.file == entry.file && other.sha256 == *sha256)
            .map_or(BackupState::Changed, |other| {
                BackupState::Replaced(other.id)
            }),
    }
}

/// The registered backups taken before change `change` (their last change is older) that may
/// still hold what that change removed, oldest first: those still on disk as written, and,
/// to be safe, those whose file is there but changed or unreadable (a damaged copy still holds
/// most of what it held). A file missing or overwritten by another registered backup is left
/// out; that other backup is judged on its own.
///
/// `look` tells what is at a backup's path now; it is asked once per path.
pub fn backups_holding(
    register: &[BackupEntry],
    change: u64,
    mut look: impl FnMut(&std::path::Path) -> FileFound,
) -> Vec<BackupEntry> {
    let mut seen: Vec<(PathBuf, FileFound)> = Vec::new();
    let mut out: Vec<BackupEntry> = register
        .iter()
        .filter(|entry| entry.last_change < change)
        .filter(|entry| {
            let found = match seen.iter().find(|(file, _)| *file == entry.file) {
                Some((_, found)) => found.clone(),
                None => {
                    let found = look(&entry.file);
                    seen.push((entry.file.clone(), found.clone()));
                    found
                }
            };
            matches!(
                state_of(entry, &found, register),
                BackupState::Kept | BackupState::Changed | BackupState::Unreadable(_)
            )
        })
        .cloned()
        .collect();
    out.sort_by_key(|entry| entry.id);
    out
}

/// The change that enters `entry` in the register: it adds a record and touches no other, so
/// it can never overwrite anything.
pub fn register_change(entry: &BackupEntry) -> Change {
    Change::Batch {
        summary: format!("backed up to {}", entry.file.display()),
        changes: vec![Change::Edit {
            record: Record::Backup(entry.clone()),
            based_on: None,
        }],
    }
}

/// Whether `change` only enters backups in the register: such a change is not undone (the
/// file was written all the same), and `u` passes over it to the change before.
pub fn only_registers_backups(change: &Change) -> bool {
    change.only_saves(|record| matches!(record, Record::Backup(_)))
}

/// The change that keeps, in a database restored from a backup, the register entries of the
/// database it replaced that the backup does not hold (backups taken after it): those files
/// exist whatever the database holds, and an erasure must still find them. Each keeps its path,
/// time, user, last change and checksum, numbered after the restored register's last; `None`
/// when there is nothing to keep.
pub fn keep_register(replaced: &[BackupEntry], restored: &[BackupEntry]) -> Option<Change> {
    let mut next = restored.iter().map(|e| e.id.0).max().unwrap_or(0);
    let changes: Vec<Change> = replaced
        .iter()
        .filter(|old| {
            !restored
                .iter()
                .any(|e| e.file == old.file && e.sha256 == old.sha256)
        })
        .map(|old| {
            next += 1;
            Change::Edit {
                record: Record::Backup(BackupEntry {
                    id: BackupId(next),
                    ..old.clone()
                }),
                based_on: None,
            }
        })
        .collect();
    if changes.is_empty() {
        return None;
    }
    Some(Change::Batch {
        summary: format!(
            "kept {} of the database restored over",
            if changes.len() == 1 {
                "1 backup register entry".to_string()
            } else {
                format!("{} backup register entries", changes.len())
            }
        ),
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry(id: u64, file: &str, last_change: u64, sha: char) -> BackupEntry {
        BackupEntry {
            id: BackupId(id),
            file: PathBuf::from(file),
            at: Utc
                .with_ymd_and_hms(2026, 11, 20 + id as u32, 17, 0, 0)
                .single()
                .unwrap_or_default(),
            user: "rowan".into(),
            last_change,
            sha256: sha.to_string().repeat(64),
        }
    }

    fn present(sha: char) -> FileFound {
        FileFound::Present {
            sha256: sha.to_string().repeat(64),
        }
    }

    #[test]
    fn a_file_is_kept_missing_changed_or_replaced_by_a_later_backup() {
        let register = [
            entry(1, "/srv/backups/monday.bak", 10, 'a'),
            entry(2, "/srv/backups/monday.bak", 12, 'b'),
        ];
        let first = &register[0];
        assert_eq!(state_of(first, &present('a'), &register), BackupState::Kept);
        assert_eq!(
            state_of(first, &FileFound::Missing, &register),
            BackupState::Missing
        );
        assert_eq!(
            state_of(first, &present('b'), &register),
            BackupState::Replaced(BackupId(2))
        );
        assert_eq!(
            state_of(first, &present('c'), &register),
            BackupState::Changed
        );
        assert_eq!(
            BackupState::Replaced(BackupId(2)).describe(),
            "replaced by backup 2"
        );
    }

    /// The question `forget` asks after erasing someone in change 20: which backups still hold
    /// them. Taken before change 20 and still on disk: yes; taken after, missing, or
    /// overwritten by a later backup: no; damaged or unreadable: yes, to be safe.
    #[test]
    fn backups_taken_before_a_change_and_still_on_disk_hold_what_it_removed() {
        let register = [
            entry(1, "/b/kept.bak", 5, 'a'),
            entry(2, "/b/gone.bak", 6, 'b'),
            entry(3, "/b/reused.bak", 7, 'c'),
            entry(4, "/b/reused.bak", 25, 'd'),
            entry(5, "/b/damaged.bak", 8, 'e'),
            entry(6, "/b/locked.bak", 9, 'f'),
            entry(7, "/b/after.bak", 20, 'g'),
        ];
        let mut asked = Vec::new();
        let holding = backups_holding(&register, 20, |file| {
            asked.push(file.to_path_buf());
            match file.to_str().unwrap_or_default() {
                "/b/kept.bak" => present('a'),
                "/b/reused.bak" => present('d'),
                "/b/damaged.bak" => present('z'),
                "/b/locked.bak" => FileFound::Unreadable("permission denied".into()),
                "/b/after.bak" => present('g'),
                _ => FileFound::Missing,
            }
        });
        let ids: Vec<u64> = holding.iter().map(|e| e.id.0).collect();
        assert_eq!(ids, [1, 5, 6]);
        // Backups taken at or after the change are not even looked at.
        assert!(!asked.contains(&PathBuf::from("/b/after.bak")));
        assert_eq!(backups_holding(&register, 1, |_| present('a')), []);
    }

    #[test]
    fn only_a_change_entering_backups_is_passed_over_by_undo() {
        let entry = BackupEntry {
            id: BackupId(1),
            file: PathBuf::from("/srv/b.bak"),
            at: chrono::DateTime::UNIX_EPOCH,
            user: "rowan".into(),
            last_change: 3,
            sha256: "a".repeat(64),
        };
        assert!(only_registers_backups(&register_change(&entry)));
        assert!(!only_registers_backups(&Change::Batch {
            summary: "nothing".into(),
            changes: vec![],
        }));
        assert!(!only_registers_backups(&Change::Delete(
            crate::domain::change::RecordKey::Backup(BackupId(1))
        )));
    }

    #[test]
    fn a_restore_keeps_the_entries_of_backups_taken_after_the_one_restored() {
        let restored = [entry(1, "/b/monday.bak", 4, 'a')];
        let replaced = [
            entry(1, "/b/monday.bak", 4, 'a'),
            entry(2, "/b/tuesday.bak", 9, 'b'),
            entry(3, "/b/wednesday.bak", 12, 'c'),
        ];
        let Some(change) = keep_register(&replaced, &restored) else {
            panic!("nothing kept");
        };
        assert_eq!(
            change.summary(),
            "kept 2 backup register entries of the database restored over"
        );
        let kept: Vec<(u64, String)> = change
            .leaves()
            .into_iter()
            .filter_map(|leaf| match leaf {
                Change::Edit {
                    record: Record::Backup(b),
                    based_on: None,
                } => Some((b.id.0, b.file.display().to_string())),
                _ => None,
            })
            .collect();
        assert_eq!(
            kept,
            [
                (2, "/b/tuesday.bak".to_string()),
                (3, "/b/wednesday.bak".to_string())
            ]
        );
        assert!(only_registers_backups(&change));
        assert_eq!(keep_register(&restored, &restored), None);
    }
}
