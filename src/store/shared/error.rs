//! What can go wrong between improvers processes sharing a database, in words for the person
//! at the keyboard.

use crate::store::StoreError;
use crate::store::error::{os_sentence, os_words};
use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SharedError {
    #[error(transparent)]
    Store(#[from] StoreError),

    /// The owner went away mid-conversation (it quit or was killed).
    #[error("the improvers process that had the database open has stopped")]
    OwnerGone,

    #[error(
        "the improvers that has the database at {} open speaks protocol {theirs} and this one speaks {ours}; run the same version of improvers everywhere (upgrade the older one)",
        path.display()
    )]
    Incompatible {
        path: PathBuf,
        theirs: u32,
        ours: u32,
    },

    #[error(
        "another improvers holds the database at {} but does not answer; if no improvers is running, try again in a moment",
        path.display()
    )]
    NotAnswering { path: PathBuf },

    /// The owner, process `pid`, is stopped (Ctrl-Z in its terminal, or SIGSTOP), so it
    /// answers nobody until it is resumed.
    #[error(
        "improvers process {pid} holds the database at {} but is stopped (as Ctrl-Z in its \
         terminal stops it), so it answers nobody; resume it with `fg` in that terminal or \
         `kill -CONT {pid}`, or end it with `kill {pid}`",
        path.display()
    )]
    OwnerStopped { path: PathBuf, pid: i32 },

    #[error("the database at {} is being served by another improvers; stop it first", path.display())]
    AlreadyServed { path: PathBuf },

    #[error("{0}")]
    Refused(String),

    /// The owner refused a change because a record it adds took an id someone else's record
    /// took first (`StoreError::Taken`, as the owner worded it).
    #[error("{0}")]
    Taken(String),

    #[error("improvers processes could not understand each other: {0}")]
    Protocol(String),

    #[error("cannot reach the improvers that has the database open: {}", os_words(.0))]
    Io(io::Error),

    /// The owner's socket (in the database folder) could not be made ready.
    #[error(
        "{}",
        os_sentence(action, &format!("the socket {}", socket.display()), folder, error)
    )]
    Socket {
        socket: PathBuf,
        folder: PathBuf,
        action: &'static str,
        error: io::Error,
    },

    /// A change failed on the way to the disk, and the database cannot be opened again yet
    /// to see whether it was saved all the same.
    #[error(
        "{0}; the change may or may not have been saved: look for it once the problem is \
         fixed, before making it again"
    )]
    Unconfirmed(Box<SharedError>),

    #[error(
        "improvers could not start a thread ({}); the system is short of memory or processes: \
         close something and try again",
        os_words(.0)
    )]
    Thread(io::Error),
}

impl SharedError {
    /// Whether a change was refused only because an id it gave a new record was taken
    /// meanwhile, so that making it again from the newer programme would succeed.
    pub fn is_taken(&self) -> bool {
        matches!(
            self,
            SharedError::Taken(_) | SharedError::Store(StoreError::Taken { .. })
        )
    }

    /// A broken or closed connection means the owner is gone; anything else is reported as is.
    pub fn io(error: io::Error) -> SharedError {
        match error.kind() {
            io::ErrorKind::UnexpectedEof
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted => SharedError::OwnerGone,
            _ => SharedError::Io(error),
        }
    }
}
