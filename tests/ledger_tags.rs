//! The expenses journal never turns free text into structure: whatever a description says,
//! ledger and hledger find only the tags the exporter declares, each with its own value.
//!
//! Both tools read tags out of comments, and both need a `:` to do it: hledger reads `NAME:`
//! anywhere in a comment as a tag whose value runs to the next comma, ledger reads `NAME:` at
//! the start of a comment line and `:NAME:` anywhere in one. So the rule checked here, apart
//! from the exporter: every comment line of a transaction holds exactly one `:`, the one
//! ending its declared tag's name, save the lines of the session and person tags, whose
//! references (as the CSV export writes them) keep their `:` and `;` and which both tools read
//! to the end of the line. Then the tools themselves are asked, when installed.

use chrono::NaiveDate;
use improvers::domain::budget::{Expense, ExpenseState};
use improvers::domain::change::Record;
use improvers::domain::ids::{
    CategoryId, ExpenseId, OrganisationId, ProfessionId, QMemberId, SessionId,
};
use improvers::domain::money::Pence;
use improvers::domain::people::{PersonRef, QMember};
use improvers::domain::sessions::{Session, SessionKind};
use improvers::domain::snapshot::Snapshot;
use improvers::io::export::expenses_ledger;
use std::collections::BTreeSet;
use std::process::Command;

/// Descriptions that read as tags to one tool or the other if written as they are.
const DESCRIPTIONS: [&str; 5] = [
    "Taxi to venue, state: refunded later, expense: 999",
    "Note: call the venue back, session: 12",
    "12:30 train :urgent:late: see https://rail.example/fares",
    "fare:: 1/0, :b: c",
    "Lunch, tea & cake",
];

/// A title with what a tag's value could stop at, as a person might type it.
const TITLE: &str = "Q&A: measuring what matters; with tea";

/// How the CSV export names that session, and so what its tag must read as.
const SESSION_REF: &str = "2026-03-10 10:00 Q&A: measuring what matters; with tea";

const EMAIL: &str = "ines.varga@example.org";

fn journal() -> String {
    let mut data = Snapshot::default();
    // The session expense 2 is for: a journal names only sessions that are there.
    data.put(Record::Session(Session {
        id: SessionId(4),
        kind: SessionKind::Workshop,
        title: TITLE.into(),
        theme: String::new(),
        cohort: None,
        start: NaiveDate::from_ymd_opt(2026, 3, 10)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap(),
        duration_minutes: 120,
        venue: None,
        facilitators: Vec::new(),
        host: None,
        capacity: None,
        invitees: Vec::new(),
        cancelled: false,
    }));
    data.put(Record::QMember(QMember {
        id: QMemberId(7),
        name: "Ines Varga".into(),
        email: EMAIL.into(),
        profession: ProfessionId(1),
        organisation: OrganisationId(1),
        london_based: false,
        expertise: Vec::new(),
        roles: Vec::new(),
        mentoring_capacity: 0,
        available: true,
        availability_notes: String::new(),
    }));
    for (i, description) in DESCRIPTIONS.iter().enumerate() {
        let id = i as u64 + 1;
        data.put(Record::Expense(Expense {
            id: ExpenseId(id),
            date: NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(),
            category: CategoryId::SPEAKER_TRAVEL,
            amount: Pence(1_000 * id as i64),
            payee: format!("Cab Co: branch {id}"),
            description: (*description).to_string(),
            session: (id == 2).then_some(SessionId(4)),
            person: (id == 2).then_some(PersonRef::QMember(QMemberId(7))),
            state: if id == 1 {
                ExpenseState::Paid
            } else {
                ExpenseState::Committed
            },
            history: vec![],
        }));
    }
    expenses_ledger(&data)
}

/// The tags the journal declares (`tag NAME` lines).
fn declared(journal: &str) -> BTreeSet<String> {
    journal
        .lines()
        .filter_map(|l| l.strip_prefix("tag "))
        .map(str::to_string)
        .collect()
}

/// Each transaction's comment lines, the `;` and spaces taken off.
fn transaction_comments(journal: &str) -> Vec<Vec<String>> {
    journal
        .split("\n\n")
        .filter(|block| block.starts_with(|c: char| c.is_ascii_digit()))
        .map(|block| {
            block
                .lines()
                .skip(1)
                .filter_map(|l| l.trim_start().strip_prefix(';'))
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn every_comment_holds_one_declared_tag_and_free_text_holds_no_colon() {
    let journal = journal();
    let declared = declared(&journal);
    assert_eq!(
        declared,
        BTreeSet::from(["description", "expense", "person", "session", "state"].map(String::from))
    );
    let transactions = transaction_comments(&journal);
    assert_eq!(transactions.len(), DESCRIPTIONS.len(), "{journal}");
    let mut descriptions = Vec::new();
    for comments in transactions {
        for comment in comments {
            let (name, value) = comment
                .split_once(": ")
                .unwrap_or_else(|| panic!("not a tag: {comment:?}"));
            assert!(declared.contains(name), "{comment:?}");
            if name == "session" || name == "person" {
                continue;
            }
            assert!(
                !value.contains(':'),
                "the value of {name} holds a `:` that one tool or the other reads as another \
                 tag: {comment:?}"
            );
            if name == "description" {
                descriptions.push(value.to_string());
            }
        }
    }
    // What was written still reads as what was typed, the colons as look-alikes.
    let read_back: Vec<String> = descriptions
        .iter()
        .map(|d| d.replace('\u{A789}', ":"))
        .collect();
    assert_eq!(read_back, DESCRIPTIONS);
}

/// Runs `program` on the journal with `args`; `None` (with the reason printed) when it is not
/// installed.
fn run(program: &str, journal: &str, args: &[&str]) -> Option<String> {
    if Command::new(program).arg("--version").output().is_err() {
        eprintln!(
            "skipped: {program} is not installed, so its reading of the journal is not checked"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grant.journal");
    std::fs::write(&file, journal).unwrap();
    let out = Command::new(program)
        .arg("-f")
        .arg(&file)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}\n{journal}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

fn listed(output: &str) -> BTreeSet<String> {
    output.lines().map(str::to_string).collect()
}

#[test]
fn hledger_finds_only_the_declared_tags() {
    let journal = journal();
    let Some(tags) = run("hledger", &journal, &["--strict", "tags"]) else {
        return;
    };
    assert_eq!(listed(&tags), declared(&journal));
    let refunded = run("hledger", &journal, &["reg", "tag:state=refunded"]).unwrap();
    assert_eq!(
        refunded, "",
        "a description set the state of a paid expense"
    );
    let paid = run("hledger", &journal, &["reg", "tag:state=paid"]).unwrap();
    assert!(paid.contains("Cab Co: branch 1"), "{paid}");
    assert_eq!(
        paid.lines().count(),
        2,
        "one transaction of two postings: {paid}"
    );
    let expense = run("hledger", &journal, &["reg", "tag:expense=999"]).unwrap();
    assert_eq!(expense, "");
    let session = run("hledger", &journal, &["reg", "tag:session"]).unwrap();
    assert_eq!(
        session.lines().count(),
        2,
        "only expense 2 has a session: {session}"
    );
    let values = run("hledger", &journal, &["tags", "--values"]).unwrap();
    assert!(listed(&values).contains(SESSION_REF), "{values}");
    assert!(listed(&values).contains(EMAIL), "{values}");
    // `print` writes the transaction back as hledger read it, tags whole.
    let printed = run("hledger", &journal, &["print", "tag:person"]).unwrap();
    assert!(
        printed.contains(&format!("; session: {SESSION_REF}\n")),
        "{printed}"
    );
    assert!(
        printed.contains(&format!("; person: {EMAIL}\n")),
        "{printed}"
    );
}

#[test]
fn ledger_finds_only_the_declared_tags() {
    let journal = journal();
    let Some(tags) = run("ledger", &journal, &["--pedantic", "tags"]) else {
        return;
    };
    assert_eq!(listed(&tags), declared(&journal));
    let states = run(
        "ledger",
        &journal,
        &["reg", "Expenses", "--format", "%(code) %(tag(\"state\"))\n"],
    )
    .unwrap();
    assert_eq!(
        states,
        "1 paid\n2 committed\n3 committed\n4 committed\n5 committed\n"
    );
    let traced = run(
        "ledger",
        &journal,
        &[
            "reg",
            "Expenses",
            "--format",
            "%(code)|%(tag(\"session\"))|%(tag(\"person\"))\n",
        ],
    )
    .unwrap();
    assert!(
        traced
            .lines()
            .any(|l| l == format!("2|{SESSION_REF}|{EMAIL}")),
        "{traced}"
    );
    let urgent = run("ledger", &journal, &["reg", "%urgent"]).unwrap();
    assert_eq!(urgent, "", "`:urgent:late:` in a description became a tag");
}
