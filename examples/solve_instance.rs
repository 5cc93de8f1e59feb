//! Writes a random matching problem in the plain-text form `solve` reads, the same for the
//! same seed: `cargo run --release --example solve_instance -- ROWS COLS SEED [MAX_COST]
//! [MAX_CAPACITY] > FILE`. Costs default to 0–1,000,000 and capacities to 1–3, as in
//! `benches/solver.rs`.

use improvers::domain::mentoring::matching::solver::random_instance;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("usage: solve_instance ROWS COLS SEED [MAX_COST] [MAX_CAPACITY]");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !(3..=5).contains(&args.len()) {
        return Err(format!("expected 3 to 5 arguments, got {}", args.len()));
    }
    let number = |k: usize, name: &str, default: u64| -> Result<u64, String> {
        args.get(k).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| format!("{name} `{v}` is not a whole number"))
        })
    };
    let rows = number(0, "ROWS", 0)? as usize;
    let cols = number(1, "COLS", 0)? as usize;
    let seed = number(2, "SEED", 0)?;
    let max_cost = i64::try_from(number(3, "MAX_COST", 1_000_000)?).map_err(|e| e.to_string())?;
    let max_capacity = u32::try_from(number(4, "MAX_CAPACITY", 3)?).map_err(|e| e.to_string())?;
    let problem =
        random_instance(rows, cols, max_cost, max_capacity, seed).map_err(|e| e.to_string())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write!(out, "{problem}").map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())
}
