//! The command line: what each command and option means, as `--help` shows it.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::LazyLock;

/// The user documentation, as (page, what it covers): paths from the root of the source, in
/// the order a newcomer reads them. The root `--help` and the man page's DOCUMENTATION section
/// list them; a test checks that each exists, so no help text points at a missing page.
pub const DOCS: &[(&str, &str)] = &[
    ("docs/guide.md", "a coordinator's week, pane by pane"),
    (
        "docs/files.md",
        "every kind of file import reads and export writes, its columns and rules",
    ),
    ("docs/status-json.md", "the keys of status --json"),
    (
        "docs/mail.md",
        "the mail improvers sends: invitations, reminders, nudges, templates and [mail]",
    ),
    (
        "docs/sharing.md",
        "several people on one database: the owner, clients, backups and what is promised",
    ),
    (
        "docs/data-protection.md",
        "what is held about people and why, access requests and erasure",
    ),
    (
        "docs/mail.md",
        "mail to people: what is sent when, setting up sending, and cron",
    ),
    (
        "docs/design.md",
        "for contributors: how the code is laid out and how to extend it",
    ),
    (
        "docs/performance.md",
        "the figures and how to reproduce them",
    ),
];

/// What `--version` prints after the program's name: the release, then the version of the data
/// format the database and backups are written in ([`crate::store::codec::FORMAT`]) and of the
/// protocol processes sharing a database speak ([`crate::store::shared::protocol::PROTOCOL`]),
/// e.g. `0.1.0 (data format 1, sharing protocol 5)`. Two builds can open each other's databases
/// when the first matches, and share one at the same time when the second does too.
pub fn version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        format!(
            "{} (data format {}, sharing protocol {})",
            env!("CARGO_PKG_VERSION"),
            crate::store::codec::FORMAT,
            crate::store::shared::protocol::PROTOCOL
        )
    });
    VERSION.as_str()
}

/// The words of the command line as clap should read them: `improvers help --help` (or `-h`)
/// as `improvers help help`, which says what `help` does, and `improvers help COMMAND --help`
/// as `improvers help COMMAND`. clap's own `help` takes no options and would refuse both as an
/// unknown command, though `git help --help` and the like are what people type.
pub fn with_help_conventions<I, T>(args: I) -> Vec<std::ffi::OsString>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    let mut words: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // The command is the first word after the program's name that is neither an option nor the
    // value of --db or --config written as a separate word.
    let mut at = 1;
    while let Some(word) = words.get(at).and_then(|w| w.to_str()) {
        match word {
            "--db" | "--config" => at += 2,
            _ if word.starts_with('-') => at += 1,
            _ => break,
        }
    }
    if words.get(at).and_then(|w| w.to_str()) != Some("help") {
        return words;
    }
    let before = words.len();
    let mut i = at + 1;
    while i < words.len() {
        if matches!(words[i].to_str(), Some("--help" | "-h")) {
            words.remove(i);
        } else {
            i += 1;
        }
    }
    if words.len() < before && words.len() == at + 1 {
        words.push("help".into());
    }
    words
}

/// The root `--help`'s closing text: the documentation pages, one a line.
fn docs_list() -> &'static str {
    static LIST: LazyLock<String> = LazyLock::new(|| {
        let mut text = String::from(
            "Documentation, in the docs/ folder of the source (README.md starts there):",
        );
        for (page, covers) in DOCS {
            text.push_str(&format!("\n- {page}: {covers}"));
        }
        text.push_str("\nEach command's --help names the page that tells more of it.");
        text
    });
    LIST.as_str()
}

#[derive(Debug, Parser)]
#[command(
    name = "improvers",
    version = version(),
    about = "Run an Aspiring Improvers programme: roster, mentoring, sessions and budget.",
    long_about = "Run an Aspiring Improvers programme from the terminal: the roster and pathway to \
                  joining Q, mentor matching, learning sessions and site visits, and the grant.\n\n\
                  With no command, opens the dashboard on your programme's database.",
    after_help = docs_list(),
    subcommand_value_name = "COMMAND"
)]
pub struct Cli {
    /// The database folder [default: $IMPROVERS_DB, else the platform data folder, e.g.
    /// ~/.local/share/improvers/programme; `demo` uses its own unless --db is given]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The configuration file (matching weights and rules, every key in docs/files.md)
    /// [default: $IMPROVERS_CONFIG, else config.toml in the platform configuration folder, e.g.
    /// ~/.config/improvers/]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the demo programme into a fresh database and open the dashboard on it
    #[command(
        long_about = "Build the demo programme into a fresh database and open the dashboard on it.\n\n\
                      Without --db the demo gets its own database in the data folder (rebuilt each \
                      time), never your real one. With --db, an existing non-empty database is \
                      refused unless --force, which keeps the old folder aside.",
        after_help = "More in docs/guide.md, which starts with a tour of the demo."
    )]
    Demo {
        /// Build the database but do not open the dashboard
        #[arg(long)]
        no_open: bool,
        /// small: the demo programme; large: a generated programme at benchmark scale
        #[arg(long, value_enum, default_value_t = Scale::Small)]
        scale: Scale,
        /// Seed for the large programme (the same seed gives the same programme)
        #[arg(long, default_value_t = 1, value_name = "N")]
        seed: u64,
        /// Replace a non-empty database given with --db (the old folder is kept aside)
        #[arg(long)]
        force: bool,
    },
    /// Set up a new programme: its name, funder, grant and first cohort
    #[command(
        long_about = "Set up a new programme in an empty database: its name, funder, grant \
                      and first cohort (dates, name, target size), with nothing written by hand.\n\n\
                      On a terminal each value is asked for in turn, in the order below, with its \
                      default in [brackets] (Enter takes it): the cohort's dates come before its \
                      name, which is offered with the year the cohort starts; values given as options are not asked again. \
                      With --yes, or when standard input is not a terminal (a script), nothing is \
                      asked: --name, --funder and --grant must be given, the rest have defaults. \
                      Asked on a terminal, it shows what it will save and asks once before saving. \
                      A database that already holds a programme is refused, naming it. Works \
                      while a dashboard has the database open.\n\n\
                      Example: improvers init --name \"Aspiring Improvers — Fenland\" --funder \
                      \"Fenland Health Partnership\" --grant £40,000 --starts 2027-01-11 --yes",
        after_help = "More in README.md (Start your own programme) and docs/guide.md."
    )]
    Init {
        /// The programme's name, as the header and reports show it
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Who funds the programme
        #[arg(long, value_name = "NAME")]
        funder: Option<String>,
        /// The whole grant in pounds: £40,000, 40000 or 40000.00
        #[arg(long, value_name = "AMOUNT")]
        grant: Option<String>,
        /// The day the first cohort starts: 2027-01-11, 11/01/2027, 11 Jan, tomorrow, mon or +7
        /// [default: today]
        #[arg(long, value_name = "DATE")]
        starts: Option<String>,
        /// The day it ends, written as --starts [default: a year after it starts, less a day]
        #[arg(long, value_name = "DATE")]
        ends: Option<String>,
        /// The first cohort's name [default: "Cohort 1 — YEAR", the year it starts]
        #[arg(long, value_name = "NAME")]
        cohort_name: Option<String>,
        /// How many participants it aims for [default: 12]
        #[arg(long, value_name = "N")]
        target: Option<String>,
        /// Ask nothing: take the options given and the defaults for the rest
        #[arg(long, short = 'y', alias = "non-interactive")]
        yes: bool,
    },
    /// Import a CSV file (or programme.toml) into the database: all of it, or nothing
    #[command(
        long_about = "Import a CSV file (or programme.toml) into the database: all of it, or nothing.\n\n\
                      If any row is wrong, nothing is imported and every wrong row is reported with \
                      its line, column and reason. Import in the order of KIND's list below, so references resolve.",
        after_help = "More in docs/files.md: the columns and rules of every kind, and examples."
    )]
    Import {
        /// What the file holds
        #[arg(value_enum)]
        kind: ImportKind,
        /// The file to read (UTF-8, with or without a byte-order mark)
        file: PathBuf,
    },
    /// Export records as the files `import` reads (CSV, programme.toml), or all as JSON
    #[command(
        long_about = "Export records as the files `import` reads: the same columns, with values \
                      in the forms the import accepts, one row per record in a stable order. \
                      `programme` writes programme.toml; `person EMAIL` writes everything held \
                      about one person (a subject access request) as text, or with --format json.\n\n\
                      Without --output a single kind goes to standard output. `all` writes \
                      programme.toml and every CSV file into the folder given with --output \
                      (created if missing), or with --format json one JSON document of the whole \
                      programme. `sessions --format ics` writes the sessions as an iCalendar \
                      file for calendar apps (--cohort N for one cohort's); `expenses --format \
                      ledger` writes the expenses as a journal that ledger and hledger read. \
                      Existing files are never replaced unless --force.",
        after_help = "More in docs/files.md: what each kind and format writes."
    )]
    Export {
        /// What to export
        #[arg(value_enum)]
        kind: FileKind,
        /// Only with `person`: the email of the person whose data to export (any case)
        #[arg(value_name = "EMAIL")]
        email: Option<String>,
        /// The form to write [default: csv; readable text for `person`]
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// Only this cohort (its number): its sessions (`sessions`, as CSV or a calendar), its
        /// participants (`participants`), its share and spending in the budget report
        /// (`budget`), or its learning sets (`sets`)
        #[arg(long, value_name = "N", value_parser = cohort_number)]
        cohort: Option<u32>,
        /// The file to write (for `all` as CSV, the folder) instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace files that already exist
        #[arg(long)]
        force: bool,
    },
    /// Keep the database open and serve other improvers processes, with no screen
    #[command(
        long_about = "Keep the database open and serve other improvers processes, with no screen.\n\n\
                      The first improvers to open a database owns it and every other improvers \
                      process talks to it; `serve` is an owner that stays up until stopped \
                      (Ctrl-C or kill), so dashboards, status and imports never wait for each other.",
        after_help = "More in docs/sharing.md: the owner, its clients and what is promised."
    )]
    Serve,
    /// Print a plain-text summary: stages, unmatched participants, mentor load, sessions, budget
    #[command(
        long_about = "Print a plain-text summary: stages, unmatched participants, mentor load, \
                      sessions in the next 14 days, the budget and warnings.\n\n\
                      The text fits the screen it is printed to: the terminal's width, else \
                      $COLUMNS, else 80 columns when piped. Long lines wrap under their own \
                      indent, and on a narrow screen the budget is shown one category at a time, \
                      so nothing is cut off (40 columns reads on a phone over SSH).",
        after_help = "More in docs/guide.md; the keys of --json are in docs/status-json.md."
    )]
    Status {
        /// Print JSON with stable keys for scripts (each key is described in docs/status-json.md)
        #[arg(long)]
        json: bool,
        /// Only this cohort (its number): its participants and their stages, who of them is
        /// without a mentor or has gone quiet, its sessions, and its share of the budget
        /// against what its sessions and people have cost. Nominees awaiting review and the
        /// mentor load stay the programme's as a whole
        #[arg(long, value_name = "N", value_parser = cohort_number)]
        cohort: Option<u32>,
    },
    /// Write the funder's report: reach, delivery, mentoring, pathway, mix, money, outcomes, with
    /// charts
    #[command(
        long_about = "Write the funder's report: one HTML file, with nothing else to fetch, that \
                      follows the bid's aims (reach, delivery, mentoring, the pathway to joining \
                      Q, the mix of each cohort, and the money, with the forecast to the end of \
                      the grant, and the participants' outcomes from their surveys), each with \
                      charts and the tables behind them. It reads well on \
                      a screen or a phone and prints to A4 from a browser.\n\n\
                      --format json writes the same figures for a funder's own template.",
        after_help = "More in docs/report.md: what each section shows and how each figure is \
                      worked out."
    )]
    Report {
        /// Only this cohort (its number)
        #[arg(long, value_name = "N", value_parser = cohort_number)]
        cohort: Option<u32>,
        /// Count sessions, attendance, check-ins, nominations and spending from this day
        /// (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Count them up to and including this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// html (the default) or json
        #[arg(long, value_enum, default_value = "html")]
        format: ReportFormat,
        /// The file to write, or `-` for standard output (JSON goes there without --output)
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace a file that already exists
        #[arg(long)]
        force: bool,
    },
    /// Propose mentors: the best pairing for a cohort, each pair explained, and why anyone is
    /// left unmatched
    #[command(
        long_about = "Propose mentors: the provably best pairing of a cohort's participants with \
                      Q members who offer mentoring, under each mentor's capacity. As many \
                      participants as possible get a mentor, then the total score is as high as it \
                      can be. Confirmed and locked matches are kept; forbidden pairs are never made.\n\n\
                      Each proposal is printed with its score broken down, and everyone left \
                      unmatched with the reason. Nothing is stored unless --apply, which stores the \
                      proposals (replacing earlier unconfirmed ones) for review in the dashboard. \
                      The weights are in the configuration file (see --config). The text fits \
                      the screen as status's does.",
        after_help = "More in docs/guide.md; the weights and rules are in docs/files.md (the \
                      configuration file)."
    )]
    Match {
        /// Only this cohort (its number) [default: every cohort not yet finished]
        #[arg(long, value_name = "N", value_parser = cohort_number)]
        cohort: Option<u32>,
        /// Store the proposals
        #[arg(long)]
        apply: bool,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Suggest a cohort's peer learning sets, each set's mix and why everyone is where they are
    #[command(
        long_about = "Suggest a cohort's peer learning sets (action-learning groups): sets of at \
                      most --size people that differ by at most one in size, as mixed as \
                      possible: never two from one organisation where the cohort allows it, then \
                      as few of one profession as can be. Keep-together and keep-apart pairs and \
                      locked people (set in the dashboard's :sets) are honoured. The same cohort \
                      always gives the same sets.\n\n\
                      Each set is printed with its mix and each person with why they are there. \
                      Nothing is stored unless --apply, which stores the sets in place of the \
                      cohort's earlier ones (one change; u in the dashboard undoes it).",
        after_help = "More in docs/guide.md (learning sets) and docs/files.md (export sets)."
    )]
    Sets {
        /// The cohort (its number) [default: the running cohort]
        #[arg(long, value_name = "N", value_parser = cohort_number)]
        cohort: Option<u32>,
        /// At most this many people a set [default: the size last used, or 5]
        #[arg(long, value_name = "N")]
        size: Option<usize>,
        /// Store the sets
        #[arg(long)]
        apply: bool,
    },
    /// Send what is due today and print one line per message sent, for cron
    #[command(
        long_about = "Send what is due today (reminders, mentor nudges, invitations and anything \
                      else due) as `mail --send` does, printing one line per message sent and \
                      nothing when nothing is due, so cron mails the output only when there is \
                      something to read. Safe to run twice the same day, or twice at once: the \
                      sent register holds every message accepted and the second run sends \
                      nothing new. A message not sent is reported on standard error, stays due, \
                      and makes the exit status non-zero.",
        after_help = "More in docs/mail.md: the crontab line, and what is sent when."
    )]
    Remind,
    /// Work out the kept figures again from the records and report any difference
    #[command(
        long_about = "Work out the figures kept beside the records again from the records \
                      themselves, and report any difference: the budget totals per category and \
                      state (what `status` and the budget pane show) against the sum of every \
                      expense, and the index that finds sessions by their start against the \
                      sessions; and that the history holds every change up to the last. Every \
                      record and history entry is read in full: one that cannot be read fails \
                      the check.\n\n\
                      Prints \"All figures agree\" with how many expenses, sessions and history \
                      entries were checked, or each difference, and then exits non-zero. Works while \
                      dashboards have the database open: whoever owns it does the check.",
        after_help = "More in docs/sharing.md: checking the kept figures, and what is promised."
    )]
    Check,
    /// Write a complete copy of the database to FILE (private to you, mode 0600)
    #[command(
        long_about = "Write a complete copy of the database to FILE: every record, the whole \
                      history and who last changed what. The copy is taken in one consistent read \
                      and FILE appears only once it is complete. It carries a checksum of its \
                      whole content, so `restore` refuses it if any of it changes. It holds \
                      people's details, so it is readable by you alone (mode 0600).\n\n\
                      Each backup is entered in the database's backup register (its absolute \
                      path, when, by whom, the last change it holds and its checksum), which \
                      `improvers backups` lists; the entry is in history but is not undone.",
        after_help = "More in docs/sharing.md: backups, restores and what is promised."
    )]
    Backup {
        /// The backup file to write, outside the database folder (replaced if it exists)
        file: PathBuf,
    },
    /// List the backups written of this database: where, when, by whom, and whether each file
    /// is still there as written
    #[command(
        long_about = "List the backup register: every backup `improvers backup` wrote of this \
                      database, oldest first, with its file's absolute path, when it was taken \
                      and by which Unix user, the last change it holds, and whether the file is \
                      still there and still matches the checksum it was written with (missing, \
                      replaced by a later backup, or changed).\n\n\
                      Backups hold people's details: the register is how the copies outside the \
                      database are found again, when someone is erased or when backups are due \
                      to be deleted.",
        after_help = "More in docs/sharing.md: backups, restores and what is promised; \
                      docs/data-protection.md: erasure and backups."
    )]
    Backups,
    /// Restore a backup into an empty database
    #[command(
        long_about = "Restore a backup into an empty database, exactly as it was backed up, \
                      history included. The backup's checksum is checked first: a damaged \
                      backup is refused and nothing is changed.\n\n\
                      A database that already holds data is refused unless --force, which keeps \
                      the old folder aside as PATH.before-restore-DATE and restores into a fresh \
                      one; so does a database improvers refuses to open because it is damaged.\n\n\
                      People erased (`forget`) after the backup was taken are erased again, from \
                      the list kept beside the database folder (FOLDER.erasures).",
        after_help = "More in docs/sharing.md: backups, restores and what is promised; \
                      docs/data-protection.md: erasure."
    )]
    Restore {
        /// The backup file to read
        file: PathBuf,
        /// Replace a non-empty database (the old folder is kept aside)
        #[arg(long)]
        force: bool,
    },
    /// Erase a person: their record becomes "erased person #N" and no file of the database
    /// holds them
    #[command(
        long_about = "Erase a person (UK GDPR right to erasure), found by their email. Their \
                      record becomes \"erased person #N\", keeping only what the figures count \
                      (cohort, stage, organisation, profession; for a Q member their roles and \
                      capacity): name, email, notes, project and availability go. Matches, \
                      attendances and expenses keep pointing at it, so budget totals, attendance \
                      and cohort sizes do not change; their name or email written anywhere else \
                      (an expense's payee, a note, history) becomes \"erased person #N\". Then \
                      the database is rewritten into fresh files and swapped in, so none of its \
                      files holds them. It cannot be undone.\n\n\
                      On a terminal it says what will go and asks you to type yes; --yes erases \
                      without asking (for scripts). An email in both registers is refused, \
                      listing both: say --participant, --q-member, or both; records merged or \
                      linked as one person (an alumnus's participant and Q member records) are \
                      erased together, named in the question. Backups made before \
                      still hold the person: `restore` of one makes the erasures again, from the \
                      list kept beside the database folder (FOLDER.erasures). Works while a \
                      dashboard has the database open. See docs/data-protection.md."
    )]
    Forget {
        /// The person's email, as the register holds it (case does not matter)
        email: String,
        /// Erase the participant with this email (needed when a Q member has it too)
        #[arg(long)]
        participant: bool,
        /// Erase the Q member with this email (needed when a participant has it too)
        #[arg(long)]
        q_member: bool,
        /// Erase without asking
        #[arg(long)]
        yes: bool,
    },
    /// Merge two records that are one: two participants or two Q members (one person under
    /// two emails), two organisations or two professions (one name spelt two ways)
    #[command(
        long_about = "Merge two records that are one: two participants or two Q members (one \
                      person under two emails), two organisations or two professions (one name \
                      spelt two ways). KEEP and GONE are emails for people and names for \
                      organisations and professions, matched as an import matches them (case \
                      and spacing aside). Everything that points at GONE moves to KEEP: \
                      sessions, mentoring matches and their check-ins, pair rules, nominations, \
                      expenses, and for an organisation or profession its people. What KEEP \
                      lacks is filled in from GONE (notes joined, pathways combined in date \
                      order and ending at the furthest stage of the two, never an earlier one, \
                      topics and expertise united); where both hold the same thing, one \
                      is kept (the better attendance mark, the match further on with both \
                      check-ins). Then GONE is deleted. It is one change: history keeps what it \
                      replaced, and `u` in the dashboard undoes it whole. Participants in two \
                      different cohorts are refused, as is an erased person.\n\n\
                      On a terminal it says what will move and asks y or n; with no terminal \
                      to ask on, --yes is needed, and what the question would have pointed out \
                      (a stage changed or kept, two live mentors) is said once merged. Works while a dashboard has the database \
                      open. See docs/guide.md."
    )]
    Merge {
        /// What the two records are
        #[arg(value_enum)]
        kind: MergeKind,
        /// The record to keep: an email for people, a name for the others
        keep: String,
        /// The record that goes into it: an email for people, a name for the others
        gone: String,
        /// Merge without asking
        #[arg(long)]
        yes: bool,
    },
    /// List the mail that is due (invitations, reminders, mentor nudges), write it as .eml
    /// files with --dry-run, or send it with --send
    #[command(
        long_about = "List the mail that is due today: session invitations with their calendar \
                      invitation, updates when a session changes, cancellations, reminders, \
                      mentor nudges for quiet pairs, and notes when a match is confirmed, on \
                      enrolment and to a nominating Q member. One line per message: the day it \
                      fell due, what it is and who it is to; people with no email are listed \
                      as such.\n\n\
                      --dry-run also writes each message, as it would be sent, as an .eml file \
                      into a new folder (--out DIR, else one made in the current folder and \
                      printed). Nothing is sent and nothing is recorded as sent. The sender is \
                      `from` under [mail] in the configuration file; the texts are templates \
                      that the configuration folder's mail/ subfolder can replace.\n\n\
                      --send hands each message to the mail server (SMTP with STARTTLS) or the \
                      local sendmail that the [mail] table names, and enters it in the sent \
                      register once the server has accepted it, so it is never sent twice. A \
                      message the server refuses is reported and stays due; the others still \
                      go. The password is read from the environment variable or the file (mode \
                      0600) the configuration names, never from the database.",
        after_help = "More in docs/mail.md: what is sent and when, the template fields, the \
                      [mail] keys and setting up sending."
    )]
    Mail {
        /// Write each message due as an .eml file, sending nothing
        #[arg(long)]
        dry_run: bool,
        /// The folder for the .eml files, which must not exist yet or be empty [default: a new
        /// folder improvers-mail-DATE-TIME in the current folder]
        #[arg(long, value_name = "DIR", requires = "dry_run")]
        out: Option<PathBuf>,
        /// Send every message due, and enter each one accepted in the sent register
        #[arg(long, conflicts_with = "dry_run")]
        send: bool,
    },
    /// A participant joins Q: moved to Joined Q and made a Q member, the two records linked
    #[command(
        name = "joined-q",
        long_about = "A participant at Completed or Applied to Q joins Q, in one change: their \
                      pathway moves to Joined Q (today, or --on DATE), a Q member record is made \
                      from theirs (name, email, organisation, profession; the roles given with \
                      --roles, none by default, and a mentoring capacity of 1 if mentor is one \
                      of them, else 0), and the two are linked as one person, so matching never \
                      pairs them and `status` counts them among the alumni. When a Q member \
                      already has their email, that record is linked instead of making a second \
                      one. `u` in the dashboard undoes all of it at once.\n\n\
                      Refused for a participant at an earlier stage, withdrawn, or already \
                      linked, and for --on after today. Works while a dashboard has the database open.",
        after_help = "More in docs/guide.md: alumni who join Q."
    )]
    JoinedQ {
        /// The participant's email, as the register holds it (case does not matter)
        email: String,
        /// The day they joined Q: 2026-05-03, 3/5/2026, 3 May, yesterday [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Roles the new Q member offers, comma-separated: mentor, facilitator, site-visit
        /// host, nominator [default: none yet]
        #[arg(long, value_name = "ROLES", value_delimiter = ',')]
        roles: Vec<String>,
    },
    /// Link a participant and a Q member as one person: an alumnus who joined Q before
    #[command(
        long_about = "Link a participant and a Q member record as one person, for alumni who \
                      joined Q before `joined-q` existed, often under a different (work) email. \
                      The link is dated with the participant's Joined Q date; a participant at \
                      Completed or Applied to Q is moved to Joined Q on --on DATE (today by \
                      default) in the same change. Linked people are never paired as mentor \
                      and mentee, both stories name the other, and `status` counts them.\n\n\
                      When the two names differ (case, accents and punctuation aside) it names \
                      both and asks y or n on a terminal; with no terminal to ask on, --yes is \
                      needed. Refused when either record is linked already, the participant is \
                      at a stage before Completed or withdrawn, or --on is after today.",
        after_help = "More in docs/guide.md: alumni who join Q."
    )]
    Link {
        /// The participant's email
        participant: String,
        /// The Q member's email
        q_member: String,
        /// The day they joined Q, when the pathway does not say [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Link without asking when the two names differ
        #[arg(long)]
        yes: bool,
    },
    /// Print a script that completes improvers' commands, options and file kinds in a shell
    #[command(
        long_about = "Print a script that completes improvers' commands, options, file kinds \
                      and formats in a shell, made from the same definitions as --help. Install \
                      it where the shell looks for completions, then start a new shell.\n\n\
                      bash: add the line source <(improvers completions bash) to ~/.bashrc\n\n\
                      zsh: improvers completions zsh > ~/.zfunc/_improvers (with \
                      fpath+=~/.zfunc before compinit in ~/.zshrc)\n\n\
                      fish: improvers completions fish > ~/.config/fish/completions/improvers.fish",
        after_help = "More in README.md."
    )]
    Completions {
        /// The shell that will read the script
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page improvers.1 (roff): every command and option in one page
    #[command(
        long_about = "Print the manual page improvers.1 (roff) to standard output: every command \
                      with its options and what they mean, in one page, made from the same \
                      definitions as --help. Install it where man looks, then read it with \
                      man improvers:\n\n\
                      mkdir -p ~/.local/share/man/man1\n\n\
                      improvers man > ~/.local/share/man/man1/improvers.1\n\n\
                      Or read it without installing it: improvers man | man -l -",
        after_help = "More in README.md."
    )]
    Man,
}

/// A kind of file that `import` reads and `export` writes. Import in this order so references
/// resolve: programme, venues, q-members, participants, pathway, readiness, sessions,
/// attendance, matches, check-ins, expenses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileKind {
    /// programme.toml: the programme, its cohorts and budget allocations
    Programme,
    Venues,
    QMembers,
    Participants,
    /// Dated pathway stages of participants
    Pathway,
    /// Q readiness items ticked for participants
    Readiness,
    Sessions,
    Attendance,
    Matches,
    CheckIns,
    Expenses,
    /// Export only: the budget report per category (allocated, paid, committed, estimated,
    /// remaining, % used) and in total, as CSV; with --cohort N, that cohort's share and spending
    Budget,
    /// Export only: every kind, as a folder of files (--output DIR) or one JSON document
    /// (--format json)
    All,
    /// Export only: everything held about one person, found by EMAIL in either register (a
    /// subject access request), as text or --format json; see docs/data-protection.md
    Person,
    /// Outcomes survey answers (Email, Timepoint, Completion time, one column per question
    /// scored 1–10), as Microsoft Forms or Google Forms export them; see docs/files.md
    Survey,
    /// Export only: a cohort's learning sets (--cohort N, or the running cohort), one row a
    /// person: set, name, email, profession, organisation, locked; see docs/files.md
    Sets,
}

/// A kind of file that `import` reads: the kinds of [`FileKind`] less those only exported (the
/// budget report, `all` and a person's data), so `--help`, the man page and completions list
/// only what import takes, and clap refuses the others. Import in this order so references
/// resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// programme.toml: the programme, its cohorts and budget allocations
    Programme,
    Venues,
    QMembers,
    Participants,
    /// Dated pathway stages of participants
    Pathway,
    /// Q readiness items ticked for participants
    Readiness,
    Sessions,
    Attendance,
    Matches,
    CheckIns,
    Expenses,
    /// Outcomes survey answers (Email, Timepoint, Completion time, one column per question
    /// scored 1–10), as Microsoft Forms or Google Forms export them; see docs/files.md
    Survey,
}

impl From<ImportKind> for FileKind {
    fn from(kind: ImportKind) -> Self {
        match kind {
            ImportKind::Programme => FileKind::Programme,
            ImportKind::Venues => FileKind::Venues,
            ImportKind::QMembers => FileKind::QMembers,
            ImportKind::Participants => FileKind::Participants,
            ImportKind::Pathway => FileKind::Pathway,
            ImportKind::Readiness => FileKind::Readiness,
            ImportKind::Sessions => FileKind::Sessions,
            ImportKind::Attendance => FileKind::Attendance,
            ImportKind::Matches => FileKind::Matches,
            ImportKind::CheckIns => FileKind::CheckIns,
            ImportKind::Expenses => FileKind::Expenses,
            ImportKind::Survey => FileKind::Survey,
        }
    }
}

/// What `merge` merges: the same words after `improvers merge` and `:merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeKind {
    /// Two participants, by email
    Participants,
    /// Two Q members, by email
    QMembers,
    /// Two organisations, by name
    Organisations,
    /// Two professions, by name
    Professions,
}

impl From<MergeKind> for crate::domain::people::merge::Kind {
    fn from(kind: MergeKind) -> Self {
        use crate::domain::people::merge::Kind;
        match kind {
            MergeKind::Participants => Kind::Participants,
            MergeKind::QMembers => Kind::QMembers,
            MergeKind::Organisations => Kind::Organisations,
            MergeKind::Professions => Kind::Professions,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The import's own form (programme.toml for `programme`)
    Csv,
    /// The whole programme as one document (only with `all`), or one person's data (`person`)
    Json,
    /// Sessions as an iCalendar file for calendar apps (only with `sessions`)
    Ics,
    /// Expenses as a plain-text journal for ledger and hledger (only with `expenses`)
    Ledger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    Small,
    Large,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_takes_help_as_other_commands_do() {
        let read = |line: &str| -> Vec<String> {
            with_help_conventions(line.split(' '))
                .into_iter()
                .map(|w| w.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(read("improvers help --help"), ["improvers", "help", "help"]);
        assert_eq!(read("improvers help -h"), ["improvers", "help", "help"]);
        assert_eq!(
            read("improvers --db x help import --help"),
            ["improvers", "--db", "x", "help", "import"]
        );
        assert_eq!(
            read("improvers import --help"),
            ["improvers", "import", "--help"]
        );
        assert_eq!(
            read("improvers --db help status"),
            ["improvers", "--db", "help", "status"]
        );
        assert_eq!(read("improvers help"), ["improvers", "help"]);
    }

    #[test]
    fn import_kinds_are_the_export_kinds_less_the_export_only_ones() {
        let import: Vec<FileKind> = ImportKind::value_variants()
            .iter()
            .map(|&k| k.into())
            .collect();
        let export_only = [
            FileKind::Budget,
            FileKind::All,
            FileKind::Person,
            FileKind::Sets,
        ];
        let expected: Vec<FileKind> = FileKind::value_variants()
            .iter()
            .copied()
            .filter(|k| !export_only.contains(k))
            .collect();
        assert_eq!(import, expected);
        for (i, e) in ImportKind::value_variants().iter().zip(&expected) {
            assert_eq!(i.to_possible_value(), e.to_possible_value());
        }
    }
}

/// The forms of `improvers report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page with charts
    Html,
    /// The figures, for a funder's own template
    Json,
}

/// A cohort as `--cohort` takes it: its number ("3"). Anything else is refused saying so,
/// rather than with the parser's "invalid digit found in string".
fn cohort_number(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| "give the cohort's number (for \"Cohort 3 — 2027\", --cohort 3)".to_string())
}
