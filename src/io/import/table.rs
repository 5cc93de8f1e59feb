//! Reading a CSV file into rows keyed by header name, checking the header first.

use super::error::Problems;
use super::lines::LineStarts;
use crate::io::formula_guard;
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

/// The separator a spreadsheet's `sep=X` first line names (`sep=,` reads as the two values
/// `sep=` and nothing); `None` for any other line.
fn separator_line(line: &csv::StringRecord) -> Option<String> {
    // Not trimmed: the separator may be a space or a tab.
    let first = line.get(0)?.to_lowercase();
    let named = first.trim_start().strip_prefix("sep=")?;
    match (named, line.len()) {
        ("", 2) if line.get(1).is_some_and(str::is_empty) => Some(",".to_string()),
        (other, 1) if other.chars().count() == 1 => Some(other.to_string()),
        _ => None,
    }
}

/// The spreadsheet letters of the column at 0-based `index`: `A`, …, `Z`, `AA`, ….
fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Reads every row; problems with the header or the shape of a row go into `problems`. When
/// the header is unusable no rows are returned.
///
/// Columns the header leaves unnamed (a spreadsheet's empty trailing columns, written as a
/// header ending `,`) are passed over as long as every value in them is empty. Each value
/// loses the apostrophe an export puts before one that starts like a formula
/// ([`crate::io::formula_guard`]).
pub(crate) fn read(text: &str, columns: &Columns, problems: &mut Problems) -> Vec<Row> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineStarts::new(text);
    // The reader counts only `\n` as ending a line, and it places a record where the one
    // before ended, before the `\n` of a `\r\n` and any blank lines: count from where the
    // record's first value starts instead.
    let line_of = |position: Option<&csv::Position>| -> u64 {
        let mut at = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        lines.line(at)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut first = records.next();
    // Excel may start a file with a line naming its separator (`sep=,`) before the header.
    if let Some(Ok(line)) = &first {
        if let Some(separator) = separator_line(line) {
            if separator != "," {
                problems.add(
                    line_of(line.position()),
                    "",
                    format!(
                        "the file says its values are separated by \"{separator}\"; improvers \
                         reads comma-separated files: save it as \"CSV (comma delimited)\" or \
                         \"CSV UTF-8\""
                    ),
                );
                return Vec::new();
            }
            first = records.next();
        }
    }
    let header = match first {
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
            problems.add(
                line_of(e.position()),
                "",
                format!("the header cannot be read: {e}"),
            );
            return Vec::new();
        }
        Some(Ok(header)) => header,
    };
    let header_line = line_of(header.position());
    // One slot per column of the file; `None` for a column the header leaves unnamed.
    let mut slots: Vec<Option<&'static str>> = Vec::with_capacity(header.len());
    let mut header_ok = true;
    for raw in header.iter() {
        let name = normalise_header(raw);
        if name.is_empty() {
            slots.push(None);
            continue;
        }
        match columns.find(&name) {
            Some(column) if slots.contains(&Some(column)) => {
                problems.add(
                    header_line,
                    column,
                    "this column appears twice in the header",
                );
                header_ok = false;
            }
            Some(column) => slots.push(Some(column)),
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
        if !slots.contains(&Some(*required)) {
            problems.add(header_line, required, "this required column is missing");
            header_ok = false;
        }
    }
    if !header_ok {
        return Vec::new();
    }
    // A row may leave out unnamed columns at the end, as some spreadsheets do, but no more.
    let fewest = slots.iter().rposition(Option::is_some).map_or(0, |i| i + 1);

    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                problems.add(
                    line_of(e.position()),
                    "",
                    format!("this line cannot be read: {e}"),
                );
                continue;
            }
        };
        let line = line_of(record.position());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if record.len() < fewest || record.len() > slots.len() {
            problems.add(
                line,
                slots.get(record.len()).copied().flatten().unwrap_or(""),
                format!(
                    "this row has {} values but the header names {} columns",
                    record.len(),
                    slots.len()
                ),
            );
            continue;
        }
        let mut values = HashMap::new();
        let mut row_ok = true;
        for (index, (slot, value)) in slots.iter().zip(record.iter()).enumerate() {
            match slot {
                Some(column) => {
                    values.insert(*column, formula_guard::unguard(value).to_string());
                }
                None if value.trim().is_empty() => {}
                None => {
                    problems.add(
                        line,
                        &column_letters(index),
                        format!(
                            "\"{}\" is in column {} ({}), which has no name on line \
                             {header_line}; name the column there or empty the cell",
                            crate::domain::text::clean_line(value),
                            index + 1,
                            column_letters(index),
                        ),
                    );
                    row_ok = false;
                }
            }
        }
        if row_ok {
            rows.push(Row { line, values });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }
}
