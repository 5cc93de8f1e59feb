//! `improvers import KIND FILE`: one file into the database, all of it or nothing.

use crate::cli::FileKind;
use crate::domain::change::Change;
use crate::io::import::{Importer, parse_programme};
use crate::store::Scope;
use crate::store::shared::Database;
use anyhow::{Context, Result, anyhow, bail};
use std::path::Path;

pub fn run(db: &Path, kind: FileKind, file: &Path) -> Result<()> {
    if kind == FileKind::All {
        bail!(
            "import reads one file at a time; import them in this order so that references \
             resolve: programme, venues, q-members, participants, pathway, readiness, sessions, \
             attendance, matches, check-ins, expenses"
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        anyhow!("{name}:{line}: the file is not UTF-8 text; save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet) and try again")
    })?;
    let mut database = Database::open(db)?;
    let (_, existing) = database.snapshot(Scope::Everything)?;
    let today = super::local_now(&existing).today();
    let mut importer = Importer::new(&existing, today);
    let imported = match super::csv_kind(kind) {
        Some(csv) => importer.import(csv, &text, &name),
        None => parse_programme(&text, &name).map(|programme| importer.programme(programme)),
    };
    let records = imported.map_err(|problems| {
        let count = problems.0.len();
        anyhow!(
            "{problems}\n{count} problem{} in {name}; nothing was imported",
            if count == 1 { "" } else { "s" }
        )
    })?;
    if records.is_empty() {
        println!("Nothing to import from {name}: everything in it is already there.");
        return Ok(());
    }
    let count = records.len();
    let change = Change::Batch {
        summary: format!("imported {name}"),
        // Each record is saved only if nobody changed it (or created it) since we read the
        // programme: an import never silently overwrites someone else's work.
        changes: records
            .into_iter()
            .map(|record| Change::Edit {
                based_on: existing.revisions.get(&record.key()).map(|r| r.seq),
                record,
            })
            .collect(),
    };
    database.apply(&change)?;
    println!(
        "Imported {name}: {count} record{} saved.",
        if count == 1 { "" } else { "s" }
    );
    Ok(())
}
