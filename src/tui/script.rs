//! Keys from a script such as `"2 j j Enter"`, for tests and for trying the dashboard out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Turns a script like `"2 j j Enter"` into key events, for tests and demos. Named keys are
/// written as words (`Enter`, `Esc`, `Tab`, `Down`, ...), Ctrl with a letter as `C-u`; any
/// other word is typed letter by letter.
pub fn script_keys(script: &str) -> Vec<KeyEvent> {
    let named = |word: &str| match word {
        "Enter" => Some(KeyCode::Enter),
        "Esc" => Some(KeyCode::Esc),
        "Tab" => Some(KeyCode::Tab),
        "BackTab" => Some(KeyCode::BackTab),
        "Up" => Some(KeyCode::Up),
        "Down" => Some(KeyCode::Down),
        "Left" => Some(KeyCode::Left),
        "Right" => Some(KeyCode::Right),
        "PageUp" => Some(KeyCode::PageUp),
        "PageDown" => Some(KeyCode::PageDown),
        "Backspace" => Some(KeyCode::Backspace),
        "Space" => Some(KeyCode::Char(' ')),
        _ => None,
    };
    let event = |code: KeyCode| {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            KeyCode::BackTab => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        KeyEvent::new(code, modifiers)
    };
    script
        .split_whitespace()
        .flat_map(|word| match (named(word), ctrl(word)) {
            (Some(code), _) => vec![event(code)],
            (None, Some(letter)) => {
                vec![KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL)]
            }
            (None, None) => word.chars().map(|c| event(KeyCode::Char(c))).collect(),
        })
        .collect()
}

/// `C-u` is Ctrl+U.
fn ctrl(word: &str) -> Option<char> {
    let mut rest = word.strip_prefix("C-")?.chars();
    match (rest.next(), rest.next()) {
        (Some(letter), None) if letter.is_ascii_lowercase() => Some(letter),
        _ => None,
    }
}
