//! Which of a list of names a few typed letters most likely mean, best first: what a pick field
//! offers as a person types a cohort, venue, person or organisation.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// The positions in `candidates` that `typed` could mean, best first; candidates scoring alike
/// keep their order. Each candidate is the text shown and text matched but not shown (an email,
/// or ""). `typed` matches any part of either, letters in order but not necessarily together
/// (`lark` → "Larkspur Conference Centre", `rhel` → "Rhiannon Ellery-Vance"), case and accents
/// aside; words separated by spaces must each match. Nothing typed offers every candidate.
pub fn best_first(typed: &str, candidates: &[(&str, &str)]) -> Vec<usize> {
    // Folding the typed letters too means an accent typed ("Siân") matches one left off.
    let typed = crate::domain::text::fold(typed);
    let pattern = Pattern::new(
        &typed,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    );
    let mut config = Config::DEFAULT;
    // A name starting with what was typed is what a person most often means.
    config.prefer_prefix = true;
    let mut matcher = Matcher::new(config);
    let mut buffer = Vec::new();
    let mut scored: Vec<(usize, (u8, u32))> = candidates
        .iter()
        .enumerate()
        .filter_map(|(at, (shown, also))| {
            let shown_score = pattern.score(Utf32Str::new(shown, &mut buffer), &mut matcher);
            let both = format!("{shown} {also}");
            // The shown name counts for more than the email, so `rhi` puts a Rhiannon above
            // someone whose email merely holds those letters.
            let score = match shown_score {
                Some(score) => Some(score.saturating_mul(2)),
                None => pattern.score(Utf32Str::new(&both, &mut buffer), &mut matcher),
            };
            score.map(|score| (at, (literally(&typed, shown), score)))
        })
        .collect();
    scored.sort_by_key(|(_, rank)| std::cmp::Reverse(*rank));
    scored.into_iter().map(|(at, _)| at).collect()
}

/// Whether the shown name holds what was typed as it was typed (2: at its start, 1:
/// elsewhere, 0: not): "Cohort 2" means "Cohort 2 — 2026" before "Cohort 1 — 2025", which the
/// letters match as well, its 2 being in 2025.
fn literally(typed: &str, shown: &str) -> u8 {
    let shown = crate::domain::text::fold(shown);
    if typed.is_empty() {
        0
    } else if shown.starts_with(typed) {
        2
    } else {
        u8::from(shown.contains(typed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VENUES: [(&str, &str); 3] = [
        ("Fenbridge Community Hall", ""),
        ("Larkspur Conference Centre", ""),
        ("Riverside Education Centre", ""),
    ];

    #[test]
    fn a_few_letters_from_any_part_of_a_name_find_it_first() {
        assert_eq!(best_first("lark", &VENUES).first(), Some(&1));
        assert_eq!(best_first("LARK", &VENUES).first(), Some(&1));
        assert_eq!(best_first("educ", &VENUES), [2]);
        assert_eq!(best_first("zzz", &VENUES), Vec::<usize>::new());
        assert_eq!(
            best_first("", &VENUES),
            [0, 1, 2],
            "nothing typed offers all"
        );
    }

    #[test]
    fn accents_and_emails_are_matched_too() {
        let people = [
            ("Siân Pritchard-Oduya", "sian@northmoor.example"),
            ("Tobias Ekwueme", "tobias@brookvale.example"),
            ("Rhiannon Ellery-Vance", "r.ev@harbour.example"),
        ];
        assert_eq!(best_first("sian", &people).first(), Some(&0));
        assert_eq!(best_first("Siân", &people).first(), Some(&0));
        assert_eq!(best_first("brookvale", &people), [1]);
        assert_eq!(best_first("Rhi", &people).first(), Some(&2));
        assert_eq!(best_first("rhi ell", &people), [2]);
    }

    #[test]
    fn a_name_that_starts_with_the_letters_comes_before_one_that_holds_them() {
        let jobs = [
            ("Mental health nurse", ""),
            ("Nurse", ""),
            ("Occupational therapist", ""),
        ];
        assert_eq!(best_first("nur", &jobs).first(), Some(&1));
    }

    #[test]
    fn what_was_typed_found_as_typed_comes_before_letters_found_apart() {
        let cohorts = [
            ("Cohort 1 — 2025", ""),
            ("Cohort 2 — 2026", ""),
            ("Cohort 3 — 2027", ""),
        ];
        assert_eq!(best_first("Cohort 2", &cohorts).first(), Some(&1));
        assert_eq!(best_first("cohort 3", &cohorts).first(), Some(&2));
        assert_eq!(best_first("2026", &cohorts).first(), Some(&1));
        // Letters apart still find a name when nothing holds them together.
        assert_eq!(best_first("ch3", &cohorts).first(), Some(&2));
    }
}
