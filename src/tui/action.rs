//! What a key asks the dashboard to do, independent of which key it was.

use super::panes::PaneId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Focus(PaneId),
    FocusNext,
    FocusPrevious,
    ToggleZoom,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    StartFilter,
    ShowHelp,
    /// The mail place: what is due, a preview, sending.
    ShowMail,
    NextCohort,
    PreviousCohort,
    /// Sessions: switch between the agenda and past sessions.
    SwitchSessionsView,
    /// Undo the newest change not yet undone (asks first).
    Undo,
    /// Open the command line (`:history`, `:cohort 3`, `:quit`).
    CommandLine,
    /// Roster: move the selected participant along the pathway.
    MoveStage,
    /// Roster: tick a Q readiness item for the selected participant.
    TickReadiness,
    /// Roster: suggest an intake for the cohort in view from its applicants.
    SuggestIntake,
    /// Roster: add to the list shown (a participant, Q member, cohort, ...).
    New,
    /// Roster: change the selected participant, Q member, cohort, ...
    Edit,
    /// Roster: delete the selected record (asks first, naming what refers to it).
    Delete,
    /// Roster: accept the selected nominee into a cohort.
    AcceptNomination,
    /// Roster: decline the selected nominee (asks first).
    DeclineNomination,
    /// Roster: the selected participant joins Q and becomes a linked Q member.
    JoinQ,
    /// Roster: show the next list (participants, Q members, cohorts, organisations,
    /// professions).
    SwitchRosterList,
    /// Budget: show the categories instead of the expenses, or back.
    SwitchBudgetList,
    /// Roster: show only one stage, organisation or profession.
    FilterRoster,
    /// Mentoring: run matching for the cohort in view and store the proposals.
    RunMatching,
    /// Mentoring: confirm the selected proposal.
    AcceptProposal,
    /// Mentoring: confirm every proposal in view (asks first).
    AcceptAllProposals,
    /// Mentoring: drop the selected proposal.
    RejectProposal,
    /// Mentoring: lock or unlock the selected match, so matching keeps it.
    ToggleLock,
    /// Mentoring: never pair the selected participant and mentor again (asks first).
    ForbidPair,
    /// Mentoring: end the selected match, with a reason.
    EndMatch,
    /// Mentoring: log a check-in for the selected match.
    LogCheckIn,
    /// Sessions: cancel the selected session, or restore a cancelled one (asks first).
    CancelSession,
    /// Sessions: cancel the selected session and every later one of its series (asks first).
    CancelFollowing,
    /// Sessions: propose the costs the selected session implies, as estimates (asks first).
    ProposeCosts,
    /// Sessions: mark who came to the selected session, one key per person.
    TakeAttendance,
    /// Attendance: mark the selected person and move on to the next.
    Mark(crate::domain::sessions::Attendance),
    /// Attendance: mark everyone invited or registered as attended, before the exceptions.
    MarkEveryoneAttended,
    /// Attendance: take back the last mark, before anything is saved.
    TakeBackMark,
    /// Roster: untick a Q readiness item ticked by mistake.
    UntickReadiness,
    /// Roster: take back a pathway stage entered by mistake.
    RemoveStage,
    /// Sessions: the month view, or back to the list.
    ShowCalendar,
    /// The month view: the day before.
    PreviousDay,
    /// The month view: the day after.
    NextDay,
    /// Budget: show only one category, state, month or cohort.
    FilterExpenses,
    /// Budget: set the grant and its allocations.
    SetBudget,
    /// Budget: the selected expense is committed.
    CommitExpense,
    /// Budget: the selected expense is paid.
    PayExpense,
    /// Budget: cancel the selected expense (asks first).
    CancelExpense,
    /// Sort by the next column.
    SortNext,
    /// Reverse the sort.
    SortReverse,
    /// The programme's settings (name, funder, grant, attendance, dormant weeks), or setting
    /// a programme up when there is none.
    Settings,
    /// The story of the person selected (mentoring, the attendance sheet), where Enter
    /// already does something else.
    OpenPerson,
    /// Mentoring: the story of the selected participant's mentor.
    OpenMentor,
    /// The mail place: send everything due (asks first).
    SendMail,
    /// The mail place: write everything due as `.eml` files (the dry run).
    WriteMail,
    /// Learning sets: move the selected person to the set before.
    SetBefore,
    /// Learning sets: move the selected person to the set after (past the last, a new one).
    SetAfter,
    /// Learning sets: lock or unlock the selected person in their set.
    LockInSet,
    /// Learning sets: mark the selected person, then another, to keep together.
    KeepTogether,
    /// Learning sets: mark the selected person, then another, to keep apart.
    KeepApart,
    /// Learning sets: suggest them again, keeping locked people.
    SuggestSets,
}
