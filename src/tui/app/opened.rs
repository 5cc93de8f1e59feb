//! What an open form, attendance sheet, intake or question rests on: the last change shown
//! when it opened. Saving it is refused when a record it writes was saved or deleted by
//! someone else since, so nobody's work is overwritten unseen.

use super::App;
use crate::domain::change::Change;
use crate::domain::freshness::{Stale, stale_since};
use crate::tui::effects::Message;

impl App {
    /// A form, an attendance sheet, an intake or a question is open: something that will save
    /// what it was opened on.
    pub(super) fn editing(&self) -> bool {
        self.form.is_some()
            || self.attendance.is_some()
            || self.intake.is_some()
            || self.confirm.is_some()
    }

    /// `Some` message naming who changed or deleted which record, if `change` would write over
    /// anything saved since the open form, sheet or question was opened.
    pub(super) fn stale(&self, change: &Change) -> Option<Message> {
        stale_since(change, &self.data, self.seen).map(|s| stale_message(&s))
    }
}

/// The refusal as the footer says it, with how to see the newer version: what is open stays
/// on an older one until it is opened again.
pub(super) fn stale_message(stale: &Stale) -> Message {
    Message::Problem(format!(
        "{} (Esc, then open it again to see theirs)",
        upper_first(&stale.to_string())
    ))
}

/// "Participant Ada…" for the footer, from a sentence written to follow other words.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
