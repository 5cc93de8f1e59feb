//! Merging two organisations or two professions: one name spelt two ways.

use super::{CannotMerge, Kind, Moved, Plan, Writes, nearest};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{OrganisationId, ProfessionId};
use crate::domain::people::{Participant, QMember};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::name_key;

/// The one of `names` (id, name) that `given` names as an import would read it, or why none.
fn find<Id: Copy>(
    kind: Kind,
    names: &[(Id, &str)],
    given: &str,
) -> Result<(Id, String), CannotMerge> {
    let wanted = name_key(given);
    if let Some((id, name)) = names.iter().find(|(_, name)| name_key(name) == wanted) {
        return Ok((*id, (*name).to_string()));
    }
    let candidates: Vec<(String, String)> = names
        .iter()
        .map(|(_, name)| ((*name).to_string(), (*name).to_string()))
        .collect();
    Err(CannotMerge::Unknown {
        kind,
        given: given.trim().to_string(),
        near: nearest(given, &candidates),
    })
}

/// Merging the organisation `gone` names into the one `keep` names: every participant and Q
/// member of it moves, and its name goes.
pub(super) fn organisations(data: &Snapshot, keep: &str, gone: &str) -> Result<Plan, CannotMerge> {
    let names: Vec<(OrganisationId, &str)> = data
        .organisations
        .values()
        .map(|o| (o.id, o.name.as_str()))
        .collect();
    let (keep_id, keep_name) = find(Kind::Organisations, &names, keep)?;
    let (gone_id, gone_name) = find(Kind::Organisations, &names, gone)?;
    if keep_id == gone_id {
        return Err(CannotMerge::Same(
            keep.trim().to_string(),
            gone.trim().to_string(),
            "organisation",
        ));
    }
    Ok(regroup(
        data,
        Kind::Organisations,
        (keep_name, gone_name),
        RecordKey::Organisation(gone_id),
        |p| {
            (p.organisation == gone_id).then(|| Participant {
                organisation: keep_id,
                ..p.clone()
            })
        },
        |q| {
            (q.organisation == gone_id).then(|| QMember {
                organisation: keep_id,
                ..q.clone()
            })
        },
    ))
}

/// Merging the profession `gone` names into the one `keep` names.
pub(super) fn professions(data: &Snapshot, keep: &str, gone: &str) -> Result<Plan, CannotMerge> {
    let names: Vec<(ProfessionId, &str)> = data
        .professions
        .values()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let (keep_id, keep_name) = find(Kind::Professions, &names, keep)?;
    let (gone_id, gone_name) = find(Kind::Professions, &names, gone)?;
    if keep_id == gone_id {
        return Err(CannotMerge::Same(
            keep.trim().to_string(),
            gone.trim().to_string(),
            "profession",
        ));
    }
    Ok(regroup(
        data,
        Kind::Professions,
        (keep_name, gone_name),
        RecordKey::Profession(gone_id),
        |p| {
            (p.profession == gone_id).then(|| Participant {
                profession: keep_id,
                ..p.clone()
            })
        },
        |q| {
            (q.profession == gone_id).then(|| QMember {
                profession: keep_id,
                ..q.clone()
            })
        },
    ))
}

/// Every participant and Q member `moved_*` moves (returning them as they will be), and the
/// record at `gone` deleted.
fn regroup(
    data: &Snapshot,
    kind: Kind,
    (keep, gone): (String, String),
    gone_key: RecordKey,
    moved_participant: impl Fn(&Participant) -> Option<Participant>,
    moved_q_member: impl Fn(&QMember) -> Option<QMember>,
) -> Plan {
    let mut writes = Writes::default();
    let mut moved = Moved::default();
    for p in data.participants.values().filter_map(&moved_participant) {
        moved.participants += 1;
        writes.save(Record::Participant(p));
    }
    for q in data.q_members.values().filter_map(&moved_q_member) {
        moved.q_members += 1;
        writes.save(Record::QMember(q));
    }
    writes.delete(gone_key);
    let mut plan = Plan {
        kind,
        keep,
        gone,
        moved,
        settled: Vec::new(),
        warnings: Vec::new(),
        change: Change::Batch {
            summary: String::new(),
            changes: Vec::new(),
        },
    };
    plan.change = writes.into_change(data, plan.summary());
    plan
}
