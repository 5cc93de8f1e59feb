use anyhow::Result;
use clap::Parser;
use improvers::cli::{Cli, Command};
use improvers::commands::{self, demo::DemoOptions, export::ExportOptions};
use improvers::io::config::load_config;
use improvers::paths;

fn main() -> std::process::ExitCode {
    commands::let_writes_past_file_size_limits_fail();
    improvers::memory::share_one_arena();
    match run(Cli::parse_from(improvers::cli::with_help_conventions(
        std::env::args_os(),
    ))) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // `improvers status | head` closing the pipe early is not a failure.
        Err(error) if is_broken_pipe(&error) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            improvers::tell!("improvers: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    // These describe the program alone: a broken configuration or database must not stop them.
    match cli.command {
        Some(Command::Completions { shell }) => return commands::completions::run(shell),
        Some(Command::Man) => return commands::man_page::run(),
        _ => {}
    }
    // Commands printed for a person to run next repeat the --db and --config given here.
    improvers::commands::hint::remember(cli.db.as_deref(), cli.config.as_deref());
    // The configuration file in force, whether or not it exists: named in errors about the
    // [mail] settings (checked only when mail is sent), and its folder holds the team's own
    // mail templates.
    let config_file = improvers::io::config::config_path(cli.config.clone()).map(|(p, _)| p);
    let config_name = config_file.as_ref().map_or_else(
        || "the configuration file".into(),
        |p| p.display().to_string(),
    );
    // Read first, so a wrong configuration is reported before anything else happens.
    let config = load_config(cli.config)?;
    match cli.command {
        None => commands::dashboard::open(
            &paths::programme_db(cli.db)?,
            &config,
            config_file.as_deref(),
        ),
        Some(Command::Demo {
            no_open,
            scale,
            seed,
            force,
        }) => commands::demo::run(DemoOptions {
            db: cli.db,
            config,
            config_file: config_file.clone(),
            open: !no_open,
            scale,
            seed,
            force,
        }),
        Some(Command::Init {
            name,
            funder,
            grant,
            cohort_name,
            starts,
            ends,
            target,
            yes,
        }) => commands::init::run(
            &paths::programme_db(cli.db)?,
            commands::init::InitOptions {
                name,
                funder,
                grant,
                cohort_name,
                starts,
                ends,
                target,
                ask: !yes && std::io::IsTerminal::is_terminal(&std::io::stdin()),
            },
        ),
        Some(Command::Import { kind, file }) => {
            commands::import::run(&paths::programme_db(cli.db)?, kind, &file)
        }
        Some(Command::Export {
            kind,
            email,
            format,
            cohort,
            output,
            force,
        }) => commands::export::run(
            &paths::programme_db(cli.db)?,
            ExportOptions {
                kind,
                email,
                format,
                cohort,
                output,
                force,
            },
        ),
        Some(Command::Serve) => commands::serve::run(&paths::programme_db(cli.db)?),
        Some(Command::Report {
            cohort,
            from,
            to,
            format,
            output,
            force,
        }) => commands::report::run(
            &paths::programme_db(cli.db)?,
            &config,
            commands::report::ReportOptions {
                cohort,
                from,
                to,
                format,
                output,
                force,
            },
        ),
        Some(Command::Status { json, cohort }) => {
            commands::status::run(&paths::programme_db(cli.db)?, &config, json, cohort)
        }
        Some(Command::Match {
            cohort,
            apply,
            json,
        }) => commands::matching::run(
            &paths::programme_db(cli.db)?,
            &config,
            commands::matching::MatchOptions {
                cohort,
                apply,
                json,
            },
        ),
        Some(Command::Sets {
            cohort,
            size,
            apply,
        }) => commands::sets::run(&paths::programme_db(cli.db)?, cohort, size, apply),
        Some(Command::Remind) => commands::sending::run(
            &paths::programme_db(cli.db)?,
            &config,
            &config_name,
            config_file.as_deref(),
            commands::sending::Mode::Remind,
        ),
        Some(Command::Check) => commands::check::run(&paths::programme_db(cli.db)?),
        Some(Command::Backup { file }) => {
            commands::backup::backup(&paths::programme_db(cli.db)?, &file)
        }
        Some(Command::Backups) => commands::backup::list(&paths::programme_db(cli.db)?),
        Some(Command::Restore { file, force }) => {
            commands::backup::restore(&paths::programme_db(cli.db)?, &file, force)
        }
        Some(Command::Mail { dry_run, out, send }) => {
            if send {
                commands::sending::run(
                    &paths::programme_db(cli.db)?,
                    &config,
                    &config_name,
                    config_file.as_deref(),
                    commands::sending::Mode::Send,
                )
            } else {
                commands::mail::run(
                    &paths::programme_db(cli.db)?,
                    &config,
                    config_file,
                    commands::mail::MailOptions { dry_run, out },
                )
            }
        }
        Some(Command::Forget {
            email,
            participant,
            q_member,
            yes,
        }) => commands::forget::run(
            &paths::programme_db(cli.db)?,
            &email,
            commands::forget::ForgetOptions {
                participant,
                q_member,
                yes,
            },
        ),
        Some(Command::Merge {
            kind,
            keep,
            gone,
            yes,
        }) => commands::merge::run(
            &paths::programme_db(cli.db)?,
            kind.into(),
            &keep,
            &gone,
            yes,
        ),
        Some(Command::JoinedQ { email, on, roles }) => {
            commands::alumni::joined_q(&paths::programme_db(cli.db)?, &email, on.as_deref(), &roles)
        }
        Some(Command::Link {
            participant,
            q_member,
            on,
            yes,
        }) => commands::alumni::link(
            &paths::programme_db(cli.db)?,
            &participant,
            &q_member,
            on.as_deref(),
            yes,
        ),
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                .is_some_and(|kind| kind == std::io::ErrorKind::BrokenPipe)
    })
}
