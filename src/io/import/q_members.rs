//! Q members: the mentors, facilitators, site-visit hosts and nominators of the programme.

use super::draft::Draft;
use super::error::{ImportErrors, Problems};
use super::fields;
use super::table::{self, Columns};
use crate::domain::change::Record;
use crate::domain::people::{QMember, QRole};
use std::collections::HashMap;

pub(crate) const Q_MEMBER_COLUMNS: Columns = Columns {
    required: &["name", "email", "profession", "organisation"],
    optional: &[
        "london_based",
        "expertise",
        "roles",
        "mentoring_capacity",
        "available",
        "availability_notes",
    ],
};

pub(crate) fn q_members(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &Q_MEMBER_COLUMNS, &mut problems);
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
                    format!("{email} is also on line {first}; each Q member needs their own email"),
                );
            } else if let Some(id) = draft.q_member_by_email(email) {
                problems.add(
                    line,
                    "email",
                    format!(
                        "{email} already belongs to Q member {} in the programme",
                        draft.snapshot.q_member_name(id)
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
        let london_based = problems.check(
            line,
            "london_based",
            // A regional programme: assuming London would quietly stop travel estimates.
            fields::yes_no_or(row.raw("london_based"), false),
        );
        let mut roles = Vec::new();
        let mut roles_ok = true;
        for raw in fields::list(row.raw("roles")) {
            match raw.parse::<QRole>() {
                Ok(role) if !roles.contains(&role) => roles.push(role),
                Ok(_) => {}
                Err(e) => {
                    problems.add(line, "roles", e.to_string());
                    roles_ok = false;
                }
            }
        }
        let capacity = match fields::optional(row.raw("mentoring_capacity")) {
            None => Some(0),
            Some(raw) => problems.check(
                line,
                "mentoring_capacity",
                fields::whole_number(raw, "mentees", 0),
            ),
        };
        let available = problems.check(
            line,
            "available",
            fields::yes_no_or(row.raw("available"), true),
        );
        let (
            Some(name),
            Some(email),
            Some(profession),
            Some(organisation),
            Some(london_based),
            true,
            Some(mentoring_capacity),
            Some(available),
        ) = (
            name,
            email,
            profession,
            organisation,
            london_based,
            roles_ok,
            capacity,
            available,
        )
        else {
            continue;
        };
        roles.sort();
        let member = QMember {
            id: draft.new_q_member_id(),
            name,
            email,
            profession: draft.profession(&profession),
            organisation: draft.organisation(&organisation),
            london_based,
            expertise: fields::tags(row.raw("expertise")),
            roles,
            mentoring_capacity,
            available,
            availability_notes: fields::text(row.raw("availability_notes")),
        };
        draft.put(Record::QMember(member));
    }
    problems.finish()
}
