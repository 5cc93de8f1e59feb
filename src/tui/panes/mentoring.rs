//! Pane 2: each participant's mentor or proposal with its score, the selected pair's score
//! broken down, and how loaded the mentors are.

use super::candidates::{CandidateRow, CandidateView, score_lines};
use super::{Context, PaneId, pane_block, side_by_side, stacked};
use crate::domain::ids::{MatchId, ParticipantId};
use crate::domain::mentoring::MatchState;
use crate::domain::mentoring::matching::rules::MatchingRules;
use crate::domain::mentoring::matching::run::{
    MatchingRun, ProposalChange, candidates, wants_mentor,
};
use crate::domain::mentoring::mentors::{
    MentorLoad, MentoringCounts, dormant_pairs, live_matches, mentor_loads,
};
use crate::domain::people::roster::CohortFilter;
use crate::domain::snapshot::Snapshot;
use crate::tui::action::Action;
use crate::tui::widgets::listing::{ListRow, Listing, Searchable};
use crate::tui::widgets::table::{Column, ListingTable, col};
use crate::tui::widgets::text::{bar, fit, text_lines};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Widget, Wrap};
use std::collections::{HashMap, HashSet};

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
    /// What the last matching run did for this participant, or why it left them out.
    pub note: Option<RunNote>,
}

/// What the last run of matching (`m`) said about one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunNote {
    /// "new", "was Ada Lovell": the proposal differs from before.
    Changed(String),
    /// Left without a mentor, and why.
    Unmatched(String),
}

impl Searchable for MentoringRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {}",
            self.name,
            self.organisation,
            self.mentor.as_deref().unwrap_or("unmatched"),
            self.state.unwrap_or("")
        )
    }
}

impl ListRow for MentoringRow {
    fn identity(&self) -> u64 {
        self.participant.0
    }
}

/// Participants who have, or need, a mentor: everyone with a live match and everyone matching
/// would place (enrolled, active, or applying to a recruiting cohort). Unmatched people come first, as they need attention. Confirmed pairs that have
/// not met for `dormant_after_weeks` are marked dormant; a locked proposal, locked.
pub fn mentoring_rows(
    data: &Snapshot,
    filter: CohortFilter,
    today: NaiveDate,
    dormant_after_weeks: u32,
) -> Vec<MentoringRow> {
    let live = live_matches(data);
    let dormant: HashSet<ParticipantId> = dormant_pairs(data, today, dormant_after_weeks)
        .into_iter()
        .map(|d| d.participant)
        .collect();
    let mut rows: Vec<MentoringRow> = data
        .participants
        .values()
        .filter(|p| filter.admits(p.cohort))
        .filter(|p| live.contains_key(&p.id) || wants_mentor(data, p, today))
        .map(|p| {
            let m = live.get(&p.id);
            let mentor = m.and_then(|m| data.q_members.get(&m.q_member));
            let state = m.map(|m| match m.state {
                MatchState::Confirmed { .. } if dormant.contains(&p.id) => "dormant",
                MatchState::Proposed if m.locked => "locked",
                _ => m.state.label(),
            });
            MentoringRow {
                participant: p.id,
                name: p.name.clone(),
                organisation: data.organisation_name(p.organisation).to_string(),
                mentor: mentor.map(|q| q.name.clone()),
                mentor_organisation: mentor
                    .map(|q| data.organisation_name(q.organisation).to_string()),
                state,
                score: m.map(|m| m.score.total()),
                matched: m.map(|m| m.id),
                note: None,
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
    /// Confirmed, proposed and without: counted when the rows change, not on every frame.
    counts: MentoringCounts,
    /// What the last run of matching said, by participant, until the cohort changes.
    pub run_notes: HashMap<ParticipantId, RunNote>,
    /// The selected participant's candidates, when open.
    pub candidates: Option<CandidateView>,
}

const COLUMNS: [Column; 6] = [
    col("Participant", Constraint::Fill(3)),
    col("Organisation", Constraint::Fill(3)),
    col("Mentor", Constraint::Fill(3)),
    col("State", Constraint::Length(9)),
    col("Score", Constraint::Length(5)),
    col("Last run", Constraint::Fill(2)),
];

const NARROW_COLUMNS: [Column; 4] = [
    col("Participant", Constraint::Fill(3)),
    col("Mentor", Constraint::Fill(3)),
    col("State", Constraint::Length(9)),
    col("Score", Constraint::Length(5)),
];

impl MentoringPane {
    pub fn refresh(
        &mut self,
        data: &Snapshot,
        filter: CohortFilter,
        today: NaiveDate,
        rules: &MatchingRules,
    ) {
        let weeks = data.dormant_pair_weeks(rules.dormant_after_weeks);
        let mut rows = mentoring_rows(data, filter, today, weeks);
        for row in &mut rows {
            row.note = self.run_notes.get(&row.participant).cloned();
        }
        // Everyone listed has or needs a mentor, so anyone without a live match counts as
        // having neither.
        self.counts = MentoringCounts::of(
            data,
            rows.iter()
                .filter_map(|r| data.participants.get(&r.participant)),
            |_| true,
        );
        self.listing.replace_rows(rows);
        self.loads = mentor_loads(data);
        if let Some(view) = &self.candidates {
            let participant = view.participant;
            self.open_candidates(data, participant, today, rules);
        }
    }

    /// Remembers what a run of matching did, to show beside each participant.
    pub fn note_run(&mut self, data: &Snapshot, run: &MatchingRun) {
        self.run_notes.clear();
        for p in &run.proposals {
            let said = match p.change {
                ProposalChange::New => "new".to_string(),
                ProposalChange::Same => continue,
                ProposalChange::Moved { from } => format!("was {}", data.q_member_name(from)),
            };
            self.run_notes.insert(p.participant, RunNote::Changed(said));
        }
        for (p, why) in &run.unmatched {
            self.run_notes.insert(*p, RunNote::Unmatched(why.explain()));
        }
    }

    /// Another cohort is in view: the last run's notes and the candidates no longer apply.
    pub fn forget_run(&mut self) {
        self.run_notes.clear();
        self.candidates = None;
    }

    /// Opens (or rebuilds) the ranked candidates for `participant`.
    pub fn open_candidates(
        &mut self,
        data: &Snapshot,
        participant: ParticipantId,
        today: NaiveDate,
        rules: &MatchingRules,
    ) {
        let Some(person) = data.participants.get(&participant) else {
            self.candidates = None;
            return;
        };
        let rows: Vec<CandidateRow> = candidates(data, person, today, rules)
            .into_iter()
            .map(|c| CandidateRow {
                q_member: c.q_member,
                name: data.q_member_name(c.q_member).to_string(),
                organisation: data
                    .q_members
                    .get(&c.q_member)
                    .map_or("?", |q| data.organisation_name(q.organisation))
                    .to_string(),
                score: c.score,
                room: c.room,
                barred: c.barred,
            })
            .collect();
        match &mut self.candidates {
            Some(view) if view.participant == participant => view.listing.replace_rows(rows),
            _ => {
                self.candidates = Some(CandidateView {
                    participant,
                    listing: Listing::new(rows),
                })
            }
        }
    }

    pub fn apply(&mut self, action: Action) -> bool {
        if let Some(view) = &mut self.candidates {
            if action == Action::Back {
                self.candidates = None;
                return true;
            }
            return view.listing.apply(action);
        }
        self.listing.apply(action)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        if let Some(view) = &self.candidates {
            view.render(area, buf, ctx);
            return;
        }
        // A proposal nobody has accepted is not a mentor: the header keeps them apart.
        let c = self.counts;
        let extra = match (c.confirmed, c.proposed) {
            (0, 0) => format!("{} without a mentor", c.none),
            _ => format!(
                "{} confirmed · {} proposed · {} without a mentor",
                c.confirmed, c.proposed, c.none
            ),
        };
        let block = pane_block(
            PaneId::Mentoring,
            ctx,
            self.listing.filter(),
            &extra,
            area.width,
        );
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
                let state = Cell::from(r.state.unwrap_or("")).style(match r.state {
                    Some("dormant") => ctx.theme.warning(),
                    Some("proposed" | "locked") => ctx.theme.key(),
                    _ => ratatui::style::Style::default(),
                });
                let score = Cell::from(r.score.map_or(String::new(), |s| format!("{s:>5}")));
                if wide {
                    let note = match &r.note {
                        Some(RunNote::Changed(said)) => Cell::from(said.clone()),
                        Some(RunNote::Unmatched(_)) => {
                            Cell::from("unmatched: see why").style(ctx.theme.warning())
                        }
                        None => Cell::from(""),
                    };
                    vec![
                        Cell::from(r.name.clone()),
                        Cell::from(r.organisation.clone()),
                        mentor,
                        state,
                        score,
                        note,
                    ]
                } else {
                    vec![Cell::from(r.name.clone()), mentor, state, score]
                }
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "Nobody here needs a mentor yet: add participants in 1 (n), then m matches.",
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
            None => match &row.note {
                Some(RunNote::Unmatched(why)) => {
                    lines.push(Line::styled("Unmatched by the last run:", theme.warning()));
                    lines.push(Line::raw(why.clone()));
                    lines.push(Line::styled(
                        "Enter lists the candidates to choose from.",
                        theme.dim(),
                    ));
                }
                _ => lines.push(Line::styled(
                    "No mentor yet: m proposes one, Enter lists the candidates.",
                    theme.warning(),
                )),
            },
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
                if borders == Borders::TOP {
                    // A strip has room for a sentence, not a line per part.
                    lines.push(Line::from(vec![
                        Span::styled(format!("Score {}  ", m.score.total()), theme.header()),
                        Span::raw(m.score.explain()),
                    ]));
                } else {
                    lines.push(Line::from(vec![
                        Span::styled("Score   ", theme.dim()),
                        Span::styled(m.score.total().to_string(), theme.header()),
                    ]));
                    lines.extend(score_lines(&m.score, ctx));
                }
                if let Some(RunNote::Changed(said)) = &row.note {
                    lines.push(Line::from(vec![
                        Span::styled("Last run ", theme.dim()),
                        Span::raw(said.clone()),
                    ]));
                }
                if !m.check_ins.is_empty() {
                    lines.push(Line::styled("Check-ins", theme.header()));
                    for c in m.check_ins.iter().rev() {
                        let met = if c.met { "met" } else { "missed" };
                        let when = format!("{} {met}: ", c.on.format("%-d %b"));
                        lines.extend(text_lines(vec![Span::raw(when)], &c.note));
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
