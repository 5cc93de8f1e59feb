//! Forms as fast as thought, driven like a person would: pick fields that offer names as a few
//! letters are typed, dates and times as people write them, new names asked about once, every
//! fault counted, and Esc that asks before throwing typed values away; from the demo and from
//! an empty programme.

mod screen;

use chrono::{NaiveDate, NaiveDateTime};
use improvers::domain::change::{Change, Record};
use improvers::domain::snapshot::Snapshot;
use improvers::tui::dialogs::participant_form;
use improvers::tui::dialogs::session::session_form;
use improvers::tui::dialogs::{OpenForm, change_for};
use improvers::tui::form::FormOutcome;
use improvers::tui::script::script_keys;
use improvers::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use screen::{app_after, press, save, screen_of};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

#[test]
fn a_session_is_planned_from_a_few_letters_of_each_name() {
    let mut app = app_after("3 n");
    let opened = screen_of(&app, 80, 24);
    assert!(
        opened.contains("Date 2026-11-26  Thu 26 Nov 2026"),
        "a new session starts on the next working day: {opened}"
    );
    press(
        &mut app,
        "Tab Planning Space day Tab Tab Tab C-u +7 Tab C-u 2pm Tab Tab lark",
    );
    let offered = screen_of(&app, 80, 24);
    assert!(
        offered.contains("▸ Larkspur Conference Centre"),
        "{offered}"
    );
    assert!(offered.contains("↑↓ choose · Tab/→ takes it"), "{offered}");
    insta::assert_snapshot!("venue_offered_80x24", offered);
    insta::assert_snapshot!("venue_offered_160x48", screen_of(&app, 160, 48));
    // Tab takes it; then each facilitator from a few letters, accents aside: → takes one and
    // stays for the next.
    press(&mut app, "Tab sian Right yas");
    let led = screen_of(&app, 160, 48);
    assert!(led.contains("▸ Yasmin Haddad-Clarke"), "{led}");
    insta::assert_snapshot!("facilitators_offered_160x48", led);
    press(&mut app, "Tab");
    let form = screen_of(&app, 80, 24);
    assert!(form.contains("Date +7  Wed 2 Dec 2026"), "{form}");
    press(&mut app, "Enter");
    let (change, done) = save(&mut app);
    assert!(
        done.starts_with("Planned Planning day for Wed 2 Dec 14:00"),
        "{done}"
    );
    let Change::Edit {
        record: Record::Session(planned),
        ..
    } = change
    else {
        panic!("a new session, got {change:?}")
    };
    assert_eq!(
        planned.start,
        NaiveDateTime::parse_from_str("2026-12-02 14:00", "%Y-%m-%d %H:%M").unwrap()
    );
    let venue = planned.venue.and_then(|v| app.data.venues.get(&v));
    assert_eq!(
        venue.map(|v| v.name.as_str()),
        Some("Larkspur Conference Centre")
    );
    let led: Vec<&str> = planned
        .facilitators
        .iter()
        .filter_map(|q| app.data.q_members.get(q))
        .map(|q| q.name.as_str())
        .collect();
    assert_eq!(led, ["Siân Pritchard-Oduya", "Yasmin Haddad-Clarke"]);
}

#[test]
fn a_session_planned_for_next_year_is_announced_with_its_year() {
    let mut app = app_after("3 n Tab New Space year Tab Tab Tab C-u 5 Space Jan Enter");
    let (_, done) = save(&mut app);
    assert!(
        done.starts_with("Planned New year for Tue 5 Jan 2027 10:00"),
        "{done}"
    );
}

#[test]
fn a_typed_prefix_takes_the_profession_offered_and_a_new_organisation_is_asked_about_once() {
    let mut app = app_after("1 n Zara Space Mbeki-Holt Tab zara@example.org Tab nur");
    let offered = screen_of(&app, 80, 24);
    assert!(offered.contains("▸ Nurse"), "{offered}");
    press(&mut app, "Tab Brand Space New Space Trust Enter");
    assert!(
        app.take_effects().is_empty(),
        "nothing is created before the question is answered"
    );
    let asked = screen_of(&app, 80, 24);
    assert!(
        asked.contains("New organisation “Brand New Trust”: Enter again to create it"),
        "{asked}"
    );
    insta::assert_snapshot!("new_organisation_asked_80x24", asked);
    insta::assert_snapshot!("new_organisation_asked_160x48", screen_of(&app, 160, 48));
    press(&mut app, "Enter");
    let (change, done) = save(&mut app);
    assert_eq!(done, "Added Zara Mbeki-Holt");
    let Change::Batch { changes, .. } = change else {
        panic!("a batch, got {change:?}")
    };
    let created: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Edit {
                record: Record::Organisation(o),
                ..
            } => Some(format!("organisation {}", o.name)),
            Change::Edit {
                record: Record::Profession(p),
                ..
            } => Some(format!("profession {}", p.name)),
            _ => None,
        })
        .collect();
    assert_eq!(
        created,
        ["organisation Brand New Trust"],
        "“nur” became Nurse, not a new profession"
    );
}

#[test]
fn a_refused_save_counts_every_fault_and_esc_asks_before_losing_them() {
    let mut app = app_after("3 n Tab Tab Tab Tab C-u soon Tab C-u 25 Enter");
    assert!(app.take_effects().is_empty());
    let refused = screen_of(&app, 80, 24);
    assert!(refused.contains("3 fields need attention"), "{refused}");
    let form = &app.form.as_ref().unwrap().form;
    assert_eq!(
        form.fields[form.focus].label, "Title",
        "the cursor is on the first field at fault"
    );
    insta::assert_snapshot!("faults_counted_80x24", refused);
    let tall = screen_of(&app, 160, 48);
    for fault in [
        "needed",
        "“soon” is not a date (write 1/12/2026, 1 Dec, tomorrow, thu",
        "“25” is not a time (write 9:30, 14:00 or 2pm)",
    ] {
        assert!(
            tall.contains(fault),
            "every fault is marked at once: {tall}"
        );
    }
    insta::assert_snapshot!("faults_counted_160x48", tall);

    press(&mut app, "Esc");
    assert!(app.form.is_some(), "Esc with values typed asks first");
    let asked = screen_of(&app, 80, 24);
    assert!(
        asked.contains("Leave without saving what was typed?"),
        "{asked}"
    );
    press(&mut app, "j");
    let form = &app.form.as_ref().expect("any other key goes back").form;
    assert_eq!(
        form.field("Date").unwrap().value,
        "soon",
        "nothing was lost"
    );
    press(&mut app, "Esc y");
    assert!(app.form.is_none());
    press(&mut app, "n Esc");
    assert!(
        app.form.is_none(),
        "a form with nothing typed closes at once"
    );
}

/// `keys` typed into `open`, then the outcome of the last key.
fn fill(open: &mut OpenForm, keys: &str) -> FormOutcome {
    let mut outcome = FormOutcome::Editing;
    for key in script_keys(keys) {
        outcome = open.form.handle_key(key);
    }
    outcome
}

fn drawn(open: &OpenForm, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            let area = frame.area();
            open.form
                .render(area, frame.buffer_mut(), &Theme::new(false))
        })
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn on_an_empty_programme_the_first_names_are_offered_as_new_and_created_once_agreed() {
    let empty = Snapshot::default();
    let mut open = participant_form(&empty, None, None, today());
    assert_eq!(
        fill(
            &mut open,
            "Kit Space Ames Tab kit@example.org Tab Nurse Tab Harbour Space Trust",
        ),
        FormOutcome::Editing
    );
    let offered = drawn(&open, 80, 24);
    assert!(
        offered.contains("▸ new organisation “Harbour Trust”"),
        "{offered}"
    );
    assert_eq!(fill(&mut open, "Enter"), FormOutcome::Editing);
    let asked = drawn(&open, 80, 24);
    assert!(
        asked.contains("New profession “Nurse” and new organisation “Harbour Trust”:"),
        "Tab kept “Nurse”, the only thing offered, but did not agree to create it: {asked}"
    );
    assert!(asked.contains("again to create them"), "{asked}");
    insta::assert_snapshot!("empty_new_names_asked_80x24", asked);
    insta::assert_snapshot!("empty_new_names_asked_160x48", drawn(&open, 160, 48));
    assert_eq!(fill(&mut open, "Enter"), FormOutcome::Submit);
    let (change, done) = change_for(&open, &empty, today()).expect("the form makes a change");
    assert_eq!(done, "Added Kit Ames");
    let Change::Batch { changes, .. } = change else {
        panic!("a batch")
    };
    assert_eq!(
        changes.len(),
        3,
        "a profession, an organisation and a person"
    );

    // A session on an empty programme starts on the next working day too, and reads `fri`.
    let mut session = session_form(&empty, None, None, today());
    fill(&mut session, "Tab Tab Tab Tab C-u fri Tab C-u 930");
    let shown = drawn(&session, 80, 24);
    assert!(shown.contains("Date fri  Fri 27 Nov 2026"), "{shown}");
    assert!(shown.contains("930▏  09:30"), "{shown}");
}

/// The fields at fault in `open`, by label, with what is wrong.
fn faults(open: &OpenForm) -> Vec<String> {
    open.form
        .fields
        .iter()
        .filter_map(|f| f.problem().map(|p| format!("{}: {p}", f.label)))
        .collect()
}

#[test]
fn every_record_of_the_demo_opens_in_a_form_that_saves_it_unchanged() {
    // A facilitator, host or nominator who no longer offers the role stays on offer for the
    // records that already name them: before, some demo sessions could not be saved unchanged.
    let data = screen::demo();
    let mut refused = Vec::new();
    for s in data.sessions.values() {
        let open = session_form(&data, Some(s), s.cohort, today());
        refused.extend(
            faults(&open)
                .into_iter()
                .map(|f| format!("{}: {f}", s.title)),
        );
    }
    for p in data.participants.values() {
        let open = participant_form(&data, Some(p), p.cohort, today());
        refused.extend(
            faults(&open)
                .into_iter()
                .map(|f| format!("{}: {f}", p.name)),
        );
    }
    for q in data.q_members.values() {
        let open = improvers::tui::dialogs::q_member_form(&data, Some(q));
        refused.extend(
            faults(&open)
                .into_iter()
                .map(|f| format!("{}: {f}", q.name)),
        );
    }
    for e in data.expenses.values() {
        let open = improvers::tui::dialogs::expense::expense_form(&data, Some(e), today());
        refused.extend(
            faults(&open)
                .into_iter()
                .map(|f| format!("{}: {f}", e.description)),
        );
    }
    for c in data.cohorts.values() {
        let open = improvers::tui::dialogs::cohort_form(&data, Some(c), today());
        refused.extend(
            faults(&open)
                .into_iter()
                .map(|f| format!("{}: {f}", c.name)),
        );
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

#[test]
fn mistakes_a_save_used_to_find_are_marked_beside_their_field_and_counted() {
    // A session: blank title, a time that does not exist and no minutes: three faults at once.
    let data = screen::demo();
    let mut session = session_form(&data, None, None, today());
    fill(
        &mut session,
        "Tab Tab Tab Tab Tab C-u 25:00 Tab C-u 0 Enter",
    );
    let refused = drawn(&session, 80, 24);
    assert!(refused.contains("3 fields need attention"), "{refused}");
    assert!(
        refused.contains("“0” is too low: give 1 or more"),
        "{refused}"
    );
    insta::assert_snapshot!("session_faults_80x24", refused);

    // The settings: an attendance threshold over 100% is marked as it is typed.
    let mut settings =
        improvers::tui::dialogs::programme::settings_form(&data, 6).expect("the demo is set up");
    fill(&mut settings, "Tab Tab Tab C-u 150");
    let typed = drawn(&settings, 80, 24);
    assert!(
        typed.contains("“150” is too high: give 0 to 100"),
        "{typed}"
    );
    assert_eq!(fill(&mut settings, "Enter"), FormOutcome::Editing);
    assert!(drawn(&settings, 80, 24).contains("1 field needs attention"));

    // Setting up: an end read as a date before the start is marked beside the end, in the
    // words the form shows, before Enter is pressed.
    let mut setup = improvers::tui::dialogs::programme::setup_form(&Snapshot::default(), today());
    fill(
        &mut setup,
        "Fenland Space Improvers Tab NHS Space Fenland Tab 40000 Tab Tab C-u 11/1/2027 Tab C-u 10/12/2026",
    );
    let typed = drawn(&setup, 80, 24);
    assert!(typed.contains("10/12/2026▏  Thu 10 Dec 2026"), "{typed}");
    assert!(
        typed.contains("before the start, Mon 11 Jan 2027: give that day or a"),
        "{typed}"
    );
    assert_eq!(fill(&mut setup, "Enter"), FormOutcome::Editing);
    let refused = drawn(&setup, 80, 24);
    assert!(refused.contains("1 field needs attention"), "{refused}");
    insta::assert_snapshot!("setup_end_before_start_80x24", refused);
    insta::assert_snapshot!("setup_end_before_start_160x48", drawn(&setup, 160, 48));
    // Written without a year, the end is the 10 Dec after the start.
    assert_eq!(
        fill(&mut setup, "C-u 10 Space Dec Enter"),
        FormOutcome::Submit
    );
}

#[test]
fn tab_tab_tab_reaches_topics_past_a_field_of_several_and_a_choice_says_what_it_takes() {
    let data = screen::demo();
    let mut session = session_form(&data, None, None, today());
    // Kind, Title, Theme, Cohort, Date, Starts, Minutes, Venue, then Led by.
    fill(&mut session, "Tab Tab Tab Tab Tab Tab Tab Tab sian Tab");
    let form = &session.form;
    assert_eq!(
        form.fields[form.focus].label, "Host",
        "Tab took the name and moved on"
    );
    assert_eq!(form.field("Led by").unwrap().value, "Siân Pritchard-Oduya");
    // On to Repeat, a choice: a letter that starts none of its choices is said, not lost.
    fill(&mut session, "Tab Tab q");
    let said = drawn(&session, 80, 24);
    assert!(
        said.contains("no choice starts with “q”: ← → choose; type a first letter"),
        "{said}"
    );
    insta::assert_snapshot!("choice_letter_missed_80x24", said);
}

#[test]
fn a_pick_field_with_nothing_to_offer_says_why_and_what_to_do() {
    // A programme with a cohort and a Q member who does not nominate: the participant form's
    // "By" has nobody to offer, and says so rather than "choose one of the suggestions".
    let mut data = screen::demo();
    let nominators: Vec<_> = data.q_members.keys().copied().collect();
    for id in nominators {
        let mut q = data.q_members[&id].clone();
        q.roles
            .retain(|r| *r != improvers::domain::people::QRole::Nominator);
        data.put(Record::QMember(q));
    }
    let mut open = participant_form(&data, None, None, today());
    let by = open
        .form
        .fields
        .iter_mut()
        .find(|f| f.label == "By")
        .expect("a By field");
    by.value = "wren".into();
    assert_eq!(
        by.problem().as_deref(),
        Some(
            "“wren”: no Q member offers the nominator role yet: give one that role in the Q \
             members list (1, then v, then e)"
        )
    );
}
