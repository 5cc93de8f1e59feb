//! The owner: the one process that has the database open. It applies every change in order,
//! serves the other improvers processes over a Unix socket in the database folder, and tells
//! every subscriber about each change as it lands.

use super::error::SharedError;
use super::protocol::{
    PROTOCOL, Request, Response, read_hello, read_message, write_hello, write_message,
};
use super::{Notice, SOCKET_NAME};
use crate::domain::change::{Change, HistoryEntry};
use crate::domain::check::CheckReport;
use crate::domain::snapshot::Snapshot;
use crate::store::{BackupSummary, Scope, Store, current_user};
use chrono::Utc;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// A peer must say hello this quickly, and a request connection may sit idle this long.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// A subscriber that stops reading is dropped rather than allowed to stall the owner.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// More connections than this at once are turned away: a runaway script cannot exhaust the
/// owner's threads.
const MAX_CONNECTIONS: usize = 64;

pub struct Owner {
    inner: Arc<Inner>,
    acceptor: Option<JoinHandle<()>>,
}

struct Inner {
    store: Store,
    socket: PathBuf,
    /// Held while a change is applied and announced, so subscribers hear changes in order.
    writing: Mutex<()>,
    subscribers: Mutex<Vec<Sender<Notice>>>,
    stopping: AtomicBool,
    connections: AtomicUsize,
}

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
            store,
            socket,
            writing: Mutex::new(()),
            subscribers: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
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
        self.inner.store.path()
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn apply(&self, change: &Change) -> Result<u64, SharedError> {
        self.inner.apply(change)
    }

    /// The programme and the sequence number of the last change it includes.
    pub fn snapshot(&self, scope: Scope) -> Result<(u64, Snapshot), SharedError> {
        self.inner.snapshot(scope)
    }

    pub fn history(&self, newest_first_limit: usize) -> Result<Vec<HistoryEntry>, SharedError> {
        Ok(self.inner.store.history(newest_first_limit)?)
    }

    pub fn last_seq(&self) -> Result<u64, SharedError> {
        Ok(self.inner.store.last_seq()?)
    }

    /// Writes a complete, consistent copy of the database to `file`.
    pub fn backup(&self, file: &Path) -> Result<BackupSummary, SharedError> {
        self.inner.backup(file)
    }

    /// The kept figures checked against the records.
    pub fn check(&self) -> Result<CheckReport, SharedError> {
        Ok(self.inner.store.check()?)
    }

    /// Every change after `after`, first those already made, then each as it is applied.
    pub fn subscribe(&self, after: u64) -> Result<Receiver<Notice>, SharedError> {
        self.inner.subscribe(after)
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        self.inner.stopping.store(true, Ordering::SeqCst);
        // Subscribers see their stream end and look for a new owner.
        self.inner
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        // Wake the acceptor so it sees that it should stop.
        let _ = UnixStream::connect(&self.inner.socket);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let _ = std::fs::remove_file(&self.inner.socket);
    }
}

impl Inner {
    fn apply(&self, change: &Change) -> Result<u64, SharedError> {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = self.store.apply(change, &current_user(), Utc::now())?;
        if let Some(entry) = self.store.history_entry(seq)? {
            self.announce(&entry);
        }
        Ok(seq)
    }

    fn announce(&self, entry: &HistoryEntry) {
        let mut subscribers = self
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        subscribers.retain(|s| s.send(Notice::Applied(Box::new(entry.clone()))).is_ok());
    }

    fn backup(&self, file: &Path) -> Result<BackupSummary, SharedError> {
        // Changes wait while the copy is taken, so it is one consistent moment.
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(self.store.backup(file)?)
    }

    fn snapshot(&self, scope: Scope) -> Result<(u64, Snapshot), SharedError> {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = self.store.last_seq()?;
        Ok((seq, self.store.snapshot(scope)?))
    }

    fn subscribe(&self, after: u64) -> Result<Receiver<Notice>, SharedError> {
        let (sender, receiver) = channel();
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        for entry in self.store.history_after(after)? {
            // The receiver is still in hand, so this cannot fail.
            let _ = sender.send(Notice::Applied(Box::new(entry)));
        }
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sender);
        Ok(receiver)
    }
}

fn socket_error(socket: &Path, action: &'static str, error: std::io::Error) -> SharedError {
    SharedError::Socket {
        socket: socket.to_path_buf(),
        folder: socket.parent().unwrap_or(socket).to_path_buf(),
        action,
        error,
    }
}

fn accept(inner: Arc<Inner>, listener: UnixListener) {
    for stream in listener.incoming() {
        if inner.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        if !same_user(&stream) {
            // Only the database's own user may talk to it; say nothing to anyone else.
            continue;
        }
        if inner.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            inner.connections.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let serving = Arc::clone(&inner);
        let spawned = std::thread::Builder::new()
            .name("improvers-client".into())
            .spawn(move || {
                serve(&serving, stream);
                serving.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            inner.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn same_user(stream: &UnixStream) -> bool {
    use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
    getsockopt(stream, PeerCredentials)
        .map(|peer| peer.uid() == nix::unistd::getuid().as_raw())
        .unwrap_or(false)
}

/// One client connection: the handshake, then requests until the client goes quiet or away.
/// Whatever a client sends, the worst outcome is that its connection is closed.
fn serve(inner: &Inner, mut stream: UnixStream) {
    let _ = stream.set_read_timeout(Some(HANDSHAKE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(theirs) = read_hello(&mut stream) else {
        return;
    };
    if write_hello(&mut stream).is_err() || theirs != PROTOCOL {
        // The client reads our version from the hello and explains the mismatch itself.
        return;
    }
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    loop {
        let request = match read_message::<Request>(&mut stream) {
            Ok(request) => request,
            Err(SharedError::Protocol(reason)) => {
                let _ = write_message(&mut stream, &Response::Refused(reason));
                return;
            }
            Err(_) => return,
        };
        let response = match request {
            Request::Subscribe { after } => {
                stream_changes(inner, stream, after);
                return;
            }
            Request::Snapshot(scope) => {
                inner
                    .snapshot(scope)
                    .map(|(seq, snapshot)| Response::Snapshot {
                        seq,
                        snapshot: Box::new(snapshot),
                    })
            }
            Request::Apply(change) => inner.apply(&change).map(|seq| Response::Applied { seq }),
            Request::History { newest_first_limit } => inner
                .store
                .history(usize::try_from(newest_first_limit).unwrap_or(usize::MAX))
                .map(Response::History)
                .map_err(SharedError::from),
            Request::Backup { file } => inner.backup(&file).map(Response::BackedUp),
            Request::Check => inner
                .store
                .check()
                .map(Response::Checked)
                .map_err(SharedError::from),
            Request::LastSeq => inner
                .store
                .last_seq()
                .map(Response::Seq)
                .map_err(SharedError::from),
        };
        let response = response.unwrap_or_else(|e| Response::Refused(e.to_string()));
        if write_message(&mut stream, &response).is_err() {
            return;
        }
    }
}

fn stream_changes(inner: &Inner, mut stream: UnixStream, after: u64) {
    let Ok(notices) = inner.subscribe(after) else {
        return;
    };
    for notice in notices {
        let Notice::Applied(entry) = notice else {
            return;
        };
        if write_message(&mut stream, &Response::Event(entry)).is_err() {
            return;
        }
    }
}
