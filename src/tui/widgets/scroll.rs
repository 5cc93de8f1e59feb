//! Styled lines broken into rows of a window's width, for views that scroll (a person's
//! story) and draw only the rows in view.

use ratatui::text::{Line, Span};

/// `line` broken at word boundaries into rows of at most `width` columns, each keeping its
/// spans' styles; a word wider than a row is cut across rows.
pub(crate) fn wrap_line(line: Line<'_>, width: usize) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthChar;
    let mut rows = vec![Line::default()];
    let mut used = 0;
    for span in line.spans {
        // A line drawn in one style (a heading) carries it on the line, not its spans.
        let style = line.style.patch(span.style);
        for word in span.content.split_inclusive(' ') {
            let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            if used > 0 && used + w.min(width) > width && word.trim_end().chars().count() > 0 {
                rows.push(Line::default());
                used = 0;
            }
            let mut piece = String::new();
            for ch in word.chars() {
                let cw = ch.width().unwrap_or(0);
                if used + cw > width {
                    if let Some(row) = rows.last_mut() {
                        row.spans
                            .push(Span::styled(std::mem::take(&mut piece), style));
                    }
                    rows.push(Line::default());
                    used = 0;
                }
                piece.push(ch);
                used += cw;
            }
            if let Some(row) = rows.last_mut() {
                row.spans.push(Span::styled(piece, style));
            }
        }
    }
    rows
}
