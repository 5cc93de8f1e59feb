//! Forms checked as a person types into them.
use super::*;
use chrono::NaiveDate;

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
            Field::date("Date", NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
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
        Some("“2026-02-30” is not a date that exists (write it as YYYY-MM-DD)")
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
