//! improvers
pub mod domain;
pub mod io;
pub mod store;
pub mod tui;
