//! `improvers serve`: an owner with no screen, for a server where dashboards come and go.

use crate::store::shared::Database;
use anyhow::Result;
use nix::sys::signal::{SigSet, Signal};
use std::path::Path;

pub fn run(path: &Path) -> Result<()> {
    // Ctrl-C, `kill` and a closed terminal are waited for rather than left to end the process
    // at once, so the owner closes the database properly (see `Owner`'s drop). Blocked before
    // the owner's threads start, which inherit the mask, so this thread is the one that hears.
    let stops = [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP]
        .into_iter()
        .collect::<SigSet>();
    stops.thread_block()?;
    let owner = Database::serve(path)?;
    crate::tell!(
        "Serving the database at {}; other improvers processes use it through this one. \
         Ctrl-C stops.",
        path.display()
    );
    let signal = stops.wait()?;
    crate::tell!("Stopping ({signal}): closing the database.");
    drop(owner);
    Ok(())
}
