//! Section 7 worded: the paired change in participants' own survey scores per question.

use super::{Chart, Section, Series, Shape, count, nothing_yet, table};
use crate::domain::outcomes::QuestionChange;
use crate::domain::report::Report;

const TITLE: &str = "7. Outcomes: what changed for participants";

/// A score or a change as people write it: "7", "6.5", "+2", "−0.5" (with `signed`).
fn score(value: Option<f64>, signed: bool) -> String {
    let Some(v) = value else {
        return "–".to_string();
    };
    // Medians and quartiles of whole scores are whole, halves or quarters: two places at most.
    let text = format!("{:.2}", v.abs());
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match (signed, v) {
        (true, v) if v > 0.0 => format!("+{text}"),
        (_, v) if v < 0.0 && text != "0" => format!("−{text}"),
        _ => text.to_string(),
    }
}

/// A question as it reads within a sentence: "Confidence leading improvement" becomes
/// "confidence leading improvement", while "NHS experience" keeps its capitals.
fn in_sentence(question: &str) -> String {
    let mut chars = question.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(question.chars().skip(1))
            .collect(),
        _ => question.to_string(),
    }
}

/// "confidence leading improvement rose from a median of 4 to 7".
fn movement(q: &QuestionChange, first: bool) -> String {
    let (before, after) = (score(q.median_before, false), score(q.median_after, false));
    let question = in_sentence(&q.question);
    let median = if first { "a median of " } else { "" };
    match (q.median_before, q.median_after) {
        (Some(b), Some(a)) if a > b => {
            format!("{question} rose from {median}{before} to {after}")
        }
        (Some(b), Some(a)) if a < b => {
            format!("{question} fell from {median}{before} to {after}")
        }
        _ => format!("{question} stayed at {median}{before}"),
    }
}

fn lead(paired: &[&QuestionChange]) -> String {
    let most = paired.iter().map(|q| q.paired).max().unwrap_or(0);
    let same = paired.iter().all(|q| q.paired == most);
    let moves: Vec<String> = paired
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let m = movement(q, i == 0);
            if same {
                m
            } else {
                format!("{m} ({} answered both)", q.paired)
            }
        })
        .collect();
    let who = if same {
        format!(
            "{} answered at the start and again later",
            count(most, "participant")
        )
    } else {
        format!(
            "Up to {} answered at the start and again later",
            count(most, "participant")
        )
    };
    let list = match moves.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{}, and {last}", rest.join("; ")),
    };
    format!("{who}: {list}.")
}

pub(crate) fn outcomes(report: &Report) -> Section {
    let o = &report.outcomes;
    if o.is_empty() {
        return nothing_yet(
            "outcomes",
            TITLE,
            "No survey answers yet for this report. Import the start and end surveys' exports \
             with improvers import survey FILE.csv (see docs/files.md); the paired change per \
             question then shows here.",
        );
    }
    let paired: Vec<&QuestionChange> = o.iter().filter(|q| q.paired > 0).collect();
    let once: usize = o.iter().map(|q| q.answered_once).sum();
    if paired.is_empty() {
        return nothing_yet(
            "outcomes",
            TITLE,
            &format!(
                "Nobody has answered a question both at the start and again later yet ({} \
                 answered once), so there is no change to show.",
                count(once, "answer")
            ),
        );
    }
    let chart = Chart {
        title: "Median score at the start and after, of those who answered both".to_string(),
        x_label: "Question".to_string(),
        y_label: "Median score (1–10)".to_string(),
        categories: paired.iter().map(|q| q.question.clone()).collect(),
        series: vec![
            Series {
                name: "Start".to_string(),
                values: paired.iter().map(|q| q.median_before).collect(),
            },
            Series {
                name: "After (end, else middle)".to_string(),
                values: paired.iter().map(|q| q.median_after).collect(),
            },
        ],
        shape: Shape::Bars,
        y_max: Some(10.0),
    };
    let rows = o
        .iter()
        .map(|q| {
            vec![
                q.question.clone(),
                q.paired.to_string(),
                score(q.median_before, false),
                score(q.median_after, false),
                score(q.median_change, true),
                score(q.lower_quartile_change, true),
                score(q.upper_quartile_change, true),
                q.answered_once.to_string(),
            ]
        })
        .collect();
    let from_middle: usize = o.iter().map(|q| q.after_from_middle).sum();
    let mut notes = vec![
        "Only participants who answered a question at the start and again later are paired; \
         each one's change is their later score minus their start score, and the median and \
         quartiles are of those changes. Participants who answered once are counted, not \
         paired."
            .to_string(),
        "Quartiles by linear interpolation between the closest ranks (Hyndman and Fan's method \
         7, as a spreadsheet's QUARTILE.INC)."
            .to_string(),
    ];
    if from_middle > 0 {
        notes.push(format!(
            "{} had no end answer, so the middle one stands as \"after\".",
            count(from_middle, "paired answer")
        ));
    }
    Section {
        id: "outcomes",
        title: TITLE.to_string(),
        lead: lead(&paired),
        charts: vec![chart],
        tables: vec![table(
            "Paired change per question (scores 1–10, change in points)",
            &[
                "Question",
                "Answered both",
                "Median at start",
                "Median after",
                "Median change",
                "Change, lower quartile",
                "Change, upper quartile",
                "Answered once",
            ],
            rows,
        )],
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::{in_sentence, score};

    #[test]
    fn a_question_within_a_sentence_keeps_only_its_acronyms_capitalised() {
        assert_eq!(
            in_sentence("Confidence leading improvement"),
            "confidence leading improvement"
        );
        assert_eq!(in_sentence("NHS experience"), "NHS experience");
    }

    #[test]
    fn scores_are_written_as_people_write_them() {
        assert_eq!(score(Some(7.0), false), "7");
        assert_eq!(score(Some(6.5), false), "6.5");
        assert_eq!(score(Some(2.25), true), "+2.25");
        assert_eq!(score(Some(-0.5), true), "−0.5");
        assert_eq!(score(Some(0.0), true), "0");
        assert_eq!(score(None, true), "–");
    }
}
