//! The roster pane's other lists, driven like a person would: Q members, cohorts,
//! organisations and professions added, changed and deleted through forms, and the roster
//! narrowed to one stage, organisation or profession.

mod screen;

use improvers::domain::change::{Change, Record, RecordKey};
use improvers::domain::people::QRole;
use improvers::domain::people::pathway::PathwayStage;
use improvers::tui::panes::registers::RosterList;
use screen::{app_after, press, save, screen, screen_of};

#[test]
fn v_steps_through_the_lists_and_esc_comes_back_to_the_participants() {
    let mut app = app_after("1 v");
    assert_eq!(app.roster.list, RosterList::QMembers);
    insta::assert_snapshot!("q_members_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("q_members_160x48", screen("1 z v", 160, 48));
    press(&mut app, "v");
    insta::assert_snapshot!("cohorts_80x24", screen_of(&app, 80, 24));
    press(&mut app, "v");
    assert_eq!(app.roster.list, RosterList::Organisations);
    press(&mut app, "v");
    assert_eq!(app.roster.list, RosterList::Professions);
    press(&mut app, "v");
    assert_eq!(app.roster.list, RosterList::Venues);
    press(&mut app, "v");
    assert_eq!(app.roster.list, RosterList::Participants);
    press(&mut app, "v v Esc");
    assert_eq!(app.roster.list, RosterList::Participants, "Esc goes back");
}

#[test]
fn a_q_member_with_a_bad_capacity_and_an_unknown_role_is_fixed_without_retyping() {
    let mut app = app_after("1 v n");
    press(
        &mut app,
        "Ottoline Space Marsh Tab ottoline@example.org Tab Physio Right Tab Fenb Right \
         Tab Tab , Space coach Tab Backspace - 1 Tab Tab patient Space flow; Space PDSA Enter",
    );
    assert!(app.take_effects().is_empty(), "nothing is saved yet");
    let form = screen_of(&app, 80, 30);
    assert!(form.contains("“coach”: not mentor, facilitator"), "{form}");
    assert!(
        form.contains("“-1” is not a whole number, 0 or more"),
        "{form}"
    );
    assert!(form.contains("Ottoline Marsh"), "{form}");
    insta::assert_snapshot!("q_member_form_80x30", form);
    // Enter went to the first wrong field: the roles.
    press(
        &mut app,
        "Backspace Backspace Backspace Backspace Backspace Backspace Backspace Tab Backspace Backspace 2 Enter",
    );
    let (_, done) = save(&mut app);
    assert_eq!(done, "Added Ottoline Marsh to the Q members");
    let added = app
        .data
        .q_members
        .values()
        .find(|q| q.name == "Ottoline Marsh")
        .expect("saved");
    assert_eq!(added.roles, [QRole::Mentor]);
    assert_eq!(added.mentoring_capacity, 2);
    assert!(
        !added.london_based,
        "outside London unless someone says London"
    );
    assert_eq!(added.expertise, ["patient flow", "PDSA"]);
    assert_eq!(
        app.data.profession_name(added.profession),
        "Physiotherapist"
    );
    assert!(screen_of(&app, 80, 24).contains("33 Q members"));
}

#[test]
fn e_changes_the_selected_q_member_and_a_clash_of_emails_is_refused() {
    let mut app = app_after("1 v / aoife Enter e");
    let form = screen_of(&app, 80, 30);
    assert!(form.contains("Change Aoife Kerrigan"), "{form}");
    let other = app
        .data
        .q_members
        .values()
        .find(|q| q.name != "Aoife Kerrigan")
        .unwrap()
        .email
        .clone();
    press(&mut app, "Tab C-u");
    press(
        &mut app,
        &other
            .chars()
            .map(String::from)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let typed = screen_of(&app, 80, 24);
    assert!(
        typed.contains("already") && typed.contains("'s email"),
        "marked beside the email as it is typed: {typed}"
    );
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty());
    assert!(screen_of(&app, 80, 24).contains("1 field needs attention"));
    assert!(
        app.form.is_some(),
        "the form stays open with what was typed"
    );
    press(
        &mut app,
        "C-u a o i f e . k @ e x a m p l e . o r g Tab Tab Tab Tab Tab C-u 3 Enter",
    );
    let (change, _) = save(&mut app);
    let Change::Batch { changes, .. } = change else {
        panic!("a batch")
    };
    let Some(Change::Edit {
        record: Record::QMember(q),
        ..
    }) = changes.last()
    else {
        panic!("{changes:?}")
    };
    assert_eq!(q.mentoring_capacity, 3);
    assert_eq!(q.email, "aoife.k@example.org");
}

#[test]
fn deleting_a_q_member_names_what_refers_to_them() {
    let mut app = app_after("1 v");
    let busy = app
        .data
        .matches
        .values()
        .find(|m| m.state.is_live())
        .unwrap()
        .q_member;
    let name = app.data.q_member_name(busy).to_string();
    let first = name.split(' ').next().unwrap().to_lowercase();
    press(&mut app, &format!("/ {} Enter d", spaced(&first)));
    let question = app.confirm.as_ref().expect("asks first").question.clone();
    assert!(
        question.starts_with(&format!("Delete {name}?")),
        "{question}"
    );
    assert!(question.contains("mentoring match"), "{question}");
    assert!(
        question.contains("go too") || question.contains("goes too"),
        "{question}"
    );
    press(&mut app, "y");
    let (change, _) = save(&mut app);
    // A match to nobody would stand as someone's mentor: their matches go with them (and
    // come back with them on undo), so no match is left naming someone who is not there.
    let keys = change.keys();
    assert!(keys.contains(&RecordKey::QMember(busy)), "{change:?}");
    assert!(
        app.data
            .matches
            .values()
            .all(|m| m.q_member != busy && app.data.participants.contains_key(&m.participant)),
        "no match names the deleted Q member"
    );
    assert!(keys.iter().any(|k| matches!(k, RecordKey::Match(_))));
    let csv = String::from_utf8(improvers::io::export::csv(
        improvers::io::import::CsvKind::Matches,
        &app.data,
    ))
    .unwrap();
    // Every exported match names both people, as the import needs.
    for row in csv.lines().skip(1) {
        let mut cells = row.split(',');
        let (p, q) = (cells.next().unwrap_or(""), cells.next().unwrap_or(""));
        assert!(!p.is_empty() && !q.is_empty(), "{row}");
    }
}

#[test]
fn an_organisation_people_belong_to_is_not_deleted_but_an_unused_one_is() {
    let mut app = app_after("1 v v v");
    assert_eq!(app.roster.list, RosterList::Organisations);
    press(&mut app, "d");
    assert!(app.confirm.is_none());
    let said = format!("{:?}", app.message);
    assert!(said.contains("Can't delete: it still has"), "{said}");
    assert!(screen_of(&app, 80, 24).contains("Can't delete"));
    press(&mut app, "n");
    press(&mut app, "Larkspur Space Hospice Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Added the organisation Larkspur Hospice");
    press(&mut app, "/ larkspur Enter d");
    let question = app.confirm.as_ref().expect("asks first").question.clone();
    assert_eq!(
        question,
        "Delete the organisation Larkspur Hospice? (u undoes it)"
    );
    press(&mut app, "y");
    save(&mut app);
    assert!(
        !app.data
            .organisations
            .values()
            .any(|o| o.name == "Larkspur Hospice")
    );
}

#[test]
fn a_profession_is_renamed_in_place_and_a_duplicate_name_is_refused() {
    let mut app = app_after("1 v v v v / nurse Enter e");
    let nurse = app.roster.registers.professions.selected_row().unwrap().id;
    press(&mut app, "C-u p h a r m a c i s t Enter");
    assert!(app.take_effects().is_empty());
    assert!(
        format!("{:?}", app.message).contains("there is already a profession called"),
        "{:?}",
        app.message
    );
    press(&mut app, "C-u R e g i s t e r e d Space n u r s e Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Renamed the profession Registered nurse");
    let renamed = app
        .data
        .professions
        .values()
        .find(|p| p.id.0 == nurse)
        .unwrap();
    assert_eq!(renamed.name, "Registered nurse");
    // Everyone who was a nurse is still one, under the new name.
    assert!(
        app.data
            .participants
            .values()
            .any(|p| app.data.profession_name(p.profession) == "Registered nurse")
    );
}

#[test]
fn a_new_cohort_follows_the_latest_and_its_dates_must_make_sense() {
    let mut app = app_after("1 v v n");
    let form = screen_of(&app, 80, 24);
    let latest = app.data.cohorts.values().map(|c| c.number).max().unwrap();
    assert!(
        form.contains(&format!("Cohort {}", latest + 1)),
        "the next number and name are offered: {form}"
    );
    insta::assert_snapshot!("new_cohort_80x24", form);
    // Ends before it starts.
    press(&mut app, "Tab Tab Tab C-u 2 0 2 0 - 0 1 - 0 1 Enter");
    assert!(app.take_effects().is_empty());
    let refused = screen_of(&app, 80, 24);
    assert!(
        refused.contains("before the start, ") && refused.contains("1 field needs attention"),
        "marked beside the end, in the words the form shows: {refused}"
    );
    press(&mut app, "C-u 2 0 2 9 - 0 2 - 3 0");
    assert!(screen_of(&app, 80, 24).contains("“2029-02-30” is not a date that exists"));
    press(&mut app, "Backspace Backspace 2 8 Tab C-u 1 6 Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, format!("Added Cohort {}", latest + 1));
    let added = app
        .data
        .cohorts
        .values()
        .find(|c| c.number == latest + 1)
        .unwrap();
    assert_eq!(added.target_size, 16);
    assert_eq!(added.ends.to_string(), "2029-02-28");
}

#[test]
fn a_cohort_with_people_in_it_is_not_deleted() {
    let app = app_after("1 v v d");
    assert!(app.confirm.is_none());
    assert!(format!("{:?}", app.message).contains("participants"));
}

#[test]
fn f_narrows_the_roster_to_a_stage_and_an_organisation_and_esc_clears_it() {
    let mut app = app_after("1");
    let everyone = app.roster.listing.len();
    press(&mut app, "f Right Right Right Right");
    let form = screen_of(&app, 80, 24);
    insta::assert_snapshot!("filter_form_80x24", form);
    press(&mut app, "Enter");
    let active = app.roster.listing.rows().to_vec();
    assert!(!active.is_empty() && active.len() < everyone);
    assert!(active.iter().all(|r| r.stage == PathwayStage::Active));
    let org = active[0].organisation.clone();
    press(&mut app, "f Tab");
    press(&mut app, &spaced(&org));
    press(&mut app, "Enter");
    let rows = app.roster.listing.rows().to_vec();
    assert!(
        rows.iter()
            .all(|r| r.stage == PathwayStage::Active && r.organisation == org)
    );
    assert!(rows.len() < active.len() || active.iter().all(|r| r.organisation == org));
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains(&format!("only Active · {org}")), "{shown}");
    press(&mut app, "Esc");
    assert_eq!(
        app.roster.listing.len(),
        everyone,
        "Esc shows everyone again"
    );
}

#[test]
fn pathway_keys_on_another_list_say_where_they_work() {
    let app = app_after("1 v s");
    assert!(app.form.is_none());
    assert!(
        format!("{:?}", app.message).contains("That works on participants; v shows them again"),
        "{:?}",
        app.message
    );
    let footer = screen("1 v", 80, 24);
    assert!(!footer.contains("s stage"), "{footer}");
}

/// Keys for typing `text`: each character, with spaces as Space.
fn spaced(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ' ' => "Space".to_string(),
            c => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_new_participant_starts_in_the_cohort_in_view_and_the_cohort_is_picked_by_typing() {
    let app = app_after("1 n");
    let cohort = app.form.as_ref().unwrap().form.field("Cohort").unwrap();
    assert_eq!(cohort.value, "Cohort 2 — 2026", "the cohort in view");
    let mut app = app_after("1 ] ] n");
    let field = |app: &improvers::tui::app::App| {
        app.form
            .as_ref()
            .unwrap()
            .form
            .field("Cohort")
            .unwrap()
            .clone()
    };
    assert_eq!(field(&app).value, "", "a nominee awaiting review has none");
    press(&mut app, "Tab Tab Tab Tab 2027");
    assert_eq!(field(&app).suggestions(), ["Cohort 3 — 2027"]);
    press(&mut app, "Right");
    assert_eq!(field(&app).value, "Cohort 3 — 2027");
}

#[test]
fn a_venue_is_added_with_its_rate_and_one_in_use_is_not_deleted() {
    let mut app = app_after("1 v v v v v");
    assert_eq!(app.roster.list, RosterList::Venues);
    insta::assert_snapshot!("venues_80x24", screen_of(&app, 80, 24));
    press(&mut app, "d");
    assert!(
        format!("{:?}", app.message).contains("Can't delete: it still has"),
        "{:?}",
        app.message
    );
    press(
        &mut app,
        "n Mill Space Yard Space Studio Tab 2 Space Mill Space Yard Tab C-u 35 Tab Right Tab - 5 Enter",
    );
    assert!(app.take_effects().is_empty());
    let form = screen_of(&app, 80, 30);
    assert!(form.contains("Rate -5"), "{form}");
    press(&mut app, "C-u £ 8 5 . 5 0 Enter");
    let (change, done) = save(&mut app);
    assert_eq!(done, "Added the venue Mill Yard Studio");
    let Change::Edit {
        record: Record::Venue(venue),
        ..
    } = change
    else {
        panic!("a venue")
    };
    assert_eq!(venue.capacity, 35);
    assert_eq!(
        venue.cost,
        improvers::domain::sessions::VenueCost::External {
            rate: improvers::domain::money::Pence(8550),
            per: improvers::domain::sessions::RateUnit::Hour
        }
    );
    // An external venue needs its rate.
    press(&mut app, "n Bare Space Hall Tab Tab Tab Right");
    assert!(
        screen_of(&app, 80, 24).contains("needed for an external venue"),
        "marked beside the rate once the cost is external"
    );
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty());
    assert!(screen_of(&app, 80, 24).contains("1 field needs attention"));
}

#[test]
fn a_new_q_member_is_outside_london_and_keeps_the_case_of_their_topics() {
    let mut app = app_after("1 v n");
    let form = screen_of(&app, 80, 30);
    assert!(form.contains("outside London"), "{form}");
    press(
        &mut app,
        "Tamsin Space Vell Tab tamsin@example.org Tab Physio Right Tab Fenb Right \
         Tab Tab Tab Tab Tab PDSA; Space pdsa; Space Patient Space flow Enter",
    );
    let (_, done) = save(&mut app);
    assert_eq!(done, "Added Tamsin Vell to the Q members");
    let added = app
        .data
        .q_members
        .values()
        .find(|q| q.name == "Tamsin Vell")
        .expect("saved");
    assert!(!added.london_based, "nobody said London");
    assert_eq!(
        added.expertise,
        ["PDSA", "Patient flow"],
        "topics keep the case typed, each once whatever its case"
    );
}
