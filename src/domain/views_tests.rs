//! Tests of the roster, mentor and summary views over a small programme built in code.

use super::budget::ExpenseState;
use super::fixture::{Fixture, at, day};
use super::ids::CategoryId;
use super::ids::{CohortId, ParticipantId, QMemberId};
use super::mentoring::MatchState;
use super::mentoring::mentors::{live_matches, mentor_loads, unmatched};
use super::people::pathway::PathwayStage;
use super::people::roster::{CohortFilter, RosterFilter, roster};
use super::sessions::Attendance;
use super::sessions::schedule::LocalNow;
use super::summary::Summary;

fn now() -> LocalNow {
    LocalNow { at: at(11, 25, 10) }
}

#[test]
fn a_confirmed_match_wins_over_a_proposal_and_ended_ones_do_not_count() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(1), PathwayStage::Active)
        .matched(1, 1, 1, MatchState::Proposed)
        .matched(2, 1, 2, MatchState::Confirmed { on: day(2, 2) })
        .matched(
            3,
            1,
            1,
            MatchState::Ended {
                on: day(1, 30),
                reason: "moved".into(),
            },
        );
    let live = live_matches(&f.data);
    assert_eq!(live[&ParticipantId(1)].q_member, QMemberId(2));
}

#[test]
fn mentor_load_counts_live_matches_busiest_first() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(1), PathwayStage::Active)
        .participant(2, "Bea", Some(1), PathwayStage::Active)
        .participant(3, "Cai", Some(1), PathwayStage::Active)
        .matched(1, 1, 2, MatchState::Confirmed { on: day(2, 2) })
        .matched(2, 2, 2, MatchState::Proposed)
        .matched(
            3,
            3,
            1,
            MatchState::Ended {
                on: day(3, 1),
                reason: "done".into(),
            },
        );
    let loads = mentor_loads(&f.data);
    assert_eq!(loads[0].name, "Idris Penhale");
    assert_eq!((loads[0].mentees, loads[0].capacity), (2, 1));
    assert!(loads[0].over_capacity());
    assert_eq!(loads[1].mentees, 0);
}

#[test]
fn unmatched_lists_only_people_who_need_a_mentor_now() {
    let mut f = Fixture::new();
    f.participant(1, "Zed", Some(1), PathwayStage::Active)
        .participant(2, "Amy", Some(1), PathwayStage::Enrolled)
        .participant(3, "Withdrawn Wes", Some(1), PathwayStage::Withdrawn)
        .participant(4, "Nominee Nia", None, PathwayStage::Nominated)
        .participant(5, "Matched Max", Some(1), PathwayStage::Active)
        .matched(1, 5, 1, MatchState::Proposed);
    assert_eq!(
        unmatched(&f.data, day(11, 25)),
        [ParticipantId(2), ParticipantId(1)]
    );
}

#[test]
fn roster_readiness_comes_from_attendance_at_finished_sessions() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(1), PathwayStage::Active)
        .participant(2, "Bea", Some(1), PathwayStage::Active)
        .session(
            1,
            at(3, 1, 10),
            &[(1, Attendance::Attended), (2, Attendance::Attended)],
        )
        .session(
            2,
            at(4, 1, 10),
            &[(1, Attendance::Attended), (2, Attendance::NoShow)],
        )
        .session(
            3,
            at(12, 1, 10),
            &[(1, Attendance::Registered), (2, Attendance::Registered)],
        )
        .matched(1, 1, 1, MatchState::Proposed);
    let rows = roster(&f.data, CohortFilter::Cohort(CohortId(1)), now());
    assert_eq!(rows[0].name, "Ada");
    assert_eq!(
        (rows[0].readiness.attended, rows[0].readiness.expected),
        (2, 2)
    );
    assert!(rows[0].readiness.attendance_met());
    assert_eq!(rows[0].mentor.as_deref(), Some("Morwenna Tull (proposed)"));
    assert!(!rows[1].readiness.attendance_met());
    assert_eq!(rows[1].mentor, None);
}

#[test]
fn cohort_filters_admit_the_right_people() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(1), PathwayStage::Active)
        .participant(2, "Bea", Some(2), PathwayStage::Applied)
        .participant(3, "Cai", None, PathwayStage::Nominated);
    let names = |filter| -> Vec<String> {
        roster(&f.data, filter, now())
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    assert_eq!(names(CohortFilter::All), ["Ada", "Bea", "Cai"]);
    assert_eq!(names(CohortFilter::Cohort(CohortId(2))), ["Bea"]);
    assert_eq!(names(CohortFilter::AwaitingReview), ["Cai"]);
}

#[test]
fn summary_counts_stages_sessions_and_warns_about_the_budget() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(1), PathwayStage::Active)
        .participant(2, "Bea", Some(1), PathwayStage::Active)
        .participant(3, "Cai", Some(1), PathwayStage::Withdrawn)
        .participant(4, "Dee", None, PathwayStage::Nominated)
        .matched(1, 1, 1, MatchState::Confirmed { on: day(2, 2) })
        .session(1, at(11, 26, 10), &[])
        .session(2, at(12, 9, 10), &[])
        .session(3, at(12, 10, 10), &[])
        .expense(1, CategoryId::CATERING, ExpenseState::Paid, 12_000)
        .expense(2, CategoryId::VENUE_HIRE, ExpenseState::Committed, 320_000);
    let summary = Summary::new(&f.data, now(), None);
    let c1 = &summary.cohorts[0];
    assert_eq!(c1.participants, 3);
    assert_eq!(
        c1.by_stage,
        [(PathwayStage::Active, 2), (PathwayStage::Withdrawn, 1)]
    );
    assert_eq!(summary.awaiting_review, 1);
    assert_eq!(summary.unmatched.len(), 1);
    assert_eq!(summary.unmatched[0].name, "Bea");
    // 26 Nov and 9 Dec are within 14 days of 25 Nov 10:00; 10 Dec is not.
    assert_eq!(summary.upcoming.len(), 2);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.starts_with("Catering is over its allocation"))
    );
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.starts_with("Venue hire has used 80%"))
    );
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w == "1 participant without a mentor")
    );
}

#[test]
fn a_cohort_summary_leaves_out_other_cohorts() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(1), PathwayStage::Active)
        .participant(2, "Bea", Some(2), PathwayStage::Applied);
    let summary = Summary::new(&f.data, now(), Some(CohortId(2)));
    assert_eq!(summary.cohorts.len(), 1);
    assert_eq!(summary.cohorts[0].number, 2);
    let names: Vec<&str> = summary.unmatched.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        ["Bea"],
        "only cohort 2's applicant, not cohort 1's Ada"
    );
}

#[test]
fn everyone_counted_without_a_mentor_is_named_and_warned_of_applicants_apart() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(1), PathwayStage::Active)
        .participant(2, "Bea", Some(2), PathwayStage::Applied);
    let summary = Summary::new(&f.data, now(), None);
    assert_eq!(summary.mentoring.none, 2);
    assert_eq!(summary.mentoring.none_applicants, 1);
    let named: Vec<(&str, bool)> = summary
        .unmatched
        .iter()
        .map(|u| (u.name.as_str(), u.applicant))
        .collect();
    assert_eq!(named, [("Ada", false), ("Bea", true)]);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w == "2 participants without a mentor"),
        "{:?}",
        summary.warnings
    );
}

#[test]
fn the_roster_sorts_by_any_column_with_names_breaking_ties() {
    use super::people::roster::{RosterSort, sort_rows};
    let mut f = Fixture::new();
    f.participant(1, "Cai", Some(1), PathwayStage::Active)
        .participant(2, "Ada", Some(1), PathwayStage::Enrolled)
        .participant(3, "Bea", Some(1), PathwayStage::Active)
        .matched(1, 3, 1, MatchState::Proposed);
    let mut rows = roster(&f.data, CohortFilter::All, now());
    let names = |rows: &[super::people::roster::RosterRow]| -> Vec<String> {
        rows.iter().map(|r| r.name.clone()).collect()
    };
    sort_rows(&mut rows, RosterSort::Stage, false);
    assert_eq!(names(&rows), ["Ada", "Bea", "Cai"]);
    sort_rows(&mut rows, RosterSort::Stage, true);
    assert_eq!(names(&rows), ["Bea", "Cai", "Ada"]);
    sort_rows(&mut rows, RosterSort::Mentor, false);
    assert_eq!(
        names(&rows),
        ["Bea", "Ada", "Cai"],
        "people without a mentor last"
    );
    sort_rows(&mut rows, RosterSort::Name, true);
    assert_eq!(names(&rows), ["Cai", "Bea", "Ada"]);
    assert_eq!(RosterSort::Readiness.next(), RosterSort::Name);
}

#[test]
fn the_roster_narrows_by_stage_organisation_and_profession_together() {
    let mut f = Fixture::new();
    f.participant(1, "Aled", Some(1), PathwayStage::Active)
        .participant(2, "Bryn", Some(1), PathwayStage::Active)
        .participant(3, "Cai", Some(1), PathwayStage::Completed)
        .participant(4, "Dilys", Some(1), PathwayStage::Active);
    let rows = roster(&f.data, CohortFilter::All, now());
    let kept = |filter: &RosterFilter| -> Vec<String> {
        rows.iter()
            .filter(|r| filter.keeps(r))
            .map(|r| r.name.clone())
            .collect()
    };
    let active = RosterFilter {
        stage: Some(PathwayStage::Active),
        ..RosterFilter::default()
    };
    assert_eq!(kept(&active), ["Aled", "Bryn", "Dilys"]);
    let active_at_riverside = RosterFilter {
        organisation: Some("Riverside Hospitals".into()),
        ..active.clone()
    };
    assert_eq!(kept(&active_at_riverside), ["Bryn"]);
    assert_eq!(
        active_at_riverside.describe(),
        "Active · Riverside Hospitals"
    );
    let pharmacists = RosterFilter {
        profession: Some("Pharmacist".into()),
        ..RosterFilter::default()
    };
    assert_eq!(kept(&pharmacists), ["Aled", "Cai"]);
    assert!(RosterFilter::default().is_empty());
    assert_eq!(kept(&RosterFilter::default()).len(), 4);
}
