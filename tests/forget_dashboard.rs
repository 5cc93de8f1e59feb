//! `:forget` in the dashboard: by email or on the person selected, a question that names what
//! will go, and after y the person erased everywhere the dashboard shows them.

mod screen;
mod support;

use improvers::domain::people::PersonRef;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::effects::Effect;
use improvers::tui::link::Link;
use screen::{app_after, now, press, save, screen_of};

const EMAIL: &str = "amara.lindqvist@riverside-uh.example";

/// The app after `script`, with the history-reading effect carried out as the event loop
/// would (against no history: the demo in memory has none).
fn asked(script: &str) -> App {
    let mut app = app_after(script);
    match app.take_effects().as_slice() {
        [Effect::OfferForget(person)] => app.offer_forget(*person, &[]),
        [Effect::OfferForgetEmail(email, only)] => app.offer_forget_email_in(email, *only, &[]),
        other => panic!("expected the offer to forget, got {other:?}"),
    }
    app
}

fn typed(email: &str) -> String {
    format!(": forget Space {email} Enter")
}

#[test]
fn forget_by_email_asks_naming_what_goes_at_80x24() {
    insta::assert_snapshot!(
        "forget_question_80x24",
        screen_of(&asked(&typed(EMAIL)), 80, 24)
    );
}

#[test]
fn forget_by_email_asks_naming_what_goes_at_160x48() {
    insta::assert_snapshot!(
        "forget_question_160x48",
        screen_of(&asked(&typed(EMAIL)), 160, 48)
    );
}

#[test]
fn after_y_the_person_is_erased_from_what_the_dashboard_shows() {
    // The first participant of the cohort in view, selected.
    let mut app = asked("1 : forget Enter");
    let question = app
        .confirm
        .as_ref()
        .map(|c| c.question.clone())
        .unwrap_or_default();
    assert!(question.contains("Arjun Sethuraman"), "{question}");
    assert!(question.contains("erased person #1"), "{question}");
    assert!(question.contains("cannot be undone"), "{question}");
    press(&mut app, "y");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Erased: now “erased person #1”");
    let shown = screen_of(&app, 160, 48);
    assert!(!shown.contains("Arjun"), "{shown}");
    assert!(shown.contains("erased person #1"), "{shown}");
    insta::assert_snapshot!("forget_done_160x48", shown);
}

#[test]
fn n_erases_nothing() {
    let mut app = asked(&typed(EMAIL));
    press(&mut app, "n");
    assert!(app.take_effects().is_empty());
    assert!(screen_of(&app, 80, 24).contains("Nothing was changed."));
}

#[test]
fn forget_alone_takes_the_person_selected_and_an_unknown_email_is_refused() {
    let mut app = app_after("1 j : forget Enter");
    let selected = app.roster.listing.selected_row().map(|r| r.id).unwrap();
    assert_eq!(
        app.take_effects(),
        [Effect::OfferForget(PersonRef::Participant(selected))]
    );
    // An email no record holds now is looked for in history (a record merged away).
    let mut app = app_after(&typed("nobody@nowhere.example"));
    let effects = app.take_effects();
    let [Effect::OfferForgetEmail(email, _)] = effects.as_slice() else {
        panic!("expected the history to be read, got {effects:?}");
    };
    app.offer_forget_email(email, &[]);
    assert!(app.take_effects().is_empty());
    let said = screen_of(&app, 80, 24);
    assert!(
        said.contains("Nobody in the programme or its history has the email"),
        "{said}"
    );
    assert!(said.contains("nobody@nowhere.example"), "{said}");
}

#[test]
fn the_dashboard_erases_through_the_database_and_no_file_holds_them() {
    let (dir, db) = support::demo_db();
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    press(&mut app, &typed(EMAIL));
    link.carry_out_all(&mut app);
    let question = app
        .confirm
        .as_ref()
        .map(|c| c.question.clone())
        .unwrap_or_default();
    assert!(question.contains("1 history entry"), "{question}");
    press(&mut app, "y");
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    let said = screen_of(&app, 160, 48);
    assert!(said.contains("Erased: now “erased person #1”"), "{said}");
    assert!(!app.data.participants.values().any(|p| p.email == EMAIL));
    // While the dashboard still owns the database, its files hold nothing of them.
    let mut holding = Vec::new();
    for entry in std::fs::read_dir(&db).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(b"Lindqvist".len()).any(|w| w == b"Lindqvist") {
                holding.push(path);
            }
        }
    }
    assert!(holding.is_empty(), "{holding:?}");
    drop(link);
    drop(dir);
}

const BRID: &str = "brid.nimhurchu@westfield-wc.example";

/// Cohort 1 in view, with a Q member record holding Bríd Ní Mhurchú's email: linked to her
/// participant record as an alumnus when `linked`, else two records of one email.
fn brid_in_both_registers(linked: bool) -> App {
    use improvers::domain::change::Record;
    use improvers::domain::ids::QMemberId;
    let mut app = app_after("[");
    let brid = app
        .data
        .participants
        .values()
        .find(|p| p.email == BRID)
        .cloned()
        .expect("Bríd is in cohort 1");
    let mut data = app.data.clone();
    if linked {
        let joining = improvers::domain::people::alumni::join_q(
            &data,
            brid.id,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            &[],
        )
        .expect("Bríd joins Q");
        data.apply(&joining.change);
    } else {
        let mut q = data.q_members.values().next().cloned().expect("a Q member");
        q.id = QMemberId(900);
        q.name = "Bríd Ní Mhurchú".into();
        q.email = BRID.into();
        data.put(Record::QMember(q));
    }
    app.replace_data(data);
    app
}

fn asked_of(mut app: App, script: &str) -> App {
    press(&mut app, script);
    match app.take_effects().as_slice() {
        [Effect::OfferForgetEmail(email, only)] => app.offer_forget_email_in(email, *only, &[]),
        other => panic!("expected the offer to forget, got {other:?}"),
    }
    app
}

#[test]
fn forget_of_a_linked_alumnus_names_the_linked_record_and_erases_both_as_one_person() {
    let app = asked_of(brid_in_both_registers(true), &typed(BRID));
    let question = app
        .confirm
        .as_ref()
        .map(|c| c.question.clone())
        .unwrap_or_default();
    assert!(
        question.contains(&format!(
            "Linked to them as one person (they joined Q), so erased with them: Q member Bríd \
             Ní Mhurchú <{BRID}> becomes “erased person #2”"
        )),
        "{question}"
    );
    insta::assert_snapshot!("forget_linked_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("forget_linked_160x48", screen_of(&app, 160, 48));
}

#[test]
fn forget_email_takes_participant_or_q_member_as_the_command_line_does() {
    let app = asked_of(brid_in_both_registers(false), &typed(BRID));
    assert!(app.confirm.is_none());
    let said = screen_of(&app, 160, 48);
    assert!(
        said.contains(&format!("say which with :forget {BRID} --participant")),
        "{said}"
    );
    for (flag, who) in [("--participant", "participant"), ("--q-member", "Q member")] {
        let app = asked_of(
            brid_in_both_registers(false),
            &format!(": forget Space {BRID} Space {flag} Enter"),
        );
        let question = app
            .confirm
            .as_ref()
            .map(|c| c.question.clone())
            .unwrap_or_default();
        assert!(
            question.starts_with(&format!("Erase {who} Bríd Ní Mhurchú <{BRID}> for good?")),
            "{flag}: {question}"
        );
    }
}

#[test]
fn forget_of_a_tombstone_email_says_it_is_erased_already() {
    let mut app = asked(&typed(EMAIL));
    press(&mut app, "y");
    save(&mut app);
    let app = asked_of(app, &typed("erased-person-1@erased.invalid"));
    assert!(app.confirm.is_none());
    let said = screen_of(&app, 160, 48);
    assert!(
        said.contains(
            "erased-person-1@erased.invalid is the email of erased person #1, erased already"
        ),
        "{said}"
    );
}
