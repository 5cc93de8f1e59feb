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
    named_file_sentence(action, &file.display().to_string(), file, e)
}

/// `file_sentence` with the file called `what` ("the backup /mnt/usb/monday.improvers-backup").
pub(crate) fn named_file_sentence(action: &str, what: &str, file: &Path, e: &io::Error) -> String {
    if os_kind(e) == io::ErrorKind::NotFound {
        return format!("cannot {action} {what}: {}", missing_sentence(file));
    }
    os_sentence(action, what, folder_of(file), e)
}

/// What is missing when a file is not found, with its folder as a full path (never "."):
/// "there is no file nothere.csv in /home/ana" or, when the folder itself is missing,
/// "there is no folder /home/ana/exports (for people.csv)". A relative path is read from
/// the current folder, so that is the folder named.
pub fn missing_sentence(file: &Path) -> String {
    let full = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let name = full.file_name().map_or_else(
        || full.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let folder = full.parent().unwrap_or(Path::new("/"));
    if folder.is_dir() {
        format!(
            "there is no file {name} in {}; check the name (`ls {}`), or give the full path",
            folder.display(),
            folder.display()
        )
    } else {
        format!(
            "there is no folder {} (for {name}); check the path, or give the full path",
            folder.display()
        )
    }
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
    use crate::store::StoreError;
    use nix::libc;
    use std::path::PathBuf;

    fn file_worded(code: i32) -> String {
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
                file_worded(code),
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

    // How `StoreError` words what the system said.

    #[test]
    fn other_io_errors_name_the_path() {
        let path = Path::new("/srv/improvers");
        let denied = sled::Error::Io(io::Error::from(io::ErrorKind::PermissionDenied));
        let message = StoreError::from_sled(path, "open", denied).to_string();
        assert!(
            message.starts_with("cannot open the database at /srv/improvers: "),
            "{message}"
        );
    }

    fn worded(code: i32) -> String {
        let path = Path::new("/srv/improvers");
        StoreError::io(path, "save to", io::Error::from_raw_os_error(code)).to_string()
    }

    #[test]
    fn a_full_disk_names_the_folder_and_says_to_free_space() {
        let expected = "cannot save to the database at /srv/improvers: the disk holding \
                        /srv/improvers is full: free some space and try again";
        assert_eq!(worded(nix::libc::ENOSPC), expected);
        // sled hands on a latched error as its debug text; the sentence is the same.
        let latched = sled::Error::Io(io::Error::from_raw_os_error(nix::libc::ENOSPC)).clone();
        let message = StoreError::from_sled(Path::new("/srv/improvers"), "save to", latched);
        assert_eq!(message.to_string(), expected);
        assert!(message.is_out_of_space());
    }

    #[test]
    fn permission_denied_says_so_and_what_to_check() {
        let message = worded(nix::libc::EACCES);
        assert!(
            message.starts_with(
                "cannot save to the database at /srv/improvers: permission denied to user "
            ),
            "{message}"
        );
        assert!(message.contains("ls -ld /srv/improvers"), "{message}");
        assert!(!message.contains("os error"), "{message}");
    }

    #[test]
    fn a_read_only_file_system_says_so() {
        assert_eq!(
            worded(nix::libc::EROFS),
            "cannot save to the database at /srv/improvers: /srv/improvers is on a read-only \
             file system; remount it read-write, or copy the database somewhere writable and \
             give that with --db PATH"
        );
    }

    #[test]
    fn a_note_that_cannot_be_written_says_why_in_words_once() {
        let err = StoreError::ConfirmedUnwritten {
            path: PathBuf::from("/srv/improvers"),
            error: io::Error::from_raw_os_error(nix::libc::ENOSPC),
        };
        assert_eq!(
            format!("{:#}", anyhow::Error::from(err)),
            "the database at /srv/improvers saved the change, but cannot note it as confirmed \
             in /srv/improvers/confirmed: the disk holding /srv/improvers is full: free some \
             space and try again"
        );
    }

    #[test]
    fn a_backup_that_cannot_be_written_names_its_folder() {
        let err = StoreError::BackupFile {
            file: PathBuf::from("/mnt/usb/monday.improvers-backup"),
            action: "write",
            error: io::Error::from_raw_os_error(nix::libc::ENOSPC),
        };
        assert_eq!(
            err.to_string(),
            "cannot write the backup /mnt/usb/monday.improvers-backup: the disk holding \
             /mnt/usb is full: free some space and try again"
        );
        // Nothing more is appended when the error is shown with its causes.
        assert_eq!(
            format!("{:#}", anyhow::Error::from(err))
                .matches("full")
                .count(),
            1
        );
    }

    #[test]
    fn an_error_with_no_sentence_of_its_own_is_the_systems_words_not_its_debug_form() {
        let latched = sled::Error::Io(io::Error::from_raw_os_error(nix::libc::EIO)).clone();
        let message = StoreError::from_sled(Path::new("/srv/improvers"), "read", latched);
        let message = message.to_string();
        assert!(message.starts_with("cannot read the database at /srv/improvers: "));
        assert!(!message.contains("Os {"), "{message}");
        assert!(!message.contains("kind:"), "{message}");
    }
}
