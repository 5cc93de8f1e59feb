//! `improvers check`: the figures kept beside the records, worked out again from the records
//! and compared, with every difference named. Whoever has the database open does the work, so
//! it runs beside open dashboards.

use crate::domain::check::CheckReport;
use crate::domain::text::thousands;
use anyhow::{Result, bail};
use std::io::Write;
use std::path::Path;

/// Prints what was checked and any difference; an error (and so a failing exit) when
/// anything differs.
pub fn run(path: &Path) -> Result<()> {
    let report = super::open_existing(path)?.check()?;
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", text(&report))?;
    stdout.flush()?;
    if !report.agrees() {
        let n = report.differences.len();
        bail!(
            "{n} kept figure{} of {} {} not what the records add up to",
            if n == 1 { "" } else { "s" },
            path.display(),
            if n == 1 { "is" } else { "are" }
        );
    }
    Ok(())
}

/// The report as printed: one line when all is well, else each difference and what to do.
pub fn text(report: &CheckReport) -> String {
    let checked = format!(
        "{} expense{}, {} session{} checked",
        thousands(report.expenses),
        if report.expenses == 1 { "" } else { "s" },
        thousands(report.sessions),
        if report.sessions == 1 { "" } else { "s" },
    );
    if report.agrees() {
        return format!("All figures agree: {checked}\n");
    }
    let mut out = format!("Kept figures differ from the records ({checked}):\n");
    for difference in &report.differences {
        out.push_str(&format!("  {difference}\n"));
    }
    // Restoring works out the budget totals and the index afresh from the records.
    out.push_str(
        "The records decide: `improvers backup FILE` then `improvers restore FILE --force`\n\
         works every kept figure out again from them.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::budget::ExpenseState;
    use crate::domain::check::Difference;
    use crate::domain::money::Pence;

    #[test]
    fn agreement_is_one_line_with_what_was_checked() {
        let report = CheckReport {
            expenses: 100_000,
            sessions: 1,
            differences: vec![],
        };
        assert_eq!(
            text(&report),
            "All figures agree: 100,000 expenses, 1 session checked\n"
        );
    }

    #[test]
    fn each_difference_gets_a_line() {
        let report = CheckReport {
            expenses: 53,
            sessions: 21,
            differences: vec![Difference::BudgetSum {
                category: "Venue hire".to_string(),
                state: ExpenseState::Paid,
                kept: Pence(100_000),
                recomputed: Pence(115_000),
            }],
        };
        let text = text(&report);
        assert!(
            text.starts_with(
                "Kept figures differ from the records (53 expenses, 21 sessions checked):\n  \
                 Venue hire, paid: kept £1,000.00, recomputed £1,150.00\n"
            ),
            "{text}"
        );
    }
}
