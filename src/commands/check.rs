//! `improvers check`: the figures kept beside the records, worked out again from the records
//! and compared, with every difference named. Whoever has the database open does the work, so
//! it runs beside open dashboards.

use crate::domain::check::{CheckReport, Difference};
use crate::domain::count::count;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;

/// Prints what was checked and any difference; an error (and so a failing exit) when
/// anything differs.
pub fn run(path: &Path) -> Result<()> {
    let report = super::open_existing(path)?.check().with_context(|| {
        format!(
            "the database at {} could not be read to the end, so it was not checked; restore \
             your latest backup with `improvers --db {} restore FILE --force`",
            path.display(),
            path.display()
        )
    })?;
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", crate::io::wrap::fitted(&text(&report)))?;
    stdout.flush()?;
    if !report.agrees() {
        let n = report.differences.len();
        bail!(
            "{} of {} {} not what the records add up to",
            count(n, "kept figure"),
            path.display(),
            if n == 1 { "is" } else { "are" }
        );
    }
    Ok(())
}

/// The report as printed: one line when all is well, else each difference and what to do.
pub fn text(report: &CheckReport) -> String {
    let checked = format!(
        "{}, {}, {} checked",
        count(report.expenses as usize, "expense"),
        count(report.sessions as usize, "session"),
        count(report.history_entries as usize, "history entry"),
    );
    if report.agrees() {
        return format!("All figures agree: {checked}\n");
    }
    let mut out = format!("Kept figures differ from the records ({checked}):\n");
    for difference in &report.differences {
        out.push_str(&format!("  {difference}\n"));
    }
    let (history, figures): (Vec<&Difference>, Vec<&Difference>) =
        report.differences.iter().partition(|d| d.is_history());
    if !figures.is_empty() {
        // Restoring works out the budget totals and the index afresh from the records.
        out.push_str(
            "The records decide: `improvers backup FILE` then `improvers restore FILE --force`\n\
             works every kept figure out again from them.\n",
        );
    }
    if !history.is_empty() {
        // A backup taken now would carry the gap along; only an older one has the changes.
        out.push_str(
            "Changes are missing from the history: restore your latest backup with\n\
             `improvers restore FILE --force`, which keeps this database aside.\n",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::budget::ExpenseState;
    use crate::domain::money::Pence;

    #[test]
    fn agreement_is_one_line_with_what_was_checked() {
        let report = CheckReport {
            expenses: 100_000,
            sessions: 1,
            history_entries: 1,
            differences: vec![],
        };
        assert_eq!(
            text(&report),
            "All figures agree: 100,000 expenses, 1 session, 1 history entry checked\n"
        );
    }

    #[test]
    fn each_difference_gets_a_line() {
        let report = CheckReport {
            expenses: 53,
            sessions: 21,
            history_entries: 4,
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
                "Kept figures differ from the records (53 expenses, 21 sessions, 4 history \
                 entries checked):\n  \
                 Venue hire, paid: kept £1,000.00, recomputed £1,150.00\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn missing_history_asks_for_a_backup_not_a_rebuild() {
        let report = CheckReport {
            expenses: 0,
            sessions: 0,
            history_entries: 3,
            differences: vec![Difference::HistoryMissing { first: 2, last: 2 }],
        };
        let text = text(&report);
        assert!(text.contains("  history: change 2 is missing\n"), "{text}");
        assert!(text.contains("restore your latest backup"), "{text}");
        assert!(!text.contains("The records decide"), "{text}");
    }
}
