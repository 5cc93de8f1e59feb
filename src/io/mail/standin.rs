//! Stand-ins for what is due and for the messages themselves, kept to the agreed names and
//! shapes so that sending can be built and tested against real messages. The messages' own
//! code replaces this whole file.

use crate::domain::change::RecordKey;
use crate::domain::identifiers::{event_sequence, session_uid};
use crate::domain::mail::transport::Transport;
use crate::domain::people::PersonRef;
use crate::domain::sessions::Attendance;
use crate::domain::snapshot::Snapshot;
use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a message is for. Variants are only ever appended: the sent register stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageKind {
    Invitation,
    Update,
    Cancellation,
    Reminder,
    MentorNudge,
    MatchConfirmed,
    Welcome,
    NominationThanks,
}

impl MessageKind {
    pub fn noun(self) -> &'static str {
        match self {
            MessageKind::Invitation => "invitation",
            MessageKind::Update => "update",
            MessageKind::Cancellation => "cancellation",
            MessageKind::Reminder => "reminder",
            MessageKind::MentorNudge => "mentor nudge",
            MessageKind::MatchConfirmed => "match confirmed",
            MessageKind::Welcome => "welcome",
            MessageKind::NominationThanks => "nomination thanks",
        }
    }
}

/// Which message this is, the same every time it is due: its kind, the ids it is about (the
/// recipient's among them) and, for invitations, the session's SEQUENCE.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MessageKey {
    pub kind: MessageKind,
    pub ids: Vec<u64>,
    pub sequence: Option<u32>,
}

/// The keys of the messages already sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentRegister {
    pub keys: BTreeSet<MessageKey>,
}

impl SentRegister {
    pub fn contains(&self, key: &MessageKey) -> bool {
        self.keys.contains(key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub person: PersonRef,
    pub name: String,
    /// `None`: no address is held, so the message cannot be sent.
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueMessage {
    pub key: MessageKey,
    pub kind: MessageKind,
    pub recipient: Recipient,
    pub due_on: NaiveDate,
}

/// The `[mail]` table of the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    pub from_address: String,
    pub from_name: String,
    pub organiser: String,
    pub reminder_days_before: u32,
    /// How the mail leaves: SMTP or the local sendmail.
    pub transport: Transport,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            from_address: String::new(),
            from_name: String::new(),
            organiser: String::new(),
            reminder_days_before: 2,
            transport: Transport::Unset,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Templates;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MailError(pub String);

pub struct BuiltMessage {
    pub due: DueMessage,
    pub message: lettre::Message,
    pub message_id: String,
}

/// An invitation to each invitee of every session not yet begun, and a reminder to those
/// registered in the days before it.
pub fn due_messages(
    data: &Snapshot,
    settings: &MailSettings,
    today: NaiveDate,
    sent: &SentRegister,
) -> Vec<DueMessage> {
    let mut out = Vec::new();
    for s in data.sessions.values() {
        if s.cancelled || s.start.date() < today {
            continue;
        }
        let sequence = event_sequence(data.revisions.get(&RecordKey::Session(s.id)));
        for i in &s.invitees {
            let Some(p) = data.participants.get(&i.participant) else {
                continue;
            };
            let recipient = Recipient {
                person: PersonRef::Participant(p.id),
                name: p.name.clone(),
                email: Some(p.email.clone()).filter(|e| !e.trim().is_empty()),
            };
            let mut due = |kind, sequence, due_on| {
                let key = MessageKey {
                    kind,
                    ids: vec![s.id.0, p.id.0],
                    sequence,
                };
                if !sent.contains(&key) {
                    out.push(DueMessage {
                        key,
                        kind,
                        recipient: recipient.clone(),
                        due_on,
                    });
                }
            };
            due(MessageKind::Invitation, Some(sequence), today);
            let remind_from =
                s.start.date() - chrono::Days::new(u64::from(settings.reminder_days_before));
            if i.attendance == Attendance::Registered && remind_from <= today {
                due(MessageKind::Reminder, None, remind_from);
            }
        }
    }
    out
}

pub fn build_message(
    due: &DueMessage,
    data: &Snapshot,
    _templates: &Templates,
    settings: &MailSettings,
) -> Result<BuiltMessage, MailError> {
    use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
    let bad = |what: &str, e: &dyn std::fmt::Display| MailError(format!("{what}: {e}"));
    let email = due.recipient.email.clone().unwrap_or_default();
    let to = Mailbox::new(
        Some(due.recipient.name.clone()),
        email.parse().map_err(|e| bad(&email, &e))?,
    );
    let from = Mailbox::new(
        Some(settings.from_name.clone()),
        settings
            .from_address
            .parse()
            .map_err(|e| bad(&settings.from_address, &e))?,
    );
    let session = data
        .sessions
        .get(&crate::domain::ids::SessionId(due.key.ids[0]))
        .ok_or_else(|| MailError("no such session".into()))?;
    let domain = settings
        .from_address
        .rsplit('@')
        .next()
        .unwrap_or("invalid");
    let message_id = format!(
        "<{}.{}.{}@{domain}>",
        due.kind.noun().replace(' ', "-"),
        due.key
            .ids
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
        Utc::now().timestamp_micros()
    );
    let start = data
        .zone()
        .from_local_datetime(&session.start)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| MailError("no such time".into()))?;
    let programme = data.programme.as_ref().map_or("", |p| p.name.as_str());
    let subject = format!("{}: {}", due.kind.noun(), session.title);
    let body = format!(
        "Dear {},\r\n\r\n{} on {}.\r\n",
        due.recipient.name, session.title, session.start
    );
    let builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .message_id(Some(message_id.clone()));
    let message = if due.kind == MessageKind::Invitation {
        let stamp = start.format("%Y%m%dT%H%M%SZ");
        let ics = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//improvers//EN\r\nMETHOD:REQUEST\r\n\
             BEGIN:VEVENT\r\nUID:{}\r\nSEQUENCE:{}\r\nDTSTAMP:{stamp}\r\nDTSTART:{stamp}\r\n\
             SUMMARY:{}\r\nORGANIZER:mailto:{}\r\nATTENDEE;RSVP=TRUE:mailto:{email}\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n",
            session_uid(programme, session.id),
            due.key.sequence.unwrap_or(0),
            session.title,
            settings.organiser,
        );
        let calendar = ContentType::parse("text/calendar; charset=utf-8; method=REQUEST")
            .map_err(|e| bad("calendar", &e))?;
        builder.multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(body))
                .singlepart(SinglePart::builder().header(calendar).body(ics)),
        )
    } else {
        builder.body(body)
    };
    Ok(BuiltMessage {
        due: due.clone(),
        message: message.map_err(|e| bad("message", &e))?,
        message_id,
    })
}
