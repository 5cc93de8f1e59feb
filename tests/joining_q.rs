//! A participant who joins Q becomes a linked Q member from the roster in one step (`J`, a
//! small confirmation of the day and the roles offered): the roster and the Q members' list
//! mark the alumnus ↑Q, and each side's story names the other.

mod screen;

use improvers::domain::change::Change;
use improvers::domain::people::pathway::PathwayStage;
use improvers::tui::app::App;
use screen::{app_after, press, save, screen_of};

/// Cohort 1 (finished), Bríd Ní Mhurchú selected: at Completed, not yet a Q member.
const BRID: &str = "[ j";

fn story(app: &App) -> String {
    app.person
        .as_ref()
        .map(|p| p.text().join("\n"))
        .unwrap_or_default()
}

/// Bríd joins Q offering mentoring, saved as the store would save it.
fn brid_joined() -> (App, Change) {
    let mut app = app_after(&format!("{BRID} J Tab mentor Tab Enter"));
    let (change, done) = save(&mut app);
    assert_eq!(
        done,
        "Bríd Ní Mhurchú joined Q on 25 November 2026 and is now a Q member too (linked)"
    );
    (app, change)
}

#[test]
fn j_asks_the_day_and_the_roles_before_joining_q() {
    let app = app_after(&format!("{BRID} J"));
    let shown = screen_of(&app, 80, 24);
    assert!(
        shown.contains("Bríd Ní Mhurchú joins Q and becomes a linked Q member"),
        "{shown}"
    );
    insta::assert_snapshot!("join_q_form_80x24", shown);
    insta::assert_snapshot!("join_q_form_160x48", screen_of(&app, 160, 48));
}

#[test]
fn joining_q_is_one_change_and_the_roster_and_q_members_mark_the_alumnus() {
    let (mut app, change) = brid_joined();
    let Change::Batch { changes, .. } = &change else {
        panic!("one change holding the rest: {change:?}");
    };
    assert_eq!(
        changes.len(),
        3,
        "stage, Q member and link: one u undoes them"
    );
    let roster = screen_of(&app, 80, 24);
    let row = roster
        .lines()
        .find(|l| l.contains("Bríd Ní Mhurchú"))
        .unwrap_or_default();
    assert!(
        row.contains("Joined Q") && row.contains("↑Q"),
        "the row shows the new stage and the mark at 80 columns: {row}"
    );
    insta::assert_snapshot!("joined_q_roster_80x24", roster);
    insta::assert_snapshot!("joined_q_roster_160x48", screen_of(&app, 160, 48));

    press(&mut app, "v");
    let q_members = screen_of(&app, 80, 24);
    assert!(q_members.contains("↑Q Bríd Ní Mhurchú"), "{q_members}");
    let q = app
        .data
        .q_members
        .values()
        .find(|q| q.name == "Bríd Ní Mhurchú")
        .expect("made from her participant record");
    assert_eq!(q.email, "brid.nimhurchu@westfield-wc.example");
    assert_eq!(q.mentoring_capacity, 1);
}

#[test]
fn each_story_names_the_other_record() {
    let (mut app, _) = brid_joined();
    press(&mut app, "Enter");
    let participant = story(&app);
    assert!(
        participant.contains("Joined Q on 25 November 2026 — Q member record: Bríd Ní Mhurchú"),
        "{participant}"
    );
    insta::assert_snapshot!("joined_q_story_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("joined_q_story_160x48", screen_of(&app, 160, 48));
    // Her Q member record: fourth by name in the Q members' list (Aoife, Bartholomew, Benedict).
    press(&mut app, "Esc v j j j Enter");
    let member = story(&app);
    assert!(member.contains("Alumnus of Cohort 1 — 2025"), "{member}");
    assert!(
        member.contains("on 25 November 2026 — participant record: Bríd Ní Mhurchú"),
        "{member}"
    );
    insta::assert_snapshot!("alumnus_q_member_story_80x24", screen_of(&app, 80, 24));
}

#[test]
fn j_on_someone_not_yet_completed_says_why_and_opens_nothing() {
    // Cohort 2 (running): Arjun Sethuraman, Active, is first by name.
    let app = app_after("J");
    assert!(app.form.is_none());
    let shown = screen_of(&app, 80, 24);
    assert!(
        shown.contains("Arjun Sethuraman is at Active; only a participant at Completed"),
        "{shown}"
    );
}

#[test]
fn j_on_someone_linked_already_says_so() {
    let (mut app, _) = brid_joined();
    press(&mut app, "J");
    assert!(app.form.is_none());
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("is already linked"), "{shown}");
}

#[test]
fn joined_q_typed_after_colon_opens_the_same_confirmation_for_an_email() {
    let app = app_after(":joined-q Space brid.nimhurchu@westfield-wc.example Enter");
    let title = app.form.as_ref().map(|f| f.form.title.clone());
    assert_eq!(
        title.as_deref(),
        Some("Bríd Ní Mhurchú joins Q and becomes a linked Q member")
    );
    let app = app_after(":joined-q Space nobody@example.org Enter");
    assert!(app.form.is_none());
}

#[test]
fn the_pathway_says_joined_q_with_its_date() {
    let (app, _) = brid_joined();
    let brid = app
        .data
        .participants
        .values()
        .find(|p| p.name == "Bríd Ní Mhurchú")
        .expect("still there");
    assert_eq!(brid.stage(), PathwayStage::JoinedQ);
    assert_eq!(
        brid.pathway.since().map(|d| d.to_string()).as_deref(),
        Some("2026-11-25")
    );
}

#[test]
fn link_typed_after_colon_links_an_alumnus_to_a_q_member_record_under_another_email() {
    use improvers::domain::change::Record;
    let mut app = app_after("[");
    let amara = app
        .data
        .participants
        .values()
        .find(|p| p.name == "Amara Lindqvist")
        .cloned()
        .expect("in cohort 1, at Joined Q");
    let mut work = app
        .data
        .q_members
        .values()
        .next()
        .cloned()
        .expect("a Q member to copy");
    work.id = improvers::domain::ids::QMemberId(900);
    work.name = amara.name.clone();
    work.email = "a.lindqvist@work.example".into();
    let mut data = app.data.clone();
    data.put(Record::QMember(work));
    app.replace_data(data);
    press(
        &mut app,
        ":link Space amara.lindqvist@riverside-uh.example Space a.lindqvist@work.example Enter",
    );
    let (_, done) = save(&mut app);
    assert!(
        done.starts_with("Linked Amara Lindqvist (participant) and Amara Lindqvist (Q member)"),
        "{done}"
    );
    let row = screen_of(&app, 80, 24)
        .lines()
        .find(|l| l.contains("Amara Lindqvist"))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains("↑Q"), "{row}");
    press(
        &mut app,
        ":link Space amara.lindqvist@riverside-uh.example Space a.lindqvist@work.example Enter",
    );
    assert!(
        app.take_effects().is_empty(),
        "linked already: nothing to save"
    );
}

#[test]
fn an_alumnus_at_joined_q_from_before_is_asked_only_the_roles_and_keeps_their_date() {
    // Amara Lindqvist, first in cohort 1, joined Q on 2 March 2026 with no Q member record.
    let mut app = app_after("[ J");
    let form = app.form.as_ref().expect("the confirmation");
    assert_eq!(
        form.form.title,
        "Amara Lindqvist (joined Q on 2 March 2026) becomes a linked Q member"
    );
    assert!(
        form.form.field("Joined Q").is_none(),
        "the date is not asked again"
    );
    press(&mut app, "Enter");
    let (_, done) = save(&mut app);
    assert!(done.contains("joined Q on 2 March 2026"), "{done}");
}

#[test]
fn an_alumnus_whose_q_member_record_has_their_email_is_linked_with_one_key_more() {
    use improvers::domain::change::Record;
    let mut app = app_after("[");
    let amara = app
        .data
        .participants
        .values()
        .find(|p| p.name == "Amara Lindqvist")
        .cloned()
        .expect("in cohort 1");
    let mut same = app.data.q_members.values().next().cloned().expect("one");
    same.id = improvers::domain::ids::QMemberId(901);
    same.name = amara.name.clone();
    same.email = amara.email.clone();
    let mut data = app.data.clone();
    data.put(Record::QMember(same));
    app.replace_data(data);
    press(&mut app, "J");
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("(same email)"), "{shown}");
    press(&mut app, "Enter");
    let (_, done) = save(&mut app);
    assert!(
        done.contains("linked to the Q member record that has their email already"),
        "{done}"
    );
}

#[test]
fn j_refuses_a_day_after_today_beside_the_field_and_saves_nothing() {
    // The fixed clock's today is Wednesday 25 November 2026.
    let mut app = app_after(&format!("{BRID} J 2026-12-01 Enter"));
    assert!(app.take_effects().is_empty(), "nothing saved");
    assert!(
        app.form.is_some(),
        "the form stays open with what was typed"
    );
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("after today"), "{shown}");
    insta::assert_snapshot!("join_q_after_today_80x24", shown);
    insta::assert_snapshot!("join_q_after_today_160x48", screen_of(&app, 160, 48));
}

#[test]
fn link_of_two_differently_named_people_asks_first_naming_both_and_what_changes() {
    let mut app = app_after("[");
    let other = app
        .data
        .q_members
        .values()
        .find(|q| !q.name.starts_with("Bríd"))
        .cloned()
        .expect("a Q member of another name");
    press(
        &mut app,
        &format!(
            ":link Space brid.nimhurchu@westfield-wc.example Space {} Enter",
            other.email
        ),
    );
    assert!(app.take_effects().is_empty(), "nothing saved before y");
    let question = app
        .confirm
        .as_ref()
        .map(|c| c.question.clone())
        .unwrap_or_default();
    assert!(
        question.starts_with(&format!(
            "The names differ: participant Bríd Ní Mhurchú <brid.nimhurchu@westfield-wc.example> \
             and Q member {} <{}>",
            other.name, other.email
        )),
        "{question}"
    );
    assert!(
        question.contains("Bríd Ní Mhurchú moves from Completed to Joined Q on 25 November 2026"),
        "{question}"
    );
    assert!(
        question.contains(&format!(
            "{} is counted as an alumnus of Cohort 1",
            other.name
        )),
        "{question}"
    );
    insta::assert_snapshot!("link_names_differ_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("link_names_differ_160x48", screen_of(&app, 160, 48));
    press(&mut app, "n");
    assert!(app.take_effects().is_empty(), "n links nothing");
    press(
        &mut app,
        &format!(
            ":link Space brid.nimhurchu@westfield-wc.example Space {} Enter y",
            other.email
        ),
    );
    let (_, done) = save(&mut app);
    assert!(
        done.starts_with("Linked Bríd Ní Mhurchú (participant)"),
        "{done}"
    );
}

#[test]
fn link_typed_without_its_emails_gives_the_usage_with_an_example() {
    let app = app_after(":link Enter");
    let shown = screen_of(&app, 160, 48);
    assert!(
        shown.contains("link PARTICIPANT_EMAIL Q_MEMBER_EMAIL, as :link ada@home.example"),
        "{shown}"
    );
}
