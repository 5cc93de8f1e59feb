//! Running what a page shows: writing its files into a scratch folder, importing them, and
//! running its commands there against a scratch database.

use super::{Page, command_words};
use crate::support::CSV_KINDS;
use clap::Parser;
use improvers::cli::{Cli, Command};
use std::path::Path;

/// Every kind `import` reads, in the order their references need.
pub fn import_order() -> Vec<(&'static str, String)> {
    let mut order = vec![("programme", "programme.toml".to_string())];
    order.extend(CSV_KINDS.iter().map(|kind| (*kind, format!("{kind}.csv"))));
    // Answers name participants, so a survey comes after every other file.
    order.push(("survey", "survey.csv".to_string()));
    order
}

/// Writes every file `page` shows into `dir`, and returns their names.
pub fn write_files(page: &Page, dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for block in page.blocks() {
        if block.language != "csv" && block.language != "toml" {
            continue;
        }
        if let Some(file) = block.file {
            assert!(
                !names.contains(&file),
                "{} shows {file} twice",
                page.at(block.first_line)
            );
            std::fs::write(dir.join(&file), &block.text).unwrap();
            names.push(file);
        }
    }
    names
}

/// What parsing a command line the page shows gives, or why it was refused.
pub fn parse(args: &[String]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("improvers".to_string()).chain(args.iter().cloned()))
}

/// Whether a parse failed only because it printed help or the version, as `--help` does.
pub fn only_help(e: &clap::Error) -> bool {
    matches!(
        e.kind(),
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
    )
}

/// Whether the command waits for a person (the dashboard) or for a signal (`serve`), so a test
/// can only check that it parses.
pub fn waits(cli: &Cli) -> bool {
    matches!(
        cli.command,
        None | Some(Command::Serve) | Some(Command::Demo { no_open: false, .. })
    )
}

/// Imports the files `page` shows into a fresh database, in the order references need, and
/// returns the database's folder; every file must be of a kind `import` reads.
pub fn import_the_files_of(page: &Page, dir: &Path) -> std::path::PathBuf {
    let names = write_files(page, dir);
    let db = dir.join("db");
    let mut imported = Vec::new();
    for (kind, file) in import_order() {
        if names.contains(&file) {
            let out = crate::support::improvers(&db)
                .args(["import", kind])
                .arg(dir.join(&file))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: importing its {file} failed:\n{}",
                page.name,
                String::from_utf8_lossy(&out.stderr)
            );
            imported.push(file);
        }
    }
    let mut shown = names.clone();
    shown.sort();
    imported.sort();
    assert_eq!(
        shown, imported,
        "{}: a file it shows is of no kind import reads",
        page.name
    );
    db
}

/// A folder holding `improvers` as the pages' commands find it: the built program, given the
/// scratch database unless the line names a database of its own.
pub fn wrapper(bin: &Path, db: &Path) {
    let script = format!(
        "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --db|--db=*) exec '{real}' \"$@\";; esac; \
         done\nexec '{real}' --db '{db}' \"$@\"\n",
        real = env!("CARGO_BIN_EXE_improvers"),
        db = db.display()
    );
    let path = bin.join("improvers");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// What running a page's commands left: the scratch folder (its database is `db` in it), each
/// failure, and how many lines ran.
pub struct Run {
    pub dir: tempfile::TempDir,
    pub failures: Vec<String>,
    pub ran: usize,
}

/// Runs the page's `sh` lines that start with `improvers`, in order, in a scratch folder with
/// its files.
pub fn run_commands_of(page: &Page) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    write_files(page, dir.path());
    wrapper(home.path(), &dir.path().join("db"));
    let config = home.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let path = format!(
        "{}:{}",
        home.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (mut failures, mut ran) = (Vec::new(), 0);
    one_database_beside_the_demo(page, &mut failures);
    for block in page.blocks().into_iter().filter(|b| b.language == "sh") {
        for (number, line) in block.numbered_lines() {
            let args = command_words(line);
            let Some(program) = args.first().map(String::as_str) else {
                continue;
            };
            if OUTSIDE.contains(&program) {
                if !installed(program) {
                    println!(
                        "{}: skipped `{line}`: {program} is not installed",
                        page.at(number)
                    );
                    continue;
                }
            } else if program != "improvers"
                || !runs_alone(page, number, line, &args, &mut failures)
            {
                continue;
            }
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(line)
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("HOME", home.path())
                .env("XDG_DATA_HOME", home.path().join("data"))
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .env("IMPROVERS_CONFIG", &config)
                .env_remove("IMPROVERS_DB")
                .env_remove("NO_COLOR")
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap();
            ran += 1;
            if !out.status.success() {
                failures.push(format!(
                    "{}: `{line}` failed ({}):\n{}{}",
                    page.at(number),
                    out.status,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    Run { dir, failures, ran }
}

/// Programs other than improvers whose lines a page may show to be run, such as reading the
/// ledger journal; a line of one is run only where it is installed.
const OUTSIDE: [&str; 2] = ["ledger", "hledger"];

fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Whether an `improvers` line can be run by a test: it parses, keeps to the folder it is run
/// in, and needs no person at a terminal. What is wrong is added to `failures`.
fn runs_alone(
    page: &Page,
    number: usize,
    line: &str,
    args: &[String],
    failures: &mut Vec<String>,
) -> bool {
    let cli = match parse(&args[1..]) {
        Ok(cli) => cli,
        Err(e) if only_help(&e) => return false,
        Err(e) => {
            failures.push(format!(
                "{}: `{line}` does not parse:\n{e}",
                page.at(number)
            ));
            return false;
        }
    };
    if let Some(db) = &cli.db
        && (db.is_absolute() || db.starts_with("~") || db.starts_with(".."))
    {
        failures.push(format!(
            "{}: `{line}` names a database outside the folder it is run in; give a \
             relative --db so the example can be run where it stands",
            page.at(number)
        ));
        return false;
    }
    if waits(&cli) {
        return false;
    }
    true
}

/// The `--db` of each `demo` line a page shows to run, with its line number (`None` where the
/// line has no `--db`, and the demo goes to a database of its own).
pub fn demo_folders(page: &Page) -> Vec<(usize, Option<std::path::PathBuf>)> {
    let mut found = Vec::new();
    for block in page.blocks().into_iter().filter(|b| b.language == "sh") {
        for (number, line) in block.numbered_lines() {
            let args = command_words(line);
            if args.first().map(String::as_str) != Some("improvers") {
                continue;
            }
            if let Ok(cli) = parse(&args[1..])
                && matches!(cli.command, Some(Command::Demo { .. }))
            {
                found.push((number, cli.db));
            }
        }
    }
    found
}

/// A page that builds the demo and then works on a database must name that database on every
/// line: a reader who types `improvers demo` and then `improvers import` (no `--db`) builds the
/// demo in a database of its own and imports into the real programme's. The scratch `--db`
/// these tests give a line without one would hide that, so such a page is held to it here.
fn one_database_beside_the_demo(page: &Page, failures: &mut Vec<String>) {
    let Some((demo_line, _)) = demo_folders(page).into_iter().next() else {
        return;
    };
    for block in page.blocks().into_iter().filter(|b| b.language == "sh") {
        for (number, line) in block.numbered_lines() {
            let args = command_words(line);
            if args.first().map(String::as_str) != Some("improvers") {
                continue;
            }
            let Ok(cli) = parse(&args[1..]) else {
                continue;
            };
            let needs_no_database = matches!(
                cli.command,
                Some(Command::Completions { .. } | Command::Man)
            );
            if cli.db.is_none() && !needs_no_database {
                failures.push(format!(
                    "{}: `{line}` names no --db on a page that builds the demo (line \
                     {demo_line}): a reader would run the demo in its own database and this \
                     in their real programme's; give both the same --db",
                    page.at(number)
                ));
            }
        }
    }
}
