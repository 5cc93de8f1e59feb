//! Writing one kind of CSV file: the importer's header, then one row per record, each value in
//! the form the importer reads back.

use crate::domain::money::Pence;
use crate::io::formula_guard;
use crate::io::import::CsvKind;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;

/// One record's values by column name. Columns left out are written empty.
#[derive(Debug, Default)]
pub(crate) struct Row {
    values: HashMap<&'static str, String>,
}

impl Row {
    pub fn new() -> Row {
        Row::default()
    }

    /// A text value, guarded so that a spreadsheet never reads it as a formula
    /// ([`formula_guard`]).
    pub fn set(mut self, column: &'static str, value: impl AsRef<str>) -> Row {
        self.values
            .insert(column, formula_guard::guard(value.as_ref()));
        self
    }

    /// A figure the export writes itself (an amount, a count), left as it is so spreadsheets
    /// read a number.
    pub fn number(mut self, column: &'static str, value: String) -> Row {
        self.values.insert(column, value);
        self
    }

    #[cfg(test)]
    pub fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.values.keys().copied()
    }
}

/// Every column of `kind`, required first, in the importer's order.
pub(crate) fn header(kind: CsvKind) -> Vec<&'static str> {
    kind.required_columns()
        .iter()
        .chain(kind.optional_columns())
        .copied()
        .collect()
}

/// The whole file as UTF-8 text, each value as its row holds it (text guarded, figures not).
pub(crate) fn write(kind: CsvKind, rows: impl IntoIterator<Item = Row>) -> Vec<u8> {
    let columns = header(kind);
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail, and every record has the header's length.
    let _ = writer.write_record(&columns);
    for row in rows {
        debug_assert!(
            row.values.keys().all(|c| columns.contains(c)),
            "{kind:?} row has a column the importer does not know: {:?}",
            row.values.keys()
        );
        let _ = writer.write_record(
            columns
                .iter()
                .map(|c| row.values.get(c).map_or("", String::as_str)),
        );
    }
    writer.into_inner().unwrap_or_default()
}

/// `1234.56`: no `£` and no thousands separators, so spreadsheets read a number.
pub(crate) fn money(amount: Pence) -> String {
    let sign = if amount.is_negative() { "-" } else { "" };
    let abs = amount.0.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

pub(crate) fn date(on: NaiveDate) -> String {
    on.format("%Y-%m-%d").to_string()
}

pub(crate) fn date_time(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

pub(crate) fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

pub(crate) fn list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_a_plain_number_that_parses_back() {
        for pence in [7, 50, 123_456, 100_000_000] {
            let written = money(Pence(pence));
            assert!(!written.contains(['£', ',']), "{written}");
            assert_eq!(Pence::parse(&written), Ok(Pence(pence)));
        }
        assert_eq!(money(Pence(123_456)), "1234.56");
    }

    #[test]
    fn the_header_is_the_importers() {
        assert_eq!(
            header(CsvKind::Venues),
            ["name", "capacity", "address", "rate", "per"]
        );
    }
}
