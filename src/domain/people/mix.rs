//! A cohort's mix of professions and organisations: counts, the largest single share, and an
//! evenness figure (normalised Shannon entropy, 0 = everyone alike, 1 = perfectly even).

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    /// Name and count, largest first, then by name.
    pub counts: Vec<(String, usize)>,
    pub total: usize,
}

impl Spread {
    pub fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> Spread {
        let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
        let mut total = 0;
        for name in names {
            *tally.entry(name).or_default() += 1;
            total += 1;
        }
        let mut counts: Vec<(String, usize)> =
            tally.into_iter().map(|(n, c)| (n.to_string(), c)).collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Spread { counts, total }
    }

    /// The largest group's share of everyone, in whole percent.
    pub fn largest_share_percent(&self) -> u32 {
        match (self.counts.first(), self.total) {
            (Some((_, n)), total) if total > 0 => (n * 100 / total) as u32,
            _ => 0,
        }
    }

    /// Normalised Shannon entropy: H / ln(k) over k groups. One group (or nobody) is 0.
    pub fn evenness(&self) -> f64 {
        let k = self.counts.len();
        if k < 2 || self.total == 0 {
            return 0.0;
        }
        let total = self.total as f64;
        let entropy: f64 = self
            .counts
            .iter()
            .map(|(_, n)| {
                let p = *n as f64 / total;
                -p * p.ln()
            })
            .sum();
        (entropy / (k as f64).ln()).clamp(0.0, 1.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortMix {
    pub professions: Spread,
    pub organisations: Spread,
}

impl CohortMix {
    /// Mix of people given as (profession, organisation) names.
    pub fn of<'a>(people: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> CohortMix {
        CohortMix {
            professions: Spread::of(people.clone().into_iter().map(|(p, _)| p)),
            organisations: Spread::of(people.into_iter().map(|(_, o)| o)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evenness_is_one_when_every_group_is_the_same_size() {
        let s = Spread::of(["Nurse", "GP", "Pharmacist", "Nurse", "GP", "Pharmacist"]);
        assert!((s.evenness() - 1.0).abs() < 1e-9);
        assert_eq!(s.largest_share_percent(), 33);
    }

    #[test]
    fn evenness_is_zero_for_one_group_or_nobody() {
        assert_eq!(Spread::of(["Nurse", "Nurse"]).evenness(), 0.0);
        assert_eq!(Spread::of([]).evenness(), 0.0);
        assert_eq!(Spread::of([]).largest_share_percent(), 0);
    }

    #[test]
    fn a_dominant_group_lowers_evenness() {
        let skewed = Spread::of(["Nurse", "Nurse", "Nurse", "Nurse", "Nurse", "GP"]);
        let even = Spread::of(["Nurse", "Nurse", "Nurse", "GP", "GP", "GP"]);
        assert!(skewed.evenness() < even.evenness());
        assert!((skewed.evenness() - 0.650_022_421_648_3).abs() < 1e-9);
        assert_eq!(skewed.largest_share_percent(), 83);
    }

    #[test]
    fn counts_are_largest_first_then_by_name() {
        let s = Spread::of(["b", "a", "c", "c"]);
        let names: Vec<_> = s.counts.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        assert_eq!(names, [("c", 2), ("a", 1), ("b", 1)]);
    }
}
