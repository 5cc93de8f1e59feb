//! The guide's word on an empty database is the dashboard's: the keys it says open the set-up
//! form are exactly the keys that do.

mod screen;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use screen::{now, screen_of};

/// The keys the guide's sentence about an empty database names before "open the set-up form".
fn keys_the_guide_says_set_up() -> Vec<String> {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/guide.md"))
        .expect("docs/guide.md is readable");
    let prose = guide.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = prose
        .split("Until a programme is set up,")
        .nth(1)
        .and_then(|rest| rest.split("open the set-up form").next())
        .expect("the guide says which keys open the set-up form until a programme is set up");
    sentence
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn opens_set_up(key: KeyEvent) -> bool {
    let mut app = App::new(Snapshot::default(), now());
    app.handle_key(key);
    screen_of(&app, 80, 24).contains("Set up your programme")
}

#[test]
fn the_keys_the_guide_says_open_the_set_up_form_are_those_that_do() {
    let mut keys: Vec<(String, KeyEvent)> = vec![(
        "Enter".to_string(),
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
    )];
    for c in '!'..='~' {
        let modifiers = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        keys.push((c.to_string(), KeyEvent::new(KeyCode::Char(c), modifiers)));
    }
    let opening: Vec<String> = keys
        .into_iter()
        .filter(|(_, key)| opens_set_up(*key))
        .map(|(name, _)| name)
        .collect();
    let mut named = keys_the_guide_says_set_up();
    named.sort();
    let mut opening_sorted = opening.clone();
    opening_sorted.sort();
    assert_eq!(
        named, opening_sorted,
        "docs/guide.md names these keys as opening the set-up form on an empty database, but \
         these are the ones that do"
    );
}
