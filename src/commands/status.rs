//! `improvers status`: a summary in plain text or JSON, fast enough for a phone over SSH.

use crate::domain::summary::Summary;
use crate::io::config::Config;
use crate::io::status::{Paint, json, text};
use crate::store::Scope;
use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(path: &Path, config: &Config, as_json: bool, cohort: Option<u32>) -> Result<()> {
    // Expenses are summed in the store as they change, so status never reads them all.
    let (_, data) = super::open_existing(path)?.snapshot(Scope::Summary)?;
    let cohort_id = cohort
        .map(|number| super::cohort_numbered(&data, number))
        .transpose()?;
    let summary = Summary::with_rules(&data, super::local_now(&data), cohort_id, &config.matching);
    let mut stdout = std::io::stdout().lock();
    if as_json {
        serde_json::to_writer_pretty(&mut stdout, &json(&summary))?;
        writeln!(stdout)?;
    } else {
        let colour = stdout.is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        write!(stdout, "{}", text(&summary, Paint { colour }))?;
    }
    Ok(())
}
