//! `improvers export expenses --format ledger`: the demo's journal against a golden file, its
//! totals read back by a small reader of our own and compared with the budget report, and the
//! command line's files and refusals.
//!
//! The golden file `tests/fixtures/demo.journal` is also what to try ledger and hledger on by
//! hand (`ledger -f tests/fixtures/demo.journal bal --flat Expenses`); rewrite it after a
//! deliberate change with `UPDATE_FIXTURES=1 cargo test --test ledger`.

mod support;

use chrono::NaiveDate;
use improvers::domain::budget::BudgetReport;
use improvers::domain::snapshot::Snapshot;
use improvers::io::demo::demo_programme;
use improvers::io::export::expenses_ledger;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::{demo_db, improvers, status_json};

/// The demo programme as built on 25 November 2026, the date its files are written around.
fn demo() -> Snapshot {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut data = Snapshot::default();
    data.apply(&demo_programme(today).unwrap());
    data
}

/// Pence per account, from posting lines alone, checking on the way that every transaction
/// moves one amount from `Grant:STATE` to an `Expenses:…:STATE` account with the mark its
/// state calls for. Written apart from the exporter so the two cannot share a mistake.
fn balances(journal: &str) -> BTreeMap<String, i64> {
    let mut totals = BTreeMap::new();
    let blocks: Vec<&str> = journal.split("\n\n").collect();
    let transactions: Vec<&str> = blocks
        .into_iter()
        .filter(|b| b.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(!transactions.is_empty(), "no transactions in\n{journal}");
    for block in transactions {
        let lines: Vec<&str> = block.lines().collect();
        let head = lines[0];
        let postings: Vec<&str> = lines[1..]
            .iter()
            .copied()
            .filter(|l| !l.trim_start().starts_with(';'))
            .collect();
        assert_eq!(postings.len(), 2, "two postings in\n{block}");
        let (account, amount) = postings[0]
            .trim_start()
            .split_once("  ")
            .unwrap_or_else(|| panic!("no amount in {:?}", postings[0]));
        let state = account.rsplit(':').next().unwrap();
        assert!(account.starts_with("Expenses:"), "{block}");
        assert_eq!(postings[1].trim(), format!("Grant:{state}"), "{block}");
        let mark = match state {
            "Paid" => Some('*'),
            "Committed" => Some('!'),
            "Estimated" => None,
            other => panic!("unexpected state {other} in\n{block}"),
        };
        assert_eq!(head.chars().nth(11).filter(|c| *c != '('), mark, "{head}");
        *totals.entry(account.to_string()).or_insert(0) += pence(amount.trim());
    }
    totals
}

/// `£1,234.56` in pence, read without the exporter's help.
fn pence(amount: &str) -> i64 {
    let digits = amount
        .strip_prefix('£')
        .unwrap_or_else(|| panic!("{amount}"));
    let (pounds, pennies) = digits.split_once('.').unwrap_or_else(|| panic!("{amount}"));
    assert_eq!(pennies.len(), 2, "{amount}");
    pounds.replace(',', "").parse::<i64>().unwrap() * 100 + pennies.parse::<i64>().unwrap()
}

/// The figures the journal should add up to: every category's paid, committed and estimated
/// amounts, under the journal's account names. Zero figures are left out, as no posting
/// makes them.
fn expected(lines: impl IntoIterator<Item = (String, [i64; 3])>) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for (label, figures) in lines {
        for (state, pence) in ["Paid", "Committed", "Estimated"].into_iter().zip(figures) {
            if pence != 0 {
                out.insert(format!("Expenses:{label}:{state}"), pence);
            }
        }
    }
    out
}

#[test]
fn the_demo_journal_is_the_golden_file() {
    let journal = expenses_ledger(&demo());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo.journal");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &journal).unwrap();
    }
    let golden = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_FIXTURES=1 writes it)", path.display()));
    assert!(
        golden == journal,
        "the journal differs from {}; if the change is meant, rerun with UPDATE_FIXTURES=1 and \
         review the diff\n{journal}",
        path.display()
    );
}

#[test]
fn the_demo_journal_adds_up_to_the_budget_report() {
    let data = demo();
    let report = BudgetReport::new(data.budget.as_ref(), &data.budget_totals, &data.categories);
    let want = expected(
        report
            .lines
            .iter()
            .map(|l| (l.name.clone(), [l.paid.0, l.committed.0, l.estimated.0])),
    );
    let got = balances(&expenses_ledger(&data));
    assert_eq!(got, want);
    // The demo has something in every category, so the comparison covers them all.
    for category in data.categories.current() {
        assert!(
            got.keys()
                .any(|a| a.starts_with(&format!("Expenses:{}:", category.name))),
            "{}",
            category.name
        );
    }
}

#[test]
fn the_exported_journal_matches_status() {
    let (_dir, db) = demo_db();
    let out = improvers(&db)
        .args(["export", "expenses", "--format", "ledger"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let journal = String::from_utf8(out).unwrap();
    assert!(journal.starts_with("; Aspiring Improvers"), "{journal}");
    let status = status_json(&db);
    let categories = status["budget"]["categories"].as_array().unwrap();
    let want = expected(categories.iter().map(|c| {
        let figure = |key: &str| c[key].as_i64().unwrap();
        (
            c["label"].as_str().unwrap().to_string(),
            [
                figure("paid_pence"),
                figure("committed_pence"),
                figure("estimated_pence"),
            ],
        )
    }));
    assert_eq!(balances(&journal), want);
}

#[test]
fn a_journal_file_is_private_and_never_replaced_without_force() {
    let (dir, db) = demo_db();
    let file = dir.path().join("grant.journal");
    let export = |force: bool| {
        let mut cmd = improvers(&db);
        cmd.args(["export", "expenses", "--format", "ledger", "--output"])
            .arg(&file);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    export(false)
        .success()
        .stdout(predicate::str::contains("Exported to"));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    std::fs::write(&file, "; kept by hand\n").unwrap();
    export(false)
        .failure()
        .stderr(predicate::str::contains("already exists; use --force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "; kept by hand\n");
    export(true).success();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("account Grant:Paid")
    );
}

#[test]
fn other_kinds_are_refused_with_the_command_to_use() {
    let (_dir, db) = demo_db();
    for kind in ["sessions", "participants", "all"] {
        improvers(&db)
            .args(["export", kind, "--format", "ledger"])
            .assert()
            .failure()
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "--format ledger writes expenses as a journal: use `improvers export expenses \
                 --format ledger`",
            ));
    }
    improvers(&db)
        .args(["export", "expenses", "--format", "ledger", "--cohort", "2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--cohort chooses whose sessions"));
}
