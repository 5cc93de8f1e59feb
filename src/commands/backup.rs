//! `improvers backup FILE` and `improvers restore FILE [--force]`.

use crate::domain::people::backups::{
    BackupEntry, BackupState, FileFound, keep_register, state_of,
};
use crate::paths;
use crate::store::Scope;
use crate::store::shared::{Database, SharedError};
use crate::store::{Backup, BackupSummary, Integrity, Store, StoreError};
use anyhow::{Result, bail};
use chrono_tz::Tz;
use std::fmt::Write;
use std::path::Path;

pub fn backup(db: &Path, file: &Path) -> Result<()> {
    if !super::database_exists(db)? {
        bail!(
            "there is no database at {}; give the one to back up with --db PATH",
            db.display()
        );
    }
    if inside(db, file) {
        bail!(
            "{} is inside the database folder {}: a backup there is lost with the database \
             (a failed disk, a restore or demo --force moving the folder aside), so it is no \
             backup; give a FILE outside it, best on another disk",
            file.display(),
            db.display()
        );
    }
    // A cron job writes over yesterday's file on purpose; the person at a terminal is told.
    let replacing = file.symlink_metadata().is_ok();
    let summary = super::open_existing(db)?.backup(file)?;
    println!(
        "{}",
        crate::io::wrap::fitted(&format!(
            "Backed up {} to {}: {}.",
            db.display(),
            file.display(),
            describe(&summary)
        ))
    );
    if replacing {
        println!("Replaced {}, which was there before.", file.display());
    }
    if let Some(reason) = &summary.not_registered {
        crate::tell!(
            "{} is not in the backup register: {reason}. Once there is room, run `improvers \
             --db {} backup FILE` again so the register knows of every copy, and delete this \
             one when it is not needed.",
            file.display(),
            db.display()
        );
    }
    Ok(())
}

/// Whether `file` would be written inside the folder `db`, however either is spelled
/// (relative, through `..` or a symbolic link): the nearest folder of `file` that exists is
/// resolved, and what is below it does not exist yet to be a link.
fn inside(db: &Path, file: &Path) -> bool {
    let Ok(db) = db.canonicalize() else {
        return false;
    };
    let Ok(file) = std::path::absolute(file) else {
        return false;
    };
    let mut rest = Vec::new();
    let mut at = file.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            let whole = rest.iter().rev().fold(real, |path, part| path.join(part));
            return whole.starts_with(&db);
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return false,
        }
    }
}

/// `improvers backups`: the register, oldest first, each file looked at now.
pub fn list(db: &Path) -> Result<()> {
    let (_, data) = super::open_existing(db)?.snapshot(Scope::Summary)?;
    let register: Vec<BackupEntry> = data.backups.values().cloned().collect();
    let found: Vec<FileFound> = register
        .iter()
        .map(|e| crate::store::look(&e.file))
        .collect();
    print!(
        "{}",
        crate::io::wrap::fitted(&register_text(db, &register, &found, data.zone()))
    );
    Ok(())
}

/// The register as `improvers backups` prints it; `found[i]` is what is at `register[i]`'s
/// path now.
fn register_text(db: &Path, register: &[BackupEntry], found: &[FileFound], zone: Tz) -> String {
    if register.is_empty() {
        return format!(
            "No backups of {} are in the register yet; take one with `{}`.\n",
            db.display(),
            super::hint::improvers("backup FILE")
        );
    }
    let mut out = format!(
        "Backups of {} ({}), oldest first:\n",
        db.display(),
        crate::domain::count::count(register.len(), "backup")
    );
    let mut changed = 0;
    for (entry, found) in register.iter().zip(found) {
        let state = state_of(entry, found, register);
        if matches!(state, BackupState::Changed | BackupState::Unreadable(_)) {
            changed += 1;
        }
        let _ = writeln!(
            out,
            "  {}. {} by {}, up to change {}\n     {}: {}",
            entry.id,
            entry.at.with_timezone(&zone).format("%a %-d %b %Y %H:%M"),
            entry.user,
            entry.last_change,
            entry.file.display(),
            state.describe()
        );
    }
    // A missing or replaced file is a backup deleted or superseded, as a rota of backups
    // does; one that no longer matches is the one to act on.
    if changed > 0 {
        let which = if changed == 1 {
            "1 backup is".to_string()
        } else {
            format!("{changed} backups are")
        };
        let _ = writeln!(
            out,
            "{which} not as written: such a file cannot be restored, but may still hold people's \
             details; delete it if it is not wanted."
        );
    }
    out
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
            // Backups taken of the old database exist whatever is restored: keep their entries.
            let replaced: Vec<BackupEntry> = owner
                .snapshot(Scope::Summary)?
                .1
                .backups
                .into_values()
                .collect();
            drop(owner);
            let aside = paths::move_aside(db, "restore")?;
            crate::tell!("Kept the old {} as {}", db.display(), aside.display());
            let store = Store::open(db)?;
            let summary = store.restore_backup(&backup)?;
            let restored: Vec<BackupEntry> = backup
                .records
                .iter()
                .filter_map(|r| match r {
                    crate::domain::change::Record::Backup(b) => Some(b.clone()),
                    _ => None,
                })
                .collect();
            if let Some(keep) = keep_register(&replaced, &restored) {
                store.apply(&keep, &crate::store::current_user(), chrono::Utc::now())?;
            }
            // Settled, as an owner leaves it, so it can be read even if the disk then fills.
            store.close_settled();
            summary
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "{}",
        crate::io::wrap::fitted(&format!(
            "Restored {} into {}: {}.",
            file.display(),
            db.display(),
            describe(&summary)
        ))
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
            not_registered: None,
        };
        assert_eq!(
            describe(&summary),
            "1 participant, 30 Q members, 0 sessions, 100,000 expenses, 2 history entries"
        );
    }

    #[test]
    fn the_register_says_which_files_are_kept_missing_or_changed() {
        use crate::domain::people::backups::BackupId;
        use chrono::TimeZone;
        let entry = |id: u64, file: &str, sha: char| BackupEntry {
            id: BackupId(id),
            file: file.into(),
            at: chrono::Utc
                .with_ymd_and_hms(2026, 7, id as u32, 16, 5, 0)
                .single()
                .unwrap_or_default(),
            user: "rowan".into(),
            last_change: 10 * id,
            sha256: sha.to_string().repeat(64),
        };
        let register = [
            entry(1, "/srv/b/monday.bak", 'a'),
            entry(2, "/srv/b/tuesday.bak", 'b'),
        ];
        let found = [
            FileFound::Missing,
            FileFound::Present {
                sha256: "c".repeat(64),
            },
        ];
        let text = register_text(
            Path::new("/srv/db"),
            &register,
            &found,
            chrono_tz::Europe::London,
        );
        assert_eq!(
            text,
            "Backups of /srv/db (2 backups), oldest first:\n  \
             1. Wed 1 Jul 2026 17:05 by rowan, up to change 10\n     \
             /srv/b/monday.bak: missing\n  \
             2. Thu 2 Jul 2026 17:05 by rowan, up to change 20\n     \
             /srv/b/tuesday.bak: does not match its checksum\n\
             1 backup is not as written: such a file cannot be restored, but may still hold people's \
             details; delete it if it is not wanted.\n"
        );
        assert!(
            register_text(Path::new("/srv/db"), &[], &[], chrono_tz::Europe::London)
                .starts_with("No backups of /srv/db are in the register yet")
        );
    }
}
