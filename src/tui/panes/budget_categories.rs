//! The budget pane's list of categories (`v`): each with its key, what is allocated to it and
//! how many expenses it holds, and whether it is retired or relied on by the programme's
//! rules. Added with `n`, renamed with `e`, retired or brought back with `d`.

use super::Context;
use super::budget_report::money_width;
use crate::domain::budget::categories::Category;
use crate::domain::ids::CategoryId;
use crate::domain::money::Pence;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::thousands;
use crate::tui::action::Action;
use crate::tui::widgets::listing::{ListRow, Listing, Searchable};
use crate::tui::widgets::table::{Column, ListingTable, col, figures};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Widget};
use unicode_width::UnicodeWidthStr;

/// Which list the lower half of the budget pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BudgetList {
    #[default]
    Expenses,
    Categories,
}

impl BudgetList {
    /// Whether `action` does anything on this list: moving, filtering and sorting expenses
    /// work on the expenses only. (On the expenses, `d` explains that a cancel keeps them.)
    pub fn offers(self, action: Action) -> bool {
        match self {
            BudgetList::Expenses => true,
            BudgetList::Categories => !matches!(
                action,
                Action::CommitExpense
                    | Action::PayExpense
                    | Action::CancelExpense
                    | Action::FilterExpenses
                    | Action::SortNext
                    | Action::SortReverse
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    pub id: CategoryId,
    pub name: String,
    pub key: String,
    pub allocated: Pence,
    pub expenses: u64,
    pub retired: bool,
    /// The programme's rules put costs in it, so it is never retired.
    pub relied_on: bool,
}

impl Searchable for CategoryRow {
    fn haystack(&self) -> String {
        format!("{} {}", self.name, self.key)
    }
}

impl ListRow for CategoryRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

/// Every category, retired ones last within id order, as the list shows them.
pub fn category_rows(data: &Snapshot) -> Vec<CategoryRow> {
    let mut rows: Vec<CategoryRow> = data
        .categories
        .all()
        .into_iter()
        .map(|c: Category| CategoryRow {
            id: c.id,
            allocated: data
                .budget
                .as_ref()
                .map_or(Pence::ZERO, |b| b.allocated(c.id)),
            expenses: data.budget_totals.count_in(c.id),
            relied_on: Category::role(c.id).is_some(),
            retired: c.retired,
            name: c.name,
            key: c.key,
        })
        .collect();
    rows.sort_by_key(|r| (r.retired, r.id));
    rows
}

pub fn render_categories(
    listing: &Listing<CategoryRow>,
    area: Rect,
    buf: &mut Buffer,
    ctx: &Context,
) {
    let wide = area.width >= 90;
    // Names and keys as wide as the longest, within reason: the figures stay near them.
    let widest = |text: fn(&CategoryRow) -> &str, least: u16| {
        listing
            .rows()
            .iter()
            .map(|r| text(r).width() as u16 + 1)
            .fold(least, u16::max)
            .min(32)
    };
    let mut columns: Vec<Column> = vec![col(
        "Category",
        Constraint::Length(widest(|r| r.name.as_str(), 15)),
    )];
    if wide {
        columns.push(col(
            "Key (for scripts)",
            Constraint::Length(widest(|r| r.key.as_str(), 18)),
        ));
    }
    // Figures as wide as the widest, so none is cut (£17,704,000.00 on a large grant).
    let allocated_width = usize::from(money_width(listing.rows().iter().map(|r| r.allocated)));
    let count_width = listing
        .rows()
        .iter()
        .map(|r| thousands(r.expenses).width())
        .fold("Expenses".len(), usize::max);
    columns.extend([
        figures("Allocated", Constraint::Length(allocated_width as u16 + 1)),
        figures("Expenses", Constraint::Length(count_width as u16 + 1)),
        col("", Constraint::Fill(1)),
    ]);
    ListingTable {
        listing,
        columns: &columns,
        cells: |r: &CategoryRow| {
            let note = if r.retired {
                Cell::from("retired").style(ctx.theme.dim())
            } else if r.relied_on {
                Cell::from("session costs").style(ctx.theme.dim())
            } else {
                Cell::from("")
            };
            let mut cells = vec![if r.retired {
                Cell::from(r.name.clone()).style(ctx.theme.dim())
            } else {
                Cell::from(r.name.clone())
            }];
            if wide {
                cells.push(Cell::from(r.key.clone()).style(ctx.theme.dim()));
            }
            cells.extend([
                Cell::from(format!(" {:>allocated_width$}", r.allocated.to_string())),
                Cell::from(format!(" {:>count_width$}", thousands(r.expenses))),
                note,
            ]);
            cells
        },
        theme: ctx.theme,
        focused: ctx.focused,
        empty: "No categories.",
    }
    .render(area, buf);
}
