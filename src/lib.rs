//! improvers: a terminal dashboard for running an Aspiring Improvers programme.

pub mod domain;
pub mod io;
pub mod store;
