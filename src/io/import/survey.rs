//! Outcomes surveys as Microsoft Forms and Google Forms export them: a header row, an email
//! column, a timepoint column, perhaps a date column, and one column per question scored 1–10,
//! each header the question's text. Other columns (ID, Name, free-text questions) are passed
//! over. Every wrong row is reported and then nothing is imported.

use super::error::{ImportErrors, ImportProblem, Problems};
use super::lines::LineStarts;
use crate::domain::change::Record;
use crate::domain::outcomes::{SurveyAnswer, SurveyAnswers, Timepoint};
use crate::domain::people::same_email;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_line;
use crate::io::formula_guard;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::BTreeMap;

/// Headers of the respondent's email, as the two Forms and people write them (lower case).
const EMAIL_HEADERS: [&str; 8] = [
    "email",
    "email address",
    "e-mail",
    "e-mail address",
    "respondent email",
    "username",
    "your email",
    "your email address",
];

/// Headers of when the survey was answered, the first found taking precedence: Microsoft
/// Forms writes "Start time" and "Completion time", Google Forms "Timestamp".
const DATE_HEADERS: [&str; 4] = ["completion time", "timestamp", "submitted at", "start time"];

/// Headers that are never a question: what Forms adds about the response itself.
const OTHER_HEADERS: [&str; 10] = [
    "id",
    "name",
    "full name",
    "your name",
    "last modified time",
    "total points",
    "quiz feedback",
    "points",
    "feedback",
    "language",
];

/// What a survey import makes: the participants' answer records that changed, how many
/// answers are new or changed, and what was passed over (worth a look, never an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyImport {
    pub records: Vec<Record>,
    pub answers: usize,
    pub notes: Vec<ImportProblem>,
}

/// The order of day and month in dates written with slashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    DayFirst,
    MonthFirst,
}

/// A header as it is compared: lower case, spaces collapsed, a trailing ":" or "?" dropped.
fn header_key(raw: &str) -> String {
    clean_line(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_end_matches([':', '?'])
        .trim()
        .to_string()
}

fn is_timepoint_header(key: &str) -> bool {
    key.contains("timepoint") || key.contains("time point") || key.starts_with("when ")
}

/// Reads the survey `text` from `file` into the answers `existing` holds. `today` is the day
/// recorded with each answer (what a period counts an undated answer in).
pub fn import_survey(
    text: &str,
    file: &str,
    existing: &Snapshot,
    today: NaiveDate,
) -> Result<SurveyImport, ImportErrors> {
    let mut problems = Problems::new(file);
    let mut notes = Problems::new(file);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineStarts::new(text);
    // As in the other imports: the reader places a record where the one before ended, so
    // count from where its first value starts.
    let line_of = |position: Option<&csv::Position>| -> u64 {
        let mut at = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        lines.line(at)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            problems.add(
                1,
                "",
                "the file is empty; its first line must name the columns (Email, Timepoint, \
                 and one column per question)",
            );
            return Err(problems.into_errors());
        }
        Some(Err(e)) => {
            problems.add(
                line_of(e.position()),
                "",
                format!("the header cannot be read: {e}"),
            );
            return Err(problems.into_errors());
        }
        Some(Ok(header)) => header,
    };
    let header_line = line_of(header.position());
    let header: Vec<&str> = header.iter().map(formula_guard::unguard).collect();
    let shown: Vec<String> = header.iter().map(|h| clean_line(h)).collect();
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let email = EMAIL_HEADERS
        .iter()
        .find_map(|h| keys.iter().position(|k| k == h));
    let timepoint = keys.iter().position(|k| is_timepoint_header(k));
    let date = DATE_HEADERS
        .iter()
        .find_map(|h| keys.iter().position(|k| k == h));
    if email.is_none() {
        problems.add(
            header_line,
            "Email",
            "no column holds the respondents' email: name one \"Email\" (Microsoft Forms), \
             \"Email address\" or \"Username\" (Google Forms)",
        );
    }
    if timepoint.is_none() {
        problems.add(
            header_line,
            "Timepoint",
            "no column says when in the programme each survey was answered: name one \
             \"Timepoint\", or ask \"When are you completing this survey?\", with the answers \
             start, middle or end",
        );
    }
    let (Some(email), Some(timepoint)) = (email, timepoint) else {
        return Err(problems.into_errors());
    };
    let candidates: Vec<usize> = (0..keys.len())
        .filter(|&i| {
            let key = &keys[i];
            !key.is_empty()
                && i != email
                && i != timepoint
                && !EMAIL_HEADERS.contains(&key.as_str())
                && !DATE_HEADERS.contains(&key.as_str())
                && !OTHER_HEADERS.contains(&key.as_str())
        })
        .collect();

    let mut rows = Vec::new();
    for record in records {
        match record {
            Ok(record) if record.iter().all(|v| v.trim().is_empty()) => {}
            Ok(record) => rows.push((line_of(record.position()), record)),
            Err(e) => problems.add(
                line_of(e.position()),
                "",
                format!("this line cannot be read: {e}"),
            ),
        }
    }
    let value = |record: &csv::StringRecord, i: usize| -> String {
        clean_line(formula_guard::unguard(record.get(i).unwrap_or("")))
    };
    // A question column holds scores; one where no answer is a number is a free-text question,
    // passed over and said so.
    let mut questions = Vec::new();
    for i in candidates {
        let numeric = rows.iter().any(|(_, r)| value(r, i).parse::<f64>().is_ok());
        if numeric {
            questions.push(i);
        } else if rows.iter().any(|(_, r)| !value(r, i).is_empty()) {
            notes.add(
                header_line,
                &shown[i],
                "passed over: no answer in it is a score from 1 to 10",
            );
        }
    }
    if questions.is_empty() {
        problems.add(
            header_line,
            "",
            "no column holds scores: each question scored 1 to 10 needs a column of its own, \
             headed by the question",
        );
    }
    let order = date.and_then(|d| date_order(&rows, d, &shown[d], &value, &mut problems));

    let mut records: BTreeMap<_, SurveyAnswers> = BTreeMap::new();
    let mut answers = 0;
    for (line, record) in &rows {
        let line = *line;
        let email_value = value(record, email);
        let participant = if email_value.is_empty() {
            problems.add(
                line,
                &shown[email],
                "no email: whose answers these are is needed",
            );
            None
        } else {
            let found = existing
                .participants
                .values()
                .find(|p| same_email(&p.email, &email_value));
            if found.is_none() {
                let q_member = existing
                    .q_members
                    .values()
                    .any(|q| same_email(&q.email, &email_value));
                problems.add(
                    line,
                    &shown[email],
                    if q_member {
                        format!(
                            "{email_value} is a Q member's email, not a participant's: outcomes \
                             surveys are for participants"
                        )
                    } else {
                        format!(
                            "no participant has the email {email_value}; correct it, or import \
                             the participant first (improvers import participants)"
                        )
                    },
                );
            }
            found.map(|p| p.id)
        };
        let when_value = value(record, timepoint);
        let when = if when_value.is_empty() {
            problems.add(
                line,
                &shown[timepoint],
                "no timepoint: answer start, middle or end",
            );
            None
        } else {
            let named = Timepoint::named(&when_value);
            if named.is_none() {
                problems.add(
                    line,
                    &shown[timepoint],
                    format!(
                        "\"{when_value}\" is not a timepoint: answer start, middle or end (also \
                         read: baseline, mid-point, final)"
                    ),
                );
            }
            named
        };
        let answered = match (date, order) {
            (Some(d), Some(order)) => {
                let raw = value(record, d);
                if raw.is_empty() {
                    None
                } else {
                    match parse_date_time(&raw, order) {
                        Ok(at) => Some(at),
                        Err(reason) => {
                            problems.add(line, &shown[d], reason);
                            None
                        }
                    }
                }
            }
            // No order: the file's dates are refused already (or it has none).
            (_, None) | (None, _) => None,
        };
        let mut given = Vec::new();
        for &q in &questions {
            let raw = value(record, q);
            if raw.is_empty() {
                continue;
            }
            match score(&raw) {
                Ok(score) => given.push((shown[q].clone(), score)),
                Err(reason) => problems.add(line, &shown[q], reason),
            }
        }
        let (Some(participant), Some(when)) = (participant, when) else {
            continue;
        };
        let held = records.entry(participant).or_insert_with(|| {
            existing
                .surveys
                .get(&participant)
                .cloned()
                .unwrap_or(SurveyAnswers {
                    participant,
                    answers: Vec::new(),
                })
        });
        for (question, score) in given {
            if held.give(SurveyAnswer {
                question,
                timepoint: when,
                score,
                answered,
                recorded_on: today,
            }) {
                answers += 1;
            }
        }
    }
    problems.finish()?;
    let records = records
        .into_values()
        .filter(|r| existing.surveys.get(&r.participant) != Some(r))
        .map(Record::Survey)
        .collect();
    Ok(SurveyImport {
        records,
        answers,
        notes: notes.into_errors().0,
    })
}

/// A score: a whole number from 1 to 10 ("7", or "7.0" as a spreadsheet may write it).
fn score(raw: &str) -> Result<u8, String> {
    let number: f64 = raw.parse().map_err(|_| {
        format!("\"{raw}\" is not a score: answer with a whole number from 1 to 10")
    })?;
    if number.fract() != 0.0 || !(1.0..=10.0).contains(&number) {
        return Err(format!(
            "{raw} is out of range: a score is a whole number from 1 to 10 (a question not \
             answered is left empty, not 0)"
        ));
    }
    Ok(number as u8)
}

/// Whether the file's slashed dates are day first or month first, from the dates themselves:
/// a first number over 12 says day first ("13/3/2026"), a second over 12 month first. `None`
/// with the problem noted when the file says both, or when nothing settles it and some date
/// would read differently either way.
fn date_order(
    rows: &[(u64, csv::StringRecord)],
    column: usize,
    shown: &str,
    value: &impl Fn(&csv::StringRecord, usize) -> String,
    problems: &mut Problems,
) -> Option<Order> {
    let mut day_first: Option<(u64, String)> = None;
    let mut month_first: Option<(u64, String)> = None;
    let mut either: Option<(u64, String)> = None;
    for (line, record) in rows {
        let raw = value(record, column);
        let Some((a, b)) = slashed(&raw) else {
            continue;
        };
        if a > 12 && day_first.is_none() {
            day_first = Some((*line, raw.clone()));
        } else if b > 12 && month_first.is_none() {
            month_first = Some((*line, raw.clone()));
        } else if a != b && a <= 12 && b <= 12 && either.is_none() {
            either = Some((*line, raw.clone()));
        }
    }
    match (day_first, month_first, either) {
        (Some((dl, d)), Some((ml, m)), _) => {
            problems.add(
                ml,
                shown,
                format!(
                    "\"{m}\" is month first but \"{d}\" on line {dl} is day first; export the \
                     survey again so every date is written the same way"
                ),
            );
            None
        }
        (Some(_), None, _) => Some(Order::DayFirst),
        (None, Some(_), _) => Some(Order::MonthFirst),
        (None, None, Some((line, raw))) => {
            problems.add(
                line,
                shown,
                format!(
                    "\"{raw}\" could be day/month or month/day, and no date in the file says \
                     which (improvers reads 13/3/2026 as day first and 3/13/2026 as month \
                     first, and will not guess); write the dates year first (2026-03-11 \
                     14:05), or delete the column: the answers import without a date"
                ),
            );
            None
        }
        // Every slashed date reads the same either way, or there are none.
        (None, None, None) => Some(Order::DayFirst),
    }
}

/// The first two numbers of a date written with slashes ("11/3/2026 14:05" → (11, 3)).
fn slashed(raw: &str) -> Option<(u32, u32)> {
    let date = raw.split_whitespace().next()?;
    let mut parts = date.split('/');
    let a = parts.next()?.parse().ok()?;
    let b = parts.next()?.parse().ok()?;
    // Year first ("2026/03/11"), as Google writes in some places, is not day or month first.
    (parts.next()?.len() <= 4 && a < 100).then_some((a, b))
}

/// A survey's date and time: year first (2026-03-11 14:05:12, 2026/03/11 14:05), or with
/// slashes in `order` (11/3/2026 14:05:12, two-digit years as 20YY), the time optional, with
/// or without seconds, 24-hour or with AM/PM; a zone word after it (GMT, BST, UTC) is passed
/// over, the time being taken as the programme's local time.
fn parse_date_time(raw: &str, order: Order) -> Result<NaiveDateTime, String> {
    let wrong = || {
        format!(
            "\"{raw}\" is not a date and time: write it as Forms does (11/3/2026 14:05:12) or \
             year first (2026-03-11 14:05:12)"
        )
    };
    let mut words = raw.split_whitespace();
    let date_word = words.next().ok_or_else(wrong)?;
    let date_word = date_word.split('T').next().unwrap_or(date_word);
    let rest: Vec<&str> = raw
        .split_whitespace()
        .skip(1)
        .chain(
            raw.split_whitespace()
                .next()
                .and_then(|w| w.split_once('T'))
                .map(|(_, t)| t),
        )
        .collect();
    let numbers: Vec<&str> = date_word.split(['/', '-', '.']).collect();
    let [x, y, z] = numbers.as_slice() else {
        return Err(wrong());
    };
    let number = |s: &str| s.parse::<u32>().map_err(|_| wrong());
    let (year, month, day) = if x.len() == 4 {
        (number(x)? as i32, number(y)?, number(z)?)
    } else {
        let year = number(z)?;
        let year = if z.len() == 2 { 2000 + year } else { year } as i32;
        match order {
            Order::DayFirst => (year, number(y)?, number(x)?),
            Order::MonthFirst => (year, number(x)?, number(y)?),
        }
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        format!("\"{raw}\" is not a day of the calendar (read as {day:02}/{month:02}/{year})")
    })?;
    let mut time = NaiveTime::MIN;
    let mut afternoon = None;
    for word in rest {
        let lower = word.to_lowercase();
        match lower.as_str() {
            "am" => afternoon = Some(false),
            "pm" => afternoon = Some(true),
            _ if lower.contains(':') => {
                let clock = lower.trim_end_matches('z');
                let clock = clock.split(['+', '.']).next().unwrap_or(clock);
                time = NaiveTime::parse_from_str(clock, "%H:%M:%S")
                    .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
                    .map_err(|_| wrong())?;
            }
            _ if lower.chars().all(|c| c.is_ascii_alphabetic()) => {}
            _ => return Err(wrong()),
        }
    }
    if let Some(pm) = afternoon {
        use chrono::Timelike;
        let hour = time.hour() % 12 + if pm { 12 } else { 0 };
        time = time.with_hour(hour).ok_or_else(wrong)?;
    }
    Ok(date.and_time(time))
}

#[cfg(test)]
mod tests;
