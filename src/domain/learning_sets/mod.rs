//! Peer learning sets: a cohort's action-learning groups of a chosen size, as mixed as possible
//! in profession and organisation (the funding bid's aim 6), the team's rules for them, and why
//! each person is where they are.

pub mod edit;
pub mod suggest;
#[cfg(test)]
mod tests;

pub use suggest::{Crowding, Member, Rules, Score, SetsError, Suggestion, suggest_sets};

use crate::domain::count::{count, plural};
use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::people::Participant;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The size a team is offered first: action-learning sets work best at four to six.
pub const DEFAULT_SIZE: usize = 5;

/// One cohort's learning sets as the team keeps them: the sets (set 1 first), who is locked in
/// their set, and the pairs to keep together or apart. Holds ids only, so an erasure removes a
/// person by removing their id. Stored one record a cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningSets {
    pub cohort: CohortId,
    /// The size asked for when the sets were last suggested: sets hold at most this many.
    pub size: u32,
    /// Each set's participants, in ascending id order.
    pub sets: Vec<Vec<ParticipantId>>,
    /// Participants a new suggestion leaves in their set, ascending.
    pub locked: Vec<ParticipantId>,
    /// Pairs to keep in one set, each with the lower id first.
    pub together: Vec<(ParticipantId, ParticipantId)>,
    /// Pairs to keep in different sets, each with the lower id first.
    pub apart: Vec<(ParticipantId, ParticipantId)>,
}

impl LearningSets {
    /// The 0-based index of the set holding `id`.
    pub fn set_of(&self, id: ParticipantId) -> Option<usize> {
        self.sets.iter().position(|set| set.contains(&id))
    }

    pub fn is_locked(&self, id: ParticipantId) -> bool {
        self.locked.contains(&id)
    }

    /// Whether `id` appears anywhere: in a set, locked, or in a pair.
    pub fn mentions(&self, id: ParticipantId) -> bool {
        self.set_of(id).is_some()
            || self.is_locked(id)
            || self
                .together
                .iter()
                .chain(&self.apart)
                .any(|&(a, b)| a == id || b == id)
    }

    /// No sets yet for `cohort`, to be suggested at `size`.
    pub fn empty(cohort: CohortId, size: usize) -> LearningSets {
        LearningSets {
            cohort,
            size: u32::try_from(size).unwrap_or(u32::MAX),
            sets: Vec::new(),
            locked: Vec::new(),
            together: Vec::new(),
            apart: Vec::new(),
        }
    }

    /// The same sets with `id` gone from every set, lock and pair (an erasure).
    pub fn without(&self, id: ParticipantId) -> LearningSets {
        let mut out = self.clone();
        for set in &mut out.sets {
            set.retain(|&p| p != id);
        }
        out.locked.retain(|&p| p != id);
        out.together.retain(|&(a, b)| a != id && b != id);
        out.apart.retain(|&(a, b)| a != id && b != id);
        out
    }

    /// The team's rules as the suggestion takes them: locks at each person's current set.
    pub fn rules(&self) -> Rules {
        Rules {
            together: self.together.clone(),
            apart: self.apart.clone(),
            locked: self
                .locked
                .iter()
                .filter_map(|&id| self.set_of(id).map(|s| (id, s)))
                .collect(),
        }
    }
}

/// Whether `change` does nothing but save learning sets: said by its own summary ("moved Ada
/// Brook from learning set 2 to 3"), which names what moved, where the record is one list.
pub fn is_sets_change(change: &crate::domain::change::Change) -> bool {
    change.only_saves(|r| matches!(r, crate::domain::change::Record::LearningSets(_)))
}

/// Whether a participant at `stage` takes part in learning sets: everyone in the cohort but
/// those who withdrew or deferred.
pub fn takes_part(stage: PathwayStage) -> bool {
    !matches!(stage, PathwayStage::Withdrawn | PathwayStage::Deferred)
}

/// The participants of `cohort` who take part, ascending by id.
pub fn cohort_people(data: &Snapshot, cohort: CohortId) -> Vec<&Participant> {
    data.participants
        .values()
        .filter(|p| p.cohort == Some(cohort) && takes_part(p.stage()))
        .collect()
}

/// The members a suggestion works on, from `cohort_people`.
pub fn members(people: &[&Participant]) -> Vec<Member> {
    people
        .iter()
        .map(|p| Member {
            id: p.id,
            organisation: p.organisation,
            profession: p.profession,
        })
        .collect()
}

/// The stored sets of `cohort`, if the team has made them.
pub fn sets_of_cohort(data: &Snapshot, cohort: CohortId) -> Option<&LearningSets> {
    data.learning_sets.get(&cohort)
}

/// The set of participant `id` (1-based number) and the others in it, by name, if they are in
/// one: what a person's story and their subject access say.
pub fn set_of_person(data: &Snapshot, id: ParticipantId) -> Option<(usize, Vec<String>)> {
    let cohort = data.participants.get(&id)?.cohort?;
    let sets = data.learning_sets.get(&cohort)?;
    let s = sets.set_of(id)?;
    let others = sets.sets[s]
        .iter()
        .filter(|&&p| p != id)
        .map(|&p| data.participant_name(p).to_string())
        .collect();
    Some((s + 1, others))
}

/// "Learning set 3 with Ada Brook, Cai Dunn", or `None` when they are in no set.
pub fn set_line(data: &Snapshot, id: ParticipantId) -> Option<String> {
    let (number, others) = set_of_person(data, id)?;
    Some(if others.is_empty() {
        format!("Learning set {number}, on their own so far")
    } else {
        format!("Learning set {number} with {}", others.join(", "))
    })
}

/// A set's mix: "2 nurses, 1 pharmacist · 3 organisations".
pub fn mix_line(data: &Snapshot, set: &[ParticipantId]) -> String {
    let mut professions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut organisations: BTreeMap<&str, usize> = BTreeMap::new();
    for id in set {
        if let Some(p) = data.participants.get(id) {
            *professions
                .entry(data.profession_name(p.profession))
                .or_default() += 1;
            *organisations
                .entry(data.organisation_name(p.organisation))
                .or_default() += 1;
        }
    }
    let mut by_count: Vec<(&str, usize)> = professions.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let professions: Vec<String> = by_count.iter().map(|(n, c)| format!("{c} {n}")).collect();
    let doubled = organisations.values().filter(|&&c| c > 1).count();
    let mut line = format!(
        "{} · {}",
        professions.join(", "),
        count(organisations.len(), "organisation")
    );
    if doubled > 0 {
        line.push_str(&format!(" ({} shared)", count(doubled, "organisation")));
    }
    line
}

/// Small numbers as words, the way a sentence says them ("two sets hold two of them").
pub fn number_word(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// Why an organisation is held more than once in a set: "Northfold NHS FT has 7 people and
/// there are 5 sets: two sets hold two of them".
pub fn crowding_sentence(data: &Snapshot, c: &Crowding) -> String {
    let mut by_count: BTreeMap<usize, usize> = BTreeMap::new();
    for &(_, held) in &c.crowded {
        *by_count.entry(held).or_default() += 1;
    }
    let parts: Vec<String> = by_count
        .iter()
        .rev()
        .map(|(&held, &sets)| {
            format!(
                "{} {} {} of them",
                number_word(sets),
                if sets == 1 { "set holds" } else { "sets hold" },
                number_word(held)
            )
        })
        .collect();
    let why = if c.unavoidable {
        String::new()
    } else {
        " (kept together or locked by the team)".to_string()
    };
    format!(
        "{} has {} and there are {}: {}{why}",
        data.organisation_name(c.organisation),
        count(c.people, "person"),
        count(c.sets, "set"),
        parts.join(" and ")
    )
}

/// For each person in `sets`, a short reason why they are where they are: "only one from
/// Eastmere Council in set 2; the only pharmacist; kept together with Ada Brook".
pub fn reasons(data: &Snapshot, sets: &LearningSets) -> BTreeMap<ParticipantId, String> {
    let mut out = BTreeMap::new();
    let k = sets.sets.len();
    let mut org_total: BTreeMap<_, usize> = BTreeMap::new();
    for set in &sets.sets {
        for id in set {
            if let Some(p) = data.participants.get(id) {
                *org_total.entry(p.organisation).or_default() += 1;
            }
        }
    }
    for (s, set) in sets.sets.iter().enumerate() {
        let number = s + 1;
        for &id in set {
            let Some(p) = data.participants.get(&id) else {
                continue;
            };
            let here: Vec<&Participant> = set
                .iter()
                .filter(|&&o| o != id)
                .filter_map(|o| data.participants.get(o))
                .collect();
            let org = data.organisation_name(p.organisation);
            let same_org = here
                .iter()
                .filter(|o| o.organisation == p.organisation)
                .count();
            let mut parts = Vec::new();
            if sets.is_locked(id) {
                parts.push(format!("locked in set {number}"));
            }
            if same_org == 0 {
                parts.push(format!("only one from {org} in set {number}"));
            } else {
                let total = org_total.get(&p.organisation).copied().unwrap_or(0);
                parts.push(format!(
                    "{} from {org} in set {number} ({org} has {} for {})",
                    number_word(same_org + 1),
                    count(total, "person"),
                    count(k, "set")
                ));
            }
            let prof = data.profession_name(p.profession);
            let same_prof = here.iter().filter(|o| o.profession == p.profession).count();
            if same_prof == 0 {
                parts.push(format!("the only {prof}"));
            } else {
                parts.push(format!(
                    "{} {}",
                    number_word(same_prof + 1),
                    plural(same_prof + 1, prof)
                ));
            }
            let partners = |pairs: &[(ParticipantId, ParticipantId)]| -> Vec<ParticipantId> {
                pairs
                    .iter()
                    .filter_map(|&(a, b)| {
                        if a == id {
                            Some(b)
                        } else if b == id {
                            Some(a)
                        } else {
                            None
                        }
                    })
                    .collect()
            };
            let together = partners(&sets.together);
            if !together.is_empty() {
                let names: Vec<&str> = together.iter().map(|&o| data.participant_name(o)).collect();
                parts.push(format!("kept together with {}", names.join(", ")));
            }
            for other in partners(&sets.apart) {
                let place = match sets.set_of(other) {
                    Some(t) if t == s => "the same set: the cohort allows no other way".to_string(),
                    Some(t) => format!("set {}", t + 1),
                    None => "no set".to_string(),
                };
                parts.push(format!(
                    "kept apart from {} ({place})",
                    data.participant_name(other)
                ));
            }
            out.insert(id, parts.join("; "));
        }
    }
    out
}

/// The cohort learning sets are for when none is named: the running cohort that started last,
/// else the cohort that starts last.
pub fn default_cohort(data: &Snapshot, today: chrono::NaiveDate) -> Option<CohortId> {
    use crate::domain::programme::CohortPhase;
    data.cohorts
        .values()
        .filter(|c| c.phase(today) == CohortPhase::Running)
        .max_by_key(|c| (c.starts, c.id))
        .or_else(|| data.cohorts.values().max_by_key(|c| (c.starts, c.id)))
        .map(|c| c.id)
}

/// How a cohort's people stand in its stored sets: the sets, and who takes part but is in no
/// set (joined since the sets were made).
pub fn unplaced(data: &Snapshot, sets: &LearningSets) -> Vec<ParticipantId> {
    cohort_people(data, sets.cohort)
        .into_iter()
        .map(|p| p.id)
        .filter(|&id| sets.set_of(id).is_none())
        .collect()
}

/// One cohort's stored learning sets in figures, for `status --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortSets {
    pub cohort: CohortId,
    pub number: u32,
    pub name: String,
    /// The size asked for: sets hold at most this many.
    pub size: u32,
    pub sets: usize,
    /// People in a set.
    pub placed: usize,
    /// People of the cohort taking part but in no set (joined since).
    pub not_placed: usize,
    pub locked: usize,
    /// Sets holding two or more people from one organisation.
    pub sets_sharing_an_organisation: usize,
}

/// Every cohort's stored sets in cohort number order.
pub fn sets_by_cohort(data: &Snapshot) -> Vec<CohortSets> {
    let mut out: Vec<CohortSets> = data
        .learning_sets
        .values()
        .map(|s| {
            let shared = s
                .sets
                .iter()
                .filter(|set| {
                    let mut orgs: Vec<_> = set
                        .iter()
                        .filter_map(|id| data.participants.get(id).map(|p| p.organisation))
                        .collect();
                    let all = orgs.len();
                    orgs.sort();
                    orgs.dedup();
                    orgs.len() < all
                })
                .count();
            CohortSets {
                cohort: s.cohort,
                number: data.cohorts.get(&s.cohort).map_or(0, |c| c.number),
                name: data.cohort_name(s.cohort).to_string(),
                size: s.size,
                sets: s.sets.len(),
                placed: s.sets.iter().map(Vec::len).sum(),
                not_placed: unplaced(data, s).len(),
                locked: s.locked.len(),
                sets_sharing_an_organisation: shared,
            }
        })
        .collect();
    out.sort_by_key(|c| (c.number, c.cohort));
    out
}
