//! Files in and out: CSV import and export, the demo programme, the large benchmark programme,
//! and the status report.

pub mod config;
pub(crate) mod config_words;
pub mod demo;
pub mod export;
pub(crate) mod formula_guard;
pub mod generate;
pub mod import;
pub mod learning_sets;
pub mod mail;
pub mod matching;
pub mod report;
pub mod status;
pub mod wrap;
