//! improvers: a terminal dashboard for running an Aspiring Improvers programme.

// `eprintln!` panics when standard error has gone (a dropped SSH session); `tell!` does not.
#![deny(clippy::print_stderr)]

pub mod cli;
pub mod commands;
pub mod domain;
pub mod io;
pub mod memory;
pub mod paths;
pub mod store;
pub mod tui;
