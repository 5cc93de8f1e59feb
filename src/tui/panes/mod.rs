//! The four panes. Each owns its state (rows, selection, filter) and draws itself from a
//! read-only view of the programme.

pub mod attendance_trend;
pub mod budget;
pub mod budget_categories;
pub mod budget_notes;
pub mod budget_report;
pub mod calendar;
pub mod candidates;
pub mod funnel;
pub mod mentoring;
pub mod registers;
pub mod roster;
pub mod sessions;

use crate::domain::change::RecordKey;
use crate::domain::sessions::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Roster,
    Mentoring,
    Sessions,
    Budget,
}

impl PaneId {
    pub const ALL: [PaneId; 4] = [
        PaneId::Roster,
        PaneId::Mentoring,
        PaneId::Sessions,
        PaneId::Budget,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Roster => "Roster",
            PaneId::Mentoring => "Mentoring",
            PaneId::Sessions => "Sessions",
            PaneId::Budget => "Budget",
        }
    }

    pub fn number(self) -> usize {
        match self {
            PaneId::Roster => 1,
            PaneId::Mentoring => 2,
            PaneId::Sessions => 3,
            PaneId::Budget => 4,
        }
    }

    pub fn next(self) -> PaneId {
        PaneId::ALL[self.number() % 4]
    }

    pub fn previous(self) -> PaneId {
        PaneId::ALL[(self.number() + 2) % 4]
    }

    /// Whether a change to the record `key` can change what this pane shows, so that a
    /// change elsewhere works out again only the panes it touches: on the large programme the
    /// roster takes tens of milliseconds and the budget more, and most changes touch one.
    pub fn reads(self, key: RecordKey) -> bool {
        match self {
            // Expenses and the budget, and the people, sessions, cohorts and categories they
            // are described by.
            PaneId::Budget => !matches!(
                key,
                RecordKey::Match(_)
                    | RecordKey::PairRule(..)
                    | RecordKey::Venue(_)
                    | RecordKey::Organisation(_)
                    | RecordKey::Profession(_)
                    | RecordKey::Series(_)
            ),
            // People, matches, sessions and what describes them; never money.
            PaneId::Roster | PaneId::Mentoring | PaneId::Sessions => {
                !budget::BudgetPane::lists(key)
            }
        }
    }
}

/// What every pane may read while drawing.
pub struct Context<'a> {
    pub data: &'a Snapshot,
    pub now: LocalNow,
    pub theme: &'a Theme,
    pub focused: bool,
    /// The line being typed after `/`, when this pane is filtering.
    pub typing_filter: Option<&'a str>,
}

/// The frame around a pane: its number and name, and the filter when one is set.
///
/// `width`: the pane's width in columns, borders included; what the title says after the
/// pane's name ends with `…` where it does not fit, so a cut is never mistaken for the whole.
pub fn pane_block<'a>(
    pane: PaneId,
    ctx: &Context<'a>,
    filter: &str,
    extra: &str,
    width: u16,
) -> Block<'a> {
    let name = format!(" {} {} ", pane.number(), pane.title());
    // Between the two corners; a space after the words where there is room for one.
    let room = usize::from(width).saturating_sub(name.chars().count() + 2);
    let mut title = vec![Span::styled(name, ctx.theme.title())];
    if !extra.is_empty() {
        let words = fit(extra, room);
        let words = if words.chars().count() < room {
            format!("{words} ")
        } else {
            words
        };
        title.push(Span::styled(words, ctx.theme.dim()));
    }
    let filter_line = match ctx.typing_filter {
        Some(typing) => Some(format!(" /{typing}▏ ")),
        None if !filter.is_empty() => Some(format!(" filter: {filter} ")),
        None => None,
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(if ctx.focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(ctx.theme.border(ctx.focused))
        .title(Line::from(title));
    if let Some(f) = filter_line {
        block = block.title_bottom(Line::styled(f, ctx.theme.key()));
    }
    block
}

/// Splits `area` into a main part and a side part when it is wide enough for both.
pub fn side_by_side(area: Rect, side_width: u16, min_main: u16) -> (Rect, Option<Rect>) {
    if area.width >= side_width + min_main {
        let main = Rect {
            width: area.width - side_width,
            ..area
        };
        let side = Rect {
            x: area.x + area.width - side_width,
            width: side_width,
            ..area
        };
        (main, Some(side))
    } else {
        (area, None)
    }
}

/// Splits `area` into a top part and a bottom strip of `height` when there is room for both.
pub fn stacked(area: Rect, height: u16, min_top: u16) -> (Rect, Option<Rect>) {
    if area.height >= height + min_top {
        let top = Rect {
            height: area.height - height,
            ..area
        };
        let bottom = Rect {
            y: area.y + area.height - height,
            height,
            ..area
        };
        (top, Some(bottom))
    } else {
        (area, None)
    }
}
