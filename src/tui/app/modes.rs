//! The app's modes besides plain navigation: the `:` command line, y/n questions, the history
//! list and the `/` filter being typed. Each takes the keys while it is open.

use super::App;
use crate::cli::{ExportFormat, FileKind};
use crate::domain::change::HistoryEntry;
use crate::domain::people::roster::CohortFilter;
use crate::io::import::file::Source;
use crate::tui::command_line::{self, Command};
use crate::tui::effects::{Effect, Message};
use crate::tui::history::{HistoryView, confirm_undo_in};
use crate::tui::keymap::{action_for, movement};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Asks before undoing `entry`, or says there is nothing to undo.
    pub fn offer_undo(&mut self, entry: Option<&HistoryEntry>) {
        self.offer_undo_in(entry, &[]);
    }

    /// Asks before undoing `entry`, naming from `history` (the database's newest entries) a
    /// later change it would overwrite; or says there is nothing to undo.
    pub fn offer_undo_in(&mut self, entry: Option<&HistoryEntry>, history: &[HistoryEntry]) {
        match entry {
            Some(entry) => match confirm_undo_in(entry, history, self.data.zone(), &self.data) {
                Ok(confirm) => {
                    self.confirm = Some(confirm);
                    self.note_opened();
                }
                Err(why) => self.say(Message::Problem(why)),
            },
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
                    Ok(confirm) => {
                        self.confirm = Some(confirm);
                        // The question rests on what is shown now, not on whatever was
                        // opened last: the undo it offers may be of a change made since.
                        self.note_opened();
                    }
                    Err(problem) => self.say(Message::Problem(problem)),
                }
                true
            }
            _ => movement(key).is_some_and(|action| history.apply(action)),
        }
    }

    /// The list of a refused file's problems scrolls; Esc or q closes it.
    pub(super) fn in_problems(&mut self, key: KeyEvent) -> bool {
        let Some(problems) = self.problems.as_mut() else {
            return false;
        };
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {
                self.problems = None;
                true
            }
            _ => match action_for(key, self.focus) {
                Some(action) => problems.apply(action),
                None => false,
            },
        }
    }

    /// Typing after `:`; Tab completes the word being typed (again: the next that fits),
    /// Enter runs the command, Esc drops it.
    pub(super) fn type_command(&mut self, key: KeyEvent) -> bool {
        let Some(mut text) = self.command.take() else {
            return false;
        };
        let cycle = self.tab_cycle.take();
        match key.code {
            KeyCode::Tab => {
                self.command = Some(self.tab(text, cycle));
            }
            KeyCode::Enter => self.run_command(text.trim()),
            KeyCode::Esc => {}
            KeyCode::Backspace => {
                text.pop();
                self.command = Some(text);
            }
            // A space after a completion's space (or any space) would only show as a gap.
            KeyCode::Char(' ') if !command_line::keeps_space(&text) => {
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

    /// Runs what was typed after `:`, its words split as a shell splits them.
    pub(super) fn run_command(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let command = match command_line::parse(text) {
            Ok(command) => command,
            Err(problem) => return self.say(Message::Problem(problem)),
        };
        match command {
            Command::History => self.effects.push(Effect::ShowHistory),
            Command::Undo => self.effects.push(Effect::OfferUndo),
            Command::Mail => {
                self.show_mail();
            }
            Command::Settings => {
                self.open_settings();
            }
            Command::Quit => self.quit = true,
            Command::Cohort { which } => self.choose_cohort(&which),
            Command::Forget {
                email,
                participant,
                q_member,
            } => {
                use crate::domain::people::erasure::Register;
                let only = match (participant, q_member) {
                    (true, false) => Some(Register::Participants),
                    (false, true) => Some(Register::QMembers),
                    _ => None,
                };
                self.forget(email.as_deref(), only)
            }
            Command::Merge { kind, keep, gone } => self.merge(kind.into(), &keep, &gone),
            Command::Duplicates => self.show_duplicates(),
            Command::Sets { size } => {
                self.show_sets(size);
            }
            Command::JoinedQ { email } => self.joined_q(email.as_deref()),
            Command::Link {
                participant,
                q_member,
            } => self.link(&participant, &q_member),
            Command::Import { kind, file } => self.effects.push(Effect::Import {
                source: crate::commands::import_source(kind),
                path: file,
            }),
            Command::Export {
                kind,
                file,
                format,
                cohort,
            } => {
                let effect = match (kind, command_line::format_for(format, &file), cohort) {
                    // A calendar app's file: the sessions of the cohort in view, as the pane
                    // shows them.
                    (FileKind::Sessions, ExportFormat::Ics, None) => Effect::ExportCalendar {
                        cohort: self.cohort,
                        path: file,
                    },
                    (kind, ExportFormat::Csv, None) => match source_of(kind) {
                        Some(source) => Effect::Export { source, path: file },
                        None => Effect::ExportAs {
                            kind,
                            format: ExportFormat::Csv,
                            cohort: None,
                            path: file,
                        },
                    },
                    (kind, format, cohort) => Effect::ExportAs {
                        kind,
                        format,
                        cohort,
                        path: file,
                    },
                };
                self.effects.push(effect);
            }
        }
    }

    /// The command line after Tab: the word being typed completed, or, when Tab was the last
    /// key, the next word that fits in its place.
    fn tab(&mut self, text: String, cycle: Option<TabCycle>) -> String {
        let (before, offered, next) = match cycle {
            Some(cycle) if cycle.shown == text => (cycle.before, cycle.offered, cycle.next),
            _ => {
                let offered = command_line::completions(&text, &self.cohort_numbers());
                let before = command_line::before_last_word(&text).to_string();
                (before, offered, 0)
            }
        };
        let Some(word) = offered.get(next % offered.len().max(1)) else {
            return text;
        };
        let shown = command_line::complete(&before, word);
        if offered.len() > 1 {
            self.tab_cycle = Some(TabCycle {
                before,
                next: (next + 1) % offered.len(),
                offered,
                shown: shown.clone(),
            });
        }
        shown
    }

    /// What Tab would offer for the command line as typed, for the footer: every word that
    /// fits, or while Tab goes round them, the rest in the order it will show them.
    pub fn tab_offers(&self) -> Vec<String> {
        let Some(text) = &self.command else {
            return Vec::new();
        };
        match &self.tab_cycle {
            Some(cycle) if &cycle.shown == text => {
                let n = cycle.offered.len();
                (0..n)
                    .map(|i| cycle.offered[(cycle.next + i) % n].clone())
                    .collect()
            }
            _ => command_line::completions(text, &self.cohort_numbers()),
        }
    }

    fn cohort_numbers(&self) -> Vec<u32> {
        self.data.cohorts.values().map(|c| c.number).collect()
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

/// Tab going round the words that fit: the line without the word, the words, which comes
/// next, and the line as Tab last left it (any other key ends the round).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TabCycle {
    before: String,
    offered: Vec<String>,
    next: usize,
    shown: String,
}

/// The file `import` reads for `kind`; `None` for the budget report and `all`, which are only
/// written.
fn source_of(kind: FileKind) -> Option<Source> {
    match kind {
        FileKind::Programme => Some(Source::Programme),
        FileKind::Survey => Some(Source::Survey),
        other => crate::commands::csv_kind(other).map(Source::Csv),
    }
}
