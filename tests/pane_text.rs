//! What a person's story shows of text people write: notes and aims over several lines, a
//! project not yet named, and a story taller than the screen.

mod screen;

use improvers::domain::change::{Change, Record};
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use screen::{demo, now, press, screen_of};

/// The demo with every participant's notes and aim written over two lines, as a quoted
/// spreadsheet cell brings them in.
fn with_notes(notes: &str, aim: &str) -> Snapshot {
    let mut data = demo();
    let people: Vec<_> = data.participants.values().cloned().collect();
    for mut p in people {
        p.notes = notes.to_string();
        p.project.aim = aim.to_string();
        data.apply(&Change::Put(Record::Participant(p)));
    }
    data
}

#[test]
fn notes_over_two_lines_show_as_two_lines_in_the_person_view() {
    let data = with_notes("Prefers mornings\r\nvegetarian", "Fewer falls\nat night");
    let mut app = App::new(data, now());
    press(&mut app, "1 z Enter G");
    let shown = screen_of(&app, 160, 48);
    assert!(!shown.contains("morningsvegetarian"), "{shown}");
    assert!(!shown.contains("fallsat night"), "{shown}");
    let lines: Vec<&str> = shown.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Prefers mornings"))
        .unwrap_or_else(|| panic!("the notes are shown:\n{shown}"));
    assert!(lines[at + 1].contains("vegetarian"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_person_without_a_project_title_says_so_rather_than_a_bare_stage() {
    let mut data = demo();
    let people: Vec<_> = data.participants.values().cloned().collect();
    for mut p in people {
        p.project.title.clear();
        data.apply(&Change::Put(Record::Participant(p)));
    }
    let mut app = App::new(data, now());
    press(&mut app, "1 Enter");
    let shown = screen_of(&app, 160, 48);
    assert!(!shown.contains("(Scoping)"), "{shown}");
    assert!(
        shown.contains("No project yet (e edits the person)"),
        "{shown}"
    );
}

#[test]
fn a_person_view_taller_than_the_pane_scrolls_to_the_notes_with_page_down() {
    let data = with_notes("Prefers mornings\r\nvegetarian", "Fewer falls\nat night");
    let mut app = App::new(data, now());
    press(&mut app, "1 Enter");
    let top = screen_of(&app, 80, 24);
    assert!(!top.contains("vegetarian"), "{top}");
    assert!(top.contains("lines 1–"), "{top}");
    press(&mut app, "PageDown PageDown PageDown");
    let bottom = screen_of(&app, 80, 24);
    assert!(bottom.contains("Prefers mornings"), "{bottom}");
    assert!(bottom.contains("vegetarian"), "{bottom}");
    assert!(!bottom.contains("lines 1–"), "{bottom}");
    insta::assert_snapshot!(bottom);
    press(&mut app, "PageUp PageUp PageUp");
    assert_eq!(screen_of(&app, 80, 24), top);
}
