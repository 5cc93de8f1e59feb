//! One field of a form: what it holds, how it is checked as it is typed, and the words used
//! when it is wrong.

use crate::domain::dates::{DateProblem, read_date_from, read_time};
use chrono::NaiveDate;
use std::borrow::Cow;

mod problem;

/// How many suggestions a pick field shows under itself at once.
pub const SUGGESTIONS_SHOWN: usize = 5;

/// One thing a pick field offers: the words shown and stored, and words matched but not shown
/// (an email), so typing part of an email finds its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub label: String,
    pub also: String,
}

impl Offer {
    pub fn new(label: impl Into<String>, also: impl Into<String>) -> Offer {
        Offer {
            label: label.into(),
            also: also.into(),
        }
    }
}

impl From<String> for Offer {
    fn from(label: String) -> Offer {
        Offer::new(label, "")
    }
}

impl From<&str> for Offer {
    fn from(label: &str) -> Offer {
        Offer::new(label, "")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        required: bool,
    },
    /// A date that exists, written as people write dates ([`read_date`]): `2026-12-01`,
    /// `1/12/2026`, `1 Dec`, `thu`, `+7`, counted from `today`; for a date ending something,
    /// a date without a year or a weekday is the first on or after `from`
    /// ([`crate::domain::dates::read_date_from`]), which the form keeps as field
    /// `from_field` reads when one is named.
    Date {
        today: NaiveDate,
        from: Option<NaiveDate>,
        from_field: Option<&'static str>,
    },
    /// A time of day as people write it ([`read_time`]): `9`, `930`, `9:30`, `2pm`; with
    /// `afternoon`, a bare hour 1 to 7 is after noon
    /// ([`crate::domain::dates::read_session_time`]).
    Time {
        afternoon: bool,
    },
    /// One of a fixed list, chosen with Left and Right (or by typing its first letters).
    Choice(Vec<String>),
    Email,
    /// A whole number from `least` to `most` (a capacity, a target size, a percentage).
    Count {
        least: u32,
        most: Option<u32>,
    },
    /// An amount of money, more than £0 (`£1,150`, `95.50`).
    Money {
        required: bool,
    },
    /// Any number of `options`, separated by commas or semicolons ("mentor; facilitator");
    /// the name being typed after the last separator is offered suggestions like a pick.
    Several(Vec<Offer>),
    /// Typed freely; the options that match what is typed are offered, best first, and Tab or
    /// → takes the highlighted one. With `new` (what one is called: "organisation"), a name
    /// that is not an option is created when the form is saved, once the form has asked.
    Pick {
        options: Vec<Offer>,
        new: Option<&'static str>,
        required: bool,
        /// Why there is nothing to pick, when there are no options ("no Q member offers the
        /// nominator role yet: …"); a generic sentence without it.
        none_yet: Option<&'static str>,
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
    /// For a pick field: the sentence that says why nothing is offered when there are no
    /// options, and what to do about it.
    pub fn when_none(mut self, why: &'static str) -> Field {
        if let FieldKind::Pick { none_yet, .. } = &mut self.kind {
            *none_yet = Some(why);
        }
        self
    }

    pub fn text(label: &'static str, value: &str, required: bool) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Text { required },
            value: value.to_string(),
        }
    }

    /// A date field holding `value`, reading words such as `tomorrow` from `today`.
    pub fn date(label: &'static str, value: NaiveDate, today: NaiveDate) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Date {
                today,
                from: None,
                from_field: None,
            },
            value: value.format("%Y-%m-%d").to_string(),
        }
    }

    /// For a date ending something begun on `start` (a match's end): `1 Dec` or `fri` is the
    /// first on or after `start`.
    pub fn counted_from(mut self, start: NaiveDate) -> Field {
        if let FieldKind::Date { from, .. } = &mut self.kind {
            *from = Some(start);
        }
        self
    }

    /// For a date ending what the date field labelled `start` begins (a cohort's end): as
    /// [`Field::counted_from`], from whatever that field reads as it is typed.
    pub fn counted_from_field(mut self, start: &'static str) -> Field {
        if let FieldKind::Date { from_field, .. } = &mut self.kind {
            *from_field = Some(start);
        }
        self
    }

    pub fn time(label: &'static str, value: chrono::NaiveTime) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Time { afternoon: false },
            value: value.format("%H:%M").to_string(),
        }
    }

    /// A session's start: `2` is 14:00, `2am` 02:00.
    pub fn session_time(label: &'static str, value: chrono::NaiveTime) -> Field {
        Field {
            kind: FieldKind::Time { afternoon: true },
            ..Field::time(label, value)
        }
    }

    pub fn as_time(&self) -> Option<chrono::NaiveTime> {
        match self.kind {
            FieldKind::Time { afternoon: true } => {
                crate::domain::dates::read_session_time(&self.value)
            }
            _ => read_time(&self.value),
        }
    }

    pub fn email(label: &'static str, value: &str) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Email,
            value: value.to_string(),
        }
    }

    /// A whole number, 0 or more unless [`Field::at_least`] or [`Field::at_most`] say.
    pub fn count(label: &'static str, value: u32) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Count {
                least: 0,
                most: None,
            },
            value: value.to_string(),
        }
    }

    /// For a count: the smallest number it takes (a session lasts at least 1 minute).
    pub fn at_least(mut self, n: u32) -> Field {
        if let FieldKind::Count { least, .. } = &mut self.kind {
            *least = n;
        }
        self
    }

    /// For a count: the largest number it takes (a percentage is at most 100).
    pub fn at_most(mut self, n: u32) -> Field {
        if let FieldKind::Count { most, .. } = &mut self.kind {
            *most = Some(n);
        }
        self
    }

    pub fn several(
        label: &'static str,
        options: Vec<impl Into<Offer>>,
        chosen: &[String],
    ) -> Field {
        let options = options.into_iter().map(Into::into).collect();
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

    /// A pick field that must be one of `options`.
    pub fn pick(label: &'static str, options: Vec<impl Into<Offer>>, value: &str) -> Field {
        Field {
            label: label.into(),
            kind: FieldKind::Pick {
                options: options.into_iter().map(Into::into).collect(),
                new: None,
                required: true,
                none_yet: None,
            },
            value: value.to_string(),
        }
    }

    /// A pick field that must be given and may name a new `noun` ("organisation"), created
    /// when the form is saved after the form has asked once.
    pub fn pick_or_new(
        label: &'static str,
        noun: &'static str,
        options: Vec<impl Into<Offer>>,
        value: &str,
    ) -> Field {
        Field {
            kind: FieldKind::Pick {
                options: options.into_iter().map(Into::into).collect(),
                new: Some(noun),
                required: true,
                none_yet: None,
            },
            ..Field::pick(label, Vec::<Offer>::new(), value)
        }
    }

    /// A pick field that may be left empty and takes only its options.
    pub fn optional_pick(
        label: &'static str,
        options: Vec<impl Into<Offer>>,
        value: &str,
    ) -> Field {
        Field {
            kind: FieldKind::Pick {
                options: options.into_iter().map(Into::into).collect(),
                new: None,
                required: false,
                none_yet: None,
            },
            ..Field::pick(label, Vec::<Offer>::new(), value)
        }
    }

    /// The words being typed that suggestions are for: the whole value of a pick field, the
    /// part after the last separator in a field of several.
    fn typing(&self) -> &str {
        match &self.kind {
            FieldKind::Several(_) => self
                .value
                .rsplit([',', ';'])
                .next()
                .unwrap_or_default()
                .trim(),
            _ => self.value.trim(),
        }
    }

    /// The options matching what is being typed, best first, at most [`SUGGESTIONS_SHOWN`];
    /// none when nothing is typed or what is typed already is an option.
    pub fn suggestions(&self) -> Vec<&str> {
        let options = match &self.kind {
            FieldKind::Pick { options, .. } | FieldKind::Several(options) => options,
            _ => return Vec::new(),
        };
        let typed = self.typing();
        if typed.is_empty() || find_option(options, typed).is_some() {
            return Vec::new();
        }
        // In a field of several, a name already chosen is not offered again.
        let chosen = self.chosen();
        let open: Vec<&Offer> = options
            .iter()
            .filter(|o| !chosen.contains(&o.label.as_str()))
            .collect();
        let candidates: Vec<(&str, &str)> = open
            .iter()
            .map(|o| (o.label.as_str(), o.also.as_str()))
            .collect();
        crate::domain::suggest::best_first(typed, &candidates)
            .into_iter()
            .take(SUGGESTIONS_SHOWN)
            .filter_map(|at| open.get(at))
            .map(|o| o.label.as_str())
            .collect()
    }

    /// Puts `option` in place of what is being typed. In a field of several a separator
    /// follows when `more` may be typed after it.
    pub(super) fn take(&mut self, option: &str, more: bool) {
        match &self.kind {
            FieldKind::Several(_) => {
                let kept = self
                    .value
                    .rfind([',', ';'])
                    .map_or("", |at| &self.value[..=at]);
                let kept = kept.trim_end();
                let then = if more { "; " } else { "" };
                self.value = if kept.is_empty() {
                    format!("{option}{then}")
                } else {
                    format!("{kept} {option}{then}")
                };
            }
            _ => self.value = option.to_string(),
        }
    }

    /// For a pick field: the option typed, if it is one (case and accents aside).
    pub fn picked(&self) -> Option<&str> {
        let FieldKind::Pick { options, .. } = &self.kind else {
            return None;
        };
        let typed = crate::domain::text::fold(self.value.trim());
        options
            .iter()
            .find(|o| crate::domain::text::fold(&o.label) == typed)
            .map(|o| o.label.as_str())
    }

    /// For a pick field that may name a new one: what a new one is called and the name typed,
    /// when it is not one of the options.
    pub fn new_name(&self) -> Option<(&'static str, &str)> {
        let FieldKind::Pick {
            new: Some(noun), ..
        } = &self.kind
        else {
            return None;
        };
        let typed = self.value.trim();
        (!typed.is_empty() && self.picked().is_none()).then_some((*noun, typed))
    }

    /// What a date or time field understood, when it is not written as it is shown
    /// ("Tue 1 Dec 2026", "14:00").
    pub fn understood(&self) -> Option<String> {
        match &self.kind {
            FieldKind::Date { .. } => self.as_date().map(crate::domain::dates::long_date),
            FieldKind::Time { .. } => self
                .as_time()
                .map(|t| t.format("%H:%M").to_string())
                .filter(|shown| *shown != self.value.trim()),
            _ => None,
        }
    }

    pub fn choice(label: &'static str, choices: Vec<String>, chosen: usize) -> Field {
        let value = choices.get(chosen).cloned().unwrap_or_default();
        Field {
            label: label.into(),
            kind: FieldKind::Choice(choices),
            value,
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match &self.kind {
            FieldKind::Date { today, from, .. } => read_date_from(&self.value, *today, *from).ok(),
            _ => None,
        }
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

    /// Typing on a choice jumps to the first choice starting with the letter; false when
    /// none does.
    pub(super) fn jump_choice(&mut self, letter: char) -> bool {
        let FieldKind::Choice(choices) = &self.kind else {
            return false;
        };
        let letter = letter.to_lowercase().to_string();
        match choices
            .iter()
            .find(|c| c.to_lowercase().starts_with(&letter))
        {
            Some(found) => {
                self.value = found.clone();
                true
            }
            None => false,
        }
    }
}

/// "a, b or c".
fn either(options: &[Offer]) -> String {
    let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
    match labels.as_slice() {
        [] => String::new(),
        [only] => (*only).to_string(),
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
fn find_option<'a>(options: &'a [Offer], typed: &str) -> Option<&'a str> {
    let squash = |s: &str| crate::domain::labels::squash(s);
    let wanted = squash(typed);
    options
        .iter()
        .find(|o| squash(&o.label) == wanted)
        .map(|o| o.label.as_str())
}
