//! Nobody is proposed as their own mentor: a participant who is also in the Q member register
//! (the same email, typed another way) is never paired with themselves, by `match`, by an
//! import of matches, or by hand from the candidates.

mod support;

use serde_json::Value;
use std::path::Path;
use support::{demo_db, improvers};

/// Pat Selfsame, an applicant to the demo's recruiting cohort 3 and a Q member who mentors,
/// with an organisation, profession and topic nobody else in the demo has: on score alone Pat
/// would be Pat's own best mentor.
fn pat_in_both_registers(db: &Path, dir: &Path) {
    let files = [
        (
            "participants",
            "name,email,profession,organisation,cohort,nominated_by,project_title,project_aim,topics,project_stage,notes\r\n\
             Pat Selfsame,pat.selfsame@alpha.example,Podiatrist,Alpha Community Foot Care,3,,Fewer foot ulcers,Halve new ulcers,foot care,Scoping,\r\n",
        ),
        (
            "pathway",
            "email,stage,date\r\npat.selfsame@alpha.example,Applied,2026-11-10\r\n",
        ),
        (
            "q-members",
            "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity,available,availability_notes\r\n\
             Pat Selfsame, Pat.Selfsame@Alpha.example ,Podiatrist,Alpha Community Foot Care,yes,foot care,mentor,1,yes,\r\n",
        ),
    ];
    for (kind, text) in files {
        let file = dir.join(format!("{kind}.csv"));
        std::fs::write(&file, text).unwrap();
        improvers(db)
            .args(["import", kind])
            .arg(&file)
            .assert()
            .success();
    }
}

fn proposals_for_pat(db: &Path) -> Vec<(String, String)> {
    let out = improvers(db)
        .args(["match", "--json", "--cohort", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["participant"].as_str().unwrap().to_string(),
                p["mentor"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(p, m)| p == "Pat Selfsame" || m == "Pat Selfsame")
        .collect()
}

#[test]
fn match_never_proposes_a_participant_as_their_own_mentor() {
    let (dir, db) = demo_db();
    pat_in_both_registers(&db, dir.path());
    let pairs = proposals_for_pat(&db);
    let pat_for_pat = ("Pat Selfsame".to_string(), "Pat Selfsame".to_string());
    assert!(!pairs.contains(&pat_for_pat), "{pairs:?}");
    // Pat still gets a mentor: someone else.
    assert!(
        pairs
            .iter()
            .any(|(p, m)| p == "Pat Selfsame" && m != "Pat Selfsame"),
        "{pairs:?}"
    );
    let text = improvers(&db)
        .args(["match", "--cohort", "3"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&text.stdout);
    assert!(
        !said.contains("Pat Selfsame            → Pat Selfsame"),
        "{said}"
    );
}

#[test]
fn an_import_of_matches_pairing_someone_with_themselves_is_refused_by_line_and_column() {
    let (dir, db) = demo_db();
    pat_in_both_registers(&db, dir.path());
    let file = dir.path().join("matches.csv");
    std::fs::write(
        &file,
        "participant,q_member,state,proposed_on\r\n\
         pat.selfsame@alpha.example,PAT.SELFSAME@alpha.example,proposed,2026-11-20\r\n",
    )
    .unwrap();
    let out = improvers(&db)
        .args(["import", "matches"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        // The cell as the file holds it, to find it there; not the register's spelling.
        said.contains(
            "matches.csv:2: column \"q_member\": \"PAT.SELFSAME@alpha.example\" is the \
             participant's own email"
        ) && said.contains("Pat Selfsame is in both registers, and nobody mentors themselves")
            && said.contains("nothing was imported"),
        "{said}"
    );
}
