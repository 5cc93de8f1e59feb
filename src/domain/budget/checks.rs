//! The grant's policy checks, as a funder would ask them: speaker travel claimed for a speaker
//! based in London, an expense that takes its category over the allocation, and an estimate
//! dated in the past that was never committed.

use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::ids::CategoryId;
use crate::domain::ids::ExpenseId;
use crate::domain::money::Pence;
use crate::domain::people::PersonRef;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetFlag {
    /// The grant pays travel only for speakers from outside London.
    LondonSpeakerTravel { expense: ExpenseId, speaker: String },
    /// This expense is the one that took its category past its allocation.
    OverAllocation {
        expense: ExpenseId,
        category: CategoryId,
        allocated: Pence,
        used: Pence,
    },
    /// An estimate for a day already gone that nobody committed or cancelled.
    StaleEstimate { expense: ExpenseId, date: NaiveDate },
}

impl BudgetFlag {
    pub fn expense(&self) -> ExpenseId {
        match self {
            BudgetFlag::LondonSpeakerTravel { expense, .. }
            | BudgetFlag::OverAllocation { expense, .. }
            | BudgetFlag::StaleEstimate { expense, .. } => *expense,
        }
    }

    /// One sentence for the pane and `status`.
    pub fn describe(&self, data: &Snapshot) -> String {
        let what = |id: &ExpenseId| {
            data.expenses
                .get(id)
                .map_or("a removed expense".to_string(), |e| {
                    format!("{} {} ({})", e.payee, e.amount, e.date.format("%-d %b %Y"))
                })
        };
        match self {
            BudgetFlag::LondonSpeakerTravel { expense, speaker } => format!(
                "{}: speaker travel for {speaker}, who is based in London",
                what(expense)
            ),
            BudgetFlag::OverAllocation {
                expense,
                category,
                allocated,
                used,
            } => format!(
                "{}: takes {} to {used}, over its allocation of {allocated}",
                what(expense),
                data.categories.name(*category)
            ),
            BudgetFlag::StaleEstimate { expense, .. } => format!(
                "{}: an estimate for a day gone by, never committed",
                what(expense)
            ),
        }
    }
}

/// The flags about single expenses, whatever the others are: speaker travel for a London-based
/// speaker, and estimates for days gone by. A summary, which holds only the expenses its
/// index found, uses these.
pub fn expense_flags(data: &Snapshot, today: NaiveDate) -> Vec<BudgetFlag> {
    budget_flags(data, today)
        .into_iter()
        .filter(|f| !matches!(f, BudgetFlag::OverAllocation { .. }))
        .collect()
}

/// Every flag over the programme's expenses, oldest expense first. Cancelled expenses are
/// never flagged.
pub fn budget_flags(data: &Snapshot, today: NaiveDate) -> Vec<BudgetFlag> {
    // (date, id) is unique, so an unstable sort gives the one order. The key is copied out:
    // comparing through references scattered over the heap costs more than the sort.
    let mut keyed: Vec<(NaiveDate, ExpenseId, &Expense)> = data
        .expenses
        .values()
        .filter(|e| e.state != ExpenseState::Cancelled)
        .map(|e| (e.date, e.id, e))
        .collect();
    keyed.sort_unstable_by_key(|&(date, id, _)| (date, id));
    let live = keyed.into_iter().map(|(.., e)| e);
    let mut flags = Vec::new();
    // A programme has a handful of categories: ordered maps beat hashing here.
    let mut allocations: BTreeMap<CategoryId, Pence> = BTreeMap::new();
    for a in data.budget.iter().flat_map(|b| &b.allocations) {
        let amount = allocations.entry(a.category).or_default();
        *amount = amount.saturating_add(a.amount);
    }
    let mut used: BTreeMap<CategoryId, Pence> = BTreeMap::new();
    for e in live {
        if e.category == CategoryId::SPEAKER_TRAVEL {
            if let Some(PersonRef::QMember(q)) = e.person {
                if let Some(member) = data.q_members.get(&q).filter(|m| m.london_based) {
                    flags.push(BudgetFlag::LondonSpeakerTravel {
                        expense: e.id,
                        speaker: member.name.clone(),
                    });
                }
            }
        }
        // In date order, the expense that first goes past the allocation is the one flagged.
        let allocated = allocations.get(&e.category).copied().unwrap_or(Pence(0));
        let spent = used.entry(e.category).or_default();
        let before = *spent;
        let after = before.saturating_add(e.amount);
        *spent = after;
        if allocated.0 > 0 && before <= allocated && after > allocated {
            flags.push(BudgetFlag::OverAllocation {
                expense: e.id,
                category: e.category,
                allocated,
                used: after,
            });
        }
        if e.state == ExpenseState::Estimate && e.date < today {
            flags.push(BudgetFlag::StaleEstimate {
                expense: e.id,
                date: e.date,
            });
        }
    }
    flags
}

/// Paid and committed spending in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSpend {
    /// The first day of the month.
    pub month: NaiveDate,
    pub paid: Pence,
    pub committed: Pence,
}

/// Paid and committed spending by the month of each expense's date, in month order; months
/// with neither are left out.
pub fn monthly_spend(data: &Snapshot) -> Vec<MonthSpend> {
    use chrono::Datelike;
    let mut months: BTreeMap<NaiveDate, (Pence, Pence)> = BTreeMap::new();
    for e in data.expenses.values() {
        let Some(month) = e.date.with_day(1) else {
            continue;
        };
        let entry = months.entry(month).or_insert((Pence(0), Pence(0)));
        match e.state {
            ExpenseState::Paid => entry.0 = entry.0.saturating_add(e.amount),
            ExpenseState::Committed => entry.1 = entry.1.saturating_add(e.amount),
            _ => {}
        }
    }
    months
        .into_iter()
        .filter(|(_, (paid, committed))| paid.0 > 0 || committed.0 > 0)
        .map(|(month, (paid, committed))| MonthSpend {
            month,
            paid,
            committed,
        })
        .collect()
}

/// `months` (as `monthly_spend` gives them) once expense `old` has become `new` (`None`: did
/// not exist, or is gone), without adding up every expense again. Returns false, leaving
/// `months` as they were, when only adding up again gives the same figures: a sum has reached
/// the largest amount and stopped there.
pub fn follow_monthly_spend(
    months: &mut Vec<MonthSpend>,
    old: Option<&Expense>,
    new: Option<&Expense>,
) -> bool {
    use chrono::Datelike;
    let mut followed = months.clone();
    for (e, sign) in [(old, -1), (new, 1)] {
        let Some(e) = e else { continue };
        let Some(month) = e.date.with_day(1) else {
            continue;
        };
        let at = match followed.binary_search_by_key(&month, |m| m.month) {
            Ok(at) => at,
            Err(at) => {
                let empty = MonthSpend {
                    month,
                    paid: Pence(0),
                    committed: Pence(0),
                };
                followed.insert(at, empty);
                at
            }
        };
        let sum = match e.state {
            ExpenseState::Paid => &mut followed[at].paid,
            ExpenseState::Committed => &mut followed[at].committed,
            _ => continue,
        };
        match super::expense_list::follow_sum(*sum, e.amount, sign) {
            Some(next) => *sum = next,
            None => return false,
        }
    }
    followed.retain(|m| m.paid.0 > 0 || m.committed.0 > 0);
    *months = followed;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Record;
    use crate::domain::fixture::{Fixture, day};
    use crate::domain::ids::QMemberId;

    fn with_person(f: &mut Fixture, id: u64, person: PersonRef) {
        let mut e = f.data.expenses[&ExpenseId(id)].clone();
        e.person = Some(person);
        f.data.put(Record::Expense(e));
    }

    #[test]
    fn travel_for_a_london_speaker_is_flagged_and_for_others_not() {
        let mut f = Fixture::new();
        // Q member 1 is London-based in the fixture, 2 is not.
        f.expense(1, CategoryId::SPEAKER_TRAVEL, ExpenseState::Paid, 4_000)
            .expense(2, CategoryId::SPEAKER_TRAVEL, ExpenseState::Paid, 6_000);
        with_person(&mut f, 1, PersonRef::QMember(QMemberId(1)));
        with_person(&mut f, 2, PersonRef::QMember(QMemberId(2)));
        let flags = budget_flags(&f.data, day(3, 1));
        assert_eq!(
            flags,
            [BudgetFlag::LondonSpeakerTravel {
                expense: ExpenseId(1),
                speaker: "Morwenna Tull".into()
            }]
        );
        assert_eq!(
            flags[0].describe(&f.data),
            "Payee £40.00 (1 Mar 2026): speaker travel for Morwenna Tull, who is based in London"
        );
    }

    #[test]
    fn the_expense_that_crosses_the_allocation_is_flagged_once() {
        let mut f = Fixture::new();
        // Catering has £100.00 allocated in the fixture.
        f.expense(1, CategoryId::CATERING, ExpenseState::Paid, 6_000)
            .expense(2, CategoryId::CATERING, ExpenseState::Committed, 5_000)
            .expense(3, CategoryId::CATERING, ExpenseState::Committed, 1_000)
            .expense(4, CategoryId::CATERING, ExpenseState::Cancelled, 90_000);
        let mut third = f.data.expenses[&ExpenseId(3)].clone();
        third.date = day(3, 2);
        f.data.put(Record::Expense(third));
        let flags = budget_flags(&f.data, day(3, 1));
        assert_eq!(
            flags,
            [BudgetFlag::OverAllocation {
                expense: ExpenseId(2),
                category: CategoryId::CATERING,
                allocated: Pence(10_000),
                used: Pence(11_000),
            }]
        );
    }

    #[test]
    fn monthly_spend_adds_paid_and_committed_by_month() {
        let mut f = Fixture::new();
        f.expense(1, CategoryId::MATERIALS, ExpenseState::Paid, 2_000)
            .expense(2, CategoryId::MATERIALS, ExpenseState::Committed, 500)
            .expense(3, CategoryId::MATERIALS, ExpenseState::Estimate, 9_000)
            .expense(4, CategoryId::CATERING, ExpenseState::Paid, 1_000);
        let mut later = f.data.expenses[&ExpenseId(4)].clone();
        later.date = day(5, 20);
        f.data.put(Record::Expense(later));
        let months = monthly_spend(&f.data);
        assert_eq!(
            months,
            [
                MonthSpend {
                    month: day(3, 1),
                    paid: Pence(2_000),
                    committed: Pence(500)
                },
                MonthSpend {
                    month: day(5, 1),
                    paid: Pence(1_000),
                    committed: Pence(0)
                },
            ]
        );
    }

    #[test]
    fn followed_monthly_spend_is_what_adding_up_again_gives() {
        let mut f = Fixture::new();
        f.expense(1, CategoryId::MATERIALS, ExpenseState::Paid, 2_000)
            .expense(2, CategoryId::MATERIALS, ExpenseState::Committed, 500);
        let mut months = monthly_spend(&f.data);
        let was = f.data.expenses[&ExpenseId(1)].clone();
        // Paid, moved to May and made committed; then the other one deleted.
        let mut moved = was.clone();
        moved.date = day(5, 20);
        moved.state = ExpenseState::Committed;
        f.data.put(Record::Expense(moved.clone()));
        assert!(follow_monthly_spend(&mut months, Some(&was), Some(&moved)));
        assert_eq!(months, monthly_spend(&f.data));
        let gone = f.data.expenses[&ExpenseId(2)].clone();
        f.data
            .delete(crate::domain::change::RecordKey::Expense(ExpenseId(2)));
        assert!(follow_monthly_spend(&mut months, Some(&gone), None));
        assert_eq!(months, monthly_spend(&f.data));
        assert_eq!(months.len(), 1, "March, now empty, is left out");
    }

    #[test]
    fn a_month_summed_to_the_largest_amount_is_not_followed() {
        let mut f = Fixture::new();
        f.expense(1, CategoryId::MATERIALS, ExpenseState::Paid, i64::MAX)
            .expense(2, CategoryId::MATERIALS, ExpenseState::Paid, 7);
        let mut months = monthly_spend(&f.data);
        let before = months.clone();
        let was = f.data.expenses[&ExpenseId(2)].clone();
        assert!(!follow_monthly_spend(&mut months, Some(&was), None));
        assert_eq!(months, before, "left as it was, to be added up again");
    }

    #[test]
    fn an_estimate_for_a_day_gone_by_is_flagged_but_not_a_committed_one() {
        let mut f = Fixture::new();
        f.expense(1, CategoryId::MATERIALS, ExpenseState::Estimate, 2_000)
            .expense(2, CategoryId::MATERIALS, ExpenseState::Committed, 2_000);
        assert_eq!(budget_flags(&f.data, day(3, 1)), [], "not past yet");
        assert_eq!(
            budget_flags(&f.data, day(3, 2)),
            [BudgetFlag::StaleEstimate {
                expense: ExpenseId(1),
                date: day(3, 1)
            }]
        );
    }
}
