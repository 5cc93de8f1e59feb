//! Who is connected to the owner and what each connection is doing, so that a full house makes
//! room for a newcomer instead of turning it away. Peers are the same Unix user (the socket is
//! 0600 and checked), so this guards against runaway scripts and stuck clients, not attackers:
//! whatever they do, another process is still served.

use std::os::unix::net::UnixStream;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// What a connection is doing, from the owner's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// Accepted; its hello has not all arrived.
    Greeting,
    /// Between requests.
    Idle,
    /// Part of a request has arrived.
    Receiving,
    /// The owner is carrying out its request (a change may be being applied).
    Working,
    /// The owner is sending it an answer.
    Answering,
    /// A dashboard listening for changes: quiet by design.
    Subscribed,
}

impl Stage {
    /// Which connections make room first, lowest first; `None` is never closed to make room:
    /// a change being applied is always answered (a client cut off then would send it again),
    /// and an answer being sent has a write timeout of its own.
    fn eviction_rank(self) -> Option<u8> {
        match self {
            Stage::Greeting | Stage::Idle | Stage::Receiving => Some(0),
            Stage::Subscribed => Some(1),
            Stage::Working | Stage::Answering => None,
        }
    }
}

/// One connection as the choice of whom to close sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seen {
    /// The process at the other end (from the socket's peer credentials).
    pub peer: i32,
    pub stage: Stage,
    /// When it entered `stage`.
    pub since: Instant,
}

/// The connection to close so a newcomer can be served: of those that may be closed at the
/// lowest rank (idle or dawdling before subscribers), the one belonging to
/// the process with the most connections open (so one runaway process pays for its own
/// flood), and of those the one longest in its stage. `None` when every connection is working.
pub(super) fn choose_victim(connections: &[Seen]) -> Option<usize> {
    let open_by = |peer: i32| connections.iter().filter(|c| c.peer == peer).count();
    connections
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.stage.eviction_rank().map(|rank| (i, c, rank)))
        .min_by(|(_, a, rank_a), (_, b, rank_b)| {
            rank_a
                .cmp(rank_b)
                .then(open_by(b.peer).cmp(&open_by(a.peer)))
                .then(a.since.cmp(&b.since))
        })
        .map(|(i, _, _)| i)
}

struct Entry {
    id: u64,
    seen: Seen,
    /// Another handle on the connection, to shut it down from the accepting thread: the
    /// connection's own thread then sees it closed and ends.
    stream: UnixStream,
}

/// Every connection the owner is serving, at most `max`.
pub(super) struct Connections {
    max: usize,
    entries: Mutex<(u64, Vec<Entry>)>,
}

impl Connections {
    pub(super) fn new(max: usize) -> Connections {
        Connections {
            max,
            entries: Mutex::new((0, Vec::new())),
        }
    }

    /// Registers a newly accepted connection from `peer`, closing another first if there are
    /// `max` already. `None` (the newcomer is turned away) only when all of them are working.
    pub(super) fn admit(&self, peer: i32, stream: &UnixStream) -> Option<u64> {
        let handle = stream.try_clone().ok()?;
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (next_id, entries) = &mut *guard;
        while entries.len() >= self.max {
            let seen: Vec<Seen> = entries.iter().map(|e| e.seen).collect();
            let victim = choose_victim(&seen)?;
            let evicted = entries.swap_remove(victim);
            let _ = evicted.stream.shutdown(std::net::Shutdown::Both);
        }
        *next_id += 1;
        entries.push(Entry {
            id: *next_id,
            seen: Seen {
                peer,
                stage: Stage::Greeting,
                since: Instant::now(),
            },
            stream: handle,
        });
        Some(*next_id)
    }

    /// Records that connection `id` is now at `stage`.
    pub(super) fn enter(&self, id: u64, stage: Stage) {
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = guard.1.iter_mut().find(|e| e.id == id) {
            entry.seen.stage = stage;
            entry.seen.since = Instant::now();
        }
    }

    /// Forgets connection `id` (its thread is ending; it may have been closed already).
    pub(super) fn leave(&self, id: u64) {
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        guard.1.retain(|e| e.id != id);
    }

    /// Closes every connection, for an owner that is stopping.
    pub(super) fn close_all(&self) {
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        for entry in guard.1.drain(..) {
            let _ = entry.stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn seen(peer: i32, stage: Stage, age_secs: u64, now: Instant) -> Seen {
        Seen {
            peer,
            stage,
            since: now - Duration::from_secs(age_secs),
        }
    }

    #[test]
    fn the_flooding_process_makes_room_before_a_lone_client_however_long_it_waited() {
        let now = Instant::now();
        let mut all = vec![seen(7, Stage::Idle, 50, now)];
        all.extend((0..5).map(|i| seen(99, Stage::Idle, i, now)));
        // The flood's oldest idle connection goes, not the lone client's older one.
        assert_eq!(choose_victim(&all), Some(5));
    }

    #[test]
    fn subscribers_are_kept_while_any_request_connection_idles() {
        let now = Instant::now();
        let all = [
            seen(1, Stage::Subscribed, 3_600, now),
            seen(1, Stage::Subscribed, 3_000, now),
            seen(2, Stage::Idle, 1, now),
        ];
        assert_eq!(choose_victim(&all), Some(2));
    }

    #[test]
    fn a_slow_sender_goes_and_work_or_its_answer_is_never_cut_off() {
        let now = Instant::now();
        let all = [
            seen(3, Stage::Working, 100, now),
            seen(4, Stage::Answering, 90, now),
            seen(5, Stage::Receiving, 1, now),
        ];
        assert_eq!(choose_victim(&all), Some(2));
        assert_eq!(choose_victim(&all[..2]), None);
    }

    #[test]
    fn among_subscribers_the_process_with_most_of_them_gives_one_up() {
        let now = Instant::now();
        let mut all = vec![seen(10, Stage::Subscribed, 9_000, now)];
        all.extend((0..3).map(|i| seen(11, Stage::Subscribed, 10 + i, now)));
        assert_eq!(choose_victim(&all), Some(3));
    }

    #[test]
    fn a_full_house_closes_one_connection_to_admit_the_next() {
        let connections = Connections::new(2);
        let (a, mut a_far) = UnixStream::pair().unwrap();
        let (b, _b_far) = UnixStream::pair().unwrap();
        let (c, _c_far) = UnixStream::pair().unwrap();
        let first = connections.admit(1, &a).unwrap();
        connections.enter(first, Stage::Idle);
        let second = connections.admit(2, &b).unwrap();
        connections.enter(second, Stage::Working);
        assert!(connections.admit(3, &c).is_some());
        // The idle one was closed: its far end reads the end of the stream.
        use std::io::Read;
        let mut byte = [0u8; 1];
        assert_eq!(a_far.read(&mut byte).unwrap(), 0);
        // Both left are working: the next newcomer is turned away rather than cut one off.
        let (d, _d_far) = UnixStream::pair().unwrap();
        connections.enter(3, Stage::Working);
        assert_eq!(connections.admit(4, &d), None);
    }
}
