//! The status report on the demo programme with a fixed clock: the text a coordinator reads
//! and the JSON a script reads.

use chrono::{NaiveDate, TimeZone, Utc};
use improvers::domain::sessions::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::domain::summary::Summary;
use improvers::io::demo::demo_programme;
use improvers::io::status::{Paint, json, text};

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
fn the_text_report_on_the_demo() {
    insta::assert_snapshot!("status_text", text(&summary(), Paint { colour: false }));
}

#[test]
fn colour_only_when_asked_for() {
    let s = summary();
    let plain = text(&s, Paint { colour: false });
    let coloured = text(&s, Paint { colour: true });
    assert!(!plain.contains('\u{1b}'));
    assert!(coloured.contains("\u{1b}[1mCohorts\u{1b}[0m"));
    let stripped = coloured
        .replace("\u{1b}[1m", "")
        .replace("\u{1b}[33m", "")
        .replace("\u{1b}[0m", "");
    assert_eq!(stripped, plain, "colour changes nothing but colour");
}

#[test]
fn the_json_report_agrees_with_the_text() {
    let s = summary();
    let value = json(&s);
    assert_eq!(value["today"], "2026-11-25");
    assert_eq!(
        value["upcoming_sessions"].as_array().unwrap().len(),
        s.upcoming.len()
    );
    let plain = text(&s, Paint { colour: false });
    assert!(plain.contains(&format!(
        "Sessions in the next 14 days ({})",
        s.upcoming.len()
    )));
    assert!(plain.contains(&format!("Unmatched participants ({})", s.unmatched.len())));
    for w in value["warnings"].as_array().unwrap() {
        assert!(
            plain.contains(w.as_str().unwrap()),
            "{w} missing from the text"
        );
    }
    insta::assert_json_snapshot!("status_json", value);
}

#[test]
fn figures_of_millions_never_run_into_each_other() {
    use improvers::domain::budget::{Allocation, Budget};
    use improvers::domain::change::{Change, Record};
    use improvers::domain::ids::CategoryId;
    use improvers::domain::money::Pence;
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut data = Snapshot::default();
    data.apply(&demo_programme(today).unwrap());
    data.apply(&Change::Edit {
        based_on: None,
        record: Record::Budget(Budget {
            total: Pence(1_740_000_000),
            allocations: vec![Allocation {
                category: CategoryId::VENUE_HIRE,
                amount: Pence(1_075_562_281),
            }],
        }),
    });
    let now = LocalNow::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
        chrono_tz::Europe::London,
    );
    let report = text(&Summary::new(&data, now, None), Paint { colour: false });
    let venue = report
        .lines()
        .find(|l| l.trim_start().starts_with("Venue hire"))
        .unwrap();
    assert!(venue.contains(" £10,755,622.81 "), "{venue}");
    assert!(!report.contains("00£"), "{report}");
}

/// The dormant heading names the weeks that decide it: config.toml's number unless the
/// database holds the team's own setting, which wins.
#[test]
fn the_dormant_heading_names_the_weeks_in_force() {
    use improvers::domain::mentoring::matching::rules::MatchingRules;
    use improvers::domain::programme::ProgrammeSettings;
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut data = Snapshot::default();
    data.apply(&demo_programme(today).unwrap());
    let now = LocalNow::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
        chrono_tz::Europe::London,
    );
    let configured = MatchingRules {
        dormant_after_weeks: 10,
        ..MatchingRules::default()
    };
    let s = Summary::with_rules(&data, now, None, &configured);
    let plain = text(&s, Paint { colour: false });
    assert!(
        plain.contains(&format!(
            "dormant ({}), no meeting logged for 10 weeks or more:",
            s.dormant.len()
        )),
        "{plain}"
    );
    assert_eq!(json(&s)["dormant_after_weeks"], 10);

    data.settings = Some(ProgrammeSettings {
        dormant_pair_weeks: 8,
    });
    let s = Summary::with_rules(&data, now, None, &configured);
    let plain = text(&s, Paint { colour: false });
    assert!(
        plain.contains("no meeting logged for 8 weeks or more:"),
        "{plain}"
    );
    assert_eq!(json(&s)["dormant_after_weeks"], 8);
}

#[test]
fn a_long_list_of_warnings_is_cut_to_a_screenful_that_says_how_many_more_and_where() {
    let mut s = summary();
    let listed = s.warnings.len();
    s.warnings
        .extend((1..=40).map(|n| format!("Invented warning number {n}")));
    let plain = text(&s, Paint { colour: false });
    assert!(plain.contains(&format!("Warnings ({})", listed + 40)));
    let shown = plain
        .lines()
        .filter(|l| l.trim_start().starts_with("! "))
        .count();
    assert_eq!(shown, 20, "{plain}");
    assert!(
        plain.contains(&format!(
            "and {} more; status --json lists every one",
            listed + 40 - 20
        )),
        "{plain}"
    );
    assert_eq!(json(&s)["warnings"].as_array().unwrap().len(), listed + 40);
}
