//! `improvers backup FILE` and `improvers restore FILE [--force]`.

use crate::paths;
use crate::store::shared::{Database, SharedError};
use crate::store::{Backup, BackupSummary, Integrity, Store, StoreError};
use anyhow::{Result, bail};
use std::path::Path;

pub fn backup(db: &Path, file: &Path) -> Result<()> {
    if !super::database_exists(db)? {
        bail!(
            "there is no database at {}; give the one to back up with --db PATH",
            db.display()
        );
    }
    let summary = Database::open(db)?.backup(file)?;
    println!(
        "Backed up {} to {}: {}.",
        db.display(),
        file.display(),
        describe(&summary)
    );
    Ok(())
}

pub fn restore(db: &Path, file: &Path, force: bool) -> Result<()> {
    // Read and check the whole file first: a bad backup must not cost the database its place.
    let (backup, integrity) = Backup::read(file)?;
    let opened = match Database::open(db) {
        // Opening found the files damaged, so it held their lock and nobody else has them.
        Err(SharedError::Store(e)) if force && e.is_damage() => {
            let aside = paths::move_aside(db, "restore")?;
            crate::tell!("Kept the damaged {} as {}", db.display(), aside.display());
            Database::open(db)?
        }
        opened => opened?,
    };
    let owner = match opened {
        Database::Owner(owner) => owner,
        // Replacing a database under someone's feet would lose their next change.
        Database::Client(_) => bail!(
            "another improvers has the database at {} open; close it (dashboards, `improvers \
             serve`) and restore again",
            db.display()
        ),
    };
    let summary = match owner.restore_backup(&backup) {
        Ok(summary) => summary,
        Err(SharedError::Store(StoreError::NotEmpty { .. })) if force => {
            drop(owner);
            let aside = paths::move_aside(db, "restore")?;
            crate::tell!("Kept the old {} as {}", db.display(), aside.display());
            let store = Store::open(db)?;
            let summary = store.restore_backup(&backup)?;
            // Settled, as an owner leaves it, so it can be read even if the disk then fills.
            store.close_settled();
            summary
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "Restored {} into {}: {}.",
        file.display(),
        db.display(),
        describe(&summary)
    );
    super::forget::make_again(db)?;
    if integrity == Integrity::Unchecked {
        crate::tell!("{}", unchecked_notice(file, db));
    }
    Ok(())
}

/// Said after restoring a backup that carries no checksum: what it restored may hold damage
/// nothing could detect, and a fresh backup will carry one.
fn unchecked_notice(file: &Path, db: &Path) -> String {
    format!(
        "{} was written before backups carried a checksum, so damage in it could not be \
         detected. Run `improvers --db {} check`, look over what was restored, then take a new \
         backup with `improvers --db {} backup FILE`.",
        file.display(),
        db.display(),
        db.display()
    )
}

/// "12 participants, 30 Q members, 20 sessions, 1,045 expenses, 3 history entries".
fn describe(summary: &BackupSummary) -> String {
    [
        crate::domain::count::count(summary.participants, "participant"),
        crate::domain::count::count(summary.q_members, "Q member"),
        crate::domain::count::count(summary.sessions, "session"),
        crate::domain::count::count(summary.expenses, "expense"),
        crate::domain::count::count(summary.history_entries, "history entry"),
    ]
    .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words() {
        let summary = BackupSummary {
            participants: 1,
            q_members: 30,
            sessions: 0,
            expenses: 100_000,
            history_entries: 2,
        };
        assert_eq!(
            describe(&summary),
            "1 participant, 30 Q members, 0 sessions, 100,000 expenses, 2 history entries"
        );
    }
}
