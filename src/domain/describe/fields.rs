//! Each field of a record in the words its form uses, and which of them a change altered, with
//! old and new values for the small ones.

use super::*;

/// One field a history line, an undo question or a save message names: the record it belongs
/// to (as `RecordKey::noun` says it), the field, the label of the form that edits it (`None`
/// for what no form edits, such as attendance), and the word said. The word always holds the
/// form's label ("Topics" → "topics", "By" → "nominated by"), so the words a person reads in
/// history are the words they typed into; a test opens every form and checks its labels
/// against this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldWord {
    pub record: &'static str,
    pub field: &'static str,
    pub label: Option<&'static str>,
    pub word: &'static str,
}

const fn w(
    record: &'static str,
    field: &'static str,
    label: Option<&'static str>,
    word: &'static str,
) -> FieldWord {
    FieldWord {
        record,
        field,
        label,
        word,
    }
}

/// Every field named in history, with the form label it is said by.
pub const FIELD_WORDS: &[FieldWord] = &[
    w("programme", "name", Some("Programme"), "programme name"),
    w("programme", "funder", Some("Funder"), "funder"),
    w("programme", "currency", None, "currency"),
    w("programme", "time zone", None, "time zone"),
    w(
        "programme",
        "attendance threshold",
        Some("Attendance %"),
        "attendance %",
    ),
    w(
        "programme settings",
        "dormant pair weeks",
        Some("Dormant weeks"),
        "dormant weeks",
    ),
    w("budget", "total", Some("Grant"), "grant"),
    w("budget", "allocations", None, "allocations"),
    w("cohort's allocations", "allocations", None, "allocations"),
    w("cohort", "number", Some("Number"), "number"),
    w("cohort", "name", Some("Name"), "name"),
    w("cohort", "starts", Some("Starts"), "starts"),
    w("cohort", "ends", Some("Ends"), "ends"),
    w("cohort", "target size", Some("Target"), "target"),
    w("participant", "name", Some("Name"), "name"),
    w("participant", "email", Some("Email"), "email"),
    w("participant", "profession", Some("Job"), "job"),
    w("participant", "organisation", Some("Org"), "organisation"),
    w("participant", "cohort", Some("Cohort"), "cohort"),
    w("participant", "nominated by", Some("By"), "nominated by"),
    w(
        "participant",
        "project title",
        Some("Project"),
        "project title",
    ),
    w("participant", "aim", Some("Aim"), "aim"),
    w("participant", "topics", Some("Topics"), "topics"),
    w(
        "participant",
        "project stage",
        Some("Progress"),
        "project progress",
    ),
    w("participant", "pathway", Some("Stage"), "stage"),
    w("participant", "readiness", None, "Q readiness"),
    w("participant", "notes", Some("Notes"), "notes"),
    w("Q member", "name", Some("Name"), "name"),
    w("Q member", "email", Some("Email"), "email"),
    w("Q member", "profession", Some("Job"), "job"),
    w("Q member", "organisation", Some("Org"), "organisation"),
    w("Q member", "london based", Some("Based"), "based in London"),
    w("Q member", "expertise", Some("Topics"), "topics"),
    w("Q member", "roles", Some("Roles"), "roles"),
    w(
        "Q member",
        "mentoring capacity",
        Some("Capacity"),
        "mentoring capacity",
    ),
    w("Q member", "available", Some("Now"), "available now"),
    w("Q member", "availability notes", Some("Notes"), "notes"),
    w("organisation", "name", None, "name"),
    w("profession", "name", None, "name"),
    w("budget category", "name", Some("Name"), "name"),
    w("mentoring match", "participant", None, "participant"),
    w("mentoring match", "q member", None, "mentor"),
    w("mentoring match", "proposed on", None, "proposed on"),
    w("mentoring match", "score", None, "score"),
    w("mentoring match", "locked", None, "locked"),
    w("mentoring match", "check-ins", None, "check-ins"),
    w("pair rule", "kind", None, "rule"),
    w("pair rule", "reason", None, "reason"),
    w("session", "kind", Some("Kind"), "kind"),
    w("session", "title", Some("Title"), "title"),
    w("session", "theme", Some("Theme"), "theme"),
    w("session", "cohort", Some("Cohort"), "cohort"),
    w("session", "date", Some("Date"), "date"),
    w("session", "time", Some("Starts"), "starts"),
    w("session", "duration", Some("Minutes"), "minutes"),
    w("session", "venue", Some("Venue"), "venue"),
    w("session", "facilitators", Some("Led by"), "led by"),
    w("session", "host", Some("Host"), "host"),
    w("session", "capacity", Some("Places"), "places"),
    w("session", "invitees", None, "invitees"),
    w("session", "attendance", None, "attendance"),
    w("venue", "name", Some("Name"), "name"),
    w("venue", "address", Some("Address"), "address"),
    w("venue", "capacity", Some("Holds"), "holds"),
    w("venue", "cost", Some("Cost"), "cost"),
    w("expense", "date", Some("Date"), "date"),
    w("expense", "category", Some("Category"), "category"),
    w("expense", "amount", Some("Amount"), "amount"),
    w("expense", "payee", Some("Payee"), "payee"),
    w("expense", "description", Some("About"), "about"),
    w("expense", "session", Some("Session"), "session"),
    w("expense", "person", Some("Person"), "person"),
    w("series of sessions", "repeat", None, "repeat"),
    w("series of sessions", "sessions", None, "sessions"),
];

/// The word said for `field` of a `record`, from `FIELD_WORDS`.
fn word(record: &str, field: &'static str) -> &'static str {
    FIELD_WORDS
        .iter()
        .find(|f| f.record == record && f.field == field)
        .map_or(field, |f| f.word)
}

/// One field that differs between two versions of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The form's word for the field ("topics"), or for a state, the new state ("cancelled").
    pub word: String,
    /// For a small field (a date, a state, an amount, a name), what it was and what it is.
    pub values: Option<(String, String)>,
    /// A state: said as the new state alone, or "committed → cancelled".
    pub state: bool,
}

impl FieldChange {
    /// With its values: "ends 30 Jul 2027 → 31 Jul 2027", "committed → cancelled".
    pub fn with_values(&self) -> String {
        match &self.values {
            Some((was, now)) if self.state => format!("{was} → {now}"),
            Some((was, now)) => format!("{} {was} → {now}", self.word),
            None => self.word.clone(),
        }
    }
}

/// The words of `fields`, joined: "project title, notes".
pub fn words(fields: &[FieldChange]) -> String {
    fields
        .iter()
        .map(|f| f.word.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a record of which a programme has one holds, said when it is added or deleted whole:
/// "dormant pair weeks 6", "grant £45,000.00"; empty for other records, which their name says.
pub(super) fn holds(record: &Record) -> String {
    match record {
        Record::Settings(s) => format!(
            "{} {}",
            word("programme settings", "dormant pair weeks"),
            s.dormant_pair_weeks
        ),
        Record::Budget(b) => format!("{} {}", word("budget", "total"), b.total),
        _ => String::new(),
    }
}

/// The marks newly given, counted in the order the register offers them: "3 attended, 1
/// no-show". `was` and `now` invite the same people in the same order.
fn marks_given(
    was: &[crate::domain::sessions::Invitation],
    now: &[crate::domain::sessions::Invitation],
) -> String {
    use crate::domain::sessions::Attendance;
    let changed: Vec<Attendance> = was
        .iter()
        .zip(now)
        .filter(|(a, b)| a.attendance != b.attendance)
        .map(|(_, b)| b.attendance)
        .collect();
    Attendance::ALL
        .iter()
        .filter_map(|mark| {
            let n = changed.iter().filter(|m| *m == mark).count();
            (n > 0).then(|| format!("{n} {}", mark.label()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn quoted(s: &str) -> String {
    format!("“{s}”")
}

/// The fields that differ between two versions of one record, named as the forms name them
/// (`FIELD_WORDS`), with the values of small fields. Two different kinds of record differ in
/// everything: "details".
pub fn fields_changed(was: &Record, now: &Record) -> Vec<FieldChange> {
    let noun = was.key().noun();
    // In the order the form shows the fields; both kinds of field go to the one list.
    let out: std::cell::RefCell<Vec<FieldChange>> = std::cell::RefCell::new(Vec::new());
    let check = |differs: bool, field: &'static str| {
        if differs {
            out.borrow_mut().push(FieldChange {
                word: word(noun, field).to_string(),
                values: None,
                state: false,
            });
        }
    };
    let small = |field: &'static str, a: String, b: String| {
        if a != b {
            out.borrow_mut().push(FieldChange {
                word: word(noun, field).to_string(),
                values: Some((a, b)),
                state: false,
            });
        }
    };
    let mut state: Option<(String, String)> = None;
    match (was, now) {
        (Record::Programme(a), Record::Programme(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            small("funder", quoted(&a.funder), quoted(&b.funder));
            check(a.currency != b.currency, "currency");
            check(a.time_zone != b.time_zone, "time zone");
            small(
                "attendance threshold",
                format!("{}%", a.attendance_threshold_percent),
                format!("{}%", b.attendance_threshold_percent),
            );
        }
        (Record::Settings(a), Record::Settings(b)) => small(
            "dormant pair weeks",
            a.dormant_pair_weeks.to_string(),
            b.dormant_pair_weeks.to_string(),
        ),
        (Record::Cohort(a), Record::Cohort(b)) => {
            small("number", a.number.to_string(), b.number.to_string());
            small("name", quoted(&a.name), quoted(&b.name));
            small("starts", day(a.starts), day(b.starts));
            small("ends", day(a.ends), day(b.ends));
            small(
                "target size",
                a.target_size.to_string(),
                b.target_size.to_string(),
            );
        }
        (Record::Participant(a), Record::Participant(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            small("email", a.email.clone(), b.email.clone());
            check(a.profession != b.profession, "profession");
            check(a.organisation != b.organisation, "organisation");
            check(a.cohort != b.cohort, "cohort");
            check(a.nominated_by != b.nominated_by, "nominated by");
            check(a.project.title != b.project.title, "project title");
            check(a.project.aim != b.project.aim, "aim");
            check(a.project.topics != b.project.topics, "topics");
            check(a.project.stage != b.project.stage, "project stage");
            if a.pathway != b.pathway {
                if a.stage() == b.stage() {
                    check(true, "pathway");
                } else {
                    small("pathway", a.stage().to_string(), b.stage().to_string());
                }
            }
            check(a.readiness != b.readiness, "readiness");
            check(a.notes != b.notes, "notes");
        }
        (Record::QMember(a), Record::QMember(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            small("email", a.email.clone(), b.email.clone());
            check(a.profession != b.profession, "profession");
            check(a.organisation != b.organisation, "organisation");
            check(a.london_based != b.london_based, "london based");
            check(a.expertise != b.expertise, "expertise");
            check(a.roles != b.roles, "roles");
            small(
                "mentoring capacity",
                a.mentoring_capacity.to_string(),
                b.mentoring_capacity.to_string(),
            );
            check(a.available != b.available, "available");
            check(
                a.availability_notes != b.availability_notes,
                "availability notes",
            );
        }
        (Record::Organisation(a), Record::Organisation(b)) => {
            small("name", quoted(&a.name), quoted(&b.name))
        }
        (Record::Profession(a), Record::Profession(b)) => {
            small("name", quoted(&a.name), quoted(&b.name))
        }
        (Record::Match(a), Record::Match(b)) => {
            check(a.participant != b.participant, "participant");
            check(a.q_member != b.q_member, "q member");
            if a.state.label() != b.state.label() {
                state = Some((a.state.label().into(), b.state.label().into()));
            }
            check(a.proposed_on != b.proposed_on, "proposed on");
            check(a.score != b.score, "score");
            check(a.locked != b.locked, "locked");
            check(a.check_ins != b.check_ins, "check-ins");
        }
        (Record::PairRule(a), Record::PairRule(b)) => {
            check(a.kind != b.kind, "kind");
            check(a.reason != b.reason, "reason");
        }
        (Record::Session(a), Record::Session(b)) => {
            check(a.kind != b.kind, "kind");
            small("title", quoted(&a.title), quoted(&b.title));
            check(a.theme != b.theme, "theme");
            check(a.cohort != b.cohort, "cohort");
            small("date", day(a.start.date()), day(b.start.date()));
            small(
                "time",
                a.start.format("%H:%M").to_string(),
                b.start.format("%H:%M").to_string(),
            );
            small(
                "duration",
                a.duration_minutes.to_string(),
                b.duration_minutes.to_string(),
            );
            check(a.venue != b.venue, "venue");
            check(a.facilitators != b.facilitators, "facilitators");
            check(a.host != b.host, "host");
            check(a.capacity != b.capacity, "capacity");
            let invited = |s: &crate::domain::sessions::Session| -> Vec<_> {
                s.invitees.iter().map(|i| i.participant).collect()
            };
            check(invited(a) != invited(b), "invitees");
            if invited(a) == invited(b) && a.invitees != b.invitees {
                out.borrow_mut().push(FieldChange {
                    word: format!(
                        "{} ({})",
                        word(noun, "attendance"),
                        marks_given(&a.invitees, &b.invitees)
                    ),
                    values: None,
                    state: false,
                });
            }
            if a.cancelled != b.cancelled {
                state = Some((
                    if a.cancelled { "cancelled" } else { "planned" }.into(),
                    if b.cancelled { "cancelled" } else { "restored" }.into(),
                ));
            }
        }
        (Record::Venue(a), Record::Venue(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            check(a.address != b.address, "address");
            small("capacity", a.capacity.to_string(), b.capacity.to_string());
            check(a.cost != b.cost, "cost");
        }
        (Record::Budget(a), Record::Budget(b)) => {
            small("total", a.total.to_string(), b.total.to_string());
            check(a.allocations != b.allocations, "allocations");
        }
        (Record::CohortBudget(a), Record::CohortBudget(b)) => {
            check(a.allocations != b.allocations, "allocations");
        }
        (Record::Expense(a), Record::Expense(b)) => {
            small("date", day(a.date), day(b.date));
            check(a.category != b.category, "category");
            small("amount", a.amount.to_string(), b.amount.to_string());
            small("payee", quoted(&a.payee), quoted(&b.payee));
            check(a.description != b.description, "description");
            check(a.session != b.session, "session");
            check(a.person != b.person, "person");
            if a.state != b.state {
                state = Some((a.state.label().into(), b.state.label().into()));
            }
        }
        (Record::Series(a), Record::Series(b)) => {
            check(a.repeat != b.repeat, "repeat");
            check(a.sessions != b.sessions, "sessions");
        }
        (Record::Category(a), Record::Category(b)) => {
            small("name", quoted(&a.name), quoted(&b.name));
            if a.retired != b.retired {
                state = Some((
                    if a.retired { "retired" } else { "offered" }.into(),
                    if b.retired {
                        "retired"
                    } else {
                        "offered again"
                    }
                    .into(),
                ));
            }
        }
        _ => {}
    }
    let mut out = out.into_inner();
    if let Some((was, now)) = state {
        out.push(FieldChange {
            word: now.clone(),
            values: Some((was, now)),
            state: true,
        });
    }
    out
}
