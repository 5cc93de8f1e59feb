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
    // Kinds Rust names only in releases newer than the oldest this builds with.
    match os_code(e) {
        Some(nix::libc::ELOOP) => {
            return format!(
                "cannot {action} {what}: its path goes round a loop of symbolic links; check \
                 the links in it (`ls -l`), or give another path"
            );
        }
        Some(nix::libc::ENAMETOOLONG) => {
            return format!(
                "cannot {action} {what}: its path, or a name in it, is longer than this system \
                 allows; choose a shorter one"
            );
        }
        _ => {}
    }
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
        io::ErrorKind::IsADirectory => format!(
            "cannot {action} {what}: a folder stands where a file should be, in {folder}; move \
             it aside, or choose another name"
        ),
        io::ErrorKind::NotADirectory => format!(
            "cannot {action} {what}: part of its path is a file, not a folder; check the path, \
             or choose another"
        ),
        io::ErrorKind::AlreadyExists => format!(
            "cannot {action} {what}: something of that name is already in {folder}; move it \
             aside, or choose another name"
        ),
        io::ErrorKind::DirectoryNotEmpty => format!(
            "cannot {action} {what}: a folder of that name, not empty, is already in {folder}; \
             move it aside, or choose another name"
        ),
        io::ErrorKind::ResourceBusy => format!(
            "cannot {action} {what}: the system is using it (a mount point, say); choose a \
             folder inside it, or another place"
        ),
        io::ErrorKind::CrossesDevices => format!(
            "cannot {action} {what}: that would move it to another disk; choose a place on the \
             disk holding {folder}"
        ),
        io::ErrorKind::StaleNetworkFileHandle => format!(
            "cannot {action} {what}: the network file system holding {folder} has lost track of \
             it (a stale file handle); remount it, or go into the folder again, and try again"
        ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use nix::libc;

    fn worded(code: i32) -> String {
        file_sentence(
            "write",
            Path::new("/srv/exports/people.csv"),
            &io::Error::from_raw_os_error(code),
        )
    }

    #[test]
    fn what_a_path_can_run_into_is_said_in_words_with_what_to_do() {
        let expected = [
            (
                libc::EISDIR,
                "a folder stands where a file should be, in /srv/exports; move it aside, or \
                 choose another name",
            ),
            (
                libc::ENOTDIR,
                "part of its path is a file, not a folder; check the path, or choose another",
            ),
            (
                libc::EEXIST,
                "something of that name is already in /srv/exports; move it aside, or choose \
                 another name",
            ),
            (
                libc::ENOTEMPTY,
                "a folder of that name, not empty, is already in /srv/exports; move it aside, \
                 or choose another name",
            ),
            (
                libc::EBUSY,
                "the system is using it (a mount point, say); choose a folder inside it, or \
                 another place",
            ),
            (
                libc::EXDEV,
                "that would move it to another disk; choose a place on the disk holding \
                 /srv/exports",
            ),
            (
                libc::ESTALE,
                "the network file system holding /srv/exports has lost track of it (a stale \
                 file handle); remount it, or go into the folder again, and try again",
            ),
            (
                libc::ELOOP,
                "its path goes round a loop of symbolic links; check the links in it (`ls -l`), \
                 or give another path",
            ),
            (
                libc::ENAMETOOLONG,
                "its path, or a name in it, is longer than this system allows; choose a \
                 shorter one",
            ),
        ];
        for (code, why) in expected {
            assert_eq!(
                worded(code),
                format!("cannot write /srv/exports/people.csv: {why}"),
                "{}",
                io::Error::from_raw_os_error(code)
            );
        }
    }

    #[test]
    fn a_latched_error_from_sled_is_worded_the_same() {
        // sled hands on an error it kept as its debug text.
        let latched = io::Error::other(format!("{:?}", io::Error::from_raw_os_error(libc::EISDIR)));
        let message = file_sentence("write", Path::new("/srv/exports/people.csv"), &latched);
        assert!(
            message.contains("a folder stands where a file should be"),
            "{message}"
        );
        assert!(!message.contains("os error"), "{message}");
    }
}
