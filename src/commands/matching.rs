//! `improvers match`: propose mentors for a cohort, explain every pair and every participant
//! left unmatched, and store the proposals when asked.

use crate::domain::mentoring::matching::run::run_matching;
use crate::io::config::Config;
use crate::io::matching::{MatchReport, json, text};
use crate::store::Scope;
use anyhow::Result;
use std::io::Write;
use std::path::Path;

pub struct MatchOptions {
    pub cohort: Option<u32>,
    pub apply: bool,
    pub json: bool,
}

pub fn run(path: &Path, config: &Config, options: MatchOptions) -> Result<()> {
    let mut database = super::open_existing(path)?;
    let (_, data) = database.snapshot(Scope::WithoutExpenses)?;
    let cohort = options
        .cohort
        .map(|n| super::cohort_numbered(&data, n))
        .transpose()?;
    let what = cohort.map_or("every cohort not yet finished".to_string(), |id| {
        data.cohort_name(id).to_string()
    });
    let today = super::local_now(&data).today();
    let run = run_matching(&data, cohort, today, &config.matching);
    let mut stored = false;
    if options.apply {
        // Made again from the newer programme if someone added matches meanwhile.
        let saved = database
            .apply_made(&data, Scope::WithoutExpenses, |data| {
                Ok::<_, std::convert::Infallible>(
                    run.change(data, today, &what).map(|change| (change, ())),
                )
            })
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        stored = saved.is_some();
    }
    let report = MatchReport {
        data: &data,
        run: &run,
        what: &what,
        applied: options.apply,
        stored,
    };
    let mut stdout = std::io::stdout().lock();
    if options.json {
        serde_json::to_writer_pretty(&mut stdout, &json(&report))?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", text(&report, crate::io::wrap::print_width()))?;
    }
    Ok(())
}
