//! `improvers backup FILE` and `improvers restore FILE [--force]`.

use crate::paths;
use crate::store::{Backup, BackupSummary, Store, StoreError};
use crate::tui::widgets::text::count;
use anyhow::{Result, bail};
use std::path::Path;

pub fn backup(db: &Path, file: &Path) -> Result<()> {
    if !db.exists() {
        bail!(
            "there is no database at {}; give the one to back up with --db PATH",
            db.display()
        );
    }
    let summary = Store::open(db)?.backup(file)?;
    println!(
        "Backed up {} to {}: {}.",
        db.display(),
        file.display(),
        describe(&summary)
    );
    Ok(())
}

pub fn restore(db: &Path, file: &Path, force: bool) -> Result<()> {
    // Read the whole file first: a bad backup must not cost the database its place.
    let backup = Backup::read(file)?;
    let store = Store::open(db)?;
    let summary = match store.restore_backup(&backup) {
        Ok(summary) => summary,
        Err(StoreError::NotEmpty { .. }) if force => {
            drop(store);
            let aside = paths::move_aside(db, "restore")?;
            eprintln!("Kept the old {} as {}", db.display(), aside.display());
            Store::open(db)?.restore_backup(&backup)?
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "Restored {} into {}: {}.",
        file.display(),
        db.display(),
        describe(&summary)
    );
    Ok(())
}

/// "12 participants, 30 Q members, 20 sessions, 1,045 expenses, 3 history entries".
fn describe(summary: &BackupSummary) -> String {
    let part = |n: usize, one: &str, many: &str| {
        format!("{} {}", count(n), if n == 1 { one } else { many })
    };
    [
        part(summary.participants, "participant", "participants"),
        part(summary.q_members, "Q member", "Q members"),
        part(summary.sessions, "session", "sessions"),
        part(summary.expenses, "expense", "expenses"),
        part(summary.history_entries, "history entry", "history entries"),
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
