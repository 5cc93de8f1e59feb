//! Marking who came to a session (`t` on the sessions pane): people in name order, one key
//! per person, the cursor moving on after each, `A` to mark everyone attended before the few
//! who were not, and apologies handing a freed place to the first person waiting. Nothing is
//! saved until Enter, as one change (which `u` then undoes).

use super::action::Action;
use super::theme::Theme;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::ParticipantId;
use crate::domain::sessions::clashes::places;
use crate::domain::sessions::registration::{mark, register, send_apologies, taken, waiting};
use crate::domain::sessions::{Attendance, Session};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::fold;
use crate::tui::widgets::cursor::Cursor;
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
    /// Everyone invited, in name order as people read it (case and accents aside), which
    /// is how a sign-in sheet is read down: the order never changes while marking.
    names: Vec<(ParticipantId, String)>,
    cursor: Cursor,
    /// The session before each key that marked someone, newest last, so `u` takes back the
    /// last key (everyone marked attended included) before anything is saved.
    marked_before: Vec<(Session, usize)>,
    /// What the last key did beyond the mark itself ("Bea Ng takes the freed place").
    pub said: Option<String>,
    /// `Esc` was pressed with marks not yet saved: the next key answers whether to leave.
    pub leaving: bool,
}

impl AttendanceView {
    pub fn new(data: &Snapshot, session: &Session) -> AttendanceView {
        let mut names: Vec<(ParticipantId, String)> = session
            .invitees
            .iter()
            .map(|i| {
                (
                    i.participant,
                    data.participant_name(i.participant).to_string(),
                )
            })
            .collect();
        names.sort_by_cached_key(|(id, name)| (fold(name), *id));
        AttendanceView {
            session: session.clone(),
            original: session.clone(),
            places: places(data, session),
            names,
            cursor: Cursor::default(),
            marked_before: Vec::new(),
            said: None,
            leaving: false,
        }
    }

    /// The position of the selected person in name order.
    pub fn cursor(&self) -> usize {
        self.cursor.at()
    }

    /// Everyone invited, in the order shown.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|(_, name)| name.as_str())
    }

    /// The person the cursor is on.
    pub fn selected(&self) -> Option<ParticipantId> {
        self.names.get(self.cursor.at()).map(|(id, _)| *id)
    }

    fn name(&self, id: ParticipantId) -> &str {
        self.names
            .iter()
            .find(|(p, _)| *p == id)
            .map_or("?", |(_, n)| n.as_str())
    }

    /// Moves the selection as every list does (`g` `G` included); says whether it moved.
    pub fn apply(&mut self, action: Action) -> bool {
        self.cursor.apply(action, self.names.len())
    }

    fn remember(&mut self) {
        self.marked_before
            .push((self.session.clone(), self.cursor.at()));
    }

    /// Marks everyone invited or registered as attended, leaving apologies, no-shows and the
    /// waiting list as they are: the usual session, where most came, is then the few
    /// exceptions marked by hand. Says whether anyone was marked.
    pub fn everyone_attended(&mut self) -> bool {
        let due: Vec<ParticipantId> = self
            .session
            .invitees
            .iter()
            .filter(|i| matches!(i.attendance, Attendance::Invited | Attendance::Registered))
            .map(|i| i.participant)
            .collect();
        if due.is_empty() {
            self.said = Some("Nobody is left to mark attended.".into());
            return true;
        }
        self.remember();
        for person in &due {
            mark(&mut self.session, *person, Attendance::Attended);
        }
        let n = due.len();
        self.said = Some(format!(
            "{n} marked attended: now p or n for anyone who was not"
        ));
        true
    }

    /// Takes back the last key that marked someone. Says whether there was one.
    pub fn take_back(&mut self) -> bool {
        match self.marked_before.pop() {
            Some((session, at)) => {
                self.session = session;
                self.cursor.set(at, self.names.len());
                self.said = Some("Took back the last mark.".into());
            }
            None => self.said = Some("No mark to take back: nothing is marked yet.".into()),
        }
        true
    }

    /// Marks the selected person and moves on to the next.
    pub fn set(&mut self, attendance: Attendance) -> bool {
        let Some(person) = self.selected() else {
            return false;
        };
        self.remember();
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
        self.cursor.apply(Action::Down, self.names.len());
        true
    }

    /// Whether leaving now would throw marks away.
    pub fn changed(&self) -> bool {
        self.session != self.original
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
            format!(
                "{} of {}",
                taken(s),
                crate::domain::count::count(p as usize, "place")
            )
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
        let (range, selected) = self.cursor.window(room, self.names.len());
        let selected = selected.map(|at| range.start + at);
        let name_width = usize::from(inner.width).saturating_sub(18);
        let queue = waiting(s);
        for (i, (id, name)) in self
            .names
            .iter()
            .enumerate()
            .skip(range.start)
            .take(range.len())
        {
            let mark = s
                .invitees
                .iter()
                .find(|inv| inv.participant == *id)
                .map_or(Attendance::Invited, |inv| inv.attendance);
            // In name order the waiting list's own order is not the rows' order: say it.
            let label = match queue.iter().position(|p| p == id) {
                Some(at) if mark == Attendance::Waiting => format!("waiting, {}", at + 1),
                _ => mark.label().to_string(),
            };
            let style = match mark {
                Attendance::Attended => theme.good(),
                Attendance::NoShow => theme.alarm(),
                Attendance::Apologies | Attendance::Waiting => theme.warning(),
                _ => ratatui::style::Style::default(),
            };
            let pointer = if selected == Some(i) { "▶ " } else { "  " };
            lines.push(Line::from(vec![
                Span::raw(pointer),
                Span::raw(format!("{:<name_width$} ", fit(name, name_width))),
                Span::styled(label, style),
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
        lines.push(if self.leaving {
            Line::styled(
                " Leave without saving? Esc or y leaves · any other key stays",
                theme.warning(),
            )
        } else {
            Line::styled(
                " a attended · A all attended · u take back · ? every key",
                theme.dim(),
            )
        });
        Paragraph::new(lines).render(inner, buf);
    }
}
