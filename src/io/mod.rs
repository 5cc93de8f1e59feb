//! Files in and out: CSV import, the demo programme, and the large benchmark programme.

pub mod demo;
pub mod generate;
pub mod import;
