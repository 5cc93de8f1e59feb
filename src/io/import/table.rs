//! Reading a CSV file into rows keyed by header name, checking the header first.

use super::error::Problems;
use std::collections::HashMap;

/// The columns a kind of file has. Order in the file is free.
pub(crate) struct Columns {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Columns {
    fn all(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().chain(self.optional).copied()
    }

    fn find(&self, name: &str) -> Option<&'static str> {
        self.all().find(|c| *c == name)
    }
}

/// One record of the file: its line and its raw values by column.
pub(crate) struct Row {
    pub line: u64,
    values: HashMap<&'static str, String>,
}

impl Row {
    /// The raw value; empty when the optional column is absent.
    pub fn raw(&self, column: &str) -> &str {
        self.values.get(column).map_or("", String::as_str)
    }
}

/// Header names are compared in lower snake case, so `Project Title` means `project_title`.
fn normalise_header(name: &str) -> String {
    crate::domain::text::clean_line(name)
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Reads every row; problems with the header or the shape of a row go into `problems`. When
/// the header is unusable no rows are returned.
pub(crate) fn read(text: &str, columns: &Columns, problems: &mut Problems) -> Vec<Row> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            problems.add(
                1,
                "",
                format!(
                    "the file is empty; its first line must name the columns ({})",
                    columns.all().collect::<Vec<_>>().join(", ")
                ),
            );
            return Vec::new();
        }
        Some(Err(e)) => {
            problems.add(1, "", format!("the header cannot be read: {e}"));
            return Vec::new();
        }
        Some(Ok(header)) => header,
    };
    let header_line = header.position().map_or(1, csv::Position::line);
    let mut slots: Vec<&'static str> = Vec::with_capacity(header.len());
    let mut header_ok = true;
    for raw in header.iter() {
        let name = normalise_header(raw);
        match columns.find(&name) {
            Some(column) if slots.contains(&column) => {
                problems.add(
                    header_line,
                    column,
                    "this column appears twice in the header",
                );
                header_ok = false;
            }
            Some(column) => slots.push(column),
            None => {
                let shown = crate::domain::text::clean_line(raw);
                problems.add(
                    header_line,
                    &shown,
                    format!(
                        "unknown column (the columns are: {})",
                        columns.all().collect::<Vec<_>>().join(", ")
                    ),
                );
                header_ok = false;
            }
        }
    }
    for required in columns.required {
        if !slots.contains(required) {
            problems.add(header_line, required, "this required column is missing");
            header_ok = false;
        }
    }
    if !header_ok {
        return Vec::new();
    }

    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problems.add(line, "", format!("this line cannot be read: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if record.len() != slots.len() {
            problems.add(
                line,
                slots.get(record.len()).copied().unwrap_or(""),
                format!(
                    "this row has {} values but the header names {} columns",
                    record.len(),
                    slots.len()
                ),
            );
            continue;
        }
        let values = slots
            .iter()
            .zip(record.iter())
            .map(|(column, value)| (*column, value.to_string()))
            .collect();
        rows.push(Row { line, values });
    }
    rows
}
