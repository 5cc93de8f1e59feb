//! CSV import: each kind of file is read whole, every problem is reported with its file, line
//! and column, and nothing is imported unless everything is right.
//!
//! Files refer to each other by natural keys: people by email, cohorts by number, venues,
//! organisations and professions by name, sessions by the `ref` given in the sessions file.
//! Import in this order so references resolve: programme, venues, Q members, participants,
//! pathway, readiness, sessions, attendance, matches, check-ins, expenses.

mod draft;
mod error;
mod expenses;
mod fields;
pub mod file;
mod lines;
mod matches;
mod participants;
mod programme;
mod programme_budget;
mod q_members;
mod series;
mod sessions;
mod survey;
mod table;
mod venues;

pub use error::{ImportErrors, ImportProblem};
pub use programme::{CohortPlan, ProgrammeFile, parse_programme};
pub use sessions::stored_session_refs;
pub use survey::{SurveyImport, import_survey};

use crate::domain::change::Record;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use draft::Draft;

/// A kind of CSV file and its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CsvKind {
    Venues,
    QMembers,
    Participants,
    Pathway,
    Readiness,
    Sessions,
    Attendance,
    Matches,
    CheckIns,
    Expenses,
}

impl CsvKind {
    /// In the order files must be imported for references to resolve.
    pub const ALL: [CsvKind; 10] = [
        CsvKind::Venues,
        CsvKind::QMembers,
        CsvKind::Participants,
        CsvKind::Pathway,
        CsvKind::Readiness,
        CsvKind::Sessions,
        CsvKind::Attendance,
        CsvKind::Matches,
        CsvKind::CheckIns,
        CsvKind::Expenses,
    ];

    fn columns(self) -> &'static table::Columns {
        match self {
            CsvKind::Venues => &venues::VENUE_COLUMNS,
            CsvKind::QMembers => &q_members::Q_MEMBER_COLUMNS,
            CsvKind::Participants => &participants::PARTICIPANT_COLUMNS,
            CsvKind::Pathway => &participants::PATHWAY_COLUMNS,
            CsvKind::Readiness => &participants::READINESS_COLUMNS,
            CsvKind::Sessions => &sessions::SESSION_COLUMNS,
            CsvKind::Attendance => &sessions::ATTENDANCE_COLUMNS,
            CsvKind::Matches => &matches::MATCH_COLUMNS,
            CsvKind::CheckIns => &matches::CHECK_IN_COLUMNS,
            CsvKind::Expenses => &expenses::EXPENSE_COLUMNS,
        }
    }

    /// The file's usual name, as in `assets/demo/` and as `export all` writes it.
    pub fn file_name(self) -> &'static str {
        match self {
            CsvKind::Venues => "venues.csv",
            CsvKind::QMembers => "q-members.csv",
            CsvKind::Participants => "participants.csv",
            CsvKind::Pathway => "pathway.csv",
            CsvKind::Readiness => "readiness.csv",
            CsvKind::Sessions => "sessions.csv",
            CsvKind::Attendance => "attendance.csv",
            CsvKind::Matches => "matches.csv",
            CsvKind::CheckIns => "check-ins.csv",
            CsvKind::Expenses => "expenses.csv",
        }
    }

    /// The columns every file of this kind must have.
    pub fn required_columns(self) -> &'static [&'static str] {
        self.columns().required
    }

    /// Columns that may be left out.
    pub fn optional_columns(self) -> &'static [&'static str] {
        self.columns().optional
    }
}

/// Imports files one after another into a working copy of the programme, so later files can
/// refer to what earlier ones created. Each file is all or nothing: when it has problems the
/// working copy is left as it was.
pub struct Importer<'a> {
    existing: &'a Snapshot,
    draft: Draft,
}

impl<'a> Importer<'a> {
    /// `today` is the date given to a participant's first stage when a file says nothing.
    pub fn new(existing: &'a Snapshot, today: NaiveDate) -> Importer<'a> {
        Importer {
            existing,
            draft: Draft::new(existing, today),
        }
    }

    /// Imports one CSV file of `kind`; returns the records it created or changed.
    pub fn import(
        &mut self,
        kind: CsvKind,
        text: &str,
        file: &str,
    ) -> Result<Vec<Record>, ImportErrors> {
        let mut draft = self.draft.clone();
        let mark = draft.touched_len();
        let read = match kind {
            CsvKind::Venues => venues::venues,
            CsvKind::QMembers => q_members::q_members,
            CsvKind::Participants => participants::participants,
            CsvKind::Pathway => participants::pathway,
            CsvKind::Readiness => participants::readiness,
            CsvKind::Sessions => sessions::sessions,
            CsvKind::Attendance => sessions::attendance,
            CsvKind::Matches => matches::matches,
            CsvKind::CheckIns => matches::check_ins,
            CsvKind::Expenses => expenses::expenses,
        };
        read(&mut draft, text, file)?;
        let records = draft.records_since(mark);
        self.draft = draft;
        Ok(records)
    }

    /// Puts the programme, its budget and cohorts (a cohort whose number exists is updated).
    pub fn programme(&mut self, file: ProgrammeFile) -> Vec<Record> {
        let mark = self.draft.touched_len();
        programme::apply(&mut self.draft, file);
        self.draft.records_since(mark)
    }

    /// What the files imported so far hold that is allowed but worth a look, each naming its
    /// file, line and column (a session outside its cohort's dates); a file refused adds none.
    pub fn warnings(&self) -> &[ImportProblem] {
        &self.draft.warnings
    }

    /// Every record created or changed by the imports so far, each once, as it now is.
    pub fn finish(self) -> Vec<Record> {
        let existing = self.existing;
        self.draft
            .all_records()
            .into_iter()
            .filter(|record| existing.get(record.key()).as_ref() != Some(record))
            .collect()
    }
}

/// Imports one CSV file of `kind` into a programme that holds `existing`.
pub fn import_csv(
    kind: CsvKind,
    text: &str,
    file: &str,
    existing: &Snapshot,
    today: NaiveDate,
) -> Result<Vec<Record>, ImportErrors> {
    Importer::new(existing, today).import(kind, text, file)
}

pub fn import_participants(
    text: &str,
    file: &str,
    existing: &Snapshot,
    today: NaiveDate,
) -> Result<Vec<Record>, ImportErrors> {
    import_csv(CsvKind::Participants, text, file, existing, today)
}

pub fn import_q_members(
    text: &str,
    file: &str,
    existing: &Snapshot,
) -> Result<Vec<Record>, ImportErrors> {
    import_csv(CsvKind::QMembers, text, file, existing, NaiveDate::MIN)
}

pub fn import_sessions(
    text: &str,
    file: &str,
    existing: &Snapshot,
) -> Result<Vec<Record>, ImportErrors> {
    import_csv(CsvKind::Sessions, text, file, existing, NaiveDate::MIN)
}

pub fn import_expenses(
    text: &str,
    file: &str,
    existing: &Snapshot,
) -> Result<Vec<Record>, ImportErrors> {
    import_csv(CsvKind::Expenses, text, file, existing, NaiveDate::MIN)
}
