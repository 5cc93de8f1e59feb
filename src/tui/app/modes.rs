//! The app's modes besides plain navigation: the `:` command line, y/n questions, the history
//! list and the `/` filter being typed. Each takes the keys while it is open.

use super::App;
use crate::domain::change::HistoryEntry;
use crate::domain::roster::CohortFilter;
use crate::io::import::file::Source;
use crate::tui::effects::{Effect, Message};
use crate::tui::history::{HistoryView, confirm_undo};
use crate::tui::keymap::action_for;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Asks before undoing `entry`, or says there is nothing to undo.
    pub fn offer_undo(&mut self, entry: Option<&HistoryEntry>) {
        match entry {
            Some(entry) => {
                self.confirm = Some(confirm_undo(entry, self.data.zone(), &self.data));
                self.note_opened();
            }
            None => self.say(Message::Problem("There is nothing to undo.".into())),
        }
    }

    pub fn show_history(&mut self, newest_first: Vec<HistoryEntry>) {
        self.history = Some(HistoryView::new(newest_first, self.data.zone(), &self.data));
    }

    /// y saves the change asked about; n or Esc drops it. Other keys wait for an answer.
    pub(super) fn answer(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => {
                if let Some(confirm) = self.confirm.take() {
                    if let Some(problem) = self.stale(&confirm.change) {
                        self.say(problem);
                        return true;
                    }
                    self.history = None;
                    self.effects.push(Effect::Apply {
                        change: Box::new(confirm.change),
                        done: confirm.done,
                    });
                }
                true
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                self.confirm = None;
                self.say(Message::Done("Nothing was changed.".into()));
                true
            }
            _ => false,
        }
    }

    pub(super) fn in_history(&mut self, key: KeyEvent) -> bool {
        let Some(history) = self.history.as_mut() else {
            return false;
        };
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {
                self.history = None;
                true
            }
            KeyCode::Enter => {
                match history.offer_undo(&self.data) {
                    Ok(confirm) => self.confirm = Some(confirm),
                    Err(problem) => self.say(Message::Problem(problem)),
                }
                true
            }
            _ => match action_for(key, self.focus) {
                Some(action) => history.apply(action),
                None => false,
            },
        }
    }

    /// Typing after `:`; Enter runs the command, Esc drops it.
    pub(super) fn type_command(&mut self, key: KeyEvent) -> bool {
        let Some(mut text) = self.command.take() else {
            return false;
        };
        match key.code {
            KeyCode::Enter => self.run_command(text.trim()),
            KeyCode::Esc => {}
            KeyCode::Backspace => {
                text.pop();
                self.command = Some(text);
            }
            KeyCode::Char(c) if !c.is_control() => {
                text.push(c);
                self.command = Some(text);
            }
            _ => self.command = Some(text),
        }
        true
    }

    pub(super) fn run_command(&mut self, text: &str) {
        let mut words = text.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (None, ..) => {}
            (Some("history" | "h"), None, _) => self.effects.push(Effect::ShowHistory),
            (Some("undo"), None, _) => self.effects.push(Effect::OfferUndo),
            (Some("quit" | "q"), None, _) => self.quit = true,
            (Some("cohort"), Some(which), None) => self.choose_cohort(which),
            // A calendar app's file: the sessions of the cohort in view, as the pane shows them.
            (Some("export"), Some("sessions"), Some(_)) if is_calendar(file_named(text)) => {
                self.effects.push(Effect::ExportCalendar {
                    cohort: self.cohort,
                    path: file_named(text).into(),
                });
            }
            (Some(verb @ ("import" | "export")), Some(kind), Some(_)) => {
                let path = file_named(text);
                match Source::named(kind) {
                    Some(source) => self.effects.push(if verb == "import" {
                        Effect::Import {
                            source,
                            path: path.into(),
                        }
                    } else {
                        Effect::Export {
                            source,
                            path: path.into(),
                        }
                    }),
                    None => self.say(Message::Problem(format!(
                        "“{kind}” is not a kind of file; try programme, venues, q-members, \
                         participants, pathway, readiness, sessions, attendance, matches, \
                         check-ins or expenses"
                    ))),
                }
            }
            _ => self.say(Message::Problem(format!(
                "“{text}” is not a command; try history, undo, cohort N, import KIND FILE, \
                 export KIND FILE, quit"
            ))),
        }
    }

    pub(super) fn choose_cohort(&mut self, which: &str) {
        let chosen = match which {
            "all" => Some(CohortFilter::All),
            "nominees" | "review" => Some(CohortFilter::AwaitingReview),
            number => number.parse::<u32>().ok().and_then(|n| {
                self.data
                    .cohorts
                    .values()
                    .find(|c| c.number == n)
                    .map(|c| CohortFilter::Cohort(c.id))
            }),
        };
        match chosen {
            Some(filter) => {
                self.cohort = filter;
                self.mentoring.forget_run();
                self.refresh_cohort_panes();
            }
            None => self.say(Message::Problem(format!(
                "there is no cohort “{which}”; try a cohort's number, all, or nominees"
            ))),
        }
    }

    /// Typing after `/`: the list narrows with every key; Enter keeps the filter, Esc drops it.
    pub(super) fn type_filter(&mut self, key: KeyEvent) -> bool {
        let Some(mut text) = self.typing_filter.take() else {
            return false;
        };
        match key.code {
            KeyCode::Enter => return true,
            KeyCode::Esc => {
                self.set_focused_filter("");
                return true;
            }
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char('c') if key.modifiers == KeyModifiers::CONTROL => {
                self.set_focused_filter("");
                return true;
            }
            KeyCode::Char('u') if key.modifiers == KeyModifiers::CONTROL => text.clear(),
            KeyCode::Char(c) if !c.is_control() => text.push(c),
            _ => {}
        }
        self.set_focused_filter(&text);
        self.typing_filter = Some(text);
        true
    }
}

/// The file of `:import KIND FILE` or `:export KIND FILE`: everything after the kind, spaces
/// and all.
fn file_named(command: &str) -> &str {
    command
        .trim_start()
        .splitn(3, char::is_whitespace)
        .nth(2)
        .unwrap_or_default()
        .trim()
}

/// Whether a file name asks for a calendar (`.ics`, in any case).
fn is_calendar(file: &str) -> bool {
    std::path::Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ics"))
}
