//! Messages built from what is due: the template's subject and text, the programme's mailbox
//! as sender, and for a session's invitation, update or cancellation its calendar event.
//! Text from the database is made one line before it reaches a header or a template, and
//! lettre's header types encode what is left, so no name or title can add a header.

pub mod calendar;
pub mod journal;
pub mod password;
pub mod send;
pub mod settings;
pub mod templates;

pub use templates::Templates;

use crate::domain::identifiers::uid_domain;
use crate::domain::mail::{DueMessage, MailSettings, MessageKey, MessageKind};
use crate::domain::people::PersonRef;
use crate::domain::sessions::Session;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_line;
use calendar::{Method, Parties};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use minijinja::{Value, context};

/// A message ready to send or to write as an `.eml` file.
#[derive(Debug, Clone)]
pub struct BuiltMessage {
    /// What the message is, as `due_messages` gave it.
    pub due: DueMessage,
    /// The whole message: headers, text, and for a session's messages the calendar part.
    pub message: Message,
    /// The Message-ID without its angle brackets, the same every time the same message is
    /// built: `invitation.s7.p3.n1234.e…@aspiring-improvers.improvers`.
    pub message_id: String,
    /// The subject as the template wrote it, one line.
    pub subject: String,
    /// The plain text, as the template wrote it.
    pub body: String,
    /// The calendar part (iCalendar text, RFC 5545), for a session's invitation, update or
    /// cancellation.
    pub calendar: Option<String>,
}

/// Why a message cannot be built; each names the file, key or person to put right.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    #[error("{file}, line {line}: {message}")]
    Template {
        file: String,
        line: usize,
        message: String,
    },
    #[error("the mail template {file} cannot be read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error(
        "there is no mailbox to send from: set `from = \"programme@example.org\"` under [mail] \
         in the configuration file (docs/mail.md)"
    )]
    NoSender,
    #[error(
        "[mail] {key} = \"{value}\" in the configuration file is not an email address ({reason})"
    )]
    BadSender {
        key: &'static str,
        value: String,
        reason: String,
    },
    #[error(
        "{who}'s email \"{email}\" is not an address a message can go to ({reason}); correct it in the register"
    )]
    BadRecipient {
        who: String,
        email: String,
        reason: String,
    },
    #[error("{who} has no email in the register, so the {kind} cannot be sent; add one")]
    NoEmail { who: String, kind: &'static str },
    #[error("the {kind} to {who} is about {what}, which is no longer in the programme")]
    Gone {
        kind: &'static str,
        who: String,
        what: String,
    },
    #[error("the {kind} to {who} cannot be put together: {reason}")]
    Building {
        kind: &'static str,
        who: String,
        reason: String,
    },
}

/// The sentence when no mailbox to send from is set, naming `config_name`, the configuration
/// file in force, where `from` goes.
pub fn no_sender_sentence(config_name: &str) -> String {
    format!(
        "there is no mailbox to send from: set `from = \"programme@example.org\"` under [mail] \
         in {config_name} (docs/mail.md)"
    )
}

/// Builds `due` as a mail message: From the programme's mailbox (`settings.from`, named
/// `from_name` or the programme), To the recipient, the subject and plain text of the kind's
/// template, and a Message-ID made from the message's key. An invitation or update adds a
/// `text/calendar; method=REQUEST` part and a cancellation a `method=CANCEL` one
/// ([`calendar::itip`]), as the alternative to the text.
///
/// Errors: no `from` set, a sender or recipient address that is not one, a recipient with no
/// email, a session or person no longer there, or a template that fails (its file and line).
pub fn build_message(
    due: &DueMessage,
    data: &Snapshot,
    templates: &Templates,
    settings: &MailSettings,
) -> Result<BuiltMessage, MailError> {
    let kind = due.kind.label();
    let who = clean_line(&due.recipient.name);
    let programme = data
        .programme
        .as_ref()
        .map_or("Aspiring Improvers".to_string(), |p| clean_line(&p.name));
    let from_email = settings.from.as_deref().ok_or(MailError::NoSender)?;
    let from_address = sender(from_email, "from")?;
    let from_name = settings
        .from_name
        .as_deref()
        .map_or(programme.clone(), clean_line);
    let organiser_email = settings.organiser.as_deref().unwrap_or(from_email);
    sender(organiser_email, "organiser")?;
    let email = due
        .recipient
        .email
        .as_deref()
        .ok_or_else(|| MailError::NoEmail {
            who: who.clone(),
            kind,
        })?;
    let to_address = email
        .parse::<lettre::Address>()
        .map_err(|e| MailError::BadRecipient {
            who: who.clone(),
            email: email.to_string(),
            reason: e.to_string(),
        })?;
    let gone = |what: String| MailError::Gone {
        kind,
        who: who.clone(),
        what,
    };
    let session = match due.key.session() {
        // A cancellation may be about a session deleted since its invitation went.
        Some(id) => Some(
            data.session_or_deleted(id)
                .ok_or_else(|| gone(format!("session {id}")))?,
        ),
        None => None,
    };
    let fields = fields(due, data, session, &programme, from_email)
        .ok_or_else(|| gone("a person or match".to_string()))?;
    let (subject, body) = templates.render(due.kind, fields)?;
    let message_id = format!("{}@{}", due.key.slug(), uid_domain(&programme));
    let building = |reason: String| MailError::Building {
        kind,
        who: who.clone(),
        reason,
    };
    let builder = Message::builder()
        .from(Mailbox::new(Some(from_name.clone()), from_address))
        .to(Mailbox::new(Some(who.clone()), to_address))
        .subject(clean_line(&subject))
        .message_id(Some(format!("<{message_id}>")));
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(body.clone());
    let mut calendar_text = None;
    let message = match (session, method(due.kind)) {
        (Some(session), Some(method)) => {
            let sequence = match due.key {
                MessageKey::Invitation { sequence, .. }
                | MessageKey::Update { sequence, .. }
                | MessageKey::Cancellation { sequence, .. } => sequence,
                _ => 0,
            };
            let event = calendar::itip(
                data,
                session,
                method,
                sequence,
                &Parties {
                    organiser_name: &from_name,
                    organiser_email,
                    attendee_name: &who,
                    attendee_email: email,
                },
            );
            let calendar_type = ContentType::parse(&format!(
                "text/calendar; method={}; charset=utf-8",
                method.name()
            ))
            .map_err(|e| building(e.to_string()))?;
            calendar_text = Some(event.clone());
            builder.multipart(
                MultiPart::alternative()
                    .singlepart(text)
                    .singlepart(SinglePart::builder().header(calendar_type).body(event)),
            )
        }
        _ => builder.singlepart(text),
    }
    // From was checked above, so an envelope that cannot be made is the recipient's address.
    .map_err(|_| MailError::BadRecipient {
        who: who.clone(),
        email: email.to_string(),
        reason: "a message cannot be addressed to it".to_string(),
    })?;
    Ok(BuiltMessage {
        due: due.clone(),
        message,
        message_id,
        subject: clean_line(&subject),
        body,
        calendar: calendar_text,
    })
}

/// Checks every template in force against what it will be given: each kind is rendered with
/// the fields of the first message of its kind in `due` (its first that can be built), or,
/// when none is due, with a sample holding every field of its kind, so that a template that
/// fails is named when mail is listed rather than when it is sent.
///
/// Errors: the first template that fails, naming its file and line.
pub fn check_templates(
    due: &[DueMessage],
    data: &Snapshot,
    templates: &Templates,
    settings: &MailSettings,
) -> Result<(), MailError> {
    let programme = data
        .programme
        .as_ref()
        .map_or("Aspiring Improvers".to_string(), |p| clean_line(&p.name));
    let mailbox = settings.from.as_deref().unwrap_or("programme@example.org");
    for kind in MessageKind::ALL {
        let real = due.iter().filter(|m| m.kind == kind).find_map(|m| {
            let session = match m.key.session() {
                Some(id) => Some(data.session_or_deleted(id)?),
                None => None,
            };
            fields(m, data, session, &programme, mailbox)
        });
        let given = real.unwrap_or_else(|| templates::sample(kind));
        templates.render(kind, given)?;
    }
    Ok(())
}

/// Builds each of `due` that has an email, as [`build_message`] does: the messages built, and
/// why each one that could not be was refused (a wrong address, or what it is about gone), so
/// that one person's mistake never holds back everyone else's mail.
///
/// Errors: what stops every message alike (no sender set, a template that fails).
pub fn build_each<'a>(
    due: impl IntoIterator<Item = &'a DueMessage>,
    data: &Snapshot,
    templates: &Templates,
    settings: &MailSettings,
) -> Result<(Vec<BuiltMessage>, Vec<MailError>), MailError> {
    let mut built = Vec::new();
    let mut refused = Vec::new();
    for m in due.into_iter().filter(|m| m.recipient.email.is_some()) {
        match build_message(m, data, templates, settings) {
            Ok(b) => built.push(b),
            Err(
                e @ (MailError::BadRecipient { .. }
                | MailError::Gone { .. }
                | MailError::Building { .. }),
            ) => refused.push(e),
            Err(e) => return Err(e),
        }
    }
    Ok((built, refused))
}

fn sender(value: &str, key: &'static str) -> Result<lettre::Address, MailError> {
    value
        .trim()
        .parse::<lettre::Address>()
        .map_err(|e| MailError::BadSender {
            key,
            value: value.to_string(),
            reason: e.to_string(),
        })
}

fn method(kind: MessageKind) -> Option<Method> {
    match kind {
        MessageKind::Invitation | MessageKind::Update => Some(Method::Request),
        MessageKind::Cancellation => Some(Method::Cancel),
        _ => None,
    }
}

/// "Saturday 20 June 2026".
fn long_date(day: chrono::NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// The template's fields for `due` (docs/mail.md lists them); every text from the database
/// made one line. `None` when a person or match the message is about is gone.
fn fields(
    due: &DueMessage,
    data: &Snapshot,
    session: Option<&Session>,
    programme: &str,
    mailbox: &str,
) -> Option<Value> {
    let line = |s: &str| clean_line(s);
    let person = context! { name => line(&due.recipient.name) };
    let programme = context! { name => programme, mailbox => mailbox };
    let participant = |id| {
        data.participants.get(&id).map(|p| {
            context! {
                name => line(&p.name),
                organisation => line(data.organisation_name(p.organisation)),
                project => line(&p.project.title),
            }
        })
    };
    let cohort_of = |id: Option<crate::domain::ids::CohortId>| {
        let cohort = id.and_then(|c| data.cohorts.get(&c));
        context! {
            name => cohort.map_or(String::new(), |c| line(&c.name)),
            starts => cohort.map_or(String::new(), |c| long_date(c.starts)),
        }
    };
    let own = match due.key {
        MessageKey::Invitation { .. }
        | MessageKey::Update { .. }
        | MessageKey::Cancellation { .. }
        | MessageKey::Reminder { .. } => {
            let s = session?;
            context! { session => context! {
                title => line(&s.title),
                kind => s.kind.label(),
                theme => line(&s.theme),
                date => long_date(s.start.date()),
                start => s.start.format("%H:%M").to_string(),
                end => s.end().format("%H:%M").to_string(),
                place => crate::io::export::ics::location(data, s).map_or(String::new(), |p| line(&p)),
                cohort => cohort_of(s.cohort).get_attr("name").unwrap_or_default(),
                // Whether the session itself is off (cancelled or deleted), as against this
                // person taken off its list: a cancellation says which.
                cancelled => s.cancelled || !data.sessions.contains_key(&s.id),
            } }
        }
        MessageKey::MentorNudge { pair, since, .. } => {
            let m = data.matches.get(&pair)?;
            // As of the day the message is written, which may be weeks after it fell due.
            let today = chrono::Utc::now().with_timezone(&data.zone()).date_naive();
            let weeks = (today.max(due.due_on).max(since) - since).num_weeks();
            context! {
                mentor => context! { name => line(data.q_members.get(&m.q_member)?.name.as_str()) },
                participant => participant(m.participant)?,
                since => long_date(since),
                weeks => weeks,
            }
        }
        MessageKey::MatchConfirmed { pair, .. } => {
            let m = data.matches.get(&pair)?;
            context! {
                mentor => context! { name => line(data.q_members.get(&m.q_member)?.name.as_str()) },
                participant => participant(m.participant)?,
            }
        }
        MessageKey::Welcome {
            participant: id, ..
        } => {
            let p = data.participants.get(&id)?;
            context! { cohort => cohort_of(p.cohort) }
        }
        MessageKey::NominationThanks {
            participant: id, ..
        } => {
            let p = data.participants.get(&id)?;
            context! {
                participant => participant(id)?,
                cohort => context! { name => cohort_of(p.cohort).get_attr("name").unwrap_or_default() },
            }
        }
    };
    // The recipient must still be someone the register holds.
    let held = match due.recipient.person {
        PersonRef::Participant(id) => data.participants.contains_key(&id),
        PersonRef::QMember(id) => data.q_members.contains_key(&id),
    };
    held.then(|| context! { person, programme, ..own })
}

#[cfg(test)]
mod tests;
