//! `improvers report` as a programme team and their funder meet it: every section of the bid
//! with a chart and the table behind it, figures that agree with `status --json` and the CSV
//! exports, an empty programme that says so, names that cannot run as HTML, and refusals that
//! write nothing.

mod support;

use predicates::prelude::*;
use scraper::Html;
use serde_json::Value;
use std::path::Path;
use support::report::{report_html, report_json, select};
use support::{Server, demo_db, improvers, status_json, stdout};

/// The sections the demo fills, each with a chart; section 7, outcomes, waits for a survey
/// (tests/report_outcomes.rs).
const SECTIONS: [&str; 6] = ["reach", "delivery", "mentoring", "pathway", "mix", "money"];

fn csv_rows(db: &Path, kind: &str) -> Vec<csv::StringRecord> {
    let out = stdout(improvers(db).args(["export", kind]));
    csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_demo_report_has_every_section_with_a_heading_a_chart_and_a_table() {
    let (_dir, db) = demo_db();
    let (text, page) = report_html(&db, &[]);
    for id in SECTIONS {
        let section = page
            .select(&select(&format!("section#{id}")))
            .next()
            .unwrap_or_else(|| panic!("no section {id}"));
        assert!(
            section.select(&select("h2")).next().is_some(),
            "{id}: heading"
        );
        let chart = section
            .select(&select("svg"))
            .next()
            .unwrap_or_else(|| panic!("{id}: no chart"));
        assert!(
            chart.select(&select("title")).next().is_some(),
            "{id}: the chart has no title"
        );
        let table = section
            .select(&select("table"))
            .next()
            .unwrap_or_else(|| panic!("{id}: no table"));
        assert!(
            table.select(&select("tbody tr")).count() > 0,
            "{id}: the table is empty"
        );
    }
    // One file: nothing to fetch, nothing to run.
    assert_eq!(page.select(&select("script, link, img, iframe")).count(), 0);
    // SVG's namespace is a name, not an address anything is fetched from.
    let fetched = text.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!fetched.contains("http") && !fetched.contains("url("));
    assert!(text.contains("@media print") && text.contains("size: A4"));
    // The demo has no survey: section 7 says how to import one, and draws nothing.
    let outcomes = page
        .select(&select("section#outcomes"))
        .next()
        .expect("section 7");
    assert!(
        outcomes
            .text()
            .any(|t| t.contains("improvers import survey"))
    );
    assert_eq!(outcomes.select(&select("svg, table")).count(), 0);
}

#[test]
fn the_reports_figures_equal_status_json_and_the_csv_exports() {
    let (_dir, db) = demo_db();
    let report = report_json(&db, &[]);
    let status = status_json(&db);
    // Budget: every category as status and `export budget` give it.
    let lines = report["money"]["budget"]["lines"].as_array().unwrap();
    let categories = status["budget"]["categories"].as_array().unwrap();
    assert_eq!(lines.len(), categories.len());
    let budget_csv = csv_rows(&db, "budget");
    for (line, (status, row)) in lines.iter().zip(categories.iter().zip(&budget_csv)) {
        assert_eq!(line["key"], status["category"]);
        assert_eq!(&row[1], line["key"].as_str().unwrap());
        for (field, column) in [
            ("allocated", 2),
            ("paid", 3),
            ("committed", 4),
            ("estimated", 5),
        ] {
            assert_eq!(line[field], status[format!("{field}_pence")], "{field}");
            let pence = line[field].as_i64().unwrap();
            assert_eq!(
                row[column],
                format!("{}.{:02}", pence / 100, pence % 100),
                "{field}"
            );
        }
    }
    assert_eq!(
        report["money"]["budget"]["total"],
        status["budget"]["total_pence"]
    );
    // Pathway and mix, cohort by cohort.
    let funnels = report["pathway"]["cohorts"].as_array().unwrap();
    let mixes = report["mix"].as_array().unwrap();
    for cohort in status["cohorts"].as_array().unwrap() {
        let number = &cohort["number"];
        let funnel = funnels.iter().find(|f| &f["number"] == number).unwrap();
        assert_eq!(funnel["participants"], cohort["participants"]);
        let now = funnel["now"].as_array().unwrap();
        assert_eq!(now.len(), cohort["by_stage"].as_object().unwrap().len());
        for stage in now {
            let key = stage["stage"].as_str().unwrap();
            assert_eq!(
                stage["people"], cohort["by_stage"][key],
                "cohort {number} {key}"
            );
        }
        let mix = mixes.iter().find(|m| &m["number"] == number).unwrap();
        for key in [
            "professions",
            "organisations",
            "profession_evenness",
            "organisation_evenness",
        ] {
            assert_eq!(mix[key], cohort["mix"][key], "cohort {number} {key}");
        }
    }
    // Mentoring.
    assert_eq!(
        report["mentoring"]["confirmed"],
        status["mentoring"]["confirmed"]
    );
    assert_eq!(
        report["mentoring"]["proposed"],
        status["mentoring"]["proposed"]
    );
    let dormant: Vec<(&Value, &Value)> = report["mentoring"]["dormant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (&d["participant"], &d["weeks"]))
        .collect();
    let dormant_status: Vec<(&Value, &Value)> = status["dormant_pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (&d["participant"], &d["weeks_since_meeting"]))
        .collect();
    assert_eq!(dormant, dormant_status);
    assert_eq!(
        report["reach"]["awaiting_review"],
        status["awaiting_review"]
    );
    // Nominations: the people of each cohort in the participants export.
    let participants = csv_rows(&db, "participants");
    for cohort in report["reach"]["cohorts"].as_array().unwrap() {
        let number = cohort["number"].to_string();
        let people = participants.iter().filter(|r| r[4] == *number).count();
        assert_eq!(cohort["nominations"], people, "cohort {number}");
    }
    // Check-ins: every one exported is counted against its pair.
    let logged: u64 = report["mentoring"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["check_ins"].as_u64().unwrap())
        .sum();
    assert_eq!(logged, csv_rows(&db, "check-ins").len() as u64);
    // Attendance: those marked attended at sessions before today, as exported.
    let today = status["today"].as_str().unwrap();
    let attended: u64 = report["delivery"]["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["date"].as_str().unwrap() < today)
        .map(|a| a["attended"].as_u64().unwrap())
        .sum();
    let exported = csv_rows(&db, "attendance")
        .iter()
        .filter(|r| &r[0][..10] < today && &r[2] == "attended")
        .count();
    assert_eq!(attended, exported as u64);
    assert!(attended > 0);
}

#[test]
fn the_html_shows_the_same_money_as_status_in_pounds() {
    let (_dir, db) = demo_db();
    let status = status_json(&db);
    let (_, page) = report_html(&db, &[]);
    let table = page.select(&select("section#money table")).next().unwrap();
    let rows: Vec<Vec<String>> = table
        .select(&select("tbody tr"))
        .map(|tr| {
            tr.select(&select("th, td"))
                .map(|c| c.text().collect::<String>())
                .collect()
        })
        .collect();
    let pounds = |v: &Value| {
        let p = v.as_i64().unwrap();
        let whole = p / 100;
        let thousands = if whole >= 1000 {
            format!("{},{:03}", whole / 1000, whole % 1000)
        } else {
            whole.to_string()
        };
        format!("£{thousands}.{:02}", p % 100)
    };
    for category in status["budget"]["categories"].as_array().unwrap() {
        let row = rows
            .iter()
            .find(|r| r[0] == category["label"].as_str().unwrap())
            .unwrap();
        assert_eq!(row[1], pounds(&category["allocated_pence"]));
        assert_eq!(row[2], pounds(&category["paid_pence"]));
        assert_eq!(row[3], pounds(&category["committed_pence"]));
        assert_eq!(row[4], pounds(&category["estimated_pence"]));
    }
    let lead = page
        .select(&select("section#money .lead"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(lead.contains("forecast to the end of the grant"), "{lead}");
}

#[test]
fn an_empty_programme_says_what_there_is_nothing_of_yet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    improvers(&db)
        .args([
            "init",
            "--name",
            "Fenland",
            "--funder",
            "Fenland Health Partnership",
            "--grant",
            "£40,000",
            "--cohort-name",
            "Cohort 1 — 2027",
            "--starts",
            "2027-01-11",
            "--ends",
            "2027-12-10",
            "--target",
            "14",
        ])
        .assert()
        .success();
    let (text, page) = report_html(&db, &[]);
    for said in [
        "No nominations yet.",
        "No sessions yet.",
        "No mentoring pairs yet.",
        "No participants yet.",
        "nothing is allocated to a category or spent yet",
        "No survey answers yet",
    ] {
        assert!(text.contains(said), "missing: {said}");
    }
    for id in SECTIONS {
        assert!(
            page.select(&select(&format!("section#{id} h2")))
                .next()
                .is_some()
        );
    }
    assert_eq!(page.select(&select("svg")).count(), 0, "no empty charts");
    let json = report_json(&db, &[]);
    assert_eq!(json["delivery"]["attendance"], serde_json::json!([]));
}

#[test]
fn names_from_the_database_are_shown_as_text_never_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    improvers(&db)
        .args([
            "init",
            "--name",
            "<script>alert(1)</script> & Co",
            "--funder",
            "F<i>",
            "--grant",
            "£1,000",
            "--cohort-name",
            "<img src=x onerror=alert(2)>",
            "--starts",
            "2026-01-05",
            "--ends",
            "2027-06-30",
            "--target",
            "10",
        ])
        .assert()
        .success();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "name,email,profession,organisation,cohort\r\n\
         <script>alert(3)</script>,x@example.org,Nurse,</table><b>Org</b>,1\r\n",
    )
    .unwrap();
    improvers(&db)
        .arg("import")
        .arg("participants")
        .arg(&csv)
        .assert()
        .success();
    let (text, page) = report_html(&db, &[]);
    assert_eq!(page.select(&select("script, img, b, i")).count(), 0);
    let heading: String = page.select(&select("h1")).next().unwrap().text().collect();
    assert!(
        heading.contains("<script>alert(1)</script> & Co"),
        "{heading}"
    );
    // In the tables and inside the charts alike.
    assert!(text.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!text.contains("<img"));
}

#[test]
fn a_period_counts_only_what_falls_in_it() {
    let (_dir, db) = demo_db();
    let json = report_json(&db, &["--from", "2026-01-01", "--to", "2026-06-30"]);
    let dates = |list: &Value, key: &str| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|v| v[key].as_str().unwrap().to_string())
            .collect()
    };
    let sessions = dates(&json["delivery"]["attendance"], "date");
    assert!(!sessions.is_empty());
    assert!(
        sessions
            .iter()
            .all(|d| d.as_str() >= "2026-01-01" && d.as_str() <= "2026-06-30")
    );
    let months = dates(&json["money"]["months"], "month");
    assert!(!months.is_empty());
    assert!(
        months
            .iter()
            .all(|d| d.as_str() >= "2026-01-01" && d.as_str() <= "2026-06-01")
    );
    let whole = report_json(&db, &[]);
    assert!(
        json["money"]["budget"]["lines"][0]["paid"].as_i64()
            <= whole["money"]["budget"]["lines"][0]["paid"].as_i64()
    );
    assert_eq!(json["period"]["from"], "2026-01-01");
    // One cohort: only its people and its sessions.
    let one = report_json(&db, &["--cohort", "1"]);
    assert_eq!(one["reach"]["cohorts"].as_array().unwrap().len(), 1);
    assert!(
        one["delivery"]["attendance"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["cohort"] == 1 || a["cohort"].is_null())
    );
}

#[test]
fn wrong_options_are_refused_with_a_sentence_and_nothing_is_written() {
    let (dir, db) = demo_db();
    let file = dir.path().join("r.html");
    let refused = |args: &[&str], said: &str| {
        improvers(&db)
            .args(["report", "--output"])
            .arg(&file)
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(said));
        assert!(!file.exists(), "{args:?} wrote the report");
    };
    refused(
        &["--cohort", "9"],
        "there is no cohort 9 in this programme (cohorts: 1, 2, 3)",
    );
    refused(
        &["--from", "2026-05-01", "--to", "2026-04-01"],
        "--from 2026-05-01 is after --to 2026-04-01",
    );
    refused(
        &["--from", "2026-02-30"],
        "--from 2026-02-30 is not a day of the calendar",
    );
    refused(
        &["--to", "30/04/2026"],
        "--to \"30/04/2026\" is not a date: give it as YYYY-MM-DD",
    );
    let missing = dir.path().join("no-such-folder").join("r.html");
    improvers(&db)
        .args(["report", "--output"])
        .arg(&missing)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no-such-folder does not exist"));
    improvers(&db)
        .arg("report")
        .assert()
        .failure()
        .stderr(predicate::str::contains("give it with --output FILE"));
    let printed = stdout(improvers(&db).args(["report", "--output", "-"]));
    assert!(printed.starts_with("<!DOCTYPE html>"));
    // An existing file is kept unless --force.
    std::fs::write(&file, "kept").unwrap();
    improvers(&db)
        .args(["report", "--output"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists; use --force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    improvers(&db)
        .args(["report", "--force", "--output"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // No half-written file is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_folder_that_may_not_be_written_to_is_refused() {
    if nix::unistd::geteuid().is_root() {
        println!("skipped: root may write to any folder, so none can be refused here");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = demo_db();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    improvers(&db)
        .args(["report", "--output"])
        .arg(locked.join("r.html"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("may not be written to"));
    assert!(!locked.join("r.html").exists());
}

#[test]
fn the_report_is_made_through_the_owner_while_a_dashboard_holds_the_database() {
    let (_dir, db) = demo_db();
    let alone = report_json(&db, &[]);
    let server = Server::start(&db);
    let shared = report_json(&db, &[]);
    let (_, page) = report_html(&db, &[]);
    server.stop();
    assert_eq!(alone["money"], shared["money"]);
    assert_eq!(alone["pathway"], shared["pathway"]);
    assert_eq!(page.select(&select("section")).count(), SECTIONS.len() + 1);
}

#[test]
fn the_report_opens_in_headless_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| which(c))
    else {
        println!("skipped: chromium is not installed (Debian's `chromium` package)");
        return;
    };
    let (_dir, db) = demo_db();
    let file = db.parent().unwrap().join("report.html");
    improvers(&db)
        .args(["report", "--output"])
        .arg(&file)
        .assert()
        .success();
    let out = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = Html::parse_document(&String::from_utf8_lossy(&out.stdout));
    for id in SECTIONS {
        assert!(
            dom.select(&select(&format!("section#{id} svg")))
                .next()
                .is_some()
        );
    }
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}
