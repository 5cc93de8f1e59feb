//! Operating-system errors in words for the person at the keyboard: what could not be done to
//! which file or folder, why in plain words (a full disk, a quota, permission, a read-only file
//! system), and what to do; never an error's debug form.

use std::io;
use std::path::Path;

/// No room to write: a full disk, a used-up quota, or a file-size limit (`ulimit -f`).
pub(crate) fn out_of_space(e: &io::Error) -> bool {
    matches!(
        os_kind(e),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge
    )
}

/// `os_sentence` for a file outside the database (an export, an import, a backup): names the
/// file and, for a full disk or missing permission, the folder it is in. "cannot write
/// /mnt/usb/people.csv: the disk holding /mnt/usb is full: free some space and try again".
pub fn file_sentence(action: &str, file: &Path, e: &io::Error) -> String {
    os_sentence(action, &file.display().to_string(), folder_of(file), e)
}

/// The folder a file is in, for saying which disk is full.
pub(crate) fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// An operating-system error as one sentence for the person at the keyboard: what could not
/// be done to `what` ("the database at /srv/db"), why in plain words, and what to do. `folder`
/// is the folder whose disk or permissions are at fault. Never shows the error's debug form:
/// sled hands on a latched error as text such as `Os { code: 28, kind: StorageFull, .. }`, so
/// the kind (and the OS code, read back from that text when need be) is what is worded.
pub fn os_sentence(action: &str, what: &str, folder: &Path, e: &io::Error) -> String {
    let folder = folder.display();
    match os_kind(e) {
        io::ErrorKind::StorageFull => format!(
            "cannot {action} {what}: the disk holding {folder} is full: free some space and try \
             again"
        ),
        io::ErrorKind::QuotaExceeded => format!(
            "cannot {action} {what}: your disk quota on the disk holding {folder} is used up: \
             free some space (or ask for a larger quota) and try again"
        ),
        io::ErrorKind::FileTooLarge => format!(
            "cannot {action} {what}: a file in {folder} has reached the largest size this \
             system allows (see `ulimit -f`): raise the limit or move the database, then try \
             again"
        ),
        io::ErrorKind::PermissionDenied => format!(
            "cannot {action} {what}: permission denied to user {}; check who owns {folder} and \
             what it allows (`ls -ld {folder}`), and run improvers as that user or give another \
             place with --db PATH",
            super::current_user()
        ),
        io::ErrorKind::ReadOnlyFilesystem => format!(
            "cannot {action} {what}: {folder} is on a read-only file system; remount it \
             read-write, or copy the database somewhere writable and give that with --db PATH"
        ),
        io::ErrorKind::NotFound => {
            format!("cannot {action} {what}: {folder} or a file in it does not exist")
        }
        _ => format!("cannot {action} {what}: {}", os_words(e)),
    }
}

/// The error's kind, looking through sled's habit of cloning an error into its debug text
/// (which keeps the kind but loses the OS code).
fn os_kind(e: &io::Error) -> io::ErrorKind {
    match os_code(e) {
        Some(code) => io::Error::from_raw_os_error(code).kind(),
        None => e.kind(),
    }
}

fn os_code(e: &io::Error) -> Option<i32> {
    e.raw_os_error().or_else(|| {
        let text = e.to_string();
        let rest = text.strip_prefix("Os { code: ")?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })
}

/// The operating system's own words for an error it has no sentence of ours for.
pub(crate) fn os_words(e: &io::Error) -> String {
    match os_code(e) {
        Some(code) => io::Error::from_raw_os_error(code).to_string(),
        None => e.to_string(),
    }
}
