//! Messages that say what happened: a saved edit names the record and the fields changed.

mod screen;

use screen::{app_after, press, save, screen_of};

#[test]
fn saving_an_edited_participant_names_them_and_each_field_changed() {
    let mut app = app_after("1 e");
    press(
        &mut app,
        "Tab Tab Tab Tab Tab Tab Tab Tab Right Tab Tab Still Space going Enter",
    );
    let (_, done) = save(&mut app);
    assert_eq!(done, "Saved Arjun Sethuraman: project progress, notes");
    assert!(
        screen_of(&app, 80, 24).contains("Saved Arjun Sethuraman: project progress, notes"),
        "the footer says it"
    );
}

#[test]
fn saving_a_form_unchanged_says_nothing_had_changed() {
    let mut app = app_after("1 e Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Saved Arjun Sethuraman: nothing had changed");
}

mod support;

/// A programme set up from a file, and two Q members from two organisations and professions
/// nobody has yet, with CR LF line ends as a spreadsheet writes them.
fn first_files(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let programme = dir.join("programme.toml");
    std::fs::write(
        &programme,
        "[programme]\r\nname = \"Aspiring Improvers — Saltmarsh\"\r\nfunder = \"Saltmarsh \
         Health Partnership\"\r\n\r\n[[cohorts]]\r\nnumber = 1\r\nname = \"Cohort 1 — \
         2027\"\r\nstarts = 2027-02-01\r\nends = 2027-11-30\r\ntarget_size = 10\r\n\r\n\
         [budget]\r\ntotal = \"£20,000\"\r\n",
    )
    .unwrap();
    let members = dir.join("q-members.csv");
    std::fs::write(
        &members,
        "name,email,profession,organisation\r\n\
         Perpetua Vangelder,perpetua@saltmarsh-ch.example,Nurse,Saltmarsh Community Health\r\n\
         Lowen Tregarthen,lowen@quay-gp.example,GP,Quay Street Practice\r\n",
    )
    .unwrap();
    (programme, members)
}

#[test]
fn an_import_counts_the_file_rows_then_what_it_made_along_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (programme, members) = first_files(dir.path());
    let said = |file: &std::path::Path, kind: &str| {
        support::stdout(support::improvers(&db).args(["import", kind]).arg(file))
    };
    assert_eq!(
        said(&programme, "programme"),
        format!(
            "Imported {}: the programme, 1 cohort, the budget.\n",
            programme.display()
        )
    );
    assert_eq!(
        said(&members, "q-members"),
        format!(
            "Imported {}: 2 Q members (and 2 new organisations, 2 new professions).\n",
            members.display()
        )
    );
    // The history entry says the same.
    let mut database = improvers::store::shared::Database::open(&db).unwrap();
    let newest = database.history(1).unwrap();
    let (_, data) = database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert_eq!(
        improvers::domain::describe::describe_entry(&newest[0], &data),
        format!(
            "imported {}: 2 Q members (and 2 new organisations, 2 new professions)",
            members.display()
        )
    );
}

#[test]
fn colon_import_says_the_same_count_as_the_command() {
    use improvers::io::import::CsvKind;
    use improvers::io::import::file::Source;
    use improvers::tui::effects::Message;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (programme, members) = first_files(dir.path());
    support::stdout(
        support::improvers(&db)
            .args(["import", "programme"])
            .arg(&programme),
    );
    let mut database = improvers::store::shared::Database::open(&db).unwrap();
    let (_, data) = database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let said = improvers::tui::files::import(
        &mut database,
        &data,
        today,
        Source::Csv(CsvKind::QMembers),
        &members,
    );
    assert_eq!(
        said,
        Message::Done(format!(
            "Imported {}: 2 Q members (and 2 new organisations, 2 new professions).",
            members.display()
        ))
    );
}
