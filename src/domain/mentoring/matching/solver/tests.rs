//! Checks of the solver against exhaustive search, an independent Hungarian-method solver,
//! and named cases a coordinator would recognise.

use super::*;
use pathfinding::kuhn_munkres::kuhn_munkres_min;
use pathfinding::matrix::Matrix;
use proptest::prelude::*;

fn matrix(rows: &[&[Option<i64>]]) -> CostMatrix {
    let cols = rows.first().map_or(0, |r| r.len());
    CostMatrix::new(rows.len(), cols, rows.concat()).expect("a well-formed matrix")
}

fn solved(costs: &CostMatrix, capacities: &[u32]) -> Assignment {
    let a = solve(costs, capacities).expect("one capacity per mentor");
    assert_consistent(costs, capacities, &a);
    a
}

/// The answer keeps every rule and its figures agree with its pairs.
fn assert_consistent(costs: &CostMatrix, capacities: &[u32], a: &Assignment) {
    assert_eq!(a.mentor_of.len(), costs.rows());
    let mut load = vec![0u32; costs.cols()];
    let mut total = 0i64;
    for (row, mentor) in a.mentor_of.iter().enumerate() {
        if let Some(col) = *mentor {
            total += costs.cost(row, col).expect("no forbidden pair is made");
            load[col] += 1;
        }
    }
    for (col, (&l, &c)) in load.iter().zip(capacities).enumerate() {
        assert!(l <= c, "mentor {col} has {l} mentees but capacity {c}");
    }
    assert_eq!(a.total_cost, total);
    let unmatched: Vec<usize> = a.unmatched().iter().map(|(r, _)| *r).collect();
    let expected: Vec<usize> = (0..costs.rows())
        .filter(|&r| a.mentor_of[r].is_none())
        .collect();
    assert_eq!(unmatched, expected);
    assert_eq!(a.matched() + unmatched.len(), costs.rows());
}

/// The most participants any pairing matches, and the lowest cost among such pairings, by
/// trying every pairing.
fn exhaustive(costs: &CostMatrix, capacities: &[u32]) -> (usize, i64) {
    fn go(
        costs: &CostMatrix,
        row: usize,
        room: &mut [u32],
        matched: usize,
        cost: i64,
    ) -> (usize, i64) {
        if row == costs.rows() {
            return (matched, cost);
        }
        // Leaving this participant out is always possible.
        let mut best = go(costs, row + 1, room, matched, cost);
        for col in 0..costs.cols() {
            if let Some(c) = costs.cost(row, col).filter(|_| room[col] > 0) {
                room[col] -= 1;
                let found = go(costs, row + 1, room, matched + 1, cost + c);
                room[col] += 1;
                if found.0 > best.0 || (found.0 == best.0 && found.1 < best.1) {
                    best = found;
                }
            }
        }
        best
    }
    go(costs, 0, &mut capacities.to_vec(), 0, 0)
}

/// Each participant in turn takes their cheapest allowed mentor with room left.
fn greedy_total(costs: &CostMatrix, capacities: &[u32]) -> i64 {
    let mut room = capacities.to_vec();
    let mut total = 0;
    for row in 0..costs.rows() {
        let cheapest = (0..costs.cols())
            .filter(|&col| room[col] > 0)
            .filter_map(|col| costs.cost(row, col).map(|c| (c, col)))
            .min();
        if let Some((c, col)) = cheapest {
            room[col] -= 1;
            total += c;
        }
    }
    total
}

#[test]
fn a_later_participant_can_take_the_place_of_an_earlier_one() {
    // A and B can only have mentor X, who takes one: B costs less, so B gets X even though
    // A comes first.
    let costs = matrix(&[&[Some(10)], &[Some(1)]]);
    let a = solved(&costs, &[1]);
    assert_eq!(a.mentor_of, vec![None, Some(0)]);
    assert_eq!(a.total_cost, 1);
    assert_eq!(a.unmatched(), &[(0, Unmatched::AllCandidatesFull)]);
}

#[test]
fn greedy_in_turn_costs_more_than_the_solver() {
    // Both want mentor 0; the first participant's second choice is nearly as good, the
    // second's is poor.
    let costs = matrix(&[&[Some(1), Some(2)], &[Some(1), Some(100)]]);
    let capacities = [1, 1];
    assert_eq!(greedy_total(&costs, &capacities), 101);
    let a = solved(&costs, &capacities);
    assert_eq!(a.total_cost, 3);
    assert_eq!(a.mentor_of, vec![Some(1), Some(0)]);
}

#[test]
fn more_participants_matched_beats_a_lower_cost() {
    // Matching both costs 1,000 + 1,000; matching only one could cost 0.
    let costs = matrix(&[&[Some(0), Some(1_000)], &[Some(1_000), None]]);
    let a = solved(&costs, &[1, 1]);
    assert_eq!(a.matched(), 2);
    assert_eq!(a.total_cost, 2_000);
}

#[test]
fn a_mentor_takes_up_to_their_capacity() {
    let costs = matrix(&[
        &[Some(1), Some(5)],
        &[Some(1), Some(5)],
        &[Some(1), Some(5)],
    ]);
    let a = solved(&costs, &[2, 1]);
    assert_eq!(a.matched(), 3);
    assert_eq!(a.total_cost, 7);
    assert_eq!(a.mentor_of.iter().filter(|m| **m == Some(0)).count(), 2);
}

#[test]
fn unmatched_participants_are_told_why() {
    // Participant 0 may have no one; 1 and 2 both need mentor 0, who takes one; 3 may only
    // have mentor 1, who takes no one.
    let costs = matrix(&[
        &[None, None],
        &[Some(4), None],
        &[Some(3), None],
        &[None, Some(0)],
    ]);
    let a = solved(&costs, &[1, 0]);
    assert_eq!(a.mentor_of, vec![None, None, Some(0), None]);
    assert_eq!(
        a.unmatched(),
        &[
            (0, Unmatched::NoAllowedMentor),
            (1, Unmatched::AllCandidatesFull),
            (3, Unmatched::AllCandidatesFull),
        ]
    );
}

#[test]
fn when_places_are_scarce_the_cheaper_mentor_gets_the_one_participant_both_may_take() {
    // Two places for three participants, so places look for participants: mentor 0 comes
    // first and takes participant 0, but mentor 1 is cheaper for them, and nobody else may
    // have either mentor.
    let costs = matrix(&[&[Some(10), Some(1)], &[None, None], &[None, None]]);
    let a = solved(&costs, &[1, 1]);
    assert_eq!(a.mentor_of, vec![Some(1), None, None]);
    assert_eq!(a.total_cost, 1);
    assert_eq!(
        a.unmatched(),
        &[
            (1, Unmatched::NoAllowedMentor),
            (2, Unmatched::NoAllowedMentor)
        ]
    );
}

#[test]
fn when_places_are_scarce_a_place_moves_to_the_participant_who_needs_it() {
    // One mentor with two places and a second with one, four participants: participant 3
    // may only have mentor 0, so mentor 0's cheaper participant 0 goes to mentor 1.
    let costs = matrix(&[
        &[Some(0), Some(5)],
        &[Some(1), None],
        &[Some(9), Some(9)],
        &[Some(2), None],
    ]);
    let a = solved(&costs, &[2, 1]);
    assert_eq!(a.matched(), 3);
    assert_eq!(a.mentor_of, vec![Some(1), Some(0), None, Some(0)]);
    assert_eq!(a.total_cost, 8);
}

#[test]
fn mentors_with_no_capacity_are_never_used() {
    let costs = matrix(&[&[Some(0), Some(9)], &[Some(0), Some(9)]]);
    let a = solved(&costs, &[0, 2]);
    assert_eq!(a.mentor_of, vec![Some(1), Some(1)]);
    assert_eq!(a.total_cost, 18);
}

#[test]
fn no_participants_or_no_mentors() {
    let none = CostMatrix::new(0, 3, vec![]).expect("empty is fine");
    let a = solved(&none, &[1, 2, 3]);
    assert_eq!((a.matched(), a.total_cost), (0, 0));
    assert!(a.mentor_of.is_empty());

    let no_mentors = CostMatrix::new(2, 0, vec![]).expect("empty is fine");
    let a = solved(&no_mentors, &[]);
    assert_eq!(
        a.unmatched(),
        &[
            (0, Unmatched::NoAllowedMentor),
            (1, Unmatched::NoAllowedMentor)
        ]
    );
}

#[test]
fn every_pair_forbidden() {
    let costs = CostMatrix::new(3, 2, vec![None; 6]).expect("well formed");
    let a = solved(&costs, &[3, 3]);
    assert_eq!(a.matched(), 0);
    assert_eq!(a.total_cost, 0);
    assert!(
        a.unmatched()
            .iter()
            .all(|(_, why)| *why == Unmatched::NoAllowedMentor)
    );
}

#[test]
fn negative_and_extreme_costs_do_not_overflow() {
    let big = MAX_COST;
    let costs = matrix(&[
        &[Some(big), Some(-big), Some(0)],
        &[Some(-big), Some(big), None],
        &[Some(big), Some(big), Some(big)],
    ]);
    let a = solved(&costs, &[1, 1, 1]);
    assert_eq!(a.matched(), 3);
    assert_eq!(a.total_cost, -2 * big + big);
}

#[test]
fn malformed_problems_are_refused() {
    assert_eq!(
        CostMatrix::new(2, 2, vec![Some(1); 3]),
        Err(SolverError::WrongCostCount {
            rows: 2,
            cols: 2,
            expected: 4,
            got: 3
        })
    );
    assert_eq!(
        CostMatrix::new(1, 2, vec![Some(1), Some(MAX_COST + 1)]),
        Err(SolverError::CostOutOfRange {
            row: 0,
            col: 1,
            cost: MAX_COST + 1
        })
    );
    assert_eq!(
        CostMatrix::new(MAX_PARTICIPANTS + 1, 0, vec![]),
        Err(SolverError::TooManyParticipants {
            rows: MAX_PARTICIPANTS + 1
        })
    );
    assert_eq!(
        CostMatrix::new(2, usize::MAX, vec![]),
        Err(SolverError::TooManyPairs {
            rows: 2,
            cols: usize::MAX
        })
    );
    let costs = matrix(&[&[Some(1), Some(2)]]);
    assert_eq!(
        solve(&costs, &[1]),
        Err(SolverError::WrongCapacityCount { cols: 2, got: 1 })
    );
    let message = SolverError::WrongCapacityCount { cols: 2, got: 1 }.to_string();
    assert_eq!(message, "2 mentors need 2 capacities, but 1 were given");
}

/// A small problem: up to 6 participants, 4 mentors of capacity 0–2, some pairs forbidden.
fn small_problem(
    cost: std::ops::RangeInclusive<i64>,
) -> impl Strategy<Value = (CostMatrix, Vec<u32>)> {
    (0usize..=6, 0usize..=4).prop_flat_map(move |(rows, cols)| {
        (
            prop::collection::vec(prop::option::weighted(0.75, cost.clone()), rows * cols),
            prop::collection::vec(0u32..=2, cols),
        )
            .prop_map(move |(costs, caps)| {
                (
                    CostMatrix::new(rows, cols, costs).expect("shape matches"),
                    caps,
                )
            })
    })
}

/// A medium problem where places are scarce and pairs forbidden: up to 40 participants, 30
/// mentors of capacity 0–3, costs from `-most` to `most`.
fn scarce_problem(most: i64) -> impl Strategy<Value = (CostMatrix, Vec<u32>)> {
    problem_with_costs(1..=40, 1..=30, -most..=most)
}

/// A problem with fewer places than participants: up to 40 participants, a quarter to a half
/// as many mentors of capacity 0–3, about one pair in five forbidden, costs in `cost`.
fn fewer_places_problem(
    cost: std::ops::RangeInclusive<i64>,
) -> impl Strategy<Value = (CostMatrix, Vec<u32>)> {
    (4usize..=40)
        .prop_flat_map(|rows| (Just(rows), rows / 4..=rows / 2))
        .prop_flat_map(move |(rows, cols)| problem_of_shape(rows, cols, cost.clone()))
}

fn problem_with_costs(
    rows: std::ops::RangeInclusive<usize>,
    cols: std::ops::RangeInclusive<usize>,
    cost: std::ops::RangeInclusive<i64>,
) -> impl Strategy<Value = (CostMatrix, Vec<u32>)> {
    (rows, cols).prop_flat_map(move |(rows, cols)| problem_of_shape(rows, cols, cost.clone()))
}

fn problem_of_shape(
    rows: usize,
    cols: usize,
    cost: std::ops::RangeInclusive<i64>,
) -> impl Strategy<Value = (CostMatrix, Vec<u32>)> {
    (
        prop::collection::vec(prop::option::weighted(0.7, cost), rows * cols),
        prop::collection::vec(0u32..=3, cols),
    )
        .prop_map(move |(costs, caps)| {
            (
                CostMatrix::new(rows, cols, costs).expect("shape matches"),
                caps,
            )
        })
}

/// The number matched and the total cost of a list of mentors, one per participant.
fn figures(costs: &CostMatrix, mentor_of: &[Option<usize>]) -> (usize, i64) {
    let pairs = mentor_of
        .iter()
        .enumerate()
        .filter_map(|(r, m)| m.map(|c| (r, c)));
    pairs.fold((0, 0), |(n, total), (r, c)| {
        (
            n + 1,
            total + costs.cost(r, c).expect("no forbidden pair is made"),
        )
    })
}

/// The Hungarian method's optimum for the same problem, with each mentor repeated once per
/// place, forbidden pairs priced out of reach, and a private place per participant costing
/// more than any difference in real cost, so its total is the real cost plus that much per
/// unmatched participant.
fn hungarian_with_unmatched_places(costs: &CostMatrix, capacities: &[u32]) -> (i64, i64) {
    let most = (0..costs.rows())
        .flat_map(|r| (0..costs.cols()).filter_map(move |c| costs.cost(r, c)))
        .map(i64::abs)
        .max()
        .unwrap_or(0);
    let unmatched = 2 * most * costs.rows() as i64 + 1;
    let out_of_reach = 4 * unmatched;
    let places: Vec<usize> = capacities
        .iter()
        .enumerate()
        .flat_map(|(col, &c)| std::iter::repeat_n(col, c as usize))
        .collect();
    let rows = costs.rows();
    let weights = Matrix::from_rows((0..rows).map(|row| {
        let mentors = places
            .iter()
            .map(move |&col| costs.cost(row, col).unwrap_or(out_of_reach));
        let own = (0..rows).map(move |r| if r == row { unmatched } else { out_of_reach });
        mentors.chain(own)
    }))
    .expect("rectangular");
    (kuhn_munkres_min(&weights).0, unmatched)
}

proptest! {
    #[test]
    fn fewer_places_than_participants_with_tied_costs_matches_the_hungarian_method(
        (costs, capacities) in fewer_places_problem(0..=3)
    ) {
        let a = solved(&costs, &capacities);
        let (oracle, penalty) = hungarian_with_unmatched_places(&costs, &capacities);
        prop_assert_eq!(a.total_cost + penalty * a.unmatched().len() as i64, oracle);
    }

    #[test]
    fn fewer_places_than_participants_with_scores_matches_the_hungarian_method(
        (costs, capacities) in fewer_places_problem(0..=100)
    ) {
        let a = solved(&costs, &capacities);
        let (oracle, penalty) = hungarian_with_unmatched_places(&costs, &capacities);
        prop_assert_eq!(a.total_cost + penalty * a.unmatched().len() as i64, oracle);
    }

    #[test]
    fn random_scarce_problems_over_many_seeds_match_the_hungarian_method(
        (rows, max_cost, seed) in (8usize..=40, prop::sample::select(vec![3i64, 100, 1_000_000]), any::<u64>())
    ) {
        // A quarter as many mentors as participants, each taking 1–3: fewer places than
        // participants, so some are left unmatched and the rest must be the cheapest.
        let problem = random_instance(rows, rows / 4, max_cost, 3, seed).expect("in range");
        let (costs, capacities) = (&problem.costs, &problem.capacities);
        let a = solved(costs, capacities);
        let places: u32 = capacities.iter().sum();
        prop_assert_eq!(a.matched(), places as usize);
        let (oracle, penalty) = hungarian_with_unmatched_places(costs, capacities);
        prop_assert_eq!(a.total_cost + penalty * a.unmatched().len() as i64, oracle);
    }

    #[test]
    fn searching_from_either_side_finds_the_same_optimum(
        (costs, capacities) in problem_with_costs(0..=40, 0..=30, -3..=3),
        (big_costs, big_capacities) in problem_with_costs(0..=40, 0..=30, -1_000..=1_000),
    ) {
        for (costs, capacities) in [(&costs, &capacities), (&big_costs, &big_capacities)] {
            let from_participants = search::assign(costs, capacities);
            let from_places = from_mentors::assign(costs, capacities);
            prop_assert_eq!(
                figures(costs, &from_participants),
                figures(costs, &from_places)
            );
        }
    }

    #[test]
    fn matches_the_hungarian_method_when_places_are_scarce(
        (costs, capacities) in scarce_problem(500)
    ) {
        let a = solved(&costs, &capacities);
        let (oracle, penalty) = hungarian_with_unmatched_places(&costs, &capacities);
        prop_assert_eq!(a.total_cost + penalty * a.unmatched().len() as i64, oracle);
    }

    #[test]
    fn matches_the_hungarian_method_at_extreme_costs(
        (costs, capacities) in scarce_problem(MAX_COST)
    ) {
        let a = solved(&costs, &capacities);
        let (oracle, penalty) = hungarian_with_unmatched_places(&costs, &capacities);
        prop_assert_eq!(a.total_cost + penalty * a.unmatched().len() as i64, oracle);
    }

    #[test]
    fn matches_exhaustive_search((costs, capacities) in small_problem(-20..=20)) {
        let a = solved(&costs, &capacities);
        prop_assert_eq!((a.matched(), a.total_cost), exhaustive(&costs, &capacities));
    }

    #[test]
    fn matches_exhaustive_search_at_extreme_costs(
        (costs, capacities) in small_problem(-MAX_COST..=MAX_COST)
    ) {
        let a = solved(&costs, &capacities);
        prop_assert_eq!((a.matched(), a.total_cost), exhaustive(&costs, &capacities));
    }

    #[test]
    fn matches_the_hungarian_method_with_mentors_repeated(
        (rows, extra, seed) in (1usize..=40, 0usize..=20, any::<u64>())
    ) {
        // At least as many mentors as participants, each with room for 1–3, nothing
        // forbidden: everyone is matched, so the totals must agree.
        let problem = random_instance(rows, rows + extra, 1_000, 3, seed).expect("in range");
        let (costs, capacities) = (&problem.costs, &problem.capacities);
        let a = solved(costs, capacities);
        prop_assert_eq!(a.matched(), rows);

        let places: Vec<usize> = capacities
            .iter()
            .enumerate()
            .flat_map(|(col, &c)| std::iter::repeat_n(col, c as usize))
            .collect();
        let weights = Matrix::from_rows((0..rows).map(|row| {
            places.iter().map(move |&col| costs.cost(row, col).expect("nothing forbidden"))
        }))
        .expect("rectangular");
        let (oracle, _) = kuhn_munkres_min(&weights);
        prop_assert_eq!(a.total_cost, oracle);
    }
}
