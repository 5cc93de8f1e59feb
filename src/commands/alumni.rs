//! `improvers joined-q EMAIL` and `improvers link EMAIL EMAIL`: a participant who joins Q
//! becomes a linked Q member, and alumni who joined before are linked to their Q member record.

use crate::domain::dates::{date_problem, read_date};
use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::people::alumni;
use crate::domain::people::erasure::people_with_email;
use crate::domain::people::{PersonRef, QRole};
use crate::domain::snapshot::Snapshot;
use crate::io::wrap::{fit, fitted};
use crate::store::Scope;
use crate::store::shared::{Database, MadeError};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::io::{BufRead, IsTerminal, Write};
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
    refuse_too_early(&data, participant)?;
    let on = day(&data, on)?;
    let done = save(&mut database, &data, email, |newer| {
        alumni::join_q(newer, participant, on, &roles).map(|j| (j.change, j.done))
    })?;
    say(&done)
}

/// `improvers link`: asks first when the two names differ (they may be two people), and with
/// no terminal to ask on needs `yes`.
pub fn link(
    db: &Path,
    participant: &str,
    q_member: &str,
    on: Option<&str>,
    yes: bool,
) -> Result<()> {
    let mut database = super::open_existing(db)?;
    let (_, data) = database.snapshot(Scope::WithoutExpenses)?;
    let p = participant_with(&data, participant).map_err(unchanged)?;
    let q = q_member_with(&data, q_member).map_err(unchanged)?;
    refuse_too_early(&data, p)?;
    let on = day(&data, on)?;
    if let Some(question) = alumni::link_question(&data, p, q, on).filter(|_| !yes) {
        if alumni::link(&data, p, q, on).is_ok() {
            if !std::io::stdin().is_terminal() {
                bail!(
                    "{question} Linking asks first, and standard input is not a terminal to \
                     ask on; run it again with --yes to link them without asking; nothing was \
                     changed"
                );
            }
            let asked = ask(
                &question,
                std::io::stdin().lock(),
                std::io::stdout().lock(),
                crate::io::wrap::print_width(),
            )?;
            if !asked {
                writeln!(std::io::stdout().lock(), "Nothing was linked.")?;
                return Ok(());
            }
        }
    }
    let done = save(&mut database, &data, participant, |newer| {
        alumni::link(newer, p, q, on)
    })?;
    say(&done)
}

/// Shows `question` and asks for y (or yes): a link is undone with one key, so a short answer
/// is enough.
fn ask(question: &str, mut input: impl BufRead, mut out: impl Write, width: usize) -> Result<bool> {
    writeln!(out, "{}", fit(question, width))?;
    write!(out, "Link them as one person? y/n: ")?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    let answer = answer.trim();
    Ok(answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes"))
}

/// Refuses a participant at a stage before Completed, saying how to move them along the
/// pathway from the command line.
fn refuse_too_early(data: &Snapshot, id: ParticipantId) -> Result<()> {
    let Some(p) = data.participants.get(&id) else {
        return Ok(());
    };
    if !alumni::too_early(data, p) {
        return Ok(());
    }
    match alumni::refusal(data, p) {
        Some(why) => bail!(
            "{why}: record the stages they reached first (`improvers import pathway FILE`, \
             see docs/files.md, or s on the dashboard's roster); nothing was changed"
        ),
        None => Ok(()),
    }
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
    let Some(typed) = typed else {
        return Ok(today);
    };
    let on = read_date(typed, today)
        .map_err(|p| anyhow::anyhow!("--on: {}; nothing was changed", date_problem(typed, p)))?;
    match alumni::joined_after_today(on, today) {
        Some(why) => bail!("--on {}: {why}; nothing was changed", typed.trim()),
        None => Ok(on),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_y_or_yes_links() {
        let mut shown = Vec::new();
        assert!(ask("The names differ.", "y\n".as_bytes(), &mut shown, 80).unwrap());
        let shown = String::from_utf8(shown).unwrap();
        assert!(shown.starts_with("The names differ."), "{shown}");
        assert!(shown.contains("Link them as one person? y/n"), "{shown}");
        assert!(ask("q", "YES\n".as_bytes(), Vec::new(), 80).unwrap());
        for answer in ["n\n", "\n", "no\n", ""] {
            assert!(
                !ask("q", answer.as_bytes(), Vec::new(), 80).unwrap(),
                "{answer:?}"
            );
        }
    }
}
