//! What can go wrong with the database, worded for the person at the keyboard: every error
//! names the database path and, for unreadable values, the record involved.

use super::codec::CodecError;
pub use super::os_error::{file_sentence, os_sentence};
pub(crate) use super::os_error::{named_file_sentence, os_words, out_of_space};
use crate::domain::freshness::london_time;
use crate::domain::undo::Blocked;
use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "this database was written by a newer version of improvers (format {found}); upgrade improvers"
    )]
    NewerFormat { found: u8 },

    #[error(
        "the database at {} is in use by another improvers process; close the other dashboard or wait for it to finish, then try again",
        path.display()
    )]
    InUse { path: PathBuf },

    /// `what` names the tree and key: "record participant 17".
    #[error("{what} in the database at {} cannot be read: {reason}", path.display())]
    Corrupt {
        path: PathBuf,
        what: String,
        reason: String,
    },

    #[error("{what} cannot be saved in the database at {}: {reason}", path.display())]
    Unencodable {
        path: PathBuf,
        what: String,
        reason: String,
    },

    /// An operating-system error, worded by its kind (see `os_sentence`); `path` is the
    /// database folder.
    #[error("{}", os_sentence(action, &format!("the database at {}", path.display()), path, error))]
    Io {
        path: PathBuf,
        action: &'static str,
        error: io::Error,
    },

    /// An edit made from an older copy of a record: `what` is "participant Ada Okafor", `by`
    /// and `at` say who saved (or, if `deleted`, deleted) it since.
    #[error(
        "{what} was {} by {by} at {} since you opened it; nothing was saved — your values are \
         kept so you can apply them again",
        if *deleted { "deleted" } else { "changed" },
        london_time(at)
    )]
    Stale {
        what: String,
        by: String,
        at: DateTime<Utc>,
        deleted: bool,
    },

    /// A new record's id was given to someone else's record after the change was made: nothing
    /// was saved, and the change can be made again from the newer programme with a fresh id.
    #[error(
        "{what} was added by {by} at {} while this was being saved, under the number this \
         change meant to use; nothing was saved — try again",
        london_time(at)
    )]
    Taken {
        what: String,
        by: String,
        at: DateTime<Utc>,
    },

    /// An undo of history entry `of` that would overwrite a later change that was not undone:
    /// nothing was undone. Boxed, so every other error stays small.
    #[error("{blocked} — nothing was undone")]
    ChangedAfter { of: u64, blocked: Box<Blocked> },

    /// An edit of a record the database has no trace of at the revision the edit started from.
    #[error(
        "{what} is no longer in the database; nothing was saved — your values are kept so you \
         can apply them again"
    )]
    Vanished { what: String },

    #[error(
        "the database at {} is not empty; restore only into an empty database, or add --force \
         to replace it (the old folder is kept aside)",
        path.display()
    )]
    NotEmpty { path: PathBuf },

    #[error("{}", named_file_sentence(action, &format!("the backup {}", file.display()), file, error))]
    BackupFile {
        file: PathBuf,
        action: &'static str,
        error: io::Error,
    },

    #[error(
        "{} is not an improvers backup: it does not start with the backup header",
        file.display()
    )]
    NotABackup { file: PathBuf },

    #[error("{} is not a complete improvers backup: {reason}", file.display())]
    BackupDamaged { file: PathBuf, reason: String },

    #[error(
        "{} was written by a newer version of improvers (backup format {found}); upgrade \
         improvers to restore it",
        file.display()
    )]
    BackupNewer { file: PathBuf, found: u8 },

    /// The files of the database hold data that does not check out (a checksum that does not
    /// match, a file cut short, settings improvers never writes): `what` says which, as a
    /// clause ("part of its files does not match the checksum it was written with").
    #[error(
        "the database at {} is damaged: {what}; improvers will not use it. Restore your latest \
         backup with `improvers --db {} restore FILE --force`, which keeps the damaged folder \
         aside, then run `improvers --db {} check`",
        path.display(), path.display(), path.display()
    )]
    Damaged { path: PathBuf, what: String },

    /// The folder held a database (its other files say so) but the database's data is gone:
    /// `what` says what is missing, as a clause ("its data file, db, is gone, though ...").
    #[error(
        "the database at {} is damaged or its files are missing: {what}; improvers will not \
         use it. Restore your latest backup with `improvers --db {} restore FILE --force`, \
         which keeps this folder aside, then run `improvers --db {} check`; or, to start a new \
         programme instead, move the folder aside (rename it) and run improvers again",
        path.display(), path.display(), path.display()
    )]
    FilesMissing { path: PathBuf, what: String },

    /// The database holds fewer changes than it once confirmed as saved (see `confirmed`):
    /// `stored` is the last change it holds, `confirmed` the last one confirmed.
    #[error(
        "the database at {} is missing changes it had confirmed as saved: {}, but change \
         {confirmed} was confirmed, so its files are damaged or an older copy was put in their \
         place; improvers will not use it. Restore your latest backup \
         with `improvers --db {} restore FILE --force`, which keeps this folder aside, then run \
         `improvers --db {} check`. To use what is left instead, losing {}, delete {}",
        path.display(), held(*stored), path.display(), path.display(),
        lost_changes(*stored, *confirmed),
        super::confirmed::file(path).display()
    )]
    MissingChanges {
        path: PathBuf,
        stored: u64,
        confirmed: u64,
    },

    /// The note of the last confirmed change cannot be read, so missing changes could go
    /// unnoticed; `reason` says what is wrong with it.
    #[error(
        "the database at {} cannot be opened: its note of the last confirmed change, {}, is \
         damaged ({reason}), so improvers cannot tell whether changes are missing. If you trust \
         the database, delete that file and run `improvers --db {} check`; otherwise restore \
         your latest backup with `improvers --db {} restore FILE --force`",
        path.display(), super::confirmed::file(path).display(), path.display(), path.display()
    )]
    ConfirmedUnreadable { path: PathBuf, reason: String },

    /// The change is on disk, but the note saying so could not be written.
    #[error(
        "the database at {} saved the change, but {}",
        path.display(),
        os_sentence(
            "note it as confirmed in",
            &super::confirmed::file(path).display().to_string(),
            path,
            error
        )
    )]
    ConfirmedUnwritten { path: PathBuf, error: io::Error },

    /// The database's path names something other than a folder; `file` when it is an
    /// ordinary file.
    #[error(
        "{} is {}: give a folder with --db PATH",
        path.display(),
        if *file { "a file, not a database folder" } else { "not a folder, so it cannot hold a database" }
    )]
    NotAFolder { path: PathBuf, file: bool },

    /// A command that only reads or adds to a programme found no database at `path` (nothing
    /// there, or an empty folder), and made none: the command says how to start one.
    #[error("there is no database at {}", path.display())]
    NoDatabase { path: PathBuf },

    /// A backup whose checksum does not match its content: some of it changed after it was
    /// written, so none of it can be trusted.
    #[error(
        "{} is damaged: its checksum does not match; it cannot be restored. Use another backup",
        file.display()
    )]
    BackupChecksum { file: PathBuf },

    /// Anything else sled reports; rare, and not something a user can fix by retrying.
    #[error("the database at {} failed while trying to {action}: {reason}", path.display())]
    Database {
        path: PathBuf,
        action: &'static str,
        reason: String,
    },

    /// A backup was written but could not be entered in the backup register, so it was
    /// removed again: a backup the register does not know could bring back someone erased
    /// later, unnoticed.
    #[error(
        "the backup {} was written but could not be entered in the backup register ({reason}), \
         so it was removed again; fix that and run the backup again",
        file.display()
    )]
    BackupUnregistered {
        file: PathBuf,
        reason: Box<StoreError>,
    },
}

impl StoreError {
    /// A value that could not be decoded; a newer format is reported as such, not as damage.
    pub(crate) fn unreadable(path: &Path, what: String, err: CodecError) -> StoreError {
        match err {
            CodecError::NewerFormat(found) => StoreError::NewerFormat { found },
            other => StoreError::Corrupt {
                path: path.to_path_buf(),
                what,
                reason: other.to_string(),
            },
        }
    }

    pub(crate) fn unencodable(path: &Path, what: String, err: CodecError) -> StoreError {
        StoreError::Unencodable {
            path: path.to_path_buf(),
            what,
            reason: err.to_string(),
        }
    }

    pub(crate) fn io(path: &Path, action: &'static str, error: io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            action,
            error,
        }
    }

    /// Whether this is the operating system saying the disk (or the user's quota, or a file
    /// size limit) has no room: the write may work once space is freed.
    pub fn is_out_of_space(&self) -> bool {
        match self {
            StoreError::Io { error, .. } | StoreError::BackupFile { error, .. } => {
                out_of_space(error)
            }
            _ => false,
        }
    }

    /// Maps a sled error, recognising the lock another process holds so the user is told what
    /// to do instead of seeing "WouldBlock".
    pub(crate) fn from_sled(path: &Path, action: &'static str, err: sled::Error) -> StoreError {
        match err {
            sled::Error::Corruption { .. } => StoreError::damaged(
                path,
                "part of its files does not match the checksum it was written with",
            ),
            sled::Error::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                StoreError::damaged(path, "its files end early, as if cut short")
            }
            // Only the settings file (`conf`) is checked this way when opening.
            sled::Error::Unsupported(_) if action == "open" => StoreError::damaged(
                path,
                "its settings file, conf, is not one improvers writes (it is damaged or was \
                 written by other software)",
            ),
            sled::Error::Io(e) if is_lock_held(&e) => StoreError::InUse {
                path: path.to_path_buf(),
            },
            sled::Error::Io(error) => StoreError::Io {
                path: path.to_path_buf(),
                action,
                error,
            },
            other => StoreError::Database {
                path: path.to_path_buf(),
                action,
                reason: other.to_string(),
            },
        }
    }
}

impl StoreError {
    /// The database's files are damaged or lost changes: moving the folder aside and restoring
    /// a backup is the way on, where anything else would refuse.
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            StoreError::Damaged { .. }
                | StoreError::FilesMissing { .. }
                | StoreError::MissingChanges { .. }
                | StoreError::ConfirmedUnreadable { .. }
        )
    }

    pub(crate) fn damaged(path: &Path, what: impl Into<String>) -> StoreError {
        StoreError::Damaged {
            path: path.to_path_buf(),
            what: what.into(),
        }
    }
}

/// "it holds no changes" or "it holds changes up to 3".
fn held(stored: u64) -> String {
    match stored {
        0 => "it holds no changes".into(),
        n => format!("it holds changes up to {n}"),
    }
}

/// "change 5" or "changes 4 to 5".
fn lost_changes(stored: u64, confirmed: u64) -> String {
    let first = stored.saturating_add(1);
    if first >= confirmed {
        format!("change {confirmed}")
    } else {
        format!("changes {first} to {confirmed}")
    }
}

/// sled 0.34.7 (`Config::try_lock`) wraps the failed `flock` in an error of kind `Other` whose
/// text starts "could not acquire lock"; the kind `WouldBlock` is what `flock` itself gives,
/// so both are accepted in case a later sled passes it through unwrapped.
fn is_lock_held(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock || e.to_string().starts_with("could not acquire lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sled_finding_damage_reads_as_a_sentence_naming_the_folder_and_what_to_do() {
        let path = Path::new("/srv/improvers");
        let corruption = sled::Error::Corruption { at: None, bt: () };
        let cut = sled::Error::Io(io::Error::from(io::ErrorKind::UnexpectedEof));
        let conf = sled::Error::Unsupported("cannot change the io buffer size".into());
        for err in [corruption, cut, conf] {
            let message = StoreError::from_sled(path, "open", err).to_string();
            assert!(
                message.starts_with("the database at /srv/improvers is damaged: "),
                "{message}"
            );
            assert!(
                message.ends_with(
                    "; improvers will not use it. Restore your latest backup with `improvers \
                     --db /srv/improvers restore FILE --force`, which keeps the damaged folder \
                     aside, then run `improvers --db /srv/improvers check`"
                ),
                "{message}"
            );
        }
    }

    #[test]
    fn missing_changes_say_which_and_how_to_open_what_is_left() {
        let missing = |stored, confirmed| {
            StoreError::MissingChanges {
                path: PathBuf::from("/srv/improvers"),
                stored,
                confirmed,
            }
            .to_string()
        };
        let one = missing(0, 1);
        assert!(
            one.contains(": it holds no changes, but change 1 was"),
            "{one}"
        );
        assert!(
            one.ends_with("losing change 1, delete /srv/improvers/confirmed"),
            "{one}"
        );
        let some = missing(3, 7);
        assert!(
            some.contains(": it holds changes up to 3, but change 7"),
            "{some}"
        );
        assert!(some.contains("losing changes 4 to 7, delete"), "{some}");
    }

    #[test]
    fn a_held_lock_reads_as_in_use_whichever_way_sled_reports_it() {
        let path = Path::new("/home/sam/.local/share/improvers/db");
        let expected = "the database at /home/sam/.local/share/improvers/db is in use by another \
                        improvers process; close the other dashboard or wait for it to finish, \
                        then try again";
        let would_block = sled::Error::Io(io::Error::from(io::ErrorKind::WouldBlock));
        assert_eq!(
            StoreError::from_sled(path, "open", would_block).to_string(),
            expected
        );
        let wrapped = sled::Error::Io(io::Error::other(
            "could not acquire lock on \"/home/sam/.local/share/improvers/db/db\": Os { code: 11 }",
        ));
        assert_eq!(
            StoreError::from_sled(path, "open", wrapped).to_string(),
            expected
        );
    }

    #[test]
    fn a_stale_edit_names_who_and_when_on_the_london_clock() {
        use chrono::TimeZone;
        // 14:03 British Summer Time is 13:03 UTC.
        let at = Utc.with_ymd_and_hms(2026, 6, 25, 13, 3, 0).unwrap();
        let err = StoreError::Stale {
            what: "participant Ada Okafor".into(),
            by: "jsmith".into(),
            at,
            deleted: false,
        };
        assert_eq!(
            err.to_string(),
            "participant Ada Okafor was changed by jsmith at 14:03 on 25 Jun 2026 since you \
             opened it; nothing was saved — your values are kept so you can apply them again"
        );
        let gone = StoreError::Stale {
            what: "venue Hallam Hall".into(),
            by: "priya".into(),
            at: Utc.with_ymd_and_hms(2026, 11, 25, 9, 5, 0).unwrap(),
            deleted: true,
        };
        assert!(
            gone.to_string()
                .starts_with("venue Hallam Hall was deleted by priya at 09:05 on 25 Nov 2026 "),
            "{gone}"
        );
    }
}
