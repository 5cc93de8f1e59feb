//! New names asked about however the field was left, the cursor a form moves never typing
//! over, fields of several, choices that say what they take, and checks beyond one field.
use super::*;
use crate::tui::theme::Theme;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn drawn(form: &Form) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    form.render(area, &mut buf, &Theme::new(false));
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn keys(form: &mut Form, script: &str) -> FormOutcome {
    let mut outcome = FormOutcome::Editing;
    for key in crate::tui::script::script_keys(script) {
        outcome = form.handle_key(key);
    }
    outcome
}

/// A participant form on a programme with no professions or organisations yet.
fn empty_person_form() -> Form {
    Form::new(
        "New participant",
        vec![
            Field::text("Name", "", true),
            Field::pick_or_new("Job", "profession", Vec::<Offer>::new(), ""),
            Field::pick_or_new("Org", "organisation", vec!["Elyfield Trust"], ""),
            Field::text("Notes", "", false),
        ],
    )
}

#[test]
fn every_new_name_is_asked_about_once_however_the_field_was_left() {
    // Tab on the only row offered, → on it, or typed whole with Enter pressed in the field.
    for script in [
        "Zed Space Test Tab Dietitian Tab Physio Space Hub Tab",
        "Zed Space Test Tab Dietitian Right Tab Physio Space Hub Right",
        "Zed Space Test Tab Tab Physio Space Hub BackTab Dietitian",
    ] {
        let leave = script;
        let mut f = empty_person_form();
        keys(&mut f, script);
        assert_eq!(
            keys(&mut f, "Enter"),
            FormOutcome::Editing,
            "{leave}: saved without asking"
        );
        let rows = drawn(&f);
        assert!(
            rows.contains("New profession “Dietitian” and new organisation"),
            "{leave}: {rows}"
        );
        assert!(rows.contains("“Physio Hub”: Enter"), "{leave}: {rows}");
        assert!(rows.contains("again to create them"), "{leave}: {rows}");
        assert_eq!(keys(&mut f, "Enter"), FormOutcome::Submit, "{leave}");
    }
}

#[test]
fn a_prefix_moved_past_with_tab_is_asked_about_not_created() {
    let mut f = empty_person_form();
    keys(&mut f, "Zed Tab Pract Tab elyf Tab");
    assert_eq!(f.fields[2].value, "Elyfield Trust");
    assert_eq!(f.fields[1].value, "Pract");
    assert_eq!(keys(&mut f, "Enter"), FormOutcome::Editing);
    assert!(drawn(&f).contains("New profession “Pract”: Enter again"));
}

#[test]
fn changing_a_name_after_the_question_adds_to_it_and_asks_again() {
    let mut f = empty_person_form();
    keys(&mut f, "Zed Tab Nurse Tab elyf Tab Enter");
    assert_eq!(f.focus, 1, "the question goes to the new name");
    assert!(
        !f.replaces_on_typing(),
        "the form moved the cursor, not the person"
    );
    keys(&mut f, "s");
    assert_eq!(f.fields[1].value, "Nurses", "not “s”");
    assert_eq!(
        keys(&mut f, "Enter"),
        FormOutcome::Editing,
        "a new name: asked again"
    );
    assert!(drawn(&f).contains("New profession “Nurses”"));
    assert_eq!(keys(&mut f, "Enter"), FormOutcome::Submit);
}

#[test]
fn a_refused_save_puts_the_cursor_on_the_fault_without_selecting_it() {
    let mut f = Form::new(
        "x",
        vec![
            Field::text("Title", "Kick-off", true),
            Field::time("Starts", chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
        ],
    );
    keys(&mut f, "Tab C-u 25:0 BackTab Enter");
    assert_eq!(f.focus, 1);
    assert!(!f.replaces_on_typing());
    keys(&mut f, "0");
    assert_eq!(f.fields[1].value, "25:00", "added to, never typed over");
}

#[test]
fn end_right_and_backspace_on_a_selected_value_keep_it() {
    let make = || {
        Form::new(
            "x",
            vec![Field::date("Date", day(1, 12, 2026), day(25, 11, 2026))],
        )
    };
    for (first, kept) in [
        (KeyCode::End, "2026-12-015"),
        (KeyCode::Right, "2026-12-015"),
        (KeyCode::Backspace, "2026-12-05"),
    ] {
        let mut f = make();
        assert!(f.replaces_on_typing());
        assert!(
            drawn(&f).contains("typing replaces it"),
            "said in words too"
        );
        f.handle_key(KeyEvent::new(first, KeyModifiers::NONE));
        keys(&mut f, "5");
        assert_eq!(f.fields[0].value, kept, "{first:?}");
        assert!(!drawn(&f).contains("typing replaces it"));
    }
}

fn session_like() -> Form {
    Form::new(
        "x",
        vec![
            Field::several("Led by", vec!["Ada Quill", "Bo Lantern"], &[]),
            Field::choice("Repeat", vec!["once".into(), "weekly".into()], 0),
            Field::text("Topics", "", false),
        ],
    )
}

#[test]
fn tab_in_a_field_of_several_takes_the_name_and_moves_on_and_right_stays() {
    let mut f = session_like();
    keys(&mut f, "ada Right");
    assert_eq!((f.fields[0].value.as_str(), f.focus), ("Ada Quill; ", 0));
    assert!(drawn(&f).contains("Ada Quill; ▏"));
    keys(&mut f, "bo");
    assert!(drawn(&f).contains("→ adds · Tab adds, moves on"));
    keys(&mut f, "Tab");
    assert_eq!(f.fields[0].value, "Ada Quill; Bo Lantern");
    assert_eq!(f.focus, 1, "Tab always moves on");
    keys(&mut f, "Tab quality");
    assert_eq!((f.focus, f.fields[2].value.as_str()), (2, "quality"));
}

#[test]
fn a_letter_no_choice_starts_with_is_said_not_dropped() {
    let mut f = session_like();
    keys(&mut f, "Tab q");
    assert_eq!(f.fields[1].value, "once");
    let rows = drawn(&f);
    assert!(
        rows.contains("no choice starts with “q”: ← → choose; type a first letter"),
        "{rows}"
    );
    keys(&mut f, "w");
    assert_eq!(f.fields[1].value, "weekly");
    assert!(!drawn(&f).contains("no choice starts with"));
}

#[test]
fn a_count_is_checked_against_its_bounds_as_typed() {
    let mut f = Form::new(
        "x",
        vec![
            Field::count("Minutes", 120).at_least(1),
            Field::count("Attendance %", 75).at_most(100),
        ],
    );
    keys(&mut f, "C-u 0 Tab C-u 150");
    assert_eq!(
        f.problem(0).as_deref(),
        Some("“0” is too low: give 1 or more")
    );
    assert_eq!(
        f.problem(1).as_deref(),
        Some("“150” is too high: give 0 to 100")
    );
    assert_eq!(keys(&mut f, "Enter"), FormOutcome::Editing);
    assert!(drawn(&f).contains("2 fields need attention"));
    f.fields[1].value = "x".into();
    assert_eq!(
        f.problem(1).as_deref(),
        Some("“x” is not a whole number, 0 to 100")
    );
}

#[test]
fn an_end_before_its_start_is_marked_beside_the_end_in_the_form_s_words() {
    let today = day(25, 11, 2026);
    let mut f = Form::new(
        "Set up",
        vec![
            Field::date("Starts", today, today),
            Field::date("Ends", day(24, 11, 2027), today),
        ],
    )
    .with(Rule::NotBefore {
        field: "Ends",
        start: "Starts",
        noun: "the start",
    });
    keys(&mut f, "11/1/2027 Tab 10 Space Dec");
    let fault = "before the start, Mon 11 Jan 2027: give that day or a later one";
    assert_eq!(f.problem(1).as_deref(), Some(fault));
    let rows = drawn(&f);
    assert!(rows.contains("10 Dec▏  Thu 10 Dec 2026"), "{rows}");
    assert!(
        rows.contains("the start, Mon 11 Jan 2027"),
        "shown as typed: {rows}"
    );
    assert_eq!(keys(&mut f, "Enter"), FormOutcome::Editing);
    assert!(drawn(&f).contains("1 field needs attention"));
    keys(&mut f, "Space 2027");
    assert_eq!(f.problem(1), None);
    assert_eq!(keys(&mut f, "Enter"), FormOutcome::Submit);
}

#[test]
fn a_taken_name_a_needed_rate_and_a_total_are_marked_as_typed() {
    let mut f = Form::new(
        "x",
        vec![
            Field::text("Name", "", true),
            Field::choice("Cost", vec!["in-house".into(), "external".into()], 0),
            Field::money("Rate", None),
        ],
    )
    .with(Rule::NotTaken {
        field: "Name",
        taken: vec![("Larkspur Hall".into(), "another venue has that name".into())],
    })
    .with(Rule::NeededUnless {
        field: "Rate",
        other: "Cost",
        unless: "in-house".into(),
        why: "needed for an external venue".into(),
    });
    keys(&mut f, "larkspur Space Space hall");
    assert_eq!(f.problem(0).as_deref(), Some("another venue has that name"));
    assert!(drawn(&f).contains("another venue has that name"));
    assert_eq!(f.problem(2), None, "in-house: no rate");
    keys(&mut f, "Tab Right");
    assert_eq!(
        f.problem(2).as_deref(),
        Some("needed for an external venue")
    );
    assert!(drawn(&f).contains("needed for an external venue"));

    let mut budget = Form::new(
        "x",
        vec![
            Field::required_money("Grant", None),
            Field::money("Venue hire", None),
            Field::money("Catering", None),
        ],
    )
    .with(Rule::CoversTheRest { field: "Grant" });
    keys(&mut budget, "1000 Tab 600 Tab 500");
    assert_eq!(
        budget.problem(0).as_deref(),
        Some("less than the £1,100.00 allocated below: raise it or lower one of them")
    );
    assert!(drawn(&budget).contains("less than the £1,100.00 allocated"));
}

#[test]
fn typing_into_a_field_of_several_that_holds_names_starts_the_next_one() {
    let mut f = Form::new(
        "x",
        vec![
            Field::text("Name", "", false),
            Field::several(
                "Roles",
                vec!["mentor", "facilitator"],
                &["mentor".to_string()],
            ),
        ],
    );
    keys(&mut f, "Tab fac");
    assert_eq!(f.fields[1].value, "mentor; fac", "not “mentorfac”");
    keys(&mut f, "Tab");
    assert_eq!(f.fields[1].chosen(), ["mentor", "facilitator"]);
    let mut nobody = Field::several("Led by", Vec::<Offer>::new(), &[]);
    nobody.value = "patient flow".into();
    assert_eq!(
        nobody.problem().as_deref(),
        Some("“patient flow”: there is nobody to choose here yet")
    );
}

#[test]
fn typing_in_a_number_or_an_amount_just_entered_replaces_it_as_a_date_does() {
    let mut f = Form::new(
        "x",
        vec![
            Field::count("Minutes", 180).at_least(1),
            Field::required_money("Target", crate::domain::money::Pence::parse("12").ok()),
            Field::text("Note", "Kick-off", false),
        ],
    );
    assert!(drawn(&f).contains("typing replaces it"), "the hint says so");
    keys(&mut f, "90");
    assert_eq!(f.fields[0].value, "90", "not “18090”");
    keys(&mut f, "Tab");
    assert!(drawn(&f).contains("typing replaces it"));
    keys(&mut f, "150");
    assert_eq!(f.fields[1].value, "150", "not “12.00150”");
    keys(&mut f, "Tab");
    assert!(
        !drawn(&f).contains("typing replaces it"),
        "words are added to"
    );
}

#[test]
fn an_end_without_a_year_typed_after_a_later_start_is_the_one_after_that_start() {
    let today = day(25, 11, 2026);
    let mut f = Form::new(
        "Set up",
        vec![
            Field::date("Starts", today, today),
            Field::date("Ends", day(24, 11, 2027), today).counted_from_field("Starts"),
        ],
    )
    .with(Rule::NotBefore {
        field: "Ends",
        start: "Starts",
        noun: "the start",
    });
    keys(&mut f, "4/1/2027 Tab 1 Space Dec");
    assert_eq!(f.fields[1].as_date(), Some(day(1, 12, 2027)));
    assert_eq!(f.problem(1), None, "not before the start");
    assert!(drawn(&f).contains("Wed 1 Dec 2027"), "{}", drawn(&f));
    // The start typed again after the end: the end follows it.
    keys(&mut f, "BackTab mon");
    assert_eq!(f.fields[0].as_date(), Some(day(30, 11, 2026)));
    assert_eq!(f.fields[1].as_date(), Some(day(1, 12, 2026)));
}
