//! What a cancelled session still takes: nothing that plans for it happening. Estimates,
//! invitations, registrations, attendance marks and facilitators are refused until the session
//! is restored, so a cancelled session never inflates the forecast or a register.

use super::Session;
use crate::domain::budget::ExpenseState;

/// What was about to be attached to a cancelled session, in the words the refusal uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attaching {
    /// Cost estimates (`b` in the sessions pane, the expense form, expenses.csv).
    Estimates,
    /// Attendance, registration or apology marks (`t`, attendance.csv).
    Marks,
    /// New invitees.
    Invitations,
    /// New facilitators (the session form).
    Facilitators,
}

impl Attaching {
    fn words(self) -> &'static str {
        match self {
            Attaching::Estimates => "cost estimates cannot be added to it",
            Attaching::Marks => "attendance cannot be marked for it",
            Attaching::Invitations => "nobody can be invited to it",
            Attaching::Facilitators => "no facilitator can be added to it",
        }
    }
}

/// The refusal: "Quality improvement for commissioners is cancelled: cost estimates cannot be
/// added to it; restore it first with x in the sessions pane (3)".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{title} is cancelled: {}; restore it first with x in the sessions pane (3)", what.words())]
pub struct CancelledSession {
    pub title: String,
    pub what: Attaching,
}

/// `Ok` unless `session` is cancelled, when `what` is refused with the sentence above.
pub fn open_for(session: &Session, what: Attaching) -> Result<(), CancelledSession> {
    if session.cancelled {
        Err(CancelledSession {
            title: session.title.clone(),
            what,
        })
    } else {
        Ok(())
    }
}

/// Whether a cancelled session may be changed from `before` to `after`: restoring it, or
/// changing its title, time, venue or notes, is fine; a facilitator, invitee or mark it did
/// not have is refused. Restoring comes first, then the rest.
pub fn check_edit(before: &Session, after: &Session) -> Result<(), CancelledSession> {
    if !(before.cancelled && after.cancelled) {
        return Ok(());
    }
    if after
        .facilitators
        .iter()
        .any(|q| !before.facilitators.contains(q))
    {
        return open_for(after, Attaching::Facilitators);
    }
    let had = |p| before.invitees.iter().find(|i| i.participant == p);
    for invitation in &after.invitees {
        match had(invitation.participant) {
            None => return open_for(after, Attaching::Invitations),
            Some(old) if old.attendance != invitation.attendance => {
                return open_for(after, Attaching::Marks);
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Whether an expense in `state` may be linked to `session`. A cancelled session still takes
/// committed and paid costs: a venue's cancellation fee, or travel booked before the
/// cancellation, is money really owed, which the funder must see. Only an estimate, spending
/// that will now not happen, is refused. The expense form and expenses.csv both ask this.
pub fn takes_expense(session: &Session, state: ExpenseState) -> Result<(), CancelledSession> {
    match state {
        ExpenseState::Estimate => open_for(session, Attaching::Estimates),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;

    #[test]
    fn a_cancelled_session_refuses_estimates_and_marks_but_takes_a_paid_fee() {
        let mut f = Fixture::new();
        let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap();
        f.session(1, start, &[]);
        let mut s = f.data.sessions.values().next().cloned().unwrap();
        s.title = "Quality improvement for planners".into();
        assert_eq!(open_for(&s, Attaching::Marks), Ok(()));
        s.cancelled = true;
        assert_eq!(
            takes_expense(&s, ExpenseState::Estimate)
                .unwrap_err()
                .to_string(),
            "Quality improvement for planners is cancelled: cost estimates cannot be added to \
             it; restore it first with x in the sessions pane (3)"
        );
        assert_eq!(takes_expense(&s, ExpenseState::Paid), Ok(()));
        assert_eq!(takes_expense(&s, ExpenseState::Committed), Ok(()));
        assert!(open_for(&s, Attaching::Marks).is_err());

        let mut led = s.clone();
        led.facilitators.push(crate::domain::ids::QMemberId(9));
        assert_eq!(
            check_edit(&s, &led).map_err(|e| e.what),
            Err(Attaching::Facilitators)
        );
        let mut restored = led.clone();
        restored.cancelled = false;
        assert_eq!(check_edit(&s, &restored), Ok(()));
        let mut renamed = s.clone();
        renamed.title = "Quality improvement for planners (moved)".into();
        assert_eq!(check_edit(&s, &renamed), Ok(()));
    }
}
