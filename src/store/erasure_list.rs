//! The list of erasures kept beside the database folder (`FOLDER.erasures`, mode 0600), so that
//! it survives the folder being replaced (`restore --force`) and `restore` of a backup made
//! before an erasure can make it again. Numbers and ids only: nothing personal.
//!
//! One line per erasure: `erasure 2 participant 17 change 88 begun 2026-01-05T09:00:00+00:00`,
//! where `begun` is when the database's first change was made: a backup of the same database
//! has the same, so an erasure is never made in an unrelated programme restored there.

use super::StoreError;
use super::permissions;
use super::rewrite::sibling;
use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::people::PersonRef;
use crate::domain::people::erasure::Erasure;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const HEADING: &str = "# improvers: people erased from the database in the folder beside this \
                       file (numbers and ids only), made again by `improvers restore`\n";

/// One erasure as the list keeps it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Listed {
    pub erasure: Erasure,
    /// The history entry that made it.
    pub change: u64,
    /// When the database's first change was made (RFC 3339), naming which database it was.
    pub begun: String,
}

/// The list's file for the database folder `db`.
pub fn file(db: &Path) -> PathBuf {
    sibling(db, "erasures")
}

/// Every erasure listed beside `db`; none when there is no list.
///
/// Errors: `StoreError::Damaged` naming the file and line that is not an erasure.
pub fn read(db: &Path) -> Result<Vec<Listed>, StoreError> {
    let path = file(db);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(&path, "read", e)),
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(parse(line).ok_or_else(|| {
            StoreError::damaged(
                &path,
                format!(
                    "line {} is not `erasure N participant|q-member ID change SEQ begun TIME`; \
                     put it right or remove the line",
                    n + 1
                ),
            )
        })?);
    }
    Ok(out)
}

fn parse(line: &str) -> Option<Listed> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let [
        "erasure",
        number,
        kind,
        id,
        "change",
        change,
        "begun",
        begun,
    ] = words.as_slice()
    else {
        return None;
    };
    let id: u64 = id.parse().ok()?;
    let person = match *kind {
        "participant" => PersonRef::Participant(ParticipantId(id)),
        "q-member" => PersonRef::QMember(QMemberId(id)),
        _ => return None,
    };
    Some(Listed {
        erasure: Erasure {
            number: number.parse().ok()?,
            person,
        },
        change: change.parse().ok()?,
        begun: (*begun).to_string(),
    })
}

fn line(listed: &Listed) -> String {
    let (kind, id) = match listed.erasure.person {
        PersonRef::Participant(id) => ("participant", id.0),
        PersonRef::QMember(id) => ("q-member", id.0),
    };
    format!(
        "erasure {} {kind} {id} change {} begun {}\n",
        listed.erasure.number, listed.change, listed.begun
    )
}

/// Adds `found` to the list beside `db` (what is listed already stays), written whole to a
/// new file and renamed into place, so the list is never half written.
pub fn add(db: &Path, found: &[Listed]) -> Result<(), StoreError> {
    let path = file(db);
    let mut all: BTreeSet<Listed> = read(db)?.into_iter().collect();
    let before = all.len();
    all.extend(found.iter().cloned());
    if all.len() == before && path.exists() {
        return Ok(());
    }
    let mut text = HEADING.to_string();
    for listed in &all {
        text.push_str(&line(listed));
    }
    let partial = sibling(db, "erasures.partial");
    permissions::write_private(&partial, text.as_bytes())
        .and_then(|()| fs::rename(&partial, &path))
        .map_err(|e| StoreError::io(&path, "write", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_reads_back_what_was_added_and_keeps_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("programme");
        assert_eq!(read(&db).unwrap(), vec![]);
        let first = Listed {
            erasure: Erasure {
                number: 1,
                person: PersonRef::Participant(ParticipantId(17)),
            },
            change: 88,
            begun: "2026-01-05T09:00:00+00:00".into(),
        };
        let second = Listed {
            erasure: Erasure {
                number: 2,
                person: PersonRef::QMember(QMemberId(4)),
            },
            change: 90,
            begun: first.begun.clone(),
        };
        add(&db, std::slice::from_ref(&first)).unwrap();
        add(&db, std::slice::from_ref(&second)).unwrap();
        assert_eq!(read(&db).unwrap(), vec![first, second]);
        let text = fs::read_to_string(file(&db)).unwrap();
        assert!(text.contains("erasure 2 q-member 4 change 90"), "{text}");
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(file(&db)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_damaged_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("programme");
        fs::write(file(&db), "# heading\r\nerasure one participant 3\r\n").unwrap();
        let err = read(&db).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("programme.erasures"), "{err}");
    }
}
