//! Reading the database: single records, whole snapshots, the kept budget totals, sessions in
//! order of start, and history. Every read of several trees holds the store's read lock, so it
//! sees no half-applied change.

use super::layout::{self, Table};
use super::packed::Packed;
use super::{Scope, Store, StoreError, codec};
use crate::domain::budget::CohortBudget;
use crate::domain::budget::categories::Category;
use crate::domain::budget::{BudgetTotals, Expense};
use crate::domain::change::{Change, HistoryEntry, Record, RecordKey};
use crate::domain::ids::SessionId;
use crate::domain::learning_sets::LearningSets;
use crate::domain::mail::sent::SentMessage;
use crate::domain::mentoring::{MentoringMatch, PairRule};
use crate::domain::outcomes::SurveyAnswers;
use crate::domain::people::alumni::QLink;
use crate::domain::people::backups::BackupEntry;
use crate::domain::people::erasure::Erasure;
use crate::domain::people::{Organisation, Participant, Profession, QMember};
use crate::domain::programme::Cohort;
use crate::domain::sessions::series::Series;
use crate::domain::sessions::{Session, Venue};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDateTime;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::PoisonError;

impl Store {
    pub(super) fn read_value<T: DeserializeOwned>(
        &self,
        table: Table,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        let Some(bytes) = self.tree(table).get(key).map_err(self.sled_error("read"))? else {
            return Ok(None);
        };
        codec::decode(&bytes)
            .map(Some)
            .map_err(|e| StoreError::unreadable(&self.path, layout::describe(table, key), e))
    }

    /// Calls `each` with every value of `table`, decoded, in key order.
    pub(super) fn scan<T: DeserializeOwned>(
        &self,
        table: Table,
        mut each: impl FnMut(T),
    ) -> Result<(), StoreError> {
        for item in self.tree(table).iter() {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            let value = codec::decode(&bytes).map_err(|e| {
                StoreError::unreadable(&self.path, layout::describe(table, &key), e)
            })?;
            each(value);
        }
        Ok(())
    }

    /// Every value of `table`, decoded, by `key`, in a packed map (`Packed`).
    pub(super) fn read_map<K: Ord, T: DeserializeOwned>(
        &self,
        table: Table,
        key: impl Fn(&T) -> K,
    ) -> Result<BTreeMap<K, T>, StoreError> {
        let mut map = Packed::new();
        self.scan(table, |value: T| map.push(key(&value), value))?;
        Ok(map.finish())
    }

    /// With `Scope::WithoutExpenses`, `revisions` and `deletions` leave out the expenses' too.
    /// With `Scope::Expenses`, only the expenses, their revisions and deletions, the kept
    /// totals and `seq`.
    pub fn snapshot(&self, scope: Scope) -> Result<Snapshot, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        if scope == Scope::Expenses {
            return Ok(Snapshot {
                budget_totals: self.stored_totals()?,
                revisions: self.read_revisions(scope)?,
                deletions: self.read_revision_tree(Table::Deletions, scope)?,
                seq: self.last_seq()?,
                expenses: self.read_map(Table::Expenses, |r: &Expense| r.id)?,
                ..Snapshot::default()
            });
        }
        let mut s = Snapshot {
            programme: self
                .read_value(Table::Programme, &layout::locate(RecordKey::Programme).1)?,
            budget: self.read_value(Table::Budget, &layout::locate(RecordKey::Budget).1)?,
            numbering: self
                .read_value(Table::Numbering, &layout::locate(RecordKey::Numbering).1)?,
            settings: self.read_value(Table::Settings, &layout::locate(RecordKey::Settings).1)?,
            budget_totals: self.stored_totals()?,
            revisions: match scope {
                Scope::Summary => Default::default(),
                _ => self.read_revisions(scope)?,
            },
            deletions: match scope {
                Scope::Summary => Default::default(),
                _ => self.read_revision_tree(Table::Deletions, scope)?,
            },
            seq: self.last_seq()?,
            ..Snapshot::default()
        };
        s.cohorts = self.read_map(Table::Cohorts, |r: &Cohort| r.id)?;
        s.participants = self.read_map(Table::Participants, |r: &Participant| r.id)?;
        s.q_members = self.read_map(Table::QMembers, |r: &QMember| r.id)?;
        s.organisations = self.read_map(Table::Organisations, |r: &Organisation| r.id)?;
        s.professions = self.read_map(Table::Professions, |r: &Profession| r.id)?;
        s.matches = self.read_map(Table::Matches, |r: &MentoringMatch| r.id)?;
        s.pair_rules =
            self.read_map(Table::PairRules, |r: &PairRule| (r.participant, r.q_member))?;
        s.sessions = self.read_map(Table::Sessions, |r: &Session| r.id)?;
        s.venues = self.read_map(Table::Venues, |r: &Venue| r.id)?;
        s.series = self.read_map(Table::Series, |r: &Series| r.id)?;
        s.cohort_budgets = self.read_map(Table::CohortBudgets, |r: &CohortBudget| r.cohort)?;
        self.scan(Table::Categories, |r: Category| s.categories.put(r))?;
        s.backups = self.read_map(Table::Backups, |r: &BackupEntry| r.id)?;
        s.erasures = self.read_map(Table::Erasures, |r: &Erasure| r.number)?;
        s.q_links = self.read_map(Table::QLinks, |r: &QLink| r.participant)?;
        s.mail_sent = self.read_map(Table::MailSent, |r: &SentMessage| r.id)?;
        self.read_deleted_sessions(&mut s)?;
        s.surveys = self.read_map(Table::Surveys, |r: &SurveyAnswers| r.participant)?;
        s.learning_sets = self.read_map(Table::LearningSets, |r: &LearningSets| r.cohort)?;
        if scope == Scope::Everything {
            s.expenses = self.read_map(Table::Expenses, |r: &Expense| r.id)?;
        }
        if scope == Scope::Summary {
            self.read_watched_expenses(&mut s)?;
        }
        Ok(s)
    }

    /// Each deleted session that invitations went out for, as its deletion's history entry
    /// holds it: the cancellations owed are written from it. Only those few are read.
    fn read_deleted_sessions(&self, s: &mut Snapshot) -> Result<(), StoreError> {
        let deleted: Vec<(SessionId, u64)> = s
            .deletions
            .iter()
            .filter_map(|(key, revision)| match key {
                RecordKey::Session(id) if s.mailed_about(*id) => Some((*id, revision.seq)),
                _ => None,
            })
            .collect();
        for (id, seq) in deleted {
            let Some(entry) = self.history_entry(seq)? else {
                continue;
            };
            let leaves = entry.change.leaves();
            let old = leaves
                .iter()
                .zip(&entry.before)
                .rev()
                .find_map(|(leaf, (_, old))| match (leaf, old) {
                    (Change::Delete(RecordKey::Session(gone)), Some(Record::Session(session)))
                        if *gone == id =>
                    {
                        Some(session.clone())
                    }
                    _ => None,
                });
            if let Some(session) = old {
                s.deleted_sessions.insert(id, session);
            }
        }
        Ok(())
    }

    /// For a summary, which reads no expenses otherwise: the few a policy check flags, found
    /// through their index rather than by reading every expense. Estimates dated before today
    /// (the oldest first) and speaker travel claimed by Q members based in London, at most
    /// `WATCHED` of each, so a summary stays quick however much is wrong.
    fn read_watched_expenses(&self, s: &mut Snapshot) -> Result<(), StoreError> {
        const WATCHED: usize = 50;
        let today = chrono::Utc::now().with_timezone(&s.zone()).date_naive();
        let watch = self.tree(Table::ExpensesToWatch);
        let mut ids = Vec::new();
        // One more than is read, to know whether there are more.
        for (n, item) in watch
            .range(layout::estimates_start()..layout::estimates_before(today))
            .take(WATCHED + 1)
            .enumerate()
        {
            if n == WATCHED {
                s.more_to_look_at = true;
                break;
            }
            let (key, _) = item.map_err(self.sled_error("read"))?;
            ids.extend(layout::expense_in_watch_key(&key));
        }
        let london: Vec<u64> = s
            .q_members
            .values()
            .filter(|q| q.london_based)
            .map(|q| q.id.0)
            .collect();
        let mut claims = 0;
        'members: for q in london {
            let from = layout::speaker_travel_by(q);
            for item in watch
                .range(from.clone()..)
                .take_while(|item| item.as_ref().is_ok_and(|(key, _)| key.starts_with(&from)))
            {
                if claims == WATCHED {
                    s.more_to_look_at = true;
                    break 'members;
                }
                let (key, _) = item.map_err(self.sled_error("read"))?;
                ids.extend(layout::expense_in_watch_key(&key));
                claims += 1;
            }
        }
        for id in ids {
            let (table, key) = layout::locate(RecordKey::Expense(id));
            if let Some(expense) = self.read_value::<Expense>(table, &key)? {
                s.expenses.insert(expense.id, expense);
            }
        }
        Ok(())
    }

    pub(super) fn stored_totals(&self) -> Result<BudgetTotals, StoreError> {
        Ok(self
            .read_value(Table::Aggregates, layout::AGGREGATE_BUDGET)?
            .unwrap_or_default())
    }

    /// The running totals kept with every expense change; never reads the expenses.
    pub fn budget_totals(&self) -> Result<BudgetTotals, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        self.stored_totals()
    }

    /// Adds up every stored expense, to check the running totals against.
    pub fn recompute_budget_totals(&self) -> Result<BudgetTotals, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        let mut totals = BudgetTotals::default();
        self.scan(Table::Expenses, |e| totals.add(&e))?;
        Ok(totals)
    }

    /// Sessions with `from <= start < to`, earliest first (ties by id).
    pub fn sessions_starting_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Vec<Session>, StoreError> {
        let _reading = self.writing.read().unwrap_or_else(PoisonError::into_inner);
        let mut sessions = Vec::new();
        if to <= from {
            return Ok(sessions);
        }
        let range = layout::start_prefix(from)..layout::start_prefix(to);
        for item in self.tree(Table::SessionsByStart).range(range) {
            let (key, _) = item.map_err(self.sled_error("read"))?;
            let what = || layout::describe(Table::SessionsByStart, &key);
            let id = layout::session_in_start_key(&key).ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                what: what(),
                reason: "the key is too short".into(),
            })?;
            let session: Session = self
                .read_value(Table::Sessions, &layout::id_key(id.0))?
                .ok_or_else(|| StoreError::Corrupt {
                    path: self.path.clone(),
                    what: what(),
                    reason: format!("it points at session {id}, which is not stored"),
                })?;
            sessions.push(session);
        }
        Ok(sessions)
    }

    /// The latest `newest_first_limit` history entries, newest first.
    pub fn history(&self, newest_first_limit: usize) -> Result<Vec<HistoryEntry>, StoreError> {
        let items = self
            .tree(Table::History)
            .iter()
            .rev()
            .take(newest_first_limit);
        self.history_entries(items)
    }

    /// One history entry by its sequence number.
    pub fn history_entry(&self, seq: u64) -> Result<Option<HistoryEntry>, StoreError> {
        let key = layout::id_key(seq);
        let found = self.tree(Table::History).get(key).transpose();
        let items = found.map(|value| value.map(|bytes| (sled::IVec::from(&key[..]), bytes)));
        Ok(self.history_entries(items.into_iter())?.pop())
    }

    /// History entries after `seq`, oldest first: what a client that has seen up to `seq`
    /// missed.
    pub fn history_after(&self, seq: u64) -> Result<Vec<HistoryEntry>, StoreError> {
        let from = layout::id_key(seq.saturating_add(1));
        self.history_entries(self.tree(Table::History).range(from..))
    }

    fn history_entries(
        &self,
        items: impl Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut entries = Vec::new();
        for item in items {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            let entry = codec::decode(&bytes).map_err(|e| {
                StoreError::unreadable(&self.path, layout::describe(Table::History, &key), e)
            })?;
            entries.push(entry);
        }
        Ok(entries)
    }

    /// The sequence number of the latest change, 0 before the first.
    pub fn last_seq(&self) -> Result<u64, StoreError> {
        let Some(bytes) = self
            .tree(Table::Meta)
            .get(layout::META_SEQ)
            .map_err(self.sled_error("read"))?
        else {
            return Ok(0);
        };
        layout::seq_from(&bytes).map_err(|reason| StoreError::Corrupt {
            path: self.path.clone(),
            what: layout::describe(Table::Meta, layout::META_SEQ),
            reason,
        })
    }
}
