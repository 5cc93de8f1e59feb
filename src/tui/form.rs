//! A small form: labelled fields checked as they are typed, errors beside the field, and
//! nothing typed ever lost to a mistake. Tab and the arrows move between fields, Left and
//! Right change a choice, Enter saves when every field is right, Esc leaves.

use super::theme::Theme;
use super::widgets::overlay::open_window;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        required: bool,
    },
    /// A date that exists, written YYYY-MM-DD.
    Date,
    /// A time of day, written HH:MM on the 24-hour clock.
    Time,
    /// One of a fixed list, chosen with Left and Right (or by typing its first letters).
    Choice(Vec<String>),
    Email,
    /// A whole number, 0 or more (a capacity, a target size).
    Count,
    /// An amount of money, more than nothing (`£1,150`, `95.50`).
    Money {
        required: bool,
    },
    /// Any number of `options`, separated by commas or semicolons ("mentor; facilitator").
    Several(Vec<String>),
    /// Typed freely; the options that match what is typed are offered, → takes the first.
    /// With `allow_new`, a name that is not an option is created when the form is saved.
    Pick {
        options: Vec<String>,
        allow_new: bool,
        required: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: String,
}

impl Field {
    pub fn text(label: &'static str, value: &str, required: bool) -> Field {
        Field {
            label,
            kind: FieldKind::Text { required },
            value: value.to_string(),
        }
    }

    pub fn date(label: &'static str, value: NaiveDate) -> Field {
        Field {
            label,
            kind: FieldKind::Date,
            value: value.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn time(label: &'static str, value: chrono::NaiveTime) -> Field {
        Field {
            label,
            kind: FieldKind::Time,
            value: value.format("%H:%M").to_string(),
        }
    }

    pub fn as_time(&self) -> Option<chrono::NaiveTime> {
        chrono::NaiveTime::parse_from_str(self.value.trim(), "%H:%M").ok()
    }

    pub fn email(label: &'static str, value: &str) -> Field {
        Field {
            label,
            kind: FieldKind::Email,
            value: value.to_string(),
        }
    }

    pub fn count(label: &'static str, value: u32) -> Field {
        Field {
            label,
            kind: FieldKind::Count,
            value: value.to_string(),
        }
    }

    pub fn several(label: &'static str, options: Vec<String>, chosen: &[String]) -> Field {
        Field {
            label,
            kind: FieldKind::Several(options),
            value: chosen.join("; "),
        }
    }

    /// An amount that may be left empty.
    pub fn money(label: &'static str, value: Option<crate::domain::money::Pence>) -> Field {
        Field {
            label,
            kind: FieldKind::Money { required: false },
            value: value.map_or(String::new(), |p| p.to_string()),
        }
    }

    /// An amount that must be given.
    pub fn required_money(
        label: &'static str,
        value: Option<crate::domain::money::Pence>,
    ) -> Field {
        Field {
            kind: FieldKind::Money { required: true },
            ..Field::money(label, value)
        }
    }

    /// For a money field: the amount typed, if it is one.
    pub fn as_money(&self) -> Option<crate::domain::money::Pence> {
        crate::domain::money::Pence::parse(&self.value).ok()
    }

    /// For a count field: the number typed, if it is one.
    pub fn as_count(&self) -> Option<u32> {
        self.value.trim().parse().ok()
    }

    /// For a field of several options: each one typed, as its option is spelled.
    pub fn chosen(&self) -> Vec<&str> {
        let FieldKind::Several(options) = &self.kind else {
            return Vec::new();
        };
        split_list(&self.value)
            .filter_map(|typed| find_option(options, typed))
            .collect()
    }

    pub fn pick(label: &'static str, options: Vec<String>, value: &str, allow_new: bool) -> Field {
        Field {
            label,
            kind: FieldKind::Pick {
                options,
                allow_new,
                required: true,
            },
            value: value.to_string(),
        }
    }

    /// A pick field that may be left empty and takes only its options.
    pub fn optional_pick(label: &'static str, options: Vec<String>, value: &str) -> Field {
        Field {
            label,
            kind: FieldKind::Pick {
                options,
                allow_new: false,
                required: false,
            },
            value: value.to_string(),
        }
    }

    /// The options matching what is typed in a pick field, best first.
    pub fn suggestions(&self) -> Vec<&str> {
        let FieldKind::Pick { options, .. } = &self.kind else {
            return Vec::new();
        };
        let typed = crate::domain::text::fold(self.value.trim());
        let mut found: Vec<&str> = options
            .iter()
            .filter(|o| crate::domain::text::fold(o).contains(&typed))
            .map(String::as_str)
            .collect();
        found.sort_by_key(|o| !crate::domain::text::fold(o).starts_with(&typed));
        found
    }

    /// For a pick field: the option typed, if it is one (case and accents aside).
    pub fn picked(&self) -> Option<&str> {
        let FieldKind::Pick { options, .. } = &self.kind else {
            return None;
        };
        let typed = crate::domain::text::fold(self.value.trim());
        options
            .iter()
            .find(|o| crate::domain::text::fold(o) == typed)
            .map(String::as_str)
    }

    pub fn choice(label: &'static str, choices: Vec<String>, chosen: usize) -> Field {
        let value = choices.get(chosen).cloned().unwrap_or_default();
        Field {
            label,
            kind: FieldKind::Choice(choices),
            value,
        }
    }

    /// What is wrong with the value as typed, in words for the person typing.
    pub fn problem(&self) -> Option<String> {
        match &self.kind {
            FieldKind::Text { required } => {
                (*required && self.value.trim().is_empty()).then(|| "needed".to_string())
            }
            FieldKind::Date => match NaiveDate::parse_from_str(self.value.trim(), "%Y-%m-%d") {
                Ok(_) => None,
                Err(_) if self.value.trim().is_empty() => Some("needed".into()),
                Err(_) => Some(format!(
                    "“{}” is not a date that exists (write it as YYYY-MM-DD)",
                    self.value.trim()
                )),
            },
            FieldKind::Choice(choices) => {
                (!choices.contains(&self.value)).then(|| "choose one with ← and →".to_string())
            }
            FieldKind::Email => crate::domain::text::email_problem(&self.value),
            FieldKind::Time => match self.as_time() {
                Some(_) => None,
                None if self.value.trim().is_empty() => Some("needed".into()),
                None => Some(format!(
                    "“{}” is not a time (write it as HH:MM, 24-hour)",
                    self.value.trim()
                )),
            },
            FieldKind::Money { required } => {
                match crate::domain::money::Pence::parse(&self.value) {
                    _ if self.value.trim().is_empty() => required.then(|| "needed".into()),
                    Ok(p) if p.0 > 0 => None,
                    Ok(_) => Some("must be more than nothing".into()),
                    Err(e) => Some(e.to_string()),
                }
            }
            FieldKind::Count => match self.value.trim() {
                "" => Some("needed".into()),
                typed if typed.parse::<u32>().is_ok() => None,
                typed => Some(format!("“{typed}” is not a whole number, 0 or more")),
            },
            FieldKind::Several(options) => split_list(&self.value)
                .find(|typed| find_option(options, typed).is_none())
                .map(|typed| format!("“{typed}”: not {}", either(options))),
            FieldKind::Pick {
                allow_new,
                required,
                ..
            } => {
                if self.value.trim().is_empty() {
                    required.then(|| "needed".into())
                } else if self.picked().is_some() || *allow_new {
                    None
                } else {
                    Some("choose one of the suggestions (→ takes the first)".into())
                }
            }
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.value.trim(), "%Y-%m-%d").ok()
    }

    fn step_choice(&mut self, forward: bool) {
        if let FieldKind::Choice(choices) = &self.kind {
            if choices.is_empty() {
                return;
            }
            let at = choices.iter().position(|c| *c == self.value).unwrap_or(0);
            let len = choices.len();
            let next = if forward {
                (at + 1) % len
            } else {
                (at + len - 1) % len
            };
            self.value = choices[next].clone();
        }
    }

    /// Typing on a choice jumps to the first choice starting with the letter.
    fn jump_choice(&mut self, letter: char) {
        if let FieldKind::Choice(choices) = &self.kind {
            let letter = letter.to_lowercase().to_string();
            if let Some(found) = choices
                .iter()
                .find(|c| c.to_lowercase().starts_with(&letter))
            {
                self.value = found.clone();
            }
        }
    }
}

/// `text` in lines of at most `width` characters, broken between words where it can be.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let Some(line) = lines.last_mut() else { break };
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if used > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// "a, b or c".
fn either(options: &[String]) -> String {
    match options {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn split_list(typed: &str) -> impl Iterator<Item = &str> {
    typed
        .split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The option `typed` names, case, accents, spaces and hyphens aside.
fn find_option<'a>(options: &'a [String], typed: &str) -> Option<&'a str> {
    let squash = |s: &str| crate::domain::labels::squash(s);
    options
        .iter()
        .find(|o| squash(o) == squash(typed))
        .map(String::as_str)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Editing,
    /// Every field is right: save.
    Submit,
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Enter was pressed with a field wrong: say so on every wrong field, not just the one typed.
    tried: bool,
    /// What Enter does, in a word: "save" for most forms, "show" for a filter.
    pub submit: &'static str,
    /// Warnings about the whole record as it stands (a clash), shown above the keys; they do
    /// not stop a save.
    pub notes: Vec<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            tried: false,
            submit: "save",
            notes: Vec::new(),
        }
    }

    /// A form whose Enter does something other than save.
    pub fn submitting(mut self, word: &'static str) -> Form {
        self.submit = word;
        self
    }

    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    pub fn is_valid(&self) -> bool {
        self.fields.iter().all(|f| f.problem().is_none())
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Enter => {
                if self.is_valid() {
                    return FormOutcome::Submit;
                }
                self.tried = true;
                if let Some(wrong) = self.fields.iter().position(|f| f.problem().is_some()) {
                    self.focus = wrong;
                }
            }
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1).min(last),
            KeyCode::BackTab | KeyCode::Up => self.focus = self.focus.saturating_sub(1),
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormOutcome::Editing;
                };
                match (&field.kind, key.code) {
                    (FieldKind::Choice(_), KeyCode::Left) => field.step_choice(false),
                    (FieldKind::Choice(_), KeyCode::Right | KeyCode::Char(' ')) => {
                        field.step_choice(true)
                    }
                    (FieldKind::Choice(_), KeyCode::Char(c)) => field.jump_choice(c),
                    // A choice is only ever one of its choices: nothing to delete.
                    (FieldKind::Choice(_), _) => {}
                    (FieldKind::Pick { .. }, KeyCode::Right) => {
                        if let Some(first) = field.suggestions().first() {
                            field.value = (*first).to_string();
                        }
                    }
                    (_, KeyCode::Backspace) => {
                        field.value.pop();
                    }
                    (_, KeyCode::Char('u')) if key.modifiers == KeyModifiers::CONTROL => {
                        field.value.clear()
                    }
                    (_, KeyCode::Char(c)) if !c.is_control() => field.value.push(c),
                    _ => {}
                }
            }
        }
        FormOutcome::Editing
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let height =
            (self.fields.len() as u16 * 2 + 4 + self.notes.len() as u16 * 2).min(area.height);
        let width = 72.min(area.width);
        let inner = open_window(area, width, height, &self.title, theme, buf);
        let mut lines = Vec::new();
        // On a short terminal only some fields fit: show a run of them that includes the one
        // being typed in (each field takes two lines; the hint and borders take three).
        let notes = self.notes.len() as u16 * 2;
        let fits = usize::from(height.saturating_sub(3 + notes) / 2).max(1);
        let first = (self.focus + 1).saturating_sub(fits);
        // Labels line up on the longest, values and errors beside them.
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(0)
            .max(8);
        let indent = " ".repeat(label_width + 1);
        for (i, field) in self.fields.iter().enumerate().skip(first).take(fits) {
            let focused = i == self.focus;
            let value = match &field.kind {
                FieldKind::Choice(_) => format!("‹ {} ›", field.value),
                _ if focused => format!("{}▏", field.value),
                _ => field.value.clone(),
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{:>label_width$} ", field.label),
                    if focused { theme.key() } else { theme.dim() },
                ),
                Span::raw(value),
            ]));
            // An error shows once the field has been typed in or a save was tried.
            let problem = field
                .problem()
                .filter(|_| self.tried || (focused && !field.value.is_empty()));
            if let Some(p) = problem {
                // Wrapped under the value, not back at the labels' edge.
                let room = usize::from(width)
                    .saturating_sub(2 + label_width + 1)
                    .max(10);
                for part in wrap_words(&p, room) {
                    lines.push(Line::styled(format!("{indent}{part}"), theme.alarm()));
                }
                continue;
            }
            lines.push(match &field.kind {
                FieldKind::Pick { .. } if focused && field.picked().is_none() => {
                    let offered = field.suggestions();
                    if offered.is_empty() {
                        Line::styled(
                            format!("{indent}new: created when you save"),
                            theme.warning(),
                        )
                    } else {
                        let shown: Vec<&str> = offered.into_iter().take(3).collect();
                        Line::styled(format!("{indent}→ {}", shown.join(" · ")), theme.dim())
                    }
                }
                _ => Line::raw(""),
            });
        }
        for note in &self.notes {
            lines.push(Line::styled(format!(" ⚠ {note}"), theme.warning()));
        }
        lines.push(Line::styled(
            format!(
                " Enter {}s · Tab/↑↓ move · ←→ choose · Esc leaves",
                self.submit
            ),
            theme.dim(),
        ));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_text(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn form() -> Form {
        Form::new(
            "Move along the pathway",
            vec![
                Field::choice("Stage", vec!["Active".into(), "Completed".into()], 0),
                Field::date("Date", NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
                Field::text("Note", "", false),
            ],
        )
    }

    #[test]
    fn a_date_that_does_not_exist_is_refused_and_nothing_typed_is_lost() {
        let mut f = form();
        f.handle_key(key(KeyCode::Tab));
        for _ in 0..10 {
            f.handle_key(key(KeyCode::Backspace));
        }
        type_text(&mut f, "2026-02-30");
        assert_eq!(
            f.fields[1].problem().as_deref(),
            Some("“2026-02-30” is not a date that exists (write it as YYYY-MM-DD)")
        );
        f.handle_key(key(KeyCode::Tab));
        type_text(&mut f, "kept");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
        assert_eq!(f.focus, 1, "Enter goes to the field that is wrong");
        assert_eq!(f.fields[2].value, "kept");
        f.handle_key(key(KeyCode::Backspace));
        f.handle_key(key(KeyCode::Backspace));
        type_text(&mut f, "28");
        assert_eq!(f.fields[1].value, "2026-02-28");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
    }

    #[test]
    fn choices_move_with_arrows_and_letters() {
        let mut f = form();
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.fields[0].value, "Completed");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.fields[0].value, "Active");
        f.handle_key(key(KeyCode::Char('c')));
        assert_eq!(f.fields[0].value, "Completed");
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(
            f.fields[0].value, "Completed",
            "a choice cannot be typed over"
        );
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
    }

    #[test]
    fn the_field_being_typed_in_is_always_drawn_on_a_short_screen() {
        let mut f = Form::new(
            "Many fields",
            (0..12).map(|_| Field::text("Field", "", false)).collect(),
        );
        f.fields[11].value = "the last one".into();
        for _ in 0..11 {
            f.handle_key(key(KeyCode::Tab));
        }
        let area = Rect::new(0, 0, 80, 12);
        let mut buf = Buffer::empty(area);
        f.render(area, &mut buf, &Theme::new(false));
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(text.contains("the last one"), "{text}");
    }

    #[test]
    fn a_count_must_be_a_whole_number_not_below_zero() {
        let mut f = Form::new("x", vec![Field::count("Capacity", 2)]);
        assert!(f.is_valid());
        f.handle_key(key(KeyCode::Backspace));
        type_text(&mut f, "-1");
        assert_eq!(
            f.fields[0].problem().as_deref(),
            Some("“-1” is not a whole number, 0 or more")
        );
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
        f.fields[0].value = "3".into();
        assert_eq!(f.fields[0].as_count(), Some(3));
    }

    #[test]
    fn several_options_are_checked_one_by_one() {
        let roles = vec!["mentor".to_string(), "site-visit host".to_string()];
        let mut field = Field::several("Roles", roles, &[]);
        assert_eq!(field.problem(), None, "none at all is allowed");
        field.value = "Mentor, site visit host".into();
        assert_eq!(field.problem(), None);
        assert_eq!(field.chosen(), ["mentor", "site-visit host"]);
        field.value = "mentor; coach".into();
        assert_eq!(
            field.problem().as_deref(),
            Some("“coach”: not mentor or site-visit host")
        );
    }

    #[test]
    fn a_required_text_must_not_be_blank() {
        let f = Form::new("x", vec![Field::text("Name", "  ", true)]);
        assert_eq!(f.fields[0].problem().as_deref(), Some("needed"));
        assert!(!f.is_valid());
    }
}
