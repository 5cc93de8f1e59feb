//! A participant joins Q from the roster (`J`): a small confirmation of the day and the roles
//! their new Q member record offers, then one change making the record and the link.

use super::{OpenForm, Purpose};
use crate::domain::change::Change;
use crate::domain::ids::ParticipantId;
use crate::domain::people::alumni::{join_q, refusal};
use crate::domain::people::{Participant, QRole, same_email};
use crate::domain::snapshot::Snapshot;
use crate::tui::form::{Field, Form};
use chrono::NaiveDate;

/// The confirmation for `person` joining Q, dated today and offering no role yet; or the
/// sentence saying why they cannot join now.
pub fn join_q_form(
    data: &Snapshot,
    person: &Participant,
    today: NaiveDate,
) -> Result<OpenForm, String> {
    if let Some(why) = refusal(data, person) {
        return Err(format!("{why}."));
    }
    let existing = data
        .q_members
        .values()
        .find(|q| same_email(&q.email, &person.email));
    let (title, fields) = match existing {
        Some(q) => (
            format!(
                "{} joins Q: linked to the Q member record {} (same email)",
                person.name, q.name
            ),
            vec![Field::date("Joined Q", today, today)],
        ),
        None => {
            let roles: Vec<String> = QRole::ALL.iter().map(|r| r.label().to_string()).collect();
            (
                format!("{} joins Q and becomes a linked Q member", person.name),
                vec![
                    Field::date("Joined Q", today, today),
                    Field::several("Roles", roles, &[]),
                ],
            )
        }
    };
    Ok(OpenForm {
        form: Form::new(title, fields),
        purpose: Purpose::JoinQ(person.id),
    })
}

/// The change the filled-in confirmation asks for.
pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    id: ParticipantId,
) -> Result<(Change, String), String> {
    let on = open
        .form
        .field("Joined Q")
        .and_then(|f| f.as_date())
        .ok_or_else(|| "the date they joined Q is not right yet".to_string())?;
    let roles: Vec<QRole> = open
        .form
        .field("Roles")
        .map(|f| f.chosen().iter().filter_map(|r| r.parse().ok()).collect())
        .unwrap_or_default();
    let joining = join_q(data, id, on, &roles)?;
    Ok((joining.change, joining.done))
}
