//! A cancelled session takes no plans: no cost estimates (`b`, the expense form,
//! expenses.csv), no attendance (`t`, attendance.csv), no new facilitators or invitees; a paid
//! or committed cost such as a cancellation fee is still recorded.

mod screen;
mod support;

use screen::{app_after, press, screen_of};

/// The demo's "Quality improvement for commissioners" (10 Dec 2026, cancelled) is the seventh
/// session in the agenda on the fixed day.
const ON_THE_CANCELLED: &str = "3 j j j j j j";

#[test]
fn b_on_a_cancelled_session_proposes_nothing_and_says_how_to_restore_it() {
    let mut app = app_after(&format!("{ON_THE_CANCELLED} b"));
    let refusal = "Quality improvement for commissioners is cancelled: cost estimates cannot be \
                   added to it; restore it first with x in the sessions pane (3).";
    let wide = screen_of(&app, 160, 48);
    assert!(wide.contains(refusal), "{wide}");
    insta::assert_snapshot!("cancelled_b_160x48", wide);
    insta::assert_snapshot!("cancelled_b_80x24", screen_of(&app, 80, 24));
    let expenses = app.data.expenses.len();
    press(&mut app, "y");
    assert_eq!(app.data.expenses.len(), expenses, "no estimate was added");
}

#[test]
fn t_on_a_cancelled_session_opens_no_register() {
    let app = app_after(&format!("{ON_THE_CANCELLED} t"));
    let wide = screen_of(&app, 160, 48);
    assert!(
        wide.contains(
            "Quality improvement for commissioners is cancelled: attendance cannot be marked \
             for it; restore it first with x"
        ),
        "{wide}"
    );
    insta::assert_snapshot!("cancelled_t_80x24", screen_of(&app, 80, 24));
}

/// expenses.csv follows the key's rule: an estimate against the cancelled session is refused
/// in its session column, a paid cancellation fee is recorded.
#[test]
fn expenses_csv_refuses_an_estimate_for_a_cancelled_session_but_takes_a_paid_fee() {
    let (dir, db) = support::demo_db();
    let estimate = dir.path().join("estimate.csv");
    std::fs::write(
        &estimate,
        "date,category,amount,payee,description,session,person,state\r\n\
         2026-12-10,Venue hire,£390.00,Bankside Meeting Rooms,Room hire,2026-12-10 09:30 Quality improvement for commissioners,,estimate\r\n",
    )
    .unwrap();
    let out = support::improvers(&db)
        .args(["import", "expenses"])
        .arg(&estimate)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        said.contains(
            "estimate.csv:2: column \"session\": Quality improvement for commissioners is \
             cancelled: cost estimates cannot be added to it"
        ),
        "{said}"
    );
    let before = support::snapshot(&db).expenses.len();
    let fee = dir.path().join("fee.csv");
    std::fs::write(
        &fee,
        "date,category,amount,payee,description,session,person,state\r\n\
         2026-11-28,Venue hire,£60.00,Bankside Meeting Rooms,Cancellation fee,2026-12-10 09:30 Quality improvement for commissioners,,paid\r\n",
    )
    .unwrap();
    support::stdout(
        support::improvers(&db)
            .args(["import", "expenses"])
            .arg(&fee),
    );
    assert_eq!(support::snapshot(&db).expenses.len(), before + 1);
}

#[test]
fn attendance_csv_refuses_marks_for_a_cancelled_session() {
    let (dir, db) = support::demo_db();
    let file = dir.path().join("attendance.csv");
    std::fs::write(
        &file,
        "session,email,attendance\n\
         2026-12-10 09:30 Quality improvement for commissioners,zainab.adisa-grant@riverside-uh.example,registered\n",
    )
    .unwrap();
    let out = support::improvers(&db)
        .args(["import", "attendance"])
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        said.contains(
            "attendance.csv:2: column \"session\": Quality improvement for commissioners is \
             cancelled: attendance cannot be marked for it"
        ),
        "{said}"
    );
}

/// A file exported from the database names the cancelled session's invitees with the marks
/// they have: importing it again changes nothing and is not refused.
#[test]
fn attendance_exported_from_the_database_imports_again() {
    let (dir, db) = support::demo_db();
    let file = dir.path().join("exported.csv");
    let text = support::stdout(support::improvers(&db).args(["export", "attendance"]));
    assert!(
        text.contains("Quality improvement for commissioners"),
        "{text}"
    );
    std::fs::write(&file, text).unwrap();
    let out = support::improvers(&db)
        .args(["import", "attendance"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
