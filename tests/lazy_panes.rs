//! On a terminal that shows one pane at a time, panes are worked out when first shown, and
//! a change made elsewhere while a pane was out of view shows in it all the same: each pane
//! looks exactly as it does in a dashboard that worked everything out at once.

mod screen;
mod support;

use chrono::NaiveDate;
use improvers::domain::budget::{Expense, ExpenseState};
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::{CategoryId, ExpenseId};
use improvers::domain::money::Pence;
use improvers::domain::snapshot::Snapshot;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use improvers::tui::panes::PaneId;
use screen::{demo, now, press, screen_of};
use support::{Server, demo_db, snapshot};

const PANES: [(&str, PaneId); 4] = [
    ("1", PaneId::Roster),
    ("2", PaneId::Mentoring),
    ("3", PaneId::Sessions),
    ("4", PaneId::Budget),
];

/// Each pane of `app` as a person sees it at 80×24, next to the same pane of a dashboard
/// that worked every pane out on `data` at once.
fn assert_each_pane_as_if_worked_out_at_once(app: &mut App, data: &Snapshot) {
    let mut eager = App::new(data.clone(), now());
    for (key, pane) in PANES {
        press(app, key);
        press(&mut eager, key);
        assert!(
            !app.is_stale(pane),
            "{} is worked out once shown",
            pane.title()
        );
        assert_eq!(
            screen_of(app, 80, 24),
            screen_of(&eager, 80, 24),
            "the {} pane when first shown",
            pane.title()
        );
    }
}

#[test]
fn a_pane_not_shown_at_start_is_worked_out_when_first_shown() {
    let mut app = App::for_screen(demo(), now(), 80, 24);
    for pane in [PaneId::Mentoring, PaneId::Sessions, PaneId::Budget] {
        assert!(app.is_stale(pane), "{} waits until shown", pane.title());
    }
    assert!(!app.is_stale(PaneId::Roster));
    assert_each_pane_as_if_worked_out_at_once(&mut app, &demo());
}

#[test]
fn growing_the_terminal_to_the_grid_works_out_every_pane() {
    let mut app = App::for_screen(demo(), now(), 80, 24);
    app.set_screen(160, 48);
    let eager = App::new(demo(), now());
    assert!(PaneId::ALL.into_iter().all(|p| !app.is_stale(p)));
    assert_eq!(screen_of(&app, 160, 48), screen_of(&eager, 160, 48));
}

#[test]
fn a_change_from_another_process_shows_in_every_pane_even_one_not_yet_shown() {
    let (_dir, db) = demo_db();
    let _owner = Server::start(&db);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::for_screen(data.clone(), now(), 80, 24);
    let budget_before = {
        let mut eager = App::new(data.clone(), now());
        press(&mut eager, "4");
        screen_of(&eager, 80, 24)
    };

    // Someone else renames the first participant shown and pays a large expense.
    rename_first_and_pay_elsewhere(&db, &app, &data, 900_001, "Invented Print Works", 987_654);
    link.settle(&mut app);
    assert!(
        app.is_stale(PaneId::Budget),
        "the budget pane, out of view, is left until shown"
    );

    let after = snapshot_through_owner(&db);
    assert_each_pane_as_if_worked_out_at_once(&mut app, &after);
    press(&mut app, "1");
    assert!(screen_of(&app, 80, 24).contains("Aaron Testingham"));
    press(&mut app, "4");
    assert_ne!(
        screen_of(&app, 80, 24),
        budget_before,
        "the expense paid elsewhere changes the budget pane"
    );
}

/// Through another process's connection (a client of the owner): the first participant
/// `app` shows is renamed "Aaron Testingham", and expense `id` of `pence` paid to `payee`.
fn rename_first_and_pay_elsewhere(
    db: &std::path::Path,
    app: &App,
    data: &Snapshot,
    id: u64,
    payee: &str,
    pence: i64,
) {
    let mut elsewhere = Database::open(db).unwrap();
    assert!(!elsewhere.is_owner());
    let first = app.roster.listing.selected_row().map(|row| row.id).unwrap();
    let mut person = data.participants[&first].clone();
    person.name = "Aaron Testingham".to_string();
    elsewhere
        .apply(&Change::Put(Record::Participant(person)))
        .unwrap();
    elsewhere
        .apply(&Change::Put(Record::Expense(Expense {
            id: ExpenseId(id),
            date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            category: CategoryId::MATERIALS,
            amount: Pence(pence),
            payee: payee.to_string(),
            description: String::new(),
            session: None,
            person: None,
            state: ExpenseState::Paid,
            history: vec![],
        })))
        .unwrap();
}

/// What `db` holds now, asked of its owner.
fn snapshot_through_owner(db: &std::path::Path) -> Snapshot {
    snapshot(db)
}

#[test]
fn in_the_grid_a_change_from_elsewhere_is_drawn_before_the_budget_pane_is_worked_out_again() {
    let (_dir, db) = demo_db();
    let _owner = Server::start(&db);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::for_screen(data.clone(), now(), 160, 48);
    // As the event loop has it: a change is drawn first, the budget pane then.
    app.frame_first = true;

    let mut elsewhere = Database::open(&db).unwrap();
    let first = app.roster.listing.selected_row().map(|row| row.id).unwrap();
    let mut person = data.participants[&first].clone();
    person.name = "Aaron Testingham".to_string();
    elsewhere
        .apply(&Change::Put(Record::Participant(person)))
        .unwrap();
    link.settle(&mut app);
    app.set_screen(160, 48);
    let first_frame = screen_of(&app, 160, 48);
    assert!(first_frame.contains("Aaron Testingham"), "{first_frame}");
    assert!(
        app.is_stale(PaneId::Budget),
        "the budget pane, whose lines may name the person, is worked out once the change is on screen"
    );

    assert!(
        app.after_frame(),
        "the frame drawn, the budget pane is worked out"
    );
    assert!(!app.after_frame(), "and only once");
    let after = snapshot_through_owner(&db);
    let eager = App::new(after, now());
    assert_eq!(screen_of(&app, 160, 48), screen_of(&eager, 160, 48));
}

#[test]
fn in_the_grid_expenses_changed_elsewhere_are_never_drawn_before_the_budget_pane_has_them() {
    let (_dir, db) = demo_db();
    let _owner = Server::start(&db);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::for_screen(data.clone(), now(), 160, 48);
    app.frame_first = true;

    // A person renamed, then an expense paid, before the dashboard looks: the budget pane,
    // waiting to be worked out after the rename's frame, is worked out before it instead.
    rename_first_and_pay_elsewhere(&db, &app, &data, 900_002, "Invented Bindery", 123_456);
    link.settle(&mut app);
    app.set_screen(160, 48);
    assert!(!app.is_stale(PaneId::Budget));
    assert!(!app.after_frame(), "nothing is left for after the frame");
    let first_frame = screen_of(&app, 160, 48);
    assert!(first_frame.contains("Invented Bindery"), "{first_frame}");
    let eager = App::new(snapshot_through_owner(&db), now());
    assert_eq!(first_frame, screen_of(&eager, 160, 48));
}
