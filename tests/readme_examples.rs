//! Every file example in README.md is complete and imports, and the commands of its "Start
//! your own programme" section run as shown, so the README cannot drift from the program.

mod support;

use std::path::Path;
use support::{CSV_KINDS, improvers, snapshot};

/// A fenced block: its language, the file it shows (the info string's second word), its text.
struct Block {
    language: String,
    file: Option<String>,
    text: String,
    /// The `## ` heading the block is under.
    section: String,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut open: Option<Block> = None;
    for line in readme.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                let mut words = info.split_whitespace();
                open = Some(Block {
                    language: words.next().unwrap_or_default().to_string(),
                    file: words.next().map(str::to_string),
                    text: String::new(),
                    section: section.clone(),
                });
            }
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some(block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, None) => {
                if let Some(heading) = line.strip_prefix("## ") {
                    section = heading.to_string();
                }
            }
        }
    }
    out
}

fn readme() -> Vec<Block> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    blocks(&text)
}

/// Writes every file the README shows into `dir`, and returns their names.
fn write_files(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for block in readme() {
        if let Some(file) = block.file {
            assert!(!names.contains(&file), "README shows {file} twice");
            std::fs::write(dir.join(&file), &block.text).unwrap();
            names.push(file);
        }
    }
    names
}

/// A command line split as a shell would, for the double quotes the README uses.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    out.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

#[test]
fn every_csv_and_toml_example_names_the_file_it_is() {
    for block in readme() {
        if block.language == "csv" || block.language == "toml" {
            assert!(
                block.file.is_some(),
                "a {} example under \"{}\" does not say which file it is (```{} FILE): it would \
                 not be imported by these tests",
                block.language,
                block.section,
                block.language
            );
        }
    }
}

#[test]
fn the_readme_files_import_in_order_into_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let names = write_files(dir.path());
    assert!(names.contains(&"programme.toml".to_string()), "{names:?}");
    let db = dir.path().join("db");
    improvers(&db)
        .args(["import", "programme"])
        .arg(dir.path().join("programme.toml"))
        .assert()
        .success();
    let mut imported = vec!["programme.toml".to_string()];
    for kind in CSV_KINDS {
        let file = format!("{kind}.csv");
        if names.contains(&file) {
            improvers(&db)
                .args(["import", kind])
                .arg(dir.path().join(&file))
                .assert()
                .success();
            imported.push(file);
        }
    }
    let mut shown = names.clone();
    shown.sort();
    imported.sort();
    assert_eq!(shown, imported, "a README file is of no kind import reads");
    let data = snapshot(&db);
    assert_eq!(data.participants.len(), 2);
    assert_eq!(data.sessions.len(), 2);
    assert_eq!(data.expenses.len(), 2);
}

#[test]
fn the_start_your_own_programme_commands_run_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path());
    let db = dir.path().join("db");
    let mut ran = 0;
    for block in readme() {
        if block.section != "Start your own programme" || block.language != "sh" {
            continue;
        }
        for line in block.text.lines().filter(|l| !l.trim().is_empty()) {
            let words = words(line);
            assert_eq!(words[0], "improvers", "{line}");
            // `improvers` alone opens the dashboard, which needs a terminal.
            if words.len() == 1 {
                continue;
            }
            improvers(&db)
                .current_dir(dir.path())
                .args(&words[1..])
                .assert()
                .success();
            ran += 1;
        }
    }
    assert!(ran >= 2, "the section shows no commands to run");
    let data = snapshot(&db);
    assert_eq!(
        data.programme.map(|p| p.name).as_deref(),
        Some("Aspiring Improvers — Fenland")
    );
    assert_eq!(data.participants.len(), 2);
    let cohort = data.cohorts.values().next().unwrap();
    assert!(
        data.participants
            .values()
            .all(|p| p.cohort == Some(cohort.id))
    );
}
