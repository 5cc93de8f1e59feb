//! A small form: labelled fields checked as they are typed, errors beside the field, and
//! nothing typed ever lost to a mistake. Tab and the arrows move between fields, Left and
//! Right change a choice, a pick field offers suggestions (↑↓ move in them, Tab or → takes
//! one), Enter saves when every field is right, Esc leaves (asking first if anything was typed).

mod draw;
mod field;
#[cfg(test)]
mod tests;

pub use field::{Field, FieldKind, Offer};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Editing,
    /// Every field is right: save.
    Submit,
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Enter was pressed with a field wrong: say so on every wrong field, not just the one typed.
    tried: bool,
    /// What Enter does, in a word: "save" for most forms, "show" for a filter.
    pub submit: &'static str,
    /// Warnings about the whole record as it stands (a clash), shown above the keys; they do
    /// not stop a save.
    pub notes: Vec<String>,
    /// The values as the form opened, to tell whether leaving throws anything away.
    opened_with: Vec<String>,
    /// Esc was pressed with changes typed: the next key says whether to leave.
    leaving: bool,
    /// Which of the focused field's suggestions Tab takes (the last one past the options is
    /// keeping a new name as typed).
    highlight: usize,
    /// New names the person has agreed to create: (field, name as typed).
    agreed_new: Vec<(usize, String)>,
    /// The question asked when Enter found new names not yet agreed to.
    asking: Option<String>,
    /// The field in focus was just entered and not yet typed in: in a field that holds one
    /// thing picked or read (a cohort, a venue, a date, a time) the first letter typed replaces
    /// what is there rather than being added to it, as a browser selects a field tabbed into.
    entered: bool,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            opened_with: fields.iter().map(|f| f.value.clone()).collect(),
            fields,
            focus: 0,
            tried: false,
            submit: "save",
            notes: Vec::new(),
            leaving: false,
            highlight: 0,
            agreed_new: Vec::new(),
            asking: None,
            entered: true,
        }
    }

    /// A form whose Enter does something other than save.
    pub fn submitting(mut self, word: &'static str) -> Form {
        self.submit = word;
        self
    }

    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    pub fn is_valid(&self) -> bool {
        self.fields.iter().all(|f| f.problem().is_none())
    }

    /// How many fields are wrong as they stand.
    pub fn faults(&self) -> usize {
        self.fields.iter().filter(|f| f.problem().is_some()).count()
    }

    /// Whether anything was typed since the form opened.
    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.opened_with)
            .any(|(f, was)| f.value != *was)
    }

    /// Whether Esc is waiting for an answer before throwing typed changes away.
    pub fn is_leaving(&self) -> bool {
        self.leaving
    }

    /// What the focused field offers now: its suggestions, then, for a field that may name a
    /// new one, the name as typed (unless already agreed to).
    fn offered(&self) -> (Vec<&str>, Option<(&'static str, &str)>) {
        let Some(field) = self.fields.get(self.focus) else {
            return (Vec::new(), None);
        };
        let new = field.new_name().filter(|_| !self.is_agreed(self.focus));
        if field.new_name().is_some() && new.is_none() {
            // A new name already agreed to is what the person means: nothing more to offer.
            return (Vec::new(), None);
        }
        (field.suggestions(), new)
    }

    fn offered_count(&self) -> usize {
        let (suggestions, new) = self.offered();
        suggestions.len() + usize::from(new.is_some())
    }

    fn is_agreed(&self, at: usize) -> bool {
        let Some((_, typed)) = self.fields.get(at).and_then(|f| f.new_name()) else {
            return false;
        };
        self.agreed_new
            .iter()
            .any(|(field, name)| *field == at && name == typed)
    }

    /// Takes the highlighted suggestion into the focused field; false when none is offered.
    fn take_highlighted(&mut self) -> bool {
        let (suggestions, new) = self.offered();
        let at = self.highlight.min(self.offered_count().saturating_sub(1));
        if let Some(option) = suggestions.get(at).map(|s| s.to_string()) {
            if let Some(field) = self.fields.get_mut(self.focus) {
                field.take(&option);
            }
        } else if let Some((_, typed)) = new {
            let typed = typed.to_string();
            self.agreed_new.push((self.focus, typed));
        } else {
            return false;
        }
        self.highlight = 0;
        true
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        // Esc and a letter typed quickly (over SSH, in tmux) reach us as one Alt+letter: take
        // it as the two keys the person pressed, so `Esc y` leaves as it says.
        if let (KeyCode::Char(c), true) = (key.code, key.modifiers.contains(KeyModifiers::ALT)) {
            let esc = self.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            if esc != FormOutcome::Editing {
                return esc;
            }
            return self.handle_key(KeyEvent::new(
                KeyCode::Char(c),
                key.modifiers.difference(KeyModifiers::ALT),
            ));
        }
        if self.leaving {
            self.leaving = false;
            return match key.code {
                KeyCode::Esc | KeyCode::Char('y') => FormOutcome::Cancel,
                // Anything else goes back to the form, doing nothing more.
                _ => FormOutcome::Editing,
            };
        }
        if key.code != KeyCode::Enter {
            self.asking = None;
        }
        let last = self.fields.len().saturating_sub(1);
        let offering = self.offered_count();
        match key.code {
            KeyCode::Esc if self.changed() => self.leaving = true,
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Enter => return self.try_to_submit(),
            KeyCode::Down if offering > 0 => {
                self.highlight = (self.highlight + 1).min(offering - 1);
            }
            KeyCode::Up if offering > 0 => self.highlight = self.highlight.saturating_sub(1),
            // → takes the suggestion and stays; Tab takes it and goes on, as Tab always goes
            // on, except in a field of several where the next name may follow.
            KeyCode::Right if offering > 0 => {
                self.take_highlighted();
            }
            KeyCode::Tab if offering > 0 => {
                self.take_highlighted();
                let several = matches!(
                    self.fields.get(self.focus).map(|f| &f.kind),
                    Some(FieldKind::Several(_))
                );
                if !several {
                    self.move_focus((self.focus + 1).min(last));
                }
            }
            KeyCode::Tab | KeyCode::Down => self.move_focus((self.focus + 1).min(last)),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(self.focus.saturating_sub(1)),
            _ => self.type_key(key),
        }
        FormOutcome::Editing
    }

    fn move_focus(&mut self, to: usize) {
        self.focus = to;
        self.highlight = 0;
        self.entered = true;
    }

    /// Whether the first letter typed now replaces the focused field's value (shown marked).
    pub fn replaces_on_typing(&self) -> bool {
        self.entered
            && self.fields.get(self.focus).is_some_and(|f| {
                !f.value.is_empty()
                    && matches!(
                        f.kind,
                        FieldKind::Pick { .. } | FieldKind::Date { .. } | FieldKind::Time
                    )
            })
    }

    /// Enter: saves when every field is right and every new name has been agreed to; else
    /// marks every field at fault and goes to the first, or asks about the new names.
    fn try_to_submit(&mut self) -> FormOutcome {
        if !self.is_valid() {
            self.tried = true;
            if let Some(wrong) = self.fields.iter().position(|f| f.problem().is_some()) {
                self.move_focus(wrong);
            }
            return FormOutcome::Editing;
        }
        let unasked: Vec<(usize, &'static str, String)> = self
            .fields
            .iter()
            .enumerate()
            .filter(|(at, _)| !self.is_agreed(*at))
            .filter_map(|(at, f)| {
                f.new_name()
                    .map(|(noun, typed)| (at, noun, typed.to_string()))
            })
            .collect();
        if unasked.is_empty() {
            return FormOutcome::Submit;
        }
        let names: Vec<String> = unasked
            .iter()
            .map(|(_, noun, typed)| format!("new {noun} “{typed}”"))
            .collect();
        let mut question = names.join(" and ");
        if let Some(first) = question.get(..1) {
            question = first.to_uppercase() + &question[1..];
        }
        let it = if unasked.len() == 1 { "it" } else { "them" };
        self.asking = Some(format!(
            "{question}: Enter again to create {it}, or change {it} first"
        ));
        if let Some((at, _, _)) = unasked.first() {
            self.move_focus(*at);
        }
        for (at, _, typed) in unasked {
            self.agreed_new.push((at, typed));
        }
        FormOutcome::Editing
    }

    fn type_key(&mut self, key: KeyEvent) {
        let replace = self.replaces_on_typing();
        self.entered = false;
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        if replace && matches!(key.code, KeyCode::Char(c) if !c.is_control()) {
            field.value.clear();
        }
        let before = field.value.len();
        match (&field.kind, key.code) {
            (FieldKind::Choice(_), KeyCode::Left) => field.step_choice(false),
            (FieldKind::Choice(_), KeyCode::Right | KeyCode::Char(' ')) => field.step_choice(true),
            (FieldKind::Choice(_), KeyCode::Char(c)) => field.jump_choice(c),
            // A choice is only ever one of its choices: nothing to delete.
            (FieldKind::Choice(_), _) => {}
            (_, KeyCode::Backspace) => {
                field.value.pop();
            }
            (_, KeyCode::Char('u')) if key.modifiers == KeyModifiers::CONTROL => {
                field.value.clear()
            }
            (_, KeyCode::Char(c)) if !c.is_control() => field.value.push(c),
            _ => {}
        }
        if field.value.len() != before {
            // What is offered changed: the best of it comes first again.
            self.highlight = 0;
        }
    }
}
