//! Participants, their dated pathway stages and their Q readiness ticks.

use super::draft::Draft;
use super::error::{ImportErrors, Problems};
use super::fields;
use super::table::{self, Columns};
use crate::domain::change::Record;
use crate::domain::people::pathway::{Pathway, PathwayStage, ReadinessTick, StageChange};
use crate::domain::people::{Participant, Project, ProjectStage};
use std::collections::HashMap;

pub(crate) const PARTICIPANT_COLUMNS: Columns = Columns {
    required: &["name", "email", "profession", "organisation"],
    optional: &[
        "cohort",
        "nominated_by",
        "project_title",
        "project_aim",
        "topics",
        "project_stage",
        "stage",
        "stage_date",
        "notes",
    ],
};

pub(crate) const PATHWAY_COLUMNS: Columns = Columns {
    required: &["email", "stage", "date"],
    optional: &["note"],
};

pub(crate) const READINESS_COLUMNS: Columns = Columns {
    required: &["email", "item", "date"],
    optional: &["note"],
};

/// New participants. An email already in the programme, or twice in the file, is an error.
pub(crate) fn participants(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &PARTICIPANT_COLUMNS, &mut problems);
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let line = row.line;
        let name = problems.check(line, "name", fields::required(row.raw("name")));
        let email = problems.check(line, "email", fields::email(row.raw("email")));
        if let Some(email) = &email {
            let key = fields::email_key(email);
            if let Some(first) = seen.get(&key) {
                problems.add(
                    line,
                    "email",
                    format!(
                        "{email} is also on line {first}; each participant needs their own email"
                    ),
                );
            } else if let Some(id) = draft.participant_by_email(email) {
                problems.add(
                    line,
                    "email",
                    format!(
                        "{email} already belongs to participant {} in the programme",
                        draft.snapshot.participant_name(id)
                    ),
                );
            }
            seen.entry(key).or_insert(line);
        }
        let profession =
            problems.check(line, "profession", fields::required(row.raw("profession")));
        let organisation = problems.check(
            line,
            "organisation",
            fields::required(row.raw("organisation")),
        );
        let cohort = draft.optional_cohort(&mut problems, line, row.raw("cohort"));
        let nominated_by =
            problems.optional(line, "nominated_by", row.raw("nominated_by"), |raw| {
                draft
                    .q_member_by_email(raw)
                    .ok_or_else(|| format!("no Q member has the email \"{}\"", fields::line(raw)))
            });
        let project_stage = match fields::optional(row.raw("project_stage")) {
            None => Some(ProjectStage::Scoping),
            Some(raw) => problems.check(
                line,
                "project_stage",
                raw.parse::<ProjectStage>().map_err(|e| e.to_string()),
            ),
        };
        let stage = problems.optional(line, "stage", row.raw("stage"), |raw| {
            raw.parse::<PathwayStage>().map_err(|e| e.to_string())
        });
        let stage_date = problems.optional(line, "stage_date", row.raw("stage_date"), fields::date);
        let (
            Some(name),
            Some(email),
            Some(profession),
            Some(organisation),
            Some(cohort),
            Some(nominated_by),
            Some(project_stage),
            Some(stage),
            Some(stage_date),
        ) = (
            name,
            email,
            profession,
            organisation,
            cohort,
            nominated_by,
            project_stage,
            stage,
            stage_date,
        )
        else {
            continue;
        };
        let placeholder = stage.is_none() && stage_date.is_none();
        let start = StageChange {
            stage: stage.unwrap_or_else(|| {
                PathwayStage::starting_in(
                    cohort.and_then(|id| draft.snapshot.cohorts.get(&id)),
                    draft.today,
                )
            }),
            on: stage_date.unwrap_or(draft.today),
            note: if placeholder {
                PLACEHOLDER_NOTE.to_string()
            } else {
                String::new()
            },
        };
        let pathway = Pathway::from_changes(vec![start.clone()])
            .unwrap_or_else(|| Pathway::starting(start.stage, start.on));
        let id = draft.new_participant_id();
        let participant = Participant {
            id,
            name,
            email,
            profession: draft.profession(&profession),
            organisation: draft.organisation(&organisation),
            cohort,
            nominated_by,
            project: Project {
                title: fields::line(row.raw("project_title")),
                aim: fields::text(row.raw("project_aim")),
                topics: fields::tags(row.raw("topics")),
                stage: project_stage,
            },
            pathway,
            readiness: Vec::new(),
            notes: fields::text(row.raw("notes")),
        };
        if placeholder {
            draft.placeholder_pathways.insert(id);
        }
        draft.put(Record::Participant(participant));
    }
    problems.finish()
}

/// The note on the start a participant is given when a file says nothing of their stage. A
/// later pathway file replaces such a start, whether it comes in the same import or another.
pub(crate) const PLACEHOLDER_NOTE: &str = "no stage given when imported";

/// Whether `pathway` is only the start given to someone imported without a stage.
pub(crate) fn is_placeholder(pathway: &Pathway) -> bool {
    matches!(pathway.changes(), [only] if only.note == PLACEHOLDER_NOTE)
}

/// Dated stage changes added to participants' pathways. A participant imported without a
/// stage takes their whole history from here. A row that repeats the stage a
/// participant already had on that date only sets its note, so the change a participant was
/// imported with can be given its note here. A row dated before the stage it follows (the
/// participant's latest so far, from the database or the rows above) is refused in its
/// `date` column.
pub(crate) fn pathway(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &PATHWAY_COLUMNS, &mut problems);
    for row in rows {
        let line = row.line;
        let who = participant(draft, &mut problems, line, row.raw("email"));
        let stage = problems.check(
            line,
            "stage",
            row.raw("stage")
                .parse::<PathwayStage>()
                .map_err(|e| e.to_string()),
        );
        let on = problems.check(line, "date", fields::date(row.raw("date")));
        let (Some(id), Some(stage), Some(on)) = (who, stage, on) else {
            continue;
        };
        let Some(mut person) = draft.snapshot.participants.get(&id).cloned() else {
            continue;
        };
        let note = fields::text(row.raw("note"));
        if draft.placeholder_pathways.remove(&id) {
            person.pathway = Pathway::from_changes(vec![StageChange { stage, on, note }])
                .unwrap_or_else(|| Pathway::starting(stage, on));
        } else {
            // A row is read after the ones above it: it may not go back before them.
            if let Err(wrong) = person.pathway.check_order(stage, on) {
                problems.add(
                    line,
                    "date",
                    format!(
                        "{wrong} (for {}); rows of a pathway go in the order they happened",
                        person.email
                    ),
                );
                continue;
            }
            person.pathway.record(stage, on, note);
        }
        draft.put(Record::Participant(person));
    }
    problems.finish()
}

/// Q readiness ticks. Ticking an item again replaces its date and note.
pub(crate) fn readiness(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &READINESS_COLUMNS, &mut problems);
    for row in rows {
        let line = row.line;
        let who = participant(draft, &mut problems, line, row.raw("email"));
        let item = problems.check(line, "item", fields::readiness_item(row.raw("item")));
        let on = problems.check(line, "date", fields::date(row.raw("date")));
        let (Some(id), Some(item), Some(on)) = (who, item, on) else {
            continue;
        };
        let Some(mut person) = draft.snapshot.participants.get(&id).cloned() else {
            continue;
        };
        let tick = ReadinessTick {
            item,
            on,
            note: fields::text(row.raw("note")),
        };
        match person.readiness.iter_mut().find(|t| t.item == item) {
            Some(existing) => *existing = tick,
            None => person.readiness.push(tick),
        }
        person.readiness.sort_by_key(|t| t.item);
        draft.put(Record::Participant(person));
    }
    problems.finish()
}

/// The participant with this email, or a problem in `column` "email".
fn participant(
    draft: &Draft,
    problems: &mut Problems,
    line: u64,
    raw: &str,
) -> Option<crate::domain::ids::ParticipantId> {
    let email = problems.check(line, "email", fields::email(raw))?;
    let found = draft.participant_by_email(&email);
    if found.is_none() {
        problems.add(
            line,
            "email",
            format!("no participant has the email \"{email}\""),
        );
    }
    found
}
