//! A question waiting for y or n, drawn in the footer: however long the question and however
//! narrow the terminal, it wraps word by word and the answers `y yes  n no` stay in view on its
//! last line, since a question whose answers are cut off cannot be answered knowingly.

use super::text::fit;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// The answers, as the footer writes them after every question.
pub const ANSWERS: &str = "y yes  n no";

/// The question's text wrapped into `width` columns in at most `most` lines (at least one),
/// each line starting with a space, the last leaving room for a space and [`ANSWERS`]. When
/// even that many lines cannot hold it, the last one ends with `…`.
pub fn question_lines(question: &str, width: usize, most: usize) -> Vec<String> {
    let most = most.max(1);
    // One column of margin at the left, as every footer line has.
    let room = width.saturating_sub(1).max(1);
    let answers = ANSWERS.width() + 1;
    let mut lines = wrap(question, room);
    let last_fits = lines
        .last()
        .is_some_and(|l| l.width() + answers <= room || l.is_empty());
    if !last_fits {
        // The answers take a line of their own.
        lines.push(String::new());
    }
    if lines.len() > most {
        lines.truncate(most);
        let cut = room.saturating_sub(answers);
        if let Some(last) = lines.last_mut() {
            // Something always follows, so the ellipsis says the question goes on.
            *last = fit(&format!("{last}…"), cut.max(1));
            if !last.ends_with('…') {
                last.push('…');
            }
        }
    }
    lines.into_iter().map(|l| format!(" {l}")).collect()
}

/// How many footer lines `question` needs in `width` columns, given at most `most`.
pub fn height(question: &str, width: usize, most: usize) -> u16 {
    u16::try_from(question_lines(question, width, most).len()).unwrap_or(u16::MAX)
}

/// Draws `question` and its answers filling `area`.
pub fn render(question: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = question_lines(question, usize::from(area.width), usize::from(area.height));
    let count = lines.len();
    let drawn: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let alone = text.trim().is_empty();
            let mut spans = vec![Span::styled(text, theme.warning())];
            if i + 1 == count {
                // On a line of their own the answers line up with the question above.
                spans.extend([
                    Span::raw(if alone { "" } else { " " }),
                    Span::styled("y", theme.key()),
                    Span::raw(" yes  "),
                    Span::styled("n", theme.key()),
                    Span::raw(" no"),
                ]);
            }
            Line::from(spans)
        })
        .collect();
    Paragraph::new(drawn).render(area, buf);
}

/// `text` wrapped word by word into lines of at most `width` columns; a word wider than a line
/// is broken across lines.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let current = lines.last().map_or(0, |l| l.width());
        let needed = if current == 0 {
            word.width()
        } else {
            current + 1 + word.width()
        };
        if needed <= width {
            if let Some(line) = lines.last_mut() {
                if current > 0 {
                    line.push(' ');
                }
                line.push_str(word);
            }
            continue;
        }
        if current > 0 {
            lines.push(String::new());
        }
        for ch in word.chars() {
            let used = lines.last().map_or(0, |l| l.width());
            if used + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) > width {
                lines.push(String::new());
            }
            if let Some(line) = lines.last_mut() {
                line.push(ch);
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "Delete Larkspur Conference Centre? It is the venue of 12 sessions \
        (Project showcase, QI skills day 2, Themed learning: flow, and 9 more) and 3 \
        expenses; they keep their dates but lose their venue.";

    #[test]
    fn a_short_question_keeps_its_answers_on_the_same_line() {
        assert_eq!(question_lines("Undo “ticked”?", 80, 6), [" Undo “ticked”?"]);
    }

    #[test]
    fn a_long_question_wraps_whole_with_room_for_the_answers() {
        for width in [40, 60, 80] {
            let lines = question_lines(LONG, width, 20);
            let said: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
            let asked: Vec<&str> = LONG.split_whitespace().collect();
            assert_eq!(said, asked, "every word is shown at {width}");
            assert!(lines.iter().all(|l| l.width() <= width));
            let last = lines.last().unwrap();
            assert!(last.width() + 1 + ANSWERS.width() <= width, "{lines:?}");
        }
    }

    #[test]
    fn a_question_too_long_for_its_lines_is_cut_before_the_answers() {
        let lines = question_lines(LONG, 40, 3);
        assert_eq!(lines.len(), 3);
        let last = lines.last().unwrap();
        assert!(last.ends_with('…'), "{lines:?}");
        assert!(last.width() + 1 + ANSWERS.width() <= 40, "{lines:?}");
        assert_eq!(question_lines(LONG, 40, 0).len(), 1);
    }

    #[test]
    fn a_word_wider_than_the_footer_is_broken_not_lost() {
        let word = "x".repeat(100);
        let lines = question_lines(&word, 40, 10);
        let joined: String = lines.iter().map(|l| l.trim()).collect();
        assert_eq!(joined, word);
    }
}
