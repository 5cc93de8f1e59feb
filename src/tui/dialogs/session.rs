//! The session form: planning a new session (its cohort invited) or changing one, with any
//! clash it would cause shown before it is saved; and cancelling or deleting a session.

use super::session_questions::saved_with_costs;
use super::{OpenForm, Purpose, value};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::clashes::clashes_with;
use crate::domain::ids::SeriesId;
use crate::domain::ids::SessionId;
use crate::domain::matching::run::wants_mentor;
use crate::domain::people::QRole;
use crate::domain::series::{Repeat, Series, series_starts};
use crate::domain::sessions::{Attendance, Invitation, Session, SessionKind};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{clean_line, clean_text, fold};
use crate::tui::form::{Field, Form};
use chrono::{NaiveDate, NaiveTime};

fn q_members_offering(data: &Snapshot, role: QRole) -> Vec<String> {
    let mut names: Vec<String> = data
        .q_members
        .values()
        .filter(|q| q.offers(role))
        .map(|q| q.name.clone())
        .collect();
    names.sort();
    names
}

/// A form for a new session (for `cohort`, on `day`) or for changing `session`.
pub fn session_form(
    data: &Snapshot,
    session: Option<&Session>,
    cohort: Option<crate::domain::ids::CohortId>,
    day: NaiveDate,
) -> OpenForm {
    let kinds: Vec<String> = SessionKind::ALL
        .iter()
        .map(|k| k.label().to_string())
        .collect();
    let kind_at = session
        .and_then(|s| SessionKind::ALL.iter().position(|k| *k == s.kind))
        .unwrap_or(0);
    let mut cohorts: Vec<_> = data.cohorts.values().collect();
    cohorts.sort_by_key(|c| c.number);
    let start = session.map(|s| s.start);
    let text = |f: fn(&Session) -> String| session.map(f).unwrap_or_default();
    // Someone deleted since is left out rather than shown as "?": the field offers only people
    // who can be chosen, and saving drops the one who is gone.
    let led: Vec<String> = session.map_or_else(Vec::new, |s| {
        s.facilitators
            .iter()
            .filter_map(|q| data.q_members.get(q))
            .map(|q| q.name.clone())
            .collect()
    });
    let fields = vec![
        Field::choice("Kind", kinds, kind_at),
        Field::text("Title", &text(|s| s.title.clone()), true),
        Field::text("Theme", &text(|s| s.theme.clone()), false),
        Field::optional_pick(
            "Cohort",
            cohorts.iter().map(|c| c.name.clone()).collect(),
            session
                .map_or(cohort, |s| s.cohort)
                .map_or("", |c| data.cohort_name(c)),
        ),
        Field::date("Date", start.map_or(day, |s| s.date())),
        Field::time(
            "Starts",
            start.map_or(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(), |s| {
                s.time()
            }),
        ),
        Field::count("Minutes", session.map_or(120, |s| s.duration_minutes)),
        Field::optional_pick(
            "Venue",
            data.venues.values().map(|v| v.name.clone()).collect(),
            session
                .and_then(|s| s.venue)
                .and_then(|v| data.venues.get(&v))
                .map_or("", |v| v.name.as_str()),
        ),
        Field::several("Led by", q_members_offering(data, QRole::Facilitator), &led),
        Field::optional_pick(
            "Host",
            q_members_offering(data, QRole::SiteVisitHost),
            session
                .and_then(|s| s.host)
                .and_then(|q| data.q_members.get(&q))
                .map_or("", |q| q.name.as_str()),
        ),
        Field::count("Places", session.and_then(|s| s.capacity).unwrap_or(0)),
    ];
    let mut fields = fields;
    if session.is_none() {
        // A new session may be the first of a series planned in one go.
        fields.push(Field::choice(
            "Repeat",
            Repeat::ALL.iter().map(|r| r.label().to_string()).collect(),
            0,
        ));
        fields.push(Field::count("Times", 6));
    }
    if let Some(s) = session {
        let later = following(data, s).len();
        if later > 0 {
            fields.push(Field::choice(
                "Apply to",
                vec![
                    THIS_ONLY.to_string(),
                    format!("this and the {later} after it"),
                ],
                0,
            ));
        }
    }
    let title = session.map_or("New session".to_string(), |s| format!("Change {}", s.title));
    let mut open = OpenForm {
        form: Form::new(title, fields),
        purpose: Purpose::Session(session.map(|s| s.id)),
    };
    note_clashes(&mut open, data);
    open
}

/// The session a filled-in form describes, if its fields are right so far.
fn draft(open: &OpenForm, data: &Snapshot) -> Option<Session> {
    let Purpose::Session(editing) = open.purpose else {
        return None;
    };
    let form = &open.form;
    let date = form.field("Date")?.as_date()?;
    let time = form.field("Starts")?.as_time()?;
    let kind: SessionKind = value(open, "Kind").parse().ok()?;
    let cohort = form
        .field("Cohort")
        .and_then(|f| f.picked())
        .and_then(|name| data.cohorts.values().find(|c| c.name == name))
        .map(|c| c.id);
    let venue = form
        .field("Venue")
        .and_then(|f| f.picked())
        .and_then(|name| data.venues.values().find(|v| v.name == name))
        .map(|v| v.id);
    let by_name = |name: &str| {
        data.q_members
            .values()
            .find(|q| fold(&q.name) == fold(name))
            .map(|q| q.id)
    };
    let facilitators = form
        .field("Led by")
        .map(|f| f.chosen())
        .unwrap_or_default()
        .into_iter()
        .filter_map(by_name)
        .collect();
    let host = form
        .field("Host")
        .and_then(|f| f.picked())
        .and_then(by_name);
    let places = form.field("Places")?.as_count()?;
    let existing = editing.and_then(|id| data.sessions.get(&id));
    let id =
        editing.unwrap_or_else(|| SessionId(data.next_id(|id| RecordKey::Session(SessionId(id)))));
    let invitees = match existing {
        Some(s) if s.cohort == cohort => s.invitees.clone(),
        // A new session, or one moved to another cohort: that cohort is invited.
        _ => invited(data, cohort, date),
    };
    Some(Session {
        id,
        kind,
        title: clean_line(value(open, "Title")),
        theme: clean_text(value(open, "Theme")),
        cohort,
        start: date.and_time(time),
        duration_minutes: form.field("Minutes")?.as_count()?,
        venue,
        facilitators,
        host,
        capacity: (places > 0).then_some(places),
        invitees,
        cancelled: existing.is_some_and(|s| s.cancelled),
    })
}

/// Everyone in `cohort` who takes part in its sessions, invited.
fn invited(
    data: &Snapshot,
    cohort: Option<crate::domain::ids::CohortId>,
    day: NaiveDate,
) -> Vec<Invitation> {
    let Some(cohort) = cohort else {
        return Vec::new();
    };
    data.participants
        .values()
        .filter(|p| p.cohort == Some(cohort) && wants_mentor(data, p, day))
        .map(|p| Invitation {
            participant: p.id,
            attendance: Attendance::Invited,
        })
        .collect()
}

/// Shows in the form any clash the session would cause as it stands.
pub fn note_clashes(open: &mut OpenForm, data: &Snapshot) {
    let Some(session) = draft(open, data) else {
        open.form.notes = Vec::new();
        return;
    };
    // A series is checked at every date it would take, not only its first.
    let occurrences = match series(open, &session) {
        Some((_, sessions)) => sessions,
        None => vec![session],
    };
    let dated = occurrences.len() > 1;
    let mut notes: Vec<String> = occurrences
        .iter()
        .flat_map(|s| {
            clashes_with(data, s).into_iter().map(move |c| {
                let said = c.describe_for(data, s.id);
                if dated {
                    format!("{}: {said}", s.start.format("%a %-d %b"))
                } else {
                    said
                }
            })
        })
        .collect();
    // The form stays readable however many dates clash.
    const SHOWN: usize = 4;
    if notes.len() > SHOWN {
        let more = notes.len() - SHOWN;
        notes.truncate(SHOWN);
        notes.push(format!(
            "… and {} more across the series",
            crate::domain::count::count(more, "clash")
        ));
    }
    open.form.notes = notes;
}

/// The series a new-session form asks for, when it repeats: every occurrence, the first one
/// being `first`.
fn series(open: &OpenForm, first: &Session) -> Option<(Repeat, Vec<Session>)> {
    let repeat = Repeat::ALL
        .into_iter()
        .find(|r| r.label() == value(open, "Repeat"))
        .filter(|r| *r != Repeat::Once)?;
    let times = open.form.field("Times")?.as_count()?;
    let sessions = series_starts(first.start, repeat, times)
        .into_iter()
        .enumerate()
        .map(|(i, start)| Session {
            id: SessionId(first.id.0 + i as u64),
            start,
            ..first.clone()
        })
        .collect();
    Some((repeat, sessions))
}

const THIS_ONLY: &str = "this session only";

/// The later sessions of the series `session` belongs to, in date order.
pub fn following(data: &Snapshot, session: &Session) -> Vec<SessionId> {
    let Some(series) = data
        .series
        .values()
        .find(|s| s.sessions.contains(&session.id))
    else {
        return Vec::new();
    };
    let mut later: Vec<&Session> = series
        .sessions
        .iter()
        .filter_map(|id| data.sessions.get(id))
        .filter(|s| s.start > session.start)
        .collect();
    later.sort_by_key(|s| (s.start, s.id));
    later.into_iter().map(|s| s.id).collect()
}

/// `later` changed as `this` was: everything but its date (the time of day moves too).
fn follow(later: &Session, before: &Session, this: &Session) -> Session {
    Session {
        id: later.id,
        start: later.start.date().and_time(this.start.time()),
        invitees: if this.cohort == before.cohort {
            later.invitees.clone()
        } else {
            this.invitees.clone()
        },
        cancelled: later.cancelled,
        ..this.clone()
    }
}

pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    today: NaiveDate,
) -> Result<(Change, String), String> {
    let session = draft(open, data).ok_or_else(|| "a field is not right yet".to_string())?;
    let Purpose::Session(editing) = open.purpose else {
        return Err("that form does not plan a session".to_string());
    };
    if let Some((repeat, all)) = series(open, &session).filter(|(_, all)| all.len() > 1) {
        let clashes: usize = all
            .iter()
            .map(|s| crate::domain::clashes::clashes_with(data, s).len())
            .sum();
        let warned = match clashes {
            0 => String::new(),
            n => format!(
                " ({}: see the sessions pane)",
                crate::domain::count::count(n, "clash")
            ),
        };
        let done = format!(
            "Planned {} sessions of {}, {} from {}{warned}",
            all.len(),
            session.title,
            value(open, "Repeat")
                .split(' ')
                .next()
                .unwrap_or("repeating"),
            session.start.format("%a %-d %b %Y %H:%M"),
        );
        return Ok((
            Change::Batch {
                summary: format!(
                    "planned a series of {} sessions: {}",
                    all.len(),
                    session.title
                ),
                changes: std::iter::once(Change::Edit {
                    based_on: None,
                    record: Record::Series(Series {
                        id: SeriesId(data.next_id(|id| RecordKey::Series(SeriesId(id)))),
                        repeat,
                        sessions: all.iter().map(|s| s.id).collect(),
                    }),
                })
                .chain(all.into_iter().map(|s| Change::Edit {
                    based_on: None,
                    record: Record::Session(s),
                }))
                .collect(),
            },
            done,
        ));
    }
    if editing.is_some_and(|id| !data.sessions.contains_key(&id)) {
        return Err("that session is no longer there".to_string());
    }
    let before = editing.and_then(|id| data.sessions.get(&id));
    if let Some(before) = before
        .filter(|_| open.form.field("Apply to").is_some() && value(open, "Apply to") != THIS_ONLY)
    {
        let later = following(data, before);
        let after: Vec<Session> = std::iter::once(session.clone())
            .chain(
                later
                    .iter()
                    .filter_map(|id| data.sessions.get(id))
                    .map(|s| follow(s, before, &session)),
            )
            .collect();
        return Ok((
            saved_with_costs(
                data,
                after,
                today,
                format!(
                    "changed {} and the {} after it",
                    session.title,
                    crate::domain::count::count(later.len(), "session")
                ),
            ),
            format!(
                "Saved {} and the {} after it in its series",
                session.title,
                crate::domain::count::count(later.len(), "session")
            ),
        ));
    }
    let clashes = open.form.notes.len();
    let warned = match clashes {
        0 => String::new(),
        1 => " (it clashes: see the sessions pane)".to_string(),
        n => format!(" ({n} clashes: see the sessions pane)"),
    };
    let done = match editing {
        Some(_) => format!(
            "{}{warned}",
            super::saved_words(data, &Record::Session(session.clone()))
        ),
        None => format!(
            "Planned {} for {}, {} invited{warned}",
            session.title,
            session.start.format("%a %-d %b %H:%M"),
            session.invitees.len()
        ),
    };
    let change = match editing {
        // A changed session takes its linked estimates with it.
        Some(_) => {
            let summary = format!("changed session {}", session.title);
            saved_with_costs(data, vec![session], today, summary)
        }
        None => Change::Edit {
            based_on: None,
            record: Record::Session(session),
        },
    };
    Ok((change, done))
}
