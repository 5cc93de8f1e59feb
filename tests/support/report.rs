//! What the report tests share: `improvers report` written as HTML and parsed, or as JSON.

use super::{improvers, stdout};
use predicates::prelude::*;
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::Path;

pub fn select(text: &str) -> Selector {
    Selector::parse(text).unwrap()
}

/// The report of `db` (with `extra` options) written beside it, as text and parsed.
pub fn report_html(db: &Path, extra: &[&str]) -> (String, Html) {
    let file = db.parent().unwrap().join("report.html");
    let _ = std::fs::remove_file(&file);
    improvers(db)
        .args(["report", "--output"])
        .arg(&file)
        .args(extra)
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote the report to"));
    let text = std::fs::read_to_string(&file).unwrap();
    let page = Html::parse_document(&text);
    (text, page)
}

/// The report of `db` (with `extra` options) as `--format json` prints it.
pub fn report_json(db: &Path, extra: &[&str]) -> Value {
    let out = stdout(
        improvers(db)
            .args(["report", "--format", "json"])
            .args(extra),
    );
    serde_json::from_str(&out).unwrap()
}
