//! The `:` command line in the dashboard: choosing a cohort, importing and exporting files,
//! and what it says to a command it does not know.

mod screen;

use screen::{app_after, screen_of};

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
    use improvers::domain::roster::CohortFilter;
    use improvers::io::import::CsvKind;
    use improvers::io::import::file::Source;
    use improvers::tui::effects::Effect;
    let mut app = app_after(": import Space expenses Space /tmp/march Space 2026.csv Enter");
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
    let mut app =
        app_after(": cohort Space 2 Enter : export Space sessions Space Cohort Space 2.ICS Enter");
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
