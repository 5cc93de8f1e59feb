//! Checks a form declares beyond one field's own value: an end on or after its start, a name
//! not already taken, a value needed because of another field, a total within a limit. Each is
//! shown beside the field at fault and counted with the rest, as the person types.

use super::field::{Field, FieldKind};
use crate::domain::dates::long_date;
use crate::domain::money::Pence;
use crate::domain::text::name_key;
use chrono::NaiveDate;
use std::borrow::Cow;

/// One check that looks past a field's own value; `field` is the label of the field it marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The date in `field` is on or after the date in the field labelled `start`, which `noun`
    /// names in the fault ("the start").
    NotBefore {
        field: &'static str,
        start: &'static str,
        noun: &'static str,
    },
    /// The date in `field` is on or after `date`, which `noun` names ("the match's start").
    NotBeforeDate {
        field: &'static str,
        date: NaiveDate,
        noun: String,
    },
    /// The date in `field` is on or before `date`, which `noun` names ("today"): a day that
    /// has not come yet cannot be recorded as past.
    NotAfterDate {
        field: &'static str,
        date: NaiveDate,
        noun: String,
    },
    /// `field` holds none of `taken`'s values, compared as names are (case and spacing aside);
    /// each comes with the words said when it is typed ("Cohort 3 has that number").
    NotTaken {
        field: &'static str,
        taken: Vec<(String, String)>,
    },
    /// `field` must be given unless the field labelled `other` holds `unless`; `why` is the
    /// fault ("needed for an external venue").
    NeededUnless {
        field: &'static str,
        other: &'static str,
        unless: String,
        why: String,
    },
    /// The amount in `field` is at least the sum of every other money field in the form (a
    /// grant and its allocations).
    CoversTheRest { field: &'static str },
    /// The amount in `field` is at most `most`; `why` says where the limit comes from ("the
    /// programme allocates £500 to it, £200 of it to other cohorts").
    MoneyAtMost {
        field: Cow<'static, str>,
        most: Pence,
        why: String,
    },
    /// The amount in `field` is at least `least`; `why` says where the limit comes from
    /// ("the allocations add up to it").
    MoneyAtLeast {
        field: &'static str,
        least: Pence,
        why: String,
    },
}

impl Rule {
    /// The label of the field this rule marks.
    pub fn field(&self) -> &str {
        match self {
            Rule::NotBefore { field, .. }
            | Rule::NotBeforeDate { field, .. }
            | Rule::NotAfterDate { field, .. }
            | Rule::NotTaken { field, .. }
            | Rule::NeededUnless { field, .. }
            | Rule::CoversTheRest { field }
            | Rule::MoneyAtLeast { field, .. } => field,
            Rule::MoneyAtMost { field, .. } => field,
        }
    }

    /// What is wrong with `fields` under this rule, in words for the field it marks; `None`
    /// when nothing is, or when a field it reads is not right yet (that field says so).
    pub fn problem(&self, fields: &[Field]) -> Option<String> {
        let find = |label: &str| fields.iter().find(|f| f.label == label);
        let marked = find(self.field())?;
        match self {
            Rule::NotBefore { start, noun, .. } => {
                let begins = find(start)?.as_date()?;
                let date = marked.as_date()?;
                (date < begins).then(|| before(noun, begins))
            }
            Rule::NotBeforeDate {
                date: begins, noun, ..
            } => {
                let date = marked.as_date()?;
                (date < *begins).then(|| before(noun, *begins))
            }
            Rule::NotAfterDate {
                date: last, noun, ..
            } => {
                let date = marked.as_date()?;
                (date > *last).then(|| {
                    format!(
                        "after {noun}, {}: give that day or an earlier one",
                        long_date(*last)
                    )
                })
            }
            Rule::NotTaken { taken, .. } => {
                let typed = name_key(&marked.value);
                if typed.is_empty() {
                    return None;
                }
                taken
                    .iter()
                    .find(|(value, _)| name_key(value) == typed)
                    .map(|(_, said)| said.clone())
            }
            Rule::NeededUnless {
                other, unless, why, ..
            } => {
                let exempt = find(other)?.value == *unless;
                (!exempt && marked.value.trim().is_empty()).then(|| why.clone())
            }
            Rule::CoversTheRest { .. } => {
                let total = marked.as_money()?;
                let rest: Pence = fields
                    .iter()
                    .filter(|f| f.label != marked.label)
                    .filter(|f| matches!(f.kind, FieldKind::Money { .. }))
                    .filter_map(Field::as_money)
                    .sum();
                (rest > total).then(|| {
                    format!("less than the {rest} allocated below: raise it or lower one of them")
                })
            }
            Rule::MoneyAtMost { most, why, .. } => {
                let amount = marked.as_money()?;
                (amount > *most).then(|| format!("more than {most} ({why})"))
            }
            Rule::MoneyAtLeast { least, why, .. } => {
                let amount = marked.as_money()?;
                (amount < *least).then(|| format!("less than {least} ({why})"))
            }
        }
    }
}

fn before(noun: &str, begins: NaiveDate) -> String {
    format!(
        "before {noun}, {}: give that day or a later one",
        long_date(begins)
    )
}
