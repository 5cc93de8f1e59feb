use super::suggest::{Member, Rules, Score, SetsError, score, set_count, suggest_sets};
use crate::domain::ids::{OrganisationId, ParticipantId, ProfessionId};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

fn member(id: u64, org: u64, prof: u64) -> Member {
    Member {
        id: ParticipantId(id),
        organisation: OrganisationId(org),
        profession: ProfessionId(prof),
    }
}

fn p(id: u64) -> ParticipantId {
    ParticipantId(id)
}

/// A cohort of `n` with organisations and professions drawn from `orgs` and `profs`, skewed so
/// the first few are the largest, as in a real intake.
fn cohort(n: u64, orgs: u64, profs: u64, seed: u64) -> Vec<Member> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (1..=n)
        .map(|id| {
            let o = rng.random_range(0..orgs).min(rng.random_range(0..orgs));
            let q = rng.random_range(0..profs).min(rng.random_range(0..profs));
            member(id, o + 1, q + 1)
        })
        .collect()
}

fn everyone_once(people: &[Member], sets: &[Vec<ParticipantId>]) {
    let placed: Vec<ParticipantId> = sets.iter().flatten().copied().collect();
    let unique: BTreeSet<ParticipantId> = placed.iter().copied().collect();
    assert_eq!(
        placed.len(),
        people.len(),
        "everyone is placed exactly once"
    );
    assert_eq!(unique.len(), people.len());
    let sizes: Vec<usize> = sets.iter().map(Vec::len).collect();
    let (min, max) = (sizes.iter().min(), sizes.iter().max());
    assert!(
        max.zip(min).is_some_and(|(a, b)| a - b <= 1),
        "sets differ by at most one: {sizes:?}"
    );
}

/// A random split with the same set sizes as the suggestion would have.
fn random_split(people: &[Member], size: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<ParticipantId>> {
    let mut ids: Vec<ParticipantId> = people.iter().map(|m| m.id).collect();
    ids.shuffle(rng);
    let k = set_count(ids.len(), size);
    let mut sets = vec![Vec::new(); k];
    for (i, id) in ids.into_iter().enumerate() {
        sets[i % k].push(id);
    }
    sets
}

#[test]
fn sets_hold_at_most_the_size_and_differ_by_at_most_one() {
    for (n, size) in [(11, 5), (20, 5), (23, 4), (7, 6), (1, 5), (2, 2), (101, 6)] {
        let people = cohort(n, 6, 4, n);
        let s = suggest_sets(&people, size, &Rules::default()).expect("a split");
        everyone_once(&people, &s.sets);
        assert_eq!(s.sets.len(), set_count(n as usize, size));
        assert!(
            s.sets.iter().all(|set| set.len() <= size),
            "{n} into {size}"
        );
    }
}

#[test]
fn no_two_from_one_organisation_when_the_cohort_allows() {
    // 4 organisations of 5 people, 5 sets of 4: one from each organisation in every set.
    let people: Vec<Member> = (0..20)
        .map(|i| member(i + 1, i / 5 + 1, i % 3 + 1))
        .collect();
    let s = suggest_sets(&people, 4, &Rules::default()).expect("a split");
    assert_eq!(s.score.organisation_pairs, 0);
    assert!(s.crowding.is_empty());
    for set in &s.sets {
        let orgs: BTreeSet<u64> = set.iter().map(|id| (id.0 - 1) / 5 + 1).collect();
        assert_eq!(orgs.len(), set.len(), "one from each organisation: {set:?}");
    }
}

#[test]
fn an_organisation_larger_than_the_number_of_sets_is_spread_as_evenly_as_it_can_be() {
    // Organisation 1 has 7 people, there are 5 sets of at most 5: two sets must hold two.
    let mut people: Vec<Member> = (1..=7).map(|i| member(i, 1, i % 2 + 1)).collect();
    people.extend((8..=25).map(|i| member(i, i, 3)));
    let s = suggest_sets(&people, 5, &Rules::default()).expect("a split");
    assert_eq!(s.sets.len(), 5);
    assert_eq!(s.score.organisation_pairs, 2, "two sets hold one pair each");
    assert_eq!(s.crowding.len(), 1);
    let c = &s.crowding[0];
    assert_eq!((c.people, c.sets), (7, 5));
    assert!(c.unavoidable);
    let mut held: Vec<usize> = c.crowded.iter().map(|&(_, n)| n).collect();
    held.sort();
    assert_eq!(held, vec![2, 2]);
}

#[test]
fn keep_together_keep_apart_and_locks_are_honoured() {
    let people = cohort(30, 5, 4, 7);
    let rules = Rules {
        together: vec![(p(1), p(2)), (p(2), p(3))],
        apart: vec![(p(4), p(5)), (p(4), p(6))],
        locked: vec![(p(7), 4), (p(8), 0)],
    };
    let s = suggest_sets(&people, 5, &rules).expect("a split");
    everyone_once(&people, &s.sets);
    let set_of = |id: u64| s.sets.iter().position(|set| set.contains(&p(id)));
    assert_eq!(set_of(1), set_of(2));
    assert_eq!(set_of(2), set_of(3));
    assert_ne!(set_of(4), set_of(5));
    assert_ne!(set_of(4), set_of(6));
    assert_eq!(set_of(7), Some(4));
    assert_eq!(set_of(8), Some(0));
    assert_eq!(s.score.apart_broken, 0);
}

#[test]
fn the_same_cohort_gives_the_same_sets_in_whatever_order_it_comes() {
    let people = cohort(60, 8, 5, 3);
    let first = suggest_sets(&people, 5, &Rules::default()).expect("a split");
    let mut shuffled = people.clone();
    shuffled.shuffle(&mut ChaCha8Rng::seed_from_u64(99));
    let again = suggest_sets(&shuffled, 5, &Rules::default()).expect("a split");
    assert_eq!(first, again);
}

#[test]
fn the_suggestion_beats_the_average_random_split_and_every_one_of_them() {
    for seed in 0..5 {
        let people = cohort(40 + seed * 13, 7, 5, seed);
        let s = suggest_sets(&people, 5, &Rules::default()).expect("a split");
        let mut rng = ChaCha8Rng::seed_from_u64(seed + 100);
        let splits = 200;
        let mut org_total = 0;
        let mut best_random = Score {
            apart_broken: usize::MAX,
            ..Score::default()
        };
        for _ in 0..splits {
            let r = score(&people, &random_split(&people, 5, &mut rng), &[]);
            org_total += r.organisation_pairs;
            best_random = best_random.min(r);
            assert!(
                s.score <= r,
                "seed {seed}: {:?} worse than random {r:?}",
                s.score
            );
        }
        let average = org_total as f64 / splits as f64;
        assert!(
            (s.score.organisation_pairs as f64) < average,
            "seed {seed}: {} same-organisation pairs against {average} on average",
            s.score.organisation_pairs
        );
    }
}

/// Every split of `people` into sets of the sizes the suggestion uses, searched whole.
struct BruteForce<'a> {
    people: &'a [Member],
    apart: &'a [(ParticipantId, ParticipantId)],
    k: usize,
    lo: usize,
    big: usize,
    assign: Vec<usize>,
    best: Option<Score>,
}

impl BruteForce<'_> {
    fn go(&mut self, at: usize) {
        let n = self.people.len();
        if at == n {
            let mut sets = vec![Vec::new(); self.k];
            for (i, &s) in self.assign.iter().enumerate() {
                sets[s].push(self.people[i].id);
            }
            let big = sets.iter().filter(|s| s.len() > self.lo).count();
            let sizes_ok = sets
                .iter()
                .all(|s| s.len() >= self.lo && s.len() <= self.lo + 1);
            if sizes_ok && big == self.big {
                let sc = score(self.people, &sets, self.apart);
                if self.best.is_none_or(|b| sc < b) {
                    self.best = Some(sc);
                }
            }
            return;
        }
        // Sets are interchangeable: person `at` opens at most one new set.
        let used = self.assign[..at].iter().copied().max().map_or(0, |m| m + 1);
        for s in 0..self.k.min(used + 1) {
            self.assign[at] = s;
            self.go(at + 1);
        }
    }
}

fn brute_force_best(
    people: &[Member],
    size: usize,
    apart: &[(ParticipantId, ParticipantId)],
) -> Score {
    let n = people.len();
    let k = set_count(n, size);
    let mut search = BruteForce {
        people,
        apart,
        k,
        lo: n / k,
        big: n - k * (n / k),
        assign: vec![0; n],
        best: None,
    };
    search.go(0);
    search.best.unwrap_or_default()
}

#[test]
fn on_small_cohorts_the_suggestion_is_as_good_as_the_best_of_every_split() {
    for seed in 0..40 {
        let n = 6 + seed % 5;
        let people = cohort(n, 3, 3, seed);
        let apart = if seed % 3 == 0 {
            vec![(p(1), p(2))]
        } else {
            vec![]
        };
        let rules = Rules {
            apart: apart.clone(),
            ..Rules::default()
        };
        let size = 3 + (seed as usize % 2);
        let s = suggest_sets(&people, size, &rules).expect("a split");
        let best = brute_force_best(&people, size, &apart);
        assert_eq!(s.score, best, "seed {seed}: {n} into sets of {size}");
    }
}

#[test]
fn contradictory_rules_are_refused_with_the_people_named() {
    let people = cohort(12, 3, 3, 1);
    let both = Rules {
        together: vec![(p(1), p(2))],
        apart: vec![(p(2), p(1))],
        ..Rules::default()
    };
    assert_eq!(
        suggest_sets(&people, 4, &both),
        Err(SetsError::TogetherAndApart(p(2), p(1)))
    );
    let beyond = Rules {
        locked: vec![(p(3), 5)],
        ..Rules::default()
    };
    assert!(matches!(
        suggest_sets(&people, 4, &beyond),
        Err(SetsError::LockedBeyond {
            set: 6,
            sets: 3,
            ..
        })
    ));
    let big = Rules {
        together: vec![(p(1), p(2)), (p(2), p(3)), (p(3), p(4)), (p(4), p(5))],
        ..Rules::default()
    };
    assert!(matches!(
        suggest_sets(&people, 4, &big),
        Err(SetsError::TogetherTooBig { people: 5, .. })
    ));
    assert_eq!(
        suggest_sets(&people, 1, &Rules::default()),
        Err(SetsError::SizeTooSmall(1))
    );
    assert_eq!(
        suggest_sets(&[], 5, &Rules::default()),
        Err(SetsError::Nobody)
    );
}
