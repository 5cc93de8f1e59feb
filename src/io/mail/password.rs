//! The SMTP password, read when mail is sent from where the configuration says: an
//! environment variable or a file only its owner can read. It is never stored, logged or shown.

use crate::domain::mail::transport::PasswordSource;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The password `source` holds, with one trailing newline removed (as `echo` or an editor
/// leaves it); `Ok(None)` for `PasswordSource::None`.
///
/// # Errors
/// A sentence naming the variable or file and what to do: the variable is unset or empty;
/// the file is missing, unreadable, empty, or can be read by its group or by anyone (mode
/// other than 0600 or 0400), which is refused before the file is read.
pub fn read_password(source: &PasswordSource) -> Result<Option<String>, String> {
    match source {
        PasswordSource::None => Ok(None),
        PasswordSource::Environment(name) => match std::env::var(name) {
            Ok(value) if !value.is_empty() => Ok(Some(value)),
            _ => Err(format!(
                "the environment variable {name}, which password_env in [mail] names, is not \
                 set; set it to the mail server's password before running improvers (in a \
                 crontab, set it in a file only you can read and source that)"
            )),
        },
        PasswordSource::File(file) => read_password_file(file).map(Some),
    }
}

fn read_password_file(file: &Path) -> Result<String, String> {
    let shown = file.display();
    let metadata = std::fs::metadata(file)
        .map_err(|e| crate::store::error::file_sentence("read the password file", file, &e))?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "the password file {shown} can be read by other users (mode {mode:04o}); run \
             `chmod 600 {shown}` so only you can read it, then try again"
        ));
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| crate::store::error::file_sentence("read the password file", file, &e))?;
    let password = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    if password.is_empty() {
        return Err(format!(
            "the password file {shown} is empty; write the mail server's password in it"
        ));
    }
    Ok(password.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_with(mode: u32, text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        file
    }

    #[test]
    fn a_file_only_its_owner_reads_gives_the_password_without_its_newline() {
        let file = file_with(0o600, "s3cret word\n");
        let source = PasswordSource::File(file.path().to_path_buf());
        assert_eq!(read_password(&source), Ok(Some("s3cret word".into())));
        let file = file_with(0o400, "s3cret\r\n");
        let source = PasswordSource::File(file.path().to_path_buf());
        assert_eq!(read_password(&source), Ok(Some("s3cret".into())));
    }

    #[test]
    fn a_file_others_can_read_is_refused_with_how_to_fix_it() {
        for mode in [0o640, 0o604, 0o644] {
            let file = file_with(mode, "s3cret\n");
            let shown = file.path().display();
            let source = PasswordSource::File(file.path().to_path_buf());
            assert_eq!(
                read_password(&source),
                Err(format!(
                    "the password file {shown} can be read by other users (mode {mode:04o}); \
                     run `chmod 600 {shown}` so only you can read it, then try again"
                ))
            );
        }
    }

    #[test]
    fn a_missing_file_or_variable_is_named() {
        let source = PasswordSource::File("/nonexistent/improvers-password".into());
        let err = read_password(&source).unwrap_err();
        assert!(err.contains("/nonexistent/improvers-password"), "{err}");
        let source = PasswordSource::Environment("IMPROVERS_TEST_UNSET_PASSWORD".into());
        let err = read_password(&source).unwrap_err();
        assert!(
            err.starts_with("the environment variable IMPROVERS_TEST_UNSET_PASSWORD, which password_env in [mail] names, is not set"),
            "{err}"
        );
    }
}
