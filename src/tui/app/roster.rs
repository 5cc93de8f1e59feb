//! The roster's forms and suggestions as the app sees them: opening them for the selected
//! person, filling them in, and turning them into effects for the event loop.

use super::App;
use crate::domain::change::{Change, RecordKey};
use crate::domain::freshness::stale_record;
use crate::domain::people::roster::CohortFilter;
use crate::tui::action::Action;
use crate::tui::dialogs::{
    BeforeKey, Purpose, accept_nomination, after_key, awaiting_review, change_for,
    decline_nomination, delete_question, expense_filter, join_q_form, move_stage, participant_form,
    remove_stage, roster_filter, tick_readiness, untick_readiness,
};
use crate::tui::effects::{Confirm, Effect, Message};
use crate::tui::form::FormOutcome;
use crate::tui::intake::IntakeView;
use crate::tui::keymap::movement;
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn fill_in(&mut self, key: KeyEvent) -> bool {
        let Some(open) = self.form.as_mut() else {
            return false;
        };
        let before = BeforeKey::of(open);
        match open.form.handle_key(key) {
            FormOutcome::Editing => after_key(open, &self.data, self.now.today(), &before),
            FormOutcome::Cancel => self.form = None,
            FormOutcome::Submit if open.purpose == Purpose::FilterExpenses => {
                self.budget.narrowing = expense_filter(open, &self.data);
                self.form = None;
                self.budget.refresh(&self.data, self.now.today());
            }
            FormOutcome::Submit if open.purpose == Purpose::FilterRoster => {
                self.roster.narrowing = roster_filter(open);
                self.form = None;
                self.roster.refresh(&self.data, self.cohort, self.now);
            }
            FormOutcome::Submit => {
                self.remade = 0;
                self.submit_form();
            }
        }
        true
    }

    /// Turns the open form into a change to save, unless it would overwrite what somebody
    /// saved since the form was opened; either way the form stays open until it is saved.
    fn submit_form(&mut self) {
        let Some(open) = self.form.as_ref() else {
            return;
        };
        // The record the form was opened on comes first: if someone changed or deleted it
        // since, that is what to say, whatever else the form would find wrong now.
        let opened_on = open.purpose.edits();
        if let Some(stale) =
            opened_on.and_then(|key| stale_record(key, None, &self.data, self.seen))
        {
            self.say(self.stale_message(stale));
            return;
        }
        match change_for(open, &self.data, self.now.today()) {
            Ok((change, done)) => match self.stale(&change) {
                Some(problem) => self.say(problem),
                None => self.effects.push(Effect::Save {
                    change: Box::new(change),
                    done,
                }),
            },
            Err(problem) => self.say(Message::Problem(problem)),
        }
    }

    /// The open form's change was refused because an id it gave a new record was taken by
    /// someone else's record, now shown: makes the change again with a fresh id. Returns
    /// false when it has been made again too often already, or no form is open.
    pub fn save_again(&mut self) -> bool {
        if self.form.is_none() || self.remade >= crate::store::shared::REMAKES {
            return false;
        }
        self.remade += 1;
        self.submit_form();
        true
    }

    pub(super) fn suggest_intake(&mut self) -> bool {
        let CohortFilter::Cohort(cohort) = self.cohort else {
            self.say(Message::Problem(
                "Choose a cohort first ([ and ]), then i suggests its intake.".into(),
            ));
            return true;
        };
        match IntakeView::new(&self.data, cohort) {
            Ok(view) => self.intake = Some(view),
            Err(why) => self.say(Message::Problem(why)),
        }
        true
    }

    /// `a` enrols the suggestion; Esc or q closes it.
    pub(super) fn consider_intake(&mut self, key: KeyEvent) -> bool {
        let Some(view) = self.intake.as_mut() else {
            return false;
        };
        match key.code {
            KeyCode::Char('a') => {
                let (change, done) = view.enrol(&self.data, self.now.today());
                if let Some(problem) = self.stale(&change) {
                    self.say(problem);
                    return true;
                }
                self.intake = None;
                self.effects.push(Effect::Apply {
                    change: Box::new(change),
                    done,
                });
                true
            }
            KeyCode::Char(' ') => view.toggle(),
            KeyCode::Esc | KeyCode::Char('q') => {
                self.intake = None;
                true
            }
            _ => movement(key).is_some_and(|action| view.apply(action)),
        }
    }

    /// Opens a roster form for the selected participant.
    pub(super) fn open_roster_form(&mut self, action: Action) -> bool {
        let Some(person) = self
            .roster
            .listing
            .selected_row()
            .and_then(|row| self.data.participants.get(&row.id))
        else {
            return false;
        };
        let today = self.now.today();
        match action {
            Action::MoveStage => self.form = Some(move_stage(person, today)),
            Action::JoinQ => match join_q_form(&self.data, person, today) {
                Ok(form) => self.form = Some(form),
                Err(why) => self.say(Message::Problem(why)),
            },
            Action::Edit => {
                self.form = Some(participant_form(
                    &self.data,
                    Some(person),
                    None,
                    self.now.today(),
                ))
            }
            Action::AcceptNomination | Action::DeclineNomination if !awaiting_review(person) => {
                let name = person.name.clone();
                self.say(Message::Problem(format!(
                    "{name} is not awaiting review; ] to “nominees awaiting review” shows who is."
                )));
            }
            Action::AcceptNomination => {
                self.form = Some(accept_nomination(&self.data, person, today));
            }
            Action::DeclineNomination => {
                let (change, done) = decline_nomination(&self.data, person, today);
                let by = person
                    .nominated_by
                    .map(|q| format!(" (nominated by {})", self.data.q_member_name(q)))
                    .unwrap_or_default();
                self.confirm = Some(Confirm {
                    question: format!("Decline {}'s nomination{by}?", person.name),
                    change,
                    done,
                });
            }
            Action::UntickReadiness => match untick_readiness(person) {
                Some(form) => self.form = Some(form),
                None => {
                    let name = person.name.clone();
                    self.say(Message::Done(format!(
                        "{name} has no readiness item ticked; r ticks one."
                    )));
                }
            },
            Action::RemoveStage => match remove_stage(person) {
                Some(form) => self.form = Some(form),
                None => {
                    let (name, stage) = (person.name.clone(), person.stage());
                    self.say(Message::Done(format!(
                        "{name} has only their first stage ({stage}), which cannot be taken back."
                    )));
                }
            },
            Action::Delete => {
                match delete_question(&self.data, RecordKey::Participant(person.id)) {
                    Ok(confirm) => self.confirm = Some(confirm),
                    Err(why) => self.say(Message::Problem(why)),
                }
            }
            _ => match tick_readiness(person, today) {
                Some(form) => self.form = Some(form),
                None => {
                    let name = person.name.clone();
                    self.say(Message::Done(format!(
                        "{name} has every readiness item ticked already."
                    )));
                }
            },
        }
        true
    }

    /// The open form's change was saved.
    /// A form's change was saved. What it added is selected once it is shown, so the next
    /// key (commit, pay, edit) acts on it rather than on whatever was selected before.
    pub fn saved(&mut self, done: String, change: &Change) {
        let set_up = self.setting_up();
        self.form = None;
        if set_up {
            self.show_set_up_cohort(change);
        }
        self.say(Message::Done(done));
        self.to_select = change.leaves().into_iter().find_map(|leaf| match leaf {
            Change::Edit {
                record,
                based_on: None,
            } => Some(record.key()),
            _ => None,
        });
        self.select_added();
    }

    /// Selects what a form just added, if it is shown yet; the change may arrive later.
    pub(super) fn select_added(&mut self) {
        let Some(key) = self.to_select else {
            return;
        };
        let found = match key {
            RecordKey::Expense(id) => self.budget.listing.select_identity(id.0),
            RecordKey::Category(id) => self.budget.categories.select_identity(id.0),
            RecordKey::Session(id) => self.sessions.listing_mut().select_identity(id.0),
            RecordKey::Participant(id) => self.roster.listing.select_identity(id.0),
            RecordKey::QMember(id) => self.roster.registers.q_members.select_identity(id.0),
            RecordKey::Cohort(id) => self.roster.registers.cohorts.select_identity(id.0),
            RecordKey::Venue(id) => self.roster.registers.venues.select_identity(id.0),
            RecordKey::Organisation(id) => {
                self.roster.registers.organisations.select_identity(id.0)
            }
            RecordKey::Profession(id) => self.roster.registers.professions.select_identity(id.0),
            _ => true,
        };
        if found {
            self.to_select = None;
        }
    }
}
