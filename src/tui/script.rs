//! Keys from a script such as `"2 j j Enter"`, for tests and for trying the dashboard out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Turns a script like `"2 j j Enter"` into key events, for tests and demos. Named keys are
/// written as words (`Enter`, `Esc`, `Tab`, `Down`, ...); any other word is typed letter by
/// letter.
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
        .flat_map(|word| match named(word) {
            Some(code) => vec![event(code)],
            None => word.chars().map(|c| event(KeyCode::Char(c))).collect(),
        })
        .collect()
}
