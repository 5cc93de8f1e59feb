//! The roster pane's other lists as the app sees them: opening the form to add, change or
//! delete a Q member, cohort, organisation or profession.

use super::App;
use crate::domain::change::RecordKey;
use crate::domain::ids::{OrganisationId, ProfessionId};
use crate::tui::action::Action;
use crate::tui::dialogs::venue::venue_form;
use crate::tui::dialogs::{Group, cohort_form, delete_question, group_form, q_member_form};
use crate::tui::effects::Message;
use crate::tui::panes::registers::RosterList;

impl App {
    /// `n`, `e` or `d` on one of the registers.
    pub(super) fn open_register_form(&mut self, action: Action) -> bool {
        let registers = &self.roster.registers;
        let today = self.now.today();
        let list = self.roster.list;
        if action == Action::New {
            self.form = Some(match list {
                RosterList::Participants => return false,
                RosterList::QMembers => q_member_form(&self.data, None),
                RosterList::Cohorts => cohort_form(&self.data, None, today),
                RosterList::Organisations => group_form(Group::Organisation, None),
                RosterList::Professions => group_form(Group::Profession, None),
                RosterList::Venues => venue_form(None),
            });
            return true;
        }
        let key = match list {
            RosterList::Participants => None,
            RosterList::QMembers => registers
                .q_members
                .selected_row()
                .map(|r| RecordKey::QMember(r.id)),
            RosterList::Cohorts => registers
                .cohorts
                .selected_row()
                .map(|r| RecordKey::Cohort(r.id)),
            RosterList::Organisations => registers
                .organisations
                .selected_row()
                .map(|r| RecordKey::Organisation(OrganisationId(r.id))),
            RosterList::Professions => registers
                .professions
                .selected_row()
                .map(|r| RecordKey::Profession(ProfessionId(r.id))),
            RosterList::Venues => registers
                .venues
                .selected_row()
                .map(|r| RecordKey::Venue(r.id)),
        };
        let Some(key) = key else {
            return false;
        };
        if action == Action::Delete {
            match delete_question(&self.data, key) {
                Ok(confirm) => self.confirm = Some(confirm),
                Err(why) => self.say(Message::Problem(why)),
            }
            return true;
        }
        let form = match key {
            RecordKey::QMember(id) => self
                .data
                .q_members
                .get(&id)
                .map(|q| q_member_form(&self.data, Some(q))),
            RecordKey::Cohort(id) => self
                .data
                .cohorts
                .get(&id)
                .map(|c| cohort_form(&self.data, Some(c), today)),
            RecordKey::Organisation(id) => self
                .data
                .organisations
                .get(&id)
                .map(|o| group_form(Group::Organisation, Some((o.id.0, &o.name)))),
            RecordKey::Profession(id) => self
                .data
                .professions
                .get(&id)
                .map(|p| group_form(Group::Profession, Some((p.id.0, &p.name)))),
            RecordKey::Venue(id) => self.data.venues.get(&id).map(|v| venue_form(Some(v))),
            _ => None,
        };
        match form {
            Some(form) => self.form = Some(form),
            None => self.say(Message::Problem(
                "That is no longer there; someone may have deleted it.".into(),
            )),
        }
        true
    }
}
