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
    /// The first row shown.
    pub top: usize,
    /// How many rows the last drawing showed: one page for PgUp, PgDn and G.
    page: Cell<usize>,
}

impl PersonView {
    /// The story of `whom` as `data` holds it at `now`; `None` when they are not there.
    pub fn open(data: &Snapshot, whom: Whom, now: LocalNow) -> Option<PersonView> {
        let (title, rows) = story_rows(data, whom, now)?;
        Some(PersonView {
            whom,
            title,
            rows,
            top: 0,
            page: Cell::new(1),
        })
    }

    /// The story again from `data` (someone changed something), keeping the place read to.
    /// Returns false when the person is there no more.
    pub fn refresh(&mut self, data: &Snapshot, now: LocalNow) -> bool {
        match story_rows(data, self.whom, now) {
            Some((title, rows)) => {
                self.title = title;
                self.rows = rows;
                self.top = self.top.min(self.last_top());
                true
            }
            None => false,
        }
    }

    /// Every row's text, top to bottom, for tests and searches.
    pub fn text(&self) -> Vec<String> {
        self.rows.iter().map(Row::text).collect()
    }

    fn last_top(&self) -> usize {
        self.rows.len().saturating_sub(self.page.get().max(1))
    }

    /// Scrolls; returns whether anything moved.
    pub fn apply(&mut self, action: Action) -> bool {
        let page = self.page.get().max(1);
        let last = self.last_top();
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
        let mut lines: Vec<Line> = Vec::with_capacity(room);
        let mut whole = 0;
        for row in self.rows.iter().skip(self.top) {
            let wrapped = wrap_line(line_of(row, theme), columns);
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
            let end = (self.top + whole).min(self.rows.len());
            let place = if self.top == 0 && end >= self.rows.len() {
                "all shown".to_string()
            } else {
                format!("lines {}–{end} of {}", self.top + 1, self.rows.len())
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
