//! Fitting text into cells: display width, not bytes or chars, decides what fits.

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cuts `text` to at most `width` columns, ending with `…` when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// `line` cut to `width` columns, its last visible span ending with `…` when something was
/// cut, each span keeping its style.
pub fn fit_line(line: Line<'_>, width: usize) -> Line<'static> {
    let mut left = width;
    let mut spans = Vec::new();
    let total: usize = line.spans.iter().map(|s| s.content.width()).sum();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let content = if total > width {
            let cut = span.content.width() >= left;
            let text = if cut {
                fit(&span.content, left)
            } else {
                span.content.to_string()
            };
            // A span that ends exactly at the edge still needs the ellipsis: more follows.
            if cut && !text.ends_with('…') {
                fit(&format!("{text}…"), left)
            } else {
                text
            }
        } else {
            span.content.to_string()
        };
        left = left.saturating_sub(content.width());
        spans.push(Span::styled(content, span.style));
    }
    Line::from(spans)
}

/// How many lines `text` takes wrapped word by word into `width` columns, as a paragraph that
/// wraps and trims does (a word wider than a line is broken across lines). At least 1.
pub fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        let needed = if used == 0 { w } else { used + 1 + w };
        if needed <= width {
            used = needed;
        } else if w <= width {
            lines += usize::from(used > 0);
            used = w;
        } else {
            // Broken across lines: whatever is left over starts the next word's line.
            lines += usize::from(used > 0) + (w - 1) / width;
            used = (w - 1) % width + 1;
        }
    }
    lines
}

/// `text` as one line per line it was written in, so a note typed or imported over several
/// lines (`\n`, `\r\n` or a lone `\r`) is shown as it was written rather than run together;
/// a paragraph that wraps then wraps each. The first line follows `prefix` (a label, a date),
/// the rest start at the left edge. Always at least one line.
pub fn text_lines(prefix: Vec<Span<'static>>, text: &str) -> Vec<Line<'static>> {
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut parts = normal.split('\n');
    let first = parts.next().unwrap_or_default();
    let mut head = prefix;
    head.push(Span::raw(first.to_string()));
    let mut lines = vec![Line::from(head)];
    lines.extend(parts.map(|part| Line::raw(part.to_string())));
    lines
}

/// `text` on one line for a table cell, its line breaks shown as ` / ` so the words on either
/// side stay apart.
pub fn one_line(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// A bar of `width` cells filled in proportion to `part / whole`, with eighths for precision.
pub fn bar(part: i64, whole: i64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if width == 0 {
        return String::new();
    }
    let ratio = if whole <= 0 {
        if part > 0 { 1.0 } else { 0.0 }
    } else {
        (part.max(0) as f64 / whole as f64).min(1.0)
    };
    let eighths = (ratio * width as f64 * 8.0).round() as usize;
    let full = eighths / 8;
    let mut out = "█".repeat(full.min(width));
    if full < width {
        let rest = eighths % 8;
        if rest > 0 {
            out.push(EIGHTHS[rest]);
        }
        let shown = out.chars().count();
        out.push_str(&" ".repeat(width - shown));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_count_whole_words_per_line() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two", 7), 1);
        assert_eq!(wrapped_lines("one two", 6), 2);
        assert_eq!(wrapped_lines("aaaa bbbb cccc", 9), 2);
        assert_eq!(wrapped_lines("abcdefghij", 4), 3);
        assert_eq!(wrapped_lines("x abcdefghij", 4), 4);
    }

    #[test]
    fn text_written_over_lines_keeps_its_lines() {
        let shown: Vec<String> = text_lines(
            vec![Span::raw("Notes ")],
            "Prefers mornings\r\nvegetarian\rno nuts",
        )
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(shown, ["Notes Prefers mornings", "vegetarian", "no nuts"]);
        assert_eq!(one_line("Room 4\r\n\r\nfloor 2"), "Room 4 / floor 2");
    }

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("Siân O'Connor", 20), "Siân O'Connor");
        assert_eq!(fit("Riverside University Hospitals", 10), "Riverside…");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn a_line_is_cut_at_the_edge_with_an_ellipsis_and_keeps_its_styles() {
        use ratatui::style::Style;
        let line = Line::from(vec![
            Span::styled("Forecast ", Style::new().bold()),
            Span::raw("£20,798.30 of £60,000.00"),
        ]);
        let cut = fit_line(line.clone(), 15);
        assert_eq!(cut.to_string(), "Forecast £20,7…");
        assert_eq!(cut.spans[0].style, Style::new().bold());
        assert_eq!(fit_line(line.clone(), 9).to_string(), "Forecast…");
        assert_eq!(fit_line(line.clone(), 80).to_string(), line.to_string());
        assert_eq!(fit_line(line, 0).to_string(), "");
    }

    #[test]
    fn bars_fill_in_proportion() {
        assert_eq!(bar(50, 100, 10), "█████     ");
        assert_eq!(bar(100, 100, 4), "████");
        assert_eq!(bar(300, 100, 4), "████");
        assert_eq!(bar(0, 100, 4), "    ");
        assert_eq!(bar(1, 16, 2), "▏ ");
        assert_eq!(bar(5, 0, 3), "███");
        assert_eq!(bar(5, 100, 0), "");
    }
}
