//! `improvers serve`: an owner with no screen, for a server where dashboards come and go.

use crate::store::shared::Database;
use anyhow::Result;
use std::path::Path;

pub fn run(path: &Path) -> Result<()> {
    let _owner = Database::serve(path)?;
    eprintln!(
        "Serving the database at {}; other improvers processes use it through this one. \
         Ctrl-C stops.",
        path.display()
    );
    // The owner's threads do the work; this one only keeps the process alive.
    loop {
        std::thread::park();
    }
}
