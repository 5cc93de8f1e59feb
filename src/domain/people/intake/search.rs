//! The search behind [`super::suggest_intake`]: selections scored by combined evenness, built
//! in order or greedily and improved by swaps.

use super::{Applicant, IntakeRules, LeftOutReason};
use crate::domain::people::mix::CohortMix;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

/// Score differences smaller than this are rounding, not improvement; without it a swap could
/// be taken for noise and the result would depend on the order of floating-point sums.
const EPSILON: f64 = 1e-12;

/// The applicants in application order, each with a kind: a (profession, organisation) pair.
/// Two people of the same kind are interchangeable for the mix, so a selection is just how
/// many of each kind it takes, always the earliest applicants of that kind. That keeps the
/// search small and makes every tie fall to earlier applicants.
pub(super) struct Pool<'a> {
    pub(super) people: Vec<&'a Applicant>,
    /// Each applicant's kind, by position in `people`.
    kind_at: Vec<usize>,
    kinds: Vec<Kind>,
    /// For each kind, its applicants' positions in `people`, earliest first.
    members: Vec<Vec<usize>>,
    professions: usize,
    organisations: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Kind {
    profession: usize,
    organisation: usize,
}

/// A selection: how many of each kind, with the tallies the score needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Selection {
    taken: Vec<usize>,
    by_profession: Vec<usize>,
    by_organisation: Vec<usize>,
    len: usize,
}

impl Selection {
    pub(super) fn len(&self) -> usize {
        self.len
    }
}

/// A candidate swap in [`Pool::improve`]: the kind taken out, the kind brought in, the score
/// after, and the positions that break ties (incoming earliest, then outgoing latest).
struct Swap {
    score: f64,
    order: (usize, Reverse<usize>),
    out: usize,
    into: usize,
}

impl<'a> Pool<'a> {
    pub(super) fn new(applicants: &'a [Applicant]) -> Pool<'a> {
        let mut people: Vec<&Applicant> = applicants.iter().collect();
        people.sort_by_key(|a| (a.applied_on, a.id));
        // Someone listed twice keeps their earlier application.
        let mut seen = BTreeSet::new();
        people.retain(|a| seen.insert(a.id));

        let professions = index_of(people.iter().map(|a| a.profession.as_str()));
        let organisations = index_of(people.iter().map(|a| a.organisation.as_str()));
        let mut kind_index: BTreeMap<Kind, usize> = BTreeMap::new();
        let mut kinds = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut kind_at = Vec::with_capacity(people.len());
        for (position, a) in people.iter().enumerate() {
            let kind = Kind {
                profession: professions.get(a.profession.as_str()).copied().unwrap_or(0),
                organisation: organisations
                    .get(a.organisation.as_str())
                    .copied()
                    .unwrap_or(0),
            };
            let next = kinds.len();
            let k = *kind_index.entry(kind).or_insert(next);
            if k == next {
                kinds.push(kind);
                members.push(Vec::new());
            }
            if let Some(list) = members.get_mut(k) {
                list.push(position);
            }
            kind_at.push(k);
        }
        Pool {
            people,
            kind_at,
            kinds,
            members,
            professions: professions.len(),
            organisations: organisations.len(),
        }
    }

    fn empty(&self) -> Selection {
        Selection {
            taken: vec![0; self.kinds.len()],
            by_profession: vec![0; self.professions],
            by_organisation: vec![0; self.organisations],
            len: 0,
        }
    }

    /// Takes one more (`by` = 1) or one fewer (`by` = -1) of kind `k`.
    fn add(&self, s: &mut Selection, k: usize, by: isize) {
        let Some(kind) = self.kinds.get(k) else {
            return;
        };
        for count in [
            s.taken.get_mut(k),
            s.by_profession.get_mut(kind.profession),
            s.by_organisation.get_mut(kind.organisation),
            Some(&mut s.len),
        ]
        .into_iter()
        .flatten()
        {
            *count = count.saturating_add_signed(by);
        }
    }

    /// Whether one more of kind `k` is there to take and keeps its organisation within the cap.
    fn can_add(&self, s: &Selection, k: usize, cap: usize) -> bool {
        let (Some(kind), Some(taken), Some(members)) =
            (self.kinds.get(k), s.taken.get(k), self.members.get(k))
        else {
            return false;
        };
        *taken < members.len() && count(&s.by_organisation, kind.organisation) < cap
    }

    fn score(&self, s: &Selection) -> f64 {
        (evenness(&s.by_profession, s.len) + evenness(&s.by_organisation, s.len)) / 2.0
    }

    /// The baseline: applicants in order, skipping anyone whose organisation is at the cap,
    /// until the places are filled. It also fixes how many any intake takes, since skipping
    /// only those over the cap fills every place the cap allows.
    pub(super) fn in_order(&self, size: usize, cap: usize) -> Selection {
        let mut s = self.empty();
        for &k in &self.kind_at {
            if s.len >= size {
                break;
            }
            if self.can_add(&s, k, cap) {
                self.add(&mut s, k, 1);
            }
        }
        s
    }

    /// Adds, one at a time, whoever raises the score most (earliest applicant on a tie).
    pub(super) fn greedy(&self, target: usize, cap: usize) -> Selection {
        let mut s = self.empty();
        while s.len < target {
            let mut best: Option<(f64, usize, usize)> = None;
            for k in 0..self.kinds.len() {
                if !self.can_add(&s, k, cap) {
                    continue;
                }
                self.add(&mut s, k, 1);
                let score = self.score(&s);
                self.add(&mut s, k, -1);
                let position = self.next_position(&s, k);
                let better = match best {
                    None => true,
                    Some((best_score, _, best_position)) => {
                        score > best_score + EPSILON
                            || (score >= best_score - EPSILON && position < best_position)
                    }
                };
                if better {
                    best = Some((score, k, position));
                }
            }
            let Some((_, k, _)) = best else { break };
            self.add(&mut s, k, 1);
        }
        s
    }

    /// Swaps the latest-chosen of one kind for the earliest-waiting of another while that
    /// strictly raises the score, taking the best swap each round. Every swap raises the
    /// score, so it cannot cycle; the round limit only bounds the time on large pools.
    pub(super) fn improve(&self, mut s: Selection, cap: usize) -> Selection {
        let rounds = 4 * self.people.len() + 16;
        for _ in 0..rounds {
            let current = self.score(&s);
            let mut best: Option<Swap> = None;
            for out in 0..self.kinds.len() {
                if count(&s.taken, out) == 0 {
                    continue;
                }
                self.add(&mut s, out, -1);
                // After taking one out, the next of its kind is the one just taken out.
                let outgoing = self.next_position(&s, out);
                for into in 0..self.kinds.len() {
                    if into == out || !self.can_add(&s, into, cap) {
                        continue;
                    }
                    self.add(&mut s, into, 1);
                    let score = self.score(&s);
                    self.add(&mut s, into, -1);
                    // Equal swaps bring in whoever applied first and take out whoever
                    // applied last.
                    let order = (self.next_position(&s, into), Reverse(outgoing));
                    let better = best.as_ref().is_none_or(|b| {
                        score > b.score + EPSILON || (score >= b.score - EPSILON && order < b.order)
                    });
                    if score > current + EPSILON && better {
                        best = Some(Swap {
                            score,
                            order,
                            out,
                            into,
                        });
                    }
                }
                self.add(&mut s, out, 1);
            }
            let Some(swap) = best else { break };
            self.add(&mut s, swap.out, -1);
            self.add(&mut s, swap.into, 1);
        }
        s
    }

    /// Where the next applicant of kind `k` stands in application order.
    fn next_position(&self, s: &Selection, k: usize) -> usize {
        self.members
            .get(k)
            .and_then(|m| m.get(count(&s.taken, k)))
            .copied()
            .unwrap_or(usize::MAX)
    }

    /// The higher-scoring of two selections; on a tie, the one taking earlier applicants.
    pub(super) fn better(&self, a: Selection, b: Selection) -> Selection {
        let (score_a, score_b) = (self.score(&a), self.score(&b));
        if score_b > score_a + EPSILON
            || (score_b >= score_a - EPSILON && self.positions(&b) < self.positions(&a))
        {
            b
        } else {
            a
        }
    }

    /// The chosen applicants' positions, earliest first: comparing these prefers the
    /// selection that takes earlier applicants.
    fn positions(&self, s: &Selection) -> Vec<usize> {
        let mut positions: Vec<usize> = self
            .members
            .iter()
            .zip(&s.taken)
            .flat_map(|(m, taken)| m.iter().take(*taken).copied())
            .collect();
        positions.sort_unstable();
        positions
    }

    pub(super) fn flags(&self, s: &Selection) -> Vec<bool> {
        let mut flags = vec![false; self.people.len()];
        for position in self.positions(s) {
            if let Some(flag) = flags.get_mut(position) {
                *flag = true;
            }
        }
        flags
    }

    pub(super) fn mix_of<'b>(&self, people: impl Iterator<Item = &'b &'a Applicant>) -> CohortMix
    where
        'a: 'b,
    {
        let pairs: Vec<(&str, &str)> = people
            .map(|a| (a.profession.as_str(), a.organisation.as_str()))
            .collect();
        CohortMix::of(pairs.iter().copied())
    }

    /// Why the applicant at `position` is not in `s`, most compelling reason first.
    pub(super) fn reason(
        &self,
        position: usize,
        s: &Selection,
        rules: &IntakeRules,
    ) -> LeftOutReason {
        let kind = self.kind_at.get(position).and_then(|k| self.kinds.get(*k));
        let (Some(a), Some(kind)) = (self.people.get(position), kind) else {
            return LeftOutReason::LessEven;
        };
        let organisation = count(&s.by_organisation, kind.organisation);
        if organisation >= rules.per_organisation_cap {
            return LeftOutReason::OrganisationFull {
                organisation: a.organisation.clone(),
                cap: rules.per_organisation_cap,
            };
        }
        if s.len == 0 {
            return LeftOutReason::NoPlaces;
        }
        let profession = count(&s.by_profession, kind.profession);
        if profession > 0 && s.by_profession.iter().all(|c| *c <= profession) {
            return LeftOutReason::MostCommonProfession {
                profession: a.profession.clone(),
                chosen: profession,
                of: s.len,
            };
        }
        if organisation > 0 && s.by_organisation.iter().all(|c| *c <= organisation) {
            return LeftOutReason::MostCommonOrganisation {
                organisation: a.organisation.clone(),
                chosen: organisation,
                of: s.len,
            };
        }
        LeftOutReason::LessEven
    }
}

fn count(counts: &[usize], i: usize) -> usize {
    counts.get(i).copied().unwrap_or(0)
}

/// Numbers each distinct name in order of first appearance.
fn index_of<'n>(names: impl Iterator<Item = &'n str>) -> BTreeMap<&'n str, usize> {
    let mut index = BTreeMap::new();
    for name in names {
        let next = index.len();
        index.entry(name).or_insert(next);
    }
    index
}

/// The same figure as [`super::mix::Spread::evenness`], from counts instead of names, so the
/// search can score thousands of candidate selections without building strings.
fn evenness(counts: &[usize], total: usize) -> f64 {
    let groups = counts.iter().filter(|c| **c > 0).count();
    if groups < 2 || total == 0 {
        return 0.0;
    }
    let total = total as f64;
    let entropy: f64 = counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = *c as f64 / total;
            -p * p.ln()
        })
        .sum();
    (entropy / (groups as f64).ln()).clamp(0.0, 1.0)
}
