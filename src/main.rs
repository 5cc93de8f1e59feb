use anyhow::Result;
use clap::Parser;
use improvers::cli::{Cli, Command};
use improvers::commands::{self, demo::DemoOptions};
use improvers::paths;

fn main() -> std::process::ExitCode {
    match run(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("improvers: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => commands::dashboard::open(&paths::programme_db(cli.db)?),
        Some(Command::Demo {
            no_open,
            scale,
            seed,
            force,
        }) => commands::demo::run(DemoOptions {
            db: cli.db,
            open: !no_open,
            scale,
            seed,
            force,
        }),
        Some(Command::Status { json, cohort }) => {
            commands::status::run(&paths::programme_db(cli.db)?, json, cohort)
        }
    }
}
