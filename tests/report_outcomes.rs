//! Section 7 of `improvers report`, outcomes: a survey imported into the demo shows as the
//! paired change per question, in a chart, a table and a lead sentence, with figures worked out
//! by hand for the file; no survey says how to import one; `--cohort` narrows it.

mod support;

use scraper::Html;
use std::path::Path;
use support::report::{report_html, report_json, select};
use support::{demo_db, improvers, stdout};

const LEADING: &str = "Confidence leading improvement";
const ACROSS: &str = "Confidence working across organisations";

/// A Microsoft Forms export as Excel saves it (CRLF line ends). Cohort 1: Amara 4→7 and 3→6,
/// Declan 5→9 and 5→5, Fatima 3→6 and a start-only 2, Eilidh at the start only. Cohort 2:
/// Zainab 2→9 and 2→7, Lachlan 5→6 and 6→6 with a middle answer and no end.
fn import_survey(db: &Path) {
    let rows = [
        (
            "amara.lindqvist@riverside-uh.example",
            "13/1/2025",
            "Start",
            "4",
            "3",
        ),
        (
            "declan.osei-marsh@kingsmead-ambulance.example",
            "13/1/2025",
            "Start",
            "5",
            "5",
        ),
        (
            "fatima.benali@brookvale-pharmacy.example",
            "14/1/2025",
            "Start",
            "3",
            "2",
        ),
        (
            "eilidh.macaskill-sow@northgate-ch.example",
            "14/1/2025",
            "Start",
            "6",
            "4",
        ),
        (
            "zainab.adisa-grant@riverside-uh.example",
            "15/1/2025",
            "Start",
            "2",
            "2",
        ),
        (
            "lachlan.broadbent@kingsmead-ambulance.example",
            "15/1/2025",
            "Start",
            "5",
            "6",
        ),
        (
            "lachlan.broadbent@kingsmead-ambulance.example",
            "2/6/2025",
            "Middle",
            "6",
            "6",
        ),
        (
            "amara.lindqvist@riverside-uh.example",
            "20/10/2025",
            "End",
            "7",
            "6",
        ),
        (
            "declan.osei-marsh@kingsmead-ambulance.example",
            "20/10/2025",
            "End",
            "9",
            "5",
        ),
        (
            "fatima.benali@brookvale-pharmacy.example",
            "21/10/2025",
            "End",
            "6",
            "",
        ),
        (
            "zainab.adisa-grant@riverside-uh.example",
            "21/10/2025",
            "End",
            "9",
            "7",
        ),
    ];
    let mut text = format!("ID,Start time,Completion time,Email,Timepoint,{LEADING},{ACROSS}\r\n");
    for (i, (email, day, timepoint, leading, across)) in rows.iter().enumerate() {
        text.push_str(&format!(
            "{},{day} 10:00:00,{day} 10:05:00,{email},{timepoint},{leading},{across}\r\n",
            i + 1
        ));
    }
    let file = db.parent().unwrap().join("outcomes.csv");
    std::fs::write(&file, text).unwrap();
    let said = stdout(improvers(db).args(["import", "survey"]).arg(&file));
    assert!(said.contains("from 6 participants"), "{said}");
}

/// Section 7's table: one row of cells per question.
fn outcome_rows(page: &Html) -> Vec<Vec<String>> {
    page.select(&select("section#outcomes table tbody tr"))
        .map(|tr| {
            tr.select(&select("td, th"))
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn an_imported_survey_shows_the_paired_change_per_question() {
    let (_dir, db) = demo_db();
    import_survey(&db);
    let (_, page) = report_html(&db, &[]);
    let section = page
        .select(&select("section#outcomes"))
        .next()
        .expect("section 7");
    let heading: String = section
        .select(&select("h2"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(heading.contains("Outcomes"), "{heading}");
    let chart = section.select(&select("svg")).next().expect("a chart");
    let title: String = chart
        .select(&select("title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(title.contains("Median score"), "{title}");
    let svg = chart.html();
    assert!(
        svg.contains("Confidence lea"),
        "the questions name the bars"
    );
    // Worked by hand. Leading: starts 4 5 3 2 5 (median 4), afters 7 9 6 9 6 (median 7),
    // changes 3 4 3 7 1 → sorted 1 3 3 4 7: median 3, quartiles at ranks 1 and 3: 3 and 4;
    // Eilidh answered once. Across: pairs 3→6, 5→5, 2→7, 6→6: starts median 4, afters 6,
    // changes 0 0 3 5: median 1.5, lower quartile at rank 0.75 → 0, upper at 2.25 → 3.5;
    // Fatima and Eilidh answered once.
    assert_eq!(
        outcome_rows(&page),
        vec![
            row(&[LEADING, "5", "4", "7", "+3", "+3", "+4", "1"]),
            row(&[ACROSS, "4", "4", "6", "+1.5", "0", "+3.5", "2"]),
        ]
    );
    let lead: String = section
        .select(&select("p"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        lead.contains(
            "Up to 5 participants answered at the start and again later: confidence leading \
             improvement rose from a median of 4 to 7 (5 answered both)"
        ),
        "{lead}"
    );
    assert!(
        lead.contains("confidence working across organisations rose from 4 to 6 (4 answered both)"),
        "{lead}"
    );
    assert!(
        section
            .text()
            .any(|t| t.contains("2 paired answers had no end answer")),
        "Lachlan's middle answers (one per question) stand as after, and the note says so"
    );

    let json = report_json(&db, &[]);
    let leading = &json["outcomes"][0];
    assert_eq!(leading["question"], LEADING);
    assert_eq!(leading["paired"], 5);
    assert_eq!(leading["after_from_middle"], 1);
    assert_eq!(leading["median_before"], 4.0);
    assert_eq!(leading["median_after"], 7.0);
    assert_eq!(leading["median_change"], 3.0);
    assert_eq!(leading["lower_quartile_change"], 3.0);
    assert_eq!(leading["upper_quartile_change"], 4.0);
    assert_eq!(leading["answered_once"], 1);
    assert_eq!(json["outcomes"][1]["median_change"], 1.5);
    assert_eq!(json["outcomes"][1]["upper_quartile_change"], 3.5);
}

#[test]
fn a_cohort_report_counts_only_that_cohorts_answers() {
    let (_dir, db) = demo_db();
    import_survey(&db);
    let (_, page) = report_html(&db, &["--cohort", "1"]);
    // Amara, Declan and Fatima: leading 4→7, 5→9, 3→6, changes 3 4 3 (quartiles 3 and 3.5);
    // across 3→6 and 5→5 only.
    assert_eq!(
        outcome_rows(&page),
        vec![
            row(&[LEADING, "3", "4", "7", "+3", "+3", "+3.5", "1"]),
            row(&[ACROSS, "2", "4", "5.5", "+1.5", "+0.75", "+2.25", "2"]),
        ]
    );
    let json = report_json(&db, &["--cohort", "2"]);
    assert_eq!(json["outcomes"][0]["paired"], 2);
    assert_eq!(json["outcomes"][0]["answered_once"], 0);
    assert_eq!(json["outcomes"][0]["median_change"], 4.0);
}

#[test]
fn without_a_survey_the_section_says_how_to_import_one_and_draws_nothing() {
    let (_dir, db) = demo_db();
    let (_, page) = report_html(&db, &[]);
    let section = page
        .select(&select("section#outcomes"))
        .next()
        .expect("section 7 is there, saying what to do");
    assert!(
        section
            .text()
            .any(|t| t.contains("improvers import survey FILE.csv")),
        "{}",
        section.html()
    );
    assert_eq!(section.select(&select("svg, table")).count(), 0);
    assert_eq!(report_json(&db, &[])["outcomes"], serde_json::json!([]));
}
