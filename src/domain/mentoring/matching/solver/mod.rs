//! The best pairing of participants with mentors when each mentor can take only so many:
//! as many participants matched as possible, then the lowest total cost among those pairings.

mod from_mentors;
mod instance;
mod search;
#[cfg(test)]
mod tests;

pub use instance::{Instance, InstanceError, parse_instance, random_instance};

/// The largest cost, either way from zero, a pair may have. It keeps every sum the solver
/// forms, penalties for unmatched participants included, well inside `i64`.
pub const MAX_COST: i64 = 1_000_000_000_000;

/// The most participants one problem may have, for the same reason as [`MAX_COST`].
pub const MAX_PARTICIPANTS: usize = 1_000_000;

/// Marks a forbidden pair inside [`CostMatrix`]; never a valid cost, as those are within
/// [`MAX_COST`].
const FORBIDDEN: i64 = i64::MAX;

/// Why a problem cannot be solved as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolverError {
    #[error("{rows} participants × {cols} mentors needs {expected} costs, but {got} were given")]
    WrongCostCount {
        rows: usize,
        cols: usize,
        expected: usize,
        got: usize,
    },
    #[error("{rows} participants × {cols} mentors is too many pairs to hold")]
    TooManyPairs { rows: usize, cols: usize },
    #[error("{rows} participants is more than the {MAX_PARTICIPANTS} the solver accepts")]
    TooManyParticipants { rows: usize },
    #[error("participant {row}, mentor {col}: cost {cost} is outside ±{MAX_COST}")]
    CostOutOfRange { row: usize, col: usize, cost: i64 },
    #[error("{cols} mentors need {cols} capacities, but {got} were given")]
    WrongCapacityCount { cols: usize, got: usize },
}

/// The cost of pairing each participant (row) with each mentor (column), lower is better;
/// a missing cost means the pair must never be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostMatrix {
    rows: usize,
    cols: usize,
    /// Row-major, [`FORBIDDEN`] for a pair that must not be made.
    costs: Vec<i64>,
    /// Lowest and highest allowed cost, `(0, 0)` when nothing is allowed; the solver shifts
    /// costs by the lowest so they start at zero.
    lowest: i64,
    highest: i64,
}

impl CostMatrix {
    /// A matrix from `rows × cols` costs in row-major order, `None` for a forbidden pair.
    pub fn new(rows: usize, cols: usize, costs: Vec<Option<i64>>) -> Result<Self, SolverError> {
        let expected = rows
            .checked_mul(cols)
            .ok_or(SolverError::TooManyPairs { rows, cols })?;
        if costs.len() != expected {
            return Err(SolverError::WrongCostCount {
                rows,
                cols,
                expected,
                got: costs.len(),
            });
        }
        let mut it = costs.into_iter();
        Self::from_fn(rows, cols, |_, _| it.next().flatten())
    }

    /// A matrix whose cost for participant `row` and mentor `col` is `cost(row, col)`, called
    /// in row-major order; `None` forbids the pair.
    pub fn from_fn(
        rows: usize,
        cols: usize,
        mut cost: impl FnMut(usize, usize) -> Option<i64>,
    ) -> Result<Self, SolverError> {
        if rows > MAX_PARTICIPANTS {
            return Err(SolverError::TooManyParticipants { rows });
        }
        let len = rows
            .checked_mul(cols)
            .ok_or(SolverError::TooManyPairs { rows, cols })?;
        let mut costs = Vec::with_capacity(len);
        let (mut lowest, mut highest) = (i64::MAX, i64::MIN);
        for row in 0..rows {
            for col in 0..cols {
                match cost(row, col) {
                    None => costs.push(FORBIDDEN),
                    Some(c) if !(-MAX_COST..=MAX_COST).contains(&c) => {
                        return Err(SolverError::CostOutOfRange { row, col, cost: c });
                    }
                    Some(c) => {
                        lowest = lowest.min(c);
                        highest = highest.max(c);
                        costs.push(c);
                    }
                }
            }
        }
        if lowest > highest {
            (lowest, highest) = (0, 0);
        }
        Ok(CostMatrix {
            rows,
            cols,
            costs,
            lowest,
            highest,
        })
    }

    /// How many participants.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// How many mentors.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The cost of pairing participant `row` with mentor `col`, `None` if forbidden or out
    /// of range.
    pub fn cost(&self, row: usize, col: usize) -> Option<i64> {
        if row >= self.rows || col >= self.cols {
            return None;
        }
        let c = self.costs[row * self.cols + col];
        (c != FORBIDDEN).then_some(c)
    }

    fn row(&self, row: usize) -> &[i64] {
        &self.costs[row * self.cols..(row + 1) * self.cols]
    }
}

/// Why a participant was left without a mentor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unmatched {
    /// Every pairing for this participant is forbidden, or there are no mentors at all.
    NoAllowedMentor,
    /// The participant has allowed mentors, but all of their places are taken: either each
    /// has a capacity of zero, or matching this participant would leave at least as many
    /// others without a mentor, so the best pairing gives those places to others.
    AllCandidatesFull,
}

/// The solver's answer: who mentors whom, and what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The mentor (column) of each participant (row), `None` if left unmatched.
    pub mentor_of: Vec<Option<usize>>,
    /// The sum of the costs of the pairs made.
    pub total_cost: i64,
    unmatched: Vec<(usize, Unmatched)>,
}

impl Assignment {
    /// How many participants have a mentor.
    pub fn matched(&self) -> usize {
        self.mentor_of.iter().filter(|m| m.is_some()).count()
    }

    /// Each participant left without a mentor, in row order, with the reason.
    pub fn unmatched(&self) -> &[(usize, Unmatched)] {
        &self.unmatched
    }
}

/// Pairs participants with mentors, each mentor `col` taking at most `capacities[col]`
/// participants and no forbidden pair made. The result matches as many participants as any
/// pairing can, and among those pairings has the lowest total cost; it is exact, not a
/// heuristic.
pub fn solve(costs: &CostMatrix, capacities: &[u32]) -> Result<Assignment, SolverError> {
    if capacities.len() != costs.cols {
        return Err(SolverError::WrongCapacityCount {
            cols: costs.cols,
            got: capacities.len(),
        });
    }
    // Either way is exact; the one with fewer searches is faster.
    let mentor_of = if from_mentors::fewer_places_than_participants(costs.rows, capacities) {
        from_mentors::assign(costs, capacities)
    } else {
        search::assign(costs, capacities)
    };
    let mut total_cost = 0i64;
    let mut unmatched = Vec::new();
    for (row, mentor) in mentor_of.iter().enumerate() {
        match mentor {
            // Cannot overflow: at most MAX_PARTICIPANTS costs of at most MAX_COST each.
            Some(col) => total_cost += costs.row(row)[*col],
            None if costs.row(row).iter().all(|&c| c == FORBIDDEN) => {
                unmatched.push((row, Unmatched::NoAllowedMentor));
            }
            None => unmatched.push((row, Unmatched::AllCandidatesFull)),
        }
    }
    Ok(Assignment {
        mentor_of,
        total_cost,
        unmatched,
    })
}
