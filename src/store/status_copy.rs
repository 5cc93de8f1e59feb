//! The status copy: what `status` reads of the programme (`Scope::Summary`: everything but the
//! expenses, with the kept budget totals and the few expenses a policy check flags), kept in
//! one file beside a database that was closed settled. With nobody holding the database,
//! `status` answers from it without opening sled, whose opening alone takes longer on a large
//! programme than the whole answer should.
//!
//! It is a copy, never a record: written only as a database is closed settled, and removed
//! whenever one is opened, so it exists only while no process has touched the database since.
//! It names the size, times and inode of every one of the database's files as the close left
//! them, and is used only while they are all still so, on the day it was made (the expenses a
//! summary flags are estimates dated before today), by the very program file that wrote it (a
//! `Snapshot` is written as it is laid out in memory by that build, with no migration). Anything
//! else (missing, damaged, stale, another day, another build) and `status` reads the database
//! itself, which then says whatever is wrong with it.

use super::codec;
use super::folder::{self, FileStamp, fingerprint};
use super::permissions::write_private;
use crate::domain::ids::QMemberId;
use crate::domain::people::QMember;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The copy's file in the database folder.
pub const FILE: &str = "status-copy";
/// Written first and renamed over `FILE`, so the copy appears whole or not at all.
const PARTIAL: &str = "status-copy.partial";
/// The file's first line, for whoever looks. Then 32 bytes of SHA-256 over the rest; the
/// length of the header (4 bytes, big-endian) and the header (`Header`); then the programme
/// without its Q members (a `Snapshot`) and the Q members (a map by id), each in the codec's
/// format, apart so that two cores read them at once.
const HEADING: &[u8] =
    b"improvers: a copy of the programme for `status`, remade when the database is \
    closed\n";

#[derive(Serialize, Deserialize, PartialEq)]
struct Header {
    /// The program file that wrote the copy (`FileStamp` of it, by its path).
    build: FileStamp,
    files: folder::Fingerprint,
    /// The day (where the programme is) whose flagged expenses the copy holds.
    made_on: NaiveDate,
    /// Bytes of the programme's part; the Q members' part is the rest of the file.
    programme_len: u64,
}

/// The programme as a settled close left it, for `status`.
pub struct StatusCopy {
    /// The day (in the programme's zone) the copy is right for.
    pub made_on: NaiveDate,
    /// Equal to `Store::snapshot(Scope::Summary)` on `made_on`.
    pub data: Snapshot,
}

/// The status copy of the database in the folder `db`, if there is one that still stands for
/// its files. Takes the folder's lock while it looks, so no process is opening the database
/// meanwhile; `None` as well when another process holds it (an owner, who answers `status`
/// itself). Never an error: whatever is wrong, the database is read instead.
pub fn read(db: &Path) -> Option<StatusCopy> {
    let _lock = super::lock::FolderLock::take(db).ok()?;
    let bytes = read_plain_file(&db.join(FILE))?;
    let rest = bytes.strip_prefix(HEADING)?;
    let (sum, body) = rest.split_at_checked(32)?;
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    let (len, rest) = body.split_at_checked(4)?;
    let len = usize::try_from(u32::from_be_bytes(len.try_into().ok()?)).ok()?;
    let (header, rest) = rest.split_at_checked(len)?;
    let header: Header = codec::decode(header).ok()?;
    if header.build != build()? || header.files != fingerprint(db)? {
        return None;
    }
    let (programme, q_members) =
        rest.split_at_checked(usize::try_from(header.programme_len).ok()?)?;
    let (data, q_members) = std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .spawn_scoped(scope, || decode_q_members(q_members))
            .ok();
        let data: Option<Snapshot> = codec::decode_document(programme).ok();
        let q_members = match other {
            Some(other) => other.join().ok()?,
            None => decode_q_members(q_members),
        };
        Some((data?, q_members?))
    })?;
    Some(StatusCopy {
        made_on: header.made_on,
        data: Snapshot { q_members, ..data },
    })
}

/// The copy is never more than this (bytes): the large benchmark programme's is 1.2 MB.
const LARGEST: u64 = 256 * 1024 * 1024;

/// The bytes of `file` if it is an ordinary file of at most `LARGEST` bytes. Opened without
/// following a link and without waiting, so a pipe or a link to a device put in the copy's
/// place is passed over at once rather than hang `status` or fill its memory while it holds the
/// folder's lock.
fn read_plain_file(file: &Path) -> Option<Vec<u8>> {
    use nix::fcntl::OFlag;
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let opened = fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK).bits())
        .open(file)
        .ok()?;
    let meta = opened.metadata().ok()?;
    if !meta.is_file() || meta.len() > LARGEST {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()?);
    opened.take(LARGEST).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

fn decode_q_members(bytes: &[u8]) -> Option<BTreeMap<QMemberId, QMember>> {
    codec::decode_document(bytes).ok()
}

/// Leaves a copy of `data` (read with `Scope::Summary` on `made_on`) beside the database in
/// `db`, stamped with its files as they are now. Call it with the folder locked and sled's
/// files closed. A copy that cannot be written is simply not there: `status` reads the
/// database instead.
pub fn write(db: &Path, data: &Snapshot, made_on: NaiveDate) {
    let (Some(build), Some(files)) = (build(), fingerprint(db)) else {
        return;
    };
    let programme = Snapshot {
        q_members: BTreeMap::new(),
        ..data.clone()
    };
    let (Ok(programme), Ok(q_members)) = (
        codec::encode_document(&programme),
        codec::encode_document(&data.q_members),
    ) else {
        return;
    };
    let header = Header {
        build,
        files,
        made_on,
        programme_len: programme.len() as u64,
    };
    let Ok(header) = codec::encode(&header) else {
        return;
    };
    let Ok(header_len) = u32::try_from(header.len()) else {
        return;
    };
    let mut body = Vec::with_capacity(4 + header.len() + programme.len() + q_members.len());
    body.extend_from_slice(&header_len.to_be_bytes());
    body.extend_from_slice(&header);
    body.extend_from_slice(&programme);
    body.extend_from_slice(&q_members);
    let mut bytes = Vec::with_capacity(HEADING.len() + 32 + body.len());
    bytes.extend_from_slice(HEADING);
    bytes.extend_from_slice(&Sha256::digest(&body));
    bytes.extend_from_slice(&body);
    let partial = db.join(PARTIAL);
    if write_private(&partial, &bytes).is_err() || fs::rename(&partial, db.join(FILE)).is_err() {
        let _ = fs::remove_file(&partial);
    }
}

/// The program file now running, stamped: a copy is read only by the build that wrote it.
fn build() -> Option<FileStamp> {
    let exe = std::env::current_exe().ok()?;
    folder::stamp(
        exe.to_string_lossy().into_owned(),
        &fs::metadata(&exe).ok()?,
    )
    .into()
}

/// Removes the copy (and any half-written one) from the folder `db`: the database is being
/// opened, and may change. It also holds names and emails, which an erasure must not leave.
pub(crate) fn remove(db: &Path) -> Result<(), super::StoreError> {
    for name in [FILE, PARTIAL] {
        match fs::remove_file(db.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(super::StoreError::io(db, "remove the status copy from", e)),
        }
    }
    Ok(())
}
