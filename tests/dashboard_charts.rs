//! The roster's pathway funnel: drawn where the pane has room for it (zoomed on a large
//! terminal), never squeezed into a small one.

mod screen;

use improvers::domain::people::funnel::funnel;
use improvers::domain::people::pathway::PathwayStage;
use improvers::domain::people::roster::{CohortFilter, roster};
use screen::{app_after, demo, now, screen_of};

#[test]
fn a_zoomed_roster_on_a_large_terminal_shows_where_the_cohort_stands() {
    let app = app_after("1 z");
    let wide = screen_of(&app, 160, 48);
    assert!(wide.contains("Pathway now"), "{wide}");
    let data = demo();
    let cohort = data
        .cohorts
        .values()
        .find(|c| c.number == 2)
        .map(|c| c.id)
        .unwrap();
    let counted = funnel(&roster(&data, CohortFilter::Cohort(cohort), now()));
    let active = counted
        .stages
        .iter()
        .find(|(s, _)| *s == PathwayStage::Active)
        .map(|(_, n)| *n)
        .unwrap();
    assert!(active > 0, "the demo's cohort 2 has active participants");
    // The bar of a stage starts on the line that names it, with its count.
    assert!(
        wide.contains(&format!("Active       {active}█")),
        "no bar of {active} for Active in:\n{wide}"
    );
    assert!(wide.contains("Joined Q     0"), "{wide}");
    insta::assert_snapshot!("roster_funnel_zoomed_160x48", wide);
}

#[test]
fn the_funnel_is_left_out_where_there_is_no_room_for_it() {
    for (script, width, height) in [("1", 80, 24), ("1", 160, 48), ("1 z", 120, 30)] {
        let text = screen_of(&app_after(script), width, height);
        assert!(
            !text.contains("Pathway now"),
            "{script} at {width}×{height}:\n{text}"
        );
    }
}
