//! `:sets` in the dashboard: the cohort's learning sets in the roster pane, and the team's
//! changes to them, each one change that `u` undoes.

use super::App;
use crate::domain::change::Change;
use crate::domain::ids::CohortId;
use crate::domain::learning_sets::default_cohort;
use crate::domain::learning_sets::edit::{
    Pairing, move_person, suggest_for, toggle_lock, toggle_pair,
};
use crate::domain::people::roster::CohortFilter;
use crate::tui::action::Action;
use crate::tui::effects::{Effect, Message};
use crate::tui::keymap::{KEYMAP, Place};
use crate::tui::learning_sets::SetsView;
use crate::tui::panes::PaneId;
use crate::tui::person::Whom;

impl App {
    /// The cohort whose sets are shown: the one in view, else the running one.
    pub(super) fn sets_cohort(&self) -> Option<CohortId> {
        match self.cohort {
            CohortFilter::Cohort(id) => Some(id),
            CohortFilter::All | CohortFilter::AwaitingReview => {
                default_cohort(&self.data, self.now.today())
            }
        }
    }

    /// Opens the sets in the roster pane; with `size`, suggests sets of at most that many
    /// first (keeping locked people and the pairs), saved as one change.
    pub(super) fn show_sets(&mut self, size: Option<usize>) -> bool {
        self.focus = PaneId::Roster;
        self.sets = Some(SetsView::new(&self.data, self.sets_cohort()));
        if size.is_some() {
            self.suggest_sets(size);
        }
        true
    }

    pub(super) fn refresh_sets(&mut self) {
        let cohort = self.sets_cohort();
        if let Some(view) = &mut self.sets {
            view.refresh(&self.data, cohort);
        }
    }

    fn suggest_sets(&mut self, size: Option<usize>) {
        let Some(cohort) = self.sets_cohort() else {
            return self.say(Message::Problem(
                "Learning sets are a cohort's, and there is none yet: n on the cohorts list \
                 (v) adds one."
                    .into(),
            ));
        };
        match suggest_for(&self.data, cohort, size) {
            Ok(proposal) => {
                let done = format!(
                    "Suggested {} learning sets for {} (u undoes it).",
                    proposal.sets.sets.len(),
                    self.data.cohort_name(cohort)
                );
                self.save(proposal.change, done);
            }
            Err(why) => self.say(Message::Problem(format!("{why}; nothing was changed."))),
        }
    }

    /// Saved at once: the change is based on the stored revision, so one made meanwhile by
    /// someone else is refused by the store rather than written over.
    fn save(&mut self, change: Change, done: String) {
        self.effects.push(Effect::Apply {
            change: Box::new(change),
            done,
        });
    }

    fn save_made(&mut self, made: Result<Change, String>) {
        match made {
            Ok(change) => {
                let done = format!("{} (u undoes it).", sentence_case(&change.summary()));
                self.save(change, done);
            }
            Err(why) => self.say(Message::Problem(format!("{why}."))),
        }
    }

    /// What an action does while the sets are shown: `Some` when it is the view's own, or a
    /// roster key that would act on a list not in view; `None` lets it through (moving the
    /// focus, undo, help, the command line, the cohort).
    pub(super) fn act_on_sets(&mut self, action: Action) -> Option<bool> {
        let view = self.sets.as_mut()?;
        let selected = view.selected();
        match action {
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => Some(view.listing.apply(action)),
            Action::Back => {
                if view.marked.take().is_none() {
                    self.sets = None;
                }
                Some(true)
            }
            Action::SuggestSets => {
                self.suggest_sets(None);
                Some(true)
            }
            Action::Open => Some(match selected {
                Some(id) => self.open_person(Whom::Participant(id)),
                None => false,
            }),
            Action::SetBefore | Action::SetAfter | Action::LockInSet => {
                let Some(id) = selected else {
                    self.say(Message::Problem(
                        "There is nobody in the sets to act on; r suggests them.".into(),
                    ));
                    return Some(true);
                };
                let current = view.listing.selected_row().and_then(|r| r.set);
                let made = match action {
                    Action::LockInSet => toggle_lock(&self.data, id),
                    Action::SetBefore => match current {
                        Some(0) => Err(format!(
                            "{} is in set 1, the first; l moves them to the set after",
                            self.data.participant_name(id)
                        )),
                        Some(s) => move_person(&self.data, id, s),
                        None => move_person(&self.data, id, 1),
                    },
                    _ => move_person(&self.data, id, current.map_or(1, |s| s + 2)),
                };
                self.save_made(made);
                Some(true)
            }
            Action::KeepTogether | Action::KeepApart => {
                let kind = if action == Action::KeepTogether {
                    Pairing::Together
                } else {
                    Pairing::Apart
                };
                let id = selected?;
                match view.marked {
                    Some((first, k)) if k == kind && first != id => {
                        view.marked = None;
                        let made = toggle_pair(&self.data, first, id, kind);
                        self.save_made(made);
                    }
                    _ => {
                        view.marked = Some((id, kind));
                        let word = if kind == Pairing::Together { "t" } else { "a" };
                        self.say(Message::Done(format!(
                            "{} marked: {word} on the other person makes the pair; Esc lets go.",
                            self.data.participant_name(id)
                        )));
                    }
                }
                Some(true)
            }
            Action::StartFilter => Some(false),
            other
                if KEYMAP
                    .iter()
                    .any(|b| b.place == Place::Everywhere && b.action == other) =>
            {
                None
            }
            _ => {
                self.say(Message::Problem(
                    "That works on the roster's list; Esc goes back to it from the learning sets."
                        .into(),
                ));
                Some(true)
            }
        }
    }
}

/// "Moved Ada …" from "moved Ada …".
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
