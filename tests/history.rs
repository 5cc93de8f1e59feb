//! Undo and `:history` in the dashboard: `u` asks before undoing the last change, and the
//! history lists changes newest first with any one of them offered for undoing.

mod screen;

use chrono::{TimeZone, Utc};
use improvers::tui::app::App;
use screen::{app_after, press, screen_of};

/// Three changes as history would hold them, newest first: a deletion, an edit of a cohort's
/// end date and, before them, an addition.
fn some_history(app: &App) -> Vec<improvers::domain::change::HistoryEntry> {
    use improvers::domain::change::{Change, HistoryEntry, Record};
    let person = app.data.participants.values().next().unwrap().clone();
    let cohort = app.data.cohorts.values().next().unwrap().clone();
    let mut later = cohort.clone();
    later.ends = later.ends.succ_opt().unwrap();
    let at = |m| Utc.with_ymd_and_hms(2026, 11, 25, 9, m, 0).unwrap();
    vec![
        HistoryEntry {
            seq: 3,
            at: at(30),
            user: "kofi".into(),
            change: Change::Delete(Record::Participant(person.clone()).key()),
            before: vec![(
                Record::Participant(person.clone()).key(),
                Some(Record::Participant(person.clone())),
            )],
        },
        HistoryEntry {
            seq: 2,
            at: at(20),
            user: "sam".into(),
            change: Change::Edit {
                record: Record::Cohort(later),
                based_on: Some(1),
            },
            before: vec![(
                Record::Cohort(cohort.clone()).key(),
                Some(Record::Cohort(cohort)),
            )],
        },
        HistoryEntry {
            seq: 1,
            at: at(5),
            user: "sam".into(),
            change: Change::Put(Record::Participant(person.clone())),
            before: vec![(Record::Participant(person.clone()).key(), None)],
        },
    ]
}

#[test]
fn u_asks_before_undoing_and_y_sends_the_undo() {
    use improvers::domain::change::Change;
    use improvers::tui::effects::Effect;
    let mut app = app_after("u");
    assert_eq!(app.take_effects(), [Effect::OfferUndo]);
    let history = some_history(&app);
    app.offer_undo(history.first());
    let asking = screen_of(&app, 80, 24);
    assert!(
        asking.contains("Undo “deleted participant Amara Lindqvist” (1 record) by kofi"),
        "{asking}"
    );
    press(&mut app, "j");
    assert!(app.take_effects().is_empty(), "only y or n answers");
    press(&mut app, "y");
    match app.take_effects().as_slice() {
        [Effect::Apply { change, done }] => {
            let Change::Undo { of, summary, .. } = &**change else {
                panic!("an undo, not {change:?}")
            };
            assert_eq!(*of, 3);
            assert_eq!(
                summary, "deleted participant Amara Lindqvist",
                "history keeps the words"
            );
            assert_eq!(done, "Undone: deleted participant Amara Lindqvist");
        }
        other => panic!("expected the undo to be sent, got {other:?}"),
    }
    app.offer_undo(None);
    assert!(screen_of(&app, 80, 24).contains("There is nothing to undo."));
}

#[test]
fn n_leaves_everything_as_it_was() {
    let mut app = app_after("");
    let history = some_history(&app);
    app.offer_undo(history.first());
    press(&mut app, "n");
    assert!(app.take_effects().is_empty());
    assert!(screen_of(&app, 80, 24).contains("Nothing was changed."));
}

#[test]
fn colon_history_lists_changes_and_enter_offers_to_undo_one() {
    use improvers::tui::effects::Effect;
    let mut app = app_after(": history Enter");
    assert_eq!(app.take_effects(), [Effect::ShowHistory]);
    let history = some_history(&app);
    app.show_history(history);
    let list = screen_of(&app, 80, 24);
    assert!(list.contains("History, newest first"), "{list}");
    assert!(
        list.contains("kofi") && list.contains("deleted participant Amara"),
        "{list}"
    );
    assert!(list.contains("Cohort 1 — 2025: ends"), "{list}");
    insta::assert_snapshot!("history_80x24", list);
    insta::assert_snapshot!("history_160x48", screen_of(&app, 160, 48));
    press(&mut app, "j Enter");
    let asking = screen_of(&app, 80, 24);
    assert!(
        asking.contains("Undo “Cohort 1 — 2025: ends 28 Nov 2025 → 29 Nov 2025” (1 record) by sam"),
        "{asking}"
    );
    press(&mut app, "Esc j Enter");
    let asking = screen_of(&app, 80, 24);
    assert!(
        asking.contains("Undo “added participant Amara Lindqvist” (1 record) by sam"),
        "{asking}"
    );
    press(&mut app, "Esc Esc");
    assert!(app.history.is_none());
}

/// One change that cancels a committed expense, gives a Q member new topics and renames a
/// session to a long title: too long for one row at any width.
fn a_long_change(app: &App) -> improvers::domain::change::HistoryEntry {
    use improvers::domain::budget::ExpenseState;
    use improvers::domain::change::{Change, HistoryEntry, Record};
    let expense = app
        .data
        .expenses
        .values()
        .find(|e| e.state == ExpenseState::Committed)
        .expect("the demo has a committed expense")
        .clone();
    let mut cancelled = expense.clone();
    cancelled.state = ExpenseState::Cancelled;
    let member = app.data.q_members.values().next().unwrap().clone();
    let mut taught = member.clone();
    taught.expertise = vec!["run charts".into(), "co-design".into()];
    let session = app.data.sessions.values().next().unwrap().clone();
    let mut renamed = session.clone();
    renamed.title = "Measuring what matters to patients, families and the staff who care for \
                     them every day"
        .into();
    let records = [
        (Record::Expense(expense), Record::Expense(cancelled)),
        (Record::QMember(member), Record::QMember(taught)),
        (Record::Session(session), Record::Session(renamed)),
    ];
    HistoryEntry {
        seq: 4,
        at: Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
        user: "sam".into(),
        change: Change::Batch {
            summary: "saved three things".into(),
            changes: records
                .iter()
                .map(|(_, now)| Change::Put(now.clone()))
                .collect(),
        },
        before: records
            .iter()
            .map(|(was, _)| (was.key(), Some(was.clone())))
            .collect(),
    }
}

#[test]
fn the_selected_change_is_read_whole_in_the_form_words_with_states_as_they_became() {
    let mut app = app_after("");
    let entry = a_long_change(&app);
    let member = app.data.q_members.values().next().unwrap().name.clone();
    let row = improvers::domain::describe::describe_entry(&entry, &app.data);
    assert!(
        row.contains(": cancelled;"),
        "the new state, not \"state\": {row}"
    );
    assert!(
        row.contains(&format!("{member}: topics;")),
        "the Q member form's word: {row}"
    );
    app.show_history(vec![entry]);
    for (width, height) in [(80, 24), (160, 48)] {
        let shown = screen_of(&app, width, height);
        // The row is cut off; the detail below it holds the end of the change, wrapped.
        assert!(
            shown.contains("every day”"),
            "{width}x{height}: the whole change is readable\n{shown}"
        );
    }
    insta::assert_snapshot!("history_long_80x24", screen_of(&app, 80, 24));
    insta::assert_snapshot!("history_long_160x48", screen_of(&app, 160, 48));
    press(&mut app, "Enter");
    let question = app.confirm.as_ref().expect("asks first").question.clone();
    assert!(
        question.contains(": committed → cancelled;"),
        "the undo question says what the state goes back to: {question}"
    );
}
