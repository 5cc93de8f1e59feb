//! Export: every kind of CSV file the importer reads, written back in the same form (the same
//! headers, values as the importer reads them), `programme.toml`, and the whole programme as
//! one JSON document. Column names come from the importer, so the two cannot drift apart.
//! Sessions also go out as an iCalendar file for calendar apps, expenses as a journal for
//! ledger and hledger. One person's data goes out whole for a subject access request.

mod budget_report;
mod expenses;
pub(crate) mod ics;
mod json;
mod ledger;
mod mentoring;
mod names;
mod people;
mod person;
mod programme;
mod sessions;
mod survey;
mod table;

pub use budget_report::budget_csv;
pub use ics::{calendar, sessions_ics};
pub use json::{JSON_FORMAT, JSON_KEYS, ProgrammeJson, programme_json};
pub use ledger::expenses_ledger;
pub use person::{
    MergeHeld, NobodyWithEmail, PERSON_JSON_FORMAT, PERSON_JSON_KEYS, PersonExport, person_export,
    person_text, several_records,
};
pub use programme::{ProgrammeExportError, programme_toml};
pub use survey::survey_csv;

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

    #[test]
    fn a_series_survives_the_sessions_file() {
        use crate::domain::change::Record;
        use crate::domain::ids::{SeriesId, SessionId};
        use crate::domain::sessions::series::{Repeat, Series, series_starts};
        use crate::domain::sessions::{Session, SessionKind};

        let session = |id: u64, title: &str, start| Session {
            id: SessionId(id),
            kind: SessionKind::ThemedLearning,
            title: title.to_string(),
            theme: String::new(),
            cohort: None,
            start,
            duration_minutes: 90,
            venue: None,
            facilitators: Vec::new(),
            host: None,
            capacity: None,
            invitees: Vec::new(),
            cancelled: false,
        };
        let first = NaiveDate::from_ymd_opt(2027, 1, 12)
            .and_then(|d| d.and_hms_opt(14, 0, 0))
            .unwrap();
        let starts = series_starts(first, Repeat::Monthly, 4);
        assert_eq!(starts.len(), 4);
        let mut data = Snapshot::default();
        // Later ids for earlier sessions, so the file names a first session it has not reached
        // yet and the import has to put the series in date order itself.
        let ids = [5, 4, 3, 2];
        for (id, start) in ids.iter().zip(&starts) {
            data.put(Record::Session(session(
                *id,
                "Measurement for improvement",
                *start,
            )));
        }
        let one_off = session(1, "Project clinic", starts[1] + chrono::Duration::days(1));
        data.put(Record::Session(one_off.clone()));
        data.put(Record::Series(Series {
            id: SeriesId(7),
            repeat: Repeat::Monthly,
            sessions: ids.iter().map(|id| SessionId(*id)).collect(),
        }));

        let text = String::from_utf8(csv(CsvKind::Sessions, &data)).unwrap();
        let first_ref = "2027-01-12 14:00 Measurement for improvement";
        let rows: Vec<&str> = text.lines().collect();
        assert!(rows[0].ends_with(",series,repeats,uid"), "{text}");
        assert!(
            rows[1].ends_with("2027-02-10 14:00,90,,,,,,,no,,,session-1@programme.improvers"),
            "{text}"
        );
        assert!(
            rows[2..]
                .iter()
                .all(|row| row.contains(&format!(",{first_ref},monthly,session-"))),
            "{text}"
        );

        let empty = Snapshot::default();
        let mut importer = Importer::new(&empty, NaiveDate::MIN);
        importer
            .import(CsvKind::Sessions, &text, "sessions.csv")
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let mut imported = Snapshot::default();
        for record in importer.finish() {
            imported.put(record);
        }
        assert_eq!(imported.sessions.len(), 5);
        let series: Vec<&Series> = imported.series.values().collect();
        let [series] = series.as_slice() else {
            panic!("one series expected: {series:?}");
        };
        assert_eq!(series.repeat, Repeat::Monthly);
        let in_series: Vec<(&str, chrono::NaiveDateTime)> = series
            .sessions
            .iter()
            .filter_map(|id| imported.sessions.get(id))
            .map(|s| (s.title.as_str(), s.start))
            .collect();
        let expected: Vec<(&str, chrono::NaiveDateTime)> = starts
            .iter()
            .map(|start| ("Measurement for improvement", *start))
            .collect();
        assert_eq!(in_series, expected);
        let clinic = imported
            .sessions
            .values()
            .find(|s| s.title == one_off.title && s.start == one_off.start)
            .unwrap();
        assert!(!series.sessions.contains(&clinic.id));
    }
}
