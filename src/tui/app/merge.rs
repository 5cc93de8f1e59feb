//! `:merge KIND KEEP GONE` in the dashboard: two records that are one made one, once a
//! question naming what will move is answered y.

use super::App;
use crate::domain::people::merge::{self, Kind};
use crate::tui::effects::{Confirm, Message};

impl App {
    /// Asks before merging the record `gone` names into the one `keep` names, or says in the
    /// footer why they cannot be merged.
    pub(super) fn merge(&mut self, kind: Kind, keep: &str, gone: &str) {
        match merge::plan(&self.data, kind, keep, gone) {
            Ok(plan) => {
                self.confirm = Some(Confirm {
                    question: plan.question(),
                    done: format!(
                        "Merged {} {} into {} (u undoes it).{}",
                        plan.kind.noun(),
                        plan.gone,
                        plan.keep,
                        plan.to_look_at()
                    ),
                    change: plan.change,
                });
                self.note_opened();
            }
            Err(e) => {
                let said = e.to_string();
                let mut chars = said.chars();
                let said = chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                });
                self.say(Message::Problem(format!("{said}; nothing was merged.")));
            }
        }
    }
}
