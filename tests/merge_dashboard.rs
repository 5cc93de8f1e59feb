//! `:merge` in the dashboard: a question naming what will move, after y one person where there
//! were two, `u` putting both back; and a merge made from the command line while a dashboard
//! owns the database, which that dashboard's roster shows at once.

mod screen;
mod support;

use improvers::domain::change::Record;
use improvers::domain::ids::{ExpenseId, ParticipantId};
use improvers::domain::people::PersonRef;
use improvers::domain::sessions::{Attendance, Invitation};
use improvers::domain::snapshot::Snapshot;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use screen::{demo, now, press, save, screen_of};
use std::path::Path;

const ARJUN: &str = "arjun.sethuraman@thameside-icb.example";
const ARJUN_HOME: &str = "arjun.s@home.example";

/// The demo with Arjun Sethuraman entered a second time under a personal email: invited to
/// the first session he attended (with apologies) and to one he was not, and
/// named by the first expense.
fn demo_with_two_arjuns() -> Snapshot {
    let mut data = demo();
    let arjun = data
        .participants
        .values()
        .find(|p| p.email == ARJUN)
        .expect("Arjun is in the demo")
        .clone();
    let second = ParticipantId(data.participants.keys().next_back().unwrap().0 + 1);
    data.put(Record::Participant(
        improvers::domain::people::Participant {
            id: second,
            email: ARJUN_HOME.into(),
            notes: "Personal address, from the nomination form".into(),
            ..arjun.clone()
        },
    ));
    let mut his = data
        .sessions
        .values()
        .filter(|s| s.invitees.iter().any(|i| i.participant == arjun.id));
    let mut clash = his.next().expect("Arjun was invited somewhere").clone();
    clash.invitees.push(Invitation {
        participant: second,
        attendance: Attendance::Apologies,
    });
    let mut other = data
        .sessions
        .values()
        .find(|s| !s.invitees.iter().any(|i| i.participant == arjun.id))
        .expect("a session without him")
        .clone();
    other.invitees.push(Invitation {
        participant: second,
        attendance: Attendance::Attended,
    });
    data.put(Record::Session(clash));
    data.put(Record::Session(other));
    let mut expense = data.expenses[&ExpenseId(1)].clone();
    expense.person = Some(PersonRef::Participant(second));
    data.put(Record::Expense(expense));
    data
}

fn typed() -> String {
    format!(": merge Space participants Space {ARJUN} Space {ARJUN_HOME} Enter")
}

fn asked() -> App {
    let mut app = App::new(demo_with_two_arjuns(), now());
    press(&mut app, &typed());
    app
}

/// How many rows of the roster (the first pane at 80×24, where Arjun comes first by name)
/// are Arjun Sethuraman's.
fn arjuns_in_roster(app: &App) -> usize {
    screen_of(app, 80, 24)
        .lines()
        .filter(|l| l.contains("Arjun Sethuraman") && l.contains("Thameside Integrated"))
        .count()
}

#[test]
fn merge_asks_naming_what_moves_at_80x24() {
    insta::assert_snapshot!("merge_question_80x24", screen_of(&asked(), 80, 24));
}

#[test]
fn merge_asks_naming_what_moves_at_160x48() {
    insta::assert_snapshot!("merge_question_160x48", screen_of(&asked(), 160, 48));
}

#[test]
fn after_y_one_arjun_is_left_and_n_changes_nothing() {
    let mut app = asked();
    let question = app.confirm.as_ref().map(|c| c.question.clone()).unwrap();
    assert!(
        question.starts_with(&format!(
            "Merge participant Arjun Sethuraman <{ARJUN_HOME}> into Arjun Sethuraman <{ARJUN}>: \
             2 sessions and 1 expense move; the second record goes."
        )),
        "{question}"
    );
    assert!(question.contains("“attended” is kept"), "{question}");
    assert_eq!(arjuns_in_roster(&app), 2);
    press(&mut app, "y");
    let (_, done) = save(&mut app);
    assert_eq!(
        done,
        format!(
            "Merged participant Arjun Sethuraman <{ARJUN_HOME}> into Arjun Sethuraman <{ARJUN}> (u undoes it). Both were invited to Model for improvement and PDSA cycles: “attended” is kept."
        ),
        "what the question pointed out is said again once merged"
    );
    assert_eq!(arjuns_in_roster(&app), 1);
    let arjun = app
        .data
        .participants
        .values()
        .find(|p| p.email == ARJUN)
        .unwrap();
    assert!(arjun.notes.contains("Personal address"), "{}", arjun.notes);

    let mut app = asked();
    press(&mut app, "n");
    assert!(app.take_effects().is_empty());
    assert_eq!(arjuns_in_roster(&app), 2);
}

#[test]
fn a_refused_merge_says_why_in_the_footer() {
    let mut app = App::new(demo_with_two_arjuns(), now());
    press(
        &mut app,
        &format!(": merge Space participants Space {ARJUN} Space {ARJUN} Enter"),
    );
    assert!(app.confirm.is_none());
    let said = screen_of(&app, 160, 48);
    assert!(
        said.contains("are the same participant: there is nothing to merge; nothing was merged."),
        "{said}"
    );
    let mut app = App::new(demo_with_two_arjuns(), now());
    press(&mut app, ": merge Space people Space a Space b Enter");
    let said = screen_of(&app, 160, 48);
    assert!(
        said.contains(
            "“people” cannot be merged; try participants, q-members, organisations, professions"
        ),
        "{said}"
    );
}

/// Presses `keys`, then carries out what they asked and takes in every change made so far.
fn act(link: &mut Link, app: &mut App, keys: &str) {
    press(app, keys);
    link.carry_out_all(app);
    link.settle(app);
}

fn second_arjun(db: &Path) {
    let file = db.with_file_name("arjun.csv");
    std::fs::write(
        &file,
        format!(
            "name,email,profession,organisation,cohort,stage\r\nArjun Sethuraman,{ARJUN_HOME},\
             Data analyst,Thameside Integrated Care Board,2,Active\r\n"
        ),
    )
    .unwrap();
    support::improvers(db)
        .args(["import", "participants"])
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn a_merge_from_the_command_line_shows_in_the_dashboard_that_owns_the_database_and_u_undoes_it() {
    let (_dir, db) = support::demo_db();
    second_arjun(&db);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    assert!(link.database.is_owner());
    let mut app = App::new(data, now());
    assert_eq!(arjuns_in_roster(&app), 2);

    // Another process, a client of this dashboard.
    support::improvers(&db)
        .args(["merge", "participants", ARJUN, ARJUN_HOME, "--yes"])
        .assert()
        .success();
    link.settle(&mut app);
    assert_eq!(arjuns_in_roster(&app), 1);

    // u offers to undo the merge, whole.
    act(&mut link, &mut app, "u");
    let question = app.confirm.as_ref().map(|c| c.question.clone()).unwrap();
    assert!(
        question.contains("merged participant Arjun Sethuraman"),
        "{question}"
    );
    act(&mut link, &mut app, "y");
    assert_eq!(arjuns_in_roster(&app), 2);
    drop(link);
    let data = support::snapshot(&db);
    assert!(data.participants.values().any(|p| p.email == ARJUN_HOME));
    support::improvers(&db).arg("check").assert().success();
}

#[test]
fn a_merge_asked_before_someone_changed_the_record_that_goes_is_refused() {
    let (_dir, db) = support::demo_db();
    second_arjun(&db);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    act(&mut link, &mut app, &typed());
    assert!(app.confirm.is_some());
    // A colleague, in another process, adds a note to the second record meanwhile.
    let mut colleague = Database::open(&db).unwrap();
    let (_, theirs) = colleague
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    let mut second = theirs
        .participants
        .values()
        .find(|p| p.email == ARJUN_HOME)
        .unwrap()
        .clone();
    second.notes = "Prefers the home address".into();
    let key = Record::Participant(second.clone()).key();
    colleague
        .apply(&improvers::domain::change::Change::Edit {
            based_on: theirs.revisions.get(&key).map(|r| r.seq),
            record: Record::Participant(second),
        })
        .unwrap();
    drop(colleague);
    link.settle(&mut app);
    act(&mut link, &mut app, "y");
    match &app.message {
        Some(improvers::tui::effects::Message::Problem(said)) => {
            assert!(said.contains("nothing was changed"), "{said}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(arjuns_in_roster(&app), 2);
    let data = support::snapshot(&db);
    assert!(
        data.participants
            .values()
            .any(|p| p.notes == "Prefers the home address")
    );
}
