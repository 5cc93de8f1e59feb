//! Plain-text report lines fitted to a terminal's width: broken at spaces, continued under
//! their own indent, colour codes taking no room. Every command that prints prose or reports
//! (`status`, `match`, `check`, `backups`, `export person`, `forget`, `init`) fits its text to
//! [`print_width`], so none prints a line wider than the screen it is read on.

use unicode_width::UnicodeWidthChar;

/// The width in columns to print for: the terminal's, else `COLUMNS` (a whole number above
/// zero), else 80, the width a report piped to a file or a mail reads well at.
pub fn width_from(terminal: Option<u16>, columns: Option<&str>) -> usize {
    terminal
        .filter(|w| *w > 0)
        .map(usize::from)
        .or_else(|| {
            columns
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|w| *w > 0)
        })
        .unwrap_or(80)
}

/// [`width_from`] for standard output as it is now: its terminal's width, else `$COLUMNS`,
/// else 80.
pub fn print_width() -> usize {
    width_from(
        terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0),
        std::env::var("COLUMNS").ok().as_deref(),
    )
}

/// Every line of `text` [`wrap`]ped to `width` columns; a final newline stays.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(&wrap(body, width).join("\n"));
        out.push_str(end);
    }
    out
}

/// `text` fitted to standard output: [`fit`] at [`print_width`].
pub fn fitted(text: &str) -> String {
    fit(text, print_width())
}

/// `line` in pieces of at most `width` columns, broken at spaces; every piece after the first
/// is indented two more than the line, so it reads as the same item. Colour codes take no
/// room. A word longer than a piece is broken where it must be.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    if shown_width(line) <= width {
        return vec![line.to_string()];
    }
    let lead = line.len() - line.trim_start().len();
    let hang = " ".repeat(lead + 2);
    let mut pieces = Vec::new();
    let mut piece = " ".repeat(lead);
    let mut used = lead;
    // Whether `piece` holds anything past its indent.
    let mut holding = false;
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let w = shown_width(word);
        if holding && used + 1 + w > width {
            pieces.push(std::mem::replace(&mut piece, hang.clone()));
            used = hang.len();
            holding = false;
        }
        if holding {
            piece.push(' ');
            used += 1;
        }
        if used + w <= width {
            piece.push_str(word);
            used += w;
            holding = true;
            continue;
        }
        // Longer than a whole piece: as much as fits, then on.
        for ch in word.chars() {
            let cw = UnicodeWidthChar::width(ch).unwrap_or(0);
            if holding && used + cw > width {
                pieces.push(std::mem::replace(&mut piece, hang.clone()));
                used = hang.len();
            }
            piece.push(ch);
            used += cw;
            holding = true;
        }
    }
    pieces.push(piece);
    pieces
}

/// Columns `text` takes on a terminal, leaving out colour codes (`ESC [ ... m`).
pub fn shown_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
            continue;
        }
        width += UnicodeWidthChar::width(ch).unwrap_or(0);
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_decides_then_columns_then_80() {
        assert_eq!(width_from(Some(40), Some("120")), 40);
        assert_eq!(width_from(None, Some("120")), 120);
        assert_eq!(width_from(None, Some("wide")), 80);
        assert_eq!(width_from(None, Some("0")), 80);
        assert_eq!(width_from(None, None), 80);
    }

    #[test]
    fn fitting_wraps_every_line_and_keeps_blank_lines_and_the_last_newline() {
        assert_eq!(
            fit("one two three\n\n  four five\n", 9),
            "one two\n  three\n\n  four\n    five\n"
        );
        assert_eq!(fit("short", 9), "short");
    }

    #[test]
    fn a_long_line_wraps_at_spaces_under_its_own_indent() {
        assert_eq!(
            wrap("  Thu 26 Nov 14:00  Project support: clinic", 20),
            ["  Thu 26 Nov 14:00", "    Project support:", "    clinic"]
        );
        assert_eq!(wrap("short", 20), ["short"]);
    }

    #[test]
    fn colour_codes_take_no_room_and_long_words_break() {
        assert_eq!(shown_width("\x1b[1mCohorts\x1b[0m"), 7);
        let pieces = wrap("  Thameside-Integrated-Care-Board", 12);
        assert!(pieces.iter().all(|p| shown_width(p) <= 12), "{pieces:?}");
        assert_eq!(
            pieces.concat().replace(' ', ""),
            "Thameside-Integrated-Care-Board"
        );
    }
}
