//! `improvers report`: the funder's report as one HTML file, or its figures as JSON. Reads one
//! snapshot (through the owner when a dashboard holds the database, as `export` does), and
//! writes the file whole or not at all: to a temporary file beside it, renamed into place.

use crate::cli::ReportFormat;
use crate::domain::report::{Period, Report};
use crate::io::config::Config;
use crate::store::Scope;
use crate::store::error::file_sentence;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub struct ReportOptions {
    pub cohort: Option<u32>,
    /// As typed: YYYY-MM-DD.
    pub from: Option<String>,
    pub to: Option<String>,
    pub format: ReportFormat,
    /// `None` or `-`: standard output.
    pub output: Option<PathBuf>,
    pub force: bool,
}

/// A day as typed after `flag`, or a sentence saying what is wrong with it.
fn day(flag: &str, typed: &str) -> Result<NaiveDate> {
    let typed = typed.trim();
    let looks_right = typed.len() == 10
        && typed.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !looks_right {
        bail!("{flag} \"{typed}\" is not a date: give it as YYYY-MM-DD, e.g. {flag} 2026-04-01");
    }
    NaiveDate::parse_from_str(typed, "%Y-%m-%d").map_err(|_| {
        anyhow!("{flag} {typed} is not a day of the calendar: check the month and day")
    })
}

/// Refuses, before anything is read, a file that cannot be written: a folder, an existing
/// file without `force`, a folder that does not exist or may not be written to.
fn refuse_unwritable(file: &Path, force: bool) -> Result<()> {
    if file.is_dir() {
        bail!(
            "{} is a folder; give the file to write with --output FILE, e.g. --output report.html",
            file.display()
        );
    }
    if !force && file.exists() {
        bail!(
            "{} already exists; use --force to replace it",
            file.display()
        );
    }
    let folder = folder_of(file);
    if !folder.is_dir() {
        bail!(
            "the folder {} does not exist; create it, or give --output a file in a folder that does",
            folder.display()
        );
    }
    if nix::unistd::access(folder, nix::unistd::AccessFlags::W_OK).is_err() {
        bail!(
            "the folder {} may not be written to by you; give --output a file in a folder you \
             can write to",
            folder.display()
        );
    }
    Ok(())
}

fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

pub fn run(db: &Path, config: &Config, options: ReportOptions) -> Result<()> {
    let from = options
        .from
        .as_deref()
        .map(|d| day("--from", d))
        .transpose()?;
    let to = options.to.as_deref().map(|d| day("--to", d)).transpose()?;
    let period = Period::new(from, to)?;
    let dash = options
        .output
        .as_ref()
        .is_some_and(|o| o.as_os_str() == "-");
    let output = options.output.filter(|_| !dash);
    match (&output, options.format) {
        (Some(file), _) => refuse_unwritable(file, options.force)?,
        (None, ReportFormat::Json) => {}
        (None, ReportFormat::Html) if dash => {}
        (None, ReportFormat::Html) => bail!(
            "the HTML report is a file to open in a browser: give it with --output FILE \
             (e.g. --output report.html), or use --output - to print it"
        ),
    }
    // Expenses are read one by one for a period's or a cohort's spending and the months.
    let (_, data) = super::open_existing(db)?.snapshot(Scope::Everything)?;
    let cohort = options
        .cohort
        .map(|n| super::cohort_numbered(&data, n))
        .transpose()?;
    let report = Report::new(
        &data,
        super::local_now(&data),
        cohort,
        period,
        &config.matching,
    );
    let bytes = match options.format {
        ReportFormat::Json => crate::io::report::json(&report)?,
        ReportFormat::Html => crate::io::report::html::page(&report)
            .map_err(|e| anyhow!(e))?
            .into_bytes(),
    };
    match output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
        Some(file) => {
            write_whole(&file, &bytes, options.force)?;
            println!("Wrote the report to {}.", file.display());
        }
    }
    Ok(())
}

/// Writes `bytes` to a new file beside `file` and renames it into place, so `file` is either
/// the whole report or untouched. Owner-only, as the report names people.
fn write_whole(file: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let name = file
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let temporary = folder_of(file).join(format!(".{name}.{}.part", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)
        .and_then(|mut out| {
            out.write_all(bytes)?;
            out.sync_all()
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(anyhow!(file_sentence("write", file, &e)));
    }
    // Checked again at the last moment: another process may have made the file meanwhile.
    if !force && file.exists() {
        let _ = std::fs::remove_file(&temporary);
        bail!(
            "{} already exists; use --force to replace it",
            file.display()
        );
    }
    std::fs::rename(&temporary, file).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        anyhow!(file_sentence("write", file, &e))
    })
}
