//! A participant joins Q from the roster (`J`): a small confirmation of the day and the roles
//! their new Q member record offers, then one change making the record and the link.

use super::{OpenForm, Purpose};
use crate::domain::change::Change;
use crate::domain::ids::ParticipantId;
use crate::domain::people::alumni::{join_q, joined_after_today, long_date, refusal, too_early};
use crate::domain::people::pathway::PathwayStage;
use crate::domain::people::{Participant, QRole, same_email};
use crate::domain::snapshot::Snapshot;
use crate::tui::form::{Field, Form, Rule};
use chrono::NaiveDate;

/// The confirmation for `person` joining Q, dated today and offering no role yet; or the
/// sentence saying why they cannot join now.
pub fn join_q_form(
    data: &Snapshot,
    person: &Participant,
    today: NaiveDate,
) -> Result<OpenForm, String> {
    if let Some(why) = refusal(data, person) {
        let hint = if too_early(data, person) {
            " (s on the roster moves them along the pathway first)"
        } else {
            ""
        };
        return Err(format!("{why}{hint}."));
    }
    let existing = data
        .q_members
        .values()
        .find(|q| same_email(&q.email, &person.email));
    // Someone at Joined Q from before keeps the day their pathway has: it is not asked again.
    let already = (person.stage() == PathwayStage::JoinedQ)
        .then(|| person.pathway.since())
        .flatten();
    let (joins, mut fields) = match already {
        Some(on) => (
            format!("{} (joined Q on {})", person.name, long_date(on)),
            Vec::new(),
        ),
        None => (
            format!("{} joins Q", person.name),
            vec![Field::date("Joined Q", today, today)],
        ),
    };
    let title = match existing {
        // Short enough for the form's title at 80 columns: the saved message gives the day.
        Some(q) => format!("{}: link to Q member {} (same email)", person.name, q.name),
        None => {
            let roles: Vec<String> = QRole::ALL.iter().map(|r| r.label().to_string()).collect();
            fields.push(Field::several("Roles", roles, &[]));
            match already {
                Some(_) => format!("{joins} becomes a linked Q member"),
                None => format!("{joins} and becomes a linked Q member"),
            }
        }
    };
    let asks_day = already.is_none();
    let asks_roles = fields.iter().any(|f| f.label == "Roles");
    let mut form = Form::new(title, fields);
    if asks_roles {
        let roles: Vec<&str> = QRole::ALL.iter().map(|r| r.label()).collect();
        form.notes.push(format!(
            "Roles they offer: {}; none is fine, add them later.",
            roles.join(", ")
        ));
    }
    if asks_day {
        form = form.with(Rule::NotAfterDate {
            field: "Joined Q",
            date: today,
            noun: "today".to_string(),
        });
    }
    Ok(OpenForm {
        form,
        purpose: Purpose::JoinQ(person.id),
    })
}

/// The change the filled-in confirmation asks for.
pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    id: ParticipantId,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    // Without the field, the pathway's own Joined Q date stands and `today` is not used.
    let on = match open.form.field("Joined Q") {
        Some(field) => field
            .as_date()
            .ok_or_else(|| "the date they joined Q is not right yet".to_string())?,
        None => today,
    };
    let roles: Vec<QRole> = open
        .form
        .field("Roles")
        .map(|f| f.chosen().iter().filter_map(|r| r.parse().ok()).collect())
        .unwrap_or_default();
    if let Some(why) = joined_after_today(on, today) {
        return Err(why);
    }
    let joining = join_q(data, id, on, &roles)?;
    Ok((joining.change, joining.done))
}
