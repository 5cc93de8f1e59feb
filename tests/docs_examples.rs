//! The documentation cannot drift from the program: for README.md and every docs/*.md page,
//! every file it shows is complete and imports, every command it shows to type runs, every
//! command its prose names parses, every screen it shows is the one the dashboard draws, and
//! every link leads somewhere.

mod docs;
mod support;

use crossterm::event::{KeyCode, KeyModifiers};
use docs::run::{
    demo_folders, import_order, import_the_files_of, only_help, parse, run_commands_of, write_files,
};
use docs::{anchors, cargo_run_args, code_spans, command_words, concrete, links, pages};
use improvers::tui::command_line;
use improvers::tui::keymap::{KEYMAP, Place};
use std::path::Path;
use support::{demo_db, snapshot, status_json};

#[test]
fn every_csv_and_toml_example_names_the_file_it_is() {
    for page in pages() {
        for block in page.blocks() {
            if block.language == "csv" || block.language == "toml" {
                assert!(
                    block.file.is_some(),
                    "{}: a {} example under \"{}\" does not say which file it is (```{} FILE): \
                     it would not be imported by these tests",
                    page.at(block.first_line),
                    block.language,
                    block.section,
                    block.language
                );
            }
        }
    }
}

#[test]
fn the_files_of_each_page_import_in_order_into_a_fresh_database() {
    let mut any = false;
    for page in pages() {
        let dir = tempfile::tempdir().unwrap();
        let names = write_files(&page, dir.path());
        if !names.contains(&"programme.toml".to_string()) {
            // Without a programme they need the page's own commands (`init` first), which
            // `every_file_a_page_shows_is_imported_by_its_own_commands_or_in_order` requires.
            continue;
        }
        import_the_files_of(&page, dir.path());
        any = true;
    }
    assert!(any, "no page shows a programme.toml with files to import");
}

#[test]
fn every_file_a_page_shows_is_imported_by_its_own_commands_or_in_order() {
    for page in pages() {
        let dir = tempfile::tempdir().unwrap();
        let names = write_files(&page, dir.path());
        if names.contains(&"programme.toml".to_string()) {
            continue;
        }
        let imported: Vec<String> = page
            .blocks()
            .into_iter()
            .filter(|b| b.language == "sh")
            .flat_map(|b| b.text.lines().map(command_words).collect::<Vec<_>>())
            .filter(|w| w.first().is_some_and(|p| p == "improvers"))
            .filter_map(|w| match parse(&w[1..]).ok()?.command? {
                improvers::cli::Command::Import { file, .. } => Some(file.display().to_string()),
                _ => None,
            })
            .collect();
        for file in names {
            assert!(
                imported.contains(&file),
                "{}: shows {file} but imports it nowhere: show a programme.toml beside it, or an \
                 `improvers import` line for it in an sh block",
                page.name
            );
        }
    }
}

#[test]
fn the_readme_commands_set_up_a_programme_with_its_people_sessions_and_expenses() {
    let page = pages().remove(0);
    assert_eq!(page.name, "README.md");
    let run = run_commands_of(&page);
    assert!(run.failures.is_empty(), "{}", run.failures.join("\n\n"));
    assert!(run.ran >= 2, "the README shows no commands to run");
    let data = snapshot(&run.dir.path().join("db"));
    assert_eq!(
        data.programme.map(|p| p.name).as_deref(),
        Some("Aspiring Improvers — Fenland")
    );
    assert_eq!(data.participants.len(), 2);
    assert_eq!(data.sessions.len(), 2);
    assert_eq!(data.expenses.len(), 2);
    let cohort = data.cohorts.values().next().unwrap();
    assert!(
        data.participants
            .values()
            .all(|p| p.cohort == Some(cohort.id))
    );
}

#[test]
fn the_files_page_shows_a_complete_example_of_every_kind_import_reads() {
    let page = pages()
        .into_iter()
        .find(|p| p.name == "docs/files.md")
        .expect("docs/files.md exists");
    let dir = tempfile::tempdir().unwrap();
    let names = write_files(&page, dir.path());
    for (_, file) in import_order() {
        assert!(names.contains(&file), "docs/files.md shows no {file}");
    }
    let db = import_the_files_of(&page, dir.path());
    let data = snapshot(&db);
    assert_eq!(
        data.programme.map(|p| p.name).as_deref(),
        Some("Aspiring Improvers — Fenland")
    );
    assert_eq!(data.participants.len(), 2);
    assert_eq!(data.matches.len(), 1);
    assert_eq!(data.expenses.len(), 2);
}

#[test]
fn every_command_each_page_shows_to_type_runs_in_order() {
    let pages = pages();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = pages
            .iter()
            .map(|page| scope.spawn(move || run_commands_of(page).failures))
            .collect();
        runs.into_iter()
            .flat_map(|run| run.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn each_page_builds_the_demo_in_a_folder_no_other_page_or_line_uses() {
    // A reader goes from page to page in one folder: `demo` refuses a folder that is not
    // empty, so a second page building it where the first did would fail for them.
    let mut seen: Vec<(String, std::path::PathBuf)> = Vec::new();
    let mut failures = Vec::new();
    for page in pages() {
        for (number, db) in demo_folders(&page) {
            let Some(db) = db else { continue };
            if let Some((first, _)) = seen.iter().find(|(_, d)| *d == db) {
                failures.push(format!(
                    "{}: builds the demo in {} as {first} already did: \
                     `demo` refuses a folder that is not empty; give it a name of its own",
                    page.at(number),
                    db.display()
                ));
            }
            seen.push((page.at(number), db));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_command_the_prose_names_parses() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let mut commands: Vec<(usize, Vec<String>)> = Vec::new();
        for (number, span) in code_spans(&page.text) {
            if span == "improvers" || span.starts_with("improvers ") {
                commands.push((number, concrete(&span)[1..].to_vec()));
            } else if let Some(args) = cargo_run_args(&span) {
                commands.push((number, args));
            }
        }
        for block in page.blocks() {
            for (number, line) in block.numbered_lines() {
                if let Some(args) = cargo_run_args(line) {
                    commands.push((number, args));
                }
            }
        }
        for (number, args) in commands {
            checked += 1;
            match parse(&args) {
                // A command named in passing ("read by `improvers import`").
                Err(e)
                    if args.len() == 1
                        && e.kind() == clap::error::ErrorKind::MissingRequiredArgument => {}
                Err(e) if !only_help(&e) => failures.push(format!(
                    "{}: `improvers {}` does not parse:\n{e}",
                    page.at(number),
                    args.join(" ")
                )),
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 20, "only {checked} commands found in the prose");
}

#[test]
fn every_dashboard_command_the_prose_names_parses() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in pages() {
        for (number, span) in code_spans(&page.text) {
            let Some(typed) = span.strip_prefix(':') else {
                continue;
            };
            if !typed.starts_with(|c: char| c.is_ascii_lowercase()) {
                continue;
            }
            let words = concrete(typed);
            let text = words
                .iter()
                .map(|w| {
                    if w.contains(' ') {
                        format!("\"{w}\"")
                    } else {
                        w.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            checked += 1;
            if let Err(e) = command_line::parse(&text)
                && words.len() > 1
            {
                failures.push(format!("{}: `{span}` is refused: {e}", page.at(number)));
            } else if words.len() == 1 && command_line::parse(&text).is_err() {
                // Named in passing (`:import`): the command must exist, arguments aside.
                let known = command_line::completions(&text, &[]);
                if !known.iter().any(|c| c.trim() == text) {
                    failures.push(format!("{}: there is no `{span}`", page.at(number)));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked > 5,
        "only {checked} dashboard commands found in the prose"
    );
}

#[test]
fn every_screen_shown_is_the_one_the_dashboard_draws() {
    let mut shown = 0;
    for page in pages() {
        for block in page.blocks() {
            let (Some(name), "text") = (&block.file, block.language.as_str()) else {
                continue;
            };
            let file = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/snapshots")
                .join(format!("{name}.snap"));
            let snap = std::fs::read_to_string(&file).unwrap_or_else(|e| {
                panic!(
                    "{}: shows the screen {name}, but {} cannot be read: {e}",
                    page.at(block.first_line),
                    file.display()
                )
            });
            let drawn: Vec<&str> = snap
                .splitn(3, "---\n")
                .nth(2)
                .unwrap_or_default()
                .lines()
                .map(|l| l.trim_end().trim_matches('"').trim_end())
                .filter(|l| !l.is_empty())
                .collect();
            let written: Vec<&str> = block.text.lines().map(str::trim_end).collect();
            assert_eq!(
                written,
                drawn,
                "{}: the screen differs from the dashboard's {name}; copy it from {}",
                page.at(block.first_line),
                file.display()
            );
            shown += 1;
        }
    }
    assert!(shown >= 2, "only {shown} screens shown");
}

#[test]
fn the_status_json_page_names_every_key_status_prints_and_no_other() {
    let page = pages()
        .into_iter()
        .find(|p| p.name == "docs/status-json.md")
        .expect("docs/status-json.md exists");
    // Each row of the table: the key, and what the row says (where the keys inside it are named).
    let rows: Vec<(String, String)> = page
        .text
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(key, rest)| (key.trim_end_matches("[]").to_string(), rest.to_string()))
        .collect();
    let (_dir, db) = demo_db();
    let json = status_json(&db);
    let printed = json.as_object().expect("status --json prints an object");
    let mut failures = Vec::new();
    for (key, value) in printed {
        let Some((_, row)) = rows.iter().find(|(k, _)| k == key) else {
            failures.push(format!("`{key}` is printed but not described"));
            continue;
        };
        for inner in inner_keys(value) {
            if !row.contains(&format!("`{inner}`")) && !row.contains(&format!("`{inner}[]`")) {
                failures.push(format!(
                    "`{key}` holds `{inner}`, which its row does not name"
                ));
            }
        }
    }
    for (key, _) in &rows {
        if !printed.contains_key(key) {
            failures.push(format!("`{key}` is described but not printed"));
        }
    }
    assert!(
        failures.is_empty(),
        "docs/status-json.md and the demo's status --json differ:\n{}",
        failures.join("\n")
    );
}

/// The keys of the objects inside a value of status's JSON, at any depth: a cohort's, a
/// category's, a count's.
fn inner_keys(value: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                out.push(key.clone());
                out.extend(inner_keys(inner));
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                for key in inner_keys(item) {
                    if !out.contains(&key) {
                        out.push(key);
                    }
                }
            }
        }
        _ => {}
    }
    out
}

#[test]
fn every_relative_link_leads_to_a_file_and_heading_that_exist() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in pages() {
        for (number, target) in links(&page.text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let path = if file.is_empty() {
                page.path.clone()
            } else {
                page.path.parent().unwrap().join(file)
            };
            if !path.exists() {
                failures.push(format!("{}: {target}: no such file", page.at(number)));
                continue;
            }
            if anchor.is_empty() {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if !anchors(&text).iter().any(|a| a == anchor) {
                failures.push(format!(
                    "{}: {target}: {} has no heading #{anchor}",
                    page.at(number),
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 10, "only {checked} links found");
}

/// A key as the guide writes it: `j`, `Enter`, `Ctrl-d`, `↑`.
fn spelled(code: KeyCode, modifiers: KeyModifiers) -> Option<String> {
    let key = match code {
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => format!("Ctrl-{c}"),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        _ => return None,
    };
    Some(key)
}

#[test]
fn every_key_of_the_dashboard_is_in_the_guides_key_table_for_its_place() {
    let page = pages()
        .into_iter()
        .find(|p| p.name == "docs/guide.md")
        .expect("docs/guide.md exists");
    let rows: Vec<(String, String)> = page
        .text
        .split("\n## Keys\n")
        .nth(1)
        .expect("the guide has a Keys section")
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split_once(" | "))
        .map(|(keys, does)| (keys.to_string(), does.to_string()))
        .collect();
    let mut missing = Vec::new();
    for binding in KEYMAP {
        let place = match binding.place {
            Place::Everywhere => None,
            Place::Pane(pane) => Some(pane.title().to_lowercase()),
            Place::Attendance => Some("attendance".to_string()),
            Place::Person => Some("story".to_string()),
            Place::Mail => Some("mail".to_string()),
            Place::View(view) => Some(view.pane().title().to_lowercase()),
        };
        let written = binding.keys.iter().filter_map(|(c, m)| spelled(*c, *m));
        let found = written.clone().any(|key| {
            let key = format!("`{key}`");
            rows.iter().any(|(keys, does)| {
                let here = place.as_ref().is_none_or(|p| does.contains(p.as_str()));
                // The keys of a view within a pane (the attendance sheet, a person's story, the
                // month view) are told in the row of the key that opens it.
                let view = binding.help.split_once(':').map(|(view, _)| view);
                let within = matches!(
                    binding.place,
                    Place::Attendance | Place::Person | Place::Mail | Place::View(_)
                ) || view.is_some_and(|v| does.contains(v));
                let told = keys.contains(&key) || (within && does.contains(&key));
                here && told
            })
        });
        if !found {
            missing.push(format!(
                "{} ({}) in {:?}",
                binding.label, binding.help, binding.place
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "keys the dashboard has that the guide's key table does not give for their place:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_readme_opens_with_exactly_the_two_set_up_commands() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let first_block: Vec<&str> = readme
        .split("```")
        .nth(1)
        .expect("the README opens with a block of commands")
        .lines()
        .skip(1)
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(
        first_block,
        ["cargo run --release -- demo", "cargo test"],
        "the README's first block must be the two set-up commands, and nothing else"
    );
}
