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
    let rows = |l: &Line| wrapped_lines(&l.to_string(), width) as u16;
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
