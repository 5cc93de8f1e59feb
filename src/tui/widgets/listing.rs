//! A filterable, scrollable list of rows that draws only the rows in view, so a pane with
//! 10,000 rows costs the same to draw as one with 20.

use super::cursor::Cursor;
use crate::domain::text::fold;
use crate::tui::action::Action;
use std::ops::Range;

/// A row that can be followed across refreshes.
pub trait ListRow {
    /// A stable identity, so the selection stays on the same thing when data changes.
    fn identity(&self) -> u64;
}

/// A row that carries the text `/` searches. Rows that keep only ids (the expenses, which
/// can number 100,000) are searched with text the pane looks up instead.
pub trait Searchable: ListRow {
    /// The text the filter searches; case and accents do not matter.
    fn haystack(&self) -> String;
}

#[derive(Debug, Clone)]
pub struct Listing<T> {
    rows: Vec<T>,
    /// Each row's search text, folded once per set of rows (and only once someone filters)
    /// rather than on every key.
    haystacks: Vec<String>,
    /// Indices into `rows` that pass the filter, in order.
    visible: Vec<usize>,
    filter: String,
    /// The selection, as a position in `visible`.
    cursor: Cursor,
}

impl<T> Default for Listing<T> {
    fn default() -> Self {
        Listing {
            rows: Vec::new(),
            haystacks: Vec::new(),
            visible: Vec::new(),
            filter: String::new(),
            cursor: Cursor::default(),
        }
    }
}

impl<T: Searchable> Listing<T> {
    pub fn new(rows: Vec<T>) -> Listing<T> {
        let mut listing = Listing::default();
        listing.replace_rows(rows);
        listing
    }

    /// Replaces the rows, keeping the selection on the same item when it is still there.
    pub fn replace_rows(&mut self, rows: Vec<T>) {
        self.replace_rows_searching(rows, T::haystack);
    }

    pub fn set_filter(&mut self, text: &str) {
        self.set_filter_searching(text, T::haystack);
    }
}

impl<T: ListRow> Listing<T> {
    /// `replace_rows` for rows searched with `haystack`'s text rather than their own.
    pub fn replace_rows_searching(&mut self, rows: Vec<T>, haystack: impl Fn(&T) -> String) {
        let keep = self.selected_row().map(ListRow::identity);
        self.haystacks.clear();
        self.rows = rows;
        self.refilter(haystack);
        self.reselect(keep);
    }

    /// Takes out the rows whose identities are in `gone`, then puts each of `added` at the
    /// index `place` gives it among the rows as they then are. The other rows keep their search
    /// text, and the selection stays on the same item when it is still there: what
    /// `replace_rows_searching` gives, for a few rows changed in a list of 100,000, without
    /// making every row and its search text again.
    pub fn patch_rows(
        &mut self,
        gone: &[u64],
        added: Vec<T>,
        place: impl Fn(&[T], &T) -> usize,
        haystack: impl Fn(&T) -> String,
    ) {
        let keep = self.selected_row().map(ListRow::identity);
        // Search texts are made only once someone filters; kept in step if they were.
        let searched = !self.haystacks.is_empty() && self.haystacks.len() == self.rows.len();
        for &identity in gone {
            if let Some(at) = self.rows.iter().position(|r| r.identity() == identity) {
                self.rows.remove(at);
                if searched {
                    self.haystacks.remove(at);
                }
            }
        }
        // Room for exactly these: a list of 100,000 rows would otherwise double its buffer.
        self.rows.reserve_exact(added.len());
        for row in added {
            let at = place(&self.rows, &row).min(self.rows.len());
            if searched {
                self.haystacks.insert(at, fold(&haystack(&row)));
            }
            self.rows.insert(at, row);
        }
        if !searched {
            self.haystacks.clear();
        }
        self.refilter(haystack);
        self.reselect(keep);
    }

    /// Every row, to change how it is shown but never what it is or what `/` finds in it.
    pub fn rows_mut(&mut self) -> &mut [T] {
        &mut self.rows
    }

    /// The selection back on the item `keep` when it still shows, else where it was.
    fn reselect(&mut self, keep: Option<u64>) {
        if let Some(id) = keep {
            if let Some(at) = self
                .visible
                .iter()
                .position(|&i| self.rows[i].identity() == id)
            {
                self.cursor.set(at, self.visible.len());
            }
        }
        self.clamp();
    }

    /// `set_filter` for rows searched with `haystack`'s text.
    pub fn set_filter_searching(&mut self, text: &str, haystack: impl Fn(&T) -> String) {
        let keep = self.selected_row().map(ListRow::identity);
        self.filter = text.to_string();
        self.refilter(haystack);
        let at = keep
            .and_then(|id| {
                self.visible
                    .iter()
                    .position(|&i| self.rows[i].identity() == id)
            })
            .unwrap_or(0);
        self.cursor.set(at, self.visible.len());
    }

    fn refilter(&mut self, haystack: impl Fn(&T) -> String) {
        let needle = fold(&self.filter);
        if needle.is_empty() {
            self.visible = (0..self.rows.len()).collect();
            return;
        }
        if self.haystacks.len() != self.rows.len() {
            self.haystacks = self.rows.iter().map(|r| fold(&haystack(r))).collect();
        }
        self.visible = self
            .haystacks
            .iter()
            .enumerate()
            .filter(|(_, haystack)| haystack.contains(&needle))
            .map(|(i, _)| i)
            .collect();
    }

    /// Selects the row with `identity` when it is in view (the filter may hide it); says
    /// whether it did.
    pub fn select_identity(&mut self, identity: u64) -> bool {
        match self
            .visible
            .iter()
            .position(|&i| self.rows[i].identity() == identity)
        {
            Some(at) => {
                self.cursor.set(at, self.visible.len());
                true
            }
            None => false,
        }
    }

    fn clamp(&mut self) {
        self.cursor.clamp(self.visible.len());
    }

    /// Every row, filtered or not, in order.
    pub fn rows(&self) -> &[T] {
        &self.rows
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn len(&self) -> usize {
        self.visible.len()
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    pub fn selected_index(&self) -> Option<usize> {
        (!self.visible.is_empty()).then_some(self.cursor.at())
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.visible.get(self.cursor.at()).map(|&i| &self.rows[i])
    }

    /// Moves the selection as every list does ([`Cursor::apply`]); returns whether anything
    /// changed.
    pub fn apply(&mut self, action: Action) -> bool {
        self.cursor.apply(action, self.visible.len())
    }

    /// The rows to draw in `height` lines, and which of them is selected.
    pub fn window(&self, height: usize) -> (Range<usize>, Option<usize>) {
        self.cursor.window(height, self.visible.len())
    }

    pub fn rows_in(&self, range: Range<usize>) -> impl Iterator<Item = &T> {
        self.visible[range].iter().map(|&i| &self.rows[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone)]
    struct Name(u64, &'static str);

    impl ListRow for Name {
        fn identity(&self) -> u64 {
            self.0
        }
    }

    impl Searchable for Name {
        fn haystack(&self) -> String {
            self.1.to_lowercase()
        }
    }

    fn names(n: u64) -> Vec<Name> {
        (0..n)
            .map(|i| Name(i, if i % 2 == 0 { "Even" } else { "Odd" }))
            .collect()
    }

    #[test]
    fn scrolling_keeps_the_selection_in_view() {
        let mut list = Listing::new(names(100));
        list.window(10);
        for _ in 0..15 {
            list.apply(Action::Down);
        }
        let (range, selected) = list.window(10);
        assert_eq!(range, 6..16);
        assert_eq!(selected, Some(9));
        // Moving back up does not scroll until the selection reaches the top.
        list.apply(Action::Up);
        assert_eq!(list.window(10).0, 6..16);
    }

    #[test]
    fn paging_moves_a_screenful_and_stops_at_the_ends() {
        let mut list = Listing::new(names(25));
        list.window(10);
        list.apply(Action::PageDown);
        assert_eq!(list.selected_index(), Some(10));
        list.apply(Action::Bottom);
        assert_eq!(list.selected_index(), Some(24));
        assert!(!list.apply(Action::Down));
        list.apply(Action::Top);
        assert_eq!(list.window(10), (0..10, Some(0)));
    }

    #[test]
    fn filtering_keeps_the_selected_item_if_it_still_shows() {
        let mut list = Listing::new(names(10));
        list.apply(Action::Down);
        list.apply(Action::Down);
        list.apply(Action::Down); // id 3, "Odd"
        list.set_filter("odd");
        assert_eq!(list.len(), 5);
        assert_eq!(list.selected_row().map(|r| r.0), Some(3));
        list.set_filter("even");
        assert_eq!(list.selected_row().map(|r| r.0), Some(0));
        list.set_filter("nothing");
        assert!(list.selected_row().is_none());
        assert_eq!(list.window(5), (0..0, None));
    }

    #[test]
    fn new_rows_keep_the_place() {
        let mut list = Listing::new(names(10));
        list.apply(Action::Bottom);
        let mut fewer = names(10);
        fewer.remove(0);
        list.replace_rows(fewer);
        assert_eq!(list.selected_row().map(|r| r.0), Some(9));
        list.replace_rows(names(3));
        assert_eq!(list.selected_row().map(|r| r.0), Some(2));
    }

    /// The place of `row` in `rows` kept in id order.
    fn by_id(rows: &[Name], row: &Name) -> usize {
        rows.partition_point(|r| r.0 < row.0)
    }

    #[test]
    fn patched_rows_are_what_replacing_every_row_gives() {
        let odd_even = |i: u64| if i % 2 == 0 { "Even" } else { "Odd" };
        for filter in ["", "odd"] {
            let mut patched = Listing::new(names(10));
            let mut replaced = Listing::new(names(10));
            for list in [&mut patched, &mut replaced] {
                list.set_filter(filter);
                list.apply(Action::Down);
                list.apply(Action::Down); // id 2, or id 5 among the odd ones
            }
            let selected = patched.selected_row().map(|r| r.0);
            // 3 goes; 4 turns odd; 12 and 11 arrive.
            let changed = vec![Name(4, "Odd"), Name(12, "Even"), Name(11, "Odd")];
            patched.patch_rows(&[3, 4], changed, by_id, Name::haystack);
            let mut rows: Vec<Name> = (0..10)
                .filter(|&i| i != 3)
                .map(|i| Name(i, if i == 4 { "Odd" } else { odd_even(i) }))
                .collect();
            rows.extend([Name(11, "Odd"), Name(12, "Even")]);
            replaced.replace_rows(rows);
            let ids = |list: &Listing<Name>| list.rows_in(0..list.len()).map(|r| r.0).collect();
            let ids: (Vec<u64>, Vec<u64>) = (ids(&patched), ids(&replaced));
            assert_eq!(ids.0, ids.1, "filter {filter:?}");
            assert_eq!(patched.selected_row().map(|r| r.0), selected);
            assert_eq!(
                patched.selected_row().map(|r| r.0),
                replaced.selected_row().map(|r| r.0)
            );
        }
    }

    #[test]
    fn when_the_selected_row_goes_the_selection_stays_where_it_was() {
        let mut list = Listing::new(names(10));
        list.apply(Action::Bottom);
        list.patch_rows(&[9], Vec::new(), by_id, Name::haystack);
        assert_eq!(list.selected_row().map(|r| r.0), Some(8));
        list.apply(Action::Top);
        list.apply(Action::Down);
        list.patch_rows(&[1], Vec::new(), by_id, Name::haystack);
        assert_eq!(list.selected_row().map(|r| r.0), Some(2));
    }

    #[test]
    fn a_window_never_runs_past_the_rows() {
        let list = Listing::new(names(3));
        assert_eq!(list.window(0), (0..0, None));
        assert_eq!(list.window(10), (0..3, Some(0)));
    }
}
