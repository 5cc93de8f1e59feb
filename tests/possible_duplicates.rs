//! Possible duplicates: the same name under two emails (a work and a personal address) is
//! pointed out by `status`, so a coordinator can check whether they are one person.

mod support;

use support::{demo_db, improvers, status_json, stdout};

#[test]
fn status_points_out_the_same_name_under_two_emails() {
    let (dir, db) = demo_db();
    let before = status_json(&db);
    let warned = |json: &serde_json::Value| {
        json["warnings"]
            .as_array()
            .expect("warnings is an array")
            .iter()
            .filter_map(|w| w.as_str())
            .filter(|w| w.contains("may be one person"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(warned(&before).is_empty(), "the demo has no such pair");
    // Amara Lindqvist of the demo's participants, added again as a Q member under a personal
    // address, saved by a spreadsheet (CRLF, a byte-order mark), her name typed in lower case.
    let file = dir.path().join("q-members.csv");
    std::fs::write(
        &file,
        "\u{feff}name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity\r\n\
         amara lindqvist,amara.l@home.example,Nurse,Riverside University Hospitals NHS Trust,no,patient flow,mentor,1\r\n",
    )
    .unwrap();
    stdout(improvers(&db).args(["import", "q-members"]).arg(&file));
    let after = warned(&status_json(&db));
    assert_eq!(
        after,
        [
            "Amara Lindqvist may be one person under 2 emails: participant Amara Lindqvist \
          <amara.lindqvist@riverside-uh.example>, Q member amara lindqvist \
          <amara.l@home.example>; check whether they are one person"
        ],
        "each record under its own spelling of the name"
    );
    // Listed as two records, never as a merge.
    let pair = &status_json(&db)["possible_duplicates"][0];
    assert_eq!(pair["kind"], "people");
    assert_eq!(
        pair["records"],
        serde_json::json!([
            "participant Amara Lindqvist <amara.lindqvist@riverside-uh.example>",
            "Q member amara lindqvist <amara.l@home.example>"
        ])
    );
    assert_eq!(pair["keep"], serde_json::Value::Null);
    assert_eq!(pair["merge"], serde_json::Value::Null);
    // She completed Cohort 1, so the link that makes her one person is offered.
    assert_eq!(
        pair["link"],
        "link amara.lindqvist@riverside-uh.example amara.l@home.example"
    );
    let text = stdout(improvers(&db).arg("status").env("COLUMNS", "200"));
    assert!(text.contains("Amara Lindqvist may be one person"), "{text}");
}

#[test]
fn status_points_out_an_organisation_spelt_two_ways_with_the_merge_that_joins_them() {
    let (dir, db) = demo_db();
    assert_eq!(
        status_json(&db)["possible_duplicates"],
        serde_json::json!([]),
        "the demo has no two spellings of one name"
    );
    // A Q member whose organisation was typed with a short form and a stray full stop, from a
    // spreadsheet saved on Windows.
    let file = dir.path().join("q-members.csv");
    std::fs::write(
        &file,
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity\r\n\
         Tamsin Greaves,tamsin.greaves@riverside.example,Nurse,Riverside Univ. Hospitals NHS Trust,no,patient flow,mentor,1\r\n",
    )
    .unwrap();
    stdout(improvers(&db).args(["import", "q-members"]).arg(&file));
    let json = status_json(&db);
    let merge = "merge organisations \"Riverside University Hospitals NHS Trust\" \
                 \"Riverside Univ. Hospitals NHS Trust\"";
    assert_eq!(
        json["possible_duplicates"],
        serde_json::json!([{
            "kind": "organisations",
            "records": [
                "Riverside University Hospitals NHS Trust",
                "Riverside Univ. Hospitals NHS Trust"
            ],
            "link": null,
            "keep": "Riverside University Hospitals NHS Trust",
            "gone": "Riverside Univ. Hospitals NHS Trust",
            "why": "same name once case, punctuation, \"&\" and short forms are set aside",
            "merge": merge,
        }])
    );
    // Under one cohort too: the mix of every cohort counts the two spellings apart.
    let one_cohort = stdout(
        improvers(&db)
            .args(["status", "--cohort", "2"])
            .env("COLUMNS", "300"),
    );
    // A long warning wraps: its words are compared, not its line breaks.
    let words = one_cohort.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(&format!("join them with `improvers {merge}`")),
        "{one_cohort}"
    );
}
