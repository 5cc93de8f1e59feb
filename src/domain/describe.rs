//! What a change did, in a person's words: the record by its name and the fields that changed
//! ("Arjun Sethuraman: project title, notes"; "Cohort 3: end date"). Worked out once from a
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
    Changed(Vec<&'static str>),
}

/// One record a change touched, named as a person knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOutcome {
    pub key: RecordKey,
    /// "Arjun Sethuraman", "Cohort 3", "£120.00 to Larkspur Conference Centre".
    pub name: String,
    pub outcome: Outcome,
}

impl RecordOutcome {
    /// "Arjun Sethuraman: project title, notes", "added participant Arjun Sethuraman".
    pub fn sentence(&self) -> String {
        match &self.outcome {
            Outcome::Added => format!("added {} {}", self.key.noun(), self.name),
            Outcome::Deleted => format!("deleted {} {}", self.key.noun(), self.name),
            Outcome::Changed(fields) if fields.is_empty() => format!("{}: details", self.name),
            Outcome::Changed(fields) => format!("{}: {}", self.name, fields.join(", ")),
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
        out.push(RecordOutcome {
            key: *key,
            name: named.map_or_else(|| key.noun().to_string(), |r| record_name(r, names)),
            outcome,
        });
    }
    out
}

/// One line for everything `change` did: each record's sentence, or for a change touching
/// many, its own summary and how many records.
pub fn describe(
    before: &[(RecordKey, Option<Record>)],
    change: &Change,
    names: &Snapshot,
) -> String {
    let outcomes = outcomes(before, change, names);
    line(&outcomes, change)
}

/// What a history entry did. An undo is said as what it undid ("undid: Cohort 3: end date"),
/// worked out from the records themselves, so it reads the same for entries made before
/// changes were described this way.
pub fn describe_entry(entry: &HistoryEntry, names: &Snapshot) -> String {
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
            if undone.is_empty() || undone.len() > LISTED {
                format!("undid: {summary}")
            } else {
                format!("undid: {}", sentences(&undone))
            }
        }
        change => describe(&entry.before, change, names),
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
        format!("Saved {name}: {}", fields.join(", "))
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

fn line(outcomes: &[RecordOutcome], change: &Change) -> String {
    match change {
        _ if outcomes.is_empty() => match change {
            Change::Batch { summary, .. } => format!("{summary} (nothing changed)"),
            other => format!("{} (nothing changed)", other.summary()),
        },
        // An import's summary already counts what it saved, as the file's rows are counted.
        Change::Batch { summary, .. }
            if summary.starts_with("imported ") && summary.contains(": ") =>
        {
            summary.clone()
        }
        Change::Batch { summary, .. } | Change::Undo { summary, .. } if outcomes.len() > LISTED => {
            format!("{summary} ({})", count(outcomes.len(), "record"))
        }
        _ if outcomes.len() > LISTED => format!(
            "{}; and {} more",
            sentences(&outcomes[..LISTED]),
            count(outcomes.len() - LISTED, "record")
        ),
        _ => sentences(outcomes),
    }
}

fn sentences(outcomes: &[RecordOutcome]) -> String {
    outcomes
        .iter()
        .map(RecordOutcome::sentence)
        .collect::<Vec<_>>()
        .join("; ")
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
        Record::Budget(_) => "the grant".to_string(),
        Record::CohortBudget(b) => format!("{}'s share", cohort(b.cohort)),
        Record::Series(s) => s
            .sessions
            .first()
            .and_then(|id| names.sessions.get(id))
            .map_or_else(
                || format!("series #{}", s.id.0),
                |first| first.title.clone(),
            ),
        _ => record.key().noun().to_string(),
    }
}

/// The fields that differ between two versions of one record, named as the forms name them.
/// Two different kinds of record differ in everything: "details".
pub fn fields_changed(was: &Record, now: &Record) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut check = |differs: bool, name: &'static str| {
        if differs {
            fields.push(name);
        }
    };
    match (was, now) {
        (Record::Programme(a), Record::Programme(b)) => {
            check(a.name != b.name, "name");
            check(a.funder != b.funder, "funder");
            check(a.currency != b.currency, "currency");
            check(a.time_zone != b.time_zone, "time zone");
            check(
                a.attendance_threshold_percent != b.attendance_threshold_percent,
                "attendance threshold",
            );
        }
        (Record::Cohort(a), Record::Cohort(b)) => {
            check(a.number != b.number, "number");
            check(a.name != b.name, "name");
            check(a.starts != b.starts, "start date");
            check(a.ends != b.ends, "end date");
            check(a.target_size != b.target_size, "target size");
        }
        (Record::Participant(a), Record::Participant(b)) => {
            check(a.name != b.name, "name");
            check(a.email != b.email, "email");
            check(a.profession != b.profession, "profession");
            check(a.organisation != b.organisation, "organisation");
            check(a.cohort != b.cohort, "cohort");
            check(a.nominated_by != b.nominated_by, "nominated by");
            check(a.project.title != b.project.title, "project title");
            check(a.project.aim != b.project.aim, "aim");
            check(a.project.topics != b.project.topics, "topics");
            check(a.project.stage != b.project.stage, "project progress");
            check(a.pathway != b.pathway, "pathway stage");
            check(a.readiness != b.readiness, "Q readiness");
            check(a.notes != b.notes, "notes");
        }
        (Record::QMember(a), Record::QMember(b)) => {
            check(a.name != b.name, "name");
            check(a.email != b.email, "email");
            check(a.profession != b.profession, "profession");
            check(a.organisation != b.organisation, "organisation");
            check(a.london_based != b.london_based, "based in London");
            check(a.expertise != b.expertise, "expertise");
            check(a.roles != b.roles, "roles");
            check(
                a.mentoring_capacity != b.mentoring_capacity,
                "mentoring capacity",
            );
            check(a.available != b.available, "available");
            check(
                a.availability_notes != b.availability_notes,
                "availability notes",
            );
        }
        (Record::Organisation(a), Record::Organisation(b)) => check(a.name != b.name, "name"),
        (Record::Profession(a), Record::Profession(b)) => check(a.name != b.name, "name"),
        (Record::Match(a), Record::Match(b)) => {
            check(a.participant != b.participant, "participant");
            check(a.q_member != b.q_member, "mentor");
            check(a.state != b.state, "state");
            check(a.proposed_on != b.proposed_on, "proposed on");
            check(a.score != b.score, "score");
            check(a.locked != b.locked, "locked");
            check(a.check_ins != b.check_ins, "check-ins");
        }
        (Record::PairRule(a), Record::PairRule(b)) => {
            check(a.kind != b.kind, "rule");
            check(a.reason != b.reason, "reason");
        }
        (Record::Session(a), Record::Session(b)) => {
            check(a.kind != b.kind, "kind");
            check(a.title != b.title, "title");
            check(a.theme != b.theme, "theme");
            check(a.cohort != b.cohort, "cohort");
            check(a.start != b.start, "start");
            check(a.duration_minutes != b.duration_minutes, "duration");
            check(a.venue != b.venue, "venue");
            check(a.facilitators != b.facilitators, "led by");
            check(a.host != b.host, "host");
            check(a.capacity != b.capacity, "capacity");
            let invited = |s: &super::sessions::Session| -> Vec<_> {
                s.invitees.iter().map(|i| i.participant).collect()
            };
            check(invited(a) != invited(b), "invitees");
            check(
                invited(a) == invited(b) && a.invitees != b.invitees,
                "attendance",
            );
            check(a.cancelled != b.cancelled, "cancelled");
        }
        (Record::Venue(a), Record::Venue(b)) => {
            check(a.name != b.name, "name");
            check(a.address != b.address, "address");
            check(a.capacity != b.capacity, "capacity");
            check(a.cost != b.cost, "cost");
        }
        (Record::Budget(a), Record::Budget(b)) => {
            check(a.total != b.total, "grant total");
            check(a.allocations != b.allocations, "allocations");
        }
        (Record::CohortBudget(a), Record::CohortBudget(b)) => {
            check(a.allocations != b.allocations, "allocations");
        }
        (Record::Expense(a), Record::Expense(b)) => {
            check(a.date != b.date, "date");
            check(a.category != b.category, "category");
            check(a.amount != b.amount, "amount");
            check(a.payee != b.payee, "payee");
            check(a.description != b.description, "description");
            check(a.session != b.session, "session");
            check(a.person != b.person, "person");
            check(a.state != b.state, "state");
        }
        (Record::Series(a), Record::Series(b)) => {
            check(a.repeat != b.repeat, "repeat");
            check(a.sessions != b.sessions, "sessions");
        }
        (Record::Category(a), Record::Category(b)) => {
            check(a.name != b.name, "name");
            check(a.retired != b.retired, "retired");
        }
        _ => {}
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::ids::{CohortId, ParticipantId};
    use crate::domain::pathway::PathwayStage;
    use chrono::NaiveDate;

    fn fixture() -> Fixture {
        let mut f = Fixture::new();
        f.participant(1, "Arjun Sethuraman", Some(1), PathwayStage::Active);
        f.participant(2, "Bea Lindqvist", Some(1), PathwayStage::Active);
        f
    }

    fn before_of(data: &Snapshot, change: &Change) -> Vec<(RecordKey, Option<Record>)> {
        change
            .keys()
            .into_iter()
            .map(|k| (k, data.get(k)))
            .collect()
    }

    #[test]
    fn an_edit_names_the_person_and_each_field_changed() {
        let f = fixture();
        let mut person = f.data.participants[&ParticipantId(1)].clone();
        person.project.title = "Fewer missed follow-ups".into();
        person.notes = "Presenting in March".into();
        let change = Change::Batch {
            summary: "changed participant Arjun Sethuraman".into(),
            changes: vec![Change::Edit {
                record: Record::Participant(person),
                based_on: Some(1),
            }],
        };
        assert_eq!(
            describe(&before_of(&f.data, &change), &change, &f.data),
            "Arjun Sethuraman: project title, notes"
        );
    }

    #[test]
    fn a_cohort_edit_names_the_cohort_and_its_dates() {
        let f = fixture();
        let mut cohort = f.data.cohorts[&CohortId(1)].clone();
        cohort.name = "Cohort 3".into();
        let before = vec![(
            RecordKey::Cohort(CohortId(1)),
            Some(Record::Cohort(cohort.clone())),
        )];
        cohort.ends = NaiveDate::from_ymd_opt(2027, 7, 31).unwrap_or_default();
        let change = Change::Put(Record::Cohort(cohort));
        assert_eq!(describe(&before, &change, &f.data), "Cohort 3: end date");
    }

    #[test]
    fn additions_and_deletions_say_so_with_the_kind_of_record() {
        let f = fixture();
        let bea = Record::Participant(f.data.participants[&ParticipantId(2)].clone());
        let added = Change::Put(bea.clone());
        assert_eq!(
            describe(&[(bea.key(), None)], &added, &f.data),
            "added participant Bea Lindqvist"
        );
        let deleted = Change::Delete(bea.key());
        assert_eq!(
            describe(&before_of(&f.data, &deleted), &deleted, &f.data),
            "deleted participant Bea Lindqvist"
        );
    }

    #[test]
    fn a_big_batch_is_summed_up_and_unchanged_records_are_not_counted() {
        let f = fixture();
        let people: Vec<Record> = (1..=5)
            .map(|n| {
                let mut p = f.data.participants[&ParticipantId(1)].clone();
                p.id = ParticipantId(100 + n);
                p.name = format!("Person {n}");
                Record::Participant(p)
            })
            .collect();
        let arjun = Record::Participant(f.data.participants[&ParticipantId(1)].clone());
        let mut changes: Vec<Change> = people.iter().cloned().map(Change::Put).collect();
        changes.push(Change::Put(arjun.clone()));
        let change = Change::Batch {
            summary: "imported participants.csv".into(),
            changes,
        };
        let mut before: Vec<_> = people.iter().map(|p| (p.key(), None)).collect();
        before.push((arjun.key(), Some(arjun)));
        assert_eq!(
            describe(&before, &change, &f.data),
            "imported participants.csv (5 records)"
        );
    }

    #[test]
    fn an_undo_is_said_as_what_it_undid() {
        let f = fixture();
        let bea = Record::Participant(f.data.participants[&ParticipantId(2)].clone());
        // Undoing the addition of Bea deletes her.
        let entry = HistoryEntry {
            seq: 9,
            at: chrono::DateTime::default(),
            user: "sam".into(),
            change: Change::Undo {
                of: 8,
                summary: "saved participant".into(),
                changes: vec![Change::Delete(bea.key())],
            },
            before: vec![(bea.key(), Some(bea))],
        };
        assert_eq!(
            describe_entry(&entry, &f.data),
            "undid: added participant Bea Lindqvist"
        );
    }

    #[test]
    fn a_saved_edit_names_the_record_by_its_new_name_and_what_changed() {
        let f = fixture();
        let was = Record::Participant(f.data.participants[&ParticipantId(2)].clone());
        let mut person = f.data.participants[&ParticipantId(2)].clone();
        person.name = "Bea Lindqvist-Okoro".into();
        person.email = "bea@example.org".into();
        let now = Record::Participant(person);
        assert_eq!(
            saved(&was, &now, &f.data),
            "Saved Bea Lindqvist-Okoro: name, email"
        );
        assert_eq!(
            saved(&was, &was, &f.data),
            "Saved Bea Lindqvist: nothing had changed"
        );
    }

    #[test]
    fn records_without_a_name_are_named_by_what_they_are_about() {
        let mut f = fixture();
        f.matched(1, 1, 1, crate::domain::mentoring::MatchState::Proposed);
        let m = Record::Match(f.data.matches.values().next().cloned().expect("a match"));
        assert_eq!(
            record_name(&m, &f.data),
            "Arjun Sethuraman with Morwenna Tull"
        );
    }
}
