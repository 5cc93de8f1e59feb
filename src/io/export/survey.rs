//! The outcomes survey answers as a CSV file `import survey` reads back: Email, Timepoint,
//! Completion time, then one column per question.

use crate::domain::outcomes::{Timepoint, question_key};
use crate::domain::snapshot::Snapshot;
use crate::io::formula_guard;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// Every answer held, one row per participant, timepoint and completion time (one survey
/// response), participants in id order; questions in the order first met. An answer without a
/// date leaves "Completion time" empty, and dates are written year first, so the import reads
/// them without asking which order.
pub fn survey_csv(data: &Snapshot) -> Vec<u8> {
    let mut questions: Vec<String> = Vec::new();
    for record in data.surveys.values() {
        for answer in &record.answers {
            let key = question_key(&answer.question);
            if !questions.iter().any(|q| question_key(q) == key) {
                questions.push(answer.question.clone());
            }
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "Email".to_string(),
        "Timepoint".to_string(),
        "Completion time".to_string(),
    ];
    header.extend(questions.iter().map(|q| formula_guard::guard(q)));
    // Writing into memory cannot fail, and every row has the header's length.
    let _ = writer.write_record(&header);
    for record in data.surveys.values() {
        let email = data
            .participants
            .get(&record.participant)
            .map_or("", |p| p.email.as_str());
        let mut responses: BTreeMap<(Timepoint, Option<NaiveDateTime>), Vec<String>> =
            BTreeMap::new();
        for answer in &record.answers {
            let key = question_key(&answer.question);
            let row = responses
                .entry((answer.timepoint, answer.answered))
                .or_insert_with(|| vec![String::new(); questions.len()]);
            if let Some(i) = questions.iter().position(|q| question_key(q) == key) {
                row[i] = answer.score.to_string();
            }
        }
        for ((timepoint, answered), scores) in responses {
            let mut line = vec![
                formula_guard::guard(email),
                timepoint.word().to_string(),
                answered.map_or_else(String::new, |a| a.format("%Y-%m-%d %H:%M:%S").to_string()),
            ];
            line.extend(scores);
            let _ = writer.write_record(&line);
        }
    }
    writer.into_inner().unwrap_or_default()
}
