//! Learning sessions and site visits, the venues they use, and who came.

pub mod cancelled;
pub mod clashes;
pub mod invitees;
pub mod registration;
pub mod schedule;
pub mod series;

use super::ids::{CohortId, ParticipantId, QMemberId, SessionId, VenueId};
use super::money::Pence;
use super::programme::Cohort;
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Variants are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SessionKind {
    QiSkillsTraining,
    ProjectSupport,
    ThemedLearning,
    Workshop,
    SiteVisit,
}

impl SessionKind {
    pub const ALL: [SessionKind; 5] = [
        SessionKind::QiSkillsTraining,
        SessionKind::ProjectSupport,
        SessionKind::ThemedLearning,
        SessionKind::Workshop,
        SessionKind::SiteVisit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SessionKind::QiSkillsTraining => "QI skills training",
            SessionKind::ProjectSupport => "Project support",
            SessionKind::ThemedLearning => "Themed learning",
            SessionKind::Workshop => "Workshop",
            SessionKind::SiteVisit => "Site visit",
        }
    }

    /// A short tag for narrow tables.
    pub fn short(self) -> &'static str {
        match self {
            SessionKind::QiSkillsTraining => "QI skills",
            SessionKind::ProjectSupport => "Support",
            SessionKind::ThemedLearning => "Themed",
            SessionKind::Workshop => "Workshop",
            SessionKind::SiteVisit => "Visit",
        }
    }
}

impl fmt::Display for SessionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a kind of session (one of: QI skills training, Project support, Themed learning, Workshop, Site visit)"
)]
pub struct UnknownSessionKind(pub String);

impl FromStr for SessionKind {
    type Err = UnknownSessionKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::labels::find(s, &SessionKind::ALL, |x| [x.label(), x.short()])
            .ok_or_else(|| UnknownSessionKind(s.to_string()))
    }
}

/// Variants are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Attendance {
    Invited,
    Registered,
    Attended,
    Apologies,
    NoShow,
    /// Registered when every place was taken: promoted in order as places free up.
    Waiting,
}

impl Attendance {
    pub const ALL: [Attendance; 6] = [
        Attendance::Invited,
        Attendance::Registered,
        Attendance::Attended,
        Attendance::Apologies,
        Attendance::NoShow,
        Attendance::Waiting,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Attendance::Invited => "invited",
            Attendance::Registered => "registered",
            Attendance::Attended => "attended",
            Attendance::Apologies => "apologies",
            Attendance::NoShow => "no-show",
            Attendance::Waiting => "waiting list",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not an attendance mark (one of: invited, registered, attended, apologies, no-show, waiting list)"
)]
pub struct UnknownAttendance(pub String);

impl FromStr for Attendance {
    type Err = UnknownAttendance;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::labels::find(s, &Attendance::ALL, |x| [x.label()])
            .ok_or_else(|| UnknownAttendance(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub participant: ParticipantId,
    pub attendance: Attendance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub kind: SessionKind,
    pub title: String,
    pub theme: String,
    pub cohort: Option<CohortId>,
    /// Local wall-clock time in the programme's time zone.
    pub start: NaiveDateTime,
    pub duration_minutes: u32,
    pub venue: Option<VenueId>,
    pub facilitators: Vec<QMemberId>,
    /// Site visits: the Q member whose organisation hosts it.
    pub host: Option<QMemberId>,
    pub capacity: Option<u32>,
    pub invitees: Vec<Invitation>,
    pub cancelled: bool,
}

impl Session {
    pub fn end(&self) -> NaiveDateTime {
        self.start + Duration::minutes(i64::from(self.duration_minutes))
    }

    pub fn count(&self, attendance: Attendance) -> usize {
        self.invitees
            .iter()
            .filter(|i| i.attendance == attendance)
            .count()
    }
}

/// A session's length in minutes is refused when it is zero: a session that takes no time
/// cannot be attended, and an end equal to its start hides every clash.
///
/// Errors: the sentence a person reads beside the minutes, "is 0; a session lasts at least a
/// minute".
pub fn check_duration(minutes: u32) -> Result<u32, String> {
    match minutes {
        0 => Err("is 0; a session lasts at least a minute".to_string()),
        n => Ok(n),
    }
}

/// A warning (never a refusal) when `session` starts outside the dates of `cohort`, the cohort
/// it is for: a session before a cohort starts or after it ends is usually a typed year or
/// the wrong cohort, but an induction day or a reunion is allowed.
pub fn outside_cohort(session: &Session, cohort: &Cohort) -> Option<String> {
    let day = session.start.date();
    let when = |d: chrono::NaiveDate| d.format("%a %-d %b %Y").to_string();
    let side = if day < cohort.starts {
        format!("before {} starts on {}", cohort.name, when(cohort.starts))
    } else if day > cohort.ends {
        format!("after {} ends on {}", cohort.name, when(cohort.ends))
    } else {
        return None;
    };
    Some(format!("{} is {side}", when(day)))
}

/// How an external venue charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateUnit {
    Hour,
    Day,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VenueCost {
    /// A room of a partner organisation: no charge to the grant.
    InHouse,
    External {
        rate: Pence,
        per: RateUnit,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub id: VenueId,
    pub name: String,
    pub address: String,
    pub capacity: u32,
    pub cost: VenueCost,
}

impl Venue {
    pub fn is_external(&self) -> bool {
        matches!(self.cost, VenueCost::External { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_labels_and_short_tags() {
        for kind in SessionKind::ALL {
            assert_eq!(kind.label().parse(), Ok(kind));
            assert_eq!(kind.short().parse(), Ok(kind));
        }
        assert!("Lecture".parse::<SessionKind>().is_err());
    }

    #[test]
    fn attendance_parses_with_or_without_hyphen() {
        assert_eq!("No-show".parse(), Ok(Attendance::NoShow));
        assert_eq!("noshow".parse(), Ok(Attendance::NoShow));
        assert!("maybe".parse::<Attendance>().is_err());
    }

    #[test]
    fn a_session_of_no_minutes_is_refused() {
        assert_eq!(check_duration(90), Ok(90));
        assert_eq!(
            check_duration(0),
            Err("is 0; a session lasts at least a minute".to_string())
        );
    }

    #[test]
    fn a_session_outside_its_cohort_is_warned_about() {
        use crate::domain::fixture::{Fixture, at};
        let mut f = Fixture::new();
        f.session(1, at(12, 15, 10), &[]);
        let cohort = &f.data.cohorts[&CohortId(1)];
        let late = &f.data.sessions[&SessionId(1)];
        assert_eq!(
            outside_cohort(late, cohort).as_deref(),
            Some("Tue 15 Dec 2026 is after Cohort 1 ends on Fri 11 Dec 2026")
        );
        let early = Session {
            start: at(1, 5, 10),
            ..late.clone()
        };
        assert_eq!(
            outside_cohort(&early, cohort).as_deref(),
            Some("Mon 5 Jan 2026 is before Cohort 1 starts on Mon 12 Jan 2026")
        );
        let on_the_last_day = Session {
            start: at(12, 11, 10),
            ..late.clone()
        };
        assert_eq!(outside_cohort(&on_the_last_day, cohort), None);
    }

    #[test]
    fn end_adds_the_duration() {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let session = Session {
            id: SessionId(1),
            kind: SessionKind::Workshop,
            title: "t".into(),
            theme: String::new(),
            cohort: None,
            start,
            duration_minutes: 150,
            venue: None,
            facilitators: vec![],
            host: None,
            capacity: None,
            invitees: vec![],
            cancelled: false,
        };
        assert_eq!(session.end().format("%H:%M").to_string(), "12:30");
    }
}
