//! A database as every command sees it: either this process owns it, or it is a client of the
//! process that does. When an owner goes away, the next request finds or becomes the new one.

use super::Notice;
use super::client::Client;
use super::error::SharedError;
use super::owner::Owner;
use crate::domain::change::{Change, HistoryEntry};
use crate::domain::check::CheckReport;
use crate::domain::freshness::{Stale, stale_since};
use crate::domain::people::backups::{BackupEntry, backups_holding};
use crate::domain::snapshot::Snapshot;
use crate::io::status::StatusRequest;
use crate::store::{BackupSummary, Scope, Store, StoreError};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// How many times a change is made again because ids it gave new records were taken by
/// others meanwhile. Each time at least one of the competing changes lands, so a handful of
/// people adding records at once all get through.
pub const REMAKES: usize = 16;

/// Why `apply_made` saved nothing.
#[derive(Debug, thiserror::Error)]
pub enum MadeError<E> {
    /// Making the change failed (a bad file, say); `E` says why.
    #[error("{0}")]
    Make(E),
    /// A record the change writes was changed or deleted by someone since it was read.
    #[error("{0}")]
    Stale(Stale),
    #[error(transparent)]
    Shared(#[from] SharedError),
}

/// How far back a new owner's history is looked through for a change the old one may have
/// saved before it went: changes from others since are few in that moment.
const RECENT: usize = 64;

/// How long to keep trying while an owner starts up or goes away: within this a dead owner is
/// replaced and a starting one has bound its socket.
const SETTLE: Duration = Duration::from_secs(3);

pub enum Database {
    Owner(Owner),
    Client(Client),
}

impl Database {
    /// Opens the database at `path`: as its owner if nobody has it open, else as a client of
    /// the process that has.
    pub fn open(path: &Path) -> Result<Database, SharedError> {
        Database::open_as(path, Store::open)
    }

    /// `open` for a command that only reads or adds to a programme: with nobody holding it, a
    /// database that is not there is `StoreError::NoDatabase`, and none is made
    /// (`Store::open_existing`).
    pub fn open_existing(path: &Path) -> Result<Database, SharedError> {
        Database::open_as(path, Store::open_existing)
    }

    fn open_as(
        path: &Path,
        open: fn(&Path) -> Result<Store, StoreError>,
    ) -> Result<Database, SharedError> {
        let started = Instant::now();
        loop {
            // Asking a live owner first is quick; opening the files is what waits for a lock.
            match Client::connect(path) {
                Ok(client) => return Ok(Database::Client(client)),
                Err(e @ SharedError::Incompatible { .. }) => return Err(e),
                Err(_) => {}
            }
            match open(path) {
                Ok(store) => return Ok(Database::Owner(Owner::start(store)?)),
                Err(StoreError::InUse { .. }) => {}
                Err(other) => return Err(other.into()),
            }
            // The owner is starting or has just gone: its socket is not answering yet.
            if started.elapsed() >= SETTLE {
                return Err(match Client::owner_pid(path).filter(|pid| stopped(*pid)) {
                    Some(pid) => SharedError::OwnerStopped {
                        path: path.to_path_buf(),
                        pid,
                    },
                    None => SharedError::NotAnswering {
                        path: path.to_path_buf(),
                    },
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens the database as its owner, for `improvers serve`; refuses if another process
    /// already serves it.
    pub fn serve(path: &Path) -> Result<Owner, SharedError> {
        match Database::open(path)? {
            Database::Owner(owner) => Ok(owner),
            Database::Client(_) => Err(SharedError::AlreadyServed {
                path: path.to_path_buf(),
            }),
        }
    }

    pub fn path(&self) -> PathBuf {
        match self {
            Database::Owner(owner) => owner.path().to_path_buf(),
            Database::Client(client) => client.path().to_path_buf(),
        }
    }

    pub fn is_owner(&self) -> bool {
        matches!(self, Database::Owner(_))
    }

    /// Runs `op`, and while the owner goes away under it, finds or becomes the new owner and
    /// runs it again (several processes may finish and hand the database on in turn), for as
    /// long as an owner takes to settle. `applied` is asked first, after a new owner is found,
    /// whether what `op` asked for was already done before the old owner went.
    fn with_retry<T>(
        &mut self,
        op: impl Fn(&Database) -> Result<T, SharedError>,
        applied: impl Fn(&Database) -> Result<Option<T>, SharedError>,
    ) -> Result<T, SharedError> {
        let started = Instant::now();
        // Whether the owner went away under the last request.
        let mut gone = false;
        loop {
            let settling = |db: &Database, e: &SharedError| {
                matches!(e, SharedError::OwnerGone | SharedError::Io(_))
                    && !db.is_owner()
                    && started.elapsed() < SETTLE
            };
            if gone {
                *self = Database::open(&self.path())?;
                match applied(self) {
                    Ok(Some(done)) => return Ok(done),
                    Ok(None) => {}
                    // The owner found is going too: look for the next.
                    Err(e) if settling(self, &e) => continue,
                    Err(e) => return Err(e),
                }
            }
            match op(self) {
                Err(e) if settling(self, &e) => gone = true,
                other => return other,
            }
        }
    }

    /// `with_retry` for a request that changes nothing, so asking again is always right.
    fn reading<T>(
        &mut self,
        op: impl Fn(&Database) -> Result<T, SharedError>,
    ) -> Result<T, SharedError> {
        self.with_retry(op, |_| Ok(None))
    }

    /// The programme and the sequence number of the last change it includes.
    pub fn snapshot(&mut self, scope: Scope) -> Result<(u64, Snapshot), SharedError> {
        self.reading(|db| match db {
            Database::Owner(owner) => owner.snapshot(scope),
            Database::Client(client) => client.snapshot(scope),
        })
    }

    /// Ends the process, with success, once it has only read (see
    /// [`Owner::exit_after_reading`]); a client has nothing to leave settled and simply exits.
    pub fn exit_after_reading(self) -> ! {
        match self {
            Database::Owner(owner) => owner.exit_after_reading(),
            Database::Client(client) => {
                drop(client);
                std::process::exit(0)
            }
        }
    }

    /// The finished `status` report from the owner, if another process owns the database and
    /// knows the request; `None` when this process owns it or the owner is older, and the
    /// caller then reads the programme itself.
    pub fn status(&mut self, request: &StatusRequest) -> Result<Option<String>, SharedError> {
        self.reading(|db| match db {
            Database::Owner(_) => Ok(None),
            Database::Client(client) => client.status(request),
        })
    }

    /// Applies `change`; returns its sequence number once it is safely on disk.
    ///
    /// An owner that goes away may have saved the change before it could say so; the new owner's
    /// latest history is looked at before the change is sent again, so it is never saved twice
    /// (a second import of the same rows would add them twice).
    pub fn apply(&mut self, change: &Change) -> Result<u64, SharedError> {
        let user = crate::store::current_user();
        self.with_retry(
            |db| match db {
                Database::Owner(owner) => owner.apply(change),
                Database::Client(client) => client.apply(change),
            },
            |db| {
                let recent = match db {
                    Database::Owner(owner) => owner.history(RECENT)?,
                    Database::Client(client) => client.history(RECENT)?,
                };
                Ok(recent
                    .iter()
                    .find(|entry| {
                        crate::domain::sessions::invitees::is_followed(&entry.change, change)
                            && entry.user == user
                    })
                    .map(|entry| entry.seq))
            },
        )
    }

    /// Applies the change `make` makes from `data` (the programme as of change `data.seq`),
    /// if it makes one; returns the change's sequence number and what `make` returned beside
    /// it. New records get ids the moment the change is made, so when someone else's new
    /// records take those ids first the owner refuses it (`StoreError::Taken`); it is then made
    /// again from the newer programme and sent again, as long as none of the records it writes
    /// was changed or deleted since `data` was read (that is refused as `MadeError::Stale`).
    pub fn apply_made<T, E>(
        &mut self,
        data: &Snapshot,
        scope: Scope,
        mut make: impl FnMut(&Snapshot) -> Result<Option<(Change, T)>, E>,
    ) -> Result<Option<(u64, T)>, MadeError<E>> {
        let seen = data.seq;
        let mut made = make(data).map_err(MadeError::Make)?;
        let mut remade = 0;
        loop {
            let Some((change, beside)) = made else {
                return Ok(None);
            };
            match self.apply(&change) {
                Ok(seq) => return Ok(Some((seq, beside))),
                Err(e) if e.is_taken() && remade < REMAKES => {
                    remade += 1;
                    let (_, newer) = self.snapshot(scope)?;
                    made = make(&newer).map_err(MadeError::Make)?;
                    if let Some((change, _)) = &made {
                        if let Some(stale) = stale_since(change, &newer, seen) {
                            return Err(MadeError::Stale(stale));
                        }
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    pub fn history(&mut self, newest_first_limit: usize) -> Result<Vec<HistoryEntry>, SharedError> {
        self.reading(|db| match db {
            Database::Owner(owner) => owner.history(newest_first_limit),
            Database::Client(client) => client.history(newest_first_limit),
        })
    }

    pub fn last_seq(&mut self) -> Result<u64, SharedError> {
        self.reading(|db| match db {
            Database::Owner(owner) => owner.last_seq(),
            Database::Client(client) => client.last_seq(),
        })
    }

    /// Writes a complete, consistent copy of the database to `file`.
    pub fn backup(&mut self, file: &Path) -> Result<BackupSummary, SharedError> {
        self.reading(|db| match db {
            Database::Owner(owner) => owner.backup(file),
            Database::Client(client) => client.backup(file),
        })
    }

    /// The registered backups taken before change `change` that may still hold what it
    /// removed (see `domain::people::backups::backups_holding`), oldest first: what `forget`
    /// lists after erasing someone in change `change`. Each file is looked at by this process.
    pub fn backups_holding(&mut self, change: u64) -> Result<Vec<BackupEntry>, SharedError> {
        let (_, data) = self.snapshot(Scope::Summary)?;
        let register: Vec<BackupEntry> = data.backups.into_values().collect();
        Ok(backups_holding(&register, change, crate::store::look))
    }

    /// The kept figures (budget totals, sessions index) checked against the records, by
    /// whichever process has the database open.
    pub fn check(&mut self) -> Result<CheckReport, SharedError> {
        self.reading(|db| match db {
            Database::Owner(owner) => owner.check(),
            Database::Client(client) => client.check(),
        })
    }

    /// Every change after `after` as it happens. A client's stream ends with
    /// `Notice::OwnerGone` when its owner stops; then reopen and subscribe again.
    pub fn subscribe(&self, after: u64) -> Result<Receiver<Notice>, SharedError> {
        match self {
            Database::Owner(owner) => owner.subscribe(after),
            Database::Client(client) => {
                let mut subscription = client.subscribe(after)?;
                let (sender, receiver) = channel();
                std::thread::Builder::new()
                    .name("improvers-subscription".into())
                    .spawn(move || {
                        loop {
                            match subscription.next_change() {
                                Ok(entry) => {
                                    if sender.send(Notice::Applied(Box::new(entry))).is_err() {
                                        return;
                                    }
                                }
                                Err(_) => {
                                    let _ = sender.send(Notice::OwnerGone);
                                    return;
                                }
                            }
                        }
                    })
                    .map_err(SharedError::Thread)?;
                Ok(receiver)
            }
        }
    }
}

/// Whether process `pid` is stopped (state `T` in `/proc/PID/stat`, Linux's own account of it).
fn stopped(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        // The state follows the command name, which is in parentheses and may hold anything.
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "T")
    })
}
