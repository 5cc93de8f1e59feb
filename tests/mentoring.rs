//! The mentoring review loop on the demo, driven like a person would: run matching for the
//! recruiting cohort, read why each pair was chosen, lock one, forbid another, run again,
//! accept all and log a check-in.

mod screen;

use improvers::domain::change::Change;
use improvers::domain::mentoring::{MatchState, PairRuleKind};
use improvers::tui::app::App;
use improvers::tui::panes::mentoring::RunNote;
use screen::{app_after, press, save, screen_of};

/// The recruiting cohort (Cohort 3) in the mentoring pane, zoomed.
fn recruiting() -> App {
    app_after("2 z ]")
}

fn mentor_of(app: &App, person: &str) -> Option<String> {
    app.mentoring
        .listing
        .rows()
        .iter()
        .find(|r| r.name == person)
        .and_then(|r| r.mentor.clone())
}

#[test]
fn m_proposes_a_mentor_for_everyone_and_explains_each_pair() {
    let mut app = recruiting();
    assert_eq!(app.cohort_label(), "Cohort 3 — 2027 (recruiting)");
    press(&mut app, "m");
    let (change, done) = save(&mut app);
    let Change::Batch { summary, .. } = &change else {
        panic!("one change for the whole run")
    };
    assert!(summary.starts_with("matched mentors for Cohort 3 — 2027: 15 new proposals"));
    assert!(
        done.contains("15 proposed (15 new, 0 moved), 0 unmatched"),
        "{done}"
    );
    let rows = app.mentoring.listing.rows();
    assert_eq!(rows.len(), 15);
    assert!(rows.iter().all(|r| r.state == Some("proposed")));
    assert!(
        rows.iter()
            .all(|r| r.note == Some(RunNote::Changed("new".into())))
    );
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("+40 same organisation"), "{shown}");
    insta::assert_snapshot!("proposals_160x48", shown);
    insta::assert_snapshot!("proposals_80x24", screen_of(&app, 80, 24));
}

#[test]
fn lock_forbid_and_run_again_keeps_the_lock_and_never_proposes_the_forbidden_pair() {
    let mut app = recruiting();
    press(&mut app, "m");
    save(&mut app);
    let first = app.mentoring.listing.rows()[0].clone();
    let second = app.mentoring.listing.rows()[1].clone();
    press(&mut app, "l");
    save(&mut app);
    assert_eq!(app.mentoring.listing.rows()[0].state, Some("locked"));
    press(&mut app, "j x");
    let question = app.confirm.as_ref().unwrap().question.clone();
    assert_eq!(
        question,
        format!(
            "Never pair {} with {} again? (u undoes it)",
            second.name,
            second.mentor.clone().unwrap()
        )
    );
    press(&mut app, "y");
    save(&mut app);
    assert!(
        app.data
            .pair_rules
            .values()
            .any(|r| r.kind == PairRuleKind::Forbidden)
    );
    assert_eq!(
        mentor_of(&app, &second.name),
        None,
        "the proposal went with it"
    );
    press(&mut app, "m");
    let (_, done) = save(&mut app);
    assert!(done.contains("(1 new, 0 moved)"), "{done}");
    assert_eq!(mentor_of(&app, &first.name), first.mentor, "the lock held");
    let now = mentor_of(&app, &second.name).expect("a new mentor");
    assert_ne!(Some(now), second.mentor, "never the forbidden one");
}

#[test]
fn enter_ranks_the_candidates_with_breakdowns_and_assigns_the_one_chosen() {
    let mut app = recruiting();
    press(&mut app, "m");
    save(&mut app);
    press(&mut app, "Enter");
    let view = app.mentoring.candidates.as_ref().expect("candidates open");
    let scores: Vec<i32> = view
        .listing
        .rows()
        .iter()
        .filter(|c| c.barred.is_none() && c.room > 0)
        .map(|c| c.score.total())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    insta::assert_snapshot!("candidates_80x24", screen_of(&app, 80, 24));
    let person = app.mentoring.listing.rows()[0].name.clone();
    let chosen = view.listing.rows()[1].name.clone();
    press(&mut app, "j Enter");
    let (_, done) = save(&mut app);
    assert_eq!(
        done,
        format!("Proposed {chosen} for {person}, locked (a accepts)")
    );
    assert!(app.mentoring.candidates.is_none());
    assert_eq!(mentor_of(&app, &person), Some(chosen));
    press(&mut app, "Enter Esc");
    assert!(app.mentoring.candidates.is_none(), "Esc goes back");
}

#[test]
fn accept_all_then_a_check_in_and_an_ended_match() {
    let mut app = recruiting();
    press(&mut app, "m");
    save(&mut app);
    press(&mut app, "A");
    assert_eq!(
        app.confirm.as_ref().unwrap().question,
        "Accept 15 proposals, confirming each pair from today?"
    );
    press(&mut app, "y");
    save(&mut app);
    assert!(
        app.mentoring
            .listing
            .rows()
            .iter()
            .all(|r| r.state == Some("confirmed"))
    );
    press(&mut app, "c Tab Tab Agreed Space the Space measures Enter");
    let (_, done) = save(&mut app);
    assert!(done.starts_with("Logged a check-in for"), "{done}");
    assert!(done.ends_with("(met)"), "{done}");
    let id = app.mentoring.listing.rows()[0].matched.unwrap();
    let m = &app.data.matches[&id];
    assert_eq!(m.check_ins.last().unwrap().note, "Agreed the measures");
    // Ending needs a reason.
    press(&mut app, "e Tab Enter");
    assert!(app.take_effects().is_empty());
    press(&mut app, "Moved Space to Space another Space trust Enter");
    save(&mut app);
    assert!(matches!(
        &app.data.matches[&id].state,
        MatchState::Ended { reason, .. } if reason == "Moved to another trust"
    ));
}

#[test]
fn a_participant_without_a_mentor_says_so_and_a_wants_a_proposal() {
    let mut app = recruiting();
    press(&mut app, "a");
    let said = format!("{:?}", app.message);
    assert!(
        said.contains("Nobody mentors this participant yet"),
        "{said}"
    );
    let detail = screen_of(&app, 160, 48);
    assert!(
        detail.contains("No mentor yet: m proposes one, Enter lists"),
        "{detail}"
    );
}

#[test]
fn x_in_the_candidates_forbids_one_and_allows_a_forbidden_one_again() {
    let mut app = recruiting();
    press(&mut app, "Enter j");
    let view = app.mentoring.candidates.as_ref().expect("candidates open");
    let person = app.data.participant_name(view.participant).to_string();
    let chosen = view.listing.selected_row().unwrap().clone();
    assert!(chosen.barred.is_none(), "{chosen:?}");
    press(&mut app, "x");
    let question = app.confirm.as_ref().map(|c| c.question.clone());
    assert_eq!(
        question,
        Some(format!(
            "Never pair {person} with {} again? (u undoes it)",
            chosen.name
        ))
    );
    press(&mut app, "y");
    save(&mut app);
    let barred = |app: &App| {
        app.mentoring
            .candidates
            .as_ref()
            .and_then(|v| {
                v.listing
                    .rows()
                    .iter()
                    .find(|r| r.q_member == chosen.q_member)
            })
            .and_then(|r| r.barred.clone())
    };
    assert!(
        barred(&app).is_some_and(|why| why.starts_with("forbidden")),
        "{:?}",
        barred(&app)
    );
    // The forbidden one is still selected: x offers to lift the rule.
    assert_eq!(
        app.mentoring
            .candidates
            .as_ref()
            .and_then(|v| v.listing.selected_row())
            .map(|r| r.q_member),
        Some(chosen.q_member)
    );
    press(&mut app, "x");
    let question = app.confirm.as_ref().map(|c| c.question.clone());
    assert_eq!(
        question,
        Some(format!(
            "Allow {person} and {} to be paired again? (u undoes it)",
            chosen.name
        ))
    );
    press(&mut app, "y");
    let (change, done) = save(&mut app);
    assert!(matches!(change, Change::Delete(_)), "{change:?}");
    assert_eq!(
        done,
        format!(
            "{person} may be paired with {} again: m runs matching",
            chosen.name
        )
    );
    assert_eq!(barred(&app), None);
}
