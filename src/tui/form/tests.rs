//! Forms checked as a person types into them.
use super::*;
use crate::tui::theme::Theme;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// What `form` shows in a window of `width` × `height`, one string per row.
fn drawn(form: &Form, width: u16, height: u16) -> Vec<String> {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    form.render(area, &mut buf, &Theme::new(false));
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn type_text(form: &mut Form, text: &str) {
    for c in text.chars() {
        form.handle_key(key(KeyCode::Char(c)));
    }
}

fn form() -> Form {
    Form::new(
        "Move along the pathway",
        vec![
            Field::choice("Stage", vec!["Active".into(), "Completed".into()], 0),
            Field::date("Date", today(), today()),
            Field::text("Note", "", false),
        ],
    )
}

#[test]
fn a_date_that_does_not_exist_is_refused_and_nothing_typed_is_lost() {
    let mut f = form();
    f.handle_key(key(KeyCode::Tab));
    for _ in 0..10 {
        f.handle_key(key(KeyCode::Backspace));
    }
    type_text(&mut f, "2026-02-30");
    assert_eq!(
        f.fields[1].problem().as_deref(),
        Some("“2026-02-30” is not a date that exists")
    );
    f.handle_key(key(KeyCode::Tab));
    type_text(&mut f, "kept");
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
    assert_eq!(f.focus, 1, "Enter goes to the field that is wrong");
    assert_eq!(f.fields[2].value, "kept");
    f.handle_key(key(KeyCode::Backspace));
    f.handle_key(key(KeyCode::Backspace));
    type_text(&mut f, "28");
    assert_eq!(f.fields[1].value, "2026-02-28");
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
}

#[test]
fn choices_move_with_arrows_and_letters() {
    let mut f = form();
    f.handle_key(key(KeyCode::Right));
    assert_eq!(f.fields[0].value, "Completed");
    f.handle_key(key(KeyCode::Right));
    assert_eq!(f.fields[0].value, "Active");
    f.handle_key(key(KeyCode::Char('c')));
    assert_eq!(f.fields[0].value, "Completed");
    f.handle_key(key(KeyCode::Backspace));
    assert_eq!(
        f.fields[0].value, "Completed",
        "a choice cannot be typed over"
    );
    assert_eq!(
        f.handle_key(key(KeyCode::Esc)),
        FormOutcome::Editing,
        "changed: Esc asks"
    );
    assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
}

#[test]
fn the_field_being_typed_in_is_always_drawn_on_a_short_screen() {
    let mut f = Form::new(
        "Many fields",
        (0..12).map(|_| Field::text("Field", "", false)).collect(),
    );
    f.fields[11].value = "the last one".into();
    for _ in 0..11 {
        f.handle_key(key(KeyCode::Tab));
    }
    let area = Rect::new(0, 0, 80, 12);
    let mut buf = Buffer::empty(area);
    f.render(area, &mut buf, &Theme::new(false));
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("the last one"), "{text}");
}

#[test]
fn a_count_must_be_a_whole_number_not_below_zero() {
    let mut f = Form::new("x", vec![Field::count("Capacity", 2)]);
    assert!(f.is_valid());
    f.handle_key(key(KeyCode::Backspace));
    type_text(&mut f, "-1");
    assert_eq!(
        f.fields[0].problem().as_deref(),
        Some("“-1” is not a whole number, 0 or more")
    );
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
    f.fields[0].value = "3".into();
    assert_eq!(f.fields[0].as_count(), Some(3));
}

#[test]
fn an_amount_must_be_more_than_zero_said_as_everywhere_else() {
    for required in [true, false] {
        let mut field = if required {
            Field::required_money("Amount", None)
        } else {
            Field::money("Rate", None)
        };
        for typed in ["-50", "0", "£0.00"] {
            field.value = typed.into();
            assert_eq!(
                field.problem(),
                Some(format!("\"{typed}\" must be more than £0")),
                "required: {required}"
            );
        }
        field.value = "£0.01".into();
        assert_eq!(field.problem(), None);
    }
}

#[test]
fn several_options_are_checked_one_by_one() {
    let roles = vec!["mentor".to_string(), "site-visit host".to_string()];
    let mut field = Field::several("Roles", roles, &[]);
    assert_eq!(field.problem(), None, "none at all is allowed");
    field.value = "Mentor, site visit host".into();
    assert_eq!(field.problem(), None);
    assert_eq!(field.chosen(), ["mentor", "site-visit host"]);
    field.value = "mentor; coach".into();
    assert_eq!(
        field.problem().as_deref(),
        Some("“coach”: not mentor or site-visit host")
    );
}

#[test]
fn a_required_text_must_not_be_blank() {
    let f = Form::new("x", vec![Field::text("Name", "  ", true)]);
    assert_eq!(f.fields[0].problem().as_deref(), Some("needed"));
    assert!(!f.is_valid());
}

fn people() -> Vec<Offer> {
    vec![
        Offer::new("Siân Pritchard-Oduya", "sian.po@northmoor.example"),
        Offer::new("Rhiannon Ellery-Vance", "rev@harbour.example"),
        Offer::new("Tobias Ekwueme", "tobias@brookvale.example"),
    ]
}

#[test]
fn arrows_move_in_the_suggestions_and_tab_takes_the_highlighted_one() {
    let mut f = Form::new(
        "x",
        vec![
            Field::optional_pick("Host", people(), ""),
            Field::text("Note", "", false),
        ],
    );
    f.handle_key(key(KeyCode::Down));
    assert_eq!(
        f.focus, 1,
        "with nothing typed the arrows move between fields"
    );
    f.handle_key(key(KeyCode::Up));
    type_text(&mut f, "e");
    let offered: Vec<String> = f.fields[0]
        .suggestions()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(offered.len() >= 2, "{offered:?}");
    f.handle_key(key(KeyCode::Down));
    assert_eq!(f.focus, 0, "while suggestions show, ↓ moves in them");
    let second = offered[1].clone();
    assert!(
        drawn(&f, 80, 24)
            .iter()
            .any(|row| row.contains(&format!("▸ {second}")))
    );
    f.handle_key(key(KeyCode::Right));
    assert_eq!(f.fields[0].value, second);
    assert_eq!(f.focus, 0, "→ takes a suggestion and stays on the field");
    f.handle_key(key(KeyCode::Down));
    assert_eq!(
        f.focus, 1,
        "nothing more is offered, so ↓ goes to the next field"
    );
    f.handle_key(key(KeyCode::BackTab));
    f.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(&mut f, "tob");
    f.handle_key(key(KeyCode::Tab));
    assert_eq!(f.fields[0].value, "Tobias Ekwueme");
    assert_eq!(f.focus, 1, "Tab takes the suggestion and moves on");
}

#[test]
fn a_name_or_email_typed_in_part_and_without_accents_is_offered() {
    let mut field = Field::optional_pick("Host", people(), "Rhi");
    assert_eq!(field.suggestions().first(), Some(&"Rhiannon Ellery-Vance"));
    field.value = "sian".into();
    assert_eq!(field.suggestions().first(), Some(&"Siân Pritchard-Oduya"));
    field.value = "brookvale".into();
    assert_eq!(field.suggestions(), ["Tobias Ekwueme"]);
    field.value = "tobias ekwueme".into();
    assert_eq!(field.picked(), Some("Tobias Ekwueme"));
    assert!(field.suggestions().is_empty(), "nothing more to offer");
}

#[test]
fn several_names_are_offered_one_after_another() {
    let mut f = Form::new("x", vec![Field::several("Led by", people(), &[])]);
    type_text(&mut f, "rhi");
    f.handle_key(key(KeyCode::Right));
    assert_eq!(f.fields[0].value, "Rhiannon Ellery-Vance; ");
    type_text(&mut f, "e");
    assert!(
        !f.fields[0].suggestions().contains(&"Rhiannon Ellery-Vance"),
        "a name chosen already is not offered again"
    );
    f.handle_key(key(KeyCode::Backspace));
    type_text(&mut f, "tob");
    f.handle_key(key(KeyCode::Tab));
    assert_eq!(
        f.fields[0].chosen(),
        ["Rhiannon Ellery-Vance", "Tobias Ekwueme"]
    );
    assert_eq!(f.fields[0].problem(), None);
}

fn person_form() -> Form {
    Form::new(
        "New participant",
        vec![
            Field::pick_or_new("Job", "profession", vec!["Nurse", "Paramedic"], ""),
            Field::text("Name", "", true),
        ],
    )
}

#[test]
fn a_typed_prefix_is_never_saved_as_a_new_name_without_asking() {
    let mut f = person_form();
    type_text(&mut f, "nur");
    assert!(drawn(&f, 80, 24).iter().any(|row| row.contains("▸ Nurse")));
    f.handle_key(key(KeyCode::Tab));
    assert_eq!(f.fields[0].value, "Nurse", "Tab takes the suggestion");
    assert_eq!(f.focus, 1);

    let mut f = person_form();
    type_text(&mut f, "nur");
    f.fields[1].value = "Zara".into();
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
    let rows = drawn(&f, 80, 24).join("\n");
    assert!(
        rows.contains("New profession “nur”: Enter again to create it"),
        "{rows}"
    );
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
}

#[test]
fn a_new_name_taken_from_the_list_is_kept_but_still_asked_about_on_save() {
    let mut f = person_form();
    type_text(&mut f, "Radiographer");
    f.fields[1].value = "Zara".into();
    f.handle_key(key(KeyCode::Down));
    let rows = drawn(&f, 80, 24).join("\n");
    assert!(rows.contains("▸ new profession “Radiographer”"), "{rows}");
    f.handle_key(key(KeyCode::Tab));
    assert_eq!(f.fields[0].value, "Radiographer");
    assert_eq!(f.focus, 1, "kept as typed, and on to the next field");
    let rows = drawn(&f, 80, 24).join("\n");
    assert!(
        rows.contains("a new profession: Enter asks before creating it"),
        "{rows}"
    );
    assert_eq!(
        f.handle_key(key(KeyCode::Enter)),
        FormOutcome::Editing,
        "taking the row is not agreeing to create it"
    );
    let rows = drawn(&f, 80, 24).join("\n");
    assert!(
        rows.contains("New profession “Radiographer”: Enter again to create it"),
        "{rows}"
    );
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
}

#[test]
fn a_refused_save_marks_every_fault_and_counts_them() {
    let mut f = Form::new(
        "x",
        vec![
            Field::text("Name", "", true),
            Field::text("Note", "", false),
            Field::date("Date", today(), today()),
        ],
    );
    f.fields[2].value = "soon".into();
    f.focus = 1;
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
    assert_eq!(f.focus, 0, "the cursor goes to the first field at fault");
    let rows = drawn(&f, 80, 24).join("\n");
    assert!(rows.contains("2 fields need attention"), "{rows}");
    assert!(rows.contains("needed"), "{rows}");
    assert!(rows.contains("“soon” is not a date"), "{rows}");
    f.fields[2].value = "thu".into();
    let rows = drawn(&f, 80, 24).join("\n");
    assert!(rows.contains("1 field needs attention"), "{rows}");
    assert!(
        rows.contains("thu  Thu 26 Nov 2026"),
        "the date read is shown: {rows}"
    );
}

#[test]
fn esc_asks_before_throwing_typed_changes_away() {
    let mut f = form();
    assert_eq!(
        f.handle_key(key(KeyCode::Esc)),
        FormOutcome::Cancel,
        "nothing typed: Esc leaves at once"
    );
    let mut f = form();
    f.handle_key(key(KeyCode::Tab));
    f.handle_key(key(KeyCode::Tab));
    type_text(&mut f, "a note");
    assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Editing);
    assert!(
        drawn(&f, 80, 24)
            .join("\n")
            .contains("Leave without saving")
    );
    assert_eq!(f.handle_key(key(KeyCode::Char('x'))), FormOutcome::Editing);
    assert_eq!(
        f.fields[2].value, "a note",
        "the key that goes back types nothing"
    );
    assert!(!f.is_leaving());
    f.handle_key(key(KeyCode::Esc));
    assert_eq!(f.handle_key(key(KeyCode::Char('y'))), FormOutcome::Cancel);
    let mut f = form();
    f.handle_key(key(KeyCode::Right));
    f.handle_key(key(KeyCode::Esc));
    assert_eq!(
        f.handle_key(key(KeyCode::Esc)),
        FormOutcome::Cancel,
        "a second Esc leaves"
    );
    let mut f = form();
    f.handle_key(key(KeyCode::Right));
    assert_eq!(
        f.handle_key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::ALT)),
        FormOutcome::Cancel,
        "Esc y typed fast arrives as Alt+y and still leaves"
    );
}

#[test]
fn times_are_read_as_people_write_them_and_shown_as_read() {
    let mut f = Form::new(
        "x",
        vec![Field::time(
            "Starts",
            chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        )],
    );
    f.fields[0].value = "2pm".into();
    assert_eq!(
        f.fields[0].as_time(),
        chrono::NaiveTime::from_hms_opt(14, 0, 0)
    );
    assert!(drawn(&f, 80, 24).join("\n").contains("2pm▏  14:00"));
    f.fields[0].value = "25:00".into();
    assert_eq!(
        f.fields[0].problem().as_deref(),
        Some("“25:00” is not a time (write 9:30, 14:00 or 2pm)")
    );
}

#[test]
fn typing_in_a_picked_or_dated_field_just_entered_replaces_it_and_a_text_field_is_added_to() {
    let mut form = Form::new(
        "New expense",
        vec![
            Field::date("Date", today(), today()),
            Field::pick(
                "Category",
                vec!["Venue hire".to_string(), "Catering".to_string()],
                "Venue hire",
            ),
            Field::text("Payee", "Larkfield", true),
        ],
    );
    assert!(
        form.replaces_on_typing(),
        "the first field is entered on opening"
    );
    type_text(&mut form, "tomorrow");
    assert_eq!(form.fields[0].value, "tomorrow");
    assert_eq!(
        form.fields[0].as_date(),
        NaiveDate::from_ymd_opt(2026, 11, 26)
    );
    form.handle_key(key(KeyCode::Tab));
    type_text(&mut form, "cat");
    assert_eq!(form.fields[1].value, "cat", "not “Venue hirecat”");
    form.handle_key(key(KeyCode::Tab));
    assert_eq!(form.fields[1].value, "Catering", "Tab takes the suggestion");
    type_text(&mut form, " Rooms");
    assert_eq!(
        form.fields[2].value, "Larkfield Rooms",
        "a name is added to"
    );
    // Going back and moving the cursor keys first keeps the value: only typing replaces.
    form.handle_key(key(KeyCode::BackTab));
    form.handle_key(key(KeyCode::Backspace));
    assert_eq!(form.fields[1].value, "Caterin");
}
