//! `improvers merge KIND KEEP GONE`: two records that are one made one, as a single change
//! that history keeps and the dashboard's `u` undoes.

use crate::domain::people::merge::{self, Kind, Plan};
use crate::io::wrap::{fit, fitted};
use crate::store::Scope;
use crate::store::shared::MadeError;
use anyhow::{Result, bail};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub fn run(db: &Path, kind: Kind, keep: &str, gone: &str, yes: bool) -> Result<()> {
    let mut database = super::open_existing(db)?;
    let (_, data) = database.snapshot(Scope::Everything)?;
    let plan = match merge::plan(&data, kind, keep, gone) {
        Ok(plan) => plan,
        Err(e) => bail!("{e}; nothing was merged"),
    };
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "merging asks first, and standard input is not a terminal to ask on; run it \
                 again with --yes to merge without asking; nothing was merged"
            );
        }
        let asked = ask(
            &plan,
            std::io::stdin().lock(),
            std::io::stdout().lock(),
            crate::io::wrap::print_width(),
        )?;
        if !asked {
            writeln!(std::io::stdout().lock(), "Nothing was merged.")?;
            return Ok(());
        }
    }
    let made = database.apply_made(&data, Scope::Everything, |newer| {
        merge::plan(newer, kind, keep, gone).map(|p| Some((p.change.clone(), p)))
    });
    let plan = match made {
        Ok(Some((_, plan))) => plan,
        Ok(None) => bail!("nothing was merged"),
        Err(MadeError::Make(e)) => bail!("{e}; nothing was merged"),
        Err(MadeError::Stale(stale)) => {
            bail!("{stale}; nothing was merged. Run the merge again to see what it would do now")
        }
        Err(MadeError::Shared(e)) => return Err(e.into()),
    };
    writeln!(
        std::io::stdout().lock(),
        "{}",
        fitted(&format!(
            "Merged {} {} into {}: {}.{} Press u in the dashboard to undo it, or find it in \
             :history.",
            plan.kind.noun(),
            plan.gone,
            plan.keep,
            plan.moved.sentence(),
            plan.to_look_at()
        ))
    )?;
    Ok(())
}

/// Shows what will move and asks for y (or yes): a merge is undone with one key, so a short
/// answer is enough, unlike an erasure.
fn ask(plan: &Plan, mut input: impl BufRead, mut out: impl Write, width: usize) -> Result<bool> {
    writeln!(out, "{}", fit(&plan.question(), width))?;
    write!(out, "Merge them? y/n: ")?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    let answer = answer.trim();
    Ok(answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::people::pathway::PathwayStage;

    #[test]
    fn the_question_names_both_and_only_y_merges() {
        let mut f = Fixture::new();
        f.participant(1, "Ada Example", Some(1), PathwayStage::Active)
            .participant(2, "Ada Example", Some(1), PathwayStage::Active);
        let plan = merge::plan(
            &f.data,
            Kind::Participants,
            "p1@example.org",
            "p2@example.org",
        )
        .expect("one cohort");
        let mut shown = Vec::new();
        assert!(ask(&plan, "y\n".as_bytes(), &mut shown, 1000).unwrap());
        let shown = String::from_utf8(shown).unwrap();
        assert!(
            shown.starts_with(
                "Merge participant Ada Example <p2@example.org> into Ada Example \
                 <p1@example.org>: nothing else points at it; the second record goes."
            ),
            "{shown}"
        );
        assert!(ask(&plan, "YES\n".as_bytes(), Vec::new(), 80).unwrap());
        for answer in ["n\n", "\n", "no\n", ""] {
            assert!(
                !ask(&plan, answer.as_bytes(), Vec::new(), 80).unwrap(),
                "{answer:?}"
            );
        }
    }
}
