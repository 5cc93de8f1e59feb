//! Merging two records that are one: a person entered twice (a personal and a work email), an
//! organisation or a profession under two spellings. Every record that points at the one that
//! goes is re-pointed at the one kept, what the kept record lacks is filled in from the other,
//! and the other is deleted: one change, which history keeps with what it replaced and `u`
//! undoes whole.

pub mod clashes;
pub mod filled;
mod groups;
mod pairs;
mod people;

pub use people::cohorts_apart;

use super::PersonRef;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::count::count;
use crate::domain::snapshot::Snapshot;
use std::collections::BTreeMap;

/// What kind of records two are, as `improvers merge KIND` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Participants,
    QMembers,
    Organisations,
    Professions,
}

impl Kind {
    /// One record of the kind, as a person says it: "participant", "Q member".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Participants => "participant",
            Kind::QMembers => "Q member",
            Kind::Organisations => "organisation",
            Kind::Professions => "profession",
        }
    }

    /// How the kind is found: by email for people, by name for the lists.
    fn found_by(self) -> &'static str {
        match self {
            Kind::Participants | Kind::QMembers => "email",
            Kind::Organisations | Kind::Professions => "name",
        }
    }
}

/// Why two records cannot be merged. Nothing is changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CannotMerge {
    /// No record of the kind has that email or name; `near` are the closest there are,
    /// already written as "Ada Example <ada@home.example>" or a name.
    #[error("{}", unknown_sentence(*kind, given, near))]
    Unknown {
        kind: Kind,
        given: String,
        near: Vec<String>,
    },
    /// Both words name the same record.
    #[error("{0} and {1} are the same {2}: there is nothing to merge")]
    Same(String, String, &'static str),
    /// One side is an erased person's tombstone.
    #[error(
        "{given} is {label}, whose record is kept only for the figures; an erased person cannot \
         be merged"
    )]
    Erased { given: String, label: String },
    /// Two participants in different cohorts.
    #[error(
        "{keep} is in {keep_cohort} and {gone} in {gone_cohort}; participants are merged only \
         within one cohort, so that no cohort's size or attendance changes unseen. Move one to \
         the other's cohort first (e in the roster), then merge"
    )]
    DifferentCohorts {
        keep: String,
        keep_cohort: String,
        gone: String,
        gone_cohort: String,
    },
}

fn unknown_sentence(kind: Kind, given: &str, near: &[String]) -> String {
    let mut sentence = format!("no {} has the {} \"{given}\"", kind.noun(), kind.found_by());
    if !near.is_empty() {
        sentence.push_str(&format!(" (the nearest: {})", near.join(", ")));
    }
    sentence
}

/// Counts of the records that move from the record that goes to the one kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moved {
    /// Sessions the gone participant was invited to, or the gone Q member led or hosted.
    pub sessions: usize,
    pub matches: usize,
    pub pair_rules: usize,
    pub expenses: usize,
    /// Participants the gone Q member nominated.
    pub nominations: usize,
    /// People whose organisation or profession was the gone one.
    pub participants: usize,
    pub q_members: usize,
    /// The link of an alumnus who joined Q, when it moves: "the link to their Q member record
    /// Ada Example".
    pub link: Option<String>,
}

impl Moved {
    /// "3 sessions, 1 mentoring match and 2 expenses move", naming only what there is; "nothing
    /// else points at it" when nothing does.
    pub fn sentence(&self) -> String {
        let mut parts: Vec<String> = [
            (self.participants, "participant"),
            (self.q_members, "Q member"),
            (self.sessions, "session"),
            (self.matches, "mentoring match"),
            (self.pair_rules, "pair rule"),
            (self.nominations, "nomination"),
            (self.expenses, "expense"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| count(n, noun))
        .collect();
        parts.extend(self.link.clone());
        match parts.split_last() {
            None => "nothing else points at it".to_string(),
            Some((last, [])) => format!("{last} {}", moves(self.total())),
            Some((last, rest)) => format!("{} and {last} move", rest.join(", ")),
        }
    }

    fn total(&self) -> usize {
        self.sessions
            + self.matches
            + self.pair_rules
            + self.expenses
            + self.nominations
            + self.participants
            + self.q_members
            + usize::from(self.link.is_some())
    }
}

fn moves(n: usize) -> &'static str {
    if n == 1 { "moves" } else { "move" }
}

/// A merge worked out and not yet made: what it will do, in words, and the change that does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub kind: Kind,
    /// The record kept, as a person knows it: "Ada Example <ada.example@trust.example>", or an
    /// organisation's or profession's name.
    pub keep: String,
    /// The record that goes, written the same way.
    pub gone: String,
    pub moved: Moved,
    /// How each clash between the two was settled, one sentence each ("both were invited to
    /// Workshop 3: attended is kept").
    pub settled: Vec<String>,
    /// What a person should look at afterwards (two live mentors, a mentor over capacity).
    pub warnings: Vec<String>,
    /// One `Change::Batch`: every record re-pointed, the kept record filled in, the other
    /// deleted. Each edit is based on the revision read, so a record someone changes meanwhile
    /// makes the merge refused rather than overwritten.
    pub change: Change,
}

impl Plan {
    /// The question the dashboard and the command line ask: "Merge Ada Example
    /// <ada@home.example> into Ada Example <ada.example@trust.example>: 3 sessions, 1 mentoring
    /// match and 2 expenses move; the second record goes." and any clash settled or warning.
    pub fn question(&self) -> String {
        let mut text = format!(
            "Merge {} {} into {}: {}; the second record goes.",
            self.kind.noun(),
            self.gone,
            self.keep,
            self.moved.sentence()
        );
        text.push_str(&self.to_look_at());
        text
    }

    /// Each clash settled and each warning as sentences, each after a space ("" when there
    /// are none): said when asking, and again once merged (by `--yes` too, which asks
    /// nothing), so a stage kept or two live mentors are never passed over unseen.
    pub fn to_look_at(&self) -> String {
        let mut text = String::new();
        for line in self.settled.iter().chain(&self.warnings) {
            text.push(' ');
            text.push_str(line);
            text.push('.');
        }
        text
    }

    /// What history and the screen say once it is made: "merged participant Ada Example
    /// <ada@home.example> into Ada Example <ada.example@trust.example>".
    pub fn summary(&self) -> String {
        format!(
            "merged {} {} into {}",
            self.kind.noun(),
            self.gone,
            self.keep
        )
    }
}

/// The merge of the record `gone` names into the one `keep` names: emails for participants and
/// Q members (compared as [`super::same_email`] compares them), names for organisations and
/// professions (compared as an import compares them, [`crate::domain::text::name_key`]).
///
/// Errors: [`CannotMerge`] when either is unknown (with the nearest there are), both are one
/// record, either is an erased person, or two participants are in different cohorts.
pub fn plan(data: &Snapshot, kind: Kind, keep: &str, gone: &str) -> Result<Plan, CannotMerge> {
    match kind {
        Kind::Participants => people::participants(data, keep, gone),
        Kind::QMembers => people::q_members(data, keep, gone),
        Kind::Organisations => groups::organisations(data, keep, gone),
        Kind::Professions => groups::professions(data, keep, gone),
    }
}

/// The words every merge's summary starts with, which tell a merge in history.
const SUMMARY_START: &str = "merged ";

/// Whether `change` is a merge: history then says it by its summary ("merged participant …
/// into …") rather than record by record.
pub fn is_merge(change: &Change) -> bool {
    matches!(change, Change::Batch { summary, .. } if summary.starts_with(SUMMARY_START))
}

/// The records a merge writes and deletes, gathered as it goes and turned into one change.
#[derive(Debug, Default)]
struct Writes {
    /// Records to save, as they will be; a later write of the same key replaces an earlier.
    saved: BTreeMap<RecordKey, Record>,
    deleted: Vec<RecordKey>,
}

impl Writes {
    fn save(&mut self, record: Record) {
        self.saved.insert(record.key(), record);
    }

    fn delete(&mut self, key: RecordKey) {
        self.saved.remove(&key);
        if !self.deleted.contains(&key) {
            self.deleted.push(key);
        }
    }

    /// One batch: each record saved as an edit of the revision `data` holds (or, for a key
    /// that is new, only if nobody has taken it since), then each deletion, guarded by an
    /// unchanged edit first, so that a record someone changed meanwhile is not deleted unseen.
    fn into_change(self, data: &Snapshot, summary: String) -> Change {
        let based_on = |key: &RecordKey| data.revisions.get(key).map(|r| r.seq);
        let mut changes: Vec<Change> = self
            .saved
            .into_iter()
            .map(|(key, record)| Change::Edit {
                based_on: based_on(&key),
                record,
            })
            .collect();
        for key in self.deleted {
            if let Some(record) = data.get(key) {
                changes.push(Change::Edit {
                    based_on: based_on(&key),
                    record,
                });
            }
            changes.push(Change::Delete(key));
        }
        Change::Batch { summary, changes }
    }
}

/// "Ada Example <ada@home.example>".
fn person_label(name: &str, email: &str) -> String {
    format!("{name} <{email}>")
}

/// The erased person a record is, if it is one: "erased person #N".
fn erased_label(data: &Snapshot, person: PersonRef) -> Option<String> {
    data.erasures
        .values()
        .find(|e| e.person == person)
        .map(|e| e.label())
}

/// Up to three of `candidates` (what is shown, what is compared) closest to `given`: those a
/// few letters away, and those the letters typed could mean, as a pick field finds them.
fn nearest(given: &str, candidates: &[(String, String)]) -> Vec<String> {
    let typed = crate::domain::text::fold(given.trim());
    let mut scored: Vec<(usize, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(at, (_, compared))| {
            let compared = crate::domain::text::fold(compared);
            let distance = clashes::edit_distance(&typed, &compared);
            // A third of the letters wrong is still a typing slip; more is another name.
            let close = distance <= (compared.chars().count() / 3).max(2);
            close.then_some((distance, at))
        })
        .collect();
    scored.sort();
    let mut out: Vec<usize> = scored.into_iter().map(|(_, at)| at).collect();
    let pairs: Vec<(&str, &str)> = candidates
        .iter()
        .map(|(shown, compared)| (shown.as_str(), compared.as_str()))
        .collect();
    if !typed.is_empty() {
        for at in crate::domain::suggest::best_first(&typed, &pairs) {
            if !out.contains(&at) {
                out.push(at);
            }
        }
    }
    out.into_iter()
        .take(3)
        .map(|at| candidates[at].0.clone())
        .collect()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lists;
#[cfg(test)]
mod tests_stages;
