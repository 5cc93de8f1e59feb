//! The changes the team makes to a cohort's learning sets, each one `Change` (one `u` undoes
//! it): a new suggestion keeping locked people, a move, a lock, a keep-together or keep-apart
//! pair.

use super::suggest::{SetsError, Suggestion, suggest_sets};
use super::{LearningSets, cohort_people, members};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::snapshot::Snapshot;

/// A suggestion worked out for a cohort, with the change that stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub sets: LearningSets,
    pub suggestion: Suggestion,
    pub change: Change,
}

/// The change that stores `sets` in place of what `data` holds for its cohort, said in
/// history as `summary`. Based on the stored revision, so an edit from an older copy is refused.
pub fn store(data: &Snapshot, sets: LearningSets, summary: String) -> Change {
    let key = RecordKey::LearningSets(sets.cohort);
    Change::Batch {
        summary,
        changes: vec![Change::Edit {
            based_on: data.revisions.get(&key).map(|r| r.seq),
            record: Record::LearningSets(sets),
        }],
    }
}

/// Suggests learning sets of at most `size` (the stored size, or 5, when `None`) for `cohort`,
/// keeping the stored locks and pairs, and the change that stores them.
///
/// Errors: a sentence naming the cohort or the people concerned when the cohort has nobody
/// taking part, the size is under 2, or the team's rules contradict each other.
pub fn suggest_for(
    data: &Snapshot,
    cohort: CohortId,
    size: Option<usize>,
) -> Result<Proposal, String> {
    let stored = data.learning_sets.get(&cohort).cloned();
    let base = stored.unwrap_or_else(|| LearningSets::empty(cohort, super::DEFAULT_SIZE));
    let size = size.unwrap_or(base.size as usize);
    let people = cohort_people(data, cohort);
    let suggestion = suggest_sets(&members(&people), size, &base.rules())
        .map_err(|e| sentence(data, cohort, &e))?;
    let sets = LearningSets {
        cohort,
        size: u32::try_from(size).unwrap_or(u32::MAX),
        sets: suggestion.sets.clone(),
        ..base
    };
    let summary = format!(
        "suggested learning sets of {size} for {} ({} sets)",
        data.cohort_name(cohort),
        sets.sets.len()
    );
    let change = store(data, sets.clone(), summary);
    Ok(Proposal {
        sets,
        suggestion,
        change,
    })
}

/// What a [`SetsError`] means for `cohort`, with people named.
pub fn sentence(data: &Snapshot, cohort: CohortId, e: &SetsError) -> String {
    let name = |id: ParticipantId| data.participant_name(id).to_string();
    match e {
        SetsError::SizeTooSmall(n) => {
            format!("a learning set needs at least 2 people; {n} was asked for (try 4 to 6)")
        }
        SetsError::Nobody => format!(
            "{} has nobody taking part (withdrawn and deferred people are left out), so there \
             is nobody to put into learning sets",
            data.cohort_name(cohort)
        ),
        SetsError::LockedBeyond { person, set, sets } => format!(
            "{} is locked in set {set}, but sets of that size make only {sets}; unlock them \
             (l in :sets) or choose a smaller size",
            name(*person)
        ),
        SetsError::TogetherTooBig {
            first,
            people,
            largest,
        } => format!(
            "{people} people are to be kept together with {}, but sets of that size hold at \
             most {largest}; remove a keep-together pair or choose a larger size",
            name(*first)
        ),
        SetsError::TogetherAndApart(a, b) => format!(
            "{} and {} are to be kept together (directly or through others) and also apart; \
             remove one of the two",
            name(*a),
            name(*b)
        ),
        SetsError::LockedApart(a, b) => format!(
            "{} and {} are to be kept together but are locked in different sets; unlock one",
            name(*a),
            name(*b)
        ),
        SetsError::LockedCrowded {
            set,
            people,
            largest,
        } => format!(
            "{people} people are locked in set {set}, but sets of that size hold at most \
             {largest}; unlock some or choose a larger size"
        ),
    }
}

fn stored(data: &Snapshot, cohort: CohortId) -> Result<&LearningSets, String> {
    data.learning_sets.get(&cohort).ok_or_else(|| {
        format!(
            "{} has no learning sets yet; suggest them first (:sets 5, or improvers sets --apply)",
            data.cohort_name(cohort)
        )
    })
}

fn cohort_of(data: &Snapshot, id: ParticipantId) -> Result<CohortId, String> {
    let p = data
        .participants
        .get(&id)
        .ok_or_else(|| "that participant is no longer there".to_string())?;
    p.cohort
        .ok_or_else(|| format!("{} is in no cohort yet, so in no learning set", p.name))
}

/// Moves participant `id` to set `to` (1-based; one past the last makes a new set). Someone in
/// no set yet (joined the cohort since) is placed. A locked person stays locked, in the new set.
///
/// Errors: a sentence when the cohort has no sets, `to` is not a set, or they are there already.
pub fn move_person(data: &Snapshot, id: ParticipantId, to: usize) -> Result<Change, String> {
    let cohort = cohort_of(data, id)?;
    let current = stored(data, cohort)?;
    let name = data.participant_name(id);
    let k = current.sets.len();
    if to == 0 || to > k + 1 {
        return Err(format!(
            "there is no learning set {to}: {} has sets 1 to {k} (or {} for a new one)",
            data.cohort_name(cohort),
            k + 1
        ));
    }
    let from = current.set_of(id);
    if from == Some(to - 1) {
        return Err(format!("{name} is in learning set {to} already"));
    }
    let mut sets = current.clone();
    if let Some(f) = from {
        sets.sets[f].retain(|&p| p != id);
    }
    if to == k + 1 {
        sets.sets.push(Vec::new());
    }
    sets.sets[to - 1].push(id);
    sets.sets[to - 1].sort();
    let summary = match from {
        Some(f) => format!("moved {name} from learning set {} to {to}", f + 1),
        None => format!("placed {name} in learning set {to}"),
    };
    Ok(store(data, sets, summary))
}

/// Locks participant `id` in their set (a new suggestion leaves them there), or unlocks them.
///
/// Errors: a sentence when they are in no set.
pub fn toggle_lock(data: &Snapshot, id: ParticipantId) -> Result<Change, String> {
    let cohort = cohort_of(data, id)?;
    let current = stored(data, cohort)?;
    let name = data.participant_name(id);
    let Some(s) = current.set_of(id) else {
        return Err(format!(
            "{name} is in no learning set yet; move them into one first (m)"
        ));
    };
    let mut sets = current.clone();
    let summary = if sets.is_locked(id) {
        sets.locked.retain(|&p| p != id);
        format!("unlocked {name} from learning set {}", s + 1)
    } else {
        sets.locked.push(id);
        sets.locked.sort();
        format!("locked {name} in learning set {}", s + 1)
    };
    Ok(store(data, sets, summary))
}

/// Which rule a pair is under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    Together,
    Apart,
}

/// Marks `a` and `b` to be kept together (or apart) in the next suggestion, or, when they are
/// already, removes the mark. Marking one kind removes the other for the same pair.
///
/// Errors: a sentence when they are one person, in different cohorts, or the cohort has no
/// sets yet.
pub fn toggle_pair(
    data: &Snapshot,
    a: ParticipantId,
    b: ParticipantId,
    kind: Pairing,
) -> Result<Change, String> {
    if a == b {
        return Err("a pair needs two different people".to_string());
    }
    let cohort = cohort_of(data, a)?;
    if cohort_of(data, b)? != cohort {
        return Err(format!(
            "{} and {} are in different cohorts, so never in one learning set",
            data.participant_name(a),
            data.participant_name(b)
        ));
    }
    let current = stored(data, cohort)?;
    let pair = (a.min(b), a.max(b));
    let mut sets = current.clone();
    let (list, other, word) = match kind {
        Pairing::Together => (&mut sets.together, &mut sets.apart, "together"),
        Pairing::Apart => (&mut sets.apart, &mut sets.together, "apart"),
    };
    let names = format!(
        "{} and {}",
        data.participant_name(pair.0),
        data.participant_name(pair.1)
    );
    let summary = if list.contains(&pair) {
        list.retain(|&p| p != pair);
        format!("no longer keeps {names} {word}")
    } else {
        list.push(pair);
        list.sort();
        other.retain(|&p| p != pair);
        format!("keeps {names} {word} in learning sets")
    };
    Ok(store(data, sets, summary))
}
