//! `:duplicates` in the dashboard: the list of possible duplicates, and Enter putting the
//! `:merge` that would join the selected pair on the command line, as typed text.

use super::App;
use crate::tui::duplicates::DuplicatesView;
use crate::tui::effects::Message;
use crate::tui::keymap::movement;
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn show_duplicates(&mut self) {
        self.duplicates = Some(DuplicatesView::new(&self.data));
    }

    /// j k g G move, Enter fills the command line, Esc or q closes. The list stays open
    /// under the command line, so Esc there comes back to it.
    pub(super) fn in_duplicates(&mut self, key: KeyEvent) -> bool {
        let Some(duplicates) = self.duplicates.as_mut() else {
            return false;
        };
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {
                self.duplicates = None;
                true
            }
            KeyCode::Enter => {
                match duplicates.merge_text() {
                    Ok(text) => self.command = Some(text),
                    Err(why) => self.say(Message::Problem(why)),
                }
                true
            }
            _ => movement(key).is_some_and(|action| duplicates.apply(action)),
        }
    }
}
