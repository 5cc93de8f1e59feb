//! The note beside the database of the last change it confirmed as saved, so a database that
//! lost changes (files damaged, cut short, or an older copy put in their place) is refused
//! rather than read as an older programme. sled's own recovery keeps the longest readable
//! prefix of its log and says nothing of what it dropped; this note is what tells.
//!
//! The note is written after every flush, only once the flush has returned, so it may lag the
//! database by a change (a crash between the two) but never lead it: a database holding fewer
//! changes than its note is missing some.

use super::StoreError;
use sha2::{Digest, Sha256};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const NAME: &str = "confirmed";
const PARTIAL: &str = "confirmed.partial";
const HEADING: &str = "improvers: the last change confirmed as saved in this database\n";

/// The note of the database in the folder `db`.
pub(crate) fn file(db: &Path) -> PathBuf {
    db.join(NAME)
}

/// The last change confirmed in the database at `db`: `None` when there is no note, as in a
/// database written before notes were kept. A note that is not exactly what `write` writes
/// (a flipped bit, cut short) is `ConfirmedUnreadable`.
pub(crate) fn read(db: &Path) -> Result<Option<u64>, StoreError> {
    let unreadable = |reason: String| StoreError::ConfirmedUnreadable {
        path: db.to_path_buf(),
        reason,
    };
    let bytes = match fs::read(file(db)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(format!("it cannot be read: {e}"))),
    };
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not text".into()))?;
    parse(&text).map(Some).map_err(unreadable)
}

/// Replaces the note with `seq`, atomically: a temporary file written and synced, renamed over
/// the note, and the folder synced so the rename itself survives a crash. Private (0600) like
/// every file of the database.
pub(crate) fn write(db: &Path, seq: u64) -> Result<(), StoreError> {
    let failed = |error| StoreError::ConfirmedUnwritten {
        path: db.to_path_buf(),
        error,
    };
    let partial = db.join(PARTIAL);
    super::permissions::write_private(&partial, content(seq).as_bytes()).map_err(failed)?;
    fs::rename(&partial, file(db)).map_err(failed)?;
    fs::File::open(db)
        .and_then(|folder| folder.sync_all())
        .map_err(failed)
}

/// Three lines: a heading for whoever looks, `change N`, and `check` with the first 16 hex
/// digits of the SHA-256 of the `change` line, so a damaged number is never taken for another.
fn content(seq: u64) -> String {
    let change = format!("change {seq}");
    format!("{HEADING}{change}\ncheck {}\n", check(&change))
}

fn check(change_line: &str) -> String {
    Sha256::digest(change_line.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn parse(text: &str) -> Result<u64, String> {
    let rest = text
        .strip_prefix(HEADING)
        .ok_or("it does not start with its heading")?;
    let mut lines = rest.split('\n');
    let (Some(change), Some(sum), Some(""), None) =
        (lines.next(), lines.next(), lines.next(), lines.next())
    else {
        return Err("it does not have the lines it should".into());
    };
    if sum.strip_prefix("check ") != Some(check(change).as_str()) {
        return Err("its check does not match the change it names".into());
    }
    change
        .strip_prefix("change ")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| "it does not name a change".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_note_reads_back_what_was_written() {
        for seq in [0, 1, 17, u64::MAX] {
            assert_eq!(parse(&content(seq)), Ok(seq));
        }
    }

    #[test]
    fn every_flipped_bit_and_every_cut_is_refused() {
        let bytes = content(1234).into_bytes();
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut damaged = bytes.clone();
                damaged[at] ^= 1 << bit;
                if let Ok(text) = String::from_utf8(damaged) {
                    assert!(parse(&text).is_err(), "a flip at {at}.{bit} was accepted");
                }
            }
            let cut = String::from_utf8_lossy(&bytes[..at]).into_owned();
            assert!(parse(&cut).is_err(), "a cut at {at} was accepted");
        }
    }

    #[test]
    fn a_missing_note_is_none_and_a_written_one_is_private() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        write(dir.path(), 5).unwrap();
        write(dir.path(), 6).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(6));
        let mode = fs::metadata(file(dir.path())).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(!dir.path().join(PARTIAL).exists());
    }

    #[test]
    fn a_damaged_note_names_the_folder_and_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(file(dir.path()), "change 5\n").unwrap();
        let message = read(dir.path()).unwrap_err().to_string();
        let folder = dir.path().display().to_string();
        assert!(
            message.starts_with(&format!("the database at {folder} cannot be opened: ")),
            "{message}"
        );
        assert!(message.contains("delete that file"), "{message}");
        assert!(message.contains("restore FILE --force"), "{message}");
    }
}
