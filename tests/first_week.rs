//! A team's first week from an empty database, on the dashboard alone: the welcome offers to
//! set the programme up, the set-up and settings forms, what every key does while there is
//! nothing to act on, and a story from nothing to a planned session, a matched mentor and a
//! recorded expense using only keys.

mod screen;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use improvers::tui::effects::Message;
use screen::{now, press, save, screen_of};

fn empty() -> App {
    App::new(Snapshot::default(), now())
}

/// Types `text` into whatever has the keys, spaces and all.
fn type_in(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn said(app: &App) -> String {
    match &app.message {
        Some(Message::Done(t)) | Some(Message::Problem(t)) => t.clone(),
        None => String::new(),
    }
}

/// The set-up form filled in as a coordinator would: the defaults taken for the cohort.
fn set_up(app: &mut App) {
    press(app, "Enter");
    type_in(app, "Aspiring Improvers — Fenland");
    press(app, "Tab");
    type_in(app, "Fenland Health Partnership");
    press(app, "Tab");
    type_in(app, "£40,000");
    press(app, "Enter");
    save(app);
}

#[test]
fn an_empty_database_offers_to_set_the_programme_up() {
    let app = empty();
    insta::assert_snapshot!("welcome_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("welcome_160x48", screen_of(&app, 160, 48));
}

#[test]
fn enter_opens_the_set_up_form_where_the_welcome_was() {
    let mut app = empty();
    press(&mut app, "Enter");
    insta::assert_snapshot!("set_up_form_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("set_up_form_160x48", screen_of(&app, 160, 48));
}

#[test]
fn after_setting_up_the_dashboard_shows_the_programme_and_says_what_next() {
    let mut app = empty();
    set_up(&mut app);
    let programme = app.data.programme.clone().unwrap();
    assert_eq!(programme.name, "Aspiring Improvers — Fenland");
    assert_eq!(programme.funder, "Fenland Health Partnership");
    assert_eq!(app.data.budget.as_ref().unwrap().total.0, 4_000_000);
    let cohort = app.data.cohorts.values().next().unwrap();
    assert_eq!(cohort.name, "Cohort 1 — 2026");
    assert_eq!(cohort.starts.to_string(), "2026-11-25");
    assert_eq!(cohort.ends.to_string(), "2027-11-24");
    assert!(
        said(&app).contains("n adds a participant"),
        "{}",
        said(&app)
    );
    insta::assert_snapshot!("set_up_done_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("set_up_done_160x48", screen_of(&app, 160, 48));
}

/// Every key of every pane, on a programme set up a moment ago (no participants, Q members,
/// sessions or expenses): what it changed on screen, or what it said.
fn audit(app_for: impl Fn() -> App) -> Vec<String> {
    use improvers::tui::action::Action;
    use improvers::tui::keymap::{KEYMAP, Place};
    use improvers::tui::panes::PaneId;
    let mut silent = Vec::new();
    for pane in PaneId::ALL {
        // Moving in an empty list, going back from nowhere and jumping to the pane already
        // shown have nothing to say.
        let bindings = KEYMAP.iter().filter(|b| {
            (b.place == Place::Everywhere || b.place == Place::Pane(pane))
                && !matches!(
                    b.action,
                    Action::Up
                        | Action::Down
                        | Action::Top
                        | Action::Bottom
                        | Action::PageUp
                        | Action::PageDown
                        | Action::Back
                )
                && b.action != Action::Focus(pane)
        });
        for binding in bindings {
            for (code, mods) in binding.keys {
                let mut app = app_for();
                press(&mut app, &pane.number().to_string());
                let before = screen_of(&app, 80, 24);
                app.handle_key(KeyEvent::new(*code, *mods));
                let effects = app.take_effects();
                let after = screen_of(&app, 80, 24);
                if before == after && effects.is_empty() && !app.quit {
                    silent.push(format!("{pane:?} {code:?} {:?}", binding.action));
                }
            }
        }
    }
    silent
}

#[test]
fn on_a_programme_with_nobody_yet_every_key_does_something_visible_or_says_why_not() {
    let silent = audit(|| {
        let mut app = empty();
        set_up(&mut app);
        app.message = None;
        app
    });
    assert!(
        silent.is_empty(),
        "keys that did nothing and said nothing:\n{}",
        silent.join("\n")
    );
}

#[test]
fn on_a_programme_with_no_cohorts_every_key_does_something_visible_or_says_why_not() {
    let silent = audit(|| {
        let data = Snapshot {
            programme: Some(improvers::domain::programme::Programme::new(
                "Aspiring Improvers — Fenland",
                "Fenland Health Partnership",
            )),
            ..Snapshot::default()
        };
        App::new(data, now())
    });
    assert!(
        silent.is_empty(),
        "keys that did nothing and said nothing:\n{}",
        silent.join("\n")
    );
}

#[test]
fn on_an_empty_database_no_key_acts_on_something_not_shown() {
    // `4 s` used to save a grant behind the welcome; `n` opened a form nobody could see.
    let mut app = empty();
    press(&mut app, "4");
    assert_eq!(said(&app), improvers::tui::app::NOTHING_YET);
    press(&mut app, "s");
    assert_eq!(said(&app), improvers::tui::app::NOTHING_YET);
    assert!(app.form.is_none() && app.take_effects().is_empty());
    press(&mut app, "n");
    let screen = screen_of(&app, 80, 24);
    assert!(screen.contains("Set up your programme"), "{screen}");
    press(&mut app, "Esc ?");
    assert!(
        said(&app).contains("Enter (or n) sets up the programme"),
        "{}",
        said(&app)
    );
}

#[test]
fn the_settings_form_changes_the_programme_and_the_teams_dormant_weeks_as_one_undoable_change() {
    let mut app = empty();
    set_up(&mut app);
    press(&mut app, "4 S");
    insta::assert_snapshot!("settings_form_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("settings_form_160x48", screen_of(&app, 160, 48));
    // Attendance 75 → 80, dormant weeks (config.toml's 6 until now) → 4.
    press(&mut app, "Tab Tab Tab Backspace Backspace");
    type_in(&mut app, "80");
    press(&mut app, "Tab Backspace");
    type_in(&mut app, "4");
    press(&mut app, "Enter");
    let (change, done) = save(&mut app);
    assert_eq!(done, "Saved the settings of Aspiring Improvers — Fenland");
    assert_eq!(
        change.summary(),
        "changed the programme settings (name, funder or attendance, dormant weeks)"
    );
    assert_eq!(
        app.data
            .programme
            .as_ref()
            .unwrap()
            .attendance_threshold_percent,
        80
    );
    // The database's number now decides, whatever one person's config.toml says.
    assert_eq!(app.data.dormant_pair_weeks(6), 4);
    assert_eq!(app.data.dormant_pair_weeks(10), 4);
    // The same form from the command line, showing what was saved.
    press(&mut app, ": s e t t i n g s Enter");
    let form = &app.form.as_ref().unwrap().form;
    assert_eq!(form.field("Dormant weeks").unwrap().value, "4");
    assert_eq!(form.field("Attendance %").unwrap().value, "80");
}

#[test]
fn settings_refuse_a_grant_below_what_is_already_allocated() {
    let mut app = empty();
    set_up(&mut app);
    // £30,000 of the £40,000 allocated to venue hire (with all cohorts in view), then the
    // grant lowered to £20,000.
    press(&mut app, "4 [ s Tab");
    type_in(&mut app, "30000");
    press(&mut app, "Enter");
    save(&mut app);
    press(&mut app, "S Tab Tab C-u");
    type_in(&mut app, "20000");
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty());
    let refused = screen_of(&app, 160, 48);
    assert!(
        refused.contains("less than £30,000.00 (the allocations add up to that"),
        "marked beside the grant: {refused}"
    );
    assert!(refused.contains("1 field needs attention"), "{refused}");
    assert!(
        app.form.is_some(),
        "the form stays open with what was typed"
    );
}

/// Saves what the keys asked for, or fails showing the screen and what the footer said.
fn saved(app: &mut App, step: &str) -> String {
    let effects = app.take_effects();
    if effects.is_empty() {
        panic!(
            "{step}: nothing to save; footer: {}\n{}",
            said(app),
            screen_of(app, 100, 40)
        );
    }
    for effect in effects.into_iter().rev() {
        app.effects.push(effect);
    }
    save(app).1
}

#[test]
fn a_first_week_from_an_empty_database_using_only_keys() {
    let mut app = empty();
    set_up(&mut app);

    // A participant, enrolled in the cohort in view (the form fills it in).
    press(&mut app, "1 n");
    type_in(&mut app, "Tamsin Rowe-Achebe");
    press(&mut app, "Tab");
    type_in(&mut app, "tamsin.rowe-achebe@ely-gp.example");
    press(&mut app, "Tab");
    type_in(&mut app, "Nurse");
    press(&mut app, "Tab");
    type_in(&mut app, "Ely Primary Care Network");
    // Cohort, Stage (Enrolled, as the cohort is running), By, Project, Aim, Progress, Topics.
    press(&mut app, "Tab Tab Tab Tab");
    type_in(&mut app, "Fewer missed diabetes reviews");
    press(&mut app, "Tab Tab Tab");
    type_in(&mut app, "patient flow");
    press(&mut app, "Enter");
    // Tab past a name that matches nothing keeps it, but only Enter twice creates it.
    assert!(
        app.take_effects().is_empty(),
        "new names are asked about first"
    );
    let asked = screen_of(&app, 100, 40);
    assert!(
        asked.contains("New profession “Nurse” and new organisation “Ely Primary Care"),
        "{asked}"
    );
    press(&mut app, "Enter");
    let done = saved(&mut app, "participant");
    assert!(done.contains("Tamsin Rowe-Achebe"), "{done}");
    let tamsin = app.data.participants.values().next().unwrap().clone();
    assert_eq!(tamsin.stage().label(), "Enrolled");

    // A Q member who mentors, from another organisation, with a shared topic.
    press(&mut app, "v n");
    type_in(&mut app, "Wren Abernathy-Cole");
    press(&mut app, "Tab");
    type_in(&mut app, "wren.abernathy-cole@fenland-ch.example");
    press(&mut app, "Tab");
    type_in(&mut app, "Nurse");
    press(&mut app, "Tab");
    type_in(&mut app, "Fenland Community Health Trust");
    press(&mut app, "Tab Tab");
    type_in(&mut app, ", facilitator");
    press(&mut app, "Tab Tab Tab");
    type_in(&mut app, "patient flow");
    press(&mut app, "Enter Enter");
    saved(&mut app, "Q member");
    assert_eq!(app.data.q_members.len(), 1);

    // A session for the cohort, led by the new Q member.
    press(&mut app, "3 n Tab");
    type_in(&mut app, "Model for improvement and PDSA cycles");
    press(&mut app, "Tab Tab Tab Tab Tab Tab Tab");
    type_in(&mut app, "Wren Abernathy-Cole");
    press(&mut app, "Enter");
    saved(&mut app, "session");
    let session = app.data.sessions.values().next().unwrap().clone();
    assert_eq!(session.facilitators.len(), 1);
    assert_eq!(
        session.invitees.len(),
        1,
        "the enrolled participant is invited"
    );

    // Matching proposes the only mentor; a confirms it.
    press(&mut app, "2 m");
    saved(&mut app, "matching");
    press(&mut app, "a");
    saved(&mut app, "accepting the proposal");
    let m = app.data.matches.values().next().unwrap();
    assert_eq!(m.participant, tamsin.id);
    assert!(
        matches!(
            m.state,
            improvers::domain::mentoring::MatchState::Confirmed { .. }
        ),
        "{m:?}"
    );

    // An expense for the session's venue, linked to the session.
    press(&mut app, "4 n Tab");
    type_in(&mut app, "v");
    press(&mut app, "Tab");
    type_in(&mut app, "£950");
    press(&mut app, "Tab");
    type_in(&mut app, "Larkfield Conference Rooms");
    press(&mut app, "Tab Tab");
    type_in(&mut app, "Model");
    press(&mut app, "Right Enter");
    saved(&mut app, "expense");
    let expense = app.data.expenses.values().next().unwrap();
    assert_eq!(expense.amount.0, 95_000);
    assert_eq!(expense.session, Some(session.id));
    insta::assert_snapshot!("first_week_done_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("first_week_done_160x48", screen_of(&app, 160, 48));
}

/// The set-up form with the programme's name, funder and grant typed, the cursor in Starts.
fn set_up_to_starts(app: &mut App) {
    press(app, "Enter");
    type_in(app, "Aspiring Improvers — Fenland");
    press(app, "Tab");
    type_in(app, "Fenland Health Partnership");
    press(app, "Tab");
    type_in(app, "£40,000");
    press(app, "Tab Tab");
}

fn field(app: &App, label: &str) -> String {
    app.form
        .as_ref()
        .and_then(|open| open.form.field(label))
        .map(|f| f.value.clone())
        .unwrap_or_default()
}

#[test]
fn the_set_up_cohort_is_named_for_the_year_it_starts_until_a_name_is_written() {
    let mut app = empty();
    set_up_to_starts(&mut app);
    type_in(&mut app, "11/1/2027");
    assert_eq!(field(&app, "Cohort"), "Cohort 1 — 2027");
    assert_eq!(
        field(&app, "Ends"),
        "2028-01-10",
        "a year on, as it was offered"
    );
    insta::assert_snapshot!("set_up_starting_next_year_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("set_up_starting_next_year_160x48", screen_of(&app, 160, 48));
    press(&mut app, "Enter");
    save(&mut app);
    let cohort = app.data.cohorts.values().next().unwrap();
    assert_eq!(cohort.name, "Cohort 1 — 2027");
    assert_eq!(cohort.starts.to_string(), "2027-01-11");
    assert_eq!(cohort.ends.to_string(), "2028-01-10");

    // A name written by the person stays, whatever the start becomes.
    let mut app = empty();
    set_up_to_starts(&mut app);
    press(&mut app, "BackTab C-u");
    type_in(&mut app, "Fenland pioneers");
    press(&mut app, "Tab Tab");
    type_in(&mut app, "31 Dec 2027");
    press(&mut app, "BackTab");
    type_in(&mut app, "11/1/2027");
    assert_eq!(field(&app, "Cohort"), "Fenland pioneers");
    assert_eq!(field(&app, "Ends"), "31 Dec 2027");
    press(&mut app, "Enter");
    save(&mut app);
    let cohort = app.data.cohorts.values().next().unwrap();
    assert_eq!(cohort.name, "Fenland pioneers");
    assert_eq!(cohort.ends.to_string(), "2027-12-31");
}

#[test]
fn a_new_participants_stage_follows_the_cohort_until_one_is_chosen() {
    // A cohort starting today is running: a participant placed in it is enrolled.
    let mut app = empty();
    set_up(&mut app);
    press(&mut app, "1 n");
    assert_eq!(field(&app, "Stage"), "Enrolled");
    insta::assert_snapshot!("new_participant_enrolled_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("new_participant_enrolled_160x48", screen_of(&app, 160, 48));
    // Taken out of the cohort, a nominee awaiting review; back in, enrolled again.
    press(&mut app, "Tab Tab Tab Tab C-u");
    assert_eq!(field(&app, "Stage"), "Nominated");
    type_in(&mut app, "Coh");
    press(&mut app, "Tab");
    assert_eq!(field(&app, "Cohort"), "Cohort 1 — 2026");
    assert_eq!(field(&app, "Stage"), "Enrolled");
    // A stage the person chose stays when the cohort changes.
    press(&mut app, "Left BackTab C-u");
    assert_eq!(field(&app, "Stage"), "Applied");

    // A cohort not yet started is recruiting: its participants have applied.
    let mut app = empty();
    set_up_to_starts(&mut app);
    type_in(&mut app, "+30");
    press(&mut app, "Enter");
    save(&mut app);
    press(&mut app, "1 n");
    assert_eq!(field(&app, "Stage"), "Applied");
    type_in(&mut app, "Ines Okafor-Lund");
    press(&mut app, "Tab");
    type_in(&mut app, "ines.okafor-lund@ely-gp.example");
    press(&mut app, "Tab");
    type_in(&mut app, "Nurse");
    press(&mut app, "Tab");
    type_in(&mut app, "Ely Primary Care Network");
    press(&mut app, "Enter Enter");
    saved(&mut app, "participant");
    let ines = app.data.participants.values().next().unwrap();
    assert_eq!(ines.stage().label(), "Applied");
}

#[test]
fn the_roster_lists_count_one_thing_in_the_singular() {
    let mut app = empty();
    set_up(&mut app);
    // Q members (none yet), then cohorts (the one just set up).
    press(&mut app, "1 v v");
    let screen = screen_of(&app, 80, 24);
    assert!(screen.contains("1 cohort "), "{screen}");
    assert!(!screen.contains("1 cohorts"), "{screen}");
    insta::assert_snapshot!("one_cohort_80x24", screen);
    insta::assert_snapshot!("one_cohort_160x48", screen_of(&app, 160, 48));
}

#[test]
fn a_set_up_end_without_a_year_is_after_the_start_and_a_cohort_under_four_weeks_is_noted() {
    let mut app = empty();
    set_up_to_starts(&mut app);
    type_in(&mut app, "4/1/2027");
    press(&mut app, "Tab");
    type_in(&mut app, "1 Dec");
    let screen = screen_of(&app, 80, 24);
    assert!(screen.contains("Wed 1 Dec 2027"), "{screen}");
    assert!(!screen.contains("Note:"), "{screen}");
    press(&mut app, "Tab");
    press(&mut app, "BackTab");
    type_in(&mut app, "fri");
    let screen = screen_of(&app, 80, 24);
    assert!(screen.contains("Fri 8 Jan 2027"), "{screen}");
    assert!(
        screen.contains("Note: the cohort lasts 5 days, 4 Jan 2027 to 8 Jan"),
        "{screen}"
    );
}
