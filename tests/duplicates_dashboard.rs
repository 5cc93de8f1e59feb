//! Possible duplicates in the dashboard: a `≈` after each name in the roster's lists that may
//! be one with another, the count and `:duplicates` in the list's title, and `:duplicates`
//! listing each pair with why; Enter puts the `:merge` that would join them on the command
//! line as text to change or run.

mod screen;
mod support;

use improvers::domain::change::{Change, Record};
use improvers::domain::ids::{OrganisationId, ParticipantId, ProfessionId, QMemberId};
use improvers::domain::people::{Organisation, Profession};
use improvers::domain::snapshot::Snapshot;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use screen::{demo, now, press, screen_of};
use support::{Server, demo_db, improvers, stdout};

const ARJUN: &str = "arjun.sethuraman@thameside-icb.example";
const HOME: &str = "arjun.s@home.example";

/// The demo with what a real register gathers over a year: Arjun Sethuraman entered again
/// under a personal email, and as a Q member under a third; his organisation typed again as
/// "Thameside ICB"; a profession typed again with a capital and a full stop.
fn gathered() -> Snapshot {
    let mut data = demo();
    let arjun = data
        .participants
        .values()
        .find(|p| p.email == ARJUN)
        .expect("the demo has Arjun")
        .clone();
    let mut twin = arjun.clone();
    twin.id = ParticipantId(
        data.participants
            .keys()
            .next_back()
            .map_or(1, |id| id.0 + 1),
    );
    twin.email = HOME.into();
    let mut mentor = data.q_members.values().next().expect("a Q member").clone();
    mentor.id = QMemberId(data.q_members.keys().next_back().map_or(1, |id| id.0 + 1));
    mentor.name = "Arjun Sethuraman".into();
    mentor.email = "a.sethuraman@larkhill.example".into();
    let organisation = OrganisationId(
        data.organisations
            .keys()
            .next_back()
            .map_or(1, |id| id.0 + 1),
    );
    let profession = ProfessionId(data.professions.keys().next_back().map_or(1, |id| id.0 + 1));
    data.apply(&Change::Batch {
        summary: "gathered over a year".into(),
        changes: vec![
            Change::Put(Record::Participant(twin)),
            Change::Put(Record::QMember(mentor)),
            Change::Put(Record::Organisation(Organisation {
                id: organisation,
                name: "Thameside ICB".into(),
            })),
            Change::Put(Record::Profession(Profession {
                id: profession,
                name: "Occupational Therapist.".into(),
            })),
        ],
    });
    data
}

fn app_after(script: &str) -> App {
    let mut app = App::new(gathered(), now());
    press(&mut app, script);
    app
}

#[test]
fn the_roster_marks_both_records_and_its_title_says_where_to_look_at_80x24() {
    let shown = screen_of(&app_after("1"), 80, 24);
    insta::assert_snapshot!("duplicates_roster_80x24", shown);
}

#[test]
fn the_roster_marks_both_records_and_its_title_says_where_to_look_at_160x48() {
    let shown = screen_of(&app_after("1"), 160, 48);
    insta::assert_snapshot!("duplicates_roster_160x48", shown);
}

#[test]
fn the_q_members_and_organisations_lists_mark_theirs() {
    let q_members = screen_of(&app_after("1 v"), 160, 48);
    assert!(q_members.contains("Arjun Sethuraman ≈"), "{q_members}");
    let organisations = screen_of(&app_after("1 v v v"), 160, 48);
    assert!(organisations.contains("Thameside ICB ≈"), "{organisations}");
    assert!(
        organisations.contains("Thameside Integrated Care Board ≈"),
        "{organisations}"
    );
    assert!(
        !organisations.contains("Riverside University Hospitals NHS Trust ≈"),
        "{organisations}"
    );
    insta::assert_snapshot!(
        "duplicates_professions_80x24",
        screen_of(&app_after("1 v v v v"), 80, 24)
    );
}

#[test]
fn duplicates_lists_each_pair_with_why_at_80x24() {
    insta::assert_snapshot!(
        "duplicates_view_80x24",
        screen_of(&app_after(": duplicates Enter"), 80, 24)
    );
}

#[test]
fn duplicates_lists_each_pair_with_why_at_160x48() {
    insta::assert_snapshot!(
        "duplicates_view_160x48",
        screen_of(&app_after(": duplicates Enter j"), 160, 48)
    );
}

#[test]
fn enter_puts_the_merge_on_the_command_line_as_text_to_change() {
    let mut app = app_after(": duplicates Enter Enter");
    assert_eq!(
        app.command.as_deref(),
        Some(format!("merge participants {ARJUN} {HOME}").as_str())
    );
    insta::assert_snapshot!("duplicates_merge_typed_80x24", screen_of(&app, 80, 24));
    // It is typed text: the keep and the gone can be swapped by hand.
    for _ in 0..HOME.len() {
        press(&mut app, "Backspace");
    }
    assert_eq!(
        app.command.as_deref(),
        Some(format!("merge participants {ARJUN} ").as_str())
    );
    // Esc leaves the command line, back in the list.
    press(&mut app, "Esc");
    assert!(app.command.is_none());
    assert!(app.duplicates.is_some());
    // An organisation's names are quoted whole.
    let app = app_after(": duplicates Enter j j Enter");
    assert_eq!(
        app.command.as_deref(),
        Some("merge organisations \"Thameside Integrated Care Board\" \"Thameside ICB\"")
    );
    // A participant and a Q member are one name in two registers: never merged, and Arjun
    // (Active) is not yet linkable, so nothing is typed and the footer says why.
    let app = app_after(": duplicates Enter j Enter");
    assert!(app.command.is_none());
    let said = screen_of(&app, 160, 48);
    assert!(said.contains("link them, once they can be"), "{said}");
    assert!(!said.contains("give both records one email"), "{said}");
    // Esc closes the list.
    let app = app_after(": duplicates Enter Esc");
    assert!(app.duplicates.is_none());
}

#[test]
fn on_an_empty_database_duplicates_says_there_are_none() {
    let mut app = App::new(Snapshot::default(), now());
    press(&mut app, ": duplicates Enter");
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("No possible duplicates"), "{shown}");
}

#[test]
fn a_second_dashboard_sees_a_duplicate_another_process_adds() {
    let (dir, db) = demo_db();
    // Another process owns the database; the dashboard is its client.
    let server = Server::start(&db);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    press(&mut app, ": duplicates Enter");
    assert!(
        screen_of(&app, 80, 24).contains("No possible duplicates"),
        "the demo has none"
    );
    // A colleague imports Arjun again, as a Q member under his personal email, and his
    // organisation with its short form, from a spreadsheet saved on Windows.
    let file = dir.path().join("q-members.csv");
    std::fs::write(
        &file,
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity\r\n\
         Arjun Sethuraman,arjun.s@home.example,Data analyst,Thameside ICB,no,data,mentor,1\r\n",
    )
    .unwrap();
    stdout(improvers(&db).args(["import", "q-members"]).arg(&file));
    link.settle(&mut app);
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("Thameside ICB"), "{shown}");
    assert!(shown.contains("arjun.s@home.example"), "{shown}");
    press(&mut app, "Esc 1");
    assert!(
        screen_of(&app, 160, 48).contains("≈ 2 duplicates? :duplicates"),
        "the roster's title counts them"
    );
    drop(app);
    drop(link);
    server.stop();
}
