//! `improvers forget EMAIL`: erasure (UK GDPR article 17). The person's record becomes "erased
//! person #N", free text and history naming them are rewritten, and the database is rewritten
//! into fresh files so that none holds them.

use crate::domain::people::PersonRef;
use crate::domain::people::backups::BackupEntry;
use crate::domain::people::erasure::{self, Plan};
use crate::domain::people::subject_access::held_name_and_email;
use crate::domain::snapshot::Snapshot;
use crate::io::wrap::{fit, fitted};
use crate::store::Scope;
use crate::store::shared::MadeError;
use anyhow::{Result, bail};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// Which registers `forget` may erase from, when the email is in both.
#[derive(Debug, Clone, Copy, Default)]
pub struct ForgetOptions {
    pub participant: bool,
    pub q_member: bool,
    /// Erase without asking (for scripts).
    pub yes: bool,
}

pub fn run(db: &Path, email: &str, options: ForgetOptions) -> Result<()> {
    let mut database = super::open_existing(db)?;
    let (_, data) = database.snapshot(Scope::Everything)?;
    let held = database.history(usize::MAX)?;
    let people = chosen(&data, &held, email, options, db)?;
    let asking = !options.yes;
    if asking && !std::io::stdin().is_terminal() {
        bail!(
            "forgetting {email} cannot be undone, and standard input is not a terminal to ask \
             on; run it again with --yes to erase without asking"
        );
    }
    let mut read = Some((data, held));
    let mut last_erasure = 0;
    for person in people {
        // Read again for a second person: the first erasure changed the programme and history.
        let (data, history) = match read.take() {
            Some(read) => read,
            None => (
                database.snapshot(Scope::Everything)?.1,
                database.history(usize::MAX)?,
            ),
        };
        if data.erasures.values().any(|e| e.person == person) {
            // Erased already, with a record merged with it that was asked for too.
            continue;
        }
        let plan = erasure::plan_whole(&data, person, &history)?;
        if asking && !confirmed(&plan)? {
            writeln!(std::io::stdout().lock(), "Nothing was erased.")?;
            return Ok(());
        }
        let made = database.apply_made(&data, Scope::Everything, |newer| {
            erasure::plan_whole(newer, person, &history).map(|p| Some((p.change.clone(), p)))
        });
        let plan = match made {
            Ok(Some((seq, plan))) => {
                last_erasure = seq;
                plan
            }
            Ok(None) => bail!("nothing was erased"),
            Err(MadeError::Make(e)) => bail!("{e}; nothing was erased"),
            Err(MadeError::Stale(stale)) => bail!(
                "{stale}; nothing was erased. Run `{}` again to see what it would erase now",
                super::hint::improvers(&format!("forget {email}"))
            ),
            Err(MadeError::Shared(e)) => {
                // The erasure may stand with only the rewrite after it failed (a full disk).
                let erased = database
                    .snapshot(Scope::Summary)
                    .is_ok_and(|(_, now)| now.erasures.values().any(|e| e.person == person));
                if erased {
                    bail!(
                        "{} is erased in every record and in history, but the database could \
                         not then be rewritten without them: {e}. Free some room; the next \
                         command to open the database (`improvers check`, say) makes the \
                         rewrite again before anything else",
                        plan.who
                    );
                }
                return Err(e.into());
            }
        };
        let merged: String = plan
            .merged
            .iter()
            .map(|(erasure, who)| {
                let how = if plan.linked.contains(&erasure.person) {
                    "Linked to them as one person"
                } else {
                    "Merged with them"
                };
                format!(" {how}, {who} is now \"{}\".", erasure.label())
            })
            .collect();
        writeln!(
            std::io::stdout().lock(),
            "{}",
            fitted(&format!(
                "Erased {}: now \"{}\".{merged} The database in {} was rewritten so that none \
                 of its files holds them.",
                plan.who,
                plan.erasure.label(),
                db.display()
            ))
        )?;
    }
    let holding = database.backups_holding(last_erasure)?;
    writeln!(
        std::io::stdout().lock(),
        "{}",
        fitted(&backups_still_holding(
            &holding,
            &crate::store::erasure_list::file(db)
        ))
    )?;
    Ok(())
}

/// What `forget` says of the backups in the register made before the erasure: each file that
/// may still hold the person (still there, or there but no longer as written), or that none
/// does. Backups written other than by `improvers backup` are not known to the register.
fn backups_still_holding(holding: &[BackupEntry], erasures: &Path) -> String {
    let restore = format!(
        "`improvers restore` of an older backup makes the erasure again (the list of erasures \
         is kept in {})",
        erasures.display()
    );
    if holding.is_empty() {
        return format!(
            "No backup in the register was made before the erasure and is still there; {restore}."
        );
    }
    let lines: Vec<String> = holding
        .iter()
        .map(|b| {
            format!(
                "  backup {} of {} by {}: {}",
                b.id.0,
                b.at.format("%Y-%m-%d %H:%M UTC"),
                b.user,
                b.file.display()
            )
        })
        .collect();
    format!(
        "{} made before the erasure still {} them:\n{}\nDelete {} when the programme's \
         retention rules allow; {restore}.",
        crate::domain::count::count(holding.len(), "backup"),
        if holding.len() == 1 { "holds" } else { "hold" },
        lines.join("\n"),
        if holding.len() == 1 { "it" } else { "them" },
    )
}

/// The people `email` names, narrowed by `--participant` and `--q-member`. An email in both
/// registers needs one or both flags: the two records may be two people sharing an address,
/// or one person who asked to be forgotten in one role only, and an erasure cannot be undone,
/// so it never takes more than was asked for.
fn chosen(
    data: &Snapshot,
    history: &[crate::domain::change::HistoryEntry],
    email: &str,
    options: ForgetOptions,
    db: &Path,
) -> Result<Vec<PersonRef>> {
    // Someone since deleted is still held in history, so is found too.
    let found = erasure::people_with_email_held(data, history, email);
    if let (true, Some(erased)) = (found.is_empty(), erasure::erased_with_email(data, email)) {
        bail!(
            "{email} is the email of {}, erased already; nothing more was erased",
            erased.label()
        );
    }
    if found.is_empty() {
        bail!(
            "nobody in the programme at {} has the email {email}; nothing was erased. Check the \
             address (`improvers export participants` and `improvers export q-members` list \
             every email)",
            db.display()
        );
    }
    let wanted = |p: &PersonRef| match p {
        PersonRef::Participant(_) => options.participant || !options.q_member,
        PersonRef::QMember(_) => options.q_member || !options.participant,
    };
    let one_person = erasure::all_one_person(data, history, &found);
    let both = found.len() > 1 && !options.participant && !options.q_member && !one_person;
    if both {
        let listed: Vec<String> = found
            .iter()
            .map(|p| format!("  {}", erasure::describe_held(data, history, *p)))
            .collect();
        bail!(
            "{email} is the email of more than one person's record:\n{}\nSay which to erase \
             with --participant or --q-member, or give both to erase both; nothing was erased",
            listed.join("\n")
        );
    }
    let chosen: Vec<PersonRef> = found.into_iter().filter(wanted).collect();
    if chosen.is_empty() {
        let register = if options.participant {
            "participant"
        } else {
            "Q member"
        };
        bail!("no {register} has the email {email}; nothing was erased");
    }
    Ok(chosen)
}

/// Shows what will go on standard output and asks for "yes" on standard input.
fn confirmed(plan: &Plan) -> Result<bool> {
    ask(
        plan,
        std::io::stdin().lock(),
        std::io::stdout().lock(),
        crate::io::wrap::print_width(),
    )
}

/// Shows what will go and asks for "yes" in full: an erasure cannot be undone, so `y` (or
/// Enter) is not taken for it.
fn ask(plan: &Plan, mut input: impl BufRead, mut out: impl Write, width: usize) -> Result<bool> {
    for line in plan.describe() {
        writeln!(out, "{}", fit(&line, width))?;
    }
    writeln!(
        out,
        "{}",
        fit(
            "This cannot be undone: the database is rewritten so that none of its files holds \
             them.",
            width
        )
    )?;
    write!(out, "Type yes to erase them: ")?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(answer.trim().eq_ignore_ascii_case("yes"))
}

/// After a restore: makes again every erasure listed beside the database (see
/// `store::erasure_list`) that the restored programme does not hold yet, so a backup made
/// before an erasure does not bring the person back. Only erasures made in this same database
/// (its first change made at the same moment) are made again.
pub fn make_again(db: &Path) -> Result<()> {
    let listed = crate::store::erasure_list::read(db)?;
    if listed.is_empty() {
        return Ok(());
    }
    let mut database = crate::store::shared::Database::open(db)?;
    let history = database.history(usize::MAX)?;
    let begun = history.last().map(|e| e.at.to_rfc3339());
    for item in listed {
        if begun.as_deref() != Some(item.begun.as_str()) {
            continue;
        }
        let (_, data) = database.snapshot(Scope::Everything)?;
        let person = item.erasure.person;
        let already = data.erasures.values().any(|e| e.person == person);
        if already || held_name_and_email(&data, &history, person).is_none() {
            continue;
        }
        let number = Some(item.erasure.number);
        let made = database.apply_made(&data, Scope::Everything, |newer| {
            erasure::plan_numbered(newer, person, &history, number)
                .map(|p| Some((p.change.clone(), p)))
        });
        match made {
            Ok(Some((_, plan))) => writeln!(
                std::io::stdout().lock(),
                "{}",
                fitted(&format!(
                    "Made erasure #{} again, erased after this backup was taken: {} {} is now \
                     \"{}\".",
                    item.erasure.number,
                    erasure::key_of(person).noun(),
                    erasure::key_of(person).id().unwrap_or(0),
                    plan.erasure.label()
                ))
            )?,
            Ok(None) => {}
            Err(MadeError::Make(e)) => bail!("{e}"),
            Err(MadeError::Stale(stale)) => bail!(
                "{stale}; run `{}` again to make the erasures recorded in {} again",
                super::hint::improvers("restore FILE"),
                crate::store::erasure_list::file(db).display()
            ),
            Err(MadeError::Shared(e)) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::ids::ParticipantId;
    use crate::domain::people::pathway::PathwayStage;

    fn plan() -> Plan {
        let mut fixture = Fixture::new();
        fixture
            .participant(1, "Wren Hollis", Some(1), PathwayStage::Active)
            .matched(
                1,
                1,
                1,
                crate::domain::mentoring::MatchState::Confirmed {
                    on: crate::domain::fixture::day(2, 2),
                },
            );
        erasure::plan(&fixture.data, PersonRef::Participant(ParticipantId(1)), &[])
            .expect("Wren is there")
    }

    #[test]
    fn the_question_names_who_and_what_stays_and_only_yes_in_full_erases() {
        let mut shown = Vec::new();
        assert!(ask(&plan(), "yes\n".as_bytes(), &mut shown, 1000).unwrap());
        let shown = String::from_utf8(shown).unwrap();
        assert!(
            shown.starts_with(
                "participant Wren Hollis <p1@example.org> becomes \"erased person #1\""
            ),
            "{shown}"
        );
        assert!(
            shown.contains("1 mentoring match keeps pointing at erased person #1"),
            "{shown}"
        );
        for answer in ["y\n", "\n", "no\n", ""] {
            assert!(
                !ask(&plan(), answer.as_bytes(), Vec::new(), 80).unwrap(),
                "{answer:?}"
            );
        }
    }
}
