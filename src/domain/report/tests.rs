use super::*;
use crate::domain::budget::ExpenseState;
use crate::domain::change::Record;
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::ids::{CategoryId, CohortId, ExpenseId, MatchId, ParticipantId};
use crate::domain::mentoring::{CheckIn, MatchState};
use crate::domain::money::Pence;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::sessions::Attendance;

fn now() -> LocalNow {
    LocalNow { at: at(5, 15, 12) }
}

fn report(f: &Fixture, cohort: Option<u64>, period: Period) -> Report {
    Report::new(
        &f.data,
        now(),
        cohort.map(CohortId),
        period,
        &MatchingRules::default(),
    )
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let e = Period::new(Some(day(5, 1)), Some(day(4, 1))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--from 2026-05-01 is after --to 2026-04-01: give the earlier day with --from"
    );
    assert!(Period::new(Some(day(4, 1)), Some(day(4, 1))).is_ok());
}

#[test]
fn someone_who_withdrew_counts_in_the_funnel_up_to_where_they_got() {
    let mut f = Fixture::new();
    f.participant(1, "Ada Quill", Some(1), PathwayStage::Applied)
        .participant(2, "Bram Otter", Some(1), PathwayStage::Applied);
    let mut p = f.data.participants[&ParticipantId(1)].clone();
    p.pathway
        .move_to(PathwayStage::Active, day(2, 1), String::new());
    p.pathway
        .move_to(PathwayStage::Withdrawn, day(3, 1), String::new());
    f.data.put(Record::Participant(p));
    let r = report(&f, None, Period::default());
    let cohort = &r.pathway.cohorts[0];
    let reached: Vec<(&str, usize)> = cohort.reached.iter().map(|s| (s.stage, s.people)).collect();
    assert_eq!(
        reached,
        [
            ("nominated", 2),
            ("applied", 2),
            ("enrolled", 1),
            ("active", 1),
            ("completed", 0),
            ("applied_to_q", 0),
            ("joined_q", 0)
        ]
    );
    assert_eq!(cohort.joined_q_percent, Some(0));
}

#[test]
fn attendance_leaves_out_sessions_nobody_is_marked_at_and_sessions_outside_the_period() {
    let mut f = Fixture::new();
    f.participant(1, "Ada Quill", Some(1), PathwayStage::Active)
        .participant(2, "Bram Otter", Some(1), PathwayStage::Active)
        .session(
            1,
            at(3, 2, 10),
            &[(1, Attendance::Attended), (2, Attendance::Apologies)],
        )
        .session(
            2,
            at(4, 2, 10),
            &[(1, Attendance::Invited), (2, Attendance::Invited)],
        )
        .session(3, at(1, 20, 10), &[(1, Attendance::Attended)]);
    let whole = report(&f, None, Period::default());
    let rates: Vec<_> = whole
        .delivery
        .attendance
        .iter()
        .map(|a| (a.title.as_str(), a.attended, a.expected, a.rate_percent))
        .collect();
    // Apologies are still expected, as the Q readiness threshold counts them.
    assert_eq!(
        rates,
        [
            ("Session 3", 1, 1, Some(100)),
            ("Session 1", 1, 2, Some(50))
        ]
    );
    assert_eq!(whole.delivery.by_cohort[0].rate_percent, Some(67));
    let march = report(
        &f,
        None,
        Period::new(Some(day(3, 1)), Some(day(3, 31))).unwrap(),
    );
    assert_eq!(march.delivery.attendance.len(), 1);
    assert_eq!(march.delivery.by_kind[3].held, 1, "workshops held in March");
}

#[test]
fn pairs_meet_per_month_from_their_confirmation_and_share_organisations() {
    let mut f = Fixture::new();
    // Participant 2 works at organisation 2, participant 4 at organisation 1, as mentor 1.
    f.participant(2, "Ada Quill", Some(1), PathwayStage::Active)
        .participant(4, "Bram Otter", Some(1), PathwayStage::Active)
        .matched(1, 2, 1, MatchState::Confirmed { on: day(3, 10) })
        .matched(2, 4, 1, MatchState::Confirmed { on: day(3, 10) });
    let mut m = f.data.matches[&MatchId(1)].clone();
    m.check_ins = [(3, 20, true), (4, 20, true), (5, 1, false)]
        .into_iter()
        .map(|(mo, d, met)| CheckIn {
            on: day(mo, d),
            met,
            note: String::new(),
        })
        .collect();
    f.data.put(Record::Match(m));
    let r = report(&f, None, Period::default());
    let ada = &r.mentoring.pairs[0];
    assert_eq!((ada.met, ada.check_ins, ada.months), (2, 3, 3));
    assert!((ada.met_per_month - 0.7).abs() < 1e-9);
    assert_eq!(r.mentoring.same_organisation, 1);
    assert_eq!(r.mentoring.same_organisation_percent, Some(50));
    assert_eq!(r.mentoring.met_per_pair_month, Some(0.3));
    assert_eq!(r.mentoring.by_month.len(), 3);
}

#[test]
fn the_forecast_adds_the_monthly_paid_rate_for_each_month_left_of_the_grant() {
    let mut f = Fixture::new();
    // Paid in March; today is 15 May: three months of paying, £100 a month.
    f.expense(1, CategoryId::VENUE_HIRE, ExpenseState::Paid, 30_000)
        .expense(2, CategoryId::CATERING, ExpenseState::Committed, 5_000)
        .expense(3, CategoryId::CATERING, ExpenseState::Cancelled, 9_999);
    let r = report(&f, None, Period::default());
    let forecast = r.money.forecast;
    assert_eq!(forecast.monthly_paid_rate, Pence(10_000));
    // The last cohort ends in December 2027: June 2026 to December 2027 is 19 months.
    assert_eq!(
        forecast.grant_ends,
        Some(chrono::NaiveDate::from_ymd_opt(2027, 12, 10).unwrap())
    );
    assert_eq!(forecast.months_left, 19);
    assert_eq!(forecast.used, Pence(35_000));
    assert_eq!(forecast.forecast, Pence(35_000 + 19 * 10_000));
    assert_eq!(forecast.left_at_end, Pence(1_000_000 - 225_000));
    // A period before the spending counts none of it.
    let january = report(&f, None, Period::new(None, Some(day(1, 31))).unwrap());
    assert_eq!(january.money.budget.totals().used(), Pence(0));
    assert!(january.money.months.is_empty());
}

#[test]
fn speaker_travel_counts_only_speakers_from_outside_london() {
    let mut f = Fixture::new();
    f.expense(1, CategoryId::SPEAKER_TRAVEL, ExpenseState::Paid, 4_000)
        .expense(2, CategoryId::SPEAKER_TRAVEL, ExpenseState::Paid, 6_000);
    for (id, q) in [(1, 1), (2, 2)] {
        let mut e = f.data.expenses[&ExpenseId(id)].clone();
        e.person = Some(crate::domain::people::PersonRef::QMember(
            crate::domain::ids::QMemberId(q),
        ));
        f.data.put(Record::Expense(e));
    }
    let r = report(&f, None, Period::default());
    // Q member 1 is London-based in the fixture, 2 is not.
    assert_eq!(r.money.speakers.len(), 1);
    assert_eq!(r.money.speakers[0].speaker, "Idris Penhale");
    assert_eq!(r.money.speakers[0].amount, Pence(6_000));
}

#[test]
fn percentages_round_half_up_and_have_none_of_nothing() {
    assert_eq!(percent(2, 3), Some(67));
    assert_eq!(percent(1, 8), Some(13));
    assert_eq!(percent(0, 0), None);
}
