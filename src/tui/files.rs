//! `:import KIND FILE` and `:export KIND FILE` from the dashboard: the same files, checks and
//! all-or-nothing rule as the `import` and `export` commands, reported in the footer; and
//! `:export sessions FILE.ics`, the calendar of the cohort in view.

use super::effects::Message;
use super::problems::ProblemsView;
use crate::cli::{ExportFormat, FileKind};
use crate::domain::people::roster::CohortFilter;
use crate::domain::snapshot::Snapshot;
use crate::io::export::{calendar, csv, programme_toml};
use crate::io::import::file::{Source, prepare, read_text};
use crate::store::Scope;
use crate::store::shared::{Database, MadeError};
use chrono::{DateTime, NaiveDate, Utc};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Imports `path` all or nothing, and says how it went in one line (a refusal: how many
/// problems, and the first).
pub fn import(
    database: &mut Database,
    data: &Snapshot,
    today: NaiveDate,
    source: Source,
    path: &Path,
) -> Message {
    import_listing(database, data, today, source, path).0
}

/// As `import`, with every problem of a refused file as a list to show whole.
pub fn import_listing(
    database: &mut Database,
    data: &Snapshot,
    today: NaiveDate,
    source: Source,
    path: &Path,
) -> (Message, Option<ProblemsView>) {
    let name = path.display().to_string();
    let text = match read_text(path) {
        Ok(text) => text,
        Err(problem) => return (Message::Problem(one_line(&problem)), None),
    };
    let saved = database.apply_made(data, Scope::Everything, |data| {
        prepare(source, &text, &name, data, today)
    });
    match saved {
        Ok(None) => (
            Message::Done(format!(
                "Nothing to import from {name}: everything in it is already there."
            )),
            None,
        ),
        Ok(Some((_, imported))) => (
            Message::Done(format!(
                "Imported {name}: {}.{}",
                imported.tally,
                match imported.warnings.as_slice() {
                    [] => String::new(),
                    [one] => format!(" To look at: {one}"),
                    [first, more @ ..] => format!(
                        " To look at: {first} (and {} more; improvers import lists them all)",
                        more.len()
                    ),
                }
            )),
            None,
        ),
        Err(MadeError::Make(problems)) => (
            Message::Problem(one_line(&problems)),
            ProblemsView::of(&problems),
        ),
        Err(other) => (Message::Problem(other.to_string()), None),
    }
}

pub fn export(data: &Snapshot, source: Source, path: &Path) -> Message {
    let bytes = match source {
        Source::Csv(kind) => csv(kind, data),
        Source::Survey => crate::io::export::survey_csv(data),
        Source::Programme => match programme_toml(data) {
            Ok(text) => text.into_bytes(),
            Err(e) => return Message::Problem(e.to_string()),
        },
    };
    write_new(path, &bytes)
}

/// What `improvers export KIND --format FORMAT [--cohort N]` writes, to a new file at `path`;
/// a combination the command refuses is refused with its reason.
pub fn export_as(
    data: &Snapshot,
    kind: FileKind,
    format: ExportFormat,
    cohort: Option<u32>,
    path: &Path,
) -> Message {
    if kind == FileKind::All && format == ExportFormat::Csv && cohort.is_none() {
        return export_folder(data, path);
    }
    match crate::commands::export::one_file(data, kind, format, cohort) {
        // The reasons name the command line's flags, which `:export` takes too.
        Ok(bytes) => write_new(path, &bytes),
        Err(e) => Message::Problem(e.to_string().replace("`improvers export", "`:export")),
    }
}

/// `:export all DIR`: programme.toml and every CSV file into the folder `path`, as `improvers
/// export all --output DIR` writes them, and never over a file already there.
fn export_folder(data: &Snapshot, path: &Path) -> Message {
    match crate::commands::export::write_new_folder(path, data) {
        Ok(written) => Message::Done(format!(
            "Exported the programme to {}: {}.{}",
            std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display(),
            written.files.join(", "),
            written
                .left_out
                .map(|why| format!(" programme.toml is not among them: {why}."))
                .unwrap_or_default()
        )),
        Err(e) => Message::Problem(e.to_string()),
    }
}

/// The sessions `cohort` admits as an iCalendar file, made at `stamp`.
pub fn export_calendar(
    data: &Snapshot,
    cohort: CohortFilter,
    stamp: DateTime<Utc>,
    path: &Path,
) -> Message {
    write_new(path, calendar(data, cohort, stamp).as_bytes())
}

fn write_new(path: &Path, bytes: &[u8]) -> Message {
    // Never over an existing file: the dashboard has no --force.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut file| file.write_all(bytes));
    match written {
        // The whole path: the dashboard's folder is not on screen, so "grant.journal" alone
        // leaves a person guessing where it went.
        Ok(()) => Message::Done(format!(
            "Exported to {}",
            std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Message::Problem(format!(
            "{} already exists; choose another name (nothing was written)",
            path.display()
        )),
        Err(e) => Message::Problem(crate::store::error::file_sentence("write", path, &e)),
    }
}

/// The footer has one line: the count of problems, then the first of them.
fn one_line(problems: &str) -> String {
    let lines: Vec<&str> = problems.lines().collect();
    match (lines.first(), lines.last()) {
        (Some(first), Some(last)) if lines.len() > 1 => format!("{last}. First: {first}"),
        _ => problems.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_problems_fit_on_one_line_with_the_first_named() {
        let text = "a.csv:2: column \"date\": bad\na.csv:5: column \"amount\": bad\n2 problems in a.csv; nothing was imported";
        assert_eq!(
            one_line(text),
            "2 problems in a.csv; nothing was imported. First: a.csv:2: column \"date\": bad"
        );
        assert_eq!(one_line("just one"), "just one");
    }
}
