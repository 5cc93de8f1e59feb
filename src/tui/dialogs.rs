//! The roster's quick forms: moving a participant along the pathway, and ticking a Q readiness
//! item. Each turns into one change, saved only if nobody changed the person meanwhile.

use super::form::{Field, Form};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{CohortId, OrganisationId, ParticipantId, ProfessionId};
use crate::domain::pathway::{Pathway, PathwayStage, ReadinessItem, ReadinessTick};
use crate::domain::people::{Organisation, Participant, Profession, Project, ProjectStage};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    MoveStage(ParticipantId),
    TickReadiness(ParticipantId),
    NewParticipant,
    EditParticipant(ParticipantId),
    AcceptNomination(ParticipantId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenForm {
    pub form: Form,
    pub purpose: Purpose,
}

/// Offers the stage after the current one along the main pathway, dated today.
pub fn move_stage(person: &Participant, today: NaiveDate) -> OpenForm {
    let stages: Vec<String> = PathwayStage::ALL
        .iter()
        .map(|s| s.label().to_string())
        .collect();
    let current = person.stage();
    let next = match current {
        PathwayStage::JoinedQ | PathwayStage::Withdrawn | PathwayStage::Deferred => current,
        _ => PathwayStage::ALL
            .iter()
            .position(|s| *s == current)
            .and_then(|i| PathwayStage::ALL.get(i + 1).copied())
            .unwrap_or(current),
    };
    let chosen = PathwayStage::ALL
        .iter()
        .position(|s| *s == next)
        .unwrap_or(0);
    OpenForm {
        form: Form::new(
            format!("Move {} along the pathway (now {})", person.name, current),
            vec![
                Field::choice("Stage", stages, chosen),
                Field::date("Date", today),
                Field::text("Note", "", false),
            ],
        ),
        purpose: Purpose::MoveStage(person.id),
    }
}

/// Offers the readiness items not yet ticked; `None` when all are.
pub fn tick_readiness(person: &Participant, today: NaiveDate) -> Option<OpenForm> {
    let open: Vec<String> = ReadinessItem::ALL
        .iter()
        .filter(|item| !person.readiness.iter().any(|t| t.item == **item))
        .map(|item| item.label().to_string())
        .collect();
    if open.is_empty() {
        return None;
    }
    Some(OpenForm {
        form: Form::new(
            format!("Tick a Q readiness item for {}", person.name),
            vec![
                Field::choice("Item", open, 0),
                Field::date("Date", today),
                Field::text("Note", "", false),
            ],
        ),
        purpose: Purpose::TickReadiness(person.id),
    })
}

/// A form for a new participant (`person` is `None`) or for changing one.
pub fn participant_form(data: &Snapshot, person: Option<&Participant>) -> OpenForm {
    let professions: Vec<String> = data.professions.values().map(|p| p.name.clone()).collect();
    let organisations: Vec<String> = data
        .organisations
        .values()
        .map(|o| o.name.clone())
        .collect();
    let nominators: Vec<String> = data
        .q_members
        .values()
        .filter(|q| q.offers(crate::domain::people::QRole::Nominator))
        .map(|q| q.name.clone())
        .collect();
    let mut cohorts: Vec<(Option<CohortId>, String)> = vec![(None, AWAITING.to_string())];
    let mut sorted: Vec<_> = data.cohorts.values().collect();
    sorted.sort_by_key(|c| c.number);
    cohorts.extend(sorted.into_iter().map(|c| (Some(c.id), c.name.clone())));
    let cohort_at = person
        .and_then(|p| cohorts.iter().position(|(id, _)| *id == p.cohort))
        .unwrap_or(0);
    let names = |f: fn(&Participant) -> String| person.map(f).unwrap_or_default();
    let mut fields = vec![
        Field::text("Name", &names(|p| p.name.clone()), true),
        Field::email("Email", &names(|p| p.email.clone())),
        Field::pick(
            "Job",
            professions,
            person.map_or("", |p| data.profession_name(p.profession)),
            true,
        ),
        Field::pick(
            "Org",
            organisations,
            person.map_or("", |p| data.organisation_name(p.organisation)),
            true,
        ),
        Field::choice(
            "Cohort",
            cohorts.iter().map(|(_, name)| name.clone()).collect(),
            cohort_at,
        ),
        Field::optional_pick(
            "By",
            nominators,
            person
                .and_then(|p| p.nominated_by)
                .map_or("", |q| data.q_member_name(q)),
        ),
        Field::text("Project", &names(|p| p.project.title.clone()), false),
        Field::text("Aim", &names(|p| p.project.aim.clone()), false),
        Field::choice(
            "Progress",
            ProjectStage::ALL
                .iter()
                .map(|s| s.label().to_string())
                .collect(),
            person
                .and_then(|p| ProjectStage::ALL.iter().position(|s| *s == p.project.stage))
                .unwrap_or(0),
        ),
        Field::text("Topics", &names(|p| p.project.topics.join("; ")), false),
        Field::text("Notes", &names(|p| p.notes.clone()), false),
    ];
    let (title, purpose) = match person {
        Some(p) => (format!("Change {}", p.name), Purpose::EditParticipant(p.id)),
        None => {
            fields.push(Field::choice(
                "Stage",
                PathwayStage::ALL
                    .iter()
                    .map(|s| s.label().to_string())
                    .collect(),
                0,
            ));
            ("New participant".to_string(), Purpose::NewParticipant)
        }
    };
    OpenForm {
        form: Form::new(title, fields),
        purpose,
    }
}

const AWAITING: &str = "none yet (awaiting review)";

/// Whether someone is a nominee waiting for the team's decision.
pub fn awaiting_review(person: &Participant) -> bool {
    person.cohort.is_none() && person.stage() == PathwayStage::Nominated
}

/// Accepting a nominee: into which cohort (one not yet finished), and when.
pub fn accept_nomination(data: &Snapshot, person: &Participant, today: NaiveDate) -> OpenForm {
    let mut open: Vec<_> = data
        .cohorts
        .values()
        .filter(|c| c.phase(today) != crate::domain::programme::CohortPhase::Finished)
        .collect();
    open.sort_by_key(|c| c.number);
    let names: Vec<String> = open.iter().map(|c| c.name.clone()).collect();
    // The recruiting cohort is the usual choice.
    let chosen = open
        .iter()
        .position(|c| c.phase(today) == crate::domain::programme::CohortPhase::Recruiting)
        .unwrap_or(0);
    OpenForm {
        form: Form::new(
            format!("Accept {}'s nomination", person.name),
            vec![
                Field::choice("Cohort", names, chosen),
                Field::date("Date", today),
                Field::text("Note", "nomination accepted", false),
            ],
        ),
        purpose: Purpose::AcceptNomination(person.id),
    }
}

/// Declining a nominee: they leave the pathway as withdrawn, with the reason in their history.
pub fn decline_nomination(
    data: &Snapshot,
    person: &Participant,
    today: NaiveDate,
) -> (Change, String) {
    let mut declined = person.clone();
    declined
        .pathway
        .move_to(PathwayStage::Withdrawn, today, "nomination declined".into());
    (
        Change::Edit {
            based_on: data
                .revisions
                .get(&RecordKey::Participant(person.id))
                .map(|r| r.seq),
            record: Record::Participant(declined),
        },
        format!("Declined {}'s nomination", person.name),
    )
}

fn value<'a>(open: &'a OpenForm, label: &str) -> &'a str {
    open.form.field(label).map_or("", |f| f.value.as_str())
}

/// The participant a filled-in participant form describes, with any organisation or
/// profession it names for the first time.
fn participant_change(
    open: &OpenForm,
    data: &Snapshot,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let email = crate::domain::text::clean_line(value(open, "Email"));
    let editing = match open.purpose {
        Purpose::EditParticipant(id) => Some(id),
        _ => None,
    };
    if let Some(other) = data
        .participants
        .values()
        .find(|p| p.email.eq_ignore_ascii_case(&email) && Some(p.id) != editing)
    {
        return Err(format!("{email} is already {}'s email", other.name));
    }
    let mut changes = Vec::new();
    let profession = match data.professions.values().find(|p| {
        crate::domain::text::name_key(&p.name) == crate::domain::text::name_key(value(open, "Job"))
    }) {
        Some(p) => p.id,
        None => {
            let id = ProfessionId(data.professions.keys().next_back().map_or(1, |k| k.0 + 1));
            changes.push(Change::Edit {
                record: Record::Profession(Profession {
                    id,
                    name: crate::domain::text::clean_line(value(open, "Job")),
                }),
                based_on: None,
            });
            id
        }
    };
    let organisation = match data.organisations.values().find(|o| {
        crate::domain::text::name_key(&o.name) == crate::domain::text::name_key(value(open, "Org"))
    }) {
        Some(o) => o.id,
        None => {
            let id = OrganisationId(data.organisations.keys().next_back().map_or(1, |k| k.0 + 1));
            changes.push(Change::Edit {
                record: Record::Organisation(Organisation {
                    id,
                    name: crate::domain::text::clean_line(value(open, "Org")),
                }),
                based_on: None,
            });
            id
        }
    };
    let cohort = data
        .cohorts
        .values()
        .find(|c| c.name == value(open, "Cohort"))
        .map(|c| c.id);
    let topics: Vec<String> = value(open, "Topics")
        .split(';')
        .map(crate::domain::text::clean_line)
        .filter(|t| !t.is_empty())
        .collect();
    let (mut person, based_on) = match editing {
        Some(id) => {
            let p = data
                .participants
                .get(&id)
                .cloned()
                .ok_or_else(|| "that person is no longer on the roster".to_string())?;
            let based_on = data
                .revisions
                .get(&RecordKey::Participant(id))
                .map(|r| r.seq);
            (p, based_on)
        }
        None => {
            let stage: PathwayStage = value(open, "Stage").parse().map_err(|e| format!("{e}"))?;
            let id = ParticipantId(data.participants.keys().next_back().map_or(1, |k| k.0 + 1));
            let person = Participant {
                id,
                name: String::new(),
                email: String::new(),
                profession,
                organisation,
                cohort,
                nominated_by: None,
                project: Project {
                    title: String::new(),
                    aim: String::new(),
                    topics: Vec::new(),
                    stage: ProjectStage::Scoping,
                },
                pathway: Pathway::starting(stage, today),
                readiness: Vec::new(),
                notes: String::new(),
            };
            (person, None)
        }
    };
    person.name = crate::domain::text::clean_line(value(open, "Name"));
    person.email = email;
    person.profession = profession;
    person.organisation = organisation;
    person.cohort = cohort;
    person.nominated_by = data
        .q_members
        .values()
        .find(|q| {
            !value(open, "By").trim().is_empty()
                && crate::domain::text::fold(&q.name)
                    == crate::domain::text::fold(value(open, "By").trim())
        })
        .map(|q| q.id);
    person.project.title = crate::domain::text::clean_line(value(open, "Project"));
    person.project.aim = crate::domain::text::clean_text(value(open, "Aim"));
    if let Ok(stage) = value(open, "Progress").parse::<ProjectStage>() {
        person.project.stage = stage;
    }
    person.project.topics = topics;
    person.notes = crate::domain::text::clean_text(value(open, "Notes"));
    let (summary, done) = match editing {
        Some(_) => (
            format!("changed participant {}", person.name),
            format!("Saved {}", person.name),
        ),
        None => (
            format!("added participant {}", person.name),
            format!("Added {}", person.name),
        ),
    };
    changes.push(Change::Edit {
        record: Record::Participant(person),
        based_on,
    });
    Ok((Change::Batch { summary, changes }, done))
}

/// What refers to a participant: said before they are deleted.
pub fn references_to(data: &Snapshot, id: ParticipantId) -> Vec<String> {
    let matches = data
        .matches
        .values()
        .filter(|m| m.participant == id)
        .count();
    let sessions = data
        .sessions
        .values()
        .filter(|s| s.invitees.iter().any(|i| i.participant == id))
        .count();
    let expenses = data
        .expenses
        .values()
        .filter(|e| e.person == Some(crate::domain::people::PersonRef::Participant(id)))
        .count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    [
        (
            matches,
            plural(matches, "mentoring match", "mentoring matches"),
        ),
        (
            sessions,
            plural(
                sessions,
                "session's invitation list",
                "sessions' invitation lists",
            ),
        ),
        (expenses, plural(expenses, "expense", "expenses")),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, text)| text)
    .collect()
}

/// The change a filled-in form asks for, and what to say once it is saved.
pub fn change_for(
    open: &OpenForm,
    data: &Snapshot,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let id = match open.purpose {
        Purpose::MoveStage(id) | Purpose::TickReadiness(id) | Purpose::AcceptNomination(id) => id,
        Purpose::NewParticipant | Purpose::EditParticipant(_) => {
            return participant_change(open, data, today);
        }
    };
    let mut person = data
        .participants
        .get(&id)
        .cloned()
        .ok_or_else(|| "that person is no longer on the roster".to_string())?;
    let date = open
        .form
        .field("Date")
        .and_then(|f| f.as_date())
        .ok_or_else(|| "the date is not right yet".to_string())?;
    let note = open
        .form
        .field("Note")
        .map(|f| crate::domain::text::clean_text(&f.value))
        .unwrap_or_default();
    let done = match open.purpose {
        Purpose::NewParticipant | Purpose::EditParticipant(_) => {
            return participant_change(open, data, today);
        }
        Purpose::AcceptNomination(_) => {
            let cohort = data
                .cohorts
                .values()
                .find(|c| c.name == value(open, "Cohort"))
                .ok_or_else(|| "choose a cohort".to_string())?;
            person.cohort = Some(cohort.id);
            person.pathway.move_to(PathwayStage::Applied, date, note);
            format!("{} is now an applicant for {}", person.name, cohort.name)
        }
        Purpose::MoveStage(_) => {
            let label = open
                .form
                .field("Stage")
                .map(|f| f.value.as_str())
                .unwrap_or("");
            let stage: PathwayStage = label.parse().map_err(|e| format!("{e}"))?;
            person.pathway.move_to(stage, date, note);
            format!(
                "{} is now {} (from {})",
                person.name,
                stage,
                date.format("%-d %b %Y")
            )
        }
        Purpose::TickReadiness(_) => {
            let label = open
                .form
                .field("Item")
                .map(|f| f.value.as_str())
                .unwrap_or("");
            let item = ReadinessItem::ALL
                .into_iter()
                .find(|i| i.label() == label)
                .ok_or_else(|| format!("“{label}” is not a readiness item"))?;
            person.readiness.push(ReadinessTick {
                item,
                on: date,
                note,
            });
            format!("Ticked “{}” for {}", item.label(), person.name)
        }
    };
    let change = Change::Edit {
        based_on: data
            .revisions
            .get(&RecordKey::Participant(id))
            .map(|r| r.seq),
        record: Record::Participant(person),
    };
    Ok((change, done))
}
