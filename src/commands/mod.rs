//! What each command does, between the parsed command line and the library.

pub mod backup;
pub mod dashboard;
pub mod demo;
pub mod export;
pub mod import;
pub mod serve;
pub mod status;

use crate::domain::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use chrono::Utc;

/// Now, on the programme's clock.
pub fn local_now(data: &Snapshot) -> LocalNow {
    LocalNow::new(Utc::now(), data.zone())
}

/// The CSV kind of a file kind; `None` for programme.toml and for `all`.
pub fn csv_kind(kind: crate::cli::FileKind) -> Option<crate::io::import::CsvKind> {
    use crate::cli::FileKind;
    use crate::io::import::CsvKind;
    Some(match kind {
        FileKind::Programme | FileKind::All => return None,
        FileKind::Venues => CsvKind::Venues,
        FileKind::QMembers => CsvKind::QMembers,
        FileKind::Participants => CsvKind::Participants,
        FileKind::Pathway => CsvKind::Pathway,
        FileKind::Readiness => CsvKind::Readiness,
        FileKind::Sessions => CsvKind::Sessions,
        FileKind::Attendance => CsvKind::Attendance,
        FileKind::Matches => CsvKind::Matches,
        FileKind::CheckIns => CsvKind::CheckIns,
        FileKind::Expenses => CsvKind::Expenses,
    })
}
