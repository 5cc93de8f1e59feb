//! Participants, Q members, and the organisations and professions they belong to.

pub mod alumni;
pub mod backups;
pub mod directory;
pub mod duplicate_pairs;
pub mod duplicates;
pub mod erasure;
pub mod funnel;
pub mod intake;
pub mod merge;
pub mod mix;
pub mod one_person;
pub mod pathway;
pub mod retention;
pub mod roster;
pub mod similar_names;
pub mod story;
pub mod subject_access;

use super::ids::{CohortId, OrganisationId, ParticipantId, ProfessionId, QMemberId};
use super::people::pathway::{Pathway, PathwayStage, ReadinessTick};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Whether two emails are one person's address: equal once trimmed and compared without
/// regard to case. RFC 5321 lets a mailbox's local part be case-sensitive, but no mail service
/// in use gives two people addresses that differ only in case, and a register typed by hand
/// often does. Lower case beyond ASCII too, for an internationalised address (RFC 6531). An
/// empty email matches nobody, so two records with none yet are not taken for one person.
///
/// Every place that finds a person by email keeps to this: matching (nobody mentors
/// themselves), subject access, erasure, and the forms that refuse an email already taken.
pub fn same_email(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty()
        && a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profession {
    pub id: ProfessionId,
    pub name: String,
}

/// How far an improvement project has got, in the words of the model for improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProjectStage {
    Scoping,
    Diagnosing,
    TestingChanges,
    Implementing,
    Sustaining,
}

impl ProjectStage {
    pub const ALL: [ProjectStage; 5] = [
        ProjectStage::Scoping,
        ProjectStage::Diagnosing,
        ProjectStage::TestingChanges,
        ProjectStage::Implementing,
        ProjectStage::Sustaining,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProjectStage::Scoping => "Scoping",
            ProjectStage::Diagnosing => "Diagnosing",
            ProjectStage::TestingChanges => "Testing changes",
            ProjectStage::Implementing => "Implementing",
            ProjectStage::Sustaining => "Sustaining",
        }
    }
}

impl fmt::Display for ProjectStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a project stage (one of: Scoping, Diagnosing, Testing changes, Implementing, Sustaining)"
)]
pub struct UnknownProjectStage(pub String);

impl FromStr for ProjectStage {
    type Err = UnknownProjectStage;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::labels::find(s, &ProjectStage::ALL, |x| [x.label()])
            .ok_or_else(|| UnknownProjectStage(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub title: String,
    pub aim: String,
    /// Topic tags, lower case, used for matching with Q members' expertise.
    pub topics: Vec<String>,
    pub stage: ProjectStage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: String,
    pub email: String,
    pub profession: ProfessionId,
    pub organisation: OrganisationId,
    /// Nominees awaiting review have no cohort yet.
    pub cohort: Option<CohortId>,
    pub nominated_by: Option<QMemberId>,
    pub project: Project,
    pub pathway: Pathway,
    pub readiness: Vec<ReadinessTick>,
    pub notes: String,
}

impl Participant {
    pub fn stage(&self) -> PathwayStage {
        self.pathway.current()
    }
}

/// Variants are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum QRole {
    Mentor,
    Facilitator,
    SiteVisitHost,
    Nominator,
}

impl QRole {
    pub const ALL: [QRole; 4] = [
        QRole::Mentor,
        QRole::Facilitator,
        QRole::SiteVisitHost,
        QRole::Nominator,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QRole::Mentor => "mentor",
            QRole::Facilitator => "facilitator",
            QRole::SiteVisitHost => "site-visit host",
            QRole::Nominator => "nominator",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a Q member role (one of: mentor, facilitator, site-visit host, nominator)")]
pub struct UnknownRole(pub String);

impl FromStr for QRole {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::labels::find(s, &QRole::ALL, |x| [x.label()])
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QMember {
    pub id: QMemberId,
    pub name: String,
    pub email: String,
    pub profession: ProfessionId,
    pub organisation: OrganisationId,
    /// Speakers from outside London may claim travel from the grant.
    pub london_based: bool,
    pub expertise: Vec<String>,
    pub roles: Vec<QRole>,
    /// Most mentees at once.
    pub mentoring_capacity: u32,
    /// Unavailable members are never proposed as mentors.
    pub available: bool,
    pub availability_notes: String,
}

impl QMember {
    pub fn offers(&self, role: QRole) -> bool {
        self.roles.contains(&role)
    }
}

/// Someone an expense or a note may be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PersonRef {
    Participant(ParticipantId),
    QMember(QMemberId),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_loosely() {
        assert_eq!("Site visit host".parse(), Ok(QRole::SiteVisitHost));
        assert_eq!("site-visit-host".parse(), Ok(QRole::SiteVisitHost));
        assert_eq!("MENTOR".parse(), Ok(QRole::Mentor));
        assert!("coach".parse::<QRole>().is_err());
    }

    #[test]
    fn project_stages_parse_from_labels() {
        assert_eq!("testing changes".parse(), Ok(ProjectStage::TestingChanges));
        assert_eq!("Testing-Changes".parse(), Ok(ProjectStage::TestingChanges));
        assert!("done".parse::<ProjectStage>().is_err());
    }
}
