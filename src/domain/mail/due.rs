//! Which messages are due on a day, given what has been sent.

use super::sequence::EventSequences;
use super::{DueMessage, MailSettings, MessageKey, Recipient, SentRegister};
use crate::domain::change::RecordKey;
use crate::domain::ids::{ParticipantId, SessionId};
use crate::domain::mentoring::MatchState;
use crate::domain::mentoring::mentors::dormant_pairs;
use crate::domain::people::PersonRef;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::sessions::{Attendance, Session};
use crate::domain::snapshot::Snapshot;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// News (a welcome, a confirmed match, a nomination) is sent only while it is at most this
/// many days old: the first run over a programme that has run for a year does not welcome
/// people who enrolled months ago.
pub const NEWS_DAYS: i64 = 28;

/// Every message due on `today` that the register does not hold, in the order a list shows
/// them: by the day each became due, then kind, then recipient's name, then what it is about. A session's messages are due only while it is today or later;
/// erased people ("erased person #N") are never written to; someone without an email is
/// listed with `email: None`.
///
/// - Invitation: to each invitee (invited, registered) of an upcoming session that is not
///   cancelled, who has had no invitation or update for it since it was last cancelled for
///   them.
/// - Update: to each such invitee already sent one, when what a calendar shows of the session
///   (title, start, length, place) differs from what was sent.
/// - Cancellation: to everyone sent an invitation or update and not yet a cancellation after
///   it, when the session is cancelled or deleted, or they are no longer on its list.
/// - Reminder: `settings.reminder_days_before` days before (and up to the day of) a session,
///   to those invited or registered, unless their invitation or update for it is due in the
///   same run or went out on or after the reminder's day: the invitation states the date, so
///   it serves as the reminder and nobody gets two messages about one session at once.
/// - MentorNudge: to both people of a confirmed pair dormant for the dormant-pair weeks.
/// - MatchConfirmed: to the mentor, in the [`NEWS_DAYS`] after the match was confirmed.
/// - Welcome: to a participant in the [`NEWS_DAYS`] after they reached Enrolled, unless they
///   have withdrawn or deferred since.
/// - NominationThanks: to the Q member who nominated a participant, in the [`NEWS_DAYS`] after
///   the participant's pathway began.
pub fn due_messages(
    data: &Snapshot,
    settings: &MailSettings,
    today: NaiveDate,
    sent: &SentRegister,
) -> Vec<DueMessage> {
    let mut due = Vec::new();
    sessions(data, settings, today, sent, &mut due);
    nudges(data, settings, today, &mut due);
    news(data, today, &mut due);
    due.retain(|m| !sent.contains(&m.key));
    due.sort_by(|a, b| {
        (a.due_on, a.kind, &a.recipient.name, a.key).cmp(&(
            b.due_on,
            b.kind,
            &b.recipient.name,
            b.key,
        ))
    });
    due
}

/// What a calendar shows of a session, as a number that changes when any of it does
/// (FNV-1a, 64 bits, over title, start, length and place; stable across builds and
/// platforms, unlike the standard library's hasher).
pub fn event_digest(data: &Snapshot, session: &Session) -> u64 {
    let venue = session.venue.and_then(|v| data.venues.get(&v));
    let parts = [
        session.title.clone(),
        session.start.format("%Y-%m-%dT%H:%M").to_string(),
        session.duration_minutes.to_string(),
        venue.map_or(String::new(), |v| format!("{}\u{1f}{}", v.name, v.address)),
        data.session_place(session).unwrap_or_default(),
    ];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in &parts {
        for byte in part.bytes().chain([0x1e]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// What has been sent to one invitee about one session.
#[derive(Default)]
struct Sent {
    /// The newest invitation or update: its SEQUENCE and event digest.
    request: Option<(u32, u64)>,
    /// The newest cancellation's SEQUENCE.
    cancel: Option<u32>,
}

impl Sent {
    /// Whether the event is in their calendar: a request was sent and no cancellation after.
    fn standing(&self) -> bool {
        match (self.request, self.cancel) {
            (Some((asked, _)), Some(cancelled)) => asked > cancelled,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

fn sent_per_invitee(sent: &SentRegister) -> BTreeMap<(SessionId, ParticipantId), Sent> {
    let mut per = BTreeMap::<(SessionId, ParticipantId), Sent>::new();
    for key in sent.keys() {
        match *key {
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
            } => {
                let entry = per.entry((session, participant)).or_default();
                if entry.request.is_none_or(|(s, _)| sequence >= s) {
                    entry.request = Some((sequence, event));
                }
            }
            MessageKey::Cancellation {
                session,
                participant,
                sequence,
            } => {
                let entry = per.entry((session, participant)).or_default();
                entry.cancel = Some(entry.cancel.map_or(sequence, |s| s.max(sequence)));
            }
            _ => {}
        }
    }
    per
}

/// The day (in the programme's time zone) the newest invitation or update about each session
/// went to each invitee, from the register's times.
fn asked_on(data: &Snapshot) -> BTreeMap<(SessionId, ParticipantId), NaiveDate> {
    let zone = data.zone();
    let mut on = BTreeMap::new();
    for m in data.mail_sent.values() {
        if let MessageKey::Invitation {
            session,
            participant,
            ..
        }
        | MessageKey::Update {
            session,
            participant,
            ..
        } = m.key
        {
            let day = m.at.with_timezone(&zone).date_naive();
            let entry = on.entry((session, participant)).or_insert(day);
            *entry = (*entry).max(day);
        }
    }
    on
}

/// A due day as a list shows it: "Mon 30 Nov", with the year when it is not `today`'s
/// ("Wed 18 Mar 2026").
pub fn due_day(due_on: NaiveDate, today: NaiveDate) -> String {
    if due_on.year() == today.year() {
        due_on.format("%a %-d %b").to_string()
    } else {
        due_on.format("%a %-d %b %Y").to_string()
    }
}

fn sessions(
    data: &Snapshot,
    settings: &MailSettings,
    today: NaiveDate,
    sent: &SentRegister,
    due: &mut Vec<DueMessage>,
) {
    let per = sent_per_invitee(sent);
    let asked_on = asked_on(data);
    let sequences = EventSequences::new(sent);
    let nothing = Sent::default();
    // A session deleted after its invitations went is off, as a cancelled one is: calendars
    // holding it are sent the cancellation.
    let live = data.sessions.values().map(|s| (s, false));
    let gone = data.deleted_sessions.values().map(|s| (s, true));
    for (s, deleted) in live.chain(gone).filter(|(s, _)| s.start.date() >= today) {
        let saved = if deleted {
            data.deletions.get(&RecordKey::Session(s.id))
        } else {
            data.revisions.get(&RecordKey::Session(s.id))
        };
        let off = s.cancelled || deleted;
        let event = event_digest(data, s);
        let sequence = sequences.of(s.id, event, false);
        // A cancellation, even to one person taken off the list, is a change calendars must
        // see, so a later invitation to them has a higher SEQUENCE again.
        let cancelled_sequence = sequences.of(s.id, event, true);
        let saved_on = saved
            .map(|r| r.at.with_timezone(&data.zone()).date_naive())
            .map_or(today, |d| d.min(today));
        for invitee in &s.invitees {
            let wanted = matches!(
                invitee.attendance,
                Attendance::Invited | Attendance::Registered
            );
            let had = per.get(&(s.id, invitee.participant)).unwrap_or(&nothing);
            let person = PersonRef::Participant(invitee.participant);
            if !off && wanted {
                let key = match had.request {
                    Some((_, digest)) if had.standing() => {
                        (digest != event).then_some(MessageKey::Update {
                            session: s.id,
                            participant: invitee.participant,
                            sequence,
                            event,
                        })
                    }
                    _ => Some(MessageKey::Invitation {
                        session: s.id,
                        participant: invitee.participant,
                        sequence,
                        event,
                    }),
                };
                let asking_now = key.is_some();
                if let Some(key) = key {
                    push(data, due, key, person, saved_on);
                }
                let remind_from =
                    s.start.date() - Duration::days(i64::from(settings.reminder_days_before));
                let asked_lately = asked_on
                    .get(&(s.id, invitee.participant))
                    .is_some_and(|on| *on >= remind_from);
                if today >= remind_from && !asking_now && !asked_lately {
                    let key = MessageKey::Reminder {
                        session: s.id,
                        participant: invitee.participant,
                        on: s.start.date(),
                    };
                    push(data, due, key, person, remind_from);
                }
            }
        }
        // Everyone whose calendar holds the event and should no longer: the session is off,
        // or they were taken off its list.
        for ((_, participant), had) in
            per.range((s.id, ParticipantId(0))..=(s.id, ParticipantId(u64::MAX)))
        {
            let listed = s.invitees.iter().any(|i| i.participant == *participant);
            if had.standing() && (off || !listed) {
                let key = MessageKey::Cancellation {
                    session: s.id,
                    participant: *participant,
                    sequence: cancelled_sequence,
                };
                push(
                    data,
                    due,
                    key,
                    PersonRef::Participant(*participant),
                    saved_on,
                );
            }
        }
    }
}

fn nudges(data: &Snapshot, settings: &MailSettings, today: NaiveDate, due: &mut Vec<DueMessage>) {
    let weeks = data.dormant_pair_weeks(settings.nudge_after_weeks);
    for pair in dormant_pairs(data, today, weeks) {
        let Some(m) = data.matches.values().find(|m| {
            m.participant == pair.participant
                && m.q_member == pair.q_member
                && matches!(m.state, MatchState::Confirmed { .. })
        }) else {
            continue;
        };
        let due_on = pair.since + Duration::weeks(i64::from(weeks));
        for to in [
            PersonRef::QMember(m.q_member),
            PersonRef::Participant(m.participant),
        ] {
            let key = MessageKey::MentorNudge {
                pair: m.id,
                to,
                since: pair.since,
            };
            push(data, due, key, to, due_on.min(today));
        }
    }
}

fn news(data: &Snapshot, today: NaiveDate, due: &mut Vec<DueMessage>) {
    let fresh = |on: NaiveDate| on <= today && (today - on).num_days() <= NEWS_DAYS;
    for m in data.matches.values() {
        if let MatchState::Confirmed { on } = m.state
            && fresh(on)
        {
            let key = MessageKey::MatchConfirmed { pair: m.id, on };
            push(data, due, key, PersonRef::QMember(m.q_member), on);
        }
    }
    for p in data.participants.values() {
        let enrolled = p
            .pathway
            .changes()
            .iter()
            .rev()
            .find(|c| c.stage == PathwayStage::Enrolled)
            .map(|c| c.on);
        let left = matches!(p.stage(), PathwayStage::Withdrawn | PathwayStage::Deferred);
        if let Some(on) = enrolled.filter(|on| fresh(*on))
            && !left
        {
            let key = MessageKey::Welcome {
                participant: p.id,
                on,
            };
            push(data, due, key, PersonRef::Participant(p.id), on);
        }
        let began = p.pathway.changes().first().map(|c| c.on);
        if let (Some(q_member), Some(on)) = (p.nominated_by, began.filter(|on| fresh(*on))) {
            let key = MessageKey::NominationThanks {
                participant: p.id,
                q_member,
            };
            push(data, due, key, PersonRef::QMember(q_member), on);
        }
    }
}

/// Adds the message unless its recipient is erased or no longer on the register.
fn push(
    data: &Snapshot,
    due: &mut Vec<DueMessage>,
    key: MessageKey,
    person: PersonRef,
    due_on: NaiveDate,
) {
    if data.erasures.values().any(|e| e.person == person) {
        return;
    }
    let held = match person {
        PersonRef::Participant(id) => data.participants.get(&id).map(|p| (&p.name, &p.email)),
        PersonRef::QMember(id) => data.q_members.get(&id).map(|q| (&q.name, &q.email)),
    };
    let Some((name, email)) = held else { return };
    let email = email.trim();
    due.push(DueMessage {
        key,
        kind: key.kind(),
        recipient: Recipient {
            person,
            name: name.clone(),
            email: (!email.is_empty()).then(|| email.to_string()),
        },
        due_on,
    });
}

/// What a message is about, in a few words for a list: "Measuring for improvement, Wed 17 Feb
/// 2027 13:00", "quiet since Mon 2 Mar 2026 (Wren Hollis and Ade Okafor)".
pub fn what_about(data: &Snapshot, due: &DueMessage) -> String {
    key_about(data, &due.key)
}

/// [`what_about`] for a message known by its key alone, as the sent register holds it.
pub fn key_about(data: &Snapshot, key: &MessageKey) -> String {
    let day = |d: NaiveDate| d.format("%a %-d %b %Y").to_string();
    let pair = |id| {
        data.matches.get(&id).map_or(String::new(), |m| {
            format!(
                "{} and {}",
                data.q_member_name(m.q_member),
                data.participant_name(m.participant)
            )
        })
    };
    let text = match *key {
        MessageKey::Invitation { session, .. }
        | MessageKey::Update { session, .. }
        | MessageKey::Cancellation { session, .. }
        | MessageKey::Reminder { session, .. } => data.session_or_deleted(session).map_or_else(
            || format!("session {session}"),
            |s| format!("{}, {}", s.title, s.start.format("%a %-d %b %Y %H:%M")),
        ),
        MessageKey::MentorNudge {
            pair: id, since, ..
        } => {
            format!("quiet since {} ({})", day(since), pair(id))
        }
        MessageKey::MatchConfirmed { pair: id, on } => {
            format!("confirmed {} ({})", day(on), pair(id))
        }
        MessageKey::Welcome { participant, on } => format!(
            "enrolled {} ({})",
            day(on),
            data.participant_name(participant)
        ),
        MessageKey::NominationThanks { participant, .. } => {
            format!("nominated {}", data.participant_name(participant))
        }
    };
    crate::domain::text::clean_line(&text)
}
