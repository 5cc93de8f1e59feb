//! What is wrong with a field's value as typed, in words for the person typing.

use super::*;

impl Field {
    /// What is wrong with the value as typed, in words for the person typing.
    pub fn problem(&self) -> Option<String> {
        match &self.kind {
            FieldKind::Text { required } => {
                (*required && self.value.trim().is_empty()).then(|| "needed".to_string())
            }
            FieldKind::Date { today, from, .. } => match read_date_from(&self.value, *today, *from)
            {
                Ok(_) => None,
                Err(DateProblem::Empty) => Some("needed".into()),
                Err(DateProblem::DoesNotExist) => {
                    Some(format!("“{}” is not a date that exists", self.value.trim()))
                }
                Err(DateProblem::NotADate) => Some(format!(
                    "“{}” is not a date (write 1/12/2026, 1 Dec, tomorrow, thu or +7)",
                    self.value.trim()
                )),
            },
            FieldKind::Choice(choices) => {
                (!choices.contains(&self.value)).then(|| "choose one with ← and →".to_string())
            }
            FieldKind::Email => crate::domain::text::email_problem(&self.value),
            FieldKind::Time { .. } => match self.as_time() {
                Some(_) => None,
                None if self.value.trim().is_empty() => Some("needed".into()),
                None => Some(format!(
                    "“{}” is not a time (write 9:30, 14:00 or 2pm)",
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
            FieldKind::Count { least, most } => {
                let range = match most {
                    Some(most) => format!("{least} to {most}"),
                    None => format!("{least} or more"),
                };
                match self.value.trim() {
                    "" => Some("needed".into()),
                    typed => match typed.parse::<u32>() {
                        Err(_) => Some(format!("“{typed}” is not a whole number, {range}")),
                        Ok(n) if n < *least => Some(format!("“{typed}” is too low: give {range}")),
                        Ok(n) if most.is_some_and(|most| n > most) => {
                            Some(format!("“{typed}” is too high: give {range}"))
                        }
                        Ok(_) => None,
                    },
                }
            }
            FieldKind::Several(options) => split_list(&self.value)
                .find(|typed| find_option(options, typed).is_none())
                .map(|typed| match options.len() {
                    0 => format!("“{typed}”: there is nobody to choose here yet"),
                    // Naming every option helps with a few roles, not with a hundred people.
                    1..=6 => format!("“{typed}”: not {}", either(options)),
                    _ => format!("“{typed}”: not one of the names offered (Tab takes one)"),
                }),
            FieldKind::Pick {
                options,
                new,
                required,
                none_yet,
            } => {
                if self.value.trim().is_empty() {
                    required.then(|| "needed".into())
                } else if self.picked().is_some() || new.is_some() {
                    None
                } else if options.is_empty() {
                    Some(format!(
                        "“{}”: {}",
                        self.value.trim(),
                        none_yet.unwrap_or("there is nothing to choose here yet")
                    ))
                } else {
                    Some(format!(
                        "“{}”: choose one of the suggestions (Tab takes one)",
                        self.value.trim()
                    ))
                }
            }
        }
    }
}
