//! The commands improvers prints for a person to run next, with the `--db` and `--config` they
//! gave, so that a line copied from the output acts on the same programme and settings rather
//! than on the default database.

use std::path::Path;
use std::sync::OnceLock;

/// `improvers` with the options given to this run, set once by `main`.
static PREFIX: OnceLock<String> = OnceLock::new();
/// ` --config FILE` when this run was given one, set once by `main`.
static CONFIG: OnceLock<String> = OnceLock::new();

/// Remembers the `--db` and `--config` this run was given, for [`improvers`].
pub fn remember(db: Option<&Path>, config: Option<&Path>) {
    let config = config.map_or(String::new(), |c| format!(" --config {}", shell_quote(c)));
    let db = db.map_or(String::new(), |d| format!(" --db {}", shell_quote(d)));
    let _ = PREFIX.set(format!("improvers{db}{config}"));
    let _ = CONFIG.set(config);
}

/// The command `improvers --db PATH ARGS`, for the database at `path` whichever way it was
/// found, with the `--config` this run was given.
pub fn improvers_on(path: &Path, args: &str) -> String {
    let config = CONFIG.get().map_or("", String::as_str);
    format!("improvers --db {}{config} {args}", shell_quote(path))
}

/// The command `improvers ARGS` as a person should type it: "improvers --db /srv/x status"
/// when this run was given `--db /srv/x`; `args` may be empty (the dashboard).
pub fn improvers(args: &str) -> String {
    let prefix = PREFIX.get().map_or("improvers", String::as_str);
    if args.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix} {args}")
    }
}

/// `path` as a shell word: as it is when it holds only safe characters, else in single quotes.
pub fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-~+,:@".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
