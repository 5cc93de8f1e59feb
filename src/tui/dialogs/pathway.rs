//! Walking a participant along the pathway: moving a stage, ticking a Q readiness item, and
//! accepting or declining a nomination; and taking back a stage or a tick entered by mistake.
//! Each is one change to the participant (so history keeps it and `u` undoes it), saved only
//! if nobody changed them meanwhile.

use super::{OpenForm, Purpose, based_on, participant_on_roster, value};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::ParticipantId;
use crate::domain::people::Participant;
use crate::domain::people::pathway::{PathwayStage, ReadinessItem, ReadinessTick};
use crate::domain::programme::CohortPhase;
use crate::domain::snapshot::Snapshot;
use crate::tui::form::{Field, Form};
use crate::tui::widgets::text::one_line;
use chrono::NaiveDate;

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
                Field::date("Date", today, today),
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
                Field::date("Date", today, today),
                Field::text("Note", "", false),
            ],
        ),
        purpose: Purpose::TickReadiness(person.id),
    })
}

/// The readiness items `person` has ticked, as the untick form offers them, in the order
/// they were ticked.
fn ticked_choices(person: &Participant) -> Vec<String> {
    person
        .readiness
        .iter()
        .map(|t| format!("{} (ticked {})", t.item.label(), t.on.format("%-d %b %Y")))
        .collect()
}

/// Offers the readiness items ticked, to untick one ticked by mistake; `None` when none is.
pub fn untick_readiness(person: &Participant) -> Option<OpenForm> {
    let ticked = ticked_choices(person);
    if ticked.is_empty() {
        return None;
    }
    Some(OpenForm {
        form: Form::new(
            format!("Untick a Q readiness item for {}", person.name),
            vec![Field::choice("Item", ticked, 0)],
        )
        .submitting("untick"),
        purpose: Purpose::UntickReadiness(person.id),
    })
}

/// `person`'s stage changes as the removal form offers them, newest first (the usual
/// mistake is the last one entered).
fn stage_choices(person: &Participant) -> Vec<String> {
    person
        .pathway
        .changes()
        .iter()
        .rev()
        .map(|c| {
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!(": {}", one_line(&c.note))
            };
            format!("{} from {}{note}", c.stage, c.on.format("%-d %b %Y"))
        })
        .collect()
}

/// Offers `person`'s stage changes, newest first, to take out one entered by mistake; `None`
/// when they have only their first stage, which cannot go.
pub fn remove_stage(person: &Participant) -> Option<OpenForm> {
    if person.pathway.changes().len() < 2 {
        return None;
    }
    Some(OpenForm {
        form: Form::new(
            format!(
                "Take back a stage: {} (now {})",
                person.name,
                person.stage()
            ),
            vec![Field::choice("Stage", stage_choices(person), 0)],
        )
        .submitting("remove"),
        purpose: Purpose::RemoveStage(person.id),
    })
}

/// The change an untick or stage-removal form asks for for participant `id`.
pub(super) fn take_back(
    open: &OpenForm,
    data: &Snapshot,
    id: ParticipantId,
) -> Result<(Change, String), String> {
    let mut person = participant_on_roster(data, id)?;
    let done = match open.purpose {
        Purpose::UntickReadiness(_) => {
            let chosen = value(open, "Item");
            let at = ticked_choices(&person)
                .iter()
                .position(|c| c == chosen)
                .ok_or_else(|| format!("“{chosen}” is no longer ticked; Esc and r or R again"))?;
            let tick = person.readiness.remove(at);
            format!("Unticked “{}” for {}", tick.item.label(), person.name)
        }
        Purpose::RemoveStage(_) => {
            let chosen = value(open, "Stage");
            let newest_first = stage_choices(&person)
                .iter()
                .position(|c| c == chosen)
                .ok_or_else(|| {
                    format!("“{chosen}” is no longer on the pathway; Esc and S again")
                })?;
            let at = person.pathway.changes().len() - 1 - newest_first;
            let taken = person.pathway.remove(at).ok_or_else(|| {
                format!(
                    "{}'s first stage cannot be taken back: everyone starts somewhere",
                    person.name
                )
            })?;
            format!(
                "Took back {} from {} for {}: now {}",
                taken.stage,
                taken.on.format("%-d %b %Y"),
                person.name,
                person.stage()
            )
        }
        _ => return Err("that form does not take anything back".to_string()),
    };
    let change = Change::Edit {
        based_on: based_on(data, RecordKey::Participant(id)),
        record: Record::Participant(person),
    };
    Ok((change, done))
}

/// Whether someone is a nominee waiting for the team's decision.
pub fn awaiting_review(person: &Participant) -> bool {
    person.cohort.is_none() && person.stage() == PathwayStage::Nominated
}

/// Accepting a nominee: into which cohort (one not yet finished), and when.
pub fn accept_nomination(data: &Snapshot, person: &Participant, today: NaiveDate) -> OpenForm {
    let mut open: Vec<_> = data
        .cohorts
        .values()
        .filter(|c| c.phase(today) != CohortPhase::Finished)
        .collect();
    open.sort_by_key(|c| c.number);
    let names: Vec<String> = open.iter().map(|c| c.name.clone()).collect();
    // The recruiting cohort is the usual choice.
    let chosen = open
        .iter()
        .find(|c| c.phase(today) == CohortPhase::Recruiting)
        .or(open.first())
        .map_or("", |c| c.name.as_str());
    OpenForm {
        form: Form::new(
            format!("Accept {}'s nomination", person.name),
            vec![
                Field::pick("Cohort", names, chosen),
                Field::date("Date", today, today),
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
            based_on: based_on(data, RecordKey::Participant(person.id)),
            record: Record::Participant(declined),
        },
        format!("Declined {}'s nomination", person.name),
    )
}

/// The change a filled-in pathway form asks for for participant `id`.
pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    id: ParticipantId,
) -> Result<(Change, String), String> {
    let mut person = participant_on_roster(data, id)?;
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
        Purpose::AcceptNomination(_) => {
            let picked = open.form.field("Cohort").and_then(|f| f.picked());
            let cohort = data
                .cohorts
                .values()
                .find(|c| Some(c.name.as_str()) == picked)
                .ok_or_else(|| "choose a cohort".to_string())?;
            person.cohort = Some(cohort.id);
            // The stage the cohort gives on the day accepted, as for anyone added to it.
            let stage = PathwayStage::starting_in(Some(cohort), date);
            in_order(&person, stage, date)?;
            person.pathway.move_to(stage, date, note);
            if stage == PathwayStage::Applied {
                format!("{} is now an applicant for {}", person.name, cohort.name)
            } else {
                format!("{} is now enrolled in {}", person.name, cohort.name)
            }
        }
        Purpose::MoveStage(_) => {
            let label = open
                .form
                .field("Stage")
                .map(|f| f.value.as_str())
                .unwrap_or("");
            let stage: PathwayStage = label.parse().map_err(|e| format!("{e}"))?;
            in_order(&person, stage, date)?;
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
        _ => return Err("that form does not change the pathway".to_string()),
    };
    let change = Change::Edit {
        based_on: based_on(data, RecordKey::Participant(id)),
        record: Record::Participant(person),
    };
    Ok((change, done))
}

/// Refuses a stage dated before the stage it follows, naming both dates and what to do, so
/// a pathway always reads in the order it happened; the form keeps what was typed.
fn in_order(person: &Participant, stage: PathwayStage, on: NaiveDate) -> Result<(), String> {
    person.pathway.check_order(stage, on).map_err(|wrong| {
        format!(
            "Not saved: for {}, {wrong}; date it {} or later.",
            person.name,
            wrong.follows_on.format("%a %-d %b %Y")
        )
    })
}
