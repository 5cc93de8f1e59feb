//! Applying one `Change` inside a sled transaction: the records, the history entry that can
//! undo it, the revisions, the budget totals and the sessions-by-start index, all or nothing.

use super::codec;
use super::error::StoreError;
use super::layout::{self, Table};
use super::records;
use crate::domain::budget::{BudgetTotals, Expense};
use crate::domain::change::{Change, HistoryEntry, Record, RecordKey, Revision};
use crate::domain::{freshness, undo};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use std::path::Path;

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

/// The transactional views of every tree, in `Table::ALL` order.
pub(crate) struct Views<'a> {
    pub trees: &'a [TransactionalTree],
    pub path: &'a Path,
}

impl Views<'_> {
    fn tree(&self, table: Table) -> &TransactionalTree {
        &self.trees[table.index()]
    }

    fn decode<T: DeserializeOwned>(&self, table: Table, key: &[u8], bytes: &[u8]) -> TxResult<T> {
        codec::decode(bytes).map_err(|e| {
            abort(StoreError::unreadable(
                self.path,
                layout::describe(table, key),
                e,
            ))
        })
    }

    fn encode<T: serde::Serialize>(
        &self,
        what: impl FnOnce() -> String,
        value: &T,
    ) -> TxResult<Vec<u8>> {
        codec::encode(value).map_err(|e| abort(StoreError::unencodable(self.path, what(), e)))
    }

    /// Applies `change` and records it as history entry `last seq + 1`, which it returns.
    pub(crate) fn apply(&self, change: &Change, user: &str, at: DateTime<Utc>) -> TxResult<u64> {
        let seq = self.last_seq()? + 1;
        if let Change::Undo { of, .. } = change {
            self.check_undoable(*of)?;
        }
        // Loaded on the first expense and written once at the end: a large import touches it
        // 100,000 times and should not decode and encode it each time.
        let mut totals: Option<BudgetTotals> = None;
        let leaves = change.leaves();
        let mut before = Vec::with_capacity(leaves.len());
        let revision = Revision {
            seq,
            at,
            user: user.to_string(),
        };
        let revision = self.encode(|| format!("the revision of history entry {seq}"), &revision)?;
        for leaf in leaves {
            let (key, old) = match leaf {
                Change::Put(record) => self.put(record, &revision, &mut totals)?,
                Change::Edit { record, based_on } => {
                    self.check_fresh(record, *based_on)?;
                    self.put(record, &revision, &mut totals)?
                }
                Change::Delete(key) => {
                    let (table, bytes) = layout::locate(*key);
                    let old = self.tree(table).remove(bytes.as_slice())?;
                    let old = self.decode_record(*key, old.as_deref())?;
                    self.follow(&mut totals, old.as_ref(), None)?;
                    let revision_key = layout::revision_key(*key);
                    self.tree(Table::Revisions)
                        .remove(revision_key.as_slice())?;
                    if old.is_some() {
                        self.tree(Table::Deletions)
                            .insert(revision_key, revision.as_slice())?;
                    }
                    (*key, old)
                }
                // `leaves` never yields a batch or an undo, only what they hold.
                Change::Batch { .. } | Change::Undo { .. } => continue,
            };
            before.push((key, old));
        }
        if let Some(totals) = totals {
            let value = self.encode(|| "the budget totals".into(), &totals)?;
            self.tree(Table::Aggregates)
                .insert(layout::AGGREGATE_BUDGET, value)?;
        }
        if crate::domain::people::erasure::is_erasure(change) {
            self.tree(Table::Meta)
                .insert(layout::META_ERASING, &[1u8])?;
        }
        let entry = HistoryEntry {
            seq,
            at,
            user: user.to_string(),
            change: change.clone(),
            before,
        };
        let value = self.encode(|| format!("history entry {seq}"), &entry)?;
        self.tree(Table::History)
            .insert(&layout::id_key(seq), value)?;
        self.tree(Table::Meta)
            .insert(layout::META_SEQ, &layout::id_key(seq))?;
        Ok(seq)
    }

    /// Saves `record` with `revision` (encoded); returns its key and what it replaced.
    fn put(
        &self,
        record: &Record,
        revision: &[u8],
        totals: &mut Option<BudgetTotals>,
    ) -> TxResult<(RecordKey, Option<Record>)> {
        let key = record.key();
        let (table, bytes) = layout::locate(key);
        let value = records::encode_record(record).map_err(|e| {
            abort(StoreError::unencodable(
                self.path,
                layout::describe(table, &bytes),
                e,
            ))
        })?;
        let old = self.tree(table).insert(bytes.as_slice(), value)?;
        let old = self.decode_record(key, old.as_deref())?;
        self.follow(totals, old.as_ref(), Some(record))?;
        let revision_key = layout::revision_key(key);
        self.tree(Table::Revisions)
            .insert(revision_key.as_slice(), revision)?;
        // Only a record that was not there can have been deleted; looking first keeps a large
        // import from writing 100,000 removals of nothing.
        let deletions = self.tree(Table::Deletions);
        if old.is_none() && deletions.get(revision_key.as_slice())?.is_some() {
            deletions.remove(revision_key)?;
        }
        Ok((key, old))
    }

    /// Refuses an edit unless the record's stored revision is still the one it was made from.
    /// Inside a batch this sees the batch's own earlier writes.
    fn check_fresh(&self, record: &Record, based_on: Option<u64>) -> TxResult<()> {
        let key = layout::revision_key(record.key());
        let current = self.revision(Table::Revisions, &key)?;
        if current.as_ref().map(|r| r.seq) == based_on {
            return Ok(());
        }
        let what = stale_what(record);
        let err = match current {
            // Someone else added a record under the id this change picked for a new one: the
            // change can be made again with a fresh id, and the client does that.
            Some(r) if based_on.is_none() => StoreError::Taken {
                what,
                by: r.user,
                at: r.at,
            },
            Some(r) => StoreError::Stale {
                what,
                by: r.user,
                at: r.at,
                deleted: false,
            },
            None => match self.revision(Table::Deletions, &key)? {
                Some(r) => StoreError::Stale {
                    what,
                    by: r.user,
                    at: r.at,
                    deleted: true,
                },
                None => StoreError::Vanished { what },
            },
        };
        Err(abort(err))
    }

    /// Refuses to undo history entry `of` unless every record it touched is still as it left
    /// it. The stored record is compared, not its revision: undoing a later change puts a
    /// record back as this entry left it, under a newer revision, and that must not stop this
    /// entry being undone in turn.
    fn check_undoable(&self, of: u64) -> TxResult<()> {
        let key = layout::id_key(of);
        let Some(bytes) = self.tree(Table::History).get(key)? else {
            return Err(abort(StoreError::Corrupt {
                path: self.path.to_path_buf(),
                what: layout::describe(Table::History, &key),
                reason: "the change to undo is not in the history".into(),
            }));
        };
        let entry: HistoryEntry = self.decode(Table::History, &key, &bytes)?;
        for (key, left) in undo::left_by(&entry) {
            let (table, bytes) = layout::locate(key);
            let stored = self.tree(table).get(bytes.as_slice())?;
            let stored = self.decode_record(key, stored.as_deref())?;
            if stored.as_ref() == left {
                continue;
            }
            let revision_key = layout::revision_key(key);
            let (by, deleted) = match self.revision(Table::Revisions, &revision_key)? {
                Some(r) => (Some(r), false),
                None => (self.revision(Table::Deletions, &revision_key)?, true),
            };
            let record = stored.as_ref().or(left);
            return Err(abort(StoreError::ChangedAfter {
                of,
                blocked: Box::new(undo::Blocked {
                    key,
                    what: freshness::describe(key, record),
                    by: by
                        .as_ref()
                        .map_or_else(|| "someone".into(), |r| r.user.clone()),
                    at: by.map_or(entry.at, |r| r.at),
                    deleted,
                }),
            }));
        }
        Ok(())
    }

    fn revision(&self, table: Table, key: &[u8]) -> TxResult<Option<Revision>> {
        match self.tree(table).get(key)? {
            None => Ok(None),
            Some(bytes) => self.decode(table, key, &bytes).map(Some),
        }
    }

    fn last_seq(&self) -> TxResult<u64> {
        let Some(bytes) = self.tree(Table::Meta).get(layout::META_SEQ)? else {
            return Ok(0);
        };
        layout::seq_from(&bytes).map_err(|reason| {
            abort(StoreError::Corrupt {
                path: self.path.to_path_buf(),
                what: layout::describe(Table::Meta, layout::META_SEQ),
                reason,
            })
        })
    }

    fn decode_record(&self, key: RecordKey, bytes: Option<&[u8]>) -> TxResult<Option<Record>> {
        let Some(bytes) = bytes else { return Ok(None) };
        records::decode_record(key, bytes).map(Some).map_err(|e| {
            let (table, k) = layout::locate(key);
            abort(StoreError::unreadable(
                self.path,
                layout::describe(table, &k),
                e,
            ))
        })
    }

    /// Keeps the derived trees in step with one record going from `old` to `new`.
    fn follow(
        &self,
        totals: &mut Option<BudgetTotals>,
        old: Option<&Record>,
        new: Option<&Record>,
    ) -> TxResult<()> {
        let (old_expense, new_expense) = (expense_in(old), expense_in(new));
        if old_expense.is_some() || new_expense.is_some() {
            let totals = match totals {
                Some(totals) => totals,
                None => totals.insert(self.stored_totals()?),
            };
            totals.replace(old_expense, new_expense);
            let watch = self.tree(Table::ExpensesToWatch);
            for key in old_expense.map(layout::watch_keys).unwrap_or_default() {
                watch.remove(key)?;
            }
            for key in new_expense.map(layout::watch_keys).unwrap_or_default() {
                watch.insert(key, &[] as &[u8])?;
            }
        }
        let index = self.tree(Table::SessionsByStart);
        if let Some(Record::Session(s)) = old {
            index.remove(layout::start_key(s.start, s.id))?;
        }
        if let Some(Record::Session(s)) = new {
            index.insert(layout::start_key(s.start, s.id), &[] as &[u8])?;
        }
        Ok(())
    }

    fn stored_totals(&self) -> TxResult<BudgetTotals> {
        match self.tree(Table::Aggregates).get(layout::AGGREGATE_BUDGET)? {
            None => Ok(BudgetTotals::default()),
            Some(bytes) => self.decode(Table::Aggregates, layout::AGGREGATE_BUDGET, &bytes),
        }
    }
}

/// The record a refused change was for, as the person knows it: "participant Ada Okafor"
/// where it has a name or title, an expense by whom it is to and its date (its number is shown
/// nowhere), else by its kind and number ("match 12").
fn stale_what(record: &Record) -> String {
    match record {
        Record::Expense(e) => {
            let to = if e.payee.is_empty() {
                &e.description
            } else {
                &e.payee
            };
            format!("the expense to {to} of {}", e.date.format("%-d %b %Y"))
        }
        _ => match record.title() {
            Some(title) => format!("{} {title}", record.key().noun()),
            None => layout::describe_record(record.key()),
        },
    }
}

fn expense_in(record: Option<&Record>) -> Option<&Expense> {
    match record {
        Some(Record::Expense(e)) => Some(e),
        _ => None,
    }
}
