//! Drawing a form: each field with its value, what a date was read as, its suggestions or
//! its fault, then the form's notes and a line of keys that says what needs attention.

use super::wrap::{wrap_hard, wrap_words};
use super::{Field, FieldKind, Form};
use crate::tui::theme::Theme;
use crate::tui::widgets::overlay::open_window;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

const WIDTH: u16 = 72;

impl Form {
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = WIDTH.min(area.width);
        // Inside the borders, less a column of slack so nothing wraps unexpectedly.
        let room = usize::from(width.saturating_sub(3)).max(10);
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(0)
            .max(8);
        let blocks: Vec<Vec<Line>> = self
            .fields
            .iter()
            .enumerate()
            .map(|(at, field)| self.field_lines(at, field, label_width, room, theme))
            .collect();
        let mut footer = Vec::new();
        for note in &self.notes {
            for (i, part) in wrap_words(&format!("⚠ {note}"), room.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let indent = if i == 0 { " " } else { "   " };
                footer.push(Line::styled(format!("{indent}{part}"), theme.warning()));
            }
        }
        if let Some(question) = &self.asking {
            for part in wrap_words(&format!("? {question}"), room) {
                footer.push(Line::styled(format!(" {part}"), theme.warning()));
            }
        }
        for part in wrap_words(&self.keys_line(room), room) {
            let style = if self.leaving {
                theme.warning()
            } else {
                theme.dim()
            };
            footer.push(Line::styled(format!(" {part}"), style));
        }
        let wanted = blocks.iter().map(Vec::len).sum::<usize>() + footer.len() + 2;
        let height = u16::try_from(wanted).unwrap_or(u16::MAX).min(area.height);
        let inner = open_window(area, width, height, &self.title, theme, buf);
        // On a short terminal only some fields fit: show a run of them that includes the one
        // being typed in, with its suggestions.
        let budget = usize::from(inner.height)
            .saturating_sub(footer.len())
            .max(1);
        let focus = self.focus.min(blocks.len().saturating_sub(1));
        let mut first = 0;
        while first < focus && blocks[first..=focus].iter().map(Vec::len).sum::<usize>() > budget {
            first += 1;
        }
        let mut lines = Vec::new();
        for block in blocks.into_iter().skip(first) {
            if !lines.is_empty() && lines.len() + block.len() > budget {
                break;
            }
            lines.extend(block);
        }
        lines.extend(footer);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }

    /// The keys that work now, after how many fields need attention once a save was refused.
    fn keys_line(&self, room: usize) -> String {
        if self.leaving {
            return "Leave without saving what was typed? Esc or y leaves · any other key goes \
                    back to the form"
                .to_string();
        }
        let counted = match self.faults() {
            _ if !self.tried => None,
            0 => None,
            1 => Some("1 field needs attention".to_string()),
            n => Some(format!("{n} fields need attention")),
        };
        let submit = self.submit;
        let several = matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Several(_))
        );
        let takes = if several {
            "→ adds · Tab adds, moves on"
        } else {
            "Tab/→ takes it"
        };
        // Said in words as well as marked, for terminals that show reverse video faintly.
        // ← → choose only in a field of choices; elsewhere they move along what is typed.
        let choosing = matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Choice(_))
        );
        let replaces = if self.replaces_on_typing() {
            " · typing replaces it"
        } else if choosing {
            " · ←→ choose"
        } else {
            ""
        };
        let line = match (&counted, self.offered_count() > 0) {
            (None, true) => format!("↑↓ choose · {takes} · Enter {submit}s · Esc leaves"),
            (None, false) => {
                format!("Enter {submit}s · Tab/↑↓ move{replaces} · Esc leaves")
            }
            (Some(count), true) => format!("{count} · ↑↓ choose · {takes} · Esc leaves"),
            (Some(count), false) if self.replaces_on_typing() => {
                format!("{count}{replaces} · Tab/↑↓ move · Esc leaves")
            }
            (Some(count), false) => format!("{count} · Enter {submit}s · Tab/↑↓ move · Esc leaves"),
        };
        // Kept to one line beside the count: the longest wording gives way to a shorter one.
        match counted {
            Some(count) if line.chars().count() > room.saturating_sub(1) => {
                if self.offered_count() > 0 {
                    format!("{count} · ↑↓ choose · {takes}")
                } else {
                    format!("{count} · Tab/↑↓ move · Esc leaves")
                }
            }
            _ => line,
        }
    }

    /// A field's lines: its label and value (with what a date or time was read as), then its
    /// suggestions while it is typed in, or its fault, or a blank line.
    fn field_lines(
        &self,
        at: usize,
        field: &Field,
        label_width: usize,
        room: usize,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let focused = at == self.focus;
        let indent = " ".repeat(label_width + 1);
        let value = match &field.kind {
            FieldKind::Choice(_) => format!("‹ {} ›", field.value),
            _ if focused => format!("{}▏", field.value),
            _ => field.value.clone(),
        };
        let under = room.saturating_sub(label_width + 1).max(10);
        // Long values are wrapped here, under the value rather than back at the labels' edge,
        // so the window knows how many lines it needs and the keys line is never cut off.
        let parts = wrap_hard(&value, under);
        let last = parts.len().saturating_sub(1);
        let mut lines = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            let mut spans = vec![if i == 0 {
                Span::styled(
                    format!("{:>label_width$} ", field.label),
                    if focused { theme.key() } else { theme.dim() },
                )
            } else {
                Span::raw(indent.clone())
            }];
            if focused && self.replaces_on_typing() {
                // Marked as a selection is: what is typed next replaces it.
                let (text, cursor) = match part.strip_suffix('▏') {
                    Some(text) => (text, "▏"),
                    None => (part.as_str(), ""),
                };
                spans.push(Span::styled(
                    text.to_string(),
                    ratatui::style::Style::default()
                        .add_modifier(ratatui::style::Modifier::REVERSED),
                ));
                spans.push(Span::raw(cursor.to_string()));
            } else {
                spans.push(Span::raw(part));
            }
            if i == last {
                if let Some(read) = field.understood() {
                    spans.push(Span::styled(format!("  {read}"), theme.dim()));
                }
            }
            lines.push(Line::from(spans));
        }
        if focused {
            let (suggestions, new) = self.offered();
            if !suggestions.is_empty() || new.is_some() {
                let chosen = self
                    .highlight
                    .min(suggestions.len() + usize::from(new.is_some()) - 1);
                for (i, option) in suggestions.iter().enumerate() {
                    let (mark, style) = if i == chosen {
                        ("▸ ", theme.key())
                    } else {
                        ("  ", theme.dim())
                    };
                    let shown: String = option.chars().take(under.saturating_sub(2)).collect();
                    lines.push(Line::styled(format!("{indent}{mark}{shown}"), style));
                }
                if let Some((noun, typed)) = new {
                    let mark = if chosen == suggestions.len() {
                        "▸ "
                    } else {
                        "  "
                    };
                    let shown: String = format!("new {noun} “{typed}”")
                        .chars()
                        .take(under.saturating_sub(2))
                        .collect();
                    lines.push(Line::styled(
                        format!("{indent}{mark}{shown}"),
                        theme.warning(),
                    ));
                }
                return lines;
            }
        }
        if let (true, Some(letter)) = (focused, self.missed) {
            let said = format!("no choice starts with “{letter}”: ← → choose; type a first letter");
            for part in wrap_words(&said, under) {
                lines.push(Line::styled(format!("{indent}{part}"), theme.warning()));
            }
            return lines;
        }
        // A fault shows once the field has been typed in or a save was tried; a rule's fault
        // shows once a field it reads has been typed in, as a date moved past its end.
        let problem = self.problem(at).filter(|_| {
            self.tried
                || (focused && self.opened_with.get(at) != Some(&field.value))
                || (field.problem().is_none() && self.changed())
        });
        if let Some(p) = problem {
            for part in wrap_words(&p, under) {
                lines.push(Line::styled(format!("{indent}{part}"), theme.alarm()));
            }
            return lines;
        }
        lines.push(match field.new_name() {
            Some((noun, _)) if self.is_agreed(at) => Line::styled(
                format!("{indent}a new {noun}, created when you save"),
                theme.warning(),
            ),
            Some((noun, _)) => Line::styled(
                format!("{indent}a new {noun}: Enter asks before creating it"),
                theme.warning(),
            ),
            _ => Line::raw(""),
        });
        lines
    }
}
