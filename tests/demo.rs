//! The demo programme loads through the import code and shows every part of the dashboard.

use chrono::{Days, NaiveDate};
use improvers::domain::budget::{BudgetAlert, BudgetReport, ExpenseState};
use improvers::domain::ids::CategoryId;
use improvers::domain::mentoring::MatchState;
use improvers::domain::people::QRole;
use improvers::domain::people::pathway::PathwayStage;
use improvers::domain::programme::CohortPhase;
use improvers::domain::sessions::{Attendance, SessionKind};
use improvers::domain::snapshot::Snapshot;
use improvers::io::demo::demo_programme;
use std::collections::BTreeSet;

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo(today: NaiveDate) -> Snapshot {
    let change = demo_programme(today).unwrap_or_else(|e| panic!("{e}"));
    let mut snapshot = Snapshot::default();
    snapshot.apply(&change);
    snapshot
}

fn days(n: i64) -> NaiveDate {
    if n >= 0 {
        anchor() + Days::new(n.unsigned_abs())
    } else {
        anchor() - Days::new(n.unsigned_abs())
    }
}

#[test]
fn the_demo_is_one_batch_with_a_summary() {
    let change = demo_programme(anchor()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(change.summary(), "loaded the demo programme");
}

#[test]
fn one_programme_with_a_finished_a_running_and_a_recruiting_cohort() {
    for today in [days(0), days(3), days(200), days(-30)] {
        let s = demo(today);
        let programme = s.programme.as_ref().expect("a programme");
        assert_eq!(programme.currency, "GBP");
        assert_eq!(programme.time_zone, "Europe/London");
        let phases: Vec<CohortPhase> = s.cohorts.values().map(|c| c.phase(today)).collect();
        assert_eq!(
            phases,
            [
                CohortPhase::Finished,
                CohortPhase::Running,
                CohortPhase::Recruiting
            ],
            "on {today}"
        );
    }
}

#[test]
fn a_mixed_roster_in_every_pathway_stage() {
    let s = demo(anchor());
    assert!(s.participants.len() >= 36, "{}", s.participants.len());
    assert!(s.professions.len() >= 8);
    assert!(s.organisations.len() >= 10);
    let stages: BTreeSet<PathwayStage> = s.participants.values().map(|p| p.stage()).collect();
    for stage in PathwayStage::ALL {
        assert!(stages.contains(&stage), "nobody is {stage}");
    }
    assert!(s.participants.values().any(|p| p.cohort.is_none()));
    let professions_in_use: BTreeSet<_> = s.participants.values().map(|p| p.profession).collect();
    assert!(professions_in_use.len() >= 8);
}

#[test]
fn q_members_offer_every_role_and_some_travel_from_outside_london() {
    let s = demo(anchor());
    assert!(s.q_members.len() >= 30);
    assert!(s.q_members.values().any(|q| !q.london_based));
    assert!(s.q_members.values().any(|q| !q.available));
    for role in QRole::ALL {
        assert!(
            s.q_members.values().any(|q| q.offers(role)),
            "no {}",
            role.label()
        );
    }
}

#[test]
fn matches_in_every_state_within_capacity_and_some_left_unmatched() {
    let s = demo(anchor());
    let labels: BTreeSet<&str> = s.matches.values().map(|m| m.state.label()).collect();
    assert_eq!(labels, BTreeSet::from(["confirmed", "ended", "proposed"]));
    for q in s.q_members.values() {
        let live = s
            .matches
            .values()
            .filter(|m| m.q_member == q.id && m.state.is_live())
            .count();
        assert!(
            live <= q.mentoring_capacity as usize,
            "{} is over capacity",
            q.name
        );
    }
    let unmatched = s
        .participants
        .values()
        .filter(|p| p.stage().needs_mentor())
        .filter(|p| {
            !s.matches
                .values()
                .any(|m| m.participant == p.id && m.state.is_live())
        })
        .count();
    assert!(unmatched >= 2, "{unmatched}");
    assert!(s.matches.values().any(|m| !m.check_ins.is_empty()));
    assert!(
        s.matches
            .values()
            .any(|m| matches!(m.state, MatchState::Ended { .. }))
    );
}

#[test]
fn sessions_of_every_kind_at_in_house_and_external_venues() {
    let s = demo(anchor());
    assert!(s.sessions.len() >= 12);
    let kinds: BTreeSet<SessionKind> = s.sessions.values().map(|x| x.kind).collect();
    assert_eq!(kinds.len(), SessionKind::ALL.len());
    let venues: Vec<_> = s.sessions.values().filter_map(|x| x.venue).collect();
    assert!(venues.iter().any(|v| s.venues[v].is_external()));
    assert!(venues.iter().any(|v| !s.venues[v].is_external()));
    assert!(s.sessions.values().any(|x| x.cancelled));
    let today = anchor().and_hms_opt(0, 0, 0).unwrap();
    let marked = s
        .sessions
        .values()
        .filter(|x| x.start < today && x.count(Attendance::Attended) > 0)
        .count();
    assert!(marked >= 5, "{marked}");
}

#[test]
fn sessions_are_coming_up_in_the_next_fortnight_whatever_the_date() {
    for offset in [0, 3, 6, 200, -30, -1, 1000] {
        let today = days(offset);
        let s = demo(today);
        let from = today.and_hms_opt(0, 0, 0).unwrap();
        let to = from + chrono::Duration::days(14);
        let soon = s
            .sessions
            .values()
            .filter(|x| !x.cancelled && x.start >= from && x.start < to)
            .count();
        assert!(soon >= 3, "{soon} sessions in the fortnight from {today}");
    }
}

#[test]
fn nothing_moves_on_the_anchor_date_and_weekdays_keep_when_it_does() {
    let here = demo(anchor());
    let first = here.sessions.values().next().unwrap().start;
    assert_eq!(
        first.format("%Y-%m-%d %H:%M").to_string(),
        "2025-01-22 09:30"
    );
    let later = demo(days(200));
    for (a, b) in here.sessions.values().zip(later.sessions.values()) {
        assert_eq!((b.start - a.start).num_days(), 196);
        assert_eq!(a.start.time(), b.start.time());
    }
    for (a, b) in here.expenses.values().zip(later.expenses.values()) {
        assert_eq!((b.date - a.date).num_days(), 196);
    }
}

#[test]
fn the_budget_has_every_category_with_a_warning_and_an_overspend() {
    let s = demo(anchor());
    let budget = s.budget.as_ref().expect("a budget");
    for category in s.categories.current() {
        assert!(
            budget.allocated(category.id).0 > 0,
            "{} has no allocation",
            category.name
        );
    }
    assert!(s.expenses.len() >= 40);
    for state in ExpenseState::ALL {
        assert!(s.budget_totals.count(state) > 0, "no {state} expense");
    }
    let categories: BTreeSet<CategoryId> = s.expenses.values().map(|e| e.category).collect();
    assert_eq!(categories.len(), 6);
    let report = BudgetReport::new(Some(budget), &s.budget_totals, &s.categories);
    let alerts: Vec<BudgetAlert> = report.lines.iter().map(|l| l.alert()).collect();
    assert!(alerts.contains(&BudgetAlert::Warning), "{alerts:?}");
    assert!(alerts.contains(&BudgetAlert::Over), "{alerts:?}");
}

#[test]
fn names_keep_their_accents_and_apostrophes() {
    let s = demo(anchor());
    assert!(
        s.participants
            .values()
            .any(|p| p.name == "Gráinne O'Sullivan-Pike")
    );
    assert!(
        s.organisations
            .values()
            .any(|o| o.name == "St Aldric's Hospice")
    );
}

#[test]
fn some_people_are_ready_for_q_and_some_nearly() {
    use improvers::domain::people::pathway::QReadiness;
    let s = demo(anchor());
    let now = anchor().and_hms_opt(0, 0, 0).unwrap();
    let met: Vec<usize> = s
        .participants
        .values()
        .map(|p| {
            let past = s
                .sessions
                .values()
                .filter(|x| x.start < now && !x.cancelled);
            let marks: Vec<Attendance> = past
                .filter_map(|x| x.invitees.iter().find(|i| i.participant == p.id))
                .map(|i| i.attendance)
                .collect();
            let attended = marks.iter().filter(|a| **a == Attendance::Attended).count();
            QReadiness::evaluate(
                attended as u32,
                marks.len() as u32,
                s.attendance_threshold(),
                &p.readiness,
            )
            .met()
        })
        .collect();
    assert!(met.contains(&QReadiness::ITEMS), "{met:?}");
    assert!(met.contains(&(QReadiness::ITEMS - 1)), "{met:?}");
}
