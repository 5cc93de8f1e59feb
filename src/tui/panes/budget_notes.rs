//! The budget pane's notes above the expenses (the grant's forecast, the cohort's, the first
//! policy finding): wrapped whole rather than cut, said shorter when the pane is short.

use crate::tui::widgets::text::{fit_line, wrapped_lines};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// One note, in full and said shorter (the same figures, fewer words).
pub struct Note {
    pub full: Line<'static>,
    pub short: Line<'static>,
}

/// Draws `notes` in order at the top of `area`, each wrapped word by word, in full when it fits
/// in the `room` rows still free, else shorter; the first that fits neither way and those
/// after it are left out, so no note is cut in the middle of a figure. Only when not even the
/// first fits is it shown cut to one line. Returns the rows used (at most `room`).
pub fn render_notes(notes: Vec<Note>, room: u16, area: Rect, buf: &mut Buffer) -> u16 {
    let width = usize::from(area.width);
    let rows = |l: &Line| wrapped_lines(&spaced(&l.to_string()), width) as u16;
    let mut lines: Vec<Line> = Vec::new();
    let mut used = 0;
    for note in notes {
        let short = note.short.clone();
        let chosen = [note.full, note.short]
            .into_iter()
            .find(|l| used + rows(l) <= room);
        match chosen {
            Some(line) => {
                used += rows(&line);
                lines.push(line);
            }
            None if lines.is_empty() && room > 0 => {
                Paragraph::new(fit_line(short, width)).render(Rect { height: 1, ..area }, buf);
                return 1;
            }
            None => break,
        }
    }
    Paragraph::new(lines).wrap(Wrap { trim: true }).render(
        Rect {
            height: used,
            ..area
        },
        buf,
    );
    used
}

/// `text` with each space after the first of a run made visible, so a label padded to line up
/// ("Cohort   ") is measured as wide as it is drawn: the paragraph keeps such runs, while
/// counting lines word by word would fold them into one space.
fn spaced(text: &str) -> String {
    let mut after_space = false;
    text.chars()
        .map(|c| {
            let shown = if c == ' ' && after_space { '_' } else { c };
            after_space = c == ' ';
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    fn note(text: &str) -> Note {
        Note {
            full: Line::from(Span::raw(text.to_string())),
            short: Line::from(Span::raw(text.to_string())),
        }
    }

    #[test]
    fn a_padded_label_is_measured_as_drawn_so_its_last_word_is_not_lost() {
        // 40 columns drawn, 38 if the padding were folded: two rows, not one.
        let area = Rect::new(0, 0, 38, 4);
        let mut buf = Buffer::empty(area);
        let used = render_notes(
            vec![note("Cohort   Cohort 1 — 2026: £0.00 forecast")],
            4,
            area,
            &mut buf,
        );
        assert_eq!(used, 2);
        let second: String = (0..38).map(|x| buf[(x, 1)].symbol().to_string()).collect();
        assert_eq!(second.trim(), "forecast");
    }

    #[test]
    fn a_note_that_does_not_fit_is_left_out_whole() {
        let area = Rect::new(0, 0, 20, 2);
        let mut buf = Buffer::empty(area);
        let notes = vec![
            note("Forecast £1.00"),
            note("Cohort 1: £2.00 forecast, over"),
        ];
        assert_eq!(render_notes(notes, 2, area, &mut buf), 1);
    }
}
