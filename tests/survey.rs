//! `improvers import survey`: an outcomes survey as Microsoft Forms and Google Forms export it,
//! imported once whatever the line endings, refused whole with every bad row named, undone
//! through the process that owns the database, shown in a person's data and erased with them.

mod screen;
mod support;

use improvers::domain::undo::undo_of;
use improvers::store::Scope;
use improvers::store::shared::Database;
use std::path::{Path, PathBuf};
use support::{Server, demo_db, improvers, snapshot, stdout};

const AMARA: &str = "amara.lindqvist@riverside-uh.example";
const DECLAN: &str = "declan.osei-marsh@kingsmead-ambulance.example";
/// A question only Amara answers, so the bytes of her answers can be looked for.
const HERS_ONLY: &str = "Confidence presenting to the Zephyrine board";

/// What Microsoft Forms writes, as Excel saves it: a byte-order mark, CRLF line ends, a
/// question header broken over two lines, a free-text answer with a line break, a blank
/// answer and empty trailing columns.
fn microsoft_forms(dir: &Path) -> PathBuf {
    let text = format!(
        "\u{feff}ID,Start time,Completion time,Email,Name,Timepoint,\"Confidence leading\r\n\
         improvement\",{HERS_ONLY},Anything else?,,\r\n\
         1,13/1/2026 10:00:00,13/1/2026 10:04:00,{AMARA},Amara,Start,4,3,\"It was\r\n\
         good\",,\r\n\
         2,14/1/2026 10:00:00,14/1/2026 10:04:00,{DECLAN},Declan,start,5,,,,\r\n\
         3,20/10/2026 10:00:00,20/10/2026 10:04:00,{AMARA},Amara,End,8,6,,,\r\n"
    );
    let path = dir.join("outcomes.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn answers(db: &Path) -> usize {
    snapshot(db).surveys.values().map(|s| s.answers.len()).sum()
}

#[test]
fn a_forms_export_imports_once_and_writes_back_as_it_reads() {
    let (dir, db) = demo_db();
    let file = microsoft_forms(dir.path());
    let said = stdout(improvers(&db).arg("import").arg("survey").arg(&file));
    assert!(said.contains("5 answers from 2 participants"), "{said}");
    assert_eq!(answers(&db), 5, "the blank answer is not an answer");
    let again = stdout(improvers(&db).arg("import").arg("survey").arg(&file));
    assert!(again.contains("Nothing to import"), "{again}");

    let exported = dir.path().join("exported.csv");
    improvers(&db)
        .args(["export", "survey", "--output"])
        .arg(&exported)
        .assert()
        .success();
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.starts_with(&format!(
            "Email,Timepoint,Completion time,Confidence leading improvement,{HERS_ONLY}\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("{AMARA},end,2026-10-20 10:04:00,8,6")),
        "{text}"
    );
    let back = stdout(improvers(&db).arg("import").arg("survey").arg(&exported));
    assert!(back.contains("Nothing to import"), "{back}");
}

#[test]
fn a_bad_file_names_every_bad_row_and_imports_nothing() {
    let (dir, db) = demo_db();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        format!(
            "Email,Timepoint,Confidence\r\n{AMARA},start,11\r\nnobody@example.org,end,4\r\n\
             {DECLAN},later,5\r\n{DECLAN},end,\r\n"
        ),
    )
    .unwrap();
    let out = improvers(&db)
        .arg("import")
        .arg("survey")
        .arg(&file)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let said = String::from_utf8(out).unwrap();
    let name = file.display();
    for expected in [
        format!("{name}:2: column \"Confidence\": 11 is out of range"),
        format!("{name}:3: column \"Email\": no participant has the email nobody@example.org"),
        format!("{name}:4: column \"Timepoint\": \"later\" is not a timepoint"),
        format!("3 problems in {name}; nothing was imported"),
    ] {
        assert!(said.contains(&expected), "missing {expected:?} in:\n{said}");
    }
    assert_eq!(answers(&db), 0);
}

#[test]
fn an_import_while_another_process_owns_the_database_is_undone_through_it() {
    let (dir, db) = demo_db();
    let server = Server::start(&db);
    let file = microsoft_forms(dir.path());
    stdout(improvers(&db).arg("import").arg("survey").arg(&file));
    let mut database = Database::open(&db).unwrap();
    assert!(!database.is_owner(), "the server owns the database");
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    assert_eq!(data.surveys.len(), 2);
    // `u`, as the dashboard does it: the newest change, checked, then its undo.
    let history = database.history(1).unwrap();
    let entry = &history[0];
    assert!(entry.change.summary().contains("outcomes.csv"));
    assert_eq!(
        improvers::domain::undo::blocked(entry, &history, &data).map(|b| b.to_string()),
        None
    );
    database.apply(&undo_of(entry)).unwrap();
    drop(database);
    server.stop();
    assert_eq!(answers(&db), 0, "the undo took every answer out");
}

#[test]
fn a_participants_answers_are_in_their_data_and_gone_after_forget() {
    let (dir, db) = demo_db();
    let file = microsoft_forms(dir.path());
    stdout(improvers(&db).arg("import").arg("survey").arg(&file));
    let held = stdout(
        improvers(&db)
            .env("COLUMNS", "500")
            .args(["export", "person", AMARA]),
    );
    assert!(
        held.contains("Outcomes survey answers (scores 1–10):"),
        "{held}"
    );
    assert!(
        held.contains("  end  2026-10-20 10:04  Confidence leading improvement  8"),
        "{held}"
    );
    let json = stdout(improvers(&db).args(["export", "person", AMARA, "--format", "json"]));
    assert!(json.contains("\"survey_answers\""), "{json}");

    assert!(
        !holding_hers(&db).is_empty(),
        "the test must find them first"
    );
    stdout(
        improvers(&db)
            .env("COLUMNS", "500")
            .args(["forget", AMARA, "--yes"]),
    );
    let data = snapshot(&db);
    assert_eq!(data.surveys.len(), 1, "Declan's answers stay");
    let holding = holding_hers(&db);
    assert!(holding.is_empty(), "her answers remain in {holding:?}");
}

/// The files of the database holding the question only Amara answered.
fn holding_hers(db: &Path) -> Vec<String> {
    let mut holding = Vec::new();
    let mut pending = vec![db.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes
                .windows(HERS_ONLY.len())
                .any(|w| w == HERS_ONLY.as_bytes())
            {
                holding.push(path.display().to_string());
            }
        }
    }
    holding
}

#[test]
fn a_participants_story_shows_their_scores_start_to_end() {
    use improvers::domain::change::Record;
    use improvers::domain::outcomes::{SurveyAnswer, SurveyAnswers, Timepoint};
    use improvers::tui::app::App;

    let mut data = screen::demo();
    // The first of the roster, whom `1 Enter` opens.
    let arjun = data
        .participants
        .values()
        .find(|p| p.name == "Arjun Sethuraman")
        .map(|p| p.id)
        .unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let answer = |question: &str, timepoint, score| SurveyAnswer {
        question: question.into(),
        timepoint,
        score,
        answered: None,
        recorded_on: on,
    };
    data.put(Record::Survey(SurveyAnswers {
        participant: arjun,
        answers: vec![
            answer("Confidence leading improvement", Timepoint::Start, 4),
            answer(
                "Confidence working across organisations",
                Timepoint::Start,
                3,
            ),
            answer("Confidence leading improvement", Timepoint::Middle, 6),
            answer("Confidence leading improvement", Timepoint::End, 8),
        ],
    }));
    let mut app = App::new(data, screen::now());
    screen::press(&mut app, "1 Enter G");
    let bottom = screen::screen_of(&app, 80, 24);
    assert!(
        bottom.contains("4 → 8") && bottom.contains("Confidence leading improvement"),
        "{bottom}"
    );
    assert!(bottom.contains("3 (start only)"), "{bottom}");
    insta::assert_snapshot!("survey_participant_story_bottom_80x24", bottom);
    let wide = screen::screen_of(&app, 160, 48);
    assert!(wide.contains("4 → 8"), "{wide}");
    insta::assert_snapshot!("survey_participant_story_bottom_160x48", wide);
}
