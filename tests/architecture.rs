//! The layering rules of the code base, checked on the source itself so a slip fails the
//! build's tests rather than waiting for review.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).expect("source folder is readable") {
            let path = entry.expect("source entry is readable").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Lines of `file` that name `krate` as a path or import, ignoring comments.
fn mentions(file: &Path, krate: &str) -> Vec<String> {
    let text = fs::read_to_string(file).expect("source file is readable");
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| {
            line.contains(&format!("{krate}::"))
                || line.trim_start().starts_with(&format!("use {krate}"))
                || line.contains(&format!("extern crate {krate}"))
        })
        .map(|l| format!("{}: {}", file.display(), l.trim()))
        .collect()
}

#[test]
fn the_domain_knows_nothing_of_terminals_or_databases() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let files = rust_files(&src);
    assert!(
        files.len() > 5,
        "expected the domain's files under {}",
        src.display()
    );
    let mut offences = Vec::new();
    for file in &files {
        for krate in ["ratatui", "crossterm", "sled", "bincode"] {
            offences.extend(mentions(file, krate));
        }
    }
    assert!(
        offences.is_empty(),
        "src/domain must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn only_the_codec_uses_bincode_and_only_the_store_uses_sled() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offences = Vec::new();
    for file in rust_files(&src) {
        let rel = file
            .strip_prefix(&src)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        if rel != "store/codec.rs" {
            offences.extend(mentions(&file, "bincode"));
        }
        if !rel.starts_with("store/") {
            offences.extend(mentions(&file, "sled"));
        }
    }
    assert!(
        offences.is_empty(),
        "storage crates leak out of src/store:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_checker_would_notice_an_offending_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("bad.rs");
    fs::write(
        &file,
        "// sled:: in a comment is fine\nuse sled::Db;\nfn f() { ratatui::init(); }\n",
    )
    .expect("write probe file");
    assert_eq!(mentions(&file, "sled").len(), 1);
    assert_eq!(mentions(&file, "ratatui").len(), 1);
    assert!(mentions(&file, "bincode").is_empty());
}

/// The domain is grouped by subject, the way the programme team talks about its work.
const SUBJECTS: [&str; 6] = [
    "people",
    "mentoring",
    "sessions",
    "budget",
    "outcomes",
    "learning_sets",
];

/// The shared vocabulary every subject uses: plain values with no subject of their own.
const VOCABULARY: [&str; 8] = [
    "ids",
    "money",
    "dates",
    "text",
    "labels",
    "count",
    "suggest",
    "identifiers",
];

/// Subjects `file` names, as `super::people` or `domain::budget`, ignoring comments.
fn subjects_named(file: &Path) -> Vec<String> {
    SUBJECTS
        .iter()
        .flat_map(|subject| {
            let mut lines = mentions(file, &format!("domain::{subject}"));
            lines.extend(mentions(file, &format!("super::{subject}")));
            lines
        })
        .collect()
}

#[test]
fn the_domain_is_grouped_by_subject() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    for subject in SUBJECTS {
        let folder = domain.join(subject);
        assert!(
            folder.join("mod.rs").is_file(),
            "{} should be a folder with its own mod.rs",
            folder.display()
        );
    }
    let loose: Vec<String> = fs::read_dir(&domain)
        .expect("domain folder is readable")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    assert!(
        loose.len() <= 20,
        "src/domain holds {} files side by side; put the new ones under a subject ({}): {}",
        loose.len(),
        SUBJECTS.join(", "),
        loose.join(", ")
    );
}

#[test]
fn the_shared_vocabulary_depends_on_no_subject() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut offences = Vec::new();
    for name in VOCABULARY {
        offences.extend(subjects_named(&domain.join(format!("{name}.rs"))));
    }
    assert!(
        offences.is_empty(),
        "the domain's vocabulary must not depend on a subject:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_subject_checker_would_notice_a_subject_named() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("money.rs");
    fs::write(
        &file,
        "// super::budget in a comment is fine\nuse super::budget::Budget;\n",
    )
    .expect("write probe file");
    assert_eq!(subjects_named(&file).len(), 1);
}
