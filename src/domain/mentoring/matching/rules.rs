//! The rules matching follows, besides the weights: whether mentors must come from another
//! organisation, when a quiet pair counts as dormant, and that nobody mentors themselves.

use super::score::Weights;
use crate::domain::people::{Participant, QMember};
use crate::domain::snapshot::Snapshot;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchingRules {
    pub weights: Weights,
    /// Some programmes want every participant mentored from outside their own organisation.
    pub different_organisation: bool,
    /// A pair with no meeting logged for this many weeks is shown as dormant.
    pub dormant_after_weeks: u32,
}

impl Default for MatchingRules {
    fn default() -> Self {
        MatchingRules {
            weights: Weights::default(),
            different_organisation: false,
            dormant_after_weeks: 6,
        }
    }
}

/// Why a participant and a Q member who are one person may not be paired, as the candidate
/// list shows it beside the Q member's name, when it is their email that says so.
pub const SAME_PERSON: &str = "is this participant";

/// How a participant and a Q member are known to be one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SamePerson {
    /// The same address in both registers ([`crate::domain::people::same_email`]).
    Email,
    /// Linked as an alumnus who joined Q from the cohort named (or "the programme").
    Linked { from: String },
}

impl SamePerson {
    /// The reason the candidate list gives beside the Q member's name.
    pub fn why(&self) -> String {
        match self {
            SamePerson::Email => SAME_PERSON.to_string(),
            SamePerson::Linked { from } => {
                format!("is the same person (linked: joined Q from {from})")
            }
        }
    }
}

/// Whether `participant` and `q_member` are one person in both registers: their emails are
/// the same address, or the two records are linked as an alumnus who joined Q
/// ([`crate::domain::people::alumni`]), whatever their emails.
///
/// Every way a pair is made keeps to this: the solver, a mentor chosen by hand from the
/// candidates, and an import of matches.
pub fn same_person(
    data: &Snapshot,
    participant: &Participant,
    q_member: &QMember,
) -> Option<SamePerson> {
    if let Some(link) = data
        .q_links
        .get(&participant.id)
        .filter(|l| l.q_member == q_member.id)
    {
        return Some(SamePerson::Linked {
            from: crate::domain::people::alumni::alumnus_of(data, link),
        });
    }
    crate::domain::people::same_email(&participant.email, &q_member.email)
        .then_some(SamePerson::Email)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::ids::{ParticipantId, QMemberId};
    use crate::domain::people::pathway::PathwayStage;

    fn pair(participant_email: &str, q_email: &str) -> bool {
        let mut f = Fixture::new();
        f.participant(1, "Pat Selfsame", Some(1), PathwayStage::Active);
        let mut p = f.data.participants[&ParticipantId(1)].clone();
        let mut q = f.data.q_members[&QMemberId(1)].clone();
        p.email = participant_email.into();
        q.email = q_email.into();
        same_person(&f.data, &p, &q).is_some()
    }

    #[test]
    fn the_same_email_in_both_registers_is_one_person_whatever_its_case_or_spaces() {
        assert!(pair(
            "pat.selfsame@alpha.example",
            "pat.selfsame@alpha.example"
        ));
        assert!(pair(
            " Pat.Selfsame@Alpha.example",
            "pat.selfsame@alpha.example  "
        ));
        assert!(pair("zoë.ünal@beta.example", "ZOË.ÜNAL@beta.example"));
    }

    #[test]
    fn different_emails_or_none_at_all_are_two_people() {
        assert!(!pair(
            "pat.selfsame@alpha.example",
            "pat.selfsame@beta.example"
        ));
        assert!(!pair("", ""));
        assert!(!pair("  ", " "));
    }

    #[test]
    fn a_linked_alumnus_is_one_person_whatever_their_emails_and_says_their_cohort() {
        let mut f = Fixture::new();
        f.participant(1, "Pat Twofold", Some(1), PathwayStage::Completed);
        let (change, _) = crate::domain::people::alumni::link(
            &f.data,
            ParticipantId(1),
            QMemberId(2),
            crate::domain::fixture::day(11, 1),
        )
        .expect("links");
        f.data.apply(&change);
        let p = &f.data.participants[&ParticipantId(1)];
        let linked = same_person(&f.data, p, &f.data.q_members[&QMemberId(2)]);
        assert_eq!(
            linked.map(|s| s.why()).as_deref(),
            Some("is the same person (linked: joined Q from Cohort 1)")
        );
        assert_eq!(
            same_person(&f.data, p, &f.data.q_members[&QMemberId(1)]),
            None
        );
    }
}
