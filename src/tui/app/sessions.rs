//! The sessions pane's forms as the app sees them: planning, changing, cancelling and deleting
//! the selected session, and opening its attendance.

use super::App;
use crate::domain::people::roster::CohortFilter;
use crate::domain::sessions::cancelled::{Attaching, open_for};
use crate::tui::action::Action;
use crate::tui::attendance::AttendanceView;
use crate::tui::dialogs::session::session_form;
use crate::tui::dialogs::session_questions::{
    cancel_following_question, cancel_question, delete_session_question, propose_costs_question,
};
use crate::tui::effects::Message;

impl App {
    pub(super) fn act_on_session(&mut self, action: Action) -> bool {
        if action == Action::New {
            let cohort = match self.cohort {
                CohortFilter::Cohort(id) => Some(id),
                _ => None,
            };
            // The form offers the next working day; its date field reads `thu` or `+7` too.
            self.form = Some(session_form(&self.data, None, cohort, self.now.today()));
            return true;
        }
        let Some(session) = self
            .sessions
            .listing()
            .selected_row()
            .and_then(|r| self.data.sessions.get(&r.id))
            .cloned()
        else {
            self.say(Message::Problem(
                "Choose a session first (j and k); n plans a new one.".into(),
            ));
            return true;
        };
        match action {
            Action::Edit => {
                self.form = Some(session_form(
                    &self.data,
                    Some(&session),
                    None,
                    self.now.today(),
                ));
            }
            Action::CancelSession => {
                self.confirm = Some(cancel_question(&self.data, &session, self.now.today()))
            }
            Action::CancelFollowing => {
                match cancel_following_question(&self.data, &session, self.now.today()) {
                    Some(confirm) => self.confirm = Some(confirm),
                    None => self.say(Message::Problem(format!(
                        "{} is not followed by others in a series; x cancels it alone.",
                        session.title
                    ))),
                }
            }
            Action::Delete => {
                match delete_session_question(&self.data, &session, self.now.today()) {
                    Ok(confirm) => self.confirm = Some(confirm),
                    Err(refused) => self.say(Message::Problem(refused)),
                }
            }
            Action::ProposeCosts => {
                if let Err(refused) = open_for(&session, Attaching::Estimates) {
                    self.say(Message::Problem(format!("{refused}.")));
                    return true;
                }
                match propose_costs_question(&self.data, &session, &self.costs, self.now.today()) {
                    Some(confirm) => self.confirm = Some(confirm),
                    None => self.say(Message::Done(format!(
                        "{}'s costs are all proposed already (see the budget pane, 4).",
                        session.title
                    ))),
                }
            }
            Action::TakeAttendance => {
                if let Err(refused) = open_for(&session, Attaching::Marks) {
                    self.say(Message::Problem(format!("{refused}.")));
                    return true;
                }
                self.attendance = Some(AttendanceView::new(&self.data, &session));
            }
            _ => return false,
        }
        true
    }
}
