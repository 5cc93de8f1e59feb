//! `improvers status`: a summary in plain text or JSON, fast enough for a phone over SSH.

use crate::domain::summary::Summary;
use crate::io::config::Config;
use crate::io::status::{Paint, json, text_fitting};
use crate::store::Scope;
use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(path: &Path, config: &Config, as_json: bool, cohort: Option<u32>) -> Result<()> {
    // Expenses are summed in the store as they change, so status never reads them all; one
    // cohort's spending is not kept apart, so --cohort reads its expenses.
    let scope = if cohort.is_some() {
        Scope::Everything
    } else {
        Scope::Summary
    };
    let (_, data) = super::open_existing(path)?.snapshot(scope)?;
    let cohort_id = cohort
        .map(|number| super::cohort_numbered(&data, number))
        .transpose()?;
    let summary = Summary::with_rules(&data, super::local_now(&data), cohort_id, &config.matching)
        .with_retention(&data, cohort_id, config.retention_years);
    let mut stdout = std::io::stdout().lock();
    if as_json {
        serde_json::to_writer_pretty(&mut stdout, &json(&summary))?;
        writeln!(stdout)?;
    } else {
        let colour = stdout.is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        let width = crate::io::wrap::print_width();
        write!(
            stdout,
            "{}",
            text_fitting(&summary, Paint { colour }, width)
        )?;
    }
    Ok(())
}
