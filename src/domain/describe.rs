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
}

impl RecordOutcome {
    /// "Arjun Sethuraman: project title, notes", "added participant Arjun Sethuraman".
    pub fn sentence(&self) -> String {
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
        out.push(RecordOutcome {
            key: *key,
            name: named.map_or_else(|| key.noun().to_string(), |r| record_name(r, names)),
            outcome,
        });
    }
    out
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
            if undone.is_empty() || (undone.len() > limit && said != Said::Full) {
                format!("undid: {summary}")
            } else {
                format!("undid: {}", sentences(&undone, said))
            }
        }
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
    outcomes
        .iter()
        .map(|o| match said {
            Said::Words => o.sentence(),
            Said::Values | Said::Full => o.sentence_with_values(),
        })
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
        _ => record.key().noun().to_string(),
    }
}

/// One field a history line, an undo question or a save message names: the record it belongs
/// to (as `RecordKey::noun` says it), the field, the label of the form that edits it (`None`
/// for what no form edits, such as attendance), and the word said. The word always holds the
/// form's label ("Topics" → "topics", "By" → "nominated by"), so the words a person reads in
/// history are the words they typed into; a test opens every form and checks its labels
/// against this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldWord {
    pub record: &'static str,
    pub field: &'static str,
    pub label: Option<&'static str>,
    pub word: &'static str,
}

const fn w(
    record: &'static str,
    field: &'static str,
    label: Option<&'static str>,
    word: &'static str,
) -> FieldWord {
    FieldWord {
        record,
        field,
        label,
        word,
    }
}

/// Every field named in history, with the form label it is said by.
pub const FIELD_WORDS: &[FieldWord] = &[
    w("programme", "name", Some("Programme"), "programme name"),
    w("programme", "funder", Some("Funder"), "funder"),
    w("programme", "currency", None, "currency"),
    w("programme", "time zone", None, "time zone"),
    w(
        "programme",
        "attendance threshold",
        Some("Attendance %"),
        "attendance %",
    ),
    w(
        "programme settings",
        "dormant pair weeks",
        Some("Dormant weeks"),
        "dormant weeks",
    ),
    w("budget", "total", Some("Grant"), "grant"),
    w("budget", "allocations", None, "allocations"),
    w("cohort's allocations", "allocations", None, "allocations"),
    w("cohort", "number", Some("Number"), "number"),
    w("cohort", "name", Some("Name"), "name"),
    w("cohort", "starts", Some("Starts"), "starts"),
    w("cohort", "ends", Some("Ends"), "ends"),
    w("cohort", "target size", Some("Target"), "target"),
    w("participant", "name", Some("Name"), "name"),
    w("participant", "email", Some("Email"), "email"),
    w("participant", "profession", Some("Job"), "job"),
    w("participant", "organisation", Some("Org"), "organisation"),
    w("participant", "cohort", Some("Cohort"), "cohort"),
    w("participant", "nominated by", Some("By"), "nominated by"),
    w(
        "participant",
        "project title",
        Some("Project"),
        "project title",
    ),
    w("participant", "aim", Some("Aim"), "aim"),
    w("participant", "topics", Some("Topics"), "topics"),
    w(
        "participant",
        "project stage",
        Some("Progress"),
        "project progress",
    ),
    w("participant", "pathway", Some("Stage"), "stage"),
    w("participant", "readiness", None, "Q readiness"),
    w("participant", "notes", Some("Notes"), "notes"),
    w("Q member", "name", Some("Name"), "name"),
    w("Q member", "email", Some("Email"), "email"),
    w("Q member", "profession", Some("Job"), "job"),
    w("Q member", "organisation", Some("Org"), "organisation"),
    w("Q member", "london based", Some("Based"), "based in London"),
    w("Q member", "expertise", Some("Topics"), "topics"),
    w("Q member", "roles", Some("Roles"), "roles"),
    w(
        "Q member",
        "mentoring capacity",
        Some("Capacity"),
        "mentoring capacity",
    ),
    w("Q member", "available", Some("Now"), "available now"),
    w("Q member", "availability notes", Some("Notes"), "notes"),
    w("organisation", "name", None, "name"),
    w("profession", "name", None, "name"),
    w("budget category", "name", Some("Name"), "name"),
    w("mentoring match", "participant", None, "participant"),
    w("mentoring match", "q member", None, "mentor"),
    w("mentoring match", "proposed on", None, "proposed on"),
    w("mentoring match", "score", None, "score"),
    w("mentoring match", "locked", None, "locked"),
    w("mentoring match", "check-ins", None, "check-ins"),
    w("pair rule", "kind", None, "rule"),
    w("pair rule", "reason", None, "reason"),
    w("session", "kind", Some("Kind"), "kind"),
    w("session", "title", Some("Title"), "title"),
    w("session", "theme", Some("Theme"), "theme"),
    w("session", "cohort", Some("Cohort"), "cohort"),
    w("session", "date", Some("Date"), "date"),
    w("session", "time", Some("Starts"), "starts"),
    w("session", "duration", Some("Minutes"), "minutes"),
    w("session", "venue", Some("Venue"), "venue"),
    w("session", "facilitators", Some("Led by"), "led by"),
    w("session", "host", Some("Host"), "host"),
    w("session", "capacity", Some("Places"), "places"),
    w("session", "invitees", None, "invitees"),
    w("session", "attendance", None, "attendance"),
    w("venue", "name", Some("Name"), "name"),
    w("venue", "address", Some("Address"), "address"),
    w("venue", "capacity", Some("Holds"), "holds"),
    w("venue", "cost", Some("Cost"), "cost"),
    w("expense", "date", Some("Date"), "date"),
    w("expense", "category", Some("Category"), "category"),
    w("expense", "amount", Some("Amount"), "amount"),
    w("expense", "payee", Some("Payee"), "payee"),
    w("expense", "description", Some("About"), "about"),
    w("expense", "session", Some("Session"), "session"),
    w("expense", "person", Some("Person"), "person"),
    w("series of sessions", "repeat", None, "repeat"),
    w("series of sessions", "sessions", None, "sessions"),
];

/// The word said for `field` of a `record`, from `FIELD_WORDS`.
fn word(record: &str, field: &'static str) -> &'static str {
    FIELD_WORDS
        .iter()
        .find(|f| f.record == record && f.field == field)
        .map_or(field, |f| f.word)
}

/// One field that differs between two versions of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The form's word for the field ("topics"), or for a state, the new state ("cancelled").
    pub word: String,
    /// For a small field (a date, a state, an amount, a name), what it was and what it is.
    pub values: Option<(String, String)>,
    /// A state: said as the new state alone, or "committed → cancelled".
    pub state: bool,
}

impl FieldChange {
    /// With its values: "ends 30 Jul 2027 → 31 Jul 2027", "committed → cancelled".
    pub fn with_values(&self) -> String {
        match &self.values {
            Some((was, now)) if self.state => format!("{was} → {now}"),
            Some((was, now)) => format!("{} {was} → {now}", self.word),
            None => self.word.clone(),
        }
    }
}

/// The words of `fields`, joined: "project title, notes".
pub fn words(fields: &[FieldChange]) -> String {
    fields
        .iter()
        .map(|f| f.word.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn quoted(s: &str) -> String {
    format!("“{s}”")
}

/// The fields that differ between two versions of one record, named as the forms name them
/// (`FIELD_WORDS`), with the values of small fields. Two different kinds of record differ in
/// everything: "details".
pub fn fields_changed(was: &Record, now: &Record) -> Vec<FieldChange> {
    let noun = was.key().noun();
    // In the order the form shows the fields; both kinds of field go to the one list.
    let out: std::cell::RefCell<Vec<FieldChange>> = std::cell::RefCell::new(Vec::new());
    let check = |differs: bool, field: &'static str| {
        if differs {
            out.borrow_mut().push(FieldChange {
                word: word(noun, field).to_string(),
                values: None,
                state: false,
            });
        }
    };
    let small = |field: &'static str, a: String, b: String| {
        if a != b {
            out.borrow_mut().push(FieldChange {
                word: word(noun, field).to_string(),
                values: Some((a, b)),
                state: false,
            });
        }
    };
    let mut state: Option<(String, String)> = None;
    match (was, now) {
        (Record::Programme(a), Record::Programme(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            small("funder", quoted(&a.funder), quoted(&b.funder));
            check(a.currency != b.currency, "currency");
            check(a.time_zone != b.time_zone, "time zone");
            small(
                "attendance threshold",
                format!("{}%", a.attendance_threshold_percent),
                format!("{}%", b.attendance_threshold_percent),
            );
        }
        (Record::Settings(a), Record::Settings(b)) => small(
            "dormant pair weeks",
            a.dormant_pair_weeks.to_string(),
            b.dormant_pair_weeks.to_string(),
        ),
        (Record::Cohort(a), Record::Cohort(b)) => {
            small("number", a.number.to_string(), b.number.to_string());
            small("name", quoted(&a.name), quoted(&b.name));
            small("starts", day(a.starts), day(b.starts));
            small("ends", day(a.ends), day(b.ends));
            small(
                "target size",
                a.target_size.to_string(),
                b.target_size.to_string(),
            );
        }
        (Record::Participant(a), Record::Participant(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            small("email", a.email.clone(), b.email.clone());
            check(a.profession != b.profession, "profession");
            check(a.organisation != b.organisation, "organisation");
            check(a.cohort != b.cohort, "cohort");
            check(a.nominated_by != b.nominated_by, "nominated by");
            check(a.project.title != b.project.title, "project title");
            check(a.project.aim != b.project.aim, "aim");
            check(a.project.topics != b.project.topics, "topics");
            check(a.project.stage != b.project.stage, "project stage");
            if a.pathway != b.pathway {
                if a.stage() == b.stage() {
                    check(true, "pathway");
                } else {
                    small("pathway", a.stage().to_string(), b.stage().to_string());
                }
            }
            check(a.readiness != b.readiness, "readiness");
            check(a.notes != b.notes, "notes");
        }
        (Record::QMember(a), Record::QMember(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            small("email", a.email.clone(), b.email.clone());
            check(a.profession != b.profession, "profession");
            check(a.organisation != b.organisation, "organisation");
            check(a.london_based != b.london_based, "london based");
            check(a.expertise != b.expertise, "expertise");
            check(a.roles != b.roles, "roles");
            small(
                "mentoring capacity",
                a.mentoring_capacity.to_string(),
                b.mentoring_capacity.to_string(),
            );
            check(a.available != b.available, "available");
            check(
                a.availability_notes != b.availability_notes,
                "availability notes",
            );
        }
        (Record::Organisation(a), Record::Organisation(b)) => {
            small("name", quoted(&a.name), quoted(&b.name))
        }
        (Record::Profession(a), Record::Profession(b)) => {
            small("name", quoted(&a.name), quoted(&b.name))
        }
        (Record::Match(a), Record::Match(b)) => {
            check(a.participant != b.participant, "participant");
            check(a.q_member != b.q_member, "q member");
            if a.state.label() != b.state.label() {
                state = Some((a.state.label().into(), b.state.label().into()));
            }
            check(a.proposed_on != b.proposed_on, "proposed on");
            check(a.score != b.score, "score");
            check(a.locked != b.locked, "locked");
            check(a.check_ins != b.check_ins, "check-ins");
        }
        (Record::PairRule(a), Record::PairRule(b)) => {
            check(a.kind != b.kind, "kind");
            check(a.reason != b.reason, "reason");
        }
        (Record::Session(a), Record::Session(b)) => {
            check(a.kind != b.kind, "kind");
            small("title", quoted(&a.title), quoted(&b.title));
            check(a.theme != b.theme, "theme");
            check(a.cohort != b.cohort, "cohort");
            small("date", day(a.start.date()), day(b.start.date()));
            small(
                "time",
                a.start.format("%H:%M").to_string(),
                b.start.format("%H:%M").to_string(),
            );
            small(
                "duration",
                a.duration_minutes.to_string(),
                b.duration_minutes.to_string(),
            );
            check(a.venue != b.venue, "venue");
            check(a.facilitators != b.facilitators, "facilitators");
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
            if a.cancelled != b.cancelled {
                state = Some((
                    if a.cancelled { "cancelled" } else { "planned" }.into(),
                    if b.cancelled { "cancelled" } else { "restored" }.into(),
                ));
            }
        }
        (Record::Venue(a), Record::Venue(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            check(a.address != b.address, "address");
            small("capacity", a.capacity.to_string(), b.capacity.to_string());
            check(a.cost != b.cost, "cost");
        }
        (Record::Budget(a), Record::Budget(b)) => {
            small("total", a.total.to_string(), b.total.to_string());
            check(a.allocations != b.allocations, "allocations");
        }
        (Record::CohortBudget(a), Record::CohortBudget(b)) => {
            check(a.allocations != b.allocations, "allocations");
        }
        (Record::Expense(a), Record::Expense(b)) => {
            small("date", day(a.date), day(b.date));
            check(a.category != b.category, "category");
            small("amount", a.amount.to_string(), b.amount.to_string());
            small("payee", quoted(&a.payee), quoted(&b.payee));
            check(a.description != b.description, "description");
            check(a.session != b.session, "session");
            check(a.person != b.person, "person");
            if a.state != b.state {
                state = Some((a.state.label().into(), b.state.label().into()));
            }
        }
        (Record::Series(a), Record::Series(b)) => {
            check(a.repeat != b.repeat, "repeat");
            check(a.sessions != b.sessions, "sessions");
        }
        (Record::Category(a), Record::Category(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            if a.retired != b.retired {
                state = Some((
                    if a.retired { "retired" } else { "offered" }.into(),
                    if b.retired {
                        "retired"
                    } else {
                        "offered again"
                    }
                    .into(),
                ));
            }
        }
        _ => {}
    }
    let mut out = out.into_inner();
    if let Some((was, now)) = state {
        out.push(FieldChange {
            word: now.clone(),
            values: Some((was, now)),
            state: true,
        });
    }
    out
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
        assert_eq!(describe(&before, &change, &f.data), "Cohort 3: ends");
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
    fn settings_read_in_the_forms_words_without_saying_a_name_twice() {
        use crate::domain::budget::Budget;
        use crate::domain::money::Pence;
        use crate::domain::programme::ProgrammeSettings;
        let f = fixture();
        let was = Budget {
            total: Pence(4_000_000),
            allocations: Vec::new(),
        };
        let now = Budget {
            total: Pence(4_500_000),
            allocations: Vec::new(),
        };
        let settings = Record::Settings(ProgrammeSettings {
            dormant_pair_weeks: 6,
        });
        let change = Change::Batch {
            summary: "saved the programme's settings".into(),
            changes: vec![
                Change::Put(Record::Budget(now)),
                Change::Put(settings.clone()),
            ],
        };
        let before = vec![
            (RecordKey::Budget, Some(Record::Budget(was))),
            (RecordKey::Settings, None),
        ];
        assert_eq!(
            describe(&before, &change, &f.data),
            "the budget: grant; added programme settings"
        );
        let entry = HistoryEntry {
            seq: 2,
            at: chrono::DateTime::default(),
            user: "sam".into(),
            change,
            before,
        };
        assert_eq!(
            describe_entry_with_values(&entry, &f.data),
            "the budget: grant £40,000.00 → £45,000.00; added programme settings"
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
