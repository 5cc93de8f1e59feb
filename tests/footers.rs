//! The footer and `?` give the keys of what is in front of the person: a question, a view
//! within a pane, the field being typed in. Keys that do nothing there are not offered.

mod screen;

use screen::{app_after, press, screen, screen_of};

/// The footer: the screen's last line.
fn footer(screen: &str) -> String {
    screen.lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_candidates_footer_and_help_give_the_candidates_keys_and_say_what_enter_does() {
    let shown = screen("2 Enter", 80, 24);
    let keys = footer(&shown);
    assert!(keys.contains("Enter propose"), "{keys}");
    assert!(keys.contains("x forbid/allow"), "{keys}");
    assert!(keys.contains("Esc back"), "{keys}");
    for list_only in [
        "m match",
        "a accept",
        "l lock",
        "c check-in",
        "Enter candidates",
    ] {
        assert!(
            !keys.contains(list_only),
            "{list_only} in the candidates: {keys}"
        );
    }
    // The title says what Enter does, in the guide's words.
    assert!(shown.contains("Enter proposes them, locked"), "{shown}");
    insta::assert_snapshot!("candidates_footer_80x24", shown);
    insta::assert_snapshot!("candidates_footer_160x48", screen("2 z Enter", 160, 48));
    let help = screen("2 Enter ?", 80, 24);
    assert!(help.contains("Keys: the candidate mentors"), "{help}");
    assert!(
        help.contains("propose the one chosen as mentor, locked"),
        "{help}"
    );
    assert!(!help.contains("run matching"), "{help}");
}

#[test]
fn the_month_view_footer_gives_the_months_keys_and_they_work() {
    let shown = screen("3 c", 80, 24);
    let keys = footer(&shown);
    assert!(keys.contains("← → day"), "{keys}");
    assert!(keys.contains("↑ ↓ week"), "{keys}");
    assert!(
        !keys.contains("/ filter"),
        "nothing to filter in the month: {keys}"
    );
    assert!(keys.contains("c Esc list"), "{keys}");
    for agenda_only in ["n new", "t attendance", "Enter open", "v view"] {
        assert!(
            !keys.contains(agenda_only),
            "{agenda_only} in the month: {keys}"
        );
    }
    insta::assert_snapshot!("month_footer_80x24", shown);
    insta::assert_snapshot!("month_footer_160x48", screen("3 z c", 160, 48));
    let mut app = app_after("3 c");
    let day = app.sessions.month.as_ref().map(|m| m.day);
    press(&mut app, "l");
    assert_eq!(
        app.sessions.month.as_ref().map(|m| m.day),
        day.and_then(|d| d.succ_opt()),
        "l is the day after"
    );
    press(&mut app, "Esc");
    assert!(app.sessions.month.is_none(), "Esc goes back to the list");
    let help = screen("3 c ?", 80, 24);
    assert!(help.contains("Keys: the month view"), "{help}");
    assert!(help.contains("month view: the week after"), "{help}");
    assert!(!help.contains("move down"), "{help}");
}

#[test]
fn the_categories_footer_gives_the_categories_keys() {
    let shown = screen("4 v", 80, 24);
    let keys = footer(&shown);
    for key in ["n new", "e rename", "d retire", "Enter expenses", "v back"] {
        assert!(keys.contains(key), "{key} missing: {keys}");
    }
    insta::assert_snapshot!("categories_footer_80x24", shown);
    insta::assert_snapshot!("categories_footer_160x48", screen("4 z v", 160, 48));
}

#[test]
fn the_leave_question_of_a_form_has_its_own_footer() {
    let shown = screen("1 n Ada", 80, 24);
    assert!(footer(&shown).contains("Tab next field"), "{shown}");
    let asked = screen("1 n Ada Esc", 80, 24);
    let keys = footer(&asked);
    assert!(
        asked.contains("Leave without saving what was typed?"),
        "{asked}"
    );
    assert!(keys.contains("Esc y leave without saving"), "{keys}");
    assert!(keys.contains("any other key back to the form"), "{keys}");
    assert!(!keys.contains("Tab next field"), "{keys}");
    insta::assert_snapshot!("form_leaving_80x24", asked);
    insta::assert_snapshot!("form_leaving_160x48", screen("1 n Ada Esc", 160, 48));
}

#[test]
fn a_text_field_does_not_offer_left_and_right_to_choose() {
    // The participant form opens on a name: ← → move along what is typed there.
    let shown = screen("1 n", 80, 24);
    assert!(!shown.contains("←→ choose"), "{shown}");
    assert!(shown.contains("Tab/↑↓ move · Esc leaves"), "{shown}");
}

#[test]
fn help_over_a_window_has_the_help_footer() {
    let help = screen("3 t ?", 80, 24);
    assert!(
        footer(&help).contains("any other key closes help"),
        "{help}"
    );
}

#[test]
fn leaving_the_attendance_sheet_with_marks_asks_first_as_a_form_does() {
    let sheet = screen("3 t", 80, 24);
    assert!(footer(&sheet).contains("Esc q leave"), "{sheet}");
    let mut app = app_after("3 t a Esc");
    assert!(app.attendance.is_some(), "marks made: Esc asks first");
    let asked = screen_of(&app, 80, 24);
    assert!(
        asked.contains("Leave without saving? Esc or y leaves · any other key stays"),
        "{asked}"
    );
    let keys = footer(&asked);
    assert!(keys.contains("Esc y leave without saving"), "{keys}");
    assert!(keys.contains("any other key back to the marks"), "{keys}");
    insta::assert_snapshot!("attendance_leaving_80x24", asked);
    insta::assert_snapshot!("attendance_leaving_160x48", screen_of(&app, 160, 48));
    press(&mut app, "j");
    let marks = app.attendance.as_ref().map(|v| v.changed());
    assert_eq!(marks, Some(true), "any other key goes back, marks kept");
    press(&mut app, "q y");
    assert!(app.attendance.is_none(), "q asks too, and y leaves");
    // Nothing marked: nothing to lose, so Esc just leaves.
    assert!(app_after("3 t Esc").attendance.is_none());
}
