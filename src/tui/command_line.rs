//! The `:` command line: its words split as a shell splits them (quotes keep a file name with
//! spaces whole), read with clap using the kinds and formats of `improvers import` and
//! `improvers export`, so a flag means the same in both places; and what Tab completes.

use crate::cli::{ExportFormat, FileKind, ImportKind, MergeKind};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// The commands `:` takes.
#[derive(Debug, Parser)]
#[command(
    name = ":",
    no_binary_name = true,
    disable_help_flag = true,
    disable_help_subcommand = true,
    disable_version_flag = true
)]
struct Typed {
    #[command(subcommand)]
    command: Command,
}

/// One command typed after `:`.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Every change, newest first; Enter offers to undo one
    #[command(visible_alias = "h")]
    History,
    /// Undo the newest change (asks first)
    Undo,
    /// The programme's settings: name, funder, grant, attendance threshold, dormant weeks
    Settings,
    /// Leave the dashboard
    #[command(visible_alias = "q")]
    Quit,
    /// Show one cohort (its number), all, or nominees awaiting review
    Cohort { which: String },
    /// Read a file into the database: all of it, or nothing
    Import {
        #[arg(value_enum)]
        kind: ImportKind,
        file: PathBuf,
    },
    /// Write records to a new file (`all`: a folder of files, or with .json one document);
    /// the format follows the file's ending (.ics, .journal, .ledger, .json) unless --format
    /// says
    Export {
        #[arg(value_enum)]
        kind: FileKind,
        file: PathBuf,
        /// The form to write
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// Only this cohort (its number)
        #[arg(long, value_name = "N")]
        cohort: Option<u32>,
    },
    /// Erase a person for good (asks first): by email, or the one selected
    Forget {
        email: Option<String>,
        /// Only the participant with this email (when a Q member has it too)
        #[arg(long)]
        participant: bool,
        /// Only the Q member with this email (when a participant has it too)
        #[arg(long)]
        q_member: bool,
    },
    /// Merge two records that are one (asks first): participants or q-members by email,
    /// organisations or professions by name; the second goes into the first
    Merge {
        #[arg(value_enum)]
        kind: MergeKind,
        keep: String,
        gone: String,
    },
    /// People, organisations and professions that may be one under two emails or spellings;
    /// Enter puts the :merge that would join them on the command line
    Duplicates,
    /// A participant joins Q and becomes a linked Q member (asks the day and roles): by
    /// email, or the one selected
    #[command(name = "joined-q")]
    JoinedQ { email: Option<String> },
    /// Link a participant and a Q member as one person, an alumnus who joined Q before
    Link {
        participant: String,
        q_member: String,
    },
    /// Mail: what is due, a preview of each message, sending it all or a dry run
    Mail,
    /// The cohort's learning sets in the roster; with a size, suggest sets of at most that
    /// many first (one change, u undoes it)
    Sets { size: Option<usize> },
}

/// Reads what was typed after `:`, or says in one line what is wrong with it and what would
/// be right.
pub fn parse(text: &str) -> Result<Command, String> {
    let Some(words) = shlex::split(text) else {
        return Err(format!(
            "“{text}” has a quote that is not closed; close it, or type the name without quotes"
        ));
    };
    let words = output_as_file(words);
    Typed::try_parse_from(&words)
        .map(|typed| typed.command)
        .map_err(|e| explain(&e, &words))
}

/// `export KIND --output FILE` as `improvers export` is typed: the dashboard takes the file (or
/// for `all`, the folder) as its own word after the kind, so the flag is dropped and its value
/// kept in that place. With a file word as well, the parser says there is one word too many.
fn output_as_file(words: Vec<String>) -> Vec<String> {
    if words.first().map(String::as_str) != Some("export") {
        return words;
    }
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        match word.strip_prefix("--output") {
            Some("") => {}
            _ if word == "-o" => {}
            Some(value) if value.starts_with('=') => out.push(value[1..].to_string()),
            _ => out.push(word),
        }
    }
    out
}

/// The format `:export` writes: the one asked for, else the one the file's ending names, else
/// the import's own (CSV, or programme.toml).
pub fn format_for(asked: Option<ExportFormat>, file: &std::path::Path) -> ExportFormat {
    if let Some(format) = asked {
        return format;
    }
    let ending = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ending.as_str() {
        "ics" => ExportFormat::Ics,
        "journal" | "ledger" | "hledger" => ExportFormat::Ledger,
        "json" => ExportFormat::Json,
        _ => ExportFormat::Csv,
    }
}

fn explain(error: &clap::Error, words: &[String]) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let said = |kind| error.get(kind).map(ToString::to_string).unwrap_or_default();
    let command = words.first().map_or("", String::as_str);
    match error.kind() {
        ErrorKind::InvalidSubcommand | ErrorKind::MissingSubcommand => {
            let typed = words.join(" ");
            format!("“{typed}” is not a command; try {}", usage_list())
        }
        ErrorKind::InvalidValue
            if said(ContextKind::InvalidArg) == "<KIND>" && command == "merge" =>
        {
            format!(
                "“{}” cannot be merged; try {}",
                said(ContextKind::InvalidValue),
                names::<MergeKind>().join(", ")
            )
        }
        ErrorKind::InvalidValue if said(ContextKind::InvalidArg) == "<KIND>" => format!(
            "“{}” is not a kind of file; try {}",
            said(ContextKind::InvalidValue),
            kinds(words.first().map_or("", String::as_str)).join(", ")
        ),
        ErrorKind::InvalidValue => format!(
            "“{}” is not a value {} takes; try {}",
            said(ContextKind::InvalidValue),
            bare(&said(ContextKind::InvalidArg)),
            said(ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "{} needs {}: {}",
            command,
            bare(&said(ContextKind::InvalidArg)).replace(", ", " and "),
            usage_of(command)
        ),
        ErrorKind::UnknownArgument if !said(ContextKind::InvalidArg).starts_with('-') => format!(
            "“{}” is one word too many; put a name with spaces in quotes: {}",
            said(ContextKind::InvalidArg),
            usage_of(command).replace("FILE", "\"FILE NAME\"")
        ),
        _ => {
            // clap's own sentence, first line, without its "error: " and colour.
            let rendered = error.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            format!("{first}; {}", usage_of(command))
        }
    }
}

/// "history, undo, settings, quit, cohort N, import KIND FILE, export KIND FILE [--format F]".
fn usage_list() -> String {
    Typed::command()
        .get_subcommands()
        .map(|c| usage_of(c.get_name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn usage_of(command: &str) -> String {
    match command {
        "cohort" => "cohort N".to_string(),
        "import" => "import KIND FILE".to_string(),
        "export" => "export KIND FILE [--format F] [--cohort N] (all: a FOLDER)".to_string(),
        "forget" => "forget [EMAIL] [--participant|--q-member]".to_string(),
        "merge" => "merge KIND KEEP GONE".to_string(),
        "link" => "link PARTICIPANT_EMAIL Q_MEMBER_EMAIL, as :link ada@home.example \
                   ada.okafor@work.example"
            .to_string(),
        "joined-q" => "joined-q [EMAIL]".to_string(),
        other => other.to_string(),
    }
}

/// "--format <FORMAT>" as "--format", "<KIND>" as "KIND".
fn bare(argument: &str) -> String {
    match argument.split_once(' ') {
        Some((flag, _)) if flag.starts_with('-') => flag.to_string(),
        _ => argument.replace(['<', '>'], ""),
    }
}

/// The kinds `command` takes: `import` those [`ImportKind`] reads; `export` every kind but
/// `person`.
fn kinds(command: &str) -> Vec<String> {
    if command == "import" {
        return names::<ImportKind>();
    }
    names::<FileKind>()
        .into_iter()
        // A person's data goes out by email, from the command line only.
        .filter(|k| k != "person")
        .collect()
}

/// The names clap reads for each value of `T`, as typed.
fn names<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect()
}

/// What Tab offers for the word being typed at the end of `text`: the whole words that would
/// replace it, in order. `cohorts` are the cohort numbers there are; a file name is looked up
/// in the current folder.
pub fn completions(text: &str, cohorts: &[u32]) -> Vec<String> {
    completions_in(text, cohorts, Path::new("."))
}

/// As `completions`, with file names looked up from `folder` rather than the current folder.
pub fn completions_in(text: &str, cohorts: &[u32], folder: &Path) -> Vec<String> {
    let ends_in_space = text.is_empty() || text.ends_with(char::is_whitespace);
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let typing = if ends_in_space {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let all: Vec<String> = match (words.first().copied(), words.len(), words.last().copied()) {
        (None, ..) => Typed::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect(),
        (Some("cohort"), 1, _) => {
            let mut which: Vec<String> = cohorts.iter().map(u32::to_string).collect();
            which.extend(["all".to_string(), "nominees".to_string()]);
            which
        }
        (Some(verb @ ("import" | "export")), 1, _) => kinds(verb),
        (Some("merge"), 1, _) => names::<MergeKind>(),
        (Some("export"), _, Some("--format")) => names::<ExportFormat>(),
        (Some("export"), _, Some("--cohort")) => cohorts.iter().map(u32::to_string).collect(),
        (Some("export"), n, _) if n >= 3 && typing.starts_with('-') => {
            vec!["--format".to_string(), "--cohort".to_string()]
        }
        // The file, after the kind: as a shell completes it.
        (Some("import" | "export"), 2, _) => return file_names(typing, folder),
        _ => Vec::new(),
    };
    let typed = typing.to_lowercase();
    all.into_iter()
        .filter(|name| name.to_lowercase().starts_with(&typed))
        .collect()
}

/// The files and folders whose names start with `typing` (which may begin with folders,
/// `data/mar`), looked up from `folder`, in name order; a folder ends in `/` so Tab can go on
/// into it, and a name with a space is quoted as `:` reads it. Hidden files are offered only
/// once a `.` is typed, as a shell does.
fn file_names(typing: &str, folder: &Path) -> Vec<String> {
    let (inside, start) = match typing.rfind('/') {
        Some(at) => typing.split_at(at + 1),
        None => ("", typing),
    };
    let look_in = if inside.starts_with('/') {
        std::path::PathBuf::from(inside)
    } else {
        folder.join(inside)
    };
    let Ok(entries) = std::fs::read_dir(&look_in) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            if !name.starts_with(start) || (name.starts_with('.') && !start.starts_with('.')) {
                return None;
            }
            let is_folder = entry.path().is_dir();
            let whole = format!("{inside}{name}{}", if is_folder { "/" } else { "" });
            Some(if whole.contains(char::is_whitespace) {
                format!("\"{whole}\"")
            } else {
                whole
            })
        })
        .collect();
    found.sort();
    found
}

/// `text` with its last word (or, after a space, nothing) replaced by `word` and a space, as
/// Tab leaves it; after a folder (`data/`) no space, so Tab can go on into it.
pub fn complete(text: &str, word: &str) -> String {
    let space = if word.ends_with('/') { "" } else { " " };
    format!("{}{word}{space}", before_last_word(text))
}

/// Whether a space typed at the end of `text` is worth keeping: not when `text` already ends
/// in one outside quotes (as after a Tab completion), since `:` splits words as a shell does
/// and a second space would only show as a gap.
pub fn keeps_space(text: &str) -> bool {
    let open_quote = text.chars().filter(|c| *c == '"').count() % 2 == 1;
    open_quote || !(text.is_empty() || text.ends_with(' '))
}

/// `text` up to the word being typed at its end.
pub fn before_last_word(text: &str) -> &str {
    if text.is_empty() || text.ends_with(char::is_whitespace) {
        text
    } else {
        let cut = text.rfind(char::is_whitespace).map_or(0, |at| at + 1);
        &text[..cut]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_as_a_shell_splits_them() {
        assert_eq!(
            parse("export expenses grant.journal --format ledger"),
            Ok(Command::Export {
                kind: FileKind::Expenses,
                file: "grant.journal".into(),
                format: Some(ExportFormat::Ledger),
                cohort: None,
            })
        );
        assert_eq!(
            parse("import participants 'March intake.csv'"),
            Ok(Command::Import {
                kind: ImportKind::Participants,
                file: "March intake.csv".into(),
            })
        );
        assert_eq!(
            parse(r#"export sessions "Cohort 2.ics" --cohort 2"#),
            Ok(Command::Export {
                kind: FileKind::Sessions,
                file: "Cohort 2.ics".into(),
                format: None,
                cohort: Some(2),
            })
        );
        assert_eq!(parse("h"), Ok(Command::History));
    }

    #[test]
    fn mistakes_are_one_line_naming_what_would_be_right() {
        let unknown = parse("frobnicate").unwrap_err();
        assert!(unknown.starts_with("“frobnicate” is not a command; try history, undo"));
        let kind = parse("import receipts x.csv").unwrap_err();
        assert!(kind.starts_with("“receipts” is not a kind of file; try programme, venues"));
        let format = parse("export expenses x --format pdf").unwrap_err();
        assert!(
            format.starts_with("“pdf” is not a value --format"),
            "{format}"
        );
        assert!(format.contains("ledger"), "{format}");
        let missing = parse("export expenses").unwrap_err();
        assert!(missing.starts_with("export needs FILE"), "{missing}");
        let spaced = parse("import expenses March 2026.csv").unwrap_err();
        assert!(
            spaced.starts_with("“2026.csv” is one word too many; put a name with spaces in quotes"),
            "{spaced}"
        );
        assert!(!parse("import receipts x").unwrap_err().contains("budget"));
        for written_only in ["budget", "all", "person"] {
            let refused = parse(&format!("import {written_only} x.csv")).unwrap_err();
            assert!(
                refused.starts_with(&format!(
                    "“{written_only}” is not a kind of file; try programme"
                )),
                "{refused}"
            );
        }
        let quote = parse("import participants 'March").unwrap_err();
        assert!(quote.contains("quote that is not closed"), "{quote}");
        for problem in [unknown, kind, format, missing, spaced, quote] {
            assert!(!problem.contains('\n'), "{problem}");
        }
    }

    #[test]
    fn the_format_follows_the_file_unless_asked() {
        let f = |asked, file: &str| format_for(asked, std::path::Path::new(file));
        assert_eq!(f(None, "grant.journal"), ExportFormat::Ledger);
        assert_eq!(f(None, "Cohort 2.ICS"), ExportFormat::Ics);
        assert_eq!(f(None, "all.json"), ExportFormat::Json);
        assert_eq!(f(None, "people.csv"), ExportFormat::Csv);
        assert_eq!(f(Some(ExportFormat::Csv), "odd.journal"), ExportFormat::Csv);
    }

    #[test]
    fn tab_offers_commands_kinds_formats_and_cohorts() {
        assert_eq!(completions("ex", &[]), ["export"]);
        assert_eq!(
            completions("", &[]),
            [
                "history",
                "undo",
                "settings",
                "quit",
                "cohort",
                "import",
                "export",
                "forget",
                "merge",
                "duplicates",
                "joined-q",
                "link",
                "mail",
                "sets"
            ]
        );
        assert_eq!(completions("import par", &[]), ["participants"]);
        assert_eq!(
            completions("export p", &[]),
            ["programme", "participants", "pathway"]
        );
        assert!(!completions("import ", &[]).contains(&"budget".to_string()));
        assert_eq!(
            completions("export expenses g.journal --f", &[]),
            ["--format"]
        );
        assert_eq!(
            completions("export expenses g.journal --format l", &[]),
            ["ledger"]
        );
        assert_eq!(
            completions("cohort ", &[1, 2]),
            ["1", "2", "all", "nominees"]
        );
        assert!(completions("import participants fi", &[]).is_empty());
        assert_eq!(complete("export p", "programme"), "export programme ");
        assert_eq!(complete("", "history"), "history ");
    }
}
