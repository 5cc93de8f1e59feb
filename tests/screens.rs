//! The dashboard driven like a person would drive it: scripted keys on the demo programme,
//! then the screen as text, at fixed sizes with a fixed clock.

mod screen;

use chrono::{NaiveDate, TimeZone, Utc};
use improvers::domain::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use improvers::tui::panes::PaneId;
use improvers::tui::script::script_keys;
use screen::{app_after, demo, draw, now, press, screen, screen_of};

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

/// Two changes as history would hold them, newest first: a deletion and, before it, a save.
fn some_history(app: &App) -> Vec<improvers::domain::change::HistoryEntry> {
    use improvers::domain::change::{Change, HistoryEntry, Record};
    let person = app.data.participants.values().next().unwrap().clone();
    let at = |m| Utc.with_ymd_and_hms(2026, 11, 25, 9, m, 0).unwrap();
    vec![
        HistoryEntry {
            seq: 3,
            at: at(30),
            user: "kofi".into(),
            change: Change::Delete(Record::Participant(person.clone()).key()),
            before: vec![(
                Record::Participant(person.clone()).key(),
                Some(Record::Participant(person.clone())),
            )],
        },
        HistoryEntry {
            seq: 2,
            at: at(5),
            user: "sam".into(),
            change: Change::Put(Record::Participant(person.clone())),
            before: vec![(Record::Participant(person.clone()).key(), None)],
        },
    ]
}

#[test]
fn u_asks_before_undoing_and_y_sends_the_undo() {
    use improvers::domain::change::Change;
    use improvers::tui::effects::Effect;
    let mut app = app_after("u");
    assert_eq!(app.take_effects(), [Effect::OfferUndo]);
    let history = some_history(&app);
    app.offer_undo(history.first());
    let asking = screen_of(&app, 80, 24);
    assert!(
        asking.contains("Undo “deleted participant” (1 record) by kofi"),
        "{asking}"
    );
    press(&mut app, "j");
    assert!(app.take_effects().is_empty(), "only y or n answers");
    press(&mut app, "y");
    match app.take_effects().as_slice() {
        [Effect::Apply { change, done }] => {
            assert!(matches!(**change, Change::Undo { of: 3, .. }), "{change:?}");
            assert_eq!(done, "Undone: deleted participant");
        }
        other => panic!("expected the undo to be sent, got {other:?}"),
    }
    app.offer_undo(None);
    assert!(screen_of(&app, 80, 24).contains("There is nothing to undo."));
}

#[test]
fn n_leaves_everything_as_it_was() {
    let mut app = app_after("");
    let history = some_history(&app);
    app.offer_undo(history.first());
    press(&mut app, "n");
    assert!(app.take_effects().is_empty());
    assert!(screen_of(&app, 80, 24).contains("Nothing was changed."));
}

#[test]
fn colon_history_lists_changes_and_enter_offers_to_undo_one() {
    use improvers::tui::effects::Effect;
    let mut app = app_after(": history Enter");
    assert_eq!(app.take_effects(), [Effect::ShowHistory]);
    let history = some_history(&app);
    app.show_history(history);
    let list = screen_of(&app, 80, 24);
    assert!(list.contains("History, newest first"), "{list}");
    assert!(
        list.contains("kofi") && list.contains("deleted participant"),
        "{list}"
    );
    insta::assert_snapshot!("history_80x24", list);
    press(&mut app, "j Enter");
    let asking = screen_of(&app, 80, 24);
    assert!(
        asking.contains("Undo “saved participant” (1 record) by sam"),
        "{asking}"
    );
    press(&mut app, "Esc Esc");
    assert!(app.history.is_none());
}

#[test]
fn colon_cohort_chooses_a_cohort_and_nonsense_is_explained() {
    let app = app_after(": cohort Space 3 Enter");
    assert!(
        app.cohort_label().starts_with("Cohort 3"),
        "{}",
        app.cohort_label()
    );
    let app = app_after(": cohort Space all Enter");
    assert_eq!(app.cohort_label(), "all cohorts");
    let confused = screen_of(&app_after(": frobnicate Enter"), 80, 24);
    assert!(
        confused.contains("“frobnicate” is not a command"),
        "{confused}"
    );
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
fn s_moves_a_person_along_the_pathway_through_a_form() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::{Effect, Message};
    let mut app = app_after("1 j s");
    let person = app.roster.listing.selected_row().unwrap().clone();
    let form = screen_of(&app, 80, 24);
    assert!(
        form.contains(&format!("Move {} along the pathway", person.name)),
        "{form}"
    );
    insta::assert_snapshot!("pathway_form_80x24", form);
    // A date that does not exist is refused beside the field, and the note typed stays.
    press(
        &mut app,
        "Tab Backspace Backspace 3 2 Tab good Space progress Enter",
    );
    assert!(app.take_effects().is_empty());
    let refused = screen_of(&app, 80, 24);
    assert!(refused.contains("is not a date that exists"), "{refused}");
    press(&mut app, "Backspace Backspace 2 5 Enter");
    let effects: [Effect; 1] = app.take_effects().try_into().unwrap();
    let [Effect::Save { change, done }] = effects else {
        panic!("expected one save")
    };
    let Change::Edit {
        record: Record::Participant(moved),
        ..
    } = *change
    else {
        panic!("an edit of the participant")
    };
    assert_eq!(moved.id, person.id);
    let last = moved.pathway.changes().last().unwrap();
    assert_eq!(last.note, "good progress");
    assert_eq!(last.on, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    assert_ne!(moved.stage(), person.stage);
    assert!(done.contains("is now"));
    // If the owner refuses (someone changed the person meanwhile) the form stays as typed.
    app.say(Message::Problem("changed by priya at 10:02".into()));
    assert!(app.form.is_some());
    assert_eq!(
        app.form.as_ref().unwrap().form.fields[2].value,
        "good progress"
    );
    app.saved(done);
    assert!(app.form.is_none());
}

#[test]
fn r_ticks_a_readiness_item_and_esc_leaves_without_saving() {
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 r");
    assert!(screen_of(&app, 80, 24).contains("Tick a Q readiness item"));
    press(&mut app, "Esc");
    assert!(app.form.is_none() && app.take_effects().is_empty());
    press(&mut app, "r Enter");
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::Save { .. }]
    ));
}

#[test]
fn i_suggests_an_intake_for_a_recruiting_cohort_and_a_enrols_it() {
    use improvers::domain::change::{Change, Record};
    use improvers::domain::pathway::PathwayStage;
    use improvers::tui::effects::Effect;
    let mut app = app_after("] i");
    assert!(
        app.cohort_label().contains("recruiting"),
        "{}",
        app.cohort_label()
    );
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("Intake for Cohort 3"), "{shown}");
    assert!(
        shown.contains("Applied") && shown.contains("Suggested"),
        "{shown}"
    );
    insta::assert_snapshot!("intake_160x48", shown);
    let chosen = app.intake.as_ref().unwrap().intake.chosen.clone();
    assert!(!chosen.is_empty());
    press(&mut app, "a");
    let effects = app.take_effects();
    let [Effect::Apply { change, .. }] = effects.as_slice() else {
        panic!("expected the enrolment to be sent, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    assert_eq!(changes.len(), chosen.len());
    for c in changes {
        let Change::Edit {
            record: Record::Participant(p),
            based_on,
        } = c
        else {
            panic!("edits of participants")
        };
        assert!(chosen.contains(&p.id));
        assert_eq!(p.stage(), PathwayStage::Enrolled);
        let key = improvers::domain::change::RecordKey::Participant(p.id);
        assert_eq!(*based_on, app.data.revisions.get(&key).map(|r| r.seq));
    }
}

#[test]
fn i_needs_a_cohort_with_applicants() {
    let all = screen_of(&app_after("] ] ] i"), 80, 24);
    assert!(all.contains("Choose a cohort first"), "{all}");
    let running = screen_of(&app_after("i"), 80, 24);
    assert!(running.contains("has nobody at Applied"), "{running}");
}

#[test]
fn o_sorts_the_roster_by_the_next_column_and_capital_o_reverses_it() {
    let app = app_after("1 o o o");
    assert_eq!(app.roster.sort.label(), "stage");
    let stages: Vec<_> = app
        .roster
        .listing
        .rows_in(0..app.roster.listing.len())
        .map(|r| r.stage)
        .collect();
    assert!(stages.windows(2).all(|w| w[0] <= w[1]), "{stages:?}");
    assert!(screen_of(&app, 80, 24).contains("by stage ↑"));
    let reversed = app_after("1 o o o O");
    let first = reversed.roster.listing.rows_in(0..1).next().unwrap().stage;
    assert_eq!(first, *stages.last().unwrap());
}

#[test]
fn n_enrols_a_new_participant_and_a_typo_in_the_email_is_fixed_without_retyping() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 n");
    press(
        &mut app,
        "Zara Space Mbeki-Holt Tab zara@example Tab Nur Right Tab northgate Right Tab Right Right Right",
    );
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty(), "a bad email stops the save");
    let form = screen_of(&app, 100, 40);
    assert!(
        form.contains("\"zara@example\" is not an email address"),
        "{form}"
    );
    assert!(
        form.contains("Zara Mbeki-Holt"),
        "what was typed is all still there: {form}"
    );
    insta::assert_snapshot!("new_participant_100x40", form);
    press(&mut app, ". o r g Enter");
    let effects = app.take_effects();
    let [Effect::Save { change, done }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    assert_eq!(done, "Added Zara Mbeki-Holt");
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    let Some(Change::Edit {
        record: Record::Participant(p),
        based_on: None,
    }) = changes.last()
    else {
        panic!("a new participant, got {changes:?}")
    };
    assert_eq!(p.email, "zara@example.org");
    assert_eq!(app.data.profession_name(p.profession), "Nurse");
    assert_eq!(
        app.data.organisation_name(p.organisation),
        "Northgate Community Health"
    );
    assert!(p.cohort.is_some());
    assert_eq!(
        changes.len(),
        1,
        "no new organisation or profession was needed"
    );
}

#[test]
fn a_new_organisation_is_created_in_place_and_duplicate_emails_are_refused() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::{Effect, Message};
    let mut app = app_after("1 n");
    press(
        &mut app,
        "Kit Space Ames Tab kit@example.org Tab Nurse Tab Brand Space New Space Trust Enter",
    );
    let effects = app.take_effects();
    let [Effect::Save { change, .. }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    assert!(changes.iter().any(|c| matches!(c, Change::Edit { record: Record::Organisation(o), based_on: None } if o.name == "Brand New Trust")));
    // An email someone already has is refused, and the form stays open.
    let taken = app.data.participants.values().next().unwrap().email.clone();
    let mut app = app_after("1 n");
    press(
        &mut app,
        &format!("Kit Space Ames Tab {taken} Tab Nurse Tab Brand Enter"),
    );
    assert!(app.take_effects().is_empty());
    assert!(matches!(&app.message, Some(Message::Problem(p)) if p.contains("already")));
    assert!(app.form.is_some());
}

#[test]
fn d_asks_before_deleting_and_names_what_refers_to_the_person() {
    let app = app_after("1 d");
    let asking = screen_of(&app, 160, 48);
    assert!(asking.contains("Delete Arjun Sethuraman?"), "{asking}");
    assert!(asking.contains("mentoring match"), "{asking}");
    assert!(asking.contains("u undoes it"), "{asking}");
}

#[test]
fn e_changes_a_participant_from_a_filled_in_form() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 e");
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.form.fields[0].value, "Arjun Sethuraman");
    press(
        &mut app,
        "Tab Tab Tab Tab Tab Tab Tab Tab Right Tab Tab Still Space going Enter",
    );
    let effects = app.take_effects();
    let [Effect::Save { change, .. }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    let Some(Change::Edit {
        record: Record::Participant(p),
        ..
    }) = changes.last()
    else {
        panic!("the participant")
    };
    assert!(p.notes.ends_with("Still going"), "{}", p.notes);
    assert_eq!(p.name, "Arjun Sethuraman");
    let before = &app.data.participants[&p.id].project;
    assert_ne!(
        p.project.stage, before.stage,
        "Right moved the project on a step"
    );
    assert_eq!(p.project.aim, before.aim, "the aim is kept as it was");
}

#[test]
fn nominees_awaiting_review_are_accepted_into_a_cohort_or_declined() {
    use improvers::domain::change::{Change, Record};
    use improvers::domain::pathway::PathwayStage;
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 ] ]");
    assert_eq!(app.cohort_label(), "nominees awaiting review");
    let nominee = app.roster.listing.selected_row().unwrap().clone();
    press(&mut app, "a");
    let form = screen_of(&app, 80, 24);
    assert!(
        form.contains(&format!("Accept {}'s nomination", nominee.name)),
        "{form}"
    );
    assert!(
        form.contains("Cohort 3"),
        "the recruiting cohort is offered first: {form}"
    );
    press(&mut app, "Enter");
    let effects = app.take_effects();
    let [Effect::Save { change, .. }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    let Change::Edit {
        record: Record::Participant(p),
        ..
    } = &**change
    else {
        panic!("an edit")
    };
    assert_eq!(p.stage(), PathwayStage::Applied);
    assert_eq!(app.data.cohort_name(p.cohort.unwrap()), "Cohort 3 — 2027");

    let mut app = app_after("1 ] ] j x");
    let asking = screen_of(&app, 120, 30);
    assert!(
        asking.contains("nomination") && asking.contains("Decline"),
        "{asking}"
    );
    press(&mut app, "y");
    let effects = app.take_effects();
    let [Effect::Apply { change, .. }] = effects.as_slice() else {
        panic!("expected the decline, got {effects:?}")
    };
    let Change::Edit {
        record: Record::Participant(p),
        ..
    } = &**change
    else {
        panic!("an edit")
    };
    assert_eq!(p.stage(), PathwayStage::Withdrawn);
    assert_eq!(
        p.pathway.changes().last().unwrap().note,
        "nomination declined"
    );

    let not_a_nominee = screen_of(&app_after("1 a"), 80, 24);
    assert!(
        not_a_nominee.contains("is not awaiting review"),
        "{not_a_nominee}"
    );
}

#[test]
fn the_intake_can_be_adjusted_before_enrolling_and_says_when_a_cap_is_broken() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::Effect;
    let mut app = app_after("] i");
    let view = app.intake.as_ref().unwrap();
    let left_out = view
        .candidates
        .iter()
        .position(|c| !c.chosen)
        .expect("the demo has more applicants than places");
    let who = view.candidates[left_out].id;
    for _ in 0..left_out {
        press(&mut app, "j");
    }
    press(&mut app, "Space");
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("over the cap of 3"), "{shown}");
    assert!(shown.contains("13 chosen for 12 places"), "{shown}");
    press(&mut app, "a");
    let effects = app.take_effects();
    let [Effect::Apply { change, .. }] = effects.as_slice() else {
        panic!("expected the enrolment, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    assert_eq!(changes.len(), 13);
    assert!(
        changes.iter().any(
            |c| matches!(c, Change::Edit { record: Record::Participant(p), .. } if p.id == who)
        )
    );
}

#[test]
fn colon_import_and_export_name_a_kind_and_a_file() {
    use improvers::domain::roster::CohortFilter;
    use improvers::io::import::CsvKind;
    use improvers::io::import::file::Source;
    use improvers::tui::effects::Effect;
    let mut app = app_after(": import Space expenses Space /tmp/march Space 2026.csv Enter");
    assert_eq!(
        app.take_effects(),
        [Effect::Import {
            source: Source::Csv(CsvKind::Expenses),
            path: "/tmp/march 2026.csv".into()
        }]
    );
    let mut app = app_after(": export Space programme Space out.toml Enter");
    assert_eq!(
        app.take_effects(),
        [Effect::Export {
            source: Source::Programme,
            path: "out.toml".into()
        }]
    );
    // A calendar file asks for the sessions of the cohort in view; a CSV file, the sessions file.
    let mut app =
        app_after(": cohort Space 2 Enter : export Space sessions Space Cohort Space 2.ICS Enter");
    let in_view = app.cohort;
    assert!(matches!(in_view, CohortFilter::Cohort(_)), "{in_view:?}");
    assert_eq!(
        app.take_effects(),
        [Effect::ExportCalendar {
            cohort: in_view,
            path: "Cohort 2.ICS".into()
        }]
    );
    let mut app = app_after(": export Space sessions Space sessions.csv Enter");
    assert_eq!(
        app.take_effects(),
        [Effect::Export {
            source: Source::Csv(CsvKind::Sessions),
            path: "sessions.csv".into()
        }]
    );
    let confused = screen_of(
        &app_after(": import Space receipts Space x.csv Enter"),
        80,
        24,
    );
    assert!(
        confused.contains("“receipts” is not a kind of file"),
        "{confused}"
    );
}
