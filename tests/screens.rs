//! The dashboard driven like a person would drive it: scripted keys on the demo programme,
//! then the screen as text, at fixed sizes with a fixed clock. Here, the layout and getting
//! about: panes at each size, focus, help, filtering, cohorts, redraws and live changes.

mod screen;

use chrono::{NaiveDate, TimeZone, Utc};
use improvers::domain::sessions::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use improvers::tui::panes::PaneId;
use improvers::tui::script::script_keys;
use screen::{app_after, demo, draw, now, screen, screen_of};

#[test]
fn each_pane_at_80x24_shows_one_pane_with_a_tab_bar() {
    snapshot!("roster_80x24", "1", 80, 24);
    snapshot!("mentoring_80x24", "2", 80, 24);
    snapshot!("sessions_80x24", "3", 80, 24);
    snapshot!("sessions_past_80x24", "3 v", 80, 24);
    snapshot!("budget_80x24", "4", 80, 24);
}

#[test]
fn each_pane_zoomed_at_160x48() {
    snapshot!("roster_160x48", "1 z", 160, 48);
    snapshot!("mentoring_160x48", "2 z", 160, 48);
    snapshot!("sessions_160x48", "3 z", 160, 48);
    snapshot!("budget_160x48", "4 z", 160, 48);
}

#[test]
fn a_large_terminal_shows_all_four_panes() {
    let text = screen("", 160, 48);
    for pane in PaneId::ALL {
        assert!(
            text.contains(&format!("{} {}", pane.number(), pane.title())),
            "{text}"
        );
    }
    insta::assert_snapshot!("grid_160x48", text);
}

#[test]
fn enter_opens_a_participant_and_esc_goes_back() {
    let detail = screen("1 j Enter", 80, 24);
    assert!(detail.contains("Q readiness"), "{detail}");
    assert!(detail.contains("Pathway"), "{detail}");
    insta::assert_snapshot!("roster_detail_80x24", detail);
    let back = screen("1 j Enter Esc", 80, 24);
    assert!(!back.contains("Q readiness"));
    assert_eq!(back, screen("1 j", 80, 24));
}

#[test]
fn slash_filters_the_focused_list_as_you_type() {
    let app = app_after("] ] ] ] / nurse");
    let rows: Vec<_> = app
        .roster
        .listing
        .rows_in(0..app.roster.listing.len())
        .collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.profession.to_lowercase().contains("nurse")
                || r.organisation.to_lowercase().contains("nurse")
                || r.name.to_lowercase().contains("nurse"))
    );
    assert!(rows.len() < app.roster.listing.total());
    // Enter keeps the filter and leaves typing; Esc then clears it.
    let kept = app_after("/ nurse Enter");
    assert!(kept.typing_filter.is_none());
    assert_eq!(kept.roster.listing.filter(), "nurse");
    let cleared = app_after("/ nurse Enter Esc");
    assert_eq!(cleared.roster.listing.filter(), "");
}

#[test]
fn slash_finds_names_organisations_and_projects_whatever_the_case_and_accents() {
    let names = |app: &App| -> Vec<String> {
        app.roster
            .listing
            .rows_in(0..app.roster.listing.len())
            .map(|r| r.name.clone())
            .collect()
    };
    let app = app_after("/ ZIELINSKI");
    assert_eq!(names(&app), ["Piotr Zieliński-Hale"]);
    let app = app_after("/ gráinne");
    assert_eq!(names(&app), ["Gráinne O'Sullivan-Pike"]);
    let by_project = app_after("/ safer Space observations");
    assert_eq!(names(&by_project), ["Callista Moreau-Ibe"]);
    let by_organisation = app_after("/ kingsmead");
    assert!(names(&by_organisation).len() >= 2);
}

#[test]
fn question_mark_shows_the_keys_of_the_current_place() {
    let help = screen("3 ?", 80, 24);
    assert!(help.contains("Keys: Sessions"), "{help}");
    assert!(help.contains("switch agenda / past sessions"), "{help}");
    let roster_help = screen("1 ?", 80, 24);
    assert!(!roster_help.contains("switch agenda"), "{roster_help}");
    insta::assert_snapshot!("help_sessions_80x24", help);
    assert!(
        !help.contains("quit"),
        "the last keys do not fit at 80×24: {help}"
    );
    assert!(
        help.contains("j k scroll  any other key closes help"),
        "{help}"
    );
    let scrolled = screen("3 ? j j j j j j j j j j j j", 80, 24);
    assert!(
        scrolled.contains("quit"),
        "j scrolls to the last keys: {scrolled}"
    );
    let app = app_after("3 ? j x");
    assert!(!app.help_open, "any other key closes help");
}

#[test]
fn on_a_wide_terminal_help_shows_the_panes_keys_beside_the_general_ones() {
    let help = screen("4 ?", 160, 48);
    insta::assert_snapshot!("help_budget_160x48", help);
    // Every key at once, without scrolling: the budget's own and the general ones side by side.
    let both = help
        .lines()
        .find(|l| l.contains("In Budget"))
        .unwrap_or_default();
    assert!(both.contains("Everywhere"), "{help}");
    assert!(
        help.contains("the categories, to add, rename or retire one"),
        "{help}"
    );
    assert!(help.contains("quit"), "{help}");
    // With the categories listed, their keys.
    let categories = screen("4 v ?", 160, 48);
    assert!(
        categories.contains("retire the selected one"),
        "{categories}"
    );
}

#[test]
fn tab_moves_focus_round_the_panes_and_numbers_jump() {
    assert_eq!(app_after("Tab").focus, PaneId::Mentoring);
    assert_eq!(app_after("Tab Tab Tab Tab").focus, PaneId::Roster);
    assert_eq!(app_after("BackTab").focus, PaneId::Budget);
    assert_eq!(app_after("3").focus, PaneId::Sessions);
}

#[test]
fn moving_down_and_to_the_ends_selects_the_right_rows() {
    let app = app_after("1 j j");
    assert_eq!(app.roster.listing.selected_index(), Some(2));
    let app = app_after("1 G");
    assert_eq!(
        app.roster.listing.selected_index(),
        Some(app.roster.listing.len() - 1)
    );
    let app = app_after("1 G g");
    assert_eq!(app.roster.listing.selected_index(), Some(0));
}

#[test]
fn brackets_change_the_cohort_everywhere() {
    let start = app_after("");
    assert!(
        start.cohort_label().contains("running"),
        "{}",
        start.cohort_label()
    );
    let next = app_after("]");
    assert_ne!(next.cohort_label(), start.cohort_label());
    assert_eq!(app_after("] [").cohort_label(), start.cohort_label());
}

#[test]
fn q_quits() {
    assert!(app_after("q").quit);
    assert!(
        !app_after("? q").quit,
        "q while help is open only closes help"
    );
}

#[test]
fn a_tiny_terminal_says_so_and_nothing_panics_at_any_size() {
    let small = screen("", 30, 8);
    assert!(small.contains("Terminal too small"), "{small}");
    let app = app_after("");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (0, 5),
        (5, 0),
        (39, 11),
        (40, 12),
        (80, 24),
        (159, 39),
        (160, 40),
        (250, 70),
    ] {
        draw(&app, w, h);
    }
    for pane in ["1", "2", "3", "4", "3 v", "1 Enter", "?", "/ x"] {
        let app = app_after(pane);
        for w in (0..=120).step_by(7) {
            for h in (0..=50).step_by(5) {
                draw(&app, w, h);
            }
        }
    }
}

#[test]
fn an_empty_database_says_what_to_do() {
    let app = App::new(Snapshot::default(), now());
    let text = draw(&app, 80, 24).backend().to_string();
    assert!(text.contains("This programme database is empty"), "{text}");
    assert!(text.contains("improvers demo"), "{text}");
}

#[test]
fn the_agenda_moves_on_by_itself_as_time_passes() {
    let mut app = app_after("3");
    let first = app.sessions.agenda.selected_row().unwrap().clone();
    assert!(!app.set_now(now()), "the same minute changes nothing");
    let after_it = LocalNow {
        at: first.start + chrono::Duration::hours(12),
    };
    assert!(app.set_now(after_it), "a session ending is worth a redraw");
    let ids: Vec<_> = app
        .sessions
        .agenda
        .rows_in(0..app.sessions.agenda.len())
        .map(|r| r.id)
        .collect();
    assert!(!ids.contains(&first.id));
    assert!(
        app.sessions
            .past
            .rows_in(0..app.sessions.past.len())
            .any(|r| r.id == first.id)
    );
}

#[test]
fn only_keys_that_change_something_ask_for_a_redraw() {
    let mut app = app_after("1");
    let key = |s: &str| script_keys(s)[0];
    assert!(!app.handle_key(key("w")), "an unbound key draws nothing");
    assert!(
        !app.handle_key(key("k")),
        "moving up at the top changes nothing"
    );
    assert!(app.handle_key(key("j")));
    assert!(app.handle_key(key("G")));
    assert!(
        !app.handle_key(key("j")),
        "moving down at the bottom changes nothing"
    );
    assert!(
        !app.handle_key(key("1")),
        "focusing the focused pane changes nothing"
    );
    assert!(app.handle_key(key("2")));
}

#[test]
fn the_place_in_a_list_survives_new_data() {
    let mut app = app_after("1 j j j");
    let chosen = app.roster.listing.selected_row().unwrap().id;
    app.replace_data(demo());
    assert_eq!(app.roster.listing.selected_row().unwrap().id, chosen);
}

#[test]
fn a_change_from_elsewhere_shows_at_once_and_the_place_is_kept() {
    use improvers::domain::budget::{Expense, ExpenseState};
    use improvers::domain::change::{Change, HistoryEntry, Record};
    use improvers::domain::ids::CategoryId;
    use improvers::domain::ids::ExpenseId;
    use improvers::domain::money::Pence;
    let mut app = app_after("4 / catering Enter j j");
    let chosen = app.budget.listing.selected_row().unwrap().id;
    let shown = app.budget.listing.len();
    let change = Change::Put(Record::Expense(Expense {
        id: ExpenseId(9_999),
        date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        category: CategoryId::CATERING,
        amount: Pence(12_345),
        payee: "Café Elsewhere".into(),
        description: "Lunch for the workshop".into(),
        session: None,
        person: None,
        state: ExpenseState::Committed,
        history: vec![],
    }));
    app.apply_entry(&HistoryEntry {
        seq: 1_000,
        at: Utc.with_ymd_and_hms(2026, 11, 25, 10, 5, 0).unwrap(),
        user: "kofi".into(),
        change,
        before: vec![],
    });
    assert_eq!(
        app.budget.listing.len(),
        shown + 1,
        "the new expense passes the filter"
    );
    assert_eq!(app.budget.listing.filter(), "catering");
    assert_eq!(app.budget.listing.selected_row().unwrap().id, chosen);
    assert!(screen_of(&app, 160, 48).contains("Café Elsewhere"));
}

#[test]
fn losing_the_database_is_said_in_the_footer() {
    let mut app = app_after("");
    app.connection_lost = true;
    let text = screen_of(&app, 80, 24);
    assert!(
        text.contains("Lost touch with the database; reconnecting"),
        "{text}"
    );
}
