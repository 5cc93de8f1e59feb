//! What the dashboard asks of the database. The app only records these; the event loop, which
//! holds the database, carries them out and reports back, so the app stays free of I/O.

use crate::cli::{ExportFormat, FileKind};
use crate::domain::change::Change;
use crate::domain::people::roster::CohortFilter;
use crate::io::import::file::Source;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Find the newest change that can still be undone, and ask before undoing it.
    OfferUndo,
    /// Open the list of changes, newest first.
    ShowHistory,
    /// Read the history, then ask before erasing this person (`:forget`).
    OfferForget(crate::domain::people::PersonRef),
    /// Read the history, find who has this email in the programme or in history (someone
    /// deleted, or a record merged away, whom history still holds), then ask before erasing
    /// them (`:forget EMAIL`).
    /// `:forget EMAIL`, with `--participant` or `--q-member` the register it is narrowed to.
    OfferForgetEmail(String, Option<crate::domain::people::erasure::Register>),
    /// Save `change`; say `done` once it is saved.
    Apply { change: Box<Change>, done: String },
    /// Save what the open form asks for; close the form only once it is saved.
    Save { change: Box<Change>, done: String },
    /// Import a file, all or nothing.
    Import { source: Source, path: PathBuf },
    /// Write one kind of record to a new file, in the form `import` reads.
    Export { source: Source, path: PathBuf },
    /// Write the sessions the cohort filter admits to a new iCalendar file.
    ExportCalendar { cohort: CohortFilter, path: PathBuf },
    /// Write to a new file what `improvers export KIND --format FORMAT [--cohort N]` writes:
    /// the journal, the JSON document, the budget report, one cohort's calendar.
    ExportAs {
        kind: FileKind,
        format: ExportFormat,
        cohort: Option<u32>,
        path: PathBuf,
    },
    /// Send everything due, off the event loop, telling the mail place how it goes.
    SendMail {
        /// Boxed: the settings are far bigger than any other effect.
        settings: Box<crate::domain::mail::MailSettings>,
        config_name: String,
        templates: Option<PathBuf>,
        /// The dashboard's day, so the send sends what the mail place lists as due.
        today: chrono::NaiveDate,
    },
    /// Write everything due as `.eml` files into a new folder (the dry run).
    WriteMail,
}

/// A line for the footer until the next key: how something went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Done(String),
    Problem(String),
}

/// A question that needs y or n before anything is saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub change: Change,
    pub done: String,
}
