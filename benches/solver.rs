//! Speed of the matching solver on random problems like a large programme's: costs 0–1,000,000,
//! mentors taking 1–3 participants, nothing forbidden. Figures go in
//! docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use improvers::domain::mentoring::matching::solver::{random_instance, solve};
use std::hint::black_box;

fn matching(c: &mut Criterion) {
    let mut group = c.benchmark_group("matching");
    group.sample_size(20);
    for (rows, cols) in [(500, 5_000), (2_000, 5_000)] {
        let problem = random_instance(rows, cols, 1_000_000, 3, 1).expect("costs in range");
        group.bench_function(format!("{rows}x{cols}"), |b| {
            b.iter(|| solve(black_box(&problem.costs), black_box(&problem.capacities)))
        });
    }
    group.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
