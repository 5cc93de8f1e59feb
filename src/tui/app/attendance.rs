//! Keys while marking attendance: one per person, Enter saves the lot, Esc leaves unsaved.

use super::App;
use crate::domain::sessions::Attendance;
use crate::tui::effects::{Effect, Message};
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn mark_attendance(&mut self, key: KeyEvent) -> bool {
        let Some(view) = self.attendance.as_mut() else {
            return false;
        };
        match key.code {
            KeyCode::Char('a') => view.set(Attendance::Attended),
            KeyCode::Char('p') => view.set(Attendance::Apologies),
            KeyCode::Char('n') => view.set(Attendance::NoShow),
            KeyCode::Char('r') => view.set(Attendance::Registered),
            KeyCode::Char('i') => view.set(Attendance::Invited),
            KeyCode::Char('j') | KeyCode::Down => view.move_cursor(true),
            KeyCode::Char('k') | KeyCode::Up => view.move_cursor(false),
            KeyCode::Char('g') | KeyCode::Home => view.move_to_end(false),
            KeyCode::Char('G') | KeyCode::End => view.move_to_end(true),
            KeyCode::Enter => {
                match view.change(&self.data) {
                    Some((change, done)) => {
                        // Refused, the marks stay on screen to be looked at again.
                        if let Some(problem) = self.stale(&change) {
                            self.say(problem);
                            return true;
                        }
                        self.effects.push(Effect::Apply {
                            change: Box::new(change),
                            done,
                        });
                    }
                    None => self.say(Message::Done("Nothing changed.".into())),
                }
                self.attendance = None;
                true
            }
            KeyCode::Esc | KeyCode::Char('q') => {
                self.attendance = None;
                true
            }
            _ => false,
        }
    }
}
