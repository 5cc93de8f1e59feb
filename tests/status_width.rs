//! `improvers status` fits the screen it is printed to (a phone over SSH is about 40 columns),
//! and `--cohort N` narrows the budget to that cohort's share and spending.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use improvers::domain::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::domain::summary::Summary;
use improvers::io::demo::demo_programme;
use improvers::io::status::{Paint, text_fitting};
use support::{demo_db, improvers, stdout};
use unicode_width::UnicodeWidthStr;

/// The demo's summary at a fixed clock, so what it shows never moves with the days.
fn summary() -> Summary {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut data = Snapshot::default();
    data.apply(&demo_programme(today).unwrap());
    let now = LocalNow::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
        chrono_tz::Europe::London,
    );
    Summary::new(&data, now, None)
}

#[test]
fn the_demo_at_40_columns_reads_top_to_bottom() {
    let text = text_fitting(&summary(), Paint { colour: false }, 40);
    assert!(widest(&text) <= 40, "{text}");
    insta::assert_snapshot!("status_40_columns", text);
}

fn widest(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn at_40_columns_nothing_is_cut_off_and_every_figure_is_still_there() {
    let (_dir, db) = demo_db();
    let wide = stdout(improvers(&db).arg("status").env("COLUMNS", "200"));
    let narrow = stdout(improvers(&db).arg("status").env("COLUMNS", "40"));
    assert!(widest(&narrow) <= 40, "{narrow}");
    for figure in [
        "£23,985.00",
        "£29,301.70",
        "Catering: 108% used",
        "Yusra Hamdan",
    ] {
        assert!(narrow.contains(figure), "{figure} missing from\n{narrow}");
    }
    // The same words, only broken into other lines: nothing of the long ones is dropped.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in wide.lines().filter(|l| l.contains(" · led by ")) {
        assert!(
            words(&narrow).contains(&words(line)),
            "{line} is cut in\n{narrow}"
        );
    }
}

#[test]
fn piped_with_no_columns_it_is_80_wide_and_columns_decides_otherwise() {
    let (_dir, db) = demo_db();
    let piped = stdout(improvers(&db).arg("status").env_remove("COLUMNS"));
    assert!(widest(&piped) <= 80, "{piped}");
    let wide = stdout(improvers(&db).arg("status").env("COLUMNS", "200"));
    assert!(widest(&wide) > 80, "a wide screen gets long lines: {wide}");
    assert!(wide.contains("Category"), "and the budget as a table");
}

#[test]
fn an_empty_database_reads_at_40_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new");
    drop(improvers::store::shared::Database::open(&db).unwrap());
    let text = stdout(improvers(&db).arg("status").env("COLUMNS", "40"));
    assert!(widest(&text) <= 40, "{text}");
    assert!(text.starts_with("No programme yet"), "{text}");
}

#[test]
fn cohort_narrows_the_budget_to_its_share_and_says_what_is_the_whole_programmes() {
    let (_dir, db) = demo_db();
    let all = stdout(improvers(&db).arg("status").env("COLUMNS", "200"));
    let two = stdout(
        improvers(&db)
            .args(["status", "--cohort", "2"])
            .env("COLUMNS", "200"),
    );
    assert!(
        two.starts_with("Aspiring Improvers — South Riverside · Cohort 2 — 2026 only"),
        "{two}"
    );
    assert!(two.contains("Budget: Cohort 2 — 2026's share"), "{two}");
    assert!(two.contains("Mentor load (whole programme)"), "{two}");
    assert!(!two.contains("Cohort 1 — 2025 ("), "{two}");
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&stdout(improvers(&db).args(args))).unwrap()
    };
    let paid = |v: &serde_json::Value| -> i64 {
        v["budget"]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["paid_pence"].as_i64().unwrap())
            .sum()
    };
    let whole = json(&["status", "--json"]);
    let cohort = json(&["status", "--json", "--cohort", "2"]);
    assert!(paid(&cohort) > 0, "cohort 2 has spent something");
    assert!(
        paid(&cohort) < paid(&whole),
        "only cohort 2's spending: {all}"
    );
}
