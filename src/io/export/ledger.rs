//! Expenses as a plain-text journal that ledger and hledger both read, posted so that their
//! balances per category and state are the figures of the budget report.

use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::ids::CategoryId;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_line;
use crate::io::export::names::Names;
use std::fmt::Write;

/// Amounts end in this column when the account name leaves room, so the journal reads as a
/// table.
const AMOUNT_END: usize = 56;

/// The journal of every expense not cancelled, oldest first (ties by id).
///
/// Each expense is one transaction, dated with the expense's date, its payee as the
/// description and its number as the code, moving the amount from `Grant:STATE` to
/// `Expenses:CATEGORY:STATE`. Paid expenses are marked cleared (`*`), committed ones pending
/// (`!`), estimates not at all. The session and person an expense is for are tagged with the
/// references the CSV export writes (`2026-11-29 14:00 Welcome evening`, an email address), so
/// a transaction traces back to the same row there.
pub fn expenses_ledger(data: &Snapshot) -> String {
    let names = Names::new(data);
    let mut out = String::new();
    header(&mut out, data);
    let mut expenses: Vec<&Expense> = data
        .expenses
        .values()
        .filter(|e| state_account(e.state).is_some())
        .collect();
    expenses.sort_by_key(|e| (e.date, e.id));
    for expense in expenses {
        transaction(&mut out, &names, expense);
    }
    out
}

/// The third level of an expense's account, `None` for a cancelled one, which costs nothing.
fn state_account(state: ExpenseState) -> Option<&'static str> {
    match state {
        ExpenseState::Paid => Some("Paid"),
        ExpenseState::Committed => Some("Committed"),
        ExpenseState::Estimate => Some("Estimated"),
        ExpenseState::Cancelled => None,
    }
}

/// The states a journal holds, in the budget report's order of columns.
const STATES: [ExpenseState; 3] = [
    ExpenseState::Paid,
    ExpenseState::Committed,
    ExpenseState::Estimate,
];

/// The tags each transaction may carry, in the order it carries them.
const TAGS: [&str; 5] = ["description", "expense", "state", "session", "person"];

fn mark(state: ExpenseState) -> &'static str {
    match state {
        ExpenseState::Paid => "* ",
        ExpenseState::Committed => "! ",
        ExpenseState::Estimate | ExpenseState::Cancelled => "",
    }
}

/// What the file is and how its accounts read, then the commodity, tags and accounts declared,
/// so that `ledger --pedantic` and `hledger --strict` accept it.
fn header(out: &mut String, data: &Snapshot) {
    let (name, funder) = data
        .programme
        .as_ref()
        .map_or(("Aspiring Improvers".to_string(), String::new()), |p| {
            (clean_line(&p.name), clean_line(&p.funder))
        });
    let _ = writeln!(out, "; {name}: expenses of the grant, written by improvers");
    if !funder.is_empty() {
        let _ = writeln!(out, "; Funder: {funder}");
    }
    for line in [
        "; Currency: GBP (pounds sterling), written £1,234.56",
        ";",
        "; One transaction per expense not cancelled: the expense's date, its number as the code,",
        "; its payee as the description. Each moves the amount from Grant:STATE to",
        "; Expenses:CATEGORY:STATE, where STATE is Paid (marked * cleared), Committed (marked !",
        "; pending) or Estimated (unmarked). `ledger bal --flat Expenses` or `hledger bal",
        "; Expenses` gives each category's paid, committed and estimated figures as the budget",
        "; in `improvers status` shows them; Grant:STATE is what the grant is drawn on for each.",
        "; The session and person tags name them as the CSV export does: the session by its start",
        "; and title, the person by email address.",
        "",
        "commodity £",
        "    format £1,000.00",
        "",
    ] {
        out.push_str(line);
        out.push('\n');
    }
    for tag in TAGS {
        let _ = writeln!(out, "tag {tag}");
    }
    out.push('\n');
    // Every current category, and any other an expense is in (one since retired).
    let mut categories: Vec<CategoryId> = data.categories.current().iter().map(|c| c.id).collect();
    categories.extend(data.expenses.values().map(|e| e.category));
    categories.sort_unstable();
    categories.dedup();
    for category in categories {
        for state in STATES {
            let _ = writeln!(out, "account {}", expense_account(data, category, state));
        }
    }
    for state in STATES {
        let _ = writeln!(out, "account {}", grant_account(state));
    }
}

/// `Expenses:CATEGORY:STATE`. A `:` in the category's name would start another level of
/// account, so it is written `-`; names are unique letters and digits aside, so two categories
/// never share an account.
fn expense_account(data: &Snapshot, category: CategoryId, state: ExpenseState) -> String {
    format!(
        "Expenses:{}:{}",
        single_spaced(&data.categories.name(category))
            .replace(':', "-")
            .replace(';', ","),
        state_account(state).unwrap_or("Cancelled")
    )
}

fn grant_account(state: ExpenseState) -> String {
    format!("Grant:{}", state_account(state).unwrap_or("Cancelled"))
}

fn transaction(out: &mut String, names: &Names, e: &Expense) {
    let data = names.data;
    let _ = writeln!(
        out,
        "\n{} {}({}) {}",
        e.date.format("%Y-%m-%d"),
        mark(e.state),
        e.id,
        payee(&e.payee)
    );
    let description = note(&e.description);
    if !description.is_empty() {
        let _ = writeln!(out, "    ; description: {description}");
    }
    let _ = writeln!(out, "    ; expense: {}", e.id);
    let _ = writeln!(out, "    ; state: {}", e.state.label());
    // A session or person deleted since is not named: the reference would point at nothing,
    // and an export imported elsewhere (where the expense no longer names it) would differ.
    let session = tag_value(&names.session(e.session));
    if !session.is_empty() {
        let _ = writeln!(out, "    ; session: {session}");
    }
    let person = tag_value(&names.person(e.person));
    if !person.is_empty() {
        let _ = writeln!(out, "    ; person: {person}");
    }
    let account = expense_account(data, e.category, e.state);
    let amount = e.amount.to_string();
    // Two spaces at least: a single space would make the amount part of the account's name.
    let gap = AMOUNT_END
        .saturating_sub(4 + account.chars().count() + amount.chars().count())
        .max(2);
    let _ = writeln!(out, "    {account}{:gap$}{amount}", "");
    let _ = writeln!(out, "    {}", grant_account(e.state));
}

/// A payee that both tools read as the same description: on one line with single spaces, `;`
/// written as `,` (hledger ends a description at `;`, ledger only after two spaces) and `|`
/// as `/` (hledger splits payee from note there). What it starts with does not matter: the
/// code before it ends the places where `*`, `!` or `(` would mean something.
fn payee(text: &str) -> String {
    let text = single_spaced(text).replace(';', ",").replace('|', "/");
    if text.is_empty() {
        "No payee".to_string()
    } else {
        text
    }
}

/// The look-alike written for every `:` of free text in a comment (U+A789 MODIFIER LETTER
/// COLON), so the text reads the same but holds no colon.
const COMMENT_COLON: char = '\u{A789}';

/// Free text for a comment, on one line with single spaces, that neither tool can read as
/// structure:
///
/// - hledger reads any `NAME:` in a comment as a tag whose value runs to the next comma (so
///   `Taxi, state: refunded` would tag the expense `state=refunded`), and ledger reads
///   `:NAME:` anywhere in a comment as a tag; every `:` is therefore written
///   [`COMMENT_COLON`], which neither takes for a colon;
/// - ledger reads `[2026-01-05]` in a comment as a new date for the transaction (and stops at
///   one that is not a date), so square brackets are written round.
fn note(text: &str) -> String {
    single_spaced(text)
        .replace('[', "(")
        .replace(']', ")")
        .replace(':', &COMMENT_COLON.to_string())
}

/// The look-alike written for a `,` in a reference (U+201A SINGLE LOW-9 QUOTATION MARK).
const TAG_COMMA: char = '\u{201A}';

/// A reference as the value of a tag on a comment line of its own, which both tools read to
/// the end of the line, `:`, `;` and `[` included (ledger 3.3, hledger 1.25): only a `,` would
/// end hledger's value early and start another tag, so it is written [`TAG_COMMA`].
fn tag_value(text: &str) -> String {
    single_spaced(text).replace(',', &TAG_COMMA.to_string())
}

/// `text` on one line, without control characters, its runs of spaces single: two spaces in
/// a posting end the account name.
fn single_spaced(text: &str) -> String {
    clean_line(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::budget::categories::Categories;
    use crate::domain::change::Record;
    use crate::domain::ids::{ExpenseId, SessionId};
    use crate::domain::money::Pence;
    use chrono::NaiveDate;

    fn expense(id: u64, state: ExpenseState, payee: &str, description: &str) -> Expense {
        Expense {
            id: ExpenseId(id),
            date: NaiveDate::from_ymd_opt(2026, 3, 11).unwrap_or_default(),
            category: CategoryId::SPEAKER_TRAVEL,
            amount: Pence(24_860),
            payee: payee.into(),
            description: description.into(),
            session: Some(SessionId(4)),
            person: None,
            state,
            history: vec![],
        }
    }

    fn journal(expenses: Vec<Expense>) -> String {
        let mut data = Snapshot::default();
        data.put(Record::Session(crate::domain::sessions::Session {
            id: SessionId(4),
            kind: crate::domain::sessions::SessionKind::Workshop,
            title: "Measuring what matters".into(),
            theme: String::new(),
            cohort: None,
            start: NaiveDate::from_ymd_opt(2026, 3, 10)
                .and_then(|d| d.and_hms_opt(10, 0, 0))
                .unwrap_or_default(),
            duration_minutes: 120,
            venue: None,
            facilitators: Vec::new(),
            host: None,
            capacity: None,
            invitees: Vec::new(),
            cancelled: false,
        }));
        for e in expenses {
            data.put(Record::Expense(e));
        }
        expenses_ledger(&data)
    }

    /// The lines of the transaction with code `id`.
    fn transaction_of(journal: &str, id: u64) -> Vec<String> {
        let code = format!(" ({id}) ");
        journal
            .split("\n\n")
            .find(|block| block.lines().next().is_some_and(|l| l.contains(&code)))
            .map(|block| block.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_session_deleted_since_is_not_named() {
        let mut e = expense(5, ExpenseState::Paid, "Coach", "");
        e.session = Some(SessionId(99));
        let text = journal(vec![e]);
        assert!(
            !transaction_of(&text, 5)
                .iter()
                .any(|l| l.contains("session")),
            "{text}"
        );
    }

    #[test]
    fn an_expense_is_one_balanced_transaction_marked_by_its_state() {
        let text = journal(vec![
            expense(1, ExpenseState::Paid, "Bartholomew Nkemelu", "Rail fare"),
            expense(2, ExpenseState::Committed, "Hotel", ""),
            expense(3, ExpenseState::Estimate, "Coach", ""),
        ]);
        assert_eq!(
            transaction_of(&text, 1),
            [
                "2026-03-11 * (1) Bartholomew Nkemelu",
                "    ; description: Rail fare",
                "    ; expense: 1",
                "    ; state: paid",
                "    ; session: 2026-03-10 10:00 Measuring what matters",
                "    Expenses:Speaker travel:Paid                 £248.60",
                "    Grant:Paid",
            ]
        );
        assert_eq!(transaction_of(&text, 2)[0], "2026-03-11 ! (2) Hotel");
        assert_eq!(transaction_of(&text, 3)[0], "2026-03-11 (3) Coach");
        assert!(
            transaction_of(&text, 3).contains(&"    Grant:Estimated".to_string()),
            "{text}"
        );
    }

    #[test]
    fn a_reference_keeps_its_colons_and_semicolons_but_no_comma() {
        assert_eq!(
            tag_value("2026-11-29 14:00 Q&A: part 1; tea,  cake"),
            "2026-11-29 14:00 Q&A: part 1; tea\u{201A} cake"
        );
    }

    #[test]
    fn cancelled_expenses_are_left_out() {
        let text = journal(vec![expense(7, ExpenseState::Cancelled, "Gone", "")]);
        assert!(transaction_of(&text, 7).is_empty(), "{text}");
        assert!(!text.contains("Gone"), "{text}");
    }

    #[test]
    fn a_payee_cannot_end_early_start_a_comment_or_split() {
        assert_eq!(payee("Tea; coffee"), "Tea, coffee");
        assert_eq!(payee("  Room\thire  ;  Hall  "), "Room hire , Hall");
        assert_eq!(payee("A  B\nC"), "A B C");
        assert_eq!(payee("Catering | Hall"), "Catering / Hall");
        assert_eq!(payee("\u{202E}Reversed"), "Reversed");
        assert_eq!(payee("Cab\u{2028}Co\u{85}North"), "Cab Co North");
        assert_eq!(payee(" \t "), "No payee");
        // After the code, a leading mark or parenthesis is plain text to both tools.
        assert_eq!(payee("*(Group) claim"), "*(Group) claim");
    }

    #[test]
    fn a_note_cannot_move_the_date_break_the_line_or_make_a_tag() {
        assert_eq!(note("Hotel [2026-01-05] [=x]"), "Hotel (2026-01-05) (=x)");
        assert_eq!(
            note("Taxi, state: refunded :x:y: 12:30"),
            "Taxi, state\u{A789} refunded \u{A789}x\u{A789}y\u{A789} 12\u{A789}30"
        );
        assert_eq!(note("line one\nline two"), "line one line two");
        assert_eq!(note("a  ;  b"), "a ; b");
    }

    #[test]
    fn awkward_text_stays_inside_its_lines() {
        let text = journal(vec![expense(
            5,
            ExpenseState::Paid,
            "\tTea;  Coffee ",
            "fare:: 1/0 [2026-99-99]\nsecond line",
        )]);
        assert_eq!(
            transaction_of(&text, 5)[..2],
            [
                "2026-03-11 * (5) Tea, Coffee",
                "    ; description: fare\u{A789}\u{A789} 1/0 (2026-99-99) second line",
            ]
        );
    }

    #[test]
    fn amounts_keep_two_spaces_after_the_longest_account() {
        let mut long = expense(6, ExpenseState::Committed, "Print", "");
        long.amount = Pence(i64::MAX);
        let text = journal(vec![long]);
        let posting = &transaction_of(&text, 6)[4];
        assert!(
            posting.ends_with("Committed  £92,233,720,368,547,758.07"),
            "{posting}"
        );
    }

    #[test]
    fn transactions_go_by_date_then_number() {
        let mut late = expense(1, ExpenseState::Paid, "Late", "");
        late.date = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
        let text = journal(vec![
            late,
            expense(3, ExpenseState::Paid, "Three", ""),
            expense(2, ExpenseState::Paid, "Two", ""),
        ]);
        let order: Vec<usize> = ["(2) Two", "(3) Three", "(1) Late"]
            .iter()
            .map(|needle| text.find(needle).unwrap_or(usize::MAX))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn every_account_is_declared() {
        let text = journal(vec![]);
        for category in Categories::default().current() {
            for state in STATES {
                let line = format!(
                    "account {}\n",
                    expense_account(&Snapshot::default(), category.id, state)
                );
                assert!(text.contains(&line), "{line}");
            }
        }
        assert!(text.contains("account Grant:Committed\n"));
        assert!(!text.contains("Cancelled"));
    }
}
