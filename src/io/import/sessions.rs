//! Sessions (each with a `ref` that attendance and expense rows use) and attendance marks.

use super::draft::Draft;
use super::error::{ImportErrors, ImportProblem, Problems};
use super::fields;
use super::series::{self, SeriesRow};
use super::table::{self, Columns};
use crate::domain::change::{Record, RecordKey};
use crate::domain::identifiers::{UidOrigin, read_session_uid};
use crate::domain::ids::{QMemberId, SessionId};
use crate::domain::sessions::cancelled::{Attaching, open_for};
use crate::domain::sessions::registration::cohort_invitations;
use crate::domain::sessions::{Attendance, Invitation, Session, SessionKind, outside_cohort};
use crate::domain::text::clean_line;
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) const SESSION_COLUMNS: Columns = Columns {
    required: &["ref", "kind", "title", "start", "duration_minutes"],
    optional: &[
        "theme",
        "cohort",
        "venue",
        "facilitators",
        "host",
        "capacity",
        "cancelled",
        "series",
        "repeats",
        "uid",
    ],
};

pub(crate) const ATTENDANCE_COLUMNS: Columns = Columns {
    required: &["session", "email", "attendance"],
    optional: &[],
};

/// How files refer to sessions already in the programme: by start and title
/// (`2026-11-26 14:00 Project clinic`), with ` #2`, ` #3`… added for later sessions (by id)
/// that share both. Imports resolve these refs and exports write them, so a sessions file and
/// the attendance and expense files that refer to it can be imported one at a time.
pub fn stored_session_refs(sessions: &BTreeMap<SessionId, Session>) -> BTreeMap<SessionId, String> {
    let mut used: HashSet<String> = HashSet::new();
    let mut refs = BTreeMap::new();
    for session in sessions.values() {
        let base = clean_line(&format!(
            "{} {}",
            session.start.format("%Y-%m-%d %H:%M"),
            session.title
        ));
        let mut reference = base.clone();
        let mut n = 1;
        while !used.insert(reference.to_lowercase()) {
            n += 1;
            reference = format!("{base} #{n}");
        }
        refs.insert(session.id, reference);
    }
    refs
}

fn q_member(
    draft: &Draft,
    problems: &mut Problems,
    line: u64,
    column: &str,
    raw: &str,
) -> Option<QMemberId> {
    let found = draft.q_member_by_email(raw);
    if found.is_none() {
        problems.add(
            line,
            column,
            format!("no Q member has the email \"{}\"", fields::line(raw)),
        );
    }
    found
}

pub(crate) fn sessions(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &SESSION_COLUMNS, &mut problems);
    // Before any session is given a new id, so none is given one a later row keeps.
    let kept: Vec<Option<SessionId>> = rows
        .iter()
        .map(|row| kept_uid(draft, &mut problems, row.line, row.raw("uid")))
        .collect();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut series_rows = Vec::with_capacity(rows.len());
    for (row, kept) in rows.into_iter().zip(kept) {
        let line = row.line;
        let reference = problems.check(line, "ref", fields::required(row.raw("ref")));
        series_rows.push(SeriesRow {
            line,
            reference: reference.clone(),
            series: row.raw("series").to_string(),
            repeats: row.raw("repeats").to_string(),
            session: None,
        });
        if let Some(reference) = &reference {
            let key = reference.to_lowercase();
            if let Some(first) = seen.get(&key) {
                problems.add(
                    line,
                    "ref",
                    format!("the ref \"{reference}\" is also on line {first}; each session needs its own"),
                );
            } else if draft.has_session_ref(reference) {
                problems.add(
                    line,
                    "ref",
                    format!("the ref \"{reference}\" is already used"),
                );
            }
            seen.entry(key).or_insert(line);
        }
        let kind = problems.check(
            line,
            "kind",
            row.raw("kind")
                .parse::<SessionKind>()
                .map_err(|e| e.to_string()),
        );
        let title = problems.check(line, "title", fields::required(row.raw("title")));
        let start = problems.check(line, "start", fields::date_time(row.raw("start")));
        // At least a minute, as the session form's check_duration has it: a session that
        // takes no time cannot be attended, and an end equal to its start hides every clash.
        let duration = problems.check(
            line,
            "duration_minutes",
            fields::whole_number(row.raw("duration_minutes"), "minutes", 1),
        );
        let cohort = draft.optional_cohort(&mut problems, line, row.raw("cohort"));
        let venue = problems.optional(line, "venue", row.raw("venue"), |raw| {
            draft
                .venue_by_name(raw)
                .ok_or_else(|| format!("there is no venue called \"{}\"", fields::line(raw)))
        });
        let mut facilitators = Vec::new();
        let mut facilitators_ok = true;
        for email in fields::list(row.raw("facilitators")) {
            match q_member(draft, &mut problems, line, "facilitators", &email) {
                Some(id) if !facilitators.contains(&id) => facilitators.push(id),
                Some(_) => {}
                None => facilitators_ok = false,
            }
        }
        let host = match fields::optional(row.raw("host")) {
            None => Some(None),
            Some(raw) => q_member(draft, &mut problems, line, "host", raw).map(Some),
        };
        let capacity = problems.optional(line, "capacity", row.raw("capacity"), |raw| {
            fields::whole_number(raw, "places", 0)
        });
        let cancelled = problems.check(
            line,
            "cancelled",
            fields::yes_no_or(row.raw("cancelled"), false),
        );
        let (
            Some(reference),
            Some(kind),
            Some(title),
            Some(start),
            Some(duration_minutes),
            Some(cohort),
            Some(venue),
            true,
            Some(host),
            Some(capacity),
            Some(cancelled),
        ) = (
            reference,
            kind,
            title,
            start,
            duration,
            cohort,
            venue,
            facilitators_ok,
            host,
            capacity,
            cancelled,
        )
        else {
            continue;
        };
        let invitees = cohort_invitations(&draft.snapshot, cohort, draft.today);
        let id = kept.unwrap_or_else(|| draft.new_session_id());
        if let Some(series_row) = series_rows.last_mut() {
            series_row.session = Some((id, start));
        }
        draft.add_session_ref(&reference, id);
        let session = Session {
            id,
            kind,
            title,
            theme: fields::line(row.raw("theme")),
            cohort,
            start,
            duration_minutes,
            venue,
            facilitators,
            host,
            capacity,
            invitees,
            cancelled,
        };
        // Outside its cohort's dates is worth a look, not a refusal: an induction day before
        // the start or a reunion after the end are real.
        let cohort_dates = cohort.and_then(|c| draft.snapshot.cohorts.get(&c));
        if let Some(said) = cohort_dates.and_then(|c| outside_cohort(&session, c)) {
            draft.warnings.push(ImportProblem {
                file: file.to_string(),
                line,
                column: "start".to_string(),
                reason: format!("{said}; imported all the same"),
            });
        }
        draft.put(Record::Session(session));
    }
    series::gather(draft, &mut problems, &series_rows);
    problems.finish()
}

/// The id a row's `uid` asks the session to keep: `Some` for a UID this programme gave, free
/// to keep; `None` for no UID or another programme's (the session is new to this calendar), or
/// with the problem noted.
fn kept_uid(draft: &mut Draft, problems: &mut Problems, line: u64, raw: &str) -> Option<SessionId> {
    let uid = fields::optional(raw)?;
    let programme = draft
        .snapshot
        .programme
        .as_ref()
        .map_or(String::new(), |p| p.name.clone());
    let origin = problems.check(line, "uid", read_session_uid(&programme, uid))?;
    let UidOrigin::Ours(id) = origin else {
        return None;
    };
    let kept = draft.keep_id(RecordKey::Session(id)).map_err(|why| {
        format!(
            "{why}; a calendar UID names one session only, so leave it empty to import this \
             row as a new session"
        )
    });
    problems.check(line, "uid", kept).map(|()| id)
}

/// Attendance marks; a participant not yet invited to the session is added.
pub(crate) fn attendance(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &ATTENDANCE_COLUMNS, &mut problems);
    for row in rows {
        let line = row.line;
        let session = draft.session_by_ref(row.raw("session"));
        if session.is_none() {
            problems.add(
                line,
                "session",
                format!(
                    "there is no session with the ref \"{}\"",
                    fields::line(row.raw("session"))
                ),
            );
        }
        let who = problems
            .check(line, "email", fields::email(row.raw("email")))
            .and_then(|email| {
                let found = draft.participant_by_email(&email);
                if found.is_none() {
                    problems.add(
                        line,
                        "email",
                        format!("no participant has the email \"{email}\""),
                    );
                }
                found
            });
        let mark = problems.check(
            line,
            "attendance",
            row.raw("attendance")
                .parse::<Attendance>()
                .map_err(|e| e.to_string()),
        );
        let (Some(session), Some(participant), Some(attendance)) = (session, who, mark) else {
            continue;
        };
        let Some(mut session) = draft.snapshot.sessions.get(&session).cloned() else {
            continue;
        };
        // A session its own file brought in already cancelled (as `export all` writes one
        // cancelled after people registered) keeps the marks it had: they are its history,
        // not plans for it. A cancelled session already in the database takes no new mark,
        // though a row repeating one it has (a file exported from it) changes nothing.
        let repeated = session
            .invitees
            .iter()
            .any(|i| i.participant == participant && i.attendance == attendance);
        let checked = if repeated || draft.touched(RecordKey::Session(session.id)) {
            Ok(())
        } else {
            open_for(&session, Attaching::Marks)
        };
        if let Err(refused) = checked {
            problems.add(line, "session", refused.to_string());
            continue;
        }
        match session
            .invitees
            .iter_mut()
            .find(|i| i.participant == participant)
        {
            Some(invitation) => invitation.attendance = attendance,
            None => {
                session.invitees.push(Invitation {
                    participant,
                    attendance,
                });
                session.invitees.sort_by_key(|i| i.participant);
            }
        }
        draft.put(Record::Session(session));
    }
    problems.finish()
}
