//! Where things live on disk: the trees, how record keys become sortable bytes, and how a
//! tree and key are named in error messages.

use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::change::RecordKey;
use crate::domain::ids::{
    CategoryId, CohortId, ExpenseId, MatchId, OrganisationId, ParticipantId, ProfessionId,
    QMemberId, SeriesId, SessionId, VenueId,
};
use crate::domain::mail::sent::SentId;
use crate::domain::people::PersonRef;
use crate::domain::people::backups::BackupId;
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// One sled tree each. The discriminant is the tree's position in `Store`'s list of trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Programme,
    Cohorts,
    Participants,
    QMembers,
    Organisations,
    Professions,
    Matches,
    PairRules,
    Sessions,
    Venues,
    Budget,
    Expenses,
    Meta,
    History,
    Aggregates,
    SessionsByStart,
    /// The `Revision` of every stored record, under `revision_key`.
    Revisions,
    /// The `Revision` of the delete that removed a record, under `revision_key`: who to name
    /// when an edit of it arrives from an older copy.
    Deletions,
    /// Sessions planned together. Appended last: a tree's position is stored in revision keys.
    Series,
    /// Expenses a policy check may flag, so `status` can find them without reading every
    /// expense: estimates by date, and speaker travel by the Q member claiming it.
    ExpensesToWatch,
    /// Each cohort's share of the allocations. Appended: tree positions are stored in keys.
    CohortBudgets,
    /// The budget's categories as the team changed or added them. Appended, like the others.
    Categories,
    /// The numbers given before the programme moved to this database. Appended.
    Numbering,
    /// The team's settings (dormant-pair weeks). Appended.
    Settings,
    /// The backup register: every backup file written. Appended.
    Backups,
    /// Every erasure, by number: ids and numbers only. Appended.
    Erasures,
    /// Alumni links, participant ↔ Q member, by participant: ids and a date only. Appended.
    QLinks,
    /// The sent register: every message a mail server accepted. Appended.
    MailSent,
    /// Outcomes survey answers, one record per participant. Appended.
    Surveys,
    /// Each cohort's learning sets, by cohort: ids only. Appended.
    LearningSets,
}

impl Table {
    pub(crate) const ALL: [Table; 30] = [
        Table::Programme,
        Table::Cohorts,
        Table::Participants,
        Table::QMembers,
        Table::Organisations,
        Table::Professions,
        Table::Matches,
        Table::PairRules,
        Table::Sessions,
        Table::Venues,
        Table::Budget,
        Table::Expenses,
        Table::Meta,
        Table::History,
        Table::Aggregates,
        Table::SessionsByStart,
        Table::Revisions,
        Table::Deletions,
        Table::Series,
        Table::ExpensesToWatch,
        Table::CohortBudgets,
        Table::Categories,
        Table::Numbering,
        Table::Settings,
        Table::Backups,
        Table::Erasures,
        Table::QLinks,
        Table::MailSent,
        Table::Surveys,
        Table::LearningSets,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Programme => "programme",
            Table::Cohorts => "cohorts",
            Table::Participants => "participants",
            Table::QMembers => "q_members",
            Table::Organisations => "organisations",
            Table::Professions => "professions",
            Table::Matches => "matches",
            Table::PairRules => "pair_rules",
            Table::Sessions => "sessions",
            Table::Venues => "venues",
            Table::Budget => "budget",
            Table::Expenses => "expenses",
            Table::Meta => "meta",
            Table::History => "history",
            Table::Aggregates => "aggregates",
            Table::SessionsByStart => "sessions_by_start",
            Table::Revisions => "revisions",
            Table::Deletions => "deletions",
            Table::Series => "series",
            Table::ExpensesToWatch => "expenses_to_watch",
            Table::CohortBudgets => "cohort_budgets",
            Table::Categories => "categories",
            Table::Numbering => "numbering",
            Table::Settings => "settings",
            Table::Backups => "backups",
            Table::Erasures => "erasures",
            Table::QLinks => "q_links",
            Table::MailSent => "mail_sent",
            Table::Surveys => "surveys",
            Table::LearningSets => "learning_sets",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Whether the tree holds records (rather than settings, history or something derived
    /// from the records), so a backup copies it.
    pub(crate) fn holds_records(self) -> bool {
        !matches!(
            self,
            Table::Meta
                | Table::History
                | Table::Aggregates
                | Table::SessionsByStart
                | Table::Revisions
                | Table::Deletions
                | Table::ExpensesToWatch
        )
    }
}

/// The key of the one record in the `programme` and `budget` trees.
const SINGLE: &[u8] = b"the";

pub(crate) const META_FORMAT: &[u8] = b"format";
pub(crate) const META_SEQ: &[u8] = b"seq";
pub(crate) const AGGREGATE_BUDGET: &[u8] = b"budget_totals";
/// Set once the expenses-to-watch index holds every expense saved before it was kept.
pub(crate) const META_WATCH: &[u8] = b"expenses_to_watch";
/// Set once every record has its revision, including those saved before revisions were kept.
pub(crate) const META_REVISIONS: &[u8] = b"revisions";
/// Set by the change that erases a person, until the database has been rewritten into fresh
/// files without them: the next open finishes the rewrite if a crash cut it short.
pub(crate) const META_ERASING: &[u8] = b"erasing";

pub(crate) fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

pub(crate) fn locate(key: RecordKey) -> (Table, Vec<u8>) {
    match key {
        RecordKey::Programme => (Table::Programme, SINGLE.to_vec()),
        RecordKey::Cohort(id) => (Table::Cohorts, id_key(id.0).to_vec()),
        RecordKey::Participant(id) => (Table::Participants, id_key(id.0).to_vec()),
        RecordKey::QMember(id) => (Table::QMembers, id_key(id.0).to_vec()),
        RecordKey::Organisation(id) => (Table::Organisations, id_key(id.0).to_vec()),
        RecordKey::Profession(id) => (Table::Professions, id_key(id.0).to_vec()),
        RecordKey::Match(id) => (Table::Matches, id_key(id.0).to_vec()),
        RecordKey::PairRule(p, q) => {
            let mut bytes = id_key(p.0).to_vec();
            bytes.extend_from_slice(&id_key(q.0));
            (Table::PairRules, bytes)
        }
        RecordKey::Session(id) => (Table::Sessions, id_key(id.0).to_vec()),
        RecordKey::Venue(id) => (Table::Venues, id_key(id.0).to_vec()),
        RecordKey::Budget => (Table::Budget, SINGLE.to_vec()),
        RecordKey::Expense(id) => (Table::Expenses, id_key(id.0).to_vec()),
        RecordKey::Series(id) => (Table::Series, id_key(id.0).to_vec()),
        RecordKey::CohortBudget(id) => (Table::CohortBudgets, id_key(id.0).to_vec()),
        RecordKey::Category(id) => (Table::Categories, id_key(id.0).to_vec()),
        RecordKey::Numbering => (Table::Numbering, SINGLE.to_vec()),
        RecordKey::Settings => (Table::Settings, SINGLE.to_vec()),
        RecordKey::Backup(id) => (Table::Backups, id_key(id.0).to_vec()),
        RecordKey::Erasure(n) => (Table::Erasures, id_key(n).to_vec()),
        RecordKey::QLink(id) => (Table::QLinks, id_key(id.0).to_vec()),
        RecordKey::MailSent(id) => (Table::MailSent, id_key(id.0).to_vec()),
        RecordKey::Survey(id) => (Table::Surveys, id_key(id.0).to_vec()),
        RecordKey::LearningSets(id) => (Table::LearningSets, id_key(id.0).to_vec()),
    }
}

/// Reads the stored sequence number; the error says what was found instead.
pub(crate) fn seq_from(bytes: &[u8]) -> Result<u64, String> {
    read_u64(bytes).ok_or_else(|| format!("expected 8 bytes, found {}", bytes.len()))
}

fn read_u64(bytes: &[u8]) -> Option<u64> {
    bytes.try_into().ok().map(u64::from_be_bytes)
}

/// The record a key in an entity tree stands for; `None` for the other trees or a malformed key.
pub(crate) fn record_key(table: Table, key: &[u8]) -> Option<RecordKey> {
    let id = || read_u64(key);
    Some(match table {
        Table::Programme => RecordKey::Programme,
        Table::Cohorts => RecordKey::Cohort(CohortId(id()?)),
        Table::Participants => RecordKey::Participant(ParticipantId(id()?)),
        Table::QMembers => RecordKey::QMember(QMemberId(id()?)),
        Table::Organisations => RecordKey::Organisation(OrganisationId(id()?)),
        Table::Professions => RecordKey::Profession(ProfessionId(id()?)),
        Table::Matches => RecordKey::Match(MatchId(id()?)),
        Table::PairRules => {
            let (p, q) = (key.get(..8)?, key.get(8..)?);
            RecordKey::PairRule(ParticipantId(read_u64(p)?), QMemberId(read_u64(q)?))
        }
        Table::Sessions => RecordKey::Session(SessionId(id()?)),
        Table::Venues => RecordKey::Venue(VenueId(id()?)),
        Table::Budget => RecordKey::Budget,
        Table::Expenses => RecordKey::Expense(ExpenseId(id()?)),
        Table::Series => RecordKey::Series(SeriesId(id()?)),
        Table::CohortBudgets => RecordKey::CohortBudget(CohortId(id()?)),
        Table::Categories => RecordKey::Category(CategoryId(id()?)),
        Table::Numbering => RecordKey::Numbering,
        Table::Settings => RecordKey::Settings,
        Table::Backups => RecordKey::Backup(BackupId(id()?)),
        Table::Erasures => RecordKey::Erasure(id()?),
        Table::QLinks => RecordKey::QLink(ParticipantId(id()?)),
        Table::MailSent => RecordKey::MailSent(SentId(id()?)),
        Table::Surveys => RecordKey::Survey(ParticipantId(id()?)),
        Table::LearningSets => RecordKey::LearningSets(CohortId(id()?)),
        Table::Meta
        | Table::History
        | Table::Aggregates
        | Table::SessionsByStart
        | Table::Revisions
        | Table::Deletions
        | Table::ExpensesToWatch => return None,
    })
}

/// A record's key in the revisions and deletions trees: the position of its own tree, then its
/// key there, so one tree can hold every kind and a kind can be scanned by its prefix.
pub(crate) fn revision_key(key: RecordKey) -> Vec<u8> {
    let (table, bytes) = locate(key);
    let mut out = Vec::with_capacity(1 + bytes.len());
    out.push(table_byte(table));
    out.extend_from_slice(&bytes);
    out
}

/// The first byte of every `revision_key` for records of `table`.
pub(crate) fn table_byte(table: Table) -> u8 {
    // There are fewer than 256 trees.
    table.index() as u8
}

/// The record a `revision_key` stands for; `None` for a malformed key.
pub(crate) fn record_of_revision_key(key: &[u8]) -> Option<RecordKey> {
    let (&table, rest) = key.split_first()?;
    record_key(*Table::ALL.get(usize::from(table))?, rest)
}

/// "participant 17", "pair rule for participant 3 and Q member 9", "programme".
pub(crate) fn describe_record(key: RecordKey) -> String {
    let noun = key.noun();
    match key {
        RecordKey::Programme | RecordKey::Budget | RecordKey::Numbering | RecordKey::Settings => {
            noun.to_string()
        }
        RecordKey::Cohort(id) => format!("{noun} {id}"),
        RecordKey::Participant(id) => format!("{noun} {id}"),
        RecordKey::QMember(id) => format!("{noun} {id}"),
        RecordKey::Organisation(id) => format!("{noun} {id}"),
        RecordKey::Profession(id) => format!("{noun} {id}"),
        RecordKey::Match(id) => format!("{noun} {id}"),
        RecordKey::PairRule(p, q) => format!("{noun} for participant {p} and Q member {q}"),
        RecordKey::Session(id) => format!("{noun} {id}"),
        RecordKey::Venue(id) => format!("{noun} {id}"),
        RecordKey::Expense(id) => format!("{noun} {id}"),
        RecordKey::Series(id) => format!("{noun} {id}"),
        RecordKey::CohortBudget(id) => format!("{noun} for cohort {id}"),
        RecordKey::Category(id) => format!("{noun} {}", id.0),
        RecordKey::Backup(id) => format!("{noun} {id}"),
        RecordKey::Erasure(n) => format!("{noun} {n}"),
        RecordKey::QLink(id) => format!("{noun} for participant {id}"),
        RecordKey::MailSent(id) => format!("{noun} {id}"),
        RecordKey::Survey(id) => format!("{noun} of participant {id}"),
        RecordKey::LearningSets(id) => format!("{noun} of cohort {id}"),
    }
}

/// What a value in `table` under `key` is, for error messages: "record participant 17".
pub(crate) fn describe(table: Table, key: &[u8]) -> String {
    if let Some(record) = record_key(table, key) {
        return format!("record {}", describe_record(record));
    }
    match table {
        Table::History => match read_u64(key) {
            Some(seq) => format!("history entry {seq}"),
            None => format!("history entry with key {}", hex(key)),
        },
        Table::Aggregates => format!("aggregate {}", String::from_utf8_lossy(key)),
        Table::Meta => format!("setting {}", String::from_utf8_lossy(key)),
        Table::SessionsByStart => format!("session index entry {}", hex(key)),
        Table::Revisions | Table::Deletions => match record_of_revision_key(key) {
            Some(record) => format!(
                "{} of record {}",
                if table == Table::Revisions {
                    "revision"
                } else {
                    "deletion"
                },
                describe_record(record)
            ),
            None => format!("{} entry with key {}", table.name(), hex(key)),
        },
        _ => format!("{} entry with key {}", table.name(), hex(key)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const WATCH_ESTIMATE: u8 = 1;
const WATCH_SPEAKER_TRAVEL: u8 = 2;

/// The keys under which `expense` is watched: an estimate by its date, speaker travel by the
/// Q member claiming it. Most expenses have none.
pub(crate) fn watch_keys(expense: &Expense) -> Vec<Vec<u8>> {
    let mut keys = Vec::new();
    if expense.state == ExpenseState::Estimate {
        let mut key = vec![WATCH_ESTIMATE];
        key.extend_from_slice(&day_key(expense.date));
        key.extend_from_slice(&id_key(expense.id.0));
        keys.push(key);
    }
    if let (CategoryId::SPEAKER_TRAVEL, Some(PersonRef::QMember(q)), false) = (
        expense.category,
        expense.person,
        expense.state == ExpenseState::Cancelled,
    ) {
        let mut key = vec![WATCH_SPEAKER_TRAVEL];
        key.extend_from_slice(&id_key(q.0));
        key.extend_from_slice(&id_key(expense.id.0));
        keys.push(key);
    }
    keys
}

/// Days as a big-endian number with the sign flipped, so keys sort like the dates.
fn day_key(day: NaiveDate) -> [u8; 4] {
    ((day.num_days_from_ce() as u32) ^ (1 << 31)).to_be_bytes()
}

/// Every estimate dated before `day` sorts below this key.
pub(crate) fn estimates_before(day: NaiveDate) -> Vec<u8> {
    let mut key = vec![WATCH_ESTIMATE];
    key.extend_from_slice(&day_key(day));
    key
}

/// Every estimate key sorts at or above this one.
pub(crate) fn estimates_start() -> Vec<u8> {
    vec![WATCH_ESTIMATE]
}

/// The prefix of every speaker-travel key for Q member `q`.
pub(crate) fn speaker_travel_by(q: u64) -> Vec<u8> {
    let mut key = vec![WATCH_SPEAKER_TRAVEL];
    key.extend_from_slice(&id_key(q));
    key
}

/// The expense a watch key points at.
pub(crate) fn expense_in_watch_key(key: &[u8]) -> Option<ExpenseId> {
    key.len()
        .checked_sub(8)
        .and_then(|at| read_u64(&key[at..]))
        .map(ExpenseId)
}

/// Sorts by start, then by session id: seconds since the epoch as a big-endian i64 with the
/// sign bit flipped (so negative times sort first), the nanoseconds, then the id.
pub(crate) fn start_key(start: NaiveDateTime, id: SessionId) -> Vec<u8> {
    let mut bytes = start_prefix(start);
    bytes.extend_from_slice(&id_key(id.0));
    bytes
}

/// The part of `start_key` that depends only on the time: every key for a session starting at
/// or after `start` is greater than or equal to it.
pub(crate) fn start_prefix(start: NaiveDateTime) -> Vec<u8> {
    let utc = start.and_utc();
    let secs = (utc.timestamp() as u64) ^ (1 << 63);
    let mut bytes = secs.to_be_bytes().to_vec();
    bytes.extend_from_slice(&utc.timestamp_subsec_nanos().to_be_bytes());
    bytes
}

/// The start and session an index key was made from; `None` for a key `start_key` cannot
/// have written.
pub(crate) fn read_start_key(key: &[u8]) -> Option<(NaiveDateTime, SessionId)> {
    if key.len() != 20 {
        return None;
    }
    let secs = read_u64(&key[..8])? ^ (1 << 63);
    let nanos = u32::from_be_bytes(key[8..12].try_into().ok()?);
    let start = chrono::DateTime::from_timestamp(secs as i64, nanos)?.naive_utc();
    Some((start, SessionId(read_u64(&key[12..])?)))
}

/// The session an index key points at.
pub(crate) fn session_in_start_key(key: &[u8]) -> Option<SessionId> {
    key.len()
        .checked_sub(8)
        .and_then(|at| read_u64(&key[at..]))
        .map(SessionId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_copy_exactly_the_trees_that_hold_records() {
        for table in Table::ALL {
            let names_records =
                record_key(table, &[0; 8]).is_some() || record_key(table, &[0; 16]).is_some();
            assert_eq!(table.holds_records(), names_records, "{}", table.name());
        }
    }
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn start_keys_sort_like_the_times_even_before_1970() {
        let times = [
            at(1900, 1, 1, 0),
            at(1969, 12, 31, 23),
            at(1970, 1, 1, 0),
            at(2026, 3, 29, 10),
        ];
        let keys: Vec<_> = times
            .iter()
            .map(|t| start_key(*t, SessionId(u64::MAX)))
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(start_prefix(times[3]) <= start_key(times[3], SessionId(0)));
    }

    #[test]
    fn keys_read_back_as_the_records_they_locate() {
        let keys = [
            RecordKey::Programme,
            RecordKey::PairRule(ParticipantId(3), QMemberId(9)),
            RecordKey::Expense(ExpenseId(u64::MAX)),
            RecordKey::Budget,
        ];
        for key in keys {
            let (table, bytes) = locate(key);
            assert_eq!(record_key(table, &bytes), Some(key));
        }
        assert_eq!(
            describe(Table::PairRules, &locate(keys[1]).1),
            "record pair rule for participant 3 and Q member 9"
        );
        for key in keys {
            assert_eq!(record_of_revision_key(&revision_key(key)), Some(key));
        }
        assert_eq!(
            describe(Table::Revisions, &revision_key(keys[2])),
            format!("revision of record expense {}", u64::MAX)
        );
        assert_eq!(
            session_in_start_key(&start_key(at(2026, 1, 1, 9), SessionId(42))),
            Some(SessionId(42))
        );
        for t in [at(1900, 1, 1, 0), at(2026, 3, 29, 1)] {
            assert_eq!(
                read_start_key(&start_key(t, SessionId(7))),
                Some((t, SessionId(7)))
            );
        }
        assert_eq!(read_start_key(&[0; 19]), None);
    }
}
