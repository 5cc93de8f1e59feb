//! `improvers import KIND FILE`: one file into the database, all of it or nothing.

use crate::cli::ImportKind;
use crate::io::import::file::{prepare, read_text};
use crate::store::Scope;
use crate::store::shared::Database;
use anyhow::{Result, anyhow};
use std::path::Path;

pub fn run(db: &Path, kind: ImportKind, file: &Path) -> Result<()> {
    let source = super::import_source(kind);
    let text = read_text(file).map_err(|e| anyhow!(e))?;
    let name = file.display().to_string();
    let mut database = Database::open(db)?;
    let (_, existing) = database.snapshot(Scope::Everything)?;
    let today = super::local_now(&existing).today();
    let saved = database
        .apply_made(&existing, Scope::Everything, |data| {
            prepare(source, &text, &name, data, today)
        })
        .map_err(|e| anyhow!(e.to_string()))?;
    match saved {
        None => println!("Nothing to import from {name}: everything in it is already there."),
        Some((_, imported)) => {
            println!("Imported {name}: {}.", imported.tally);
            // Allowed, but worth a look: on standard error, so a script reading the count
            // still reads one line.
            for warning in &imported.warnings {
                crate::tell!("warning: {warning}");
            }
        }
    }
    Ok(())
}
