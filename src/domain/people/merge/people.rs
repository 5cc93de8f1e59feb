//! Merging two participants or two Q members: one person entered twice.

use super::clashes::{invitees, joined, united};
use super::filled::{KEPT_ON_MERGING, filled_participant};
use super::pairs::{Side, move_matches, move_pair_rules};
use super::{CannotMerge, Kind, Moved, Plan, Writes, erased_label, nearest, person_label};
use crate::domain::change::{Record, RecordKey};
use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::mentoring::MentoringMatch;
use crate::domain::mentoring::matching::rules::same_person;
use crate::domain::people::alumni::{QLink, link_of_q_member, long_date};
use crate::domain::people::{Participant, PersonRef, QMember, same_email};
use crate::domain::snapshot::Snapshot;

/// The participant whose email is `given`.
fn participant(data: &Snapshot, given: &str) -> Result<ParticipantId, CannotMerge> {
    if let Some(p) = data
        .participants
        .values()
        .find(|p| same_email(&p.email, given))
    {
        return match erased_label(data, PersonRef::Participant(p.id)) {
            Some(label) => Err(CannotMerge::Erased {
                given: given.trim().to_string(),
                label,
            }),
            None => Ok(p.id),
        };
    }
    let candidates: Vec<(String, String)> = data
        .participants
        .values()
        .filter(|p| erased_label(data, PersonRef::Participant(p.id)).is_none())
        .map(|p| (person_label(&p.name, &p.email), p.email.clone()))
        .collect();
    Err(CannotMerge::Unknown {
        kind: Kind::Participants,
        given: given.trim().to_string(),
        near: super::nearest(given, &candidates),
    })
}

/// The Q member whose email is `given`.
fn q_member(data: &Snapshot, given: &str) -> Result<QMemberId, CannotMerge> {
    if let Some(q) = data
        .q_members
        .values()
        .find(|q| same_email(&q.email, given))
    {
        return match erased_label(data, PersonRef::QMember(q.id)) {
            Some(label) => Err(CannotMerge::Erased {
                given: given.trim().to_string(),
                label,
            }),
            None => Ok(q.id),
        };
    }
    let candidates: Vec<(String, String)> = data
        .q_members
        .values()
        .filter(|q| erased_label(data, PersonRef::QMember(q.id)).is_none())
        .map(|q| (person_label(&q.name, &q.email), q.email.clone()))
        .collect();
    Err(CannotMerge::Unknown {
        kind: Kind::QMembers,
        given: given.trim().to_string(),
        near: nearest(given, &candidates),
    })
}

/// Why participants `keep` and `gone` cannot be merged as they stand: each in a cohort, and
/// not the same one ([`CannotMerge::DifferentCohorts`]). The one rule both the merge and the
/// list of possible duplicates follow, so that no merge is offered that would be refused.
pub fn cohorts_apart(
    data: &Snapshot,
    keep: &Participant,
    gone: &Participant,
) -> Option<CannotMerge> {
    match (keep.cohort, gone.cohort) {
        (Some(a), Some(b)) if a != b => Some(CannotMerge::DifferentCohorts {
            keep: person_label(&keep.name, &keep.email),
            keep_cohort: data.cohort_name(a).to_string(),
            gone: person_label(&gone.name, &gone.email),
            gone_cohort: data.cohort_name(b).to_string(),
        }),
        _ => None,
    }
}

/// Merging the participant `gone` names into the one `keep` names. Both must be in one cohort
/// (or one of them, a nominee, in none): see [`CannotMerge::DifferentCohorts`].
pub(super) fn participants(data: &Snapshot, keep: &str, gone: &str) -> Result<Plan, CannotMerge> {
    let keep_id = participant(data, keep)?;
    let gone_id = participant(data, gone)?;
    let (k, g) = (&data.participants[&keep_id], &data.participants[&gone_id]);
    let (keep_label, gone_label) = (
        person_label(&k.name, &k.email),
        person_label(&g.name, &g.email),
    );
    if keep_id == gone_id {
        return Err(CannotMerge::Same(
            keep.trim().to_string(),
            gone.trim().to_string(),
            "participant",
        ));
    }
    if let Some(refused) = cohorts_apart(data, k, g) {
        return Err(refused);
    }
    let mut writes = Writes::default();
    let mut moved = Moved::default();
    let mut settled = Vec::new();
    let mut warnings = Vec::new();

    let filled = filled_participant(k, g);
    if filled.stage() != k.stage() {
        warnings.push(format!(
            "Their stage becomes {}, the furthest of the two records (it was {})",
            filled.stage(),
            k.stage()
        ));
    } else if filled
        .pathway
        .changes()
        .last()
        .is_some_and(|c| c.note == KEPT_ON_MERGING)
    {
        if let Some(later) = g.pathway.changes().last() {
            warnings.push(format!(
                "Their stage stays {}: the other record's later {} ({}) is kept as history only",
                filled.stage(),
                later.stage,
                long_date(later.on)
            ));
        }
    }
    // Saved even unchanged: history then tells which record a merge kept (see
    // `people::one_person`), and a record someone changes meanwhile refuses the merge.
    writes.save(Record::Participant(filled));

    let side = Side::Participant {
        gone: gone_id,
        keep: keep_id,
    };
    move_matches(data, side, &mut writes, &mut moved, &mut settled);
    move_pair_rules(data, side, &mut writes, &mut moved, &mut settled);

    for session in data.sessions.values() {
        if !session.invitees.iter().any(|i| i.participant == gone_id) {
            continue;
        }
        moved.sessions += 1;
        let (merged, clash) = invitees(session, keep_id, gone_id);
        if let Some(kept) = clash {
            settled.push(format!(
                "Both were invited to {}: “{}” is kept",
                session.title,
                kept.label()
            ));
        }
        writes.save(Record::Session(merged));
    }

    // A link to their Q member record (an alumnus who joined Q) is the person's, so it moves
    // with them; if the kept record is linked already, that link stands.
    if let Some(link) = data.q_links.get(&gone_id) {
        writes.delete(RecordKey::QLink(gone_id));
        match data.q_links.get(&keep_id) {
            None => {
                moved.link = Some(format!(
                    "the link to their Q member record {}",
                    data.q_member_name(link.q_member)
                ));
                writes.save(Record::QLink(QLink {
                    participant: keep_id,
                    ..*link
                }));
            }
            Some(theirs) if theirs.q_member == link.q_member => settled.push(format!(
                "Both were linked to the Q member record {}: one link stays",
                data.q_member_name(link.q_member)
            )),
            Some(theirs) => settled.push(format!(
                "Both were linked to a Q member record: the link to {} stays, the one to {} goes",
                data.q_member_name(theirs.q_member),
                data.q_member_name(link.q_member)
            )),
        }
    }
    moved.expenses = repoint_expenses(
        data,
        &mut writes,
        PersonRef::Participant(gone_id),
        PersonRef::Participant(keep_id),
    );
    writes.delete(RecordKey::Participant(gone_id));

    let plan = Plan {
        kind: Kind::Participants,
        keep: keep_label,
        gone: gone_label,
        moved,
        settled,
        warnings,
        change: crate::domain::change::Change::Batch {
            summary: String::new(),
            changes: Vec::new(),
        },
    };
    Ok(finish(data, plan, writes, PersonRef::Participant(keep_id)))
}

/// Merging the Q member `gone` names into the one `keep` names.
pub(super) fn q_members(data: &Snapshot, keep: &str, gone: &str) -> Result<Plan, CannotMerge> {
    let keep_id = q_member(data, keep)?;
    let gone_id = q_member(data, gone)?;
    if keep_id == gone_id {
        return Err(CannotMerge::Same(
            keep.trim().to_string(),
            gone.trim().to_string(),
            "Q member",
        ));
    }
    let (k, g) = (&data.q_members[&keep_id], &data.q_members[&gone_id]);
    let mut writes = Writes::default();
    let mut moved = Moved::default();
    let mut settled = Vec::new();

    let filled = QMember {
        expertise: united(&k.expertise, &g.expertise),
        roles: united(&k.roles, &g.roles),
        // Their mentees from both records are now one person's load.
        mentoring_capacity: k.mentoring_capacity.max(g.mentoring_capacity),
        availability_notes: joined(&k.availability_notes, &g.availability_notes),
        ..k.clone()
    };
    // Saved even unchanged, as for participants.
    writes.save(Record::QMember(filled));

    let side = Side::QMember {
        gone: gone_id,
        keep: keep_id,
    };
    move_matches(data, side, &mut writes, &mut moved, &mut settled);
    move_pair_rules(data, side, &mut writes, &mut moved, &mut settled);

    for session in data.sessions.values() {
        let leads = session.facilitators.contains(&gone_id);
        let hosts = session.host == Some(gone_id);
        if !leads && !hosts {
            continue;
        }
        moved.sessions += 1;
        let mut merged = session.clone();
        let mut facilitators = Vec::with_capacity(merged.facilitators.len());
        for q in &merged.facilitators {
            let q = if *q == gone_id { keep_id } else { *q };
            if !facilitators.contains(&q) {
                facilitators.push(q);
            }
        }
        merged.facilitators = facilitators;
        if hosts {
            merged.host = Some(keep_id);
        }
        writes.save(Record::Session(merged));
    }

    for p in data.participants.values() {
        if p.nominated_by == Some(gone_id) {
            moved.nominations += 1;
            writes.save(Record::Participant(Participant {
                nominated_by: Some(keep_id),
                ..p.clone()
            }));
        }
    }

    // An alumnus's link to the Q member record that goes moves to the one kept, unless that one
    // is linked to a participant already.
    if let Some(link) = link_of_q_member(data, gone_id) {
        match link_of_q_member(data, keep_id) {
            None => {
                moved.link = Some(format!(
                    "the link to their participant record {}",
                    data.participant_name(link.participant)
                ));
                writes.save(Record::QLink(QLink {
                    q_member: keep_id,
                    ..*link
                }));
            }
            Some(theirs) => {
                writes.delete(RecordKey::QLink(link.participant));
                if theirs.participant != link.participant {
                    settled.push(format!(
                        "Both were linked to a participant record: the link to {} stays, the one \
                         to {} goes",
                        data.participant_name(theirs.participant),
                        data.participant_name(link.participant)
                    ));
                }
            }
        }
    }
    moved.expenses = repoint_expenses(
        data,
        &mut writes,
        PersonRef::QMember(gone_id),
        PersonRef::QMember(keep_id),
    );
    writes.delete(RecordKey::QMember(gone_id));

    let plan = Plan {
        kind: Kind::QMembers,
        keep: person_label(&k.name, &k.email),
        gone: person_label(&g.name, &g.email),
        moved,
        settled,
        warnings: Vec::new(),
        change: crate::domain::change::Change::Batch {
            summary: String::new(),
            changes: Vec::new(),
        },
    };
    Ok(finish(data, plan, writes, PersonRef::QMember(keep_id)))
}

/// Every expense that names `gone` made to name `keep`; how many.
fn repoint_expenses(
    data: &Snapshot,
    writes: &mut Writes,
    gone: PersonRef,
    keep: PersonRef,
) -> usize {
    let mut n = 0;
    for e in data.expenses.values().filter(|e| e.person == Some(gone)) {
        n += 1;
        let mut e = e.clone();
        e.person = Some(keep);
        writes.save(Record::Expense(e));
    }
    n
}

/// The plan with its change made, and what a person should look at afterwards: the kept
/// person's live matches, seen as they will be.
fn finish(data: &Snapshot, mut plan: Plan, writes: Writes, kept: PersonRef) -> Plan {
    let after: Vec<MentoringMatch> = {
        let mut matches = data.matches.clone();
        for key in &writes.deleted {
            if let RecordKey::Match(id) = key {
                matches.remove(id);
            }
        }
        for record in writes.saved.values() {
            if let Record::Match(m) = record {
                matches.insert(m.id, m.clone());
            }
        }
        matches
            .into_values()
            .filter(|m| m.state.is_live())
            .collect()
    };
    let rules = |p: ParticipantId, q: QMemberId| {
        let key = RecordKey::PairRule(p, q);
        writes.saved.contains_key(&key)
            || (data.pair_rules.contains_key(&(p, q)) && !writes.deleted.contains(&key))
    };
    match kept {
        PersonRef::Participant(id) => {
            let mentors: Vec<&str> = after
                .iter()
                .filter(|m| m.participant == id)
                .map(|m| data.q_member_name(m.q_member))
                .collect();
            if mentors.len() > 1 {
                plan.warnings.push(format!(
                    "They will have {} live mentoring matches ({}): end all but one in the \
                     mentoring pane",
                    mentors.len(),
                    mentors.join(" and ")
                ));
            }
        }
        PersonRef::QMember(id) => {
            let mentees = after.iter().filter(|m| m.q_member == id).count();
            let capacity = match writes.saved.get(&RecordKey::QMember(id)) {
                Some(Record::QMember(q)) => q.mentoring_capacity,
                _ => data.q_members.get(&id).map_or(0, |q| q.mentoring_capacity),
            };
            if mentees > capacity as usize {
                plan.warnings.push(format!(
                    "They will mentor {mentees} people, above their capacity of {capacity}"
                ));
            }
        }
    }
    let of_kept = |m: &&MentoringMatch| match kept {
        PersonRef::Participant(id) => m.participant == id,
        PersonRef::QMember(id) => m.q_member == id,
    };
    let themselves: Vec<&str> = after
        .iter()
        .filter(of_kept)
        .filter(|m| {
            match (
                data.participants.get(&m.participant),
                data.q_members.get(&m.q_member),
            ) {
                (Some(p), Some(q)) => same_person(data, p, q).is_some(),
                _ => false,
            }
        })
        .map(|m| data.participant_name(m.participant))
        .collect();
    if !themselves.is_empty() {
        plan.warnings.push(format!(
            "{} would be matched with themselves as a mentor: end that match in the mentoring \
             pane",
            themselves.join(", ")
        ));
    }
    let forbidden: Vec<String> = after
        .iter()
        .filter(of_kept)
        .filter(|m| rules(m.participant, m.q_member))
        .map(|m| {
            format!(
                "{} with {}",
                data.participant_name(m.participant),
                data.q_member_name(m.q_member)
            )
        })
        .collect();
    if !forbidden.is_empty() {
        plan.warnings.push(format!(
            "A pair rule forbids the live match of {}: end it in the mentoring pane",
            forbidden.join(", ")
        ));
    }
    plan.change = writes.into_change(data, plan.summary());
    plan
}
