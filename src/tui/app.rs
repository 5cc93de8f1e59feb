//! The dashboard's state and how keys change it. Drawing lives in `view`; nothing here does
//! I/O, so the whole loop can be driven from a test with scripted keys.

use super::action::Action;
use super::keymap::action_for;
use super::panes::PaneId;
use super::panes::budget::BudgetPane;
use super::panes::mentoring::MentoringPane;
use super::panes::roster::RosterPane;
use super::panes::sessions::SessionsPane;
use crate::domain::change::HistoryEntry;
use crate::domain::programme::CohortPhase;
use crate::domain::roster::CohortFilter;
use crate::domain::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub struct App {
    pub data: Snapshot,
    pub now: LocalNow,
    pub focus: PaneId,
    pub zoomed: bool,
    pub help_open: bool,
    /// The filter being typed after `/`, if any.
    pub typing_filter: Option<String>,
    pub cohort: CohortFilter,
    pub roster: RosterPane,
    pub mentoring: MentoringPane,
    pub sessions: SessionsPane,
    pub budget: BudgetPane,
    pub quit: bool,
    /// The database's owner stopped and no new one could be reached yet: what is shown may be
    /// out of date.
    pub connection_lost: bool,
}

impl App {
    pub fn new(data: Snapshot, now: LocalNow) -> App {
        let cohort = default_cohort(&data, now);
        let mut app = App {
            data,
            now,
            focus: PaneId::Roster,
            zoomed: false,
            help_open: false,
            typing_filter: None,
            cohort,
            roster: RosterPane::default(),
            mentoring: MentoringPane::default(),
            sessions: SessionsPane::default(),
            budget: BudgetPane::default(),
            quit: false,
            connection_lost: false,
        };
        app.refresh_all();
        app
    }

    fn refresh_all(&mut self) {
        self.refresh_cohort_panes();
        self.budget.refresh(&self.data);
    }

    fn refresh_cohort_panes(&mut self) {
        self.roster.refresh(&self.data, self.cohort, self.now);
        self.mentoring.refresh(&self.data, self.cohort);
        self.sessions.refresh(&self.data, self.cohort, self.now);
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
        self.refresh_all();
    }

    /// The clock moved. Returns whether anything shown changed.
    pub fn set_now(&mut self, now: LocalNow) -> bool {
        if now == self.now {
            return false;
        }
        let day_changed = now.today() != self.now.today();
        self.now = now;
        let agenda_before = self.sessions.agenda.len();
        self.roster.refresh(&self.data, self.cohort, self.now);
        self.sessions.refresh(&self.data, self.cohort, self.now);
        day_changed || agenda_before != self.sessions.agenda.len()
    }

    /// Handles one key; returns whether the screen needs redrawing.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        if self.typing_filter.is_some() {
            return self.type_filter(key);
        }
        if self.help_open {
            if key.modifiers == KeyModifiers::CONTROL && key.code == KeyCode::Char('c') {
                self.quit = true;
            }
            // Any key closes help; it is a page to glance at, not a place to work.
            self.help_open = false;
            return true;
        }
        match action_for(key, self.focus) {
            Some(action) => self.apply(action),
            None => false,
        }
    }

    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::Quit => {
                self.quit = true;
                false
            }
            Action::Focus(pane) => self.focus_on(pane),
            Action::FocusNext => self.focus_on(self.focus.next()),
            Action::FocusPrevious => self.focus_on(self.focus.previous()),
            Action::ToggleZoom => {
                self.zoomed = !self.zoomed;
                true
            }
            Action::ShowHelp => {
                self.help_open = true;
                true
            }
            Action::StartFilter => {
                self.typing_filter = Some(self.focused_filter().to_string());
                true
            }
            Action::NextCohort | Action::PreviousCohort => {
                self.cohort = self.step_cohort(action == Action::NextCohort);
                self.refresh_cohort_panes();
                true
            }
            Action::Back => self.back(),
            other => self.apply_to_focused(other),
        }
    }

    fn focus_on(&mut self, pane: PaneId) -> bool {
        let changed = self.focus != pane;
        self.focus = pane;
        changed
    }

    /// Esc steps back one level: out of a detail view, then the filter, then the zoom.
    fn back(&mut self) -> bool {
        if self.apply_to_focused(Action::Back) {
            return true;
        }
        if !self.focused_filter().is_empty() {
            self.set_focused_filter("");
            return true;
        }
        if self.zoomed {
            self.zoomed = false;
            return true;
        }
        false
    }

    fn apply_to_focused(&mut self, action: Action) -> bool {
        match self.focus {
            PaneId::Roster => self.roster.apply(action),
            PaneId::Mentoring => self.mentoring.apply(action),
            PaneId::Sessions => self.sessions.apply(action),
            PaneId::Budget => self.budget.apply(action),
        }
    }

    fn focused_filter(&self) -> &str {
        match self.focus {
            PaneId::Roster => self.roster.listing.filter(),
            PaneId::Mentoring => self.mentoring.listing.filter(),
            PaneId::Sessions => self.sessions.listing().filter(),
            PaneId::Budget => self.budget.listing.filter(),
        }
    }

    fn set_focused_filter(&mut self, text: &str) {
        match self.focus {
            PaneId::Roster => self.roster.listing.set_filter(text),
            PaneId::Mentoring => self.mentoring.listing.set_filter(text),
            PaneId::Sessions => self.sessions.listing_mut().set_filter(text),
            PaneId::Budget => self.budget.listing.set_filter(text),
        }
    }

    /// Typing after `/`: the list narrows with every key; Enter keeps the filter, Esc drops it.
    fn type_filter(&mut self, key: KeyEvent) -> bool {
        let Some(mut text) = self.typing_filter.take() else {
            return false;
        };
        match key.code {
            KeyCode::Enter => return true,
            KeyCode::Esc => {
                self.set_focused_filter("");
                return true;
            }
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char('c') if key.modifiers == KeyModifiers::CONTROL => {
                self.set_focused_filter("");
                return true;
            }
            KeyCode::Char('u') if key.modifiers == KeyModifiers::CONTROL => text.clear(),
            KeyCode::Char(c) if !c.is_control() => text.push(c),
            _ => {}
        }
        self.set_focused_filter(&text);
        self.typing_filter = Some(text);
        true
    }

    /// All cohorts, each cohort in number order, then nominees awaiting review.
    fn step_cohort(&self, forward: bool) -> CohortFilter {
        let mut order = vec![CohortFilter::All];
        let mut cohorts: Vec<_> = self.data.cohorts.values().collect();
        cohorts.sort_by_key(|c| c.number);
        order.extend(cohorts.iter().map(|c| CohortFilter::Cohort(c.id)));
        order.push(CohortFilter::AwaitingReview);
        let at = order.iter().position(|f| *f == self.cohort).unwrap_or(0);
        let len = order.len();
        let next = if forward {
            (at + 1) % len
        } else {
            (at + len - 1) % len
        };
        order[next]
    }

    pub fn cohort_label(&self) -> String {
        match self.cohort {
            CohortFilter::All => "all cohorts".to_string(),
            CohortFilter::AwaitingReview => "nominees awaiting review".to_string(),
            CohortFilter::Cohort(id) => match self.data.cohorts.get(&id) {
                Some(c) => format!("{} ({})", c.name, c.phase(self.now.today()).label()),
                None => "a removed cohort".to_string(),
            },
        }
    }
}

/// Opens on the cohort that is running (the one a coordinator works with day to day).
fn default_cohort(data: &Snapshot, now: LocalNow) -> CohortFilter {
    data.cohorts
        .values()
        .filter(|c| c.phase(now.today()) == CohortPhase::Running)
        .max_by_key(|c| c.starts)
        .map_or(CohortFilter::All, |c| CohortFilter::Cohort(c.id))
}

/// Turns a script like `"2 j j Enter"` into key events, for tests and demos. Named keys are
/// written as words (`Enter`, `Esc`, `Tab`, `Down`, ...); any other word is typed letter by
/// letter.
pub fn script_keys(script: &str) -> Vec<KeyEvent> {
    let named = |word: &str| match word {
        "Enter" => Some(KeyCode::Enter),
        "Esc" => Some(KeyCode::Esc),
        "Tab" => Some(KeyCode::Tab),
        "BackTab" => Some(KeyCode::BackTab),
        "Up" => Some(KeyCode::Up),
        "Down" => Some(KeyCode::Down),
        "PageUp" => Some(KeyCode::PageUp),
        "PageDown" => Some(KeyCode::PageDown),
        "Backspace" => Some(KeyCode::Backspace),
        "Space" => Some(KeyCode::Char(' ')),
        _ => None,
    };
    let event = |code: KeyCode| {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            KeyCode::BackTab => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        KeyEvent::new(code, modifiers)
    };
    script
        .split_whitespace()
        .flat_map(|word| match named(word) {
            Some(code) => vec![event(code)],
            None => word.chars().map(|c| event(KeyCode::Char(c))).collect(),
        })
        .collect()
}
