//! Hostile text from a file is stored and drawn inert: terminal escapes (colour, cursor moves,
//! OSC 52 clipboard writes), bidi overrides and absurdly long names.

use chrono::{NaiveDate, TimeZone, Utc};
use improvers::domain::change::Change;
use improvers::domain::sessions::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::io::demo::demo_programme;
use improvers::io::import::{CsvKind, Importer};
use improvers::tui::app::App;
use improvers::tui::script::script_keys;
use improvers::tui::theme::Theme;
use improvers::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn with_hostile_people() -> Snapshot {
    let mut data = Snapshot::default();
    data.apply(&demo_programme(today()).unwrap());
    let long_name = "Ada ".repeat(2_500);
    let csv = format!(
        "name,email,profession,organisation,cohort,project_title,notes\n\
         \"Mallory\u{1b}[2J\u{1b}[31mRed\",mallory@example.org,Nurse,Evil Trust,2,\"Clipboard\u{1b}]52;c;cm0gLXJmIH4=\u{7}grab\",\"line\u{1b}[1A up\"\n\
         \"Eve \u{202E}gnp.exe\u{202C} Doe\",eve@example.org,Nurse,\u{2066}Isolated Org\u{2069},2,Project,\n\
         \"{long_name}\",long@example.org,Nurse,Long Org,2,Project,\n"
    );
    let records = Importer::new(&data, today())
        .import(CsvKind::Participants, &csv, "hostile.csv")
        .unwrap();
    data.apply(&Change::Batch {
        summary: "hostile".into(),
        changes: records.into_iter().map(Change::Put).collect(),
    });
    data
}

#[test]
fn hostile_text_is_stored_without_control_or_bidi_characters() {
    let data = with_hostile_people();
    let texts: Vec<String> = data
        .participants
        .values()
        .flat_map(|p| [p.name.clone(), p.project.title.clone(), p.notes.clone()])
        .chain(data.organisations.values().map(|o| o.name.clone()))
        .collect();
    for text in &texts {
        assert!(
            !text.chars().any(|c| c.is_control()
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{text:?} kept a control or bidi character"
        );
    }
    assert!(texts.iter().any(|t| t == "Mallory[2J[31mRed"));
    assert!(texts.iter().any(|t| t == "Eve gnp.exe Doe"));
}

#[test]
fn hostile_text_is_drawn_inert_at_every_size() {
    let now = LocalNow::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
        chrono_tz::Europe::London,
    );
    for script in ["1", "1 G Enter", "1 / mallory Enter Enter", "2", "1 z"] {
        let mut app = App::new(with_hostile_people(), now);
        for key in script_keys(script) {
            app.handle_key(key);
        }
        for (w, h) in [(80, 24), (160, 48), (40, 12), (250, 60)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|frame| view::draw(&app, &Theme::new(true), frame))
                .unwrap();
            let screen = terminal.backend().to_string();
            assert!(
                !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
                "{screen}"
            );
            assert!(!screen.contains('\u{202E}'), "{screen}");
        }
    }
}
