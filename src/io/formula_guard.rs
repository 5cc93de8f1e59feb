//! Keeping spreadsheets from reading a CSV cell as a formula: a cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return is written with an apostrophe in front, and import
//! takes exactly that apostrophe off again, so an export imports back byte for byte.
//!
//! The characters are those OWASP's "CSV Injection" page lists as starting a formula in Excel,
//! LibreOffice and Google Sheets; the apostrophe is its advice for the guard. A phone number
//! such as `+44 20 7946 0000` thus stays text, and `=HYPERLINK(…)` in a name stays a name.

/// Whether a spreadsheet may read a cell starting with `c` as a formula.
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Whether `value`, after any apostrophes it starts with, starts like a formula. The
/// apostrophes are looked past so that a value that itself starts `'=` is guarded too and
/// comes back with its own apostrophe.
fn needs_guard(value: &str) -> bool {
    value.trim_start_matches('\'').starts_with(starts_formula)
}

/// `value` as written to a free-text cell: with one apostrophe added when it would start like
/// a formula, as it is otherwise.
pub(crate) fn guard(value: &str) -> String {
    if needs_guard(value) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// A cell as read from a file: one leading apostrophe taken off when what follows it starts
/// like a formula (see [`guard`]); any other value (`'Tis`, `O'Neil`, `'`) as it is.
pub(crate) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_start_like_a_formula_get_an_apostrophe() {
        for value in [
            "=1+1",
            "+44 20 7946 0000",
            "-2 stone",
            "@home",
            "\tindented",
            "\rreturn",
            "'=already quoted",
            "''+twice",
        ] {
            let written = guard(value);
            assert_eq!(written, format!("'{value}"));
            assert_eq!(unguard(&written), value, "{value:?} comes back as it was");
        }
    }

    #[test]
    fn other_cells_are_untouched_both_ways() {
        for value in [
            "'Tis the season",
            "O'Neil",
            "'",
            "''",
            "Ward 4 - east",
            "",
            "3=3",
        ] {
            assert_eq!(guard(value), value);
            assert_eq!(unguard(value), value);
        }
    }
}
