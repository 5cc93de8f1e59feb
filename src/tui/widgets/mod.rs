//! Drawing pieces shared by the panes.

pub mod listing;
pub mod table;
pub mod text;
