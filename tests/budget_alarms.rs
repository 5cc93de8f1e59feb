//! The budget pane flags a category over its allocation by the same rule `status` uses, even
//! when nothing is allocated to it, and says how to allocate before sharing it out.

mod screen;

use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CategoryId;
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use screen::{demo, now, press, screen_of};

/// The demo with nothing allocated to catering, though catering has been spent.
fn nothing_for_catering() -> Snapshot {
    let mut data = demo();
    let mut budget = data.budget.clone().expect("the demo has a budget");
    budget
        .allocations
        .retain(|a| a.category != CategoryId::CATERING);
    data.apply(&Change::Put(Record::Budget(budget)));
    data
}

#[test]
fn spending_on_a_category_with_nothing_allocated_is_flagged_over() {
    let mut app = App::new(nothing_for_catering(), now());
    press(&mut app, "4");
    let shown = screen_of(&app, 80, 24);
    let catering = shown
        .lines()
        .find(|l| l.contains("Catering"))
        .unwrap_or_else(|| panic!("catering is listed:\n{shown}"));
    assert!(catering.contains("over"), "{shown}");
}

#[test]
fn a_cohorts_share_of_a_category_the_programme_leaves_empty_says_how_to_allocate_it() {
    let mut app = App::new(nothing_for_catering(), now());
    press(&mut app, "4 s Tab Tab Tab 5000 Enter");
    let refused = screen_of(&app, 160, 48);
    assert!(
        refused.contains("the programme allocates nothing to"),
        "{refused}"
    );
    assert!(
        refused.contains("[ to all cohorts, then s sets it"),
        "{refused}"
    );
}
