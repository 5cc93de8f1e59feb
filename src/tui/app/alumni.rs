//! `:joined-q` and `:link` in the dashboard: a participant joining Q (the same confirmation as
//! `J` on the roster) and an alumnus from before linked to their Q member record.

use super::App;
use crate::domain::people::PersonRef;
use crate::domain::people::alumni;
use crate::domain::people::erasure::people_with_email;
use crate::tui::dialogs::join_q_form;
use crate::tui::effects::{Confirm, Effect, Message};
use crate::tui::panes::PaneId;
use crate::tui::panes::registers::RosterList;

impl App {
    /// `:joined-q EMAIL`, or `:joined-q` on the participant selected in the roster.
    pub(super) fn joined_q(&mut self, email: Option<&str>) {
        let id = match email {
            Some(email) => match self.participant_with(email) {
                Ok(id) => id,
                Err(why) => return self.say(Message::Problem(why)),
            },
            None => {
                let selected = (self.focus == PaneId::Roster
                    && self.roster.list == RosterList::Participants)
                    .then(|| self.roster.listing.selected_row().map(|r| r.id))
                    .flatten();
                match selected {
                    Some(id) => id,
                    None => {
                        return self.say(Message::Problem(
                            ":joined-q needs a participant: select one in the roster, or type \
                             :joined-q EMAIL."
                                .into(),
                        ));
                    }
                }
            }
        };
        let Some(person) = self.data.participants.get(&id) else {
            return;
        };
        match join_q_form(&self.data, person, self.now.today()) {
            Ok(form) => self.form = Some(form),
            Err(why) => self.say(Message::Problem(why)),
        }
    }

    /// `:link PARTICIPANT_EMAIL Q_MEMBER_EMAIL`: saved at once (u undoes it).
    pub(super) fn link(&mut self, participant: &str, q_member: &str) {
        let p = match self.participant_with(participant) {
            Ok(id) => id,
            Err(why) => return self.say(Message::Problem(why)),
        };
        let q = people_with_email(&self.data, q_member)
            .into_iter()
            .find_map(|found| match found {
                PersonRef::QMember(id) => Some(id),
                PersonRef::Participant(_) => None,
            });
        let Some(q) = q else {
            return self.say(Message::Problem(format!(
                "No Q member has the email {q_member}; v on the roster lists the Q members."
            )));
        };
        let today = self.now.today();
        match alumni::link(&self.data, p, q, today) {
            Ok((change, done)) => match self.stale(&change) {
                Some(problem) => self.say(problem),
                None => match alumni::link_question(&self.data, p, q, today) {
                    // Two names may be two people: said before anything moves.
                    Some(question) => {
                        self.confirm = Some(Confirm {
                            question: format!("{question} Link them as one person?"),
                            change,
                            done: format!("{done} (u undoes it)"),
                        });
                        self.note_opened();
                    }
                    None => self.effects.push(Effect::Apply {
                        change: Box::new(change),
                        done: format!("{done} (u undoes it)"),
                    }),
                },
            },
            Err(why) => {
                let hint = match self.data.participants.get(&p) {
                    Some(person) if alumni::too_early(&self.data, person) => {
                        " (s on the roster moves them along the pathway first)"
                    }
                    _ => "",
                };
                self.say(Message::Problem(format!(
                    "{why}{hint}; nothing was linked."
                )));
            }
        }
    }

    fn participant_with(&self, email: &str) -> Result<crate::domain::ids::ParticipantId, String> {
        people_with_email(&self.data, email)
            .into_iter()
            .find_map(|found| match found {
                PersonRef::Participant(id) => Some(id),
                PersonRef::QMember(_) => None,
            })
            .ok_or_else(|| {
                format!("No participant has the email {email}; / on the roster finds them by name.")
            })
    }
}
