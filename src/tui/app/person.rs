//! A person's story as the app sees it: opening it from wherever a name is listed, keys
//! while it is open, and keeping it current as anyone changes the programme.

use super::App;
use crate::domain::people::PersonRef;
use crate::tui::action::Action;
use crate::tui::dialogs::{participant_form, q_member_form};
use crate::tui::effects::Message;
use crate::tui::keymap::person_action;
use crate::tui::person::{PersonView, Whom};
use crossterm::event::KeyEvent;

impl App {
    /// Opens the story of `whom` over what is shown; Esc comes back to it.
    pub(super) fn open_person(&mut self, whom: Whom) -> bool {
        match PersonView::open(&self.data, whom, self.now) {
            Some(view) => self.person = Some(view),
            None => self.say(Message::Problem(
                "That person is no longer in the register: someone deleted them.".into(),
            )),
        }
        true
    }

    /// Keys while a story is open: the list keys scroll it, `e` edits the person, Esc or q
    /// goes back, `?` lists the keys.
    pub(super) fn in_person(&mut self, key: KeyEvent) -> bool {
        let Some(view) = self.person.as_mut() else {
            return false;
        };
        match person_action(key) {
            Some(Action::Back) => {
                self.person = None;
                true
            }
            Some(Action::ShowHelp) => {
                self.help_open = true;
                self.help_scroll = 0;
                true
            }
            // A form over the sheet would rest on what was shown when the sheet opened, not
            // on what the form shows: the sheet is finished first.
            Some(Action::Edit) if self.attendance.is_some() => {
                self.say(Message::Problem(
                    "The attendance sheet is still open: Esc back to it, Enter saves the marks; \
                     then e edits this person."
                        .into(),
                ));
                true
            }
            Some(Action::Edit) => {
                let today = self.now.today();
                self.form = match view.whom {
                    Whom::Participant(id) => self
                        .data
                        .participants
                        .get(&id)
                        .map(|p| participant_form(&self.data, Some(p), None, today)),
                    Whom::QMember(id) => self
                        .data
                        .q_members
                        .get(&id)
                        .map(|q| q_member_form(&self.data, Some(q))),
                };
                true
            }
            Some(other) => view.apply(other),
            None => false,
        }
    }

    /// The open story again from what is shown now; closed, with a word, if the person was
    /// deleted meanwhile.
    pub(super) fn refresh_person(&mut self) {
        let Some(view) = self.person.as_mut() else {
            return;
        };
        if !view.refresh(&self.data, self.now) {
            let gone = view.title.clone();
            self.person = None;
            self.say(Message::Problem(format!(
                "{gone}: deleted meanwhile, so their story is closed."
            )));
        }
    }

    /// `o` and `O` in the mentoring pane: the participant (or, in the candidates, the Q
    /// member chosen), or the participant's mentor.
    pub(super) fn open_from_mentoring(&mut self, action: Action) -> bool {
        if action == Action::OpenPerson {
            if let Some(view) = &self.mentoring.candidates {
                return match view.listing.selected_row() {
                    Some(row) => self.open_person(Whom::QMember(row.q_member)),
                    None => false,
                };
            }
        }
        let Some(row) = self.mentoring.listing.selected_row() else {
            return false;
        };
        if action == Action::OpenPerson {
            return self.open_person(Whom::Participant(row.participant));
        }
        let mentor = row
            .matched
            .and_then(|id| self.data.matches.get(&id))
            .map(|m| m.q_member);
        match mentor {
            Some(q) => self.open_person(Whom::QMember(q)),
            None => {
                let name = row.name.clone();
                self.say(Message::Problem(format!(
                    "{name} has no mentor yet: Enter lists the candidates, o opens {name}'s story."
                )));
                true
            }
        }
    }

    /// Enter on an expense: the story of the person it names.
    pub(super) fn open_from_expense(&mut self) -> bool {
        let Some(expense) = self
            .budget
            .listing
            .selected_row()
            .and_then(|r| self.data.expenses.get(&r.id))
        else {
            return false;
        };
        match expense.person {
            Some(PersonRef::Participant(id)) => self.open_person(Whom::Participant(id)),
            Some(PersonRef::QMember(id)) => self.open_person(Whom::QMember(id)),
            None => {
                let payee = expense.payee.clone();
                self.say(Message::Problem(format!(
                    "This expense (paid to {payee}) names nobody in the registers; e links a person to it."
                )));
                true
            }
        }
    }
}
