//! What a change did, in a person's words: the record by its name and the fields that changed
//! ("Arjun Sethuraman: project title, notes"; "Cohort 3: ends"). Worked out once from a
//! change's before and after, and used by the footer, the undo question and `:history` alike.

use super::change::{Change, HistoryEntry, Record, RecordKey};
use super::count::count;
use super::snapshot::Snapshot;
use std::collections::BTreeMap;

/// Records listed one by one at most; a change touching more is summed up ("imported
/// people.csv (40 records)").
const LISTED: usize = 3;

/// What a change did to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Deleted,
    /// The fields that differ, in the order a form shows them; empty when they differ only
    /// in something not named here.
    Changed(Vec<FieldChange>),
}

/// One record a change touched, named as a person knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOutcome {
    pub key: RecordKey,
    /// "Arjun Sethuraman", "Cohort 3", "£120.00 to Larkspur Conference Centre".
    pub name: String,
    pub outcome: Outcome,
    /// For a record of which a programme has one (its settings, its budget), added or
    /// deleted whole: what it holds, "dormant pair weeks 6"; empty otherwise.
    pub holds: String,
}

impl RecordOutcome {
    /// "Arjun Sethuraman: project title, notes", "added participant Arjun Sethuraman".
    pub fn sentence(&self) -> String {
        match &self.outcome {
            Outcome::Added | Outcome::Deleted if !self.holds.is_empty() => {
                format!("{} ({})", self.said_alone(), self.holds)
            }
            _ => self.said_alone(),
        }
    }

    fn said_alone(&self) -> String {
        match &self.outcome {
            // A record named by its kind ("programme settings") is not named twice.
            Outcome::Added if self.name == self.key.noun() => format!("added {}", self.name),
            Outcome::Deleted if self.name == self.key.noun() => format!("deleted {}", self.name),
            Outcome::Added => format!("added {} {}", self.key.noun(), self.name),
            Outcome::Deleted => format!("deleted {} {}", self.key.noun(), self.name),
            Outcome::Changed(fields) if fields.is_empty() => format!("{}: details", self.name),
            Outcome::Changed(fields) => format!("{}: {}", self.name, words(fields)),
        }
    }

    /// As `sentence`, with what each small field was and is: "£950.00 to Larkfield
    /// Conference Rooms: committed → cancelled", "Cohort 3: ends 30 Jul 2027 → 31 Jul 2027".
    pub fn sentence_with_values(&self) -> String {
        match &self.outcome {
            Outcome::Changed(fields) if !fields.is_empty() => format!(
                "{}: {}",
                self.name,
                fields
                    .iter()
                    .map(FieldChange::with_values)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => self.sentence(),
        }
    }
}

/// Every record `change` really changed, in the order first touched, given what each was
/// before (`before`, as a history entry keeps it). A record put back exactly as it was, and
/// the numbering kept for new ids, are left out. `names` gives the names of the people and
/// sessions a match, rule or expense refers to.
pub fn outcomes(
    before: &[(RecordKey, Option<Record>)],
    change: &Change,
    names: &Snapshot,
) -> Vec<RecordOutcome> {
    let mut after: BTreeMap<RecordKey, Option<&Record>> = BTreeMap::new();
    for leaf in change.leaves() {
        match leaf {
            Change::Put(record) | Change::Edit { record, .. } => {
                after.insert(record.key(), Some(record));
            }
            Change::Delete(key) => {
                after.insert(*key, None);
            }
            Change::Batch { .. } | Change::Undo { .. } => {}
        }
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (key, was) in before {
        if seen.contains(key) || matches!(key, RecordKey::Numbering) {
            continue;
        }
        seen.push(*key);
        let now = after.get(key).copied().flatten();
        let outcome = match (was, now) {
            (None, Some(_)) => Outcome::Added,
            (Some(_), None) => Outcome::Deleted,
            (Some(was), Some(now)) if was == now => continue,
            (Some(was), Some(now)) => Outcome::Changed(fields_changed(was, now)),
            (None, None) => continue,
        };
        let named = now.or(was.as_ref());
        let holds = match outcome {
            Outcome::Added | Outcome::Deleted => named.map(fields::holds).unwrap_or_default(),
            Outcome::Changed(_) => String::new(),
        };
        out.push(RecordOutcome {
            key: *key,
            name: named.map_or_else(|| key.noun().to_string(), |r| record_name(r, names)),
            outcome,
            holds,
        });
    }
    lead_with_the_main_record(&mut out);
    out
}

/// A person, session or other record added with the names it needed (a new profession,
/// organisation or venue) is said first, and they after it: "added participant Leah Moss (and
/// new profession Pharmacist)", whatever order the records were saved in.
fn lead_with_the_main_record(out: &mut [RecordOutcome]) {
    if out.iter().any(|o| !looked_up(o)) {
        out.sort_by_key(looked_up);
    }
}

/// A name added for another record to use: said after it ("(and new profession Pharmacist)").
fn looked_up(o: &RecordOutcome) -> bool {
    matches!(o.outcome, Outcome::Added)
        && matches!(
            o.key,
            RecordKey::Profession(_) | RecordKey::Organisation(_) | RecordKey::Venue(_)
        )
}

/// How much a description says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    /// The fields' words: a history row.
    Words,
    /// With what small fields were and are: the undo question.
    Values,
    /// With values, every record up to `IN_FULL`: the history's detail of one entry.
    Full,
}

/// Records a history entry's detail lists one by one at most.
const IN_FULL: usize = 12;

/// One line for everything `change` did: each record's sentence, or for a change touching
/// many, its own summary and how many records.
pub fn describe(
    before: &[(RecordKey, Option<Record>)],
    change: &Change,
    names: &Snapshot,
) -> String {
    let outcomes = outcomes(before, change, names);
    line(&outcomes, change, Said::Words)
}

/// What a history entry did. An undo is said as what it undid ("undid: Cohort 3: end date"),
/// worked out from the records themselves, so it reads the same for entries made before
/// changes were described this way.
pub fn describe_entry(entry: &HistoryEntry, names: &Snapshot) -> String {
    entry_said(entry, names, Said::Words)
}

/// As `describe_entry`, with what each small field (a date, a state, an amount, a name) was
/// and is: "£950.00 to Larkfield Conference Rooms: committed → cancelled". For the undo
/// question, so a person sees what undoing puts back.
pub fn describe_entry_with_values(entry: &HistoryEntry, names: &Snapshot) -> String {
    entry_said(entry, names, Said::Values)
}

/// Everything a history entry did, for reading it whole: its line, then each record it
/// touched with values (the first 12, then how many more).
pub fn describe_entry_in_full(entry: &HistoryEntry, names: &Snapshot) -> String {
    entry_said(entry, names, Said::Full)
}

fn entry_said(entry: &HistoryEntry, names: &Snapshot, said: Said) -> String {
    match &entry.change {
        Change::Undo { summary, .. } => {
            let undone: Vec<RecordOutcome> = outcomes(&entry.before, &entry.change, names)
                .into_iter()
                .map(|mut o| {
                    o.outcome = match o.outcome {
                        Outcome::Added => Outcome::Deleted,
                        Outcome::Deleted => Outcome::Added,
                        changed => changed,
                    };
                    o
                })
                .collect();
            let limit = if said == Said::Full { IN_FULL } else { LISTED };
            let link = undone
                .iter()
                .any(|o| matches!(o.key, RecordKey::QLink(_) | RecordKey::LearningSets(_)));
            if undone.is_empty() || (undone.len() > limit && said != Said::Full) || link {
                format!("undid: {summary}")
            } else {
                format!("undid: {}", sentences(&undone, said))
            }
        }
        // Said as the erasure says itself: its records, rewritten, name nobody worth listing.
        change if crate::domain::people::erasure::is_erasure(change) => change.summary(),
        // A merge touches many records for one reason, which its summary names: both people.
        change if said != Said::Full && crate::domain::people::merge::is_merge(change) => {
            change.summary()
        }
        // "participant X linked to Q member Y": which side is which, as names may be one.
        change if said != Said::Full && crate::domain::people::alumni::is_link(change) => {
            change.summary()
        }
        // "moved Ada Brook from learning set 2 to 3": what moved, not the whole record.
        change if said != Said::Full && crate::domain::learning_sets::is_sets_change(change) => {
            change.summary()
        }
        // "sent invitation to Ada Okafor <ada@...>": the message, not the register's entry.
        change if crate::domain::mail::sent::only_registers_mail(change) => change.summary(),
        change => {
            let outcomes = outcomes(&entry.before, change, names);
            line(&outcomes, change, said)
        }
    }
}

/// What to say once an edit of a record is saved, from the record as it was (`was`) and as it
/// is saved (`now`): "Saved Arjun Sethuraman: project title, notes", or "Saved Cohort 3:
/// nothing had changed" when the form was saved as it was opened.
pub fn saved(was: &Record, now: &Record, names: &Snapshot) -> String {
    let name = record_name(now, names);
    let fields = fields_changed(was, now);
    if fields.is_empty() {
        if was == now {
            format!("Saved {name}: nothing had changed")
        } else {
            format!("Saved {name}")
        }
    } else {
        format!("Saved {name}: {}", words(&fields))
    }
}

/// What an import saved, as a person counts the file: the records of the file's own kinds
/// first (`main`, nouns as `RecordKey::noun` says them, "Q member"), then what was made or
/// changed along the way: "2 Q members (and 2 new organisations, 2 new professions)",
/// "the programme, 1 cohort, the budget (and 1 new budget category)". A programme's settings
/// count as the programme and a cohort's allocations as the cohort; records saved exactly as
/// they were, and the numbering kept for new ids, are not counted.
pub fn tally<'a>(
    main: &[&str],
    existing: &Snapshot,
    records: impl IntoIterator<Item = &'a Record>,
) -> String {
    // (noun, new, changed), in the order first met.
    let mut groups: Vec<(&'static str, BTreeMap<RecordKey, bool>)> = Vec::new();
    for record in records {
        let key = record.key();
        let was = existing.get(key);
        if matches!(key, RecordKey::Numbering) || was.as_ref() == Some(record) {
            continue;
        }
        let (noun, counted) = match key {
            RecordKey::Settings => ("programme", RecordKey::Programme),
            RecordKey::CohortBudget(id) => ("cohort", RecordKey::Cohort(id)),
            other => (other.noun(), other),
        };
        let new = was.is_none()
            && !matches!(counted, RecordKey::Cohort(_) if existing.get(counted).is_some());
        let at = match groups.iter().position(|(n, _)| *n == noun) {
            Some(at) => at,
            None => {
                groups.push((noun, BTreeMap::new()));
                groups.len() - 1
            }
        };
        let seen = groups[at].1.entry(counted).or_insert(new);
        *seen = *seen && new;
    }
    let said = |noun: &str, keys: &BTreeMap<RecordKey, bool>, along: bool| -> String {
        let new = keys.values().filter(|n| **n).count();
        let changed = keys.len() - new;
        // One of each in a programme: named, not counted.
        if matches!(noun, "programme" | "budget") {
            return format!("the {noun}");
        }
        match (new, changed) {
            (_, 0) if along => format!("{new} new {}", super::count::plural(new, noun)),
            (_, 0) => count(new, noun),
            (0, _) => format!("{changed} changed {}", super::count::plural(changed, noun)),
            _ => format!(
                "{new} new and {changed} changed {}",
                super::count::plural(keys.len(), noun)
            ),
        }
    };
    let first: Vec<String> = main
        .iter()
        .filter_map(|m| groups.iter().find(|(n, _)| n == m))
        .map(|(noun, keys)| said(noun, keys, false))
        .collect();
    let mut others: Vec<_> = groups.iter().filter(|(n, _)| !main.contains(n)).collect();
    // Organisations before professions, as the forms and the files list them.
    others.sort_by_key(|(_, keys)| keys.keys().next().copied());
    let along: Vec<String> = others
        .into_iter()
        .map(|(noun, keys)| said(noun, keys, true))
        .collect();
    match (first.is_empty(), along.is_empty()) {
        (true, true) => "nothing new".to_string(),
        (false, true) => first.join(", "),
        (true, false) => along.join(", "),
        (false, false) => format!("{} (and {})", first.join(", "), along.join(", ")),
    }
}

fn line(outcomes: &[RecordOutcome], change: &Change, said: Said) -> String {
    let short = match change {
        _ if outcomes.is_empty() => {
            return match change {
                Change::Batch { summary, .. } => format!("{summary} (nothing changed)"),
                other => format!("{} (nothing changed)", other.summary()),
            };
        }
        // An import's summary already counts what it saved, as the file's rows are counted.
        Change::Batch { summary, .. }
            if summary.starts_with("imported ") && summary.contains(": ") =>
        {
            summary.clone()
        }
        Change::Batch { summary, .. } | Change::Undo { summary, .. } if outcomes.len() > LISTED => {
            format!("{summary} ({})", count(outcomes.len(), "record"))
        }
        _ if outcomes.len() > LISTED && said != Said::Full => {
            return format!(
                "{}; and {} more",
                sentences(&outcomes[..LISTED], said),
                count(outcomes.len() - LISTED, "record")
            );
        }
        _ if said == Said::Full => String::new(),
        _ => return sentences(outcomes, said),
    };
    if said != Said::Full {
        return short;
    }
    let shown = outcomes.len().min(IN_FULL);
    let more = match outcomes.len() - shown {
        0 => String::new(),
        n => format!("; and {} more", count(n, "record")),
    };
    let listed = sentences(&outcomes[..shown], said);
    if short.is_empty() {
        format!("{listed}{more}")
    } else {
        format!("{short}: {listed}{more}")
    }
}

fn sentences(outcomes: &[RecordOutcome], said: Said) -> String {
    let (along, main): (Vec<&RecordOutcome>, Vec<&RecordOutcome>) =
        outcomes.iter().partition(|o| looked_up(o));
    let said_of = |o: &RecordOutcome| match said {
        Said::Words => o.sentence(),
        Said::Values | Said::Full => o.sentence_with_values(),
    };
    if main.is_empty() {
        return along
            .into_iter()
            .map(said_of)
            .collect::<Vec<_>>()
            .join("; ");
    }
    let lead = main.into_iter().map(said_of).collect::<Vec<_>>().join("; ");
    if along.is_empty() {
        return lead;
    }
    let along: Vec<String> = along
        .iter()
        .map(|o| format!("new {} {}", o.key.noun(), o.name))
        .collect();
    format!("{lead} (and {})", along.join(", "))
}

/// What a person calls a record: its name or title, or for the records without one, what
/// they are about ("Ada Okafor and Bo Li", "£120.00 to Larkspur Conference Centre").
pub fn record_name(record: &Record, names: &Snapshot) -> String {
    if let Some(title) = record.title() {
        return title.to_string();
    }
    let person = |id| {
        names
            .participants
            .get(&id)
            .map_or_else(|| format!("participant #{}", id.0), |p| p.name.clone())
    };
    let member = |id| {
        names
            .q_members
            .get(&id)
            .map_or_else(|| format!("Q member #{}", id.0), |q| q.name.clone())
    };
    let cohort = |id| {
        names
            .cohorts
            .get(&id)
            .map_or_else(|| format!("cohort #{}", id.0), |c| c.name.clone())
    };
    match record {
        Record::Match(m) => format!("{} with {}", person(m.participant), member(m.q_member)),
        Record::PairRule(r) => format!("{} and {}", person(r.participant), member(r.q_member)),
        Record::Expense(e) if e.payee.is_empty() => format!("{} ({})", e.amount, e.description),
        Record::Expense(e) => format!("{} to {}", e.amount, e.payee),
        Record::Budget(_) => "the budget".to_string(),
        Record::CohortBudget(b) => format!("{}'s share", cohort(b.cohort)),
        Record::Series(s) => s
            .sessions
            .first()
            .and_then(|id| names.sessions.get(id))
            .map_or_else(
                || format!("series #{}", s.id.0),
                |first| first.title.clone(),
            ),
        Record::Backup(b) => b.file.display().to_string(),
        Record::LearningSets(s) => format!("learning sets of {}", cohort(s.cohort)),
        Record::QLink(l) => format!("{} and {}", person(l.participant), member(l.q_member)),
        Record::Survey(s) => format!("{}'s survey answers", person(s.participant)),
        Record::MailSent(m) => {
            let to = match m.to_person {
                crate::domain::people::PersonRef::Participant(id) => person(id),
                crate::domain::people::PersonRef::QMember(id) => member(id),
            };
            format!("{} to {to}", m.key.kind().label())
        }
        _ => record.key().noun().to_string(),
    }
}

mod fields;
#[cfg(test)]
mod tests;

pub use fields::{FIELD_WORDS, FieldChange, FieldWord, fields_changed, words};
