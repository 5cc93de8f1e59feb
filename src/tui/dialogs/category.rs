//! The budget's categories as forms: adding one (or bringing a retired one back by its name),
//! renaming one, and retiring one or bringing it back.

use super::{OpenForm, Purpose, based_on, value};
use crate::domain::budget::categories::{Category, add_category, rename_category, retire_category};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::CategoryId;
use crate::domain::snapshot::Snapshot;
use crate::tui::effects::Confirm;
use crate::tui::form::{Field, Form};

/// A form for a new category, or for renaming `current`.
pub fn category_form(data: &Snapshot, current: Option<CategoryId>) -> OpenForm {
    let existing = current.and_then(|id| data.categories.get(id));
    let title = match &existing {
        Some(c) => format!("Rename the category {}", c.name),
        None => "New budget category".to_string(),
    };
    OpenForm {
        form: Form::new(
            title,
            vec![Field::text(
                "Name",
                existing.as_ref().map_or("", |c| c.name.as_str()),
                true,
            )],
        ),
        purpose: Purpose::Category(existing.map(|c| c.id)),
    }
}

fn put(data: &Snapshot, category: Category) -> Change {
    Change::Edit {
        based_on: based_on(data, RecordKey::Category(category.id)),
        record: Record::Category(category),
    }
}

pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    editing: Option<CategoryId>,
) -> Result<(Change, String), String> {
    let typed = value(open, "Name");
    let (category, done) = match editing {
        Some(id) => {
            let before = data.categories.name(id);
            let renamed = rename_category(data, id, typed)?;
            let done = format!("Renamed {before} to {}", renamed.name);
            (renamed, done)
        }
        None => {
            let added = add_category(data, typed)?;
            let done = if data.categories.get(added.id).is_some() {
                format!("Brought back the category {}", added.name)
            } else {
                format!(
                    "Added the category {}: give it an allocation with s",
                    added.name
                )
            };
            (added, done)
        }
    };
    Ok((put(data, category), done))
}

/// `d` on a category: retiring one asks first; bringing one back does not need to.
pub enum RetireOrRestore {
    Ask(Confirm),
    Now(Change, String),
}

pub fn retire_or_restore(data: &Snapshot, id: CategoryId) -> Result<RetireOrRestore, String> {
    let current = data
        .categories
        .get(id)
        .ok_or_else(|| "That category is no longer there.".to_string())?;
    if current.retired {
        let name = current.name.clone();
        let back = Category {
            retired: false,
            ..current
        };
        return Ok(RetireOrRestore::Now(
            put(data, back),
            format!("Brought back the category {name}"),
        ));
    }
    let retired = retire_category(data, id)?;
    let name = retired.name.clone();
    Ok(RetireOrRestore::Ask(Confirm {
        question: format!("Retire {name}? It leaves the forms; d brings it back. (u undoes it)"),
        change: put(data, retired),
        done: format!("Retired the category {name}"),
    }))
}
