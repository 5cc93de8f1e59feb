//! The sessions pane driven like a person would: planning a session that clashes, marking
//! attendance one key per person, the waiting list, cancelling and deleting.

mod screen;

use improvers::domain::change::{Change, Record};
use improvers::domain::sessions::Attendance;
use improvers::domain::summary::Summary;
use improvers::domain::text::fold;
use screen::{app_after, now, press, save, screen_of};

#[test]
fn a_second_session_in_the_same_room_at_the_same_time_shows_the_clash_before_saving() {
    let mut app = app_after("3 z n");
    press(
        &mut app,
        "Tab Room Space clash Space test Tab Tab Tab C-u 2026-12-08 Tab C-u 11:00 Tab Tab Larkspur Right",
    );
    let form = screen_of(&app, 80, 40);
    assert!(
        form.contains("⚠ Larkspur Conference Centre is booked for both Project showcase"),
        "{form}"
    );
    insta::assert_snapshot!("session_form_with_a_clash_80x40", form);
    press(&mut app, "Enter");
    let (change, done) = save(&mut app);
    assert!(
        done.contains("(2 clashes: see the sessions pane)"),
        "{done}"
    );
    let Change::Edit {
        record: Record::Session(planned),
        based_on: None,
    } = change
    else {
        panic!("a new session")
    };
    assert_eq!(planned.invitees.len(), 14, "cohort 2 is invited");
    assert!(
        planned
            .invitees
            .iter()
            .all(|i| i.attendance == Attendance::Invited)
    );
    let agenda = screen_of(&app, 160, 48);
    assert!(agenda.contains("⚠ Room clash test"), "{agenda}");
    let summary = Summary::new(&app.data, now(), None);
    assert_eq!(summary.clashes.len(), 2, "{:?}", summary.clashes);
    assert!(summary.clashes[0].starts_with("Larkspur Conference Centre is booked for both"));
}

#[test]
fn a_time_that_does_not_exist_is_refused_beside_the_field() {
    let mut app = app_after("3 n");
    press(&mut app, "Tab T Tab Tab Tab Tab C-u 25:70 Enter");
    assert!(app.take_effects().is_empty());
    let form = screen_of(&app, 80, 40);
    assert!(
        form.contains("“25:70” is not a time (write 9:30, 14:00 or 2pm)"),
        "{form}"
    );
}

#[test]
fn a_session_at_a_bare_2_is_at_two_in_the_afternoon_and_2am_is_noted_as_night() {
    let mut app = app_after("3 n");
    press(&mut app, "Tab T Tab Tab Tab Tab 2");
    let form = screen_of(&app, 80, 40);
    assert!(form.contains("2▏  14:00"), "shows what it read: {form}");
    assert!(!form.contains("at night"), "{form}");
    press(&mut app, "am");
    let form = screen_of(&app, 80, 40);
    assert!(form.contains("2am▏  02:00"), "{form}");
    assert!(
        form.contains("Starts at 02:00 at night"),
        "a night start is noted: {form}"
    );
}

#[test]
fn t_marks_attendance_one_key_per_person_and_enter_saves_it_once() {
    let mut app = app_after("3 v t");
    let view = app.attendance.as_ref().expect("attendance open");
    // People are marked in name order, as a sign-in sheet is read.
    let mut in_order: Vec<_> = view
        .session
        .invitees
        .iter()
        .map(|i| i.participant)
        .collect();
    in_order.sort_by_key(|p| fold(app.data.participant_name(*p)));
    let first = in_order[0];
    let fourth = in_order[3];
    insta::assert_snapshot!("attendance_80x24", screen_of(&app, 80, 24));
    press(&mut app, "a a p n");
    let view = app.attendance.as_ref().unwrap();
    assert_eq!(view.cursor(), 4, "each key moves on to the next person");
    press(&mut app, "Enter");
    let (change, done) = save(&mut app);
    let Change::Edit {
        record: Record::Session(marked),
        ..
    } = change
    else {
        panic!("one change for the session")
    };
    assert!(done.starts_with("Saved attendance for"), "{done}");
    let mark_of = |p| {
        marked
            .invitees
            .iter()
            .find(|i| i.participant == p)
            .map(|i| i.attendance)
    };
    assert_eq!(mark_of(first), Some(Attendance::Attended));
    assert_eq!(mark_of(fourth), Some(Attendance::NoShow));
    assert!(app.attendance.is_none());
}

#[test]
fn esc_leaves_attendance_without_saving_once_asked() {
    let mut app = app_after("3 v t a a Esc");
    assert!(app.attendance.is_some(), "marks made: Esc asks first");
    press(&mut app, "y");
    assert!(app.attendance.is_none());
    assert!(app.take_effects().is_empty());
}

#[test]
fn apologies_hand_the_place_to_the_first_person_waiting() {
    // Plan a session with two places for cohort 2, then register three people.
    let mut app = app_after("3 n");
    press(
        &mut app,
        "Tab Small Space group Tab Tab Tab C-u 2026-12-15 Tab Tab Tab Tab Tab Tab C-u 2 Enter",
    );
    save(&mut app);
    let id = app
        .data
        .sessions
        .values()
        .find(|s| s.title == "Small group")
        .unwrap()
        .id;
    let at = app
        .sessions
        .agenda
        .rows()
        .iter()
        .position(|r| r.id == id)
        .unwrap();
    press(&mut app, "g");
    for _ in 0..at {
        press(&mut app, "j");
    }
    press(&mut app, "t r r r");
    let view = app.attendance.as_ref().unwrap();
    assert_eq!(
        view.said
            .as_deref()
            .map(|s| s.contains("number 1 on the waiting list")),
        Some(true),
        "{:?}",
        view.said
    );
    let third = view.session.invitees.last().unwrap().participant;
    press(&mut app, "g p");
    let view = app.attendance.as_ref().unwrap();
    let promoted = app.data.participant_name(third).to_string();
    assert_eq!(
        view.said.as_deref(),
        Some(format!("{promoted} takes the freed place").as_str())
    );
}

#[test]
fn x_cancels_after_asking_and_d_deletes_after_asking() {
    let mut app = app_after("3 x");
    let question = app.confirm.as_ref().unwrap().question.clone();
    assert!(question.starts_with("Cancel Project clinic"), "{question}");
    press(&mut app, "y");
    save(&mut app);
    assert!(app.sessions.agenda.rows()[0].cancelled);
    press(&mut app, "d");
    let question = app.confirm.as_ref().unwrap().question.clone();
    assert!(question.starts_with("Delete Project clinic"), "{question}");
    assert!(question.contains("invitations"), "{question}");
    press(&mut app, "n");
    assert!(app.take_effects().is_empty(), "n keeps it");
}

#[test]
fn c_shows_the_month_with_sessions_on_their_days_and_moves_by_day_week_and_month() {
    let mut app = app_after("3 c");
    let month = app.sessions.month.as_ref().expect("month view open");
    assert_eq!(
        month.day.to_string(),
        "2026-11-26",
        "starts on the selected session's day"
    );
    press(&mut app, "j l");
    assert_eq!(
        app.sessions.month.as_ref().unwrap().day.to_string(),
        "2026-12-04"
    );
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("December 2026"), "{shown}");
    assert!(shown.contains("Friday 4 December · 1 session"), "{shown}");
    insta::assert_snapshot!("month_80x24", shown);
    insta::assert_snapshot!("month_160x48", screen_of(&app, 160, 48));
    press(&mut app, "PageDown");
    assert_eq!(
        app.sessions.month.as_ref().unwrap().day.to_string(),
        "2027-01-04"
    );
    press(&mut app, "h PageUp PageUp");
    assert_eq!(
        app.sessions.month.as_ref().unwrap().day.to_string(),
        "2026-11-03"
    );
    press(&mut app, "Esc");
    assert!(app.sessions.month.is_none(), "Esc goes back to the list");
}

#[test]
fn a_monthly_series_of_six_workshops_is_planned_in_one_go() {
    let mut app = app_after("3 n");
    let leader = app
        .data
        .q_members
        .values()
        .find(|q| q.offers(improvers::domain::people::QRole::Facilitator))
        .unwrap()
        .name
        .clone();
    press(
        &mut app,
        "w Tab Spread Space and Space sustain Tab Tab Tab C-u 2027-01-12 Tab C-u 13:30 Tab Tab Cordwainers Right Tab",
    );
    for word in leader.split(' ') {
        press(&mut app, word);
        press(&mut app, "Space");
    }
    press(&mut app, "Backspace Tab Tab Tab m Enter");
    let (change, done) = save(&mut app);
    assert_eq!(
        done,
        "Planned 6 sessions of Spread and sustain, monthly from Tue 12 Jan 2027 13:30"
    );
    let Change::Batch { changes, .. } = change else {
        panic!("one change for the series")
    };
    let days: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Edit {
                record: Record::Session(s),
                ..
            } => Some(s.start.format("%a %-d %b %H:%M").to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        days,
        [
            "Tue 12 Jan 13:30",
            "Tue 9 Feb 13:30",
            "Tue 9 Mar 13:30",
            "Tue 13 Apr 13:30",
            "Tue 11 May 13:30",
            "Tue 8 Jun 13:30"
        ]
    );
    let planned: Vec<_> = app
        .data
        .sessions
        .values()
        .filter(|s| s.title == "Spread and sustain")
        .collect();
    assert_eq!(planned.len(), 6);
    assert!(
        planned
            .iter()
            .all(|s| s.kind == improvers::domain::sessions::SessionKind::Workshop)
    );
    assert!(
        planned
            .iter()
            .all(|s| s.facilitators.len() == 1
                && app.data.q_member_name(s.facilitators[0]) == leader)
    );
    assert!(planned.iter().all(|s| {
        s.venue
            .is_some_and(|v| app.data.venue_name(v) == "Cordwainers' Hall")
    }));
}

/// Selects the session titled `title` on `day` in the agenda.
fn select(app: &mut improvers::tui::app::App, title: &str, day: &str) {
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
fn a_change_to_this_and_all_following_reaches_the_later_sessions_of_a_series_only() {
    let mut app = app_after("3 n");
    press(
        &mut app,
        "w Tab Spread Tab Tab Tab C-u 2027-01-12 Tab C-u 13:30 Tab Tab Tab Tab Tab Tab m Enter",
    );
    save(&mut app);
    assert_eq!(app.data.series.len(), 1, "the series is kept");
    select(&mut app, "Spread", "2027-03-09");
    press(&mut app, "e");
    let form = screen_of(&app, 80, 40);
    assert!(form.contains("this session only"), "{form}");
    press(
        &mut app,
        "Tab C-u Spread Space and Space sustain Tab Tab Tab Tab C-u 14:00",
    );
    for _ in 0..6 {
        press(&mut app, "Tab");
    }
    press(&mut app, "Right Enter");
    let (_, done) = save(&mut app);
    assert_eq!(
        done,
        "Saved Spread and sustain and the 3 sessions after it in its series"
    );
    let mut in_series: Vec<_> = app
        .data
        .sessions
        .values()
        .filter(|s| s.title.starts_with("Spread") && s.start.date().to_string().as_str() > "2027")
        .collect();
    in_series.sort_by_key(|s| s.start);
    let series: Vec<String> = in_series
        .iter()
        .map(|s| format!("{} {}", s.start.format("%-d %b %H:%M"), s.title))
        .collect();
    assert_eq!(
        series,
        [
            "12 Jan 13:30 Spread",
            "9 Feb 13:30 Spread",
            "9 Mar 14:00 Spread and sustain",
            "13 Apr 14:00 Spread and sustain",
            "11 May 14:00 Spread and sustain",
            "8 Jun 14:00 Spread and sustain"
        ]
    );
    select(&mut app, "Spread and sustain", "2027-05-11");
    press(&mut app, "X");
    let question = app.confirm.as_ref().unwrap().question.clone();
    assert_eq!(
        question,
        "Cancel Spread and sustain on Tue 11 May 2027 and the 1 session after it in its series? (u undoes it)"
    );
    press(&mut app, "y");
    save(&mut app);
    let cancelled = app
        .data
        .sessions
        .values()
        .filter(|s| s.cancelled && s.title == "Spread and sustain")
        .count();
    assert_eq!(cancelled, 2);
}

#[test]
fn b_proposes_a_sessions_costs_once_and_cancelling_the_session_cancels_them() {
    use improvers::domain::budget::ExpenseState;
    use improvers::domain::ids::CategoryId;
    let mut app = app_after("3 n");
    let outsider = app
        .data
        .q_members
        .values()
        .find(|q| !q.london_based && q.offers(improvers::domain::people::QRole::Facilitator))
        .unwrap()
        .name
        .clone();
    press(
        &mut app,
        "w Tab Costed Tab Tab Tab C-u 2027-02-02 Tab Tab Tab Cordw Right Tab",
    );
    for word in outsider.split(' ') {
        press(&mut app, word);
        press(&mut app, "Space");
    }
    press(&mut app, "Backspace Enter");
    save(&mut app);
    select(&mut app, "Costed", "2027-02-02");
    press(&mut app, "b");
    let question = app.confirm.as_ref().expect("asks first").question.clone();
    assert_eq!(
        question,
        format!(
            "Add estimates for Costed: Venue hire £190.00 (Cordwainers' Hall), Speaker travel £60.00 ({outsider})?"
        )
    );
    press(&mut app, "y");
    save(&mut app);
    let linked = |app: &improvers::tui::app::App| {
        app.data
            .expenses
            .values()
            .filter(|e| e.description.ends_with(": Costed"))
            .map(|e| (e.category, e.state))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        linked(&app),
        [
            (CategoryId::VENUE_HIRE, ExpenseState::Estimate),
            (CategoryId::SPEAKER_TRAVEL, ExpenseState::Estimate)
        ]
    );
    press(&mut app, "b");
    assert!(app.confirm.is_none(), "nothing is proposed twice");
    assert!(format!("{:?}", app.message).contains("all proposed already"));
    press(&mut app, "x y");
    save(&mut app);
    assert!(
        linked(&app)
            .iter()
            .all(|(_, state)| *state == ExpenseState::Cancelled),
        "{:?}",
        linked(&app)
    );
}

#[test]
fn only_sessions_still_to_come_are_marked_as_clashing_in_the_lists() {
    use improvers::domain::ids::SessionId;
    // Every cohort in view.
    let mut app = app_after("3 [ [");
    let mut data = app.data.clone();
    let today = now().at;
    let past = data
        .sessions
        .values()
        .find(|s| s.start < today && !s.cancelled && s.venue.is_some())
        .unwrap()
        .clone();
    let coming = data
        .sessions
        .values()
        .find(|s| s.start > today && !s.cancelled && s.venue.is_some())
        .unwrap()
        .clone();
    // A second booking of each room at the same time.
    for (id, original) in [(9_001, &past), (9_002, &coming)] {
        let mut twin = original.clone();
        twin.id = SessionId(id);
        twin.title = format!("{} (twin)", original.title);
        twin.invitees.clear();
        data.put(Record::Session(twin));
    }
    app.replace_data(data);
    let marked = |rows: &[improvers::tui::panes::sessions::SessionRow], id: SessionId| {
        rows.iter().find(|r| r.id == id).map(|r| r.clash)
    };
    assert_eq!(marked(app.sessions.agenda.rows(), coming.id), Some(true));
    assert_eq!(
        marked(app.sessions.agenda.rows(), SessionId(9_002)),
        Some(true)
    );
    assert_eq!(marked(app.sessions.past.rows(), past.id), Some(false));
    assert_eq!(
        marked(app.sessions.past.rows(), SessionId(9_001)),
        Some(false)
    );
}

#[test]
fn a_series_is_checked_for_clashes_at_every_date_it_would_take() {
    let mut app = app_after("3 n");
    let taken = app
        .data
        .sessions
        .values()
        .filter(|s| s.start > now().at && !s.cancelled)
        .find(|s| {
            s.venue
                .and_then(|v| app.data.venues.get(&v))
                .is_some_and(|v| v.name == "Larkspur Conference Centre")
        })
        .unwrap()
        .clone();
    // Weekly from two weeks before: the third date takes the same room at the same time.
    let first = taken.start - chrono::Duration::weeks(2);
    press(
        &mut app,
        &format!(
            "w Tab Coaching Tab Tab Tab C-u {} Tab C-u {} Tab Tab Larkspur Right Tab Tab Tab Tab w Tab C-u 3",
            first.format("%Y-%m-%d"),
            first.format("%H:%M")
        ),
    );
    let notes = app.form.as_ref().unwrap().form.notes.clone();
    let on = taken.start.format("%a %-d %b").to_string();
    assert!(
        notes.iter().any(|n| n.starts_with(&format!("{on}: "))),
        "the third week clashes: {notes:?}"
    );
    assert!(
        notes.iter().all(|n| n.starts_with(&on)),
        "the first two weeks are free: {notes:?}"
    );
}
