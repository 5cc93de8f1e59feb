//! The `:` command line in the dashboard: choosing a cohort, importing and exporting files,
//! its words split as a shell splits them, Tab completing them, and what it says to a command
//! it does not know.

mod screen;
mod support;

use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use screen::{app_after, now, press, screen_of};

#[test]
fn colon_cohort_chooses_a_cohort_and_nonsense_is_explained() {
    let app = app_after(": cohort Space 3 Enter");
    assert!(
        app.cohort_label().starts_with("Cohort 3"),
        "{}",
        app.cohort_label()
    );
    let app = app_after(": cohort Space all Enter");
    assert_eq!(app.cohort_label(), "all cohorts");
    let confused = screen_of(&app_after(": frobnicate Enter"), 80, 24);
    assert!(
        confused.contains("“frobnicate” is not a command"),
        "{confused}"
    );
}

#[test]
fn colon_import_and_export_name_a_kind_and_a_file() {
    use improvers::domain::people::roster::CohortFilter;
    use improvers::io::import::CsvKind;
    use improvers::io::import::file::Source;
    use improvers::tui::effects::Effect;
    let mut app = app_after(": import Space expenses Space '/tmp/march Space 2026.csv' Enter");
    assert_eq!(
        app.take_effects(),
        [Effect::Import {
            source: Source::Csv(CsvKind::Expenses),
            path: "/tmp/march 2026.csv".into()
        }]
    );
    let mut app = app_after(": export Space programme Space out.toml Enter");
    assert_eq!(
        app.take_effects(),
        [Effect::Export {
            source: Source::Programme,
            path: "out.toml".into()
        }]
    );
    // A calendar file asks for the sessions of the cohort in view; a CSV file, the sessions file.
    let mut app = app_after(
        ": cohort Space 2 Enter : export Space sessions Space 'Cohort Space 2.ICS' Enter",
    );
    let in_view = app.cohort;
    assert!(matches!(in_view, CohortFilter::Cohort(_)), "{in_view:?}");
    assert_eq!(
        app.take_effects(),
        [Effect::ExportCalendar {
            cohort: in_view,
            path: "Cohort 2.ICS".into()
        }]
    );
    let mut app = app_after(": export Space sessions Space sessions.csv Enter");
    assert_eq!(
        app.take_effects(),
        [Effect::Export {
            source: Source::Csv(CsvKind::Sessions),
            path: "sessions.csv".into()
        }]
    );
    let confused = screen_of(
        &app_after(": import Space receipts Space x.csv Enter"),
        80,
        24,
    );
    assert!(
        confused.contains("“receipts” is not a kind of file"),
        "{confused}"
    );
}

#[test]
fn an_unquoted_name_with_a_space_is_explained_and_nothing_is_done() {
    let mut app = app_after(": import Space expenses Space march Space 2026.csv Enter");
    assert!(app.take_effects().is_empty());
    let said = screen_of(&app, 80, 24);
    assert!(
        said.contains("“2026.csv” is one word too many; put a name with spaces in quotes"),
        "{said}"
    );
}

#[test]
fn colon_export_with_format_ledger_writes_a_journal_where_asked() {
    let (dir, db) = support::demo_db();
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    let out = dir.path().join("grant 2026.journal");
    let typed = format!(
        ": export Space expenses Space \"{}\" Space --format Space ledger Enter",
        out.display().to_string().replace(' ', " Space ")
    );
    press(&mut app, &typed);
    link.carry_out_all(&mut app);
    let written = std::fs::read_to_string(&out).expect("the journal is written where asked");
    let expected =
        support::stdout(support::improvers(&db).args(["export", "expenses", "--format", "ledger"]));
    assert_eq!(
        written, expected,
        "the same journal `improvers export` writes"
    );
    // The whole path, so a person knows where it went.
    let said = screen_of(&app, 160, 48);
    assert!(
        said.contains(&format!("Exported to {}", out.display())),
        "{said}"
    );
    press(
        &mut app,
        ": export Space venues Space venues-fc-test.csv Enter",
    );
    link.carry_out_all(&mut app);
    let written = std::env::current_dir().unwrap().join("venues-fc-test.csv");
    let said = screen_of(&app, 160, 48);
    let _ = std::fs::remove_file(&written);
    assert!(
        said.contains(&format!("Exported to {}", written.display())),
        "a name typed alone is said with its folder: {said}"
    );
    // The file's ending alone asks for a journal too; a refused combination says why.
    press(
        &mut app,
        ": export Space participants Space people.journal Enter",
    );
    link.carry_out_all(&mut app);
    let said = screen_of(&app, 80, 24);
    assert!(
        said.contains("--format ledger writes expenses as a journal: use `:export expenses"),
        "{said}"
    );
}

#[test]
fn tab_completes_commands_and_kinds_and_goes_round_when_several_fit() {
    let mut app = app_after(": ex");
    let offered = screen_of(&app, 80, 24);
    assert!(
        offered.contains(":ex▏  Tab export · Enter runs"),
        "{offered}"
    );
    press(&mut app, "Tab");
    assert_eq!(app.command.as_deref(), Some("export "));
    press(&mut app, "p");
    insta::assert_snapshot!("tab_offers_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("tab_offers_160x48", screen_of(&app, 160, 48));
    press(&mut app, "Tab");
    assert_eq!(app.command.as_deref(), Some("export programme "));
    press(&mut app, "Tab");
    assert_eq!(app.command.as_deref(), Some("export participants "));
    press(&mut app, "Tab Tab");
    assert_eq!(
        app.command.as_deref(),
        Some("export programme "),
        "round again"
    );
    // Any other key ends the round: Tab then completes what is typed from there.
    press(&mut app, "Backspace Backspace Backspace Tab");
    assert_eq!(app.command.as_deref(), Some("export programme "));
    press(&mut app, "out.csv Space --f Tab l Tab");
    assert_eq!(
        app.command.as_deref(),
        Some("export programme out.csv --format ledger ")
    );
}

#[test]
fn a_space_typed_after_a_completion_is_not_doubled() {
    let mut app = app_after(": export Space ex Tab Space g.csv Space Space --cohort Tab Space");
    assert_eq!(
        app.command.as_deref(),
        Some("export expenses g.csv --cohort "),
        "one space between words, however many were typed"
    );
    // Inside quotes a space is part of the name and is kept.
    press(&mut app, "\" a Space Space b");
    assert_eq!(
        app.command.as_deref(),
        Some("export expenses g.csv --cohort \"a  b")
    );
}

#[test]
fn tab_completes_file_names_from_the_current_folder_as_a_shell_would() {
    // Tests run in the project's folder: Cargo.lock and Cargo.toml, and the assets folder.
    let app = app_after(": import Space programme Space Cargo.t Tab");
    assert_eq!(app.command.as_deref(), Some("import programme Cargo.toml "));
    let mut app = app_after(": import Space programme Space Ca Tab");
    assert_eq!(app.command.as_deref(), Some("import programme Cargo.lock "));
    press(&mut app, "Tab");
    assert_eq!(
        app.command.as_deref(),
        Some("import programme Cargo.toml "),
        "Tab goes round the names that fit"
    );
    // A folder ends in / with no space, so Tab goes on into it.
    let mut app = app_after(": export Space expenses Space asse Tab");
    assert_eq!(app.command.as_deref(), Some("export expenses assets/"));
    let offered = screen_of(&app, 80, 24);
    assert!(
        offered.contains("Tab assets/"),
        "the footer offers what is in it: {offered}"
    );
    press(&mut app, "Tab");
    assert!(
        app.command
            .as_deref()
            .is_some_and(|c| c.starts_with("export expenses assets/") && c.len() > 23),
        "{:?}",
        app.command
    );
}

#[test]
fn on_an_empty_database_tab_still_offers_every_command() {
    let mut app = App::new(Default::default(), now());
    press(&mut app, ":");
    let offered = screen_of(&app, 80, 24);
    assert!(
        offered.contains("Tab history, undo, settings, quit, cohort, import, …"),
        "{offered}"
    );
    press(&mut app, "c Tab Tab");
    assert_eq!(
        app.command.as_deref(),
        Some("cohort all "),
        "no cohorts yet: all, nominees"
    );
}

/// A participants file of `rows` people whose emails are all wrong, with CRLF line endings as a
/// spreadsheet saves them.
fn bad_people(path: &std::path::Path, rows: usize) {
    let mut text = String::from("name,email,profession,organisation\r\n");
    for n in 1..=rows {
        text.push_str(&format!(
            "Invented Person {n},not-an-email-{n},Nurse,Northgate Community Health\r\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn colon_import_of_a_refused_file_lists_every_problem_and_scrolls() {
    // A folder named relative to where the tests run, with a name of fixed length, so the
    // problems wrap the same way on every machine.
    let dir = tempfile::Builder::new()
        .prefix(".import-")
        .rand_bytes(6)
        .tempdir_in(".")
        .unwrap();
    let folder = std::path::PathBuf::from(dir.path().file_name().unwrap());
    let db = folder.join("programme");
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    let file = folder.join("new people.csv");
    bad_people(&file, 30);
    let typed = format!(
        ": import Space participants Space '{}' Enter",
        file.display().to_string().replace(' ', " Space ")
    );
    press(&mut app, &typed);
    link.carry_out_all(&mut app);
    let shown = screen_of(&app, 80, 24);
    let listed = app.problems.as_ref().expect("the problems are listed");
    assert_eq!(listed.problems.len(), 30, "{:?}", listed.problems);
    assert!(
        listed.title.starts_with("30 problems in ")
            && listed.title.ends_with("; nothing was imported"),
        "{}",
        listed.title
    );
    // Physical lines, CRLF or not: the first wrong row is line 2, the last line 31.
    assert!(
        listed.problems[0].contains("new people.csv:2:"),
        "{}",
        listed.problems[0]
    );
    assert!(shown.contains("Problems 1–"), "{shown}");
    let tmp = folder.display().to_string();
    insta::assert_snapshot!(
        "import_problems_80x24",
        shown.replace(&tmp, ".import-RANDOM")
    );
    press(&mut app, "G");
    let bottom = screen_of(&app, 160, 48);
    assert!(bottom.contains("new people.csv:31:"), "{bottom}");
    assert!(bottom.contains("Problems 30–30 of 30"), "{bottom}");
    insta::assert_snapshot!(
        "import_problems_160x48",
        bottom.replace(&tmp, ".import-RANDOM")
    );
    press(&mut app, "g j PgDn PgUp");
    assert_eq!(app.problems.as_ref().unwrap().top, 0);
    press(&mut app, "Esc");
    assert!(app.problems.is_none());
    assert!(app.data.participants.is_empty(), "nothing was imported");
    drop(link);
}

/// `:export all DIR` writes the folder `improvers export all --output DIR` writes, file for
/// file; `--output DIR` is taken as the command takes it; a second export into the same folder
/// names what is in the way and writes nothing; `FILE.json` stays one document.
#[test]
fn colon_export_all_writes_a_folder_of_files_and_never_replaces_one() {
    let (dir, db) = support::demo_db();
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    let typed = |path: &std::path::Path| path.display().to_string().replace(' ', " Space ");

    let cli = dir.path().join("by the command");
    support::stdout(
        support::improvers(&db)
            .args(["export", "all", "--output"])
            .arg(&cli),
    );
    let mut expected: Vec<String> = std::fs::read_dir(&cli)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    assert!(expected.contains(&"participants.csv".to_string()));

    let folder = dir.path().join("dashall");
    press(
        &mut app,
        &format!(": export Space all Space {} Enter", typed(&folder)),
    );
    link.carry_out_all(&mut app);
    let said = screen_of(&app, 160, 48);
    assert!(
        said.contains(&format!("Exported the programme to {}:", folder.display())),
        "{said}"
    );
    for name in &expected {
        assert_eq!(
            std::fs::read(folder.join(name)).unwrap_or_default(),
            std::fs::read(cli.join(name)).unwrap(),
            "{name} as the command writes it"
        );
    }

    // Again into the same folder: refused, and nothing changes.
    std::fs::write(folder.join("venues.csv"), "kept\n").unwrap();
    press(
        &mut app,
        &format!(": export Space all Space {} Enter", typed(&folder)),
    );
    link.carry_out_all(&mut app);
    let said = screen_of(&app, 160, 48);
    assert!(
        said.contains("choose another folder (nothing was written)"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("venues.csv")).unwrap(),
        "kept\n"
    );

    let flagged = dir.path().join("flagged");
    press(
        &mut app,
        &format!(
            ": export Space all Space --output Space {} Enter",
            typed(&flagged)
        ),
    );
    link.carry_out_all(&mut app);
    assert!(
        flagged.join("participants.csv").is_file(),
        "{}",
        screen_of(&app, 160, 48)
    );

    let json = dir.path().join("all.json");
    press(
        &mut app,
        &format!(": export Space all Space {} Enter", typed(&json)),
    );
    link.carry_out_all(&mut app);
    let text = std::fs::read_to_string(&json).expect("one JSON document");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value["participants"].is_array(), "{text}");
}
