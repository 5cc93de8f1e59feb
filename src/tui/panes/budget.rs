//! Pane 4: the grant per category (allocated, paid, committed, estimated, remaining, % used,
//! with a bar each) and the expenses, newest first.

use super::budget_categories::{BudgetList, CategoryRow, category_rows, render_categories};
use super::budget_notes::{Note, render_notes};
use super::budget_report::{MIN_MONEY_WIDTH, ReportView, money_width};
use super::{Context, PaneId, pane_block};
use crate::domain::budget::checks::budget_flags;
use crate::domain::budget::expense_list::{
    ExpenseFilter, ExpenseSort, Spending, cohort_spending, sort_expenses,
};
use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::change::RecordKey;
use crate::domain::ids::ExpenseId;
use crate::domain::people::roster::CohortFilter;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::thousands;
use crate::tui::action::Action;
use crate::tui::widgets::listing::Listing;
use crate::tui::widgets::table::{Column, ListingTable, col};
use crate::tui::widgets::text::{fit_line, one_line};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

mod follow;
mod rows;

pub use rows::ExpenseRow;
use rows::{category_names, haystack, row};

#[derive(Debug)]
pub struct BudgetPane {
    pub listing: Listing<ExpenseRow>,
    /// Expenses, or the categories (`v`).
    pub list: BudgetList,
    pub categories: Listing<CategoryRow>,
    view: ReportView,
    /// Columns of money are as wide as the widest amount they hold, so no figure is cut.
    amount_width: u16,
    /// How many expenses the policy checks flag, and the first of their findings in words.
    pub flag_count: usize,
    pub first_flag: Option<String>,
    /// Only this category, state, month or cohort, chosen with `f`.
    pub narrowing: ExpenseFilter,
    pub sort: ExpenseSort,
    /// Newest first unless reversed.
    pub descending: bool,
    narrowing_label: String,
    /// The cohort in view, whose spending is forecast to its end.
    pub cohort: CohortFilter,
    /// What the cohort in view has spent, when one is.
    cohort_spent: Option<Spending>,
    /// "Cohort 2 — 2026 to 10 Dec 2026: …" in full and shorter, when a cohort is in view.
    cohort_forecast: Option<(String, String)>,
    /// The expenses are still being read, just after the first frame: the list says so
    /// rather than "no expenses".
    pub reading_expenses: bool,
}

impl Default for BudgetPane {
    fn default() -> Self {
        BudgetPane {
            listing: Listing::default(),
            list: BudgetList::default(),
            categories: Listing::default(),
            amount_width: MIN_MONEY_WIDTH,
            view: ReportView::default(),
            flag_count: 0,
            first_flag: None,
            narrowing: ExpenseFilter::default(),
            sort: ExpenseSort::default(),
            descending: true,
            narrowing_label: String::new(),
            cohort: CohortFilter::All,
            cohort_spent: None,
            cohort_forecast: None,
            reading_expenses: false,
        }
    }
}

/// What the list says in the moment between the first frame and the expenses being read.
pub const READING_EXPENSES: &str = "being read; they show in a moment.";

/// Under this many columns the category is left out, so the payee, state and amount stay whole.
const TINY_WIDTH: u16 = 60;

fn expense_columns(width: u16, amount_width: u16) -> Vec<Column> {
    let wide = width >= 90;
    let date = if width >= TINY_WIDTH { 11 } else { 6 };
    let mut columns = vec![col("Date", Constraint::Length(date))];
    if width >= TINY_WIDTH {
        columns.push(col("Category", Constraint::Length(14)));
    }
    columns.push(col("Payee", Constraint::Fill(2)));
    if wide {
        columns.push(col("Description", Constraint::Fill(3)));
    }
    columns.push(col("State", Constraint::Length(9)));
    columns.push(col("Amount", Constraint::Length(amount_width)));
    columns
}

/// Rows below the categories for the expenses to be worth showing: a note, the list's title,
/// its heading and two expenses.
const EXPENSES_LEAST: u16 = 5;

impl BudgetPane {
    /// The categories in one line, for a short pane: the total allocated, what is left and the
    /// share used, each figure whole or left out, within `width` columns.
    fn total_line(&self, width: usize, ctx: &Context) -> Line<'static> {
        let totals = self.view.report.totals();
        let style = match totals.alert() {
            crate::domain::budget::BudgetAlert::Fine => ctx.theme.dim(),
            crate::domain::budget::BudgetAlert::Warning => ctx.theme.warning(),
            crate::domain::budget::BudgetAlert::Over => ctx.theme.alarm(),
        };
        let mut parts = vec![totals.allocated.to_string()];
        parts.push(format!(", {} left", totals.remaining()));
        if let Some(p) = totals.percent_used() {
            parts.push(format!(", {p}% used"));
        }
        parts.push(" · v categories".to_string());
        let mut spans = vec![Span::styled("Allocated ", ctx.theme.header())];
        let mut used = "Allocated ".len();
        for part in parts {
            if used + part.width() > width {
                break;
            }
            used += part.width();
            spans.push(Span::styled(part, style));
        }
        Line::from(spans)
    }

    /// The cohort in view changed, or the data did: only the cohort's forecast follows it.
    pub fn show_cohort(&mut self, cohort: CohortFilter, data: &Snapshot) {
        self.cohort = cohort;
        self.cohort_spent = match cohort {
            CohortFilter::Cohort(id) => Some(cohort_spending(data, id)),
            _ => None,
        };
        self.describe_forecast(data);
    }

    /// The forecast line of the cohort in view, from what it has spent.
    fn describe_forecast(&mut self, data: &Snapshot) {
        self.cohort_forecast = match (self.cohort, self.cohort_spent) {
            (CohortFilter::Cohort(id), Some(spent)) => data.cohorts.get(&id).map(|c| {
                let share = data.cohort_budgets.get(&id).map_or(String::new(), |b| {
                    format!(" of {} allocated to it", b.total())
                });
                let full = format!(
                    "{} to {}: {}{share} ({} paid, {} committed, {} estimated)",
                    c.name,
                    c.ends.format("%-d %b %Y"),
                    spent.forecast(),
                    spent.paid,
                    spent.committed,
                    spent.estimated
                );
                (full, format!("{}: {} forecast", c.name, spent.forecast()))
            }),
            _ => None,
        };
    }

    /// Whether the record `key` is one this pane lists or adds up (an expense, the budget, a
    /// cohort's share, a category) rather than one its lines are described by.
    pub fn lists(key: RecordKey) -> bool {
        matches!(
            key,
            RecordKey::Expense(_)
                | RecordKey::Budget
                | RecordKey::CohortBudget(_)
                | RecordKey::Category(_)
        )
    }

    /// Runs the policy checks; returns the flagged expenses, sorted for binary search
    /// (cheaper than hashing once per expense of 100,000).
    fn note_flags(&mut self, data: &Snapshot, today: NaiveDate) -> Vec<ExpenseId> {
        let found = budget_flags(data, today);
        let mut flagged: Vec<ExpenseId> = found.iter().map(|f| f.expense()).collect();
        flagged.sort_unstable();
        self.flag_count = found.len();
        self.first_flag = found.first().map(|f| f.describe(data));
        flagged
    }

    pub fn refresh(&mut self, data: &Snapshot, today: NaiveDate) {
        let flagged = self.note_flags(data, today);
        let mut shown: Vec<&Expense> = data
            .expenses
            .values()
            .filter(|e| self.narrowing.is_empty() || self.narrowing.keeps(data, e))
            .collect();
        sort_expenses(&mut shown, self.sort, self.descending);
        self.narrowing_label = self.narrowing.describe(data);
        let names = category_names(data);
        let rows: Vec<ExpenseRow> = shown
            .into_iter()
            .map(|e| ExpenseRow {
                flagged: flagged.binary_search(&e.id).is_ok(),
                ..row(&names, data, e)
            })
            .collect();
        self.categories.replace_rows(category_rows(data));
        self.amount_width = money_width(rows.iter().map(|r| r.amount));
        self.listing
            .replace_rows_searching(rows, |r| haystack(data, r));
        self.view.refresh(data);
    }

    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            // Sorting needs the data; the app sorts and refreshes.
            Action::SortNext => {
                self.sort = self.sort.next();
                self.descending = self.sort == ExpenseSort::Date;
                false
            }
            Action::SortReverse => {
                self.descending = !self.descending;
                false
            }
            Action::SwitchBudgetList => {
                self.list = match self.list {
                    BudgetList::Expenses => BudgetList::Categories,
                    BudgetList::Categories => BudgetList::Expenses,
                };
                true
            }
            Action::Back
                if self.list == BudgetList::Categories && self.categories.filter().is_empty() =>
            {
                self.list = BudgetList::Expenses;
                true
            }
            other => match self.list {
                BudgetList::Expenses => self.listing.apply(other),
                BudgetList::Categories => self.categories.apply(other),
            },
        }
    }

    /// The filter of the list shown.
    pub fn filter(&self) -> &str {
        match self.list {
            BudgetList::Expenses => self.listing.filter(),
            BudgetList::Categories => self.categories.filter(),
        }
    }

    pub fn set_filter(&mut self, text: &str, data: &Snapshot) {
        match self.list {
            BudgetList::Expenses => self
                .listing
                .set_filter_searching(text, |r| haystack(data, r)),
            BudgetList::Categories => self.categories.set_filter(text),
        }
    }

    /// The category selected in the list of categories, when that list is shown.
    pub fn selected_category(&self) -> Option<&CategoryRow> {
        (self.list == BudgetList::Categories)
            .then(|| self.categories.selected_row())
            .flatten()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let extra = format!(
            "grant {} · unallocated {}",
            self.view.report.total, self.view.report.unallocated
        );
        let block = pane_block(PaneId::Budget, ctx, self.filter(), &extra, area.width);
        let inner = block.inner(area);
        block.render(area, buf);
        // Categories first: they are what the funder asks about. When the pane is too short
        // for them and a few expenses, they become one line of totals so the list still shows
        // (what `c`, `p` and `x` act on).
        let wanted = self.view.report.lines.len() as u16 + 2;
        let collapsed = inner.height < wanted + EXPENSES_LEAST;
        let categories_height = if collapsed { 1 } else { wanted }.min(inner.height);
        let categories = Rect {
            height: categories_height,
            ..inner
        };
        if collapsed {
            Paragraph::new(self.total_line(usize::from(inner.width), ctx)).render(categories, buf);
        } else {
            self.view.render(categories, buf, ctx);
        }
        let rest = Rect {
            y: inner.y + categories_height,
            height: inner.height - categories_height,
            ..inner
        };
        if rest.height < 3 {
            return;
        }
        let totals = self.view.report.totals();
        let forecast = totals.paid + totals.committed + totals.estimated;
        let grant = self.view.report.total;
        let style = if forecast > grant {
            ctx.theme.alarm()
        } else {
            ctx.theme.dim()
        };
        let left = grant - forecast;
        let mut notes = vec![Note {
            full: Line::from(vec![
                Span::styled("Forecast ", ctx.theme.header()),
                Span::styled(
                    format!("{forecast} of {grant}, {left} left (paid, committed and estimated)"),
                    style,
                ),
            ]),
            short: Line::from(vec![
                Span::styled("Forecast ", ctx.theme.header()),
                Span::styled(format!("{forecast} of {grant}"), style),
            ]),
        }];
        if let Some((full, short)) = &self.cohort_forecast {
            let line = |text: &str| {
                Line::from(vec![
                    Span::styled("Cohort   ", ctx.theme.header()),
                    Span::styled(text.to_string(), ctx.theme.dim()),
                ])
            };
            notes.push(Note {
                full: line(full),
                short: line(short),
            });
        }
        if let Some(first) = &self.first_flag {
            let count = format!("⚠ {} to look at", thousands(self.flag_count as u64));
            notes.push(Note {
                full: Line::from(vec![
                    Span::styled(format!("{count}: "), ctx.theme.warning()),
                    Span::raw(first.clone()),
                ]),
                short: Line::styled(count, ctx.theme.warning()),
            });
        }
        // The notes leave room for the list's title, its heading and two expenses.
        let width = usize::from(rest.width);
        let notes_height = render_notes(notes, rest.height.saturating_sub(4), rest, buf);
        let rest = Rect {
            y: rest.y + notes_height,
            height: rest.height - notes_height,
            ..rest
        };
        let title = Rect { height: 1, ..rest };
        if self.list == BudgetList::Categories {
            let heading = Line::from(vec![
                Span::styled("Categories ", ctx.theme.header()),
                Span::styled(
                    "n add · e rename · d retire or bring back · Enter its expenses · v expenses",
                    ctx.theme.dim(),
                ),
            ]);
            Paragraph::new(fit_line(heading, width)).render(title, buf);
            let list = Rect {
                y: rest.y + 1,
                height: rest.height - 1,
                ..rest
            };
            render_categories(&self.categories, list, buf, ctx);
            return;
        }
        if self.reading_expenses {
            Paragraph::new(Line::from(vec![
                Span::styled("Expenses ", ctx.theme.header()),
                Span::styled(READING_EXPENSES, ctx.theme.dim()),
            ]))
            .render(title, buf);
            return;
        }
        Paragraph::new(Line::from(vec![
            Span::styled("Expenses ", ctx.theme.header()),
            Span::styled(
                format!(
                    "{} of {} · by {} {}{}",
                    thousands(self.listing.len() as u64),
                    thousands(self.listing.total() as u64),
                    self.sort.label(),
                    if self.descending { "↓" } else { "↑" },
                    if self.narrowing_label.is_empty() {
                        String::new()
                    } else {
                        format!(" · only {}", self.narrowing_label)
                    }
                ),
                ctx.theme.dim(),
            ),
        ]))
        .render(title, buf);
        let list = Rect {
            y: rest.y + 1,
            height: rest.height - 1,
            ..rest
        };
        // Wide enough: the monthly chart beside the expenses.
        let (list, chart) = super::side_by_side(list, 46, 90);
        if let Some(chart) = chart {
            self.view.render_months(chart, buf, ctx);
        }
        let wide = list.width >= 90;
        let tiny = list.width < TINY_WIDTH;
        ListingTable {
            listing: &self.listing,
            columns: &expense_columns(list.width, self.amount_width),
            cells: |r: &ExpenseRow| {
                let state_style = match r.state {
                    ExpenseState::Paid => ctx.theme.good(),
                    ExpenseState::Cancelled => ctx.theme.dim(),
                    _ => Style::default(),
                };
                let width = usize::from(self.amount_width);
                let amount = Cell::from(format!("{:>width$}", r.amount.to_string()));
                // Short of room, the day and month only: the list is newest first.
                let date = Cell::from(
                    r.date
                        .format(if tiny { "%e %b" } else { "%e %b %Y" })
                        .to_string(),
                );
                let (payee, description) = ctx
                    .data
                    .expenses
                    .get(&r.id)
                    .map_or(("", ""), |e| (e.payee.as_str(), e.description.as_str()));
                let payee = if r.flagged {
                    Cell::from(format!("⚠ {}", one_line(payee))).style(ctx.theme.warning())
                } else {
                    Cell::from(one_line(payee))
                };
                let state = Cell::from(r.state.label()).style(state_style);
                if wide {
                    vec![
                        date,
                        Cell::from(r.category.to_string()),
                        payee,
                        Cell::from(one_line(description)),
                        state,
                        amount,
                    ]
                } else if tiny {
                    vec![date, payee, state, amount]
                } else {
                    vec![
                        date,
                        Cell::from(r.category.to_string()),
                        payee,
                        state,
                        amount,
                    ]
                }
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "No expenses recorded yet: n adds one; s sets the allocations.",
        }
        .render(list, buf);
    }
}
