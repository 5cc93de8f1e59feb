//! The suggestion itself: people into sets of about a chosen size, as mixed as possible, as a
//! pure function of the cohort and the team's rules (no randomness, ties broken by id).

use crate::domain::ids::{OrganisationId, ParticipantId, ProfessionId};
use std::collections::BTreeMap;
use thiserror::Error;

/// One person to place: who they are and what makes a set mixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub id: ParticipantId,
    pub organisation: OrganisationId,
    pub profession: ProfessionId,
}

/// What the team asked for beyond the size: pairs to keep in one set, pairs to keep in
/// different sets, and people locked in a set (a 0-based set index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    pub together: Vec<(ParticipantId, ParticipantId)>,
    pub apart: Vec<(ParticipantId, ParticipantId)>,
    pub locked: Vec<(ParticipantId, usize)>,
}

/// How mixed a split is, compared in this order (fewer is better): keep-apart pairs sharing a
/// set, then pairs from one organisation sharing a set, then pairs of one profession sharing a
/// set. The order is the objective: organisation outranks profession whatever the counts, as a
/// weight larger than any possible count of profession pairs would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Score {
    pub apart_broken: usize,
    pub organisation_pairs: usize,
    pub profession_pairs: usize,
}

/// An organisation with more people than there are sets, or held more than once in a set for
/// another reason: how its people are spread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crowding {
    pub organisation: OrganisationId,
    /// Its people in the cohort.
    pub people: usize,
    /// Sets in all.
    pub sets: usize,
    /// Each set holding more than one of them (0-based index) and how many it holds.
    pub crowded: Vec<(usize, usize)>,
    /// Whether the spread is as even as the number of sets allows (the cohort cannot do
    /// better), rather than forced by keep-together pairs or locks.
    pub unavoidable: bool,
}

/// A suggested split: the sets (ids in ascending order within a set), its score and the
/// organisations that could not be kept to one a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub sets: Vec<Vec<ParticipantId>>,
    pub score: Score,
    pub crowding: Vec<Crowding>,
}

/// Why no split can be made; ids are participants, set numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SetsError {
    #[error("a learning set needs at least 2 people; {0} was asked for")]
    SizeTooSmall(usize),
    #[error("nobody is in the cohort to put into sets")]
    Nobody,
    #[error("participant {person} is locked in set {set} but there are only {sets} sets")]
    LockedBeyond {
        person: ParticipantId,
        set: usize,
        sets: usize,
    },
    #[error("{people} people must be kept together but sets hold at most {largest}")]
    TogetherTooBig {
        first: ParticipantId,
        people: usize,
        largest: usize,
    },
    #[error("participants {0} and {1} are to be kept together and also apart")]
    TogetherAndApart(ParticipantId, ParticipantId),
    #[error("participants {0} and {1} are to be kept together but are locked in different sets")]
    LockedApart(ParticipantId, ParticipantId),
    #[error("{people} people are locked in set {set} but sets hold at most {largest}")]
    LockedCrowded {
        set: usize,
        people: usize,
        largest: usize,
    },
}

/// How many sets `people` make at `size`: as many as keep every set at or under `size`, so
/// sets differ by at most one (11 people in sets of 5 make 3 sets: 4, 4 and 3).
pub fn set_count(people: usize, size: usize) -> usize {
    if size == 0 {
        return 0;
    }
    people.div_ceil(size)
}

/// The score of `sets` for `people` (anyone in a set but not among `people` is ignored) with
/// keep-apart pairs `apart`. Counts pairs: a set with three from one organisation holds three
/// same-organisation pairs.
pub fn score(
    people: &[Member],
    sets: &[Vec<ParticipantId>],
    apart: &[(ParticipantId, ParticipantId)],
) -> Score {
    let by_id: BTreeMap<ParticipantId, &Member> = people.iter().map(|m| (m.id, m)).collect();
    let mut where_: BTreeMap<ParticipantId, usize> = BTreeMap::new();
    let mut out = Score::default();
    for (s, set) in sets.iter().enumerate() {
        let members: Vec<&Member> = set.iter().filter_map(|id| by_id.get(id).copied()).collect();
        for (i, a) in members.iter().enumerate() {
            where_.insert(a.id, s);
            for b in &members[i + 1..] {
                out.organisation_pairs += usize::from(a.organisation == b.organisation);
                out.profession_pairs += usize::from(a.profession == b.profession);
            }
        }
    }
    for (a, b) in apart {
        if let (Some(x), Some(y)) = (where_.get(a), where_.get(b))
            && x == y
        {
            out.apart_broken += 1;
        }
    }
    out
}

/// Splits `people` into sets of at most `size` that differ by at most one in size, as mixed as
/// [`Score`] can make them: a greedy start (locked people first, then the largest
/// keep-together groups and the people of the largest organisations, each into the set where
/// they add least) improved by moves and swaps until none helps. Keep-together pairs always
/// share a set; keep-apart pairs are split wherever any split allows; locked people stay in
/// their set. The same cohort and rules always give the same sets: ties go to the lower id
/// and the lower set.
///
/// Errors: [`SetsError`] when the size is under 2, nobody is given, or the rules contradict
/// each other or the number of sets.
pub fn suggest_sets(
    people: &[Member],
    size: usize,
    rules: &Rules,
) -> Result<Suggestion, SetsError> {
    if size < 2 {
        return Err(SetsError::SizeTooSmall(size));
    }
    if people.is_empty() {
        return Err(SetsError::Nobody);
    }
    let mut people = people.to_vec();
    people.sort_by_key(|m| m.id);
    people.dedup_by_key(|m| m.id);
    let n = people.len();
    let k = set_count(n, size);
    let mut search = Search::new(&people, k, rules)?;
    search.start()?;
    search.improve();
    let sets: Vec<Vec<ParticipantId>> = (0..k)
        .map(|s| {
            let mut ids: Vec<ParticipantId> = search.units_in[s]
                .iter()
                .flat_map(|&u| search.units[u].iter().map(|&i| people[i].id))
                .collect();
            ids.sort();
            ids
        })
        .collect();
    let score = score(&people, &sets, &rules.apart);
    let crowding = crowding(&people, &sets);
    Ok(Suggestion {
        sets,
        score,
        crowding,
    })
}

/// Organisations held more than once in some set, with whether an even spread explains it.
pub fn crowding(people: &[Member], sets: &[Vec<ParticipantId>]) -> Vec<Crowding> {
    let org_of: BTreeMap<ParticipantId, OrganisationId> =
        people.iter().map(|m| (m.id, m.organisation)).collect();
    let mut size_of: BTreeMap<OrganisationId, usize> = BTreeMap::new();
    for m in people {
        *size_of.entry(m.organisation).or_default() += 1;
    }
    let mut per_set: BTreeMap<OrganisationId, Vec<(usize, usize)>> = BTreeMap::new();
    for (s, set) in sets.iter().enumerate() {
        let mut here: BTreeMap<OrganisationId, usize> = BTreeMap::new();
        for id in set {
            if let Some(o) = org_of.get(id) {
                *here.entry(*o).or_default() += 1;
            }
        }
        for (o, c) in here {
            if c > 1 {
                per_set.entry(o).or_default().push((s, c));
            }
        }
    }
    let k = sets.len().max(1);
    per_set
        .into_iter()
        .map(|(organisation, crowded)| {
            let people = size_of.get(&organisation).copied().unwrap_or(0);
            let pairs: usize = crowded.iter().map(|&(_, c)| c * (c - 1) / 2).sum();
            Crowding {
                organisation,
                people,
                sets: sets.len(),
                unavoidable: pairs == even_pairs(people, k),
                crowded,
            }
        })
        .collect()
}

/// The fewest same-organisation pairs `people` from one organisation can form over `sets`
/// sets: spread as evenly as possible.
fn even_pairs(people: usize, sets: usize) -> usize {
    let q = people / sets;
    let r = people % sets;
    r * (q + 1) * q / 2 + (sets - r) * q * q.saturating_sub(1) / 2
}

type Delta = [i64; 3];

fn add(a: Delta, b: Delta) -> Delta {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

/// The working state: people by index (ascending id), keep-together groups as units, and
/// per-set counts of each organisation and profession so a move's effect costs O(unit size).
struct Search {
    org: Vec<usize>,
    prof: Vec<usize>,
    orgs: usize,
    profs: usize,
    apart: Vec<Vec<usize>>,
    units: Vec<Vec<usize>>,
    unit_locked: Vec<Option<usize>>,
    /// The set of each person; `NONE` while in transit.
    set_of: Vec<usize>,
    unit_set: Vec<usize>,
    units_in: Vec<Vec<usize>>,
    size: Vec<usize>,
    org_count: Vec<u32>,
    prof_count: Vec<u32>,
    /// Every set holds `lo` or `hi` people; `big` sets may hold `hi`.
    lo: usize,
    hi: usize,
    big: usize,
    org_people: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl Search {
    fn new(people: &[Member], k: usize, rules: &Rules) -> Result<Search, SetsError> {
        let n = people.len();
        let index: BTreeMap<ParticipantId, usize> =
            people.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        let mut org_ids: BTreeMap<OrganisationId, usize> = BTreeMap::new();
        let mut prof_ids: BTreeMap<ProfessionId, usize> = BTreeMap::new();
        let mut org = Vec::with_capacity(n);
        let mut prof = Vec::with_capacity(n);
        for m in people {
            let next = org_ids.len();
            org.push(*org_ids.entry(m.organisation).or_insert(next));
            let next = prof_ids.len();
            prof.push(*prof_ids.entry(m.profession).or_insert(next));
        }
        let mut org_people = vec![0; org_ids.len()];
        for &o in &org {
            org_people[o] += 1;
        }
        // Keep-together groups by union-find; a group is placed, moved and swapped whole.
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for (a, b) in &rules.together {
            if let (Some(&x), Some(&y)) = (index.get(a), index.get(b)) {
                let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
                if rx != ry {
                    parent[rx.max(ry)] = rx.min(ry);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let units: Vec<Vec<usize>> = groups.into_values().collect();
        let mut unit_of = vec![0; n];
        for (u, members) in units.iter().enumerate() {
            for &i in members {
                unit_of[i] = u;
            }
        }
        let lo = n / k;
        let hi = n.div_ceil(k);
        for members in &units {
            if members.len() > hi {
                return Err(SetsError::TogetherTooBig {
                    first: people[members[0]].id,
                    people: members.len(),
                    largest: hi,
                });
            }
        }
        let mut apart = vec![Vec::new(); n];
        for (a, b) in &rules.apart {
            if let (Some(&x), Some(&y)) = (index.get(a), index.get(b)) {
                if unit_of[x] == unit_of[y] {
                    return Err(SetsError::TogetherAndApart(*a, *b));
                }
                apart[x].push(y);
                apart[y].push(x);
            }
        }
        let mut unit_locked: Vec<Option<usize>> = vec![None; units.len()];
        let mut locked_by: Vec<Option<ParticipantId>> = vec![None; units.len()];
        for &(id, set) in &rules.locked {
            let Some(&i) = index.get(&id) else { continue };
            if set >= k {
                return Err(SetsError::LockedBeyond {
                    person: id,
                    set: set + 1,
                    sets: k,
                });
            }
            let u = unit_of[i];
            match (unit_locked[u], locked_by[u]) {
                (Some(other), Some(by)) if other != set => {
                    return Err(SetsError::LockedApart(by, id));
                }
                _ => {
                    unit_locked[u] = Some(set);
                    locked_by[u] = Some(id);
                }
            }
        }
        Ok(Search {
            orgs: org_ids.len(),
            profs: prof_ids.len(),
            org,
            prof,
            apart,
            unit_set: vec![NONE; units.len()],
            unit_locked,
            units,
            set_of: vec![NONE; n],
            units_in: vec![Vec::new(); k],
            size: vec![0; k],
            org_count: vec![0; k * org_ids.len()],
            prof_count: vec![0; k * prof_ids.len()],
            lo,
            hi,
            big: n - k * lo,
            org_people,
        })
    }

    /// Adds person `i` to set `s`, returning what it added to the score.
    fn add_person(&mut self, i: usize, s: usize) -> Delta {
        let o = s * self.orgs + self.org[i];
        let p = s * self.profs + self.prof[i];
        let apart = self.apart[i]
            .iter()
            .filter(|&&j| self.set_of[j] == s)
            .count();
        let d = [
            apart as i64,
            self.org_count[o] as i64,
            self.prof_count[p] as i64,
        ];
        self.org_count[o] += 1;
        self.prof_count[p] += 1;
        self.set_of[i] = s;
        d
    }

    fn remove_person(&mut self, i: usize) -> Delta {
        let s = self.set_of[i];
        let o = s * self.orgs + self.org[i];
        let p = s * self.profs + self.prof[i];
        self.org_count[o] -= 1;
        self.prof_count[p] -= 1;
        self.set_of[i] = NONE;
        let apart = self.apart[i]
            .iter()
            .filter(|&&j| self.set_of[j] == s)
            .count();
        [
            -(apart as i64),
            -(self.org_count[o] as i64),
            -(self.prof_count[p] as i64),
        ]
    }

    fn add_unit(&mut self, u: usize, s: usize) -> Delta {
        let mut d = [0; 3];
        for at in 0..self.units[u].len() {
            let i = self.units[u][at];
            d = add(d, self.add_person(i, s));
        }
        self.size[s] += self.units[u].len();
        self.unit_set[u] = s;
        self.units_in[s].push(u);
        d
    }

    fn remove_unit(&mut self, u: usize) -> Delta {
        let s = self.unit_set[u];
        let mut d = [0; 3];
        for at in 0..self.units[u].len() {
            let i = self.units[u][at];
            d = add(d, self.remove_person(i));
        }
        self.size[s] -= self.units[u].len();
        self.unit_set[u] = NONE;
        if let Some(at) = self.units_in[s].iter().position(|&x| x == u) {
            self.units_in[s].swap_remove(at);
        }
        d
    }

    /// Sets holding `hi` people, when `hi` is more than `lo`.
    fn big_sets(&self) -> usize {
        if self.hi == self.lo {
            return 0;
        }
        self.size.iter().filter(|&&s| s >= self.hi).count()
    }

    /// Whether set `s` may take `extra` more people while the sizes stay within one another.
    fn has_room(&self, s: usize, extra: usize) -> bool {
        let after = self.size[s] + extra;
        after <= self.lo || (after <= self.hi && self.big_sets() < self.big)
    }

    fn start(&mut self) -> Result<(), SetsError> {
        let k = self.size.len();
        let mut order: Vec<usize> = (0..self.units.len()).collect();
        // Locked first (no choice), then the largest groups, then the people of the largest
        // organisations, whose spread is hardest; ties by id (units are in id order).
        order.sort_by_key(|&u| {
            let crowd = self.units[u]
                .iter()
                .map(|&i| self.org_people[self.org[i]])
                .max()
                .unwrap_or(0);
            (
                self.unit_locked[u].is_none(),
                std::cmp::Reverse(self.units[u].len()),
                std::cmp::Reverse(crowd),
                u,
            )
        });
        for u in order {
            if let Some(s) = self.unit_locked[u] {
                self.add_unit(u, s);
                if self.size[s] > self.hi {
                    return Err(SetsError::LockedCrowded {
                        set: s + 1,
                        people: self.size[s],
                        largest: self.hi,
                    });
                }
                continue;
            }
            let len = self.units[u].len();
            let mut best: Option<(Delta, usize, usize)> = None;
            let fits: Vec<usize> = (0..k).filter(|&s| self.has_room(s, len)).collect();
            let candidates = if fits.is_empty() {
                // Only when keep-together groups leave no exact fit: the least full set.
                let least = (0..k).min_by_key(|&s| (self.size[s], s)).unwrap_or(0);
                vec![least]
            } else {
                fits
            };
            for s in candidates {
                let d = self.add_unit(u, s);
                self.remove_unit(u);
                let key = (d, self.size[s], s);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
            if let Some((_, _, s)) = best {
                self.add_unit(u, s);
            }
        }
        Ok(())
    }

    /// Whether unit `u` adds anything to the score where it is: only such a unit can gain
    /// from moving (removing a unit that adds nothing gains nothing).
    fn costs(&self, u: usize) -> bool {
        let s = self.unit_set[u];
        self.units[u].iter().any(|&i| {
            self.org_count[s * self.orgs + self.org[i]] > 1
                || self.prof_count[s * self.profs + self.prof[i]] > 1
                || self.apart[i].iter().any(|&j| self.set_of[j] == s)
        })
    }

    /// Whether a unit of `len_a` may go from set `s` to set `t` while one of `len_b` comes
    /// back (0 for a plain move), keeping every size within one of the others.
    fn sizes_ok(&self, s: usize, t: usize, len_a: usize, len_b: usize) -> bool {
        let new_s = self.size[s] - len_a + len_b;
        let new_t = self.size[t] - len_b + len_a;
        let within = |x: usize| x >= self.lo && x <= self.hi;
        if !(within(new_s) && within(new_t)) {
            return false;
        }
        // The number of sets at `hi` must stay `big` for sizes to stay within one.
        if self.hi == self.lo {
            return true;
        }
        let before = usize::from(self.size[s] == self.hi) + usize::from(self.size[t] == self.hi);
        let after = usize::from(new_s == self.hi) + usize::from(new_t == self.hi);
        before == after
    }

    fn improve(&mut self) {
        let k = self.size.len();
        // Each pass either improves the score or ends the search; the score is bounded below,
        // so the cap only guards against a pathological plateau.
        for _ in 0..200 {
            let mut improved = false;
            for a in 0..self.units.len() {
                if self.unit_locked[a].is_some() || !self.costs(a) {
                    continue;
                }
                let s = self.unit_set[a];
                let len_a = self.units[a].len();
                let mut best: Option<(Delta, usize, Option<usize>)> = None;
                for t in 0..k {
                    if t == s {
                        continue;
                    }
                    if self.sizes_ok(s, t, len_a, 0) {
                        let d_out = self.remove_unit(a);
                        let d_in = self.add_unit(a, t);
                        let d = add(d_out, d_in);
                        self.remove_unit(a);
                        self.add_unit(a, s);
                        if d < [0; 3] && best.is_none_or(|b| (d, t, None) < b) {
                            best = Some((d, t, None));
                        }
                    }
                    let others: Vec<usize> = self.units_in[t].clone();
                    for b in others {
                        if self.unit_locked[b].is_some() {
                            continue;
                        }
                        let len_b = self.units[b].len();
                        if !self.sizes_ok(s, t, len_a, len_b) {
                            continue;
                        }
                        let mut d = self.remove_unit(a);
                        d = add(d, self.remove_unit(b));
                        d = add(d, self.add_unit(a, t));
                        d = add(d, self.add_unit(b, s));
                        self.remove_unit(a);
                        self.remove_unit(b);
                        self.add_unit(a, s);
                        self.add_unit(b, t);
                        if d < [0; 3] && best.is_none_or(|x| (d, t, Some(b)) < x) {
                            best = Some((d, t, Some(b)));
                        }
                    }
                }
                if let Some((_, t, other)) = best {
                    self.remove_unit(a);
                    if let Some(b) = other {
                        self.remove_unit(b);
                        self.add_unit(b, s);
                    }
                    self.add_unit(a, t);
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
    }
}
