//! Every mutation of a programme is a `Change` value: applied in one store transaction,
//! recorded in history with who made it and what it replaced.

use super::budget::categories::Category;
use super::budget::{Budget, CohortBudget, Expense};
use super::identifiers::Numbering;
use super::ids::{
    CategoryId, CohortId, ExpenseId, MatchId, OrganisationId, ParticipantId, ProfessionId,
    QMemberId, SeriesId, SessionId, VenueId,
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
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One stored thing. Variants are only ever appended: their order is part of the format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    Programme(Programme),
    Cohort(Cohort),
    Participant(Participant),
    QMember(QMember),
    Organisation(Organisation),
    Profession(Profession),
    Match(MentoringMatch),
    PairRule(PairRule),
    Session(Session),
    Venue(Venue),
    Budget(Budget),
    Expense(Expense),
    Series(Series),
    CohortBudget(CohortBudget),
    Category(Category),
    Numbering(Numbering),
    /// The team's settings beyond the programme record. Appended after `Numbering`.
    Settings(ProgrammeSettings),
    /// A backup file `improvers backup` wrote, in the backup register. Appended after
    /// `Settings`.
    Backup(BackupEntry),
    /// A person erased: their number and whose record is now a tombstone. Appended.
    Erasure(Erasure),
    /// A participant who joined Q linked to their Q member record, one person. Appended.
    QLink(QLink),
    /// A message a mail server accepted, in the sent register. Appended after `Erasure`.
    MailSent(SentMessage),
    /// One participant's outcomes survey answers. Appended after `MailSent`.
    Survey(SurveyAnswers),
    /// A cohort's learning sets, locks and pairs, one record a cohort. Appended after
    /// `Survey`.
    LearningSets(LearningSets),
}

/// Where a record lives. Variants are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RecordKey {
    Programme,
    Cohort(CohortId),
    Participant(ParticipantId),
    QMember(QMemberId),
    Organisation(OrganisationId),
    Profession(ProfessionId),
    Match(MatchId),
    PairRule(ParticipantId, QMemberId),
    Session(SessionId),
    Venue(VenueId),
    Budget,
    Expense(ExpenseId),
    Series(SeriesId),
    CohortBudget(CohortId),
    Category(CategoryId),
    Numbering,
    Settings,
    Backup(BackupId),
    /// An erasure, by its number. Appended.
    Erasure(u64),
    /// A participant's link to their Q member record, by the participant. Appended.
    QLink(ParticipantId),
    /// A sent message, by its number in the sent register. Appended.
    MailSent(SentId),
    /// A participant's outcomes survey answers, by the participant. Appended.
    Survey(ParticipantId),
    /// A cohort's learning sets, by cohort. Appended.
    LearningSets(CohortId),
}

impl Record {
    pub fn key(&self) -> RecordKey {
        match self {
            Record::Programme(_) => RecordKey::Programme,
            Record::Cohort(c) => RecordKey::Cohort(c.id),
            Record::Participant(p) => RecordKey::Participant(p.id),
            Record::QMember(q) => RecordKey::QMember(q.id),
            Record::Organisation(o) => RecordKey::Organisation(o.id),
            Record::Profession(p) => RecordKey::Profession(p.id),
            Record::Match(m) => RecordKey::Match(m.id),
            Record::PairRule(r) => RecordKey::PairRule(r.participant, r.q_member),
            Record::Session(s) => RecordKey::Session(s.id),
            Record::Venue(v) => RecordKey::Venue(v.id),
            Record::Budget(_) => RecordKey::Budget,
            Record::Expense(e) => RecordKey::Expense(e.id),
            Record::Series(s) => RecordKey::Series(s.id),
            Record::CohortBudget(b) => RecordKey::CohortBudget(b.cohort),
            Record::Category(c) => RecordKey::Category(c.id),
            Record::Numbering(_) => RecordKey::Numbering,
            Record::Settings(_) => RecordKey::Settings,
            Record::Backup(b) => RecordKey::Backup(b.id),
            Record::Erasure(e) => RecordKey::Erasure(e.number),
            Record::QLink(l) => RecordKey::QLink(l.participant),
            Record::MailSent(m) => RecordKey::MailSent(m.id),
            Record::Survey(s) => RecordKey::Survey(s.participant),
            Record::LearningSets(s) => RecordKey::LearningSets(s.cohort),
        }
    }
}

impl Record {
    /// The record's name or title where it has one: what a person knows it by.
    pub fn title(&self) -> Option<&str> {
        match self {
            Record::Programme(p) => Some(&p.name),
            Record::Cohort(c) => Some(&c.name),
            Record::Participant(p) => Some(&p.name),
            Record::QMember(q) => Some(&q.name),
            Record::Organisation(o) => Some(&o.name),
            Record::Profession(p) => Some(&p.name),
            Record::Session(s) => Some(&s.title),
            Record::Venue(v) => Some(&v.name),
            Record::Category(c) => Some(&c.name),
            Record::Match(_)
            | Record::PairRule(_)
            | Record::Budget(_)
            | Record::Expense(_)
            | Record::Series(_)
            | Record::CohortBudget(_)
            | Record::Numbering(_)
            | Record::Settings(_)
            | Record::Backup(_) => None,
            Record::Erasure(_) | Record::QLink(_) | Record::MailSent(_) | Record::Survey(_) => None,
            Record::LearningSets(_) => None,
        }
    }
}

impl RecordKey {
    /// The record's own number, for the kinds numbered one by one; `None` for the programme,
    /// the budget, a pair rule and a cohort's allocations, which are found by what they belong to.
    pub fn id(&self) -> Option<u64> {
        match self {
            RecordKey::Cohort(id) => Some(id.0),
            RecordKey::Participant(id) => Some(id.0),
            RecordKey::QMember(id) => Some(id.0),
            RecordKey::Organisation(id) => Some(id.0),
            RecordKey::Profession(id) => Some(id.0),
            RecordKey::Match(id) => Some(id.0),
            RecordKey::Session(id) => Some(id.0),
            RecordKey::Venue(id) => Some(id.0),
            RecordKey::Expense(id) => Some(id.0),
            RecordKey::Series(id) => Some(id.0),
            RecordKey::Category(id) => Some(id.0),
            RecordKey::Backup(id) => Some(id.0),
            RecordKey::Erasure(number) => Some(*number),
            RecordKey::MailSent(id) => Some(id.0),
            RecordKey::Programme
            | RecordKey::Budget
            | RecordKey::PairRule(..)
            | RecordKey::CohortBudget(_)
            | RecordKey::Numbering
            | RecordKey::Settings
            | RecordKey::QLink(_)
            | RecordKey::Survey(_) => None,
            RecordKey::LearningSets(_) => None,
        }
    }

    /// The kind of record, as a person would say it.
    pub fn noun(&self) -> &'static str {
        match self {
            RecordKey::Programme => "programme",
            RecordKey::Cohort(_) => "cohort",
            RecordKey::Participant(_) => "participant",
            RecordKey::QMember(_) => "Q member",
            RecordKey::Organisation(_) => "organisation",
            RecordKey::Profession(_) => "profession",
            RecordKey::Match(_) => "mentoring match",
            RecordKey::PairRule(..) => "pair rule",
            RecordKey::Session(_) => "session",
            RecordKey::Venue(_) => "venue",
            RecordKey::Budget => "budget",
            RecordKey::Expense(_) => "expense",
            RecordKey::Series(_) => "series of sessions",
            RecordKey::CohortBudget(_) => "cohort's allocations",
            RecordKey::Category(_) => "budget category",
            RecordKey::Numbering => "numbering",
            RecordKey::Settings => "programme settings",
            RecordKey::Backup(_) => "backup",
            RecordKey::Erasure(_) => "erasure",
            RecordKey::QLink(_) => "alumni link",
            RecordKey::MailSent(_) => "sent message",
            RecordKey::Survey(_) => "survey answers",
            RecordKey::LearningSets(_) => "learning sets",
        }
    }
}

/// Variants are only ever appended.
// A `Put` carries its record inline: changes are made one at a time or in import-sized batches,
// where a box per record would cost an allocation each and save little.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Creates or replaces a record.
    Put(Record),
    Delete(RecordKey),
    /// Several changes that stand or fall together, such as an import.
    Batch {
        summary: String,
        changes: Vec<Change>,
    },
    /// Puts `record`, but only if its stored revision is still `based_on` (`None`: only if it
    /// does not exist yet), so an edit made from an older copy never silently overwrites
    /// someone else's.
    Edit {
        record: Record,
        based_on: Option<u64>,
    },
    /// Puts things back as they were before history entry `of`. Kept apart from a batch so
    /// history knows what has been undone, and `u` can walk further back.
    Undo {
        of: u64,
        summary: String,
        changes: Vec<Change>,
    },
}

impl Change {
    /// A one-line description for history.
    pub fn summary(&self) -> String {
        match self {
            Change::Put(record) | Change::Edit { record, .. } => {
                format!("saved {}", record.key().noun())
            }
            Change::Delete(key) => format!("deleted {}", key.noun()),
            Change::Batch { summary, .. } => summary.clone(),
            Change::Undo { summary, .. } => format!("undid: {summary}"),
        }
    }

    /// Every put, edit and delete in the order they apply.
    pub fn leaves(&self) -> Vec<&Change> {
        let mut out = Vec::new();
        self.collect_leaves(&mut out);
        out
    }

    /// The key of every record the change puts, edits or deletes.
    pub fn keys(&self) -> Vec<RecordKey> {
        self.leaves()
            .into_iter()
            .filter_map(|leaf| match leaf {
                Change::Put(record) | Change::Edit { record, .. } => Some(record.key()),
                Change::Delete(key) => Some(*key),
                Change::Batch { .. } | Change::Undo { .. } => None,
            })
            .collect()
    }

    /// Whether the change does nothing but save records `kind` admits (and saves at least
    /// one): an entry in a register, such as the backup register or the sent register, which
    /// is never undone because what it records happened all the same.
    pub fn only_saves(&self, kind: impl Fn(&Record) -> bool) -> bool {
        let leaves = self.leaves();
        !leaves.is_empty()
            && leaves.iter().all(|leaf| match leaf {
                Change::Put(record) | Change::Edit { record, .. } => kind(record),
                Change::Delete(_) | Change::Batch { .. } | Change::Undo { .. } => false,
            })
    }

    fn collect_leaves<'a>(&'a self, out: &mut Vec<&'a Change>) {
        match self {
            Change::Batch { changes, .. } | Change::Undo { changes, .. } => {
                for c in changes {
                    c.collect_leaves(out);
                }
            }
            leaf => out.push(leaf),
        }
    }
}

/// The change that last saved a record: kept beside every stored record, so an edit made from
/// an older copy can be told apart and refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The history entry that saved it.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The Unix user who saved it.
    pub user: String,
}

impl HistoryEntry {
    /// The revision this entry gives every record it saves.
    pub fn revision(&self) -> Revision {
        Revision {
            seq: self.seq,
            at: self.at,
            user: self.user.clone(),
        }
    }
}

/// One applied change, as kept in history: enough to audit it and to undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The Unix user who made the change.
    pub user: String,
    pub change: Change,
    /// What each touched record was before, in the order touched (`None`: did not exist).
    pub before: Vec<(RecordKey, Option<Record>)>,
}
