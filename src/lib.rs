//! improvers: a terminal dashboard for running an Aspiring Improvers programme.

// `Change::Put(Record)` is large next to `Delete`; boxing it is the domain's call, and until
// then the lint would fail every build of the crate.
#[allow(clippy::large_enum_variant)]
pub mod domain;
pub mod io;
pub mod store;
