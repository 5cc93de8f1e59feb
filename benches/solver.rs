//! Speed of the matching solver on random problems like a large programme's: mentors taking
//! 1–3 participants, nothing forbidden; costs 0–1,000,000, or 0–100 like real scores, where
//! many pairings tie. Places are plentiful (more mentors than participants) or scarce (about
//! 1,400 places for 2,000 participants, 4,000 for 5,000). Figures go in docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use improvers::domain::mentoring::matching::solver::{random_instance, solve};
use std::hint::black_box;

fn matching(c: &mut Criterion) {
    let mut group = c.benchmark_group("matching");
    group.sample_size(10);
    let shapes = [
        (500, 5_000, 1_000_000),
        (2_000, 5_000, 1_000_000),
        (2_000, 5_000, 100),
        (2_000, 700, 1_000_000),
        (2_000, 700, 100),
        (5_000, 2_000, 1_000_000),
        (5_000, 2_000, 100),
    ];
    for (rows, cols, max_cost) in shapes {
        let problem = random_instance(rows, cols, max_cost, 3, 1).expect("costs in range");
        group.bench_function(format!("{rows}x{cols} costs 0-{max_cost}"), |b| {
            b.iter(|| solve(black_box(&problem.costs), black_box(&problem.capacities)))
        });
    }
    group.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
