//! Reading the documentation pages as the docs tests need them: the fenced blocks, the
//! commands written in the prose, the links and the headings they point at.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod run;

/// One page of documentation: README.md or a file of docs/.
pub struct Page {
    /// The file, e.g. `docs/guide.md`, relative to the repository.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

impl Page {
    pub fn blocks(&self) -> Vec<Block> {
        blocks(&self.text)
    }

    /// `page:line`, for failure messages.
    pub fn at(&self, line: usize) -> String {
        format!("{}:{line}", self.name)
    }
}

/// README.md and every `docs/*.md`, in that order.
pub fn pages() -> Vec<Page> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("the docs folder is readable")
        .map(|entry| entry.expect("a docs entry is readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    paths
        .into_iter()
        .map(|path| Page {
            name: path
                .strip_prefix(root)
                .expect("pages are in the repository")
                .display()
                .to_string(),
            // A checkout that ends lines with CR LF reads the same.
            text: std::fs::read_to_string(&path)
                .expect("a page is readable")
                .replace("\r\n", "\n"),
            path,
        })
        .collect()
}

/// A fenced block: its language, the file it shows (the info string's second word), its text.
pub struct Block {
    pub language: String,
    pub file: Option<String>,
    pub text: String,
    /// The `## ` heading the block is under.
    pub section: String,
    /// The line of the page the block's first line of text is on (1-based).
    pub first_line: usize,
}

impl Block {
    /// The block's lines with the page line each is on.
    pub fn numbered_lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, l)| (self.first_line + i, l))
    }
}

pub fn blocks(page: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut open: Option<Block> = None;
    for (i, line) in page.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                let mut words = info.split_whitespace();
                open = Some(Block {
                    language: words.next().unwrap_or_default().to_string(),
                    file: words.next().map(str::to_string),
                    text: String::new(),
                    section: section.clone(),
                    first_line: i + 2,
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

/// The page's lines outside fenced blocks, with their line numbers.
pub fn prose(page: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (i, line) in page.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push((i + 1, line));
        }
    }
    out
}

/// The inline code spans of the prose (`like this`), with the line each starts on. A span may
/// run over a line break, as a wrapped paragraph's do.
pub fn code_spans(page: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (number, line) in prose(page) {
        if line.trim().is_empty() {
            // A paragraph ends: a backtick left open was a literal one.
            open = None;
            continue;
        }
        for (i, part) in line.split('`').enumerate() {
            if i > 0 {
                match open.take() {
                    Some(span) => out.push(span),
                    None => open = Some((number, String::new())),
                }
            }
            if let Some((_, span)) = &mut open {
                if !span.is_empty() || i == 0 {
                    span.push(' ');
                }
                span.push_str(part);
            }
        }
    }
    out.into_iter()
        .map(|(n, s)| (n, s.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

/// The links of the prose, `[text](target)`, with their line; code spans are left out.
pub fn links(page: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (number, line) in prose(page) {
        let outside_code: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part)
            .collect::<Vec<_>>()
            .join(" ");
        let mut rest = outside_code.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            match after.find(')') {
                Some(end) => {
                    out.push((number, after[..end].to_string()));
                    rest = &after[end..];
                }
                None => break,
            }
        }
    }
    out
}

/// The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as `-`,
/// and `-1`, `-2` after a repeated one.
pub fn anchors(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (_, line) in prose(page) {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let slug: String = heading
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let repeats = seen.iter().filter(|s| **s == slug).count();
        out.push(if repeats == 0 {
            slug.clone()
        } else {
            format!("{slug}-{repeats}")
        });
        seen.push(slug);
    }
    out
}

/// The words of a command line up to its first redirection, pipe or list (`>`, `|`, `&&`,
/// `;`): what the command itself is given.
pub fn command_words(line: &str) -> Vec<String> {
    words(line)
        .into_iter()
        .take_while(|w| {
            !matches!(
                w.as_str(),
                ">" | ">>" | "<" | "|" | "&&" | "||" | ";" | "2>"
            )
        })
        .collect()
}

/// A command line split as a shell would, for the quotes the pages use.
pub fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quote, mut started) = (None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (_, c) => {
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

/// A command as the prose writes it (`improvers export KIND [--format csv|json]`), made into
/// one the command line must accept: optional parts taken, the first of alternatives chosen,
/// and each placeholder in capitals replaced by a value of its kind.
pub fn concrete(span: &str) -> Vec<String> {
    let taken = span.replace(['[', ']'], " ").replace("...", " ");
    command_words(&taken)
        .into_iter()
        .map(|word| {
            let word = word.split('|').next().unwrap_or_default().to_string();
            placeholder(&word).map_or(word, str::to_string)
        })
        .collect()
}

fn placeholder(word: &str) -> Option<&'static str> {
    Some(match word {
        "KIND" => "participants",
        "FILE" | "FILE.csv" => "file.csv",
        "FILE.ics" => "file.ics",
        "F" => "csv",
        "N" | "C" => "1",
        "PATH" | "DIR" => "folder",
        "NAME" => "name",
        "AMOUNT" => "£1",
        "DATE" => "2027-01-11",
        "SHELL" => "bash",
        "EMAIL" => "someone@example.org",
        "FORMAT" => "csv",
        _ => return None,
    })
}

/// The arguments of a `cargo run ... -- ARGS` line (its comment left off), or `None` when the
/// line runs something else (an example, a bench).
pub fn cargo_run_args(line: &str) -> Option<Vec<String>> {
    let start = line.find("cargo run")?;
    let line = &line[start..];
    let line = line.split(" #").next().unwrap_or_default();
    let words = command_words(line);
    if words.iter().any(|w| w == "--example" || w == "--bin") {
        return None;
    }
    let split = words.iter().position(|w| w == "--")?;
    Some(
        words[split + 1..]
            .iter()
            .filter(|w| *w != "...")
            .cloned()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_run_over_wrapped_lines() {
        let spans = code_spans("see `improvers export\n  KIND` and `x`\n");
        assert_eq!(spans[0], (1, "improvers export KIND".to_string()));
        assert_eq!(spans[1].1, "x");
    }
}
