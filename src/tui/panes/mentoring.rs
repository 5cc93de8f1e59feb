//! Pane 2: each participant's mentor or proposal with its score, the selected pair's score
//! broken down, and how loaded the mentors are.

use super::{Context, PaneId, pane_block, side_by_side, stacked};
use crate::domain::ids::{MatchId, ParticipantId};
use crate::domain::mentoring::MatchState;
use crate::domain::mentors::{MentorLoad, live_matches, mentor_loads};
use crate::domain::roster::CohortFilter;
use crate::domain::snapshot::Snapshot;
use crate::tui::action::Action;
use crate::tui::widgets::listing::{ListRow, Listing};
use crate::tui::widgets::table::{Column, ListingTable, col};
use crate::tui::widgets::text::{bar, fit};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Widget, Wrap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentoringRow {
    pub participant: ParticipantId,
    pub name: String,
    pub organisation: String,
    pub mentor: Option<String>,
    pub mentor_organisation: Option<String>,
    pub state: Option<&'static str>,
    pub score: Option<i32>,
    pub matched: Option<MatchId>,
}

impl ListRow for MentoringRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {}",
            self.name,
            self.organisation,
            self.mentor.as_deref().unwrap_or("unmatched"),
            self.state.unwrap_or("")
        )
    }

    fn identity(&self) -> u64 {
        self.participant.0
    }
}

/// Participants who have, or need, a mentor: everyone with a live match and everyone enrolled
/// or active. Unmatched people come first, as they need attention.
pub fn mentoring_rows(data: &Snapshot, filter: CohortFilter) -> Vec<MentoringRow> {
    let live = live_matches(data);
    let mut rows: Vec<MentoringRow> = data
        .participants
        .values()
        .filter(|p| filter.admits(p.cohort))
        .filter(|p| live.contains_key(&p.id) || p.stage().needs_mentor())
        .map(|p| {
            let m = live.get(&p.id);
            let mentor = m.and_then(|m| data.q_members.get(&m.q_member));
            MentoringRow {
                participant: p.id,
                name: p.name.clone(),
                organisation: data.organisation_name(p.organisation).to_string(),
                mentor: mentor.map(|q| q.name.clone()),
                mentor_organisation: mentor
                    .map(|q| data.organisation_name(q.organisation).to_string()),
                state: m.map(|m| m.state.label()),
                score: m.map(|m| m.score.total()),
                matched: m.map(|m| m.id),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.mentor
            .is_some()
            .cmp(&b.mentor.is_some())
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

#[derive(Debug, Default)]
pub struct MentoringPane {
    pub listing: Listing<MentoringRow>,
    loads: Vec<MentorLoad>,
    /// Counted when the rows change, not on every frame.
    unmatched: usize,
}

const COLUMNS: [Column; 5] = [
    col("Participant", Constraint::Fill(3)),
    col("Organisation", Constraint::Fill(3)),
    col("Mentor", Constraint::Fill(3)),
    col("State", Constraint::Length(9)),
    col("Score", Constraint::Length(5)),
];

const NARROW_COLUMNS: [Column; 4] = [
    col("Participant", Constraint::Fill(3)),
    col("Mentor", Constraint::Fill(3)),
    col("State", Constraint::Length(9)),
    col("Score", Constraint::Length(5)),
];

impl MentoringPane {
    pub fn refresh(&mut self, data: &Snapshot, filter: CohortFilter) {
        let rows = mentoring_rows(data, filter);
        self.unmatched = rows.iter().filter(|r| r.mentor.is_none()).count();
        self.listing.replace_rows(rows);
        self.loads = mentor_loads(data);
    }

    pub fn apply(&mut self, action: Action) -> bool {
        self.listing.apply(action)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let extra = format!("{} without a mentor", self.unmatched);
        let block = pane_block(PaneId::Mentoring, ctx, self.listing.filter(), &extra);
        let inner = block.inner(area);
        block.render(area, buf);
        let (main, side) = side_by_side(inner, 46, 56);
        let (table, strip) = match side {
            Some(_) => (main, None),
            None => stacked(inner, 6, 8),
        };
        let wide = table.width >= 80;
        ListingTable {
            listing: &self.listing,
            columns: if wide { &COLUMNS } else { &NARROW_COLUMNS },
            cells: |r: &MentoringRow| {
                let mentor = match &r.mentor {
                    Some(name) => Cell::from(name.clone()),
                    None => Cell::from("— no mentor yet").style(ctx.theme.warning()),
                };
                let state = Cell::from(r.state.unwrap_or(""));
                let score = Cell::from(r.score.map_or(String::new(), |s| format!("{s:>5}")));
                if wide {
                    vec![
                        Cell::from(r.name.clone()),
                        Cell::from(r.organisation.clone()),
                        mentor,
                        state,
                        score,
                    ]
                } else {
                    vec![Cell::from(r.name.clone()), mentor, state, score]
                }
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "Nobody in this cohort needs a mentor. [ and ] choose another cohort.",
        }
        .render(table, buf);
        if let Some(side) = side {
            let (pair, loads) = stacked(side, 10, 10);
            self.render_pair(pair, Borders::LEFT | Borders::TOP, buf, ctx);
            if let Some(loads) = loads {
                self.render_loads(loads, buf, ctx);
            }
        } else if let Some(strip) = strip {
            self.render_pair(strip, Borders::TOP, buf, ctx);
        }
    }

    /// The selected participant's match: the score broken down and the check-ins.
    fn render_pair(&self, area: Rect, borders: Borders, buf: &mut Buffer, ctx: &Context) {
        let block = Block::default()
            .borders(borders)
            .border_style(ctx.theme.dim());
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(row) = self.listing.selected_row() else {
            return;
        };
        let theme = ctx.theme;
        let mut lines = vec![Line::styled(row.name.clone(), theme.header())];
        let found = row.matched.and_then(|id| ctx.data.matches.get(&id));
        match found {
            None => lines.push(Line::styled(
                "No mentor yet: matching will propose one.",
                theme.warning(),
            )),
            Some(m) => {
                lines.push(Line::from(vec![
                    Span::styled("Mentor  ", theme.dim()),
                    Span::raw(format!(
                        "{} · {}",
                        row.mentor.clone().unwrap_or_default(),
                        row.mentor_organisation.clone().unwrap_or_default()
                    )),
                ]));
                let state = match &m.state {
                    MatchState::Proposed => {
                        format!("proposed {}", m.proposed_on.format("%-d %b %Y"))
                    }
                    MatchState::Confirmed { on } => format!("confirmed {}", on.format("%-d %b %Y")),
                    MatchState::Ended { on, reason } => {
                        format!("ended {} ({reason})", on.format("%-d %b %Y"))
                    }
                };
                let lock = if m.locked { " · locked" } else { "" };
                lines.push(Line::from(vec![
                    Span::styled("State   ", theme.dim()),
                    Span::raw(format!("{state}{lock}")),
                ]));
                lines.push(Line::from(vec![
                    Span::styled("Score   ", theme.dim()),
                    Span::styled(m.score.total().to_string(), theme.header()),
                ]));
                for part in &m.score.parts {
                    let sign = if part.points < 0 { "−" } else { "+" };
                    lines.push(Line::from(vec![
                        Span::styled(
                            format!("{:>4} ", format!("{sign}{}", part.points.unsigned_abs())),
                            if part.points < 0 {
                                theme.warning()
                            } else {
                                theme.good()
                            },
                        ),
                        Span::raw(part.detail.clone()),
                    ]));
                }
                if !m.check_ins.is_empty() {
                    lines.push(Line::styled("Check-ins", theme.header()));
                    for c in m.check_ins.iter().rev() {
                        let met = if c.met { "met" } else { "missed" };
                        lines.push(Line::raw(format!(
                            "{} {met}: {}",
                            c.on.format("%-d %b"),
                            c.note
                        )));
                    }
                }
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }

    fn render_loads(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let block = Block::default()
            .borders(Borders::LEFT | Borders::TOP)
            .border_style(ctx.theme.dim())
            .title(Span::styled(" Mentor load ", ctx.theme.header()));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let room = usize::from(inner.height);
        let lines: Vec<Line> = self
            .loads
            .iter()
            .filter(|l| l.mentees > 0 || l.capacity > 0)
            .take(room)
            .map(|l| {
                let figures = format!(" {}/{}", l.mentees, l.capacity);
                let bar_width = 6;
                let name_width = width.saturating_sub(figures.len() + bar_width + 1);
                let style = if l.over_capacity() {
                    ctx.theme.alarm()
                } else if l.capacity > 0 && l.mentees == l.capacity {
                    ctx.theme.warning()
                } else {
                    ratatui::style::Style::default()
                };
                Line::from(vec![
                    Span::raw(format!("{:<name_width$} ", fit(&l.name, name_width))),
                    Span::styled(
                        bar(i64::from(l.mentees), i64::from(l.capacity), bar_width),
                        style,
                    ),
                    Span::styled(figures, style),
                ])
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
