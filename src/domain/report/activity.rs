//! Sections 1 to 3 of the report: who was nominated and by whom, the sessions delivered and
//! who came, and the mentoring pairs.

use super::{Scope, percent};
use crate::domain::ids::CohortId;
use crate::domain::mentoring::MatchState;
use crate::domain::sessions::schedule::{LocalNow, attendance_tally};
use crate::domain::sessions::{Attendance, Session, SessionKind};
use crate::domain::summary::{DormantLine, Summary};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Section 1: nominations per cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reach {
    pub cohorts: Vec<CohortReach>,
    /// Nominees not yet placed in a cohort, as `status` counts them (`awaiting_review`).
    pub awaiting_review: usize,
    /// Distinct Q members who nominated anyone in view.
    pub nominators: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortReach {
    pub number: u32,
    pub name: String,
    pub target_size: u32,
    /// People placed in the cohort whose first pathway step falls in the period: every one
    /// of them was put forward for it.
    pub nominations: usize,
    /// Of those, the ones a Q member nominated (the rest came forward another way).
    pub nominated_by_q: usize,
    /// Distinct Q members who nominated them.
    pub nominators: usize,
}

pub(super) fn reach(scope: &Scope, summary: &Summary) -> Reach {
    let data = scope.snapshot;
    let first_step =
        |p: &crate::domain::people::Participant| p.pathway.changes().first().map(|c| c.on);
    let counted = |p: &&crate::domain::people::Participant| {
        first_step(p).is_none_or(|day| scope.period.holds(day))
    };
    let mut everyone = BTreeSet::new();
    let cohorts = scope
        .cohorts()
        .map(|c| {
            let people: Vec<_> = data
                .participants
                .values()
                .filter(|p| p.cohort == Some(c.id))
                .filter(counted)
                .collect();
            let nominators: BTreeSet<_> = people.iter().filter_map(|p| p.nominated_by).collect();
            everyone.extend(nominators.iter().copied());
            CohortReach {
                number: c.number,
                name: c.name.clone(),
                target_size: c.target_size,
                nominations: people.len(),
                nominated_by_q: people.iter().filter(|p| p.nominated_by.is_some()).count(),
                nominators: nominators.len(),
            }
        })
        .collect();
    Reach {
        cohorts,
        awaiting_review: summary.awaiting_review,
        nominators: everyone.len(),
    }
}

/// Section 2: sessions delivered, who led them, site visits and attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// Every kind of session, in the programme's order, with none left out.
    pub by_kind: Vec<KindLine>,
    /// Distinct Q members who facilitated or hosted a session held or planned in the period.
    pub leaders: usize,
    pub site_visits: Vec<SiteVisitLine>,
    /// Distinct organisations that hosted a site visit held in the period.
    pub host_organisations: usize,
    /// Finished sessions with anyone marked (attended, apologies or no-show), in date order.
    pub attendance: Vec<AttendanceLine>,
    pub by_cohort: Vec<CohortAttendance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindLine {
    pub kind: &'static str,
    /// Over by the report's day and not cancelled.
    pub held: usize,
    /// Still to come, not cancelled.
    pub planned: usize,
    pub cancelled: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteVisitLine {
    pub date: NaiveDate,
    pub title: String,
    /// The host's name; `None` when no host is set.
    pub host: Option<String>,
    pub organisation: Option<String>,
}

/// One finished session's attendance, counted as the Q-readiness threshold counts it:
/// apologies are still expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceLine {
    pub date: NaiveDate,
    pub title: String,
    pub cohort: Option<u32>,
    pub expected: u32,
    pub attended: u32,
    /// Attended of expected, in whole percent.
    pub rate_percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortAttendance {
    pub number: u32,
    pub name: String,
    pub sessions: usize,
    pub expected: u32,
    pub attended: u32,
    pub rate_percent: Option<u32>,
}

pub(super) fn delivery(scope: &Scope) -> Delivery {
    let data = scope.snapshot;
    let mut sessions: Vec<&Session> = data
        .sessions
        .values()
        .filter(|s| scope.in_cohort(s.cohort) && scope.period.holds(s.start.date()))
        .collect();
    sessions.sort_by_key(|s| (s.start, s.id));
    let over = |s: &Session| s.end() <= scope.now.at;
    let by_kind = SessionKind::ALL
        .into_iter()
        .map(|kind| {
            let of_kind = || sessions.iter().filter(move |s| s.kind == kind);
            KindLine {
                kind: kind.label(),
                held: of_kind().filter(|s| !s.cancelled && over(s)).count(),
                planned: of_kind().filter(|s| !s.cancelled && !over(s)).count(),
                cancelled: of_kind().filter(|s| s.cancelled).count(),
            }
        })
        .collect();
    let leaders: BTreeSet<_> = sessions
        .iter()
        .filter(|s| !s.cancelled)
        .flat_map(|s| s.facilitators.iter().copied().chain(s.host))
        .collect();
    let site_visits: Vec<SiteVisitLine> = sessions
        .iter()
        .filter(|s| s.kind == SessionKind::SiteVisit && !s.cancelled && over(s))
        .map(|s| {
            let host = s.host.and_then(|h| data.q_members.get(&h));
            SiteVisitLine {
                date: s.start.date(),
                title: s.title.clone(),
                host: host.map(|q| q.name.clone()),
                organisation: host.map(|q| data.organisation_name(q.organisation).to_string()),
            }
        })
        .collect();
    let host_organisations = site_visits
        .iter()
        .filter_map(|v| v.organisation.as_deref())
        .collect::<BTreeSet<_>>()
        .len();
    let attendance: Vec<(Option<CohortId>, AttendanceLine)> = sessions
        .iter()
        .filter_map(|s| {
            let (attended, expected) = session_attendance(s, scope.now)?;
            Some((
                s.cohort,
                AttendanceLine {
                    date: s.start.date(),
                    title: s.title.clone(),
                    cohort: s
                        .cohort
                        .and_then(|c| data.cohorts.get(&c))
                        .map(|c| c.number),
                    expected,
                    attended,
                    rate_percent: percent(attended as usize, expected as usize),
                },
            ))
        })
        .collect();
    let by_cohort = scope
        .cohorts()
        .map(|c| {
            let lines: Vec<_> = attendance
                .iter()
                .filter(|(of, _)| *of == Some(c.id))
                .map(|(_, l)| l)
                .collect();
            let expected = lines.iter().map(|l| l.expected).sum();
            let attended = lines.iter().map(|l| l.attended).sum();
            CohortAttendance {
                number: c.number,
                name: c.name.clone(),
                sessions: lines.len(),
                expected,
                attended,
                rate_percent: percent(attended as usize, expected as usize),
            }
        })
        .collect();
    Delivery {
        by_kind,
        leaders: leaders.len(),
        site_visits,
        host_organisations,
        attendance: attendance.into_iter().map(|(_, l)| l).collect(),
        by_cohort,
    }
}

/// One finished session's attendance as (attended, expected), counted by the same tally as Q
/// readiness so "attended" means one thing everywhere: everyone invited is expected, apologies
/// included. `None` for a session still to come, cancelled, with nobody invited, or where
/// nobody has been marked yet (attended, apologies or no-show): it has no attendance to report,
/// rather than none. The report's attendance and the sessions pane's trend both come from here.
pub fn session_attendance(session: &Session, now: LocalNow) -> Option<(u32, u32)> {
    let marked = session.invitees.iter().any(|i| {
        matches!(
            i.attendance,
            Attendance::Attended | Attendance::Apologies | Attendance::NoShow
        )
    });
    if !marked {
        return None;
    }
    let tally = attendance_tally([session], now);
    let expected: u32 = tally.values().map(|t| t.expected).sum();
    let attended: u32 = tally.values().map(|t| t.attended).sum();
    (expected > 0).then_some((attended, expected))
}

/// Section 3: mentoring pairs and how often they meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentoringFigures {
    /// People in view with a confirmed mentor, and with a proposal awaiting acceptance, as
    /// `status` counts them (`mentoring.confirmed`, `mentoring.proposed`).
    pub confirmed: usize,
    pub proposed: usize,
    /// Pairs that have ended, for any reason.
    pub ended: usize,
    /// Of the confirmed pairs, those whose mentor works in the participant's organisation.
    pub same_organisation: usize,
    pub same_organisation_percent: Option<u32>,
    /// Confirmed and ended pairs, with their check-ins in the period.
    pub pairs: Vec<PairLine>,
    /// Check-ins in the period, by month (first day of the month).
    pub by_month: Vec<CheckInMonth>,
    /// All pairs' meetings per pair per month, to one decimal place.
    pub met_per_pair_month: Option<f64>,
    pub dormant_after_weeks: u32,
    /// As `status` lists them (`dormant_pairs`).
    pub dormant: Vec<DormantLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairLine {
    pub participant: String,
    pub mentor: String,
    pub confirmed_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub same_organisation: bool,
    /// Check-ins at which they met, and all check-ins logged, in the period.
    pub met: usize,
    pub check_ins: usize,
    /// Whole or part months the pair ran within the period, at least 1.
    pub months: u32,
    /// `met` per month, to one decimal place.
    pub met_per_month: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckInMonth {
    pub month: NaiveDate,
    pub met: usize,
    pub not_met: usize,
}

/// Months from the month of `from` to the month of `to`, both counted.
pub(super) fn months_spanned(from: NaiveDate, to: NaiveDate) -> u32 {
    let index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    u32::try_from(index(to) - index(from) + 1).unwrap_or(0)
}

pub(super) fn one_place(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub(super) fn mentoring(scope: &Scope, summary: &Summary) -> MentoringFigures {
    let data = scope.snapshot;
    let today = scope.today();
    let mut pairs = Vec::new();
    let mut by_month: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
    let mut ended = 0;
    for m in data.matches.values() {
        let Some(p) = data.participants.get(&m.participant) else {
            continue;
        };
        if !scope.person_in_view(p.cohort) {
            continue;
        }
        let (confirmed_on, ended_on) = match &m.state {
            MatchState::Proposed => continue,
            MatchState::Confirmed { on } => (Some(*on), None),
            MatchState::Ended { on, .. } => {
                ended += 1;
                (None, Some(*on))
            }
        };
        let check_ins: Vec<_> = m
            .check_ins
            .iter()
            .filter(|c| scope.period.holds(c.on))
            .collect();
        for c in &check_ins {
            if let Some(month) = c.on.with_day(1) {
                let entry = by_month.entry(month).or_default();
                if c.met {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
            }
        }
        // A pair runs from its confirmation (an ended one from its first check-in, the day
        // it was proposed failing that) to its end or today, cut to the period.
        let start = confirmed_on
            .or_else(|| m.check_ins.iter().map(|c| c.on).min())
            .unwrap_or(m.proposed_on);
        let start = scope.period.from.map_or(start, |f| start.max(f));
        let end = ended_on.unwrap_or(today);
        let end = scope.period.to.map_or(end, |t| end.min(t));
        let months = if end < start {
            1
        } else {
            months_spanned(start, end).max(1)
        };
        let met = check_ins.iter().filter(|c| c.met).count();
        let mentor = data.q_members.get(&m.q_member);
        pairs.push(PairLine {
            participant: p.name.clone(),
            mentor: data.q_member_name(m.q_member).to_string(),
            confirmed_on,
            ended_on,
            same_organisation: mentor.is_some_and(|q| q.organisation == p.organisation),
            met,
            check_ins: check_ins.len(),
            months,
            met_per_month: one_place(met as f64 / f64::from(months)),
        });
    }
    pairs.sort_by(|a, b| {
        (a.ended_on.is_some(), &a.participant).cmp(&(b.ended_on.is_some(), &b.participant))
    });
    let live: Vec<_> = pairs.iter().filter(|p| p.ended_on.is_none()).collect();
    let same_organisation = live.iter().filter(|p| p.same_organisation).count();
    let pair_months: u32 = pairs.iter().map(|p| p.months).sum();
    let met: usize = pairs.iter().map(|p| p.met).sum();
    MentoringFigures {
        confirmed: summary.mentoring.confirmed,
        proposed: summary.mentoring.proposed,
        ended,
        same_organisation,
        same_organisation_percent: percent(same_organisation, live.len()),
        met_per_pair_month: (pair_months > 0)
            .then(|| one_place(met as f64 / f64::from(pair_months))),
        pairs,
        by_month: by_month
            .into_iter()
            .map(|(month, (met, not_met))| CheckInMonth {
                month,
                met,
                not_met,
            })
            .collect(),
        dormant_after_weeks: summary.dormant_after_weeks,
        dormant: summary.dormant.clone(),
    }
}
