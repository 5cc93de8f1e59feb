//! How one record names another in a file: people by email, cohorts by number, venues,
//! organisations and professions by name, sessions by their ref.

use crate::domain::ids::{
    CohortId, OrganisationId, ParticipantId, ProfessionId, QMemberId, SessionId, VenueId,
};
use crate::domain::people::PersonRef;
use crate::domain::snapshot::Snapshot;
use crate::io::import::stored_session_refs;
use std::collections::BTreeMap;

pub(crate) struct Names<'a> {
    pub data: &'a Snapshot,
    session_refs: BTreeMap<SessionId, String>,
}

impl<'a> Names<'a> {
    pub fn new(data: &'a Snapshot) -> Names<'a> {
        Names {
            data,
            session_refs: stored_session_refs(&data.sessions),
        }
    }

    // A reference to a record that is not there is written empty; the import then says which
    // row lacks it rather than pointing at the wrong record.

    pub fn cohort(&self, id: Option<CohortId>) -> String {
        id.and_then(|id| self.data.cohorts.get(&id))
            .map_or_else(String::new, |c| c.number.to_string())
    }

    pub fn participant(&self, id: ParticipantId) -> String {
        self.data
            .participants
            .get(&id)
            .map_or_else(String::new, |p| p.email.clone())
    }

    pub fn q_member(&self, id: QMemberId) -> String {
        self.data
            .q_members
            .get(&id)
            .map_or_else(String::new, |q| q.email.clone())
    }

    pub fn person(&self, person: Option<PersonRef>) -> String {
        match person {
            None => String::new(),
            Some(PersonRef::Participant(id)) => self.participant(id),
            Some(PersonRef::QMember(id)) => self.q_member(id),
        }
    }

    pub fn venue(&self, id: Option<VenueId>) -> String {
        id.and_then(|id| self.data.venues.get(&id))
            .map_or_else(String::new, |v| v.name.clone())
    }

    pub fn session(&self, id: Option<SessionId>) -> String {
        id.and_then(|id| self.session_refs.get(&id))
            .cloned()
            .unwrap_or_default()
    }

    pub fn organisation(&self, id: OrganisationId) -> String {
        self.data
            .organisations
            .get(&id)
            .map_or_else(String::new, |o| o.name.clone())
    }

    pub fn profession(&self, id: ProfessionId) -> String {
        self.data
            .professions
            .get(&id)
            .map_or_else(String::new, |p| p.name.clone())
    }
}
