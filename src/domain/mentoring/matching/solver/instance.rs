//! A matching problem as plain text, for trying the solver outside the programme: the header
//! `R C`, a line of `C` mentor capacities, then `R` lines of `C` costs with `-` for a
//! forbidden pair. Blank lines and extra spaces or tabs are ignored.

use super::{CostMatrix, MAX_COST, SolverError};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt;

/// A whole problem: the costs and each mentor's capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub costs: CostMatrix,
    pub capacities: Vec<u32>,
}

/// What is wrong with a problem's text, and on which line (counting from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceError {
    #[error("the file is empty; it should start with the header `R C`")]
    Empty,
    #[error("line {line}: the header should be two whole numbers `R C`, found `{found}`")]
    Header { line: usize, found: String },
    #[error("line {line}: expected {expected} {what}, found {found}")]
    Count {
        line: usize,
        what: &'static str,
        expected: usize,
        found: usize,
    },
    #[error(
        "line {line}, value {position}: capacity `{found}` is not a whole number from 0 to {}",
        u32::MAX
    )]
    Capacity {
        line: usize,
        position: usize,
        found: String,
    },
    #[error("line {line}, value {position}: cost `{found}` is not a whole number or `-`")]
    Cost {
        line: usize,
        position: usize,
        found: String,
    },
    #[error("line {line}, value {position}: cost {cost} is outside ±{MAX_COST}")]
    CostRange {
        line: usize,
        position: usize,
        cost: i64,
    },
    #[error("the file ends before the line of {cols} capacities")]
    MissingCapacities { cols: usize },
    #[error("line {line}: {source}")]
    Matrix { line: usize, source: SolverError },
    #[error("the file ends after {found} cost lines; the header says R = {expected}")]
    MissingRows { expected: usize, found: usize },
    #[error("line {line}: unexpected text after the cost lines; the header says R = {rows}")]
    Extra { line: usize, rows: usize },
}

/// Reads a problem from its plain-text form (see the module's documentation).
pub fn parse_instance(text: &str) -> Result<Instance, InstanceError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let (header_line, header) = lines.next().ok_or(InstanceError::Empty)?;
    let (rows, cols) = parse_header(header_line, header)?;

    let capacities = if cols == 0 {
        Vec::new()
    } else {
        let (line, text) = lines
            .next()
            .ok_or(InstanceError::MissingCapacities { cols })?;
        values(line, text, cols, "capacities")?
            .enumerate()
            .map(|(k, v)| {
                v.parse::<u32>().map_err(|_| InstanceError::Capacity {
                    line,
                    position: k + 1,
                    found: v.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };

    let mut costs = Vec::new();
    let mut found = 0;
    if cols > 0 {
        while found < rows {
            let (line, text) = lines.next().ok_or(InstanceError::MissingRows {
                expected: rows,
                found,
            })?;
            for (k, v) in values(line, text, cols, "costs")?.enumerate() {
                costs.push(parse_cost(line, k + 1, v)?);
            }
            found += 1;
        }
    }
    if let Some((line, _)) = lines.next() {
        return Err(InstanceError::Extra { line, rows });
    }
    let costs = CostMatrix::new(rows, cols, costs).map_err(|source| InstanceError::Matrix {
        line: header_line,
        source,
    })?;
    Ok(Instance { costs, capacities })
}

fn parse_header(line: usize, text: &str) -> Result<(usize, usize), InstanceError> {
    let bad = || InstanceError::Header {
        line,
        found: text.trim().to_string(),
    };
    let mut parts = text.split_whitespace();
    let rows = parts.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
    let cols = parts.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok((rows, cols))
}

/// The values on `text`, which must number exactly `expected`.
fn values<'a>(
    line: usize,
    text: &'a str,
    expected: usize,
    what: &'static str,
) -> Result<impl Iterator<Item = &'a str>, InstanceError> {
    let found = text.split_whitespace().count();
    if found != expected {
        return Err(InstanceError::Count {
            line,
            what,
            expected,
            found,
        });
    }
    Ok(text.split_whitespace())
}

fn parse_cost(line: usize, position: usize, v: &str) -> Result<Option<i64>, InstanceError> {
    if v == "-" {
        return Ok(None);
    }
    let cost = v.parse::<i64>().map_err(|_| InstanceError::Cost {
        line,
        position,
        found: v.to_string(),
    })?;
    if !(-MAX_COST..=MAX_COST).contains(&cost) {
        return Err(InstanceError::CostRange {
            line,
            position,
            cost,
        });
    }
    Ok(Some(cost))
}

impl fmt::Display for Instance {
    /// The plain-text form [`parse_instance`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (rows, cols) = (self.costs.rows(), self.costs.cols());
        writeln!(f, "{rows} {cols}")?;
        if cols == 0 {
            return Ok(());
        }
        write_line(f, self.capacities.iter().map(|c| c.to_string()))?;
        for row in 0..rows {
            write_line(
                f,
                (0..cols).map(|col| match self.costs.cost(row, col) {
                    Some(c) => c.to_string(),
                    None => "-".to_string(),
                }),
            )?;
        }
        Ok(())
    }
}

fn write_line(f: &mut fmt::Formatter<'_>, values: impl Iterator<Item = String>) -> fmt::Result {
    for (k, v) in values.enumerate() {
        if k > 0 {
            f.write_str(" ")?;
        }
        f.write_str(&v)?;
    }
    f.write_str("\n")
}

/// A random problem with no forbidden pairs: costs from 0 to `max_cost` and capacities from
/// 1 to `max_capacity`, the same for the same seed on every platform. Used by the benchmark
/// and to write files for comparing with other solvers.
pub fn random_instance(
    rows: usize,
    cols: usize,
    max_cost: i64,
    max_capacity: u32,
    seed: u64,
) -> Result<Instance, SolverError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let capacities = (0..cols)
        .map(|_| rng.random_range(1..=max_capacity.max(1)))
        .collect();
    let costs = CostMatrix::from_fn(rows, cols, |_, _| {
        Some(rng.random_range(0..=max_cost.max(0)))
    })?;
    Ok(Instance { costs, capacities })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mentoring::matching::solver::solve;

    fn error(text: &str) -> String {
        match parse_instance(text) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reads_a_problem_with_forbidden_pairs_and_loose_spacing() {
        let text = "\n 2\t3 \n1 0  2\n\n5 - -7\r\n - 3 4\n\n";
        let problem = parse_instance(text).expect("valid");
        assert_eq!(problem.capacities, vec![1, 0, 2]);
        assert_eq!(problem.costs.cost(0, 1), None);
        assert_eq!(problem.costs.cost(0, 2), Some(-7));
        assert_eq!(problem.costs.cost(1, 0), None);
        let a = solve(&problem.costs, &problem.capacities).expect("capacities fit");
        assert_eq!((a.matched(), a.total_cost), (2, -3));
    }

    #[test]
    fn no_mentors_needs_no_further_lines() {
        let problem = parse_instance("3 0\n").expect("valid");
        assert_eq!((problem.costs.rows(), problem.costs.cols()), (3, 0));
        assert!(problem.capacities.is_empty());
    }

    #[test]
    fn writing_then_reading_gives_the_same_problem() {
        let problem = random_instance(4, 5, 9, 2, 7).expect("in range");
        assert_eq!(parse_instance(&problem.to_string()), Ok(problem));
        let forbidden = parse_instance("1 2\n1 1\n- 3\n").expect("valid");
        assert_eq!(forbidden.to_string(), "1 2\n1 1\n- 3\n");
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        assert_eq!(
            error("  \n"),
            "the file is empty; it should start with the header `R C`"
        );
        assert_eq!(
            error("\n2\n"),
            "line 2: the header should be two whole numbers `R C`, found `2`"
        );
        assert_eq!(
            error("2 x\n"),
            "line 1: the header should be two whole numbers `R C`, found `2 x`"
        );
        assert_eq!(
            error("1 2 3\n"),
            "line 1: the header should be two whole numbers `R C`, found `1 2 3`"
        );
        assert_eq!(
            error("1 2\n"),
            "the file ends before the line of 2 capacities"
        );
        assert_eq!(error("1 2\n1\n"), "line 2: expected 2 capacities, found 1");
        assert_eq!(
            error("1 2\n1 -1\n"),
            "line 2, value 2: capacity `-1` is not a whole number from 0 to 4294967295"
        );
        assert_eq!(
            error("2 2\n1 1\n1 2\n"),
            "the file ends after 1 cost lines; the header says R = 2"
        );
        assert_eq!(
            error("2 2\n1 1\n1 2\n3 4 5\n"),
            "line 4: expected 2 costs, found 3"
        );
        assert_eq!(
            error("1 2\n1 1\n1 2.5\n"),
            "line 3, value 2: cost `2.5` is not a whole number or `-`"
        );
        assert_eq!(
            error("1 1\n1\n-1000000000001\n"),
            "line 3, value 1: cost -1000000000001 is outside ±1000000000000"
        );
        assert_eq!(
            error("1 1\n1\n1\n2\n"),
            "line 4: unexpected text after the cost lines; the header says R = 1"
        );
        assert_eq!(
            error("1000001 0\n"),
            "line 1: 1000001 participants is more than the 1000000 the solver accepts"
        );
    }
}
