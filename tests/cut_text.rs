//! Text that does not fit is never cut without a sign: it wraps, or ends with `…`; and what
//! a list is sorted by is said even when that column is not shown.

mod screen;

use screen::{app_after, press, screen, screen_of};

#[test]
fn the_intake_ends_cut_rows_with_an_ellipsis_and_gives_the_selected_reason_whole() {
    let mut app = app_after("] i");
    let Some(view) = app.intake.as_ref() else {
        panic!("i opens the suggested intake");
    };
    let candidates = view.candidates.clone();
    let shown = screen_of(&app, 80, 24);
    for c in &candidates {
        let whole = format!("{}: {}, {}", c.name, c.profession, c.organisation);
        if let Some(row) = shown.lines().find(|l| l.contains(&c.name)) {
            assert!(
                row.contains(&whole) || row.contains('…'),
                "{} is cut without …: {row}",
                c.name
            );
        }
    }
    insta::assert_snapshot!("intake_80x24", shown);
    // The first one left out, selected: why is said whole, above the list.
    let Some(at) = candidates
        .iter()
        .position(|c| !c.chosen && c.left_out_because.is_some())
    else {
        panic!("the demo's cohort 3 leaves somebody out");
    };
    press(&mut app, &"j ".repeat(at));
    let shown = screen_of(&app, 80, 24);
    let c = &candidates[at];
    let why = c.left_out_because.clone().unwrap_or_default();
    let said: String = shown
        .lines()
        .map(|l| l.trim_matches('"').trim_matches(|c| "┃│┏┗ ".contains(c)))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        said.contains(&format!("{} is left out: {why}", c.name)),
        "{shown}"
    );
    insta::assert_snapshot!("intake_left_out_80x24", shown);
}

#[test]
fn roster_says_what_it_is_sorted_by_when_that_column_is_hidden() {
    // At 80 columns the roster shows name, organisation, stage and readiness.
    let by_profession = screen("1 o", 80, 24);
    assert!(
        by_profession.contains("by profession (not a column at this width)"),
        "{by_profession}"
    );
    let by_mentor = screen("1 o o o o", 80, 24);
    assert!(
        by_mentor.contains("by mentor (not a column at this width)"),
        "{by_mentor}"
    );
    insta::assert_snapshot!("roster_by_mentor_80x24", by_mentor);
    // Wide enough, the column is there and nothing more needs saying.
    let wide = screen("1 z o", 160, 48);
    assert!(wide.contains("by profession ↑"), "{wide}");
    insta::assert_snapshot!("roster_by_profession_160x48", wide);
}
