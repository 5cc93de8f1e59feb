//! `improvers export KIND`: records out as the files `import` reads, the whole programme as
//! JSON, the sessions as a calendar, the expenses as a ledger journal, or everything held about
//! one person. Reads one snapshot,
//! so it works the same whether or not another improvers owns the database.

use crate::cli::{ExportFormat, FileKind};
use crate::domain::budget::BudgetReport;
use crate::domain::budget::expense_list::cohort_report;
use crate::domain::snapshot::Snapshot;
use crate::io::export::{
    budget_csv, csv, expenses_ledger, person_export, person_text, programme_json, programme_toml,
    sessions_ics, several_records,
};
use crate::io::import::CsvKind;
use crate::store::Scope;
use crate::store::error::file_sentence;
use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use std::fs::{DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub struct ExportOptions {
    pub kind: FileKind,
    /// Only with `person`: whose data, by email.
    pub email: Option<String>,
    /// `None`: the kind's usual form (CSV; text for `person`).
    pub format: Option<ExportFormat>,
    /// Only with `--format ics`: the number of the cohort whose sessions the calendar holds.
    pub cohort: Option<u32>,
    pub output: Option<PathBuf>,
    pub force: bool,
}

/// What is written where, settled before the database is opened.
enum Plan {
    /// One kind (the sessions or participants of one cohort, by its number), to standard
    /// output or a file.
    One(FileKind, Option<u32>, Option<PathBuf>),
    /// programme.toml and every CSV file into a folder.
    Folder(PathBuf),
    /// The whole programme as JSON, to standard output or a file.
    Json(Option<PathBuf>),
    /// The sessions (of one cohort, by its number) as an iCalendar file.
    Calendar(Option<u32>, Option<PathBuf>),
    /// The expenses as a journal for ledger and hledger.
    Journal(Option<PathBuf>),
    /// The budget report (of one cohort, by its number) as CSV.
    Report(Option<u32>, Option<PathBuf>),
    /// A cohort's learning sets (by its number) as CSV.
    Sets(Option<u32>, Option<PathBuf>),
    /// Everything held about the person with this email, as text or JSON.
    Person {
        email: String,
        json: bool,
        output: Option<PathBuf>,
    },
}

impl Plan {
    /// The one file the plan writes, if it writes one rather than standard output or a folder.
    fn output_file(&self) -> Option<&Path> {
        match self {
            Plan::Folder(_) => None,
            Plan::One(_, _, output)
            | Plan::Json(output)
            | Plan::Calendar(_, output)
            | Plan::Journal(output)
            | Plan::Report(_, output)
            | Plan::Sets(_, output)
            | Plan::Person { output, .. } => output.as_deref(),
        }
    }
}

/// Refuses a file to write that exists (without `force`), is a folder, or is in a folder that
/// does not exist, naming it and what to do.
fn refuse_unwritable(file: &Path, force: bool) -> Result<()> {
    if file.is_dir() {
        bail!(
            "{} is a folder; give a file to write with --output FILE",
            file.display()
        );
    }
    if !force && file.exists() {
        bail!(
            "{} already exists; use --force to replace it",
            file.display()
        );
    }
    let folder = match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        bail!(
            "the folder {} does not exist; create it, or give --output a file in a folder \
             that does",
            folder.display()
        );
    }
    Ok(())
}

fn plan(options: ExportOptions) -> Result<Plan> {
    let ExportOptions {
        kind,
        email,
        format,
        cohort,
        output,
        ..
    } = options;
    if kind == FileKind::Person {
        return person_plan(email, format, cohort, output);
    }
    if let Some(email) = email {
        bail!(
            "only `export person` takes an email (\"{email}\" was given after `{}`); to write \
             to a file, give it with --output FILE",
            name_of(kind)
        );
    }
    let format = format.unwrap_or(ExportFormat::Csv);
    let takes_cohort = matches!(
        kind,
        FileKind::Budget | FileKind::Sets | FileKind::Sessions | FileKind::Participants
    );
    if cohort.is_some() && !takes_cohort {
        bail!(
            "--cohort chooses whose sessions or participants are written, whose budget is \
             reported or whose learning sets: use it with `improvers export sessions`, \
             `participants`, `budget` or `sets`"
        );
    }
    Ok(match (kind, format, output) {
        (FileKind::Sets, ExportFormat::Csv, output) => Plan::Sets(cohort, output),
        (FileKind::Sets, _, _) => {
            bail!("learning sets are written as CSV: use `improvers export sets [--cohort N]`")
        }
        (FileKind::Budget, ExportFormat::Csv, output) => Plan::Report(cohort, output),
        (FileKind::Budget, _, _) => bail!(
            "the budget report is written as CSV: use `improvers export budget` (the expenses \
             themselves go to ledger with `export expenses --format ledger`)"
        ),
        (FileKind::Sessions, ExportFormat::Ics, output) => Plan::Calendar(cohort, output),
        (_, ExportFormat::Ics, _) => bail!(
            "--format ics writes sessions as a calendar: use `improvers export sessions --format \
             ics`"
        ),
        (FileKind::Expenses, ExportFormat::Ledger, output) => Plan::Journal(output),
        (_, ExportFormat::Ledger, _) => bail!(
            "--format ledger writes expenses as a journal: use `improvers export expenses \
             --format ledger`"
        ),
        (FileKind::All, ExportFormat::Json, output) => Plan::Json(output),
        (FileKind::All, ExportFormat::Csv, Some(dir)) => Plan::Folder(dir),
        (FileKind::All, ExportFormat::Csv, None) => bail!(
            "`export all` writes one file per kind: give a folder with --output DIR, or use \
             --format json for one document"
        ),
        (kind, ExportFormat::Csv, output) => Plan::One(kind, cohort, output),
        (_, ExportFormat::Json, _) => bail!(
            "--format json writes the whole programme: use `improvers export all --format json`"
        ),
    })
}

fn person_plan(
    email: Option<String>,
    format: Option<ExportFormat>,
    cohort: Option<u32>,
    output: Option<PathBuf>,
) -> Result<Plan> {
    if cohort.is_some() {
        bail!(
            "--cohort does not go with `export person`: everything held about a person is \
             exported, whatever their cohort"
        );
    }
    let Some(email) = email.filter(|e| !e.trim().is_empty()) else {
        bail!("give the email of the person whose data to export: `improvers export person EMAIL`");
    };
    let json = match format {
        None => false,
        Some(ExportFormat::Json) => true,
        Some(other) => bail!(
            "a person's data is written as readable text, or as JSON with --format json; \
             --format {} is not for `export person`",
            name_of(other)
        ),
    };
    Ok(Plan::Person {
        email,
        json,
        output,
    })
}

/// A value as it is typed on the command line.
fn name_of(value: impl clap::ValueEnum) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

pub fn run(db: &Path, options: ExportOptions) -> Result<()> {
    let force = options.force;
    let plan = plan(options)?;
    // Refused before anything is read or said: a refusal is the only thing printed.
    if let Some(file) = plan.output_file() {
        refuse_unwritable(file, force)?;
    }
    if !super::database_exists(db)? {
        bail!(
            "there is no database at {}; give the database to export with --db PATH",
            db.display()
        );
    }
    let mut database = super::open_existing(db)?;
    let (seq, data) = database.snapshot(Scope::Everything)?;
    match plan {
        Plan::Folder(dir) => write_folder(&dir, &data, force),
        Plan::Person {
            email,
            json,
            output,
        } => {
            // History is read after the records: changes made in between are left out, so
            // both describe the same moment.
            let history: Vec<_> = database
                .history(usize::MAX)?
                .into_iter()
                .filter(|entry| entry.seq <= seq)
                .collect();
            let export = person_export(&data, &history, &email, Utc::now())?;
            let bytes = if json {
                let mut bytes = serde_json::to_vec_pretty(&export)?;
                bytes.push(b'\n');
                bytes
            } else if output.is_none() {
                // Read on the screen: fitted to it, as status is.
                crate::io::wrap::fitted(&person_text(&export)).into_bytes()
            } else {
                person_text(&export).into_bytes()
            };
            // The text says so itself; JSON and files are read later, so it is said now too.
            if json || output.is_some() {
                if let Some(note) = several_records(&export) {
                    crate::tell!("{note}");
                }
            }
            emit(output.as_deref(), &bytes, force)
        }
        Plan::One(_, _, ref output)
        | Plan::Json(ref output)
        | Plan::Calendar(_, ref output)
        | Plan::Journal(ref output)
        | Plan::Report(_, ref output)
        | Plan::Sets(_, ref output) => emit(output.as_deref(), &bytes_of(&plan, &data)?, force),
    }
}

/// What `improvers export KIND --format FORMAT [--cohort N]` writes, made from `data`: for the
/// dashboard's `:export`, which writes one file and so takes the same kinds, formats and
/// cohorts, refused with the same reasons. `all` as CSV (a folder of files) is refused: that
/// is [`write_new_folder`].
pub fn one_file(
    data: &Snapshot,
    kind: FileKind,
    format: ExportFormat,
    cohort: Option<u32>,
) -> Result<Vec<u8>> {
    if kind == FileKind::Person {
        bail!(
            // Said without the backquotes the dashboard turns into its own `:export`: this
            // one is typed in a terminal.
            "a person's data is exported by their email, in a terminal: improvers export \
             person EMAIL (see docs/data-protection.md)"
        );
    }
    let plan = plan(ExportOptions {
        kind,
        email: None,
        format: Some(format),
        cohort,
        output: None,
        force: false,
    })?;
    bytes_of(&plan, data)
}

/// The programme with only cohort `number`'s participants, and its sessions with those for
/// the whole programme (as its calendar has them): what `export sessions|participants
/// --cohort N` writes, in the same columns.
fn of_cohort(data: &Snapshot, number: u32) -> Result<Snapshot> {
    let cohort = Some(super::cohort_numbered(data, number)?);
    let mut only = data.clone();
    only.sessions
        .retain(|_, s| s.cohort == cohort || s.cohort.is_none());
    only.participants.retain(|_, p| p.cohort == cohort);
    Ok(only)
}

/// The bytes of a plan that writes one file.
fn bytes_of(plan: &Plan, data: &Snapshot) -> Result<Vec<u8>> {
    Ok(match plan {
        Plan::One(FileKind::Survey, _, _) => crate::io::export::survey_csv(data),
        Plan::One(kind, cohort, _) => {
            let only;
            let data = match cohort {
                Some(number) => {
                    only = of_cohort(data, *number)?;
                    &only
                }
                None => data,
            };
            match super::csv_kind(*kind) {
                Some(kind) => csv(kind, data),
                None => programme_toml(data)?.into_bytes(),
            }
        }
        Plan::Folder(dir) => bail!(
            "`export all` writes one file per kind into a folder ({}); use --format json for \
             one file",
            dir.display()
        ),
        Plan::Json(_) => {
            let mut bytes = serde_json::to_vec_pretty(&programme_json(data))?;
            bytes.push(b'\n');
            bytes
        }
        Plan::Calendar(number, _) => {
            let cohort = number
                .map(|n| super::cohort_numbered(data, n))
                .transpose()?;
            sessions_ics(data, cohort, Utc::now()).into_bytes()
        }
        Plan::Journal(_) => expenses_ledger(data).into_bytes(),
        Plan::Person { .. } => bail!(
            "a person's data is exported with `improvers export person EMAIL`, which reads \
             their history too"
        ),
        Plan::Sets(number, _) => {
            let cohort = match number {
                Some(n) => super::cohort_numbered(data, *n)?,
                None => crate::domain::learning_sets::default_cohort(
                    data,
                    super::local_now(data).today(),
                )
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "this programme has no cohorts yet, so no learning sets to export"
                    )
                })?,
            };
            crate::io::learning_sets::csv(data, cohort)
        }
        Plan::Report(number, _) => {
            let report = match number {
                Some(n) => cohort_report(data, super::cohort_numbered(data, *n)?),
                None => {
                    BudgetReport::new(data.budget.as_ref(), &data.budget_totals, &data.categories)
                }
            };
            budget_csv(&report)
        }
    })
}

/// To standard output, or to a new file (an existing one only with `force`).
fn emit(output: Option<&Path>, bytes: &[u8], force: bool) -> Result<()> {
    match output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
        }
        Some(file) => {
            if !force && file.exists() {
                bail!(
                    "{} already exists; use --force to replace it",
                    file.display()
                );
            }
            write_file(file, bytes, force)?;
            println!("Exported to {}.", file.display());
        }
    }
    Ok(())
}

/// Files hold people's names and emails: created readable by their owner only, like the
/// database itself.
fn write_file(file: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).mode(0o600);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut out = options
        .open(file)
        .map_err(|e| anyhow!(file_sentence("write", file, &e)))?;
    // A file replaced with --force keeps its old mode unless told: one readable by others
    // must not go on being so once it holds people's details.
    if force {
        out.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| anyhow!(file_sentence("make private", file, &e)))?;
    }
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| anyhow!(file_sentence("write", file, &e)))
}

/// programme.toml and every CSV file, named as in `assets/demo/`. Nothing is written when any
/// of them already exists (without `force`).
fn write_folder(dir: &Path, data: &Snapshot, force: bool) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} is a file, not a folder", dir.display());
    }
    let (files, note) = folder_files(data);
    // Checked before anything is made or said, so a refusal is all that is printed.
    if !force {
        let existing = existing_in(dir, &files);
        if !existing.is_empty() {
            bail!(
                "{} already exist{}; nothing was written (use --force to replace {})",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" },
                if existing.len() == 1 { "it" } else { "them" }
            );
        }
    }
    if let Some(note) = note {
        crate::tell!("improvers: {note}; writing the other files");
    }
    write_files(dir, &files, force)?;
    println!(
        "Exported the programme to {}: {}.",
        dir.display(),
        files
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// What the dashboard's `:export all DIR` wrote into a folder.
pub struct FolderWritten {
    /// The files written, by name, in the order written.
    pub files: Vec<&'static str>,
    /// Why programme.toml was left out, when it was (the other files are written all the same).
    pub left_out: Option<String>,
}

/// As `export all --output DIR` without `--force`, for the dashboard: programme.toml and every
/// CSV file into `dir` (made, owner-only, when missing). Nothing is written, and the error
/// names each file in the way and says to choose another folder, when any of them exists.
pub fn write_new_folder(dir: &Path, data: &Snapshot) -> Result<FolderWritten> {
    let (files, left_out) = folder_files(data);
    // The folder first and the file names after: the footer is one line, and the whole
    // paths of eleven files would push the way out of it off the screen.
    let existing: Vec<&str> = files
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !existing.is_empty() {
        bail!(
            "{} already holds {} of an export; choose another folder (nothing was written): {}",
            dir.display(),
            crate::domain::count::count(existing.len(), "file"),
            existing.join(", ")
        );
    }
    write_files(dir, &files, false)?;
    Ok(FolderWritten {
        files: files.iter().map(|(name, _)| *name).collect(),
        left_out,
    })
}

/// The files of a folder export with their bytes, and why programme.toml is missing from
/// them when it could not be made.
fn folder_files(data: &Snapshot) -> (Vec<(&'static str, Vec<u8>)>, Option<String>) {
    let mut files: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let mut note = None;
    match programme_toml(data) {
        Ok(text) => files.push(("programme.toml", text.into_bytes())),
        Err(e) => note = Some(e.to_string()),
    }
    for kind in CsvKind::ALL {
        files.push((kind.file_name(), csv(kind, data)));
    }
    (files, note)
}

/// The paths of `files` that already exist in `dir`.
fn existing_in(dir: &Path, files: &[(&'static str, Vec<u8>)]) -> Vec<String> {
    files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect()
}

fn write_files(dir: &Path, files: &[(&'static str, Vec<u8>)], force: bool) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is a file, not a folder; give a folder for the files",
            dir.display()
        );
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| anyhow!(file_sentence("create the folder", dir, &e)))?;
    for (name, bytes) in files {
        write_file(&dir.join(name), bytes, force)?;
    }
    Ok(())
}
