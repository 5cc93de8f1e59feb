//! The mail place's keys: moving through what is due, the preview, the question before
//! sending, and news of a send running off the event loop.

use super::App;
use crate::commands::sending::Progress;
use crate::tui::action::Action;
use crate::tui::effects::{Effect, Message};
use crate::tui::keymap::mail_action;
use crate::tui::mail::{MailView, Sending, preview, template_problem};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the sending run tells the dashboard: each step, then its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendNews {
    Step(Progress),
    /// The run ended: how many went and where, or why it stopped.
    Finished(Result<(usize, usize, String), String>),
}

impl App {
    /// Opens the mail place (`M`, `:mail`).
    pub fn show_mail(&mut self) -> bool {
        let sending = self.mail.take().and_then(|m| m.sending);
        self.mail_setup.reread();
        let mut view = MailView::new(&self.data, &self.mail_setup.settings, self.now.today());
        view.sending = sending;
        view.template_problem = template_problem(&self.data, &self.mail_setup, &view.due);
        self.mail = Some(view);
        true
    }

    /// What is due follows every change, a sent register entry included.
    pub(super) fn refresh_mail(&mut self) {
        if let Some(view) = &mut self.mail {
            view.refresh(&self.data, &self.mail_setup.settings, self.now.today());
            view.template_problem = template_problem(&self.data, &self.mail_setup, &view.due);
        }
    }

    pub(super) fn in_mail(&mut self, key: KeyEvent) -> bool {
        let Some(view) = self.mail.as_mut() else {
            return false;
        };
        if view.asking.is_some() {
            match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    view.asking = None;
                    view.sending = Some(Sending::default());
                    self.effects.push(Effect::SendMail {
                        settings: Box::new(self.mail_setup.settings.clone()),
                        config_name: self.mail_setup.config_name.clone(),
                        templates: self.mail_setup.templates_folder.clone(),
                        today: self.now.today(),
                    });
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                    view.asking = None;
                    self.say(Message::Done("Nothing was sent.".into()));
                }
                _ => return false,
            }
            return true;
        }
        if view.preview.is_some() {
            match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => view.preview = None,
                KeyCode::Char('j') | KeyCode::Down => view.preview_scroll += 1,
                KeyCode::Char('k') | KeyCode::Up => {
                    view.preview_scroll = view.preview_scroll.saturating_sub(1)
                }
                _ => return false,
            }
            return true;
        }
        if key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL {
            self.quit = true;
            return true;
        }
        // The place's keys are the keymap's, which `?` lists.
        let Some(action) = mail_action(key) else {
            return false;
        };
        match action {
            Action::Back => {
                if view.is_sending() {
                    view.shown = false;
                } else {
                    self.mail = None;
                }
            }
            Action::Down => return view.step(1),
            Action::Up => return view.step(-1),
            Action::Top | Action::PageUp => return view.step(-(view.due.len() as isize)),
            Action::Bottom | Action::PageDown => return view.step(view.due.len() as isize),
            Action::ShowHelp => {
                self.help_open = true;
                self.help_scroll = 0;
            }
            Action::Open => match view.selected_message() {
                Some(due) => {
                    view.preview = Some(preview(due, &self.data, &self.mail_setup));
                    view.preview_scroll = 0;
                }
                None => self.say(Message::Problem("No mail is due to preview.".into())),
            },
            Action::SendMail => {
                self.mail_setup.reread();
                if view.is_sending() {
                    self.say(Message::Problem(
                        "Mail is being sent already; wait for it to finish.".into(),
                    ));
                } else if let Some(why) = self.mail_setup.cannot_send() {
                    self.say(Message::Problem(why));
                } else if view.due.is_empty() {
                    self.say(Message::Problem("No mail is due to send.".into()));
                } else {
                    view.asking = Some(view.question());
                }
            }
            Action::WriteMail => {
                self.mail_setup.reread();
                if let Some(why) = self.mail_setup.cannot_write() {
                    self.say(Message::Problem(why));
                } else {
                    self.effects.push(Effect::WriteMail);
                }
            }
            _ => return false,
        }
        true
    }

    /// What the screen says while the dashboard waits, as it quits, for a send to stop after
    /// the message in hand.
    pub fn quitting_while_sending(&mut self) {
        let progress = self
            .mail
            .as_ref()
            .and_then(|m| m.sending.as_ref())
            .map_or_else(|| "Sending…".to_string(), crate::tui::mail::progress);
        self.message = Some(Message::Done(format!(
            "{progress} Quitting once the message in hand is sent and recorded; the rest stay \
             due."
        )));
    }

    /// News from the sending run, into the mail place (kept even while it is closed).
    pub fn hear_sending(&mut self, news: SendNews) {
        let view = self.mail.get_or_insert_with(|| {
            let mut view = MailView::new(&self.data, &self.mail_setup.settings, self.now.today());
            view.shown = false;
            view
        });
        let sending = view.sending.get_or_insert_with(Sending::default);
        match news {
            SendNews::Step(Progress::Waiting(why)) => sending.now = Some(why),
            SendNews::Step(Progress::Started { due }) => sending.due = Some(due),
            SendNews::Step(Progress::Sending { n, describe }) => {
                sending.n = n;
                sending.now = Some(describe);
            }
            SendNews::Step(Progress::Sent { .. }) => {
                sending.sent += 1;
                sending.now = None;
            }
            SendNews::Step(Progress::NotSent(why)) => sending.failures.push(why),
            SendNews::Finished(outcome) => {
                sending.finished = true;
                sending.now = None;
                let summary = match outcome {
                    Ok((sent, due, place)) => format!(
                        "Sent {} of {} through {place}.{}",
                        sent,
                        crate::domain::count::count(due, "message"),
                        if sent < due {
                            " Those not sent stay due."
                        } else {
                            ""
                        }
                    ),
                    Err(why) => format!("Sending stopped: {why}"),
                };
                self.message = Some(Message::Done(summary.clone()));
                sending.summary = Some(summary);
            }
        }
    }
}
