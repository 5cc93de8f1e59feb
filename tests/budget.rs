//! The budget pane driven like a person would: setting the grant, adding an expense with a
//! mistake in the amount, committing and paying it, and the policy flags.

mod screen;

use improvers::domain::budget::ExpenseState;
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CategoryId;
use improvers::domain::money::Pence;
use screen::{app_after, press, save, screen_of};

#[test]
fn allocations_above_the_grant_are_refused_and_the_form_keeps_what_was_typed() {
    // With every cohort in view, s sets the programme's grant.
    let mut app = app_after("4 [ [ s");
    insta::assert_snapshot!("grant_form_80x24", screen_of(&app, 80, 24));
    // Raise venue hire far beyond the grant.
    press(&mut app, "Tab C-u 99999");
    let typed = screen_of(&app, 80, 24);
    assert!(
        typed.contains("less than the £"),
        "the grant is marked as the allocation is typed: {typed}"
    );
    press(&mut app, "Enter");
    assert!(app.take_effects().is_empty());
    assert!(app.form.is_some(), "the form stays open");
    let refused = screen_of(&app, 80, 24);
    assert!(refused.contains("1 field needs attention"), "{refused}");
    let form = &app.form.as_ref().unwrap().form;
    assert_eq!(form.fields[form.focus].label, "Grant", "{refused}");
    assert_eq!(form.field("Venue hire").unwrap().value, "99999");
    press(&mut app, "Tab C-u 20000 Enter");
    let (change, done) = save(&mut app);
    assert!(done.starts_with("Saved the grant of £60,000.00"), "{done}");
    let Change::Edit {
        record: Record::Budget(budget),
        ..
    } = change
    else {
        panic!("the budget")
    };
    assert_eq!(budget.allocated(CategoryId::VENUE_HIRE), Pence(2_000_000));
}

#[test]
fn an_expense_with_a_negative_amount_is_fixed_then_committed_and_paid() {
    let mut app = app_after("4 n");
    press(
        &mut app,
        "Tab C-u cater Tab - 1 2 0 Tab Sandwich Space Co Enter",
    );
    assert!(
        app.take_effects().is_empty(),
        "a negative amount stops the save"
    );
    let form = screen_of(&app, 80, 30);
    assert!(form.contains("Amount -120"), "{form}");
    insta::assert_snapshot!("expense_form_80x30", form);
    press(&mut app, "C-u £ 1 , 2 0 0 . 5 0 Enter");
    let (change, done) = save(&mut app);
    assert_eq!(done, "Added Sandwich Co £1,200.50 (Catering, estimate)");
    let Change::Edit {
        record: Record::Expense(added),
        ..
    } = change
    else {
        panic!("an expense")
    };
    // The newest expense is dated today, so it is first in the list.
    let at = app
        .budget
        .listing
        .rows()
        .iter()
        .position(|r| r.id == added.id)
        .unwrap();
    press(&mut app, "g");
    for _ in 0..at {
        press(&mut app, "j");
    }
    press(&mut app, "c");
    save(&mut app);
    press(&mut app, "p");
    save(&mut app);
    let paid = &app.data.expenses[&added.id];
    assert_eq!(paid.state, ExpenseState::Paid);
    let states: Vec<ExpenseState> = paid.history.iter().map(|h| h.state).collect();
    assert_eq!(
        states,
        [
            ExpenseState::Estimate,
            ExpenseState::Committed,
            ExpenseState::Paid
        ]
    );
    press(&mut app, "p");
    assert!(
        format!("{:?}", app.message).contains("is paid already"),
        "{:?}",
        app.message
    );
}

#[test]
fn the_expense_that_takes_a_category_over_its_allocation_is_flagged() {
    let app = app_after("4");
    assert!(app.budget.flag_count > 0);
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("⚠ 1 to look at"), "{shown}");
    assert!(
        shown.contains("Cohort   Cohort 2 — 2026 to 11 Dec 2026: £"),
        "the cohort in view is forecast to its end: {shown}"
    );
    assert!(
        app.budget
            .first_flag
            .as_deref()
            .is_some_and(|f| f.contains("over its allocation")),
        "{:?}",
        app.budget.first_flag
    );
}

#[test]
fn f_shows_only_one_category_and_state_and_o_sorts_by_amount() {
    let mut app = app_after("4 f cater Tab Right Right Right Enter");
    let rows = app.budget.listing.rows().to_vec();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| &*r.category == "Catering" && r.state == ExpenseState::Paid),
        "{rows:?}"
    );
    assert!(screen_of(&app, 160, 48).contains("only Catering · paid"));
    press(&mut app, "Esc");
    let everything = app.budget.listing.len();
    assert!(everything > rows.len(), "Esc shows every expense again");
    // Date, category, payee, state, then amount.
    press(&mut app, "o o o o");
    let amounts: Vec<i64> = app
        .budget
        .listing
        .rows()
        .iter()
        .map(|r| r.amount.0)
        .collect();
    assert!(amounts.windows(2).all(|w| w[0] <= w[1]), "smallest first");
    press(&mut app, "O");
    let amounts: Vec<i64> = app
        .budget
        .listing
        .rows()
        .iter()
        .map(|r| r.amount.0)
        .collect();
    assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "largest first");
}

#[test]
fn a_cohorts_share_of_the_allocations_never_exceeds_the_programmes() {
    // Cohort 2 is in view: s sets its share.
    let mut app = app_after("4 s");
    let form = screen_of(&app, 80, 24);
    assert!(
        form.contains("Cohort 2 — 2026's share of the allocations"),
        "{form}"
    );
    // Catering is the fourth category; the programme allocates £6,000.00 to it.
    press(&mut app, "Tab Tab Tab 7000 Enter");
    assert!(app.take_effects().is_empty());
    let refused = screen_of(&app, 160, 48);
    assert!(
        refused.contains("more than £6,000.00 (£6,000.00 allocated, £0.00 of it"),
        "marked beside Catering: {refused}"
    );
    assert!(refused.contains("1 field needs attention"), "{refused}");
    press(&mut app, "C-u 2500 Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Saved Cohort 2 — 2026's share: £2,500.00 in all");
    assert_eq!(
        app.data
            .cohort_budgets
            .values()
            .next()
            .map(|b| b.allocated(CategoryId::CATERING)),
        Some(Pence(250_000))
    );
    press(&mut app, "z");
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("of £2,500.00 allocated to it"), "{shown}");
}

#[test]
fn two_people_of_one_name_are_told_apart_by_email_in_the_expense_form() {
    let mut app = app_after("4");
    let mut data = app.data.clone();
    let first = data.q_members.values().next().unwrap().clone();
    let namesake = improvers::domain::people::QMember {
        id: improvers::domain::ids::QMemberId(9_001),
        email: "namesake@elsewhere.example".into(),
        ..first.clone()
    };
    data.put(Record::QMember(namesake.clone()));
    app.replace_data(data);
    press(&mut app, "n Tab Tab 4 0 Tab T a x i Tab Tab Tab");
    press(&mut app, "n a m e s a k e @ Right");
    let form = screen_of(&app, 100, 30);
    assert!(
        form.contains(&format!("{} (namesake@elsewhere.example)", first.name)),
        "{form}"
    );
    press(&mut app, "Enter");
    let (change, _) = save(&mut app);
    let Change::Edit {
        record: Record::Expense(expense),
        ..
    } = change
    else {
        panic!("an expense")
    };
    assert_eq!(
        expense.person,
        Some(improvers::domain::people::PersonRef::QMember(namesake.id))
    );
}

#[test]
fn the_cohort_forecast_follows_the_cohort_in_view() {
    let mut app = app_after("4 z");
    let shown = screen_of(&app, 160, 48);
    assert!(
        shown.contains("Cohort   Cohort 2 — 2026 to 11 Dec 2026: £"),
        "{shown}"
    );
    press(&mut app, "]");
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("Cohort   Cohort 3 — 2027 to"), "{shown}");
    // With every cohort in view there is no cohort to forecast.
    press(&mut app, "[ [ [");
    assert!(!screen_of(&app, 160, 48).contains("Cohort   Cohort"));
}

#[test]
fn slash_finds_expenses_by_payee_and_description() {
    let app = app_after("4 / l a r k s p u r Enter");
    // Every expense whose payee or description names Larkspur, and no other, is shown.
    let naming = app
        .data
        .expenses
        .values()
        .filter(|e| format!("{} {}", e.payee, e.description).contains("Larkspur"))
        .count();
    assert!(naming > 0, "the demo pays Larkspur Conference Centre");
    assert_eq!(app.budget.listing.len(), naming);
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("Larkspur Conference Cent"), "{shown}");
    // By what it was for.
    let app = app_after("4 / s h o w c a s e Enter");
    assert!(!app.budget.listing.is_empty());
}

#[test]
fn what_a_form_adds_is_selected_so_the_next_key_acts_on_it() {
    // The newest expenses are dated later than today, so a new one is not at the top.
    let mut app = app_after("4 G n");
    press(&mut app, "Tab Tab 2 5 Tab C o a c h Enter");
    let (change, _) = save(&mut app);
    let Change::Edit {
        record: Record::Expense(added),
        ..
    } = change
    else {
        panic!("an expense")
    };
    assert_eq!(
        app.budget.listing.selected_row().map(|r| r.id),
        Some(added.id)
    );
    press(&mut app, "c");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Coach £25.00 is now committed");
    // The same for a category.
    press(&mut app, "v n C h i l d c a r e Enter");
    save(&mut app);
    press(&mut app, "e");
    let form = screen_of(&app, 80, 24);
    assert!(form.contains("Rename the category Childcare"), "{form}");
}

#[test]
fn an_addition_saved_before_it_arrives_is_selected_when_it_does() {
    use chrono::{TimeZone, Utc};
    use improvers::domain::change::HistoryEntry;
    use improvers::tui::effects::Effect;
    let mut app = app_after("4 G n");
    press(&mut app, "Tab Tab 2 5 Tab C o a c h Enter");
    let effects = app.take_effects();
    let [Effect::Save { change, done }] = effects.as_slice() else {
        panic!("one save: {effects:?}")
    };
    // The store has it; the dashboard hears of it a moment later, as over the socket.
    app.saved(done.clone(), change);
    let before = app.budget.listing.selected_row().map(|r| r.id);
    app.apply_entry(&HistoryEntry {
        seq: 500,
        at: Utc.with_ymd_and_hms(2026, 11, 25, 10, 1, 0).unwrap(),
        user: "sam".into(),
        change: (**change).clone(),
        before: vec![],
    });
    let Change::Edit {
        record: Record::Expense(added),
        ..
    } = &**change
    else {
        panic!("an expense")
    };
    assert_ne!(before, Some(added.id));
    assert_eq!(
        app.budget.listing.selected_row().map(|r| r.id),
        Some(added.id)
    );
}
