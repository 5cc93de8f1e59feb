//! The keymap as data: one table from key to action, which drives both dispatch and the `?`
//! help. Every action has a plain key that survives tmux and SSH.

use super::action::Action;
use super::panes::PaneId;
use super::widgets::cursor::is_movement;
use crate::domain::sessions::Attendance;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Everywhere,
    Pane(PaneId),
    /// The attendance sheet (`t` on a session), over the sessions pane.
    Attendance,
    /// A person's story, over wherever it was opened from.
    Person,
    /// The mail place (`M`), over whatever pane is behind it.
    Mail,
    /// A view a pane shows instead of its list, whose keys the footer and `?` give instead
    /// of the list's.
    View(View),
}

/// A view within a pane, shown instead of the pane's list until `Esc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Mentoring's candidate mentors for one participant (`Enter`).
    Candidates,
    /// The sessions pane's month view (`c`).
    Month,
    /// The budget's categories (`v`).
    Categories,
    /// The roster's learning sets (`:sets`).
    Sets,
}

impl View {
    pub const ALL: [View; 4] = [View::Candidates, View::Month, View::Categories, View::Sets];

    /// The pane the view is shown in.
    pub fn pane(self) -> PaneId {
        match self {
            View::Candidates => PaneId::Mentoring,
            View::Month => PaneId::Sessions,
            View::Categories => PaneId::Budget,
            View::Sets => PaneId::Roster,
        }
    }

    /// What help's title calls it.
    pub fn title(self) -> &'static str {
        match self {
            View::Candidates => "the candidate mentors",
            View::Month => "the month view",
            View::Categories => "the budget's categories",
            View::Sets => "the learning sets",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are written in help and the footer.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    pub place: Place,
    /// A word or two for the footer, which lists the keys that matter most here.
    pub footer: Option<&'static str>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

macro_rules! bind {
    ($label:expr, [$($key:expr),+], $action:expr, $help:expr, $place:expr, $footer:expr) => {
        Binding { keys: &[$($key),+], label: $label, action: $action, help: $help, place: $place, footer: $footer }
    };
}

use Place::Everywhere;

const MENTORING: Place = Place::Pane(PaneId::Mentoring);
const SESSIONS: Place = Place::Pane(PaneId::Sessions);
const BUDGET: Place = Place::Pane(PaneId::Budget);
const SHEET: Place = Place::Attendance;
const PERSON: Place = Place::Person;
const MAIL: Place = Place::Mail;
const CANDIDATES: Place = Place::View(View::Candidates);
const MONTH: Place = Place::View(View::Month);
const CATEGORIES: Place = Place::View(View::Categories);
const SETS: Place = Place::View(View::Sets);

#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    bind!("j ↓", [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "move down", Everywhere, None),
    bind!("k ↑", [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "move up", Everywhere, None),
    bind!("g", [(KeyCode::Char('g'), NONE), (KeyCode::Home, NONE)], Action::Top, "go to the top", Everywhere, None),
    bind!("G", [(KeyCode::Char('G'), SHIFT), (KeyCode::Char('G'), NONE), (KeyCode::End, NONE)], Action::Bottom, "go to the bottom", Everywhere, None),
    bind!("PgDn ^d", [(KeyCode::PageDown, NONE), (KeyCode::Char('d'), CTRL)], Action::PageDown, "page down", Everywhere, None),
    bind!("PgUp ^u", [(KeyCode::PageUp, NONE), (KeyCode::Char('u'), CTRL)], Action::PageUp, "page up", Everywhere, None),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "the selected person's story; a Q member's, read-only (e edits)", Place::Pane(PaneId::Roster), Some("open")),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "open the selected session", Place::Pane(PaneId::Sessions), Some("open")),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "candidate mentors, best first; Enter on one proposes them, locked", MENTORING, Some("candidates")),
    bind!("o", [(KeyCode::Char('o'), NONE)], Action::OpenPerson, "the selected person's story (participant, or candidate Q member)", MENTORING, Some("person")),
    bind!("O", [(KeyCode::Char('O'), SHIFT), (KeyCode::Char('O'), NONE)], Action::OpenMentor, "the story of the selected participant's mentor, or proposed one", MENTORING, None),
    bind!("m", [(KeyCode::Char('m'), NONE)], Action::RunMatching, "run matching for the cohort in view; store the proposals", MENTORING, Some("match")),
    bind!("a", [(KeyCode::Char('a'), NONE)], Action::AcceptProposal, "accept (confirm) the selected proposal", MENTORING, Some("accept")),
    bind!("A", [(KeyCode::Char('A'), SHIFT), (KeyCode::Char('A'), NONE)], Action::AcceptAllProposals, "accept every proposal in view (asks first)", MENTORING, None),
    bind!("r", [(KeyCode::Char('r'), NONE)], Action::RejectProposal, "reject the selected proposal", MENTORING, None),
    bind!("l", [(KeyCode::Char('l'), NONE)], Action::ToggleLock, "lock or unlock the selected match: matching keeps a locked one", MENTORING, Some("lock")),
    bind!("x", [(KeyCode::Char('x'), NONE)], Action::ForbidPair, "forbid the pair for good (asks first)", MENTORING, None),
    bind!("e", [(KeyCode::Char('e'), NONE)], Action::EndMatch, "end the selected match, with a reason", MENTORING, None),
    bind!("c", [(KeyCode::Char('c'), NONE)], Action::LogCheckIn, "log a check-in: the date, whether they met, a note", MENTORING, Some("check-in")),
    bind!("n", [(KeyCode::Char('n'), NONE)], Action::New, "add to the list shown: a participant, Q member, cohort, ...", Place::Pane(PaneId::Roster), Some("new")),
    bind!("e", [(KeyCode::Char('e'), NONE)], Action::Edit, "change the selected participant, Q member, cohort, ...", Place::Pane(PaneId::Roster), None),
    bind!("d", [(KeyCode::Char('d'), NONE)], Action::Delete, "delete the selected one (asks first, naming what refers to it)", Place::Pane(PaneId::Roster), None),
    bind!("v", [(KeyCode::Char('v'), NONE)], Action::SwitchRosterList, "next list: Q members, cohorts, organisations, professions, venues", Place::Pane(PaneId::Roster), Some("lists")),
    bind!("f", [(KeyCode::Char('f'), NONE)], Action::FilterRoster, "show only one stage, organisation or profession", Place::Pane(PaneId::Roster), None),
    bind!("a", [(KeyCode::Char('a'), NONE)], Action::AcceptNomination, "accept the selected nominee into a cohort", Place::Pane(PaneId::Roster), None),
    bind!("x", [(KeyCode::Char('x'), NONE)], Action::DeclineNomination, "decline the selected nominee (asks first)", Place::Pane(PaneId::Roster), None),
    bind!("s", [(KeyCode::Char('s'), NONE)], Action::MoveStage, "move the selected person along the pathway", Place::Pane(PaneId::Roster), Some("stage")),
    bind!("r", [(KeyCode::Char('r'), NONE)], Action::TickReadiness, "tick a Q readiness item", Place::Pane(PaneId::Roster), Some("ready")),
    bind!("R", [(KeyCode::Char('R'), SHIFT), (KeyCode::Char('R'), NONE)], Action::UntickReadiness, "untick a Q readiness item ticked by mistake", Place::Pane(PaneId::Roster), None),
    bind!("J", [(KeyCode::Char('J'), SHIFT), (KeyCode::Char('J'), NONE)], Action::JoinQ, "joined Q: Joined Q and a linked Q member record (↑Q: alumni)", Place::Pane(PaneId::Roster), None),
    bind!("S", [(KeyCode::Char('S'), SHIFT), (KeyCode::Char('S'), NONE)], Action::RemoveStage, "take back a pathway stage entered by mistake", Place::Pane(PaneId::Roster), None),
    bind!("i", [(KeyCode::Char('i'), NONE)], Action::SuggestIntake, "suggest an intake for this cohort from its applicants", Place::Pane(PaneId::Roster), None),
    bind!("o", [(KeyCode::Char('o'), NONE)], Action::SortNext, "sort by the next column", Place::Pane(PaneId::Roster), Some("sort")),
    bind!("O", [(KeyCode::Char('O'), SHIFT), (KeyCode::Char('O'), NONE)], Action::SortReverse, "reverse the sort", Place::Pane(PaneId::Roster), None),
    bind!("n", [(KeyCode::Char('n'), NONE)], Action::New, "plan a session for the cohort in view; clashes show before saving", SESSIONS, Some("new")),
    bind!("e", [(KeyCode::Char('e'), NONE)], Action::Edit, "change the selected session", SESSIONS, None),
    bind!("x", [(KeyCode::Char('x'), NONE)], Action::CancelSession, "cancel the selected session, or restore it (asks first)", SESSIONS, None),
    bind!("X", [(KeyCode::Char('X'), SHIFT), (KeyCode::Char('X'), NONE)], Action::CancelFollowing, "cancel this session and all following in its series (asks first)", SESSIONS, None),
    bind!("d", [(KeyCode::Char('d'), NONE)], Action::Delete, "delete the selected session (asks first)", SESSIONS, None),
    bind!("b", [(KeyCode::Char('b'), NONE)], Action::ProposeCosts, "budget: propose this session's costs as estimates (asks first)", SESSIONS, None),
    bind!("t", [(KeyCode::Char('t'), NONE)], Action::TakeAttendance, "attendance, one key per person: a, p, n, r (then Enter)", SESSIONS, Some("attendance")),
    bind!("a", [(KeyCode::Char('a'), NONE)], Action::Mark(Attendance::Attended), "attended, and on to the next person", SHEET, None),
    bind!("A", [(KeyCode::Char('A'), SHIFT), (KeyCode::Char('A'), NONE)], Action::MarkEveryoneAttended, "everyone invited or registered attended; then the exceptions", SHEET, Some("all attended")),
    bind!("p", [(KeyCode::Char('p'), NONE)], Action::Mark(Attendance::Apologies), "apologies (a freed place goes to the first person waiting)", SHEET, Some("apologies")),
    bind!("n", [(KeyCode::Char('n'), NONE)], Action::Mark(Attendance::NoShow), "no-show", SHEET, Some("no-show")),
    bind!("r", [(KeyCode::Char('r'), NONE)], Action::Mark(Attendance::Registered), "registered (the waiting list when every place is taken)", SHEET, None),
    bind!("i", [(KeyCode::Char('i'), NONE)], Action::Mark(Attendance::Invited), "back to invited", SHEET, None),
    bind!("u", [(KeyCode::Char('u'), NONE)], Action::TakeBackMark, "take back the last mark (nothing is saved until Enter)", SHEET, None),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "save the marks as one change, which u then undoes", SHEET, Some("save")),
    bind!("Esc q", [(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], Action::Back, "leave; asks first when marks would be lost", SHEET, Some("leave")),
    bind!("o", [(KeyCode::Char('o'), NONE)], Action::OpenPerson, "the selected person's story (the marks so far are kept)", SHEET, Some("person")),
    bind!("c", [(KeyCode::Char('c'), NONE)], Action::ShowCalendar, "month view: ← → day, ↑ ↓ week, PgUp PgDn month", SESSIONS, Some("month")),
    bind!("h ←", [(KeyCode::Char('h'), NONE), (KeyCode::Left, NONE)], Action::PreviousDay, "month view: the day before", MONTH, None),
    bind!("l →", [(KeyCode::Char('l'), NONE), (KeyCode::Right, NONE)], Action::NextDay, "month view: the day after", MONTH, None),
    bind!("k ↑", [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "month view: the week before", MONTH, None),
    bind!("j ↓", [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "month view: the week after", MONTH, None),
    bind!("PgUp ^u", [(KeyCode::PageUp, NONE), (KeyCode::Char('u'), CTRL)], Action::PageUp, "month view: the month before", MONTH, None),
    bind!("PgDn ^d", [(KeyCode::PageDown, NONE), (KeyCode::Char('d'), CTRL)], Action::PageDown, "month view: the month after", MONTH, None),
    bind!("c Esc", [(KeyCode::Char('c'), NONE), (KeyCode::Esc, NONE)], Action::ShowCalendar, "month view: back to the list of sessions", MONTH, Some("list")),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "in the candidates: propose the one chosen as mentor, locked", CANDIDATES, Some("propose")),
    bind!("o", [(KeyCode::Char('o'), NONE)], Action::OpenPerson, "in the candidates: the story of the Q member chosen", CANDIDATES, Some("person")),
    bind!("x", [(KeyCode::Char('x'), NONE)], Action::ForbidPair, "in the candidates: forbid the pair, or allow it again (asks)", CANDIDATES, Some("forbid/allow")),
    bind!("Esc", [(KeyCode::Esc, NONE)], Action::Back, "in the candidates: back to the participants", CANDIDATES, Some("back")),
    bind!("n", [(KeyCode::Char('n'), NONE)], Action::New, "categories: add a category", CATEGORIES, Some("new")),
    bind!("e", [(KeyCode::Char('e'), NONE)], Action::Edit, "categories: rename the selected one (its key stays)", CATEGORIES, Some("rename")),
    bind!("d", [(KeyCode::Char('d'), NONE)], Action::Delete, "categories: retire the selected one, or bring it back (asks)", CATEGORIES, Some("retire")),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "categories: the selected category's expenses", CATEGORIES, Some("expenses")),
    bind!("v", [(KeyCode::Char('v'), NONE)], Action::SwitchBudgetList, "categories: back to the expenses", CATEGORIES, Some("back")),
    bind!("s", [(KeyCode::Char('s'), NONE)], Action::SetBudget, "categories: set the grant and each one's allocation", CATEGORIES, Some("grant")),
    bind!("h ←", [(KeyCode::Char('h'), NONE), (KeyCode::Left, NONE)], Action::SetBefore, "learning sets: move the selected person to the set before", SETS, Some("move")),
    bind!("l →", [(KeyCode::Char('l'), NONE), (KeyCode::Right, NONE)], Action::SetAfter, "learning sets: move them to the set after (or a new one)", SETS, None),
    bind!("L", [(KeyCode::Char('L'), SHIFT), (KeyCode::Char('L'), NONE)], Action::LockInSet, "learning sets: lock or unlock them in their set", SETS, Some("lock")),
    bind!("t", [(KeyCode::Char('t'), NONE)], Action::KeepTogether, "learning sets: t on one, then t on another: keep them together", SETS, Some("together")),
    bind!("a", [(KeyCode::Char('a'), NONE)], Action::KeepApart, "learning sets: a on one, then a on another: keep them apart", SETS, Some("apart")),
    bind!("r", [(KeyCode::Char('r'), NONE)], Action::SuggestSets, "learning sets: suggest again, keeping locks and pairs", SETS, Some("suggest")),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "learning sets: the selected person's story", SETS, Some("person")),
    bind!("Esc", [(KeyCode::Esc, NONE)], Action::Back, "learning sets: back to the roster", SETS, Some("back")),
    bind!("n", [(KeyCode::Char('n'), NONE)], Action::New, "add an expense", BUDGET, Some("new")),
    bind!("e", [(KeyCode::Char('e'), NONE)], Action::Edit, "change the selected expense", BUDGET, None),
    bind!("v", [(KeyCode::Char('v'), NONE)], Action::SwitchBudgetList, "the categories, to add, rename or retire one", BUDGET, Some("categories")),
    bind!("d", [(KeyCode::Char('d'), NONE)], Action::Delete, "says why: x cancels an expense, which keeps it on record", BUDGET, None),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "the story of the person the selected expense names", BUDGET, None),
    bind!("c", [(KeyCode::Char('c'), NONE)], Action::CommitExpense, "the selected expense is committed (today)", BUDGET, Some("commit")),
    bind!("p", [(KeyCode::Char('p'), NONE)], Action::PayExpense, "the selected expense is paid (today)", BUDGET, Some("pay")),
    bind!("x", [(KeyCode::Char('x'), NONE)], Action::CancelExpense, "cancel the selected expense (asks first)", BUDGET, None),
    bind!("f", [(KeyCode::Char('f'), NONE)], Action::FilterExpenses, "show only one category, state, month or cohort", BUDGET, None),
    bind!("o", [(KeyCode::Char('o'), NONE)], Action::SortNext, "sort by the next column", BUDGET, Some("sort")),
    bind!("O", [(KeyCode::Char('O'), SHIFT), (KeyCode::Char('O'), NONE)], Action::SortReverse, "reverse the sort", BUDGET, None),
    bind!("s", [(KeyCode::Char('s'), NONE)], Action::SetBudget, "set the grant and the allocation of each category", BUDGET, Some("grant")),
    bind!("S", [(KeyCode::Char('S'), SHIFT), (KeyCode::Char('S'), NONE)], Action::Settings, "programme settings: name, funder, grant, attendance, dormant weeks", BUDGET, None),
    bind!("v", [(KeyCode::Char('v'), NONE)], Action::SwitchSessionsView, "switch agenda / past sessions", Place::Pane(PaneId::Sessions), Some("view")),
    bind!("e", [(KeyCode::Char('e'), NONE)], Action::Edit, "change this person (the form opens over their story)", PERSON, Some("edit")),
    bind!("Esc q", [(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], Action::Back, "back to where the story was opened", PERSON, Some("back")),
    bind!("Enter", [(KeyCode::Enter, NONE)], Action::Open, "the selected message as it will go (j k scroll it, Esc back)", MAIL, Some("preview")),
    bind!("s", [(KeyCode::Char('s'), NONE)], Action::SendMail, "send everything due (asks first, naming how many and to whom)", MAIL, Some("send all due")),
    bind!("w", [(KeyCode::Char('w'), NONE)], Action::WriteMail, "write everything due as .eml files into a new folder (the dry run)", MAIL, Some("dry run")),
    bind!("Esc q", [(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], Action::Back, "close the mail place (a send goes on, and is reported here)", MAIL, Some("close")),
    bind!("Esc", [(KeyCode::Esc, NONE)], Action::Back, "go back, clear the filter", Everywhere, None),
    bind!("/", [(KeyCode::Char('/'), NONE)], Action::StartFilter, "filter this list", Everywhere, Some("filter")),
    bind!("[ ]", [(KeyCode::Char('['), NONE)], Action::PreviousCohort, "previous / next cohort", Everywhere, Some("cohort")),
    bind!("]", [(KeyCode::Char(']'), NONE)], Action::NextCohort, "next cohort", Everywhere, None),
    bind!("u", [(KeyCode::Char('u'), NONE)], Action::Undo, "undo the last change (asks first)", Everywhere, Some("undo")),
    bind!(":", [(KeyCode::Char(':'), NONE), (KeyCode::Char(':'), SHIFT)], Action::CommandLine, "command line: history, cohort N, duplicates, quit", Everywhere, None),
    bind!("1-4", [(KeyCode::Char('1'), NONE)], Action::Focus(PaneId::Roster), "jump to pane 1–4", Everywhere, None),
    bind!("2", [(KeyCode::Char('2'), NONE)], Action::Focus(PaneId::Mentoring), "mentoring", Everywhere, None),
    bind!("3", [(KeyCode::Char('3'), NONE)], Action::Focus(PaneId::Sessions), "sessions", Everywhere, None),
    bind!("4", [(KeyCode::Char('4'), NONE)], Action::Focus(PaneId::Budget), "budget", Everywhere, None),
    bind!("Tab", [(KeyCode::Tab, NONE)], Action::FocusNext, "next pane", Everywhere, Some("pane")),
    bind!("S-Tab", [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)], Action::FocusPrevious, "previous pane", Everywhere, None),
    bind!("z", [(KeyCode::Char('z'), NONE)], Action::ToggleZoom, "zoom this pane, or back to all panes", Everywhere, Some("zoom")),
    bind!("M", [(KeyCode::Char('M'), SHIFT), (KeyCode::Char('M'), NONE)], Action::ShowMail, "mail: what is due, a preview (Enter), send all (s), dry run (w)", Everywhere, None),
    bind!("?", [(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)], Action::ShowHelp, "show every key", Everywhere, Some("keys")),
    bind!("q", [(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)], Action::Quit, "quit", Everywhere, Some("quit")),
];

/// The action a key asks for in `pane`, if any.
pub fn action_for(key: KeyEvent, pane: PaneId) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| applies(b.place, pane))
        .find(|b| {
            b.keys
                .iter()
                .any(|(code, mods)| key.code == *code && key.modifiers == *mods)
        })
        .map(|b| b.action)
}

/// The move a key asks of whatever list is open (history, the intake, attendance, help):
/// the same keys as in the panes, from the same table, so every list answers to `g` and `G`.
pub fn movement(key: KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| b.place == Place::Everywhere && is_movement(b.action))
        .find(|b| {
            b.keys
                .iter()
                .any(|(code, mods)| key.code == *code && key.modifiers == *mods)
        })
        .map(|b| b.action)
}

/// The action a key asks for in `pane` while it shows `view` (if any): the view's own keys
/// first, then the pane's and those from everywhere.
pub fn action_here(key: KeyEvent, pane: PaneId, view: Option<View>) -> Option<Action> {
    view.and_then(|view| {
        KEYMAP
            .iter()
            .filter(|b| b.place == Place::View(view))
            .find(|b| b.keys.contains(&(key.code, key.modifiers)))
            .map(|b| b.action)
    })
    .or_else(|| action_for(key, pane))
    // The month has no list to filter, and the sets are read whole.
    .filter(|action| {
        !(matches!(view, Some(View::Month | View::Sets)) && *action == Action::StartFilter)
    })
}

fn applies(place: Place, pane: PaneId) -> bool {
    match place {
        Place::Everywhere => true,
        Place::Pane(p) => p == pane,
        Place::Attendance | Place::Person | Place::Mail | Place::View(_) => false,
    }
}

/// The action a key asks for on the attendance sheet: its own keys, the list keys and `?`.
pub fn attendance_action(key: KeyEvent) -> Option<Action> {
    action_in(Place::Attendance, key)
}

/// The action a key asks for in the mail place: its own keys, the list keys and `?`.
pub fn mail_action(key: KeyEvent) -> Option<Action> {
    action_in(Place::Mail, key)
}

/// The action a key asks for in a person's story: its own keys, the list keys and `?`.
pub fn person_action(key: KeyEvent) -> Option<Action> {
    action_in(Place::Person, key)
}

fn action_in(place: Place, key: KeyEvent) -> Option<Action> {
    help_in(place)
        .into_iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|(code, mods)| key.code == *code && key.modifiers == *mods)
        })
        .map(|b| b.action)
}

/// The bindings to list in help for `place`: its own first, then those from everywhere that
/// work there (on the attendance sheet, only moving and `?`).
pub fn help_in(place: Place) -> Vec<&'static Binding> {
    match place {
        Place::Pane(pane) => help_for(pane),
        Place::Everywhere => KEYMAP
            .iter()
            .filter(|b| b.place == Place::Everywhere)
            .collect(),
        Place::Attendance | Place::Person | Place::Mail => {
            let own = KEYMAP.iter().filter(|b| b.place == place);
            let general = KEYMAP.iter().filter(|b| {
                b.place == Place::Everywhere
                    && (is_movement(b.action) || b.action == Action::ShowHelp)
            });
            own.chain(general).collect()
        }
        Place::View(_) => {
            // A key of the view's own stands for it here, as `j` is a week in the month.
            let own: Vec<&Binding> = KEYMAP.iter().filter(|b| b.place == place).collect();
            let taken = |b: &Binding| {
                own.iter()
                    .any(|o| o.keys.iter().any(|k| b.keys.contains(k)))
            };
            // The month has no list to filter.
            let unfiltered = |b: &Binding| {
                matches!(place, Place::View(View::Month | View::Sets))
                    && b.action == Action::StartFilter
            };
            let general = KEYMAP.iter().filter(|b| {
                b.place == Place::Everywhere
                    && !is_folded_into_another_line(b)
                    && !taken(b)
                    && !unfiltered(b)
            });
            own.iter().copied().chain(general).collect()
        }
    }
}

/// The bindings to list in help for `pane`: the pane's own first, then everything else.
pub fn help_for(pane: PaneId) -> Vec<&'static Binding> {
    let own = KEYMAP.iter().filter(|b| b.place == Place::Pane(pane));
    let general = KEYMAP
        .iter()
        .filter(|b| b.place == Place::Everywhere && !is_folded_into_another_line(b));
    own.chain(general).collect()
}

/// The footer's short list for `pane`, or for the view it shows.
pub fn footer_for(pane: PaneId, view: Option<View>) -> Vec<&'static Binding> {
    view.map_or_else(|| help_for(pane), |view| help_in(Place::View(view)))
        .into_iter()
        .filter(|b| b.footer.is_some())
        .collect()
}

/// Help shows "1-4" and "[ ]" once rather than a line per key.
fn is_folded_into_another_line(binding: &Binding) -> bool {
    matches!(
        binding.action,
        Action::NextCohort
            | Action::Focus(PaneId::Mentoring)
            | Action::Focus(PaneId::Sessions)
            | Action::Focus(PaneId::Budget)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_move_alike() {
        assert_eq!(
            action_for(key(KeyCode::Char('j')), PaneId::Roster),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(key(KeyCode::Down), PaneId::Roster),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('k')), PaneId::Budget),
            Some(Action::Up)
        );
        assert_eq!(
            action_for(
                KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
                PaneId::Roster
            ),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn lists_over_the_panes_move_with_the_panes_keys_and_no_others() {
        let shift = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT);
        assert_eq!(movement(key(KeyCode::Char('g'))), Some(Action::Top));
        assert_eq!(movement(shift('G')), Some(Action::Bottom));
        assert_eq!(movement(key(KeyCode::End)), Some(Action::Bottom));
        assert_eq!(movement(key(KeyCode::PageDown)), Some(Action::PageDown));
        assert_eq!(movement(key(KeyCode::Char('k'))), Some(Action::Up));
        // Keys that mean something else in a list (a, n, p, Space) are left to it.
        for c in ['a', 'n', 'p', ' ', 'A', 'q'] {
            assert_eq!(movement(key(KeyCode::Char(c))), None, "{c}");
        }
    }

    #[test]
    fn pane_keys_work_only_in_their_pane() {
        let v = key(KeyCode::Char('v'));
        assert_eq!(
            action_for(v, PaneId::Sessions),
            Some(Action::SwitchSessionsView)
        );
        assert_eq!(
            action_for(v, PaneId::Roster),
            Some(Action::SwitchRosterList)
        );
        assert_eq!(
            action_for(v, PaneId::Budget),
            Some(Action::SwitchBudgetList)
        );
        assert_eq!(action_for(v, PaneId::Mentoring), None);
        assert_eq!(
            action_for(key(KeyCode::Char('f')), PaneId::Budget),
            Some(Action::FilterExpenses)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_place() {
        for pane in PaneId::ALL {
            let mut seen = Vec::new();
            for b in KEYMAP.iter().filter(|b| applies(b.place, pane)) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} is bound twice in {pane:?}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn the_attendance_sheet_has_its_own_keys_and_the_list_keys() {
        let shift = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT);
        assert_eq!(
            attendance_action(key(KeyCode::Char('n'))),
            Some(Action::Mark(Attendance::NoShow))
        );
        assert_eq!(
            attendance_action(shift('A')),
            Some(Action::MarkEveryoneAttended)
        );
        assert_eq!(attendance_action(shift('G')), Some(Action::Bottom));
        assert_eq!(
            attendance_action(key(KeyCode::Char('q'))),
            Some(Action::Back)
        );
        // Pane keys do nothing on the sheet: `c` is not the month view here.
        assert_eq!(attendance_action(key(KeyCode::Char('c'))), None);
        assert_eq!(attendance_action(key(KeyCode::Tab)), None);
        let mut seen = Vec::new();
        for b in help_in(Place::Attendance) {
            for k in b.keys {
                assert!(!seen.contains(k), "{k:?} is bound twice on the sheet");
                seen.push(*k);
            }
        }
    }

    #[test]
    fn help_lists_the_panes_own_keys_first() {
        let help = help_for(PaneId::Sessions);
        assert_eq!(help[0].action, Action::Open);
        let own = help
            .iter()
            .take_while(|b| b.place == Place::Pane(PaneId::Sessions))
            .count();
        assert!(
            help.iter()
                .take(own)
                .any(|b| b.action == Action::SwitchSessionsView)
        );
        assert!(help[own..].iter().all(|b| b.place == Place::Everywhere));
        assert!(
            help_for(PaneId::Roster)
                .iter()
                .all(|b| b.action != Action::SwitchSessionsView)
        );
    }

    #[test]
    fn every_help_line_fits_the_help_window_on_an_80_column_terminal() {
        // The window is 78 wide: two borders and ten columns of keys leave 66.
        for b in KEYMAP {
            assert!(
                b.help.chars().count() <= 66,
                "{:?}: “{}” is too long for the help window",
                b.label,
                b.help
            );
        }
    }

    #[test]
    fn every_action_is_reachable_from_help() {
        // Folded lines stand for their siblings; everything else is listed.
        for b in KEYMAP {
            let listed = PaneId::ALL
                .iter()
                .map(|p| Place::Pane(*p))
                .chain([Place::Attendance, Place::Person, Place::Mail])
                .chain(View::ALL.map(Place::View))
                .any(|p| help_in(p).iter().any(|h| h.action == b.action));
            assert!(
                listed || is_folded_into_another_line(b),
                "{:?} missing from help",
                b.action
            );
        }
    }

    #[test]
    fn a_line_for_two_keys_names_what_they_do_in_the_order_they_are_written() {
        // "[ ]  previous / next cohort": `[` is the first key written, so its word comes first.
        for b in KEYMAP.iter().filter(|b| b.help.contains(" / ")) {
            let written: Vec<&str> = b.label.split(' ').collect();
            let [first, second] = written[..] else {
                continue;
            };
            let doing = |label: &str| {
                KEYMAP
                    .iter()
                    .find(|k| {
                        k.place == b.place && k.keys.iter().any(|(c, _)| spelled(*c) == label)
                    })
                    .map(|k| k.action)
            };
            let (Some(a), Some(z)) = (doing(first), doing(second)) else {
                continue;
            };
            if a == z {
                continue;
            }
            let (before, after) = b.help.split_once(" / ").unwrap_or_default();
            let word = |action: Action| format!("{action:?}").to_lowercase();
            assert!(
                word(a).contains(before.split(' ').next_back().unwrap_or_default())
                    && word(z).contains(after.split(' ').next().unwrap_or_default()),
                "“{} {}” names its keys out of order",
                b.label,
                b.help
            );
        }
    }

    fn spelled(code: KeyCode) -> String {
        match code {
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_view_within_a_pane_has_its_own_keys_first_and_no_key_twice() {
        let month = Some(View::Month);
        let h = key(KeyCode::Char('h'));
        assert_eq!(
            action_here(h, PaneId::Sessions, month),
            Some(Action::PreviousDay)
        );
        assert_eq!(action_here(h, PaneId::Sessions, None), None);
        assert_eq!(
            action_here(key(KeyCode::Esc), PaneId::Sessions, month),
            Some(Action::ShowCalendar)
        );
        assert_eq!(
            action_here(
                key(KeyCode::Char('v')),
                PaneId::Budget,
                Some(View::Categories)
            ),
            Some(Action::SwitchBudgetList)
        );
        for view in View::ALL {
            let mut seen = Vec::new();
            for b in help_in(Place::View(view)) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} is listed twice in {view:?}");
                    seen.push(*k);
                }
            }
            // What the footer offers there is the view's, not the list's behind it.
            let footer = footer_for(view.pane(), Some(view));
            assert!(footer.iter().all(|b| b.place != Place::Pane(view.pane())));
            assert!(footer.iter().any(|b| b.place == Place::View(view)));
        }
    }
}
