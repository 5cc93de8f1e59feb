//! Small terminals (40×12, a phone over SSH): a pane leaves out whole columns that do not fit
//! rather than cutting a figure in the middle.

mod screen;

use screen::{app_after, screen_of};

/// Every money figure on `shown`, with what is around it: "£1,234.56" or "-£240.00".
fn figures(shown: &str) -> Vec<String> {
    shown
        .split(|c: char| c.is_whitespace() || c == '│' || c == '┃' || c == '"')
        .filter(|w| w.contains('£'))
        .map(str::to_string)
        .collect()
}

/// A figure is whole when it ends in pence, as every amount is shown.
fn whole(figure: &str) -> bool {
    let digits = figure.trim_start_matches('-').trim_start_matches('£');
    figure.trim_start_matches('-').starts_with('£')
        && digits.rsplit_once('.').is_some_and(|(pounds, pence)| {
            !pounds.is_empty()
                && pounds.chars().all(|c| c.is_ascii_digit() || c == ',')
                && pence.len() == 2
                && pence.chars().all(|c| c.is_ascii_digit())
        })
}

#[test]
fn at_40_by_12_every_pane_shows_whole_figures_or_none() {
    for pane in ["1", "2", "3", "4"] {
        let shown = screen_of(&app_after(pane), 40, 12);
        let cut: Vec<String> = figures(&shown).into_iter().filter(|f| !whole(f)).collect();
        assert!(cut.is_empty(), "pane {pane}: cut figures {cut:?}\n{shown}");
    }
    insta::assert_snapshot!("budget_40x12", screen_of(&app_after("4"), 40, 12));
}

#[test]
fn at_40_by_12_the_roster_gives_names_room_before_the_organisation() {
    let shown = screen_of(&app_after("1"), 40, 12);
    // Before, names were cut to seven characters ("Arjun S") while Stage kept twelve.
    assert!(shown.contains("Arjun Sethurama"), "names still cut short:\n{shown}");
    assert!(!shown.contains("Organisation"), "{shown}");
    insta::assert_snapshot!("roster_40x12", shown);
}
