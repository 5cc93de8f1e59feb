//! The finished `status` report from a programme and what the person asked for: the same text
//! or JSON whether this process read the database itself or its owner answered for it.

use super::{Paint, json, text_fitting};
use crate::domain::sessions::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use crate::domain::summary::Summary;
use serde::{Deserialize, Serialize};

/// What `improvers status` asks for. It travels to the database's owner when one is running,
/// so its fields are only ever appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRequest {
    /// `--json`: the keys of docs/status-json.md instead of text.
    pub json: bool,
    /// `--cohort N`: the cohort's number as people call it, not its id.
    pub cohort: Option<u32>,
    /// Bold headings and yellow warnings (the asker's terminal takes colour).
    pub colour: bool,
    /// The asker's screen width in columns; text wraps to it (ignored for JSON).
    pub width: u32,
    /// From the asker's configuration (`[matching] dormant_after_weeks`).
    pub dormant_after_weeks: u32,
    /// From the asker's configuration (`[retention] years`); `None` lists nobody for review.
    pub retention_years: Option<u32>,
}

impl StatusRequest {
    /// Whether the report needs every expense: one cohort's spending is not kept apart, so
    /// `--cohort` reads its expenses; the whole programme's totals are kept with each change.
    pub fn reads_expenses(&self) -> bool {
        self.cohort.is_some()
    }
}

/// The report as it is printed, ending in a newline. `data` must hold the expenses when
/// [`StatusRequest::reads_expenses`]. Errors: a cohort number the programme does not have,
/// named with the cohorts it has.
pub fn report(data: &Snapshot, now: LocalNow, request: &StatusRequest) -> anyhow::Result<String> {
    let cohort_id = request
        .cohort
        .map(|number| crate::commands::cohort_numbered(data, number))
        .transpose()?;
    let rules = crate::domain::mentoring::matching::rules::MatchingRules {
        dormant_after_weeks: request.dormant_after_weeks,
        ..Default::default()
    };
    let summary = Summary::with_rules(data, now, cohort_id, &rules).with_retention(
        data,
        cohort_id,
        request.retention_years,
    );
    if request.json {
        let mut out = serde_json::to_string_pretty(&json(&summary))?;
        out.push('\n');
        Ok(out)
    } else {
        let width = usize::try_from(request.width).unwrap_or(usize::MAX);
        Ok(text_fitting(
            &summary,
            Paint {
                colour: request.colour,
            },
            width,
        ))
    }
}
