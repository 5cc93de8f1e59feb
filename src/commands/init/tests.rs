//! Setting a programme up from the command line: prompts, options and refusals.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn asked(typed: &str, options: InitOptions) -> (Result<Setup>, String) {
    let mut prompts = Prompts {
        input: typed.as_bytes(),
        output: Vec::new(),
    };
    let result = settle(&options, today(), &Snapshot::default(), &mut prompts);
    (result, String::from_utf8(prompts.output).unwrap())
}

#[test]
fn a_person_is_asked_each_value_with_its_default_and_enter_takes_it() {
    let (setup, shown) = asked(
        "Aspiring Improvers — Fenland\nFenland Health Partnership\n£40,000\n\n\n\n\n",
        InitOptions::default(),
    );
    let setup = setup.unwrap();
    assert_eq!(setup.grant, Pence(4_000_000));
    assert_eq!(setup.starts, today());
    assert_eq!(setup.ends, NaiveDate::from_ymd_opt(2027, 11, 24).unwrap());
    assert_eq!(setup.cohort_name, "Cohort 1 — 2026");
    assert_eq!(setup.target_size, 12);
    assert!(shown.contains("Programme's name: "), "{shown}");
    assert!(
        shown.contains("First cohort's start date [2026-11-25]: "),
        "{shown}"
    );
    assert!(
        shown.contains("Number of participants it aims for [12]: "),
        "{shown}"
    );
    // The order README.md and init --help give: the cohort's name is offered from the year
    // it starts, so it is asked after the dates.
    let order: Vec<usize> = [
        "Programme's name",
        "Funder",
        "Grant (£)",
        "First cohort's start date",
        "First cohort's end date",
        "First cohort's name",
        "Number of participants",
    ]
    .iter()
    .map(|prompt| {
        shown
            .find(prompt)
            .unwrap_or_else(|| panic!("{prompt}: {shown}"))
    })
    .collect();
    assert!(order.is_sorted(), "{shown}");
}

#[test]
fn a_wrong_answer_says_why_and_asks_again_and_given_options_are_not_asked() {
    let (setup, shown) = asked(
        "forty thousand\n40000\n11/01/2027\n2026-12-01\n\nFirst intake\n\n",
        InitOptions {
            name: Some("Fenland".into()),
            funder: Some("Q".into()),
            ..InitOptions::default()
        },
    );
    let setup = setup.unwrap();
    assert!(!shown.contains("Programme's name"), "{shown}");
    assert!(shown.contains("\"forty thousand\""), "{shown}");
    assert_eq!(setup.starts, NaiveDate::from_ymd_opt(2027, 1, 11).unwrap());
    assert!(
        shown.contains("1 Dec 2026 is before the cohort starts on 11 Jan 2027"),
        "{shown}"
    );
    assert_eq!(setup.ends, NaiveDate::from_ymd_opt(2028, 1, 10).unwrap());
    assert_eq!(setup.cohort_name, "First intake");
}

#[test]
fn input_ending_early_sets_nothing_up() {
    let (setup, _) = asked("Fenland\n", InitOptions::default());
    let err = setup.unwrap_err().to_string();
    assert!(err.contains("ended before the funder was given"), "{err}");
}

#[test]
fn a_script_missing_a_required_option_is_told_which() {
    let options = InitOptions {
        name: Some("Fenland".into()),
        grant: Some("£40,000".into()),
        ..InitOptions::default()
    };
    let err = settle(&options, today(), &Snapshot::default(), &mut Script)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("--funder is missing"), "{err}");
    let err = settle(
        &InitOptions::default(),
        today(),
        &Snapshot::default(),
        &mut Script,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with(
            "--name, --funder and --grant are missing: give the programme's name with \
             --name, the funder with --funder, the grant (£) with --grant"
        ),
        "every missing option named at once: {err}"
    );
    let wrong = InitOptions {
        funder: Some("Q".into()),
        target: Some("a dozen".into()),
        ..options
    };
    let err = settle(&wrong, today(), &Snapshot::default(), &mut Script)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("--target \"a dozen\""), "{err}");
}

#[test]
fn an_end_without_a_year_or_as_a_weekday_counts_from_the_start_and_a_short_one_is_noted() {
    let options = InitOptions {
        name: Some("Fenland".into()),
        funder: Some("Q".into()),
        grant: Some("£40,000".into()),
        starts: Some("4/1/2027".into()),
        ends: Some("1 Dec".into()),
        ..InitOptions::default()
    };
    let setup = settle(&options, today(), &Snapshot::default(), &mut Script).unwrap();
    assert_eq!(setup.ends, NaiveDate::from_ymd_opt(2027, 12, 1).unwrap());
    assert!(
        !done_message(&setup).contains("Note:"),
        "eleven months is no note"
    );
    // Asked: start on Monday, end on Friday, the Friday of the same week.
    let (setup, _) = asked(
        "mon\nfri\n\n\ny\n",
        InitOptions {
            ends: None,
            starts: None,
            ..options
        },
    );
    let setup = setup.unwrap();
    assert_eq!(setup.starts, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    assert_eq!(setup.ends, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    assert!(
        done_message(&setup)
            .starts_with("Note: the cohort lasts 5 days, 30 Nov 2026 to 4 Dec 2026: is that"),
        "{}",
        done_message(&setup)
    );
    assert!(
        summary(&setup).contains("Note: the cohort lasts 5 days"),
        "said before a person confirms too"
    );
}

#[test]
fn dates_are_read_as_the_dashboard_reads_them_when_asked_and_as_options() {
    let (setup, _) = asked(
        "tomorrow\n\n\n\n",
        InitOptions {
            name: Some("Fenland".into()),
            funder: Some("Q".into()),
            grant: Some("£40,000".into()),
            ..InitOptions::default()
        },
    );
    let setup = setup.unwrap();
    assert_eq!(setup.starts, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    let options = InitOptions {
        name: Some("Fenland".into()),
        funder: Some("Q".into()),
        grant: Some("£40,000".into()),
        starts: Some("11 Jan".into()),
        ends: Some("+400".into()),
        ..InitOptions::default()
    };
    let setup = settle(&options, today(), &Snapshot::default(), &mut Script).unwrap();
    assert_eq!(setup.starts, NaiveDate::from_ymd_opt(2027, 1, 11).unwrap());
    assert_eq!(setup.ends, NaiveDate::from_ymd_opt(2027, 12, 30).unwrap());
    assert_eq!(
        setup.cohort_name, "Cohort 1 — 2027",
        "named for the year it starts"
    );
    let wrong = InitOptions {
        starts: Some("soon".into()),
        ..options
    };
    let err = settle(&wrong, today(), &Snapshot::default(), &mut Script)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("--starts \"soon\": “soon” is not a date (write 1/12/2026, 1 Dec, tomorrow"),
        "{err}"
    );
}

#[test]
fn a_person_sees_what_will_be_saved_and_n_saves_nothing() {
    let setup = Setup {
        name: "Fenland".into(),
        funder: "Q".into(),
        grant: Pence(4_000_000),
        cohort_name: "Cohort 1 — 2027".into(),
        starts: NaiveDate::from_ymd_opt(2027, 1, 11).unwrap(),
        ends: NaiveDate::from_ymd_opt(2028, 1, 10).unwrap(),
        target_size: 12,
    };
    let confirm = |typed: &str| {
        let mut prompts = Prompts {
            input: typed.as_bytes(),
            output: Vec::new(),
        };
        let answer = prompts.confirm(&summary(&setup));
        (answer, String::from_utf8(prompts.output).unwrap())
    };
    let (yes, shown) = confirm("\n");
    assert!(yes.unwrap());
    assert!(
        shown.contains("First cohort  Cohort 1 — 2027, Mon 11 Jan 2027 to Mon 10 Jan 2028"),
        "{shown}"
    );
    assert!(shown.contains("Grant         £40,000.00"), "{shown}");
    let (no, _) = confirm("maybe\nn\n");
    assert!(!no.unwrap());
    let (ended, _) = confirm("");
    assert!(ended.is_err());
}
