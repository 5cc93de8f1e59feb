//! The dashboard's forms: what each one asks, and the change a filled-in form turns into. A
//! change to an existing record is saved only if nobody changed that record meanwhile.

pub mod category;
pub mod expense;
mod filter;
mod joining;
pub mod mentoring;
mod participant;
mod pathway;
pub mod programme;
mod registers;
pub mod session;
pub mod session_questions;
mod session_series;
pub mod venue;

pub use filter::{expense_filter, expense_filter_form, filter_form, roster_filter};
pub use joining::join_q_form;
pub use participant::participant_form;
pub use pathway::{
    accept_nomination, awaiting_review, decline_nomination, move_stage, remove_stage,
    tick_readiness, untick_readiness,
};
pub use registers::{cohort_form, delete_question, group_form, q_member_form};

use super::form::{Form, Offer};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{CohortId, OrganisationId, ParticipantId, ProfessionId, QMemberId};
use crate::domain::people::QMember;
use crate::domain::people::{Organisation, Profession};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::fold;
use crate::domain::text::{clean_line, name_key};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Organisations and professions are edited alike: a name, kept unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Organisation,
    Profession,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    MoveStage(ParticipantId),
    TickReadiness(ParticipantId),
    /// Unticking a readiness item ticked by mistake.
    UntickReadiness(ParticipantId),
    /// Taking out a pathway stage entered by mistake.
    RemoveStage(ParticipantId),
    /// A new participant; `stage_chosen` once the person changed the Stage field, which until
    /// then follows the cohort.
    NewParticipant {
        stage_chosen: bool,
    },
    EditParticipant(ParticipantId),
    AcceptNomination(ParticipantId),
    /// `None` adds a Q member.
    QMember(Option<QMemberId>),
    /// `None` adds a cohort.
    Cohort(Option<CohortId>),
    /// `None` adds an organisation or a profession; `Some` holds its id.
    Group(Group, Option<u64>),
    /// Narrowing the roster by stage, organisation and profession; saves nothing.
    FilterRoster,
    /// Ending a mentoring match, with a reason.
    EndMatch(crate::domain::ids::MatchId),
    /// Logging a check-in for a mentoring match.
    CheckIn(crate::domain::ids::MatchId),
    /// `None` plans a new session.
    Session(Option<crate::domain::ids::SessionId>),
    /// `None` adds a venue.
    Venue(Option<crate::domain::ids::VenueId>),
    /// The grant and its allocations.
    Budget,
    /// Narrowing the expenses by category, state, month and cohort; saves nothing.
    FilterExpenses,
    /// `None` adds an expense.
    Expense(Option<crate::domain::ids::ExpenseId>),
    /// A cohort's share of the allocations.
    CohortBudget(CohortId),
    /// `None` adds a budget category; `Some` renames it.
    Category(Option<crate::domain::ids::CategoryId>),
    /// Setting a programme up on an empty database: the programme, grant and first cohort;
    /// `name_written` and `ends_written` once the person changed the cohort's name or end,
    /// which until then follow its start (named for its year, ending a year on).
    SetUp {
        name_written: bool,
        ends_written: bool,
    },
    /// The programme's settings: name, funder, grant, attendance threshold, dormant weeks.
    Settings,
    /// A participant joining Q: the day, and the roles their new Q member record offers.
    JoinQ(ParticipantId),
}

impl Purpose {
    /// The stored record the form changes, if it changes one that exists.
    pub fn edits(self) -> Option<RecordKey> {
        use crate::domain::ids::CategoryId;
        match self {
            Purpose::MoveStage(id)
            | Purpose::TickReadiness(id)
            | Purpose::UntickReadiness(id)
            | Purpose::RemoveStage(id)
            | Purpose::EditParticipant(id)
            | Purpose::AcceptNomination(id)
            | Purpose::JoinQ(id) => Some(RecordKey::Participant(id)),
            Purpose::QMember(id) => id.map(RecordKey::QMember),
            Purpose::Cohort(id) => id.map(RecordKey::Cohort),
            Purpose::Group(Group::Organisation, id) => {
                id.map(|id| RecordKey::Organisation(OrganisationId(id)))
            }
            Purpose::Group(Group::Profession, id) => {
                id.map(|id| RecordKey::Profession(ProfessionId(id)))
            }
            Purpose::EndMatch(id) | Purpose::CheckIn(id) => Some(RecordKey::Match(id)),
            Purpose::Session(id) => id.map(RecordKey::Session),
            Purpose::Venue(id) => id.map(RecordKey::Venue),
            Purpose::Budget => Some(RecordKey::Budget),
            Purpose::Expense(id) => id.map(RecordKey::Expense),
            Purpose::CohortBudget(cohort) => Some(RecordKey::CohortBudget(cohort)),
            Purpose::Category(id) => id.map(|id: CategoryId| RecordKey::Category(id)),
            Purpose::Settings => Some(RecordKey::Programme),
            Purpose::NewParticipant { .. }
            | Purpose::FilterRoster
            | Purpose::FilterExpenses
            | Purpose::SetUp { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenForm {
    pub form: Form,
    pub purpose: Purpose,
}

/// The change a filled-in form asks for, and what to say once it is saved.
pub fn change_for(
    open: &OpenForm,
    data: &Snapshot,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    match open.purpose {
        Purpose::MoveStage(id) | Purpose::TickReadiness(id) | Purpose::AcceptNomination(id) => {
            pathway::change(open, data, id)
        }
        Purpose::UntickReadiness(id) | Purpose::RemoveStage(id) => {
            pathway::take_back(open, data, id)
        }
        Purpose::NewParticipant { .. } | Purpose::EditParticipant(_) => {
            participant::change(open, data, today)
        }
        Purpose::QMember(id) => registers::q_member_change(open, data, id),
        Purpose::Cohort(id) => registers::cohort_change(open, data, id),
        Purpose::Group(group, id) => registers::group_change(open, data, group, id),
        Purpose::FilterRoster | Purpose::FilterExpenses => Err("a filter is not saved".to_string()),
        Purpose::EndMatch(id) | Purpose::CheckIn(id) => mentoring::change(open, data, id),
        Purpose::Session(_) => session::change(open, data, today),
        Purpose::Venue(id) => venue::change(open, data, id),
        Purpose::Budget => expense::budget_change(open, data),
        Purpose::CohortBudget(cohort) => expense::cohort_budget_change(open, data, cohort),
        Purpose::Expense(id) => expense::expense_change(open, data, id, today),
        Purpose::Category(id) => category::change(open, data, id),
        Purpose::SetUp { name_written, .. } => programme::setup_change(open, data, name_written),
        Purpose::Settings => programme::settings_change(open, data),
        Purpose::JoinQ(id) => joining::change(open, data, id, today),
    }
}

/// The field a key was pressed in and its value before the key: what tells a value the
/// person chose from a default that follows another field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeforeKey {
    focus: usize,
    value: String,
}

impl BeforeKey {
    pub fn of(open: &OpenForm) -> BeforeKey {
        BeforeKey {
            focus: open.form.focus,
            value: open
                .form
                .fields
                .get(open.form.focus)
                .map(|f| f.value.clone())
                .unwrap_or_default(),
        }
    }

    /// Whether the key changed the field called `label`.
    fn changed(&self, open: &OpenForm, label: &str) -> bool {
        open.form
            .fields
            .get(self.focus)
            .is_some_and(|f| f.label == label && f.value != self.value)
    }
}

/// After a key that left the form open: a value the person changed is theirs from then on;
/// defaults that follow another field follow it (a new participant's stage its cohort, the
/// set-up cohort's name the year it starts); a session's clashes are noted afresh.
pub fn after_key(open: &mut OpenForm, data: &Snapshot, today: NaiveDate, before: &BeforeKey) {
    match open.purpose {
        Purpose::Session(_) => session::note_clashes(open, data, today),
        Purpose::SetUp {
            name_written,
            ends_written,
        } => {
            let written = Purpose::SetUp {
                name_written: name_written || before.changed(open, "Cohort"),
                ends_written: ends_written || before.changed(open, "Ends"),
            };
            open.purpose = written;
            programme::follow_start(open, data, written);
            note_short_cohort(open);
        }
        Purpose::Cohort(_) => note_short_cohort(open),
        Purpose::NewParticipant { stage_chosen } => {
            let stage_chosen = stage_chosen || before.changed(open, "Stage");
            open.purpose = Purpose::NewParticipant { stage_chosen };
            if !stage_chosen {
                participant::follow_cohort(open, data, today);
            }
        }
        _ => {}
    }
}

/// A cohort form's note when its dates as typed make a cohort under four weeks: more often an
/// end date misread than a pilot, so said, but not refused.
fn note_short_cohort(open: &mut OpenForm) {
    let date = |label| open.form.field(label).and_then(super::form::Field::as_date);
    let note = match (date("Starts"), date("Ends")) {
        (Some(starts), Some(ends)) => crate::domain::dates::short_cohort(starts, ends),
        _ => None,
    };
    open.form.notes = note.map(|n| format!("Note: {n}")).into_iter().collect();
}

/// How a pick field names each Q member: by name, with the email added where two Q members
/// share a name, so the one picked is the one meant.
fn q_member_labels(data: &Snapshot) -> BTreeMap<QMemberId, String> {
    let mut named: BTreeMap<String, usize> = BTreeMap::new();
    for q in data.q_members.values() {
        *named.entry(fold(&q.name)).or_default() += 1;
    }
    data.q_members
        .values()
        .map(|q| {
            let label = if named.get(&fold(&q.name)).copied().unwrap_or(0) > 1 {
                format!("{} ({})", q.name, q.email)
            } else {
                q.name.clone()
            };
            (q.id, label)
        })
        .collect()
}

/// The Q members `keep` lets a field offer, in name order, each found by its email too.
fn q_member_offers(data: &Snapshot, keep: impl Fn(&QMember) -> bool) -> Vec<Offer> {
    let labels = q_member_labels(data);
    let mut offers: Vec<Offer> = data
        .q_members
        .values()
        .filter(|q| keep(q))
        .filter_map(|q| {
            labels
                .get(&q.id)
                .map(|l| Offer::new(l.clone(), q.email.clone()))
        })
        .collect();
    offers.sort_by(|a, b| a.label.cmp(&b.label));
    offers
}

/// The Q member a pick field's `label` names (case and accents aside).
fn q_member_called(data: &Snapshot, label: &str) -> Option<QMemberId> {
    let wanted = fold(label.trim());
    if wanted.is_empty() {
        return None;
    }
    q_member_labels(data)
        .into_iter()
        .find(|(_, l)| fold(l) == wanted)
        .map(|(id, _)| id)
}

/// The label a pick field shows for Q member `id`, or "" when there is none.
fn q_member_label(data: &Snapshot, id: Option<QMemberId>) -> String {
    id.and_then(|id| q_member_labels(data).remove(&id))
        .unwrap_or_default()
}

/// What to say once an edit of `now` is saved: the record by name and each field changed
/// since `data`'s copy ("Saved Cohort 3: end date").
fn saved_words(data: &Snapshot, now: &Record) -> String {
    match data.get(now.key()) {
        Some(was) => crate::domain::describe::saved(&was, now, data),
        None => format!("Saved {}", crate::domain::describe::record_name(now, data)),
    }
}

fn value<'a>(open: &'a OpenForm, label: &str) -> &'a str {
    open.form.field(label).map_or("", |f| f.value.as_str())
}

/// The revision a change to `key` is based on: the one this dashboard last saw.
/// Participant `id` as the form found them, or the sentence saying they have gone meanwhile.
fn participant_on_roster(
    data: &Snapshot,
    id: crate::domain::ids::ParticipantId,
) -> Result<crate::domain::people::Participant, String> {
    data.participants
        .get(&id)
        .cloned()
        .ok_or_else(|| "that person is no longer on the roster".to_string())
}

fn based_on(data: &Snapshot, key: RecordKey) -> Option<u64> {
    data.revisions.get(&key).map(|r| r.seq)
}

/// The organisation called `typed` (case and accents aside), adding it to `changes` when it
/// is new.
fn organisation_named(data: &Snapshot, typed: &str, changes: &mut Vec<Change>) -> OrganisationId {
    let existing = data
        .organisations
        .values()
        .map(|o| (o.id.0, o.name.as_str()));
    let id = data.next_id(|id| RecordKey::Organisation(OrganisationId(id)));
    OrganisationId(named(existing, typed, id, changes, |id, name| {
        Record::Organisation(Organisation {
            id: OrganisationId(id),
            name,
        })
    }))
}

/// The profession called `typed`, adding it to `changes` when it is new.
fn profession_named(data: &Snapshot, typed: &str, changes: &mut Vec<Change>) -> ProfessionId {
    let existing = data.professions.values().map(|p| (p.id.0, p.name.as_str()));
    let id = data.next_id(|id| RecordKey::Profession(ProfessionId(id)));
    ProfessionId(named(existing, typed, id, changes, |id, name| {
        Record::Profession(Profession {
            id: ProfessionId(id),
            name,
        })
    }))
}

/// The id of the group called `typed` among `existing`, or `new_id`, given to a new one `make`
/// builds.
fn named<'a>(
    mut existing: impl Iterator<Item = (u64, &'a str)>,
    typed: &str,
    new_id: u64,
    changes: &mut Vec<Change>,
    make: impl Fn(u64, String) -> Record,
) -> u64 {
    if let Some((id, _)) = existing.find(|(_, name)| name_key(name) == name_key(typed)) {
        return id;
    }
    changes.push(Change::Edit {
        record: make(new_id, clean_line(typed)),
        based_on: None,
    });
    new_id
}
