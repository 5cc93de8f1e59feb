use super::*;
use crate::domain::fixture::{Fixture, day};
use crate::domain::ids::ParticipantId;
use crate::domain::people::pathway::PathwayStage;

const LEADING: &str = "How confident do you feel leading an improvement project?";

fn programme() -> Snapshot {
    let mut fixture = Fixture::new();
    fixture
        .participant(1, "Wren Hollis", Some(1), PathwayStage::Active)
        .participant(2, "Tobiah Marr", Some(1), PathwayStage::Active)
        .participant(3, "Idris Pennock", Some(1), PathwayStage::Active);
    fixture.data
}

fn import(text: &str, data: &Snapshot) -> Result<SurveyImport, ImportErrors> {
    import_survey(text, "survey.csv", data, day(11, 25))
}

fn apply(data: &mut Snapshot, imported: &SurveyImport) {
    for record in &imported.records {
        data.put(record.clone());
    }
}

fn scores(data: &Snapshot, id: u64) -> Vec<(String, Timepoint, u8)> {
    data.surveys
        .get(&ParticipantId(id))
        .map(|r| {
            r.answers
                .iter()
                .map(|a| (a.question.clone(), a.timepoint, a.score))
                .collect()
        })
        .unwrap_or_default()
}

/// What Microsoft Forms writes, as Excel saves it: a byte-order mark, CRLF, a question whose
/// header breaks over two lines, a free-text question, empty trailing columns.
const MICROSOFT: &str = "\u{feff}ID,Start time,Completion time,Email,Name,Timepoint,\"How confident do you feel\r\nleading an improvement project?\",Confidence working across organisations,Anything else?,,\r\n\
1,11/3/2026 14:01:02,11/3/2026 14:05:12,P1@example.org,Wren Hollis,Start,4,3,\"It was\r\ngood\",,\r\n\
2,13/3/2026 09:00:00,13/3/2026 09:04:00,p2@example.org,Tobiah Marr,start,6,,,,\r\n";

#[test]
fn a_microsoft_forms_export_imports_with_its_extra_columns_passed_over() {
    let mut data = programme();
    let imported = import(MICROSOFT, &data).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.answers, 3, "a blank answer is not an answer");
    assert_eq!(imported.records.len(), 2);
    let notes: Vec<String> = imported.notes.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        notes,
        [
            "survey.csv:1: column \"Anything else?\": passed over: no answer in it is a score from 1 to 10"
        ]
    );
    apply(&mut data, &imported);
    assert_eq!(
        scores(&data, 1),
        [
            (
                "Confidence working across organisations".to_string(),
                Timepoint::Start,
                3
            ),
            (LEADING.to_string(), Timepoint::Start, 4),
        ]
    );
    assert_eq!(
        scores(&data, 2),
        [(LEADING.to_string(), Timepoint::Start, 6)]
    );
    // 13/3 says the file is day first, so 11/3 is 11 March.
    let first = &data.surveys[&ParticipantId(1)].answers[0];
    assert_eq!(
        first.answered.map(|a| a.to_string()).as_deref(),
        Some("2026-03-11 14:05:12")
    );
    assert!(
        import(MICROSOFT, &data).unwrap().records.is_empty(),
        "importing the same file again changes nothing"
    );
}

#[test]
fn a_google_forms_export_with_its_own_words_imports() {
    let text = "Timestamp,Username,When are you completing this survey?,Confidence leading improvement\n\
                2026/01/12 10:00:00,p1@example.org,Baseline,3\n\
                2026/09/30 16:30:00,p1@example.org,Final,8\n\
                2026/05/02 12:00:00,p3@example.org,Mid-point,5\n";
    let mut data = programme();
    let imported = import(text, &data).unwrap_or_else(|e| panic!("{e}"));
    apply(&mut data, &imported);
    let leading = "Confidence leading improvement".to_string();
    assert_eq!(
        scores(&data, 1),
        [
            (leading.clone(), Timepoint::Start, 3),
            (leading.clone(), Timepoint::End, 8)
        ]
    );
    assert_eq!(scores(&data, 3), [(leading, Timepoint::Middle, 5)]);
}

#[test]
fn every_bad_row_is_reported_with_its_physical_line_and_nothing_is_imported() {
    let text = "Email,Timepoint,\"Confidence\nleading improvement\",Confidence across organisations\r\n\
                p1@example.org,start,11,5\r\n\
                nobody@example.org,end,5,5\r\n\
                \"p2@example.org\",\"later\",\"7\",\"0\"\r\n\
                q1@example.org,end,5,seven\r\n";
    let data = programme();
    let errors = import(text, &data).expect_err("bad rows refuse the file");
    let said: Vec<String> = errors.0.iter().map(|p| p.to_string()).collect();
    assert_eq!(said.len(), 6, "{said:#?}");
    assert!(
        said[0].starts_with(
            "survey.csv:3: column \"Confidence leading improvement\": 11 is out of range"
        ),
        "{}",
        said[0]
    );
    assert!(
        said[1].starts_with(
            "survey.csv:4: column \"Email\": no participant has the email nobody@example.org"
        ),
        "{}",
        said[1]
    );
    assert!(
        said[2].starts_with("survey.csv:5: column \"Timepoint\": \"later\" is not a timepoint"),
        "{}",
        said[2]
    );
    assert!(
        said[3].starts_with(
            "survey.csv:5: column \"Confidence across organisations\": 0 is out of range"
        ),
        "{}",
        said[3]
    );
    assert!(
        said[4].contains("q1@example.org is a Q member's email, not a participant's"),
        "{}",
        said[4]
    );
    assert!(
        said[5].starts_with(
            "survey.csv:6: column \"Confidence across organisations\": \"seven\" is not a score"
        ),
        "{}",
        said[5]
    );
}

#[test]
fn a_newer_answer_replaces_the_older_and_an_older_one_changes_nothing() {
    let file = |date: &str, score: u8| {
        format!("Email,Timepoint,Completion time,{LEADING}\np1@example.org,start,{date},{score}\n")
    };
    let mut data = programme();
    let first = import(&file("2026-03-11 14:05", 4), &data).unwrap();
    apply(&mut data, &first);
    let newer = import(&file("2026-03-20 09:00", 7), &data).unwrap();
    assert_eq!(newer.records.len(), 1);
    apply(&mut data, &newer);
    assert_eq!(scores(&data, 1)[0].2, 7);
    let older = import(&file("2026-03-01 09:00", 2), &data).unwrap();
    assert!(
        older.records.is_empty(),
        "an older answer does not replace a newer one"
    );
}

#[test]
fn dates_that_could_be_either_order_are_refused_rather_than_guessed() {
    let text = "Email,Timepoint,Completion time,Confidence\n\
                p1@example.org,start,11/3/2026 14:05:12,4\n\
                p2@example.org,start,4/4/2026 09:00,5\n";
    let errors = import(text, &programme()).expect_err("ambiguous");
    let said = errors.to_string();
    assert!(said.starts_with("survey.csv:2: column \"Completion time\": \"11/3/2026 14:05:12\" could be day/month or month/day"), "{said}");
    assert!(said.contains("write the dates year first"), "{said}");

    let us = "Email,Timepoint,Completion time,Confidence\n\
              p1@example.org,start,3/11/26 2:05:12 PM,4\n\
              p2@example.org,start,3/13/26 9:00 AM,5\n";
    let mut data = programme();
    let imported = import(us, &data).unwrap_or_else(|e| panic!("{e}"));
    apply(&mut data, &imported);
    let answered = data.surveys[&ParticipantId(1)].answers[0].answered;
    assert_eq!(
        answered.map(|a| a.to_string()).as_deref(),
        Some("2026-03-11 14:05:12")
    );

    let mixed = "Email,Timepoint,Completion time,Confidence\n\
                 p1@example.org,start,13/3/2026,4\n\
                 p2@example.org,start,3/14/2026,5\n";
    let said = import(mixed, &programme()).expect_err("mixed").to_string();
    assert!(said.contains("survey.csv:3: column \"Completion time\": \"3/14/2026\" is month first but \"13/3/2026\" on line 2 is day first"), "{said}");
}

#[test]
fn a_file_without_an_email_or_timepoint_column_says_what_to_name_them() {
    let said = import("Name,Confidence\nWren,4\n", &programme())
        .expect_err("no columns")
        .to_string();
    assert!(
        said.contains("survey.csv:1: column \"Email\": no column holds the respondents' email"),
        "{said}"
    );
    assert!(
        said.contains("column \"Timepoint\": no column says when"),
        "{said}"
    );
}
