//! Scrubbing: an erased person's record made a tombstone wherever it appears, and their name
//! and email replaced by "erased person #N" in every free text, in records and in history.

use super::{Erasure, key_of, participant_tombstone, q_member_tombstone};
use crate::domain::change::{Change, HistoryEntry, Record, RecordKey};
use crate::domain::outcomes::SurveyAnswers;
use std::collections::BTreeMap;

/// What an erasure takes out of a programme: the tombstones to put in place of the people
/// erased, and the name and email of each to replace wherever free text holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scrubbing {
    /// Each erased person's record key and erasure number.
    pub people: BTreeMap<RecordKey, u64>,
    /// (text to find, words to put instead); found without case, as whole words.
    pub texts: Vec<(String, String)>,
}

impl Scrubbing {
    /// Adds one person: their record becomes a tombstone, and `name` and `email` (skipped when
    /// empty, as a tombstone's are) become "erased person #N" in free text.
    pub fn add(&mut self, erasure: Erasure, name: &str, email: &str) {
        self.people.insert(key_of(erasure.person), erasure.number);
        for text in [email, name] {
            let text = text.trim();
            if !text.is_empty() && !self.texts.iter().any(|(t, _)| t == text) {
                self.texts.push((text.to_string(), erasure.label()));
            }
        }
        // Longer texts first, so a name inside an email is not replaced before the email is.
        self.texts
            .sort_by_key(|(t, _)| std::cmp::Reverse(t.chars().count()));
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.texts.is_empty()
    }

    /// `text` with every whole-word occurrence of an erased name or email replaced.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (find, put) in &self.texts {
            out = replace_words(&out, find, put);
        }
        out
    }

    /// `record` with an erased person's record made a tombstone and every free text scrubbed.
    pub fn record(&self, record: &Record) -> Record {
        let record = match record {
            Record::Participant(p) => match self.people.get(&record.key()) {
                Some(n) => Record::Participant(participant_tombstone(p, *n)),
                None => record.clone(),
            },
            Record::QMember(q) => match self.people.get(&record.key()) {
                Some(n) => Record::QMember(q_member_tombstone(q, *n)),
                None => record.clone(),
            },
            // Survey answers are theirs alone and tell nothing the figures need once they are
            // erased: none of them stays, in the record or in history.
            Record::Survey(s)
                if self
                    .people
                    .contains_key(&RecordKey::Participant(s.participant)) =>
            {
                Record::Survey(SurveyAnswers {
                    participant: s.participant,
                    answers: Vec::new(),
                })
            }
            other => other.clone(),
        };
        if self.texts.is_empty() {
            return record;
        }
        let scrubbed = self.every_string(&record).unwrap_or_else(|| record.clone());
        // Another person's own name and email are theirs, even when they are the same as the
        // erased person's (one person in both registers, erased from one): only the free
        // text of their record is scrubbed.
        match (scrubbed, &record) {
            (Record::Participant(mut p), Record::Participant(was)) => {
                p.name.clone_from(&was.name);
                p.email.clone_from(&was.email);
                Record::Participant(p)
            }
            (Record::QMember(mut q), Record::QMember(was)) => {
                q.name.clone_from(&was.name);
                q.email.clone_from(&was.email);
                Record::QMember(q)
            }
            (scrubbed, _) => scrubbed,
        }
    }

    /// Every string anywhere in the record scrubbed, whatever kind of record it is, so a text
    /// field added later is covered too. `None` when the record does not go through JSON and
    /// back unchanged (then nothing of it is touched rather than something broken).
    fn every_string(&self, record: &Record) -> Option<Record> {
        // Most records name nobody erased: a look through their JSON text, without case, spares
        // them the walk. A text JSON writes escaped (a quote, a backslash) is always walked for.
        let plain = |t: &str| !t.contains(['"', '\\']) && !t.chars().any(char::is_control);
        if self.texts.iter().all(|(t, _)| plain(t)) {
            let json = lower(&serde_json::to_string(record).ok()?);
            if !self.texts.iter().any(|(t, _)| json.contains(&lower(t))) {
                return Some(record.clone());
            }
        }
        let mut value = serde_json::to_value(record).ok()?;
        let mut changed = false;
        self.walk(&mut value, &mut changed);
        if !changed {
            return Some(record.clone());
        }
        serde_json::from_value(value).ok()
    }

    fn walk(&self, value: &mut serde_json::Value, changed: &mut bool) {
        match value {
            serde_json::Value::String(s) => {
                let scrubbed = self.text(s);
                if scrubbed != *s {
                    *s = scrubbed;
                    *changed = true;
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.walk(item, changed);
                }
            }
            serde_json::Value::Object(fields) => {
                for (_, item) in fields.iter_mut() {
                    self.walk(item, changed);
                }
            }
            _ => {}
        }
    }

    /// `change` with every record in it scrubbed and every summary too.
    pub fn change(&self, change: &Change) -> Change {
        match change {
            Change::Put(record) => Change::Put(self.record(record)),
            Change::Edit { record, based_on } => Change::Edit {
                record: self.record(record),
                based_on: *based_on,
            },
            Change::Delete(key) => Change::Delete(*key),
            Change::Batch { summary, changes } => Change::Batch {
                summary: self.text(summary),
                changes: changes.iter().map(|c| self.change(c)).collect(),
            },
            Change::Undo {
                of,
                summary,
                changes,
            } => Change::Undo {
                of: *of,
                summary: self.text(summary),
                changes: changes.iter().map(|c| self.change(c)).collect(),
            },
        }
    }

    /// A history entry as it must read once the people are erased: what it saved and what it
    /// replaced, both scrubbed. Who made the change and when stay.
    pub fn entry(&self, entry: &HistoryEntry) -> HistoryEntry {
        HistoryEntry {
            seq: entry.seq,
            at: entry.at,
            user: entry.user.clone(),
            change: self.change(&entry.change),
            before: entry
                .before
                .iter()
                .map(|(key, record)| (*key, record.as_ref().map(|r| self.record(r))))
                .collect(),
        }
    }
}

/// `text` in lower case char by char, as `replace_words` compares.
fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// `text` with every occurrence of `find` (compared without case) that is a whole word (no
/// letter or digit right before or after it) replaced by `put`.
pub fn replace_words(text: &str, find: &str, put: &str) -> String {
    let needle: Vec<char> = find.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return text.to_string();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(len) = match_at(&chars, i, &needle) {
            let before_ok = i == 0 || !chars[i - 1].1.is_alphanumeric();
            let after_ok = chars.get(i + len).is_none_or(|(_, c)| !c.is_alphanumeric());
            if before_ok && after_ok {
                out.push_str(put);
                i += len;
                continue;
            }
        }
        out.push(chars[i].1);
        i += 1;
    }
    out
}

/// How many chars of `chars` from `at` match `needle` (already lower case), if they all do.
fn match_at(chars: &[(usize, char)], at: usize, needle: &[char]) -> Option<usize> {
    let mut n = 0;
    let mut used = 0;
    while n < needle.len() {
        let (_, c) = chars.get(at + used)?;
        for lower in c.to_lowercase() {
            if needle.get(n) != Some(&lower) {
                return None;
            }
            n += 1;
        }
        used += 1;
    }
    Some(used)
}

/// The scrubbing for `erasures`, with every name and email each erased person's record held
/// anywhere in `history` (someone renamed is found under every name they had), except the
/// tombstone's own.
pub fn scrubbing_for(erasures: &[Erasure], history: &[HistoryEntry]) -> Scrubbing {
    let mut scrubbing = Scrubbing::default();
    let by_key: BTreeMap<RecordKey, Erasure> =
        erasures.iter().map(|e| (key_of(e.person), *e)).collect();
    for erasure in erasures {
        scrubbing
            .people
            .insert(key_of(erasure.person), erasure.number);
    }
    let mut found = |record: &Record| {
        let (name, email) = match record {
            Record::Participant(p) => (&p.name, &p.email),
            Record::QMember(q) => (&q.name, &q.email),
            _ => return,
        };
        if let Some(erasure) = by_key.get(&record.key()) {
            if *name != erasure.label() {
                scrubbing.add(*erasure, name, email);
            }
        }
    };
    for entry in history {
        for leaf in entry.change.leaves() {
            if let Change::Put(record) | Change::Edit { record, .. } = leaf {
                found(record);
            }
        }
        for record in entry.before.iter().filter_map(|(_, r)| r.as_ref()) {
            found(record);
        }
    }
    scrubbing
}
