//! Marking who came to a session (`t` on the sessions pane): one key per person, the cursor
//! moving on after each, and apologies handing a freed place to the first person waiting.
//! Nothing is saved until Enter, as one change.

use super::theme::Theme;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::clashes::places;
use crate::domain::ids::ParticipantId;
use crate::domain::registration::{mark, register, send_apologies, taken, waiting};
use crate::domain::sessions::{Attendance, Session};
use crate::domain::snapshot::Snapshot;
use crate::tui::widgets::overlay::open_window;
use crate::tui::widgets::text::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub struct AttendanceView {
    /// The session as marked so far.
    pub session: Session,
    original: Session,
    places: Option<u32>,
    names: Vec<(ParticipantId, String)>,
    pub cursor: usize,
    /// What the last key did beyond the mark itself ("Bea Ng takes the freed place").
    pub said: Option<String>,
}

impl AttendanceView {
    pub fn new(data: &Snapshot, session: &Session) -> AttendanceView {
        let names = session
            .invitees
            .iter()
            .map(|i| {
                (
                    i.participant,
                    data.participant_name(i.participant).to_string(),
                )
            })
            .collect();
        AttendanceView {
            session: session.clone(),
            original: session.clone(),
            places: places(data, session),
            names,
            cursor: 0,
            said: None,
        }
    }

    fn selected(&self) -> Option<ParticipantId> {
        self.names.get(self.cursor).map(|(id, _)| *id)
    }

    fn name(&self, id: ParticipantId) -> &str {
        self.names
            .iter()
            .find(|(p, _)| *p == id)
            .map_or("?", |(_, n)| n.as_str())
    }

    pub fn move_cursor(&mut self, down: bool) -> bool {
        let last = self.names.len().saturating_sub(1);
        let next = if down {
            (self.cursor + 1).min(last)
        } else {
            self.cursor.saturating_sub(1)
        };
        let moved = next != self.cursor;
        self.cursor = next;
        moved
    }

    /// To the first person, or the last.
    pub fn move_to_end(&mut self, last: bool) -> bool {
        let to = if last {
            self.names.len().saturating_sub(1)
        } else {
            0
        };
        let moved = to != self.cursor;
        self.cursor = to;
        moved
    }

    /// Marks the selected person and moves on to the next.
    pub fn set(&mut self, attendance: Attendance) -> bool {
        let Some(person) = self.selected() else {
            return false;
        };
        self.said = match attendance {
            Attendance::Apologies => send_apologies(&mut self.session, person, self.places)
                .map(|promoted| format!("{} takes the freed place", self.name(promoted))),
            Attendance::Registered => match register(&mut self.session, person, self.places) {
                Attendance::Waiting => Some(format!(
                    "Every place is taken: {} is number {} on the waiting list",
                    self.name(person),
                    waiting(&self.session).len()
                )),
                _ => None,
            },
            other => {
                mark(&mut self.session, person, other);
                None
            }
        };
        // Registering may move someone to the back of the line: keep names in list order.
        let order: Vec<ParticipantId> = self
            .session
            .invitees
            .iter()
            .map(|i| i.participant)
            .collect();
        self.names
            .sort_by_key(|(id, _)| order.iter().position(|p| p == id));
        self.move_cursor(true);
        true
    }

    /// The change marking asks for, and what to say once saved; `None` when nothing changed.
    pub fn change(&self, data: &Snapshot) -> Option<(Change, String)> {
        if self.session == self.original {
            return None;
        }
        let s = &self.session;
        let done = format!(
            "Saved attendance for {}: {} attended, {} apologies, {}",
            s.title,
            s.count(Attendance::Attended),
            s.count(Attendance::Apologies),
            crate::domain::count::count(s.count(Attendance::NoShow), "no-show")
        );
        Some((
            Change::Edit {
                based_on: data.revisions.get(&RecordKey::Session(s.id)).map(|r| r.seq),
                record: Record::Session(s.clone()),
            },
            done,
        ))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let s = &self.session;
        let places = self.places.map_or("no limit".to_string(), |p| {
            format!("{} of {p} places", taken(s))
        });
        let title = format!("Attendance: {} · {}", s.title, s.start.format("%a %-d %b"));
        let inner = open_window(area, 64, self.names.len() as u16 + 6, &title, theme, buf);
        let mut lines = vec![Line::styled(
            format!(
                " {places} · {} attended · {} waiting",
                s.count(Attendance::Attended),
                waiting(s).len()
            ),
            theme.dim(),
        )];
        let room = usize::from(inner.height.saturating_sub(3)).max(1);
        let first = (self.cursor + 1).saturating_sub(room);
        let name_width = usize::from(inner.width).saturating_sub(18);
        for (i, (id, name)) in self.names.iter().enumerate().skip(first).take(room) {
            let mark = s
                .invitees
                .iter()
                .find(|inv| inv.participant == *id)
                .map_or(Attendance::Invited, |inv| inv.attendance);
            let style = match mark {
                Attendance::Attended => theme.good(),
                Attendance::NoShow => theme.alarm(),
                Attendance::Apologies | Attendance::Waiting => theme.warning(),
                _ => ratatui::style::Style::default(),
            };
            let pointer = if i == self.cursor { "▶ " } else { "  " };
            lines.push(Line::from(vec![
                Span::raw(pointer),
                Span::raw(format!("{:<name_width$} ", fit(name, name_width))),
                Span::styled(mark.label(), style),
            ]));
        }
        if self.names.is_empty() {
            lines.push(Line::styled(
                " Nobody is invited to this session.",
                theme.dim(),
            ));
        }
        lines.push(match &self.said {
            Some(said) => Line::styled(format!(" {said}"), theme.key()),
            None => Line::raw(""),
        });
        lines.push(Line::styled(
            " a attended · p apologies · n no-show · Enter saves",
            theme.dim(),
        ));
        Paragraph::new(lines).render(inner, buf);
    }
}
