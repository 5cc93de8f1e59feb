//! The conventions a command-line program is expected to keep: shell completions a shell loads,
//! a man page `man` reads, and a `--version` that says which databases and backups it reads.
//! Checks that need a shell or groff run them when installed, and say why they skip when not.

use assert_cmd::Command;
use clap::CommandFactory;
use improvers::cli::Cli;
use std::path::Path;

/// `improvers ARGS`, with nothing from the caller's environment choosing a database or a
/// configuration.
fn improvers(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("improvers").unwrap();
    cmd.args(args)
        .env_remove("IMPROVERS_DB")
        .env_remove("IMPROVERS_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/improvers-tests")
        .env("XDG_DATA_HOME", "/nonexistent/improvers-tests");
    cmd
}

fn printed(args: &[&str]) -> String {
    let out = improvers(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// The commands a user can type, as the program defines them (clap's own `help` aside).
fn command_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|command| command.get_name().to_string())
        .collect()
}

/// Whether `program` can be run here; when not, says so, for the test to skip.
fn installed(program: &str, test: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if !found {
        println!("skipped {test}: {program} is not installed");
    }
    found
}

/// Runs `program ARGS FILE` and fails the test, with what it printed, unless it succeeds
/// without a word on standard error.
fn accepts(program: &str, args: &[&str], file: &Path) {
    let out = std::process::Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && errors.trim().is_empty(),
        "{program} {args:?} refuses {}:\n{errors}",
        file.display()
    );
}

fn script_file(dir: &Path, shell: &str) -> std::path::PathBuf {
    let file = dir.join(format!("improvers.{shell}"));
    std::fs::write(&file, printed(&["completions", shell])).unwrap();
    file
}

#[test]
fn version_names_the_release_the_data_format_and_the_sharing_protocol() {
    let expected = format!(
        "improvers {} (data format {}, sharing protocol {})\n",
        env!("CARGO_PKG_VERSION"),
        improvers::store::codec::FORMAT,
        improvers::store::shared::protocol::PROTOCOL
    );
    assert_eq!(printed(&["--version"]), expected);
    assert_eq!(printed(&["-V"]), expected);
}

/// What bash offers after `improvers WORDS` (the last word being the one completed), with the
/// script loaded as a user's shell loads it, and the function it registers for `improvers`.
fn bash_offers(script: &Path, words: &[&str]) -> Vec<String> {
    const COMPLETE: &str = r#"
        source "$1" || exit 1
        function=$(complete -p improvers | sed -E 's/.* -F ([^ ]+) .*/\1/')
        COMP_WORDS=("${@:2}")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        "$function" improvers "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", COMPLETE, "bash"])
        .arg(script)
        .arg("improvers")
        .args(words)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_file_kinds_options_and_formats() {
    if !installed("bash", "bash completions") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = script_file(dir.path(), "bash");
    accepts("bash", &["-n"], &script);

    let commands = bash_offers(&script, &[""]);
    for name in command_names() {
        assert!(commands.contains(&name), "{name} not offered: {commands:?}");
    }
    let kinds = bash_offers(&script, &["import", ""]);
    for kind in [
        "programme",
        "q-members",
        "participants",
        "check-ins",
        "expenses",
    ] {
        assert!(kinds.contains(&kind.to_string()), "{kind}: {kinds:?}");
    }
    // Only exported: import does not offer them, export does.
    let exported = bash_offers(&script, &["export", ""]);
    for kind in ["budget", "all", "person"] {
        assert!(!kinds.contains(&kind.to_string()), "{kind}: {kinds:?}");
        assert!(exported.contains(&kind.to_string()), "{kind}: {exported:?}");
    }
    assert_eq!(
        bash_offers(&script, &["export", "participants", "--f"]),
        ["--format", "--force"]
    );
    assert_eq!(
        bash_offers(&script, &["export", "expenses", "--format", ""]),
        ["csv", "json", "ics", "ledger"]
    );
    assert_eq!(
        bash_offers(&script, &["completions", ""])
            .into_iter()
            .filter(|word| !word.starts_with('-'))
            .collect::<Vec<_>>(),
        ["bash", "elvish", "fish", "powershell", "zsh"]
    );
}

#[test]
fn import_lists_and_takes_only_the_kinds_it_reads() {
    let help = printed(&["import", "--help"]);
    assert!(help.contains("expenses"), "{help}");
    for kind in ["- budget:", "- all:", "- person:", "Export only"] {
        assert!(!help.contains(kind), "import --help lists {kind}:\n{help}");
    }
    let export = printed(&["export", "--help"]);
    for kind in ["- budget:", "- all:", "- person:"] {
        assert!(
            export.contains(kind),
            "export --help lacks {kind}:\n{export}"
        );
    }
    for kind in ["budget", "all", "person"] {
        let out = improvers(&["import", kind, "x.csv"]).assert().code(2);
        let errors = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            errors.contains(&format!("invalid value '{kind}' for '<KIND>'"))
                && errors.contains("[possible values: programme, venues"),
            "{errors}"
        );
    }
}

#[test]
fn help_answers_its_own_help_option_as_every_command_does() {
    for option in ["--help", "-h"] {
        let text = printed(&["help", option]);
        assert!(text.contains("Usage: improvers help [COMMAND]"), "{text}");
    }
    assert_eq!(
        printed(&["help", "import", "--help"]),
        printed(&["help", "import"])
    );
}

#[test]
fn zsh_reads_its_completions() {
    if !installed("zsh", "zsh completions") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = script_file(dir.path(), "zsh");
    accepts("zsh", &["-n"], &script);
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.starts_with("#compdef improvers"), "{text}");
    for name in command_names() {
        assert!(
            text.contains(&format!("'{name}:")),
            "{name} missing:\n{text}"
        );
    }
}

#[test]
fn fish_reads_its_completions_and_offers_every_command() {
    if !installed("fish", "fish completions") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = script_file(dir.path(), "fish");
    accepts("fish", &["--no-execute"], &script);
    let out = std::process::Command::new("fish")
        .args(["--no-config", "-c"])
        .arg(format!(
            "source {}; complete --do-complete 'improvers '",
            script.display()
        ))
        .output()
        .unwrap();
    let offered = String::from_utf8_lossy(&out.stdout);
    let offered: Vec<&str> = offered
        .lines()
        .map(|line| line.split('\t').next().unwrap_or_default())
        .collect();
    for name in command_names() {
        assert!(offered.contains(&name.as_str()), "{name}: {offered:?}");
    }
}

#[test]
fn elvish_and_powershell_scripts_name_every_command() {
    let elvish = printed(&["completions", "elvish"]);
    let powershell = printed(&["completions", "powershell"]);
    for name in command_names() {
        assert!(elvish.contains(&format!("cand {name} '")), "elvish: {name}");
        assert!(
            powershell.contains(&format!("'improvers;{name}'")),
            "powershell: {name}"
        );
    }
}

#[test]
fn an_unknown_shell_is_refused_naming_those_there_are() {
    let out = improvers(&["completions", "tcsh"]).assert().failure();
    let errors = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(errors.contains("tcsh"), "{errors}");
    assert!(
        errors.contains("bash, elvish, fish, powershell, zsh"),
        "{errors}"
    );
}

#[test]
fn the_man_page_has_a_section_for_every_command_with_every_option() {
    let page = printed(&["man"]);
    assert!(
        page.is_ascii(),
        "groff reads a page as Latin-1: write other characters as escapes"
    );
    assert!(page.contains(".TH improvers 1 "), "{page}");
    // Code quoted in the help texts is shown in bold, not between backticks.
    assert!(
        !page.contains('`'),
        "a backtick is shown as itself:\n{page}"
    );
    assert!(page.contains("the files \\fBimport\\fR reads"), "{page}");
    for heading in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "DOCUMENTATION",
    ] {
        assert!(page.contains(&format!("\n.SH {heading}\n")), "no {heading}");
    }
    let mut root = Cli::command();
    root.build();
    for command in root.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = command.get_name();
        let heading = format!(".SS \"improvers {name}\"\n");
        let start = page
            .find(&heading)
            .unwrap_or_else(|| panic!("no section for {name}"));
        let section = &page[start..];
        let end = section[heading.len()..]
            .find("\n.S")
            .map_or(section.len(), |end| end + heading.len());
        let section = &section[..end];
        for arg in command.get_arguments() {
            let option = match arg.get_long() {
                Some("db" | "config" | "help") => continue,
                Some(long) => format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-")),
                None if arg.is_positional() => {
                    let name = arg.get_id().as_str().to_uppercase();
                    // A required value is shown <LIKE THIS>, an optional one [LIKE THIS].
                    if arg.is_required_set() {
                        format!("<\\fI{name}\\fR>")
                    } else {
                        format!("[\\fI{name}\\fR]")
                    }
                }
                None => continue,
            };
            assert!(
                section.contains(&option),
                "{name}: no {option} in\n{section}"
            );
        }
    }
    for option in ["\\-\\-db", "\\-\\-config", "\\-\\-version"] {
        assert!(page.contains(&format!("\\fB{option}\\fR")), "no {option}");
    }
}

#[test]
fn groff_and_man_read_the_man_page_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("improvers.1");
    std::fs::write(&file, printed(&["man"])).unwrap();
    if installed("groff", "groff's check of the man page") {
        accepts("groff", &["-man", "-Tutf8", "-ww", "-z"], &file);
    }
    if !installed("man", "man's reading of the man page") {
        return;
    }
    let out = std::process::Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && errors.trim().is_empty(), "{errors}");
    let text = String::from_utf8_lossy(&out.stdout);
    for name in command_names().iter().filter(|name| *name != "help") {
        assert!(
            text.contains(&format!("   improvers {name}\n")),
            "{name} not shown:\n{text}"
        );
    }
    // What is written beyond ASCII reads as itself, not as bytes of Latin-1.
    assert!(text.contains("Aspiring Improvers — Fenland"), "{text}");
    assert!(text.contains("£40,000"), "{text}");
}

#[test]
fn completions_and_the_man_page_need_no_configuration_or_database() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[matching\nnot toml").unwrap();
    for args in [&["completions", "bash"][..], &["man"]] {
        improvers(args)
            .env("IMPROVERS_CONFIG", &config)
            .arg("--db")
            .arg(dir.path().join("no-such-database"))
            .assert()
            .success();
    }
    assert!(!dir.path().join("no-such-database").exists());
}

#[test]
fn a_full_standard_output_is_an_error_that_says_where_not_a_crash() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        println!("skipped: this system has no /dev/full");
        return;
    };
    for (args, what) in [
        (&["completions", "zsh"][..], "the zsh completions"),
        (&["man"], "the manual page"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
            .args(args)
            .env_remove("IMPROVERS_CONFIG")
            .env("XDG_CONFIG_HOME", "/nonexistent/improvers-tests")
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let errors = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{errors}");
        assert!(
            errors.contains(&format!("cannot write {what} to standard output")),
            "{errors}"
        );
        assert!(!errors.contains("panicked"), "{errors}");
    }
}
