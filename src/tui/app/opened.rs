//! What an open form, attendance sheet, intake or question rests on: the last change shown
//! when it opened. Saving it is refused when a record it writes was saved or deleted by
//! someone else since, so nobody's work is overwritten unseen.

use super::App;
use crate::domain::change::{Change, HistoryEntry, RecordKey};
use crate::domain::freshness::{Stale, describe, london_time, stale_since};
use crate::domain::people::PersonRef;
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
        stale_since(change, &self.data, self.seen).map(|s| self.stale_message(s))
    }

    /// Something was just opened: what it rests on is what is shown now.
    pub(super) fn note_opened(&mut self) {
        self.seen = self.data.seq;
        // Undo is offered from the database's own history, which can be a moment ahead of
        // what is shown: the change it undoes is what it rests on, even if not shown yet.
        if let Some(Change::Undo { of, .. }) = self.confirm.as_ref().map(|c| &c.change) {
            self.seen = self.seen.max(*of);
        }
        self.remade = 0;
        let mut keys: Vec<RecordKey> = self
            .form
            .as_ref()
            .and_then(|f| f.purpose.edits())
            .into_iter()
            .collect();
        if let Some(confirm) = &self.confirm {
            keys.extend(confirm.change.keys());
        }
        self.opened_on = keys.into_iter().filter_map(|k| self.data.get(k)).collect();
    }

    /// Remembers where each person record `entry` merged away went, for a form still open on
    /// it (see [`App::stale_message`]).
    pub(super) fn note_merges(&mut self, entry: &HistoryEntry) {
        for joined in crate::domain::people::one_person::standing_merges(
            &self.data,
            std::slice::from_ref(entry),
        ) {
            let key = match joined.gone {
                PersonRef::Participant(id) => RecordKey::Participant(id),
                PersonRef::QMember(id) => RecordKey::QMember(id),
            };
            let kept = match joined.kept {
                PersonRef::Participant(id) => self
                    .data
                    .participants
                    .get(&id)
                    .map(|p| format!("{} <{}>", p.name, p.email)),
                PersonRef::QMember(id) => self
                    .data
                    .q_members
                    .get(&id)
                    .map(|q| format!("{} <{}>", q.name, q.email)),
            };
            if let Some(kept) = kept {
                self.merged_into.insert(key, kept);
            }
        }
    }

    /// The refusal as the footer says it, with how to see the newer version: what is open
    /// stays on an older one until it is opened again. A record deleted meanwhile is named as
    /// it was when the form or question opened.
    pub(super) fn stale_message(&self, mut stale: Stale) -> Message {
        if let Some(record) = self.opened_on.iter().find(|r| r.key() == stale.key) {
            stale.what = describe(stale.key, Some(record));
        }
        if let Some(kept) = self.merged_into.get(&stale.key).filter(|_| stale.deleted) {
            return Message::Problem(format!(
                "{} was merged into {kept} by {} at {} since this was opened, and is gone; \
                 nothing was saved. Esc, then make the change on {kept}{}",
                upper_first(&stale.what),
                stale.by,
                london_time(&stale.at),
                if self.form.is_some() {
                    " (what you typed stays here until Esc)"
                } else {
                    ""
                }
            ));
        }
        if self.form.is_some() && stale.deleted {
            // Nothing to open again: the record is gone.
            return Message::Problem(format!(
                "{}; nothing was saved. Esc closes the form; :history offers to undo the \
                 deletion",
                upper_first(&stale.what_happened())
            ));
        }
        if self.form.is_some() {
            return Message::Problem(format!(
                "{} (Esc, then open it again to see theirs)",
                upper_first(&stale.to_string())
            ));
        }
        // A question, a sheet or an intake: nothing was typed to keep.
        Message::Problem(format!(
            "{} was {} by {} at {} after this was asked; nothing was changed.",
            upper_first(&stale.what),
            if stale.deleted { "deleted" } else { "changed" },
            stale.by,
            london_time(&stale.at)
        ))
    }
}

/// "Participant Ada…" for the footer, from a sentence written to follow other words.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
