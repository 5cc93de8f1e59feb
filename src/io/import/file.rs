//! One file into a programme, as both `improvers import` and the dashboard's `:import` do it:
//! read it as UTF-8, import it all or nothing, and save each record only if nobody changed it
//! since the programme was read.

use super::{CsvKind, Importer, parse_programme};
use crate::domain::change::Change;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use std::path::Path;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// programme.toml
    Programme,
    Csv(CsvKind),
    /// An outcomes survey, as Microsoft Forms or Google Forms export it.
    Survey,
}

impl Source {
    /// The kinds of record the file's rows are, as `RecordKey::noun` names them: what an
    /// import's count names first.
    pub fn counted(self) -> &'static [&'static str] {
        match self {
            Source::Programme => &["programme", "cohort", "budget"],
            Source::Csv(CsvKind::Venues) => &["venue"],
            Source::Csv(CsvKind::QMembers) => &["Q member"],
            Source::Csv(CsvKind::Participants | CsvKind::Pathway | CsvKind::Readiness) => {
                &["participant"]
            }
            Source::Csv(CsvKind::Sessions | CsvKind::Attendance) => &["session"],
            Source::Csv(CsvKind::Matches | CsvKind::CheckIns) => &["mentoring match"],
            Source::Csv(CsvKind::Expenses) => &["expense"],
            Source::Survey => &["survey answers"],
        }
    }

    /// A kind as people type it: `participants`, `q-members`, `programme`...
    pub fn named(word: &str) -> Option<Source> {
        match word {
            "programme" => return Some(Source::Programme),
            "survey" => return Some(Source::Survey),
            _ => {}
        }
        CsvKind::ALL
            .into_iter()
            .find(|k| k.file_name().trim_end_matches(".csv") == word)
            .map(Source::Csv)
    }
}

/// The file's text, or why it cannot be read (naming the file and, for bad encoding, the line).
pub fn read_text(path: &Path) -> Result<String, String> {
    let name = path.display();
    let bytes =
        std::fs::read(path).map_err(|e| crate::store::error::file_sentence("read", path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let line =
            super::lines::LineStarts::of_bytes(e.as_bytes()).line(e.utf8_error().valid_up_to());
        format!(
            "{name}:{line}: the file is not UTF-8 text; save it as UTF-8 (\"CSV UTF-8\" in a \
             spreadsheet) and try again"
        )
    })
}

/// What an import saved: how many records, and what in the file was allowed but is worth a
/// look, one `FILE:LINE: column "COLUMN": reason` sentence each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub count: usize,
    /// What was saved as a person counts the file: "2 Q members (and 2 new organisations,
    /// 2 new professions)".
    pub tally: String,
    pub warnings: Vec<String>,
}

/// The change importing `text` asks for and what it saves, `None` when everything in it is
/// already there. Every problem in the file is reported, and then nothing is imported.
pub fn prepare(
    source: Source,
    text: &str,
    name: &str,
    existing: &Snapshot,
    today: NaiveDate,
) -> Result<Option<(Change, Imported)>, String> {
    let refused = |problems: super::ImportErrors| {
        let count = problems.0.len();
        format!(
            "{problems}\n{} in {name}; nothing was imported",
            crate::domain::count::count(count, "problem")
        )
    };
    let (records, tally, warnings) = if source == Source::Survey {
        let survey = super::import_survey(text, name, existing, today).map_err(refused)?;
        let people = survey.records.len();
        let tally = format!(
            "{} from {}",
            crate::domain::count::count(survey.answers, "answer"),
            crate::domain::count::count(people, "participant")
        );
        let notes = survey.notes.iter().map(|w| w.to_string()).collect();
        (survey.records, tally, notes)
    } else {
        let mut importer = Importer::new(existing, today);
        let imported = match source {
            Source::Csv(kind) => importer.import(kind, text, name),
            Source::Programme | Source::Survey => {
                parse_programme(text, name).map(|p| importer.programme(p))
            }
        };
        let records = imported.map_err(refused)?;
        let tally = crate::domain::describe::tally(source.counted(), existing, &records);
        let warnings = importer.warnings().iter().map(|w| w.to_string()).collect();
        (records, tally, warnings)
    };
    if records.is_empty() {
        return Ok(None);
    }
    let imported = Imported {
        count: records.len(),
        tally: tally.clone(),
        warnings,
    };
    Ok(Some((
        Change::Batch {
            summary: format!("imported {name}: {tally}"),
            changes: records
                .into_iter()
                .map(|record| Change::Edit {
                    based_on: existing.revisions.get(&record.key()).map(|r| r.seq),
                    record,
                })
                .collect(),
        },
        imported,
    )))
}
