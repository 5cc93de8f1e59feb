//! improvers: a terminal dashboard for running an Aspiring Improvers programme.

pub mod cli;
pub mod commands;
pub mod domain;
pub mod io;
pub mod paths;
pub mod store;
pub mod tui;
