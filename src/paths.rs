//! Where databases live: `--db PATH`, else `IMPROVERS_DB`, else the platform data folder.

use anyhow::{Result, anyhow};
use chrono::Utc;
use directories::ProjectDirs;
use std::path::{Path, PathBuf};

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

/// Where a database replaced by `why` (demo, restore) is kept: `PATH.before-WHY-DATE`.
pub fn aside_name(path: &Path, why: &str) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".before-{why}-{stamp}"));
    path.with_file_name(name)
}

/// Moves a database folder out of the way rather than deleting it; returns where it went.
pub fn move_aside(path: &Path, why: &str) -> Result<PathBuf> {
    let aside = aside_name(path, why);
    std::fs::rename(path, &aside).map_err(|e| {
        let action = format!("move aside to {}", aside.display());
        anyhow!(crate::store::error::file_sentence(&action, path, &e))
    })?;
    Ok(aside)
}
