//! A session's calendar SEQUENCE (RFC 5545 §3.8.7.4): 0 for the first invitation, one more for
//! each change its invitees' calendars were, or are about to be, sent. Worked out from the sent
//! register, so the calendar export and the mail give the same event the same number.

use super::{MessageKey, SentRegister};
use crate::domain::ids::SessionId;
use crate::domain::sessions::Session;
use crate::domain::snapshot::Snapshot;
use std::collections::BTreeMap;

/// What the sent register holds of one session's event at its highest SEQUENCE.
#[derive(Debug, Default)]
struct Top {
    sequence: u32,
    /// The event digests sent as an invitation or update at that SEQUENCE.
    requested: Vec<u64>,
    /// Whether a cancellation went at that SEQUENCE.
    cancelled: bool,
}

/// The highest SEQUENCE sent for each session, read once from a sent register.
#[derive(Debug, Default)]
pub struct EventSequences {
    tops: BTreeMap<SessionId, Top>,
}

impl EventSequences {
    /// Reads every invitation, update and cancellation in `sent`.
    pub fn new(sent: &SentRegister) -> EventSequences {
        let mut tops = BTreeMap::<SessionId, Top>::new();
        for key in sent.keys() {
            let (session, sequence, requested) = match *key {
                MessageKey::Invitation {
                    session,
                    sequence,
                    event,
                    ..
                }
                | MessageKey::Update {
                    session,
                    sequence,
                    event,
                    ..
                } => (session, sequence, Some(event)),
                MessageKey::Cancellation {
                    session, sequence, ..
                } => (session, sequence, None),
                _ => continue,
            };
            let top = tops.entry(session).or_insert_with(|| Top {
                sequence,
                ..Top::default()
            });
            if sequence > top.sequence {
                *top = Top {
                    sequence,
                    ..Top::default()
                };
            }
            if sequence == top.sequence {
                match requested {
                    Some(event) => top.requested.push(event),
                    None => top.cancelled = true,
                }
            }
        }
        EventSequences { tops }
    }

    /// The SEQUENCE of `session`'s event as it stands, `event` being its
    /// [`event_digest`](super::event_digest) and `off` whether it is cancelled or deleted.
    ///
    /// Nothing sent yet: 0. Otherwise the highest SEQUENCE sent while what went at it is
    /// what calendars would be sent now (the same event, or its cancellation); one more
    /// once it is not (moved, lengthened, another place or title, cancelled, restored), so a
    /// calendar holding the event takes the change (RFC 5546 §2.1.4). A change nobody was
    /// sent counts once, however many saves it took.
    pub fn of(&self, session: SessionId, event: u64, off: bool) -> u32 {
        let Some(top) = self.tops.get(&session) else {
            return 0;
        };
        let same = if off {
            top.cancelled
        } else {
            top.requested.contains(&event)
        };
        if same {
            top.sequence
        } else {
            top.sequence.saturating_add(1)
        }
    }

    /// [`EventSequences::of`] for `session` as `data` holds it (cancelled, or deleted and
    /// kept for its cancellations).
    pub fn of_session(&self, data: &Snapshot, session: &Session) -> u32 {
        let off = session.cancelled || !data.sessions.contains_key(&session.id);
        self.of(session.id, super::event_digest(data, session), off)
    }
}

/// The SEQUENCES of `data`'s sessions, from its sent register.
pub fn event_sequences(data: &Snapshot) -> EventSequences {
    EventSequences::new(&super::sent::sent_register(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::ParticipantId;

    const S: SessionId = SessionId(7);

    fn request(person: u64, sequence: u32, event: u64) -> MessageKey {
        MessageKey::Invitation {
            session: S,
            participant: ParticipantId(person),
            sequence,
            event,
        }
    }

    fn cancel(person: u64, sequence: u32) -> MessageKey {
        MessageKey::Cancellation {
            session: S,
            participant: ParticipantId(person),
            sequence,
        }
    }

    #[test]
    fn the_first_invitation_is_0_and_each_change_sent_adds_one() {
        let none = EventSequences::new(&SentRegister::default());
        assert_eq!(none.of(S, 11, false), 0);
        let invited = EventSequences::new(&SentRegister::new([request(1, 0, 11)]));
        assert_eq!(invited.of(S, 11, false), 0, "another invitee, same event");
        assert_eq!(invited.of(S, 12, false), 1, "moved");
        assert_eq!(invited.of(S, 11, true), 1, "cancelled");
        let moved = EventSequences::new(&SentRegister::new([request(1, 0, 11), request(1, 1, 12)]));
        assert_eq!(moved.of(S, 12, false), 1);
        assert_eq!(moved.of(S, 13, false), 2, "moved twice, sent once");
        let off = EventSequences::new(&SentRegister::new([
            request(1, 0, 11),
            request(1, 1, 12),
            cancel(1, 2),
        ]));
        assert_eq!(off.of(S, 12, true), 2);
        assert_eq!(off.of(S, 12, false), 3, "restored");
        assert_eq!(off.of(SessionId(8), 12, false), 0, "another session");
    }
}
