//! The budget section of `status`: a table when it fits the screen, a block per category when
//! it does not.

use super::*;

/// The budget per category: a table when it fits in `screen` columns (with amounts to the
/// pound when it fits only so), else a block per category. Categories with nothing allocated,
/// spent, committed or estimated share one line after them rather than a row of £0.00 each.
pub(super) fn budget_lines(out: &mut String, b: &BudgetReport, paint: Paint, screen: usize) {
    let (quiet, busy): (Vec<&CategoryLine>, Vec<&CategoryLine>) =
        b.lines.iter().partition(|l| is_quiet(l));
    let totals = b.totals();
    if !busy.is_empty() {
        let rows: Vec<(&str, &CategoryLine)> = busy
            .iter()
            .map(|l| (l.name.as_str(), *l))
            .chain([("Total", &totals)])
            .collect();
        // Roomier columns first, then pence packed closer, then whole pounds.
        let fitted = [
            (Amounts::Pence, 2),
            (Amounts::Pence, 1),
            (Amounts::Pounds, 2),
        ]
        .into_iter()
        .map(|(amounts, gap)| budget_table(&rows, paint, amounts, gap))
        .find(|table| table.lines().all(|l| shown_width(l) <= screen));
        match fitted {
            Some(table) => out.push_str(&table),
            None => budget_blocks(out, &rows, paint),
        }
    }
    if !quiet.is_empty() {
        let names: Vec<&str> = quiet.iter().map(|l| l.name.as_str()).collect();
        let which = if busy.is_empty() {
            " in any category"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  Nothing allocated or spent yet{which}: {}",
            names.join(", ")
        );
    }
}

/// Nothing allocated to it and nothing paid, committed or estimated against it.
fn is_quiet(line: &CategoryLine) -> bool {
    [line.allocated, line.paid, line.committed, line.estimated]
        .iter()
        .all(|p| p.0 == 0)
}

/// How a table writes amounts: `£1,234.56`, or `£1,235` where pence would not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Amounts {
    Pence,
    Pounds,
}

impl Amounts {
    fn show(self, amount: Pence) -> String {
        match self {
            Amounts::Pence => amount.to_string(),
            Amounts::Pounds => {
                // Half a pound and more rounds away from zero, as a person would round it.
                let pounds = (amount.0.unsigned_abs() + 50) / 100;
                let sign = if amount.0 < 0 && pounds > 0 { "-" } else { "" };
                format!("{sign}£{}", thousands(pounds))
            }
        }
    }
}

/// The rows as a table, each column as wide as its widest entry, `gap` spaces apart.
fn budget_table(
    rows: &[(&str, &CategoryLine)],
    paint: Paint,
    amounts: Amounts,
    gap: usize,
) -> String {
    const HEADINGS: [&str; 7] = [
        "Category",
        "Allocated",
        "Paid",
        "Committed",
        "Estimated",
        "Remaining",
        "Used",
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|(name, l)| {
            [
                (*name).to_string(),
                amounts.show(l.allocated),
                amounts.show(l.paid),
                amounts.show(l.committed),
                amounts.show(l.estimated),
                amounts.show(l.remaining()),
                l.used_words(),
            ]
        })
        .collect();
    let mut widths = HEADINGS.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |row: &[String; 7]| {
        let mut text = format!("  {:<w$}", row[0], w = widths[0]);
        for (cell, w) in row.iter().zip(widths).skip(1) {
            let _ = write!(text, "{:gap$}{cell:>w$}", "");
        }
        text
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&HEADINGS.map(str::to_string)));
    for ((name, l), row) in rows.iter().zip(&cells) {
        let text = line(row);
        let text = if *name != "Total" && l.alert() != BudgetAlert::Fine {
            paint.warning(&text)
        } else {
            text
        };
        let _ = writeln!(out, "{text}");
    }
    if amounts == Amounts::Pounds {
        let _ = writeln!(
            out,
            "  (to the nearest pound; a wider screen, or status --json, gives the pence)"
        );
    }
    out
}

/// The budget for a narrow screen: each category's name and share used, then its figures one
/// a line, which fit in 30 columns.
fn budget_blocks(out: &mut String, rows: &[(&str, &CategoryLine)], paint: Paint) {
    for (name, line) in rows {
        let used = line
            .percent_used()
            .map_or("nothing allocated".to_string(), |p| format!("{p}% used"));
        let head = format!("  {name}: {used}");
        let head = if *name != "Total" && line.alert() != BudgetAlert::Fine {
            paint.warning(&head)
        } else {
            head
        };
        let _ = writeln!(out, "{head}");
        for (label, amount) in [
            ("allocated", line.allocated),
            ("paid", line.paid),
            ("committed", line.committed),
            ("estimated", line.estimated),
            ("remaining", line.remaining()),
        ] {
            let _ = writeln!(out, "    {label:<10}{:>14}", amount.to_string());
        }
    }
}
