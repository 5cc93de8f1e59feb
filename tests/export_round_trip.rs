//! `improvers export` and `improvers import` together: the files an export writes import back,
//! one by one, to the same programme, even with awkward text in every cell, and exporting that
//! again gives the same bytes. Real processes on temporary databases.

mod support;

use support::{CSV_KINDS, demo_db_in, import_folder, improvers, snapshot, stdout};

use improvers::domain::snapshot::Snapshot;
use predicates::prelude::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The programme with every id replaced by what files name records by (emails, names, cohort
/// numbers, session start and title), and collections sorted, so two databases that hold the
/// same programme under different ids compare equal.
fn by_natural_keys(data: &Snapshot) -> Value {
    let cohort = |id: &Value| -> Value {
        id.as_u64()
            .and_then(|id| data.cohorts.values().find(|c| c.id.0 == id))
            .map_or(Value::Null, |c| json!(c.number))
    };
    let participant = |id: &Value| -> Value {
        id.as_u64()
            .and_then(|id| data.participants.values().find(|p| p.id.0 == id))
            .map_or(Value::Null, |p| json!(p.email))
    };
    let q_member = |id: &Value| -> Value {
        id.as_u64()
            .and_then(|id| data.q_members.values().find(|q| q.id.0 == id))
            .map_or(Value::Null, |q| json!(q.email))
    };
    let organisation = |id: &Value| -> Value {
        id.as_u64()
            .and_then(|id| data.organisations.values().find(|o| o.id.0 == id))
            .map_or(Value::Null, |o| json!(o.name))
    };
    let profession = |id: &Value| -> Value {
        id.as_u64()
            .and_then(|id| data.professions.values().find(|p| p.id.0 == id))
            .map_or(Value::Null, |p| json!(p.name))
    };
    let venue = |id: &Value| -> Value {
        id.as_u64()
            .and_then(|id| data.venues.values().find(|v| v.id.0 == id))
            .map_or(Value::Null, |v| json!(v.name))
    };
    let session = |id: &Value| -> Value {
        id.as_u64()
            .and_then(|id| data.sessions.values().find(|s| s.id.0 == id))
            .map_or(Value::Null, |s| json!(format!("{} {}", s.start, s.title)))
    };
    let sorted = |mut values: Vec<Value>| -> Value {
        values.sort_by_key(Value::to_string);
        Value::Array(values)
    };
    let records = |values: Vec<Value>, patch: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        sorted(
            values
                .into_iter()
                .map(|mut value| {
                    let object = value.as_object_mut().unwrap();
                    object.remove("id");
                    patch(object);
                    value
                })
                .collect(),
        )
    };
    let swap =
        |object: &mut serde_json::Map<String, Value>, key: &str, f: &dyn Fn(&Value) -> Value| {
            let new = f(&object[key]);
            object.insert(key.to_string(), new);
        };

    json!({
        "programme": data.programme,
        "budget": data.budget,
        "cohorts": records(data.cohorts.values().map(|c| json!(c)).collect(), &|_| {}),
        "organisations": sorted(data.organisations.values().map(|o| json!(o.name)).collect()),
        "professions": sorted(data.professions.values().map(|p| json!(p.name)).collect()),
        "venues": records(data.venues.values().map(|v| json!(v)).collect(), &|_| {}),
        "q_members": records(data.q_members.values().map(|q| json!(q)).collect(), &|q| {
            swap(q, "profession", &profession);
            swap(q, "organisation", &organisation);
        }),
        "participants": records(data.participants.values().map(|p| json!(p)).collect(), &|p| {
            swap(p, "profession", &profession);
            swap(p, "organisation", &organisation);
            swap(p, "cohort", &cohort);
            swap(p, "nominated_by", &q_member);
        }),
        "matches": records(data.matches.values().map(|m| json!(m)).collect(), &|m| {
            swap(m, "participant", &participant);
            swap(m, "q_member", &q_member);
        }),
        "pair_rules": records(data.pair_rules.values().map(|r| json!(r)).collect(), &|r| {
            swap(r, "participant", &participant);
            swap(r, "q_member", &q_member);
        }),
        "sessions": records(data.sessions.values().map(|s| json!(s)).collect(), &|s| {
            swap(s, "cohort", &cohort);
            swap(s, "venue", &venue);
            swap(s, "host", &q_member);
            let facilitators = s["facilitators"].as_array().unwrap().iter().map(&q_member).collect();
            s.insert("facilitators".into(), Value::Array(facilitators));
            let invitees = s["invitees"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| json!({"participant": participant(&i["participant"]), "attendance": i["attendance"]}))
                .collect();
            s.insert("invitees".into(), Value::Array(invitees));
        }),
        // Each series as how it repeats and its sessions in its own order.
        "series": records(data.series.values().map(|s| json!(s)).collect(), &|s| {
            let sessions = s["sessions"].as_array().unwrap().iter().map(&session).collect();
            s.insert("sessions".into(), Value::Array(sessions));
        }),
        "expenses": records(data.expenses.values().map(|e| json!(e)).collect(), &|e| {
            swap(e, "session", &session);
            let person = match &e["person"] {
                Value::Null => Value::Null,
                Value::Object(o) => o
                    .get("Participant")
                    .map(&participant)
                    .or_else(|| o.get("QMember").map(&q_member))
                    .unwrap_or(Value::Null),
                other => other.clone(),
            };
            e.insert("person".into(), person);
        }),
    })
}

/// Exports all of `a` into a folder, imports the folder into an empty database file by file,
/// and checks the two hold the same programme. Returns the new database.
fn round_trip(dir: &Path, a: &Path) -> PathBuf {
    let folder = dir.join("exported");
    improvers(a)
        .args(["export", "all", "--output"])
        .arg(&folder)
        .assert()
        .success()
        .stdout(predicate::str::contains("Exported the programme to"));
    let b = dir.join("b");
    import_folder(&b, &folder);

    let status = |db: &Path| -> Value {
        serde_json::from_str(&stdout(improvers(db).args(["status", "--json"]))).unwrap()
    };
    assert_eq!(status(a), status(&b), "status differs after the round trip");

    let (before, after) = (
        by_natural_keys(&snapshot(a)),
        by_natural_keys(&snapshot(&b)),
    );
    for key in before.as_object().unwrap().keys() {
        assert_eq!(
            before[key], after[key],
            "{key} differ after export and import"
        );
    }
    b
}

#[test]
fn the_demo_exported_and_imported_file_by_file_is_the_same_programme() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let b = round_trip(dir.path(), &a);
    // The comparison is not vacuous: the demo has every kind of record.
    let data = snapshot(&b);
    assert_eq!(data.participants.len(), snapshot(&a).participants.len());
    assert!(data.participants.len() >= 36);
    assert!(data.sessions.values().any(|s| !s.invitees.is_empty()));
    assert!(data.matches.values().any(|m| !m.check_ins.is_empty()));
    assert!(data.expenses.len() > 50);
}

#[test]
fn exporting_what_was_imported_from_an_export_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let b = round_trip(dir.path(), &a);
    let again = dir.path().join("again");
    improvers(&b)
        .args(["export", "all", "--output"])
        .arg(&again)
        .assert()
        .success();
    let first = dir.path().join("exported");
    let mut compared = 0;
    for entry in std::fs::read_dir(&first).unwrap() {
        let name = entry.unwrap().file_name();
        let before = std::fs::read(first.join(&name)).unwrap();
        let after = std::fs::read(again.join(&name)).unwrap();
        assert!(
            before == after,
            "{name:?} differs after export, import and export"
        );
        compared += 1;
    }
    assert_eq!(compared, 11, "programme.toml and ten CSV files");
}

const AWKWARD_PROGRAMME: &str = r#"
[programme]
name = "Aspiring Improvers — \"Côte\" & O'Neill, North"
funder = "Fund, \"Health\" Ltd"

[[cohorts]]
number = 1
name = "Cohort 1 — Ré-start, \"spring\""
starts = 2026-01-12
ends = 2026-12-11
target_size = 10

[cohorts.allocations]
catering = "50"
access_bsl = "£20.00"

[budget]
total = "£1,000.50"
retired = ["materials"]

[budget.allocations]
catering = "100.05"
"Access: BSL & captions" = "£25"

[budget.categories]
catering = "Café, \"tea\" & cake"
access_bsl = "Access: BSL & captions"
"#;

/// Files full of commas, quotes, line breaks, accents, apostrophes and spreadsheet formulae.
const AWKWARD_FILES: [(&str, &str); 10] = [
    (
        "venues",
        "name,capacity,address,rate,per\n\"Hall, \"\"Main\"\" — Siân's\",40,\"1 Rue de l'Église, Paris\",95.5,hour\n",
    ),
    (
        "q-members",
        "name,email,profession,organisation,roles,mentoring_capacity,availability_notes,expertise\n\
         'Tis Siân O'Connor-Ibáñez,sian@hospice.example,\"Nurse, senior\",\"St Aldric's Hospice, \"\"North\"\"\",mentor; facilitator,2,\"+44 20 7946 0000 on Mondays only;\nnot \"\"Fridays\"\", ever\",Patient flow; Ça va\n",
    ),
    (
        "participants",
        "name,email,profession,organisation,cohort,nominated_by,project_title,project_aim,topics,project_stage,stage,stage_date,notes\n\
         \"Zoë \"\"Zee\"\" D'Arcy\",zoe@r.example,Nurse,\"Smith, Jones & \"\"Partners\"\"\",1,sian@hospice.example,\"@Title, with \"\"quotes\"\"\",\"Line one, with comma\nLine two — \"\"quoted\"\" and l'apostrophe\",flow; ça,Scoping,Active,2026-01-12,\"=1+2\n@note, +plus -minus\"\n",
    ),
    (
        "pathway",
        "email,stage,date,note\nzoe@r.example,Active,2026-01-12,\"''=Welcome, \"\"Zoë\"\"\nsecond line\"\nzoe@r.example,Completed,2026-11-01,\n",
    ),
    (
        "readiness",
        "email,item,date,note\nzoe@r.example,Written reflection,2026-10-01,\"Reflection: \"\"what changed\"\",\nand why\"\n",
    ),
    (
        "sessions",
        "ref,kind,title,start,duration_minutes,theme,cohort,venue,facilitators,series,repeats\n\
         x1,Workshop,\"Spread, \"\"scale\"\" & sustain — l'été\",2026-03-29 10:00,90,\"-Théme, one\",1,\"Hall, \"\"Main\"\" — Siân's\",sian@hospice.example,x1,fortnightly\n\
         x2,Workshop,\"Spread, \"\"scale\"\" & sustain — l'été\",2026-04-12 10:00,90,,1,,,x1,fortnightly\n",
    ),
    (
        "attendance",
        "session,email,attendance\n\"2026-03-29 10:00 Spread, \"\"scale\"\" & sustain — l'été\",zoe@r.example,attended\n",
    ),
    (
        "matches",
        "participant,q_member,state,proposed_on,state_date,end_reason,locked\nzoe@r.example,sian@hospice.example,ended,2026-02-01,2026-06-01,\"+Moved job, \"\"sadly\"\"\",no\n",
    ),
    (
        "check-ins",
        "participant,q_member,date,met,note\nzoe@r.example,sian@hospice.example,2026-03-01,yes,\"Met, talked about \"\"flow\"\"\nnext: PDSA\"\n",
    ),
    (
        "expenses",
        "date,category,amount,payee,state,description,session,person,state_date\n\
         2026-03-29,Catering,\"£1,234.56\",\"Café \"\"Olé\"\", Ltd\",paid,\"-Lunch, tea\n& \"\"cake\"\"\",\"2026-03-29 10:00 Spread, \"\"scale\"\" & sustain — l'été\",sian@hospice.example,2026-04-10\n",
    ),
];

#[test]
fn awkward_text_survives_export_and_import_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("awkward");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("programme.toml"), AWKWARD_PROGRAMME).unwrap();
    for (kind, text) in AWKWARD_FILES {
        std::fs::write(files.join(format!("{kind}.csv")), text).unwrap();
    }
    let a = dir.path().join("a");
    import_folder(&a, &files);

    let b = round_trip(dir.path(), &a);
    let data = snapshot(&b);
    let zoe = data.participants.values().next().unwrap();
    assert_eq!(zoe.name, "Zoë \"Zee\" D'Arcy");
    assert_eq!(
        zoe.project.aim,
        "Line one, with comma\nLine two — \"quoted\" and l'apostrophe"
    );
    // Cells that look like formulae are kept as they were written.
    assert_eq!(zoe.notes, "=1+2\n@note, +plus -minus");
    assert_eq!(
        zoe.pathway.changes()[0].note,
        "'=Welcome, \"Zoë\"\nsecond line",
        "the file's own apostrophe before one that guards a formula is kept"
    );
    assert_eq!(zoe.project.title, "@Title, with \"quotes\"");
    assert_eq!(
        data.programme.unwrap().name,
        "Aspiring Improvers — \"Côte\" & O'Neill, North"
    );
    let expense = data.expenses.values().next().unwrap();
    assert_eq!(expense.payee, "Café \"Olé\", Ltd");
    assert_eq!(expense.amount.0, 123_456);
    assert!(expense.session.is_some());
    // Categories renamed, added and retired, and the cohort's share, came back as they were.
    let names: Vec<String> = data
        .categories
        .current()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(
        names,
        [
            "Venue hire",
            "Speaker travel",
            "Site visits",
            "Café, \"tea\" & cake",
            "Other",
            "Access: BSL & captions"
        ]
    );
    let access = data.categories.find("access_bsl").unwrap();
    assert_eq!(data.budget.as_ref().unwrap().allocated(access).0, 2_500);
    let share = data.cohort_budgets.values().next().unwrap();
    assert_eq!(share.allocated(access).0, 2_000);
    assert_eq!(share.total().0, 7_000);
    assert_eq!(
        data.categories.name(expense.category),
        "Café, \"tea\" & cake"
    );
    assert_eq!(expense.description, "-Lunch, tea\n& \"cake\"");
    let sian = data.q_members.values().next().unwrap();
    assert_eq!(sian.name, "'Tis Siân O'Connor-Ibáñez");
    assert!(sian.availability_notes.starts_with("+44 20 7946 0000 "));
    // The series went out as the first session's awkward ref and came back.
    assert_eq!(data.series.len(), 1);
    assert_eq!(data.series.values().next().unwrap().sessions.len(), 2);

    // In the files, text a spreadsheet would take for a formula has an apostrophe in front;
    // other text, and the figures the export writes, have none.
    let exported = |kind: &str| {
        std::fs::read_to_string(dir.path().join("exported").join(format!("{kind}.csv"))).unwrap()
    };
    let participants = exported("participants");
    assert!(
        participants.contains(",\"'=1+2\n@note, +plus -minus\"\n"),
        "{participants}"
    );
    assert!(
        participants.contains(",\"'@Title, with \"\"quotes\"\"\","),
        "{participants}"
    );
    let q_members = exported("q-members");
    assert!(
        q_members.contains("\n'Tis Siân O'Connor-Ibáñez,"),
        "{q_members}"
    );
    assert!(
        q_members.contains(",\"'+44 20 7946 0000 on Mondays"),
        "{q_members}"
    );
    assert!(
        exported("pathway").contains(",\"''=Welcome, \"\"Zoë\"\"\nsecond line\"\n"),
        "{}",
        exported("pathway")
    );
    assert!(exported("matches").contains(",\"'+Moved job,"));
    assert!(exported("sessions").contains(",\"'-Théme, one\","));
    let expenses = exported("expenses");
    assert!(expenses.contains(",1234.56,"), "{expenses}");
    assert!(expenses.contains(",\"'-Lunch, tea\n"), "{expenses}");

    // And exporting what came back gives the same bytes again.
    let again = dir.path().join("again");
    improvers(&b)
        .args(["export", "all", "--output"])
        .arg(&again)
        .assert()
        .success();
    for kind in CSV_KINDS
        .iter()
        .map(|k| format!("{k}.csv"))
        .chain(["programme.toml".into()])
    {
        let first = std::fs::read(dir.path().join("exported").join(&kind)).unwrap();
        let second = std::fs::read(again.join(&kind)).unwrap();
        assert!(
            first == second,
            "{kind} differs after export, import and export:\n{}\n{}",
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second)
        );
    }
}
