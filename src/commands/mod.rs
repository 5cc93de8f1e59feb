//! What each command does, between the parsed command line and the library.

pub mod backup;
pub mod dashboard;
pub mod demo;
pub mod export;
pub mod import;
pub mod serve;
pub mod status;

use crate::domain::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use chrono::Utc;

/// Now, on the programme's clock.
pub fn local_now(data: &Snapshot) -> LocalNow {
    LocalNow::new(Utc::now(), data.zone())
}
