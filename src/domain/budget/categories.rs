//! The budget's categories: the six every programme starts with, which a team may rename or
//! retire, and any it adds. Three have a part in the programme's own rules (venue hire, speaker
//! travel and site visits receive the costs that follow from sessions), so they can be renamed
//! but never retired.

use crate::domain::ids::CategoryId;
use crate::domain::labels::squash;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_line;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

impl CategoryId {
    pub const VENUE_HIRE: CategoryId = CategoryId(0);
    pub const SPEAKER_TRAVEL: CategoryId = CategoryId(1);
    pub const SITE_VISITS: CategoryId = CategoryId(2);
    pub const CATERING: CategoryId = CategoryId(3);
    pub const MATERIALS: CategoryId = CategoryId(4);
    pub const OTHER: CategoryId = CategoryId(5);
}

/// The six a programme starts with, in id order: name and key. Their ids are the positions of
/// the variants of the fixed list of categories that databases held before categories could be
/// edited, so those databases read unchanged.
const STARTING: [(&str, &str); 6] = [
    ("Venue hire", "venue_hire"),
    ("Speaker travel", "speaker_travel"),
    ("Site visits", "site_visits"),
    ("Catering", "catering"),
    ("Materials", "materials"),
    ("Other", "other"),
];

/// A category as stored once a team has added, renamed or retired it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub name: String,
    /// The name scripts use (`status --json`, programme.toml): made from the name when the
    /// category is added and never changed by a rename, so a script keeps working.
    pub key: String,
    /// Offered for nothing new and left out of the report; its id is kept so it can come back.
    pub retired: bool,
}

impl Category {
    /// What the programme's rules put in it, for the categories those rules rely on.
    pub fn role(id: CategoryId) -> Option<&'static str> {
        match id {
            CategoryId::VENUE_HIRE => Some("venue hire proposed from sessions is put in it"),
            CategoryId::SPEAKER_TRAVEL => {
                Some("speaker travel proposed from sessions is put in it, and checked")
            }
            CategoryId::SITE_VISITS => {
                Some("site-visit travel proposed from sessions is put in it")
            }
            _ => None,
        }
    }

    fn starting(id: CategoryId) -> Option<Category> {
        let (name, key) = STARTING.get(usize::try_from(id.0).ok()?)?;
        Some(Category {
            id,
            name: (*name).to_string(),
            key: (*key).to_string(),
            retired: false,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{typed}\" is not a budget category (one of: {known})")]
pub struct UnknownCategory {
    pub typed: String,
    pub known: String,
}

/// Every category of a programme: the starting six as stored or as they start, then those
/// added, in id order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Categories {
    stored: BTreeMap<CategoryId, Category>,
}

impl Categories {
    /// The record stored for `id`, if the team has changed or added it.
    pub fn stored(&self, id: CategoryId) -> Option<&Category> {
        self.stored.get(&id)
    }

    /// Every record stored: the categories the team renamed, added or retired.
    pub fn stored_all(&self) -> Vec<&Category> {
        self.stored.values().collect()
    }

    pub fn put(&mut self, category: Category) {
        self.stored.insert(category.id, category);
    }

    /// Removing a starting category's record brings back its starting name.
    pub fn remove(&mut self, id: CategoryId) {
        self.stored.remove(&id);
    }

    /// Every category, retired ones included.
    pub fn all(&self) -> Vec<Category> {
        let starting = (0..STARTING.len() as u64)
            .map(CategoryId)
            .filter(|id| !self.stored.contains_key(id))
            .filter_map(Category::starting);
        let mut all: Vec<Category> = starting.chain(self.stored.values().cloned()).collect();
        all.sort_by_key(|c| c.id);
        all
    }

    /// The categories a new expense or allocation may use, in order.
    pub fn current(&self) -> Vec<Category> {
        self.all().into_iter().filter(|c| !c.retired).collect()
    }

    pub fn get(&self, id: CategoryId) -> Option<Category> {
        self.stored
            .get(&id)
            .cloned()
            .or_else(|| Category::starting(id))
    }

    /// The name to show: what the team calls it.
    pub fn name(&self, id: CategoryId) -> String {
        self.get(id)
            .map_or_else(|| format!("category {}", id.0), |c| c.name)
    }

    pub fn key(&self, id: CategoryId) -> String {
        self.get(id)
            .map_or_else(|| format!("category_{}", id.0), |c| c.key)
    }

    /// The current category called `typed`, by name or key; case, spaces, hyphens and
    /// underscores aside.
    pub fn find(&self, typed: &str) -> Result<CategoryId, UnknownCategory> {
        let wanted = squash(typed);
        let current = self.current();
        current
            .iter()
            .find(|c| !wanted.is_empty() && (squash(&c.name) == wanted || squash(&c.key) == wanted))
            .map(|c| c.id)
            .ok_or_else(|| UnknownCategory {
                typed: typed.to_string(),
                known: current
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The id a new category takes.
    pub fn next_id(&self) -> CategoryId {
        let highest = self.all().iter().map(|c| c.id.0).max().unwrap_or(0);
        CategoryId(highest + 1)
    }

    /// A key for a category called `name`, unlike every other category's.
    fn fresh_key(&self, name: &str) -> String {
        let base: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_lowercase().next().unwrap_or(c)
                } else {
                    '_'
                }
            })
            .collect::<String>()
            .split('_')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        let base = if base.is_empty() {
            "category".to_string()
        } else {
            base
        };
        let taken: Vec<String> = self.all().iter().map(|c| squash(&c.key)).collect();
        let mut key = base.clone();
        let mut n = 1;
        while taken.contains(&squash(&key)) {
            n += 1;
            key = format!("{base}_{n}");
        }
        key
    }
}

/// What still refers to a category: expenses in any state, and allocations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CategoryUse {
    pub expenses: usize,
    pub allocations: usize,
}

impl CategoryUse {
    pub fn of(data: &Snapshot, id: CategoryId) -> CategoryUse {
        let allocated = |allocations: &[crate::domain::budget::Allocation]| {
            allocations
                .iter()
                .filter(|a| a.category == id && a.amount.0 != 0)
                .count()
        };
        CategoryUse {
            expenses: data.expenses.values().filter(|e| e.category == id).count(),
            allocations: data
                .budget
                .as_ref()
                .map_or(0, |b| allocated(&b.allocations))
                + data
                    .cohort_budgets
                    .values()
                    .map(|b| allocated(&b.allocations))
                    .sum::<usize>(),
        }
    }

    fn is_empty(self) -> bool {
        self.expenses == 0 && self.allocations == 0
    }
}

/// Why a category cannot be given the name `typed`, if it cannot.
fn name_problem(data: &Snapshot, typed: &str, renaming: Option<CategoryId>) -> Option<String> {
    let name = clean_line(typed);
    if squash(&name).is_empty() {
        return Some("A category needs a name with a letter or digit in it.".to_string());
    }
    // The budget's own lines: a category of either name could not be told apart from them.
    if ["grant", "total"].contains(&squash(&name).as_str()) {
        return Some(format!(
            "“{name}” is a line of the budget itself; call the category something else."
        ));
    }
    data.categories
        .all()
        .into_iter()
        .filter(|c| Some(c.id) != renaming && !c.retired)
        .find(|c| squash(&c.name) == squash(&name) || squash(&c.key) == squash(&name))
        .map(|c| format!("There is already a category called {}.", c.name))
}

/// The record that adds a category called `typed`; a retired category of that name comes back
/// instead of a second one being made.
pub fn add_category(data: &Snapshot, typed: &str) -> Result<Category, String> {
    if let Some(problem) = name_problem(data, typed, None) {
        return Err(problem);
    }
    let name = clean_line(typed);
    let categories = &data.categories;
    if let Some(retired) = categories.all().into_iter().find(|c| {
        c.retired && (squash(&c.name) == squash(&name) || squash(&c.key) == squash(&name))
    }) {
        return Ok(Category {
            name,
            retired: false,
            ..retired
        });
    }
    Ok(Category {
        id: categories.next_id(),
        key: categories.fresh_key(&name),
        name,
        retired: false,
    })
}

/// The record that renames category `id` to `typed`; its key stays as it was.
pub fn rename_category(data: &Snapshot, id: CategoryId, typed: &str) -> Result<Category, String> {
    let current = data
        .categories
        .get(id)
        .ok_or_else(|| format!("There is no category {}.", id.0))?;
    if let Some(problem) = name_problem(data, typed, Some(id)) {
        return Err(problem);
    }
    Ok(Category {
        name: clean_line(typed),
        ..current
    })
}

/// The record that retires category `id`, if nothing refers to it and the programme's rules
/// do not rely on it.
pub fn retire_category(data: &Snapshot, id: CategoryId) -> Result<Category, String> {
    let current = data
        .categories
        .get(id)
        .ok_or_else(|| format!("There is no category {}.", id.0))?;
    if let Some(role) = Category::role(id) {
        return Err(format!(
            "Can't retire {}: {role}. Rename it instead (e).",
            current.name
        ));
    }
    let uses = CategoryUse::of(data, id);
    if !uses.is_empty() {
        let mut what = Vec::new();
        if uses.expenses > 0 {
            what.push(plural(uses.expenses, "expense"));
        }
        if uses.allocations > 0 {
            what.push(plural(uses.allocations, "allocation"));
        }
        return Err(format!(
            "Can't retire {}: it still has {}; move them to another category first.",
            current.name,
            what.join(" and ")
        ));
    }
    Ok(Category {
        retired: true,
        ..current
    })
}

fn plural(n: usize, noun: &str) -> String {
    crate::domain::count::count(n, noun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::budget::ExpenseState;
    use crate::domain::fixture::Fixture;

    #[test]
    fn a_programme_starts_with_six_categories_in_order() {
        let names: Vec<String> = Categories::default()
            .current()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(
            names,
            [
                "Venue hire",
                "Speaker travel",
                "Site visits",
                "Catering",
                "Materials",
                "Other"
            ]
        );
    }

    #[test]
    fn categories_are_found_by_name_or_key_however_typed() {
        let categories = Categories::default();
        assert_eq!(categories.find("venue hire"), Ok(CategoryId::VENUE_HIRE));
        assert_eq!(
            categories.find("SPEAKER_TRAVEL"),
            Ok(CategoryId::SPEAKER_TRAVEL)
        );
        let wrong = categories.find("Travel").unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "\"Travel\" is not a budget category (one of: Venue hire, Speaker travel, Site \
             visits, Catering, Materials, Other)"
        );
        assert!(categories.find("").is_err());
    }

    #[test]
    fn an_added_category_gets_the_next_id_and_a_key_from_its_name() {
        let mut data = Snapshot::default();
        let added = add_category(&data, "  Accessibility support ").unwrap();
        assert_eq!(added.id, CategoryId(6));
        assert_eq!(added.name, "Accessibility support");
        assert_eq!(added.key, "accessibility_support");
        data.categories.put(added);
        assert_eq!(
            data.categories.find("accessibility support"),
            Ok(CategoryId(6))
        );
        assert_eq!(
            add_category(&data, "ACCESSIBILITY-support"),
            Err("There is already a category called Accessibility support.".to_string())
        );
        assert_eq!(
            add_category(&data, "TOTAL"),
            Err(
                "“TOTAL” is a line of the budget itself; call the category something else."
                    .to_string()
            )
        );
        assert_eq!(
            add_category(&data, " - "),
            Err("A category needs a name with a letter or digit in it.".to_string())
        );
    }

    #[test]
    fn a_rename_keeps_the_key_scripts_use() {
        let mut data = Snapshot::default();
        let renamed = rename_category(&data, CategoryId::CATERING, "Refreshments").unwrap();
        data.categories.put(renamed);
        assert_eq!(data.categories.name(CategoryId::CATERING), "Refreshments");
        assert_eq!(data.categories.key(CategoryId::CATERING), "catering");
        assert_eq!(data.categories.find("catering"), Ok(CategoryId::CATERING));
        assert_eq!(
            rename_category(&data, CategoryId::OTHER, "refreshments"),
            Err("There is already a category called Refreshments.".to_string())
        );
        // Undoing the rename deletes the record: the starting name comes back.
        data.categories.remove(CategoryId::CATERING);
        assert_eq!(data.categories.name(CategoryId::CATERING), "Catering");
    }

    #[test]
    fn a_category_in_use_or_relied_on_is_not_retired() {
        let mut f = Fixture::new();
        f.expense(1, CategoryId::MATERIALS, ExpenseState::Cancelled, 500);
        let data = f.data.clone();
        assert_eq!(
            retire_category(&data, CategoryId::MATERIALS),
            Err(
                "Can't retire Materials: it still has 1 expense; move them to another category \
                 first."
                    .to_string()
            )
        );
        assert_eq!(
            retire_category(&data, CategoryId::SPEAKER_TRAVEL),
            Err(
                "Can't retire Speaker travel: speaker travel proposed from sessions is put in \
                 it, and checked. Rename it instead (e)."
                    .to_string()
            )
        );
        let retired = retire_category(&data, CategoryId::OTHER).unwrap();
        assert!(retired.retired);
    }

    #[test]
    fn a_retired_category_leaves_the_lists_and_comes_back_by_its_name() {
        let mut data = Snapshot::default();
        let retired = retire_category(&data, CategoryId::OTHER).unwrap();
        data.categories.put(retired);
        assert_eq!(data.categories.current().len(), 5);
        assert!(data.categories.find("Other").is_err());
        let back = add_category(&data, "other").unwrap();
        assert_eq!(back.id, CategoryId::OTHER);
        assert!(!back.retired);
        assert_eq!(back.key, "other");
    }
}
