//! Pasted text (the terminal's bracketed paste): typed into the field, filter or command line
//! that takes text, as one line, and never run as keys. Without this a newline in a paste
//! acted as Enter and every character after it as a command (`d` `y` deleted someone).

use super::App;
use crate::domain::text::clean_line;
use crate::tui::effects::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Types `text` where text is being typed now: a form's field, the `/` filter or the `:`
    /// command line. Line breaks and tabs become spaces (a field takes one line). Anywhere else
    /// it is not taken, and the footer says where it would be. Returns whether to redraw.
    pub fn paste(&mut self, text: &str) -> bool {
        let typing = self.command.is_some()
            || self.typing_filter.is_some()
            || (self.form.is_some() && self.confirm.is_none());
        if !typing {
            self.say(Message::Problem(
                "Pasting works in a form's field, a / filter or the : command line; nothing was \
                 pasted."
                    .into(),
            ));
            return true;
        }
        for c in clean_line(text).chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            if self.command.is_some() {
                self.type_command(key);
            } else if self.typing_filter.is_some() {
                self.type_filter(key);
            } else if self.form.is_some() {
                self.fill_in(key);
            } else {
                // The form was closed by what was typed: nothing more goes anywhere.
                break;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::sessions::schedule::LocalNow;
    use crate::domain::snapshot::Snapshot;
    use crate::tui::app::App;
    use chrono::{TimeZone, Utc};

    fn app() -> App {
        App::new(
            Snapshot::default(),
            LocalNow::new(
                Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
                chrono_tz::Europe::London,
            ),
        )
    }

    #[test]
    fn a_paste_into_the_command_line_is_one_line_of_text_not_keys() {
        let mut app = app();
        app.command = Some(String::new());
        app.paste("cohort 2\nq");
        assert_eq!(app.command.as_deref(), Some("cohort 2 q"));
        assert!(!app.quit);
    }

    #[test]
    fn a_paste_where_nothing_takes_text_does_nothing_but_say_so() {
        let mut app = app();
        app.paste("q\ny");
        assert!(!app.quit);
        assert!(app.message.is_some());
    }
}
