//! Speed of the learning sets suggestion on a large cohort: 1,000 people from 60 organisations
//! and 12 professions (skewed, as real intakes are) into sets of 5, with a few keep-together
//! and keep-apart pairs and locks. Figures go in docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use improvers::domain::ids::{OrganisationId, ParticipantId, ProfessionId};
use improvers::domain::learning_sets::{Member, Rules, suggest_sets};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

fn cohort(n: u64, seed: u64) -> Vec<Member> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (1..=n)
        .map(|id| {
            let o = rng.random_range(0..60u64).min(rng.random_range(0..60u64));
            let p = rng.random_range(0..12u64).min(rng.random_range(0..12u64));
            Member {
                id: ParticipantId(id),
                organisation: OrganisationId(o + 1),
                profession: ProfessionId(p + 1),
            }
        })
        .collect()
}

fn learning_sets(c: &mut Criterion) {
    let mut group = c.benchmark_group("learning_sets");
    group.sample_size(10);
    let people = cohort(1_000, 1);
    let p = ParticipantId;
    let rules = Rules {
        together: vec![(p(1), p(2)), (p(10), p(11)), (p(100), p(101))],
        apart: vec![(p(3), p(4)), (p(20), p(21)), (p(200), p(201))],
        locked: vec![(p(5), 0), (p(6), 7), (p(7), 199)],
    };
    group.bench_function("1000 people into sets of 5", |b| {
        b.iter(|| suggest_sets(black_box(&people), 5, black_box(&rules)))
    });
    let small = cohort(30, 2);
    group.bench_function("30 people into sets of 5", |b| {
        b.iter(|| suggest_sets(black_box(&small), 5, black_box(&Rules::default())))
    });
    group.finish();
}

criterion_group!(benches, learning_sets);
criterion_main!(benches);
