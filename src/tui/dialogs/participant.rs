//! The participant form: enrolling someone new or changing their details, creating any
//! organisation or profession named for the first time.

use super::{
    OpenForm, Purpose, based_on, organisation_named, participant_on_roster, profession_named,
    q_member_called, q_member_label, q_member_offers, value,
};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::people::pathway::{Pathway, PathwayStage};
use crate::domain::people::same_email;
use crate::domain::people::{Participant, Project, ProjectStage, QRole};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{clean_line, clean_text, fold};
use crate::tui::form::{Field, Form, Rule};
use chrono::NaiveDate;

/// A form for a new participant (`person` is `None`, placed in `cohort` unless changed, at the
/// stage that cohort gives on `today`: see [`stage_offered`]) or for changing one.
pub fn participant_form(
    data: &Snapshot,
    person: Option<&Participant>,
    cohort: Option<CohortId>,
    today: NaiveDate,
) -> OpenForm {
    let professions: Vec<String> = data.professions.values().map(|p| p.name.clone()).collect();
    let organisations: Vec<String> = data
        .organisations
        .values()
        .map(|o| o.name.clone())
        .collect();
    // Whoever the record names already stays on offer, so it saves unchanged even after they
    // stopped offering the role.
    let nominators = q_member_offers(data, |q| {
        q.offers(QRole::Nominator) || person.is_some_and(|p| p.nominated_by == Some(q.id))
    });
    let mut cohorts: Vec<_> = data.cohorts.values().collect();
    cohorts.sort_by_key(|c| c.number);
    let cohorts: Vec<String> = cohorts.into_iter().map(|c| c.name.clone()).collect();
    let in_cohort = person
        .map_or(cohort, |p| p.cohort)
        .map_or("", |id| data.cohort_name(id));
    let names = |f: fn(&Participant) -> String| person.map(f).unwrap_or_default();
    let mut fields = vec![
        Field::text("Name", &names(|p| p.name.clone()), true),
        Field::email("Email", &names(|p| p.email.clone())),
        Field::pick_or_new(
            "Job",
            "profession",
            professions,
            person.map_or("", |p| data.profession_name(p.profession)),
        ),
        Field::pick_or_new(
            "Org",
            "organisation",
            organisations,
            person.map_or("", |p| data.organisation_name(p.organisation)),
        ),
        // Left blank, the person is a nominee awaiting review.
        Field::optional_pick("Cohort", cohorts, in_cohort).when_none(
            "there is no cohort yet: add one in the roster's cohorts list (1, then v to reach it)",
        ),
        Field::optional_pick(
            "By",
            nominators,
            &q_member_label(data, person.and_then(|p| p.nominated_by)),
        )
        .when_none(
            "no Q member offers the nominator role yet: give one that role in the Q members \
             list (1, then v, then e)",
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
            let offered = stage_offered(data, in_cohort, today);
            // Beside the cohort it follows, so it is in view at 80×24 when the cohort is.
            let beside_cohort = fields
                .iter()
                .position(|f| f.label == "Cohort")
                .map_or(fields.len(), |at| at + 1);
            fields.insert(
                beside_cohort,
                Field::choice(
                    "Stage",
                    PathwayStage::ALL
                        .iter()
                        .map(|s| s.label().to_string())
                        .collect(),
                    PathwayStage::ALL
                        .iter()
                        .position(|s| *s == offered)
                        .unwrap_or(0),
                ),
            );
            (
                "New participant".to_string(),
                Purpose::NewParticipant {
                    stage_chosen: false,
                },
            )
        }
    };
    OpenForm {
        form: Form::new(title, fields).with(Rule::NotTaken {
            field: "Email",
            taken: data
                .participants
                .values()
                .filter(|p| Some(p.id) != person.map(|p| p.id))
                .map(|p| (p.email.clone(), format!("already {}'s email", p.name)))
                .collect(),
        }),
        purpose,
    }
}

/// The stage a new participant starts at in the cohort typed as `cohort` on `today`, by the
/// rule imports follow too: [`PathwayStage::starting_in`].
pub fn stage_offered(data: &Snapshot, cohort: &str, today: NaiveDate) -> PathwayStage {
    let wanted = fold(cohort.trim());
    let cohort = data
        .cohorts
        .values()
        .find(|c| !wanted.is_empty() && fold(&c.name) == wanted);
    PathwayStage::starting_in(cohort, today)
}

/// Sets a new participant's stage to the one the cohort now typed gives ([`stage_offered`]):
/// called while the person has not chosen a stage themselves.
pub(super) fn follow_cohort(open: &mut OpenForm, data: &Snapshot, today: NaiveDate) {
    let offered = stage_offered(data, value(open, "Cohort"), today);
    if let Some(stage) = open.form.fields.iter_mut().find(|f| f.label == "Stage") {
        stage.value = offered.label().to_string();
    }
}

/// The participant a filled-in participant form describes, with any organisation or
/// profession it names for the first time.
pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let email = clean_line(value(open, "Email"));
    let editing = match open.purpose {
        Purpose::EditParticipant(id) => Some(id),
        _ => None,
    };
    if let Some(other) = data
        .participants
        .values()
        .find(|p| same_email(&p.email, &email) && Some(p.id) != editing)
    {
        return Err(format!("{email} is already {}'s email", other.name));
    }
    let mut changes = Vec::new();
    let profession = profession_named(data, value(open, "Job"), &mut changes);
    let organisation = organisation_named(data, value(open, "Org"), &mut changes);
    let cohort = open
        .form
        .field("Cohort")
        .and_then(|f| f.picked())
        .and_then(|name| data.cohorts.values().find(|c| c.name == name))
        .map(|c| c.id);
    let topics = crate::domain::labels::topics(value(open, "Topics").split(';'));
    let (mut person, based_on) = match editing {
        Some(id) => {
            let p = participant_on_roster(data, id)?;
            let based_on = based_on(data, RecordKey::Participant(id));
            (p, based_on)
        }
        None => {
            let stage: PathwayStage = value(open, "Stage").parse().map_err(|e| format!("{e}"))?;
            let id = ParticipantId(data.next_id(|id| RecordKey::Participant(ParticipantId(id))));
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
    person.name = clean_line(value(open, "Name"));
    person.email = email;
    person.profession = profession;
    person.organisation = organisation;
    person.cohort = cohort;
    person.nominated_by = q_member_called(data, value(open, "By"));
    person.project.title = clean_line(value(open, "Project"));
    person.project.aim = clean_text(value(open, "Aim"));
    if let Ok(stage) = value(open, "Progress").parse::<ProjectStage>() {
        person.project.stage = stage;
    }
    person.project.topics = topics;
    person.notes = clean_text(value(open, "Notes"));
    let (summary, done) = match editing {
        Some(_) => (
            format!("changed participant {}", person.name),
            super::saved_words(data, &Record::Participant(person.clone())),
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
