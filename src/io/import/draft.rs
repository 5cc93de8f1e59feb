//! The programme as it will be once the files read so far are imported: lookups by natural key
//! (email, name, cohort number, session ref) and the next free id of each kind.

use super::fields::email_key;
use crate::domain::change::{Record, RecordKey};
use crate::domain::identifiers::Numbering;
use crate::domain::ids::{
    CohortId, ExpenseId, MatchId, OrganisationId, ParticipantId, ProfessionId, QMemberId, SeriesId,
    SessionId, VenueId,
};
use crate::domain::people::{Organisation, Profession};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{clean_line, name_key};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Default)]
struct NextIds {
    cohort: u64,
    participant: u64,
    q_member: u64,
    organisation: u64,
    profession: u64,
    matching: u64,
    session: u64,
    series: u64,
    venue: u64,
    expense: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub snapshot: Snapshot,
    /// Dates missing from a file (a participant's first stage) default to this day.
    pub today: NaiveDate,
    next: NextIds,
    participants_by_email: HashMap<String, ParticipantId>,
    q_members_by_email: HashMap<String, QMemberId>,
    organisations_by_name: HashMap<String, OrganisationId>,
    professions_by_name: HashMap<String, ProfessionId>,
    venues_by_name: HashMap<String, VenueId>,
    session_refs: HashMap<String, SessionId>,
    /// Participants imported without a stage: their first pathway row replaces the
    /// placeholder start.
    pub placeholder_pathways: HashSet<ParticipantId>,
    /// What the files imported so far hold that is allowed but worth a look (a session
    /// outside its cohort's dates), in the order found.
    pub warnings: Vec<super::error::ImportProblem>,
    /// Ids rows asked to keep (a session's calendar UID, an expense's ledger code), which no
    /// other new record of the import is given.
    kept: HashSet<RecordKey>,
    /// Every record put, in the order first touched.
    touched: Vec<RecordKey>,
    touched_set: HashSet<RecordKey>,
}

impl Draft {
    /// An optional `cohort` column: `Some(None)` when blank, `None` (with the problem noted)
    /// when it names no cohort.
    pub(crate) fn optional_cohort(
        &self,
        problems: &mut super::error::Problems,
        line: u64,
        raw: &str,
    ) -> Option<Option<CohortId>> {
        problems.optional(line, "cohort", raw, |raw| {
            let number = super::fields::cohort_number(raw)?;
            self.cohort_by_number(number)
                .ok_or_else(|| format!("there is no cohort {number} ({})", self.cohort_numbers()))
        })
    }

    pub fn new(existing: &Snapshot, today: NaiveDate) -> Draft {
        let s = existing;
        // An id once given is never given again, even to replace a deleted record.
        let next = NextIds {
            cohort: s.next_id(|id| RecordKey::Cohort(CohortId(id))),
            participant: s.next_id(|id| RecordKey::Participant(ParticipantId(id))),
            q_member: s.next_id(|id| RecordKey::QMember(QMemberId(id))),
            organisation: s.next_id(|id| RecordKey::Organisation(OrganisationId(id))),
            profession: s.next_id(|id| RecordKey::Profession(ProfessionId(id))),
            matching: s.next_id(|id| RecordKey::Match(MatchId(id))),
            session: s.next_id(|id| RecordKey::Session(SessionId(id))),
            series: s.next_id(|id| RecordKey::Series(SeriesId(id))),
            venue: s.next_id(|id| RecordKey::Venue(VenueId(id))),
            expense: s.next_id(|id| RecordKey::Expense(ExpenseId(id))),
        };
        let mut draft = Draft {
            snapshot: Snapshot::default(),
            today,
            next,
            participants_by_email: HashMap::new(),
            q_members_by_email: HashMap::new(),
            organisations_by_name: HashMap::new(),
            professions_by_name: HashMap::new(),
            venues_by_name: HashMap::new(),
            session_refs: HashMap::new(),
            placeholder_pathways: HashSet::new(),
            warnings: Vec::new(),
            kept: HashSet::new(),
            touched: Vec::new(),
            touched_set: HashSet::new(),
        };
        for p in s.participants.values() {
            draft
                .participants_by_email
                .insert(email_key(&p.email), p.id);
            if super::participants::is_placeholder(&p.pathway) {
                draft.placeholder_pathways.insert(p.id);
            }
        }
        for q in s.q_members.values() {
            draft.q_members_by_email.insert(email_key(&q.email), q.id);
        }
        for o in s.organisations.values() {
            draft
                .organisations_by_name
                .entry(name_key(&o.name))
                .or_insert(o.id);
        }
        for p in s.professions.values() {
            draft
                .professions_by_name
                .entry(name_key(&p.name))
                .or_insert(p.id);
        }
        for v in s.venues.values() {
            draft
                .venues_by_name
                .entry(name_key(&v.name))
                .or_insert(v.id);
        }
        for (id, reference) in super::sessions::stored_session_refs(&s.sessions) {
            draft.add_session_ref(&reference, id);
        }
        draft.snapshot = existing.clone();
        draft
    }

    /// Stores a record in the draft and remembers that it changed.
    pub fn put(&mut self, record: Record) {
        let key = record.key();
        match &record {
            Record::Participant(p) => {
                self.participants_by_email.insert(email_key(&p.email), p.id);
            }
            Record::QMember(q) => {
                self.q_members_by_email.insert(email_key(&q.email), q.id);
            }
            Record::Organisation(o) => {
                self.organisations_by_name
                    .entry(name_key(&o.name))
                    .or_insert(o.id);
            }
            Record::Profession(p) => {
                self.professions_by_name
                    .entry(name_key(&p.name))
                    .or_insert(p.id);
            }
            Record::Venue(v) => {
                self.venues_by_name.entry(name_key(&v.name)).or_insert(v.id);
            }
            _ => {}
        }
        self.snapshot.put(record);
        if self.touched_set.insert(key) {
            self.touched.push(key);
        }
    }

    /// The records touched since `mark` (a count from [`Draft::touched_len`]), as they are now.
    pub fn records_since(&self, mark: usize) -> Vec<Record> {
        self.touched[mark..]
            .iter()
            .filter_map(|key| self.snapshot.get(*key))
            .collect()
    }

    pub fn touched_len(&self) -> usize {
        self.touched.len()
    }

    /// Every record touched, as it is now.
    pub fn all_records(&self) -> Vec<Record> {
        self.records_since(0)
    }

    pub fn participant_by_email(&self, email: &str) -> Option<ParticipantId> {
        self.participants_by_email.get(&email_key(email)).copied()
    }

    pub fn q_member_by_email(&self, email: &str) -> Option<QMemberId> {
        self.q_members_by_email.get(&email_key(email)).copied()
    }

    pub fn venue_by_name(&self, name: &str) -> Option<VenueId> {
        self.venues_by_name.get(&name_key(name)).copied()
    }

    /// Whether the files imported so far put or changed the record `key`.
    pub fn touched(&self, key: RecordKey) -> bool {
        self.touched_set.contains(&key)
    }

    pub fn cohort_by_number(&self, number: u32) -> Option<CohortId> {
        self.snapshot
            .cohorts
            .values()
            .find(|c| c.number == number)
            .map(|c| c.id)
    }

    pub fn cohort_numbers(&self) -> String {
        let mut numbers: Vec<u32> = self.snapshot.cohorts.values().map(|c| c.number).collect();
        numbers.sort_unstable();
        if numbers.is_empty() {
            "there are no cohorts yet".to_string()
        } else {
            format!(
                "the cohorts are {}",
                numbers
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }

    /// A session by the `ref` it was given in this import, by the ref of a stored session
    /// (start and title), or by the id of a stored session.
    pub fn session_by_ref(&self, reference: &str) -> Option<SessionId> {
        let key = clean_line(reference).to_lowercase();
        if let Some(id) = self.session_refs.get(&key) {
            return Some(*id);
        }
        key.trim_start_matches('#')
            .parse::<u64>()
            .ok()
            .map(SessionId)
            .filter(|id| self.snapshot.sessions.contains_key(id))
    }

    pub fn has_session_ref(&self, reference: &str) -> bool {
        self.session_refs
            .contains_key(&clean_line(reference).to_lowercase())
    }

    pub fn add_session_ref(&mut self, reference: &str, id: SessionId) {
        self.session_refs
            .insert(clean_line(reference).to_lowercase(), id);
    }

    /// The organisation with this name, created on first use (first spelling kept).
    pub fn organisation(&mut self, name: &str) -> OrganisationId {
        if let Some(id) = self.organisations_by_name.get(&name_key(name)) {
            return *id;
        }
        let id = OrganisationId(self.next.organisation);
        self.next.organisation += 1;
        self.put(Record::Organisation(Organisation {
            id,
            name: clean_line(name)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        }));
        id
    }

    /// The profession with this name, created on first use (first spelling kept).
    pub fn profession(&mut self, name: &str) -> ProfessionId {
        if let Some(id) = self.professions_by_name.get(&name_key(name)) {
            return *id;
        }
        let id = ProfessionId(self.next.profession);
        self.next.profession += 1;
        self.put(Record::Profession(Profession {
            id,
            name: clean_line(name)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        }));
        id
    }

    pub fn new_cohort_id(&mut self) -> CohortId {
        self.next.cohort += 1;
        CohortId(self.next.cohort - 1)
    }

    pub fn new_participant_id(&mut self) -> ParticipantId {
        self.next.participant += 1;
        ParticipantId(self.next.participant - 1)
    }

    pub fn new_q_member_id(&mut self) -> QMemberId {
        self.next.q_member += 1;
        QMemberId(self.next.q_member - 1)
    }

    pub fn new_match_id(&mut self) -> MatchId {
        self.next.matching += 1;
        MatchId(self.next.matching - 1)
    }

    pub fn new_session_id(&mut self) -> SessionId {
        while self
            .kept
            .contains(&RecordKey::Session(SessionId(self.next.session)))
        {
            self.next.session += 1;
        }
        self.next.session += 1;
        SessionId(self.next.session - 1)
    }

    pub fn new_series_id(&mut self) -> SeriesId {
        self.next.series += 1;
        SeriesId(self.next.series - 1)
    }

    pub fn new_venue_id(&mut self) -> VenueId {
        self.next.venue += 1;
        VenueId(self.next.venue - 1)
    }

    pub fn new_expense_id(&mut self) -> ExpenseId {
        while self
            .kept
            .contains(&RecordKey::Expense(ExpenseId(self.next.expense)))
        {
            self.next.expense += 1;
        }
        self.next.expense += 1;
        ExpenseId(self.next.expense - 1)
    }

    /// Takes on the numbers a programme gave in the database it came from (`[numbering]` in
    /// `programme.toml`): no new session or expense of this database is given one of them.
    pub fn keep_numbering(&mut self, from_file: Numbering) {
        let held = self.snapshot.numbering.unwrap_or_default();
        let numbering = Numbering {
            sessions: held.sessions.max(from_file.sessions),
            expenses: held.expenses.max(from_file.expenses),
        };
        if numbering != held {
            self.put(Record::Numbering(numbering));
        }
        self.next.session = self.next.session.max(numbering.sessions.saturating_add(1));
        self.next.expense = self.next.expense.max(numbering.expenses.saturating_add(1));
    }

    /// Keeps the id in `key` for a record of this import, as a row of its file asks (the
    /// session a calendar UID names, the expense a ledger code names), so calendars and
    /// journals that hold it still find the same record. Refused, saying why, when the id was
    /// ever given in this programme (a UID or code never names two records) or another row
    /// keeps it already.
    pub fn keep_id(&mut self, key: RecordKey) -> Result<(), String> {
        if self.kept.contains(&key) {
            return Err("another row of the file names it too".into());
        }
        if let Some(record) = self.snapshot.get(key) {
            let name = record
                .title()
                .map(|t| format!(" \"{t}\""))
                .unwrap_or_default();
            return Err(format!(
                "it already names the {}{name} in this programme",
                key.noun()
            ));
        }
        if self.snapshot.deletions.contains_key(&key) {
            return Err(format!(
                "it named a {} since deleted from this programme, and is never given again",
                key.noun()
            ));
        }
        self.kept.insert(key);
        Ok(())
    }
}
