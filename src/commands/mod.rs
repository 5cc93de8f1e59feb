//! What each command does, between the parsed command line and the library.

pub mod alumni;
pub mod backup;
pub mod check;
pub mod completions;
pub mod dashboard;
pub mod demo;
pub mod export;
pub mod forget;
pub mod hint;
pub mod import;
pub mod init;
pub mod mail;
pub mod man_page;
pub mod matching;
pub mod merge;
pub mod report;
pub mod sending;
pub mod serve;
pub mod sets;
pub mod status;

use crate::domain::sessions::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use chrono::Utc;

/// Prints a line on standard error, as `eprintln!` would, but never panics when standard error
/// has gone (a dropped SSH session, a closed terminal): there is then nobody to tell.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// Lets a write past a file-size limit (`ulimit -f`) fail as an error the store words ("a file
/// in FOLDER has reached the largest size this system allows"), rather than kill the process
/// with SIGXFSZ before it can say anything. A blocked SIGXFSZ makes the write fail with EFBIG
/// (POSIX `write`). Call it first, before any thread starts: threads take the mask they start
/// with.
pub fn let_writes_past_file_size_limits_fail() {
    use nix::sys::signal::{SigSet, Signal};
    let mut set = SigSet::empty();
    set.add(Signal::SIGXFSZ);
    // Should blocking fail, the limit still stops the write, only less politely.
    let _ = set.thread_block();
}

/// Now, on the programme's clock.
pub fn local_now(data: &Snapshot) -> LocalNow {
    LocalNow::new(Utc::now(), data.zone())
}

/// The database at `path`, which must exist already (commands that only read or add to a
/// programme never create an empty one by mistake).
pub fn open_existing(path: &std::path::Path) -> anyhow::Result<crate::store::shared::Database> {
    let none = || {
        anyhow::anyhow!(
            "there is no database at {}; to start your own programme, run `{}` (or open the \
             dashboard with `{}` and press Enter); run `improvers demo` to try the demo \
             programme (in a database of its own); or give another database with --db PATH",
            path.display(),
            hint::improvers("init"),
            hint::improvers(""),
        )
    };
    if !database_exists(path)? {
        return Err(none());
    }
    // Nothing is made here, not even in an empty folder: what looks empty may be a folder
    // another process (a restore) is about to fill.
    match crate::store::shared::Database::open_existing(path) {
        Err(crate::store::shared::SharedError::Store(crate::store::StoreError::NoDatabase {
            ..
        })) => Err(none()),
        other => Ok(other?),
    }
}

/// Whether anything is at `path`. A folder improvers may not look into is an error saying so,
/// not "there is no database".
pub fn database_exists(path: &std::path::Path) -> anyhow::Result<bool> {
    path.try_exists().map_err(|e| {
        let folder = path.parent().unwrap_or(path);
        let what = format!("the database at {}", path.display());
        anyhow::anyhow!(crate::store::error::os_sentence(
            "look for", &what, folder, &e
        ))
    })
}

/// The cohort people call by `number`, or an error listing the cohorts there are.
pub fn cohort_numbered(
    data: &Snapshot,
    number: u32,
) -> anyhow::Result<crate::domain::ids::CohortId> {
    if let Some(c) = data.cohorts.values().find(|c| c.number == number) {
        return Ok(c.id);
    }
    let known: Vec<String> = data
        .cohorts
        .values()
        .map(|c| c.number.to_string())
        .collect();
    anyhow::bail!(
        "there is no cohort {number} in this programme (cohorts: {})",
        if known.is_empty() {
            "none yet".to_string()
        } else {
            known.join(", ")
        }
    )
}

/// The file `import` reads for `kind`: programme.toml or one kind of CSV.
pub fn import_source(kind: crate::cli::ImportKind) -> crate::io::import::file::Source {
    use crate::io::import::file::Source;
    match kind {
        crate::cli::ImportKind::Survey => Source::Survey,
        other => csv_kind(other.into()).map_or(Source::Programme, Source::Csv),
    }
}

/// The CSV kind of a file kind; `None` for programme.toml, `all`, the budget report and a
/// person's data.
pub fn csv_kind(kind: crate::cli::FileKind) -> Option<crate::io::import::CsvKind> {
    use crate::cli::FileKind;
    use crate::io::import::CsvKind;
    Some(match kind {
        FileKind::Programme
        | FileKind::All
        | FileKind::Budget
        | FileKind::Person
        | FileKind::Survey => return None,
        FileKind::Sets => return None,
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
