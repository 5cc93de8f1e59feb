//! A cohort's learning sets as `improvers sets` prints them, and as CSV for `export sets`.

use crate::domain::learning_sets::{
    LearningSets, crowding_sentence, mix_line, reasons, suggest::Crowding, unplaced,
};
use crate::domain::snapshot::Snapshot;
use crate::io::formula_guard::guard;
use crate::io::wrap::wrap;
use std::fmt::Write;

/// What to print: the sets, whether they are a suggestion or stored, and organisations that
/// could not be kept to one a set.
pub struct SetsReport<'a> {
    pub data: &'a Snapshot,
    pub sets: &'a LearningSets,
    pub crowding: &'a [Crowding],
    /// "Suggested", "Stored" or "Suggested and stored".
    pub heading: &'a str,
}

/// The report as text `width` columns wide: a heading, then each set with its mix and each
/// person with why they are there, wrapped under a short indent.
pub fn text(report: &SetsReport, width: usize) -> String {
    let SetsReport { data, sets, .. } = report;
    let mut out = String::new();
    let people: usize = sets.sets.iter().map(Vec::len).sum();
    let _ = writeln!(
        out,
        "{} learning sets for {}: {} in {} (at most {} a set)",
        report.heading,
        data.cohort_name(sets.cohort),
        crate::domain::count::count(people, "person"),
        crate::domain::count::count(sets.sets.len(), "set"),
        sets.size
    );
    for c in report.crowding {
        for line in wrap(&crowding_sentence(data, c), width.saturating_sub(2).max(20)) {
            let _ = writeln!(out, "  {line}");
        }
    }
    let why = reasons(data, sets);
    for (s, set) in sets.sets.iter().enumerate() {
        let _ = writeln!(out, "\nSet {}: {}", s + 1, mix_line(data, set));
        for id in set {
            let p = data.participants.get(id);
            let name = data.participant_name(*id);
            let org = p.map_or("", |p| data.organisation_name(p.organisation));
            let prof = p.map_or("", |p| data.profession_name(p.profession));
            let lock = if sets.is_locked(*id) { " [locked]" } else { "" };
            let _ = writeln!(out, "  {name} — {prof}, {org}{lock}");
            if let Some(reason) = why.get(id) {
                for line in wrap(reason, width.saturating_sub(6).max(20)) {
                    let _ = writeln!(out, "      {line}");
                }
            }
        }
    }
    let missing = unplaced(data, sets);
    if !missing.is_empty() {
        let names: Vec<&str> = missing
            .iter()
            .map(|&id| data.participant_name(id))
            .collect();
        let _ = writeln!(
            out,
            "\nIn no set yet (joined since): {}; `improvers sets --apply` places them, keeping \
             locked people",
            names.join(", ")
        );
    }
    out
}

/// The header of `export sets`.
pub const CSV_HEADER: [&str; 6] = [
    "set",
    "name",
    "email",
    "profession",
    "organisation",
    "locked",
];

/// The learning sets of `cohort` as CSV: a header, then one row a person in set order: set
/// number, name, email, profession, organisation and "yes" or "no" for locked. Text cells are
/// guarded so a spreadsheet never reads one as a formula. A cohort with no sets gives the
/// header alone.
pub fn csv(data: &Snapshot, cohort: crate::domain::ids::CohortId) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![CSV_HEADER.map(String::from)];
    if let Some(sets) = data.learning_sets.get(&cohort) {
        for (s, set) in sets.sets.iter().enumerate() {
            for id in set {
                let Some(p) = data.participants.get(id) else {
                    continue;
                };
                rows.push([
                    (s + 1).to_string(),
                    guard(&p.name),
                    guard(&p.email),
                    guard(data.profession_name(p.profession)),
                    guard(data.organisation_name(p.organisation)),
                    if sets.is_locked(*id) { "yes" } else { "no" }.to_string(),
                ]);
            }
        }
    }
    for row in rows {
        // Writing to memory cannot fail; a failure would mean a bug in the csv crate.
        if out.write_record(&row).is_err() {
            break;
        }
    }
    out.into_inner().unwrap_or_default()
}
