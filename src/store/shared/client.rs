//! A client: an improvers process that talks to the database's owner instead of opening the
//! database itself. Each request uses a fresh connection; a subscription keeps one open.

use super::SOCKET_NAME;
use super::error::SharedError;
use super::protocol::{
    PROTOCOL, Request, Response, UNREADABLE, read_hello, read_message, write_hello, write_message,
};
use crate::domain::change::{Change, HistoryEntry};
use crate::domain::check::CheckReport;
use crate::domain::snapshot::Snapshot;
use crate::io::status::StatusRequest;
use crate::store::{BackupSummary, Scope};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Long enough for the owner to read a whole large programme.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);

/// An owner greets back at once from the thread that accepts connections, whatever it is
/// doing; one silent this long is stopped or stuck, and is not waited on for minutes.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the connection made by `connect` is kept for a `status` request: well within the
/// owner's idle timeout, so it is still open when used.
const SPARE_FOR: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Client {
    db: PathBuf,
    socket: PathBuf,
    /// The connection `connect` made to greet the owner, kept so that `status` needs no
    /// second one (a phone over SSH pays for every round trip); with when it was made.
    spare: Arc<Mutex<Option<(UnixStream, Instant)>>>,
}

impl Client {
    /// Finds the owner of the database at `db` and checks it speaks our protocol.
    pub fn connect(db: &Path) -> Result<Client, SharedError> {
        let client = Client {
            db: db.to_path_buf(),
            socket: db.join(SOCKET_NAME),
            spare: Arc::default(),
        };
        let stream = client.open()?;
        *client.spare.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((stream, Instant::now()));
        Ok(client)
    }

    pub fn path(&self) -> &Path {
        &self.db
    }

    /// The process id of whoever listens on the socket of the database at `db` (the owner), as
    /// the system tells it when connecting, without a word exchanged.
    pub fn owner_pid(db: &Path) -> Option<i32> {
        let stream = UnixStream::connect(db.join(SOCKET_NAME)).ok()?;
        super::peer(&stream).map(|c| c.pid())
    }

    fn open(&self) -> Result<UnixStream, SharedError> {
        let mut stream = UnixStream::connect(&self.socket).map_err(SharedError::io)?;
        stream
            .set_read_timeout(Some(HELLO_TIMEOUT))
            .map_err(SharedError::io)?;
        write_hello(&mut stream).map_err(SharedError::io)?;
        let theirs = read_hello(&mut stream)?;
        stream
            .set_read_timeout(Some(ANSWER_TIMEOUT))
            .map_err(SharedError::io)?;
        if theirs != PROTOCOL {
            return Err(SharedError::Incompatible {
                path: self.db.clone(),
                theirs,
                ours: PROTOCOL,
            });
        }
        Ok(stream)
    }

    fn call(&self, request: &Request) -> Result<Response, SharedError> {
        let mut stream = self.open()?;
        write_message(&mut stream, request)?;
        match read_message(&mut stream)? {
            Response::Refused(reason) => Err(SharedError::Refused(reason)),
            Response::Taken(reason) => Err(SharedError::Taken(reason)),
            response => Ok(response),
        }
    }

    /// The finished `status` report, over the connection `connect` made when it is fresh;
    /// `None` from an owner too old to know the request, so the caller reads the programme
    /// itself.
    pub fn status(&self, request: &StatusRequest) -> Result<Option<String>, SharedError> {
        let spare = self
            .spare
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .filter(|(_, made)| made.elapsed() < SPARE_FOR);
        let mut stream = match spare {
            Some((stream, _)) => stream,
            None => self.open()?,
        };
        write_message(&mut stream, &Request::Status(request.clone()))?;
        match read_message(&mut stream)? {
            Response::Report(text) => Ok(Some(text)),
            Response::Refused(reason) if reason.starts_with(UNREADABLE) => Ok(None),
            Response::Refused(reason) => Err(SharedError::Refused(reason)),
            other => Err(unexpected(&other)),
        }
    }

    pub fn snapshot(&self, scope: Scope) -> Result<(u64, Snapshot), SharedError> {
        match self.call(&Request::Snapshot(scope))? {
            Response::Snapshot { seq, snapshot } => Ok((seq, *snapshot)),
            other => Err(unexpected(&other)),
        }
    }

    pub fn apply(&self, change: &Change) -> Result<u64, SharedError> {
        match self.call(&Request::Apply(Box::new(change.clone())))? {
            Response::Applied { seq } => Ok(seq),
            other => Err(unexpected(&other)),
        }
    }

    pub fn history(&self, newest_first_limit: usize) -> Result<Vec<HistoryEntry>, SharedError> {
        let limit = u64::try_from(newest_first_limit).unwrap_or(u64::MAX);
        match self.call(&Request::History {
            newest_first_limit: limit,
        })? {
            Response::History(entries) => Ok(entries),
            other => Err(unexpected(&other)),
        }
    }

    pub fn last_seq(&self) -> Result<u64, SharedError> {
        match self.call(&Request::LastSeq)? {
            Response::Seq(seq) => Ok(seq),
            other => Err(unexpected(&other)),
        }
    }

    /// Asks the owner to write a backup to `file`.
    pub fn backup(&self, file: &Path) -> Result<BackupSummary, SharedError> {
        // The owner's working folder is not ours: send the whole path.
        let file = std::path::absolute(file).map_err(SharedError::Io)?;
        match self.call(&Request::Backup { file })? {
            Response::BackedUp(summary) => Ok(summary),
            other => Err(unexpected(&other)),
        }
    }

    /// Asks the owner to check its kept figures against its records.
    pub fn check(&self) -> Result<CheckReport, SharedError> {
        match self.call(&Request::Check)? {
            Response::Checked(report) => Ok(report),
            other => Err(unexpected(&other)),
        }
    }

    /// Every change after `after`, as the owner applies it, until the owner goes away.
    pub fn subscribe(&self, after: u64) -> Result<Subscription, SharedError> {
        let mut stream = self.open()?;
        // A subscription is quiet until something changes.
        stream.set_read_timeout(None).map_err(SharedError::io)?;
        write_message(&mut stream, &Request::Subscribe { after })?;
        Ok(Subscription { stream })
    }
}

fn unexpected(response: &Response) -> SharedError {
    let name = match response {
        Response::Snapshot { .. } => "a snapshot",
        Response::Applied { .. } => "an acknowledgement",
        Response::History(_) => "history",
        Response::Seq(_) => "a sequence number",
        Response::Event(_) => "a change",
        Response::Refused(_) | Response::Taken(_) => "a refusal",
        Response::BackedUp(_) => "a backup summary",
        Response::Checked(_) => "a check",
        Response::Report(_) => "a status report",
    };
    SharedError::Protocol(format!("the owner answered with {name} out of turn"))
}

pub struct Subscription {
    stream: UnixStream,
}

impl Subscription {
    /// The next change; `SharedError::OwnerGone` when the owner stops.
    pub fn next_change(&mut self) -> Result<HistoryEntry, SharedError> {
        match read_message(&mut self.stream)? {
            Response::Event(entry) => Ok(*entry),
            Response::Refused(reason) => Err(SharedError::Refused(reason)),
            other => Err(unexpected(&other)),
        }
    }
}
