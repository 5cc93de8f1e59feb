//! Pane 1: the participants of the selected cohort, one person's detail, and the cohort mix.

use super::funnel::{FUNNEL_HEIGHT, render_funnel};
use super::registers::{Registers, RosterList, marked_name};
use super::{Context, PaneId, pane_block, side_by_side, stacked};
use crate::domain::people::PersonRef;
use crate::domain::people::funnel::{Funnel, funnel};
use crate::domain::people::mix::{CohortMix, Spread};
use crate::domain::people::pathway::{PathwayStage, QReadiness, ReadinessItem};
use crate::domain::people::roster::{
    CohortFilter, RosterFilter, RosterRow, RosterSort, mix, roster, sort_rows,
};
use crate::domain::sessions::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use crate::tui::action::Action;
use crate::tui::widgets::listing::{ListRow, Listing, Searchable};
use crate::tui::widgets::table::{Column, ListingTable, col};
use crate::tui::widgets::text::{fit, one_line, text_lines};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Widget, Wrap};

impl Searchable for RosterRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.name,
            self.organisation,
            self.profession,
            self.project,
            self.stage.label()
        )
    }
}

impl ListRow for RosterRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

#[derive(Debug, Default)]
pub struct RosterPane {
    pub listing: Listing<RosterRow>,
    pub sort: RosterSort,
    pub descending: bool,
    mix: Option<CohortMix>,
    /// People per pathway stage in the cohort in view, before any `f` narrowing.
    funnel: Option<Funnel>,
    /// Which list is shown: the participants, or one of the other registers.
    pub list: RosterList,
    pub registers: Registers,
    /// Only this stage, organisation or profession, chosen with `f`.
    pub narrowing: RosterFilter,
}

const COLUMNS: [Column; 6] = [
    col("Name", Constraint::Fill(3)),
    col("Profession", Constraint::Fill(2)),
    col("Organisation", Constraint::Fill(3)),
    col("Stage", Constraint::Length(12)),
    col("Mentor", Constraint::Fill(2)),
    col("Q-ready", Constraint::Length(7)),
];

const NARROW_COLUMNS: [Column; 4] = [
    col("Name", Constraint::Fill(3)),
    col("Organisation", Constraint::Fill(3)),
    col("Stage", Constraint::Length(12)),
    col("Q-ready", Constraint::Length(7)),
];

/// Under `TINY_WIDTH` columns the organisation is left out, so a name is read before a stage.
const TINY_WIDTH: u16 = 60;

const TINY_COLUMNS: [Column; 3] = [
    col("Name", Constraint::Fill(1)),
    col("Stage", Constraint::Length(12)),
    col("Q-ready", Constraint::Length(7)),
];

impl RosterPane {
    pub fn refresh(&mut self, data: &Snapshot, filter: CohortFilter, now: LocalNow) {
        let mut rows = roster(data, filter, now);
        self.funnel = Some(funnel(&rows));
        if !self.narrowing.is_empty() {
            rows.retain(|r| self.narrowing.keeps(r));
        }
        sort_rows(&mut rows, self.sort, self.descending);
        self.listing.replace_rows(rows);
        self.mix = Some(mix(data, filter));
        self.registers.marked = crate::domain::people::duplicate_pairs::marked(data);
        self.registers.refresh(self.list, data, now.today());
    }

    /// Shows `list`, built afresh from `data`.
    pub fn show(&mut self, list: RosterList, data: &Snapshot, today: chrono::NaiveDate) {
        self.list = list;
        self.registers.refresh(list, data, today);
    }

    /// The text filter of the list shown.
    pub fn filter(&self) -> &str {
        match self.list {
            RosterList::Participants => self.listing.filter(),
            other => self.registers.filter(other),
        }
    }

    pub fn set_filter(&mut self, text: &str) {
        match self.list {
            RosterList::Participants => self.listing.set_filter(text),
            other => self.registers.set_filter(other, text),
        }
    }

    pub fn apply(&mut self, action: Action) -> bool {
        if self.list != RosterList::Participants {
            return match action {
                // Esc from another list, once its filter is clear, comes back to the people.
                Action::Back if self.filter().is_empty() => {
                    self.list = RosterList::Participants;
                    true
                }
                other => self.registers.apply(self.list, other),
            };
        }
        match action {
            Action::SortNext | Action::SortReverse => {
                if action == Action::SortNext {
                    self.sort = self.sort.next();
                    self.descending = false;
                } else {
                    self.descending = !self.descending;
                }
                let mut rows = self.listing.rows().to_vec();
                sort_rows(&mut rows, self.sort, self.descending);
                self.listing.replace_rows(rows);
                true
            }
            other => self.listing.apply(other),
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        if self.list != RosterList::Participants {
            let extra = format!(
                "· {} · v next list{}",
                self.registers.count(self.list),
                self.registers.marked.hint()
            );
            let block = pane_block(PaneId::Roster, ctx, self.filter(), &extra, area.width);
            let inner = block.inner(area);
            block.render(area, buf);
            self.registers.render(self.list, inner, buf, ctx);
            return;
        }
        let arrow = if self.descending { "↓" } else { "↑" };
        let only = if self.narrowing.is_empty() {
            String::new()
        } else {
            format!(" · only {}", self.narrowing.describe())
        };
        // The table's width, as `render_table` gets it: sorted by a column it leaves out,
        // the order would look random unless the title says so.
        let inner_width = area.width.saturating_sub(2);
        let main_width = side_by_side(
            Rect {
                width: inner_width,
                ..area
            },
            44,
            60,
        )
        .0
        .width;
        let shown = match self.sort {
            RosterSort::Profession | RosterSort::Mentor => main_width >= 90,
            RosterSort::Organisation => main_width >= TINY_WIDTH,
            _ => true,
        };
        let hidden = if shown {
            ""
        } else {
            " (not a column at this width)"
        };
        let extra = format!(
            "{} · by {}{hidden} {arrow}{only}{}",
            crate::domain::count::count(self.listing.len(), "person"),
            self.sort.label(),
            self.registers.marked.hint()
        );
        let block = pane_block(
            PaneId::Roster,
            ctx,
            self.listing.filter(),
            &extra,
            area.width,
        );
        let inner = block.inner(area);
        block.render(area, buf);
        let (main, side) = side_by_side(inner, 44, 60);
        match side {
            Some(side) => {
                self.render_table(main, buf, ctx);
                // The funnel only where the detail keeps room enough to read it whole.
                let (upper, funnel_area) = if side.height >= FUNNEL_HEIGHT + 12 + 20 {
                    stacked(side, FUNNEL_HEIGHT, 32)
                } else {
                    (side, None)
                };
                let (detail, mix_area) = stacked(upper, 12, 8);
                self.render_selected(detail, buf, ctx);
                if let Some(mix_area) = mix_area {
                    self.render_mix(mix_area, buf, ctx);
                }
                if let (Some(area), Some(funnel)) = (funnel_area, &self.funnel) {
                    render_funnel(funnel, area, buf, ctx);
                }
            }
            None => {
                let (table, strip) = stacked(inner, 7, 8);
                self.render_table(table, buf, ctx);
                if let Some(strip) = strip {
                    self.render_mix(strip, buf, ctx);
                }
            }
        }
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let columns: &[Column] = if area.width >= 90 {
            &COLUMNS
        } else if area.width >= TINY_WIDTH {
            &NARROW_COLUMNS
        } else {
            &TINY_COLUMNS
        };
        let wide = area.width >= 90;
        let tiny = area.width < TINY_WIDTH;
        let marked = &self.registers.marked.people;
        ListingTable {
            listing: &self.listing,
            columns,
            cells: |r: &RosterRow| {
                let name = Cell::from(marked_name(
                    &r.name,
                    marked.contains(&PersonRef::Participant(r.id)),
                ));
                let ready = readiness_cell(&r.readiness, r.alumnus, ctx);
                let stage = Cell::from(r.stage.label()).style(stage_style(r.stage, ctx));
                if wide {
                    vec![
                        name,
                        Cell::from(r.profession.clone()),
                        Cell::from(r.organisation.clone()),
                        stage,
                        Cell::from(r.mentor.clone().unwrap_or_else(|| "—".into())),
                        ready,
                    ]
                } else if tiny {
                    vec![name, stage, ready]
                } else {
                    vec![name, Cell::from(r.organisation.clone()), stage, ready]
                }
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "No participants here yet: n adds one; [ and ] choose another cohort.",
        }
        .render(area, buf);
    }

    fn render_selected(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_style(ctx.theme.dim());
        let inner = block.inner(area);
        block.render(area, buf);
        match self.listing.selected_row() {
            Some(row) => render_detail(row, inner, buf, ctx),
            None => Paragraph::new("").render(inner, buf),
        }
    }

    fn render_mix(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let Some(mix) = &self.mix else { return };
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(ctx.theme.dim())
            .title(Span::styled(" Cohort mix ", ctx.theme.header()));
        let inner = block.inner(area);
        block.render(area, buf);
        let half = inner.width / 2;
        let left = Rect {
            width: half,
            ..inner
        };
        let right = Rect {
            x: inner.x + half,
            width: inner.width - half,
            ..inner
        };
        render_spread("Professions", &mix.professions, left, buf, ctx);
        render_spread("Organisations", &mix.organisations, right, buf, ctx);
    }
}

fn render_spread(title: &str, spread: &Spread, area: Rect, buf: &mut Buffer, ctx: &Context) {
    let width = usize::from(area.width.saturating_sub(1));
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{title} {}", spread.counts.len()),
            ctx.theme.header(),
        ),
        // Evenness and the largest share mean nothing until someone is counted.
        Span::styled(
            if spread.counts.is_empty() {
                " · nobody yet".to_string()
            } else {
                format!(
                    " · even {:.2} · top {}%",
                    spread.evenness(),
                    spread.largest_share_percent()
                )
            },
            ctx.theme.dim(),
        ),
    ])];
    let room = usize::from(area.height.saturating_sub(1));
    for (name, count) in spread.counts.iter().take(room) {
        let count = format!("{count:>3} ");
        let name = fit(name, width.saturating_sub(count.len()));
        lines.push(Line::from(vec![Span::raw(count), Span::raw(name)]));
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if text.chars().count() > width + 1 {
                Line::raw(fit(&text, width))
            } else {
                l
            }
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
}

/// "3/5", and "3/5 ↑Q" for an alumnus: the mark rides in the readiness column, which every
/// width shows and whose figures never take more than three of its seven places.
fn readiness_cell<'a>(readiness: &QReadiness, alumnus: bool, ctx: &Context) -> Cell<'a> {
    let mark = if alumnus { ALUMNUS_MARK } else { "" };
    let text = format!("{}/{}{mark}", readiness.met(), QReadiness::ITEMS);
    let style = if readiness.is_ready() {
        ctx.theme.good()
    } else {
        Style::default()
    };
    Cell::from(text).style(style)
}

/// Beside an alumnus (a participant who joined Q, linked to their Q member record) in the
/// roster and the Q members' list.
pub const ALUMNUS_MARK: &str = " ↑Q";

fn stage_style(stage: PathwayStage, ctx: &Context) -> Style {
    match stage {
        PathwayStage::JoinedQ | PathwayStage::AppliedToQ => ctx.theme.good(),
        PathwayStage::Withdrawn | PathwayStage::Deferred => ctx.theme.dim(),
        _ => Style::default(),
    }
}

/// Everything about one participant: who they are, their project, pathway and Q readiness.
fn render_detail(row: &RosterRow, area: Rect, buf: &mut Buffer, ctx: &Context) {
    Paragraph::new(detail_lines(row, ctx))
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

fn detail_lines<'a>(row: &RosterRow, ctx: &Context) -> Vec<Line<'a>> {
    let Some(p) = ctx.data.participants.get(&row.id) else {
        return Vec::new();
    };
    let theme = ctx.theme;
    let label = |s: &'static str| Span::styled(s, theme.dim());
    let mut lines = vec![
        Line::styled(p.name.clone(), theme.header()),
        Line::from(vec![label("Email     "), Span::raw(p.email.clone())]),
        Line::from(vec![
            label("Role      "),
            Span::raw(format!("{} · {}", row.profession, row.organisation)),
        ]),
        Line::from(vec![
            label("Cohort    "),
            Span::raw(
                row.cohort
                    .map_or("awaiting review".to_string(), |n| format!("Cohort {n}")),
            ),
        ]),
        Line::from(vec![
            label("Mentor    "),
            Span::raw(row.mentor.clone().unwrap_or_else(|| "none yet".into())),
        ]),
    ];
    if let Some(q) = p.nominated_by {
        lines.push(Line::from(vec![
            label("Nominated "),
            Span::raw(ctx.data.q_member_name(q).to_string()),
        ]));
    }
    // A stage without a title says nothing a person can act on; the title is what is missing.
    let project = if p.project.title.trim().is_empty() {
        Span::styled("none yet (e edits the person)", theme.dim())
    } else {
        Span::raw(format!(
            "{} ({})",
            one_line(&p.project.title),
            p.project.stage
        ))
    };
    lines.push(Line::from(vec![label("Project   "), project]));
    if !p.project.topics.is_empty() {
        lines.push(Line::from(vec![
            label("Topics    "),
            Span::raw(p.project.topics.join(", ")),
        ]));
    }
    let r = &row.readiness;
    let attendance = match r.attendance_percent() {
        Some(pct) => format!("{}/{} sessions ({pct}%)", r.attended, r.expected),
        None => "no sessions yet".to_string(),
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Q readiness {}/{}", r.met(), QReadiness::ITEMS),
        theme.header(),
    ));
    lines.push(check_line(
        r.attendance_met(),
        format!("Attendance ≥{}%: {attendance}", r.threshold_percent),
        ctx,
    ));
    for item in ReadinessItem::ALL {
        let tick = p.readiness.iter().find(|t| t.item == item);
        let text = match tick {
            Some(t) => format!("{} ({})", item.label(), t.on.format("%-d %b %Y")),
            None => item.label().to_string(),
        };
        lines.push(check_line(tick.is_some(), text, ctx));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Pathway", theme.header()));
    for change in p.pathway.changes().iter().rev() {
        lines.push(Line::from(vec![
            Span::styled(change.on.format("%e %b %Y  ").to_string(), theme.dim()),
            Span::raw(change.stage.label()),
        ]));
    }
    if !p.project.aim.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Aim", theme.header()));
        lines.extend(text_lines(Vec::new(), &p.project.aim));
    }
    if !p.notes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Notes", theme.header()));
        lines.extend(text_lines(Vec::new(), &p.notes));
    }
    lines
}

fn check_line<'a>(done: bool, text: String, ctx: &Context) -> Line<'a> {
    let (mark, style) = if done {
        ("✓ ", ctx.theme.good())
    } else {
        ("· ", ctx.theme.dim())
    };
    Line::from(vec![Span::styled(mark, style), Span::raw(text)])
}
