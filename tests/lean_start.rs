//! The dashboard's start on a large programme: the first frame is drawn from the programme
//! without its expenses, which are read right after it, before any key. The budget pane then
//! shows every expense once, including those another process added in between, and the
//! mentoring pane ranks with the configuration's rules from the first frame.

mod screen;
mod support;

use improvers::domain::change::{Change, Record};
use improvers::domain::mentoring::matching::rules::MatchingRules;
use improvers::domain::money::Pence;
use improvers::domain::snapshot::Snapshot;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use improvers::tui::panes::PaneId;
use improvers::tui::panes::budget::READING_EXPENSES;
use screen::{demo, now, press, screen_of};
use support::{Server, demo_db, improvers, snapshot};

/// The dashboard's start as `tui::run` makes it, at 160×48 (all four panes in view).
fn first_frame(db: &std::path::Path) -> (Link, App) {
    let (link, data) = Link::open_without_expenses(Database::open(db).unwrap()).unwrap();
    assert!(data.expenses.is_empty(), "the first frame reads no expense");
    let mut app = App::for_screen(data, now(), 160, 48);
    app.budget.reading_expenses = true;
    (link, app)
}

/// The same pane of a dashboard that read everything at once from `data`.
fn as_if_read_at_once(data: &Snapshot, pane: &str) -> String {
    let mut eager = App::new(data.clone(), now());
    press(&mut eager, &format!("{pane} z"));
    screen_of(&eager, 160, 48)
}

fn budget_zoomed(app: &mut App) -> String {
    press(app, "4 z");
    let shown = screen_of(app, 160, 48);
    press(app, "z");
    shown
}

#[test]
fn the_budget_pane_says_it_is_reading_then_lists_every_expense() {
    let (_dir, db) = demo_db();
    let stored = snapshot(&db);
    assert!(stored.expenses.len() > 5, "the demo has expenses to list");
    let (mut link, mut app) = first_frame(&db);

    let first = screen_of(&app, 160, 48);
    assert!(
        first.contains(&format!("Expenses {READING_EXPENSES}")),
        "the first frame says the expenses are being read:\n{first}"
    );
    // The categories come from the kept totals, exact before any expense is read.
    let categories = |screen: &str| {
        screen
            .lines()
            .filter(|l| l.contains('%') && (l.contains("Venue hire") || l.contains("Total")))
            .map(|l| l.chars().skip(81).collect::<String>())
            .collect::<Vec<_>>()
    };
    let eager = App::new(stored.clone(), now());
    assert_eq!(categories(&first), categories(&screen_of(&eager, 160, 48)));

    link.read_expenses(&mut app).unwrap();
    assert!(!app.budget.reading_expenses);
    assert_eq!(app.data.expenses, stored.expenses);
    assert_eq!(app.data.revisions, stored.revisions);
    assert_eq!(app.data.budget_totals, stored.budget_totals);
    assert_eq!(budget_zoomed(&mut app), as_if_read_at_once(&stored, "4"));
    assert!(!screen_of(&app, 160, 48).contains(READING_EXPENSES));
}

#[test]
fn an_expense_added_elsewhere_between_first_frame_and_read_is_shown_once() {
    let (dir, db) = demo_db();
    let _owner = Server::start(&db);
    let (mut link, mut app) = first_frame(&db);
    let before = snapshot(&db);

    // Between the first frame and the read, another process imports a new expense, and
    // another raises an existing one: the kept totals must count each once.
    let file = dir.path().join("expenses.csv");
    std::fs::write(
        &file,
        "date,category,amount,payee,state\r\n2026-11-20,Materials,£4321.00,Invented Print Works,paid\r\n",
    )
    .unwrap();
    improvers(&db)
        .args(["import", "expenses"])
        .arg(&file)
        .assert()
        .success();
    let mut elsewhere = Database::open(&db).unwrap();
    assert!(!elsewhere.is_owner());
    let mut raised = before.expenses.values().next().unwrap().clone();
    raised.amount = raised.amount + Pence(10_000);
    elsewhere
        .apply(&Change::Put(Record::Expense(raised.clone())))
        .unwrap();

    link.read_expenses(&mut app).unwrap();
    // Whatever was still on its way is taken too, as the event loop does next.
    link.settle(&mut app);

    let after = snapshot(&db);
    assert_eq!(after.expenses.len(), before.expenses.len() + 1);
    assert_eq!(
        app.data.expenses, after.expenses,
        "each expense once, none lost"
    );
    assert_eq!(app.data.expenses[&raised.id].amount, raised.amount);
    assert_eq!(app.data.budget_totals, after.budget_totals);
    assert_eq!(app.data.revisions, after.revisions);
    assert_eq!(link.seq, after.seq);
    let budget = budget_zoomed(&mut app);
    let listed = budget
        .lines()
        .filter(|l| l.contains("20 Nov 2026 Materials") && l.contains("Invented Print Works"));
    assert_eq!(listed.count(), 1, "{budget}");
    assert_eq!(budget, as_if_read_at_once(&after, "4"));
}

#[test]
fn the_first_frame_ranks_mentors_by_the_configured_rules() {
    let rules = MatchingRules {
        // No pair counts as dormant until a year without a meeting (six weeks by default).
        dormant_after_weeks: 52,
        ..MatchingRules::default()
    };
    let mut configured =
        App::configured(demo(), now(), (160, 48), rules.clone(), Default::default());
    assert!(!configured.is_stale(PaneId::Mentoring));
    let mut by_default = App::for_screen(demo(), now(), 160, 48);
    // What a dashboard with these rules shows once its mentoring pane is worked out again.
    let mut refreshed = App::for_screen(demo(), now(), 160, 48);
    refreshed.rules = rules;
    refreshed.mentoring.refresh(
        &refreshed.data,
        refreshed.cohort,
        refreshed.now.today(),
        &refreshed.rules,
    );
    let mentoring = |app: &mut App| {
        press(app, "2 z");
        screen_of(app, 160, 48)
    };
    let first = mentoring(&mut configured);
    assert!(!first.contains("dormant"), "{first}");
    assert_eq!(first, mentoring(&mut refreshed));
    assert_ne!(
        first,
        mentoring(&mut by_default),
        "the configured dormancy shows in the first frame's list"
    );
}
