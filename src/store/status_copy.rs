//! The status copy: what `status` reads of the programme (`Scope::Summary`: everything but the
//! expenses, with the kept budget totals and the few expenses a policy check flags), kept in
//! one file beside a database that was closed settled. With nobody holding the database,
//! `status` answers from it without opening sled, whose opening alone takes longer on a large
//! programme than the whole answer should.
//!
//! It is a copy, never a record: written only as a database is closed settled, and removed
//! whenever one is opened, so it exists only while no process has touched the database since.
//! It names the size, times and inode of every one of sled's files as the close left them,
//! and is used only while they are all still so, on the day it was made (the expenses a
//! summary flags are estimates dated before today), by a build that writes the same format.
//! Anything else (missing, damaged, stale, another day, another format) and `status` reads
//! the database itself, which then says whatever is wrong with it.

use super::codec;
use super::permissions::write_private;
use crate::domain::budget::BudgetTotals;
use crate::domain::change::Record;
use crate::domain::sessions::Session;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// The copy's file in the database folder.
pub const FILE: &str = "status-copy";
/// Written first and renamed over `FILE`, so the copy appears whole or not at all.
const PARTIAL: &str = "status-copy.partial";
/// The file's first line, for whoever looks; then 32 bytes of SHA-256 over the rest, then the
/// copy in the codec's format. The layout number at its end changes whenever `Copy` does, so
/// a copy another build laid out otherwise is never read as this one.
const HEADING: &[u8] =
    b"improvers: a copy of the programme for `status`, remade when the database is \
    closed (layout 1)\n";

/// One of the database's files as a close left it: name (`blobs/` before those in sled's
/// folder of large values), whether it is a folder, length (bytes), modification and change
/// times (nanoseconds since 1970) and inode. The change time cannot be set back by hand, so any
/// write to the file since shows.
type FileStamp = (String, bool, u64, i128, i128, u64);

#[derive(Serialize, Deserialize)]
struct Copy {
    files: Vec<FileStamp>,
    /// The day (where the programme is) whose flagged expenses the copy holds.
    made_on: NaiveDate,
    seq: u64,
    budget_totals: BudgetTotals,
    more_to_look_at: bool,
    deleted_sessions: Vec<Session>,
    /// Every record, in two halves each encoded apart (a `Vec<Record>` in the codec's format),
    /// so that two cores can read them at once.
    halves: [Vec<u8>; 2],
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
    let bytes = fs::read(db.join(FILE)).ok()?;
    let rest = bytes.strip_prefix(HEADING)?;
    let (sum, body) = rest.split_at_checked(32)?;
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    let copy: Copy = codec::decode_document(body).ok()?;
    if stamps(db)? != copy.files {
        return None;
    }
    let [first, second] = &copy.halves;
    let mut data = Snapshot::default();
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .spawn_scoped(scope, || codec::decode_document::<Vec<Record>>(second).ok())
            .ok();
        for record in codec::decode_document::<Vec<Record>>(first).ok()? {
            data.put(record);
        }
        let second = match other {
            Some(other) => other.join().ok()??,
            None => codec::decode_document::<Vec<Record>>(second).ok()?,
        };
        for record in second {
            data.put(record);
        }
        Some(())
    })?;
    // `put` adds each expense to the totals; the kept totals are the whole programme's.
    data.budget_totals = copy.budget_totals;
    data.more_to_look_at = copy.more_to_look_at;
    data.seq = copy.seq;
    data.deleted_sessions = copy
        .deleted_sessions
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    Some(StatusCopy {
        made_on: copy.made_on,
        data,
    })
}

/// Leaves a copy of `data` (read with `Scope::Summary` on `made_on`) beside the database in
/// `db`, stamped with its files as they are now. Call it with the folder locked and sled's
/// files closed. A copy that cannot be written is simply not there: `status` reads the
/// database instead.
pub fn write(db: &Path, data: &Snapshot, made_on: NaiveDate) {
    let Some(files) = stamps(db) else {
        return;
    };
    let mut first = records_of(data);
    let second = first.split_off(first.len() / 2);
    let (Ok(first), Ok(second)) = (
        codec::encode_document(&first),
        codec::encode_document(&second),
    ) else {
        return;
    };
    let copy = Copy {
        files,
        made_on,
        seq: data.seq,
        budget_totals: data.budget_totals.clone(),
        more_to_look_at: data.more_to_look_at,
        deleted_sessions: data.deleted_sessions.values().cloned().collect(),
        halves: [first, second],
    };
    let Ok(body) = codec::encode_document(&copy) else {
        return;
    };
    let mut bytes = Vec::with_capacity(HEADING.len() + 32 + body.len());
    bytes.extend_from_slice(HEADING);
    bytes.extend_from_slice(&Sha256::digest(&body));
    bytes.extend_from_slice(&body);
    let partial = db.join(PARTIAL);
    if write_private(&partial, &bytes).is_err() || fs::rename(&partial, db.join(FILE)).is_err() {
        let _ = fs::remove_file(&partial);
    }
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

/// The database's own files in `db` (sled's log, snapshots, configuration and large values,
/// and the note of the last change confirmed), sorted by name. Others beside them (the demo's
/// mark, an owner's socket, this copy) say nothing of the programme.
fn stamps(db: &Path) -> Option<Vec<FileStamp>> {
    use std::os::unix::fs::MetadataExt;
    let nanos = |secs: i64, nsec: i64| i128::from(secs) * 1_000_000_000 + i128::from(nsec);
    let mut out = Vec::new();
    let mut folders = vec![(String::new(), db.to_path_buf())];
    while let Some((prefix, folder)) = folders.pop() {
        for entry in fs::read_dir(&folder).ok()? {
            let entry = entry.ok()?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let ours = matches!(name.as_str(), "db" | "conf" | "confirmed" | "blobs")
                || name.starts_with("snap.")
                || name.starts_with("blobs/");
            if !ours {
                continue;
            }
            let meta = entry.metadata().ok()?;
            if name == "blobs" && meta.is_dir() {
                folders.push(("blobs/".into(), entry.path()));
            }
            out.push((
                name,
                meta.is_dir(),
                meta.len(),
                nanos(meta.mtime(), meta.mtime_nsec()),
                nanos(meta.ctime(), meta.ctime_nsec()),
                meta.ino(),
            ));
        }
    }
    out.sort();
    Some(out)
}

/// Every record `data` holds. Written out field by field, with no `..`, so that a kind added
/// to `Snapshot` does not compile until it is decided here whether the copy keeps it.
fn records_of(data: &Snapshot) -> Vec<Record> {
    let Snapshot {
        programme,
        cohorts,
        participants,
        q_members,
        organisations,
        professions,
        matches,
        pair_rules,
        sessions,
        venues,
        budget,
        expenses,
        series,
        cohort_budgets,
        budget_totals: _,
        categories,
        more_to_look_at: _,
        // Not read for a summary.
        revisions: _,
        deletions: _,
        numbering,
        settings,
        backups,
        erasures,
        q_links,
        mail_sent,
        deleted_sessions: _,
        surveys,
        learning_sets,
        seq: _,
    } = data;
    let mut out = Vec::new();
    out.extend(programme.clone().map(Record::Programme));
    out.extend(budget.clone().map(Record::Budget));
    out.extend(numbering.map(Record::Numbering));
    out.extend(settings.map(Record::Settings));
    out.extend(cohorts.values().cloned().map(Record::Cohort));
    out.extend(participants.values().cloned().map(Record::Participant));
    out.extend(q_members.values().cloned().map(Record::QMember));
    out.extend(organisations.values().cloned().map(Record::Organisation));
    out.extend(professions.values().cloned().map(Record::Profession));
    out.extend(matches.values().cloned().map(Record::Match));
    out.extend(pair_rules.values().cloned().map(Record::PairRule));
    out.extend(sessions.values().cloned().map(Record::Session));
    out.extend(venues.values().cloned().map(Record::Venue));
    out.extend(expenses.values().cloned().map(Record::Expense));
    out.extend(series.values().cloned().map(Record::Series));
    out.extend(cohort_budgets.values().cloned().map(Record::CohortBudget));
    out.extend(
        categories
            .stored_all()
            .into_iter()
            .cloned()
            .map(Record::Category),
    );
    out.extend(backups.values().cloned().map(Record::Backup));
    out.extend(erasures.values().cloned().map(Record::Erasure));
    out.extend(q_links.values().cloned().map(Record::QLink));
    out.extend(mail_sent.values().cloned().map(Record::MailSent));
    out.extend(surveys.values().cloned().map(Record::Survey));
    out.extend(learning_sets.values().cloned().map(Record::LearningSets));
    out
}
