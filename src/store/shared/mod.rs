//! Sharing one database between improvers processes: the first to open it owns it and serves
//! the others over a Unix socket in the database folder; the others are its clients.

mod client;
mod connections;
mod database;
mod error;
mod owner;
pub mod protocol;
mod serving;

pub use client::{Client, Subscription};
pub use database::{Database, MadeError, REMAKES};
pub use error::SharedError;
pub use owner::Owner;

use crate::domain::change::HistoryEntry;
use nix::sys::socket::UnixCredentials;
use std::os::unix::net::UnixStream;

/// The owner's socket, beside the database's files (so it shares the folder's 0700).
pub const SOCKET_NAME: &str = "owner.sock";

/// What a subscriber hears.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A change that has been applied and flushed.
    Applied(Box<HistoryEntry>),
    /// The owner stopped; open the database again to find or become the new one.
    OwnerGone,
}

/// Who is at the other end of `stream` (their user and process id), as the system tells it
/// without a word exchanged.
fn peer(stream: &UnixStream) -> Option<UnixCredentials> {
    use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
    getsockopt(stream, PeerCredentials).ok()
}
