//! Typed identifiers: a participant id can never be passed where a session id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! define_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

define_id!(
    CohortId,
    ParticipantId,
    QMemberId,
    OrganisationId,
    ProfessionId,
    MatchId,
    SessionId,
    VenueId,
    ExpenseId,
    SeriesId,
);

/// A budget category. Not `Display`: a category is shown by its name, which the programme's
/// list of categories holds, never by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CategoryId(pub u64);
