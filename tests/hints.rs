//! Commands printed for a person to run next repeat the `--db` and `--config` they gave, so a
//! copied line acts on the same programme, never on the default database.

mod support;

use support::improvers;

#[test]
fn after_init_with_db_every_next_step_names_that_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = improvers(std::path::Path::new("e1"))
        .current_dir(dir.path())
        .env("COLUMNS", "200")
        .args([
            "init",
            "--name",
            "Aspiring Improvers — Wolds",
            "--funder",
            "Wolds Health Partnership",
            "--grant",
            "£20,000",
            "--starts",
            "2027-01-11",
            "--yes",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let said = String::from_utf8(out).unwrap();
    for command in [
        "  improvers --db e1\n",
        "  improvers --db e1 import venues FILE.csv\n",
        "  improvers --db e1 import participants FILE.csv\n",
        "  improvers --db e1 status",
    ] {
        assert!(said.contains(command), "{command:?} in\n{said}");
    }
    assert!(!said.contains("  improvers\n"), "{said}");
}

#[test]
fn a_missing_database_names_the_db_and_config_given_in_the_init_it_suggests() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("my programme");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[mail]\nfrom = \"team@wolds.example\"\n").unwrap();
    let out = improvers(&db)
        .arg("--config")
        .arg(&config)
        .env("COLUMNS", "400")
        .arg("mail")
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let said = String::from_utf8(out).unwrap();
    assert!(
        said.contains(&format!(
            "run `improvers --db '{}' --config {} init` (or open the dashboard with \
             `improvers --db '{}' --config {}` and press Enter)",
            db.display(),
            config.display(),
            db.display(),
            config.display()
        )),
        "{said}"
    );
    assert!(!db.exists(), "mail must not create a database");
}

/// cron runs with PATH=/usr/bin:/bin, where a bare `improvers` is not found: every crontab
/// line the docs show names the program by its full path.
#[test]
fn the_crontab_lines_in_the_docs_name_improvers_by_its_full_path() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines = 0;
    for page in ["README.md", "docs/mail.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        for line in text.lines().filter(|l| l.contains("0 7 * * *")) {
            lines += 1;
            let command = line.split("0 7 * * * ").nth(1).unwrap_or_default();
            assert!(
                command.starts_with("/usr/local/bin/improvers "),
                "{page}: {line}"
            );
        }
    }
    assert!(
        lines >= 2,
        "README and docs/mail.md each show the crontab line"
    );
}
