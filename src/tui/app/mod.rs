//! The dashboard's state and how keys change it. Drawing lives in `view`; nothing here does
//! I/O, so the whole loop can be driven from a test with scripted keys.

mod alumni;
mod attendance;
mod budget;
mod changes;
mod duplicates;
mod forget;
mod in_view;
mod learning_sets;
mod mail;
mod mentoring;
mod merge;
mod modes;
mod opened;
mod paste;
mod person;
mod programme;

pub use mail::SendNews;
pub use programme::NOTHING_YET;
mod registers;
mod roster;
mod sessions;

use super::action::Action;
use super::attendance::AttendanceView;
use super::dialogs::{OpenForm, expense_filter_form, filter_form, participant_form};
use super::effects::{Confirm, Effect, Message};
use super::history::HistoryView;
use super::intake::IntakeView;
use super::keymap::{View, action_here};
use super::panes::PaneId;
use super::panes::budget::BudgetPane;
use super::panes::budget_categories::BudgetList;
use super::panes::mentoring::MentoringPane;
use super::panes::registers::RosterList;
use super::panes::roster::RosterPane;
use super::panes::sessions::SessionsPane;
use super::person::Whom;
use crate::domain::budget::costs::CostDefaults;
use crate::domain::change::RecordKey;
use crate::domain::mentoring::matching::rules::MatchingRules;
use crate::domain::people::roster::{CohortFilter, RosterFilter};
use crate::domain::programme::CohortPhase;
use crate::domain::sessions::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub struct App {
    pub data: Snapshot,
    pub now: LocalNow,
    pub focus: PaneId,
    pub zoomed: bool,
    pub help_open: bool,
    /// Lines of help scrolled past, when help does not fit.
    pub help_scroll: u16,
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
    /// Requests for the event loop to carry out against the database.
    pub effects: Vec<Effect>,
    /// A question waiting for y or n.
    pub confirm: Option<Confirm>,
    /// How the last request went, shown until the next key.
    pub message: Option<Message>,
    /// The history list, when open.
    pub history: Option<HistoryView>,
    /// The possible duplicates (`:duplicates`), when open.
    pub duplicates: Option<crate::tui::duplicates::DuplicatesView>,
    /// The cohort's learning sets (`:sets`), shown in the roster pane, when open.
    pub sets: Option<crate::tui::learning_sets::SetsView>,
    /// Every problem of a file `:import` refused, when open.
    pub problems: Option<crate::tui::problems::ProblemsView>,
    /// The mail place (`M`, `:mail`), when open or sending.
    pub mail: Option<crate::tui::mail::MailView>,
    /// The `[mail]` settings and templates the mail place writes and sends with.
    pub mail_setup: crate::tui::mail::MailSetup,
    /// The command line being typed after `:`.
    pub command: Option<String>,
    /// What Tab offered last on the command line, while it goes round them.
    tab_cycle: Option<modes::TabCycle>,
    /// A form being filled in.
    pub form: Option<OpenForm>,
    /// What a form just added, to select once it is shown.
    to_select: Option<RecordKey>,
    /// A suggested intake being looked at.
    pub intake: Option<IntakeView>,
    /// Matching weights and rules, from the configuration file.
    pub rules: MatchingRules,
    /// A session's attendance being marked.
    pub attendance: Option<AttendanceView>,
    /// A person's story, over whatever it was opened from.
    pub person: Option<crate::tui::person::PersonView>,
    /// Amounts proposed for a session's costs, from the configuration file.
    pub costs: CostDefaults,
    /// The last change shown when the open form, sheet or question was opened: what it is
    /// based on. Anything saved since to a record it writes is someone else's work.
    seen: u64,
    /// The records the open form or question is about, as they were when it opened: to name
    /// one that someone deletes meanwhile.
    opened_on: Vec<crate::domain::change::Record>,
    /// Each person record merged away while this dashboard was open, with the record it went
    /// into ("Ada Example <ada@trust.example>"): a form still open on it says where it went.
    merged_into: std::collections::BTreeMap<RecordKey, String>,
    /// How many times the open form's change has been made again because ids it gave new
    /// records were taken by others' records first.
    remade: usize,
    /// Whether the terminal is large enough to show all four panes (see `in_view`).
    grid: bool,
    /// Per pane, in `PaneId::ALL` order: worked out before the latest change and not shown
    /// since, so to be worked out when it comes into view.
    stale: [bool; 4],
    /// Set by the event loop: a change from elsewhere is drawn before the budget pane is
    /// worked out again for it (tens of milliseconds on a large programme), so the panes that
    /// show the change show it at once. Tests leave it off and see every pane worked out.
    pub frame_first: bool,
    /// The budget pane waits to be worked out until the frame showing a change is drawn.
    budget_after_frame: bool,
}

impl App {
    /// The dashboard on `data` with every pane worked out, as on a terminal large enough to
    /// show all four.
    pub fn new(data: Snapshot, now: LocalNow) -> App {
        App::for_screen(data, now, u16::MAX, u16::MAX)
    }

    /// The dashboard on `data` for a terminal of `width`×`height` cells: only the panes in
    /// view are worked out; the others when first shown.
    pub fn for_screen(data: Snapshot, now: LocalNow, width: u16, height: u16) -> App {
        App::configured(
            data,
            now,
            (width, height),
            MatchingRules::default(),
            CostDefaults::default(),
        )
    }

    /// [`App::for_screen`] with the configuration file's matching `rules` and session
    /// `costs`, which the panes are worked out with from the first frame on. `screen` is
    /// (width, height) in cells.
    pub fn configured(
        data: Snapshot,
        now: LocalNow,
        screen: (u16, u16),
        rules: MatchingRules,
        costs: CostDefaults,
    ) -> App {
        let (width, height) = screen;
        let cohort = default_cohort(&data, now);
        let mut app = App {
            data,
            now,
            focus: PaneId::Roster,
            zoomed: false,
            help_open: false,
            help_scroll: 0,
            typing_filter: None,
            cohort,
            roster: RosterPane::default(),
            mentoring: MentoringPane::default(),
            sessions: SessionsPane::default(),
            budget: BudgetPane::default(),
            quit: false,
            connection_lost: false,
            effects: Vec::new(),
            confirm: None,
            message: None,
            history: None,
            duplicates: None,
            sets: None,
            problems: None,
            mail: None,
            mail_setup: crate::tui::mail::MailSetup::default(),
            command: None,
            tab_cycle: None,
            form: None,
            to_select: None,
            intake: None,
            rules,
            attendance: None,
            person: None,
            costs,
            seen: 0,
            opened_on: Vec::new(),
            merged_into: std::collections::BTreeMap::new(),
            remade: 0,
            grid: true,
            stale: [false; 4],
            frame_first: false,
            budget_after_frame: false,
        };
        app.set_screen(width, height);
        app.refresh_all();
        app
    }

    /// The clock moved. Returns whether anything shown changed.
    pub fn set_now(&mut self, now: LocalNow) -> bool {
        if now == self.now {
            return false;
        }
        let day_changed = now.today() != self.now.today();
        self.now = now;
        let agenda_before = self.sessions.agenda.len();
        self.refresh_or_mark(PaneId::Roster);
        self.refresh_or_mark(PaneId::Sessions);
        // A session that has just ended moves from "to come" to held in an open story.
        let story_before = self.person.as_ref().map(|p| p.text());
        self.refresh_person();
        day_changed
            || agenda_before != self.sessions.agenda.len()
            || story_before != self.person.as_ref().map(|p| p.text())
    }

    /// Handles one key; returns whether the screen needs redrawing.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let was_editing = self.editing();
        let redraw = self.handle_one_key(key);
        // A key that brought a pane into view (a number, Tab, z) has it worked out now.
        self.catch_up();
        // Whatever opened, it remembers what it was opened on, so that saving it later never
        // overwrites what somebody else saved meanwhile.
        if !was_editing && self.editing() {
            self.note_opened();
        }
        redraw
    }

    fn handle_one_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        // A message stays until the next key, which then does what it always does.
        let had_message = self.message.take().is_some();
        if self.command.is_some() {
            return self.type_command(key);
        }
        if self.confirm.is_some() {
            return self.answer(key);
        }
        if self.form.is_some() {
            return self.fill_in(key);
        }
        if self.help_open {
            // j and k scroll help that does not fit; any other key closes it, as it is a page
            // to glance at, not a place to work.
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => self.help_scroll += 1,
                KeyCode::Char('k') | KeyCode::Up => {
                    self.help_scroll = self.help_scroll.saturating_sub(1)
                }
                KeyCode::Char('c') if key.modifiers == KeyModifiers::CONTROL => {
                    self.quit = true;
                    self.help_open = false;
                }
                _ => self.help_open = false,
            }
            return true;
        }
        if self.person.is_some() {
            return self.in_person(key) || had_message;
        }
        if self.intake.is_some() {
            return self.consider_intake(key) || had_message;
        }
        if self.attendance.is_some() {
            return self.mark_attendance(key) || had_message;
        }
        if self.problems.is_some() {
            return self.in_problems(key) || had_message;
        }
        if self.history.is_some() {
            return self.in_history(key) || had_message;
        }
        if self.mail.as_ref().is_some_and(|m| m.shown) {
            return self.in_mail(key) || had_message;
        }
        if self.duplicates.is_some() {
            return self.in_duplicates(key) || had_message;
        }
        if self.typing_filter.is_some() {
            return self.type_filter(key);
        }
        if self.data.is_empty() {
            return self.key_on_empty(key);
        }
        match action_here(key, self.focus, self.view()) {
            Some(action) => {
                let acted = self.apply(action);
                if !acted && self.effects.is_empty() && !self.quit && self.message.is_none() {
                    if let Some(why) = self.why_nothing(action) {
                        self.say(Message::Problem(why));
                        return true;
                    }
                }
                acted || had_message
            }
            None => had_message,
        }
    }

    /// The effects asked for since the last call, for the event loop to carry out.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn say(&mut self, message: Message) {
        self.message = Some(message);
    }

    /// The view the focused pane shows instead of its list, whose keys come first.
    pub fn view(&self) -> Option<View> {
        match self.focus {
            PaneId::Mentoring => self.mentoring.candidates.as_ref().map(|_| View::Candidates),
            PaneId::Sessions => self.sessions.month.as_ref().map(|_| View::Month),
            PaneId::Budget => {
                (self.budget.list == BudgetList::Categories).then_some(View::Categories)
            }
            PaneId::Roster => self.sets.as_ref().map(|_| View::Sets),
        }
    }

    /// Whether `action` does anything where the focus is now: some keys work on one of a
    /// pane's lists only. The footer lists only these.
    pub fn offers(&self, action: Action) -> bool {
        match self.focus {
            PaneId::Roster => self.roster.list.offers(action),
            PaneId::Budget => self.budget.list.offers(action),
            PaneId::Mentoring | PaneId::Sessions => true,
        }
    }

    pub fn apply(&mut self, action: Action) -> bool {
        if self.view() == Some(View::Sets) {
            if let Some(done) = self.act_on_sets(action) {
                return done;
            }
        }
        if !self.offers(action) {
            let why = match self.focus {
                PaneId::Budget => "That works on the expenses; v shows them again.".to_string(),
                _ => format!(
                    "That works on participants; v shows them again (now showing {}).",
                    self.roster.list.label()
                ),
            };
            self.say(Message::Problem(why));
            return true;
        }
        match action {
            Action::Settings => self.open_settings(),
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
            Action::ShowMail => self.show_mail(),
            Action::ShowHelp => {
                self.help_open = true;
                self.help_scroll = 0;
                true
            }
            Action::StartFilter => {
                self.typing_filter = Some(self.focused_filter().to_string());
                true
            }
            Action::NextCohort | Action::PreviousCohort => {
                self.cohort = self.step_cohort(action == Action::NextCohort);
                self.mentoring.forget_run();
                self.refresh_cohort_panes();
                true
            }
            Action::Back => self.back(),
            Action::Undo => {
                self.effects.push(Effect::OfferUndo);
                false
            }
            Action::CommandLine => {
                self.command = Some(String::new());
                true
            }
            Action::SwitchRosterList => {
                let next = self.roster.list.next();
                self.roster.show(next, &self.data, self.now.today());
                true
            }
            Action::New | Action::Edit | Action::Delete | Action::Open
                if self.focus == PaneId::Budget && self.budget.list == BudgetList::Categories =>
            {
                self.act_on_category(action)
            }
            Action::Open if self.focus == PaneId::Budget => self.open_from_expense(),
            Action::New
            | Action::Edit
            | Action::Delete
            | Action::CancelSession
            | Action::CancelFollowing
            | Action::ProposeCosts
            | Action::TakeAttendance
                if self.focus == PaneId::Sessions =>
            {
                self.act_on_session(action)
            }
            Action::SortNext | Action::SortReverse if self.focus == PaneId::Budget => {
                self.budget.apply(action);
                self.budget.refresh(&self.data, self.now.today());
                true
            }
            Action::FilterExpenses => {
                self.form = Some(expense_filter_form(&self.data, &self.budget.narrowing));
                true
            }
            Action::New
            | Action::Edit
            | Action::Delete
            | Action::SetBudget
            | Action::CommitExpense
            | Action::PayExpense
            | Action::CancelExpense
                if self.focus == PaneId::Budget =>
            {
                self.act_on_budget(action)
            }
            Action::New | Action::Edit | Action::Delete
                if self.roster.list != RosterList::Participants =>
            {
                self.open_register_form(action)
            }
            Action::Open
                if self.focus == PaneId::Roster && self.roster.list == RosterList::QMembers =>
            {
                match self.roster.registers.q_members.selected_row() {
                    Some(row) => self.open_person(Whom::QMember(row.id)),
                    None => false,
                }
            }
            Action::Open
                if self.focus == PaneId::Roster && self.roster.list != RosterList::Participants =>
            {
                self.open_register_form(Action::Edit)
            }
            Action::Open if self.focus == PaneId::Roster => {
                match self.roster.listing.selected_row() {
                    Some(row) => self.open_person(Whom::Participant(row.id)),
                    None => false,
                }
            }
            Action::MoveStage
            | Action::TickReadiness
            | Action::UntickReadiness
            | Action::RemoveStage
            | Action::Edit
            | Action::Delete
            | Action::AcceptNomination
            | Action::DeclineNomination
            | Action::JoinQ => self.open_roster_form(action),
            Action::New => {
                let cohort = match self.cohort {
                    CohortFilter::Cohort(id) => Some(id),
                    _ => None,
                };
                self.form = Some(participant_form(&self.data, None, cohort, self.now.today()));
                true
            }
            Action::FilterRoster => {
                self.form = Some(filter_form(&self.data, &self.roster.narrowing));
                true
            }
            Action::SuggestIntake => self.suggest_intake(),
            Action::Open if self.focus == PaneId::Mentoring => self.mentoring_open(),
            Action::OpenPerson | Action::OpenMentor => self.open_from_mentoring(action),
            Action::RunMatching => self.run_matching(),
            Action::AcceptProposal
            | Action::AcceptAllProposals
            | Action::RejectProposal
            | Action::ToggleLock
            | Action::ForbidPair
            | Action::EndMatch
            | Action::LogCheckIn => self.act_on_match(action),
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
        if self.focus == PaneId::Budget && !self.budget.narrowing.is_empty() {
            self.budget.narrowing = Default::default();
            self.budget.refresh(&self.data, self.now.today());
            return true;
        }
        if self.focus == PaneId::Roster && !self.roster.narrowing.is_empty() {
            self.roster.narrowing = RosterFilter::default();
            self.roster.refresh(&self.data, self.cohort, self.now);
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
            PaneId::Roster => self.roster.filter(),
            PaneId::Mentoring => self.mentoring.listing.filter(),
            PaneId::Sessions => self.sessions.listing().filter(),
            PaneId::Budget => self.budget.filter(),
        }
    }

    fn set_focused_filter(&mut self, text: &str) {
        match self.focus {
            PaneId::Roster => self.roster.set_filter(text),
            PaneId::Mentoring => self.mentoring.listing.set_filter(text),
            PaneId::Sessions => self.sessions.listing_mut().set_filter(text),
            PaneId::Budget => self.budget.set_filter(text, &self.data),
        }
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
