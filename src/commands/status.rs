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
    // With nobody holding the database, the copy its last close left answers, if it still
    // stands for the files; one cohort's report reads that cohort's expenses, which it lacks.
    if !request.reads_expenses()
        && let Some(copy) = crate::store::status_copy::read(path)
    {
        let now = super::local_now(&copy.data);
        if copy.made_on == now.today() {
            print(&report(&copy.data, now, &request)?)?;
            // Thousands of records the process is about to hand back whole: freeing them one
            // by one first would only delay the answer.
            std::mem::forget(copy);
            return Ok(());
        }
    }
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
    print(&text)?;
    // Closed settled, which leaves the copy that the next `status` reads instead.
    drop(db);
    Ok(())
}

fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
