//! The budget pane's figures: the table of categories, with a bar each, and the monthly chart
//! of paid and committed spending. Worked out once per change, drawn from what was kept.

use super::Context;
use crate::domain::budget::Expense;
use crate::domain::budget::checks::{MonthSpend, follow_monthly_spend, monthly_spend};
use crate::domain::budget::{BudgetAlert, BudgetReport, CategoryLine};
use crate::domain::ids::ExpenseId;
use crate::domain::money::Pence;
use crate::domain::snapshot::Snapshot;
use crate::tui::widgets::text::{bar, fit};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};
use unicode_width::UnicodeWidthStr;

/// Wide enough for "£99,999.99" and a heading.
pub const MIN_MONEY_WIDTH: u16 = 11;

/// As wide as the widest of `amounts` written out, and at least `MIN_MONEY_WIDTH`.
pub fn money_width(amounts: impl IntoIterator<Item = Pence>) -> u16 {
    // The widest figure is the largest or the most negative: only those two are written out.
    let (least, most) = amounts
        .into_iter()
        .fold((Pence::ZERO, Pence::ZERO), |(l, m), p| (l.min(p), m.max(p)));
    [least, most]
        .iter()
        .map(|p| p.to_string().chars().count() as u16)
        .fold(MIN_MONEY_WIDTH, u16::max)
}

#[derive(Debug)]
pub struct ReportView {
    pub report: BudgetReport,
    /// Paid and committed spending by month, for the chart.
    months: Vec<MonthSpend>,
    /// Columns of money are as wide as the widest amount they hold, so no figure is cut.
    report_width: u16,
    /// The % used column: as wide as "2237%" when a category is that far over.
    used_width: u16,
    /// The category column: as wide as the longest name, within reason.
    name_width: u16,
}

impl Default for ReportView {
    fn default() -> Self {
        ReportView {
            report: BudgetReport::new(None, &Default::default(), &Default::default()),
            months: Vec::new(),
            report_width: MIN_MONEY_WIDTH,
            used_width: 4,
            name_width: 14,
        }
    }
}

impl ReportView {
    pub fn refresh(&mut self, data: &Snapshot) {
        self.months = monthly_spend(data);
        self.work_out_report(data);
    }

    /// Follows a change that touched only the expenses in `changed` (each with what it was;
    /// `data` is after the change). Returns false, changing nothing, when only `refresh` gives
    /// the right figures.
    pub fn follow(&mut self, data: &Snapshot, changed: &[(ExpenseId, Option<&Expense>)]) -> bool {
        let mut months = self.months.clone();
        for (id, was) in changed {
            if !follow_monthly_spend(&mut months, *was, data.expenses.get(id)) {
                return false;
            }
        }
        self.months = months;
        self.work_out_report(data);
        true
    }

    /// The table of categories, from the totals the store keeps.
    fn work_out_report(&mut self, data: &Snapshot) {
        self.report =
            BudgetReport::new(data.budget.as_ref(), &data.budget_totals, &data.categories);
        self.name_width = self
            .report
            .lines
            .iter()
            .map(|l| l.name.width() as u16)
            .fold(14, u16::max)
            .min(24);
        let totals = self.report.totals();
        self.report_width = money_width(
            self.report
                .lines
                .iter()
                .chain([&totals])
                .flat_map(|l| [l.allocated, l.paid, l.committed, l.estimated, l.remaining()]),
        );
        self.used_width = self
            .report
            .lines
            .iter()
            .chain([&totals])
            .map(|l| l.used_words().width() as u16)
            .fold(4, u16::max);
    }

    /// Paid (solid) and committed (shaded) spending per month, scaled to the busiest month.
    pub fn render_months(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let block = ratatui::widgets::Block::default()
            .borders(ratatui::widgets::Borders::LEFT)
            .border_style(ctx.theme.dim())
            .title(Span::styled(
                "Monthly spend: █ paid ░ committed",
                ctx.theme.header(),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let room = usize::from(inner.height.saturating_sub(1));
        let shown = &self.months[self.months.len().saturating_sub(room)..];
        let most = shown
            .iter()
            .map(|m| m.paid.0 + m.committed.0)
            .max()
            .unwrap_or(0)
            .max(1);
        let bar_width = usize::from(inner.width).saturating_sub(7 + 12).max(4);
        let mut lines = vec![Line::raw("")];
        for m in shown {
            let cells = |p: i64| usize::try_from(p * bar_width as i64 / most).unwrap_or(0);
            let paid = cells(m.paid.0);
            let committed = cells(m.paid.0 + m.committed.0).saturating_sub(paid);
            let total = m.paid + m.committed;
            lines.push(Line::from(vec![
                Span::styled(m.month.format("%b %y ").to_string(), ctx.theme.dim()),
                Span::styled("█".repeat(paid), ctx.theme.good()),
                Span::styled("░".repeat(committed), ctx.theme.warning()),
                Span::raw(" ".repeat(bar_width.saturating_sub(paid + committed) + 1)),
                Span::raw(format!("{total:>11}")),
            ]));
        }
        if shown.is_empty() {
            lines.push(Line::styled(
                "Nothing paid or committed yet.",
                ctx.theme.dim(),
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }

    /// The table of categories: allocated, paid, committed, estimated, remaining, % used and
    /// a bar each, and the totals. Columns that do not fit whole are left out, least needed
    /// first (paid, committed and estimated together, then the bar, % used, remaining), so a
    /// figure is never cut; a category with nothing allocated has no bar.
    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let shown = Columns::fitting(
            area.width,
            self.name_width,
            self.report_width,
            self.used_width,
        );
        let used_width = usize::from(self.used_width);
        let width = usize::from(self.report_width);
        let money = |p: Pence| Cell::from(format!("{:>width$}", p.to_string()));
        let line_cells = |l: &CategoryLine, name: String, with_bar: bool| {
            let style = alert_style(l.alert(), ctx);
            // With nothing allocated there is no percent, but spending is still over it: the
            // same words as `status` say so.
            let pct = format!("{:>used_width$}", l.used_words());
            let mut cells = vec![Cell::from(name)];
            if shown.allocated {
                cells.push(money(l.allocated));
            }
            if shown.states {
                cells.extend([money(l.paid), money(l.committed), money(l.estimated)]);
            }
            if shown.remaining {
                cells.push(money(l.remaining()).style(style));
            }
            if shown.used {
                cells.push(Cell::from(pct).style(style));
            }
            if shown.bar && with_bar && l.allocated.0 > 0 {
                cells.push(Cell::from(bar(l.used().0, l.allocated.0, 12)).style(style));
            }
            cells
        };
        let name_width = usize::from(shown.name);
        let mut rows: Vec<Row> = self
            .report
            .lines
            .iter()
            .map(|l| Row::new(line_cells(l, fit(&l.name, name_width), true)))
            .collect();
        let totals = self.report.totals();
        rows.push(
            Row::new(line_cells(&totals, fit("Total", name_width), false))
                .style(ctx.theme.header()),
        );
        let heading = |h: &str| format!("{h:>width$}");
        let mut header = vec![fit("Category", name_width)];
        let money_column = Constraint::Length(self.report_width);
        let mut widths = vec![Constraint::Length(shown.name)];
        if shown.allocated {
            header.push(heading("Allocated"));
            widths.push(money_column);
        }
        if shown.states {
            header.extend([heading("Paid"), heading("Committed"), heading("Estimated")]);
            widths.extend([money_column; 3]);
        }
        if shown.remaining {
            header.push(heading("Remaining"));
            widths.push(money_column);
        }
        if shown.used {
            header.push(format!("{:>used_width$}", "Used"));
            widths.push(Constraint::Length(self.used_width));
        }
        if shown.bar {
            header.push(String::new());
            widths.push(Constraint::Length(12));
        }
        Table::new(rows, widths)
            .header(Row::new(header).style(ctx.theme.header()))
            .column_spacing(1)
            .render(area, buf);
    }
}

/// Which of the category table's columns fit whole in a width, and how wide the names are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    name: u16,
    allocated: bool,
    states: bool,
    remaining: bool,
    used: bool,
    bar: bool,
}

impl Columns {
    /// Names get at least `NAME_LEAST` characters (or all they need, if less); then the
    /// columns in the order a budget holder needs them, each only if it fits whole with the
    /// space before it; the names get what is left, up to `name_width`.
    fn fitting(width: u16, name_width: u16, money: u16, used_width: u16) -> Columns {
        const NAME_LEAST: u16 = 8;
        let mut used = name_width.min(NAME_LEAST);
        let mut take = |w: u16| {
            let fits = used + 1 + w <= width;
            if fits {
                used += 1 + w;
            }
            fits
        };
        let allocated = take(money);
        let remaining = allocated && take(money);
        let used_pct = remaining && take(used_width);
        let bar = used_pct && take(12);
        // Paid, committed and estimated only once the names are whole too, as they were.
        let states =
            bar && width >= name_width + 5 * money + used_width + 12 + 8 && take(3 * money + 2);
        let rest = width.saturating_sub(used - name_width.min(NAME_LEAST));
        Columns {
            name: name_width
                .min(rest)
                .max(name_width.min(NAME_LEAST).min(width)),
            allocated,
            states,
            remaining,
            used: used_pct,
            bar,
        }
    }
}

fn alert_style(alert: BudgetAlert, ctx: &Context) -> Style {
    match alert {
        BudgetAlert::Fine => Style::default(),
        BudgetAlert::Warning => ctx.theme.warning(),
        BudgetAlert::Over => ctx.theme.alarm(),
    }
}
