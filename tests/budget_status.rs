//! `status` names the expenses a policy check flags, found through their index rather than by
//! reading every expense: alone, and through an owner.

mod support;

use support::{Server, demo_db, improvers, status_json};

fn flagged_expenses(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("flagged.csv");
    std::fs::write(
        &file,
        "date,category,amount,payee,state,person\n\
         2026-10-01,Speaker travel,£48.00,Marguerite Halloway,committed,marguerite.halloway@riverside-uh.example\n\
         01/09/2026,Materials,£75.00,Forgotten Print Co,estimate,\n",
    )
    .unwrap();
    file
}

#[test]
fn status_flags_london_speaker_travel_and_estimates_for_days_gone_by() {
    let (dir, db) = demo_db();
    let file = flagged_expenses(dir.path());
    improvers(&db)
        .args(["import", "expenses"])
        .arg(&file)
        .assert()
        .success();
    let flags: Vec<String> = status_json(&db)["budget_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert!(
        flags.iter().any(|f| f
            == "Forgotten Print Co £75.00 (1 Sep 2026): an estimate for a day gone by, never committed"),
        "{flags:?}"
    );
    assert!(
        flags
            .iter()
            .any(|f| f.starts_with("Marguerite Halloway £48.00")
                && f.ends_with("speaker travel for Marguerite Halloway, who is based in London")),
        "{flags:?}"
    );
    let text = improvers(&db).arg("status").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("to look at (2):"), "{text}");
    // The same through an owner, which answers from the database it holds open.
    let server = Server::start(&db);
    let through_owner = status_json(&db);
    assert_eq!(through_owner["budget_flags"].as_array().unwrap().len(), 2);
    server.kill();
}

#[test]
fn the_demo_has_nothing_to_look_at_until_something_is_wrong() {
    let (_dir, db) = demo_db();
    assert_eq!(status_json(&db)["budget_flags"], serde_json::json!([]));
}

#[test]
fn a_cohort_given_no_share_of_the_allocations_raises_no_budget_alert_in_the_json() {
    let (_dir, db) = support::demo_db();
    let value: serde_json::Value = serde_json::from_str(&support::stdout(
        support::improvers(&db).args(["status", "--cohort", "2", "--json"]),
    ))
    .unwrap();
    let categories = value["budget"]["categories"].as_array().unwrap();
    assert!(!categories.is_empty());
    for c in categories {
        assert!(
            c["alert"].is_null(),
            "nothing to be over without a share: {c}"
        );
    }
    // The whole programme's budget is still compared with its allocations.
    let whole = support::status_json(&db);
    assert!(
        whole["budget"]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["alert"].is_string())
    );
}
