//! CSV imports: all or nothing, every problem named by file, line and column.

use chrono::NaiveDate;
use improvers::domain::change::Record;
use improvers::domain::snapshot::Snapshot;
use improvers::io::import::{
    CsvKind, ImportErrors, Importer, import_csv, import_expenses, import_participants,
    import_q_members, parse_programme,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

const PROGRAMME: &str = r#"
[programme]
name = "Aspiring Improvers — Test"

[[cohorts]]
number = 1
starts = 2026-01-12
ends = 2026-12-11
target_size = 10
"#;

const Q_MEMBERS: &str = "name,email,profession,organisation,roles,mentoring_capacity\n\
Wren Halvorsen,wren@hospice.example,Occupational therapist,St Aldric's Hospice,mentor; nominator,2\n";

/// A programme with one cohort and one Q member, as stored.
fn base() -> Snapshot {
    let file = parse_programme(PROGRAMME, "programme.toml").unwrap_or_else(|e| panic!("{e}"));
    let empty = Snapshot::default();
    let mut importer = Importer::new(&empty, today());
    importer.programme(file);
    importer
        .import(CsvKind::QMembers, Q_MEMBERS, "q.csv")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut snapshot = Snapshot::default();
    for record in importer.finish() {
        snapshot.put(record);
    }
    snapshot
}

fn participants(records: &[Record]) -> Vec<&improvers::domain::people::Participant> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Participant(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn lines(errors: &ImportErrors) -> Vec<String> {
    errors.0.iter().map(ToString::to_string).collect()
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_imported() {
    let text = "name,email,profession,organisation,cohort,nominated_by,stage_date\n\
Ada Okafor,ada@riverside.example,Nurse,Riverside University Hospitals NHS Trust,1,,2026-02-30\n\
Ben Quarrie,ben@riverside.example,Nurse,Riverside University Hospitals NHS Trust,7,,\n\
Cara Dunmore,ADA@riverside.example,GP,Harbour Lane Primary Care Network,1,nobody@q.example,\n\
Dev Ashcombe,dev@riverside.example,Pharmacist,Brookvale Pharmacy,1,wren@hospice.example,2026-01-20\n";
    let errors = import_participants(text, "people.csv", &base(), today()).unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "people.csv:2: column \"stage_date\": \"2026-02-30\" is not a date that exists (write dates as YYYY-MM-DD)",
            "people.csv:3: column \"cohort\": there is no cohort 7 (the cohorts are 1)",
            "people.csv:4: column \"email\": ADA@riverside.example is also on line 2; each participant needs their own email",
            "people.csv:4: column \"nominated_by\": no Q member has the email \"nobody@q.example\"",
        ]
    );
}

#[test]
fn a_good_file_imports_with_new_organisations_and_professions_once() {
    let text = "\u{feff}Name,Email,Profession,Organisation,Cohort,Nominated_by\n\
Ada Okafor,ada@riverside.example,Nurse,Riverside University Hospitals NHS Trust,1,wren@hospice.example\n\
Ben Quarrie,ben@riverside.example,nurse, riverside university hospitals nhs trust ,Cohort 1,\n";
    let existing = base();
    let records = import_participants(text, "people.csv", &existing, today())
        .unwrap_or_else(|e| panic!("{e}"));
    let people = participants(&records);
    assert_eq!(people.len(), 2);
    assert_eq!(people[0].organisation, people[1].organisation);
    assert_eq!(people[0].profession, people[1].profession);
    let organisations: Vec<&str> = records
        .iter()
        .filter_map(|r| match r {
            Record::Organisation(o) => Some(o.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(organisations, ["Riverside University Hospitals NHS Trust"]);
    // Ids carry on from what is stored: the Q member's organisation is 1, the new one 2.
    assert_eq!(people[0].organisation.0, 2);
    assert_eq!(
        people[0].nominated_by,
        existing.q_members.keys().next().copied()
    );
}

#[test]
fn quoted_commas_newlines_accents_and_apostrophes_are_kept() {
    let text = "name,email,profession,organisation,project_title,project_aim\n\
\"Siân O'Connor-Ibáñez\",sian@riverside.example,Nurse,\"Harbour Lane, North\",\"Fewer falls, fewer harms\",\"Line one\nline two\"\n";
    let records =
        import_participants(text, "people.csv", &base(), today()).unwrap_or_else(|e| panic!("{e}"));
    let p = participants(&records)[0];
    assert_eq!(p.name, "Siân O'Connor-Ibáñez");
    assert_eq!(p.project.title, "Fewer falls, fewer harms");
    assert_eq!(p.project.aim, "Line one\nline two");
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Record::Organisation(o) if o.name == "Harbour Lane, North"))
    );
}

#[test]
fn escape_codes_and_bidi_overrides_are_stripped() {
    let text = "name,email,profession,organisation,notes\n\
\"Ada\u{1b}[31m Okafor\u{7}\",ada@riverside.example,Nurse\u{202e},Riverside,\"abc\u{2066}def\u{1b}\"\n";
    let records =
        import_participants(text, "people.csv", &base(), today()).unwrap_or_else(|e| panic!("{e}"));
    let p = participants(&records)[0];
    assert_eq!(p.name, "Ada[31m Okafor");
    assert_eq!(p.notes, "abcdef");
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Record::Profession(x) if x.name == "Nurse"))
    );
}

#[test]
fn header_problems_name_the_column() {
    let text = "name,email,profession,shoe_size\nAda,ada@r.example,Nurse,9\n";
    let errors = import_participants(text, "people.csv", &base(), today()).unwrap_err();
    let shown = lines(&errors);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("people.csv:1: column \"shoe_size\": unknown column"));
    assert_eq!(
        shown[1],
        "people.csv:1: column \"organisation\": this required column is missing"
    );
}

#[test]
fn an_email_already_in_the_programme_is_refused() {
    let text =
        "name,email,profession,organisation\nWren Again,WREN@hospice.example,Nurse,Hospice\n";
    let errors = import_q_members(text, "q.csv", &base()).unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "q.csv:2: column \"email\": WREN@hospice.example already belongs to Q member Wren Halvorsen in the programme"
        ]
    );
}

#[test]
fn negative_and_malformed_amounts_are_refused() {
    let text = "date,category,amount,payee,state\n\
2026-03-01,Catering,-£12.50,Café,paid\n\
2026-03-01,Catering,12.505,Café,paid\n\
2026-03-01,Travel,12,Café,owed\n";
    let errors = import_expenses(text, "expenses.csv", &base()).unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "expenses.csv:2: column \"amount\": \"-£12.50\" must be more than £0",
            "expenses.csv:3: column \"amount\": \"12.505\" has fractions of a penny; use at most two decimal places",
            "expenses.csv:4: column \"category\": \"Travel\" is not a budget category (one of: Venue hire, Speaker travel, Site visits, Catering, Materials, Other)",
            "expenses.csv:4: column \"state\": \"owed\" is not an expense state (one of: estimate, committed, paid, cancelled)",
        ]
    );
}

#[test]
fn a_finance_systems_export_reads_pounds_and_day_first_dates_and_refuses_zero() {
    let good = "date,category,amount,payee,state\n\
01/03/2026,Catering,\"£1,234.56\",Café,paid\n\
2026-03-02,Materials,1234.56,Printers,committed\n";
    let records = import_expenses(good, "finance.csv", &base()).expect("imports");
    let amounts: Vec<(String, i64)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Expense(e) => Some((e.date.to_string(), e.amount.0)),
            _ => None,
        })
        .collect();
    assert_eq!(
        amounts,
        [
            ("2026-03-01".to_string(), 123_456),
            ("2026-03-02".to_string(), 123_456)
        ]
    );
    let bad = "date,category,amount,payee,state\n\
31/02/2026,Catering,12,Café,paid\n\
2026-03-01,Catering,0,Café,paid\n\
2026-03-01,Catering,12,Café,paid\n\
03-01-2026,Catering,£0.00,Café,paid\n";
    let errors = import_expenses(bad, "finance.csv", &base()).unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "finance.csv:2: column \"date\": \"31/02/2026\" is not a date that exists (write dates as YYYY-MM-DD or DD/MM/YYYY)",
            "finance.csv:3: column \"amount\": \"0\" must be more than £0",
            "finance.csv:5: column \"date\": \"03-01-2026\" is not a date (write dates as YYYY-MM-DD or DD/MM/YYYY)",
            "finance.csv:5: column \"amount\": \"£0.00\" must be more than £0",
        ]
    );
}

#[test]
fn lines_count_physical_lines_when_a_field_spans_several() {
    let text = "name,email,profession,organisation,notes\n\
Ada,ada@r.example,Nurse,Riverside,\"one\ntwo\nthree\"\n\
Ben,not-an-email,Nurse,Riverside,\n";
    let errors = import_participants(text, "people.csv", &base(), today()).unwrap_err();
    assert_eq!(
        lines(&errors),
        ["people.csv:5: column \"email\": \"not-an-email\" is not an email address"]
    );
}

#[test]
fn bad_stage_names_use_the_domain_message() {
    let text = "name,email,profession,organisation,stage,stage_date\nAda,ada@r.example,Nurse,Riverside,Graduated,2026-01-01\n";
    let errors = import_csv(CsvKind::Participants, text, "p.csv", &base(), today()).unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "p.csv:2: column \"stage\": \"Graduated\" is not a pathway stage (one of: Nominated, Applied, Enrolled, Active, Completed, Applied to Q, Joined Q, Withdrawn, Deferred)"
        ]
    );
}

#[test]
fn a_failed_file_leaves_the_importer_as_it_was() {
    let existing = base();
    let mut importer = Importer::new(&existing, today());
    let bad = "name,email,profession,organisation\nAda,ada@r.example,Nurse,Riverside\nBen,,Nurse,Riverside\n";
    assert!(
        importer
            .import(CsvKind::Participants, bad, "p.csv")
            .is_err()
    );
    assert!(importer.finish().is_empty());
}

#[test]
fn sessions_refer_by_ref_and_invite_the_cohort() {
    let existing = base();
    let mut importer = Importer::new(&existing, today());
    let people = "name,email,profession,organisation,cohort,stage,stage_date\n\
Ada,ada@r.example,Nurse,Riverside,1,active,2026-01-12\n\
Ben,ben@r.example,Nurse,Riverside,1,withdrawn,2026-03-01\n";
    importer
        .import(CsvKind::Participants, people, "p.csv")
        .unwrap_or_else(|e| panic!("{e}"));
    let venues = "name,capacity,rate,per\nHall,40,£95,hour\nRoom,10,,\n";
    importer
        .import(CsvKind::Venues, venues, "v.csv")
        .unwrap_or_else(|e| panic!("{e}"));
    let sessions = "ref,kind,title,cohort,start,duration_minutes,venue,facilitators\n\
s1,Workshop,Spread,1,2026-03-29 01:30,120,Hall,wren@hospice.example\n\
s2,Lecture,Bad,1,2026-03-29,0,Nowhere,x@y.example\n";
    let errors = importer
        .import(CsvKind::Sessions, sessions, "s.csv")
        .unwrap_err();
    assert_eq!(errors.0.len(), 5, "{errors}");
    assert!(errors.0.iter().all(|p| p.line == 3));
    let sessions = "ref,kind,title,cohort,start,duration_minutes,venue\ns1,Workshop,Spread,1,2026-03-29 01:30,120,Hall\n";
    let records = importer
        .import(CsvKind::Sessions, sessions, "s.csv")
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(Record::Session(session)) = records.first() else {
        panic!("no session: {records:?}");
    };
    // Only people taking part are invited by default.
    assert_eq!(session.invitees.len(), 1);
    let marks = "session,email,attendance\ns1,ben@r.example,attended\ns9,ada@r.example,attended\n";
    let errors = importer
        .import(CsvKind::Attendance, marks, "a.csv")
        .unwrap_err();
    assert_eq!(
        lines(&errors),
        ["a.csv:3: column \"session\": there is no session with the ref \"s9\""]
    );
}

#[test]
fn programme_file_problems_name_the_line() {
    let text = "[programme]\nname = \"X\"\n\n[[cohorts]]\nnumber = 1\nstarts = 2026-05-01\nends = 2026-04-01\n";
    let errors = parse_programme(text, "programme.toml").unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "programme.toml:7: column \"cohorts.ends\": 2026-04-01 is before the cohort starts (2026-05-01)"
        ]
    );
    let errors = parse_programme("[programme]\nname = \"X\"\ncolour = 1\n", "p.toml").unwrap_err();
    assert_eq!(errors.0[0].line, 3, "{errors}");
}

#[test]
fn programme_file_category_and_share_problems_name_the_line() {
    let text = r#"[programme]
name = "X"

[[cohorts]]
number = 1
starts = 2026-01-12
ends = 2026-12-11

[cohorts.allocations]
catering = "£600"
travel = "£10"

[budget]
total = "£1,000"
retired = ["venue_hire", "nothing"]

[budget.allocations]
catering = "£500"
childcare = "£100"

[budget.categories]
childcare = "Catering"
"#;
    let errors = parse_programme(text, "programme.toml").unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "programme.toml:10: column \"cohorts.allocations\": the cohorts' shares of Catering add up to £600.00, more than the programme allocates to it (£500.00)",
            "programme.toml:11: column \"cohorts.allocations\": \"travel\" is not a budget category (one of: Venue hire, Speaker travel, Site visits, Catering, Materials, Other)",
            "programme.toml:15: column \"budget.retired\": Venue hire cannot be retired: the programme's rules rely on it",
            "programme.toml:15: column \"budget.retired\": \"nothing\" is not the key of a budget category",
            "programme.toml:19: column \"budget.allocations\": \"childcare\" is not a budget category (one of: Venue hire, Speaker travel, Site visits, Catering, Materials, Other)",
            "programme.toml:22: column \"budget.categories.childcare\": \"Catering\" is already the name of another category (catering)",
        ]
    );
}

#[test]
fn a_q_member_with_no_london_based_column_or_an_empty_one_is_outside_london() {
    let text = "name,email,profession,organisation,london_based\n\
Ines Carrow,ines@trust.example,Pharmacist,Fenbridge Trust,\n\
Odo Brantley,odo@trust.example,Pharmacist,Fenbridge Trust,yes\n";
    let records = import_q_members(text, "q.csv", &Snapshot::default()).unwrap();
    let without_column = import_q_members(Q_MEMBERS, "q.csv", &Snapshot::default()).unwrap();
    let based: Vec<(String, bool)> = records
        .iter()
        .chain(&without_column)
        .filter_map(|r| match r {
            Record::QMember(q) => Some((q.name.clone(), q.london_based)),
            _ => None,
        })
        .collect();
    assert_eq!(
        based,
        [
            ("Ines Carrow".to_string(), false),
            ("Odo Brantley".to_string(), true),
            ("Wren Halvorsen".to_string(), false),
        ]
    );
}

#[test]
fn topics_keep_the_case_people_wrote_and_are_each_once_whatever_the_case() {
    let text = "name,email,profession,organisation,topics\n\
Bryn Ostler,bryn@trust.example,Pharmacist,Fenbridge Trust,PDSA; pdsa; Patient flow\n";
    let records = import_participants(text, "p.csv", &base(), today()).unwrap();
    assert_eq!(
        participants(&records)[0].project.topics,
        ["PDSA", "Patient flow"]
    );
}

/// Without a stage column, people take the stage the dashboard's participant form offers for
/// their cohort: Enrolled in one running, Applied in one recruiting, Nominated with none, so
/// matching finds imported people as it finds typed ones. CRLF as a spreadsheet writes it.
#[test]
fn without_a_stage_people_start_where_the_form_would_put_them() {
    use improvers::domain::people::pathway::PathwayStage;
    let two_cohorts = format!(
        "{PROGRAMME}\n[[cohorts]]\nnumber = 2\nstarts = 2027-01-11\nends = 2027-12-10\ntarget_size = 10\n"
    );
    let file = parse_programme(&two_cohorts, "programme.toml").unwrap_or_else(|e| panic!("{e}"));
    let empty = Snapshot::default();
    let mut importer = Importer::new(&empty, today());
    importer.programme(file);
    let mut existing = Snapshot::default();
    for record in importer.finish() {
        existing.put(record);
    }
    let text = "name,email,profession,organisation,cohort\r\n\
Orla Penhallow,orla@moorside.example,Nurse,Moorside Trust,1\r\n\
Tamsin Vey,tamsin@moorside.example,Nurse,Moorside Trust,2\r\n\
Idris Carnew,idris@moorside.example,Nurse,Moorside Trust,\r\n";
    let records = import_participants(text, "participants.csv", &existing, today())
        .unwrap_or_else(|e| panic!("{e}"));
    let stages: Vec<(&str, PathwayStage)> = participants(&records)
        .iter()
        .map(|p| (p.name.as_str(), p.stage()))
        .collect();
    assert_eq!(
        stages,
        [
            ("Orla Penhallow", PathwayStage::Enrolled),
            ("Tamsin Vey", PathwayStage::Applied),
            ("Idris Carnew", PathwayStage::Nominated),
        ]
    );
    for (cohort, (_, stage)) in [1, 2].iter().zip(&stages) {
        let c = existing.cohorts.values().find(|c| c.number == *cohort);
        assert_eq!(PathwayStage::starting_in(c, today()), *stage);
    }
}
