//! One field of a form: what it holds, how it is checked as it is typed, and the words used
//! when it is wrong.

use chrono::NaiveDate;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        required: bool,
    },
    /// A date that exists, written YYYY-MM-DD.
    Date,
    /// A time of day, written HH:MM on the 24-hour clock.
    Time,
    /// One of a fixed list, chosen with Left and Right (or by typing its first letters).
    Choice(Vec<String>),
    Email,
    /// A whole number, 0 or more (a capacity, a target size).
    Count,
    /// An amount of money, more than £0 (`£1,150`, `95.50`).
    Money {
        required: bool,
    },
    /// Any number of `options`, separated by commas or semicolons ("mentor; facilitator").
    Several(Vec<String>),
    /// Typed freely; the options that match what is typed are offered, → takes the first.
    /// With `allow_new`, a name that is not an option is created when the form is saved.
    Pick {
        options: Vec<String>,
        allow_new: bool,
        required: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// What the field asks for; most are fixed words, some are names (a budget category).
    pub label: Cow<'static, str>,
    pub kind: FieldKind,
    pub value: String,
}

impl Field {
    pub fn text(label: &'static str, value: &str, required: bool) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Text { required },
            value: value.to_string(),
        }
    }

    pub fn date(label: &'static str, value: NaiveDate) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Date,
            value: value.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn time(label: &'static str, value: chrono::NaiveTime) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Time,
            value: value.format("%H:%M").to_string(),
        }
    }

    pub fn as_time(&self) -> Option<chrono::NaiveTime> {
        chrono::NaiveTime::parse_from_str(self.value.trim(), "%H:%M").ok()
    }

    pub fn email(label: &'static str, value: &str) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Email,
            value: value.to_string(),
        }
    }

    pub fn count(label: &'static str, value: u32) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Count,
            value: value.to_string(),
        }
    }

    pub fn several(label: &'static str, options: Vec<String>, chosen: &[String]) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Several(options),
            value: chosen.join("; "),
        }
    }

    /// An amount that may be left empty.
    pub fn money(
        label: impl Into<Cow<'static, str>>,
        value: Option<crate::domain::money::Pence>,
    ) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Money { required: false },
            value: value.map_or(String::new(), |p| p.to_string()),
        }
    }

    /// An amount that must be given.
    pub fn required_money(
        label: impl Into<Cow<'static, str>>,
        value: Option<crate::domain::money::Pence>,
    ) -> Field {
        Field {
            kind: FieldKind::Money { required: true },
            ..Field::money(label, value)
        }
    }

    /// For a money field: the amount typed, if it is one.
    pub fn as_money(&self) -> Option<crate::domain::money::Pence> {
        crate::domain::money::Pence::parse(&self.value).ok()
    }

    /// For a count field: the number typed, if it is one.
    pub fn as_count(&self) -> Option<u32> {
        self.value.trim().parse().ok()
    }

    /// For a field of several options: each one typed, as its option is spelled.
    pub fn chosen(&self) -> Vec<&str> {
        let FieldKind::Several(options) = &self.kind else {
            return Vec::new();
        };
        split_list(&self.value)
            .filter_map(|typed| find_option(options, typed))
            .collect()
    }

    pub fn pick(label: &'static str, options: Vec<String>, value: &str, allow_new: bool) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Pick {
                options,
                allow_new,
                required: true,
            },
            value: value.to_string(),
        }
    }

    /// A pick field that may be left empty and takes only its options.
    pub fn optional_pick(label: &'static str, options: Vec<String>, value: &str) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Pick {
                options,
                allow_new: false,
                required: false,
            },
            value: value.to_string(),
        }
    }

    /// The options matching what is typed in a pick field, best first.
    pub fn suggestions(&self) -> Vec<&str> {
        let FieldKind::Pick { options, .. } = &self.kind else {
            return Vec::new();
        };
        let typed = crate::domain::text::fold(self.value.trim());
        let mut found: Vec<&str> = options
            .iter()
            .filter(|o| crate::domain::text::fold(o).contains(&typed))
            .map(String::as_str)
            .collect();
        found.sort_by_key(|o| !crate::domain::text::fold(o).starts_with(&typed));
        found
    }

    /// For a pick field: the option typed, if it is one (case and accents aside).
    pub fn picked(&self) -> Option<&str> {
        let FieldKind::Pick { options, .. } = &self.kind else {
            return None;
        };
        let typed = crate::domain::text::fold(self.value.trim());
        options
            .iter()
            .find(|o| crate::domain::text::fold(o) == typed)
            .map(String::as_str)
    }

    pub fn choice(label: &'static str, choices: Vec<String>, chosen: usize) -> Field {
        let value = choices.get(chosen).cloned().unwrap_or_default();
        Field {
            label: label.into(),
            kind: FieldKind::Choice(choices),
            value,
        }
    }

    /// What is wrong with the value as typed, in words for the person typing.
    pub fn problem(&self) -> Option<String> {
        match &self.kind {
            FieldKind::Text { required } => {
                (*required && self.value.trim().is_empty()).then(|| "needed".to_string())
            }
            FieldKind::Date => match NaiveDate::parse_from_str(self.value.trim(), "%Y-%m-%d") {
                Ok(_) => None,
                Err(_) if self.value.trim().is_empty() => Some("needed".into()),
                Err(_) => Some(format!(
                    "“{}” is not a date that exists (write it as YYYY-MM-DD)",
                    self.value.trim()
                )),
            },
            FieldKind::Choice(choices) => {
                (!choices.contains(&self.value)).then(|| "choose one with ← and →".to_string())
            }
            FieldKind::Email => crate::domain::text::email_problem(&self.value),
            FieldKind::Time => match self.as_time() {
                Some(_) => None,
                None if self.value.trim().is_empty() => Some("needed".into()),
                None => Some(format!(
                    "“{}” is not a time (write it as HH:MM, 24-hour)",
                    self.value.trim()
                )),
            },
            FieldKind::Money { required } => {
                match crate::domain::money::Pence::parse(&self.value) {
                    _ if self.value.trim().is_empty() => required.then(|| "needed".into()),
                    Ok(_) => None,
                    Err(e) => Some(e.to_string()),
                }
            }
            FieldKind::Count => match self.value.trim() {
                "" => Some("needed".into()),
                typed if typed.parse::<u32>().is_ok() => None,
                typed => Some(format!("“{typed}” is not a whole number, 0 or more")),
            },
            FieldKind::Several(options) => split_list(&self.value)
                .find(|typed| find_option(options, typed).is_none())
                .map(|typed| format!("“{typed}”: not {}", either(options))),
            FieldKind::Pick {
                allow_new,
                required,
                ..
            } => {
                if self.value.trim().is_empty() {
                    required.then(|| "needed".into())
                } else if self.picked().is_some() || *allow_new {
                    None
                } else {
                    Some("choose one of the suggestions (→ takes the first)".into())
                }
            }
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.value.trim(), "%Y-%m-%d").ok()
    }

    pub(super) fn step_choice(&mut self, forward: bool) {
        if let FieldKind::Choice(choices) = &self.kind {
            if choices.is_empty() {
                return;
            }
            let at = choices.iter().position(|c| *c == self.value).unwrap_or(0);
            let len = choices.len();
            let next = if forward {
                (at + 1) % len
            } else {
                (at + len - 1) % len
            };
            self.value = choices[next].clone();
        }
    }

    /// Typing on a choice jumps to the first choice starting with the letter.
    pub(super) fn jump_choice(&mut self, letter: char) {
        if let FieldKind::Choice(choices) = &self.kind {
            let letter = letter.to_lowercase().to_string();
            if let Some(found) = choices
                .iter()
                .find(|c| c.to_lowercase().starts_with(&letter))
            {
                self.value = found.clone();
            }
        }
    }
}

/// `text` in lines of at most `width` characters, broken between words where it can be.
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let Some(line) = lines.last_mut() else { break };
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if used > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// "a, b or c".
fn either(options: &[String]) -> String {
    match options {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn split_list(typed: &str) -> impl Iterator<Item = &str> {
    typed
        .split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The option `typed` names, case, accents, spaces and hyphens aside.
fn find_option<'a>(options: &'a [String], typed: &str) -> Option<&'a str> {
    let squash = |s: &str| crate::domain::labels::squash(s);
    options
        .iter()
        .find(|o| squash(o) == squash(typed))
        .map(String::as_str)
}
