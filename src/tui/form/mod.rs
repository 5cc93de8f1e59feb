//! A small form: labelled fields checked as they are typed, errors beside the field, and
//! nothing typed ever lost to a mistake. Tab and the arrows move between fields, Left and
//! Right change a choice, a pick field offers suggestions (↑↓ move in them, Tab takes one and
//! moves on, → takes one and stays), Enter saves when every field is right and every new name
//! was agreed to, Esc leaves (asking first if anything was typed).

mod draw;
mod field;
mod rules;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rules;
mod wrap;

pub use field::{Field, FieldKind, Offer};
pub use rules::Rule;

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
    /// New names the person has agreed to create, by answering the question Enter asks:
    /// (field, name as typed).
    agreed_new: Vec<(usize, String)>,
    /// New names taken from the suggestions (`new profession “…”`): no longer offered, but
    /// not agreed to either, as Tab on the only row offered is no answer to a question.
    kept_new: Vec<(usize, String)>,
    /// The question asked when Enter found new names not yet agreed to.
    asking: Option<String>,
    /// The person moved into the focused field themselves (Tab, ↑↓, opening the form) and
    /// has not typed in it yet: in a field that holds one thing picked or read (a cohort, a
    /// venue, a date, a time, a number, an amount) the first letter typed replaces what is
    /// there rather than being added to it, as a browser selects a field tabbed into. Never set when the form moved
    /// the cursor itself (a refused save, a question), where the person is mid-correction.
    entered: bool,
    /// Checks beyond one field's own value, each shown beside the field it marks.
    rules: Vec<Rule>,
    /// The letter just typed into a choice field that no choice starts with: said beside the
    /// field rather than dropped without trace.
    missed: Option<char>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        let mut form = Form {
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
            kept_new: Vec::new(),
            asking: None,
            entered: true,
            rules: Vec::new(),
            missed: None,
        };
        form.settle_starts();
        form
    }

    /// Gives each date that ends something the date its start field reads now, so `1 Dec`
    /// typed as an end is the first 1 Dec on or after the start as typed.
    fn settle_starts(&mut self) {
        for at in 0..self.fields.len() {
            let FieldKind::Date {
                from_field: Some(start),
                ..
            } = self.fields[at].kind
            else {
                continue;
            };
            let begun = self
                .fields
                .iter()
                .find(|f| f.label == start)
                .and_then(Field::as_date);
            if let FieldKind::Date { from, .. } = &mut self.fields[at].kind {
                *from = begun;
            }
        }
    }

    /// The form with `rule` checked as the person types, beside the field it marks.
    pub fn with(mut self, rule: Rule) -> Form {
        self.rules.push(rule);
        self
    }

    /// A form whose Enter does something other than save.
    pub fn submitting(mut self, word: &'static str) -> Form {
        self.submit = word;
        self
    }

    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    /// What is wrong with field `at` as it stands: its own value first, then the form's
    /// rules that mark it.
    pub fn problem(&self, at: usize) -> Option<String> {
        let field = self.fields.get(at)?;
        field.problem().or_else(|| {
            self.rules
                .iter()
                .filter(|r| r.field() == field.label)
                .find_map(|r| r.problem(&self.fields))
        })
    }

    pub fn is_valid(&self) -> bool {
        self.faults() == 0
    }

    /// How many fields are wrong as they stand.
    pub fn faults(&self) -> usize {
        (0..self.fields.len())
            .filter(|at| self.problem(*at).is_some())
            .count()
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
        let settled = self.is_agreed(self.focus) || self.is_kept(self.focus);
        let new = field.new_name().filter(|_| !settled);
        if field.new_name().is_some() && new.is_none() {
            // A new name taken or agreed to is what the person means: nothing more to offer.
            return (Vec::new(), None);
        }
        (field.suggestions(), new)
    }

    fn offered_count(&self) -> usize {
        let (suggestions, new) = self.offered();
        suggestions.len() + usize::from(new.is_some())
    }

    fn is_agreed(&self, at: usize) -> bool {
        self.holds_new(at, &self.agreed_new)
    }

    fn is_kept(&self, at: usize) -> bool {
        self.holds_new(at, &self.kept_new)
    }

    /// Whether the new name field `at` holds now is among `names`.
    fn holds_new(&self, at: usize, names: &[(usize, String)]) -> bool {
        let Some((_, typed)) = self.fields.get(at).and_then(|f| f.new_name()) else {
            return false;
        };
        names
            .iter()
            .any(|(field, name)| *field == at && name == typed)
    }

    /// Takes the highlighted suggestion into the focused field (in a field of several, ready
    /// for another name when `more`); false when none is offered.
    fn take_highlighted(&mut self, more: bool) -> bool {
        let (suggestions, new) = self.offered();
        let at = self.highlight.min(self.offered_count().saturating_sub(1));
        if let Some(option) = suggestions.get(at).map(|s| s.to_string()) {
            if let Some(field) = self.fields.get_mut(self.focus) {
                field.take(&option, more);
            }
        } else if let Some((_, typed)) = new {
            // Kept as typed, not agreed to: Enter still asks before creating it.
            let typed = typed.to_string();
            self.kept_new.push((self.focus, typed));
        } else {
            return false;
        }
        self.highlight = 0;
        // Taken from the list: what follows is added to it, not typed over it.
        self.entered = false;
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
        self.missed = None;
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
            // → takes the suggestion and stays (in a field of several, ready for the next
            // name); Tab takes it and goes on, as Tab always goes on, so Tab Tab Tab reaches
            // the same field whatever is offered on the way.
            KeyCode::Right if offering > 0 => {
                self.take_highlighted(true);
            }
            KeyCode::Tab if offering > 0 => {
                self.take_highlighted(false);
                self.move_focus((self.focus + 1).min(last));
            }
            KeyCode::Tab | KeyCode::Down => self.move_focus((self.focus + 1).min(last)),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(self.focus.saturating_sub(1)),
            _ => self.type_key(key),
        }
        FormOutcome::Editing
    }

    /// The person moves to field `to`: what it holds is selected, ready to be typed over.
    fn move_focus(&mut self, to: usize) {
        self.put_cursor(to);
        self.entered = true;
    }

    /// The form puts the cursor in field `to` for the person to correct what is there: what
    /// is typed next is added to it, never replaces it.
    fn put_cursor(&mut self, to: usize) {
        self.focus = to;
        self.highlight = 0;
        self.entered = false;
    }

    /// Whether the first letter typed now replaces the focused field's value (shown marked).
    pub fn replaces_on_typing(&self) -> bool {
        self.entered
            && self.fields.get(self.focus).is_some_and(|f| {
                !f.value.is_empty()
                    && matches!(
                        f.kind,
                        FieldKind::Pick { .. }
                            | FieldKind::Date { .. }
                            | FieldKind::Time { .. }
                            | FieldKind::Count { .. }
                            | FieldKind::Money { .. }
                    )
            })
    }

    /// Enter: saves when every field is right and every new name has been agreed to; else
    /// marks every field at fault and goes to the first, or asks about the new names.
    fn try_to_submit(&mut self) -> FormOutcome {
        if !self.is_valid() {
            self.tried = true;
            if let Some(wrong) = (0..self.fields.len()).find(|at| self.problem(*at).is_some()) {
                self.put_cursor(wrong);
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
            self.put_cursor(*at);
        }
        for (at, _, typed) in unasked {
            self.agreed_new.push((at, typed));
        }
        FormOutcome::Editing
    }

    fn type_key(&mut self, key: KeyEvent) {
        let replace = self.replaces_on_typing();
        let entered = std::mem::replace(&mut self.entered, false);
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        if replace && matches!(key.code, KeyCode::Char(c) if !c.is_control()) {
            field.value.clear();
        }
        // A field of several entered holding names: a letter typed starts the next name
        // rather than running on into the last one ("mentor" then "fac", not "mentorfac").
        let starts_name = matches!(key.code, KeyCode::Char(c) if c.is_alphanumeric());
        if entered
            && starts_name
            && key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
            && matches!(field.kind, FieldKind::Several(_))
            && !field.value.trim().is_empty()
            && !field.value.trim_end().ends_with([';', ','])
        {
            field.value = format!("{}; ", field.value.trim_end());
        }
        let before = field.value.len();
        match (&field.kind, key.code) {
            (FieldKind::Choice(_), KeyCode::Left) => field.step_choice(false),
            (FieldKind::Choice(_), KeyCode::Right | KeyCode::Char(' ')) => field.step_choice(true),
            (FieldKind::Choice(_), KeyCode::Char(c)) => {
                self.missed = (!field.jump_choice(c)).then_some(c);
            }
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
        self.settle_starts();
    }
}
