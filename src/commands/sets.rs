//! `improvers sets`: suggest a cohort's learning sets, explain each place, and store them when
//! asked.

use crate::domain::learning_sets::default_cohort;
use crate::domain::learning_sets::edit::suggest_for;
use crate::io::learning_sets::{SetsReport, text};
use crate::store::Scope;
use anyhow::{Result, anyhow};
use std::io::Write;
use std::path::Path;

pub fn run(path: &Path, cohort: Option<u32>, size: Option<usize>, apply: bool) -> Result<()> {
    let mut database = super::open_existing(path)?;
    let (_, data) = database.snapshot(Scope::WithoutExpenses)?;
    let cohort = match cohort {
        Some(n) => super::cohort_numbered(&data, n)?,
        None => default_cohort(&data, super::local_now(&data).today()).ok_or_else(|| {
            anyhow!(
                "this programme has no cohorts yet; add one (improvers init, or import \
                 programme) before suggesting learning sets"
            )
        })?,
    };
    let proposal = suggest_for(&data, cohort, size).map_err(|e| anyhow!(e))?;
    let mut heading = "Suggested";
    if apply {
        // Made again from the newer programme if someone changed the sets meanwhile.
        database
            .apply_made(&data, Scope::WithoutExpenses, |data| {
                suggest_for(data, cohort, size).map(|p| Some((p.change, ())))
            })
            .map_err(|e| anyhow!(e.to_string()))?;
        heading = "Stored";
    }
    let report = SetsReport {
        data: &data,
        sets: &proposal.sets,
        crowding: &proposal.suggestion.crowding,
        heading,
    };
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", text(&report, crate::io::wrap::print_width()))?;
    if !apply {
        writeln!(stdout, "\nNothing stored: --apply stores these sets.")?;
    }
    Ok(())
}
