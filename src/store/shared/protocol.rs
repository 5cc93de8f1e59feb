//! The conversation between the process that owns a database and the other improvers
//! processes: a handshake naming the protocol version, then length-prefixed messages encoded
//! by the store's codec. Every message has a size limit, so a broken or hostile peer can cost
//! the owner a closed connection and nothing more.

use super::error::SharedError;
use crate::domain::change::{Change, HistoryEntry};
use crate::domain::check::CheckReport;
use crate::domain::snapshot::Snapshot;
use crate::store::codec;
use crate::store::{BackupSummary, Scope};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::Instant;

/// Raised whenever a message changes shape. Both sides must speak the same one.
pub const PROTOCOL: u32 = 8;

/// Opens every handshake, so a stray connection is told apart from an improvers at once.
const MAGIC: &[u8; 8] = b"IMPRVRS\x01";

/// The largest message either side accepts: a whole programme at benchmark scale fits with
/// room to spare.
pub const MAX_MESSAGE: u32 = 64 * 1024 * 1024;

/// What a client asks. Variants are only ever appended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Snapshot(Scope),
    Apply(Box<Change>),
    History {
        newest_first_limit: u64,
    },
    LastSeq,
    /// Turns the connection into a stream of every change after `after`, as it is applied.
    Subscribe {
        after: u64,
    },
    /// Writes a backup of the database to `file` (an absolute path; same user only).
    Backup {
        file: PathBuf,
    },
    /// Works out the kept figures again from the records and reports any difference.
    Check,
}

/// What the owner answers. Variants are only ever appended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The programme as of change `seq`.
    Snapshot {
        seq: u64,
        snapshot: Box<Snapshot>,
    },
    Applied {
        seq: u64,
    },
    History(Vec<HistoryEntry>),
    Seq(u64),
    /// One change, pushed on a subscription.
    Event(Box<HistoryEntry>),
    /// The request was understood but could not be done; the text is for the user.
    Refused(String),
    BackedUp(BackupSummary),
    Checked(CheckReport),
    /// A change was refused because a record it adds took an id that someone else's record
    /// took first; the text is for the user, and the client may make the change again.
    Taken(String),
}

/// Sends this side's handshake: the magic bytes and the protocol version.
pub fn write_hello(out: &mut impl Write) -> io::Result<()> {
    let mut hello = [0u8; 12];
    hello[..8].copy_from_slice(MAGIC);
    hello[8..].copy_from_slice(&PROTOCOL.to_be_bytes());
    out.write_all(&hello)?;
    out.flush()
}

/// Reads the other side's handshake and returns its protocol version.
pub fn read_hello(input: &mut impl Read) -> Result<u32, SharedError> {
    let mut hello = [0u8; 12];
    input.read_exact(&mut hello).map_err(SharedError::io)?;
    if &hello[..8] != MAGIC {
        return Err(SharedError::Protocol(
            "the other side is not an improvers process".into(),
        ));
    }
    let mut version = [0u8; 4];
    version.copy_from_slice(&hello[8..]);
    Ok(u32::from_be_bytes(version))
}

pub fn write_message<T: Serialize>(out: &mut impl Write, message: &T) -> Result<(), SharedError> {
    let bytes = codec::encode(message).map_err(|e| SharedError::Protocol(e.to_string()))?;
    let len = u32::try_from(bytes.len())
        .ok()
        .filter(|&n| n <= MAX_MESSAGE)
        .ok_or_else(|| {
            SharedError::Protocol(format!(
                "a message of {} bytes is over the limit of {MAX_MESSAGE}",
                bytes.len()
            ))
        })?;
    out.write_all(&len.to_be_bytes()).map_err(SharedError::io)?;
    out.write_all(&bytes).map_err(SharedError::io)?;
    out.flush().map_err(SharedError::io)
}

pub fn read_message<T: DeserializeOwned>(input: &mut impl Read) -> Result<T, SharedError> {
    let mut len = [0u8; 4];
    input.read_exact(&mut len).map_err(SharedError::io)?;
    let len = u32::from_be_bytes(len);
    if len > MAX_MESSAGE {
        return Err(SharedError::Protocol(format!(
            "a message of {len} bytes is over the limit of {MAX_MESSAGE}"
        )));
    }
    let mut bytes = vec![0u8; len as usize];
    input.read_exact(&mut bytes).map_err(SharedError::io)?;
    codec::decode(&bytes).map_err(|e| SharedError::Protocol(format!("unreadable message: {e}")))
}

/// Reads from a stream until a fixed moment, however the bytes trickle in: a per-read
/// timeout alone is reset by every byte, so a peer sending one byte a second would never time
/// out. Past the deadline a read fails with `TimedOut`.
pub struct Deadline<'a> {
    stream: &'a UnixStream,
    until: Instant,
}

impl<'a> Deadline<'a> {
    pub fn new(stream: &'a UnixStream, until: Instant) -> Deadline<'a> {
        Deadline { stream, until }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::from(io::ErrorKind::TimedOut));
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        match stream.read(buf) {
            // What a socket's read timeout gives on Linux.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                Err(io::Error::from(io::ErrorKind::TimedOut))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn framed(request: &Request) -> Vec<u8> {
        let mut out = Vec::new();
        write_message(&mut out, request).unwrap();
        out
    }

    #[test]
    fn messages_round_trip() {
        let request = Request::History {
            newest_first_limit: 20,
        };
        let bytes = framed(&request);
        let back: Request = read_message(&mut Cursor::new(bytes)).unwrap();
        assert_eq!(back, request);
    }

    #[test]
    fn a_handshake_names_the_version_and_refuses_strangers() {
        let mut out = Vec::new();
        write_hello(&mut out).unwrap();
        assert_eq!(read_hello(&mut Cursor::new(out)).unwrap(), PROTOCOL);
        let err = read_hello(&mut Cursor::new(b"GET / HTTP/1.1\r\n".to_vec())).unwrap_err();
        assert!(err.to_string().contains("not an improvers"), "{err}");
    }

    #[test]
    fn an_oversized_length_is_refused_before_anything_is_allocated() {
        let mut bytes = (MAX_MESSAGE + 1).to_be_bytes().to_vec();
        bytes.extend([0u8; 16]);
        let err = read_message::<Request>(&mut Cursor::new(bytes)).unwrap_err();
        assert!(err.to_string().contains("over the limit"), "{err}");
    }

    #[test]
    fn a_hello_sent_a_byte_at_a_time_past_its_deadline_is_given_up_on() {
        use std::time::Duration;
        let (ours, mut theirs) = UnixStream::pair().unwrap();
        let trickle = std::thread::spawn(move || {
            let mut hello = Vec::new();
            write_hello(&mut hello).unwrap();
            for byte in hello {
                if theirs.write_all(&[byte]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let until = Instant::now() + Duration::from_millis(200);
        let err = read_hello(&mut Deadline::new(&ours, until)).unwrap_err();
        match err {
            SharedError::Io(e) => assert_eq!(e.kind(), io::ErrorKind::TimedOut),
            other => panic!("expected a timeout, got {other}"),
        }
        drop(ours);
        trickle.join().unwrap();
    }

    #[test]
    fn truncated_and_garbled_messages_are_errors_not_panics() {
        let mut bytes = framed(&Request::LastSeq);
        bytes.pop();
        assert!(read_message::<Request>(&mut Cursor::new(bytes)).is_err());
        let mut garbage = 5u32.to_be_bytes().to_vec();
        garbage.extend([codec::FORMAT, 0xff, 0xff, 0xff, 0xff]);
        assert!(read_message::<Request>(&mut Cursor::new(garbage)).is_err());
        assert!(read_message::<Request>(&mut Cursor::new(Vec::new())).is_err());
    }
}
