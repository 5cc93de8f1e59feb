//! `improvers status`: a summary in plain text or JSON, fast enough for a phone over SSH.

use crate::io::config::Config;
use crate::io::status::{StatusRequest, report};
use crate::store::Scope;
use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(path: &Path, config: &Config, as_json: bool, cohort: Option<u32>) -> Result<()> {
    let stdout = std::io::stdout();
    let request = StatusRequest {
        json: as_json,
        cohort,
        colour: !as_json
            && stdout.is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var("TERM").map_or(true, |t| t != "dumb"),
        width: u32::try_from(crate::io::wrap::print_width()).unwrap_or(u32::MAX),
        dormant_after_weeks: config.matching.dormant_after_weeks,
        retention_years: config.retention_years,
    };
    let mut db = super::open_existing(path)?;
    // An owner answers with the finished report over one connection; one too old to know the
    // request says so, and the programme is then read and summarised here as before.
    let text = match db.status(&request)? {
        Some(text) => text,
        None => {
            let scope = if request.reads_expenses() {
                Scope::Everything
            } else {
                Scope::Summary
            };
            let (_, data) = db.snapshot(scope)?;
            report(&data, super::local_now(&data), &request)?
        }
    };
    let mut stdout = stdout.lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    // Quicker than closing the database: nothing was written from here.
    db.exit_after_reading()
}
