//! Files as spreadsheets and finance systems save them: any line endings, a byte order mark,
//! empty unnamed columns at the end, cells guarded against formulas, and amounts checked by
//! the one rule, "more than £0".

use chrono::NaiveDate;
use improvers::domain::change::Record;
use improvers::domain::snapshot::Snapshot;
use improvers::io::import::{
    CsvKind, ImportErrors, Importer, import_csv, import_expenses, import_participants,
    parse_programme,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// A programme with one cohort, as stored.
fn base() -> Snapshot {
    let toml = "[programme]\nname = \"Test\"\n\n[[cohorts]]\nnumber = 1\nstarts = 2026-01-12\nends = 2026-12-11\n";
    let empty = Snapshot::default();
    let mut importer = Importer::new(&empty, today());
    importer.programme(parse_programme(toml, "programme.toml").unwrap_or_else(|e| panic!("{e}")));
    let mut snapshot = Snapshot::default();
    for record in importer.finish() {
        snapshot.put(record);
    }
    snapshot
}

fn lines(errors: &ImportErrors) -> Vec<String> {
    errors.0.iter().map(ToString::to_string).collect()
}

fn participant_errors(text: &str) -> Vec<String> {
    lines(&import_participants(text, "people.csv", &base(), today()).unwrap_err())
}

const BAD_EMAIL: &str = "column \"email\": \"not-an-email\" is not an email address";

#[test]
fn a_crlf_file_names_the_line_an_editor_shows() {
    let text = "name,email,profession,organisation\r\nGood One,good1@example.org,Nurse,Org A\r\nBad Two,not-an-email,Nurse,Org A\r\n";
    assert_eq!(
        participant_errors(text),
        [format!("people.csv:3: {BAD_EMAIL}")]
    );
}

#[test]
fn old_mac_line_endings_and_a_byte_order_mark_count_the_same() {
    let cr = "name,email,profession,organisation\rGood One,good1@example.org,Nurse,Org A\rBad Two,not-an-email,Nurse,Org A\r";
    assert_eq!(
        participant_errors(cr),
        [format!("people.csv:3: {BAD_EMAIL}")]
    );
    let bom = format!("\u{feff}{}", cr.replace('\r', "\r\n"));
    assert_eq!(
        participant_errors(&bom),
        [format!("people.csv:3: {BAD_EMAIL}")]
    );
}

#[test]
fn a_row_is_named_by_the_line_it_starts_on_after_quoted_line_breaks_and_blank_lines() {
    for end in ["\n", "\r\n", "\r"] {
        // Notes on lines 2 to 4 (each line break inside the quotes ends a line too), a blank
        // line 5, the bad row on line 6, its notes running on to line 7.
        let text = [
            "name,email,profession,organisation,notes",
            "Good One,good1@example.org,Nurse,Org A,\"first",
            "second",
            "third\"",
            "",
            "Bad Two,not-an-email,Nurse,Org A,\"runs on",
            "here\"",
            "",
        ]
        .join(end);
        assert_eq!(
            participant_errors(&text),
            [format!("people.csv:6: {BAD_EMAIL}")],
            "line ending {end:?}"
        );
    }
}

#[test]
fn line_breaks_inside_quotes_are_kept_as_newlines_whatever_their_kind() {
    let text = "name,email,profession,organisation,notes\r\nAda Fenwick,ada@example.org,Nurse,Org A,\"one\r\ntwo\rthree\u{2028}four\"\r\n";
    let records =
        import_participants(text, "people.csv", &base(), today()).unwrap_or_else(|e| panic!("{e}"));
    let notes: Vec<&str> = records
        .iter()
        .filter_map(|r| match r {
            Record::Participant(p) => Some(p.notes.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(notes, ["one\ntwo\nthree\nfour"]);
}

#[test]
fn a_crlf_programme_file_names_the_line_an_editor_shows() {
    let text = "[programme]\r\nname = \"X\"\r\n\r\n[[cohorts]]\r\nnumber = 1\r\nstarts = 2026-05-01\r\nends = 2026-04-01\r\n";
    assert_eq!(
        lines(&parse_programme(text, "programme.toml").unwrap_err()),
        [
            "programme.toml:7: column \"cohorts.ends\": 2026-04-01 is before the cohort starts (2026-05-01)"
        ]
    );
    // A lone CR is not a TOML line ending: the parser stops just after the first, on line 2.
    let errors = parse_programme(&text.replace("\r\n", "\r"), "programme.toml").unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "programme.toml:2: column \"toml\": carriage return must be followed by newline, expected newline"
        ]
    );
    let errors =
        parse_programme("[programme]\r\nname = \"X\"\r\ncolour = 1\r\n", "p.toml").unwrap_err();
    assert_eq!(errors.0[0].line, 3, "{errors}");
}

const EXPENSES_HEADER: &str =
    "date,category,amount,payee,state,description,session,person,state_date";

#[test]
fn empty_unnamed_columns_at_the_end_are_passed_over() {
    let text = format!(
        "{EXPENSES_HEADER},,\r\n2026-03-01,Catering,12.50,Café Lune,paid,Lunch,,,2026-03-02,,\r\n2026-03-05,Materials,4,Print Hut,committed,,,,,\r\n"
    );
    let records = import_expenses(&text, "expenses.csv", &base()).unwrap_or_else(|e| panic!("{e}"));
    let payees: Vec<&str> = records
        .iter()
        .filter_map(|r| match r {
            Record::Expense(e) => Some(e.payee.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(payees, ["Café Lune", "Print Hut"]);
}

#[test]
fn a_value_in_an_unnamed_column_is_refused_naming_line_and_column() {
    let text = format!(
        "{EXPENSES_HEADER},,\n2026-03-01,Catering,12.50,Café Lune,paid,,,,,,\n2026-03-05,Materials,4,Print Hut,committed,,,,,,late fee\n"
    );
    assert_eq!(
        lines(&import_expenses(&text, "expenses.csv", &base()).unwrap_err()),
        [
            "expenses.csv:3: column \"K\": \"late fee\" is in column 11 (K), which has no name on line 1; name the column there or empty the cell"
        ]
    );
}

#[test]
fn a_named_column_the_importer_does_not_know_is_still_refused() {
    let text = format!("{EXPENSES_HEADER},vat,\n2026-03-01,Catering,12.50,Café Lune,paid,,,,,,\n");
    let errors = lines(&import_expenses(&text, "expenses.csv", &base()).unwrap_err());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("expenses.csv:1: column \"vat\": unknown column (the columns are: date,"),
        "{errors:?}"
    );
}

#[test]
fn every_amount_is_refused_the_same_way_unless_more_than_zero() {
    let expenses = "date,category,amount,payee,state\n\
2026-03-01,Catering,-50,Café,paid\n\
2026-03-01,Catering,0,Café,paid\n";
    assert_eq!(
        lines(&import_expenses(expenses, "expenses.csv", &base()).unwrap_err()),
        [
            "expenses.csv:2: column \"amount\": \"-50\" must be more than £0",
            "expenses.csv:3: column \"amount\": \"0\" must be more than £0",
        ]
    );
    let venues = "name,capacity,rate,per\nHall,40,-50,hour\nRoom,10,0,day\n";
    assert_eq!(
        lines(&import_csv(CsvKind::Venues, venues, "venues.csv", &base(), today()).unwrap_err()),
        [
            "venues.csv:2: column \"rate\": \"-50\" must be more than £0",
            "venues.csv:3: column \"rate\": \"0\" must be more than £0",
        ]
    );
    let programme = "[programme]\nname = \"X\"\n\n[budget]\ntotal = \"0\"\n\n[budget.allocations]\ncatering = \"-50\"\n";
    assert_eq!(
        lines(&parse_programme(programme, "programme.toml").unwrap_err()),
        [
            "programme.toml:5: column \"budget.total\": \"0\" must be more than £0",
            "programme.toml:8: column \"budget.allocations.catering\": \"-50\" must be more than £0",
        ]
    );
}

#[test]
fn import_takes_off_only_the_apostrophe_that_guards_a_formula() {
    let text = "name,email,profession,organisation,notes\n\
'=Ada Fenwick,ada@example.org,'+Nurse,'Tis Ward,'@home\n\
O'Neil Brae,oneil@example.org,Nurse,''-Org,'-\n";
    let records =
        import_participants(text, "people.csv", &base(), today()).unwrap_or_else(|e| panic!("{e}"));
    let people: Vec<(&str, &str)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Participant(p) => Some((p.name.as_str(), p.notes.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(people, [("=Ada Fenwick", "@home"), ("O'Neil Brae", "-")]);
    let mut names: Vec<&str> = records
        .iter()
        .filter_map(|r| match r {
            Record::Profession(p) => Some(p.name.as_str()),
            Record::Organisation(o) => Some(o.name.as_str()),
            _ => None,
        })
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["'-Org", "'Tis Ward", "+Nurse", "Nurse"]);
}

#[test]
fn a_file_that_is_not_utf8_names_its_line_whatever_the_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    for (end, name) in [("\r\n", "crlf.csv"), ("\r", "cr.csv"), ("\n", "lf.csv")] {
        let path = dir.path().join(name);
        let text = ["name,capacity", "Hall,40", "Caf\u{e9} room,10", ""].join(end);
        // Latin-1, as older spreadsheets save: é is the one byte 0xE9.
        let bytes: Vec<u8> = text.chars().map(|c| c as u8).collect();
        std::fs::write(&path, bytes).unwrap();
        let error = improvers::io::import::file::read_text(&path).unwrap_err();
        assert!(
            error.starts_with(&format!("{}:3: the file is not UTF-8 text", path.display())),
            "{error}"
        );
    }
}

#[test]
fn a_separator_line_excel_writes_first_is_passed_over_and_lines_still_count_from_it() {
    let text = "sep=,\r\nname,email,profession,organisation\r\nGood One,good1@example.org,Nurse,Org A\r\nBad Two,not-an-email,Nurse,Org A\r\n";
    assert_eq!(
        participant_errors(text),
        [format!("people.csv:4: {BAD_EMAIL}")]
    );
    let good =
        "sep=,\nname,email,profession,organisation\nGood One,good1@example.org,Nurse,Org A\n";
    assert!(import_participants(good, "people.csv", &base(), today()).is_ok());
}

#[test]
fn a_file_separated_by_semicolons_is_refused_saying_how_to_save_it() {
    let text =
        "sep=;\nname;email;profession;organisation\nGood One;good1@example.org;Nurse;Org A\n";
    assert_eq!(
        participant_errors(text),
        [
            "people.csv:1: the file says its values are separated by \";\"; improvers reads \
          comma-separated files: save it as \"CSV (comma delimited)\" or \"CSV UTF-8\""
        ]
    );
}

#[test]
fn a_file_separated_by_tabs_is_refused_saying_how_to_save_it() {
    let text = "sep=\t\nname\temail\tprofession\torganisation\n";
    let errors = participant_errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("people.csv:1: the file says its values are separated by \"\t\""),
        "{errors:?}"
    );
}
