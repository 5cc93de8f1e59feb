//! The figures `improvers status` reports, computed once from a snapshot; the text and JSON
//! forms are drawn from this in `io::status`.

use super::budget::checks::expense_flags;
use super::budget::expense_list::{cohort_report, expense_cohort};
use super::budget::{BudgetAlert, BudgetReport};
use super::ids::{CohortId, SessionId};
use super::mentoring::matching::rules::MatchingRules;
use super::mentoring::matching::run::wants_mentor;
use super::mentoring::mentors::{MentoringCounts, dormant_pairs, live_matches, mentor_loads};
use super::people::duplicate_pairs::{self, DuplicatePair, PairKind};
use super::people::duplicates::PossibleDuplicate;
use super::people::pathway::PathwayStage;
use super::people::retention::{RetentionReview, due_for_review};
use super::people::roster::{CohortFilter, RosterBasis, mix, roster_from};
use super::programme::CohortPhase;
use super::sessions::clashes::clashes;
use super::sessions::schedule::{LocalNow, in_cohort_calendar, within_days};
use super::snapshot::Snapshot;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// How far ahead `status` looks for sessions.
pub const HORIZON_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub programme: String,
    /// The cohort the summary is narrowed to, by name; `None` for the whole programme.
    pub only: Option<String>,
    pub today: NaiveDate,
    pub cohorts: Vec<CohortLine>,
    /// Nominees not yet placed in a cohort.
    pub awaiting_review: usize,
    pub unmatched: Vec<UnmatchedLine>,
    /// The people of the cohort (or programme) with a confirmed mentor, with a proposal
    /// awaiting acceptance, and with neither among those matching would place (enrolled and
    /// active participants and a recruiting cohort's applicants, of cohorts not finished), as
    /// the mentoring pane counts them.
    pub mentoring: MentoringCounts,
    pub mentors: MentorLine,
    /// Confirmed pairs with no meeting logged for `dormant_after_weeks` weeks or more.
    pub dormant: Vec<DormantLine>,
    /// The weeks without a meeting after which a confirmed pair counts as dormant: the
    /// database's own setting (`S` in the dashboard) when it has one, else config.toml's
    /// `dormant_after_weeks`, else 6.
    pub dormant_after_weeks: u32,
    pub upcoming: Vec<UpcomingLine>,
    /// Double bookings and over-full sessions among sessions not yet over, one sentence each.
    pub clashes: Vec<String>,
    /// Expenses a policy check flags (speaker travel for a London-based speaker, estimates
    /// for days gone by), one sentence each.
    pub budget_flags: Vec<String>,
    /// There are more policy flags than `budget_flags` lists (a summary reads a bounded few).
    pub more_budget_flags: bool,
    pub budget: BudgetReport,
    /// Under `--cohort N`, whether the programme gives that cohort a share of the allocations;
    /// without one, its spending has nothing of its own to be compared with. Always true for
    /// the whole programme.
    pub has_share: bool,
    pub warnings: Vec<String>,
    /// People of cohorts past the configured retention period, for review; `None` when no
    /// period is configured (see `with_retention`).
    pub retention: Option<RetentionReview>,
    /// Every possible duplicate in the programme (people, organisations, professions), each
    /// with the `merge` command that would join them, whatever cohort is in view.
    pub duplicates: Vec<DuplicatePair>,
    /// Alumni who joined Q (linked to a Q member record), per cohort (the summary's cohort
    /// only, when it has one), with those who now support a later cohort.
    pub alumni: Vec<crate::domain::people::alumni::CohortAlumni>,
    /// Each cohort's stored learning sets in figures (the summary's cohort only, when it has
    /// one).
    pub learning_sets: Vec<crate::domain::learning_sets::CohortSets>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortLine {
    pub number: u32,
    pub name: String,
    pub phase: &'static str,
    pub participants: usize,
    /// Count per stage, in pathway order, leaving out stages nobody is in.
    pub by_stage: Vec<(PathwayStage, usize)>,
    pub ready_for_q: usize,
    pub professions: usize,
    pub organisations: usize,
    pub profession_evenness: f64,
    pub organisation_evenness: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedLine {
    pub name: String,
    pub cohort: Option<u32>,
    pub organisation: String,
    /// Applied to a recruiting cohort: matched before they start, so counted here too.
    pub applicant: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentorLine {
    pub mentors: usize,
    pub mentees: u32,
    pub capacity: u32,
    pub at_capacity: usize,
    pub over_capacity: Vec<String>,
    /// Mentors with no room for another mentee, with their load: who to spare.
    pub full: Vec<(String, u32, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DormantLine {
    pub participant: String,
    pub mentor: String,
    pub weeks: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpcomingLine {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub kind: &'static str,
    pub title: String,
    pub cohort: Option<u32>,
    /// `None` when no venue (or site-visit host) is set yet.
    pub venue: Option<String>,
    pub facilitators: Vec<String>,
}

impl Summary {
    /// `cohort`: only that cohort's people, sessions, mentoring pairs, budget share and
    /// spending (its expenses must be in `snapshot`); `None` for the whole programme. Nominees
    /// awaiting review and the mentor load are the programme's as a whole either way.
    pub fn new(snapshot: &Snapshot, now: LocalNow, cohort: Option<CohortId>) -> Summary {
        Summary::with_rules(snapshot, now, cohort, &MatchingRules::default())
    }

    /// As [`Summary::new`], with the configured matching rules (when a pair is dormant).
    pub fn with_rules(
        snapshot: &Snapshot,
        now: LocalNow,
        cohort: Option<CohortId>,
        rules: &MatchingRules,
    ) -> Summary {
        // Looking for people who may be one person is the largest single part of a summary on
        // a large programme and needs nothing else from it: it is worked out beside the rest,
        // on another core where there is one (inline if no thread can be had).
        std::thread::scope(|scope| {
            let search = std::thread::Builder::new()
                .name("improvers-duplicates".into())
                .spawn_scoped(scope, || duplicate_pairs::people_and_pairs(snapshot));
            Summary::gathered(snapshot, now, cohort, rules, move || match search {
                Ok(search) => search
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => duplicate_pairs::people_and_pairs(snapshot),
            })
        })
    }

    /// The summary, with `duplicates` giving the people who may be one person and every
    /// duplicate pair (`duplicate_pairs::people_and_pairs`).
    fn gathered(
        snapshot: &Snapshot,
        now: LocalNow,
        cohort: Option<CohortId>,
        rules: &MatchingRules,
        duplicates: impl FnOnce() -> (Vec<PossibleDuplicate>, Vec<DuplicatePair>),
    ) -> Summary {
        let today = now.today();
        let basis = RosterBasis::new(snapshot, now);
        let cohorts = snapshot
            .cohorts
            .values()
            .filter(|c| cohort.is_none_or(|id| id == c.id))
            .map(|c| cohort_line(snapshot, c.id, &basis, today))
            .collect();
        let awaiting_review = snapshot
            .participants
            .values()
            .filter(|p| p.cohort.is_none() && p.stage() == PathwayStage::Nominated)
            .count();
        // One rule for who is expected to have a mentor, for the counts, the names and the
        // warning alike: everyone matching would place (a recruiting cohort's applicants too),
        // in a cohort not yet finished, as the mentoring pane counts them.
        let expects_mentor = |p: &crate::domain::people::Participant| {
            wants_mentor(snapshot, p, today)
                && p.cohort
                    .and_then(|c| snapshot.cohorts.get(&c))
                    .is_some_and(|c| c.phase(today) != CohortPhase::Finished)
        };
        let in_view = || {
            snapshot
                .participants
                .values()
                .filter(|p| cohort.is_none() || p.cohort == cohort)
        };
        let mentoring = MentoringCounts::of(snapshot, in_view(), expects_mentor);
        let live = live_matches(snapshot);
        let mut unmatched: Vec<UnmatchedLine> = in_view()
            .filter(|p| expects_mentor(p) && !live.contains_key(&p.id))
            .map(|p| UnmatchedLine {
                name: p.name.clone(),
                cohort: p
                    .cohort
                    .and_then(|c| snapshot.cohorts.get(&c))
                    .map(|c| c.number),
                organisation: snapshot.organisation_name(p.organisation).to_string(),
                applicant: !p.stage().needs_mentor(),
            })
            .collect();
        unmatched.sort_by(|a, b| (a.applicant, &a.name).cmp(&(b.applicant, &b.name)));
        let loads = mentor_loads(snapshot);
        let mentors = MentorLine {
            mentors: loads.len(),
            mentees: loads.iter().map(|l| l.mentees).sum(),
            capacity: loads.iter().map(|l| l.capacity).sum(),
            at_capacity: loads
                .iter()
                .filter(|l| l.capacity > 0 && l.mentees == l.capacity)
                .count(),
            over_capacity: loads
                .iter()
                .filter(|l| l.over_capacity())
                .map(|l| l.name.clone())
                .collect(),
            full: loads
                .iter()
                .filter(|l| l.mentees > 0 && l.mentees >= l.capacity)
                .map(|l| (l.name.clone(), l.mentees, l.capacity))
                .collect(),
        };
        let weeks = snapshot.dormant_pair_weeks(rules.dormant_after_weeks);
        let dormant = dormant_pairs(snapshot, today, weeks)
            .into_iter()
            .filter(|d| {
                cohort.is_none()
                    || snapshot
                        .participants
                        .get(&d.participant)
                        .is_some_and(|p| p.cohort == cohort)
            })
            .map(|d| DormantLine {
                participant: snapshot.participant_name(d.participant).to_string(),
                mentor: snapshot.q_member_name(d.q_member).to_string(),
                weeks: d.weeks,
            })
            .collect();
        let upcoming: Vec<UpcomingLine> = within_days(
            snapshot
                .sessions
                .values()
                .filter(|s| cohort.is_none_or(|c| in_cohort_calendar(c, s.cohort))),
            now,
            HORIZON_DAYS,
        )
        .into_iter()
        .map(|s| UpcomingLine {
            start: s.start,
            end: s.end(),
            kind: s.kind.label(),
            title: s.title.clone(),
            cohort: s
                .cohort
                .and_then(|c| snapshot.cohorts.get(&c))
                .map(|c| c.number),
            venue: snapshot.session_place(s),
            facilitators: snapshot.facilitators(s).map(|q| q.name.clone()).collect(),
        })
        .collect();
        let not_over = |id: &SessionId| {
            snapshot.sessions.get(id).is_some_and(|s| {
                s.end() > now.at && cohort.is_none_or(|c| s.cohort.is_none_or(|sc| sc == c))
            })
        };
        let clashes: Vec<String> = clashes(snapshot)
            .into_iter()
            .filter(|c| c.sessions().iter().all(not_over))
            .map(|c| c.describe(snapshot, today))
            .collect();
        // One cohort's budget is its share of the allocations against what its sessions and
        // people cost; that needs the expenses themselves, which a whole-programme summary
        // does without (the store keeps the programme's totals).
        let budget_flags: Vec<String> = expense_flags(snapshot, today)
            .iter()
            .filter(|f| {
                cohort.is_none()
                    || snapshot
                        .expenses
                        .get(&f.expense())
                        .is_some_and(|e| expense_cohort(snapshot, e) == cohort)
            })
            .map(|f| f.describe(snapshot))
            .collect();
        let budget = match cohort {
            Some(id) => cohort_report(snapshot, id),
            None => BudgetReport::new(
                snapshot.budget.as_ref(),
                &snapshot.budget_totals,
                &snapshot.categories,
            ),
        };
        let has_share = cohort.is_none_or(|id| snapshot.cohort_budgets.contains_key(&id));
        let mut warnings = warnings(&budget, has_share, &unmatched, &mentors, &upcoming, today);
        warnings.extend(clashes.iter().map(|c| format!("Clash: {c}")));
        let (people, duplicates) = duplicates();
        // Two records of one person would be matched, counted and erased apart: said for the
        // programme as a whole, where both registers are in view.
        if cohort.is_none() {
            warnings.extend(
                people
                    .iter()
                    .map(|d| format!("{}; check whether they are one person", d.describe())),
            );
        }
        // Two spellings of one organisation split the cohort mix and same-organisation
        // matching in two, whichever cohort is in view.
        warnings.extend(duplicates.iter().filter_map(spelt_twice));
        Summary {
            programme: snapshot
                .programme
                .as_ref()
                .map_or_else(String::new, |p| p.name.clone()),
            only: cohort
                .and_then(|id| snapshot.cohorts.get(&id))
                .map(|c| c.name.clone()),
            today,
            cohorts,
            awaiting_review,
            unmatched,
            mentoring,
            mentors,
            dormant,
            dormant_after_weeks: weeks,
            upcoming,
            clashes,
            budget_flags,
            more_budget_flags: snapshot.more_to_look_at,
            budget,
            has_share,
            warnings,
            retention: None,
            duplicates,
            alumni: crate::domain::people::alumni::alumni_by_cohort(snapshot)
                .into_iter()
                .filter(|a| cohort.is_none_or(|id| a.cohort == id))
                .collect(),
            learning_sets: crate::domain::learning_sets::sets_by_cohort(snapshot)
                .into_iter()
                .filter(|s| cohort.is_none_or(|id| s.cohort == id))
                .collect(),
        }
    }

    /// Lists for review the people of cohorts (of the summary's cohort, when it has one) that
    /// ended more than `years` whole years before the summary's day; `None` lists nobody.
    pub fn with_retention(
        mut self,
        snapshot: &Snapshot,
        cohort: Option<CohortId>,
        years: Option<u32>,
    ) -> Summary {
        self.retention = years.map(|years| due_for_review(snapshot, self.today, years, cohort));
        self
    }
}

/// "Organisations "Wyfold NHS FT" and "Wyfold NHS Foundation Trust" may be one: same name once
/// ...; merge them with `improvers merge organisations ...`". People are said by
/// `PossibleDuplicate::describe` instead.
fn spelt_twice(pair: &DuplicatePair) -> Option<String> {
    let noun = match pair.kind {
        PairKind::Organisations => "Organisations",
        PairKind::Professions => "Professions",
        _ => return None,
    };
    Some(format!(
        "{noun} \"{}\" and \"{}\" may be one: {}; join them with `improvers {}`",
        pair.keep,
        pair.gone,
        pair.why,
        pair.merge.as_deref().unwrap_or_default()
    ))
}

fn cohort_line(
    snapshot: &Snapshot,
    id: CohortId,
    basis: &RosterBasis,
    today: NaiveDate,
) -> CohortLine {
    let filter = CohortFilter::Cohort(id);
    let rows = roster_from(snapshot, filter, basis);
    let by_stage = PathwayStage::ALL
        .into_iter()
        .map(|stage| (stage, rows.iter().filter(|r| r.stage == stage).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mix = mix(snapshot, filter);
    let cohort = &snapshot.cohorts[&id];
    CohortLine {
        number: cohort.number,
        name: cohort.name.clone(),
        phase: cohort.phase(today).label(),
        participants: rows.len(),
        by_stage,
        ready_for_q: rows
            .iter()
            .filter(|r| r.readiness.is_ready() && r.stage == PathwayStage::Completed)
            .count(),
        professions: mix.professions.counts.len(),
        organisations: mix.organisations.counts.len(),
        profession_evenness: round2(mix.professions.evenness()),
        organisation_evenness: round2(mix.organisations.evenness()),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn warnings(
    budget: &BudgetReport,
    has_share: bool,
    unmatched: &[UnmatchedLine],
    mentors: &MentorLine,
    upcoming: &[UpcomingLine],
    today: chrono::NaiveDate,
) -> Vec<String> {
    let mut out = budget_warnings(budget, has_share);
    if !unmatched.is_empty() {
        out.push(format!(
            "{} without a mentor",
            crate::domain::count::count(unmatched.len(), "participant")
        ));
    }
    for name in &mentors.over_capacity {
        out.push(format!("{name} has more mentees than their capacity"));
    }
    for session in upcoming.iter().filter(|s| s.venue.is_none()) {
        out.push(format!(
            "{} on {} has no venue",
            session.title,
            crate::domain::dates::day_in_message(session.start.date(), today)
        ));
    }
    out
}

/// What to say of the budget's categories. Spending where nothing is allocated is not an
/// overspend to chase but an allocation never made (`init` and the set-up form ask only for the
/// grant), so it is said once when nothing at all is allocated, and a cohort the programme gives
/// no share of the allocations is not compared with £0.00 at all.
fn budget_warnings(budget: &BudgetReport, has_share: bool) -> Vec<String> {
    let used = |line: &&crate::domain::budget::CategoryLine| line.used().0 > 0;
    if !has_share {
        return Vec::new();
    }
    if budget.lines.iter().all(|l| l.allocated.0 == 0) {
        let spent = budget.lines.iter().filter(used).count();
        return if spent == 0 {
            Vec::new()
        } else {
            vec![format!(
                "The budget has spending in {} but nothing allocated: allocate the grant \
                 (budget pane `s`, or programme.toml)",
                crate::domain::count::count(spent, "category")
            )]
        };
    }
    let mut out = Vec::new();
    for line in &budget.lines {
        if line.allocated.0 == 0 {
            if line.used().0 > 0 {
                out.push(format!(
                    "{} has spending ({}) but nothing allocated: allocate it (budget pane `s`, \
                     or programme.toml)",
                    line.name,
                    line.used()
                ));
            }
            continue;
        }
        match line.alert() {
            BudgetAlert::Over => out.push(format!(
                "{} is over its allocation: {} used of {}",
                line.name,
                line.used(),
                line.allocated
            )),
            BudgetAlert::Warning => out.push(format!(
                "{} has used {}% of its allocation ({} of {})",
                line.name,
                line.percent_used().unwrap_or(0),
                line.used(),
                line.allocated
            )),
            BudgetAlert::Fine => {}
        }
    }
    out
}
