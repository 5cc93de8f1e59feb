//! The report as one self-contained HTML file: inline CSS (screen, phone and A4 print) and
//! inline SVG charts, no scripts, fonts or other files. Every text from the database is
//! escaped by the template (minijinja escapes `.html` templates); the charts' own text is
//! escaped by plotters.

use super::charts::svg;
use super::{Section, sections};
use crate::domain::report::Report;
use minijinja::Environment;
use serde::Serialize;

const TEMPLATE: &str = include_str!("../../../assets/report/report.html");

#[derive(Serialize)]
struct Page<'a> {
    heading: String,
    about: String,
    sections: Vec<SectionView<'a>>,
}

#[derive(Serialize)]
struct SectionView<'a> {
    id: &'static str,
    title: &'a str,
    lead: &'a str,
    /// SVG text, already escaped.
    charts: Vec<String>,
    tables: Vec<TableView<'a>>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct TableView<'a> {
    caption: &'a str,
    head: &'a [String],
    rows: &'a [Vec<String>],
    /// Per column: every cell is a figure, so it is right-aligned and kept on one line.
    figures: Vec<bool>,
}

/// Whether a cell is a count, an amount, a share or a dash for none: "12", "£1,234.56",
/// "-£3.00", "67%", "0.96", "+1.5", "−2", "–". Dates and names are not.
fn is_figure(cell: &str) -> bool {
    let cell = cell
        .trim_start_matches(['-', '+', '−'])
        .trim_start_matches('£');
    cell == "–"
        || (!cell.is_empty()
            && cell.starts_with(|c: char| c.is_ascii_digit())
            && cell
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '%')))
}

fn figure_columns(head: &[String], rows: &[Vec<String>]) -> Vec<bool> {
    (0..head.len())
        .map(|i| {
            !rows.is_empty()
                && rows
                    .iter()
                    .all(|row| row.get(i).is_none_or(|cell| is_figure(cell)))
        })
        .collect()
}

/// What the report covers, in one line under its heading.
fn about(report: &Report) -> String {
    let scope = report
        .cohort
        .as_ref()
        .map_or_else(|| "All cohorts".to_string(), |c| c.name.clone());
    let day = |d: chrono::NaiveDate| d.format("%-d %B %Y").to_string();
    let period = match (report.period.from, report.period.to) {
        (None, None) => "from the start of the programme".to_string(),
        (Some(f), None) => format!("from {}", day(f)),
        (None, Some(t)) => format!("up to {}", day(t)),
        (Some(f), Some(t)) => format!("from {} to {}", day(f), day(t)),
    };
    let funder = if report.funder.is_empty() {
        String::new()
    } else {
        format!("For {}. ", report.funder)
    };
    format!("{funder}{scope}, {period}. Made on {}.", day(report.today))
}

/// The whole page. Fails only if a chart cannot be drawn or the template is broken, with a
/// sentence saying which.
pub fn page(report: &Report) -> Result<String, String> {
    let sections: Vec<Section> = sections(report);
    let mut views = Vec::with_capacity(sections.len());
    for s in &sections {
        views.push(SectionView {
            id: s.id,
            title: &s.title,
            lead: &s.lead,
            charts: s.charts.iter().map(svg).collect::<Result<_, _>>()?,
            tables: s
                .tables
                .iter()
                .map(|t| TableView {
                    caption: &t.caption,
                    head: &t.head,
                    rows: &t.rows,
                    figures: figure_columns(&t.head, &t.rows),
                })
                .collect(),
            notes: &s.notes,
        });
    }
    let name = if report.programme.is_empty() {
        "Programme report".to_string()
    } else {
        format!("{}: programme report", report.programme)
    };
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| format!("the report's page template is broken: {e}"))?;
    let template = env
        .get_template("report.html")
        .map_err(|e| format!("the report's page template is missing: {e}"))?;
    template
        .render(Page {
            heading: name,
            about: about(report),
            sections: views,
        })
        .map_err(|e| format!("the report's page could not be made: {e}"))
}

#[cfg(test)]
mod tests {
    use super::is_figure;

    #[test]
    fn counts_amounts_and_shares_are_figures_and_names_and_dates_are_not() {
        for cell in [
            "12",
            "£1,234.56",
            "-£3.00",
            "67%",
            "0.96",
            "+1.5",
            "−2",
            "–",
        ] {
            assert!(is_figure(cell), "{cell}");
        }
        for cell in ["9 Jul 2025", "Cohort 1", "", "yes", "Apr 2025"] {
            assert!(!is_figure(cell), "{cell}");
        }
    }
}
