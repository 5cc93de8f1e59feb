//! The same shortest augmenting paths as [`super::search`], run from the mentors' side: used
//! when mentors have fewer places than there are participants, so that the number of searches
//! is the number of places, the smaller side, as SciPy's `linear_sum_assignment` does by
//! turning a tall problem around.
//!
//! Each mentor is one node with a supply of places, `min(capacity, participants)`; every
//! place must go to a participant or be left empty at a cost `U`, larger than the cost
//! difference between any two pairings (`U = min(places, participants) × spread + 1`), so a
//! total is lowest exactly when it fills the most places, hence matches the most participants,
//! and then costs the least. Places are sent out one at a time from their mentor, each along a
//! shortest augmenting path found by Dijkstra on reduced costs, which ends at a free
//! participant or by leaving empty a place of a mentor it passed (the root's own included).
//! One potential per mentor stands for all their places, and reaching a participant who is
//! matched reaches their mentor at the same distance, as pairs in use are tight.
//!
//! Potentials follow [`super::search`] with the roles swapped: `u` for mentors, `v` for
//! participants, reduced cost `c − u − v ≥ 0` on every pair not in use, `0` on pairs in use,
//! `U − u ≥ 0` for leaving a place empty. Free participants are settled only as the end of a
//! path, so they keep `v = 0` and are equally good ends; on equal distances a free participant
//! is preferred, which ends searches early when costs are tied. Bounds are those of
//! [`super::search`]: `0 ≤ u ≤ U`, `−U ≤ v ≤ 0`, distances in `[0, U]`.

use super::{CostMatrix, FORBIDDEN};

const NONE: usize = usize::MAX;
const FAR: i64 = i64::MAX;

/// Where a shortest augmenting path ends.
enum End {
    /// A participant without a mentor.
    Participant(usize),
    /// One place of this mentor (an index into `open`) is left empty.
    Empty(usize),
}

/// True when sending out places from the mentors' side takes fewer searches than adding
/// participants one by one.
pub(super) fn fewer_places_than_participants(rows: usize, capacities: &[u32]) -> bool {
    let mut places = 0usize;
    for &c in capacities {
        places = places.saturating_add((c as usize).min(rows));
        if places >= rows {
            return false;
        }
    }
    true
}

struct Search {
    /// Participants, the columns of the turned-around problem.
    rows: usize,
    /// Per mentor with places (index into `open`), their shifted costs for every participant
    /// in participant order, [`FORBIDDEN`] where the pair must not be made.
    costs: Vec<i64>,
    penalty: i64,
    u: Vec<i64>,
    v: Vec<i64>,
    /// Per participant, their mentor (index into `open`) or `NONE`; once matched, a
    /// participant stays matched, though perhaps to another mentor.
    mentor: Vec<usize>,
    /// Per mentor, how many participants they have.
    load: Vec<usize>,
    // Scratch space for one search, kept between searches to avoid reallocating.
    /// Per participant, the distance found so far.
    dist: Vec<i64>,
    /// Per participant, the mentor whose place the path would give them.
    via: Vec<usize>,
    /// Per mentor, the distance at which they were reached, and through which of their
    /// participants (`NONE` for the root).
    mentor_dist: Vec<i64>,
    mentor_via: Vec<usize>,
    reached: Vec<bool>,
    remaining: Vec<usize>,
    settled_mentors: Vec<usize>,
    settled_rows: Vec<usize>,
}

/// Each participant's mentor in an optimal pairing, `None` when unmatched. Exact whatever
/// the shape, but faster than [`super::search::assign`] only when
/// [`fewer_places_than_participants`] holds.
pub(super) fn assign(costs: &CostMatrix, capacities: &[u32]) -> Vec<Option<usize>> {
    let rows = costs.rows;
    let open: Vec<usize> = (0..costs.cols).filter(|&j| capacities[j] > 0).collect();
    let places: Vec<usize> = open
        .iter()
        .map(|&j| (capacities[j] as usize).min(rows))
        .collect();
    // At most this many pairs are made: ≤ MAX_PARTICIPANTS, and spread ≤ 2·MAX_COST, so the
    // penalty is at most about 2·10^18.
    let most_pairs = places
        .iter()
        .fold(0usize, |a, &n| a.saturating_add(n))
        .min(rows);
    let penalty = most_pairs as i64 * (costs.highest - costs.lowest) + 1;
    let mut s = Search {
        rows,
        costs: turned_around(costs, &open),
        penalty,
        u: vec![0; open.len()],
        v: vec![0; rows],
        mentor: vec![NONE; rows],
        load: vec![0; open.len()],
        dist: vec![FAR; rows],
        via: vec![NONE; rows],
        mentor_dist: vec![0; open.len()],
        mentor_via: vec![NONE; open.len()],
        reached: vec![false; open.len()],
        remaining: Vec::with_capacity(rows),
        settled_mentors: Vec::new(),
        settled_rows: Vec::new(),
    };
    for (k, &n) in places.iter().enumerate() {
        for _ in 0..n {
            s.send_place(k);
        }
    }
    s.mentor
        .iter()
        .map(|&k| (k != NONE).then(|| open[k]))
        .collect()
}

/// The costs of the mentors in `open`, one mentor's costs for all participants together and
/// shifted to start at 0, so that a search reads them in order. Copied a block of
/// participants at a time, to stay within the cache on either side.
fn turned_around(costs: &CostMatrix, open: &[usize]) -> Vec<i64> {
    const BLOCK: usize = 64;
    let rows = costs.rows;
    let shift = costs.lowest;
    let mut out = vec![FORBIDDEN; open.len() * rows];
    for start in (0..rows).step_by(BLOCK) {
        let end = (start + BLOCK).min(rows);
        for (k, &j) in open.iter().enumerate() {
            let column = &mut out[k * rows..(k + 1) * rows];
            for (row, slot) in column.iter_mut().enumerate().take(end).skip(start) {
                let c = costs.costs[row * costs.cols + j];
                if c != FORBIDDEN {
                    *slot = c - shift;
                }
            }
        }
    }
    out
}

impl Search {
    /// Sends one place of mentor `root` along a shortest augmenting path and updates the
    /// potentials.
    fn send_place(&mut self, root: usize) {
        let (mut nearest, index) = self.relax_from_root(root);
        let mut best_empty = (self.penalty - self.u[root], root);
        if nearest <= best_empty.0 && nearest != FAR && self.mentor[index] == NONE {
            // Most places simply go to their nearest free participant.
            self.u[root] += nearest;
            self.mentor[index] = root;
            self.load[root] += 1;
            return;
        }
        self.settled_mentors.clear();
        self.settled_rows.clear();
        self.settled_mentors.push(root);
        self.reached[root] = true;
        self.mentor_dist[root] = 0;
        self.mentor_via[root] = NONE;
        self.remaining.clear();
        self.remaining.extend(0..self.rows);
        self.via.fill(root);
        let mut position = index;

        let end = loop {
            if best_empty.0 < nearest {
                break End::Empty(best_empty.1);
            }
            // best_empty is finite, so a participant as near as it exists here.
            let row = self.remaining.swap_remove(position);
            let reached = nearest;
            self.settled_rows.push(row);
            let owner = self.mentor[row];
            if owner == NONE {
                break End::Participant(row);
            }
            if self.reached[owner] {
                // Their mentor was reached before, through a participant at least as near.
                (nearest, position) = self.find_nearest();
                continue;
            }
            // The participant's mentor is reached at the same distance, as the pair is tight.
            self.reached[owner] = true;
            self.mentor_dist[owner] = reached;
            self.mentor_via[owner] = row;
            self.settled_mentors.push(owner);
            let empty = reached + self.penalty - self.u[owner];
            if empty < best_empty.0 {
                best_empty = (empty, owner);
            }
            (nearest, position) = if self.load[owner] > 1 {
                self.settle_mentees_relax_and_find_nearest(owner, reached)
            } else {
                self.relax_and_find_nearest(owner, reached)
            };
        };
        let total = match end {
            End::Participant(row) => self.dist[row],
            End::Empty(_) => best_empty.0,
        };
        self.update_potentials(total);
        for &k in &self.settled_mentors {
            self.reached[k] = false;
        }
        self.augment(root, end);
    }

    /// Sets every participant's distance from mentor `root` afresh, and returns the nearest
    /// as (distance, participant), preferring a free one on a tie.
    fn relax_from_root(&mut self, root: usize) -> (i64, usize) {
        let base = self.u[root];
        let column = &self.costs[root * self.rows..(root + 1) * self.rows];
        let mut nearest = FAR;
        let mut index = 0;
        let pairs = column.iter().zip(&self.v).zip(self.dist.iter_mut());
        for (row, ((&c, &v), dist)) in pairs.enumerate() {
            let d = if c == FORBIDDEN { FAR } else { c - base - v };
            *dist = d;
            if d < nearest || (d == nearest && d != FAR && self.mentor[row] == NONE) {
                nearest = d;
                index = row;
            }
        }
        (nearest, index)
    }

    /// Lowers the distance of each remaining participant through mentor `k`, reached at
    /// distance `reached`, then returns the nearest remaining participant as (distance,
    /// index in `remaining`), preferring a free one on a tie; `(FAR, 0)` when none is
    /// reachable.
    fn relax_and_find_nearest(&mut self, k: usize, reached: i64) -> (i64, usize) {
        let base = reached - self.u[k];
        let column = &self.costs[k * self.rows..(k + 1) * self.rows];
        let mut nearest = FAR;
        let mut index = 0;
        for (at, &row) in self.remaining.iter().enumerate() {
            let c = column[row];
            let mut d = self.dist[row];
            if c != FORBIDDEN {
                let through = c + base - self.v[row];
                if through < d {
                    d = through;
                    self.dist[row] = d;
                    self.via[row] = k;
                }
            }
            if d < nearest || (d == nearest && d != FAR && self.mentor[row] == NONE) {
                nearest = d;
                index = at;
            }
        }
        (nearest, index)
    }

    /// As [`Self::relax_and_find_nearest`], but first settles the other participants of
    /// mentor `k`, all at distance `reached` as their pairs are tight, taking them out of
    /// `remaining`: each would otherwise be settled next and lead back to `k`.
    fn settle_mentees_relax_and_find_nearest(&mut self, k: usize, reached: i64) -> (i64, usize) {
        let base = reached - self.u[k];
        let column = &self.costs[k * self.rows..(k + 1) * self.rows];
        let mut nearest = FAR;
        let mut index = 0;
        let mut kept = 0;
        for at in 0..self.remaining.len() {
            let row = self.remaining[at];
            if self.mentor[row] == k {
                self.dist[row] = reached;
                self.settled_rows.push(row);
                continue;
            }
            self.remaining[kept] = row;
            let c = column[row];
            let mut d = self.dist[row];
            if c != FORBIDDEN {
                let through = c + base - self.v[row];
                if through < d {
                    d = through;
                    self.dist[row] = d;
                    self.via[row] = k;
                }
            }
            if d < nearest || (d == nearest && d != FAR && self.mentor[row] == NONE) {
                nearest = d;
                index = kept;
            }
            kept += 1;
        }
        self.remaining.truncate(kept);
        (nearest, index)
    }

    /// The nearest remaining participant, as [`Self::relax_and_find_nearest`] without
    /// relaxing.
    fn find_nearest(&self) -> (i64, usize) {
        let mut nearest = FAR;
        let mut index = 0;
        for (at, &row) in self.remaining.iter().enumerate() {
            let d = self.dist[row];
            if d < nearest || (d == nearest && d != FAR && self.mentor[row] == NONE) {
                nearest = d;
                index = at;
            }
        }
        (nearest, index)
    }

    /// Shifts the potentials of everything settled so reduced costs stay non-negative and
    /// the path just found becomes tight (settled nodes only, as in LAPJV).
    fn update_potentials(&mut self, total: i64) {
        for &k in &self.settled_mentors {
            self.u[k] += total - self.mentor_dist[k];
        }
        for &row in &self.settled_rows {
            self.v[row] -= total - self.dist[row];
        }
    }

    /// Moves each place on the path one step along it, from the end back to the root.
    fn augment(&mut self, root: usize, end: End) {
        let mut row = match end {
            End::Participant(row) => row,
            // The root's own place is left empty: nothing moves.
            End::Empty(k) if k == root => return,
            // A place of `k` is left empty: the participant the path came through moves on.
            End::Empty(k) => {
                self.load[k] -= 1;
                self.mentor_via[k]
            }
        };
        self.load[root] += 1;
        loop {
            let k = self.via[row];
            self.mentor[row] = k;
            row = self.mentor_via[k];
            if row == NONE {
                return;
            }
        }
    }
}
