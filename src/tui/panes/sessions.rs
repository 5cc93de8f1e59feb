//! Pane 3: the agenda (next first) and past sessions with attendance, and the selected
//! session's detail.

use super::attendance_trend::{TREND_HEIGHT, TrendPoint, render_trend};
use super::calendar::MonthView;
use super::{Context, PaneId, pane_block, side_by_side, stacked};
use crate::domain::ids::SessionId;
use crate::domain::people::roster::CohortFilter;
use crate::domain::report::session_attendance;
use crate::domain::sessions::clashes::{clashes, clashes_with};
use crate::domain::sessions::schedule::{LocalNow, day_label, past, upcoming, week_label};
use crate::domain::sessions::{Attendance, Session, VenueCost};
use crate::domain::snapshot::Snapshot;
use crate::tui::action::Action;
use crate::tui::widgets::listing::{ListRow, Listing, Searchable};
use crate::tui::widgets::table::{Column, ListingTable, col};
use chrono::NaiveDateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Widget, Wrap};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: SessionId,
    pub start: NaiveDateTime,
    pub day: String,
    pub kind: &'static str,
    pub title: String,
    pub cohort: Option<u32>,
    pub venue: String,
    pub facilitators: String,
    pub attended: usize,
    pub invited: usize,
    pub cancelled: bool,
    /// Double-booked or over-full: shown with a warning mark.
    pub clash: bool,
    /// The week's name on the first session of each week in the agenda, else empty.
    pub week: String,
}

impl Searchable for SessionRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.title, self.kind, self.venue, self.facilitators, self.day
        )
    }
}

impl ListRow for SessionRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

fn row(data: &Snapshot, s: &Session, now: LocalNow) -> SessionRow {
    SessionRow {
        id: s.id,
        start: s.start,
        day: day_label(s.start.date(), now.today()),
        kind: s.kind.short(),
        title: s.title.clone(),
        cohort: s
            .cohort
            .and_then(|c| data.cohorts.get(&c))
            .map(|c| c.number),
        venue: data
            .session_place(s)
            .unwrap_or_else(|| "no venue yet".to_string()),
        facilitators: data
            .facilitators(s)
            .map(|q| q.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        attended: s.count(Attendance::Attended),
        invited: s.invitees.len(),
        cancelled: s.cancelled,
        clash: false,
        week: String::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionsView {
    #[default]
    Agenda,
    Past,
}

#[derive(Debug, Default)]
pub struct SessionsPane {
    pub view: SessionsView,
    detail_open: bool,
    /// The month view, when open.
    pub month: Option<MonthView>,
    /// The sessions in view on each day, cancelled ones left out, for the month view.
    by_day: std::collections::BTreeMap<chrono::NaiveDate, Vec<SessionId>>,
    today: Option<chrono::NaiveDate>,
    pub agenda: Listing<SessionRow>,
    pub past: Listing<SessionRow>,
    /// The attendance rate of each past session in view with attendance marked, oldest first.
    trend: Vec<TrendPoint>,
}

const AGENDA_COLUMNS: [Column; 7] = [
    col("Week", Constraint::Length(10)),
    col("Day", Constraint::Length(10)),
    col("Time", Constraint::Length(5)),
    col("Kind", Constraint::Length(9)),
    col("Title", Constraint::Fill(3)),
    col("Venue", Constraint::Fill(2)),
    col("Facilitators", Constraint::Fill(2)),
];

const NARROW_AGENDA_COLUMNS: [Column; 5] = [
    col("Day", Constraint::Length(10)),
    col("Time", Constraint::Length(5)),
    col("Kind", Constraint::Length(9)),
    col("Title", Constraint::Fill(3)),
    col("Venue", Constraint::Fill(2)),
];

const PAST_COLUMNS: [Column; 5] = [
    col("Date", Constraint::Length(11)),
    col("Kind", Constraint::Length(9)),
    col("Title", Constraint::Fill(3)),
    col("Venue", Constraint::Fill(2)),
    col("Came", Constraint::Length(7)),
];

impl SessionsPane {
    pub fn refresh(&mut self, data: &Snapshot, filter: CohortFilter, now: LocalNow) {
        let admitted = data.sessions.values().filter(|s| match filter {
            CohortFilter::All => true,
            // Sessions for everyone (no cohort) show with every cohort.
            CohortFilter::Cohort(id) => s.cohort.is_none_or(|c| c == id),
            CohortFilter::AwaitingReview => s.cohort.is_none(),
        });
        let admitted: Vec<&Session> = admitted.collect();
        self.by_day.clear();
        for s in admitted.iter().filter(|s| !s.cancelled) {
            self.by_day.entry(s.start.date()).or_default().push(s.id);
        }
        self.today = Some(now.today());
        let clashing: HashSet<SessionId> =
            clashes(data).iter().flat_map(|c| c.sessions()).collect();
        // Only sessions still to come are marked: a clash in the past can no longer be put
        // right (the session's own detail still names it).
        let upcoming_row = |s: &Session| SessionRow {
            clash: clashing.contains(&s.id),
            ..row(data, s, now)
        };
        let mut agenda: Vec<SessionRow> = upcoming(admitted.iter().copied(), now)
            .into_iter()
            .map(upcoming_row)
            .collect();
        let mut last_week = String::new();
        for r in &mut agenda {
            let week = week_label(r.start.date(), now.today());
            if week != last_week {
                r.week = week.clone();
                last_week = week;
            }
        }
        self.agenda.replace_rows(agenda);
        let held = past(admitted.iter().copied(), now);
        self.trend = held
            .iter()
            .rev()
            .filter_map(|s| {
                let (attended, expected) = session_attendance(s, now)?;
                Some(TrendPoint {
                    day: s.start.date(),
                    percent: f64::from(attended) * 100.0 / f64::from(expected),
                })
            })
            .collect();
        self.past
            .replace_rows(held.into_iter().map(|s| row(data, s, now)).collect());
    }

    pub fn listing(&self) -> &Listing<SessionRow> {
        match self.view {
            SessionsView::Agenda => &self.agenda,
            SessionsView::Past => &self.past,
        }
    }

    pub fn listing_mut(&mut self) -> &mut Listing<SessionRow> {
        match self.view {
            SessionsView::Agenda => &mut self.agenda,
            SessionsView::Past => &mut self.past,
        }
    }

    pub fn apply(&mut self, action: Action) -> bool {
        if let Some(month) = &mut self.month {
            return match action {
                Action::Back | Action::ShowCalendar => {
                    self.month = None;
                    true
                }
                other => month.apply(other),
            };
        }
        match action {
            Action::ShowCalendar => {
                let day = self
                    .listing()
                    .selected_row()
                    .map(|r| r.start.date())
                    .or(self.today);
                self.month = day.map(|day| MonthView { day });
                self.month.is_some()
            }
            Action::Open if !self.detail_open && !self.listing().is_empty() => {
                self.detail_open = true;
                true
            }
            Action::Back if self.detail_open => {
                self.detail_open = false;
                true
            }
            Action::SwitchSessionsView => {
                self.detail_open = false;
                self.view = match self.view {
                    SessionsView::Agenda => SessionsView::Past,
                    SessionsView::Past => SessionsView::Agenda,
                };
                true
            }
            other => self.listing_mut().apply(other),
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let extra = match self.view {
            _ if self.month.is_some() => "month · c or Esc: back to the list".to_string(),
            SessionsView::Agenda => format!("agenda · {} ahead · v: past", self.agenda.len()),
            SessionsView::Past => format!("past · {} held · v: agenda", self.past.len()),
        };
        let block = pane_block(
            PaneId::Sessions,
            ctx,
            self.listing().filter(),
            &extra,
            area.width,
        );
        let inner = block.inner(area);
        block.render(area, buf);
        if let Some(month) = &self.month {
            month.render(inner, buf, ctx, &self.by_day);
            return;
        }
        if self.detail_open {
            self.render_detail(inner, buf, ctx);
            return;
        }
        let (main, side) = side_by_side(inner, 40, 70);
        // The trend under the list, only where the list keeps room enough to be read beside
        // the detail: a wide, tall pane.
        let (main, trend) = match side {
            Some(_) if main.height >= TREND_HEIGHT + 30 => stacked(main, TREND_HEIGHT, 30),
            _ => (main, None),
        };
        if let Some(trend) = trend {
            render_trend(&self.trend, trend, buf, ctx);
        }
        let next = self
            .agenda
            .rows_in(0..self.agenda.len())
            .find(|r| !r.cancelled)
            .map(|r| r.id);
        let theme = ctx.theme;
        let style_for = move |r: &SessionRow| {
            if r.cancelled {
                theme.dim().add_modifier(Modifier::CROSSED_OUT)
            } else if Some(r.id) == next {
                theme.good().add_modifier(Modifier::BOLD)
            } else {
                ratatui::style::Style::default()
            }
        };
        let wide = main.width >= 100;
        match self.view {
            SessionsView::Agenda => ListingTable {
                listing: &self.agenda,
                columns: if wide {
                    &AGENDA_COLUMNS
                } else {
                    &NARROW_AGENDA_COLUMNS
                },
                cells: |r: &SessionRow| {
                    let style = style_for(r);
                    let title = if r.cancelled {
                        format!("{} (cancelled)", r.title)
                    } else if r.clash {
                        format!("⚠ {}", r.title)
                    } else {
                        r.title.clone()
                    };
                    let mut cells = vec![
                        Cell::from(r.day.clone()).style(style),
                        Cell::from(r.start.format("%H:%M").to_string()).style(style),
                        Cell::from(r.kind).style(style),
                        Cell::from(title).style(style),
                        Cell::from(r.venue.clone()).style(style),
                        Cell::from(r.facilitators.clone()).style(style),
                    ];
                    if wide {
                        cells.insert(0, Cell::from(r.week.clone()).style(theme.header()));
                    }
                    cells
                },
                theme: ctx.theme,
                focused: ctx.focused,
                empty: "No sessions planned ahead: n plans one; v shows past sessions.",
            }
            .render(main, buf),
            SessionsView::Past => ListingTable {
                listing: &self.past,
                columns: &PAST_COLUMNS,
                cells: |r: &SessionRow| {
                    let came = if r.cancelled {
                        "—".to_string()
                    } else {
                        format!("{}/{}", r.attended, r.invited)
                    };
                    vec![
                        Cell::from(r.start.format("%a %e %b").to_string()),
                        Cell::from(r.kind),
                        Cell::from(r.title.clone()).style(style_for(r)),
                        Cell::from(r.venue.clone()),
                        Cell::from(came),
                    ]
                },
                theme: ctx.theme,
                focused: ctx.focused,
                empty: "No sessions have been held yet.",
            }
            .render(main, buf),
        }
        if let Some(side) = side {
            self.render_detail(side, buf, ctx);
        }
    }

    fn render_detail(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_style(ctx.theme.dim());
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(s) = self
            .listing()
            .selected_row()
            .and_then(|r| ctx.data.sessions.get(&r.id))
        else {
            return;
        };
        let theme = ctx.theme;
        let label = |t: &'static str| Span::styled(t, theme.dim());
        let mut lines = vec![
            Line::styled(s.title.clone(), theme.header()),
            Line::from(vec![label("Kind   "), Span::raw(s.kind.label())]),
            Line::from(vec![
                label("When   "),
                Span::raw(format!(
                    "{} {}–{}",
                    s.start.format("%a %-d %b %Y"),
                    s.start.format("%H:%M"),
                    s.end().format("%H:%M")
                )),
            ]),
        ];
        if !s.theme.is_empty() {
            lines.push(Line::from(vec![
                label("Theme  "),
                Span::raw(s.theme.clone()),
            ]));
        }
        if let Some(c) = s.cohort {
            lines.push(Line::from(vec![
                label("Cohort "),
                Span::raw(ctx.data.cohort_name(c).to_string()),
            ]));
        }
        match s.venue.and_then(|v| ctx.data.venues.get(&v)) {
            Some(v) => {
                let cost = match v.cost {
                    VenueCost::InHouse => "in-house".to_string(),
                    VenueCost::External { rate, per } => format!(
                        "external, {rate} per {}",
                        match per {
                            crate::domain::sessions::RateUnit::Hour => "hour",
                            crate::domain::sessions::RateUnit::Day => "day",
                        }
                    ),
                };
                lines.push(Line::from(vec![
                    label("Venue  "),
                    Span::raw(v.name.clone()),
                ]));
                lines.push(Line::from(vec![
                    label("       "),
                    Span::styled(format!("{cost} · holds {}", v.capacity), theme.dim()),
                ]));
            }
            None if s.host.is_some() => {}
            None => lines.push(Line::from(vec![
                label("Venue  "),
                Span::styled("no venue yet", theme.warning()),
            ])),
        }
        for q in ctx.data.facilitators(s) {
            lines.push(Line::from(vec![
                label("Led by "),
                Span::raw(q.name.clone()),
            ]));
        }
        if let Some(host) = s.host.and_then(|h| ctx.data.q_members.get(&h)) {
            lines.push(Line::from(vec![
                label("Host   "),
                Span::raw(format!(
                    "{} · {}",
                    host.name,
                    ctx.data.organisation_name(host.organisation)
                )),
            ]));
        }
        if s.cancelled {
            lines.push(Line::styled("Cancelled", theme.alarm()));
        }
        for clash in clashes_with(ctx.data, s) {
            lines.push(Line::styled(
                format!("⚠ {}", clash.describe(ctx.data, ctx.now.today())),
                theme.warning(),
            ));
        }
        lines.push(Line::raw(""));
        let capacity = s
            .capacity
            .map_or(String::new(), |c| format!(" · places {c}"));
        lines.push(Line::styled(
            format!("{} invited{capacity}", s.invitees.len()),
            theme.header(),
        ));
        for mark in [
            Attendance::Registered,
            Attendance::Attended,
            Attendance::Apologies,
            Attendance::NoShow,
        ] {
            let n = s.count(mark);
            if n > 0 {
                lines.push(Line::raw(format!("{n:>3} {}", mark.label())));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
