//! `improvers status`: a summary in plain text or JSON, fast enough for a phone over SSH.

use crate::domain::summary::Summary;
use crate::io::status::{Paint, json, text};
use crate::store::Scope;
use crate::store::shared::Database;
use anyhow::{Result, bail};
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(path: &Path, as_json: bool, cohort: Option<u32>) -> Result<()> {
    if !path.exists() {
        bail!(
            "there is no database at {}; run `improvers demo` to try the demo programme, or give \
             another database with --db PATH",
            path.display()
        );
    }
    // Expenses are summed in the store as they change, so status never reads them all.
    let (_, data) = Database::open(path)?.snapshot(Scope::Summary)?;
    let cohort_id = match cohort {
        None => None,
        Some(number) => match data.cohorts.values().find(|c| c.number == number) {
            Some(c) => Some(c.id),
            None => {
                let known: Vec<String> = data
                    .cohorts
                    .values()
                    .map(|c| c.number.to_string())
                    .collect();
                bail!(
                    "there is no cohort {number} in this programme (cohorts: {})",
                    if known.is_empty() {
                        "none yet".to_string()
                    } else {
                        known.join(", ")
                    }
                );
            }
        },
    };
    let summary = Summary::new(&data, super::local_now(&data), cohort_id);
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
