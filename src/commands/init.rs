//! `improvers init`: sets up a new programme (name, funder, grant, first cohort) from options,
//! or by asking on a terminal, so a team never writes `programme.toml` by hand to begin.

use crate::domain::dates::{date_problem, long_date, read_date, read_date_from, short_cohort};
use crate::domain::money::Pence;
use crate::domain::programme::{Setup, next_cohort_number, offered_cohort_name, set_up};
use crate::domain::snapshot::Snapshot;
use crate::store::Scope;
use crate::store::shared::Database;
use anyhow::{Result, anyhow, bail};
use chrono::{Months, NaiveDate};
use std::io::{BufRead, Write};
use std::path::Path;

/// The options as typed; `None` for one not given. `ask`: standard input is a terminal and
/// `--yes` was not given, so missing values are asked for rather than refused.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    pub name: Option<String>,
    pub funder: Option<String>,
    pub grant: Option<String>,
    pub cohort_name: Option<String>,
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub target: Option<String>,
    pub ask: bool,
}

/// A first cohort aims for this many participants unless told otherwise.
const DEFAULT_TARGET: u32 = 12;

pub fn run(db: &Path, options: InitOptions) -> Result<()> {
    let mut database = Database::open(db)?;
    let (_, existing) = database.snapshot(Scope::Everything)?;
    // Refused before anything is asked: nobody types a programme in only to be told no.
    if let Some(programme) = &existing.programme {
        bail!(
            "the database at {} already holds the programme \"{}\"; change its settings with \
             :settings in the dashboard, or give another database with --db PATH",
            db.display(),
            programme.name
        );
    }
    let today = super::local_now(&existing).today();
    let setup = if options.ask {
        let stdin = std::io::stdin();
        let mut prompts = Prompts {
            input: stdin.lock(),
            output: std::io::stdout(),
        };
        let setup = settle(&options, today, &existing, &mut prompts)?;
        if !prompts.confirm(&crate::io::wrap::fitted(&summary(&setup)))? {
            println!(
                "Nothing was set up; run {} again to start over.",
                super::hint::improvers("init")
            );
            return Ok(());
        }
        setup
    } else {
        settle(&options, today, &existing, &mut Script)?
    };
    database
        .apply_made(&existing, Scope::Everything, |data| {
            set_up(data, &setup).map(|change| Some((change, ())))
        })
        .map_err(|e| anyhow!(e.to_string()))?;
    println!("{}", crate::io::wrap::fitted(&done_message(&setup)));
    Ok(())
}

/// What `init` says once the programme is saved: what was set up, and what to do next.
pub fn done_message(setup: &Setup) -> String {
    let note = short_cohort(setup.starts, setup.ends)
        .map_or(String::new(), |note| format!("Note: {note}\n"));
    let run = super::hint::improvers;
    note + &format!(
        "Set up {} (funded by {}, grant {}) with {}, {} to {}, aiming for {} participants.\n\
         Next, open the dashboard, where n adds a participant and v then n a Q member:\n  \
         {}\n\
         or bring places and people in from files, in this order (their columns are in \
         docs/files.md):\n  \
         {}\n  \
         {}\n  \
         {}\n\
         and see a summary at any time:\n  \
         {}",
        setup.name,
        setup.funder,
        setup.grant,
        setup.cohort_name,
        setup.starts.format("%-d %b %Y"),
        setup.ends.format("%-d %b %Y"),
        setup.target_size,
        run(""),
        run("import venues FILE.csv"),
        run("import q-members FILE.csv"),
        run("import participants FILE.csv"),
        run("status"),
    )
}

/// What is about to be saved, shown before a person at a terminal is asked to confirm it.
fn summary(setup: &Setup) -> String {
    let note = short_cohort(setup.starts, setup.ends)
        .map_or(String::new(), |note| format!("\n  Note: {note}"));
    format!(
        "About to set up:\n  \
         Programme     {}\n  \
         Funder        {}\n  \
         Grant         {}\n  \
         First cohort  {}, {} to {}, aiming for {}",
        setup.name,
        setup.funder,
        setup.grant,
        setup.cohort_name,
        long_date(setup.starts),
        long_date(setup.ends),
        crate::domain::count::count(setup.target_size as usize, "participant")
    ) + &note
}

/// One value to settle: its option, what to call it when asking, and its default if any.
struct Question<'a> {
    flag: &'static str,
    label: &'static str,
    default: Option<String>,
    given: Option<&'a str>,
}

/// Where missing values come from.
trait Asker {
    /// The answer typed; `None` when nothing may be asked (a script).
    fn ask(&mut self, q: &Question) -> Result<Option<String>>;
    /// Says why an answer was not taken, before the question comes again.
    fn say(&mut self, problem: &str);
    /// Whether questions are answered at all; a script's are not.
    fn asks(&self) -> bool {
        true
    }
}

/// A script's: nothing is asked, so defaults stand and a value with none is missing.
struct Script;

impl Asker for Script {
    fn ask(&mut self, _: &Question) -> Result<Option<String>> {
        Ok(None)
    }
    fn say(&mut self, _: &str) {}
    fn asks(&self) -> bool {
        false
    }
}

/// A person's at a terminal: each question shows its default in brackets; Enter takes it.
struct Prompts<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Asker for Prompts<R, W> {
    fn ask(&mut self, q: &Question) -> Result<Option<String>> {
        match &q.default {
            Some(d) => write!(self.output, "{} [{d}]: ", upper_first(q.label))?,
            None => write!(self.output, "{}: ", upper_first(q.label))?,
        }
        self.output.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            bail!(
                "standard input ended before the {} was given; nothing was set up",
                q.label
            );
        }
        Ok(Some(line.trim().to_string()))
    }

    fn say(&mut self, problem: &str) {
        // A terminal that cannot be written to shows itself at the next question.
        let _ = writeln!(self.output, "  {problem}");
    }
}

impl<R: BufRead, W: Write> Prompts<R, W> {
    /// Shows `summary` and asks once whether to save it: Enter or y saves, n does not.
    fn confirm(&mut self, summary: &str) -> Result<bool> {
        writeln!(self.output, "\n{summary}")?;
        for _ in 0..ATTEMPTS {
            write!(self.output, "Set it up? [Y/n]: ")?;
            self.output.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                bail!("standard input ended before the set-up was confirmed; nothing was set up");
            }
            match line.trim().to_lowercase().as_str() {
                "" | "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.say("answer y to set it up, or n to leave without setting anything up"),
            }
        }
        bail!("the set-up was not confirmed after {ATTEMPTS} tries; nothing was set up")
    }
}

/// Every value of the set-up, from the options, else asked for, else its default. An option
/// given wrongly is an error naming the option; a wrong answer is asked for again.
fn settle(
    options: &InitOptions,
    today: NaiveDate,
    data: &Snapshot,
    asker: &mut dyn Asker,
) -> Result<Setup> {
    if !asker.asks() {
        // A script is told every option it lacks at once, not one per run.
        missing_all(options)?;
    }
    let name = settled(
        &q("--name", "programme's name", None, &options.name),
        asker,
        |t| required(t, "a name is needed"),
    )?;
    let funder = settled(
        &q("--funder", "funder", None, &options.funder),
        asker,
        |t| required(t, "the funder's name is needed"),
    )?;
    let grant = settled(
        &q("--grant", "grant (£)", None, &options.grant),
        asker,
        |t| Pence::parse(t).map_err(|e| e.to_string()),
    )?;
    let starts = settled(
        &q(
            "--starts",
            "first cohort's start date",
            Some(today.format("%Y-%m-%d").to_string()),
            &options.starts,
        ),
        asker,
        |t| date(t, today),
    )?;
    let a_year_on = starts
        .checked_add_months(Months::new(12))
        .and_then(|d| d.pred_opt())
        .unwrap_or(starts);
    let ends = settled(
        &q(
            "--ends",
            "first cohort's end date",
            Some(a_year_on.format("%Y-%m-%d").to_string()),
            &options.ends,
        ),
        asker,
        |t| {
            let ends = read_date_from(t, today, Some(starts))
                .map_err(|problem| date_problem(t, problem))?;
            if ends < starts {
                return Err(format!(
                    "{} is before the cohort starts on {}: give a later date",
                    ends.format("%-d %b %Y"),
                    starts.format("%-d %b %Y")
                ));
            }
            Ok(ends)
        },
    )?;
    let number = next_cohort_number(data);
    let cohort_name = settled(
        &q(
            "--cohort-name",
            "first cohort's name",
            Some(offered_cohort_name(number, starts)),
            &options.cohort_name,
        ),
        asker,
        |t| required(t, "a name is needed"),
    )?;
    let target_size = settled(
        &q(
            "--target",
            "number of participants it aims for",
            Some(DEFAULT_TARGET.to_string()),
            &options.target,
        ),
        asker,
        |t| {
            t.parse::<u32>()
                .map_err(|_| format!("\"{t}\" is not a whole number of 0 or more"))
        },
    )?;
    Ok(Setup {
        name,
        funder,
        grant,
        cohort_name,
        starts,
        ends,
        target_size,
    })
}

fn q<'a>(
    flag: &'static str,
    label: &'static str,
    default: Option<String>,
    given: &'a Option<String>,
) -> Question<'a> {
    Question {
        flag,
        label,
        default,
        given: given.as_deref(),
    }
}

/// A person gives up after this many wrong answers to one question.
const ATTEMPTS: usize = 5;

/// One value: the option's if given, else the answer asked for, else the default.
fn settled<T>(
    q: &Question,
    asker: &mut dyn Asker,
    read: impl Fn(&str) -> Result<T, String>,
) -> Result<T> {
    if let Some(given) = q.given {
        return read(given.trim()).map_err(|why| anyhow!("{} \"{given}\": {why}", q.flag));
    }
    for _ in 0..ATTEMPTS {
        let typed = match (asker.ask(q)?, &q.default) {
            (Some(typed), Some(default)) if typed.is_empty() => default.clone(),
            (Some(typed), _) => typed,
            (None, Some(default)) => default.clone(),
            (None, None) => {
                bail!(
                    "{} is missing: give the {} with {} (nothing is asked when standard input \
                     is not a terminal, or with --yes)",
                    q.flag,
                    q.label,
                    q.flag
                )
            }
        };
        match read(&typed) {
            Ok(value) => return Ok(value),
            Err(why) => asker.say(&why),
        }
    }
    bail!(
        "the {} was not given after {ATTEMPTS} tries; nothing was set up",
        q.label
    )
}

/// Refuses a script lacking any of the options with no default, naming every one:
/// "--funder and --grant are missing: give the funder with --funder, the grant (£) with
/// --grant ...".
fn missing_all(options: &InitOptions) -> Result<()> {
    let needed = [
        ("--name", "programme's name", &options.name),
        ("--funder", "funder", &options.funder),
        ("--grant", "grant (£)", &options.grant),
    ];
    let missing: Vec<(&str, &str)> = needed
        .iter()
        .filter(|(_, _, given)| given.is_none())
        .map(|(flag, label, _)| (*flag, *label))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let flags: Vec<&str> = missing.iter().map(|(flag, _)| *flag).collect();
    let (flags, are) = match flags.as_slice() {
        [only] => ((*only).to_string(), "is"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "are"),
        [] => (String::new(), "are"),
    };
    let gives: Vec<String> = missing
        .iter()
        .map(|(flag, label)| format!("the {label} with {flag}"))
        .collect();
    bail!(
        "{flags} {are} missing: give {} (nothing is asked when standard input is not a \
         terminal, or with --yes)",
        gives.join(", ")
    )
}

fn required(typed: &str, why: &str) -> Result<String, String> {
    let cleaned = crate::domain::text::clean_line(typed);
    if cleaned.is_empty() {
        Err(why.to_string())
    } else {
        Ok(cleaned)
    }
}

/// A date as the dashboard's forms read it ([`read_date`]): `2027-01-11`, `11/01/2027`,
/// `11 Jan`, `tomorrow`, `mon`, `+7`, counted from the programme's `today`.
fn date(typed: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    read_date(typed, today).map_err(|problem| date_problem(typed, problem))
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests;
