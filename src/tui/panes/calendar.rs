//! The sessions pane's month view (`c`): the month as a grid, Monday first, each day with how
//! many sessions it holds, today and the chosen day marked, and the chosen day's sessions below.

use super::Context;
use crate::domain::ids::SessionId;
use crate::domain::sessions::schedule::{month_weeks, shift_months};
use crate::domain::shift_date;
use crate::tui::action::Action;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthView {
    /// The chosen day; the grid shows its month.
    pub day: NaiveDate,
}

impl MonthView {
    /// Moves the chosen day: a day with ← →, a week with ↑ ↓, a month with PgUp PgDn.
    pub fn apply(&mut self, action: Action) -> bool {
        let day = match action {
            Action::PreviousDay => shift_date(self.day, -1),
            Action::NextDay => shift_date(self.day, 1),
            Action::Up => shift_date(self.day, -7),
            Action::Down => shift_date(self.day, 7),
            Action::PageUp => shift_months(self.day, -1),
            Action::PageDown => shift_months(self.day, 1),
            _ => return false,
        };
        let moved = day != self.day;
        self.day = day;
        moved
    }

    /// `by_day`: the sessions in view on each day, cancelled ones left out, worked out when
    /// the sessions change rather than on every frame.
    pub fn render(
        &self,
        area: Rect,
        buf: &mut Buffer,
        ctx: &Context,
        by_day: &BTreeMap<NaiveDate, Vec<SessionId>>,
    ) {
        let theme = ctx.theme;
        let today = ctx.now.today();
        let cell = usize::from(area.width / 7).clamp(4, 12);
        let mut lines = vec![Line::styled(
            self.day.format(" %B %Y").to_string(),
            theme.header(),
        )];
        lines.push(Line::styled(
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                .iter()
                .map(|d| format!("{d:<cell$}"))
                .collect::<String>(),
            theme.dim(),
        ));
        for week in month_weeks(self.day) {
            let spans: Vec<Span> = week
                .iter()
                .map(|day| {
                    let Some(day) = day else {
                        return Span::raw(" ".repeat(cell));
                    };
                    let n = by_day.get(day).map_or(0, Vec::len);
                    let marks = match n {
                        0 => String::new(),
                        n => format!("•{n}"),
                    };
                    let text = format!("{:>2} {marks:<w$}", day.format("%-d"), w = cell - 3);
                    let mut style = if n > 0 {
                        theme.key()
                    } else {
                        ratatui::style::Style::default()
                    };
                    if *day == today {
                        style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
                    }
                    if *day == self.day {
                        style = theme.selected();
                    }
                    Span::styled(text, style)
                })
                .collect();
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
        let chosen = by_day.get(&self.day).cloned().unwrap_or_default();
        lines.push(Line::styled(
            format!(
                " {} · {}",
                self.day.format("%A %-d %B"),
                match chosen.len() {
                    0 => "no sessions".to_string(),
                    n => crate::domain::count::count(n, "session"),
                }
            ),
            theme.header(),
        ));
        let mut sessions: Vec<_> = chosen
            .iter()
            .filter_map(|id| ctx.data.sessions.get(id))
            .collect();
        sessions.sort_by_key(|s| (s.start, s.id));
        for s in sessions {
            let place = ctx
                .data
                .session_place(s)
                .unwrap_or_else(|| "no venue yet".to_string());
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {}–{} ", s.start.format("%H:%M"), s.end().format("%H:%M")),
                    theme.dim(),
                ),
                Span::raw(format!("{} · {place}", s.title)),
            ]));
        }
        lines.push(Line::styled(
            " ← → day · ↑ ↓ week · PgUp PgDn month · Esc agenda",
            theme.dim(),
        ));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }
}
