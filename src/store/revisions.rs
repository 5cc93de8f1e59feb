//! Reading revisions back, and giving records saved before revisions were kept the revision
//! their history says they have.

use super::layout::{self, Table};
use super::packed::Packed;
use super::{Scope, Store, StoreError, codec};
use crate::domain::change::{Change, HistoryEntry, RecordKey, Revision};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use std::collections::BTreeMap;

/// The live revisions and the deletions that a run of history leaves, replayed in seq order.
#[derive(Debug, Default)]
pub(crate) struct Replayed {
    pub revisions: BTreeMap<RecordKey, Revision>,
    pub deletions: BTreeMap<RecordKey, Revision>,
}

impl Replayed {
    pub(crate) fn follow(&mut self, entry: &HistoryEntry) {
        for (leaf, (_, old)) in entry.change.leaves().into_iter().zip(&entry.before) {
            match leaf {
                Change::Put(record) | Change::Edit { record, .. } => {
                    let key = record.key();
                    self.deletions.remove(&key);
                    self.revisions.insert(key, entry.revision());
                }
                Change::Delete(key) => {
                    self.revisions.remove(key);
                    if old.is_some() {
                        self.deletions.insert(*key, entry.revision());
                    }
                }
                Change::Batch { .. } | Change::Undo { .. } => {}
            }
        }
    }
}

impl Store {
    /// Every record's revision; expenses' only when `scope` loads the expenses, and only
    /// theirs with `Scope::Expenses`.
    pub(super) fn read_revisions(
        &self,
        scope: Scope,
    ) -> Result<BTreeMap<RecordKey, Revision>, StoreError> {
        self.read_revision_tree(Table::Revisions, scope)
    }

    pub(super) fn read_revision_tree(
        &self,
        table: Table,
        scope: Scope,
    ) -> Result<BTreeMap<RecordKey, Revision>, StoreError> {
        let tree = self.tree(table);
        let expenses = layout::table_byte(Table::Expenses);
        let items: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = match scope {
            Scope::Everything => Box::new(tree.iter()),
            Scope::WithoutExpenses | Scope::Summary => Box::new(
                tree.range(..vec![expenses])
                    .chain(tree.range(vec![expenses + 1]..)),
            ),
            Scope::Expenses => Box::new(tree.range(vec![expenses]..vec![expenses + 1])),
        };
        let mut out = Packed::new();
        for item in items {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            let what = || layout::describe(table, &key);
            let record =
                layout::record_of_revision_key(&key).ok_or_else(|| StoreError::Corrupt {
                    path: self.path.clone(),
                    what: what(),
                    reason: "the key names no record".into(),
                })?;
            let revision =
                codec::decode(&bytes).map_err(|e| StoreError::unreadable(&self.path, what(), e))?;
            out.push(record, revision);
        }
        Ok(out.finish())
    }

    /// A database from before revisions were kept gets them from its history, once.
    pub(super) fn backfill_revisions(&self) -> Result<(), StoreError> {
        let meta = self.tree(Table::Meta);
        if meta
            .get(layout::META_REVISIONS)
            .map_err(self.sled_error("read"))?
            .is_some()
        {
            return Ok(());
        }
        let mut replayed = Replayed::default();
        for item in self.tree(Table::History).iter() {
            let (key, bytes) = item.map_err(self.sled_error("read"))?;
            let entry: HistoryEntry = codec::decode(&bytes).map_err(|e| {
                StoreError::unreadable(&self.path, layout::describe(Table::History, &key), e)
            })?;
            replayed.follow(&entry);
        }
        let mut encoded = Vec::new();
        for (table, map) in [
            (Table::Revisions, &replayed.revisions),
            (Table::Deletions, &replayed.deletions),
        ] {
            for (key, revision) in map {
                let what = || layout::describe(table, &layout::revision_key(*key));
                let value = codec::encode(revision)
                    .map_err(|e| StoreError::unencodable(&self.path, what(), e))?;
                encoded.push((table, layout::revision_key(*key), value));
            }
        }
        let trees = (
            self.tree(Table::Revisions),
            self.tree(Table::Deletions),
            self.tree(Table::Meta),
        );
        let result = trees.transaction(|(revisions, deletions, meta)| {
            for (table, key, value) in &encoded {
                let tree = if *table == Table::Revisions {
                    revisions
                } else {
                    deletions
                };
                tree.insert(key.as_slice(), value.as_slice())?;
            }
            meta.insert(layout::META_REVISIONS, &[1u8])?;
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(self.sled_error("write to")(e)),
        }
        self.flush()
    }
}
