//! `improvers status` fits the screen it is printed to (a phone over SSH is about 40 columns),
//! and `--cohort N` narrows the budget to that cohort's share and spending.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use improvers::domain::sessions::schedule::LocalNow;
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

/// Text as a reader sees it, whatever the lines it was wrapped into.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_empty_database_says_how_to_set_a_programme_up_in_a_screenful() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new");
    drop(improvers::store::shared::Database::open(&db).unwrap());
    let text = stdout(improvers(&db).arg("status").env_remove("COLUMNS"));
    assert!(
        words(&text).contains("Set one up with improvers init"),
        "{text}"
    );
    assert!(words(&text).contains("open the dashboard with improvers and press Enter"));
    // Six categories with nothing in them are one line, not six blocks of £0.00.
    assert!(
        words(&text).contains(
            "Nothing allocated or spent yet in any category: Venue hire, Speaker travel, Site \
             visits, Catering, Materials, Other"
        ),
        "{text}"
    );
    assert!(!text.contains("£0.00\n    paid"), "{text}");
    assert!(text.lines().count() <= 24, "a screenful:\n{text}");
}

#[test]
fn a_missing_database_says_how_to_start_a_programme_and_how_to_try_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nothing-here");
    let out = improvers(&db).arg("status").assert().failure();
    let said = words(&String::from_utf8_lossy(&out.get_output().stderr));
    assert!(
        said.contains(&format!("run `improvers --db {} init`", db.display())),
        "{said}"
    );
    assert!(said.contains("run `improvers demo` to try"), "{said}");
    assert!(!db.exists(), "status must not create a database");
}

#[test]
fn piped_at_80_columns_the_budget_is_a_table_with_every_figure() {
    let text = text_fitting(&summary(), Paint { colour: false }, 80);
    assert!(widest(&text) <= 80, "{text}");
    let budget = &text[text.find("Budget (").unwrap()..text.find("Warnings").unwrap()];
    assert!(
        budget.contains("Category") && budget.contains("Remaining"),
        "{budget}"
    );
    for figure in ["£23,985.00", "£29,301.70", "-£520.00", "108%"] {
        assert!(budget.contains(figure), "{figure} missing from\n{budget}");
    }
    assert!(
        budget.lines().count() <= 10,
        "a row a category, not a block:\n{budget}"
    );
    insta::assert_snapshot!("status_budget_80_columns", budget);
}

#[test]
fn a_table_too_wide_for_pence_gives_pounds_before_blocks() {
    // A grant in the millions: pence fit at 100 columns, pounds only at 80, neither at 60.
    let mut s = summary();
    for line in &mut s.budget.lines {
        line.allocated = improvers::domain::money::Pence(line.allocated.0 * 1000 + 49);
    }
    let wide = text_fitting(&s, Paint { colour: false }, 100);
    assert!(wide.contains("£30,000,000.49"), "{wide}");
    let text = text_fitting(&s, Paint { colour: false }, 80);
    assert!(widest(&text) <= 80, "{text}");
    assert!(text.contains("Category"), "still a table:\n{text}");
    assert!(text.contains("£30,000,000 "), "to the pound:\n{text}");
    assert!(text.contains("to the nearest pound"), "{text}");
    let narrow = text_fitting(&s, Paint { colour: false }, 60);
    assert!(!narrow.contains("Category"), "blocks:\n{narrow}");
    assert!(narrow.contains("£30,000,000.49"), "{narrow}");
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
    // The demo gives its cohorts no share of the allocations: said, not shown as £0.00.
    assert!(
        two.contains("Budget: Cohort 2 — 2026's spending (the programme gives cohorts no share"),
        "{two}"
    );
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
