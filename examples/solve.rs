//! Solves one matching problem from a plain-text file and prints one JSON line:
//! `cargo run --release --example solve -- FILE`. The format is described in
//! `improvers::domain::mentoring::matching::solver::parse_instance`; `solve_ms` times the solve alone.

use improvers::domain::mentoring::matching::solver::{parse_instance, solve};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: solve FILE");
        return ExitCode::from(2);
    };
    match run(&path) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {path}: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let problem = parse_instance(&text).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let assignment = solve(&problem.costs, &problem.capacities).map_err(|e| e.to_string())?;
    let solve_ms = started.elapsed().as_secs_f64() * 1_000.0;
    let line = Line {
        rows: problem.costs.rows(),
        cols: problem.costs.cols(),
        matched: assignment.matched(),
        total_cost: assignment.total_cost,
        solve_ms,
    };
    serde_json::to_string(&line).map_err(|e| e.to_string())
}

/// The printed line, its fields in this order.
#[derive(serde::Serialize)]
struct Line {
    rows: usize,
    cols: usize,
    matched: usize,
    total_cost: i64,
    solve_ms: f64,
}
