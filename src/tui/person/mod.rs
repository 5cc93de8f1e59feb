//! One person's story over the panes: a participant's whole story, or a Q member's read-only
//! view, scrolled with the list keys, `e` to edit, Esc back to where it was opened.

pub mod rows;

use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::people::story::{participant_story, q_member_story};
use crate::domain::sessions::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::overlay::open_window;
use crate::tui::widgets::scroll::wrap_line;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use rows::{Row, Tone, participant_rows, q_member_rows};
use std::cell::Cell;

/// Whose story is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whom {
    Participant(ParticipantId),
    QMember(QMemberId),
}

/// The window is no wider than this: a story reads down, and long lines are hard to follow.
const MOST_WIDTH: u16 = 110;

#[derive(Debug, Clone)]
pub struct PersonView {
    pub whom: Whom,
    /// "Wren Hollis, participant".
    pub title: String,
    rows: Vec<Row>,
    /// The first row shown; drawing holds it to `last_top`.
    top: Cell<usize>,
    /// How many rows the last drawing showed: one page for PgUp and PgDn.
    page: Cell<usize>,
    /// The first row of the last page, as the last drawing found it at its width: rows
    /// that wrap make the last page hold fewer of them.
    last_top: Cell<usize>,
}

impl PersonView {
    /// The story of `whom` as `data` holds it at `now`; `None` when they are not there.
    pub fn open(data: &Snapshot, whom: Whom, now: LocalNow) -> Option<PersonView> {
        let (title, rows) = story_rows(data, whom, now)?;
        Some(PersonView {
            whom,
            title,
            rows,
            top: Cell::new(0),
            page: Cell::new(1),
            last_top: Cell::new(usize::MAX),
        })
    }

    /// The story again from `data` (someone changed something), keeping the place read to.
    /// Returns false when the person is there no more.
    pub fn refresh(&mut self, data: &Snapshot, now: LocalNow) -> bool {
        match story_rows(data, self.whom, now) {
            Some((title, rows)) => {
                self.title = title;
                self.rows = rows;
                self.top.set(self.top.get().min(self.last_top()));
                true
            }
            None => false,
        }
    }

    /// Every row's text, top to bottom, for tests and searches.
    pub fn text(&self) -> Vec<String> {
        self.rows.iter().map(Row::text).collect()
    }

    /// The first row shown.
    pub fn top(&self) -> usize {
        self.top.get()
    }

    /// Until it is drawn, the last row could be the whole of the last page.
    fn last_top(&self) -> usize {
        self.last_top.get().min(self.rows.len().saturating_sub(1))
    }

    /// Scrolls; returns whether anything moved.
    pub fn apply(&mut self, action: Action) -> bool {
        let page = self.page.get().max(1);
        let last = self.last_top();
        let top = self.top.get().min(last);
        let moved = match action {
            Action::Up => top.saturating_sub(1),
            Action::Down => (top + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageUp => top.saturating_sub(page),
            Action::PageDown => (top + page).min(last),
            _ => top,
        };
        self.top.set(moved);
        moved != top
    }

    /// Draws the rows in view only, wrapped to the window: a story of any length costs the
    /// same to draw.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = area.width.min(MOST_WIDTH);
        let inner = open_window(area, width, area.height, &self.title, theme, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let room = usize::from(inner.height.saturating_sub(1)).max(1);
        let columns = usize::from(inner.width);
        // Back from the end, the rows that fill the last page: no more are wrapped than fit.
        let mut used = 0;
        let mut last_top = self.rows.len();
        for row in self.rows.iter().rev() {
            used += wrapped(row, columns, theme).len();
            if used > room && last_top < self.rows.len() {
                break;
            }
            last_top -= 1;
        }
        self.last_top.set(last_top);
        let top = self.top.get().min(last_top);
        self.top.set(top);
        let mut lines: Vec<Line> = Vec::with_capacity(room);
        let mut whole = 0;
        for row in self.rows.iter().skip(top) {
            let wrapped = wrapped(row, columns, theme);
            if lines.len() + wrapped.len() > room && whole > 0 {
                break;
            }
            lines.extend(wrapped);
            whole += 1;
            if lines.len() >= room {
                break;
            }
        }
        lines.truncate(room);
        self.page.set(whole.max(1));
        Paragraph::new(lines).render(
            Rect {
                height: inner.height.saturating_sub(1).max(1),
                ..inner
            },
            buf,
        );
        if inner.height >= 2 {
            let end = (top + whole).min(self.rows.len());
            let place = if top == 0 && end >= self.rows.len() {
                "all shown".to_string()
            } else {
                format!("lines {}–{end} of {}", top + 1, self.rows.len())
            };
            let foot = Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            };
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{place}  "), theme.dim()),
                Span::styled("j k g G", theme.key()),
                Span::raw(" scroll  "),
                Span::styled("e", theme.key()),
                Span::raw(" edit  "),
                Span::styled("Esc", theme.key()),
                Span::raw(" back"),
            ]))
            .render(foot, buf);
        }
    }
}

fn story_rows(data: &Snapshot, whom: Whom, now: LocalNow) -> Option<(String, Vec<Row>)> {
    match whom {
        Whom::Participant(id) => {
            let story = participant_story(data, id, now)?;
            let title = format!("{}, participant", story.contact.name);
            Some((title, participant_rows(&story)))
        }
        Whom::QMember(id) => {
            let story = q_member_story(data, id, now)?;
            let title = format!("{}, Q member", story.contact.name);
            Some((title, q_member_rows(&story)))
        }
    }
}

/// A row broken to `columns`; an indented row's later lines hang under it, so a long
/// session title or note reads as one item.
fn wrapped(row: &Row, columns: usize, theme: &Theme) -> Vec<Line<'static>> {
    const HANG: usize = 4;
    let mut lines = wrap_line(line_of(row, theme), columns);
    let indented = row.0.first().is_some_and(|(t, _)| t.starts_with(' '));
    if !indented || lines.len() < 2 || columns <= 2 * HANG {
        return lines;
    }
    let rest: Vec<Span<'static>> = lines.drain(1..).flat_map(|l| l.spans).collect();
    for mut line in wrap_line(Line::from(rest), columns - HANG) {
        line.spans.insert(0, Span::raw(" ".repeat(HANG)));
        lines.push(line);
    }
    lines
}

fn line_of<'a>(row: &'a Row, theme: &Theme) -> Line<'a> {
    Line::from(
        row.0
            .iter()
            .map(|(text, tone)| Span::styled(text.as_str(), style(*tone, theme)))
            .collect::<Vec<_>>(),
    )
}

fn style(tone: Tone, theme: &Theme) -> Style {
    match tone {
        Tone::Plain => Style::default(),
        Tone::Dim => theme.dim(),
        Tone::Heading => theme.header(),
        Tone::Good => theme.good(),
        Tone::Alarm => theme.alarm(),
    }
}
