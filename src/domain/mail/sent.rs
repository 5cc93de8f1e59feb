//! The sent register: every message a mail server (or sendmail) accepted, so that none is sent
//! twice. An entry is made only once the message has been accepted, through a change like any
//! other, so it reaches the database through whichever process owns it.

use super::{MessageKey, SentRegister};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::people::PersonRef;
use crate::domain::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A sent message's number in the register: 1 for the first message a database recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SentId(pub u64);

impl fmt::Display for SentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One message as it was accepted. Fields are only ever appended (the codec has no schema).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    pub id: SentId,
    /// Which message it was: never sent again while this entry is held.
    pub key: MessageKey,
    pub to_person: PersonRef,
    /// The address it went to, as it was then (an erasure replaces it).
    pub to_email: String,
    /// The message's Message-ID header (RFC 5322 section 3.6.4), angle brackets included.
    pub message_id: String,
    /// When the server accepted it.
    pub at: DateTime<Utc>,
}

/// The register as `due_messages` reads it: the keys of every message sent.
pub fn sent_register(data: &Snapshot) -> SentRegister {
    SentRegister {
        keys: data.mail_sent.values().map(|m| m.key).collect(),
    }
}

/// The change entering `message` in the register: an edit on nothing, so two processes that
/// both took the same number cannot overwrite each other's entry (the second is made again
/// with the next number).
pub fn record_sent(message: SentMessage, describe: &str) -> Change {
    Change::Batch {
        summary: format!("sent {describe}"),
        changes: vec![Change::Edit {
            record: Record::MailSent(message),
            based_on: None,
        }],
    }
}

/// The change entering every message one sending run had accepted, numbered from the next
/// free number of `data`: one history entry per run ("sent 12 messages"), so history is not
/// flooded. Each is an edit on nothing, as in [`record_sent`].
pub fn record_sent_run(data: &Snapshot, messages: &[SentMessage]) -> Change {
    let first = next_sent_id(data).0;
    let changes = messages
        .iter()
        .zip(first..)
        .map(|(message, id)| Change::Edit {
            record: Record::MailSent(SentMessage {
                id: SentId(id),
                ..message.clone()
            }),
            based_on: None,
        })
        .collect();
    Change::Batch {
        summary: format!(
            "sent {}",
            crate::domain::count::count(messages.len(), "message")
        ),
        changes,
    }
}

/// Whether `change` only enters sent messages in the register. Such a change is never undone:
/// the message went whatever history says, and undoing the entry would only send it again.
pub fn only_registers_mail(change: &Change) -> bool {
    change.only_saves(|record| matches!(record, Record::MailSent(_)))
}

/// The next free number in the register of `data`.
pub fn next_sent_id(data: &Snapshot) -> SentId {
    SentId(data.next_id(|id| RecordKey::MailSent(SentId(id))))
}

/// Every message sent to `person`, oldest first: what subject access lists.
pub fn sent_to(data: &Snapshot, person: PersonRef) -> Vec<SentMessage> {
    data.mail_sent
        .values()
        .filter(|m| m.to_person == person)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{MatchId, ParticipantId, SessionId};
    use crate::domain::mail::MessageKind;
    use chrono::TimeZone;

    /// A key of `kind` about session or match 7 and participant `person`.
    fn key(kind: MessageKind, person: u64) -> MessageKey {
        let participant = ParticipantId(person);
        let on = chrono::NaiveDate::from_ymd_opt(2026, 3, 30).unwrap();
        match kind {
            MessageKind::Invitation => MessageKey::Invitation {
                session: SessionId(7),
                participant,
                sequence: 0,
                event: 0,
            },
            MessageKind::Reminder => MessageKey::Reminder {
                session: SessionId(7),
                participant,
                on,
            },
            MessageKind::Welcome => MessageKey::Welcome { participant, on },
            MessageKind::MentorNudge => MessageKey::MentorNudge {
                pair: MatchId(7),
                to: PersonRef::Participant(participant),
                since: on,
            },
            other => unreachable!("no test key of kind {other:?}"),
        }
    }

    fn sent(id: u64, kind: MessageKind, person: u64) -> SentMessage {
        SentMessage {
            id: SentId(id),
            key: key(kind, person),
            to_person: PersonRef::Participant(ParticipantId(person)),
            to_email: format!("person{person}@riverside-uh.example"),
            message_id: format!("<m{id}@aspiring-improvers.example>"),
            at: Utc.with_ymd_and_hms(2026, 3, 30, 7, 0, 0).unwrap(),
        }
    }

    #[test]
    fn the_register_holds_the_key_of_every_message_entered_and_numbers_go_on() {
        let mut data = Snapshot::default();
        assert_eq!(next_sent_id(&data), SentId(1));
        data.apply(&record_sent(sent(1, MessageKind::Reminder, 4), "reminder"));
        data.apply(&record_sent(
            sent(2, MessageKind::Invitation, 5),
            "invitation",
        ));
        let register = sent_register(&data);
        assert!(register.contains(&sent(9, MessageKind::Reminder, 4).key));
        assert!(!register.contains(&sent(9, MessageKind::Reminder, 5).key));
        assert_eq!(next_sent_id(&data), SentId(3));
        let to_five = sent_to(&data, PersonRef::Participant(ParticipantId(5)));
        assert_eq!(to_five, vec![sent(2, MessageKind::Invitation, 5)]);
    }

    #[test]
    fn only_a_change_entering_mail_alone_counts_as_registering_mail() {
        let entry = record_sent(sent(1, MessageKind::Welcome, 4), "welcome");
        assert!(only_registers_mail(&entry));
        let mixed = Change::Batch {
            summary: "import".into(),
            changes: vec![entry, Change::Delete(RecordKey::Budget)],
        };
        assert!(!only_registers_mail(&mixed));
        assert!(!only_registers_mail(&Change::Batch {
            summary: "nothing".into(),
            changes: vec![],
        }));
    }

    #[test]
    fn history_says_the_message_sent_not_the_register_entry() {
        use crate::domain::change::HistoryEntry;
        use crate::domain::describe::describe_entry;
        let entry = HistoryEntry {
            seq: 4,
            at: Utc.with_ymd_and_hms(2026, 3, 30, 7, 0, 0).unwrap(),
            user: "cron".into(),
            change: record_sent(
                sent(1, MessageKind::Reminder, 4),
                "reminder to Wren Hollis <wren.hollis@riverside-uh.example>",
            ),
            before: vec![(RecordKey::MailSent(SentId(1)), None)],
        };
        assert_eq!(
            describe_entry(&entry, &Snapshot::default()),
            "sent reminder to Wren Hollis <wren.hollis@riverside-uh.example>"
        );
    }

    #[test]
    fn an_entry_comes_back_from_json_unchanged_so_an_erasure_can_scrub_its_address() {
        let record = Record::MailSent(sent(3, MessageKind::MentorNudge, 8));
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(serde_json::from_value::<Record>(json).unwrap(), record);
    }
}
