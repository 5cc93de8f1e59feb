//! The owner: the one process that has the database open. It applies every change in order,
//! serves the other improvers processes over a Unix socket in the database folder, and tells
//! every subscriber about each change as it lands.

use super::connections::Connections;
use super::error::SharedError;
use super::serving::{MAX_CONNECTIONS, accept};
use super::{Notice, SOCKET_NAME};
use crate::domain::change::{Change, HistoryEntry, RecordKey};
use crate::domain::check::CheckReport;
use crate::domain::people::backups::register_change;
use crate::domain::sessions::invitees;
use crate::domain::sessions::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use crate::io::status::{StatusRequest, report};
use crate::store::{
    Backup, BackupSummary, ClosedStore, Scope, Store, StoreError, current_user, unregistered,
};
use chrono::{NaiveDate, Utc};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;

/// Room kept free on the database's disk beyond what a change needs (bytes): two of sled's
/// 512 KiB log segments and its recovery snapshot, with room to spare.
const HEADROOM: u64 = 2 * 1024 * 1024;

pub struct Owner {
    inner: Arc<Inner>,
    acceptor: Option<JoinHandle<()>>,
}

/// The database as the owner holds it.
enum Slot {
    Open(Store),
    /// Closed after a write failed (sled refuses every write after one fails, and may show a
    /// change that never reached the disk): opened again before the next request is served.
    Closed(ClosedStore),
    /// The owner is stopping.
    Gone,
}

pub(super) struct Inner {
    path: PathBuf,
    slot: RwLock<Slot>,
    socket: PathBuf,
    /// Held while a change is applied and announced, so subscribers hear changes in order.
    writing: Mutex<()>,
    subscribers: Mutex<Vec<Sender<Notice>>>,
    pub(super) stopping: AtomicBool,
    pub(super) connections: Connections,
    /// What `status` needs, kept from one status request to the next until a change lands,
    /// so a quick check costs neither a read of the database nor a summary. Made at the first
    /// request: an owner nobody asks keeps nothing.
    kept: Mutex<Kept>,
}

/// What `kept` holds, all as of change `seq`.
#[derive(Default)]
struct Kept {
    seq: u64,
    /// The programme without its expenses, with the budget totals the store keeps and the few
    /// expenses a policy check flags on `day` (local), once a report has needed it.
    data: Option<(NaiveDate, Arc<Snapshot>)>,
    /// Reports already worked out this minute (UTC minutes since 1970): a report names
    /// sessions by the minute, so within one it is the same report.
    reports: Vec<(StatusRequest, i64, String)>,
}

/// Reports kept at most: a team asks in a handful of shapes (text or JSON, a cohort or two).
const KEPT_REPORTS: usize = 16;

impl Owner {
    /// Starts serving `store`, which this process has open. Any socket file already there is
    /// stale: whoever made it no longer holds the database.
    pub fn start(store: Store) -> Result<Owner, SharedError> {
        let socket = store.path().join(SOCKET_NAME);
        match std::fs::remove_file(&socket) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(socket_error(&socket, "remove the old copy of", e)),
        }
        let listener =
            UnixListener::bind(&socket).map_err(|e| socket_error(&socket, "create", e))?;
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| socket_error(&socket, "protect", e))?;
        let inner = Arc::new(Inner {
            path: store.path().to_path_buf(),
            slot: RwLock::new(Slot::Open(store)),
            socket,
            writing: Mutex::new(()),
            subscribers: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
            connections: Connections::new(MAX_CONNECTIONS),
            kept: Mutex::default(),
        });
        let serving = Arc::clone(&inner);
        let acceptor = std::thread::Builder::new()
            .name("improvers-owner".into())
            .spawn(move || accept(serving, listener))
            .map_err(SharedError::Thread)?;
        Ok(Owner {
            inner,
            acceptor: Some(acceptor),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    pub fn apply(&self, change: &Change) -> Result<u64, SharedError> {
        self.inner.apply(change)
    }

    /// The programme and the sequence number of the last change it includes.
    pub fn snapshot(&self, scope: Scope) -> Result<(u64, Snapshot), SharedError> {
        self.inner.snapshot(scope)
    }

    pub fn history(&self, newest_first_limit: usize) -> Result<Vec<HistoryEntry>, SharedError> {
        self.inner.read(|store| store.history(newest_first_limit))
    }

    pub fn last_seq(&self) -> Result<u64, SharedError> {
        self.inner.read(Store::last_seq)
    }

    /// Writes a complete, consistent copy of the database to `file`.
    pub fn backup(&self, file: &Path) -> Result<BackupSummary, SharedError> {
        self.inner.backup(file)
    }

    /// The kept figures checked against the records.
    pub fn check(&self) -> Result<CheckReport, SharedError> {
        self.inner.read(Store::check)
    }

    /// Restores `backup` into the database, which must be empty.
    pub fn restore_backup(&self, backup: &Backup) -> Result<BackupSummary, SharedError> {
        let _writing = self.inner.lock_writing();
        let restored = self.inner.read(|store| store.restore_backup(backup));
        self.inner.after_write(restored)
    }

    /// Every change after `after`, first those already made, then each as it is applied.
    pub fn subscribe(&self, after: u64) -> Result<Receiver<Notice>, SharedError> {
        self.inner.subscribe(after)
    }
}

impl Owner {
    /// Ends the process, with success, once it has only read: stops serving and removes its
    /// socket as dropping the owner does, but leaves sled's files as they are instead of
    /// closing them, which costs `status` a flush, a look at every file and the wait for
    /// sled's threads. That is safe because nothing was acknowledged as saved from here:
    /// ending the process now is what a `kill -9` would do, which sled's log is made to
    /// survive (the next open replays the same log), and anything sled did meanwhile on its
    /// own (its recovery on opening, or a page split by a read, kept in memory) is either
    /// already on disk in full or dropped, leaving the programme as it was found. Should a
    /// change have been applied through this owner meanwhile (another process asked), the
    /// owner is dropped as usual first, so the database is left settled.
    pub fn exit_after_reading(mut self) -> ! {
        self.stop_serving();
        let wrote = {
            // A change being applied holds `writing` until it is on disk and announced.
            let _writing = self.inner.lock_writing();
            match &*self
                .inner
                .slot
                .read()
                .unwrap_or_else(PoisonError::into_inner)
            {
                Slot::Open(store) => store.wrote_anything(),
                Slot::Closed(_) => true,
                Slot::Gone => false,
            }
        };
        if wrote {
            drop(self);
        } else {
            // Not dropped: the files stay as they are until the process has gone.
            std::mem::forget(self);
        }
        std::process::exit(0)
    }

    /// Tells subscribers and clients the owner is going, waits for the acceptor to stop and
    /// removes the socket. Doing it twice does nothing more.
    fn stop_serving(&mut self) {
        self.inner.stopping.store(true, Ordering::SeqCst);
        // Subscribers see their stream end and look for a new owner.
        self.inner
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        if let Some(acceptor) = self.acceptor.take() {
            // Wake the acceptor so it sees that it should stop.
            let _ = UnixStream::connect(&self.inner.socket);
            let _ = acceptor.join();
            self.inner.connections.close_all();
            let _ = std::fs::remove_file(&self.inner.socket);
        }
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        self.stop_serving();
        self.inner.settle();
    }
}

impl Inner {
    fn lock_writing(&self) -> std::sync::MutexGuard<'_, ()> {
        self.writing.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `op` on the open database, opening it again first if a write failed since.
    pub(super) fn read<T>(
        &self,
        op: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, SharedError> {
        {
            let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
            match &*slot {
                Slot::Open(store) => return Ok(op(store)?),
                Slot::Gone => return Err(SharedError::OwnerGone),
                Slot::Closed(_) => {}
            }
        }
        let mut slot = self.slot.write().unwrap_or_else(PoisonError::into_inner);
        reopen(&mut slot)?;
        match &*slot {
            Slot::Open(store) => Ok(op(store)?),
            _ => Err(SharedError::OwnerGone),
        }
    }

    /// After a write that failed on the way to the disk, closes the database so it is opened
    /// afresh (and so works again once there is room) before anything else is read from it.
    fn after_write<T>(&self, result: Result<T, SharedError>) -> Result<T, SharedError> {
        match &result {
            Ok(_) => {}
            Err(SharedError::Store(e)) if failed_on_disk(e) => {
                let mut slot = self.slot.write().unwrap_or_else(PoisonError::into_inner);
                match std::mem::replace(&mut *slot, Slot::Gone) {
                    Slot::Open(store) => {
                        *slot = Slot::Closed(store.close());
                        // Opened again at once if it can be; if not, the next request tries.
                        let _ = reopen(&mut slot);
                    }
                    // Already closed (opening it again is what failed) or stopping: as it was.
                    other => *slot = other,
                }
            }
            Err(_) => {}
        }
        result
    }

    pub(super) fn apply(&self, change: &Change) -> Result<u64, SharedError> {
        let _writing = self.lock_writing();
        self.apply_held(change)
    }

    /// `apply`, for a caller already holding `writing`.
    fn apply_held(&self, change: &Change) -> Result<u64, SharedError> {
        let followed = self.with_followed_invitees(change)?;
        let change = &followed;
        self.room_for(change)?;
        let before = self.read(Store::last_seq)?;
        let applied = self.read(|store| store.apply(change, &current_user(), Utc::now()));
        let seq = match self.after_write(applied) {
            Ok(seq) => seq,
            // sled may have written the whole change before the write that failed (its
            // transactions are all or nothing on disk): once opened again, look.
            Err(e) => match self.read(Store::last_seq) {
                Ok(now) if now > before => now,
                Ok(_) => return Err(e),
                Err(_) => return Err(SharedError::Unconfirmed(Box::new(e))),
            },
        };
        if crate::domain::people::erasure::is_erasure(change) {
            // Before it is announced, so nobody hears of what was erased, and while changes
            // wait: readers wait for the new files rather than fail.
            self.rewrite()?;
        }
        if let Some(entry) = self.read(|store| store.history_entry(seq))? {
            self.announce(&entry);
        }
        Ok(seq)
    }

    /// `change` with the edits that keep upcoming sessions' invitee lists following who takes
    /// part (`invitees::follow_participants`). Here, because every change from every process
    /// passes this point, with the writing lock held, so the lists are worked out from the
    /// programme exactly as the change finds it.
    fn with_followed_invitees(&self, change: &Change) -> Result<Change, SharedError> {
        let touches_people = change
            .keys()
            .iter()
            .any(|key| matches!(key, RecordKey::Participant(_)));
        if !touches_people {
            return Ok(change.clone());
        }
        let data = self.read(|store| store.snapshot(Scope::WithoutExpenses))?;
        let today = Utc::now().with_timezone(&data.zone()).date_naive();
        Ok(invitees::with_followed_invitees(
            &data,
            change.clone(),
            today,
        ))
    }

    /// Rewrites the database into fresh files without the people erased (see
    /// `Store::rewrite_without_erased`) and carries on serving from them.
    fn rewrite(&self) -> Result<(), SharedError> {
        let mut slot = self.slot.write().unwrap_or_else(PoisonError::into_inner);
        match std::mem::replace(&mut *slot, Slot::Gone) {
            Slot::Open(store) => match store.rewrite_without_erased() {
                Ok(store) => {
                    *slot = Slot::Open(store);
                    Ok(())
                }
                Err((closed, e)) => {
                    *slot = Slot::Closed(closed);
                    let _ = reopen(&mut slot);
                    Err(e.into())
                }
            },
            other => {
                *slot = other;
                Ok(())
            }
        }
    }

    /// Refuses a change, before sled sees it, when the disk holding the database has too
    /// little room for it: a write that fails on the way to the disk makes sled refuse all
    /// others and costs a reopen, which itself needs room, so reading would stop working too.
    /// Counted generously: the change is stored with its history entry, the values it
    /// replaced and the kept figures, and sled may start a new segment of its log.
    fn room_for(&self, change: &Change) -> Result<(), SharedError> {
        let Ok(stats) = nix::sys::statvfs::statvfs(self.path.as_path()) else {
            // Nothing known: let the write itself find out.
            return Ok(());
        };
        #[allow(clippy::useless_conversion)] // the types differ between systems
        let free =
            u64::from(stats.blocks_available()).saturating_mul(u64::from(stats.fragment_size()));
        let size = crate::store::codec::encode(change).map_or(0, |bytes| bytes.len() as u64);
        if free >= size.saturating_mul(4).saturating_add(HEADROOM) {
            return Ok(());
        }
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        Err(StoreError::io(&self.path, "save to", full).into())
    }

    fn announce(&self, entry: &HistoryEntry) {
        let mut subscribers = self
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        subscribers.retain(|s| s.send(Notice::Applied(Box::new(entry.clone()))).is_ok());
    }

    pub(super) fn backup(&self, file: &Path) -> Result<BackupSummary, SharedError> {
        // Changes wait while the copy is taken and entered in the register, so it is one
        // consistent moment and the register's next number is still free.
        let _writing = self.lock_writing();
        let written = self.read(|store| store.write_backup(file, &current_user()))?;
        let reason = match self.apply_held(&register_change(&written.entry)) {
            Ok(_) => return Ok(written.summary),
            Err(SharedError::Store(e)) => e,
            Err(other) => StoreError::Database {
                path: self.path.clone(),
                action: "enter the backup in its register",
                reason: other.to_string(),
            },
        };
        Ok(unregistered(file, written.summary, reason)?)
    }

    pub(super) fn snapshot(&self, scope: Scope) -> Result<(u64, Snapshot), SharedError> {
        let _writing = self.lock_writing();
        self.read(|store| Ok((store.last_seq()?, store.snapshot(scope)?)))
    }

    /// The finished `status` report for a client: the one already worked out this minute if
    /// nothing changed since, else worked out from the kept programme (one cohort's report
    /// reads its expenses, as the client would have). A cohort the programme does not have is
    /// refused, named.
    pub(super) fn status(&self, request: &StatusRequest) -> Result<String, SharedError> {
        let now = Utc::now();
        let minute = now.timestamp().div_euclid(60);
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = self.read(Store::last_seq)?;
        if kept.seq != seq {
            *kept = Kept {
                seq,
                ..Kept::default()
            };
        }
        if let Some((_, _, text)) = kept
            .reports
            .iter()
            .find(|(asked, at, _)| asked == request && *at == minute)
        {
            return Ok(text.clone());
        }
        let data = if request.reads_expenses() {
            let (seq_read, data) = self.snapshot(Scope::Everything)?;
            (seq_read, Arc::new(data))
        } else {
            match &kept.data {
                Some((day, data)) if *day == today(data) => (seq, Arc::clone(data)),
                _ => {
                    // Dropped first, so two copies are never held at once.
                    kept.data = None;
                    let (seq_read, data) = self.snapshot(Scope::Summary)?;
                    let data = Arc::new(data);
                    if seq_read == seq {
                        kept.data = Some((today(&data), Arc::clone(&data)));
                    }
                    (seq_read, data)
                }
            }
        };
        let text = report(&data.1, LocalNow::new(now, data.1.zone()), request)
            .map_err(|e| SharedError::Refused(format!("{e:#}")))?;
        // A change that landed meanwhile makes the report not worth keeping.
        if data.0 == seq {
            kept.reports.retain(|(_, at, _)| *at == minute);
            kept.reports.truncate(KEPT_REPORTS - 1);
            kept.reports.push((request.clone(), minute, text.clone()));
        }
        Ok(text)
    }

    pub(super) fn subscribe(&self, after: u64) -> Result<Receiver<Notice>, SharedError> {
        let (sender, receiver) = channel();
        let _writing = self.lock_writing();
        for entry in self.read(|store| store.history_after(after))? {
            // The receiver is still in hand, so this cannot fail.
            let _ = sender.send(Notice::Applied(Box::new(entry)));
        }
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sender);
        Ok(receiver)
    }

    /// Closes the database for good, settled (`Store::close_settled`), so the next process
    /// can open it to read even from a full disk.
    fn settle(&self) {
        let mut slot = self.slot.write().unwrap_or_else(PoisonError::into_inner);
        if let Slot::Open(store) = std::mem::replace(&mut *slot, Slot::Gone) {
            store.close_settled();
        }
    }
}

/// Today where the programme is: the expenses a summary flags (estimates dated before today)
/// change with it.
fn today(data: &Snapshot) -> NaiveDate {
    Utc::now().with_timezone(&data.zone()).date_naive()
}

/// Opens a closed database again in `slot`; the slot stays closed (and the folder this
/// process's) if it cannot be, and the reason is returned.
fn reopen(slot: &mut Slot) -> Result<(), SharedError> {
    match std::mem::replace(slot, Slot::Gone) {
        Slot::Closed(closed) => match closed.reopen() {
            Ok(store) => {
                *slot = Slot::Open(store);
                Ok(())
            }
            Err((closed, e)) => {
                *slot = Slot::Closed(closed);
                Err(e.into())
            }
        },
        other => {
            *slot = other;
            Ok(())
        }
    }
}

/// An error from the operating system or sled on the way to the disk, after which sled
/// refuses every further write until the database is opened again.
fn failed_on_disk(e: &StoreError) -> bool {
    matches!(e, StoreError::Io { .. } | StoreError::Database { .. })
}

fn socket_error(socket: &Path, action: &'static str, error: std::io::Error) -> SharedError {
    SharedError::Socket {
        socket: socket.to_path_buf(),
        folder: socket.parent().unwrap_or(socket).to_path_buf(),
        action,
        error,
    }
}
