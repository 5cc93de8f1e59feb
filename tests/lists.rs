//! Lists that forgive, driven like a person would: `g` and `G` in every list, attendance in
//! name order with everyone marked attended at once, a readiness tick or a stage taken back, a
//! one-off session made a series, and a question that always shows its answers. Changes are
//! saved to a real database and undone with `u`, as on the dashboard.

mod screen;

use chrono::NaiveDate;
use improvers::domain::change::{Change, HistoryEntry, RecordKey};
use improvers::domain::ids::{ParticipantId, SessionId, VenueId};
use improvers::domain::people::pathway::PathwayStage;
use improvers::domain::sessions::{Attendance, Session};
use improvers::domain::snapshot::Snapshot;
use improvers::domain::text::fold;
use improvers::io::demo::demo_programme;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::effects::Message;
use improvers::tui::link::Link;
use screen::{app_after, now, press, screen_of};

/// The demo programme in a database of its own, and a dashboard on it at the tests' clock.
fn dashboard() -> (tempfile::TempDir, Link, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut database = Database::open(&dir.path().join("db")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    database.apply(&demo_programme(today).unwrap()).unwrap();
    let (link, data) = Link::open(database).unwrap();
    (dir, link, App::new(data, now()))
}

/// Presses `keys`, carries out what they asked of the database and takes in every change.
fn act(link: &mut Link, app: &mut App, keys: &str) {
    press(app, keys);
    link.carry_out_all(app);
    link.settle(app);
}

fn said(app: &App) -> String {
    match &app.message {
        Some(Message::Done(text)) => text.clone(),
        other => panic!("expected a message saying it was done, got {other:?}"),
    }
}

/// Moves the focused pane's selection down to `at` from the top.
fn go_to(app: &mut App, at: usize) {
    press(app, "g");
    for _ in 0..at {
        press(app, "j");
    }
}

#[test]
fn g_and_capital_g_go_to_the_top_and_bottom_of_every_pane_list() {
    let mut app = app_after("");
    let ends = |app: &App| -> (Option<usize>, usize) {
        match app.focus {
            improvers::tui::panes::PaneId::Roster => (
                app.roster.listing.selected_index(),
                app.roster.listing.len(),
            ),
            improvers::tui::panes::PaneId::Mentoring => (
                app.mentoring.listing.selected_index(),
                app.mentoring.listing.len(),
            ),
            improvers::tui::panes::PaneId::Sessions => (
                app.sessions.listing().selected_index(),
                app.sessions.listing().len(),
            ),
            improvers::tui::panes::PaneId::Budget => (
                app.budget.listing.selected_index(),
                app.budget.listing.len(),
            ),
        }
    };
    for pane in ["1", "2", "3", "3 v", "4"] {
        press(&mut app, &format!("Esc {pane} G"));
        let (at, len) = ends(&app);
        assert!(len > 2, "{pane}: a list long enough to show it");
        assert_eq!(at, Some(len - 1), "{pane}: G goes to the last row");
        press(&mut app, "g");
        assert_eq!(ends(&app).0, Some(0), "{pane}: g goes to the first row");
    }
    // The roster's other lists and the budget's categories move the same way.
    let q_members = app_after("1 v G");
    let list = &q_members.roster.registers.q_members;
    assert_eq!(list.selected_index(), Some(list.len() - 1));
    let categories = app_after("4 v G");
    let list = &categories.budget.categories;
    assert_eq!(list.selected_index(), Some(list.len() - 1));
    let shown = screen_of(&categories, 80, 24);
    let last = list.selected_row().map(|r| r.name.clone()).unwrap();
    assert!(shown.contains(&format!("▶ {last}")), "{shown}");
    // So do the ranked candidates for one participant.
    let candidates = app_after("2 Enter G");
    let view = candidates
        .mentoring
        .candidates
        .as_ref()
        .expect("candidates open");
    assert_eq!(view.listing.selected_index(), Some(view.listing.len() - 1));
}

#[test]
fn g_and_capital_g_move_in_the_suggested_intake_and_space_ticks_the_one_reached() {
    let mut app = app_after("] i");
    let view = app.intake.as_ref().expect("the intake is open");
    let last = view.candidates.len() - 1;
    let last_name = view.candidates[last].name.clone();
    let was_chosen = view.candidates[last].chosen;
    press(&mut app, "G");
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("▶["), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.contains('▶') && l.contains(&last_name)),
        "{shown}"
    );
    insta::assert_snapshot!("intake_at_the_bottom_160x48", shown);
    insta::assert_snapshot!("intake_at_the_bottom_80x24", screen_of(&app, 80, 24));
    press(&mut app, "Space");
    let view = app.intake.as_ref().unwrap();
    assert_eq!(view.candidates[last].chosen, !was_chosen);
    press(&mut app, "g");
    assert_eq!(
        app.intake.as_ref().unwrap().selected().map(|c| c.id),
        Some(view_first(&app))
    );
}

fn view_first(app: &App) -> ParticipantId {
    app.intake.as_ref().unwrap().candidates[0].id
}

#[test]
fn g_and_capital_g_move_in_the_history_list() {
    let entries: Vec<HistoryEntry> = (1..=40)
        .rev()
        .map(|seq| HistoryEntry {
            seq,
            at: chrono::DateTime::from_timestamp(1_790_000_000 + seq as i64 * 60, 0).unwrap(),
            user: "sam".into(),
            change: Change::Delete(RecordKey::Venue(VenueId(seq))),
            before: Vec::new(),
        })
        .collect();
    let mut app = app_after("");
    app.show_history(entries);
    press(&mut app, "G");
    let history = app.history.as_ref().expect("history open");
    assert_eq!(history.listing.selected_row().map(|r| r.entry.seq), Some(1));
    let shown = screen_of(&app, 80, 24);
    assert!(
        shown.contains("▶ 1 "),
        "the oldest change is in view: {shown}"
    );
    press(&mut app, "g");
    let history = app.history.as_ref().unwrap();
    assert_eq!(
        history.listing.selected_row().map(|r| r.entry.seq),
        Some(40)
    );
}

#[test]
fn on_an_empty_database_the_list_keys_change_nothing_and_break_nothing() {
    let mut app = App::new(Snapshot::default(), now());
    for (w, h) in [(80, 24), (160, 48), (40, 12)] {
        // The footer may say why a key does nothing; the rest of the screen stays as it was.
        let above_footer = |screen: String| -> Vec<String> {
            let lines: Vec<String> = screen.lines().map(str::to_string).collect();
            lines[..lines.len().saturating_sub(3)].to_vec()
        };
        let before = above_footer(screen_of(&app, w, h));
        press(&mut app, "g G j k PageDown PageUp 3 G g 4 G");
        assert!(app.take_effects().is_empty());
        press(&mut app, "1");
        assert_eq!(above_footer(screen_of(&app, w, h)), before, "{w}x{h}");
    }
}

#[test]
fn attendance_is_in_name_order_with_capital_a_marking_everyone_before_the_exceptions() {
    let (_dir, mut link, mut app) = dashboard();
    act(&mut link, &mut app, "3 t");
    let view = app.attendance.as_ref().expect("attendance open");
    let session = view.session.id;
    let before: Session = app.data.sessions[&session].clone();
    let names: Vec<String> = view.names().map(str::to_string).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| fold(n));
    assert_eq!(names, sorted, "people are listed by name");
    assert!(names.len() > 5);
    // Everyone attended, then the second person sent apologies and the last did not come.
    act(&mut link, &mut app, "A");
    let marked = screen_of(&app, 80, 24);
    insta::assert_snapshot!("attendance_everyone_attended_80x24", marked);
    assert!(
        marked.contains(&format!(
            "{} marked attended: now p or n for anyone who was not",
            names.len()
        )),
        "{marked}"
    );
    assert!(
        marked.contains("A all attended"),
        "the footer says the key: {marked}"
    );
    insta::assert_snapshot!(
        "attendance_everyone_attended_160x48",
        screen_of(&app, 160, 48)
    );
    act(&mut link, &mut app, "j p G n");
    // `?` lists the sheet's own keys, A among them.
    press(&mut app, "?");
    let help = screen_of(&app, 80, 24);
    assert!(help.contains("Keys: the attendance sheet"), "{help}");
    assert!(
        help.contains("everyone invited or registered attended"),
        "{help}"
    );
    insta::assert_snapshot!("attendance_help_80x24", help);
    press(&mut app, "Esc");
    assert!(
        app.attendance.is_some(),
        "closing help leaves the sheet open"
    );
    act(&mut link, &mut app, "Enter");
    assert!(said(&app).starts_with("Saved attendance for"));
    let saved = &app.data.sessions[&session];
    let mark_of = |name: &str| {
        let id = app
            .data
            .participants
            .values()
            .find(|p| p.name == name)
            .unwrap()
            .id;
        saved
            .invitees
            .iter()
            .find(|i| i.participant == id)
            .map(|i| i.attendance)
    };
    assert_eq!(mark_of(&names[0]), Some(Attendance::Attended));
    assert_eq!(mark_of(&names[1]), Some(Attendance::Apologies));
    assert_eq!(mark_of(&names[names.len() - 1]), Some(Attendance::NoShow));
    assert_eq!(saved.count(Attendance::Attended), names.len() - 2);
    // The whole sheet was one change: one `u` takes all of it back.
    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    assert_eq!(app.data.sessions[&session], before);
}

#[test]
fn u_on_the_sheet_takes_back_the_last_mark_before_anything_is_saved() {
    let mut app = app_after("3 t");
    let before = app.attendance.as_ref().unwrap().session.clone();
    press(&mut app, "A");
    press(&mut app, "u");
    let view = app.attendance.as_ref().unwrap();
    assert_eq!(view.session, before, "everyone's marks taken back at once");
    press(&mut app, "n u");
    let view = app.attendance.as_ref().unwrap();
    assert_eq!(view.session, before);
    assert_eq!(
        view.cursor(),
        0,
        "back on the person whose mark was taken back"
    );
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty(), "nothing to save");
}

/// The roster row of the first participant with at least `ticks` readiness ticks and
/// `stages` stage changes, and their id.
fn someone_with(app: &App, ticks: usize, stages: usize) -> (usize, ParticipantId) {
    app.roster
        .listing
        .rows()
        .iter()
        .enumerate()
        .map(|(at, row)| (at, row.id))
        .find(|(_, id)| {
            let p = &app.data.participants[id];
            p.readiness.len() >= ticks && p.pathway.changes().len() >= stages
        })
        .expect("the demo has such a person")
}

#[test]
fn capital_r_unticks_a_readiness_item_ticked_by_mistake_and_u_ticks_it_again() {
    let (_dir, mut link, mut app) = dashboard();
    act(&mut link, &mut app, "1");
    let (at, id) = someone_with(&app, 2, 1);
    go_to(&mut app, at);
    let before = app.data.participants[&id].clone();
    press(&mut app, "R");
    let form = screen_of(&app, 80, 24);
    assert!(form.contains("Untick a Q readiness item for"), "{form}");
    insta::assert_snapshot!("untick_readiness_80x24", form);
    // The second item ticked is the mistake.
    act(&mut link, &mut app, "Right Enter");
    let second = before.readiness[1].item.label();
    assert_eq!(
        said(&app),
        format!("Unticked “{second}” for {}", before.name)
    );
    let after = &app.data.participants[&id];
    assert_eq!(after.readiness.len(), before.readiness.len() - 1);
    assert!(after.readiness.iter().all(|t| t.item.label() != second));
    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    assert_eq!(app.data.participants[&id], before);
}

#[test]
fn capital_s_takes_back_a_stage_entered_by_mistake_and_u_puts_it_back() {
    let (_dir, mut link, mut app) = dashboard();
    act(&mut link, &mut app, "1");
    let (at, id) = someone_with(&app, 0, 1);
    go_to(&mut app, at);
    let before = app.data.participants[&id].clone();
    // Moved to Withdrawn by mistake, then taken back.
    act(&mut link, &mut app, "s");
    // The stage choice is the first field: step to Withdrawn with → as many times as needed.
    let stages = PathwayStage::ALL;
    let from = stages
        .iter()
        .position(|s| {
            app.form
                .as_ref()
                .unwrap()
                .form
                .field("Stage")
                .unwrap()
                .value
                == s.label()
        })
        .unwrap();
    let to = stages
        .iter()
        .position(|s| *s == PathwayStage::Withdrawn)
        .unwrap();
    for _ in from..to {
        press(&mut app, "Right");
    }
    act(&mut link, &mut app, "Enter");
    assert_eq!(app.data.participants[&id].stage(), PathwayStage::Withdrawn);
    let mistaken = app.data.participants[&id].clone();
    press(&mut app, "S");
    let form = screen_of(&app, 80, 24);
    assert!(
        form.contains("‹ Withdrawn from 25 Nov 2026 ›"),
        "newest first: {form}"
    );
    insta::assert_snapshot!("remove_stage_80x24", form);
    act(&mut link, &mut app, "Enter");
    let now_said = said(&app);
    assert!(
        now_said.starts_with(&format!(
            "Took back Withdrawn from 25 Nov 2026 for {}",
            before.name
        )),
        "{now_said}"
    );
    assert_eq!(app.data.participants[&id].pathway, before.pathway);
    // Taking it back is itself kept: u puts the mistaken stage back.
    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    assert_eq!(app.data.participants[&id], mistaken);
}

#[test]
fn a_first_stage_cannot_be_taken_back_and_nobody_unticked_has_nothing_to_untick() {
    let mut app = app_after("1");
    let lone = app
        .roster
        .listing
        .rows()
        .iter()
        .position(|r| app.data.participants[&r.id].pathway.changes().len() == 1);
    if let Some(at) = lone {
        go_to(&mut app, at);
        press(&mut app, "S");
        assert!(app.form.is_none());
        let shown = screen_of(&app, 80, 24);
        assert!(shown.contains("which cannot be taken back"), "{shown}");
    }
    let unticked = app
        .roster
        .listing
        .rows()
        .iter()
        .position(|r| app.data.participants[&r.id].readiness.is_empty())
        .expect("the demo has someone with nothing ticked");
    go_to(&mut app, unticked);
    press(&mut app, "R");
    assert!(app.form.is_none());
    let shown = screen_of(&app, 80, 24);
    assert!(
        shown.contains("has no readiness item ticked; r ticks one"),
        "{shown}"
    );
}

/// The agenda row of the first upcoming session in no series.
fn a_one_off(app: &App) -> (usize, SessionId) {
    app.sessions
        .agenda
        .rows()
        .iter()
        .enumerate()
        .find(|(_, r)| !app.data.series.values().any(|s| s.sessions.contains(&r.id)))
        .map(|(at, r)| (at, r.id))
        .expect("the demo has a one-off session ahead")
}

#[test]
fn a_one_off_session_becomes_a_monthly_series_from_its_edit_form_and_u_makes_it_one_off_again() {
    let (_dir, mut link, mut app) = dashboard();
    act(&mut link, &mut app, "3");
    let (at, id) = a_one_off(&app);
    go_to(&mut app, at);
    let before = app.data.sessions[&id].clone();
    let sessions_before = app.data.sessions.len();
    press(&mut app, "e");
    let form = &app.form.as_ref().expect("the edit form").form;
    assert!(
        form.field("Repeat").is_some(),
        "a one-off can be made to repeat"
    );
    assert!(form.field("Apply to").is_none());
    // Down to "Repeat": monthly, four times.
    for _ in 0..20 {
        if focused_is(&app, "Repeat") {
            break;
        }
        press(&mut app, "Tab");
    }
    press(&mut app, "Right Right Right Tab C-u 4");
    let shown = screen_of(&app, 80, 40);
    assert!(shown.contains("monthly"), "{shown}");
    insta::assert_snapshot!("one_off_to_series_form_80x40", shown);
    act(&mut link, &mut app, "Enter");
    let done = said(&app);
    assert!(
        done.starts_with(&format!(
            "{} is now the first of 4 sessions, monthly from",
            before.title
        )),
        "{done}"
    );
    let series = app
        .data
        .series
        .values()
        .find(|s| s.sessions.contains(&id))
        .expect("the session is in a series");
    assert_eq!(series.sessions.len(), 4);
    assert_eq!(
        series.sessions[0], id,
        "the session keeps its place as the first"
    );
    assert_eq!(app.data.sessions.len(), sessions_before + 3);
    assert_eq!(app.data.sessions[&id].invitees, before.invitees);
    let later: Vec<&Session> = series.sessions[1..]
        .iter()
        .map(|s| &app.data.sessions[s])
        .collect();
    assert!(
        later
            .iter()
            .all(|s| s.title == before.title && s.start > before.start)
    );
    assert!(later.iter().all(|s| {
        s.invitees
            .iter()
            .all(|i| i.attendance == Attendance::Invited)
    }));
    // Its form now offers "this and the 3 after it" rather than repeating again.
    act(&mut link, &mut app, "Esc");
    let at = app.sessions.agenda.rows().iter().position(|r| r.id == id);
    go_to(&mut app, at.unwrap());
    press(&mut app, "e");
    let form = &app.form.as_ref().unwrap().form;
    assert!(form.field("Repeat").is_none());
    assert!(form.field("Apply to").is_some());
    press(&mut app, "Esc");
    // One change: one `u` makes it a one-off again.
    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    assert_eq!(app.data.sessions.len(), sessions_before);
    assert_eq!(app.data.sessions[&id], before);
    assert!(!app.data.series.values().any(|s| s.sessions.contains(&id)));
}

fn focused_is(app: &App, label: &str) -> bool {
    let form = &app.form.as_ref().unwrap().form;
    form.fields
        .get(form.focus)
        .is_some_and(|f| f.label == label)
}

#[test]
fn a_long_question_wraps_and_always_shows_its_answers() {
    // Deleting a Q member names everything that still refers to them.
    for (w, h) in [(80, 24), (40, 12), (160, 48)] {
        let app = app_after("1 v d");
        let question = app.confirm.as_ref().expect("a question").question.clone();
        assert!(question.chars().count() > 80, "{question}");
        let shown = screen_of(&app, w, h);
        assert!(shown.contains("y yes  n no"), "{w}x{h}: {shown}");
        // Every word of the question is shown, whatever the width.
        let footer: String = shown.lines().rev().take(usize::from(h) / 2).collect();
        for word in question.split_whitespace() {
            assert!(
                footer.contains(word),
                "{w}x{h}: “{word}” missing from {shown}"
            );
        }
        if w != 160 {
            insta::assert_snapshot!(format!("long_question_{w}x{h}"), shown);
        }
    }
}

#[test]
fn a_question_longer_than_half_the_screen_is_cut_before_its_answers_not_after() {
    let mut app = app_after("1 d");
    let confirm = app.confirm.as_mut().unwrap();
    confirm.question = format!("Delete all of these? {}", "Fairhaven Ward ".repeat(40));
    let shown = screen_of(&app, 40, 12);
    assert!(shown.contains("… y yes  n no"), "{shown}");
    // The panes keep half the screen.
    assert!(shown.contains("1 Roster"), "{shown}");
}
