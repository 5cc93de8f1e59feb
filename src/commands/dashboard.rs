//! `improvers` with no command: the dashboard on a database, as its owner or as a client of
//! the improvers that owns it.

use crate::io::config::Config;
use crate::store::shared::Database;
use crate::tui::hangup::StopSignals;
use anyhow::Result;
use std::path::Path;

pub fn open(path: &Path, config: &Config) -> Result<()> {
    // Without a terminal there is nothing to show; say so before touching the database.
    crate::tui::terminal::require_terminal()?;
    // Listening before the database is opened, whose threads must not take the signals.
    let stops = StopSignals::listen()?;
    crate::tui::run(Database::open(path)?, config, &stops)
}
