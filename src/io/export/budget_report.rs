//! The budget report as a CSV file for a spreadsheet or a funder: one row per category
//! (allocated, paid, committed, estimated, remaining, % used) and a total. A report, not a file
//! the importer reads: allocations go in and out through programme.toml.

use super::table::money;
use crate::domain::budget::{BudgetReport, CategoryLine};
use crate::io::formula_guard::guard;

const HEADER: [&str; 8] = [
    "category",
    "key",
    "allocated",
    "paid",
    "committed",
    "estimated",
    "remaining",
    "percent_used",
];

/// The report's lines then the total, amounts as plain numbers (`1234.56`, `-12.00` when
/// overspent); a category with nothing allocated has no percentage. Names are guarded so a
/// spreadsheet never reads one as a formula ([`crate::io::formula_guard`]).
pub fn budget_csv(report: &BudgetReport) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let totals = report.totals();
    let record = |l: &CategoryLine| -> [String; 8] {
        [
            guard(&l.name),
            guard(&l.key),
            money(l.allocated),
            money(l.paid),
            money(l.committed),
            money(l.estimated),
            money(l.remaining()),
            l.percent_used().map_or(String::new(), |p| p.to_string()),
        ]
    };
    // Writing to memory cannot fail; a failure would mean a bug in the csv crate.
    let rows = std::iter::once(HEADER.map(String::from))
        .chain(report.lines.iter().map(record))
        .chain([record(&totals)]);
    for row in rows {
        if out.write_record(&row).is_err() {
            break;
        }
    }
    out.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::budget::categories::{Categories, Category};
    use crate::domain::budget::{Allocation, Budget, BudgetTotals, Expense, ExpenseState};
    use crate::domain::ids::{CategoryId, ExpenseId};
    use crate::domain::money::Pence;
    use chrono::NaiveDate;

    #[test]
    fn one_row_per_category_then_the_total() {
        let mut categories = Categories::default();
        categories.put(Category {
            id: CategoryId::CATERING,
            name: "Café, \"tea\" & cake".into(),
            key: "catering".into(),
            retired: false,
        });
        let budget = Budget {
            total: Pence(1_000_000),
            allocations: vec![Allocation {
                category: CategoryId::CATERING,
                amount: Pence(100_000),
            }],
        };
        let expense = Expense {
            id: ExpenseId(1),
            date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
            category: CategoryId::CATERING,
            amount: Pence(80_050),
            payee: "Larkspur".into(),
            description: String::new(),
            session: None,
            person: None,
            state: ExpenseState::Paid,
            history: vec![],
        };
        let report = BudgetReport::new(
            Some(&budget),
            &BudgetTotals::from_expenses([&expense]),
            &categories,
        );
        let text = String::from_utf8(budget_csv(&report)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "category,key,allocated,paid,committed,estimated,remaining,percent_used"
        );
        assert_eq!(lines[1], "Venue hire,venue_hire,0.00,0.00,0.00,0.00,0.00,");
        assert_eq!(
            lines[4],
            "\"Café, \"\"tea\"\" & cake\",catering,1000.00,800.50,0.00,0.00,199.50,80"
        );
        assert_eq!(lines.len(), 8, "six categories and the total");
        assert_eq!(lines[7], "Total,total,1000.00,800.50,0.00,0.00,199.50,80");
    }

    #[test]
    fn a_name_is_guarded_against_formulas_but_an_overspend_stays_a_number() {
        let line = CategoryLine {
            category: CategoryId::CATERING,
            name: "=SUM(A1:A9)".into(),
            key: "catering".into(),
            allocated: Pence(1_000),
            paid: Pence(2_200),
            committed: Pence::ZERO,
            estimated: Pence::ZERO,
        };
        let report = BudgetReport {
            total: Pence(1_000),
            unallocated: Pence::ZERO,
            lines: vec![line],
        };
        let text = String::from_utf8(budget_csv(&report)).unwrap_or_default();
        assert_eq!(
            text.lines().nth(1),
            Some("'=SUM(A1:A9),catering,10.00,22.00,0.00,0.00,-12.00,220")
        );
    }
}
