//! Importing and exporting from the dashboard (`:import`, `:export`) against a real database.

mod support;

use improvers::io::import::CsvKind;
use improvers::io::import::file::Source;
use improvers::store::Scope;
use improvers::store::shared::Database;
use improvers::tui::effects::Message;
use improvers::tui::files;
use support::demo_db;

#[test]
fn a_bad_file_is_reported_in_one_line_and_a_good_one_is_saved() {
    let (dir, db) = demo_db();
    let mut database = Database::open(&db).unwrap();
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "date,category,amount,payee,state\n2026-02-30,Catering,£1.00,A,paid\n2026-03-01,Catering,-£1.00,B,paid\n",
    )
    .unwrap();
    let said = files::import(
        &mut database,
        &data,
        today,
        Source::Csv(CsvKind::Expenses),
        &bad,
    );
    let Message::Problem(text) = said else {
        panic!("expected a problem, got {said:?}")
    };
    assert!(text.starts_with("2 problems in"), "{text}");
    assert!(text.contains(":2: column \"date\""), "{text}");
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "date,category,amount,payee,state\n2026-03-01,Catering,£1.00,Good Café,paid\n",
    )
    .unwrap();
    let said = files::import(
        &mut database,
        &data,
        today,
        Source::Csv(CsvKind::Expenses),
        &good,
    );
    assert!(
        matches!(&said, Message::Done(t) if t.ends_with(": 1 expense.")),
        "{said:?}"
    );
    let (_, after) = database.snapshot(Scope::Everything).unwrap();
    assert_eq!(after.expenses.len(), data.expenses.len() + 1);
}

#[test]
fn export_writes_a_new_file_and_never_replaces_one() {
    let (dir, db) = demo_db();
    let mut database = Database::open(&db).unwrap();
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    let out = dir.path().join("participants.csv");
    let said = files::export(&data, Source::Csv(CsvKind::Participants), &out);
    assert!(matches!(said, Message::Done(_)), "{said:?}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("name,email,profession,organisation"),
        "{text}"
    );
    let again = files::export(&data, Source::Csv(CsvKind::Participants), &out);
    assert!(
        matches!(&again, Message::Problem(t) if t.contains("already exists")),
        "{again:?}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn colon_export_of_a_calendar_writes_the_cohort_in_view_and_never_replaces_a_file() {
    use improvers::domain::people::roster::CohortFilter;
    let (dir, db) = demo_db();
    let mut database = Database::open(&db).unwrap();
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    let cohort = data.cohorts.values().find(|c| c.number == 2).unwrap().id;
    let stamp = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    let out = dir.path().join("cohort 2.ics");
    let said = files::export_calendar(&data, CohortFilter::Cohort(cohort), stamp, &out);
    assert!(matches!(said, Message::Done(_)), "{said:?}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    let theirs = data
        .sessions
        .values()
        .filter(|s| s.cohort == Some(cohort) || s.cohort.is_none())
        .count();
    assert!(theirs > 0);
    assert_eq!(text.matches("BEGIN:VEVENT").count(), theirs);
    let again = files::export_calendar(&data, CohortFilter::All, stamp, &out);
    assert!(
        matches!(&again, Message::Problem(t) if t.contains("already exists")),
        "{again:?}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}
