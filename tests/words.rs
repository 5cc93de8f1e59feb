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
