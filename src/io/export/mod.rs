//! Export: every kind of CSV file the importer reads, written back in the same form (the same
//! headers, values as the importer reads them), `programme.toml`, and the whole programme as
//! one JSON document. Column names come from the importer, so the two cannot drift apart.
//! Sessions also go out as an iCalendar file for calendar apps, expenses as a journal for
//! ledger and hledger.

mod expenses;
mod ics;
mod json;
mod ledger;
mod mentoring;
mod names;
mod people;
mod programme;
mod sessions;
mod table;

pub use ics::{calendar, sessions_ics};
pub use json::{JSON_FORMAT, JSON_KEYS, ProgrammeJson, programme_json};
pub use ledger::expenses_ledger;
pub use programme::{ProgrammeExportError, programme_toml};

use crate::domain::snapshot::Snapshot;
use crate::io::import::CsvKind;
use names::Names;

/// The file of `kind` for the programme `data`: UTF-8 CSV, rows in id order.
pub fn csv(kind: CsvKind, data: &Snapshot) -> Vec<u8> {
    table::write(kind, rows(kind, &Names::new(data)))
}

fn rows(kind: CsvKind, names: &Names) -> Vec<table::Row> {
    match kind {
        CsvKind::Venues => sessions::venues(names),
        CsvKind::QMembers => people::q_members(names),
        CsvKind::Participants => people::participants(names),
        CsvKind::Pathway => people::pathway(names),
        CsvKind::Readiness => people::readiness(names),
        CsvKind::Sessions => sessions::sessions(names),
        CsvKind::Attendance => sessions::attendance(names),
        CsvKind::Matches => mentoring::matches(names),
        CsvKind::CheckIns => mentoring::check_ins(names),
        CsvKind::Expenses => expenses::expenses(names),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::demo::demo_programme;
    use crate::io::import::{Importer, parse_programme};
    use chrono::NaiveDate;

    fn demo() -> Snapshot {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut data = Snapshot::default();
        data.apply(&demo_programme(today).unwrap());
        data
    }

    #[test]
    fn every_row_sets_exactly_the_importers_columns() {
        let data = demo();
        let names = Names::new(&data);
        for kind in CsvKind::ALL {
            let mut header = table::header(kind);
            header.sort_unstable();
            let rows = rows(kind, &names);
            assert!(!rows.is_empty(), "the demo has no {kind:?}");
            for row in rows {
                let mut columns: Vec<_> = row.columns().collect();
                columns.sort_unstable();
                assert_eq!(columns, header, "{kind:?}");
            }
        }
    }

    #[test]
    fn every_file_imports_back_into_an_empty_programme() {
        let data = demo();
        let empty = Snapshot::default();
        let mut importer = Importer::new(&empty, NaiveDate::MIN);
        let toml = programme_toml(&data).unwrap();
        importer.programme(parse_programme(&toml, "programme.toml").unwrap());
        for kind in CsvKind::ALL {
            let text = String::from_utf8(csv(kind, &data)).unwrap();
            importer
                .import(kind, &text, kind.file_name())
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
        }
    }
}
