//! Forms for the registers besides the roster: Q members, cohorts, organisations and
//! professions; and the question asked before anything is deleted.

use super::{Group, OpenForm, Purpose, based_on, organisation_named, profession_named, value};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{CohortId, OrganisationId, ProfessionId, QMemberId};
use crate::domain::people::directory::{
    references_to_cohort, references_to_organisation, references_to_participant,
    references_to_profession, references_to_q_member, references_to_venue,
};
use crate::domain::people::same_email;
use crate::domain::people::{Organisation, Profession, QMember, QRole};
use crate::domain::programme::Cohort;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{clean_line, clean_text, name_key};
use crate::tui::effects::Confirm;
use crate::tui::form::{Field, Form, Rule};
use chrono::{Months, NaiveDate};

const IN_LONDON: &str = "in London";
const OUTSIDE_LONDON: &str = "outside London (travel may be claimed)";
const AVAILABLE: &str = "available";
const UNAVAILABLE: &str = "not available for now";

/// A form for a new Q member (`member` is `None`) or for changing one.
pub fn q_member_form(data: &Snapshot, member: Option<&QMember>) -> OpenForm {
    let text = |f: fn(&QMember) -> String| member.map(f).unwrap_or_default();
    let roles: Vec<String> = QRole::ALL.iter().map(|r| r.label().to_string()).collect();
    let chosen: Vec<String> = member.map_or_else(
        || vec![QRole::Mentor.label().to_string()],
        |m| {
            QRole::ALL
                .iter()
                .filter(|r| m.offers(**r))
                .map(|r| r.label().to_string())
                .collect()
        },
    );
    let fields = vec![
        Field::text("Name", &text(|m| m.name.clone()), true),
        Field::email("Email", &text(|m| m.email.clone())),
        Field::pick_or_new(
            "Job",
            "profession",
            data.professions.values().map(|p| p.name.clone()).collect(),
            member.map_or("", |m| data.profession_name(m.profession)),
        ),
        Field::pick_or_new(
            "Org",
            "organisation",
            data.organisations
                .values()
                .map(|o| o.name.clone())
                .collect(),
            member.map_or("", |m| data.organisation_name(m.organisation)),
        ),
        Field::choice(
            "Based",
            vec![IN_LONDON.into(), OUTSIDE_LONDON.into()],
            // A new member is taken to come from outside London, so travel is proposed for
            // them until someone says London: the safer mistake for a regional programme.
            usize::from(member.is_none_or(|m| !m.london_based)),
        ),
        Field::several("Roles", roles, &chosen),
        Field::count("Capacity", member.map_or(2, |m| m.mentoring_capacity)),
        Field::choice(
            "Now",
            vec![AVAILABLE.into(), UNAVAILABLE.into()],
            usize::from(member.is_some_and(|m| !m.available)),
        ),
        Field::text("Topics", &text(|m| m.expertise.join("; ")), false),
        Field::text("Notes", &text(|m| m.availability_notes.clone()), false),
    ];
    let title = member.map_or("New Q member".to_string(), |m| format!("Change {}", m.name));
    let emails = data
        .q_members
        .values()
        .filter(|q| Some(q.id) != member.map(|m| m.id))
        .map(|q| (q.email.clone(), format!("already {}'s email", q.name)))
        .collect();
    OpenForm {
        form: Form::new(title, fields).with(Rule::NotTaken {
            field: "Email",
            taken: emails,
        }),
        purpose: Purpose::QMember(member.map(|m| m.id)),
    }
}

pub(super) fn q_member_change(
    open: &OpenForm,
    data: &Snapshot,
    editing: Option<QMemberId>,
) -> Result<(Change, String), String> {
    let email = clean_line(value(open, "Email"));
    if let Some(other) = data
        .q_members
        .values()
        .find(|q| same_email(&q.email, &email) && Some(q.id) != editing)
    {
        return Err(format!("{email} is already {}'s email", other.name));
    }
    let mut changes = Vec::new();
    let profession = profession_named(data, value(open, "Job"), &mut changes);
    let organisation = organisation_named(data, value(open, "Org"), &mut changes);
    let roles: Vec<QRole> = open
        .form
        .field("Roles")
        .map(|f| f.chosen())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|label| label.parse().ok())
        .collect();
    let capacity = open
        .form
        .field("Capacity")
        .and_then(|f| f.as_count())
        .ok_or_else(|| "the capacity is not a whole number yet".to_string())?;
    let id = match editing {
        Some(id) if !data.q_members.contains_key(&id) => {
            return Err("that Q member is no longer in the register".to_string());
        }
        Some(id) => id,
        None => QMemberId(data.next_id(|id| RecordKey::QMember(QMemberId(id)))),
    };
    let member = QMember {
        id,
        name: clean_line(value(open, "Name")),
        email,
        profession,
        organisation,
        london_based: value(open, "Based") == IN_LONDON,
        expertise: crate::domain::labels::topics(value(open, "Topics").split(';')),
        roles,
        mentoring_capacity: capacity,
        available: value(open, "Now") == AVAILABLE,
        availability_notes: clean_text(value(open, "Notes")),
    };
    let (summary, done) = match editing {
        Some(_) => (
            format!("changed Q member {}", member.name),
            super::saved_words(data, &Record::QMember(member.clone())),
        ),
        None => (
            format!("added Q member {}", member.name),
            format!("Added {} to the Q members", member.name),
        ),
    };
    changes.push(Change::Edit {
        based_on: editing.and_then(|id| based_on(data, RecordKey::QMember(id))),
        record: Record::QMember(member),
    });
    Ok((Change::Batch { summary, changes }, done))
}

/// A form for a new cohort (following on from the latest) or for changing one.
pub fn cohort_form(data: &Snapshot, cohort: Option<&Cohort>, today: NaiveDate) -> OpenForm {
    let latest = data.cohorts.values().max_by_key(|c| (c.starts, c.number));
    let others = || {
        data.cohorts
            .values()
            .filter(|c| Some(c.id) != cohort.map(|c| c.id))
    };
    let (number, name, starts, ends, target) = match cohort {
        Some(c) => (c.number, c.name.clone(), c.starts, c.ends, c.target_size),
        None => {
            let number = data.cohorts.values().map(|c| c.number).max().unwrap_or(0) + 1;
            let starts = latest
                .and_then(|c| c.ends.succ_opt())
                .filter(|d| *d > today)
                .unwrap_or(today);
            let ends = starts
                .checked_add_months(Months::new(12))
                .and_then(|d| d.pred_opt())
                .unwrap_or(starts);
            let target = latest.map_or(12, |c| c.target_size);
            (number, format!("Cohort {number}"), starts, ends, target)
        }
    };
    OpenForm {
        form: Form::new(
            cohort.map_or("New cohort".to_string(), |c| format!("Change {}", c.name)),
            vec![
                Field::count("Number", number),
                Field::text("Name", &name, true),
                Field::date("Starts", starts, today),
                Field::date("Ends", ends, today).counted_from_field("Starts"),
                Field::count("Target", target),
            ],
        )
        .with(Rule::NotBefore {
            field: "Ends",
            start: "Starts",
            noun: "the start",
        })
        .with(Rule::NotTaken {
            field: "Number",
            taken: others()
                .map(|c| (c.number.to_string(), format!("{} has that number", c.name)))
                .collect(),
        })
        .with(Rule::NotTaken {
            field: "Name",
            taken: others()
                .map(|c| (c.name.clone(), "another cohort has that name".to_string()))
                .collect(),
        }),
        purpose: Purpose::Cohort(cohort.map(|c| c.id)),
    }
}

pub(super) fn cohort_change(
    open: &OpenForm,
    data: &Snapshot,
    editing: Option<CohortId>,
) -> Result<(Change, String), String> {
    let count = |label: &str| {
        open.form
            .field(label)
            .and_then(|f| f.as_count())
            .ok_or_else(|| format!("the {} is not a whole number yet", label.to_lowercase()))
    };
    let date = |label: &str| {
        open.form
            .field(label)
            .and_then(|f| f.as_date())
            .ok_or_else(|| format!("the {} date is not right yet", label.to_lowercase()))
    };
    let number = count("Number")?;
    let name = clean_line(value(open, "Name"));
    let (starts, ends) = (date("Starts")?, date("Ends")?);
    if ends < starts {
        return Err(format!(
            "{name} would end ({ends}) before it starts ({starts}): change one of the dates"
        ));
    }
    let others = || data.cohorts.values().filter(|c| Some(c.id) != editing);
    if let Some(other) = others().find(|c| c.number == number) {
        return Err(format!("{} already has the number {number}", other.name));
    }
    if others().any(|c| name_key(&c.name) == name_key(&name)) {
        return Err(format!("there is already a cohort called {name}"));
    }
    let id = match editing {
        Some(id) if !data.cohorts.contains_key(&id) => {
            return Err("that cohort is no longer there".to_string());
        }
        Some(id) => id,
        None => CohortId(data.next_id(|id| RecordKey::Cohort(CohortId(id)))),
    };
    let added = format!("Added {name}");
    let record = Record::Cohort(Cohort {
        id,
        number,
        name,
        starts,
        ends,
        target_size: count("Target")?,
    });
    let done = match editing {
        Some(_) => super::saved_words(data, &record),
        None => added,
    };
    let change = Change::Edit {
        based_on: editing.and_then(|id| based_on(data, RecordKey::Cohort(id))),
        record,
    };
    Ok((change, done))
}

impl Group {
    fn noun(self) -> &'static str {
        match self {
            Group::Organisation => "organisation",
            Group::Profession => "profession",
        }
    }

    /// The key of this kind of group's record `id`.
    fn key(self) -> fn(u64) -> RecordKey {
        match self {
            Group::Organisation => |id| RecordKey::Organisation(OrganisationId(id)),
            Group::Profession => |id| RecordKey::Profession(ProfessionId(id)),
        }
    }

    fn names(self, data: &Snapshot) -> Vec<(u64, &str)> {
        match self {
            Group::Organisation => data
                .organisations
                .values()
                .map(|o| (o.id.0, o.name.as_str()))
                .collect(),
            Group::Profession => data
                .professions
                .values()
                .map(|p| (p.id.0, p.name.as_str()))
                .collect(),
        }
    }
}

/// A form for a new organisation or profession, or for renaming one.
pub fn group_form(group: Group, current: Option<(u64, &str)>) -> OpenForm {
    let noun = group.noun();
    let title = match current {
        Some((_, name)) => format!("Rename the {noun} {name}"),
        None => format!("New {noun}"),
    };
    OpenForm {
        form: Form::new(
            title,
            vec![Field::text("Name", current.map_or("", |(_, n)| n), true)],
        ),
        purpose: Purpose::Group(group, current.map(|(id, _)| id)),
    }
}

pub(super) fn group_change(
    open: &OpenForm,
    data: &Snapshot,
    group: Group,
    editing: Option<u64>,
) -> Result<(Change, String), String> {
    let name = clean_line(value(open, "Name"));
    let names = group.names(data);
    if let Some((_, same)) = names
        .iter()
        .find(|(id, other)| Some(*id) != editing && name_key(other) == name_key(&name))
    {
        return Err(format!("there is already a {} called {same}", group.noun()));
    }
    let id = match editing {
        Some(id) if !names.iter().any(|(other, _)| *other == id) => {
            return Err(format!("that {} is no longer there", group.noun()));
        }
        Some(id) => id,
        None => data.next_id(group.key()),
    };
    let (record, key) = match group {
        Group::Organisation => (
            Record::Organisation(Organisation {
                id: OrganisationId(id),
                name: name.clone(),
            }),
            RecordKey::Organisation(OrganisationId(id)),
        ),
        Group::Profession => (
            Record::Profession(Profession {
                id: ProfessionId(id),
                name: name.clone(),
            }),
            RecordKey::Profession(ProfessionId(id)),
        ),
    };
    let done = match editing {
        Some(_) => format!("Renamed the {} {name}", group.noun()),
        None => format!("Added the {} {name}", group.noun()),
    };
    let change = Change::Edit {
        based_on: editing.and_then(|_| based_on(data, key)),
        record,
    };
    Ok((change, done))
}

/// What to ask before deleting `key`, naming what still refers to it. People may be deleted
/// with their references left (undo brings them back); a cohort, organisation or profession
/// that anyone still belongs to is refused, with what to do instead.
pub fn delete_question(data: &Snapshot, key: RecordKey) -> Result<Confirm, String> {
    let ask = |name: &str, refs: crate::domain::people::directory::References| {
        let (refs, matches) = refs.without("mentoring match");
        let going = match matches {
            0 => String::new(),
            1 => " Their mentoring match goes too.".to_string(),
            n => format!(" Their {n} mentoring matches go too."),
        };
        let also = if refs.is_empty() {
            String::new()
        } else {
            format!(
                " {} still {} them.",
                refs.sentence(),
                refs.verb("names", "name")
            )
        };
        Confirm {
            question: format!("Delete {name}?{going}{also} (u undoes it)"),
            change: crate::domain::people::directory::removal_of_person(data, key)
                .unwrap_or(Change::Delete(key)),
            done: format!("Deleted {name}"),
        }
    };
    let refuse_or_ask = |what: String, refs: crate::domain::people::directory::References| {
        if refs.is_empty() {
            Ok(Confirm {
                question: format!("Delete {what}? (u undoes it)"),
                change: Change::Delete(key),
                done: format!("Deleted {what}"),
            })
        } else {
            // Short enough for an 80-column footer; the row in question is the one selected.
            Err(format!(
                "Can't delete: it still has {}; move them first.",
                refs.sentence()
            ))
        }
    };
    match key {
        RecordKey::Participant(id) => data
            .participants
            .get(&id)
            .map(|p| ask(&p.name, references_to_participant(data, id)))
            .ok_or_else(gone),
        RecordKey::QMember(id) => data
            .q_members
            .get(&id)
            .map(|q| ask(&q.name, references_to_q_member(data, id)))
            .ok_or_else(gone),
        RecordKey::Cohort(id) => {
            let cohort = data.cohorts.get(&id).ok_or_else(gone)?;
            refuse_or_ask(cohort.name.clone(), references_to_cohort(data, id))
        }
        RecordKey::Organisation(id) => {
            let o = data.organisations.get(&id).ok_or_else(gone)?;
            refuse_or_ask(
                format!("the organisation {}", o.name),
                references_to_organisation(data, id),
            )
        }
        RecordKey::Profession(id) => {
            let p = data.professions.get(&id).ok_or_else(gone)?;
            refuse_or_ask(
                format!("the profession {}", p.name),
                references_to_profession(data, id),
            )
        }
        RecordKey::Venue(id) => {
            let v = data.venues.get(&id).ok_or_else(gone)?;
            refuse_or_ask(v.name.clone(), references_to_venue(data, id))
        }
        _ => Err("that cannot be deleted from here".to_string()),
    }
}

fn gone() -> String {
    "that is no longer there; someone may have deleted it already".to_string()
}
