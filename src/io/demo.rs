//! The demo programme: human-editable files in `assets/demo/`, embedded in the binary and
//! loaded through the same import code as a user's own files, with every date moved by whole
//! weeks so the programme looks current whatever the date.

use super::import::{CsvKind, ImportErrors, Importer, parse_programme};
use crate::domain::change::{Change, Record};
use crate::domain::shift_date;
use crate::domain::snapshot::Snapshot;
use chrono::{Days, NaiveDate, NaiveDateTime};

/// The demo's files, in the order they import.
const PROGRAMME: (&str, &str) = (
    "assets/demo/programme.toml",
    include_str!("../../assets/demo/programme.toml"),
);

const CSV_FILES: [(CsvKind, &str, &str); 10] = [
    (
        CsvKind::Venues,
        "assets/demo/venues.csv",
        include_str!("../../assets/demo/venues.csv"),
    ),
    (
        CsvKind::QMembers,
        "assets/demo/q-members.csv",
        include_str!("../../assets/demo/q-members.csv"),
    ),
    (
        CsvKind::Participants,
        "assets/demo/participants.csv",
        include_str!("../../assets/demo/participants.csv"),
    ),
    (
        CsvKind::Pathway,
        "assets/demo/pathway.csv",
        include_str!("../../assets/demo/pathway.csv"),
    ),
    (
        CsvKind::Readiness,
        "assets/demo/readiness.csv",
        include_str!("../../assets/demo/readiness.csv"),
    ),
    (
        CsvKind::Sessions,
        "assets/demo/sessions.csv",
        include_str!("../../assets/demo/sessions.csv"),
    ),
    (
        CsvKind::Attendance,
        "assets/demo/attendance.csv",
        include_str!("../../assets/demo/attendance.csv"),
    ),
    (
        CsvKind::Matches,
        "assets/demo/matches.csv",
        include_str!("../../assets/demo/matches.csv"),
    ),
    (
        CsvKind::CheckIns,
        "assets/demo/check-ins.csv",
        include_str!("../../assets/demo/check-ins.csv"),
    ),
    (
        CsvKind::Expenses,
        "assets/demo/expenses.csv",
        include_str!("../../assets/demo/expenses.csv"),
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    /// A demo file does not import: a bug in the assets.
    #[error("the demo programme does not load:\n{0}")]
    Import(#[from] ImportErrors),
    #[error("{0}: the demo programme needs an `anchor` date")]
    NoAnchor(&'static str),
}

/// Whole weeks from the anchor to `today`, in days, rounded down: weekdays stay right.
pub fn demo_shift(anchor: NaiveDate, today: NaiveDate) -> i64 {
    (today - anchor).num_days().div_euclid(7) * 7
}

/// The demo programme as one change, its dates moved so that the anchor date falls in the
/// week of `today`.
pub fn demo_programme(today: NaiveDate) -> Result<Change, DemoError> {
    let (programme_file, programme_text) = PROGRAMME;
    let programme = parse_programme(programme_text, programme_file)?;
    let anchor = programme
        .anchor
        .ok_or(DemoError::NoAnchor(programme_file))?;
    let empty = Snapshot::default();
    let mut importer = Importer::new(&empty, anchor);
    importer.programme(programme);
    for (kind, file, text) in CSV_FILES {
        importer.import(kind, text, file)?;
    }
    let days = demo_shift(anchor, today);
    let changes = importer
        .finish()
        .into_iter()
        .map(|mut record| {
            shift_record(&mut record, days);
            Change::Put(record)
        })
        .collect();
    Ok(Change::Batch {
        summary: "loaded the demo programme".to_string(),
        changes,
    })
}

fn shift_time(time: NaiveDateTime, days: i64) -> NaiveDateTime {
    let magnitude = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        time.checked_add_days(magnitude)
    } else {
        time.checked_sub_days(magnitude)
    };
    moved.unwrap_or(time)
}

/// Moves every date a record holds by `days`.
pub fn shift_record(record: &mut Record, days: i64) {
    use crate::domain::mentoring::MatchState;
    if days == 0 {
        return;
    }
    match record {
        Record::Cohort(c) => {
            c.starts = shift_date(c.starts, days);
            c.ends = shift_date(c.ends, days);
        }
        Record::Participant(p) => {
            p.pathway.shift_dates(days);
            for tick in &mut p.readiness {
                tick.on = shift_date(tick.on, days);
            }
        }
        Record::Match(m) => {
            m.proposed_on = shift_date(m.proposed_on, days);
            match &mut m.state {
                MatchState::Proposed => {}
                MatchState::Confirmed { on } | MatchState::Ended { on, .. } => {
                    *on = shift_date(*on, days);
                }
            }
            for check_in in &mut m.check_ins {
                check_in.on = shift_date(check_in.on, days);
            }
        }
        Record::Session(s) => s.start = shift_time(s.start, days),
        Record::Expense(e) => {
            e.date = shift_date(e.date, days);
            for change in &mut e.history {
                change.on = shift_date(change.on, days);
            }
        }
        Record::Programme(_)
        | Record::QMember(_)
        | Record::Organisation(_)
        | Record::Profession(_)
        | Record::PairRule(_)
        | Record::Venue(_)
        | Record::Budget(_)
        | Record::Series(_)
        | Record::CohortBudget(_)
        | Record::Category(_)
        | Record::Numbering(_)
        | Record::Settings(_)
        | Record::Backup(_) => {}
        Record::Erasure(_) | Record::MailSent(_) | Record::LearningSets(_) => {}
        Record::QLink(l) => l.joined_on = shift_date(l.joined_on, days),
        Record::Survey(s) => {
            for answer in &mut s.answers {
                answer.recorded_on = shift_date(answer.recorded_on, days);
                answer.answered = answer.answered.map(|at| at + chrono::Duration::days(days));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn shift_is_whole_weeks_rounded_down() {
        let anchor = d("2026-11-25");
        assert_eq!(demo_shift(anchor, anchor), 0);
        assert_eq!(demo_shift(anchor, d("2026-12-01")), 0);
        assert_eq!(demo_shift(anchor, d("2026-12-02")), 7);
        assert_eq!(demo_shift(anchor, d("2026-11-24")), -7);
        assert_eq!(demo_shift(anchor, d("2026-10-26")), -35);
    }
}
