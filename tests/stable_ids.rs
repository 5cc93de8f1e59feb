//! Identifiers other programs keep — a session's calendar UID and SEQUENCE, an expense's
//! ledger code — are given once, never given to another record after a delete, and survive
//! export → import and backup → restore.

mod support;

use improvers::domain::change::{Change, RecordKey};
use improvers::store::shared::Database;
use std::collections::BTreeMap;
use std::path::Path;
use support::{demo_db_in, import_folder, improvers, snapshot, stdout};

/// Each event of the calendar `db` exports: UID → (SUMMARY, SEQUENCE).
fn calendar(db: &Path) -> BTreeMap<String, (String, u64)> {
    let text = stdout(improvers(db).args(["export", "sessions", "--format", "ics"]));
    let mut events = BTreeMap::new();
    let (mut uid, mut summary, mut sequence) = (String::new(), String::new(), 0);
    // Unfolded lines are enough here: UID, SUMMARY and SEQUENCE of the demo fit on one line.
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("UID:") {
            uid = v.to_string();
        } else if let Some(v) = line.strip_prefix("SUMMARY:") {
            summary = v.to_string();
        } else if let Some(v) = line.strip_prefix("SEQUENCE:") {
            sequence = v.parse().unwrap();
        } else if line == "END:VEVENT" {
            events.insert(uid.clone(), (summary.clone(), sequence));
        }
    }
    events
}

/// Each expense's ledger code (the transaction code in the journal) → its payee.
fn journal_codes(db: &Path) -> BTreeMap<String, String> {
    let text = stdout(improvers(db).args(["export", "expenses", "--format", "ledger"]));
    text.lines()
        .filter_map(|line| {
            let rest = line.get(11..)?.trim_start_matches(['*', '!', ' ']);
            let (code, payee) = rest.strip_prefix('(')?.split_once(") ")?;
            line.starts_with("20")
                .then(|| (code.to_string(), payee.to_string()))
        })
        .collect()
}

fn delete(db: &Path, key: RecordKey) {
    Database::open(db)
        .unwrap()
        .apply(&Change::Delete(key))
        .unwrap();
}

#[test]
fn uids_and_codes_survive_a_delete_an_export_and_an_import_into_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let data = snapshot(&a);
    // A session and an expense from the middle, so later ones would shift if ids were
    // handed out again in order.
    let session = *data.sessions.keys().nth(data.sessions.len() / 2).unwrap();
    let expense = *data.expenses.keys().nth(data.expenses.len() / 2).unwrap();
    delete(&a, RecordKey::Session(session));
    delete(&a, RecordKey::Expense(expense));
    let before = calendar(&a);
    let codes_before = journal_codes(&a);
    assert_eq!(before.len(), data.sessions.len() - 1);
    assert_eq!(codes_before.len(), journal_codes(&a).len());

    let folder = dir.path().join("exported");
    improvers(&a)
        .args(["export", "all", "--output"])
        .arg(&folder)
        .assert()
        .success();
    let b = dir.path().join("b");
    import_folder(&b, &folder);

    let after = calendar(&b);
    assert_eq!(after.len(), before.len());
    for (uid, (title, sequence)) in &before {
        let (title_after, sequence_after) = after
            .get(uid)
            .unwrap_or_else(|| panic!("{uid} ({title}) is gone after the import"));
        assert_eq!(title_after, title, "{uid} names another session");
        assert!(
            sequence_after >= sequence,
            "{uid}: SEQUENCE went down from {sequence} to {sequence_after}"
        );
    }
    assert_eq!(
        journal_codes(&b),
        codes_before,
        "every ledger code names the same payee"
    );

    // A session and an expense added in the new database take numbers none of the old ones had.
    let data_b = snapshot(&b);
    let next_session =
        data_b.next_id(|id| RecordKey::Session(improvers::domain::ids::SessionId(id)));
    assert!(next_session > data.sessions.keys().next_back().unwrap().0);
}

#[test]
fn a_deleted_sessions_uid_is_never_given_to_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let data = snapshot(&a);
    let last = *data.sessions.keys().next_back().unwrap();
    delete(&a, RecordKey::Session(last));
    let data = snapshot(&a);
    let next = data.next_id(|id| RecordKey::Session(improvers::domain::ids::SessionId(id)));
    assert_eq!(
        next,
        last.0 + 1,
        "the deleted session's number is not given again"
    );
    // Also after a backup and a restore, which keep who deleted what.
    let file = dir.path().join("programme.backup");
    improvers(&a).arg("backup").arg(&file).assert().success();
    let c = dir.path().join("c");
    improvers(&c).arg("restore").arg(&file).assert().success();
    assert_eq!(
        calendar(&c),
        calendar(&a),
        "UIDs and SEQUENCEs are restored as they were"
    );
    let restored = snapshot(&c);
    assert_eq!(
        restored.next_id(|id| RecordKey::Session(improvers::domain::ids::SessionId(id))),
        last.0 + 1
    );
}

#[test]
fn a_uid_or_code_that_would_name_a_second_record_is_refused_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let data = snapshot(&a);
    let programme = &data.programme.as_ref().unwrap().name;
    let session = data.sessions.values().next().unwrap();
    let uid = improvers::domain::identifiers::session_uid(programme, session.id);
    let file = dir.path().join("sessions.csv");
    std::fs::write(
        &file,
        format!(
            "ref,kind,title,start,duration_minutes,uid\r\n\
             late-clinic,project support,Late clinic,2027-03-02 18:00,60,{uid}\r\n\
             odd,project support,Odd one,2027-03-03 18:00,60,meeting-4@elsewhere.org\r\n"
        ),
    )
    .unwrap();
    let out = improvers(&a)
        .args(["import", "sessions"])
        .arg(&file)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains(&format!(
            "sessions.csv:2: column \"uid\": it already names the session \"{}\" in this programme",
            session.title
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "sessions.csv:3: column \"uid\": \"meeting-4@elsewhere.org\" is not a calendar UID"
        ),
        "{err}"
    );
    let expenses = dir.path().join("expenses.csv");
    let code = data.expenses.keys().next().unwrap();
    std::fs::write(
        &expenses,
        format!("date,category,amount,payee,state,ledger_code\n2027-01-05,Materials,12.00,Print Shop,paid,{code}\n"),
    )
    .unwrap();
    let out = improvers(&a)
        .args(["import", "expenses"])
        .arg(&expenses)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("expenses.csv:2: column \"ledger_code\": it already names the expense"),
        "{err}"
    );
    assert_eq!(
        snapshot(&a).sessions.len(),
        data.sessions.len(),
        "nothing was imported"
    );
}

#[test]
fn the_last_sessions_number_deleted_before_an_export_is_not_given_again_after_the_import() {
    use improvers::domain::ids::{ExpenseId, SessionId};
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let data = snapshot(&a);
    let last_session = *data.sessions.keys().next_back().unwrap();
    let last_expense = *data.expenses.keys().next_back().unwrap();
    delete(&a, RecordKey::Session(last_session));
    delete(&a, RecordKey::Expense(last_expense));
    let folder = dir.path().join("exported");
    improvers(&a)
        .args(["export", "all", "--output"])
        .arg(&folder)
        .assert()
        .success();
    let toml = std::fs::read_to_string(folder.join("programme.toml")).unwrap();
    assert!(
        toml.contains(&format!(
            "[numbering]\nsessions = {}\nexpenses = {}\n",
            last_session.0, last_expense.0
        )),
        "{toml}"
    );
    let b = dir.path().join("b");
    import_folder(&b, &folder);
    let imported = snapshot(&b);
    assert_eq!(
        imported.next_id(|id| RecordKey::Session(SessionId(id))),
        last_session.0 + 1,
        "the deleted session's UID is never given to a new session here either"
    );
    assert_eq!(
        imported.next_id(|id| RecordKey::Expense(ExpenseId(id))),
        last_expense.0 + 1
    );
    // And the numbering goes on with the programme: exported again, it says the same.
    let again = dir.path().join("again");
    improvers(&b)
        .args(["export", "all", "--output"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(again.join("programme.toml")).unwrap(),
        toml
    );
}
