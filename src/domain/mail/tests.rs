use super::*;
use crate::domain::change::{Record, RecordKey, Revision};
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::mentoring::{CheckIn, MatchState};
use crate::domain::people::erasure::Erasure;
use crate::domain::people::pathway::{Pathway, PathwayStage};
use crate::domain::sessions::Attendance;
use chrono::{TimeZone, Utc};

/// Saves session `id` at `hour` on 1 June 2026, as the store would, giving it a SEQUENCE.
fn saved(f: &mut Fixture, id: u64, hour: u32) {
    f.data.revisions.insert(
        RecordKey::Session(SessionId(id)),
        Revision {
            seq: u64::from(hour),
            at: Utc
                .with_ymd_and_hms(2026, 6, 1, hour, 0, 0)
                .single()
                .expect("a time"),
            user: "coordinator".into(),
        },
    );
}

/// A programme on 1 June 2026 with participants 1–4 in cohort 1 and session 1 on 20 June,
/// with 1 invited, 2 registered, 3 sending apologies and 4 on the waiting list.
fn programme() -> Fixture {
    let mut f = Fixture::new();
    for id in 1..=4 {
        f.participant(id, &format!("Person {id}"), Some(1), PathwayStage::Active);
    }
    f.session(
        1,
        at(6, 20, 10),
        &[
            (1, Attendance::Invited),
            (2, Attendance::Registered),
            (3, Attendance::Apologies),
            (4, Attendance::Waiting),
        ],
    );
    saved(&mut f, 1, 9);
    f
}

fn due(f: &Fixture, today: NaiveDate, sent: &SentRegister) -> Vec<DueMessage> {
    due_messages(&f.data, &MailSettings::default(), today, sent)
}

/// "invitation p1" for each message: what a coordinator would read, kind and person.
fn said(messages: &[DueMessage]) -> Vec<String> {
    messages
        .iter()
        .map(|m| {
            let who = match m.recipient.person {
                PersonRef::Participant(id) => format!("p{id}"),
                PersonRef::QMember(id) => format!("q{id}"),
            };
            format!("{} {who}", m.kind.label())
        })
        .collect()
}

fn all_sent(messages: &[DueMessage]) -> SentRegister {
    SentRegister::new(messages.iter().map(|m| m.key))
}

#[test]
fn invitations_go_to_those_invited_or_registered_and_never_twice() {
    let f = programme();
    let first = due(&f, day(6, 1), &SentRegister::default());
    assert_eq!(said(&first), ["invitation p1", "invitation p2"]);
    assert_eq!(first[0].recipient.email.as_deref(), Some("p1@example.org"));
    assert_eq!(first[0].recipient.name, "Person 1");
    assert_eq!(first[0].due_on, day(6, 1));
    let sent = all_sent(&first);
    assert_eq!(said(&due(&f, day(6, 1), &sent)), Vec::<String>::new());
    assert_eq!(said(&due(&f, day(6, 10), &sent)), Vec::<String>::new());
}

#[test]
fn a_past_or_cancelled_session_invites_nobody() {
    let mut f = programme();
    assert!(due(&f, day(6, 21), &SentRegister::default()).is_empty());
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.cancelled = true;
    }
    assert!(due(&f, day(6, 1), &SentRegister::default()).is_empty());
}

#[test]
fn a_moved_session_sends_an_update_with_a_higher_sequence_but_an_attendance_mark_does_not() {
    let mut f = programme();
    let sent = all_sent(&due(&f, day(6, 1), &SentRegister::default()));
    // Marking attendance saves the session again, but a calendar would show nothing new.
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.invitees[0].attendance = Attendance::Registered;
    }
    saved(&mut f, 1, 10);
    assert!(due(&f, day(6, 2), &sent).is_empty());
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.start = at(6, 27, 14);
    }
    saved(&mut f, 1, 11);
    let updates = due(&f, day(6, 2), &sent);
    assert_eq!(said(&updates), ["update p1", "update p2"]);
    let sequence = |m: &DueMessage| match m.key {
        MessageKey::Update { sequence, .. } | MessageKey::Invitation { sequence, .. } => sequence,
        _ => 0,
    };
    let before = sent.keys().map(|k| match *k {
        MessageKey::Invitation { sequence, .. } => sequence,
        _ => u32::MAX,
    });
    assert!(before.into_iter().all(|old| old < sequence(&updates[0])));
    let mut sent = sent;
    for m in &updates {
        sent.insert(m.key);
    }
    assert!(due(&f, day(6, 2), &sent).is_empty());
}

#[test]
fn a_cancelled_session_is_taken_back_from_everyone_invited_once() {
    let mut f = programme();
    // Person 2 was invited; person 1 never was (say, added since).
    let first = due(&f, day(6, 1), &SentRegister::default());
    let sent = SentRegister::new(
        first
            .iter()
            .filter(|m| m.recipient.person == PersonRef::Participant(ParticipantId(2)))
            .map(|m| m.key),
    );
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.cancelled = true;
    }
    saved(&mut f, 1, 12);
    let cancels = due(&f, day(6, 3), &sent);
    assert_eq!(said(&cancels), ["cancellation p2"]);
    let mut sent = sent;
    sent.insert(cancels[0].key);
    assert!(due(&f, day(6, 3), &sent).is_empty());
    // Back on: the event is offered again as an invitation, with a higher SEQUENCE.
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.cancelled = false;
    }
    saved(&mut f, 1, 13);
    assert_eq!(
        said(&due(&f, day(6, 3), &sent)),
        ["invitation p1", "invitation p2"]
    );
}

#[test]
fn someone_taken_off_the_list_gets_a_cancellation() {
    let mut f = programme();
    let sent = all_sent(&due(&f, day(6, 1), &SentRegister::default()));
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.invitees.retain(|i| i.participant != ParticipantId(1));
    }
    saved(&mut f, 1, 12);
    assert_eq!(said(&due(&f, day(6, 2), &sent)), ["cancellation p1"]);
}

#[test]
fn reminders_come_the_configured_days_before_to_the_invited_and_registered() {
    let f = programme();
    let sent = all_sent(&due(&f, day(6, 1), &SentRegister::default()));
    assert!(due(&f, day(6, 17), &sent).is_empty());
    let reminders = due(&f, day(6, 18), &sent);
    assert_eq!(said(&reminders), ["reminder p1", "reminder p2"]);
    assert_eq!(reminders[0].due_on, day(6, 18));
    let mut sent = sent;
    for m in &reminders {
        sent.insert(m.key);
    }
    assert!(due(&f, day(6, 19), &sent).is_empty());
    let a_week = MailSettings {
        reminder_days_before: 7,
        ..MailSettings::default()
    };
    let sent = all_sent(&due(&f, day(6, 1), &SentRegister::default()));
    assert!(due_messages(&f.data, &a_week, day(6, 12), &sent).is_empty());
    assert_eq!(
        said(&due_messages(&f.data, &a_week, day(6, 13), &sent)),
        ["reminder p1", "reminder p2"]
    );
}

#[test]
fn a_dormant_pair_nudges_mentor_and_participant_once_per_quiet_spell() {
    let mut f = Fixture::new();
    f.participant(1, "Person 1", Some(1), PathwayStage::Active);
    f.matched(1, 1, 1, MatchState::Confirmed { on: day(3, 2) });
    // Five weeks quiet: not yet (six is the default).
    assert!(due(&f, day(4, 6), &SentRegister::default()).is_empty());
    let nudges = due(&f, day(4, 13), &SentRegister::default());
    // Due the same day, so in name order: Morwenna Tull, then Person 1.
    assert_eq!(said(&nudges), ["mentor nudge q1", "mentor nudge p1"]);
    assert_eq!(nudges[0].due_on, day(4, 13));
    let sent = all_sent(&nudges);
    assert!(due(&f, day(5, 30), &sent).is_empty());
    // They meet, then go quiet again: a new spell, a new nudge.
    if let Some(m) = f.data.matches.get_mut(&MatchId(1)) {
        m.check_ins.push(CheckIn {
            on: day(5, 1),
            met: true,
            note: String::new(),
        });
    }
    assert!(due(&f, day(6, 1), &sent).is_empty());
    assert_eq!(
        said(&due(&f, day(6, 12), &sent)),
        ["mentor nudge q1", "mentor nudge p1"]
    );
}

#[test]
fn news_is_sent_while_fresh_to_the_right_person() {
    let mut f = Fixture::new();
    f.participant(1, "Person 1", Some(1), PathwayStage::Enrolled);
    f.matched(1, 1, 2, MatchState::Confirmed { on: day(1, 20) });
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.nominated_by = Some(QMemberId(1));
    }
    // The fixture's pathway starts on 12 January.
    let news = due(&f, day(1, 25), &SentRegister::default());
    assert_eq!(
        said(&news),
        ["welcome p1", "nomination thanks q1", "match confirmed q2"],
        "by the day each became due"
    );
    assert_eq!(news[0].due_on, day(1, 12));
    assert!(due(&f, day(1, 25), &all_sent(&news)).is_empty());
    // Old news is not sent at all.
    assert_eq!(
        said(&due(&f, day(2, 12), &SentRegister::default())),
        ["match confirmed q2"]
    );
    assert!(due(&f, day(3, 1), &SentRegister::default()).is_empty());
}

#[test]
fn a_welcome_is_not_sent_to_someone_who_has_withdrawn() {
    let mut f = Fixture::new();
    f.participant(1, "Person 1", Some(1), PathwayStage::Enrolled);
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.pathway
            .move_to(PathwayStage::Withdrawn, day(1, 14), String::new());
    }
    assert!(due(&f, day(1, 15), &SentRegister::default()).is_empty());
    f.participant(2, "Person 2", Some(1), PathwayStage::Applied);
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(2)) {
        p.pathway = Pathway::starting(PathwayStage::Applied, day(1, 2));
        p.pathway
            .move_to(PathwayStage::Enrolled, day(1, 12), String::new());
        p.pathway
            .move_to(PathwayStage::Active, day(1, 13), String::new());
    }
    assert_eq!(
        said(&due(&f, day(1, 15), &SentRegister::default())),
        ["welcome p2"]
    );
}

#[test]
fn someone_without_an_email_is_listed_and_an_erased_person_is_not() {
    let mut f = programme();
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.email = "  ".into();
    }
    f.data.put(Record::Erasure(Erasure {
        number: 1,
        person: PersonRef::Participant(ParticipantId(2)),
    }));
    let messages = due(&f, day(6, 1), &SentRegister::default());
    assert_eq!(said(&messages), ["invitation p1"]);
    assert_eq!(messages[0].recipient.email, None);
}

#[test]
fn keys_name_their_message_in_ascii_the_same_every_time() {
    let f = programme();
    let messages = due(&f, day(6, 1), &SentRegister::default());
    let again = due(&f, day(6, 1), &SentRegister::default());
    assert_eq!(messages, again);
    let slug = messages[0].key.slug();
    assert!(slug.starts_with("invitation.s1.p1.n"), "{slug}");
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'),
        "{slug}"
    );
    assert_ne!(slug, messages[1].key.slug());
}

#[test]
fn an_invitation_due_or_sent_in_the_reminder_window_stands_for_the_reminder() {
    let mut f = programme();
    // Invited late, two days before: the invitation alone, not a reminder beside it.
    let late = due(&f, day(6, 18), &SentRegister::default());
    assert_eq!(said(&late), ["invitation p1", "invitation p2"]);
    // Sent that day: no reminder follows the next day either.
    for (n, m) in late.iter().enumerate() {
        f.data.mail_sent.insert(
            crate::domain::mail::sent::SentId(n as u64 + 1),
            crate::domain::mail::sent::SentMessage {
                id: crate::domain::mail::sent::SentId(n as u64 + 1),
                key: m.key,
                to_person: m.recipient.person,
                to_email: m.recipient.email.clone().unwrap_or_default(),
                message_id: format!("<{n}@example.org>"),
                at: Utc
                    .with_ymd_and_hms(2026, 6, 18, 16, 0, 0)
                    .single()
                    .expect("a time"),
            },
        );
    }
    assert!(due(&f, day(6, 19), &all_sent(&late)).is_empty());
    // Sent before the window opened: the reminder comes as usual.
    for m in f.data.mail_sent.values_mut() {
        m.at = Utc
            .with_ymd_and_hms(2026, 6, 1, 16, 0, 0)
            .single()
            .expect("a time");
    }
    assert_eq!(
        said(&due(&f, day(6, 19), &all_sent(&late))),
        ["reminder p1", "reminder p2"]
    );
}

#[test]
fn the_list_is_in_due_order_and_shows_a_year_only_when_it_is_not_this_one() {
    assert_eq!(due_day(day(11, 30), day(11, 30)), "Mon 30 Nov");
    assert_eq!(
        due_day(
            day(3, 18),
            chrono::NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date")
        ),
        "Wed 18 Mar 2026"
    );
}
