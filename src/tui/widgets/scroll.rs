//! A view taller than its area, shown a page at a time with a last row saying what else there
//! is and which key reaches it.

use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// `lines` wrapped to `area`'s width and cut to its height from `scroll` (held to the last
/// page), the last row saying what is above or below and how to reach it when not all fits.
pub fn scrolled<'a>(
    lines: Vec<Line<'a>>,
    area: Rect,
    scroll: &std::cell::Cell<u16>,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let width = usize::from(area.width.max(1));
    let height = usize::from(area.height);
    let mut rows: Vec<Line<'a>> = Vec::new();
    for line in lines {
        rows.extend(wrap_line(line, width));
    }
    if rows.len() <= height || height < 2 {
        scroll.set(0);
        return rows;
    }
    // The last row tells what else there is, so a page holds one row fewer.
    let page = height - 1;
    let last_start = rows.len() - page;
    let start = usize::from(scroll.get()).min(last_start);
    scroll.set(u16::try_from(start).unwrap_or(u16::MAX));
    let mut shown: Vec<Line<'a>> = rows.into_iter().skip(start).take(page).collect();
    let hint = match (start > 0, start < last_start) {
        (true, true) => "… PgDn more below · PgUp back up",
        (false, true) => "… PgDn more below",
        _ => "PgUp back up",
    };
    shown.push(Line::styled(hint, theme.dim()));
    shown
}

/// `line` broken at word boundaries into rows of at most `width` columns, each keeping its
/// spans' styles; a word wider than a row is cut across rows.
fn wrap_line(line: Line<'_>, width: usize) -> Vec<Line<'static>> {
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
