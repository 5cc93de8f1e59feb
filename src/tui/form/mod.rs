//! A small form: labelled fields checked as they are typed, errors beside the field, and
//! nothing typed ever lost to a mistake. Tab and the arrows move between fields, Left and
//! Right change a choice, Enter saves when every field is right, Esc leaves.

mod field;
#[cfg(test)]
mod tests;

pub use field::{Field, FieldKind};

use super::theme::Theme;
use super::widgets::overlay::open_window;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use field::wrap_words;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

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
