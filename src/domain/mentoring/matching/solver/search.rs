//! Shortest augmenting paths with potentials (the Jonker–Volgenant scheme, as in SciPy's
//! `linear_sum_assignment`), extended to mentors with a capacity and to participants who may
//! stay unmatched.
//!
//! Why it is exact. Give every participant a private "unmatched" place costing `U`, larger
//! than the cost difference between any two pairings (costs are first shifted to start at 0,
//! so `U = rows × spread + 1` will do). Every participant must then take a mentor or their own
//! place, and a pairing's total, `U` per unmatched participant included, is lowest exactly
//! when it matches the most participants and then costs the least. That is a transportation
//! problem, and participants are added one at a time, each by the shortest augmenting path in
//! the residual graph: the textbook successive-shortest-path method, optimal after every step.
//! A path may end at a mentor with room, or by moving a participant it passed into their own
//! unmatched place, which is how a later participant can take a place an earlier one held.
//!
//! Potentials `u` (participants) and `v` (mentors) keep every residual edge's reduced cost
//! non-negative, so each search is Dijkstra, stopped as soon as the nearest end is settled.
//! Pairs in use are tight (reduced cost 0), so reaching a full mentor reaches all of their
//! mentees at the same distance. A mentor with room is settled only as the end of a path,
//! where its potential does not change, so all such mentors and unmatched places keep
//! potential 0 and are equally good ends.
//!
//! Bounds, all in `i64`: shifted costs lie in `[0, spread]` with `spread ≤ 2·MAX_COST`;
//! `0 ≤ u ≤ U` for matched participants (the unmatched place keeps `U − u ≥ 0`) and
//! `−U ≤ v ≤ 0`; distances lie in `[0, U]` up to the one being settled. With
//! `U ≤ MAX_PARTICIPANTS·spread + 1 ≈ 2·10^18`, no expression below exceeds about `4.1·10^18`.

use super::{CostMatrix, FORBIDDEN};

const NONE: usize = usize::MAX;
const FAR: i64 = i64::MAX;

/// Where a shortest augmenting path ends.
enum End {
    /// A mentor with room.
    Mentor(usize),
    /// The participant's own unmatched place.
    Unmatched(usize),
}

struct Search<'a> {
    costs: &'a CostMatrix,
    capacities: &'a [u32],
    /// Cost of leaving a participant unmatched, after shifting costs to start at 0.
    penalty: i64,
    u: Vec<i64>,
    v: Vec<i64>,
    /// Per participant, their mentor or `NONE`.
    mentor: Vec<usize>,
    /// Per mentor, how many participants they have.
    load: Vec<u32>,
    /// The participants of each mentor, as a doubly linked list through `next` and `prev`.
    first: Vec<usize>,
    next: Vec<usize>,
    prev: Vec<usize>,
    /// Mentors with a capacity above zero; the others can never be used.
    open: Vec<usize>,
    // Scratch space for one search, kept between searches to avoid reallocating.
    dist: Vec<i64>,
    via: Vec<usize>,
    remaining: Vec<usize>,
    settled_rows: Vec<usize>,
    settled_cols: Vec<usize>,
    pending: Vec<usize>,
}

/// Each participant's mentor in an optimal pairing, `None` when unmatched.
pub(super) fn assign(costs: &CostMatrix, capacities: &[u32]) -> Vec<Option<usize>> {
    let (rows, cols) = (costs.rows, costs.cols);
    // rows ≤ MAX_PARTICIPANTS and spread ≤ 2·MAX_COST, so this is at most about 2·10^18.
    let penalty = rows as i64 * (costs.highest - costs.lowest) + 1;
    let mut s = Search {
        costs,
        capacities,
        penalty,
        u: vec![0; rows],
        v: vec![0; cols],
        mentor: vec![NONE; rows],
        load: vec![0; cols],
        first: vec![NONE; cols],
        next: vec![NONE; rows],
        prev: vec![NONE; rows],
        open: (0..cols).filter(|&j| capacities[j] > 0).collect(),
        dist: vec![FAR; cols],
        via: vec![NONE; cols],
        remaining: Vec::with_capacity(cols),
        settled_rows: Vec::new(),
        settled_cols: Vec::new(),
        pending: Vec::new(),
    };
    for root in 0..rows {
        s.add(root);
    }
    s.mentor.iter().map(|&j| (j != NONE).then_some(j)).collect()
}

impl Search<'_> {
    /// Adds participant `root` along a shortest augmenting path and updates the potentials.
    fn add(&mut self, root: usize) {
        self.settled_rows.clear();
        self.settled_cols.clear();
        self.pending.clear();
        self.u[root] = 0;
        self.settled_rows.push(root);
        let mut best_drop = (self.penalty, root);
        let (mut nearest, mut index) = self.relax_from_root(root);
        if nearest <= best_drop.0 && self.has_room(self.open[index]) {
            // Most participants simply take their nearest mentor with room.
            let col = self.open[index];
            self.u[root] = nearest;
            self.attach(root, col);
            return;
        }
        for &j in &self.open {
            self.via[j] = root;
        }
        self.remaining.clear();
        self.remaining.extend_from_slice(&self.open);

        let end = loop {
            if best_drop.0 < nearest {
                break End::Unmatched(best_drop.1);
            }
            // best_drop is finite, so a mentor nearer than or as near as it exists here.
            let col = self.remaining.swap_remove(index);
            let reached = nearest;
            self.settled_cols.push(col);
            if self.has_room(col) {
                break End::Mentor(col);
            }
            // A full mentor: each of their mentees is reached at the same distance, as the
            // pairs in use are tight. Capacity is above zero, so there is at least one.
            let mut mentee = self.first[col];
            while mentee != NONE {
                self.pending.push(mentee);
                mentee = self.next[mentee];
            }
            while let Some(row) = self.pending.pop() {
                self.settled_rows.push(row);
                let unmatched = reached + self.penalty - self.u[row];
                if unmatched < best_drop.0 {
                    best_drop = (unmatched, row);
                }
                if self.pending.is_empty() {
                    (nearest, index) = self.relax_and_find_nearest(row, reached);
                } else {
                    // None of these mentees can bring a mentor nearer than `reached`, so
                    // the nearest is looked for only after the last.
                    self.relax(row, reached);
                }
            }
        };
        let total = match end {
            End::Mentor(col) => self.dist[col],
            End::Unmatched(_) => best_drop.0,
        };
        self.update_potentials(root, total);
        self.augment(root, end);
    }

    fn has_room(&self, col: usize) -> bool {
        self.load[col] < self.capacities[col]
    }

    /// Sets every usable mentor's distance from `root` afresh, and returns the nearest as
    /// (distance, index in `open`), preferring one with room on a tie. Leaves `via` to the
    /// caller, as most searches end here without needing it.
    fn relax_from_root(&mut self, root: usize) -> (i64, usize) {
        let costs = self.costs.row(root);
        let shift = self.costs.lowest;
        let mut nearest = FAR;
        let mut index = 0;
        if self.open.len() == costs.len() {
            // Every mentor is usable: walk the row in order, the hot loop of the whole solve.
            let pairs = costs.iter().zip(&self.v).zip(self.dist.iter_mut());
            for (j, ((&c, &v), dist)) in pairs.enumerate() {
                let d = if c == FORBIDDEN { FAR } else { c - shift - v };
                *dist = d;
                if d < nearest || (d == nearest && d != FAR && self.load[j] < self.capacities[j]) {
                    nearest = d;
                    index = j;
                }
            }
        } else {
            for (k, &j) in self.open.iter().enumerate() {
                let c = costs[j];
                let d = if c == FORBIDDEN {
                    FAR
                } else {
                    c - shift - self.v[j]
                };
                self.dist[j] = d;
                if d < nearest || (d == nearest && d != FAR && self.has_room(j)) {
                    nearest = d;
                    index = k;
                }
            }
        }
        (nearest, index)
    }

    /// Lowers the distance of each remaining mentor through participant `row`, reached at
    /// distance `reached`.
    fn relax(&mut self, row: usize, reached: i64) {
        let base = reached - self.u[row] - self.costs.lowest;
        let costs = self.costs.row(row);
        for &j in &self.remaining {
            let c = costs[j];
            if c == FORBIDDEN {
                continue;
            }
            let d = c + base - self.v[j];
            if d < self.dist[j] {
                self.dist[j] = d;
                self.via[j] = row;
            }
        }
    }

    /// As [`Self::relax`], then the nearest remaining mentor as (distance, index in
    /// `remaining`), preferring one with room on a tie; `(FAR, 0)` when none is reachable.
    fn relax_and_find_nearest(&mut self, row: usize, reached: i64) -> (i64, usize) {
        let base = reached - self.u[row] - self.costs.lowest;
        let costs = self.costs.row(row);
        let mut nearest = FAR;
        let mut index = 0;
        for (k, &j) in self.remaining.iter().enumerate() {
            let c = costs[j];
            let mut d = self.dist[j];
            if c != FORBIDDEN {
                let through = c + base - self.v[j];
                if through < d {
                    d = through;
                    self.dist[j] = d;
                    self.via[j] = row;
                }
            }
            if d < nearest || (d == nearest && d != FAR && self.load[j] < self.capacities[j]) {
                nearest = d;
                index = k;
            }
        }
        (nearest, index)
    }

    /// Shifts the potentials of everything settled so reduced costs stay non-negative and
    /// the path just found becomes tight (settled nodes only, as in LAPJV).
    fn update_potentials(&mut self, root: usize, total: i64) {
        for &i in &self.settled_rows {
            if i == root {
                self.u[i] += total;
            } else {
                self.u[i] += total - self.dist[self.mentor[i]];
            }
        }
        for &j in &self.settled_cols {
            self.v[j] -= total - self.dist[j];
        }
    }

    /// Moves each participant on the path one step along it, from the end back to `root`.
    fn augment(&mut self, root: usize, end: End) {
        let mut col = match end {
            End::Mentor(col) => col,
            End::Unmatched(row) if row == root => return,
            End::Unmatched(row) => {
                let col = self.mentor[row];
                self.detach(row, col);
                self.mentor[row] = NONE;
                col
            }
        };
        loop {
            let row = self.via[col];
            let from = self.mentor[row];
            if from != NONE {
                self.detach(row, from);
            }
            self.attach(row, col);
            if row == root || from == NONE {
                return;
            }
            col = from;
        }
    }

    fn attach(&mut self, row: usize, col: usize) {
        self.mentor[row] = col;
        self.load[col] += 1;
        self.prev[row] = NONE;
        self.next[row] = self.first[col];
        if self.first[col] != NONE {
            self.prev[self.first[col]] = row;
        }
        self.first[col] = row;
    }

    fn detach(&mut self, row: usize, col: usize) {
        self.load[col] -= 1;
        let (p, n) = (self.prev[row], self.next[row]);
        if p == NONE {
            self.first[col] = n;
        } else {
            self.next[p] = n;
        }
        if n != NONE {
            self.prev[n] = p;
        }
        self.prev[row] = NONE;
        self.next[row] = NONE;
    }
}
