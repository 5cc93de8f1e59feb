//! Every problem of a refused file, in a window that scrolls (`:import` of a file with many
//! wrong rows): each problem whole, wrapped to the window, never only the first one cut off.

use super::action::Action;
use super::theme::Theme;
use super::widgets::overlay::open_window;
use super::widgets::text::wrapped_lines;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::cell::Cell;

#[derive(Debug, Clone)]
pub struct ProblemsView {
    /// "12 problems in people.csv; nothing was imported".
    pub title: String,
    /// One problem each, naming its file, line and column.
    pub problems: Vec<String>,
    /// The first problem shown.
    pub top: usize,
    /// How many problems the last drawing showed whole: one page for PgUp and PgDn.
    page: Cell<usize>,
}

impl ProblemsView {
    /// The window for `report`, a refusal's text: one problem a line, then the line that
    /// counts them. `None` when there is no list to show (a single line says it all).
    pub fn of(report: &str) -> Option<ProblemsView> {
        let mut lines: Vec<String> = report
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if lines.len() < 2 {
            return None;
        }
        let title = lines.pop().unwrap_or_default();
        Some(ProblemsView {
            title,
            problems: lines,
            top: 0,
            page: Cell::new(1),
        })
    }

    /// Scrolls; returns whether anything moved.
    pub fn apply(&mut self, action: Action) -> bool {
        let last = self.problems.len().saturating_sub(1);
        let page = self.page.get().max(1);
        let before = self.top;
        self.top = match action {
            Action::Up => self.top.saturating_sub(1),
            Action::Down => (self.top + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageUp => self.top.saturating_sub(page),
            Action::PageDown => (self.top + page).min(last),
            _ => self.top,
        };
        before != self.top
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = area.width.saturating_sub(4).max(area.width.min(20));
        let height = area.height.saturating_sub(2).max(area.height.min(5));
        let inner = open_window(area, width, height, &self.title, theme, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let list_height = usize::from(inner.height.saturating_sub(1)).max(1);
        let columns = usize::from(inner.width);
        // Whole problems that fit from the top; the last may be cut by the window's edge.
        let mut used = 0;
        let mut whole = 0;
        for problem in &self.problems[self.top..] {
            used += wrapped_lines(problem, columns);
            if used > list_height {
                break;
            }
            whole += 1;
        }
        self.page.set(whole.max(1));
        let lines: Vec<Line> = self.problems[self.top..]
            .iter()
            .map(|p| Line::raw(p.as_str()))
            .collect();
        let list = Rect {
            height: inner.height.saturating_sub(1).max(1),
            ..inner
        };
        Paragraph::new(Text::from(lines))
            .wrap(Wrap { trim: true })
            .render(list, buf);
        if inner.height >= 2 {
            let shown = if whole == 0 {
                format!("{} of {}", self.top + 1, self.problems.len())
            } else {
                format!(
                    "{}–{} of {}",
                    self.top + 1,
                    self.top + whole,
                    self.problems.len()
                )
            };
            let foot = Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            };
            Paragraph::new(Line::from(vec![
                Span::styled(format!("Problems {shown}"), theme.dim()),
                Span::raw("  "),
                Span::styled("j k g G PgUp PgDn", theme.key()),
                Span::raw(" scroll  "),
                Span::styled("Esc", theme.key()),
                Span::raw(" closes"),
            ]))
            .render(foot, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(n: usize) -> String {
        let mut text: String = (1..=n)
            .map(|i| {
                format!(
                    "people.csv:{}: column \"email\": not an email address\n",
                    i + 1
                )
            })
            .collect();
        text.push_str(&format!("{n} problems in people.csv; nothing was imported"));
        text
    }

    #[test]
    fn the_last_line_is_the_title_and_every_other_a_problem() {
        let view = ProblemsView::of(&report(3)).expect("a list");
        assert_eq!(view.title, "3 problems in people.csv; nothing was imported");
        assert_eq!(view.problems.len(), 3);
        assert!(ProblemsView::of("people.csv: no such file").is_none());
    }

    #[test]
    fn scrolling_stops_at_either_end() {
        let mut view = ProblemsView::of(&report(40)).expect("a list");
        assert!(!view.apply(Action::Up));
        assert!(view.apply(Action::Bottom));
        assert_eq!(view.top, 39);
        assert!(!view.apply(Action::Down));
        view.apply(Action::Top);
        view.page.set(10);
        view.apply(Action::PageDown);
        assert_eq!(view.top, 10);
        view.apply(Action::PageUp);
        assert_eq!(view.top, 0);
    }
}
