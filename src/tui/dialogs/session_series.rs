//! A one-off session becoming a series: its edit form asks how it repeats and how many times,
//! as planning a new series does, and saving keeps the session (its invitations, marks and
//! costs) as the first of the series and plans the rest, all as one change that `u` undoes.

use super::session_questions::saved_with_costs;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{SeriesId, SessionId};
use crate::domain::sessions::series::{Repeat, Series};
use crate::domain::sessions::{Attendance, Invitation, Session};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;

/// Whether `session` belongs to a series already (its form then offers "this and every later
/// one" instead of repeating).
pub fn in_series(data: &Snapshot, session: &Session) -> bool {
    data.series
        .values()
        .any(|s| s.sessions.contains(&session.id))
}

/// The id of the `i`th occurrence (0 is `first`) of a series starting at `first`: a session
/// being planned has the first free id and the rest follow it; a one-off made a series keeps
/// its own id and the rest take the free ids after every stored session.
pub fn occurrence_id(data: &Snapshot, first: SessionId, i: usize) -> SessionId {
    if i == 0 {
        return first;
    }
    let free = data.next_id(|id| RecordKey::Session(SessionId(id)));
    SessionId(free.max(first.0 + 1) + i as u64 - 1)
}

/// The later occurrences start with everyone invited afresh: marks belong to the day they
/// were made on.
fn invited_afresh(invitees: &[Invitation]) -> Vec<Invitation> {
    invitees
        .iter()
        .map(|i| Invitation {
            participant: i.participant,
            attendance: Attendance::Invited,
        })
        .collect()
}

/// The change making the stored one-off `all[0]` (as the form now has it) the first of a
/// series of `all`, repeating `repeat`, and what to say once it is saved.
pub fn from_one_off(
    data: &Snapshot,
    repeat: Repeat,
    mut all: Vec<Session>,
    today: NaiveDate,
) -> (Change, String) {
    let first = all.remove(0);
    let n = all.len() + 1;
    let how = repeat.key();
    let done = format!(
        "{} is now the first of {n} sessions, {how} from {}",
        first.title,
        first.start.format("%a %-d %b %Y %H:%M")
    );
    let series = Series {
        id: SeriesId(data.next_id(|id| RecordKey::Series(SeriesId(id)))),
        repeat,
        sessions: std::iter::once(first.id)
            .chain(all.iter().map(|s| s.id))
            .collect(),
    };
    let later = all.into_iter().map(|s| Change::Edit {
        based_on: None,
        record: Record::Session(Session {
            invitees: invited_afresh(&s.invitees),
            cancelled: false,
            ..s
        }),
    });
    let summary = format!("made {} a {how} series of {n} sessions", first.title);
    let changes = [
        Change::Edit {
            based_on: None,
            record: Record::Series(series),
        },
        // The session itself is changed as any edit is: only if nobody changed it meanwhile,
        // its linked estimates following it.
        saved_with_costs(data, vec![first], today, summary.clone()),
    ]
    .into_iter()
    .chain(later)
    .collect();
    (Change::Batch { summary, changes }, done)
}
