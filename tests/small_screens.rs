//! Small terminals (40×12, a phone over SSH): a pane leaves out whole columns that do not fit
//! rather than cutting a figure in the middle.

mod screen;

use screen::{app_after, screen_of};

/// Every money figure on `shown`, with what is around it: "£1,234.56" or "-£240.00".
fn figures(shown: &str) -> Vec<String> {
    shown
        .split(|c: char| c.is_whitespace() || c == '│' || c == '┃' || c == '"')
        .filter(|w| w.contains('£'))
        // Punctuation after a figure in a sentence is not part of it.
        .map(|w| w.trim_end_matches([',', ':', ';']).to_string())
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
    assert!(
        shown.contains("Arjun Sethurama"),
        "names still cut short:\n{shown}"
    );
    assert!(!shown.contains("Organisation"), "{shown}");
    insta::assert_snapshot!("roster_40x12", shown);
}

#[test]
fn at_40_by_12_the_budget_shows_the_expense_that_c_would_commit() {
    let shown = screen_of(&app_after("4"), 40, 12);
    // The categories collapse to one line of totals so the list of expenses has room.
    assert!(shown.contains("Expenses 53 of 53"), "{shown}");
    assert!(
        shown.contains("▶ 17 Nov"),
        "no expense selected in view:\n{shown}"
    );
    assert!(shown.contains("Allocated £50,100.00"), "{shown}");
}

/// The rows of `shown` from column `from` on, with the pane's borders and quotes taken off,
/// joined by spaces, so a note wrapped over two rows reads as one sentence.
fn joined(shown: &str, from: usize) -> String {
    shown
        .lines()
        .map(|l| l.trim_matches('"').chars().skip(from).collect::<String>())
        .map(|l| l.trim_matches(['┃', '│', ' ']).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_budgets_notes_are_wrapped_whole_at_80_by_24_and_in_the_160_by_48_quarter() {
    // At 160x48 the budget is the lower right quarter.
    for (w, h, from) in [(80, 24, 0), (160, 48, 80)] {
        let shown = screen_of(&app_after("4"), w, h);
        let text = joined(&shown, from);
        for whole in [
            "£39,201.70 left (paid, committed and estimated)",
            "£4,244.40 committed, £409.00 estimated)",
            "over its allocation of £6,000.00",
        ] {
            assert!(text.contains(whole), "at {w}x{h} cut: {whole}\n{shown}");
        }
    }
}
