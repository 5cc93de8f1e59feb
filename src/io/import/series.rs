//! The `series` and `repeats` columns of a sessions file: rows that name the same first session
//! in `series` become one series, so "this and all following" still reaches them once imported.
//!
//! A sessions file only ever adds sessions (a ref already in the programme is refused), so every
//! series gathered here is new and made only of sessions from the same file: a series already in
//! the programme cannot be duplicated, nor extended by naming one of its sessions.

use super::draft::Draft;
use super::error::Problems;
use super::fields;
use crate::domain::change::Record;
use crate::domain::ids::SessionId;
use crate::domain::sessions::series::{Repeat, Series};
use crate::domain::text::clean_line;
use chrono::NaiveDateTime;
use std::collections::HashMap;

/// What the series check needs from one row of a sessions file.
pub(crate) struct SeriesRow {
    pub line: u64,
    /// The row's own ref as written (cleaned), when it has one.
    pub reference: Option<String>,
    /// The raw `series` and `repeats` values.
    pub series: String,
    pub repeats: String,
    /// The session the row made, when every field of it was right.
    pub session: Option<(SessionId, NaiveDateTime)>,
}

/// Refs are matched as the importer matches them elsewhere: cleaned, without regard to case.
fn key(raw: &str) -> Option<String> {
    let cleaned = clean_line(raw);
    (!cleaned.is_empty()).then(|| cleaned.to_lowercase())
}

/// "line 4" or "lines 4, 5, 6".
fn lines(rows: &[&SeriesRow]) -> String {
    match rows {
        [one] => format!("line {}", one.line),
        _ => format!(
            "lines {}",
            rows.iter()
                .map(|r| r.line.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One series as the file names it: the key of its first session's ref and its rows in file
/// order.
struct Group<'a> {
    key: String,
    rows: Vec<(&'a SeriesRow, Option<Repeat>)>,
}

/// Checks the `series` and `repeats` of every row, noting each problem, and puts one series
/// for each group of rows that is right, its sessions in order of start.
pub(crate) fn gather(draft: &mut Draft, problems: &mut Problems, rows: &[SeriesRow]) {
    // The first row with each ref; a repeated ref is already reported by the sessions check.
    let mut by_ref: HashMap<String, &SeriesRow> = HashMap::new();
    for row in rows {
        if let Some(k) = row.reference.as_deref().and_then(key) {
            by_ref.entry(k).or_insert(row);
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let repeat = problems.optional(row.line, "repeats", &row.repeats, |raw| {
            raw.parse::<Repeat>().map_err(|e| e.to_string())
        });
        let Some(series) = key(&row.series) else {
            if let Some(Some(_)) = repeat {
                problems.add(
                    row.line,
                    "series",
                    format!(
                        "is empty, but repeats says \"{}\"; name the series by the ref of its first session, or leave repeats empty for a one-off session",
                        fields::line(&row.repeats)
                    ),
                );
            }
            continue;
        };
        if repeat == Some(None) {
            problems.add(
                row.line,
                "repeats",
                "is empty; a session in a series needs how the series repeats (weekly, fortnightly or monthly)",
            );
        }
        let index = *group_of.entry(series.clone()).or_insert_with(|| {
            groups.push(Group {
                key: series,
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        groups[index].rows.push((row, repeat.flatten()));
    }
    for group in groups {
        check_and_put(draft, problems, &by_ref, group);
    }
}

fn check_and_put(
    draft: &mut Draft,
    problems: &mut Problems,
    by_ref: &HashMap<String, &SeriesRow>,
    group: Group,
) {
    let Some(first) = by_ref.get(&group.key) else {
        let reason = if draft.has_session_ref(&group.key) {
            "is a session already in the programme; a series is made only of sessions in the same file, named by the ref of its first session"
        } else {
            "names no session in this file; a series is named by the ref of its first session"
        };
        for (row, _) in &group.rows {
            problems.add(
                row.line,
                "series",
                format!("\"{}\" {reason}", fields::line(&row.series)),
            );
        }
        return;
    };
    let mut ok = true;
    if !group.rows.iter().any(|(row, _)| row.line == first.line) {
        let others: Vec<&SeriesRow> = group.rows.iter().map(|(row, _)| *row).collect();
        let written = match fields::optional(&first.series) {
            None => "is empty".to_string(),
            Some(other) => format!("is \"{}\"", fields::line(other)),
        };
        problems.add(
            first.line,
            "series",
            format!(
                "{written}, but the series of {} starts with this session; write its own ref \"{}\" here",
                lines(&others),
                first.reference.as_deref().unwrap_or_default()
            ),
        );
        ok = false;
    }
    // The repeat the series has: its first session's, or else the first one written.
    let expected = group
        .rows
        .iter()
        .filter(|(_, repeat)| repeat.is_some())
        .min_by_key(|(row, _)| (row.line != first.line, row.line))
        .and_then(|(row, repeat)| repeat.map(|r| (row, r)));
    if let Some((said, repeat)) = expected {
        for (row, other) in &group.rows {
            if other.is_some_and(|other| other != repeat) {
                problems.add(
                    row.line,
                    "repeats",
                    format!(
                        "is \"{}\", but line {} of the same series says \"{}\"; a series repeats one way",
                        fields::line(&row.repeats),
                        said.line,
                        fields::line(&said.repeats)
                    ),
                );
                ok = false;
            }
        }
    }
    let sessions: Option<Vec<(NaiveDateTime, u64, SessionId)>> = group
        .rows
        .iter()
        .map(|(row, _)| row.session.map(|(id, start)| (start, row.line, id)))
        .collect();
    let (true, Some((_, repeat)), Some(mut sessions)) = (ok, expected, sessions) else {
        return;
    };
    // In date order, as the series a person plans is kept; the file's order breaks ties.
    sessions.sort_unstable();
    let id = draft.new_series_id();
    draft.put(Record::Series(Series {
        id,
        repeat,
        sessions: sessions.into_iter().map(|(_, _, id)| id).collect(),
    }));
}
