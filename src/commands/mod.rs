//! What each command does, between the parsed command line and the library.

pub mod backup;
pub mod dashboard;
pub mod demo;
pub mod import;
pub mod status;

use crate::domain::schedule::{LocalNow, zone_named};
use crate::domain::snapshot::Snapshot;
use chrono::Utc;
use chrono_tz::Tz;

/// The programme's time zone (London unless the programme says otherwise).
pub fn zone_of(data: &Snapshot) -> Tz {
    data.programme
        .as_ref()
        .map_or(chrono_tz::Europe::London, |p| zone_named(&p.time_zone))
}

/// Now, on the programme's clock.
pub fn local_now(data: &Snapshot) -> LocalNow {
    LocalNow::new(Utc::now(), zone_of(data))
}
