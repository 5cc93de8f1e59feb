//! The rules a programme team expects, each told as a story through the dashboard, an import
//! and `status`: a pathway in date order, sessions that last and fall in their cohort's dates,
//! clashes seen before a series is moved, estimates that go with a deleted session, a
//! recruiting cohort's applicants invited, the whole programme's sessions in each cohort's
//! calendar, and proposals told apart from mentors.

mod screen;
mod support;

use chrono::NaiveDate;
use improvers::domain::budget::ExpenseState;
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CohortId;
use improvers::domain::money::Pence;
use improvers::domain::snapshot::Snapshot;
use improvers::domain::summary::Summary;
use improvers::io::export::sessions_ics;
use improvers::io::import::{CsvKind, Importer, import_csv, parse_programme};
use improvers::tui::app::App;
use improvers::tui::effects::Message;
use screen::{app_after, demo, now, press, save, screen_of};

fn problem(app: &App) -> String {
    match &app.message {
        Some(Message::Problem(said)) => said.clone(),
        other => panic!("expected a problem in the footer, got {other:?}"),
    }
}

fn today() -> NaiveDate {
    now().today()
}

#[test]
fn a_stage_dated_before_the_one_it_follows_is_refused_naming_both_dates() {
    // Arjun Sethuraman, first on the roster, has been Active since Mon 12 Jan 2026.
    let mut app = app_after("s Tab C-u 2026-01-05 Enter");
    assert!(app.take_effects().is_empty(), "nothing is saved");
    assert_eq!(
        problem(&app),
        "Not saved: for Arjun Sethuraman, Completed on Mon 5 Jan 2026 is before Active on Mon \
         12 Jan 2026, the stage it follows; date it Mon 12 Jan 2026 or later."
    );
    assert!(
        app.form.is_some(),
        "the form stays open with what was typed"
    );
    insta::assert_snapshot!("stage_out_of_order_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("stage_out_of_order_160x48", screen_of(&app, 160, 48));
    // The same day as the stage it follows is in order.
    press(&mut app, "C-u 2026-01-12 Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Arjun Sethuraman is now Completed (from 12 Jan 2026)");
}

#[test]
fn a_pathway_file_going_back_in_time_is_refused_with_its_line_and_column() {
    let data = demo();
    // CR LF, as a spreadsheet writes it; the second row goes back before the first.
    let text = "email,stage,date,note\r\n\
                arjun.sethuraman@thameside-icb.example,Completed,2026-11-20,\r\n\
                arjun.sethuraman@thameside-icb.example,Applied to Q,2026-11-02,\r\n\
                arjun.sethuraman@thameside-icb.example,Active,2026-01-12,repeated\r\n";
    let refused =
        import_csv(CsvKind::Pathway, text, "pathway.csv", &data, today()).expect_err("refused");
    assert_eq!(
        refused.to_string(),
        "pathway.csv:3: column \"date\": Applied to Q on Mon 2 Nov 2026 is before Completed on \
         Fri 20 Nov 2026, the stage it follows (for arjun.sethuraman@thameside-icb.example); \
         rows of a pathway go in the order they happened"
    );
    // Against what the database already holds, too.
    let back = "email,stage,date\narjun.sethuraman@thameside-icb.example,Completed,2025-12-31\n";
    let refused = import_csv(CsvKind::Pathway, back, "p.csv", &data, today()).expect_err("refused");
    assert!(
        refused
            .to_string()
            .starts_with("p.csv:2: column \"date\": Completed on Wed 31 Dec 2025 is before Active"),
        "{refused}"
    );
}

#[test]
fn a_session_of_no_minutes_is_refused_and_the_form_keeps_it() {
    let mut app = app_after("3 n");
    press(
        &mut app,
        "w Tab Nothing Space long Tab Tab Tab Tab Tab C-u 0 Enter",
    );
    assert!(app.take_effects().is_empty(), "nothing is saved");
    let refused = screen_of(&app, 80, 24);
    assert!(
        refused.contains("“0” is too low: give 1 or more")
            && refused.contains("1 field needs attention"),
        "marked beside the minutes and counted: {refused}"
    );
    assert!(app.form.is_some());
    let refused = import_csv(
        CsvKind::Sessions,
        "ref,kind,title,start,duration_minutes\r\nz,Workshop,Nothing long,2026-12-01 10:00,0\r\n",
        "sessions.csv",
        &demo(),
        today(),
    )
    .expect_err("refused");
    assert_eq!(
        refused.to_string(),
        "sessions.csv:2: column \"duration_minutes\": \"0\" must be a whole number of minutes, \
         1 or more"
    );
}

#[test]
fn every_number_column_says_what_it_allows_quoting_the_cell() {
    let refused = |kind: CsvKind, text: &str, name: &str| {
        import_csv(kind, text, name, &demo(), today())
            .expect_err("refused")
            .to_string()
    };
    // Zero, a word and a negative number are told the same: what the column allows.
    for minutes in ["0", "abc", "-5", " 1.5 "] {
        assert_eq!(
            refused(
                CsvKind::Sessions,
                &format!(
                    "ref,kind,title,start,duration_minutes\r\nz,Workshop,Talk,2026-12-01 10:00,\
                     {minutes}\r\n"
                ),
                "sessions.csv",
            ),
            format!(
                "sessions.csv:2: column \"duration_minutes\": \"{}\" must be a whole number of \
                 minutes, 1 or more",
                minutes.trim()
            )
        );
    }
    assert_eq!(
        refused(
            CsvKind::Venues,
            "name,capacity\r\nThe Hall,lots\r\n",
            "venues.csv"
        ),
        "venues.csv:2: column \"capacity\": \"lots\" must be a whole number of places, 0 or more"
    );
}

#[test]
fn a_session_after_its_cohort_ends_is_noted_in_the_form_and_still_saved() {
    // Cohort 2 — 2026, the cohort in view, ends on Fri 11 Dec 2026.
    let mut app = app_after("3 n");
    press(&mut app, "w Tab Reunion Tab Tab Tab C-u 2026-12-15");
    let notes = app.form.as_ref().unwrap().form.notes.clone();
    assert_eq!(
        notes,
        ["Tue 15 Dec 2026 is after Cohort 2 — 2026 ends on Fri 11 Dec 2026"]
    );
    insta::assert_snapshot!("session_after_its_cohort_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("session_after_its_cohort_160x48", screen_of(&app, 160, 48));
    press(&mut app, "Enter");
    let (_, done) = save(&mut app);
    assert!(done.starts_with("Planned Reunion for Tue 15 Dec"), "{done}");

    // Imported, the same session is a warning naming its line, and is imported all the same.
    let mut importer = Importer::new(&app.data, today());
    importer
        .import(
            CsvKind::Sessions,
            "ref,kind,title,cohort,start,duration_minutes\r\n\
             a,Workshop,Wrap-up,2,2026-12-10 10:00,60\r\n\
             b,Workshop,Reunion again,2,2026-12-16 10:00,60\r\n",
            "sessions.csv",
        )
        .expect("imported");
    let warnings: Vec<String> = importer.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "sessions.csv:3: column \"start\": Wed 16 Dec 2026 is after Cohort 2 — 2026 ends on \
          Fri 11 Dec 2026; imported all the same"
        ]
    );
}

#[test]
fn moving_a_series_shows_the_clash_of_a_later_session_before_saving() {
    // A monthly series on the second Tuesday from 12 Jan 2027, 13:30 to 15:30.
    let mut app = app_after("3 n");
    press(
        &mut app,
        "w Tab Spread Tab Tab Tab C-u 2027-01-12 Tab C-u 13:30 Tab Tab Tab Tab Tab Tab m Enter",
    );
    save(&mut app);
    // A one-off for the same cohort on Tue 9 Mar 2027 at 16:00: no clash yet.
    press(
        &mut app,
        "n w Tab Steering Space group Tab Tab Tab C-u 2027-03-09 Tab C-u 16:00 Enter",
    );
    let (_, done) = save(&mut app);
    assert!(!done.contains("clash"), "{done}");
    select(&mut app, "Spread", "2027-01-12");
    // Every session of the series moves to 15:00; only 9 Mar meets the steering group.
    press(
        &mut app,
        "e Tab Tab Tab Tab Tab C-u 15:00 Tab Tab Tab Tab Tab Tab Right",
    );
    let notes = app.form.as_ref().unwrap().form.notes.clone();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Tue 9 Mar 2027: Cohort 2 — 2026 is in both Steering group")),
        "{notes:?}"
    );
    assert!(
        !notes
            .iter()
            .any(|n| n.starts_with("Tue 12 Jan 2027: Cohort 2 — 2026 is in")),
        "{notes:?}"
    );
    insta::assert_snapshot!("series_moved_into_a_clash_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("series_moved_into_a_clash_160x48", screen_of(&app, 160, 48));
    // "This session only" checks only this session, which clashes with nothing.
    press(&mut app, "Left");
    let notes = app.form.as_ref().unwrap().form.notes.clone();
    assert!(!notes.iter().any(|n| n.contains("Steering")), "{notes:?}");
    press(&mut app, "Right Enter");
    let (_, done) = save(&mut app);
    assert_eq!(
        done,
        "Saved Spread and the 5 sessions after it in its series (1 clash: see the sessions pane)"
    );
}

/// Selects the session titled `title` on `day` (YYYY-MM-DD) in the agenda.
fn select(app: &mut App, title: &str, day: &str) {
    let at = app
        .sessions
        .agenda
        .rows()
        .iter()
        .position(|r| r.title == title && r.start.date().to_string() == day)
        .expect("in the agenda");
    press(app, "g");
    for _ in 0..at {
        press(app, "j");
    }
}

#[test]
fn deleting_a_session_cancels_its_estimates_so_the_forecast_agrees() {
    use improvers::domain::people::QRole;
    let mut app = app_after("3 n");
    let estimated = |app: &App| -> Pence {
        let budget = Summary::new(&app.data, now(), None).budget;
        budget.lines.iter().map(|l| l.estimated).sum()
    };
    let before = estimated(&app);
    let outsider = app
        .data
        .q_members
        .values()
        .find(|q| !q.london_based && q.offers(QRole::Facilitator))
        .unwrap()
        .name
        .clone();
    press(
        &mut app,
        "w Tab Costed Tab Tab Tab C-u 2026-12-02 Tab Tab Tab Cordw Right Tab",
    );
    for word in outsider.split(' ') {
        press(&mut app, word);
        press(&mut app, "Space");
    }
    press(&mut app, "Backspace Enter");
    save(&mut app);
    select(&mut app, "Costed", "2026-12-02");
    press(&mut app, "b y");
    save(&mut app);
    assert!(estimated(&app) > before, "the estimates are forecast");
    press(&mut app, "d");
    let question = app.confirm.as_ref().expect("asks first").question.clone();
    assert_eq!(
        question,
        "Delete Costed and its 14 invitations, cancelling its 2 estimates (£250.00)? (u undoes it)"
    );
    insta::assert_snapshot!(
        "delete_session_with_estimates_80x24",
        screen_of(&app, 80, 24)
    );
    insta::assert_snapshot!(
        "delete_session_with_estimates_160x48",
        screen_of(&app, 160, 48)
    );
    press(&mut app, "y");
    let (change, done) = save(&mut app);
    assert_eq!(done, "Deleted Costed and cancelled its 2 estimates");
    assert!(
        matches!(change, Change::Batch { .. }),
        "one change, undone at once"
    );
    let linked: Vec<ExpenseState> = app
        .data
        .expenses
        .values()
        .filter(|e| e.description.ends_with(": Costed"))
        .map(|e| e.state)
        .collect();
    assert_eq!(linked, [ExpenseState::Cancelled, ExpenseState::Cancelled]);
    assert!(!app.data.sessions.values().any(|s| s.title == "Costed"));
    assert_eq!(
        estimated(&app),
        before,
        "the forecast is as before the session"
    );
}

/// Plans "Costed" on Wed 2 Dec 2026 with an outside facilitator and accepts its proposed
/// estimates (venue hire and travel).
fn costed_session() -> App {
    use improvers::domain::people::QRole;
    let mut app = app_after("3 n");
    let outsider = app
        .data
        .q_members
        .values()
        .find(|q| !q.london_based && q.offers(QRole::Facilitator))
        .unwrap()
        .name
        .clone();
    press(
        &mut app,
        "w Tab Costed Tab Tab Tab C-u 2026-12-02 Tab Tab Tab Cordw Right Tab",
    );
    for word in outsider.split(' ') {
        press(&mut app, word);
        press(&mut app, "Space");
    }
    press(&mut app, "Backspace Enter");
    save(&mut app);
    select(&mut app, "Costed", "2026-12-02");
    press(&mut app, "b y");
    save(&mut app);
    app
}

#[test]
fn a_session_that_committed_money_names_is_cancelled_rather_than_deleted() {
    let mut app = costed_session();
    // Commit the first of its estimates in the budget pane.
    press(&mut app, "4");
    let committed = app
        .data
        .expenses
        .values()
        .filter(|e| e.description.ends_with(": Costed"))
        .min_by_key(|e| e.id)
        .unwrap()
        .clone();
    let at = app
        .budget
        .listing
        .rows()
        .iter()
        .position(|r| r.id == committed.id)
        .unwrap();
    press(&mut app, "g");
    for _ in 0..at {
        press(&mut app, "j");
    }
    press(&mut app, "c");
    save(&mut app);
    press(&mut app, "3");
    select(&mut app, "Costed", "2026-12-02");
    press(&mut app, "d");
    let question = app.confirm.as_ref().expect("asks first").question.clone();
    assert_eq!(
        question,
        format!(
            "Costed can't be deleted: {} to {} (committed) still names it, and an expense keeps \
             its session. Cancel Costed on Wed 2 Dec instead (kept, struck through, its 1 \
             estimate cancelled)? (u undoes it)",
            committed.amount, committed.payee
        )
    );
    insta::assert_snapshot!(
        "delete_session_with_committed_money_80x24",
        screen_of(&app, 80, 24)
    );
    press(&mut app, "y");
    let (_, done) = save(&mut app);
    assert!(
        done.starts_with("Cancelled Costed rather than deleting it: "),
        "{done}"
    );
    let costed = app
        .data
        .sessions
        .values()
        .find(|s| s.title == "Costed")
        .expect("the session is kept");
    assert!(costed.cancelled);
    let kept = &app.data.expenses[&committed.id];
    assert_eq!(kept.session, Some(costed.id), "the expense still names it");
    assert_eq!(kept.state, ExpenseState::Committed);
    // Once cancelled, deleting is refused with what to do first; nothing is asked or saved.
    select(&mut app, "Costed", "2026-12-02");
    press(&mut app, "d");
    assert!(app.confirm.is_none());
    assert!(app.take_effects().is_empty());
    assert_eq!(
        problem(&app),
        format!(
            "Can't delete Costed: {} to {} (committed) still names it, and an expense keeps its \
             session; cancel or move it in the budget pane (4) first.",
            committed.amount, committed.payee
        )
    );
}

/// A programme started from nothing: one recruiting cohort with two applicants, a nominee and
/// someone who withdrew.
fn recruiting_programme() -> Snapshot {
    let empty = Snapshot::default();
    let mut importer = Importer::new(&empty, today());
    importer.programme(
        parse_programme(
            "[programme]\nname = \"Aspiring Improvers — Fenland\"\nfunder = \"Fenland Health \
             Partnership\"\n\n[[cohorts]]\nnumber = 1\nname = \"Cohort 1 — 2027\"\nstarts = \
             2027-02-01\nends = 2027-11-30\ntarget_size = 12\n",
            "programme.toml",
        )
        .expect("a programme"),
    );
    importer
        .import(
            CsvKind::Participants,
            "name,email,profession,organisation,cohort,stage,stage_date\r\n\
             Ottoline Brackwater,ottoline@fenland-ccg.example,Nurse,Fenland Care,1,Applied,2026-11-02\r\n\
             Jory Pellinore,jory@fenland-ccg.example,Pharmacist,Fenland Care,1,Applied,2026-11-03\r\n\
             Wenna Calloway,wenna@fenland-ccg.example,GP,Marsh Lane Surgery,1,Nominated,2026-11-04\r\n\
             Tobias Quell,tobias@fenland-ccg.example,GP,Marsh Lane Surgery,1,Withdrawn,2026-11-05\r\n",
            "participants.csv",
        )
        .expect("participants");
    let mut data = Snapshot::default();
    for record in importer.finish() {
        data.put(record);
    }
    data
}

#[test]
fn a_recruiting_cohorts_applicants_are_invited_to_a_session_planned_from_nothing() {
    let mut app = App::new(recruiting_programme(), now());
    press(
        &mut app,
        "3 n w Tab Welcome Space evening Tab Tab Cohort Space 1 Right Tab C-u 2027-02-03 Enter",
    );
    let (change, done) = save(&mut app);
    assert_eq!(
        done,
        "Planned Welcome evening for Wed 3 Feb 2027 10:00, 2 invited"
    );
    let Change::Edit {
        record: Record::Session(planned),
        ..
    } = change
    else {
        panic!("a new session")
    };
    let invited: Vec<&str> = planned
        .invitees
        .iter()
        .map(|i| app.data.participant_name(i.participant))
        .collect();
    assert_eq!(invited, ["Ottoline Brackwater", "Jory Pellinore"]);
    insta::assert_snapshot!("applicants_invited_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("applicants_invited_160x48", screen_of(&app, 160, 48));

    // A sessions file invites them the same way.
    let imported = import_csv(
        CsvKind::Sessions,
        "ref,kind,title,cohort,start,duration_minutes\nm,Workshop,Meet the mentors,1,2027-02-10 18:00,90\n",
        "sessions.csv",
        &app.data,
        today(),
    )
    .expect("imported");
    let Some(Record::Session(meet)) = imported.first() else {
        panic!("a session")
    };
    assert_eq!(meet.invitees.len(), 2);
}

#[test]
fn the_whole_programmes_sessions_are_in_each_cohorts_calendar_and_status() {
    let data = demo();
    let cohort_3 = CohortId(3);
    assert_eq!(data.cohort_name(cohort_3), "Cohort 3 — 2027");
    let summary = Summary::new(&data, now(), Some(cohort_3));
    let upcoming: Vec<&str> = summary.upcoming.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(upcoming, ["Q community open evening: meet the mentors"]);
    let stamp = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 25, 8, 0, 0).unwrap();
    let calendar = sessions_ics(&data, Some(cohort_3), stamp);
    assert!(calendar.contains("SUMMARY:Q community open evening: meet the mentors"));
    assert!(calendar.contains("SUMMARY:Measurement for improvement"));
    assert!(
        !calendar.contains("Project showcase"),
        "cohort 2's own sessions stay out"
    );
}

#[test]
fn status_tells_proposals_apart_from_mentors_and_from_nobody() {
    // Cohort 2 of the demo: ten confirmed pairs, two proposals nobody has accepted yet
    // (Piotr Zieliński-Hale's and Theo Marchbanks'), and two people with neither.
    let before = Summary::new(&demo(), now(), Some(CohortId(2)));
    assert_eq!(
        (
            before.mentoring.confirmed,
            before.mentoring.proposed,
            before.mentoring.none
        ),
        (10, 2, 2)
    );
    assert_eq!(
        before.unmatched.len(),
        2,
        "a proposal is not counted as nobody"
    );
    // Cohort 3 is recruiting: its 15 applicants are counted as the mentoring pane counts them.
    let recruiting = Summary::new(&demo(), now(), Some(CohortId(3)));
    assert_eq!(
        (
            recruiting.mentoring.none,
            recruiting.mentoring.none_applicants
        ),
        (15, 15)
    );
    let pane = screen_of(&app_after("2 ]"), 80, 24);
    assert!(pane.contains("Cohort 3 — 2027 (recruiting)"), "{pane}");
    assert!(
        pane.contains("┏ 2 Mentoring 15 without a mentor ━"),
        "{pane}"
    );
    let json = improvers::io::status::json(&before);
    assert_eq!(json["mentoring"]["proposed"], 2);
    assert_eq!(json["mentoring"]["none"], 2);
    let text = improvers::io::status::text(&before, improvers::io::status::Paint { colour: false });
    assert!(
        text.contains(
            "10 with a confirmed mentor, 2 with a proposal awaiting acceptance, 2 with neither"
        ),
        "{text}"
    );
}

#[test]
fn importing_a_session_outside_its_cohort_warns_on_standard_error_and_imports_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let programme = dir.path().join("programme.toml");
    std::fs::write(
        &programme,
        "[programme]\nname = \"Aspiring Improvers — Fenland\"\nfunder = \"Fenland Health \
         Partnership\"\n\n[[cohorts]]\nnumber = 1\nname = \"Cohort 1 — 2027\"\nstarts = \
         2027-02-01\nends = 2027-11-30\ntarget_size = 12\n",
    )
    .unwrap();
    support::improvers(&db)
        .args(["import", "programme"])
        .arg(&programme)
        .assert()
        .success();
    let sessions = dir.path().join("sessions.csv");
    std::fs::write(
        &sessions,
        "ref,kind,title,cohort,start,duration_minutes\r\n\
         a,Workshop,Taster,1,2027-01-20 10:00,60\r\n\
         b,Workshop,Induction,1,2027-02-03 10:00,60\r\n",
    )
    .unwrap();
    let out = support::improvers(&db)
        .args(["import", "sessions"])
        .arg(&sessions)
        .assert()
        .success()
        .get_output()
        .clone();
    let name = sessions.display();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("Imported {name}: 2 sessions.\n")
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "warning: {name}:2: column \"start\": Wed 20 Jan 2027 is before Cohort 1 — 2027 \
             starts on Mon 1 Feb 2027; imported all the same\n"
        )
    );
    assert_eq!(support::snapshot(&db).sessions.len(), 2);
}

#[test]
fn undoing_the_adding_of_a_session_that_committed_money_names_is_refused_naming_the_money() {
    use improvers::domain::change::{HistoryEntry, RecordKey};
    let mut app = costed_session();
    let session = app
        .data
        .sessions
        .values()
        .find(|s| s.title == "Costed")
        .unwrap()
        .clone();
    // The history entry that added the session, as the store keeps it.
    let added = HistoryEntry {
        seq: 1,
        at: chrono::Utc::now(),
        user: "wren".into(),
        change: Change::Put(Record::Session(session.clone())),
        before: vec![(RecordKey::Session(session.id), None)],
    };
    // With only estimates naming it, undoing asks as ever.
    app.offer_undo(Some(&added));
    assert!(app.confirm.is_some(), "{}", problem(&app));
    press(&mut app, "n");
    // Once one of them is committed, undoing would leave money naming nothing: refused.
    let mut committed = app
        .data
        .expenses
        .values()
        .find(|e| e.session == Some(session.id))
        .unwrap()
        .clone();
    committed.state = ExpenseState::Committed;
    app.data.put(Record::Expense(committed.clone()));
    app.offer_undo(Some(&added));
    assert!(app.confirm.is_none(), "nothing is asked");
    let said = problem(&app);
    assert!(
        said.contains("would delete a session that 1 expense still names")
            && said.contains(&format!(
                "{} to {} (committed)",
                committed.amount, committed.payee
            )),
        "{said}"
    );
}
