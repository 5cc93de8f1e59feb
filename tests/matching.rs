//! `improvers match` on the demo programme: proposals explained, rules kept, and `--apply`
//! storing them once.

mod support;

use serde_json::Value;
use support::{demo_db, improvers, status_json};

fn match_json(db: &std::path::Path, args: &[&str]) -> Value {
    let out = improvers(db)
        .args(["match", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn match_json_proposes_a_mentor_for_every_applicant_of_the_recruiting_cohort() {
    let (_dir, db) = demo_db();
    let report = match_json(&db, &["--cohort", "3"]);
    assert_eq!(report["matching_for"], "Cohort 3 — 2027");
    let proposals = report["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 15, "{report:#}");
    assert_eq!(report["unmatched"].as_array().unwrap().len(), 0);
    assert_eq!(report["stored"], false);
    for p in proposals {
        let explanation = p["explanation"].as_str().unwrap();
        let parts: i64 = p["breakdown"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["points"].as_i64().unwrap())
            .sum();
        assert_eq!(parts, p["score"].as_i64().unwrap(), "{explanation}");
        assert!(!explanation.is_empty() || parts == 0);
        assert_eq!(p["change"], "new");
    }
    let total: i64 = proposals.iter().map(|p| p["score"].as_i64().unwrap()).sum();
    assert_eq!(report["total_score"].as_i64().unwrap(), total);
}

#[test]
fn apply_stores_proposals_within_every_mentors_capacity_and_a_second_apply_stores_nothing() {
    let (_dir, db) = demo_db();
    let out = improvers(&db).args(["match", "--apply"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("Stored as proposals"), "{said}");
    let again = improvers(&db).args(["match", "--apply"]).output().unwrap();
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(said.contains("Nothing to store"), "{said}");
    assert!(said.contains("as before"), "{said}");
    // Mentor load as status reports it: more mentees, nobody over capacity.
    let status = status_json(&db);
    assert_eq!(status["mentors"]["over_capacity"], serde_json::json!([]));
    assert!(status["mentors"]["mentees"].as_u64().unwrap() >= 12 + 15);
}

#[test]
fn a_mentor_from_another_organisation_when_the_config_asks_for_it() {
    let (dir, db) = demo_db();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[matching]\ndifferent_organisation = true\n").unwrap();
    let out = improvers(&db)
        .args(["match", "--json", "--cohort", "3", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let proposals = report["proposals"].as_array().unwrap();
    assert!(!proposals.is_empty());
    for p in proposals {
        let explanation = p["explanation"].as_str().unwrap();
        assert!(!explanation.contains("same organisation"), "{explanation}");
    }
}

#[test]
fn a_wrong_config_file_is_named_with_its_line_and_nothing_runs() {
    let (dir, db) = demo_db();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[matching]\nsame_organisation = 40\nsame_org = 1\n",
    )
    .unwrap();
    let out = improvers(&db)
        .args(["match", "--apply", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml, line 3: unknown field `same_org`"),
        "{err}"
    );
    let report = match_json(&db, &["--cohort", "3"]);
    let fresh = report["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["change"] == "new");
    assert!(fresh, "nothing was stored by the refused run");
}

#[test]
fn an_unknown_cohort_is_refused_with_the_cohorts_there_are() {
    let (_dir, db) = demo_db();
    let out = improvers(&db)
        .args(["match", "--cohort", "9"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("there is no cohort 9 in this programme (cohorts: 1, 2, 3)")
    );
}
