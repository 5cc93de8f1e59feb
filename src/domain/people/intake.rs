//! Suggesting a recruiting cohort's intake: which applicants to take so that professions and
//! organisations are as evenly mixed as they can be, with no organisation above a cap.

use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::people::mix::CohortMix;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::programme::Cohort;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use search::Pool;
use serde::Serialize;
use std::fmt;

/// Someone who has applied to a cohort, as the intake sees them: only what the mix and the
/// application order depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applicant {
    pub id: ParticipantId,
    pub profession: String,
    pub organisation: String,
    pub applied_on: NaiveDate,
}

/// How many to take and how many one organisation may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IntakeRules {
    pub size: usize,
    /// Most places any one organisation may have. Zero means nobody can be taken.
    pub per_organisation_cap: usize,
}

impl IntakeRules {
    /// A quarter of the places, rounded up, and at least one: a cohort of 12 takes at most 3
    /// from one organisation, so it spans at least four when it fills.
    pub fn default_cap(size: usize) -> usize {
        size.div_ceil(4).max(1)
    }

    pub fn with_default_cap(size: usize) -> IntakeRules {
        IntakeRules {
            size,
            per_organisation_cap: IntakeRules::default_cap(size),
        }
    }

    /// The cohort's target size with the default cap.
    pub fn for_cohort(cohort: &Cohort) -> IntakeRules {
        IntakeRules::with_default_cap(cohort.target_size as usize)
    }
}

/// Why an applicant is not in the suggested intake, in words a coordinator reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum LeftOutReason {
    /// Their organisation already has as many places as the cap allows.
    OrganisationFull { organisation: String, cap: usize },
    /// The intake has no places at all.
    NoPlaces,
    /// Every place is taken and their profession already has as many as any other.
    MostCommonProfession {
        profession: String,
        chosen: usize,
        of: usize,
    },
    /// Every place is taken and their organisation already has as many as any other.
    MostCommonOrganisation {
        organisation: String,
        chosen: usize,
        of: usize,
    },
    /// Every place is taken and no swap that brings them in makes the mix more even.
    LessEven,
}

impl fmt::Display for LeftOutReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeftOutReason::OrganisationFull { organisation, cap } => {
                write!(f, "{organisation} already has {cap} of {cap} places")
            }
            LeftOutReason::NoPlaces => f.write_str("the intake has no places"),
            LeftOutReason::MostCommonProfession {
                profession,
                chosen,
                of,
            } => write!(
                f,
                "{profession} already has {chosen} of {of} places, as many as any profession"
            ),
            LeftOutReason::MostCommonOrganisation {
                organisation,
                chosen,
                of,
            } => write!(
                f,
                "{organisation} already has {chosen} of {of} places, as many as any organisation"
            ),
            LeftOutReason::LessEven => {
                f.write_str("taking them instead of someone chosen would make the mix less even")
            }
        }
    }
}

/// Why the intake has fewer people than its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Shortfall {
    /// Fewer people applied than there are places.
    TooFewApplicants { places: usize },
    /// Enough applied, but too many of them are from organisations already at the cap.
    OrganisationCap { places: usize, cap: usize },
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let left = |places: usize| format!("{} left", crate::domain::count::count(places, "place"));
        match self {
            Shortfall::TooFewApplicants { places } => {
                write!(f, "{}: not enough applicants", left(*places))
            }
            Shortfall::OrganisationCap { places, cap } => write!(
                f,
                "{}: no organisation may have more than {cap}",
                left(*places)
            ),
        }
    }
}

/// A suggested intake and the mix it gives, for the coordinator to accept or adjust.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intake {
    /// In application order.
    pub chosen: Vec<ParticipantId>,
    /// Everyone else, in application order.
    pub left_out: Vec<(ParticipantId, LeftOutReason)>,
    /// The mix of every applicant.
    pub applied: CohortMix,
    /// The mix of taking applicants in application order, skipping anyone whose organisation
    /// is already at the cap: what the intake would be without a suggestion.
    pub in_order: CohortMix,
    /// The mix of the chosen.
    pub after: CohortMix,
    pub shortfall: Option<Shortfall>,
}

/// The score an intake maximises: the mean of profession evenness and organisation evenness
/// (each a normalised Shannon entropy, 0..1; see [`crate::domain::people::mix::Spread::evenness`]). It is the
/// figure the mix pane shows, so "before" and "after" compare like with like. Being normalised
/// by the groups present, it rates two professions split evenly as highly as five, so it can
/// leave out the only applicant of a profession when that evens out the rest.
pub fn combined_evenness(mix: &CohortMix) -> f64 {
    (mix.professions.evenness() + mix.organisations.evenness()) / 2.0
}

/// Applicants to a cohort: its participants now at the Applied stage, in application order
/// (the day they reached Applied, then id).
pub fn applicants(data: &Snapshot, cohort: CohortId) -> Vec<Applicant> {
    let mut found: Vec<Applicant> = data
        .participants
        .values()
        .filter(|p| p.cohort == Some(cohort) && p.stage() == PathwayStage::Applied)
        .filter_map(|p| {
            Some(Applicant {
                id: p.id,
                profession: data.profession_name(p.profession).to_string(),
                organisation: data.organisation_name(p.organisation).to_string(),
                applied_on: p.pathway.since()?,
            })
        })
        .collect();
    found.sort_by_key(|a| (a.applied_on, a.id));
    found
}

/// Chooses up to `rules.size` applicants, never more than the cap from one organisation, to
/// make the combined evenness as high as it can find.
///
/// Exactly `min(size, what the cap allows)` are chosen. The search starts from taking
/// applicants in order (skipping anyone over the cap) and also from a greedy build, improves
/// both by swaps, and keeps the better; so the suggestion is never less even than taking
/// applicants in order. Ties go to earlier applicants. Applicants may come in any order; a
/// repeated id counts once.
pub fn suggest_intake(applicants: &[Applicant], rules: &IntakeRules) -> Intake {
    let pool = Pool::new(applicants);
    let cap = rules.per_organisation_cap;
    let in_order = pool.in_order(rules.size, cap);
    let target = in_order.len();

    // Starting one search from the in-order intake is what guarantees the suggestion is never
    // less even than it; the greedy start finds mixes that swaps from there cannot reach.
    let from_order = pool.improve(in_order.clone(), cap);
    let from_greedy = pool.improve(pool.greedy(target, cap), cap);
    let best = pool.better(from_order, from_greedy);

    let chosen_flags = pool.flags(&best);
    let chosen: Vec<ParticipantId> = pool
        .people
        .iter()
        .zip(&chosen_flags)
        .filter(|(_, chosen)| **chosen)
        .map(|(a, _)| a.id)
        .collect();
    let left_out = pool
        .people
        .iter()
        .zip(&chosen_flags)
        .enumerate()
        .filter(|(_, (_, chosen))| !**chosen)
        .map(|(position, (a, _))| (a.id, pool.reason(position, &best, rules)))
        .collect();

    let places = rules.size.saturating_sub(target);
    let shortfall = if places == 0 {
        None
    } else if target < pool.people.len() {
        Shortfall::OrganisationCap { places, cap }.into()
    } else {
        Shortfall::TooFewApplicants { places }.into()
    };

    Intake {
        chosen,
        left_out,
        applied: pool.mix_of(pool.people.iter()),
        in_order: pool.mix_of(
            pool.people
                .iter()
                .zip(pool.flags(&in_order))
                .filter_map(|(a, chosen)| chosen.then_some(a)),
        ),
        after: pool.mix_of(
            pool.people
                .iter()
                .zip(&chosen_flags)
                .filter_map(|(a, chosen)| chosen.then_some(a)),
        ),
        shortfall,
    }
}

mod search;
#[cfg(test)]
mod tests;
