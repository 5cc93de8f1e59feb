//! `:forget` in the dashboard: erasing a person (found by email, or the one selected in the
//! roster or the Q members list) once a question naming what will go is answered y.

use super::App;
use crate::domain::change::HistoryEntry;
use crate::domain::people::PersonRef;
use crate::domain::people::erasure::{self, Plan, Register};
use crate::tui::effects::{Confirm, Effect, Message};
use crate::tui::panes::PaneId;
use crate::tui::panes::registers::RosterList;

impl App {
    /// `:forget EMAIL`, or `:forget` on the person selected: asks the event loop for the
    /// history (an email may be of someone deleted whom history still holds, and the question
    /// counts the entries rewritten), then asks before erasing.
    pub(super) fn forget(&mut self, email: Option<&str>, only: Option<Register>) {
        if let Some(email) = email {
            return self
                .effects
                .push(Effect::OfferForgetEmail(email.to_string(), only));
        }
        match self.selected_person() {
            Some(person) => self.effects.push(Effect::OfferForget(person)),
            None => self.say(Message::Problem(
                ":forget needs a person: select one in the roster or the Q members, or type \
                 :forget EMAIL."
                    .into(),
            )),
        }
    }

    /// Asks before erasing the one person `email` names, now or in `history` (every entry),
    /// as `improvers forget EMAIL` finds them; says who it names when it is nobody or more
    /// than one.
    pub fn offer_forget_email(&mut self, email: &str, history: &[HistoryEntry]) {
        self.offer_forget_email_in(email, None, history);
    }

    /// [`App::offer_forget_email`], among the records of register `only` when given
    /// (`:forget EMAIL --participant`).
    pub fn offer_forget_email_in(
        &mut self,
        email: &str,
        only: Option<Register>,
        history: &[HistoryEntry],
    ) {
        let takes = |p: PersonRef| {
            matches!(
                (only, p),
                (None, _)
                    | (Some(Register::Participants), PersonRef::Participant(_))
                    | (Some(Register::QMembers), PersonRef::QMember(_))
            )
        };
        let found = erasure::people_with_email_held(&self.data, history, email);
        let found: Vec<PersonRef> = found.into_iter().filter(|p| takes(*p)).collect();
        if let (true, Some(erased)) = (
            found.is_empty(),
            erasure::erased_with_email(&self.data, email),
        ) {
            return self.say(Message::Problem(format!(
                "{email} is the email of {}, erased already; nothing more was erased.",
                erased.label()
            )));
        }
        if found.len() > 1 && erasure::all_one_person(&self.data, history, &found) {
            // Their records, merged or linked: one person, offered whole.
            return self.offer_forget(found[0], history);
        }
        match found.as_slice() {
            [] => self.say(Message::Problem(format!(
                "Nobody in the programme or its history has the email {email}; nothing was \
                 erased."
            ))),
            [one] => self.offer_forget(*one, history),
            several => {
                let who: Vec<String> = several
                    .iter()
                    .map(|p| erasure::describe_held(&self.data, history, *p))
                    .collect();
                self.say(Message::Problem(format!(
                    "{email} is the email of {}: say which with :forget {email} --participant \
                     or :forget {email} --q-member.",
                    who.join(" and ")
                )));
            }
        }
    }

    /// The participant or Q member selected in the roster pane, when it is in view.
    fn selected_person(&self) -> Option<PersonRef> {
        if self.focus != PaneId::Roster {
            return None;
        }
        match self.roster.list {
            RosterList::Participants => self
                .roster
                .listing
                .selected_row()
                .map(|row| PersonRef::Participant(row.id)),
            RosterList::QMembers => self
                .roster
                .registers
                .q_members
                .selected_row()
                .map(|row| PersonRef::QMember(row.id)),
            _ => None,
        }
    }

    /// Asks before erasing `person`, naming what goes and what stays.
    pub fn offer_forget(&mut self, person: PersonRef, history: &[HistoryEntry]) {
        match erasure::plan_whole(&self.data, person, history) {
            Ok(plan) => {
                self.confirm = Some(forget_question(plan));
                self.note_opened();
            }
            Err(e) => self.say(Message::Problem(format!("{e}; nothing was erased."))),
        }
    }
}

/// "Erase participant Wren Hollis <wren@example.org> for good? ..." and what goes.
fn forget_question(plan: Plan) -> Confirm {
    let label = plan.erasure.label();
    let rewritten = plan
        .rewritten()
        .map_or_else(String::new, |r| format!(" {r}."));
    let merged = if plan.merged.is_empty() {
        String::new()
    } else {
        let (linked, merged) = plan.others("“", "”");
        let mut said = String::new();
        if !linked.is_empty() {
            said.push_str(&format!(
                " Linked to them as one person (they joined Q), so erased with them: {}.",
                linked.join("; ")
            ));
        }
        if !merged.is_empty() {
            said.push_str(&format!(
                " Merged with them, so erased with them: {}.",
                merged.join("; ")
            ));
        }
        format!("{said} Every email that goes: {}.", plan.emails.join(", "))
    };
    let also: String = plan
        .merged
        .iter()
        .map(|(erasure, _)| {
            let how = if plan.linked.contains(&erasure.person) {
                "linked to"
            } else {
                "merged with"
            };
            format!(", and “{}” {how} them", erasure.label())
        })
        .collect();
    Confirm {
        question: format!(
            "Erase {} for good? They become “{label}”: name, email, notes and project go. {}.\
             {merged}{rewritten} Then the database is rewritten so no file holds them. This cannot be \
             undone.",
            plan.who,
            plan.kept(),
        ),
        done: format!("Erased: now “{label}”{also}"),
        change: plan.change,
    }
}
