//! Where databases live: `--db PATH`, else `IMPROVERS_DB`, else the platform data folder.

use anyhow::{Result, anyhow};
use directories::ProjectDirs;
use std::path::PathBuf;

fn data_dir() -> Result<PathBuf> {
    ProjectDirs::from("", "", "improvers")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            anyhow!("cannot find a home folder for the database; give one with --db PATH or IMPROVERS_DB")
        })
}

/// The user's real programme database: `--db`, else `IMPROVERS_DB`, else the data folder.
pub fn programme_db(given: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = given {
        return Ok(path);
    }
    match std::env::var_os("IMPROVERS_DB").filter(|v| !v.is_empty()) {
        Some(path) => Ok(PathBuf::from(path)),
        None => Ok(data_dir()?.join("programme")),
    }
}

/// The demo's own database, never the real one (so `IMPROVERS_DB` does not apply).
pub fn demo_db() -> Result<PathBuf> {
    Ok(data_dir()?.join("demo"))
}
