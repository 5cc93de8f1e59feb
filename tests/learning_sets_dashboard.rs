//! Learning sets in the dashboard: `:sets` shows the cohort's sets in the roster pane with each
//! set's mix and why the selected person is there; `:sets 4` suggests them; moving, locking
//! and pairs are each one change; a participant's story names their set.

mod screen;

use improvers::domain::change::Change;
use improvers::tui::app::App;
use screen::{demo, now, press, save, screen_of};

/// The demo at the fixed clock with sets of at most 4 suggested and saved.
fn with_sets() -> App {
    let mut app = App::new(demo(), now());
    press(&mut app, ":sets Space 4 Enter");
    let (change, done) = save(&mut app);
    assert!(matches!(change, Change::Batch { .. }), "{change:?}");
    assert!(
        done.starts_with("Suggested 4 learning sets for Cohort 2"),
        "{done}"
    );
    app
}

#[test]
fn a_cohort_without_sets_says_how_to_make_them() {
    let mut app = App::new(demo(), now());
    press(&mut app, ":sets Enter");
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("has no learning sets yet"), "{shown}");
    insta::assert_snapshot!("learning_sets_none_80x24", shown);
}

#[test]
fn the_sets_show_each_persons_set_and_why_they_are_there() {
    let app = with_sets();
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("learning sets · Cohort 2"), "{shown}");
    assert!(shown.contains("only one from"), "{shown}");
    insta::assert_snapshot!("learning_sets_80x24", shown);
    insta::assert_snapshot!("learning_sets_160x48", screen_of(&app, 160, 48));
    let data = &app.data;
    let sets = data.learning_sets.values().next().expect("stored");
    assert_eq!(sets.sets.len(), 4);
    assert!(sets.sets.iter().all(|s| s.len() <= 4));
}

#[test]
fn moving_locking_and_pairing_are_each_one_change() {
    let mut app = with_sets();
    let first = app
        .sets
        .as_ref()
        .and_then(|v| v.selected())
        .expect("someone");
    press(&mut app, "l");
    let (_, done) = save(&mut app);
    assert!(done.contains("from learning set 1 to 2"), "{done}");
    let sets = app
        .data
        .learning_sets
        .values()
        .next()
        .expect("stored")
        .clone();
    assert_eq!(sets.set_of(first), Some(1));

    press(&mut app, "L");
    let (_, done) = save(&mut app);
    assert!(done.starts_with("Locked"), "{done}");
    let locked = app
        .data
        .learning_sets
        .values()
        .next()
        .expect("stored")
        .clone();
    assert_eq!(locked.locked.len(), 1);

    press(&mut app, "g t j t");
    let (_, done) = save(&mut app);
    assert!(done.contains("together in learning sets"), "{done}");
    let paired = app
        .data
        .learning_sets
        .values()
        .next()
        .expect("stored")
        .clone();
    assert_eq!(paired.together.len(), 1);

    // A new suggestion keeps the locked person where they are and the pair together.
    press(&mut app, "r");
    save(&mut app);
    let again = app.data.learning_sets.values().next().expect("stored");
    let locked_person = again.locked[0];
    assert_eq!(again.set_of(locked_person), locked.set_of(locked_person));
    let (a, b) = again.together[0];
    assert_eq!(again.set_of(a), again.set_of(b));
}

#[test]
fn a_participants_story_names_their_set() {
    let mut app = with_sets();
    press(&mut app, "Enter");
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("Learning set 1 with"), "{shown}");
    press(&mut app, "Esc Esc");
    let shown = screen_of(&app, 80, 24);
    assert!(
        !shown.contains("learning sets"),
        "Esc goes back to the roster: {shown}"
    );
}
