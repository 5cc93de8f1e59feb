//! The roster's quick forms: moving a participant along the pathway, and ticking a Q readiness
//! item. Each turns into one change, saved only if nobody changed the person meanwhile.

use super::form::{Field, Form};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::ParticipantId;
use crate::domain::pathway::{PathwayStage, ReadinessItem, ReadinessTick};
use crate::domain::people::Participant;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    MoveStage(ParticipantId),
    TickReadiness(ParticipantId),
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

/// The change a filled-in form asks for, and what to say once it is saved.
pub fn change_for(open: &OpenForm, data: &Snapshot) -> Result<(Change, String), String> {
    let id = match open.purpose {
        Purpose::MoveStage(id) | Purpose::TickReadiness(id) => id,
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
