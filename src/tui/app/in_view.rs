//! Which panes are in view, and working out the others only once they come into view: on the
//! large programme the budget pane alone takes tens of milliseconds to work out, and at 80×24
//! one pane shows at a time.

use super::App;
use crate::tui::panes::PaneId;
use crate::tui::view::{GRID_HEIGHT, GRID_WIDTH};

impl App {
    /// Whether `pane` is drawn now: the focused one always, all four in the grid of a large
    /// terminal (at least `GRID_WIDTH`×`GRID_HEIGHT` cells) unless one is zoomed.
    pub fn in_view(&self, pane: PaneId) -> bool {
        pane == self.focus || (self.grid && !self.zoomed)
    }

    /// Whether `pane`'s rows are older than the data, to be worked out when it is next shown.
    pub fn is_stale(&self, pane: PaneId) -> bool {
        self.stale[pane.number() - 1]
    }

    /// The terminal is `width`×`height` cells: panes that come into view are worked out.
    /// Returns whether any was.
    pub fn set_screen(&mut self, width: u16, height: u16) -> bool {
        self.grid = width >= GRID_WIDTH && height >= GRID_HEIGHT;
        self.catch_up()
    }

    /// Works out every stale pane now in view. Returns whether any was.
    pub fn catch_up(&mut self) -> bool {
        let mut any = false;
        for pane in PaneId::ALL {
            let waiting = pane == PaneId::Budget && self.budget_after_frame;
            if self.is_stale(pane) && self.in_view(pane) && !waiting {
                self.refresh_pane(pane);
                any = true;
            }
        }
        any
    }

    /// The frame showing the latest changes is drawn: the budget pane, if it waited for that,
    /// is worked out now. Returns whether it was, and so needs drawing again.
    pub fn after_frame(&mut self) -> bool {
        if !std::mem::take(&mut self.budget_after_frame) {
            return false;
        }
        self.catch_up()
    }

    /// Marks `pane` to be worked out again, when next refreshed or shown.
    pub(super) fn mark_stale(&mut self, pane: PaneId) {
        self.stale[pane.number() - 1] = true;
    }

    /// Works `pane` out now if it is shown, else marks it to be worked out when it is.
    pub(super) fn refresh_or_mark(&mut self, pane: PaneId) {
        if self.in_view(pane) {
            self.refresh_pane(pane);
        } else {
            self.mark_stale(pane);
        }
    }

    fn refresh_pane(&mut self, pane: PaneId) {
        match pane {
            PaneId::Roster => self.roster.refresh(&self.data, self.cohort, self.now),
            PaneId::Mentoring => {
                self.mentoring
                    .refresh(&self.data, self.cohort, self.now.today(), &self.rules)
            }
            PaneId::Sessions => self.sessions.refresh(&self.data, self.cohort, self.now),
            PaneId::Budget => {
                self.budget.refresh(&self.data, self.now.today());
                self.budget.show_cohort(self.cohort, &self.data);
            }
        }
        self.stale[pane.number() - 1] = false;
    }
}
