//! The history against the number of the last change: every change from 1 to the last is
//! kept once, under its own number, and none after it.

use super::Difference;

/// `kept` is every history entry as `(number it is kept under, number it gives itself)`, in
/// increasing order of the first; `last` is the database's last change (0 before the first).
/// Returns runs of missing changes, entries after `last`, and entries kept under another
/// number than their own, in that order.
pub fn compare_history(last: u64, kept: impl IntoIterator<Item = (u64, u64)>) -> Vec<Difference> {
    let mut missing = Vec::new();
    let mut beyond = Vec::new();
    let mut misnumbered = Vec::new();
    let mut expected = 1u64;
    for (key, seq) in kept {
        if key != seq {
            misnumbered.push(Difference::HistoryMisnumbered { key, seq });
        }
        if key > last {
            beyond.push(Difference::HistoryBeyondLast { seq: key, last });
            continue;
        }
        if key > expected {
            missing.push(Difference::HistoryMissing {
                first: expected,
                last: key - 1,
            });
        }
        expected = expected.max(key.saturating_add(1));
    }
    if expected <= last {
        missing.push(Difference::HistoryMissing {
            first: expected,
            last,
        });
    }
    missing.extend(beyond);
    missing.extend(misnumbered);
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(n: u64) -> Vec<(u64, u64)> {
        (1..=n).map(|s| (s, s)).collect()
    }

    #[test]
    fn a_whole_history_agrees() {
        assert_eq!(compare_history(0, []), vec![]);
        assert_eq!(compare_history(5, whole(5)), vec![]);
    }

    #[test]
    fn gaps_are_named_as_runs_and_a_lost_tail_too() {
        let kept = [(1, 1), (4, 4), (5, 5), (7, 7)];
        assert_eq!(
            compare_history(9, kept),
            vec![
                Difference::HistoryMissing { first: 2, last: 3 },
                Difference::HistoryMissing { first: 6, last: 6 },
                Difference::HistoryMissing { first: 8, last: 9 },
            ]
        );
        assert_eq!(
            compare_history(3, []),
            vec![Difference::HistoryMissing { first: 1, last: 3 }]
        );
    }

    #[test]
    fn entries_after_the_last_change_and_misnumbered_ones_are_named() {
        let kept = [(1, 1), (2, 5), (3, 3)];
        assert_eq!(
            compare_history(2, kept),
            vec![
                Difference::HistoryBeyondLast { seq: 3, last: 2 },
                Difference::HistoryMisnumbered { key: 2, seq: 5 },
            ]
        );
    }

    #[test]
    fn each_difference_reads_as_a_sentence() {
        let said: Vec<String> = [
            Difference::HistoryMissing { first: 4, last: 4 },
            Difference::HistoryMissing { first: 2, last: 3 },
            Difference::HistoryBeyondLast { seq: 9, last: 7 },
            Difference::HistoryMisnumbered { key: 2, seq: 5 },
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            said,
            [
                "history: change 4 is missing",
                "history: changes 2 to 3 are missing",
                "history: change 9 is kept, but the last change is 7",
                "history: the entry kept as change 2 says it is change 5",
            ]
        );
    }
}
