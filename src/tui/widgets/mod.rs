//! Drawing pieces shared by the panes.

pub mod listing;
pub mod overlay;
pub mod table;
pub mod text;
