//! The tester's story: on an empty database with one participant, two Q readiness ticks are
//! undone in turn with `u` `y` `u` `y`, on the dashboard that owns the database; an earlier
//! change a colleague's standing change touched is refused in undo's words; and a second
//! process, a client of that dashboard, undoes in turn through it.

mod screen;
mod support;

use chrono::{TimeZone, Utc};
use improvers::domain::change::{Change, HistoryEntry};
use improvers::domain::ids::ParticipantId;
use improvers::domain::people::pathway::ReadinessItem;
use improvers::domain::undo::next_to_undo;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::effects::Effect;
use improvers::tui::effects::Message;
use improvers::tui::link::Link;
use screen::{now, press, screen_of};
use std::path::{Path, PathBuf};

/// An empty database holding one participant, Leah Moss, imported from a CRLF file.
fn one_participant() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let file = dir.path().join("participants.csv");
    std::fs::write(
        &file,
        "name,email,profession,organisation\r\n\
         Leah Moss,leah.moss@larkfield.example,Pharmacist,Larkfield Health\r\n",
    )
    .unwrap();
    support::improvers(&db)
        .args(["import", "participants"])
        .arg(&file)
        .assert()
        .success();
    (dir, db)
}

fn dashboard(db: &Path) -> (Link, App) {
    let (link, data) = Link::open(Database::open(db).unwrap()).unwrap();
    (link, App::new(data, now()))
}

fn act(link: &mut Link, app: &mut App, keys: &str) {
    press(app, keys);
    link.carry_out_all(app);
    link.settle(app);
}

fn said(app: &App) -> String {
    match &app.message {
        Some(Message::Done(text) | Message::Problem(text)) => text.clone(),
        other => format!("{other:?}"),
    }
}

fn ticks(app: &App) -> Vec<ReadinessItem> {
    let person = &app.data.participants[&ParticipantId(1)];
    person.readiness.iter().map(|t| t.item).collect()
}

#[test]
fn u_y_u_y_undoes_two_ticks_of_one_person_in_turn() {
    let (_dir, db) = one_participant();
    let (mut link, mut app) = dashboard(&db);
    act(&mut link, &mut app, "1 g r Enter");
    act(&mut link, &mut app, "r Right Enter");
    assert_eq!(
        ticks(&app),
        [
            ReadinessItem::ProjectPresented,
            ReadinessItem::InfluenceBeyondTeam
        ],
        "{}",
        said(&app)
    );

    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    assert!(said(&app).starts_with("Undone: "), "{}", said(&app));
    assert_eq!(ticks(&app), [ReadinessItem::ProjectPresented]);

    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    assert!(said(&app).starts_with("Undone: "), "{}", said(&app));
    assert_eq!(ticks(&app), [], "the first tick is undone in turn");
}

#[test]
fn the_first_tick_is_undone_from_history_after_reopening() {
    let (_dir, db) = one_participant();
    {
        let (mut link, mut app) = dashboard(&db);
        act(&mut link, &mut app, "1 g r Enter");
        act(&mut link, &mut app, "r Right Enter");
        act(&mut link, &mut app, "u");
        act(&mut link, &mut app, "y");
    }
    let (mut link, mut app) = dashboard(&db);
    // The list: the undo, the second tick (undone), the first tick, the import.
    act(&mut link, &mut app, ": history Enter");
    act(&mut link, &mut app, "j j Enter");
    let question = app.confirm.as_ref().map(|c| c.question.clone());
    assert!(
        question.as_deref().is_some_and(|q| q.starts_with("Undo “")),
        "{question:?} {:?}",
        app.message
    );
    act(&mut link, &mut app, "y");
    assert!(said(&app).starts_with("Undone: "), "{}", said(&app));
    assert_eq!(ticks(&app), []);
}

#[test]
fn a_standing_later_change_by_a_colleague_refuses_the_undo_in_its_own_words() {
    let (_dir, db) = one_participant();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, mut b) = dashboard(&db);
    assert!(a_link.database.is_owner() && !b_link.database.is_owner());
    act(&mut a_link, &mut a, "1 g r Enter");
    b_link.settle(&mut b);
    act(&mut b_link, &mut b, "1 g r Right Enter");
    a_link.settle(&mut a);
    assert_eq!(ticks(&a).len(), 2, "{}", said(&b));
    // A undoes their own tick from the history: B's tick, made after, still stands.
    act(&mut a_link, &mut a, ": history Enter");
    act(&mut a_link, &mut a, "j Enter");
    let refused = said(&a);
    assert!(a.confirm.is_none(), "not even asked: {refused}");
    assert!(
        refused.contains("participant Leah Moss was changed by ")
            && refused.ends_with("after this change; undo that first, or change it by hand."),
        "{refused}"
    );
    assert!(!refused.contains("your values are kept"), "{refused}");
    assert_eq!(ticks(&a).len(), 2);
}

/// The second dashboard is a client: its undos go through the dashboard that owns the
/// database, which checks them in its store.
#[test]
fn a_client_undoes_in_turn_through_the_owner() {
    let (_dir, db) = one_participant();
    let (mut a_link, mut a) = dashboard(&db);
    let (mut b_link, mut b) = dashboard(&db);
    assert!(!b_link.database.is_owner());
    act(&mut b_link, &mut b, "1 g r Enter");
    act(&mut b_link, &mut b, "r Right Enter");
    act(&mut b_link, &mut b, "u");
    act(&mut b_link, &mut b, "y");
    act(&mut b_link, &mut b, "u");
    act(&mut b_link, &mut b, "y");
    assert!(said(&b).starts_with("Undone: "), "{}", said(&b));
    a_link.settle(&mut a);
    assert_eq!(ticks(&a), [], "the owner shows both undone");
    assert_eq!(ticks(&b), []);
}

/// The same story drawn, with the history kept in memory at a fixed clock and user, so the
/// screens can be compared: what the store does is checked above.
struct Story {
    app: App,
    newest_first: Vec<HistoryEntry>,
}

impl Story {
    fn new() -> Story {
        let (_dir, db) = one_participant();
        let data = support::snapshot(&db);
        let mut app = App::new(data, now());
        app.data.revisions.clear();
        Story {
            app,
            newest_first: Vec::new(),
        }
    }

    /// Presses `keys` and does what they asked as the store would, each change by sam.
    fn press(&mut self, keys: &str) {
        press(&mut self.app, keys);
        for effect in self.app.take_effects() {
            match effect {
                Effect::Save { change, done } => {
                    self.record(&change);
                    self.app.saved(done, &change);
                }
                Effect::Apply { change, done } => {
                    self.record(&change);
                    self.app.say(Message::Done(done));
                }
                Effect::OfferUndo => {
                    let history = self.newest_first.clone();
                    self.app.offer_undo_in(next_to_undo(&history), &history);
                }
                Effect::ShowHistory => {
                    let history = self.newest_first.clone();
                    self.app.show_history(history);
                }
                other => panic!("not in this story: {other:?}"),
            }
        }
    }

    fn record(&mut self, change: &Change) {
        let seq = self.newest_first.len() as u64 + 2;
        let mut data = self.app.data.clone();
        let before = change
            .keys()
            .into_iter()
            .map(|key| {
                let was = data.get(key);
                (key, was)
            })
            .collect();
        let entry = HistoryEntry {
            seq,
            at: Utc
                .with_ymd_and_hms(2026, 11, 25, 10, seq as u32, 0)
                .unwrap(),
            user: "sam".into(),
            change: change.clone(),
            before,
        };
        data.apply_entry(&entry);
        self.app.replace_data(data);
        self.newest_first.insert(0, entry);
    }
}

#[test]
fn the_tester_s_keys_walk_back_both_ticks_on_screen() {
    let mut story = Story::new();
    story.press("1 g r Enter");
    story.press("r Right Enter");
    story.press("u");
    story.press("y");
    assert_eq!(ticks(&story.app), [ReadinessItem::ProjectPresented]);
    story.press("u");
    insta::assert_snapshot!("undo_in_turn_asking_80x24", screen_of(&story.app, 80, 24));
    insta::assert_snapshot!("undo_in_turn_asking_160x48", screen_of(&story.app, 160, 48));
    story.press("y");
    assert_eq!(ticks(&story.app), []);
    insta::assert_snapshot!("undo_in_turn_done_80x24", screen_of(&story.app, 80, 24));
    insta::assert_snapshot!("undo_in_turn_done_160x48", screen_of(&story.app, 160, 48));
}

#[test]
fn the_refusal_reads_as_an_undo_on_screen() {
    let mut story = Story::new();
    story.press("1 g r Enter");
    story.press("r Right Enter");
    story.press(": history Enter");
    story.press("j Enter");
    assert!(story.app.confirm.is_none());
    insta::assert_snapshot!("undo_refused_80x24", screen_of(&story.app, 80, 24));
    insta::assert_snapshot!("undo_refused_160x48", screen_of(&story.app, 160, 48));
}

/// `improvers serve` owns the database in its own process; this dashboard is its client, and
/// its undos, and an undo sent straight over a later change, are checked in the server's store.
#[test]
fn undo_in_turn_through_a_server_in_another_process() {
    let (_dir, db) = one_participant();
    let server = support::Server::start(&db);
    let (mut link, mut app) = dashboard(&db);
    assert!(!link.database.is_owner());
    act(&mut link, &mut app, "1 g r Enter");
    act(&mut link, &mut app, "r Right Enter");
    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    act(&mut link, &mut app, "u");
    act(&mut link, &mut app, "y");
    assert!(said(&app).starts_with("Undone: "), "{}", said(&app));
    assert_eq!(ticks(&app), []);

    // A tick that stands, then the undo of the import that added Leah, sent as it is: the
    // server's store refuses it in undo's words, and Leah stays.
    act(&mut link, &mut app, "r Enter");
    let history = link.database.history(100).unwrap();
    let import = history.iter().find(|e| e.seq == 1).unwrap();
    let refused = link
        .database
        .apply(&improvers::domain::undo::undo_of(import))
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("participant Leah Moss was changed by ")
            && refused.contains("after this change; undo that first, or change it by hand"),
        "{refused}"
    );
    drop(link);
    server.stop();
    let data = support::snapshot(&db);
    let leah = &data.participants[&ParticipantId(1)];
    assert_eq!(leah.readiness.len(), 1);
}
