//! Drawing pieces shared by the panes.

pub mod confirm;
pub mod cursor;
pub mod listing;
pub mod overlay;
pub mod scroll;
pub mod table;
pub mod text;
