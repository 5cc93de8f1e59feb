//! The budget part of `programme.toml`: the grant, the categories the programme renamed, added
//! or retired, and the allocations of the programme and of each cohort.

use super::draft::Draft;
use super::error::Problems;
use super::fields;
use crate::domain::budget::Allocation;
use crate::domain::budget::categories::{Categories, Category};
use crate::domain::ids::CategoryId;
use crate::domain::labels::squash;
use crate::domain::money::Pence;
use crate::domain::text::clean_line;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

pub(super) type Amounts = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BudgetSection {
    /// Left out, the file changes the categories but sets no grant.
    pub total: Option<Spanned<String>>,
    #[serde(default)]
    pub allocations: Amounts,
    /// Names by key: a starting category's key renames it, any other key adds a category.
    #[serde(default)]
    pub categories: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Keys of categories no longer offered.
    #[serde(default)]
    pub retired: Vec<Spanned<String>>,
}

/// The categories as the file leaves them, and the records that make them so. Categories the
/// file adds are numbered after the starting six in file order; `apply_categories` gives them
/// their ids in the database.
pub(super) fn read_categories(
    section: Option<&BudgetSection>,
    line_of: &dyn Fn(usize) -> u64,
    problems: &mut Problems,
) -> (Categories, Vec<Category>) {
    let mut categories = Categories::default();
    let mut records = Vec::new();
    let Some(section) = section else {
        return (categories, records);
    };
    for (key, name) in &section.categories {
        let line = line_of(key.span().start);
        let field = format!("budget.categories.{}", key.get_ref());
        let name_text = clean_line(name.get_ref());
        if squash(&name_text).is_empty() || squash(key.get_ref()).is_empty() {
            problems.add(
                line,
                &field,
                "a category needs a key and a name with letters in them",
            );
            continue;
        }
        if let Some(other) = categories.current().into_iter().find(|c| {
            squash(&c.name) == squash(&name_text) && squash(&c.key) != squash(key.get_ref())
        }) {
            problems.add(
                line,
                &field,
                format!(
                    "\"{name_text}\" is already the name of another category ({})",
                    other.key
                ),
            );
            continue;
        }
        let starting = categories
            .all()
            .into_iter()
            .find(|c| squash(&c.key) == squash(key.get_ref()));
        let record = match starting {
            Some(c) => Category {
                name: name_text,
                ..c
            },
            None => Category {
                id: categories.next_id(),
                name: name_text,
                key: clean_line(key.get_ref()),
                retired: false,
            },
        };
        categories.put(record.clone());
        records.push(record);
    }
    for key in &section.retired {
        let line = line_of(key.span().start);
        let found = categories
            .all()
            .into_iter()
            .find(|c| squash(&c.key) == squash(key.get_ref()));
        match found {
            None => problems.add(
                line,
                "budget.retired",
                format!("\"{}\" is not the key of a budget category", key.get_ref()),
            ),
            Some(c) if Category::role(c.id).is_some() => problems.add(
                line,
                "budget.retired",
                format!(
                    "{} cannot be retired: the programme's rules rely on it",
                    c.name
                ),
            ),
            Some(c) => {
                let retired = Category { retired: true, ..c };
                records.retain(|r| r.id != retired.id);
                categories.put(retired.clone());
                records.push(retired);
            }
        }
    }
    (categories, records)
}

/// Amounts by category key or name, each checked; `field` names the table in messages.
pub(super) fn read_allocations(
    amounts: &Amounts,
    field: &str,
    categories: &Categories,
    line_of: &dyn Fn(usize) -> u64,
    problems: &mut Problems,
) -> Vec<Allocation> {
    let mut allocations = Vec::new();
    for (key, amount) in amounts {
        let line = line_of(key.span().start);
        let category = problems.check(
            line,
            field,
            categories.find(key.get_ref()).map_err(|e| e.to_string()),
        );
        let amount = problems.check(
            line_of(amount.span().start),
            &format!("{field}.{}", key.get_ref()),
            fields::money(amount.get_ref()),
        );
        if let (Some(category), Some(amount)) = (category, amount) {
            allocations.push(Allocation { category, amount });
        }
    }
    allocations.sort_by_key(|a| a.category);
    allocations
}

/// Each category's cohort shares together must fit in what the programme allocates to it.
pub(super) fn check_shares<'a>(
    programme: &[Allocation],
    shares: impl IntoIterator<Item = (u64, &'a [Allocation])>,
    categories: &Categories,
    problems: &mut Problems,
) {
    let mut together: BTreeMap<CategoryId, (Pence, u64)> = BTreeMap::new();
    for (line, allocations) in shares {
        for a in allocations {
            let entry = together.entry(a.category).or_insert((Pence::ZERO, line));
            entry.0 = entry.0.saturating_add(a.amount);
            entry.1 = entry.1.max(line);
        }
    }
    for (category, (shared, line)) in together {
        let allocated: Pence = programme
            .iter()
            .filter(|a| a.category == category)
            .map(|a| a.amount)
            .sum();
        if shared > allocated {
            problems.add(
                line,
                "cohorts.allocations",
                format!(
                    "the cohorts' shares of {} add up to {shared}, more than the programme \
                     allocates to it ({allocated})",
                    categories.name(category)
                ),
            );
        }
    }
}

/// Puts the file's categories, matched to those already stored by key, and says which id in
/// the database each of the file's ids became.
pub(super) fn apply_categories(
    draft: &mut Draft,
    records: Vec<Category>,
) -> HashMap<CategoryId, CategoryId> {
    let mut ids = HashMap::new();
    for record in records {
        let stored = draft
            .snapshot
            .categories
            .all()
            .into_iter()
            .find(|c| squash(&c.key) == squash(&record.key));
        let id = stored.map_or_else(|| draft.snapshot.categories.next_id(), |c| c.id);
        ids.insert(record.id, id);
        draft.put(crate::domain::change::Record::Category(Category {
            id,
            ..record
        }));
    }
    ids
}

/// `allocations` with the file's category ids replaced by the database's.
pub(super) fn renumber(
    allocations: Vec<Allocation>,
    ids: &HashMap<CategoryId, CategoryId>,
) -> Vec<Allocation> {
    let mut out: Vec<Allocation> = allocations
        .into_iter()
        .map(|a| Allocation {
            category: ids.get(&a.category).copied().unwrap_or(a.category),
            ..a
        })
        .collect();
    out.sort_by_key(|a| a.category);
    out
}
