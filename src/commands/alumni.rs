//! `improvers joined-q EMAIL` and `improvers link EMAIL EMAIL`: a participant who joins Q
//! becomes a linked Q member, and alumni who joined before are linked to their Q member record.

use crate::domain::dates::{date_problem, read_date};
use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::people::alumni;
use crate::domain::people::erasure::people_with_email;
use crate::domain::people::{PersonRef, QRole};
use crate::domain::snapshot::Snapshot;
use crate::io::wrap::fitted;
use crate::store::Scope;
use crate::store::shared::{Database, MadeError};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

pub fn joined_q(db: &Path, email: &str, on: Option<&str>, roles: &[String]) -> Result<()> {
    let roles = roles
        .iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| r.trim().parse::<QRole>())
        .collect::<Result<Vec<QRole>, _>>()
        .map_err(|e| anyhow::anyhow!("--roles: {e}; nothing was changed"))?;
    let mut database = super::open_existing(db)?;
    let (_, data) = database.snapshot(Scope::WithoutExpenses)?;
    let participant = participant_with(&data, email).map_err(unchanged)?;
    let on = day(&data, on)?;
    let done = save(&mut database, &data, email, |newer| {
        alumni::join_q(newer, participant, on, &roles).map(|j| (j.change, j.done))
    })?;
    say(&done)
}

pub fn link(db: &Path, participant: &str, q_member: &str, on: Option<&str>) -> Result<()> {
    let mut database = super::open_existing(db)?;
    let (_, data) = database.snapshot(Scope::WithoutExpenses)?;
    let p = participant_with(&data, participant).map_err(unchanged)?;
    let q = q_member_with(&data, q_member).map_err(unchanged)?;
    let on = day(&data, on)?;
    let done = save(&mut database, &data, participant, |newer| {
        alumni::link(newer, p, q, on)
    })?;
    say(&done)
}

fn unchanged(why: anyhow::Error) -> anyhow::Error {
    anyhow::anyhow!("{why}; nothing was changed")
}

fn say(done: &str) -> Result<()> {
    writeln!(std::io::stdout().lock(), "{}", fitted(&format!("{done}.")))?;
    Ok(())
}

/// Sends the change `make` makes, made again from a newer programme if someone else's new
/// records took its ids first; returns what to say.
fn save(
    database: &mut Database,
    data: &Snapshot,
    email: &str,
    make: impl Fn(&Snapshot) -> Result<(crate::domain::change::Change, String), String>,
) -> Result<String> {
    match database.apply_made(data, Scope::WithoutExpenses, |newer| make(newer).map(Some)) {
        Ok(Some((_, done))) => Ok(done),
        Ok(None) => bail!("nothing was changed"),
        Err(MadeError::Make(why)) => bail!("{why}; nothing was changed"),
        Err(MadeError::Stale(stale)) => {
            bail!("{stale}; nothing was changed. Run it again to act on {email} as they are now")
        }
        Err(MadeError::Shared(e)) => Err(e.into()),
    }
}

fn day(data: &Snapshot, typed: Option<&str>) -> Result<NaiveDate> {
    let today = super::local_now(data).today();
    match typed {
        None => Ok(today),
        Some(typed) => read_date(typed, today)
            .map_err(|p| anyhow::anyhow!("--on: {}; nothing was changed", date_problem(typed, p))),
    }
}

/// The participant whose email is `email` (erased people aside).
fn participant_with(data: &Snapshot, email: &str) -> Result<ParticipantId> {
    let people = people_with_email(data, email);
    if let Some(id) = people.iter().find_map(|p| match p {
        PersonRef::Participant(id) => Some(*id),
        PersonRef::QMember(_) => None,
    }) {
        return Ok(id);
    }
    if people.is_empty() {
        bail!(
            "no participant has the email {}; check the spelling, or find them on the roster \
             (`improvers export participants` lists every email)",
            email.trim()
        );
    }
    bail!(
        "{} is a Q member's email, not a participant's: give the participant's email first",
        email.trim()
    )
}

/// The Q member whose email is `email` (erased people aside).
fn q_member_with(data: &Snapshot, email: &str) -> Result<QMemberId> {
    match people_with_email(data, email)
        .into_iter()
        .find_map(|p| match p {
            PersonRef::QMember(id) => Some(id),
            PersonRef::Participant(_) => None,
        }) {
        Some(id) => Ok(id),
        None => bail!(
            "no Q member has the email {}; add them as a Q member first (`improvers joined-q` \
             makes the record from the participant's when they have none)",
            email.trim()
        ),
    }
}
