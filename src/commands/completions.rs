//! `improvers completions SHELL`: a completion script made by clap_complete from the same
//! definitions that parse the command line, so it offers exactly the commands that exist.

use crate::cli::Cli;
use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

/// Writes the completion script for `shell` to standard output.
///
/// # Errors
/// When standard output cannot be written (a closed pipe is told apart by the caller).
pub fn run(shell: Shell) -> Result<()> {
    let script = script(shell);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write the {shell} completions to standard output"))
}

/// The script, for the command named `improvers`.
pub fn script(shell: Shell) -> Vec<u8> {
    // Made in memory first: clap_complete panics when its writer fails, and standard output may
    // be a pipe that closes early.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "improvers", &mut script);
    script
}
