//! The owner's side of the socket: accepting connections and serving each on its own thread.
//! Every wait on a peer has a deadline counted from when the wait began, and a full house makes
//! room (see `connections`), so no peer, however slow, idle or greedy, keeps another from being
//! served.

use super::Notice;
use super::connections::{Connections, Stage};
use super::error::SharedError;
use super::owner::Inner;
use super::protocol::{
    Deadline, PROTOCOL, Request, Response, read_hello, read_message, write_hello, write_message,
};
use std::io::Read;
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

/// The whole hello must arrive this soon after the connection is accepted.
const HANDSHAKE_DEADLINE: Duration = Duration::from_secs(3);
/// Once the first byte of a request has arrived, the rest must follow within this: a request
/// is at most `MAX_MESSAGE` over a local socket, which takes well under a second.
const REQUEST_DEADLINE: Duration = Duration::from_secs(15);
/// A request connection may sit idle between requests this long (and is the first to make
/// room when the owner is full).
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// A peer that stops reading its answer is dropped rather than allowed to stall the owner.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a subscriber's thread looks whether its dashboard has gone, between changes.
const SUBSCRIBER_CHECK: Duration = Duration::from_secs(1);
/// At most this many connections at once (so threads), however many processes connect: at
/// the limit the owner closes the most idle one to admit the next.
pub(super) const MAX_CONNECTIONS: usize = 64;

pub(super) fn accept(inner: Arc<Inner>, listener: UnixListener) {
    for stream in listener.incoming() {
        if inner.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let Some(peer) = same_user_peer(&stream) else {
            // Only the database's own user may talk to it; say nothing to anyone else.
            continue;
        };
        let Some(id) = inner.connections.admit(peer, &stream) else {
            continue;
        };
        let serving = Arc::clone(&inner);
        let spawned = std::thread::Builder::new()
            .name("improvers-client".into())
            .spawn(move || {
                serve(&serving, &serving.connections, id, stream);
                serving.connections.leave(id);
            });
        if spawned.is_err() {
            inner.connections.leave(id);
        }
    }
}

/// The process id at the other end, if it runs as the same user as this one.
fn same_user_peer(stream: &UnixStream) -> Option<i32> {
    let peer = super::peer(stream)?;
    (peer.uid() == nix::unistd::getuid().as_raw()).then_some(peer.pid())
}

/// One client connection: the handshake, then requests until the client goes quiet or away.
/// Whatever a client sends, the worst outcome is that its connection is closed.
fn serve(inner: &Inner, connections: &Connections, id: u64, mut stream: UnixStream) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let greeted = Instant::now() + HANDSHAKE_DEADLINE;
    let Ok(theirs) = read_hello(&mut Deadline::new(&stream, greeted)) else {
        return;
    };
    if write_hello(&mut stream).is_err() || theirs != PROTOCOL {
        // The client reads our version from the hello and explains the mismatch itself.
        return;
    }
    loop {
        connections.enter(id, Stage::Idle);
        let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
        let mut first = [0u8; 1];
        match stream.read(&mut first) {
            Ok(1) => {}
            _ => return,
        }
        connections.enter(id, Stage::Receiving);
        let until = Instant::now() + REQUEST_DEADLINE;
        let mut rest = (&first[..]).chain(Deadline::new(&stream, until));
        let request = match read_message::<Request>(&mut rest) {
            Ok(request) => request,
            Err(SharedError::Protocol(reason)) => {
                let _ = write_message(&mut stream, &Response::Refused(reason));
                return;
            }
            Err(_) => return,
        };
        if let Request::Subscribe { after } = request {
            connections.enter(id, Stage::Subscribed);
            stream_changes(inner, stream, after);
            return;
        }
        connections.enter(id, Stage::Working);
        // Giving back takes a few milliseconds on a large heap, with every allocation
        // waiting: only after the requests that read much of the programme, never a change.
        let reads_much = matches!(
            request,
            Request::Snapshot(_)
                | Request::History { .. }
                | Request::Backup { .. }
                | Request::Check
        );
        let response = match answer(inner, request) {
            Ok(response) => response,
            // Closing tells the client to look for the next owner.
            Err(SharedError::OwnerGone) => return,
            Err(e) => refusal(&e),
        };
        connections.enter(id, Stage::Answering);
        let written = write_message(&mut stream, &response);
        drop(response);
        if reads_much {
            crate::memory::give_back_freed_memory();
        }
        if written.is_err() {
            return;
        }
    }
}

fn answer(inner: &Inner, request: Request) -> Result<Response, SharedError> {
    Ok(match request {
        Request::Snapshot(scope) => {
            let (seq, snapshot) = inner.snapshot(scope)?;
            Response::Snapshot {
                seq,
                snapshot: Box::new(snapshot),
            }
        }
        Request::Apply(change) => Response::Applied {
            seq: inner.apply(&change)?,
        },
        Request::History { newest_first_limit } => Response::History(inner.read(|store| {
            store.history(usize::try_from(newest_first_limit).unwrap_or(usize::MAX))
        })?),
        Request::Backup { file } => Response::BackedUp(inner.backup(&file)?),
        Request::Check => Response::Checked(inner.read(|store| store.check())?),
        Request::LastSeq => Response::Seq(inner.read(|store| store.last_seq())?),
        Request::Status(request) => Response::Report(inner.status(&request)?),
        // Handled by the caller: the connection becomes a stream.
        Request::Subscribe { .. } => return Err(SharedError::OwnerGone),
    })
}

/// Sends every change after `after` as it lands, until the dashboard goes away (looked at
/// between changes too, so a closed dashboard does not keep a thread) or the owner stops.
fn stream_changes(inner: &Inner, mut stream: UnixStream, after: u64) {
    let Ok(notices) = inner.subscribe(after) else {
        return;
    };
    loop {
        match notices.recv_timeout(SUBSCRIBER_CHECK) {
            Ok(Notice::Applied(entry)) => {
                if write_message(&mut stream, &Response::Event(entry)).is_err() {
                    return;
                }
            }
            Ok(Notice::OwnerGone) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                if !still_listening(&stream) {
                    return;
                }
            }
        }
    }
}

/// A subscriber sends nothing after its request: anything readable means it has closed (or
/// broken the protocol, which ends it too).
fn still_listening(stream: &UnixStream) -> bool {
    use nix::sys::socket::{MsgFlags, recv};
    use std::os::fd::AsRawFd;
    let mut byte = [0u8; 1];
    let flags = MsgFlags::MSG_PEEK | MsgFlags::MSG_DONTWAIT;
    matches!(
        recv(stream.as_raw_fd(), &mut byte, flags),
        Err(nix::errno::Errno::EAGAIN)
    )
}

/// How a change or request that could not be done is answered. A new record's id taken
/// meanwhile is told apart, so the client can make its change again with a fresh id.
fn refusal(e: &SharedError) -> Response {
    match e {
        SharedError::Store(crate::store::StoreError::Taken { .. }) => {
            Response::Taken(e.to_string())
        }
        other => Response::Refused(other.to_string()),
    }
}
