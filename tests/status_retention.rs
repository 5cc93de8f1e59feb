//! Retention in `status`: with `[retention] years` configured, the people of cohorts that ended
//! longer ago are listed for review (text and JSON); without it, nothing is said. The demo with
//! a fixed clock, then the real command with configuration files as a team would write them.

mod common;
mod support;

use chrono::{Datelike, Months, NaiveDate, TimeZone, Utc};
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CohortId;
use improvers::domain::people::Participant;
use improvers::domain::programme::{Cohort, Programme};
use improvers::domain::sessions::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::domain::summary::Summary;
use improvers::io::demo::demo_programme;
use improvers::io::status::{Paint, json, text};
use improvers::store::Store;
use std::path::{Path, PathBuf};
use support::improvers;

/// The demo as built on 25 November 2026, summarised on `day` with a retention period of
/// `years` (cohort 1 ended on 28 November 2025).
fn demo_summary(day: u32, years: Option<u32>) -> Summary {
    let built = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut data = Snapshot::default();
    data.apply(&demo_programme(built).unwrap());
    let now = LocalNow::new(
        Utc.with_ymd_and_hms(2026, 11, day, 10, 0, 0).unwrap(),
        chrono_tz::Europe::London,
    );
    Summary::new(&data, now, None).with_retention(&data, None, years)
}

fn demo_cohort_one() -> Vec<String> {
    let mut data = Snapshot::default();
    data.apply(&demo_programme(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).unwrap());
    let mut names: Vec<String> = data
        .participants
        .values()
        .filter(|p| p.cohort == Some(CohortId(1)))
        .map(|p| format!("{} <{}>", p.name, p.email))
        .collect();
    names.sort();
    names
}

#[test]
fn the_demos_first_cohort_is_due_the_day_after_its_year_is_up() {
    let within = text(&demo_summary(28, Some(1)), Paint { colour: false });
    assert!(
        within
            .contains("\nRetention review: kept 1 year after a cohort ends (0)\n  nobody is due\n"),
        "{within}"
    );
    let past = text(&demo_summary(29, Some(1)), Paint { colour: false });
    let people = demo_cohort_one();
    assert!(!people.is_empty());
    let mut expected = format!(
        "\nRetention review: kept 1 year after a cohort ends ({})\n  \
         Cohort 1 — 2025, ended 28 Nov 2025, kept until 28 Nov 2026:\n",
        people.len()
    );
    for person in &people {
        expected.push_str(&format!("    {person}\n"));
    }
    expected.push_str(
        "  Decide for each whether to keep them; improvers forget EMAIL erases a person.\n",
    );
    assert!(past.contains(&expected), "{past}\nexpected:\n{expected}");

    let value = json(&demo_summary(29, Some(1)));
    let retention = &value["retention"];
    assert_eq!(retention["years"], 1);
    assert_eq!(retention["people_due"], people.len());
    assert_eq!(retention["cohorts"][0]["number"], 1);
    assert_eq!(retention["cohorts"][0]["ended"], "2025-11-28");
    assert_eq!(retention["cohorts"][0]["kept_until"], "2026-11-28");
    assert_eq!(
        retention["cohorts"][0]["people"].as_array().map(Vec::len),
        Some(people.len())
    );
}

#[test]
fn without_a_retention_period_nothing_is_said() {
    let summary = demo_summary(29, None);
    assert!(!text(&summary, Paint { colour: false }).contains("Retention"));
    assert!(json(&summary)["retention"].is_null());
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

/// An invented participant of cohort `cohort`, with an email made from their name.
fn person(id: u64, name: &str, cohort: u64) -> Record {
    Record::Participant(Participant {
        name: name.into(),
        email: format!("{}@trust.example", name.to_lowercase().replace(' ', ".")),
        cohort: Some(CohortId(cohort)),
        ..common::participant(id)
    })
}

/// A programme with a cohort that ended in 2012 and one that ended two years before today.
fn programme_with_old_cohorts(db: &Path) {
    let today = Utc::now().date_naive();
    let recent_end = today.checked_sub_months(Months::new(24)).unwrap_or(today);
    let cohort = |id: u64, ends: NaiveDate| {
        Record::Cohort(Cohort {
            id: CohortId(id),
            number: id as u32,
            name: format!("Cohort {id} — {}", ends.year()),
            starts: ends.checked_sub_months(Months::new(10)).unwrap_or(ends),
            ends,
            target_size: 12,
        })
    };
    let store = Store::open(db).unwrap();
    let records = vec![
        Record::Programme(Programme {
            name: "Aspiring Improvers — Testshire".into(),
            ..common::programme()
        }),
        Record::Organisation(improvers::domain::people::Organisation {
            id: improvers::domain::ids::OrganisationId(1),
            name: "Testshire Community Trust".into(),
        }),
        Record::Profession(improvers::domain::people::Profession {
            id: improvers::domain::ids::ProfessionId(1),
            name: "Physiotherapist".into(),
        }),
        cohort(1, NaiveDate::from_ymd_opt(2012, 7, 31).unwrap()),
        cohort(2, recent_end),
        person(1, "Wren Ashdown", 1),
        person(2, "Idris Penhallow", 1),
        person(3, "Tamsin Greaves", 2),
    ];
    store
        .apply(
            &Change::Batch {
                summary: "test programme".into(),
                changes: records.into_iter().map(Change::Put).collect(),
            },
            "sam",
            Utc::now(),
        )
        .unwrap();
}

#[test]
fn status_lists_the_people_of_cohorts_past_the_configured_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    programme_with_old_cohorts(&db);
    let config = fixture("retention-six-years.toml");

    let said = support::stdout(improvers(&db).arg("--config").arg(&config).arg("status"));
    assert!(
        said.contains(
            "\nRetention review: kept 6 years after a cohort ends (2)\n  \
             Cohort 1 — 2012, ended 31 Jul 2012, kept until 31 Jul 2018:\n    \
             Idris Penhallow <idris.penhallow@trust.example>\n    \
             Wren Ashdown <wren.ashdown@trust.example>\n"
        ),
        "{said}"
    );
    // Cohort 2 ended two years ago: within the six.
    assert!(!said.contains("Tamsin Greaves"), "{said}");

    let out = support::stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["status", "--json"]),
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["retention"]["years"], 6);
    assert_eq!(value["retention"]["people_due"], 2);
    assert_eq!(
        value["retention"]["cohorts"][0]["people"][1]["email"],
        "wren.ashdown@trust.example"
    );

    // The same database with no retention period configured: not a word of it.
    let said = support::stdout(improvers(&db).arg("status"));
    assert!(!said.contains("Retention"), "{said}");
    let out = support::stdout(improvers(&db).args(["status", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(value["retention"].is_null());
}

#[test]
fn a_wrong_retention_period_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    programme_with_old_cohorts(&db);
    let config = fixture("retention-negative-crlf.toml");
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .arg("status")
        .assert()
        .failure()
        .stdout("")
        .stderr(format!(
            "improvers: {}, line 6: retention.years = -6 is not a number of whole years from 1 \
             to 100; remove the key to list nobody for review\n",
            config.display()
        ));
}
