//! Maps built from records read in key order, packed: inserted one at a time in key order, a
//! `BTreeMap` keeps its nodes about half full and so takes half as much memory again (100,000
//! expenses: 23 MB rather than 15).

use std::collections::BTreeMap;

/// A part this size costs a few megabytes at most while it is built; the whole map is rebuilt
/// once per part.
const PART: usize = 1 << 15;

/// A map being filled from entries in key order, a part at a time: each part is built packed
/// from its sorted entries, then merged with `BTreeMap::append`, which rebuilds the map packed.
pub(crate) struct Packed<K, V> {
    map: BTreeMap<K, V>,
    part: Vec<(K, V)>,
}

impl<K: Ord, V> Packed<K, V> {
    pub(crate) fn new() -> Packed<K, V> {
        Packed {
            map: BTreeMap::new(),
            part: Vec::new(),
        }
    }

    /// Adds an entry; a later entry with the same key takes its place, as with `insert`.
    pub(crate) fn push(&mut self, key: K, value: V) {
        self.part.push((key, value));
        if self.part.len() == PART {
            self.merge();
        }
    }

    pub(crate) fn finish(mut self) -> BTreeMap<K, V> {
        self.merge();
        self.map
    }

    fn merge(&mut self) {
        let mut part: BTreeMap<K, V> = std::mem::take(&mut self.part).into_iter().collect();
        self.map.append(&mut part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_is_what_inserting_one_at_a_time_gives() {
        for n in [0, 1, PART - 1, PART, 2 * PART + 7] {
            let mut packed = Packed::new();
            let mut inserted = BTreeMap::new();
            for i in 0..n as u64 {
                // In key order, with a repeated key now and then.
                let key = i - u64::from(i % 1_000 == 999);
                packed.push(key, i);
                inserted.insert(key, i);
            }
            assert_eq!(packed.finish(), inserted, "{n} entries");
        }
    }
}
