//! Planning an erasure: what will go and what stays, counted for the question a person reads
//! first, and the one change that erases a person (and every record merged with them).

use super::{Erasure, key_of, scrubbing_for};
use crate::domain::change::{Change, HistoryEntry, Record, RecordKey};
use crate::domain::count::count;
use crate::domain::people::PersonRef;
use crate::domain::people::subject_access::held_name_and_email;
use crate::domain::snapshot::Snapshot;

/// What erasing a person will change, counted for the confirmation a person reads first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub erasure: Erasure,
    /// "participant Wren Hollis <wren.hollis@example.org>", said before the erasure only.
    pub who: String,
    pub matches: usize,
    pub attendances: usize,
    pub sessions_led: usize,
    pub expenses: usize,
    /// Their outcomes survey answers, deleted with no trace: they count in no figure once
    /// the person is erased.
    pub survey_answers: usize,
    /// Other records whose free text names the person and will say "erased person #N".
    pub texts_elsewhere: usize,
    pub history_entries: usize,
    /// The records merged into them or they into (`improvers merge`), erased with them as one
    /// person, each under its own number, with who it was ("participant Wren Hollis
    /// <wren@home.example>"): see [`plan_whole`].
    pub merged: Vec<(Erasure, String)>,
    /// Every email that goes: theirs and those of the records merged with them.
    pub emails: Vec<String>,
    /// Of `merged`, the records that are theirs by an alumni link rather than a merge: their
    /// participant record and their Q member record, one person in two registers.
    pub linked: Vec<PersonRef>,
    /// The change to apply: the erasure records, the tombstones and every record rewritten.
    pub change: Change,
}

impl Plan {
    /// "1 mentoring match, 6 session attendances and 2 expenses keep pointing at erased
    /// person #1", naming only what there is; "Nothing else points at them" when nothing does.
    pub fn kept(&self) -> String {
        let mut parts = Vec::new();
        // How many things the last part counts: "1 expense keeps", "2 expenses keep".
        let mut only = 0;
        let mut say = |n: usize, noun: &str| {
            if n > 0 {
                parts.push(count(n, noun));
                only = n;
            }
        };
        say(self.matches, "mentoring match");
        say(self.attendances, "session attendance");
        say(self.expenses, "expense");
        if self.sessions_led > 0 {
            parts.push(format!(
                "{} led or hosted",
                count(self.sessions_led, "session")
            ));
            only = self.sessions_led;
        }
        match parts.split_last() {
            None => "Nothing else points at them".to_string(),
            Some((last, [])) => format!(
                "{last} {} pointing at {}",
                if only == 1 { "keeps" } else { "keep" },
                self.erasure.label()
            ),
            Some((last, rest)) => format!(
                "{} and {last} keep pointing at {}",
                rest.join(", "),
                self.erasure.label()
            ),
        }
    }

    /// "3 other records and 5 history entries are rewritten", or `None` when none are.
    pub fn rewritten(&self) -> Option<String> {
        let counted: Vec<(usize, &str)> = [
            (self.texts_elsewhere, "other record"),
            (self.history_entries, "history entry"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .collect();
        let parts: Vec<String> = counted.iter().map(|(n, noun)| count(*n, noun)).collect();
        match counted.as_slice() {
            [] => None,
            [(1, _)] => Some(format!("{} naming them is rewritten", parts[0])),
            [_] => Some(format!("{} naming them are rewritten", parts[0])),
            _ => Some(format!("{} naming them are rewritten", parts.join(" and "))),
        }
    }

    /// The other records erased with them, as "participant X <x@…> becomes “erased person
    /// #2”" with the label between `open` and `close`: (those linked, those merged).
    pub fn others(&self, open: &str, close: &str) -> (Vec<String>, Vec<String>) {
        let said = |(erasure, who): &(Erasure, String)| {
            format!("{who} becomes {open}{}{close}", erasure.label())
        };
        let (linked, merged): (Vec<_>, Vec<_>) = self
            .merged
            .iter()
            .partition(|(erasure, _)| self.linked.contains(&erasure.person));
        (
            linked.into_iter().map(said).collect(),
            merged.into_iter().map(said).collect(),
        )
    }

    /// What will go and what stays, in sentences, for the confirmation.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = vec![
            format!(
                "{} becomes \"{}\": name, email, notes, project and free text are removed.",
                self.who,
                self.erasure.label()
            ),
            format!("{}, so the figures stay right.", self.kept()),
        ];
        if !self.merged.is_empty() {
            let (linked, merged) = self.others("\"", "\"");
            if !linked.is_empty() {
                lines.push(format!(
                    "Linked to them as one person (they joined Q), so erased with them: {}.",
                    linked.join("; ")
                ));
            }
            if !merged.is_empty() {
                lines.push(format!(
                    "Merged with them, so erased with them: {}.",
                    merged.join("; ")
                ));
            }
            lines.push(format!(
                "Every email that goes: {}.",
                self.emails.join(", ")
            ));
        }
        if self.survey_answers > 0 {
            lines.push(format!(
                "Their {} deleted.",
                match self.survey_answers {
                    1 => "outcomes survey answer is".to_string(),
                    n => format!("{n} outcomes survey answers are"),
                }
            ));
        }
        if let Some(rewritten) = self.rewritten() {
            lines.push(format!("{rewritten}."));
        }
        lines
    }
}

/// Why a person cannot be erased.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CannotErase {
    #[error("there is no {0} in this programme")]
    NotFound(String),
}

/// The erasure of `person` from `data`, numbered after every erasure `data` already holds.
/// `history` is every history entry (for the count only).
pub fn plan(
    data: &Snapshot,
    person: PersonRef,
    history: &[HistoryEntry],
) -> Result<Plan, CannotErase> {
    plan_numbered(data, person, history, None)
}

/// `plan` for the whole person `person` is a record of: every record merged into them or they
/// into, merges chained included and merges undone left out (see
/// [`crate::domain::people::one_person::one_person`]), erased in one change, each record under its own number,
/// `person`'s first. Records already erased are left as they are.
pub fn plan_whole(
    data: &Snapshot,
    person: PersonRef,
    history: &[HistoryEntry],
) -> Result<Plan, CannotErase> {
    let erased: Vec<PersonRef> = data.erasures.values().map(|e| e.person).collect();
    let one = crate::domain::people::one_person::one_person(data, history, &[person]);
    let by_merge: Vec<PersonRef> = one.joined.iter().flat_map(|j| [j.gone, j.kept]).collect();
    let merged: Vec<PersonRef> = one
        .records
        .into_iter()
        .filter(|p| *p != person && !erased.contains(p))
        .collect();
    let linked: Vec<PersonRef> = merged
        .iter()
        .copied()
        .filter(|p| !by_merge.contains(p))
        .collect();
    let mut plan = plan_people(data, person, &merged, history, None)?;
    if !linked.is_empty() {
        if let Change::Batch { summary, .. } = &mut plan.change {
            *summary = summary.replace("(merged with them:", "(one person with them:");
        }
    }
    plan.linked = linked;
    Ok(plan)
}

/// `plan`, keeping the number `number` where it is still free: an erasure made again after a
/// restore keeps the number it had.
pub fn plan_numbered(
    data: &Snapshot,
    person: PersonRef,
    history: &[HistoryEntry],
    number: Option<u64>,
) -> Result<Plan, CannotErase> {
    plan_people(data, person, &[], history, number)
}

/// The erasure of `person` and, with it, of `merged` (the records merged with them), numbered
/// after `person`'s.
fn plan_people(
    data: &Snapshot,
    person: PersonRef,
    merged: &[PersonRef],
    history: &[HistoryEntry],
    number: Option<u64>,
) -> Result<Plan, CannotErase> {
    let key = key_of(person);
    let Some((name, email)) = held_name_and_email(data, history, person) else {
        return Err(CannotErase::NotFound(format!(
            "{} {}",
            key.noun(),
            key.id().unwrap_or(0)
        )));
    };
    let next = data.erasures.keys().next_back().map_or(1, |n| n + 1);
    let number = number
        .filter(|n| *n > 0 && !data.erasures.contains_key(n))
        .unwrap_or(next);
    let erasure = Erasure { number, person };
    let mut people = vec![(erasure, name, email)];
    let mut then = next.max(number);
    for other in merged {
        if let Some((name, email)) = held_name_and_email(data, history, *other) {
            then += 1;
            let erasure = Erasure {
                number: then,
                person: *other,
            };
            people.push((erasure, name, email));
        }
    }
    let erasures: Vec<Erasure> = people.iter().map(|(e, _, _)| *e).collect();
    let keys: Vec<RecordKey> = erasures.iter().map(|e| key_of(e.person)).collect();
    let mut scrubbing = scrubbing_for(&erasures, history);
    for (erasure, name, email) in &people {
        scrubbing.add(*erasure, name, email);
    }
    // Edits, not puts: a record someone changes meanwhile is not overwritten from this copy
    // (the erasure is refused and made again from the newer programme).
    let mut changes: Vec<Change> = erasures
        .iter()
        .map(|e| Change::Edit {
            record: Record::Erasure(*e),
            based_on: None,
        })
        .collect();
    let mut texts_elsewhere = 0;
    for record in all_records(data) {
        let scrubbed = scrubbing.record(&record);
        if scrubbed != record {
            if !keys.contains(&record.key()) {
                texts_elsewhere += 1;
            }
            changes.push(Change::Edit {
                based_on: data.revisions.get(&record.key()).map(|r| r.seq),
                record: scrubbed,
            });
        }
    }
    let mut survey_answers = 0;
    for e in &erasures {
        if let PersonRef::Participant(id) = e.person {
            if let Some(survey) = data.surveys.get(&id) {
                survey_answers += survey.answers.len();
                changes.push(Change::Delete(RecordKey::Survey(id)));
            }
        }
    }
    // Out of their learning set, lock and pairs: a set is a living group, and an erased
    // person's number in it would only be a gap the team has to explain.
    for sets in data.learning_sets.values() {
        let mut kept = sets.clone();
        for e in &erasures {
            if let PersonRef::Participant(id) = e.person {
                kept = kept.without(id);
            }
        }
        if kept != *sets {
            changes.push(Change::Edit {
                based_on: data
                    .revisions
                    .get(&RecordKey::LearningSets(sets.cohort))
                    .map(|r| r.seq),
                record: Record::LearningSets(kept),
            });
        }
    }
    let (mut matches, mut attendances, mut sessions_led, mut expenses) = (0, 0, 0, 0);
    for e in &erasures {
        let (m, a, s) = points_at(data, e.person);
        matches += m;
        attendances += a;
        sessions_led += s;
        expenses += data
            .expenses
            .values()
            .filter(|x| x.person == Some(e.person))
            .count();
    }
    let history_entries = history.iter().filter(|e| scrubbing.entry(e) != **e).count();
    let mut summary = format!("erased a person, now {}", erasure.label());
    if erasures.len() > 1 {
        let labels: Vec<String> = erasures[1..].iter().map(Erasure::label).collect();
        summary.push_str(&format!(" (merged with them: {})", labels.join(", ")));
    }
    let emails = {
        let mut emails: Vec<String> = Vec::new();
        for (_, _, email) in &people {
            let email = email.trim();
            if !email.is_empty()
                && !emails
                    .iter()
                    .any(|e| crate::domain::people::same_email(e, email))
            {
                emails.push(email.to_string());
            }
        }
        emails
    };
    Ok(Plan {
        erasure,
        who: held_person(data, &people[0].0, &people[0].1, &people[0].2),
        matches,
        attendances,
        sessions_led,
        expenses,
        survey_answers,
        texts_elsewhere,
        history_entries,
        merged: people[1..]
            .iter()
            .map(|(e, name, email)| (*e, held_person(data, e, name, email)))
            .collect(),
        emails,
        linked: Vec::new(),
        change: Change::Batch { summary, changes },
    })
}

/// "participant Wren Hollis <wren@example.org>", saying so of a record only history holds now
/// (one merged away, or deleted).
fn held_person(data: &Snapshot, erasure: &Erasure, name: &str, email: &str) -> String {
    let key = key_of(erasure.person);
    let gone = if data.get(key).is_none() {
        super::ONLY_HISTORY_HOLDS
    } else {
        ""
    };
    format!("{} {name} <{email}>{gone}", key.noun())
}

/// (mentoring matches, session attendances, sessions led or hosted) pointing at `person`.
fn points_at(data: &Snapshot, person: PersonRef) -> (usize, usize, usize) {
    match person {
        PersonRef::Participant(id) => (
            data.matches
                .values()
                .filter(|m| m.participant == id)
                .count(),
            data.sessions
                .values()
                .flat_map(|s| &s.invitees)
                .filter(|i| i.participant == id)
                .count(),
            0,
        ),
        PersonRef::QMember(id) => (
            data.matches.values().filter(|m| m.q_member == id).count(),
            0,
            data.sessions
                .values()
                .filter(|s| s.facilitators.contains(&id) || s.host == Some(id))
                .count(),
        ),
    }
}

/// Every record of the programme, as `Record`s.
fn all_records(data: &Snapshot) -> Vec<Record> {
    let mut out = Vec::new();
    out.extend(data.programme.clone().map(Record::Programme));
    out.extend(data.cohorts.values().cloned().map(Record::Cohort));
    out.extend(data.participants.values().cloned().map(Record::Participant));
    out.extend(data.q_members.values().cloned().map(Record::QMember));
    out.extend(
        data.organisations
            .values()
            .cloned()
            .map(Record::Organisation),
    );
    out.extend(data.professions.values().cloned().map(Record::Profession));
    out.extend(data.matches.values().cloned().map(Record::Match));
    out.extend(data.pair_rules.values().cloned().map(Record::PairRule));
    out.extend(data.sessions.values().cloned().map(Record::Session));
    out.extend(data.venues.values().cloned().map(Record::Venue));
    out.extend(data.budget.clone().map(Record::Budget));
    out.extend(data.expenses.values().cloned().map(Record::Expense));
    out.extend(data.series.values().cloned().map(Record::Series));
    out.extend(
        data.cohort_budgets
            .values()
            .cloned()
            .map(Record::CohortBudget),
    );
    out.extend(
        data.categories
            .stored_all()
            .into_iter()
            .cloned()
            .map(Record::Category),
    );
    out.extend(data.mail_sent.values().cloned().map(Record::MailSent));
    out
}
