//! The commands improvers prints for a person to run next, with the `--db` and `--config` they
//! gave, so that a line copied from the output acts on the same programme and settings rather
//! than on the default database.

use std::path::Path;
use std::sync::OnceLock;

/// `improvers` with the options given to this run, set once by `main`.
static PREFIX: OnceLock<String> = OnceLock::new();

/// Remembers the `--db` and `--config` this run was given, for [`improvers`].
pub fn remember(db: Option<&Path>, config: Option<&Path>) {
    let mut prefix = "improvers".to_string();
    if let Some(db) = db {
        prefix.push_str(&format!(" --db {}", shell_quote(db)));
    }
    if let Some(config) = config {
        prefix.push_str(&format!(" --config {}", shell_quote(config)));
    }
    let _ = PREFIX.set(prefix);
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
