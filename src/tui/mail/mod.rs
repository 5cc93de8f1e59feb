//! The mail place (`M`, `:mail`): what is due, one line each, the messages that cannot go
//! (no email) apart, what was sent lately, a preview of the selected message, and how a send
//! started from here is going. Sending itself runs off the event loop (`link`).

use super::theme::Theme;
use super::widgets::overlay::open_window;
use super::widgets::text::fit;
use crate::domain::count::count;
use crate::domain::mail::sent::{SentMessage, sent_register};
use crate::domain::mail::transport::Transport;
use crate::domain::mail::{DueMessage, MailSettings, due_messages, key_about};
use crate::domain::snapshot::Snapshot;
use crate::io::mail::{Templates, build_each};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::path::PathBuf;

/// How many sent messages the place lists, newest first.
mod message;
use message::due_line_without_address;
pub use message::{calendar_summary, due_line, preview, template_problem};

/// How many sent messages the place lists, newest first.
const SENT_SHOWN: usize = 8;

/// What the dashboard needs to write and send mail: the `[mail]` settings, the configuration
/// file they came from (named when a key is missing) and the team's templates folder.
pub struct MailSetup {
    pub settings: MailSettings,
    /// The configuration file in force, as named in sentences.
    pub config_name: String,
    /// The `mail/` folder beside the configuration file, whose templates replace the defaults.
    pub templates_folder: Option<PathBuf>,
    /// The templates in force, or why they cannot be used (file and line).
    pub templates: Result<Templates, String>,
    /// Whether the database is the demo programme, from which nothing is ever sent.
    pub demo: bool,
    /// The configuration file to read `[mail]` from afresh, when there is one.
    pub config_file: Option<PathBuf>,
    /// Why the configuration file could not be read afresh (file and line), if it could not.
    pub config_problem: Option<String>,
}

impl Default for MailSetup {
    fn default() -> Self {
        MailSetup {
            settings: MailSettings::default(),
            config_name: "the configuration file".into(),
            templates_folder: None,
            templates: Templates::defaults().map_err(|e| e.to_string()),
            demo: false,
            config_file: None,
            config_problem: None,
        }
    }
}

impl MailSetup {
    /// Reads `[mail]` and the templates afresh from the configuration file, so what was set
    /// while the dashboard was open is used without a restart. A file that cannot be read
    /// keeps the settings held and says why.
    pub fn reread(&mut self) {
        let Some(file) = self.config_file.clone() else {
            return;
        };
        match crate::io::config::reread_config(&file) {
            Ok(config) => {
                self.settings = config.mail;
                self.config_problem = None;
            }
            Err(e) => self.config_problem = Some(e.to_string()),
        }
        self.templates =
            Templates::load(self.templates_folder.as_deref()).map_err(|e| e.to_string());
    }

    /// Why nothing can be sent from here yet, naming the `[mail]` keys and the file, or `None`.
    pub fn cannot_send(&self) -> Option<String> {
        if self.demo {
            return Some(
                "This is the demo programme: its people are invented, so no mail is sent from \
                 it; a dry run (w) shows the messages."
                    .into(),
            );
        }
        if let Some(problem) = &self.config_problem {
            return Some(format!("The configuration cannot be read: {problem}."));
        }
        match (&self.settings.from, &self.settings.transport) {
            (None, Transport::Unset) => Some(format!(
                "Sending is not set up: set from (the programme's mailbox; organiser too if \
                 replies go elsewhere) and smtp_host, smtp_port, smtp_user and password_env \
                 (or sendmail) under [mail] in {}.",
                self.config_name
            )),
            (None, _) => self.cannot_write(),
            (Some(_), Transport::Unset) => Some(format!(
                "Sending is not set up: set smtp_host, smtp_port, smtp_user and password_env \
                 (or sendmail) under [mail] in {}; w writes the dry run meanwhile.",
                self.config_name
            )),
            (Some(_), _) => None,
        }
    }

    /// Why no message can be written (the dry run, `w`) yet, naming the file, or `None`.
    pub fn cannot_write(&self) -> Option<String> {
        if let Some(problem) = &self.config_problem {
            return Some(format!("The configuration cannot be read: {problem}."));
        }
        if self.settings.from.is_none() {
            return Some(format!(
                "To write or send, set from (the programme's mailbox) under [mail] in {}.",
                self.config_name
            ));
        }
        None
    }
}

/// How a send started from the dashboard is going.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sending {
    /// Messages due when the run began, once known.
    pub due: Option<usize>,
    /// The number (from 1) of the message with the server now, or last tried.
    pub n: usize,
    pub sent: usize,
    /// What is with the server now: "invitation to Wren Hollis <wren@example.org>".
    pub now: Option<String>,
    /// Whether the run has ended.
    pub finished: bool,
    /// A sentence for each message not sent this run (it stays due).
    pub failures: Vec<String>,
    /// The run's last word: how many went, or why it stopped.
    pub summary: Option<String>,
}

pub struct MailView {
    /// Whether it is on the screen; a send goes on, and is reported here, while it is not.
    pub shown: bool,
    pub due: Vec<DueMessage>,
    pub unsendable: Vec<DueMessage>,
    /// Newest first, at most `SENT_SHOWN`.
    pub sent: Vec<SentMessage>,
    pub selected: usize,
    /// The selected message read whole, when Enter opened it.
    pub preview: Option<Vec<String>>,
    pub preview_scroll: u16,
    /// The question before sending everything due, while it waits for y or n.
    pub asking: Option<String>,
    pub sending: Option<Sending>,
    /// The day the list was worked out for: due days in another year show the year.
    pub today: NaiveDate,
    /// Why a template in force fails (its file and line), found when the list was made.
    pub template_problem: Option<String>,
    /// How many messages the sent register holds in all (`sent` shows the newest).
    pub sent_total: usize,
}

impl MailView {
    pub fn new(data: &Snapshot, settings: &MailSettings, today: NaiveDate) -> MailView {
        let mut view = MailView {
            shown: true,
            due: Vec::new(),
            unsendable: Vec::new(),
            sent: Vec::new(),
            selected: 0,
            preview: None,
            preview_scroll: 0,
            asking: None,
            sending: None,
            today,
            template_problem: None,
            sent_total: 0,
        };
        view.refresh(data, settings, today);
        view
    }

    /// Works out again what is due and sent, keeping the selection where it can.
    pub fn refresh(&mut self, data: &Snapshot, settings: &MailSettings, today: NaiveDate) {
        self.today = today;
        let all = due_messages(data, settings, today, &sent_register(data));
        let (due, unsendable): (Vec<DueMessage>, Vec<DueMessage>) =
            all.into_iter().partition(|m| m.recipient.email.is_some());
        self.due = due;
        self.unsendable = unsendable;
        self.sent_total = data.mail_sent.len();
        let mut sent: Vec<SentMessage> = data.mail_sent.values().cloned().collect();
        sent.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
        sent.truncate(SENT_SHOWN);
        self.sent = sent;
        self.selected = self.selected.min(self.due.len().saturating_sub(1));
    }

    pub fn selected_message(&self) -> Option<&DueMessage> {
        self.due.get(self.selected)
    }

    /// Moves the selection by `by` rows within what is due. Returns whether it moved.
    pub fn step(&mut self, by: isize) -> bool {
        let last = self.due.len().saturating_sub(1) as isize;
        let to = (self.selected as isize + by).clamp(0, last) as usize;
        let moved = to != self.selected;
        self.selected = to;
        moved
    }

    /// Whether a send is running now.
    pub fn is_sending(&self) -> bool {
        self.sending.as_ref().is_some_and(|s| !s.finished)
    }

    /// The question before sending: how many, and to whom.
    pub fn question(&self) -> String {
        let mut names: Vec<&str> = self.due.iter().map(|m| m.recipient.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let shown: Vec<&str> = names.iter().take(4).copied().collect();
        let more = names.len().saturating_sub(shown.len());
        let whom = if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        };
        format!(
            "Send {} now, to {whom}? (y sends, n does not)",
            count(self.due.len(), "message")
        )
    }

    pub fn render(
        &self,
        data: &Snapshot,
        setup: &MailSetup,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
    ) {
        let width = area.width.saturating_sub(2).max(area.width.min(20));
        let height = area.height.saturating_sub(1).max(area.height.min(5));
        let title = if self.preview.is_some() {
            "Mail: the message as it will go"
        } else {
            "Mail: due, cannot be sent, sent lately"
        };
        let inner = open_window(area, width, height, title, theme, buf);
        let w = usize::from(inner.width);
        if let Some(preview) = &self.preview {
            let lines: Vec<Line> = preview.iter().map(|l| Line::from(l.clone())).collect();
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.preview_scroll, 0))
                .render(inner, buf);
            return;
        }
        // Sentences above the list (the question, the send's progress, what to set) wrap;
        // the list's lines are cut to the width, so each message stays one line.
        let mut notices: Vec<(String, ratatui::style::Style)> = Vec::new();
        if let Some(asking) = &self.asking {
            notices.push((asking.clone(), theme.title()));
        }
        if let Some(sending) = &self.sending {
            for line in sending_lines(sending) {
                notices.push((line, ratatui::style::Style::default()));
            }
        } else if let Some(why) = setup.cannot_send() {
            notices.push((why, theme.dim()));
        }
        if let Some(problem) = &self.template_problem {
            notices.push((problem.clone(), theme.alarm()));
        }
        // Words wrap before the edge, so a sentence longer than a line may take one more.
        let wrapped = |t: &str| {
            let n = t.chars().count();
            n.div_ceil(w.max(1)).max(1) + usize::from(n > w)
        };
        let notice_height = notices
            .iter()
            .map(|(t, _)| wrapped(t))
            .sum::<usize>()
            .min(usize::from(inner.height) / 2) as u16;
        let notice_lines: Vec<Line> = notices
            .into_iter()
            .map(|(t, style)| Line::from(Span::styled(t, style)))
            .collect();
        Paragraph::new(notice_lines)
            .wrap(Wrap { trim: true })
            .render(
                Rect {
                    height: notice_height,
                    ..inner
                },
                buf,
            );
        let inner = Rect {
            y: inner.y + notice_height,
            height: inner.height - notice_height,
            ..inner
        };
        let mut lines: Vec<Line> = Vec::new();
        lines.push(Line::from(Span::styled(
            format!("Due ({})", self.due.len()),
            theme.title(),
        )));
        // Rows above and below the due list take what they need; the list gets the rest and
        // keeps the selection in sight.
        let below = 2 + self.unsendable.len().min(4) + self.sent.len().min(4);
        let room = usize::from(inner.height)
            .saturating_sub(lines.len() + below)
            .max(3);
        let start = self.selected.saturating_sub(room.saturating_sub(1));
        if self.due.is_empty() {
            lines.push(Line::from(Span::styled("  Nothing is due.", theme.dim())));
        }
        // Addresses are shown on every row in sight or on none, so the list reads evenly.
        let addresses = self
            .due
            .iter()
            .skip(start)
            .take(room)
            .all(|m| due_line(data, m, self.today).chars().count() <= w.saturating_sub(2));
        for (i, m) in self.due.iter().enumerate().skip(start).take(room) {
            let mark = if i == self.selected { "▶ " } else { "  " };
            let row = if addresses {
                due_line(data, m, self.today)
            } else {
                due_line_without_address(data, m, self.today)
            };
            let text = fit(&format!("{mark}{row}"), w);
            if i == self.selected {
                lines.push(Line::from(Span::styled(text, theme.selected())));
            } else {
                lines.push(Line::from(text));
            }
        }
        if !self.unsendable.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(
                    "Cannot be sent, no email in the register ({})",
                    self.unsendable.len()
                ),
                theme.title(),
            )));
            for m in &self.unsendable {
                lines.push(Line::from(fit(
                    &format!("  {}", due_line(data, m, self.today)),
                    w,
                )));
            }
        }
        lines.push(Line::from(Span::styled(
            if self.sent_total > self.sent.len() {
                format!("Sent lately ({} of {})", self.sent.len(), self.sent_total)
            } else {
                format!("Sent ({})", self.sent_total)
            },
            theme.title(),
        )));
        if self.sent.is_empty() {
            lines.push(Line::from(Span::styled("  Nothing sent yet.", theme.dim())));
        }
        let zone = data.zone();
        for s in &self.sent {
            let line = crate::domain::text::clean_line(&format!(
                "  {}  {:<17} {}: {}",
                s.at.with_timezone(&zone).format("%a %-d %b %H:%M"),
                s.key.kind().label(),
                s.to_email,
                key_about(data, &s.key)
            ));
            lines.push(Line::from(fit(&line, w)));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

fn sending_lines(sending: &Sending) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = &sending.summary {
        lines.push(summary.clone());
    } else {
        let now = sending
            .now
            .as_deref()
            .map_or(String::new(), |n| format!(" {n}"));
        lines.push(format!("{}{now}; {} sent", progress(sending), sending.sent));
    }
    for failure in &sending.failures {
        lines.push(format!("Not sent: {failure}"));
    }
    lines
}

/// "Sending… (3 of 12)": the message with the server now and how many the run has.
pub fn progress(sending: &Sending) -> String {
    match sending.due {
        Some(due) => format!("Sending… ({} of {due})", sending.n.max(1).min(due.max(1))),
        None => "Sending…".to_string(),
    }
}

/// Writes every message due that can go as `.eml` files into a new folder in the current one
/// (the dry run), and says where, or why not.
pub fn write_dry_run(
    data: &Snapshot,
    setup: &MailSetup,
    today: NaiveDate,
) -> crate::tui::effects::Message {
    use crate::tui::effects::Message;
    let templates = match &setup.templates {
        Ok(t) => t,
        Err(why) => return Message::Problem(format!("Nothing was written: {why}")),
    };
    let due = due_messages(data, &setup.settings, today, &sent_register(data));
    let (built, refused) = match build_each(&due, data, templates, &setup.settings) {
        Ok(both) => both,
        Err(e) => return Message::Problem(format!("Nothing was written: {e}")),
    };
    let refused = refused.len();
    if built.is_empty() {
        return Message::Done("No mail is due; nothing was written.".into());
    }
    match crate::commands::mail::write_messages(None, &built) {
        Ok(dir) => Message::Done(format!(
            "Wrote {} to {} (nothing was sent){}.",
            count(built.len(), "message"),
            dir.display(),
            if refused > 0 {
                format!("; {refused} could not be written (a wrong address)")
            } else {
                String::new()
            }
        )),
        Err(e) => Message::Problem(format!("Nothing was written: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_smtp_settings_name_the_keys_and_the_file() {
        let setup = MailSetup {
            settings: MailSettings {
                from: Some("programme@example.org".into()),
                ..MailSettings::default()
            },
            config_name: "/home/coordinator/.config/improvers/config.toml".into(),
            ..MailSetup::default()
        };
        let why = setup.cannot_send().unwrap_or_default();
        assert!(why.contains("smtp_host"), "{why}");
        assert!(
            why.contains("/home/coordinator/.config/improvers/config.toml"),
            "{why}"
        );
        assert!(why.contains("dry run"), "{why}");
    }
}
