//! The message templates: one file per kind, `Subject:` on the first line and the body after
//! a blank line, in Jinja's syntax (minijinja). The defaults are built in from `assets/mail/`;
//! a file of the same name in the configuration folder's `mail/` subfolder replaces one.

use super::MailError;
use crate::domain::mail::MessageKind;
use minijinja::{Environment, UndefinedBehavior, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default templates, as shipped in `assets/mail/`.
const DEFAULTS: [(MessageKind, &str); 8] = [
    (
        MessageKind::Invitation,
        include_str!("../../../assets/mail/invitation.txt"),
    ),
    (
        MessageKind::Update,
        include_str!("../../../assets/mail/update.txt"),
    ),
    (
        MessageKind::Cancellation,
        include_str!("../../../assets/mail/cancellation.txt"),
    ),
    (
        MessageKind::Reminder,
        include_str!("../../../assets/mail/reminder.txt"),
    ),
    (
        MessageKind::MentorNudge,
        include_str!("../../../assets/mail/mentor-nudge.txt"),
    ),
    (
        MessageKind::MatchConfirmed,
        include_str!("../../../assets/mail/match-confirmed.txt"),
    ),
    (
        MessageKind::Welcome,
        include_str!("../../../assets/mail/welcome.txt"),
    ),
    (
        MessageKind::NominationThanks,
        include_str!("../../../assets/mail/nomination-thanks.txt"),
    ),
];

/// The fields every template may use, besides its kind's own.
const COMMON: [&str; 3] = ["person.name", "programme.name", "programme.mailbox"];

const SESSION: [&str; 9] = [
    "session.title",
    "session.kind",
    "session.theme",
    "session.date",
    "session.start",
    "session.end",
    "session.place",
    "session.cohort",
    "session.cancelled",
];

/// The fields a template of `kind` may use (docs/mail.md lists them).
pub fn fields(kind: MessageKind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        MessageKind::Invitation
        | MessageKind::Update
        | MessageKind::Cancellation
        | MessageKind::Reminder => &SESSION,
        MessageKind::MentorNudge => &["mentor.name", "participant.name", "since", "weeks"],
        MessageKind::MatchConfirmed => &[
            "mentor.name",
            "participant.name",
            "participant.organisation",
            "participant.project",
        ],
        MessageKind::Welcome => &["cohort.name", "cohort.starts"],
        MessageKind::NominationThanks => &["participant.name", "cohort.name"],
    };
    COMMON.iter().chain(own).copied().collect()
}

/// A stand-in for the fields of a `kind` message, every one of [`fields`] holding a sample
/// text ("sample person.name"), for checking a template no due message would render.
pub fn sample(kind: MessageKind) -> Value {
    let mut top: BTreeMap<&str, Value> = BTreeMap::new();
    let mut nested: BTreeMap<&str, BTreeMap<&str, String>> = BTreeMap::new();
    for field in fields(kind) {
        match field.split_once('.') {
            Some((object, name)) => {
                nested
                    .entry(object)
                    .or_default()
                    .insert(name, format!("sample {field}"));
            }
            None => {
                top.insert(field, Value::from(format!("sample {field}")));
            }
        }
    }
    for (object, map) in nested {
        top.insert(object, Value::from_serialize(&map));
    }
    Value::from_serialize(&top)
}

/// The templates in force, each checked when loaded: its syntax, its `Subject:` line, and that
/// it uses only its kind's fields.
pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from, for errors: a path, or `assets/mail/NAME` for a default.
    files: BTreeMap<MessageKind, String>,
}

impl Templates {
    /// The built-in templates alone.
    pub fn defaults() -> Result<Templates, MailError> {
        Templates::load(None)
    }

    /// The templates, with any of `folder` (the configuration folder's `mail/`, when there is
    /// one) replacing the default of the same name (`invitation.txt`, `mentor-nudge.txt`, …).
    ///
    /// Errors: a file that cannot be read, or a template with a syntax error, no `Subject:`
    /// line, or a field its kind does not have, each naming the file and line.
    pub fn load(folder: Option<&Path>) -> Result<Templates, MailError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        if let Some(folder) = folder {
            refuse_strangers(folder)?;
        }
        let mut files = BTreeMap::new();
        for (kind, default) in DEFAULTS {
            let name = format!("{}.txt", kind.key());
            let mine = folder.map(|f| f.join(&name));
            let (file, source) = match mine.as_deref().map(read_if_there).transpose()? {
                Some((path, Some(text))) => (path.display().to_string(), text),
                _ => (format!("assets/mail/{name}"), default.to_string()),
            };
            // One line ending inside, whatever the file was saved with.
            let source = source
                .strip_prefix('\u{feff}')
                .unwrap_or(&source)
                .replace("\r\n", "\n");
            check(kind, &file, &source)?;
            env.add_template_owned(kind.key(), source.clone())
                .map_err(|e| template_error(&file, &e))?;
            let template = env
                .get_template(kind.key())
                .map_err(|e| template_error(&file, &e))?;
            let allowed = fields(kind);
            let mut used: Vec<String> = template.undeclared_variables(true).into_iter().collect();
            used.sort();
            for name in used {
                let group: Vec<&str> = allowed
                    .iter()
                    .copied()
                    .filter(|f| f.split_once('.').is_some_and(|(o, _)| o == name))
                    .collect();
                if !group.is_empty() {
                    // Printed whole it would come out as raw data, never as a person would write.
                    return Err(MailError::Template {
                        file,
                        line: line_naming(&source, &name),
                        message: format!(
                            "`{name}` is a group of fields, not one to print; write one of {}",
                            group.join(", ")
                        ),
                    });
                }
                let known = allowed.iter().any(|f| *f == name);
                if !known {
                    return Err(MailError::Template {
                        file,
                        line: line_naming(&source, &name),
                        message: format!(
                            "`{name}` is not a field of {} message; its fields are {}",
                            with_article(kind.label()),
                            allowed.join(", ")
                        ),
                    });
                }
            }
            files.insert(kind, file);
        }
        Ok(Templates { env, files })
    }

    /// The subject (one line) and plain-text body of a `kind` message with these fields.
    pub fn render(&self, kind: MessageKind, fields: Value) -> Result<(String, String), MailError> {
        let file = self.files.get(&kind).cloned().unwrap_or_default();
        let text = self
            .env
            .get_template(kind.key())
            .and_then(|t| t.render(fields))
            .map_err(|e| template_error(&file, &e))?;
        let (first, body) = text.split_once('\n').unwrap_or((&text, ""));
        let subject = first
            .strip_prefix("Subject:")
            .map(str::trim)
            .unwrap_or_default();
        let body = body.strip_prefix('\n').unwrap_or(body);
        Ok((subject.to_string(), body.to_string()))
    }
}

/// "an invitation", "a reminder": the label with the article English gives it.
fn with_article(label: &str) -> String {
    let vowel = label
        .chars()
        .next()
        .is_some_and(|c| "aeiou".contains(c.to_ascii_lowercase()));
    format!("{} {label}", if vowel { "an" } else { "a" })
}

/// `(path, Some(text))`, or `(path, None)` when there is no such file (the default is used).
fn read_if_there(path: &Path) -> Result<(PathBuf, Option<String>), MailError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((path.to_path_buf(), Some(text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((path.to_path_buf(), None)),
        Err(e) => Err(MailError::Unreadable {
            file: path.display().to_string(),
            reason: crate::store::error::file_sentence("read", path, &e),
        }),
    }
}

/// Refuses a file in the templates folder that is no template's name, such as a misspelt
/// `invitatoin.txt`, which would otherwise be ignored while the default goes out. Hidden files
/// and editors' backups (`~`) are let be.
fn refuse_strangers(folder: &Path) -> Result<(), MailError> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(MailError::Unreadable {
                file: folder.display().to_string(),
                reason: crate::store::error::file_sentence("read", folder, &e),
            });
        }
    };
    let names: Vec<String> = DEFAULTS
        .iter()
        .map(|(kind, _)| format!("{}.txt", kind.key()))
        .collect();
    let mut strangers: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.ends_with('~') && !names.contains(n))
        .collect();
    strangers.sort();
    match strangers.first() {
        None => Ok(()),
        Some(stranger) => Err(MailError::Template {
            file: folder.join(stranger).display().to_string(),
            line: 1,
            message: format!(
                "{stranger} in {} is not a template name, so it would never be used; the \
                 names are {}",
                folder.display(),
                names.join(", ")
            ),
        }),
    }
}

fn check(kind: MessageKind, file: &str, source: &str) -> Result<(), MailError> {
    let mut lines = source.lines();
    let first = lines.next().unwrap_or_default();
    if first.starts_with("Subject:") {
        let second = lines.next().unwrap_or_default();
        if second.trim().is_empty() {
            return Ok(());
        }
        let header_like = second.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        let message = if header_like {
            "a template sets only the subject: headers such as this one cannot be set from a \
             template; put a blank line after the Subject line and the body below it"
        } else {
            "the Subject line must be followed by a blank line, then the body"
        };
        return Err(MailError::Template {
            file: file.to_string(),
            line: 2,
            message: message.to_string(),
        });
    }
    Err(MailError::Template {
        file: file.to_string(),
        line: 1,
        message: format!(
            "the first line must be the subject, as `Subject: …`, then a blank line and the \
             body of the {} message",
            kind.label()
        ),
    })
}

/// The first line where `field` is written, for an error found on the template as a whole.
fn line_naming(source: &str, field: &str) -> usize {
    let last = field.rsplit('.').next().unwrap_or(field);
    source
        .lines()
        .position(|l| l.contains(field))
        .or_else(|| source.lines().position(|l| l.contains(last)))
        .map_or(1, |i| i + 1)
}

fn template_error(file: &str, e: &minijinja::Error) -> MailError {
    let what = match e.kind() {
        minijinja::ErrorKind::UndefinedError => "a field with no value".to_string(),
        kind => e.detail().map_or_else(|| kind.to_string(), str::to_string),
    };
    MailError::Template {
        file: file.to_string(),
        line: e.line().unwrap_or(1),
        message: what,
    }
}
