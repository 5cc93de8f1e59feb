//! A consistent, read-only picture of a whole programme: what panes draw from and what
//! summaries are computed over.

use super::budget::categories::Categories;
use super::budget::{Budget, BudgetTotals, CohortBudget, Expense};
use super::change::{Change, HistoryEntry, Record, RecordKey, Revision};
use super::identifiers::Numbering;
use super::ids::{
    CohortId, ExpenseId, MatchId, OrganisationId, ParticipantId, ProfessionId, QMemberId, SeriesId,
    SessionId, VenueId,
};
use super::learning_sets::LearningSets;
use super::mail::sent::{SentId, SentMessage};
use super::mentoring::{MentoringMatch, PairRule};
use super::outcomes::SurveyAnswers;
use super::people::alumni::QLink;
use super::people::backups::{BackupEntry, BackupId};
use super::people::erasure::Erasure;
use super::people::{Organisation, Participant, Profession, QMember};
use super::programme::{Cohort, Programme, ProgrammeSettings};
use super::sessions::series::Series;
use super::sessions::{Session, Venue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub programme: Option<Programme>,
    pub cohorts: BTreeMap<CohortId, Cohort>,
    pub participants: BTreeMap<ParticipantId, Participant>,
    pub q_members: BTreeMap<QMemberId, QMember>,
    pub organisations: BTreeMap<OrganisationId, Organisation>,
    pub professions: BTreeMap<ProfessionId, Profession>,
    pub matches: BTreeMap<MatchId, MentoringMatch>,
    pub pair_rules: BTreeMap<(ParticipantId, QMemberId), PairRule>,
    pub sessions: BTreeMap<SessionId, Session>,
    pub venues: BTreeMap<VenueId, Venue>,
    pub budget: Option<Budget>,
    pub expenses: BTreeMap<ExpenseId, Expense>,
    /// Sessions planned together as a series.
    pub series: BTreeMap<SeriesId, Series>,
    /// Each cohort's share of the allocations, where one is set.
    pub cohort_budgets: BTreeMap<CohortId, CohortBudget>,
    /// Totals per category and state; equal to the sums over `expenses` when those are loaded.
    pub budget_totals: BudgetTotals,
    /// The budget's categories: the starting six as the team keeps them, and any added.
    pub categories: Categories,
    /// Read for a summary only: there were more expenses to look at than the summary read, so
    /// its list of policy flags is not the whole of them.
    pub more_to_look_at: bool,
    /// The revision of each stored record, from the store or kept current with `apply_entry`.
    pub revisions: BTreeMap<RecordKey, Revision>,
    /// Who deleted each record that is gone, and when; kept current with `apply_entry`. An id
    /// found here is never given to a new record, and an edit of one is refused by name.
    pub deletions: BTreeMap<RecordKey, Revision>,
    /// The highest session and expense numbers given before the programme came to this
    /// database, where an import of `programme.toml` said so.
    pub numbering: Option<Numbering>,
    /// The team's settings, once someone has saved them; until then each person's
    /// configuration file (or its default) decides.
    pub settings: Option<ProgrammeSettings>,
    /// The backup register: every backup file written, by number.
    pub backups: BTreeMap<BackupId, BackupEntry>,
    /// Every erasure made, by number: whose records are tombstones.
    pub erasures: BTreeMap<u64, Erasure>,
    /// Alumni: each participant who joined Q linked to their Q member record, by participant.
    pub q_links: BTreeMap<ParticipantId, QLink>,
    /// The sent register: every message a mail server accepted, by number.
    pub mail_sent: BTreeMap<SentId, SentMessage>,
    /// Each deleted session someone was sent an invitation or update for, as it was when it
    /// was deleted (from its deletion's history entry): what the cancellations its invitees
    /// are owed are written from. Kept current with `apply_entry`.
    pub deleted_sessions: BTreeMap<SessionId, Session>,
    /// Outcomes survey answers, one record per participant who answered.
    pub surveys: BTreeMap<ParticipantId, SurveyAnswers>,
    /// Each cohort's learning sets, by cohort.
    pub learning_sets: BTreeMap<CohortId, LearningSets>,
    /// The sequence number of the last change this snapshot includes (0 before the first, or
    /// for a snapshot built in memory).
    pub seq: u64,
}

impl Snapshot {
    pub fn is_empty(&self) -> bool {
        self.programme.is_none() && self.participants.is_empty() && self.q_members.is_empty()
    }

    pub fn get(&self, key: RecordKey) -> Option<Record> {
        match key {
            RecordKey::Programme => self.programme.clone().map(Record::Programme),
            RecordKey::Cohort(id) => self.cohorts.get(&id).cloned().map(Record::Cohort),
            RecordKey::Participant(id) => {
                self.participants.get(&id).cloned().map(Record::Participant)
            }
            RecordKey::QMember(id) => self.q_members.get(&id).cloned().map(Record::QMember),
            RecordKey::Organisation(id) => self
                .organisations
                .get(&id)
                .cloned()
                .map(Record::Organisation),
            RecordKey::Profession(id) => self.professions.get(&id).cloned().map(Record::Profession),
            RecordKey::Match(id) => self.matches.get(&id).cloned().map(Record::Match),
            RecordKey::PairRule(p, q) => {
                self.pair_rules.get(&(p, q)).cloned().map(Record::PairRule)
            }
            RecordKey::Session(id) => self.sessions.get(&id).cloned().map(Record::Session),
            RecordKey::Venue(id) => self.venues.get(&id).cloned().map(Record::Venue),
            RecordKey::Budget => self.budget.clone().map(Record::Budget),
            RecordKey::Expense(id) => self.expenses.get(&id).cloned().map(Record::Expense),
            RecordKey::Series(id) => self.series.get(&id).cloned().map(Record::Series),
            RecordKey::CohortBudget(id) => self
                .cohort_budgets
                .get(&id)
                .cloned()
                .map(Record::CohortBudget),
            RecordKey::Category(id) => self.categories.stored(id).cloned().map(Record::Category),
            RecordKey::Numbering => self.numbering.map(Record::Numbering),
            RecordKey::Settings => self.settings.map(Record::Settings),
            RecordKey::Backup(id) => self.backups.get(&id).cloned().map(Record::Backup),
            RecordKey::Erasure(n) => self.erasures.get(&n).copied().map(Record::Erasure),
            RecordKey::QLink(id) => self.q_links.get(&id).copied().map(Record::QLink),
            RecordKey::MailSent(id) => self.mail_sent.get(&id).cloned().map(Record::MailSent),
            RecordKey::Survey(id) => self.surveys.get(&id).cloned().map(Record::Survey),
            RecordKey::LearningSets(id) => self
                .learning_sets
                .get(&id)
                .cloned()
                .map(Record::LearningSets),
        }
    }

    /// Applies a change in memory, exactly as the store applies it on disk.
    pub fn apply(&mut self, change: &Change) {
        for leaf in change.leaves() {
            match leaf {
                Change::Put(record) | Change::Edit { record, .. } => self.put(record.clone()),
                Change::Delete(key) => self.delete(*key),
                Change::Batch { .. } | Change::Undo { .. } => {}
            }
        }
    }

    /// Applies a change the store has accepted and records the revision it gave each record it
    /// touched, so the snapshot's revisions stay equal to the store's.
    pub fn apply_entry(&mut self, entry: &HistoryEntry) {
        self.apply(&entry.change);
        for (leaf, (_, old)) in entry.change.leaves().into_iter().zip(&entry.before) {
            match leaf {
                // In order: a record deleted and put again in one change is not deleted.
                Change::Put(record) | Change::Edit { record, .. } => {
                    self.deletions.remove(&record.key());
                    self.revisions.insert(record.key(), entry.revision());
                    if let Record::Session(session) = record {
                        self.deleted_sessions.remove(&session.id);
                    }
                }
                Change::Delete(key) => {
                    self.revisions.remove(key);
                    if old.is_some() {
                        self.deletions.insert(*key, entry.revision());
                    }
                    if let Some(Record::Session(session)) = old
                        && self.mailed_about(session.id)
                    {
                        self.deleted_sessions.insert(session.id, session.clone());
                    }
                }
                Change::Batch { .. } | Change::Undo { .. } => {}
            }
        }
        self.seq = self.seq.max(entry.seq);
    }

    /// Whether an invitation or update about `session` is in the sent register: its invitees'
    /// calendars may hold it.
    pub fn mailed_about(&self, session: SessionId) -> bool {
        use super::mail::MessageKey;
        self.mail_sent.values().any(|m| {
            matches!(m.key, MessageKey::Invitation { session: s, .. }
                | MessageKey::Update { session: s, .. } if s == session)
        })
    }

    /// The session `id`, or as it was when deleted if calendars may still hold it.
    pub fn session_or_deleted(&self, id: SessionId) -> Option<&Session> {
        self.sessions
            .get(&id)
            .or_else(|| self.deleted_sessions.get(&id))
    }

    /// The id for a new record of the kind `kind` makes (`RecordKey::Session` and so on, for
    /// the kinds numbered from 1): one more than the highest ever used, deleted records
    /// included, so an id is given once and never again (a calendar's UID or a journal's code
    /// made from it never names another record).
    pub fn next_id(&self, kind: fn(u64) -> RecordKey) -> u64 {
        let live = match kind(0) {
            RecordKey::Cohort(_) => last(&self.cohorts, |k| k.0),
            RecordKey::Participant(_) => last(&self.participants, |k| k.0),
            RecordKey::QMember(_) => last(&self.q_members, |k| k.0),
            RecordKey::Organisation(_) => last(&self.organisations, |k| k.0),
            RecordKey::Profession(_) => last(&self.professions, |k| k.0),
            RecordKey::Match(_) => last(&self.matches, |k| k.0),
            RecordKey::Session(_) => {
                last(&self.sessions, |k| k.0).max(self.numbering.map_or(0, |n| n.sessions))
            }
            RecordKey::Venue(_) => last(&self.venues, |k| k.0),
            RecordKey::Expense(_) => {
                last(&self.expenses, |k| k.0).max(self.numbering.map_or(0, |n| n.expenses))
            }
            RecordKey::Series(_) => last(&self.series, |k| k.0),
            RecordKey::Category(_) => self.categories.next_id().0.saturating_sub(1),
            RecordKey::Backup(_) => last(&self.backups, |k| k.0),
            RecordKey::Programme
            | RecordKey::Budget
            | RecordKey::PairRule(..)
            | RecordKey::CohortBudget(_)
            | RecordKey::Numbering
            | RecordKey::Settings => 0,
            RecordKey::Erasure(_) => last(&self.erasures, |k| k),
            RecordKey::QLink(_) | RecordKey::Survey(_) => 0,
            RecordKey::MailSent(_) => last(&self.mail_sent, |k| k.0),
            RecordKey::LearningSets(_) => 0,
        };
        let deleted = self
            .deletions
            .range(kind(0)..=kind(u64::MAX))
            .next_back()
            .and_then(|(key, _)| key.id())
            .unwrap_or(0);
        live.max(deleted).saturating_add(1)
    }

    /// Whether the id in `key` was ever given: to a record here or to one since deleted.
    pub fn id_used(&self, key: RecordKey) -> bool {
        self.get(key).is_some() || self.deletions.contains_key(&key)
    }

    pub fn put(&mut self, record: Record) {
        self.deletions.remove(&record.key());
        match record {
            Record::Programme(p) => self.programme = Some(p),
            Record::Cohort(c) => {
                self.cohorts.insert(c.id, c);
            }
            Record::Participant(p) => {
                self.participants.insert(p.id, p);
            }
            Record::QMember(q) => {
                self.q_members.insert(q.id, q);
            }
            Record::Organisation(o) => {
                self.organisations.insert(o.id, o);
            }
            Record::Profession(p) => {
                self.professions.insert(p.id, p);
            }
            Record::Match(m) => {
                self.matches.insert(m.id, m);
            }
            Record::PairRule(r) => {
                self.pair_rules.insert((r.participant, r.q_member), r);
            }
            Record::Session(s) => {
                self.sessions.insert(s.id, s);
            }
            Record::Venue(v) => {
                self.venues.insert(v.id, v);
            }
            Record::Budget(b) => self.budget = Some(b),
            Record::Expense(e) => {
                let before = self.expenses.insert(e.id, e.clone());
                self.budget_totals.replace(before.as_ref(), Some(&e));
            }
            Record::Series(s) => {
                self.series.insert(s.id, s);
            }
            Record::CohortBudget(b) => {
                self.cohort_budgets.insert(b.cohort, b);
            }
            Record::Category(c) => self.categories.put(c),
            Record::Numbering(n) => self.numbering = Some(n),
            Record::Settings(s) => self.settings = Some(s),
            Record::Backup(b) => {
                self.backups.insert(b.id, b);
            }
            Record::Erasure(e) => {
                self.erasures.insert(e.number, e);
            }
            Record::QLink(l) => {
                self.q_links.insert(l.participant, l);
            }
            Record::MailSent(m) => {
                self.mail_sent.insert(m.id, m);
            }
            Record::Survey(s) => {
                self.surveys.insert(s.participant, s);
            }
            Record::LearningSets(s) => {
                self.learning_sets.insert(s.cohort, s);
            }
        }
    }

    pub fn delete(&mut self, key: RecordKey) {
        match key {
            RecordKey::Programme => self.programme = None,
            RecordKey::Cohort(id) => {
                self.cohorts.remove(&id);
            }
            RecordKey::Participant(id) => {
                self.participants.remove(&id);
            }
            RecordKey::QMember(id) => {
                self.q_members.remove(&id);
            }
            RecordKey::Organisation(id) => {
                self.organisations.remove(&id);
            }
            RecordKey::Profession(id) => {
                self.professions.remove(&id);
            }
            RecordKey::Match(id) => {
                self.matches.remove(&id);
            }
            RecordKey::PairRule(p, q) => {
                self.pair_rules.remove(&(p, q));
            }
            RecordKey::Session(id) => {
                self.sessions.remove(&id);
            }
            RecordKey::Venue(id) => {
                self.venues.remove(&id);
            }
            RecordKey::Budget => self.budget = None,
            RecordKey::Expense(id) => {
                if let Some(before) = self.expenses.remove(&id) {
                    self.budget_totals.replace(Some(&before), None);
                }
            }
            RecordKey::Series(id) => {
                self.series.remove(&id);
            }
            RecordKey::CohortBudget(id) => {
                self.cohort_budgets.remove(&id);
            }
            RecordKey::Category(id) => self.categories.remove(id),
            RecordKey::Numbering => self.numbering = None,
            RecordKey::Settings => self.settings = None,
            RecordKey::Backup(id) => {
                self.backups.remove(&id);
            }
            RecordKey::Erasure(n) => {
                self.erasures.remove(&n);
            }
            RecordKey::QLink(id) => {
                self.q_links.remove(&id);
            }
            RecordKey::MailSent(id) => {
                self.mail_sent.remove(&id);
            }
            RecordKey::Survey(id) => {
                self.surveys.remove(&id);
            }
            RecordKey::LearningSets(id) => {
                self.learning_sets.remove(&id);
            }
        }
    }

    /// After how many weeks without a meeting a confirmed pair counts as dormant: the team's
    /// setting in the database, or `configured` (this person's config.toml, or its default)
    /// while the database holds none.
    pub fn dormant_pair_weeks(&self, configured: u32) -> u32 {
        self.settings.map_or(configured, |s| s.dormant_pair_weeks)
    }

    pub fn organisation_name(&self, id: OrganisationId) -> &str {
        self.organisations.get(&id).map_or("?", |o| o.name.as_str())
    }

    pub fn profession_name(&self, id: ProfessionId) -> &str {
        self.professions.get(&id).map_or("?", |p| p.name.as_str())
    }

    pub fn q_member_name(&self, id: QMemberId) -> &str {
        self.q_members.get(&id).map_or("?", |q| q.name.as_str())
    }

    pub fn participant_name(&self, id: ParticipantId) -> &str {
        self.participants.get(&id).map_or("?", |p| p.name.as_str())
    }

    pub fn venue_name(&self, id: VenueId) -> &str {
        self.venues.get(&id).map_or("?", |v| v.name.as_str())
    }

    pub fn cohort_name(&self, id: CohortId) -> &str {
        self.cohorts.get(&id).map_or("?", |c| c.name.as_str())
    }

    /// The Q members leading `session` who are still in the register, in the session's order:
    /// one deleted since is left out, never shown as "?".
    pub fn facilitators<'a>(&'a self, session: &'a Session) -> impl Iterator<Item = &'a QMember> {
        session
            .facilitators
            .iter()
            .filter_map(|q| self.q_members.get(q))
    }

    /// Where a session happens: its venue, or for a site visit with no venue, the host's
    /// organisation. `None` when nobody has said yet.
    pub fn session_place(&self, session: &Session) -> Option<String> {
        if let Some(venue) = session.venue {
            return Some(self.venue_name(venue).to_string());
        }
        session
            .host
            .and_then(|h| self.q_members.get(&h))
            .map(|host| format!("at {}", self.organisation_name(host.organisation)))
    }

    /// The programme's time zone: London unless the programme says otherwise.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.programme
            .as_ref()
            .map_or(chrono_tz::Europe::London, |p| {
                super::sessions::schedule::zone_named(&p.time_zone)
            })
    }

    /// The programme's attendance threshold for Q readiness, in percent.
    pub fn attendance_threshold(&self) -> u8 {
        self.programme
            .as_ref()
            .map_or(Programme::DEFAULT_ATTENDANCE_THRESHOLD, |p| {
                p.attendance_threshold_percent
            })
    }
}

/// The highest id in `map`, 0 when it is empty.
fn last<K: Copy, V>(map: &BTreeMap<K, V>, id: impl Fn(K) -> u64) -> u64 {
    map.keys().next_back().map_or(0, |k| id(*k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::people::pathway::PathwayStage;
    use chrono::{TimeZone, Utc};

    fn participant_key(id: u64) -> RecordKey {
        RecordKey::Participant(ParticipantId(id))
    }

    #[test]
    fn a_new_id_follows_the_highest_in_use() {
        let mut fixture = Fixture::new();
        fixture
            .participant(1, "Wren Hollis", Some(1), PathwayStage::Active)
            .participant(4, "Tobiah Marr", Some(1), PathwayStage::Active);
        assert_eq!(fixture.data.next_id(participant_key), 5);
        assert_eq!(Snapshot::default().next_id(participant_key), 1);
    }

    #[test]
    fn the_id_of_a_deleted_record_is_never_given_again() {
        let mut fixture = Fixture::new();
        fixture
            .participant(1, "Wren Hollis", Some(1), PathwayStage::Active)
            .participant(2, "Tobiah Marr", Some(1), PathwayStage::Active);
        let mut data = fixture.data;
        let removed = data.participants.get(&ParticipantId(2)).cloned();
        let entry = HistoryEntry {
            seq: 8,
            at: Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
            user: "ana".into(),
            change: Change::Delete(participant_key(2)),
            before: vec![(participant_key(2), removed.map(Record::Participant))],
        };
        data.apply_entry(&entry);
        assert_eq!(data.seq, 8);
        assert!(data.deletions.contains_key(&participant_key(2)));
        assert!(data.id_used(participant_key(2)));
        assert_eq!(data.next_id(participant_key), 3, "2 was given once already");
        // Other kinds are counted on their own.
        assert_eq!(data.next_id(|id| RecordKey::Session(SessionId(id))), 1);
    }
}
