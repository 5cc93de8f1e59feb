//! The session form: planning a new session (its cohort invited) or changing one, with any
//! clash it would cause shown before it is saved; and cancelling or deleting a session.

use super::session_questions::saved_with_costs;
use super::session_series::{from_one_off, in_series, occurrence_id};
use super::{
    OpenForm, Purpose, q_member_called, q_member_label, q_member_labels, q_member_offers, value,
};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::SeriesId;
use crate::domain::ids::SessionId;
use crate::domain::people::QRole;
use crate::domain::sessions::cancelled::check_edit;
use crate::domain::sessions::clashes::clashes_of_planned;
use crate::domain::sessions::registration::cohort_invitations;
use crate::domain::sessions::series::{Repeat, Series, series_starts};
use crate::domain::sessions::{Session, SessionKind, check_duration, outside_cohort};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{clean_line, clean_text};
use crate::tui::form::{Field, Form};
use chrono::{NaiveDate, NaiveTime};

/// A form for a new session (for `cohort`, on the next working day after `today`) or for
/// changing `session`.
pub fn session_form(
    data: &Snapshot,
    session: Option<&Session>,
    cohort: Option<crate::domain::ids::CohortId>,
    today: NaiveDate,
) -> OpenForm {
    // The next working day, or the cohort's first working day when it has not started yet.
    let starts = cohort.and_then(|c| data.cohorts.get(&c)).map(|c| c.starts);
    let day = crate::domain::dates::first_working_day_after(today, starts);
    let labels = q_member_labels(data);
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
            .filter_map(|q| labels.get(q).cloned())
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
        )
        .when_none(
            "there is no cohort yet: add one in the roster's cohorts list (1, then v to reach it)",
        ),
        Field::date("Date", start.map_or(day, |s| s.date()), today),
        Field::session_time(
            "Starts",
            start.map_or(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(), |s| {
                s.time()
            }),
        ),
        // A session that takes no time cannot be attended, and hides every clash.
        Field::count("Minutes", session.map_or(120, |s| s.duration_minutes)).at_least(1),
        Field::optional_pick(
            "Venue",
            data.venues.values().map(|v| v.name.clone()).collect(),
            session
                .and_then(|s| s.venue)
                .and_then(|v| data.venues.get(&v))
                .map_or("", |v| v.name.as_str()),
        )
        .when_none(
            "there is no venue yet: add one in the roster's venues list (1, then v to reach it)",
        ),
        Field::several(
            "Led by",
            // Whoever the session names already stays on offer, so it saves unchanged even
            // after they stopped offering the role.
            q_member_offers(data, |q| {
                q.offers(QRole::Facilitator)
                    || session.is_some_and(|s| s.facilitators.contains(&q.id))
            }),
            &led,
        ),
        Field::optional_pick(
            "Host",
            q_member_offers(data, |q| {
                q.offers(QRole::SiteVisitHost) || session.is_some_and(|s| s.host == Some(q.id))
            }),
            &q_member_label(data, session.and_then(|s| s.host)),
        )
        .when_none(
            "no Q member offers to host site visits yet: give one that role in the Q members \
             list (1, then v, then e)",
        ),
        Field::count("Places", session.and_then(|s| s.capacity).unwrap_or(0)),
    ];
    let mut fields = fields;
    if session.is_none_or(|s| !in_series(data, s)) {
        // A new session may be the first of a series planned in one go; a one-off may become
        // the first of one.
        fields.push(Field::choice(
            "Repeat",
            Repeat::ALL.iter().map(|r| r.label().to_string()).collect(),
            0,
        ));
        fields.push(Field::count("Times", 6).at_least(1));
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
    note_clashes(&mut open, data, today);
    open
}

/// The session a filled-in form describes, if its fields are right so far; a new session (or
/// one moved to another cohort) invites the cohort as it is on `today`.
fn draft(open: &OpenForm, data: &Snapshot, today: NaiveDate) -> Option<Session> {
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
    let by_name = |label: &str| q_member_called(data, label);
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
        _ => cohort_invitations(data, cohort, today),
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

/// Shows in the form, before saving, what is worth knowing about the sessions it would save
/// as it stands: any clash at every date it would save (a new series, or "this and every
/// later one"), and any date outside the cohort's. Neither stops a save.
/// Dates name their year when it is not `today`'s.
pub fn note_clashes(open: &mut OpenForm, data: &Snapshot, today: NaiveDate) {
    // Invitations do not change what is noted, so any day will do for them.
    let Some(planned) = planned(open, data, NaiveDate::MIN) else {
        open.form.notes = Vec::new();
        return;
    };
    let dated = planned.len() > 1;
    let on = |s: &Session, said: String| {
        if dated {
            format!(
                "{}: {said}",
                crate::domain::dates::day_in_message(s.start.date(), today)
            )
        } else {
            said
        }
    };
    let mut notes: Vec<String> = clashes_of_planned(data, &planned)
        .into_iter()
        .filter_map(|(i, c)| {
            let s = planned.get(i)?;
            Some(on(s, c.describe_for(data, s.id, today)))
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
    // Outside the cohort's dates: said once, for the first session that is, with a count.
    let outside: Vec<String> = planned
        .iter()
        .filter_map(|s| {
            let cohort = data.cohorts.get(&s.cohort?)?;
            outside_cohort(s, cohort)
        })
        .collect();
    if let Some(first) = outside.first() {
        let more = match outside.len() {
            1 => String::new(),
            n => format!(" (and {})", crate::domain::count::count(n - 1, "more date")),
        };
        notes.push(format!("{first}{more}"));
    }
    if let Some(at) = open.form.field("Starts").and_then(|f| f.as_time()) {
        if crate::domain::dates::at_night(at) {
            notes.push(format!(
                "Starts at {} at night: write it as 2pm or 14:00 if the afternoon is meant",
                at.format("%H:%M")
            ));
        }
    }
    open.form.notes = notes;
}

/// Every session the form would save, as it would save them: the session alone, the dates of
/// a new series, or the session and the later ones of its series it moves.
fn planned(open: &OpenForm, data: &Snapshot, today: NaiveDate) -> Option<Vec<Session>> {
    let session = draft(open, data, today)?;
    if let Some((_, all)) = series(open, data, &session).filter(|(_, all)| all.len() > 1) {
        return Some(all);
    }
    let before = match open.purpose {
        Purpose::Session(Some(id)) => data.sessions.get(&id),
        _ => None,
    };
    let Some(before) = before.filter(|_| moves_following(open)) else {
        return Some(vec![session]);
    };
    let later = following(data, before)
        .into_iter()
        .filter_map(|id| data.sessions.get(&id))
        .map(|s| follow(s, before, &session));
    Some(std::iter::once(session.clone()).chain(later).collect())
}

/// Whether a changed session takes the later ones of its series with it.
fn moves_following(open: &OpenForm) -> bool {
    open.form.field("Apply to").is_some() && value(open, "Apply to") != THIS_ONLY
}

/// The series a new-session form asks for, when it repeats: every occurrence, the first one
/// being `first`.
fn series(open: &OpenForm, data: &Snapshot, first: &Session) -> Option<(Repeat, Vec<Session>)> {
    let repeat = Repeat::ALL
        .into_iter()
        .find(|r| r.label() == value(open, "Repeat"))
        .filter(|r| *r != Repeat::Once)?;
    let times = open.form.field("Times")?.as_count()?;
    let sessions = series_starts(first.start, repeat, times)
        .into_iter()
        .enumerate()
        .map(|(i, start)| Session {
            id: occurrence_id(data, first.id, i),
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
        // A cancelled session of the series keeps who it had: it takes no new invitees or
        // facilitators (see sessions::cancelled) while the rest of the series moves on.
        invitees: if this.cohort == before.cohort || later.cancelled {
            later.invitees.clone()
        } else {
            this.invitees.clone()
        },
        facilitators: if later.cancelled {
            later.facilitators.clone()
        } else {
            this.facilitators.clone()
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
    let session = draft(open, data, today).ok_or_else(|| "a field is not right yet".to_string())?;
    let Purpose::Session(editing) = open.purpose else {
        return Err("that form does not plan a session".to_string());
    };
    check_duration(session.duration_minutes).map_err(|why| format!("Minutes {why}."))?;
    if let Some(before) = editing.and_then(|id| data.sessions.get(&id)) {
        check_edit(before, &session).map_err(|e| e.to_string())?;
    }
    let all = planned(open, data, today).unwrap_or_default();
    let warned = match (clashes_of_planned(data, &all).len(), all.len() > 1) {
        (0, _) => String::new(),
        (1, false) => " (it clashes: see the sessions pane)".to_string(),
        (1, true) => " (1 clash: see the sessions pane)".to_string(),
        (n, _) => format!(" ({n} clashes: see the sessions pane)"),
    };
    if let Some((repeat, all)) = series(open, data, &session).filter(|(_, all)| all.len() > 1) {
        if editing.is_some_and(|id| data.sessions.contains_key(&id)) {
            return Ok(from_one_off(data, repeat, all, today));
        }
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
    if let Some(before) = before.filter(|_| moves_following(open)) {
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
                "Saved {} and the {} after it in its series{warned}",
                session.title,
                crate::domain::count::count(later.len(), "session")
            ),
        ));
    }
    let done = match editing {
        Some(_) => format!(
            "{}{warned}",
            super::saved_words(data, &Record::Session(session.clone()))
        ),
        // "Tue 8 Dec 14:00", with the year when it is not this year's.
        None => format!(
            "Planned {} for {} {}, {} invited{warned}",
            session.title,
            crate::domain::dates::day_in_message(session.start.date(), today),
            session.start.format("%H:%M"),
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
