//! Rewriting the database into fresh files after an erasure. sled keeps a removed value in its
//! files until it happens to rewrite them, so after a person is erased every tree is copied,
//! history scrubbed on the way, into a new folder beside the database, which is flushed and
//! checked and then swapped into place in one step; the old folder is removed after.
//!
//! A crash at any point leaves either the old folder (still marked as erasing: the next open
//! rewrites it again) or the new one (the old, left beside it, is removed by the next open).

use super::layout::{self, Table};
use super::lock::FolderLock;
use super::{Store, StoreError, codec, confirmed, erasure_list, permissions};
use crate::domain::change::{Change, HistoryEntry, Record};
use crate::domain::people::erasure::{Erasure, scrubbing_for};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Marks the fresh folder as complete and checked: only such a folder may take the old one's
/// place when a crash came between the two renames of the fallback swap.
const READY: &str = "rewritten";

/// Files beside sled's that say something of the database rather than of anyone in it, and so
/// go with the programme into the rewritten folder: the demo's mark (`commands::demo`), which
/// keeps mail from being sent from invented people.
pub const KEPT_ACROSS_REWRITE: [&str; 1] = ["demo-programme"];

/// The fresh folder beside `db` that the rewrite fills.
pub(crate) fn fresh_folder(db: &Path) -> PathBuf {
    sibling(db, "rewriting")
}

/// `db` with `.ending` after its name, in the same parent folder (so a rename stays on one
/// file system).
pub(crate) fn sibling(db: &Path, ending: &str) -> PathBuf {
    let name = db
        .file_name()
        .map_or_else(|| "improvers".into(), |n| n.to_string_lossy().into_owned());
    db.with_file_name(format!("{name}.{ending}"))
}

/// Before the database at `db` is opened: finishes a swap the two-rename fallback left half
/// done (the old folder moved aside, the new one, complete, not yet in its place).
pub(crate) fn finish_swap(db: &Path) -> Result<(), StoreError> {
    let fresh = fresh_folder(db);
    if !db.exists() && fresh.join(READY).exists() {
        fs::rename(&fresh, db).map_err(|e| StoreError::io(&fresh, "move into place", e))?;
    }
    Ok(())
}

/// Under the database's lock (so no rewrite is under way): removes what a rewrite cut short
/// left beside the database, the old folder (still holding what was erased) or an unfinished
/// new one.
pub(crate) fn remove_leftovers(db: &Path) -> Result<(), StoreError> {
    for leftover in [fresh_folder(db), sibling(db, "erased")] {
        remove(&leftover)?;
    }
    Ok(())
}

/// Removes `path`, a folder with all it holds or a file; nothing there is fine.
fn remove(path: &Path) -> Result<(), StoreError> {
    let removed = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
        Ok(found) if found.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
    };
    removed.map_err(|e| StoreError::io(path, "remove", e))
}

impl Store {
    /// Whether an erasure was applied and the files not yet rewritten without it.
    pub fn erasing(&self) -> Result<bool, StoreError> {
        let meta = self.tree(Table::Meta);
        Ok(meta
            .get(layout::META_ERASING)
            .map_err(self.sled_error("read"))?
            .is_some())
    }

    /// Every erasure the database holds, by number.
    pub fn erasures(&self) -> Result<Vec<Erasure>, StoreError> {
        let mut out = Vec::new();
        self.scan(Table::Erasures, |e: Erasure| out.push(e))?;
        Ok(out)
    }

    /// Rewrites the database into fresh files holding nothing of the people erased, and swaps
    /// them in; returns the database opened on the new files. On failure before the swap the
    /// database is left as it was (and still marked, so the next open tries again), closed
    /// and still this process's.
    ///
    /// Errors: `StoreError::Io` naming the folder that could not be written, removed or
    /// swapped; `StoreError::Damaged` when the copy read back differs from what was copied.
    pub fn rewrite_without_erased(self) -> Result<Store, (super::ClosedStore, StoreError)> {
        let path = self.path.clone();
        let fresh = fresh_folder(&path);
        let lock = match self.copy_scrubbed(&fresh) {
            Ok(lock) => lock,
            Err(e) => {
                let _ = fs::remove_dir_all(&fresh);
                return Err((self.close(), e));
            }
        };
        let old_lock = Arc::clone(&self.lock);
        // Every handle on the old files goes before they are moved: sled writes nothing after.
        drop(self);
        if let Err(e) = swap(&fresh, &path) {
            let _ = fs::remove_dir_all(&fresh);
            let closed = super::ClosedStore {
                path,
                lock: old_lock,
                wrote: true,
            };
            return Err((closed, e));
        }
        // The fresh folder's path now holds the old files, with what was erased.
        for name in KEPT_ACROSS_REWRITE {
            if fresh.join(name).is_file() {
                // Best kept, but no reason to undo an erasure already in place.
                let _ = fs::read(fresh.join(name))
                    .and_then(|bytes| permissions::write_private(&path.join(name), &bytes));
            }
        }
        let removed = fs::remove_dir_all(&fresh);
        let _ = fs::remove_file(path.join(READY));
        drop(old_lock);
        let lock = Arc::new(lock);
        let store = match Store::open_locked(&path, Arc::clone(&lock)) {
            Ok(store) => store,
            Err(e) => {
                return Err((
                    super::ClosedStore {
                        path,
                        lock,
                        wrote: true,
                    },
                    e,
                ));
            }
        };
        if let Err(e) = removed {
            // The next open removes it; say so now all the same.
            return Err((store.close(), StoreError::io(&fresh, "remove", e)));
        }
        Ok(store)
    }

    /// Copies every tree into a new database at `fresh` with history scrubbed of the people
    /// erased and the erasing mark left out, flushes it, reads it back against the old, and
    /// leaves it closed but locked (the returned lock) and marked ready.
    fn copy_scrubbed(&self, fresh: &Path) -> Result<FolderLock, StoreError> {
        let _reading = self
            .writing
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let erasures = self.erasures()?;
        let mut history: Vec<HistoryEntry> = Vec::new();
        self.scan(Table::History, |e: HistoryEntry| history.push(e))?;
        erasure_list::add(&self.path, &listed(&erasures, &history))?;
        let scrubbing = scrubbing_for(&erasures, &history);
        drop(history);

        remove(fresh)?;
        permissions::create_private_dir(fresh)?;
        let lock = FolderLock::take(fresh)?;
        let db = super::open_sled(fresh)?;
        let failed = |action| move |e| StoreError::from_sled(fresh, action, e);
        let mut copied = Vec::new();
        for (name, old) in std::iter::once((None, &*self.db))
            .chain(Table::ALL.iter().map(|t| (Some(*t), self.tree(*t))))
        {
            let new = match name {
                None => (*db).clone(),
                Some(table) => db.open_tree(table.name()).map_err(failed("write to"))?,
            };
            let mut count = 0usize;
            for item in old.iter() {
                let (key, value) = item.map_err(self.sled_error("read"))?;
                let value = match name {
                    Some(Table::Meta) if key.as_ref() == layout::META_ERASING => continue,
                    Some(Table::History) => {
                        let entry: HistoryEntry = codec::decode(&value).map_err(|e| {
                            StoreError::unreadable(
                                &self.path,
                                layout::describe(Table::History, &key),
                                e,
                            )
                        })?;
                        let entry = scrubbing.entry(&entry);
                        codec::encode(&entry)
                            .map_err(|e| {
                                StoreError::unencodable(
                                    fresh,
                                    layout::describe(Table::History, &key),
                                    e,
                                )
                            })?
                            .into()
                    }
                    _ => value,
                };
                new.insert(key, value).map_err(failed("write to"))?;
                count += 1;
            }
            copied.push((new, count));
        }
        db.flush().map_err(failed("save to"))?;
        for (tree, count) in &copied {
            if tree.len() != *count {
                return Err(StoreError::damaged(
                    fresh,
                    format!(
                        "its copy of {} holds {} entries where {count} were written",
                        String::from_utf8_lossy(&tree.name()),
                        tree.len()
                    ),
                ));
            }
        }
        drop(copied);
        drop(db);
        confirmed::write(fresh, self.last_seq()?)?;
        // The owner's socket, if one is serving, is linked into the new folder so that it
        // answers there from the moment of the swap.
        let socket = self.path.join(super::shared::SOCKET_NAME);
        if fs::symlink_metadata(&socket).is_ok() {
            fs::hard_link(&socket, fresh.join(super::shared::SOCKET_NAME))
                .map_err(|e| StoreError::io(fresh, "link the owner's socket into", e))?;
        }
        permissions::tighten(fresh)?;
        permissions::write_private(&fresh.join(READY), b"")
            .map_err(|e| StoreError::io(fresh, "write to", e))?;
        sync_folder(fresh)?;
        Ok(lock)
    }
}

/// Each erasure with the change that made it and the database's first change's time.
fn listed(erasures: &[Erasure], history: &[HistoryEntry]) -> Vec<erasure_list::Listed> {
    let begun = history
        .first()
        .map_or_else(String::new, |e| e.at.to_rfc3339());
    erasures
        .iter()
        .map(|erasure| erasure_list::Listed {
            erasure: *erasure,
            change: history
                .iter()
                .find(|entry| {
                    entry.change.leaves().iter().any(|leaf| match leaf {
                        Change::Put(Record::Erasure(e))
                        | Change::Edit {
                            record: Record::Erasure(e),
                            ..
                        } => e == erasure,
                        _ => false,
                    })
                })
                .map_or(0, |entry| entry.seq),
            begun: begun.clone(),
        })
        .collect()
}

/// Puts `fresh` in the place of `db` in one step where the file system can exchange two
/// folders (Linux, most file systems); elsewhere in two renames, the first moving the old
/// folder to `fresh`'s place only after `fresh` is marked ready, so `tidy_beside` can finish.
fn swap(fresh: &Path, db: &Path) -> Result<(), StoreError> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
        match renameat2(AT_FDCWD, fresh, AT_FDCWD, db, RenameFlags::RENAME_EXCHANGE) {
            Ok(()) => return sync_parent(db),
            Err(nix::errno::Errno::EINVAL | nix::errno::Errno::ENOSYS) => {}
            Err(e) => {
                return Err(StoreError::io(
                    db,
                    "swap in the rewritten copy of",
                    e.into(),
                ));
            }
        }
    }
    let aside = sibling(db, "erased");
    fs::rename(db, &aside).map_err(|e| StoreError::io(db, "move aside", e))?;
    fs::rename(fresh, db).map_err(|e| StoreError::io(fresh, "move into place", e))?;
    fs::rename(&aside, fresh).map_err(|e| StoreError::io(&aside, "move", e))?;
    sync_parent(db)
}

fn sync_parent(db: &Path) -> Result<(), StoreError> {
    match db.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => sync_folder(parent),
        None => sync_folder(Path::new(".")),
    }
}

/// Saves a folder's list of names to disk, so a rename in it survives a power cut.
fn sync_folder(folder: &Path) -> Result<(), StoreError> {
    fs::File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::io(folder, "save", e))
}
