//! Narrowing the roster by stage, organisation and profession, chosen from the registers'
//! own lists (typing narrows the list, as in every pick field).

use super::{OpenForm, Purpose, value};
use crate::domain::pathway::PathwayStage;
use crate::domain::roster::RosterFilter;
use crate::domain::snapshot::Snapshot;
use crate::tui::form::{Field, Form};

const ANY_STAGE: &str = "any stage";

pub fn filter_form(data: &Snapshot, current: &RosterFilter) -> OpenForm {
    let mut stages = vec![ANY_STAGE.to_string()];
    stages.extend(PathwayStage::ALL.iter().map(|s| s.label().to_string()));
    let chosen = current
        .stage
        .and_then(|s| PathwayStage::ALL.iter().position(|x| *x == s))
        .map_or(0, |i| i + 1);
    OpenForm {
        form: Form::new(
            "Show only (leave blank for everyone)",
            vec![
                Field::choice("Stage", stages, chosen),
                Field::optional_pick(
                    "Org",
                    data.organisations
                        .values()
                        .map(|o| o.name.clone())
                        .collect(),
                    current.organisation.as_deref().unwrap_or(""),
                ),
                Field::optional_pick(
                    "Job",
                    data.professions.values().map(|p| p.name.clone()).collect(),
                    current.profession.as_deref().unwrap_or(""),
                ),
            ],
        )
        .submitting("show"),
        purpose: Purpose::FilterRoster,
    }
}

/// The filter a filled-in filter form describes.
pub fn roster_filter(open: &OpenForm) -> RosterFilter {
    let picked = |label: &str| {
        open.form
            .field(label)
            .and_then(|f| f.picked())
            .map(str::to_string)
    };
    RosterFilter {
        stage: value(open, "Stage").parse().ok(),
        organisation: picked("Org"),
        profession: picked("Job"),
    }
}
