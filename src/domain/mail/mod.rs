//! Mail to the programme's people: which messages are due (invitations with their calendar
//! events, reminders, mentor nudges and notes on news), each named by a key that stays the same
//! from one run to the next so that nothing is sent twice. No I/O: `today` is a parameter.

mod due;
pub mod sent;
pub mod sequence;
#[cfg(test)]
mod tests;
pub mod transport;

pub use due::{NEWS_DAYS, due_day, due_messages, event_digest, key_about, what_about};

use super::ids::{MatchId, ParticipantId, QMemberId, SessionId};
use super::people::PersonRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a message is for. Variants are only ever appended: a stored key names its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageKind {
    /// A session invitation with a calendar event (iTIP `METHOD:REQUEST`).
    Invitation,
    /// The same event again after the session moved or changed (`METHOD:REQUEST`, higher
    /// SEQUENCE), so a calendar updates the event it holds.
    Update,
    /// The event taken back (`METHOD:CANCEL`): the session was cancelled or the person is no
    /// longer invited.
    Cancellation,
    /// A reminder some days before a session.
    Reminder,
    /// To the mentor and to the participant of a confirmed pair that has not met for a while.
    MentorNudge,
    /// To the mentor, when a match is confirmed.
    MatchConfirmed,
    /// To a participant who has enrolled.
    Welcome,
    /// To the Q member who nominated a participant.
    NominationThanks,
}

impl MessageKind {
    /// Every kind, in the order lists show them.
    pub const ALL: [MessageKind; 8] = [
        MessageKind::Invitation,
        MessageKind::Update,
        MessageKind::Cancellation,
        MessageKind::Reminder,
        MessageKind::MentorNudge,
        MessageKind::MatchConfirmed,
        MessageKind::Welcome,
        MessageKind::NominationThanks,
    ];

    /// The kind's name in file names and templates: `invitation`, `mentor-nudge`.
    pub fn key(self) -> &'static str {
        match self {
            MessageKind::Invitation => "invitation",
            MessageKind::Update => "update",
            MessageKind::Cancellation => "cancellation",
            MessageKind::Reminder => "reminder",
            MessageKind::MentorNudge => "mentor-nudge",
            MessageKind::MatchConfirmed => "match-confirmed",
            MessageKind::Welcome => "welcome",
            MessageKind::NominationThanks => "nomination-thanks",
        }
    }

    /// What a coordinator reads in a list: "invitation", "mentor nudge".
    pub fn label(self) -> &'static str {
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

    /// Whether the message carries a calendar event (iTIP, RFC 5546).
    pub fn has_event(self) -> bool {
        matches!(
            self,
            MessageKind::Invitation | MessageKind::Update | MessageKind::Cancellation
        )
    }
}

/// Names one message for good: the same key on every run for the same news, so the sent
/// register can tell it was sent. Variants are only ever appended, and fields never change,
/// because sent keys are stored.
///
/// `sequence` is the session's calendar SEQUENCE (RFC 5545 §3.8.7.4, as the calendar export
/// gives it: [`sequence::EventSequences`]); `event` is [`event_digest`] of what a calendar shows of the session (title,
/// start, length, place), so a save that changes none of that (an attendance mark) sends no
/// update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageKey {
    Invitation {
        session: SessionId,
        participant: ParticipantId,
        sequence: u32,
        event: u64,
    },
    Update {
        session: SessionId,
        participant: ParticipantId,
        sequence: u32,
        event: u64,
    },
    Cancellation {
        session: SessionId,
        participant: ParticipantId,
        sequence: u32,
    },
    /// One per session day: a session moved to another day is reminded of again.
    Reminder {
        session: SessionId,
        participant: ParticipantId,
        on: NaiveDate,
    },
    /// One per quiet spell: `since` is the pair's last meeting (or the day it was confirmed),
    /// so a pair that meets and goes quiet again is nudged again.
    MentorNudge {
        pair: MatchId,
        to: PersonRef,
        since: NaiveDate,
    },
    MatchConfirmed {
        pair: MatchId,
        on: NaiveDate,
    },
    Welcome {
        participant: ParticipantId,
        on: NaiveDate,
    },
    NominationThanks {
        participant: ParticipantId,
        q_member: QMemberId,
    },
}

impl MessageKey {
    /// The kind of message the key names.
    pub fn kind(&self) -> MessageKind {
        match self {
            MessageKey::Invitation { .. } => MessageKind::Invitation,
            MessageKey::Update { .. } => MessageKind::Update,
            MessageKey::Cancellation { .. } => MessageKind::Cancellation,
            MessageKey::Reminder { .. } => MessageKind::Reminder,
            MessageKey::MentorNudge { .. } => MessageKind::MentorNudge,
            MessageKey::MatchConfirmed { .. } => MessageKind::MatchConfirmed,
            MessageKey::Welcome { .. } => MessageKind::Welcome,
            MessageKey::NominationThanks { .. } => MessageKind::NominationThanks,
        }
    }

    /// The session the message is about, for the kinds about one.
    pub fn session(&self) -> Option<SessionId> {
        match *self {
            MessageKey::Invitation { session, .. }
            | MessageKey::Update { session, .. }
            | MessageKey::Cancellation { session, .. }
            | MessageKey::Reminder { session, .. } => Some(session),
            _ => None,
        }
    }

    /// The key as ASCII letters, digits, dots and hyphens, the same on every run: the left
    /// part of the message's Message-ID (RFC 5322 §3.6.4), so a message tried again is the
    /// same message. `invitation.s7.p3.q189302400.e0f3a…`.
    pub fn slug(&self) -> String {
        let person = |p: &PersonRef| match p {
            PersonRef::Participant(id) => format!("p{id}"),
            PersonRef::QMember(id) => format!("q{id}"),
        };
        let day = |d: &NaiveDate| d.format("%Y%m%d").to_string();
        let kind = self.kind().key();
        match self {
            MessageKey::Invitation {
                session,
                participant,
                sequence,
                event,
            }
            | MessageKey::Update {
                session,
                participant,
                sequence,
                event,
            } => format!("{kind}.s{session}.p{participant}.n{sequence}.e{event:016x}"),
            MessageKey::Cancellation {
                session,
                participant,
                sequence,
            } => format!("{kind}.s{session}.p{participant}.n{sequence}"),
            MessageKey::Reminder {
                session,
                participant,
                on,
            } => format!("{kind}.s{session}.p{participant}.d{}", day(on)),
            MessageKey::MentorNudge { pair, to, since } => {
                format!("{kind}.m{pair}.{}.d{}", person(to), day(since))
            }
            MessageKey::MatchConfirmed { pair, on } => format!("{kind}.m{pair}.d{}", day(on)),
            MessageKey::Welcome { participant, on } => {
                format!("{kind}.p{participant}.d{}", day(on))
            }
            MessageKey::NominationThanks {
                participant,
                q_member,
            } => format!("{kind}.p{participant}.q{q_member}"),
        }
    }
}

/// Who a message is for. `email` is `None` when the register holds none: such a message is
/// listed as one that cannot be sent, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub person: PersonRef,
    /// The name as the register holds it (not yet cleaned for a header).
    pub name: String,
    /// The email, trimmed; `None` when the register holds none.
    pub email: Option<String>,
}

/// One message that is due: what, to whom, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueMessage {
    pub key: MessageKey,
    /// Always `key.kind()`, kept beside it for lists.
    pub kind: MessageKind,
    pub recipient: Recipient,
    /// The day it became due: a reminder's day, the day a match was confirmed, the day a
    /// session was last saved for an invitation.
    pub due_on: NaiveDate,
}

/// The keys of every message already sent (accepted by a mail server). A message whose key
/// is here is never due again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentRegister {
    keys: BTreeSet<MessageKey>,
}

impl SentRegister {
    /// A register holding `keys`.
    pub fn new(keys: impl IntoIterator<Item = MessageKey>) -> SentRegister {
        SentRegister {
            keys: keys.into_iter().collect(),
        }
    }

    /// Notes `key` as sent.
    pub fn insert(&mut self, key: MessageKey) {
        self.keys.insert(key);
    }

    /// Whether the message `key` names was sent.
    pub fn contains(&self, key: &MessageKey) -> bool {
        self.keys.contains(key)
    }

    /// Every key sent, in key order.
    pub fn keys(&self) -> impl Iterator<Item = &MessageKey> {
        self.keys.iter()
    }
}

/// The `[mail]` settings that decide what is due and who it is from (the configuration file's
/// `[mail]` table, docs/mail.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// `from`: the programme's mailbox, an email address; `None` until set, and then messages
    /// can be listed but not written or sent.
    pub from: Option<String>,
    /// `from_name`: the name shown with it; `None` means the programme's name.
    pub from_name: Option<String>,
    /// `organiser`: the calendar events' ORGANIZER (RFC 5546 §3.2.2), where replies to an
    /// invitation go; `None` means `from`.
    pub organiser: Option<String>,
    /// `reminder_days_before`: days before a session its reminder is due (0: on the day).
    pub reminder_days_before: u32,
    /// Weeks without a meeting after which a confirmed pair is nudged: the dormant-pair weeks
    /// (`[matching] dormant_after_weeks`, or the team's setting in the database, which wins).
    pub nudge_after_weeks: u32,
    /// How mail leaves: SMTP (`smtp_host` and the keys beside it) or the local `sendmail`;
    /// unset, nothing can be sent.
    pub transport: transport::Transport,
}

/// Days before a session its reminder is due, when the configuration does not say.
pub const DEFAULT_REMINDER_DAYS: u32 = 2;

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            from: None,
            from_name: None,
            organiser: None,
            reminder_days_before: DEFAULT_REMINDER_DAYS,
            nudge_after_weeks: super::mentoring::matching::rules::MatchingRules::default()
                .dormant_after_weeks,
            transport: transport::Transport::Unset,
        }
    }
}
