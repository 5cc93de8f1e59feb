//! Every `--help` text reads as whole sentences and points at documentation that exists: the
//! whole command tree is walked, so a command or option added later is held to the same rules.

use clap::CommandFactory;
use improvers::cli::{Cli, DOCS};
use std::path::Path;

/// One help text and where a reader meets it, e.g. `improvers match: long about`.
struct Text {
    place: String,
    text: String,
}

/// Every text of `command` and, below it, of its options, values and commands.
fn texts(command: &clap::Command, path: &str, out: &mut Vec<Text>) {
    let mut push = |place: String, text: Option<&clap::builder::StyledStr>| {
        if let Some(text) = text {
            out.push(Text {
                place,
                text: text.to_string(),
            });
        }
    };
    push(format!("{path}: about"), command.get_about());
    push(format!("{path}: long about"), command.get_long_about());
    push(format!("{path}: before help"), command.get_before_help());
    push(
        format!("{path}: before long help"),
        command.get_before_long_help(),
    );
    push(format!("{path}: after help"), command.get_after_help());
    push(
        format!("{path}: after long help"),
        command.get_after_long_help(),
    );
    for arg in command.get_arguments() {
        let name = arg.get_long().unwrap_or(arg.get_id().as_str());
        push(format!("{path} {name}: help"), arg.get_help());
        push(format!("{path} {name}: long help"), arg.get_long_help());
        for value in arg.get_possible_values() {
            push(
                format!("{path} {name} {}: help", value.get_name()),
                value.get_help(),
            );
        }
    }
    for sub in command.get_subcommands() {
        texts(sub, &format!("{path} {}", sub.get_name()), out);
    }
}

fn all_texts() -> Vec<Text> {
    let mut command = Cli::command();
    // As the program shows it: with --help, --version and the help command clap adds.
    command.build();
    let mut out = Vec::new();
    texts(&command, "improvers", &mut out);
    out
}

/// What is wrong with how `text` is written, if anything: spaces run together (a line of a
/// long string continued without `\`), an indented line, a trailing space, or an ending that
/// stops mid-sentence (on a comma, an open bracket or quote, or a word such as "and").
fn faults(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if text.contains("  ") {
        found.push("two or more spaces in a row".to_string());
    }
    if text.lines().any(|line| line.starts_with([' ', '\t'])) {
        found.push("a line that starts with spaces".to_string());
    }
    if text.lines().any(|line| line.ends_with([' ', '\t'])) || text.contains('\t') {
        found.push("a trailing space or a tab".to_string());
    }
    let trimmed = text.trim_end();
    if trimmed.ends_with([',', ';', ':', '(', '[', '—', '/', '\\']) {
        found.push("ends on a punctuation mark that leads on".to_string());
    }
    let last_word = trimmed
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|word| !word.is_empty())
        .unwrap_or_default()
        .to_lowercase();
    let ends_on_word = trimmed.ends_with(|c: char| c.is_alphanumeric());
    const LEADING_ON: &[&str] = &[
        "a", "an", "and", "as", "by", "for", "from", "in", "is", "of", "or", "than", "the", "to",
        "unless", "when", "with",
    ];
    if ends_on_word && LEADING_ON.contains(&last_word.as_str()) {
        found.push(format!("ends on \"{last_word}\""));
    }
    for (open, close) in [('(', ')'), ('[', ']')] {
        if text.matches(open).count() != text.matches(close).count() {
            found.push(format!("{open} and {close} do not pair"));
        }
    }
    for quote in ['`', '"'] {
        if text.matches(quote).count() % 2 != 0 {
            found.push(format!("an unclosed {quote}"));
        }
    }
    found
}

/// The docs pages `text` names, as `docs/NAME.md`.
fn pages_named(text: &str) -> Vec<String> {
    let mut pages = Vec::new();
    for (start, _) in text.match_indices("docs/") {
        let rest = &text[start + "docs/".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        let name = name.trim_end_matches('.');
        if name.ends_with(".md") {
            pages.push(format!("docs/{name}"));
        }
    }
    pages
}

#[test]
fn the_checks_catch_the_faults_they_look_for() {
    // match's long about as it once was: a string continued without `\`.
    assert!(
        !faults("the best pairing of participants with                       Q members").is_empty()
    );
    assert!(
        !faults("Propose mentors: the best pairing\n                      of a cohort.").is_empty()
    );
    assert!(!faults("Only this cohort, and").is_empty());
    assert!(!faults("The columns are listed in").is_empty());
    assert!(!faults("The weights (see --config").is_empty());
    assert!(!faults("Import these kinds:").is_empty());
    assert!(
        faults("Only this cohort (its number) [default: every cohort not yet finished]").is_empty()
    );
    assert_eq!(
        pages_named("More in docs/files.md. And docs/status-json.md: keys; the docs/ folder."),
        ["docs/files.md", "docs/status-json.md"]
    );
}

#[test]
fn every_help_text_is_written_in_whole_sentences_with_single_spaces() {
    let problems: Vec<String> = all_texts()
        .iter()
        .flat_map(|text| {
            faults(&text.text)
                .into_iter()
                .map(move |fault| format!("{}: {fault}:\n{}", text.place, text.text))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// While the repository has no user documentation at all (no docs/ folder, and README.md names
/// no docs/ page), the pages cannot be checked yet; from the moment either exists, they are.
fn documentation_is_written(root: &Path) -> bool {
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    root.join("docs").is_dir() || !pages_named(&readme).is_empty()
}

#[test]
fn every_docs_page_a_help_text_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut named: Vec<(String, String)> = all_texts()
        .iter()
        .flat_map(|text| {
            pages_named(&text.text)
                .into_iter()
                .map(|page| (page, text.place.clone()))
        })
        .collect();
    named.extend(
        DOCS.iter()
            .map(|(page, _)| (page.to_string(), "improvers::cli::DOCS".to_string())),
    );
    assert!(
        named.len() > DOCS.len(),
        "no command's help names a docs page"
    );
    if !documentation_is_written(root) {
        println!(
            "skipped: this checkout has no docs/ folder yet and README.md names no docs/ page, \
             so the {} pages named in help texts cannot be checked",
            named.len()
        );
        return;
    }
    let missing: Vec<String> = named
        .iter()
        .filter(|(page, _)| !root.join(page).is_file())
        .map(|(page, place)| format!("{place} names {page}, which does not exist"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_command_points_at_the_page_that_tells_more() {
    let mut root = Cli::command();
    root.build();
    let unpointed: Vec<&str> = root
        .get_subcommands()
        .filter(|command| command.get_name() != "help")
        .filter(|command| {
            let help = [command.get_after_help(), command.get_long_about()]
                .iter()
                .flatten()
                .map(|text| text.to_string())
                .collect::<String>();
            pages_named(&help).is_empty() && !help.contains("README.md")
        })
        .map(clap::Command::get_name)
        .collect();
    assert!(
        unpointed.is_empty(),
        "these commands' --help names no docs/ page or README.md: {unpointed:?}"
    );
}

#[test]
fn the_programs_help_lists_every_docs_page() {
    let help = Cli::command().render_help().to_string();
    for (page, covers) in DOCS {
        assert!(
            help.contains(&format!("{page}: {covers}")),
            "improvers --help does not list {page}:\n{help}"
        );
    }
    let long_help = Cli::command().render_long_help().to_string();
    assert!(long_help.contains("docs/guide.md"), "{long_help}");
}

#[test]
fn the_help_texts_that_point_at_a_page_point_at_the_right_one() {
    let page_of = |name: &str| -> String {
        let mut root = Cli::command();
        root.build();
        let command = root
            .find_subcommand(name)
            .unwrap_or_else(|| panic!("no command {name}"))
            .clone();
        command
            .get_after_help()
            .map(|text| text.to_string())
            .unwrap_or_default()
    };
    for (command, page) in [
        ("import", "docs/files.md"),
        ("export", "docs/files.md"),
        ("status", "docs/status-json.md"),
        ("serve", "docs/sharing.md"),
        ("backup", "docs/sharing.md"),
        ("restore", "docs/sharing.md"),
        ("demo", "docs/guide.md"),
    ] {
        let help = page_of(command);
        assert!(
            help.contains(page),
            "improvers {command} --help should point at {page}: {help}"
        );
    }
    let status = Cli::command()
        .find_subcommand_mut("status")
        .map(|status| status.render_long_help().to_string())
        .unwrap_or_default();
    assert!(
        status
            .lines()
            .any(|line| line.contains("docs/status-json.md")),
        "{status}"
    );
}
