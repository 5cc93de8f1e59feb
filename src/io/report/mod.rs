//! The funder's report drawn from its figures: one [`Section`] per aim of the bid, each with
//! its charts and the tables behind them, written as one HTML file or as JSON.

pub mod charts;
pub mod html;
mod sections;

use crate::domain::report::Report;
use charts::Chart;

/// A table as the report shows it: every cell already worded (money as £1,234.56).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// What the table lists, shown above it.
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One section of the report. Adding a section is adding one function that makes one of
/// these to [`sections`].
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The section's anchor in the page (`#reach`).
    pub id: &'static str,
    pub title: String,
    /// One or two sentences that say what the figures show, with the headline numbers.
    pub lead: String,
    /// Empty when there is nothing yet to draw: the lead says so instead.
    pub charts: Vec<Chart>,
    /// The first table holds the figures of the first chart.
    pub tables: Vec<Table>,
    /// How the figures are worked out, where a reader would ask.
    pub notes: Vec<String>,
}

/// The report's sections, in the order of the bid's aims.
pub fn sections(report: &Report) -> Vec<Section> {
    vec![
        sections::reach(report),
        sections::delivery(report),
        sections::mentoring(report),
        sections::pathway(report),
        sections::mix(report),
        sections::money(report),
        sections::outcomes(report),
    ]
}

/// The figures as JSON, for a funder's own template: the keys are those of [`Report`], money
/// in integer pence, dates as YYYY-MM-DD.
pub fn json(report: &Report) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(report)?;
    bytes.push(b'\n');
    Ok(bytes)
}
