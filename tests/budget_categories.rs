//! The budget's categories driven like a person would: listing them with `v`, adding one that
//! the forms then offer, renaming one, retiring and bringing one back, and the rules that keep
//! a category in use or relied on from being retired.

mod screen;

use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CategoryId;
use improvers::domain::money::Pence;
use screen::{app_after, press, save, screen_of};

#[test]
fn v_lists_the_categories_with_their_keys_allocations_and_expenses() {
    insta::assert_snapshot!("categories_80x24", screen::screen("4 v", 80, 24));
    insta::assert_snapshot!("categories_160x48", screen::screen("4 z v", 160, 48));
}

#[test]
fn an_added_category_is_offered_by_the_forms_and_counted_in_the_report() {
    let mut app = app_after("4 v n");
    press(&mut app, "C h i l d c a r e Enter");
    let (change, done) = save(&mut app);
    assert_eq!(
        done,
        "Added the category Childcare: give it an allocation with s"
    );
    let Change::Edit {
        record: Record::Category(added),
        based_on: None,
    } = change
    else {
        panic!("a new category, saved only if nobody made it meanwhile: {change:?}")
    };
    assert_eq!((added.id, added.key.as_str()), (CategoryId(6), "childcare"));

    // The grant form (every cohort in view) has a field for it, after the six.
    press(&mut app, "[ [ s");
    let form = screen_of(&app, 80, 30);
    assert!(form.contains("Childcare"), "{form}");
    press(&mut app, "Tab Tab Tab Tab Tab Tab Tab 1 5 0 Enter");
    let (_, done) = save(&mut app);
    assert!(done.starts_with("Saved the grant"), "{done}");
    let budget = app.data.budget.as_ref().unwrap();
    assert_eq!(budget.allocated(added.id), Pence(15_000));
    let report = screen_of(&app, 160, 48);
    assert!(
        report.contains("Childcare") && report.contains("£150.00"),
        "{report}"
    );

    // The expense form offers it as a few letters are typed.
    press(&mut app, "v n Tab C-u child");
    let form = screen_of(&app, 80, 30);
    assert!(form.contains("▸ Childcare"), "{form}");
    press(&mut app, "Tab 4 0 Tab Little Space Acorns Enter");
    let (change, done) = save(&mut app);
    assert_eq!(done, "Added Little Acorns £40.00 (Childcare, estimate)");
    let Change::Edit {
        record: Record::Expense(expense),
        ..
    } = change
    else {
        panic!("an expense")
    };
    assert_eq!(expense.category, added.id);

    // With money in it, it cannot be retired.
    press(&mut app, "v G d");
    let said = format!("{:?}", app.message);
    assert!(
        said.contains(
            "Can't retire Childcare: it still has 1 expense and 1 allocation; move them to \
             another category first."
        ),
        "{said}"
    );
    assert!(app.confirm.is_none());
}

#[test]
fn a_rename_shows_everywhere_and_keeps_the_key() {
    let mut app = app_after("4 v j j j e");
    press(&mut app, "C-u R e f r e s h m e n t s Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Renamed Catering to Refreshments");
    assert_eq!(app.data.categories.key(CategoryId::CATERING), "catering");
    press(&mut app, "v");
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("Refreshments"), "{shown}");
    // The expenses show the new name, and none the old.
    let rows = app.budget.listing.rows();
    assert!(rows.iter().any(|r| &*r.category == "Refreshments"));
    assert!(rows.iter().all(|r| &*r.category != "Catering"));
    // A name another category has is refused, and the form stays open with what was typed.
    press(&mut app, "v j e C-u o t h e r Enter");
    assert!(app.take_effects().is_empty());
    let said = format!("{:?}", app.message);
    assert!(
        said.contains("There is already a category called Other."),
        "{said}"
    );
    assert!(app.form.is_some());
}

#[test]
fn a_category_nothing_uses_is_retired_after_asking_and_comes_back() {
    let mut app = app_after("4 v n");
    press(&mut app, "T r a i n i n g Enter");
    save(&mut app);
    // Relied on by the costs that follow from sessions: never retired.
    press(&mut app, "g d");
    let said = format!("{:?}", app.message);
    assert!(
        said.contains("Can't retire Venue hire: venue hire proposed from sessions is put in it."),
        "{said}"
    );
    press(&mut app, "G d");
    let question = app.confirm.as_ref().map(|c| c.question.clone());
    assert_eq!(
        question.as_deref(),
        Some("Retire Training? It leaves the forms; d brings it back. (u undoes it)")
    );
    press(&mut app, "y");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Retired the category Training");
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("retired"), "{shown}");
    // Not offered for a new expense any more.
    press(&mut app, "v n");
    let form = format!("{:?}", app.form);
    assert!(!form.contains("Training"), "{form}");
    press(&mut app, "Esc v");
    // d on a retired one brings it back at once.
    press(&mut app, "G d");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Brought back the category Training");
    assert!(app.data.categories.find("training").is_ok());
}

#[test]
fn enter_on_a_category_lists_its_expenses() {
    let app = app_after("4 v j Enter");
    let rows = app.budget.listing.rows();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| &*r.category == "Speaker travel"),
        "{rows:?}"
    );
    assert!(screen_of(&app, 160, 48).contains("only Speaker travel"));
}

#[test]
fn the_categories_list_offers_only_the_keys_that_work_on_it() {
    let mut app = app_after("4 v");
    let footer = screen_of(&app, 80, 24);
    let last = footer.lines().last().unwrap_or_default().to_string();
    assert!(!last.contains("commit") && !last.contains("sort"), "{last}");
    assert!(last.contains("u undo") || last.contains("? keys"), "{last}");
    // An expense key is explained rather than acting on a hidden expense.
    let before = app.data.clone();
    press(&mut app, "c");
    assert!(app.take_effects().is_empty());
    let said = format!("{:?}", app.message);
    assert!(
        said.contains("That works on the expenses; v shows them again."),
        "{said}"
    );
    assert_eq!(app.data, before);
}

#[test]
fn a_large_allocation_is_shown_whole_in_the_categories_list_and_the_table() {
    use improvers::domain::budget::{Allocation, Budget};
    use improvers::tui::app::App;
    let mut data = screen::demo();
    data.budget = Some(Budget {
        total: Pence(2_000_000_000),
        allocations: vec![Allocation {
            category: CategoryId::VENUE_HIRE,
            amount: Pence(1_770_400_000),
        }],
    });
    for (keys, width, height) in [("4 v", 80, 24), ("4 v", 160, 48), ("4", 80, 24)] {
        let mut app = App::new(data.clone(), screen::now());
        press(&mut app, keys);
        let shown = screen_of(&app, width, height);
        assert!(
            shown.contains("£17,704,000.00"),
            "{keys} at {width}x{height}:\n{shown}"
        );
    }
}

#[test]
fn a_category_over_its_allocation_never_reads_as_a_full_hundred_percent() {
    use improvers::domain::budget::CategoryLine;
    let line = |allocated: i64, paid: i64| CategoryLine {
        category: CategoryId::MATERIALS,
        name: "Materials".into(),
        key: "materials".into(),
        allocated: Pence(allocated),
        paid: Pence(paid),
        committed: Pence(0),
        estimated: Pence(0),
    };
    // £3,003.09 of £3,000.00: over by £3.09.
    assert_eq!(line(300_000, 300_309).used_words(), "101%");
    assert_eq!(line(300_000, 300_000).used_words(), "100%");
    assert_eq!(line(300_000, 299_999).used_words(), "99%");
    assert_eq!(line(652_000, 600_000).used_words(), "92%");
    // Spending against nothing allocated is over it, in words, here as in `status`.
    assert_eq!(line(0, 500).used_words(), "over");
    assert_eq!(line(0, 0).used_words(), "—");
}
