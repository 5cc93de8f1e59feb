//! What the app does when the programme changes: a change made anywhere, applied to what is
//! shown and followed by the panes it can alter; new data read whole; the expenses read just
//! after the first frame.

use super::App;
use crate::domain::change::{HistoryEntry, RecordKey};
use crate::domain::snapshot::Snapshot;
use crate::tui::panes::PaneId;
use crate::tui::panes::budget::BudgetPane;

impl App {
    /// The expenses, their revisions and deletions and the kept totals, read after the first
    /// frame (see `Link::read_expenses`) as of the last change this app has been shown. They
    /// take the place of whatever expense records the app had; the budget pane and an open
    /// story are worked out again.
    pub fn take_expenses(&mut self, part: Snapshot) {
        let is_expense = |key: &RecordKey| matches!(key, RecordKey::Expense(_));
        self.data.expenses = part.expenses;
        self.data.budget_totals = part.budget_totals;
        self.data.revisions.retain(|key, _| !is_expense(key));
        self.data.revisions.extend(part.revisions);
        self.data.deletions.retain(|key, _| !is_expense(key));
        self.data.deletions.extend(part.deletions);
        self.budget.reading_expenses = false;
        // A row that arrived before the read would keep the selection; the list opens at its
        // top as if read at once (no key has been handled, so no filter or choice is lost).
        self.budget.listing = Default::default();
        self.mark_stale(PaneId::Budget);
        self.refresh_or_mark(PaneId::Budget);
        self.refresh_person();
    }

    pub(super) fn refresh_all(&mut self) {
        // All stale first: the cohort panes' refresh then works out (or leaves for later)
        // the whole budget pane, not only its cohort forecast.
        self.stale = [true; 4];
        self.refresh_cohort_panes();
    }

    pub(super) fn refresh_cohort_panes(&mut self) {
        self.refresh_panes(PaneId::ALL);
    }

    /// Works out `panes` again (or leaves them for when they are shown) and whatever is open
    /// over them.
    fn refresh_panes(&mut self, panes: impl IntoIterator<Item = PaneId>) {
        self.refresh_person();
        for pane in panes {
            match pane {
                // The budget is the programme's; only its forecast follows the cohort in view.
                PaneId::Budget if self.budget_after_frame => {
                    // Worked out once the frame is drawn (`after_frame`).
                }
                PaneId::Budget if self.in_view(pane) && !self.is_stale(pane) => {
                    self.budget.show_cohort(self.cohort, &self.data);
                }
                _ => self.refresh_or_mark(pane),
            }
        }
        if let Some(duplicates) = &mut self.duplicates {
            duplicates.refresh(&self.data);
        }
        self.refresh_sets();
        self.refresh_mail();
    }

    /// New data from the store; every pane keeps its place.
    pub fn replace_data(&mut self, data: Snapshot) {
        self.data = data;
        self.refresh_all();
    }

    /// A change made by anyone, applied to what is shown (revisions included, so an edit
    /// knows what it is based on); every pane keeps its place.
    pub fn apply_entry(&mut self, entry: &HistoryEntry) {
        self.data.apply_entry(entry);
        self.note_merges(entry);
        // Only the panes the change can alter are worked out again: an expense leaves the
        // roster as it was, a check-in the budget.
        let keys = entry.change.keys();
        let mut touched: Vec<PaneId> = PaneId::ALL
            .into_iter()
            .filter(|pane| keys.iter().any(|key| pane.reads(*key)))
            .collect();
        if touched.contains(&PaneId::Budget) {
            if self.follow_expenses(entry, &keys) {
                touched.retain(|pane| *pane != PaneId::Budget);
            } else if keys.iter().copied().any(BudgetPane::lists) {
                // What the pane lists changed (an import, an undo of one): worked out before
                // the frame, so that no frame shows expenses that are gone.
                self.mark_stale(PaneId::Budget);
                self.budget_after_frame = false;
            } else {
                // Only what its lines are described by (people, sessions, cohorts): the
                // change is drawn first, and the pane, which takes longest on a large
                // programme, worked out after that frame.
                self.mark_stale(PaneId::Budget);
                self.budget_after_frame |= self.frame_first;
            }
        }
        self.refresh_panes(touched);
        // Once the change that added it arrives, it is selected if shown, and forgotten
        // either way: a row hidden by a filter is not jumped to later.
        if let Some(key) = self.to_select {
            if entry.change.keys().contains(&key) {
                self.select_added();
                self.to_select = None;
            }
        }
    }
}
