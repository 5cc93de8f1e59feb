//! Two dashboards on one database, as two coordinators use it: one owns the database, the
//! other is its client, each with its own app driven by keys. Nobody's saved work is ever
//! overwritten by a form opened before it, and two people adding at once both succeed.

mod screen;
mod support;

use improvers::domain::ids::ParticipantId;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::effects::Message;
use improvers::tui::link::Link;
use screen::{now, press};
use std::path::Path;
use support::demo_db;

/// A dashboard on `db`: its app and its tie to the database, as the event loop has them.
fn dashboard(db: &Path) -> (Link, App) {
    let (link, data) = Link::open(Database::open(db).unwrap()).unwrap();
    (link, App::new(data, now()))
}

/// Presses `keys`, then carries out what they asked and takes in every change made so far.
fn act(link: &mut Link, app: &mut App, keys: &str) {
    press(app, keys);
    link.carry_out_all(app);
    link.settle(app);
}

fn problem(app: &App) -> String {
    match &app.message {
        Some(Message::Problem(text)) => text.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The first participant of the roster as both dashboards open it (by name).
fn first_participant(app: &App) -> ParticipantId {
    app.roster.listing.selected_row().map(|row| row.id).unwrap()
}

#[test]
fn a_form_opened_before_a_colleague_saved_never_overwrites_their_change() {
    let (_dir, db) = demo_db();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, mut b) = dashboard(&db);
    assert!(a_link.database.is_owner() && !b_link.database.is_owner());

    act(&mut a_link, &mut a, "1 g e");
    act(&mut b_link, &mut b, "1 g e");
    let person = first_participant(&a);
    // B changes the project title and saves.
    act(
        &mut b_link,
        &mut b,
        "Tab Tab Tab Tab Tab Tab C-u Fewer Space falls Space at Space night Enter",
    );
    assert!(
        b.form.is_none(),
        "B's form saved and closed: {:?}",
        b.message
    );
    a_link.settle(&mut a);
    assert_eq!(
        a.data.participants[&person].project.title, "Fewer falls at night",
        "A's dashboard shows B's change"
    );

    // A, whose form was opened before, changes the notes and saves: refused, naming B's
    // change, with A's form still open and A's notes still in it.
    act(
        &mut a_link,
        &mut a,
        "Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab C-u Call Space back Space Friday Enter",
    );
    let said = problem(&a);
    let name = &a.data.participants[&person].name;
    assert!(
        said.starts_with(&format!("Participant {name} was changed by ")),
        "{said}"
    );
    assert!(said.contains("nothing was saved"), "{said}");
    assert!(
        said.ends_with("(Esc, then open it again to see theirs)"),
        "{said}"
    );
    let form = a.form.as_ref().expect("A's form stays open");
    assert_eq!(
        form.form.field("Notes").map(|f| f.value.as_str()),
        Some("Call back Friday"),
        "what A typed is kept"
    );
    // B's title stands, in the database as much as on both screens.
    let (_, stored) = b_link
        .database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert_eq!(
        stored.participants[&person].project.title,
        "Fewer falls at night"
    );
    assert_ne!(stored.participants[&person].notes, "Call back Friday");

    // Opened again, A's form shows B's title, and A's notes save.
    // Leaving a form with values typed asks first: a second Esc leaves.
    act(&mut a_link, &mut a, "Esc Esc e");
    act(
        &mut a_link,
        &mut a,
        "Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab C-u Call Space back Space Friday Enter",
    );
    assert!(a.form.is_none(), "{:?}", a.message);
    let (_, stored) = b_link
        .database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert_eq!(
        stored.participants[&person].project.title,
        "Fewer falls at night"
    );
    assert_eq!(stored.participants[&person].notes, "Call back Friday");
}

#[test]
fn a_form_on_a_record_deleted_meanwhile_does_not_bring_it_back() {
    let (_dir, db) = demo_db();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, mut b) = dashboard(&db);
    // Q members are the roster's second list.
    act(&mut a_link, &mut a, "1 v g e");
    let member = a.form.as_ref().map(|f| f.form.title.clone()).unwrap();
    act(&mut b_link, &mut b, "1 v g d");
    act(&mut b_link, &mut b, "y");
    a_link.settle(&mut a);
    let count = a.data.q_members.len();
    act(&mut a_link, &mut a, "Tab C-u renamed@example.org Enter");
    let said = problem(&a);
    assert!(said.contains("was deleted by"), "{member}: {said}");
    let name = member.trim_start_matches("Change ");
    assert!(
        said.starts_with(&format!("Q member {name} was deleted by ")),
        "named as it was: {said}"
    );
    assert!(a.form.is_some(), "the form stays open");
    let (_, stored) = a_link
        .database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert_eq!(
        stored.q_members.len(),
        count,
        "the deleted Q member stays deleted"
    );
}

#[test]
fn two_people_adding_at_once_both_succeed() {
    let (_dir, db) = demo_db();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, mut b) = dashboard(&db);
    let before = a.data.participants.len();
    // Both open a new participant before either saves: both forms pick the same next id.
    press(
        &mut a,
        "1 n Ines Space Aldana Tab ines.aldana@example.org Tab Nurse Tab",
    );
    press(
        &mut b,
        "1 n Tobiah Space Renn Tab tobiah.renn@example.org Tab Nurse Tab",
    );
    // Each names a new organisation, so each form asks once before saving.
    press(&mut a, "Brightwater Space Trust Enter Enter");
    press(&mut b, "Harbour Space Lights Space Trust Enter Enter");
    b_link.carry_out_all(&mut b);
    a_link.carry_out_all(&mut a);
    a_link.settle(&mut a);
    b_link.settle(&mut b);
    assert!(a.form.is_none(), "A saved: {:?}", a.message);
    assert!(b.form.is_none(), "B saved: {:?}", b.message);
    let (_, stored) = a_link
        .database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert_eq!(stored.participants.len(), before + 2);
    let names: Vec<&str> = stored
        .participants
        .values()
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        names.contains(&"Ines Aldana") && names.contains(&"Tobiah Renn"),
        "{names:?}"
    );
    // Each new organisation was made once, and each person belongs to their own.
    for (person, org) in [
        ("Ines Aldana", "Brightwater Trust"),
        ("Tobiah Renn", "Harbour Lights Trust"),
    ] {
        let p = stored
            .participants
            .values()
            .find(|p| p.name == person)
            .unwrap();
        assert_eq!(stored.organisation_name(p.organisation), org);
    }
}

/// What a coordinator sees when a colleague saved the person whose form is open: the form as
/// typed, and the refusal naming the colleague and when, at both screen sizes.
#[test]
fn the_refusal_as_it_looks_on_the_screen() {
    use chrono::TimeZone;
    use improvers::domain::change::{Change, HistoryEntry, Record, RecordKey};
    for (width, height) in [(80, 24), (160, 48)] {
        let mut app = App::new(screen::demo(), now());
        press(&mut app, "1 g e");
        let person = first_participant(&app);
        let before = app.data.participants[&person].clone();
        let mut theirs = before.clone();
        theirs.project.title = "Fewer falls at night".into();
        app.apply_entry(&HistoryEntry {
            seq: 1,
            at: chrono::Utc
                .with_ymd_and_hms(2026, 11, 25, 9, 41, 0)
                .unwrap(),
            user: "priya".into(),
            change: Change::Edit {
                record: Record::Participant(theirs),
                based_on: None,
            },
            before: vec![(
                RecordKey::Participant(person),
                Some(Record::Participant(before)),
            )],
        });
        press(
            &mut app,
            "Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab C-u Call Space back Space Friday Enter",
        );
        assert!(app.take_effects().is_empty(), "nothing is sent to be saved");
        insta::assert_snapshot!(
            format!("stale_form_{width}x{height}"),
            screen::screen_of(&app, width, height)
        );
    }
}

/// A Q member deleted after planning sessions with them: the sessions' forms leave them out
/// rather than showing "?", and save as they are, without them.
#[test]
fn a_session_led_by_someone_deleted_since_saves_without_them() {
    let mut app = screen::app_after("3");
    // A session of the agenda or of the past ones led by two people.
    let led_by_two = |app: &improvers::tui::app::App| {
        app.sessions.listing().rows().iter().find_map(|row| {
            let s = &app.data.sessions[&row.id];
            (s.facilitators.len() >= 2).then(|| (s.id, s.facilitators[0]))
        })
    };
    let (session, gone) = match led_by_two(&app) {
        Some(found) => found,
        None => {
            press(&mut app, "v");
            led_by_two(&app).expect("the demo has a session led by two people")
        }
    };
    let name = app.data.q_member_name(gone).to_string();
    app.data.apply(&improvers::domain::change::Change::Delete(
        improvers::domain::change::RecordKey::QMember(gone),
    ));
    let data = app.data.clone();
    app.replace_data(data);
    assert!(app.sessions.listing_mut().select_identity(session.0));
    press(&mut app, "e");
    let form = screen::screen_of(&app, 100, 40);
    assert!(!form.contains('?'), "{form}");
    assert!(!form.contains(&name), "{form}");
    press(&mut app, "Enter");
    let (change, _) = screen::save(&mut app);
    let saved = change.leaves().into_iter().find_map(|leaf| match leaf {
        improvers::domain::change::Change::Edit {
            record: improvers::domain::change::Record::Session(s),
            ..
        } if s.id == session => Some(s.clone()),
        _ => None,
    });
    let saved = saved.expect("the session is saved");
    assert!(!saved.facilitators.contains(&gone));
    assert!(!saved.facilitators.is_empty(), "the others still lead it");
    // Before anyone saves it, the session is still shown, exported and summed up without a
    // "?" where the deleted leader was.
    let data = &app.data;
    let unsaved = data
        .sessions
        .values()
        .find(|s| s.facilitators.contains(&gone))
        .expect("another session they led, not saved since");
    let calendar = improvers::io::export::sessions_ics(
        data,
        None,
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 25, 10, 0, 0).unwrap(),
    );
    assert!(!calendar.contains("Facilitators: ?"), "{calendar}");
    let csv = String::from_utf8(improvers::io::export::csv(
        improvers::io::import::CsvKind::Sessions,
        data,
    ))
    .unwrap();
    assert!(!csv.contains(",; ") && !csv.contains(";;"), "{csv}");
    assert!(data.facilitators(unsaved).all(|q| q.id != gone));
}

/// `u` straight after a colleague's change undoes it, even before this dashboard has shown
/// it: the question rests on the change it undoes.
#[test]
fn undoing_a_colleagues_change_before_it_is_shown_is_not_refused() {
    use improvers::domain::budget::{Expense, ExpenseState};
    use improvers::domain::change::{Change, Record};
    use improvers::domain::ids::{CategoryId, ExpenseId};
    use improvers::domain::money::Pence;
    let (_dir, db) = demo_db();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, _b) = dashboard(&db);
    let id = ExpenseId(
        a.data
            .next_id(|id| improvers::domain::change::RecordKey::Expense(ExpenseId(id))),
    );
    let before = a.data.expenses.len();
    b_link
        .database
        .apply(&Change::Edit {
            record: Record::Expense(Expense {
                id,
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                category: CategoryId::MATERIALS,
                amount: Pence(1_250),
                payee: "Quayside Print".into(),
                description: String::new(),
                session: None,
                person: None,
                state: ExpenseState::Paid,
                history: vec![],
            }),
            based_on: None,
        })
        .unwrap();
    // Asked before the change reaches this dashboard; answered after.
    press(&mut a, "u");
    a_link.carry_out_all(&mut a);
    assert!(a.confirm.is_some(), "{:?}", a.message);
    a_link.settle(&mut a);
    assert_eq!(a.data.expenses.len(), before + 1);
    act(&mut a_link, &mut a, "y");
    assert!(
        matches!(&a.message, Some(Message::Done(_))),
        "{:?}",
        a.message
    );
    assert_eq!(
        a.data.expenses.len(),
        before,
        "the colleague's expense is undone"
    );
}

/// A question (delete this person?) answered after a colleague changed the person: refused,
/// saying so, and nothing is deleted.
#[test]
fn a_delete_asked_before_a_colleague_changed_the_person_is_refused() {
    let (_dir, db) = demo_db();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, mut b) = dashboard(&db);
    act(&mut a_link, &mut a, "1 g d");
    assert!(a.confirm.is_some());
    let person = first_participant(&a);
    act(
        &mut b_link,
        &mut b,
        "1 g e Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab C-u Moved Space teams Enter",
    );
    assert!(b.form.is_none(), "{:?}", b.message);
    a_link.settle(&mut a);
    act(&mut a_link, &mut a, "y");
    let said = problem(&a);
    assert!(said.contains(" was changed by "), "{said}");
    assert!(
        said.ends_with("after this was asked; nothing was changed."),
        "{said}"
    );
    assert!(a.data.participants.contains_key(&person), "not deleted");
}

/// A colleague merges the record a form is open on into another: the form says where it went,
/// not to open a record that is gone again.
#[test]
fn a_form_on_a_record_merged_away_meanwhile_says_which_record_it_went_into() {
    let (dir, db) = demo_db();
    let file = dir.path().join("zed.csv");
    std::fs::write(
        &file,
        "name,email,profession,organisation,cohort\r\nZed Quarrington,zed.q@home.example,\
         Nurse,Riverside University Hospitals NHS Trust,2\r\n",
    )
    .unwrap();
    support::improvers(&db)
        .args(["import", "participants"])
        .arg(&file)
        .assert()
        .success();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, mut b) = dashboard(&db);
    act(&mut a_link, &mut a, "1 G e");
    let title = a.form.as_ref().map(|f| f.form.title.clone()).unwrap();
    assert!(title.contains("Zed Quarrington"), "{title}");
    act(
        &mut b_link,
        &mut b,
        ": merge Space participants Space arjun.sethuraman@thameside-icb.example Space zed.q@home.example Enter",
    );
    act(&mut b_link, &mut b, "y");
    a_link.settle(&mut a);
    assert!(
        !a.data
            .participants
            .values()
            .any(|p| p.name == "Zed Quarrington"),
        "merged away"
    );
    act(&mut a_link, &mut a, "Tab C-u zed@elsewhere.example Enter");
    let said = problem(&a);
    assert!(
        said.starts_with(
            "Participant Zed Quarrington was merged into Arjun Sethuraman \
             <arjun.sethuraman@thameside-icb.example> by "
        ),
        "{said}"
    );
    assert!(!said.contains("open it again"), "{said}");
    assert!(a.form.is_some(), "the form stays open");
}
