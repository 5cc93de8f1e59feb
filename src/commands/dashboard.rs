//! `improvers` with no command: the dashboard on a database, as its owner or as a client of
//! the improvers that owns it.

use crate::io::config::Config;
use crate::store::shared::Database;
use crate::tui::hangup::StopSignals;
use anyhow::Result;
use std::path::Path;

/// Opens the dashboard on the database at `path`. `config_file` is the configuration file in
/// force (whether or not it exists): the mail place names it and reads the team's templates
/// from the `mail/` folder beside it.
pub fn open(path: &Path, config: &Config, config_file: Option<&Path>) -> Result<()> {
    // Without a terminal there is nothing to show; say so before touching the database.
    crate::tui::terminal::require_terminal()?;
    // Listening before the database is opened, whose threads must not take the signals.
    let stops = StopSignals::listen()?;
    let templates_folder = config_file.and_then(Path::parent).map(|f| f.join("mail"));
    let mail = crate::tui::mail::MailSetup {
        settings: config.mail.clone(),
        config_name: config_file.map_or_else(
            || "the configuration file".into(),
            |p| p.display().to_string(),
        ),
        templates: crate::io::mail::Templates::load(templates_folder.as_deref())
            .map_err(|e| e.to_string()),
        templates_folder,
        demo: super::demo::is_demo(path),
        config_file: config_file.map(Path::to_path_buf),
        config_problem: None,
    };
    crate::tui::run(Database::open(path)?, config, mail, &stops)
}
