//! The roster in the dashboard: sorting, adding, changing and deleting participants, moving
//! them along the pathway and ticking readiness, reviewing nominations and enrolling an intake.

mod screen;

use chrono::NaiveDate;
use screen::{app_after, press, screen_of};

#[test]
fn o_sorts_the_roster_by_the_next_column_and_capital_o_reverses_it() {
    let app = app_after("1 o o o");
    assert_eq!(app.roster.sort.label(), "stage");
    let stages: Vec<_> = app
        .roster
        .listing
        .rows_in(0..app.roster.listing.len())
        .map(|r| r.stage)
        .collect();
    assert!(stages.windows(2).all(|w| w[0] <= w[1]), "{stages:?}");
    assert!(screen_of(&app, 80, 24).contains("by stage ↑"));
    let reversed = app_after("1 o o o O");
    let first = reversed.roster.listing.rows_in(0..1).next().unwrap().stage;
    assert_eq!(first, *stages.last().unwrap());
}

#[test]
fn n_enrols_a_new_participant_and_a_typo_in_the_email_is_fixed_without_retyping() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 n");
    press(
        &mut app,
        "Zara Space Mbeki-Holt Tab zara@example Tab Nur Right Tab northgate Right Tab Right Right Right",
    );
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty(), "a bad email stops the save");
    let form = screen_of(&app, 100, 40);
    assert!(
        form.contains("\"zara@example\" is not an email address"),
        "{form}"
    );
    assert!(
        form.contains("Zara Mbeki-Holt"),
        "what was typed is all still there: {form}"
    );
    insta::assert_snapshot!("new_participant_100x40", form);
    press(&mut app, ". o r g Enter");
    let effects = app.take_effects();
    let [Effect::Save { change, done }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    assert_eq!(done, "Added Zara Mbeki-Holt");
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    let Some(Change::Edit {
        record: Record::Participant(p),
        based_on: None,
    }) = changes.last()
    else {
        panic!("a new participant, got {changes:?}")
    };
    assert_eq!(p.email, "zara@example.org");
    assert_eq!(app.data.profession_name(p.profession), "Nurse");
    assert_eq!(
        app.data.organisation_name(p.organisation),
        "Northgate Community Health"
    );
    assert!(p.cohort.is_some());
    assert_eq!(
        changes.len(),
        1,
        "no new organisation or profession was needed"
    );
}

#[test]
fn a_new_organisation_is_created_in_place_and_duplicate_emails_are_refused() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 n");
    press(
        &mut app,
        "Kit Space Ames Tab kit@example.org Tab Nurse Tab Brand Space New Space Trust Enter",
    );
    assert!(
        app.take_effects().is_empty(),
        "a new organisation is never created without asking"
    );
    let form = screen_of(&app, 80, 24);
    assert!(
        form.contains("New organisation “Brand New Trust”: Enter again to create it"),
        "{form}"
    );
    press(&mut app, "Enter");
    let effects = app.take_effects();
    let [Effect::Save { change, .. }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    assert!(changes.iter().any(|c| matches!(c, Change::Edit { record: Record::Organisation(o), based_on: None } if o.name == "Brand New Trust")));
    // An email someone already has is refused, and the form stays open.
    let taken = app.data.participants.values().next().unwrap().email.clone();
    let mut app = app_after("1 n");
    press(
        &mut app,
        &format!("Kit Space Ames Tab {taken} Tab Nurse Tab Brand Enter Enter"),
    );
    assert!(app.take_effects().is_empty());
    let refused = screen_of(&app, 80, 24);
    assert!(
        refused.contains("already") && refused.contains("1 field needs attention"),
        "marked beside the email: {refused}"
    );
    assert!(app.form.is_some());
}

#[test]
fn e_changes_a_participant_from_a_filled_in_form() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 e");
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.form.fields[0].value, "Arjun Sethuraman");
    press(
        &mut app,
        "Tab Tab Tab Tab Tab Tab Tab Tab Right Tab Tab Still Space going Enter",
    );
    let effects = app.take_effects();
    let [Effect::Save { change, .. }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    let Some(Change::Edit {
        record: Record::Participant(p),
        ..
    }) = changes.last()
    else {
        panic!("the participant")
    };
    assert!(p.notes.ends_with("Still going"), "{}", p.notes);
    assert_eq!(p.name, "Arjun Sethuraman");
    let before = &app.data.participants[&p.id].project;
    assert_ne!(
        p.project.stage, before.stage,
        "Right moved the project on a step"
    );
    assert_eq!(p.project.aim, before.aim, "the aim is kept as it was");
}

#[test]
fn d_asks_before_deleting_and_names_what_refers_to_the_person() {
    let app = app_after("1 d");
    let asking = screen_of(&app, 160, 48);
    assert!(asking.contains("Delete Arjun Sethuraman?"), "{asking}");
    assert!(asking.contains("mentoring match"), "{asking}");
    assert!(asking.contains("u undoes it"), "{asking}");
}

#[test]
fn s_moves_a_person_along_the_pathway_through_a_form() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::{Effect, Message};
    let mut app = app_after("1 j s");
    let person = app.roster.listing.selected_row().unwrap().clone();
    let form = screen_of(&app, 80, 24);
    assert!(
        form.contains(&format!("Move {} along the pathway", person.name)),
        "{form}"
    );
    insta::assert_snapshot!("pathway_form_80x24", form);
    // A date that does not exist is refused beside the field, and the note typed stays.
    press(
        &mut app,
        "Tab Backspace Backspace 3 2 Tab good Space progress Enter",
    );
    assert!(app.take_effects().is_empty());
    let refused = screen_of(&app, 80, 24);
    assert!(refused.contains("is not a date that exists"), "{refused}");
    press(&mut app, "Backspace Backspace 2 5 Enter");
    let effects: [Effect; 1] = app.take_effects().try_into().unwrap();
    let [Effect::Save { change, done }] = effects else {
        panic!("expected one save")
    };
    let kept = (*change).clone();
    let Change::Edit {
        record: Record::Participant(moved),
        ..
    } = *change
    else {
        panic!("an edit of the participant")
    };
    assert_eq!(moved.id, person.id);
    let last = moved.pathway.changes().last().unwrap();
    assert_eq!(last.note, "good progress");
    assert_eq!(last.on, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    assert_ne!(moved.stage(), person.stage);
    assert!(done.contains("is now"));
    // If the owner refuses (someone changed the person meanwhile) the form stays as typed.
    app.say(Message::Problem("changed by priya at 10:02".into()));
    assert!(app.form.is_some());
    assert_eq!(
        app.form.as_ref().unwrap().form.fields[2].value,
        "good progress"
    );
    app.saved(done, &kept);
    assert!(app.form.is_none());
}

#[test]
fn r_ticks_a_readiness_item_and_esc_leaves_without_saving() {
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 r");
    assert!(screen_of(&app, 80, 24).contains("Tick a Q readiness item"));
    press(&mut app, "Esc");
    assert!(app.form.is_none() && app.take_effects().is_empty());
    press(&mut app, "r Enter");
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::Save { .. }]
    ));
}

#[test]
fn nominees_awaiting_review_are_accepted_into_a_cohort_or_declined() {
    use improvers::domain::change::{Change, Record};
    use improvers::domain::people::pathway::PathwayStage;
    use improvers::tui::effects::Effect;
    let mut app = app_after("1 ] ]");
    assert_eq!(app.cohort_label(), "nominees awaiting review");
    let nominee = app.roster.listing.selected_row().unwrap().clone();
    press(&mut app, "a");
    let form = screen_of(&app, 80, 24);
    assert!(
        form.contains(&format!("Accept {}'s nomination", nominee.name)),
        "{form}"
    );
    assert!(
        form.contains("Cohort 3"),
        "the recruiting cohort is offered first: {form}"
    );
    press(&mut app, "Enter");
    let effects = app.take_effects();
    let [Effect::Save { change, .. }] = effects.as_slice() else {
        panic!("expected a save, got {effects:?}")
    };
    let Change::Edit {
        record: Record::Participant(p),
        ..
    } = &**change
    else {
        panic!("an edit")
    };
    assert_eq!(p.stage(), PathwayStage::Applied);
    assert_eq!(app.data.cohort_name(p.cohort.unwrap()), "Cohort 3 — 2027");

    let mut app = app_after("1 ] ] j x");
    let asking = screen_of(&app, 120, 30);
    assert!(
        asking.contains("nomination") && asking.contains("Decline"),
        "{asking}"
    );
    press(&mut app, "y");
    let effects = app.take_effects();
    let [Effect::Apply { change, .. }] = effects.as_slice() else {
        panic!("expected the decline, got {effects:?}")
    };
    let Change::Edit {
        record: Record::Participant(p),
        ..
    } = &**change
    else {
        panic!("an edit")
    };
    assert_eq!(p.stage(), PathwayStage::Withdrawn);
    assert_eq!(
        p.pathway.changes().last().unwrap().note,
        "nomination declined"
    );

    let not_a_nominee = screen_of(&app_after("1 a"), 80, 24);
    assert!(
        not_a_nominee.contains("is not awaiting review"),
        "{not_a_nominee}"
    );
}

#[test]
fn i_suggests_an_intake_for_a_recruiting_cohort_and_a_enrols_it() {
    use improvers::domain::change::{Change, Record};
    use improvers::domain::people::pathway::PathwayStage;
    use improvers::tui::effects::Effect;
    let mut app = app_after("] i");
    assert!(
        app.cohort_label().contains("recruiting"),
        "{}",
        app.cohort_label()
    );
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("Intake for Cohort 3"), "{shown}");
    assert!(
        shown.contains("Applied") && shown.contains("Suggested"),
        "{shown}"
    );
    insta::assert_snapshot!("intake_160x48", shown);
    let chosen = app.intake.as_ref().unwrap().intake.chosen.clone();
    assert!(!chosen.is_empty());
    press(&mut app, "a");
    let effects = app.take_effects();
    let [Effect::Apply { change, .. }] = effects.as_slice() else {
        panic!("expected the enrolment to be sent, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    assert_eq!(changes.len(), chosen.len());
    for c in changes {
        let Change::Edit {
            record: Record::Participant(p),
            based_on,
        } = c
        else {
            panic!("edits of participants")
        };
        assert!(chosen.contains(&p.id));
        assert_eq!(p.stage(), PathwayStage::Enrolled);
        let key = improvers::domain::change::RecordKey::Participant(p.id);
        assert_eq!(*based_on, app.data.revisions.get(&key).map(|r| r.seq));
    }
}

#[test]
fn i_needs_a_cohort_with_applicants() {
    let all = screen_of(&app_after("] ] ] i"), 80, 24);
    assert!(all.contains("Choose a cohort first"), "{all}");
    let running = screen_of(&app_after("i"), 80, 24);
    assert!(running.contains("has nobody at Applied"), "{running}");
}

#[test]
fn the_intake_can_be_adjusted_before_enrolling_and_says_when_a_cap_is_broken() {
    use improvers::domain::change::{Change, Record};
    use improvers::tui::effects::Effect;
    let mut app = app_after("] i");
    let view = app.intake.as_ref().unwrap();
    let left_out = view
        .candidates
        .iter()
        .position(|c| !c.chosen)
        .expect("the demo has more applicants than places");
    let who = view.candidates[left_out].id;
    for _ in 0..left_out {
        press(&mut app, "j");
    }
    press(&mut app, "Space");
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("over the cap of 3"), "{shown}");
    assert!(shown.contains("13 chosen for 12 places"), "{shown}");
    press(&mut app, "a");
    let effects = app.take_effects();
    let [Effect::Apply { change, .. }] = effects.as_slice() else {
        panic!("expected the enrolment, got {effects:?}")
    };
    let Change::Batch { changes, .. } = &**change else {
        panic!("a batch")
    };
    assert_eq!(changes.len(), 13);
    assert!(
        changes.iter().any(
            |c| matches!(c, Change::Edit { record: Record::Participant(p), .. } if p.id == who)
        )
    );
}
