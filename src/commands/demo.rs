//! `improvers demo`: builds the demo (or the large benchmark) programme into a fresh database.

use crate::cli::Scale;
use crate::io::{demo::demo_programme, generate::large_programme};
use crate::paths;
use crate::store::{Store, StoreError, current_user};
use anyhow::{Context, Result, bail};
use chrono::Utc;
use std::path::{Path, PathBuf};

pub struct DemoOptions {
    pub db: Option<PathBuf>,
    /// For the dashboard it opens.
    pub config: crate::io::config::Config,
    /// The configuration file in force, whether or not it exists: named when a `[mail]` key
    /// is missing, and its folder holds the team's mail templates.
    pub config_file: Option<PathBuf>,
    pub open: bool,
    pub scale: Scale,
    pub seed: u64,
    pub force: bool,
}

pub fn run(options: DemoOptions) -> Result<()> {
    let path = match &options.db {
        Some(path) => {
            make_room(path, options.force)?;
            path.clone()
        }
        None => {
            let path = paths::demo_db()?;
            clear_default_demo(&path)?;
            path
        }
    };
    let store = Store::open(&path)?;
    let now = Utc::now();
    let today = now.with_timezone(&chrono_tz::Europe::London).date_naive();
    let change = match options.scale {
        Scale::Small => demo_programme(today).context("building the demo programme")?,
        Scale::Large => large_programme(options.seed, today),
    };
    store.apply(&change, &current_user(), now)?;
    mark_demo(&path)?;
    // Settled, as an owner leaves it, so it can be read at once even if the disk then fills.
    store.close_settled();
    if options.open {
        super::dashboard::open(&path, &options.config, options.config_file.as_deref())
    } else {
        println!("Built the demo programme in {}", path.display());
        println!(
            "Open it with: improvers --db {}",
            super::hint::shell_quote(&path)
        );
        Ok(())
    }
}

/// The file in a database folder that says it holds the demo programme, whose people are
/// invented: no mail is ever sent from it (`mail --send`, `remind` and the dashboard's `s`
/// refuse), while listing, previews and dry runs work. A file beside the database rather than
/// a stored value, so that the stored programme's format is untouched.
pub const DEMO_MARK: &str = crate::store::KEPT_ACROSS_REWRITE[0];

/// Whether the database at `path` is the demo programme (`improvers demo` made it).
pub fn is_demo(path: &Path) -> bool {
    path.join(DEMO_MARK).is_file()
}

/// The sentence refusing to send from the demo at `path`, with the dry run that shows the
/// messages instead.
pub fn demo_sends_nothing(path: &Path) -> String {
    format!(
        "this is the demo programme: its people are invented, so no mail is sent from it; \
         `{}` writes the messages for you to read instead",
        super::hint::improvers_on(path, "mail --dry-run")
    )
}

fn mark_demo(path: &Path) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let file = path.join(DEMO_MARK);
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .mode(0o600)
        .open(&file)
        .and_then(|mut f| {
            f.write_all(
                b"This database holds the demo programme of improvers: its people are \
                  invented, and no mail is sent from it.\n",
            )
        })
        .map_err(|e| anyhow::anyhow!(crate::store::error::file_sentence("write", &file, &e)))
}

/// An explicit database must be empty, unless `--force`, which keeps the old one aside.
fn make_room(path: &Path, force: bool) -> Result<()> {
    let occupied = match std::fs::read_dir(path) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(_) if path.exists() => true,
        Err(e) => bail!(crate::store::error::file_sentence("read", path, &e)),
    };
    if !occupied {
        return Ok(());
    }
    if !force {
        bail!(
            "{} is not empty; the demo will not overwrite it. Choose another --db, or add --force \
             to replace it (the old folder is kept aside)",
            path.display()
        );
    }
    // Refuse while another improvers uses it, rather than moving its files from under it.
    if path.is_dir() {
        match Store::open(path) {
            Ok(store) => drop(store),
            // A damaged database is kept aside like any other.
            Err(e) if e.is_damage() => {}
            Err(e) => return Err(e.into()),
        }
    }
    let aside = paths::move_aside(path, "demo")?;
    crate::tell!("Kept the old {} as {}", path.display(), aside.display());
    Ok(())
}

/// The default demo database belongs to the demo and is rebuilt every time.
fn clear_default_demo(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    match Store::open(path) {
        Ok(store) => drop(store),
        Err(e @ StoreError::InUse { .. }) => return Err(e.into()),
        // A demo database that cannot be read is simply rebuilt.
        Err(_) => {}
    }
    std::fs::remove_dir_all(path).map_err(|e| {
        anyhow::anyhow!(crate::store::error::file_sentence(
            "clear the old demo database",
            path,
            &e
        ))
    })
}
