//! `improvers import KIND FILE`: one file into the database, all of it or nothing.

use crate::cli::FileKind;
use crate::io::import::file::{Source, prepare, read_text};
use crate::store::Scope;
use crate::store::shared::Database;
use anyhow::{Result, anyhow, bail};
use std::path::Path;

pub fn run(db: &Path, kind: FileKind, file: &Path) -> Result<()> {
    let source = match (kind, super::csv_kind(kind)) {
        (FileKind::All, _) => bail!(
            "import reads one file at a time; import them in this order so that references \
             resolve: programme, venues, q-members, participants, pathway, readiness, sessions, \
             attendance, matches, check-ins, expenses"
        ),
        (FileKind::Budget, _) => bail!(
            "the budget report is exported, not imported: the grant and its allocations are \
             imported with programme.toml, the expenses with expenses.csv"
        ),
        (FileKind::Person, _) => bail!(
            "a person's data is exported, not imported: `improvers export person EMAIL` writes \
             everything held about them; participants and Q members are imported with \
             participants.csv and q-members.csv"
        ),
        (_, Some(csv)) => Source::Csv(csv),
        (_, None) => Source::Programme,
    };
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
