//! `improvers` with no command: the dashboard on a database.

use crate::store::{Scope, Store};
use anyhow::{Context, Result};
use std::path::Path;

pub fn open(path: &Path) -> Result<()> {
    let store = Store::open(path)?;
    let data = store
        .snapshot(Scope::Everything)
        .with_context(|| format!("reading the database at {}", path.display()))?;
    let zone = super::zone_of(&data);
    crate::tui::run(data, zone)
}
