//! Every command that prints prose fits it to the screen as `status` does: the terminal's
//! width, else $COLUMNS, else 80 when piped. Checked at 40 columns, a phone over SSH, on the
//! demo and on a programme set up with `init` in an empty database.

mod support;

use support::{demo_db_in, improvers, stdout};
use unicode_width::UnicodeWidthStr;

/// The Q member the demo pairs with its participants, to export and then erase.
const EMAIL: &str = "amara.lindqvist@riverside-uh.example";

/// What `ARGS` prints at `COLUMNS=40` to a pipe, after checking no line is wider.
fn at_40(db: &std::path::Path, args: &[&str]) -> String {
    let text = stdout(improvers(db).env("COLUMNS", "40").args(args));
    for line in text.lines() {
        assert!(
            UnicodeWidthStr::width(line) <= 40,
            "`improvers {}` printed a line of {} columns:\n{line}\n\nin:\n{text}",
            args.join(" "),
            UnicodeWidthStr::width(line)
        );
    }
    text
}

#[test]
fn match_check_backups_export_person_and_forget_fit_40_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    let proposed = at_40(&db, &["match"]);
    assert!(proposed.contains(" → "), "{proposed}");
    // Wrapped under a short indent, not in a column pushed to the right.
    for line in proposed.lines() {
        let indent = line.len() - line.trim_start().len();
        assert!(indent <= 6, "indented {indent}: {line:?} in\n{proposed}");
    }
    at_40(&db, &["check"]);
    let backup = dir.path().join("a-backup-file-with-a-long-name.improvers");
    at_40(&db, &["backup", backup.to_str().unwrap()]);
    let register = at_40(&db, &["backups"]);
    assert!(register.contains("oldest first"), "{register}");
    let person = at_40(&db, &["export", "person", EMAIL]);
    assert!(person.contains("Everything held about"), "{person}");
    let erased = at_40(&db, &["forget", EMAIL, "--yes"]);
    assert!(erased.contains("Erased"), "{erased}");
}

#[test]
fn init_says_what_next_in_import_order_within_40_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh");
    let said = at_40(
        &db,
        &[
            "init",
            "--name",
            "Aspiring Improvers — Fenland",
            "--funder",
            "Fenland Health Partnership",
            "--grant",
            "£40,000",
            "--starts",
            "2027-01-11",
            "--yes",
        ],
    );
    let venues = said.find("import venues FILE.csv").expect(&said);
    let q_members = said.find("import q-members FILE.csv").expect(&said);
    let participants = said.find("import participants FILE.csv").expect(&said);
    assert!(venues < q_members && q_members < participants, "{said}");
    // Each command starts its own line under the same indent, with the database it was
    // given, so that it acts on this programme when copied.
    let command = format!("improvers --db {}", db.display());
    assert_eq!(
        said.lines()
            .filter(|l| l.starts_with(&format!("  {command}")))
            .count(),
        5,
        "the dashboard, three imports and status, in\n{said}"
    );
    assert_eq!(said.matches("improvers").count(), 5, "{said}");
}
