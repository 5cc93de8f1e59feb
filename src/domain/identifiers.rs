//! Identifiers that other programs keep: a session's calendar UID (RFC 5545 §3.8.4.7) and an
//! expense's code in the ledger journal. Both are made from the record's id, which is given
//! once and never again (`Snapshot::next_id`), and both travel in the exported files so an
//! import into another database keeps them.

use super::ids::SessionId;
use serde::{Deserialize, Serialize};

/// The host-name part of every UID of a programme called `programme`: lower-case ASCII letters
/// and digits, runs of anything else as one hyphen, then `.improvers`
/// (`aspiring-improvers-south-riverside.improvers`).
pub fn uid_domain(programme: &str) -> String {
    let mut out = String::new();
    for ch in programme.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let label = out.trim_end_matches('-');
    format!(
        "{}.improvers",
        if label.is_empty() { "programme" } else { label }
    )
}

/// The highest session and expense numbers a programme has given, deleted records' included,
/// as `programme.toml`'s `[numbering]` carries them into another database: there no new
/// session or expense is given one of them again, so a UID or a ledger code made before the
/// move never comes to name another record. A database keeps its own deleted numbers besides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Numbering {
    pub sessions: u64,
    pub expenses: u64,
}

/// A session's calendar UID: `session-7@aspiring-improvers-south-riverside.improvers`.
pub fn session_uid(programme: &str, session: SessionId) -> String {
    format!("session-{session}@{}", uid_domain(programme))
}

/// What a UID found in a file says about the session it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UidOrigin {
    /// A session of this programme: it keeps this id.
    Ours(SessionId),
    /// Another programme's session (another name after the `@`): here it is a new event.
    Elsewhere,
}

/// Reads a UID as `session_uid` writes it; `Err` says why it is not one.
pub fn read_session_uid(programme: &str, uid: &str) -> Result<UidOrigin, String> {
    let not_ours = || {
        format!(
            "\"{uid}\" is not a calendar UID improvers wrote (session-NUMBER@PROGRAMME.improvers); \
             leave it empty to import the session as a new one"
        )
    };
    let (local, domain) = uid.trim().split_once('@').ok_or_else(not_ours)?;
    let number = local
        .strip_prefix("session-")
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(not_ours)?;
    if !domain.ends_with(".improvers") {
        return Err(not_ours());
    }
    if domain.eq_ignore_ascii_case(&uid_domain(programme)) {
        Ok(UidOrigin::Ours(SessionId(number)))
    } else {
        Ok(UidOrigin::Elsewhere)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "Aspiring Improvers — South Riverside";

    #[test]
    fn a_uid_names_the_session_and_the_programme() {
        assert_eq!(
            session_uid(NAME, SessionId(7)),
            "session-7@aspiring-improvers-south-riverside.improvers"
        );
        assert_eq!(uid_domain("—"), "programme.improvers");
    }

    #[test]
    fn a_uid_read_back_gives_the_session_or_says_it_is_another_programmes() {
        let uid = session_uid(NAME, SessionId(31));
        assert_eq!(
            read_session_uid(NAME, &uid),
            Ok(UidOrigin::Ours(SessionId(31)))
        );
        assert_eq!(
            read_session_uid("Another programme", &uid),
            Ok(UidOrigin::Elsewhere)
        );
        for bad in [
            "",
            "session-@x.improvers",
            "session-0@x.improvers",
            "meeting-3@x.improvers",
            "session-3@example.org",
            "session-3",
        ] {
            let err = read_session_uid(NAME, bad).unwrap_err();
            assert!(
                err.contains("not a calendar UID improvers wrote"),
                "{bad}: {err}"
            );
        }
    }
}
