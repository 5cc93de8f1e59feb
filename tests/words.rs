//! Messages that say what happened: a saved edit names the record and the fields changed.

mod screen;

use screen::{app_after, press, save, screen_of};

#[test]
fn saving_an_edited_participant_names_them_and_each_field_changed() {
    let mut app = app_after("1 e");
    press(
        &mut app,
        "Tab Tab Tab Tab Tab Tab Tab Tab Right Tab Tab Still Space going Enter",
    );
    let (_, done) = save(&mut app);
    assert_eq!(done, "Saved Arjun Sethuraman: project progress, notes");
    assert!(
        screen_of(&app, 80, 24).contains("Saved Arjun Sethuraman: project progress, notes"),
        "the footer says it"
    );
}

#[test]
fn saving_a_form_unchanged_says_nothing_had_changed() {
    let mut app = app_after("1 e Enter");
    let (_, done) = save(&mut app);
    assert_eq!(done, "Saved Arjun Sethuraman: nothing had changed");
}

mod support;

/// A programme set up from a file, and two Q members from two organisations and professions
/// nobody has yet, with CR LF line ends as a spreadsheet writes them.
fn first_files(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let programme = dir.join("programme.toml");
    std::fs::write(
        &programme,
        "[programme]\r\nname = \"Aspiring Improvers — Saltmarsh\"\r\nfunder = \"Saltmarsh \
         Health Partnership\"\r\n\r\n[[cohorts]]\r\nnumber = 1\r\nname = \"Cohort 1 — \
         2027\"\r\nstarts = 2027-02-01\r\nends = 2027-11-30\r\ntarget_size = 10\r\n\r\n\
         [budget]\r\ntotal = \"£20,000\"\r\n",
    )
    .unwrap();
    let members = dir.join("q-members.csv");
    std::fs::write(
        &members,
        "name,email,profession,organisation\r\n\
         Perpetua Vangelder,perpetua@saltmarsh-ch.example,Nurse,Saltmarsh Community Health\r\n\
         Lowen Tregarthen,lowen@quay-gp.example,GP,Quay Street Practice\r\n",
    )
    .unwrap();
    (programme, members)
}

#[test]
fn an_import_counts_the_file_rows_then_what_it_made_along_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (programme, members) = first_files(dir.path());
    let said = |file: &std::path::Path, kind: &str| {
        support::stdout(support::improvers(&db).args(["import", kind]).arg(file))
    };
    assert_eq!(
        said(&programme, "programme"),
        format!(
            "Imported {}: the programme, 1 cohort, the budget.\n",
            programme.display()
        )
    );
    assert_eq!(
        said(&members, "q-members"),
        format!(
            "Imported {}: 2 Q members (and 2 new organisations, 2 new professions).\n",
            members.display()
        )
    );
    // The history entry says the same.
    let mut database = improvers::store::shared::Database::open(&db).unwrap();
    let newest = database.history(1).unwrap();
    let (_, data) = database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert_eq!(
        improvers::domain::describe::describe_entry(&newest[0], &data),
        format!(
            "imported {}: 2 Q members (and 2 new organisations, 2 new professions)",
            members.display()
        )
    );
}

#[test]
fn colon_import_says_the_same_count_as_the_command() {
    use improvers::io::import::CsvKind;
    use improvers::io::import::file::Source;
    use improvers::tui::effects::Message;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (programme, members) = first_files(dir.path());
    support::stdout(
        support::improvers(&db)
            .args(["import", "programme"])
            .arg(&programme),
    );
    let mut database = improvers::store::shared::Database::open(&db).unwrap();
    let (_, data) = database
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let said = improvers::tui::files::import(
        &mut database,
        &data,
        today,
        Source::Csv(CsvKind::QMembers),
        &members,
    );
    assert_eq!(
        said,
        Message::Done(format!(
            "Imported {}: 2 Q members (and 2 new organisations, 2 new professions).",
            members.display()
        ))
    );
}

#[test]
fn history_names_each_field_by_the_label_of_the_form_that_edits_it() {
    use improvers::domain::describe::FIELD_WORDS;
    use improvers::tui::dialogs::{self, OpenForm};
    let data = screen::demo();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let labels = |open: OpenForm| -> Vec<String> {
        open.form
            .fields
            .iter()
            .map(|f| f.label.to_string())
            .collect()
    };
    let session = data.sessions.values().next().unwrap();
    let participant = data.participants.values().next().unwrap();
    let expense = data.expenses.values().next().unwrap();
    let cohort = data.cohorts.values().next().unwrap();
    let forms: Vec<(&str, Vec<String>)> = vec![
        (
            "session",
            labels(dialogs::session::session_form(
                &data,
                Some(session),
                session.cohort,
                today,
            )),
        ),
        (
            "participant",
            labels(dialogs::participant_form(
                &data,
                Some(participant),
                participant.cohort,
                today,
            )),
        ),
        (
            "participant",
            labels(dialogs::participant_form(
                &data,
                None,
                participant.cohort,
                today,
            )),
        ),
        (
            "Q member",
            labels(dialogs::q_member_form(
                &data,
                data.q_members.values().next(),
            )),
        ),
        (
            "expense",
            labels(dialogs::expense::expense_form(&data, Some(expense), today)),
        ),
        (
            "cohort",
            labels(dialogs::cohort_form(&data, Some(cohort), today)),
        ),
        (
            "venue",
            labels(dialogs::venue::venue_form(data.venues.values().next())),
        ),
        (
            "budget category",
            labels(dialogs::category::category_form(&data, None)),
        ),
    ];
    let settings = labels(dialogs::programme::settings_form(&data, 6).expect("a programme"));
    let forms: Vec<(&str, Vec<String>)> = forms
        .into_iter()
        .chain(
            ["programme", "programme settings", "budget"]
                .into_iter()
                .map(|r| (r, settings.clone())),
        )
        .collect();
    let mut wrong = Vec::new();
    for field in FIELD_WORDS {
        let Some(label) = field.label else { continue };
        let in_a_form = forms
            .iter()
            .any(|(record, labels)| *record == field.record && labels.iter().any(|l| l == label));
        if !in_a_form {
            wrong.push(format!(
                "{} {}: no form of a {} has the label {label:?}",
                field.record, field.field, field.record
            ));
        }
        if !field.word.to_lowercase().contains(&label.to_lowercase()) {
            wrong.push(format!(
                "{} {}: {:?} does not say the form's {label:?}",
                field.record, field.field, field.word
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_q_members_topics_are_saved_and_kept_in_history_as_the_form_calls_them() {
    use improvers::domain::change::Record;
    let data = screen::demo();
    let member = data.q_members.values().next().unwrap();
    let mut taught = member.clone();
    taught.expertise.push("co-design".into());
    assert_eq!(
        improvers::domain::describe::saved(
            &Record::QMember(member.clone()),
            &Record::QMember(taught),
            &data
        ),
        format!("Saved {}: topics", member.name)
    );
}
