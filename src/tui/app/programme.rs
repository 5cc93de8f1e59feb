//! The programme as a whole in the dashboard: setting one up on an empty database, its
//! settings later, and what each key says while there is nothing yet to act on.

use super::App;
use crate::domain::change::{Change, Record};
use crate::domain::people::roster::CohortFilter;
use crate::tui::action::Action;
use crate::tui::dialogs::Purpose;
use crate::tui::dialogs::programme::{settings_form, setup_form};
use crate::tui::effects::{Effect, Message};
use crate::tui::panes::registers::RosterList;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the footer says to a key that has nothing to act on in an empty database.
pub const NOTHING_YET: &str = "Nothing to act on yet: Enter sets up the programme (its name, \
                               funder, grant and first cohort), or :import programme FILE reads \
                               programme.toml.";

impl App {
    /// The settings form, or the set-up form while there is no programme to change.
    pub(super) fn open_settings(&mut self) -> bool {
        self.form = Some(
            settings_form(&self.data, self.rules.dormant_after_weeks)
                .unwrap_or_else(|| setup_form(&self.data, self.now.today())),
        );
        true
    }

    /// A key pressed on an empty database, where only the welcome shows: Enter or `n` sets
    /// the programme up, `:` and `u` work as ever, `q` quits; anything else says why it does
    /// nothing rather than act on something not shown.
    pub(super) fn key_on_empty(&mut self, key: KeyEvent) -> bool {
        let plain = key.modifiers == KeyModifiers::NONE || key.modifiers == KeyModifiers::SHIFT;
        match key.code {
            KeyCode::Enter | KeyCode::Char('n') | KeyCode::Char('S') if plain => {
                self.form = Some(setup_form(&self.data, self.now.today()));
            }
            KeyCode::Char(':') if plain => self.command = Some(String::new()),
            KeyCode::Char('u') if plain => self.effects.push(Effect::OfferUndo),
            KeyCode::Char('M') if plain => {
                self.show_mail();
            }
            KeyCode::Char('q') if plain => self.quit = true,
            KeyCode::Char('c') if key.modifiers == KeyModifiers::CONTROL => self.quit = true,
            KeyCode::Char('?') if plain => self.say(Message::Done(
                "Keys here: Enter (or n) sets up the programme; : opens the command line \
                 (:import KIND FILE, :history); u undoes the last change; q quits."
                    .to_string(),
            )),
            _ => self.say(Message::Problem(NOTHING_YET.to_string())),
        }
        true
    }

    /// After the set-up form is saved, its first cohort is the one in view, so the next `n`
    /// adds a participant to it.
    pub(super) fn show_set_up_cohort(&mut self, change: &Change) {
        let cohort = change.leaves().into_iter().find_map(|leaf| match leaf {
            Change::Edit {
                record: Record::Cohort(c),
                ..
            } => Some(c.id),
            _ => None,
        });
        if let Some(id) = cohort {
            self.cohort = CohortFilter::Cohort(id);
            self.refresh_cohort_panes();
        }
    }

    /// Why `action` changed nothing where the focus is, for the footer; `None` for keys that
    /// need no word (moving in a list, Esc with nothing to go back from).
    pub(super) fn why_nothing(&self, action: Action) -> Option<String> {
        use crate::tui::panes::PaneId;
        let movement = matches!(
            action,
            Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::PageUp
                | Action::PageDown
                | Action::Back
                | Action::Focus(_)
                | Action::FocusNext
                | Action::FocusPrevious
        );
        if movement {
            return None;
        }
        if matches!(action, Action::PreviousDay | Action::NextDay) {
            return Some("h and l (← →) move a day in the month view: c opens it.".to_string());
        }
        Some(match self.focus {
            PaneId::Roster if self.roster.list != RosterList::Participants => {
                "Nothing is selected here yet: n adds one.".to_string()
            }
            PaneId::Roster if self.roster.listing.is_empty() => {
                "No participant is shown yet: n adds one, or [ and ] show another cohort."
                    .to_string()
            }
            PaneId::Mentoring if self.mentoring.listing.is_empty() => {
                "Nobody is listed here yet: add participants (1, then n) and Q members who \
                 mentor (1, v, n), then m matches them."
                    .to_string()
            }
            PaneId::Sessions if self.sessions.listing().is_empty() => {
                "No session is shown here: n plans one (v shows past sessions).".to_string()
            }
            PaneId::Budget if self.budget.listing.is_empty() => {
                "No expense is shown here: n adds one.".to_string()
            }
            PaneId::Budget if action == Action::Open => {
                "Enter lists a category's expenses when the categories are shown (v); e \
                 changes the selected expense."
                    .to_string()
            }
            _ => return None,
        })
    }

    /// Whether the open form sets a programme up.
    pub(super) fn setting_up(&self) -> bool {
        self.form
            .as_ref()
            .is_some_and(|f| matches!(f.purpose, Purpose::SetUp { .. }))
    }
}
