//! Two imports of different records at once, through a real owner, as two coordinators (or a
//! coordinator and a cron job) would run them: both are saved, whole, every time. Only changes
//! to the same existing records may conflict, and those are refused by name.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::{Server, demo_db, snapshot};

/// An expenses file of `rows` new expenses, each with a payee naming the file.
fn expenses_file(dir: &Path, name: &str, rows: usize) -> std::path::PathBuf {
    let mut text = String::from("date,category,amount,payee,state\r\n");
    for n in 1..=rows {
        text.push_str(&format!(
            "2026-11-{:02},Materials,£{n}.25,{name} payee {n},paid\r\n",
            1 + n % 27
        ));
    }
    let path = dir.join(format!("{name}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

fn import(db: &Path, kind: &str, file: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_improvers"))
        .arg("--db")
        .arg(db)
        .args(["import", kind])
        .arg(file)
        .env_remove("IMPROVERS_DB")
        .env("XDG_CONFIG_HOME", "/nonexistent/improvers-tests")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn twenty_pairs_of_imports_at_once_are_all_saved_whole() {
    let (dir, db) = demo_db();
    let _server = Server::start(&db);
    let before = snapshot(&db);
    let mut expected = before.expenses.len();
    for pair in 0..20 {
        let a = expenses_file(dir.path(), &format!("north-{pair}"), 5);
        let b = expenses_file(dir.path(), &format!("south-{pair}"), 7);
        let (first, second) = (import(&db, "expenses", &a), import(&db, "expenses", &b));
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "pair {pair}: {}", said(&out));
            assert!(
                said(&out).contains(" expenses."),
                "pair {pair}: {}",
                said(&out)
            );
        }
        expected += 12;
    }
    let after = snapshot(&db);
    assert_eq!(
        after.expenses.len(),
        expected,
        "every expense of every file, once"
    );
    for pair in 0..20 {
        for (side, rows) in [("north", 5), ("south", 7)] {
            let payees = after
                .expenses
                .values()
                .filter(|e| e.payee.starts_with(&format!("{side}-{pair} payee ")))
                .count();
            assert_eq!(payees, rows, "{side}-{pair}");
        }
    }
    // The kept totals agree with the expenses: nothing was counted twice.
    let check = support::stdout(support::improvers(&db).arg("check"));
    assert!(check.starts_with("All figures agree"), "{check}");
}

#[test]
fn two_imports_changing_the_same_person_at_once_never_lose_one_silently() {
    let (dir, db) = demo_db();
    let _server = Server::start(&db);
    let data = snapshot(&db);
    let person = data.participants.values().next().unwrap();
    let steps_before = person.pathway.changes().len();
    let row = |stage: &str, day: u32, note: &str| {
        format!(
            "email,stage,date,note\n{},{stage},2026-11-{day:02},{note}\n",
            person.email
        )
    };
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    // The same day, so whichever lands second still follows the first in date order.
    std::fs::write(&a, row("deferred", 28, "asked to pause")).unwrap();
    std::fs::write(&b, row("withdrawn", 28, "moved away")).unwrap();
    let outs: Vec<Output> = [import(&db, "pathway", &a), import(&db, "pathway", &b)]
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let steps = snapshot(&db).participants[&person.id]
        .pathway
        .changes()
        .len();
    let saved: Vec<bool> = outs.iter().map(|o| o.status.success()).collect();
    match saved.as_slice() {
        // One after the other: the second read the first's change, so both steps are there.
        [true, true] => assert_eq!(steps, steps_before + 2),
        // At once: one is refused by name, and the other's step is there.
        [true, false] | [false, true] => {
            let refused = outs.iter().find(|o| !o.status.success()).unwrap();
            assert!(
                said(refused).contains("was changed by"),
                "{}",
                said(refused)
            );
            assert_eq!(steps, steps_before + 1);
        }
        other => panic!("neither import was saved: {other:?}: {}", said(&outs[0])),
    }
}

/// With no `serve`, the first import owns the database and hands it on when it finishes; the
/// others, mid-request, find the next owner. None is lost and none is saved twice.
#[test]
fn four_imports_at_once_with_no_server_are_all_saved_once() {
    let (dir, db) = demo_db();
    let mut expected = snapshot(&db).expenses.len();
    for round in 0..10 {
        let files: Vec<_> = (0..4)
            .map(|n| expenses_file(dir.path(), &format!("r{round}-f{n}"), 3 + n))
            .collect();
        let children: Vec<_> = files.iter().map(|f| import(&db, "expenses", f)).collect();
        for (n, child) in children.into_iter().enumerate() {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}, file {n}: {}",
                said(&out)
            );
        }
        expected += 3 + 4 + 5 + 6;
        let data = snapshot(&db);
        assert_eq!(data.expenses.len(), expected, "round {round}");
    }
    let check = support::stdout(support::improvers(&db).arg("check"));
    assert!(check.starts_with("All figures agree"), "{check}");
}
