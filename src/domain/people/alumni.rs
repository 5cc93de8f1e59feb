//! Alumni: participants who joined Q, each linked to their Q member record so the two
//! registers know them as one person, and the count of those who now support the next cohort
//! (the funding bid's aim: participants join Q and come back as mentors, facilitators, hosts).

use super::pathway::PathwayStage;
use super::{Participant, QMember, QRole, same_email};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{CohortId, ParticipantId, QMemberId};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(test)]
mod tests;

/// A participant and the Q member record they have as a member of Q: one person in both
/// registers. Holds ids and a date only, no personal data, so an erasure of either side leaves
/// it standing (it then links to "erased person #N", and the alumni counts stay right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QLink {
    pub participant: ParticipantId,
    pub q_member: QMemberId,
    /// The day they joined Q (the pathway's Joined Q date when the link was made).
    pub joined_on: NaiveDate,
}

/// The link of participant `id`, if they are linked.
pub fn link_of_participant(data: &Snapshot, id: ParticipantId) -> Option<&QLink> {
    data.q_links.get(&id)
}

/// The link of Q member `id`, if they are an alumnus. Links are few (one per alumnus), so a
/// scan is cheaper to keep right than a second index.
pub fn link_of_q_member(data: &Snapshot, id: QMemberId) -> Option<&QLink> {
    data.q_links.values().find(|l| l.q_member == id)
}

/// "Cohort 2", the cohort the participant of `link` came from, or "the programme" when they
/// had none.
pub fn alumnus_of(data: &Snapshot, link: &QLink) -> String {
    data.participants
        .get(&link.participant)
        .and_then(|p| p.cohort)
        .map_or_else(
            || "the programme".to_string(),
            |c| data.cohort_name(c).to_string(),
        )
}

/// How joining Q goes for one participant: the Q member record made or found, and whether it
/// was found (linked to the existing record with the same email) rather than made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joining {
    /// One change: the pathway's Joined Q, the Q member (when new) and the link.
    pub change: Change,
    pub q_member: QMemberId,
    pub found_existing: bool,
    /// What to tell the coordinator once it is saved.
    pub done: String,
}

/// Whether `p` is refused only for being at a stage before Completed (so moving them along the
/// pathway first would let them join).
pub fn too_early(data: &Snapshot, p: &Participant) -> bool {
    link_of_participant(data, p.id).is_none()
        && !matches!(
            p.stage(),
            PathwayStage::Completed
                | PathwayStage::AppliedToQ
                | PathwayStage::JoinedQ
                | PathwayStage::Withdrawn
        )
}

/// Why a participant may not be moved to Joined Q or linked now; `None` when they may:
/// Completed and Applied to Q, and Joined Q with no link yet (an alumnus from before links).
pub fn refusal(data: &Snapshot, p: &Participant) -> Option<String> {
    if let Some(link) = link_of_participant(data, p.id) {
        return Some(format!(
            "{} is already linked to the Q member record {} (joined Q on {})",
            p.name,
            data.q_member_name(link.q_member),
            long_date(link.joined_on)
        ));
    }
    match p.stage() {
        PathwayStage::Completed | PathwayStage::AppliedToQ | PathwayStage::JoinedQ => None,
        PathwayStage::Withdrawn => Some(format!(
            "{} has withdrawn from the programme; only a participant at Completed or Applied to \
             Q joins Q from here",
            p.name
        )),
        // Where to move them along the pathway is the caller's to say: a key in the
        // dashboard, a file on the command line.
        stage => Some(format!(
            "{} is at {stage}; only a participant at Completed or Applied to Q joins Q",
            p.name
        )),
    }
}

/// The day `p` joined Q: their pathway's Joined Q date when it has one; otherwise `on`, with
/// the move to Joined Q on it added to `changes`.
///
/// Errors: `on` before their latest stage change, naming them.
fn to_joined_q(
    data: &Snapshot,
    p: &Participant,
    on: NaiveDate,
    changes: &mut Vec<Change>,
) -> Result<NaiveDate, String> {
    let joined = p
        .pathway
        .changes()
        .iter()
        .rev()
        .find(|c| c.stage == PathwayStage::JoinedQ);
    if let Some(joined) = joined.filter(|_| p.stage() == PathwayStage::JoinedQ) {
        return Ok(joined.on);
    }
    p.pathway
        .check_order(PathwayStage::JoinedQ, on)
        .map_err(|e| format!("{}: {e}", p.name))?;
    let mut moved = p.clone();
    moved
        .pathway
        .move_to(PathwayStage::JoinedQ, on, String::new());
    changes.push(Change::Edit {
        record: Record::Participant(moved),
        based_on: data
            .revisions
            .get(&RecordKey::Participant(p.id))
            .map(|r| r.seq),
    });
    Ok(on)
}

/// Why `on` cannot be the day someone joined Q when it is `today`: it is after today (joining
/// Q is recorded once it has happened, and `status` counts it at once). `None` when it may.
pub fn joined_after_today(on: NaiveDate, today: NaiveDate) -> Option<String> {
    (on > today).then(|| {
        format!(
            "{} is after today ({}): record joining Q on the day it happens, or a day before",
            long_date(on),
            long_date(today)
        )
    })
}

/// 3 May 2026: how the story and messages write the day someone joined Q.
pub fn long_date(on: NaiveDate) -> String {
    on.format("%-d %B %Y").to_string()
}

/// Participant `id` joins Q on `on`: their pathway moves to Joined Q (one there already, from
/// before links existed, keeps the date it has and is only given the record), a Q member record is
/// made from theirs (name, email, organisation, profession; `roles` offered, mentoring
/// capacity 1 when mentoring is offered and 0 otherwise) or, when a Q member already has
/// their email, that one is used, and the two are linked. All of it is one change, so one `u`
/// undoes it.
///
/// Errors: a sentence naming the participant when they are not at Completed, Applied to Q or
/// Joined Q, are already linked, or `on` is before their latest pathway change.
pub fn join_q(
    data: &Snapshot,
    id: ParticipantId,
    on: NaiveDate,
    roles: &[QRole],
) -> Result<Joining, String> {
    let p = data
        .participants
        .get(&id)
        .ok_or_else(|| "that participant is no longer there".to_string())?;
    if let Some(why) = refusal(data, p) {
        return Err(why);
    }
    let mut changes = Vec::new();
    let on = to_joined_q(data, p, on, &mut changes)?;
    let existing = data
        .q_members
        .values()
        .find(|q| same_email(&q.email, &p.email));
    let (q_member, found_existing) = match existing {
        Some(q) => {
            if let Some(other) = link_of_q_member(data, q.id) {
                return Err(format!(
                    "the Q member {} (same email) is linked already, to the participant {}",
                    q.name,
                    data.participant_name(other.participant)
                ));
            }
            (q.id, true)
        }
        None => {
            let q_id = QMemberId(data.next_id(|n| RecordKey::QMember(QMemberId(n))));
            let mut roles = roles.to_vec();
            roles.sort();
            roles.dedup();
            let capacity = u32::from(roles.contains(&QRole::Mentor));
            changes.push(Change::Edit {
                record: Record::QMember(QMember {
                    id: q_id,
                    name: p.name.clone(),
                    email: p.email.clone(),
                    profession: p.profession,
                    organisation: p.organisation,
                    london_based: false,
                    expertise: p.project.topics.clone(),
                    roles,
                    mentoring_capacity: capacity,
                    available: true,
                    availability_notes: String::new(),
                }),
                based_on: None,
            });
            (q_id, false)
        }
    };
    changes.push(Change::Edit {
        record: Record::QLink(QLink {
            participant: id,
            q_member,
            joined_on: on,
        }),
        based_on: None,
    });
    let done = if found_existing {
        format!(
            "{} joined Q on {}: linked to the Q member record that has their email already",
            p.name,
            long_date(on)
        )
    } else {
        format!(
            "{} joined Q on {} and is now a Q member too (linked)",
            p.name,
            long_date(on)
        )
    };
    Ok(Joining {
        change: Change::Batch {
            summary: format!("{} joined Q", p.name),
            changes,
        },
        q_member,
        found_existing,
        done,
    })
}

/// Links participant `participant` and Q member `q_member` as one person, for alumni who
/// joined Q before the link existed (often under another, work, email). The date is the
/// pathway's Joined Q date when there is one, else `on`, and a participant at Completed or
/// Applied to Q is moved to Joined Q on it in the same change.
///
/// Errors: a sentence naming them when either side is linked already, or the participant is
/// at a stage before Completed or has withdrawn.
pub fn link(
    data: &Snapshot,
    participant: ParticipantId,
    q_member: QMemberId,
    on: NaiveDate,
) -> Result<(Change, String), String> {
    let p = data
        .participants
        .get(&participant)
        .ok_or_else(|| "that participant is no longer there".to_string())?;
    let q = data
        .q_members
        .get(&q_member)
        .ok_or_else(|| "that Q member is no longer there".to_string())?;
    if let Some(why) = refusal(data, p) {
        return Err(why);
    }
    if let Some(other) = link_of_q_member(data, q.id) {
        return Err(format!(
            "the Q member {} is linked already, to the participant {}",
            q.name,
            data.participant_name(other.participant)
        ));
    }
    let mut changes = Vec::new();
    let joined_on = to_joined_q(data, p, on, &mut changes)?;
    changes.push(Change::Edit {
        record: Record::QLink(QLink {
            participant,
            q_member,
            joined_on,
        }),
        based_on: None,
    });
    let done = format!(
        "Linked {} (participant) and {} (Q member) as one person: joined Q on {}",
        p.name,
        q.name,
        long_date(joined_on)
    );
    Ok((
        Change::Batch {
            summary: link_summary(&p.name, &q.name),
            changes,
        },
        done,
    ))
}

/// "participant Hamish Tolland linked to Q member Hamish Tolland": how history and undo name
/// a link, saying which record is which when both hold one name.
pub fn link_summary(participant: &str, q_member: &str) -> String {
    format!("participant {participant} linked to Q member {q_member}")
}

/// Whether `change` links a participant to a Q member record (`link` or `join_q`): said by
/// its summary, which names both sides by their register, rather than record by record.
pub fn is_link(change: &Change) -> bool {
    change.leaves().iter().any(|leaf| {
        matches!(
            leaf,
            Change::Put(Record::QLink(_))
                | Change::Edit {
                    record: Record::QLink(_),
                    ..
                }
        )
    })
}

/// Whether two names are one as a reader compares them: case, accents, punctuation and
/// spacing aside ("Bríd Ní Mhurchú" and "brid ni-mhurchu" are one; the rule
/// [`super::duplicates::possible_duplicates`] uses, with punctuation dropped too).
pub fn same_name(a: &str, b: &str) -> bool {
    let key = |name: &str| {
        crate::domain::text::fold(name)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    key(a) == key(b)
}

/// The question to ask before linking participant `participant` to Q member `q_member` when
/// their names differ (so they may be two people): both named with their emails, and what
/// the link changes (the participant's stage, where it moves, and the alumni count).
/// `None` when the names are one, or either record is no longer there.
pub fn link_question(
    data: &Snapshot,
    participant: ParticipantId,
    q_member: QMemberId,
    on: NaiveDate,
) -> Option<String> {
    let p = data.participants.get(&participant)?;
    let q = data.q_members.get(&q_member)?;
    if same_name(&p.name, &q.name) {
        return None;
    }
    let moved = if p.stage() == PathwayStage::JoinedQ {
        format!("{} stays at Joined Q", p.name)
    } else {
        format!(
            "{} moves from {} to Joined Q on {}",
            p.name,
            p.stage(),
            long_date(on)
        )
    };
    Some(format!(
        "The names differ: participant {} <{}> and Q member {} <{}>. Linking makes them one \
         person: {moved}, and {} is counted as an alumnus of {}.",
        p.name,
        p.email.trim(),
        q.name,
        q.email.trim(),
        q.name,
        data.participants
            .get(&participant)
            .and_then(|p| p.cohort)
            .map_or_else(
                || "the programme".to_string(),
                |c| data.cohort_name(c).to_string()
            )
    ))
}

/// One cohort's alumni: how many joined Q (linked to a Q member record) and how many of those
/// now support the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortAlumni {
    pub cohort: CohortId,
    /// The cohort's number, as `--cohort N` takes it.
    pub number: u32,
    pub name: String,
    /// Participants of the cohort linked to a Q member record.
    pub joined_q: u32,
    /// Of those, the ones whose Q member record mentors a participant of a later cohort
    /// (proposed, confirmed or ended: a match made at all), or facilitates or hosts a session
    /// of a later cohort (cancelled sessions do not count).
    pub supporting: u32,
    /// Participants of the cohort at Joined Q on their pathway with no linked Q member record
    /// (erased people aside): not in `joined_q` until linked (`improvers link`).
    pub not_linked: u32,
}

/// Alumni who joined Q, per cohort in cohort order (cohorts with none, linked or not, left
/// out), how many of each now support a later cohort, and how many reached Joined Q with no
/// linked Q member record: the funding bid's aim ("participants join Q and
/// support the next cohort"), counted the same way by `status` and the funder's report.
/// "Later" is by cohort start date; a session or mentee with no cohort does not count.
pub fn alumni_by_cohort(data: &Snapshot) -> Vec<CohortAlumni> {
    let starts = |c: CohortId| data.cohorts.get(&c).map(|c| c.starts);
    let later = |own: CohortId, other: Option<CohortId>| matches!((starts(own), other.and_then(starts)), (Some(a), Some(b)) if b > a);
    let supports = |own: CohortId, q: QMemberId| {
        let mentors = data.matches.values().any(|m| {
            m.q_member == q
                && later(
                    own,
                    data.participants.get(&m.participant).and_then(|p| p.cohort),
                )
        });
        mentors
            || data.sessions.values().any(|s| {
                !s.cancelled
                    && (s.facilitators.contains(&q) || s.host == Some(q))
                    && later(own, s.cohort)
            })
    };
    let mut out: Vec<CohortAlumni> = Vec::new();
    let entry = |out: &mut Vec<CohortAlumni>, cohort: CohortId| -> usize {
        if let Some(at) = out.iter().position(|a| a.cohort == cohort) {
            return at;
        }
        out.push(CohortAlumni {
            cohort,
            number: data.cohorts.get(&cohort).map_or(0, |c| c.number),
            name: data.cohort_name(cohort).to_string(),
            joined_q: 0,
            supporting: 0,
            not_linked: 0,
        });
        out.len() - 1
    };
    let erased: Vec<super::PersonRef> = data.erasures.values().map(|e| e.person).collect();
    for p in data.participants.values() {
        let unlinked = p.stage() == PathwayStage::JoinedQ
            && !data.q_links.contains_key(&p.id)
            && !erased.contains(&super::PersonRef::Participant(p.id));
        if let (true, Some(cohort)) = (unlinked, p.cohort) {
            let at = entry(&mut out, cohort);
            out[at].not_linked += 1;
        }
    }
    for link in data.q_links.values() {
        let Some(cohort) = data
            .participants
            .get(&link.participant)
            .and_then(|p| p.cohort)
        else {
            continue;
        };
        let supporting = u32::from(supports(cohort, link.q_member));
        let at = entry(&mut out, cohort);
        out[at].joined_q += 1;
        out[at].supporting += supporting;
    }
    out.sort_by_key(|a| {
        (
            data.cohorts.get(&a.cohort).map(|c| (c.starts, c.number)),
            a.cohort,
        )
    });
    out
}
