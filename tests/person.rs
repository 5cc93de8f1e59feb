//! One person, whole: their story opened wherever their name is listed (roster, mentoring,
//! the attendance sheet, an expense), scrolled with the list keys, edited with `e`, closed
//! with Esc back to where it was opened; and a nearly empty programme says plainly what
//! there is not yet.

mod screen;

use chrono::NaiveDate;
use improvers::domain::change::Record;
use improvers::domain::ids::{CohortId, OrganisationId, ParticipantId, ProfessionId, QMemberId};
use improvers::domain::people::pathway::{Pathway, PathwayStage};
use improvers::domain::people::{
    Organisation, Participant, Profession, Project, ProjectStage, QMember, QRole,
};
use improvers::domain::programme::{Cohort, Programme};
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use improvers::tui::person::Whom;
use screen::{app_after, now, press, screen, screen_of};

fn story(app: &App) -> String {
    app.person
        .as_ref()
        .map(|p| p.text().join("\n"))
        .unwrap_or_default()
}

#[test]
fn enter_on_a_participant_opens_their_whole_story() {
    let app = app_after("1 Enter");
    let text = story(&app);
    for part in [
        "Email",
        "Nominated",
        "Project",
        "Pathway: ",
        "Q readiness",
        "Mentors",
        "Sessions: attended",
        "Expenses that name them",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
    snapshot!("participant_story_80x24", "1 Enter", 80, 24);
    snapshot!("participant_story_160x48", "1 Enter", 160, 48);
}

#[test]
fn a_story_scrolls_with_the_list_keys_and_esc_goes_back_to_the_list() {
    let mut app = app_after("1 Enter");
    let top = screen_of(&app, 80, 24);
    press(&mut app, "G");
    let bottom = screen_of(&app, 80, 24);
    assert_ne!(top, bottom);
    assert!(bottom.contains("Expenses that name them"), "{bottom}");
    insta::assert_snapshot!("participant_story_bottom_80x24", bottom);
    press(&mut app, "g");
    assert_eq!(screen_of(&app, 80, 24), top, "g is back at the top");
    press(&mut app, "j j");
    assert_eq!(app.person.as_ref().map(|p| p.top()), Some(2));
    press(&mut app, "k");
    assert_eq!(app.person.as_ref().map(|p| p.top()), Some(1));
    press(&mut app, "Esc");
    assert!(app.person.is_none());
    assert_eq!(screen_of(&app, 80, 24), screen("1", 80, 24));
}

#[test]
fn a_q_member_opens_read_only_and_e_edits_them_over_the_view() {
    let app = app_after("1 v Enter");
    let Some(Whom::QMember(id)) = app.person.as_ref().map(|p| p.whom) else {
        panic!("Enter on a Q member opens their view, not a form");
    };
    assert!(app.form.is_none());
    let text = story(&app);
    for part in [
        "Mentoring: ",
        "Mentees now",
        "Mentees before",
        "Sessions led",
        "Site visits hosted",
        "Nominated",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
    snapshot!("q_member_view_80x24", "1 v Enter", 80, 24);
    snapshot!("q_member_view_160x48", "1 v Enter", 160, 48);

    let mut app = app_after("1 v Enter e");
    let form = screen_of(&app, 80, 24);
    assert!(app.form.is_some(), "e edits the Q member");
    assert!(form.contains(&app.data.q_members[&id].name), "{form}");
    press(&mut app, "Esc");
    assert!(app.form.is_none());
    assert_eq!(app.person.as_ref().map(|p| p.whom), Some(Whom::QMember(id)));
}

#[test]
fn in_mentoring_o_opens_the_participant_and_capital_o_their_mentor() {
    let app = app_after("2 o");
    let row = app.mentoring.listing.selected_row().cloned().unwrap();
    assert_eq!(
        app.person.as_ref().map(|p| p.whom),
        Some(Whom::Participant(row.participant))
    );
    // Enter still lists the candidates there; o names the person instead.
    let app = app_after("2 Enter");
    assert!(app.person.is_none() && app.mentoring.candidates.is_some());

    // The first participant with a mentor.
    let mut app = app_after("2");
    let rows = app.mentoring.listing.len();
    let mut found = None;
    for _ in 0..rows {
        if let Some(m) = app.mentoring.listing.selected_row().and_then(|r| r.matched) {
            found = Some(app.data.matches[&m].q_member);
            break;
        }
        press(&mut app, "j");
    }
    let mentor = found.expect("the demo has a mentored participant");
    press(&mut app, "O");
    assert_eq!(
        app.person.as_ref().map(|p| p.whom),
        Some(Whom::QMember(mentor))
    );
    snapshot!("mentoring_footer_80x24", "2", 80, 24);
}

#[test]
fn capital_o_on_someone_without_a_mentor_says_so() {
    let mut app = app_after("2");
    let rows = app.mentoring.listing.len();
    for _ in 0..rows {
        if app
            .mentoring
            .listing
            .selected_row()
            .is_some_and(|r| r.matched.is_none())
        {
            break;
        }
        press(&mut app, "j");
    }
    press(&mut app, "O");
    assert!(app.person.is_none());
    let said = screen_of(&app, 80, 24);
    assert!(said.contains("has no mentor yet"), "{said}");
}

#[test]
fn in_the_candidates_o_opens_the_q_member_chosen() {
    let app = app_after("2 Enter j o");
    let chosen = app
        .mentoring
        .candidates
        .as_ref()
        .and_then(|c| c.listing.selected_row())
        .map(|r| r.q_member)
        .unwrap();
    assert_eq!(
        app.person.as_ref().map(|p| p.whom),
        Some(Whom::QMember(chosen))
    );
}

#[test]
fn on_the_attendance_sheet_o_opens_the_person_and_esc_keeps_the_marks() {
    let mut app = app_after("3 v t a");
    let marked = app.attendance.as_ref().map(|a| a.session.clone());
    press(&mut app, "o");
    let Some(Whom::Participant(_)) = app.person.as_ref().map(|p| p.whom) else {
        panic!("o on the sheet opens the person");
    };
    let over = screen_of(&app, 80, 24);
    assert!(over.contains(", participant"), "{over}");
    press(&mut app, "e");
    assert!(
        app.form.is_none(),
        "the sheet is finished before anyone is edited"
    );
    let said = screen_of(&app, 80, 24);
    assert!(said.contains("attendance sheet is still open"), "{said}");
    press(&mut app, "?");
    let help = screen_of(&app, 80, 24);
    assert!(help.contains("Keys: a person's story"), "{help}");
    press(&mut app, "Esc");
    press(&mut app, "Esc");
    assert!(app.person.is_none());
    assert_eq!(
        app.attendance.as_ref().map(|a| a.session.clone()),
        marked,
        "the sheet and its marks are as they were"
    );
}

#[test]
fn enter_on_an_expense_opens_the_person_it_names() {
    let app = app_after("4 / Nkemelu Enter Enter");
    let Some(Whom::QMember(id)) = app.person.as_ref().map(|p| p.whom) else {
        panic!("the speaker's travel names the speaker");
    };
    assert_eq!(app.data.q_members[&id].name, "Bartholomew Nkemelu");
    let text = story(&app);
    assert!(text.contains("Speaker travel"), "{text}");

    let app = app_after("4 / Brightline Enter Enter");
    assert!(app.person.is_none());
    let said = screen_of(&app, 80, 24);
    assert!(said.contains("names nobody in the registers"), "{said}");
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// A programme just begun: one cohort, one participant who has nothing yet but a pathway,
/// and one Q member who mentors nobody and has led nothing.
fn nearly_empty() -> Snapshot {
    let mut data = Snapshot::default();
    data.put(Record::Programme(Programme {
        name: "Aspiring Improvers — Eastmere".into(),
        funder: "Eastmere Health Partnership".into(),
        currency: "GBP".into(),
        time_zone: "Europe/London".into(),
        attendance_threshold_percent: 75,
    }));
    data.put(Record::Cohort(Cohort {
        id: CohortId(1),
        number: 1,
        name: "Cohort 1 — 2026".into(),
        starts: day(9, 14),
        ends: day(12, 18),
        target_size: 12,
    }));
    data.put(Record::Organisation(Organisation {
        id: OrganisationId(1),
        name: "Eastmere Community Health".into(),
    }));
    data.put(Record::Profession(Profession {
        id: ProfessionId(1),
        name: "Physiotherapist".into(),
    }));
    data.put(Record::Participant(Participant {
        id: ParticipantId(1),
        name: "Orla Quenby".into(),
        email: "orla.quenby@eastmere.example".into(),
        profession: ProfessionId(1),
        organisation: OrganisationId(1),
        cohort: Some(CohortId(1)),
        nominated_by: None,
        project: Project {
            title: String::new(),
            aim: String::new(),
            topics: vec![],
            stage: ProjectStage::Scoping,
        },
        pathway: Pathway::starting(PathwayStage::Enrolled, day(9, 1)),
        readiness: vec![],
        notes: String::new(),
    }));
    data.put(Record::QMember(QMember {
        id: QMemberId(1),
        name: "Fenwick Ashdown".into(),
        email: "fenwick.ashdown@eastmere.example".into(),
        profession: ProfessionId(1),
        organisation: OrganisationId(1),
        london_based: false,
        expertise: vec![],
        roles: vec![QRole::Mentor],
        mentoring_capacity: 2,
        available: true,
        availability_notes: String::new(),
    }));
    data
}

#[test]
fn a_nearly_empty_programme_says_plainly_what_there_is_not_yet() {
    let mut app = App::new(nearly_empty(), now());
    press(&mut app, "1 Enter");
    let text = story(&app);
    for plainly in [
        "No project yet",
        "No mentor yet, and none before.",
        "Not invited to any session yet.",
        "No expense names them.",
        "no session held yet",
        "by nobody on record",
    ] {
        assert!(text.contains(plainly), "{plainly} missing from:\n{text}");
    }
    insta::assert_snapshot!(
        "participant_story_nearly_empty_80x24",
        screen_of(&app, 80, 24)
    );
    insta::assert_snapshot!(
        "participant_story_nearly_empty_160x48",
        screen_of(&app, 160, 48)
    );

    let mut app = App::new(nearly_empty(), now());
    press(&mut app, "1 v Enter");
    let text = story(&app);
    for plainly in [
        "Mentors nobody now.",
        "Nobody before.",
        "Has led no session.",
        "Has hosted no site visit.",
        "Has nominated nobody.",
        "No expense names them.",
        "0 of 2 now — 2 places left",
    ] {
        assert!(text.contains(plainly), "{plainly} missing from:\n{text}");
    }
    insta::assert_snapshot!("q_member_view_nearly_empty_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!(
        "q_member_view_nearly_empty_160x48",
        screen_of(&app, 160, 48)
    );
}

#[test]
fn a_story_follows_changes_and_closes_with_a_word_when_the_person_is_deleted() {
    let mut app = App::new(nearly_empty(), now());
    press(&mut app, "1 Enter");
    let mut data = app.data.clone();
    let mut orla = data.participants[&ParticipantId(1)].clone();
    orla.notes = "Prefers Tuesday sessions".into();
    data.put(Record::Participant(orla));
    app.replace_data(data.clone());
    assert!(story(&app).contains("Prefers Tuesday sessions"));
    data.delete(improvers::domain::change::RecordKey::Participant(
        ParticipantId(1),
    ));
    app.replace_data(data);
    assert!(app.person.is_none());
    let said = screen_of(&app, 80, 24);
    assert!(said.contains("deleted meanwhile"), "{said}");
}

/// The demo with one of its active participants also in the Q member register, as a mentor
/// with room, under her email typed in capitals.
fn demo_with_a_participant_who_is_a_q_member() -> (Snapshot, String) {
    let mut data = screen::demo();
    let who = data
        .participants
        .values()
        .find(|p| p.name == "Arjun Sethuraman")
        .cloned()
        .expect("the demo has Arjun");
    let id = QMemberId(data.q_members.keys().map(|k| k.0).max().unwrap_or(0) + 1);
    data.put(Record::QMember(QMember {
        id,
        name: who.name.clone(),
        email: format!(" {} ", who.email.to_uppercase()),
        profession: who.profession,
        organisation: who.organisation,
        london_based: true,
        expertise: who.project.topics.clone(),
        roles: vec![QRole::Mentor],
        mentoring_capacity: 3,
        available: true,
        availability_notes: String::new(),
    }));
    (data, who.name)
}

#[test]
fn the_candidates_say_why_a_participant_is_not_their_own_mentor() {
    let (data, name) = demo_with_a_participant_who_is_a_q_member();
    let mut app = App::new(data, now());
    press(&mut app, "2");
    while app
        .mentoring
        .listing
        .selected_row()
        .is_some_and(|r| r.name != name)
    {
        press(&mut app, "j");
    }
    press(&mut app, "Enter");
    while app
        .mentoring
        .candidates
        .as_ref()
        .and_then(|c| c.listing.selected_row())
        .is_some_and(|r| r.name != name)
    {
        press(&mut app, "j");
    }
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("is this participant"), "{shown}");
    insta::assert_snapshot!("own_mentor_candidates_80x24", shown);
    insta::assert_snapshot!("own_mentor_candidates_160x48", screen_of(&app, 160, 48));
    // Chosen anyway, they are refused with the reason, and nothing is saved.
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty());
    let said = screen_of(&app, 80, 24);
    assert!(
        said.contains("cannot be chosen: is this participant"),
        "{said}"
    );
}

#[test]
fn a_story_draws_at_any_terminal_size_without_panicking() {
    for script in ["1 Enter G", "1 v Enter", "3 v t o"] {
        let app = app_after(script);
        assert!(app.person.is_some(), "{script}");
        for (w, h) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (40, 12),
            (41, 13),
            (57, 17),
            (200, 60),
        ] {
            screen::draw(&app, w, h);
        }
        let small = screen_of(&app, 40, 12);
        assert!(
            small.contains("participant") || small.contains("Q member"),
            "{small}"
        );
    }
}

#[test]
fn a_mentor_proposed_by_hand_is_never_the_participant_themselves() {
    let (data, name) = demo_with_a_participant_who_is_a_q_member();
    let p = data.participants.values().find(|p| p.name == name).unwrap();
    let q = data.q_members.values().find(|q| q.name == name).unwrap();
    let refused = improvers::tui::dialogs::mentoring::assign(
        &data,
        p.id,
        q.id,
        Default::default(),
        day(11, 25),
    );
    let why = refused.expect_err("nobody mentors themselves");
    assert!(why.contains("nobody mentors themselves"), "{why}");
    assert!(
        why.contains(&p.email),
        "names the email both records share: {why}"
    );
}
