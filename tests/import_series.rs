//! The `series` and `repeats` columns of a sessions file: which sessions form a series, and
//! every mistake in them reported with file, line and column.

use improvers::domain::change::Record;
use improvers::domain::ids::SeriesId;
use improvers::domain::sessions::series::{Repeat, Series};
use improvers::domain::snapshot::Snapshot;
use improvers::io::import::{ImportErrors, import_sessions};

fn lines(errors: &ImportErrors) -> Vec<String> {
    errors.0.iter().map(ToString::to_string).collect()
}

fn applied(existing: &Snapshot, records: Vec<Record>) -> Snapshot {
    let mut data = existing.clone();
    for record in records {
        data.put(record);
    }
    data
}

/// The titles and starts of a series' sessions, in its order.
fn sessions_of(data: &Snapshot, series: &Series) -> Vec<String> {
    series
        .sessions
        .iter()
        .filter_map(|id| data.sessions.get(id))
        .map(|s| format!("{} {}", s.start.format("%Y-%m-%d"), s.title))
        .collect()
}

#[test]
fn every_mistake_in_the_series_columns_is_reported_at_once() {
    let text = "ref,kind,title,start,duration_minutes,series,repeats\n\
a1,Workshop,Alpha,2027-01-12 10:00,60,a1,monthly\n\
a2,Workshop,Alpha,2027-02-09 10:00,60,A1,weekly\n\
b2,Workshop,Beta,2027-01-20 10:00,60,b1,weekly\n\
b1,Workshop,Beta,2027-01-13 10:00,60,,\n\
c1,Workshop,Gamma,2027-01-14 10:00,60,nowhere,weekly\n\
d1,Workshop,Delta,2027-01-15 10:00,60,d1,\n\
e1,Workshop,Epsilon,2027-01-16 10:00,60,,fortnightly\n\
f1,Workshop,Phi,2027-01-17 10:00,60,f1,daily\n\
g1,Workshop,Gamma,2027-01-18 10:00,60,g1,once\n\
h1,Workshop,Eta,2027-01-19 10:00,60,h1,weekly\n\
h2,Workshop,Eta,2027-01-26 10:00,60,h1,weekly\n\
h3,Workshop,Eta,2027-02-02 10:00,60,h2,weekly\n\
h4,Workshop,Eta,2027-02-09 10:00,60,h2,weekly\n";
    let errors = import_sessions(text, "sessions.csv", &Snapshot::default()).unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "sessions.csv:3: column \"repeats\": is \"weekly\", but line 2 of the same series says \"monthly\"; a series repeats one way",
            "sessions.csv:5: column \"series\": is empty, but the series of line 4 starts with this session; write its own ref \"b1\" here",
            "sessions.csv:6: column \"series\": \"nowhere\" names no session in this file; a series is named by the ref of its first session",
            "sessions.csv:7: column \"repeats\": is empty; a session in a series needs how the series repeats (weekly, fortnightly or monthly)",
            "sessions.csv:8: column \"series\": is empty, but repeats says \"fortnightly\"; name the series by the ref of its first session, or leave repeats empty for a one-off session",
            "sessions.csv:9: column \"repeats\": \"daily\" is not how a series repeats (one of: weekly, fortnightly, monthly)",
            "sessions.csv:10: column \"repeats\": \"once\" is not how a series repeats (one of: weekly, fortnightly, monthly)",
            "sessions.csv:12: column \"series\": is \"h1\", but the series of lines 13, 14 starts with this session; write its own ref \"h2\" here",
        ]
    );
}

#[test]
fn rows_naming_the_same_first_session_become_one_series_in_date_order() {
    // Written out of order, with the long label and a different case for the series' ref.
    let text = "ref,kind,title,start,duration_minutes,series,repeats\n\
s3,Themed learning,Flow,2027-03-09 10:00,60,s1,monthly\n\
s1,Themed learning,Flow,2027-01-12 10:00,60,s1,Monthly (same weekday of the month)\n\
clinic,Project support,Clinic,2027-01-20 14:00,60,,\n\
s2,Themed learning,Flow,2027-02-09 10:00,60,S1,monthly\n\
w1,Workshop,Spread,2027-01-13 10:00,60,w1,fortnightly\n\
w2,Workshop,Spread,2027-01-27 10:00,60,w1,fortnightly\n";
    let existing = Snapshot::default();
    let records =
        import_sessions(text, "sessions.csv", &existing).unwrap_or_else(|e| panic!("{e}"));
    let data = applied(&existing, records);
    assert_eq!(data.sessions.len(), 6);
    let all: Vec<(Repeat, Vec<String>)> = data
        .series
        .values()
        .map(|s| (s.repeat, sessions_of(&data, s)))
        .collect();
    assert_eq!(
        all,
        [
            (
                Repeat::Monthly,
                vec![
                    "2027-01-12 Flow".to_string(),
                    "2027-02-09 Flow".to_string(),
                    "2027-03-09 Flow".to_string()
                ]
            ),
            (
                Repeat::Fortnightly,
                vec![
                    "2027-01-13 Spread".to_string(),
                    "2027-01-27 Spread".to_string()
                ]
            ),
        ]
    );
    let clinic = data
        .sessions
        .values()
        .find(|s| s.title == "Clinic")
        .unwrap();
    assert!(
        data.series
            .values()
            .all(|s| !s.sessions.contains(&clinic.id))
    );
}

#[test]
fn a_file_without_the_columns_makes_no_series() {
    let text = "ref,kind,title,start,duration_minutes\n\
s1,Workshop,Flow,2027-01-12 10:00,60\n\
s2,Workshop,Flow,2027-02-09 10:00,60\n";
    let records = import_sessions(text, "sessions.csv", &Snapshot::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|r| matches!(r, Record::Session(_))));
}

#[test]
fn a_second_file_adds_a_new_series_and_cannot_reach_into_one_already_there() {
    let first = "ref,kind,title,start,duration_minutes,series,repeats\n\
s1,Workshop,Flow,2027-01-12 10:00,60,s1,weekly\n\
s2,Workshop,Flow,2027-01-19 10:00,60,s1,weekly\n";
    let empty = Snapshot::default();
    let records = import_sessions(first, "first.csv", &empty).unwrap_or_else(|e| panic!("{e}"));
    let existing = applied(&empty, records);
    let before: Vec<SeriesId> = existing.series.keys().copied().collect();
    assert_eq!(before.len(), 1);

    // A session already in the programme is named by its start and title.
    let reaching = "ref,kind,title,start,duration_minutes,series,repeats\n\
s3,Workshop,Flow,2027-01-26 10:00,60,2027-01-12 10:00 Flow,weekly\n";
    let errors = import_sessions(reaching, "second.csv", &existing).unwrap_err();
    assert_eq!(
        lines(&errors),
        [
            "second.csv:2: column \"series\": \"2027-01-12 10:00 Flow\" is a session already in the programme; a series is made only of sessions in the same file, named by the ref of its first session"
        ]
    );

    let another = "ref,kind,title,start,duration_minutes,series,repeats\n\
t1,Workshop,Spread,2027-02-02 10:00,60,t1,fortnightly\n\
t2,Workshop,Spread,2027-02-16 10:00,60,t1,fortnightly\n";
    let records =
        import_sessions(another, "third.csv", &existing).unwrap_or_else(|e| panic!("{e}"));
    let data = applied(&existing, records);
    assert_eq!(data.series.len(), 2);
    assert_eq!(data.series[&before[0]], existing.series[&before[0]]);
    let added = data.series.values().find(|s| s.id != before[0]).unwrap();
    assert_eq!(added.repeat, Repeat::Fortnightly);
    assert_eq!(
        sessions_of(&data, added),
        ["2027-02-02 Spread", "2027-02-16 Spread"]
    );
}
