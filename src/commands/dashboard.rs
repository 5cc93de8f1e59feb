//! `improvers` with no command: the dashboard on a database.

use crate::store::{Scope, Store};
use anyhow::{Context, Result};
use std::path::Path;

pub fn open(path: &Path) -> Result<()> {
    // The dashboard only reads for now, so it lets go of the database once it has the
    // programme in hand: `status` and other commands keep working while it is open.
    let data = {
        let store = Store::open(path)?;
        store
            .snapshot(Scope::Everything)
            .with_context(|| format!("reading the database at {}", path.display()))?
    };
    let zone = super::zone_of(&data);
    crate::tui::run(data, zone)
}
