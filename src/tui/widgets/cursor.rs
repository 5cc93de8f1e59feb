//! Where the selection is in any list the dashboard shows, and how the list keys move it: the
//! panes' lists, history, the suggested intake and attendance all move the same way, so `g`
//! and `G` (and paging) cannot work in one list and not in another.

use crate::tui::action::Action;
use std::cell::Cell;
use std::ops::Range;

/// A selected position in a list of some length (the length is the list's business and is
/// passed in, so one cursor serves a filtered list as well as a plain one), and the first row
/// in view.
#[derive(Debug, Clone)]
pub struct Cursor {
    at: usize,
    /// First row in view, as last scrolled; drawing keeps the selection in view from here.
    offset: usize,
    /// Rows in view when last drawn, so paging moves by a screenful.
    viewport: Cell<usize>,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            at: 0,
            offset: 0,
            viewport: Cell::new(10),
        }
    }
}

/// Whether `action` is one of the moves every list answers to.
pub fn is_movement(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown
    )
}

impl Cursor {
    /// The selected position (0 in an empty list).
    pub fn at(&self) -> usize {
        self.at
    }

    /// Selects `at`, kept within a list of `len`.
    pub fn set(&mut self, at: usize, len: usize) {
        self.at = at;
        self.clamp(len);
    }

    /// Keeps the selection inside a list that now has `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.at = self.at.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.at);
    }

    /// Moves the selection in a list of `len` rows: one up or down, to the top or bottom, or a
    /// screenful; other actions do nothing. Returns whether anything changed.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = self.viewport.get().max(1);
        let before = (self.at, self.offset);
        self.at = match action {
            Action::Up => self.at.saturating_sub(1),
            Action::Down => (self.at + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageUp => self.at.saturating_sub(page),
            Action::PageDown => (self.at + page).min(last),
            _ => self.at,
        };
        self.offset = self.window_start(page, len);
        before != (self.at, self.offset)
    }

    /// Where the view starts for `height` rows: the last scroll position, moved just enough to
    /// keep the selection in view.
    fn window_start(&self, height: usize, len: usize) -> usize {
        let height = height.max(1);
        let lowest = (self.at + 1).saturating_sub(height);
        let start = self.offset.clamp(lowest, self.at);
        start.min(len.saturating_sub(height))
    }

    /// The rows of a list of `len` to draw in `height` lines (remembered, so paging moves by
    /// what was last shown), and which of them is selected.
    pub fn window(&self, height: usize, len: usize) -> (Range<usize>, Option<usize>) {
        self.viewport.set(height);
        if len == 0 || height == 0 {
            return (0..0, None);
        }
        let start = self.window_start(height, len);
        let end = (start + height).min(len);
        (start..end, Some(self.at.min(len - 1) - start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_move_stays_inside_the_list() {
        let mut cursor = Cursor::default();
        assert!(!cursor.apply(Action::Up, 5));
        assert!(cursor.apply(Action::Bottom, 5));
        assert_eq!(cursor.at(), 4);
        assert!(!cursor.apply(Action::Down, 5));
        assert!(cursor.apply(Action::Top, 5));
        assert_eq!(cursor.at(), 0);
        // An empty list has nowhere to go.
        assert!(!cursor.apply(Action::Bottom, 0));
        assert_eq!(cursor.window(3, 0), (0..0, None));
    }

    #[test]
    fn paging_moves_by_what_was_last_shown() {
        let mut cursor = Cursor::default();
        cursor.window(4, 20);
        cursor.apply(Action::PageDown, 20);
        assert_eq!(cursor.at(), 4);
        assert_eq!(cursor.window(4, 20), (1..5, Some(3)));
        cursor.apply(Action::Bottom, 20);
        assert_eq!(cursor.window(4, 20), (16..20, Some(3)));
        cursor.apply(Action::PageUp, 20);
        assert_eq!(cursor.at(), 15);
    }

    #[test]
    fn a_shorter_list_pulls_the_selection_back() {
        let mut cursor = Cursor::default();
        cursor.apply(Action::Bottom, 9);
        cursor.clamp(3);
        assert_eq!(cursor.at(), 2);
        assert_eq!(cursor.window(10, 3), (0..3, Some(2)));
    }
}
