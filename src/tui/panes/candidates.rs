//! The mentoring pane's list of candidate mentors for one participant: every Q member who
//! offers mentoring, best first, with why any cannot be chosen and the score broken down.

use super::{Context, PaneId, pane_block, side_by_side, stacked};
use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::mentoring::Score;
use crate::tui::widgets::listing::{ListRow, Listing, Searchable};
use crate::tui::widgets::table::{Column, ListingTable, col};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Widget, Wrap};

/// A Q member offered for the selected participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRow {
    pub q_member: QMemberId,
    pub name: String,
    pub organisation: String,
    pub score: Score,
    pub room: u32,
    pub barred: Option<String>,
}

impl Searchable for CandidateRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {}",
            self.name,
            self.organisation,
            self.score.explain()
        )
    }
}

impl ListRow for CandidateRow {
    fn identity(&self) -> u64 {
        self.q_member.0
    }
}

/// The ranked candidates for one participant.
#[derive(Debug)]
pub struct CandidateView {
    pub participant: ParticipantId,
    pub listing: Listing<CandidateRow>,
}

impl CandidateView {
    /// The ranked candidates for one participant, the selected one's score broken down.
    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let view = self;
        let extra = format!(
            "candidates for {} · Enter proposes them, locked",
            ctx.data.participant_name(view.participant)
        );
        let block = pane_block(
            PaneId::Mentoring,
            ctx,
            view.listing.filter(),
            &extra,
            area.width,
        );
        let inner = block.inner(area);
        block.render(area, buf);
        let (main, side) = side_by_side(inner, 46, 50);
        const WIDE: [Column; 5] = [
            col("Mentor", Constraint::Fill(3)),
            col("Organisation", Constraint::Fill(3)),
            col("Score", Constraint::Length(5)),
            col("Room", Constraint::Length(4)),
            col("Note", Constraint::Fill(2)),
        ];
        const NARROW: [Column; 3] = [
            col("Mentor", Constraint::Fill(3)),
            col("Score", Constraint::Length(5)),
            col("Note", Constraint::Fill(2)),
        ];
        let wide = main.width >= 80;
        let (table, strip) = match side {
            Some(_) => (main, None),
            None => stacked(inner, 6, 8),
        };
        ListingTable {
            listing: &view.listing,
            columns: if wide { &WIDE } else { &NARROW },
            cells: |c: &CandidateRow| {
                let note = match (&c.barred, c.room) {
                    (Some(why), _) => Cell::from(why.clone()).style(ctx.theme.alarm()),
                    (None, 0) => Cell::from("full").style(ctx.theme.warning()),
                    (None, _) => Cell::from(""),
                };
                let score = Cell::from(format!("{:>5}", c.score.total()));
                if wide {
                    vec![
                        Cell::from(c.name.clone()),
                        Cell::from(c.organisation.clone()),
                        score,
                        Cell::from(format!("{:>4}", c.room)),
                        note,
                    ]
                } else {
                    vec![Cell::from(c.name.clone()), score, note]
                }
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "No Q member offers mentoring yet: add one in the roster pane (1, then v).",
        }
        .render(table, buf);
        let Some(detail) = side.or(strip) else {
            return;
        };
        let block = Block::default()
            .borders(if side.is_some() {
                Borders::LEFT
            } else {
                Borders::TOP
            })
            .border_style(ctx.theme.dim());
        let text_area = block.inner(detail);
        block.render(detail, buf);
        let Some(c) = view.listing.selected_row() else {
            return;
        };
        let lines = if side.is_some() {
            let mut lines = vec![
                Line::styled(c.name.clone(), ctx.theme.header()),
                Line::from(vec![
                    Span::styled("Score   ", ctx.theme.dim()),
                    Span::styled(c.score.total().to_string(), ctx.theme.header()),
                ]),
            ];
            lines.extend(score_lines(&c.score, ctx));
            lines
        } else {
            // A strip has room for a sentence, not a line per part.
            vec![
                Line::from(vec![
                    Span::styled(c.name.clone(), ctx.theme.header()),
                    Span::styled(format!("  score {}", c.score.total()), ctx.theme.dim()),
                ]),
                Line::raw(c.score.explain()),
            ]
        };
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(text_area, buf);
    }
}

/// A score's parts, one a line: "+40 same organisation".
pub fn score_lines<'a>(score: &Score, ctx: &Context) -> Vec<Line<'a>> {
    score
        .parts
        .iter()
        .map(|part| {
            let sign = if part.points < 0 { "−" } else { "+" };
            Line::from(vec![
                Span::styled(
                    format!("{:>4} ", format!("{sign}{}", part.points.unsigned_abs())),
                    if part.points < 0 {
                        ctx.theme.warning()
                    } else {
                        ctx.theme.good()
                    },
                ),
                Span::raw(part.detail.clone()),
            ])
        })
        .collect()
}
