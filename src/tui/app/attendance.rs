//! Keys while marking attendance, from the keymap's attendance sheet: one per person, `A`
//! everyone attended, `u` takes back the last key, the list keys move, `?` lists them; Enter
//! saves the lot as one change; Esc (or q) leaves, asking first when marks would be lost, as a
//! form does.

use super::App;
use crate::tui::action::Action;
use crate::tui::effects::{Effect, Message};
use crate::tui::keymap::attendance_action;
use crate::tui::person::Whom;
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn mark_attendance(&mut self, key: KeyEvent) -> bool {
        let Some(view) = self.attendance.as_mut() else {
            return false;
        };
        if view.leaving {
            view.leaving = false;
            if matches!(key.code, KeyCode::Esc | KeyCode::Char('y')) {
                self.attendance = None;
            }
            return true;
        }
        match attendance_action(key) {
            Some(Action::Mark(attendance)) => view.set(attendance),
            Some(Action::MarkEveryoneAttended) => view.everyone_attended(),
            Some(Action::TakeBackMark) => view.take_back(),
            Some(Action::ShowHelp) => {
                self.help_open = true;
                self.help_scroll = 0;
                true
            }
            Some(Action::Open) => {
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
            Some(Action::Back) if view.changed() => {
                view.leaving = true;
                true
            }
            Some(Action::Back) => {
                self.attendance = None;
                true
            }
            Some(Action::OpenPerson) => match view.selected() {
                Some(id) => self.open_person(Whom::Participant(id)),
                None => false,
            },
            Some(other) => view.apply(other),
            None => false,
        }
    }
}
