//! Organisations and professions that are one under two spellings: "Northfield NHS FT" and
//! "Northfield NHS Foundation Trust", "Speech & Language Therapist" and "speech and language
//! therapist". Pointed out for a person to merge; nothing is changed.

use super::{Organisation, Profession};
use crate::domain::ids::{OrganisationId, ProfessionId};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::fold;
use std::collections::BTreeMap;

/// Short forms written out, so that both spellings give one key. Taken from how NHS bodies
/// are written in the NHS Organisation Data Service (ODS) names and in everyday use: "NHS FT",
/// "Univ", "Hosp", "St" for Saint (the ODS writes "ST GEORGE'S"; no trust is named for a
/// street), "CCG" and "ICB" for the commissioning bodies.
const WRITTEN_OUT: [(&str, &str); 12] = [
    ("nhsft", "nhs foundation trust"),
    ("ft", "foundation trust"),
    ("fdn", "foundation"),
    ("tr", "trust"),
    ("univ", "university"),
    ("uni", "university"),
    ("hosp", "hospital"),
    ("hosps", "hospitals"),
    ("st", "saint"),
    ("ccg", "clinical commissioning group"),
    ("icb", "integrated care board"),
    ("ahp", "allied health professional"),
];

/// The name as it is compared: accents and case taken off; apostrophes dropped ("St George's"
/// is "St Georges"); "&" read as "and"; any other punctuation and every run of spaces as one
/// space; a leading "The" dropped; short forms in [`WRITTEN_OUT`] written out. Two names with
/// one key are one organisation (or profession) to a reader.
pub fn spelling_key(name: &str) -> String {
    let folded = fold(name)
        .replace(['\'', '\u{2019}', '\u{2018}'], "")
        .replace('&', " and ");
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words
        .into_iter()
        .map(|word| {
            WRITTEN_OUT
                .iter()
                .find(|(short, _)| *short == word)
                .map_or(word, |(_, long)| long)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two or more organisations (or professions) whose names have one [`spelling_key`]: the ids
/// with their names and how many people (participants and Q members) are filed under each,
/// in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarNames<Id> {
    pub names: Vec<(Id, String)>,
    /// People filed under each of `names`, in the same order.
    pub uses: Vec<usize>,
}

impl<Id: Copy + PartialEq> SimilarNames<Id> {
    /// The name to keep when they are merged: the one written out in full (most letters and
    /// digits, as a funder's report would want it), then the one most people are filed under
    /// (a stray full stop or capital does not win over the spelling in use), then the oldest.
    pub fn keep(&self) -> Option<&(Id, String)> {
        let letters = |name: &str| name.chars().filter(|c| c.is_alphanumeric()).count();
        self.names
            .iter()
            .zip(&self.uses)
            .rev()
            .max_by_key(|((_, name), uses)| (letters(name), **uses))
            .map(|(named, _)| named)
    }

    /// The others, in id order.
    pub fn gone(&self) -> Vec<&(Id, String)> {
        let keep = self.keep().map(|(id, _)| *id);
        self.names
            .iter()
            .filter(|(id, _)| Some(*id) != keep)
            .collect()
    }
}

fn grouped<Id: Ord + Copy>(
    names: impl Iterator<Item = (Id, String)>,
    filed: impl Iterator<Item = Id>,
) -> Vec<SimilarNames<Id>> {
    let mut by_key: BTreeMap<String, Vec<(Id, String)>> = BTreeMap::new();
    for (id, name) in names {
        let key = spelling_key(&name);
        if !key.is_empty() {
            by_key.entry(key).or_default().push((id, name));
        }
    }
    let groups: Vec<Vec<(Id, String)>> = by_key
        .into_values()
        .filter(|names| names.len() > 1)
        .collect();
    if groups.is_empty() {
        return Vec::new();
    }
    let mut uses: BTreeMap<Id, usize> = BTreeMap::new();
    for id in filed {
        *uses.entry(id).or_default() += 1;
    }
    groups
        .into_iter()
        .map(|names| SimilarNames {
            uses: names
                .iter()
                .map(|(id, _)| uses.get(id).copied().unwrap_or(0))
                .collect(),
            names,
        })
        .collect()
}

/// Organisations whose names differ only in spelling, by their shared key. Linear in the
/// number of organisations and people.
pub fn similar_organisations(data: &Snapshot) -> Vec<SimilarNames<OrganisationId>> {
    grouped(
        data.organisations
            .values()
            .map(|o: &Organisation| (o.id, o.name.clone())),
        data.participants
            .values()
            .map(|p| p.organisation)
            .chain(data.q_members.values().map(|q| q.organisation)),
    )
}

/// Professions whose names differ only in spelling, by their shared key.
pub fn similar_professions(data: &Snapshot) -> Vec<SimilarNames<ProfessionId>> {
    grouped(
        data.professions
            .values()
            .map(|p: &Profession| (p.id, p.name.clone())),
        data.participants
            .values()
            .map(|p| p.profession)
            .chain(data.q_members.values().map(|q| q.profession)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Record;
    use crate::domain::fixture::Fixture;

    #[test]
    fn nhs_trust_spellings_are_one_name() {
        let one = [
            "Northfield Community NHS Foundation Trust",
            "Northfield Community NHS FT",
            "northfield community nhs  foundation trust.",
            "The Northfield Community NHSFT",
        ];
        for name in one {
            assert_eq!(
                spelling_key(name),
                "northfield community nhs foundation trust",
                "{name}"
            );
        }
        assert_eq!(
            spelling_key("St Aldhelm's Univ. Hosps"),
            spelling_key("Saint Aldhelms University Hospitals")
        );
        assert_eq!(
            spelling_key("Brackenmoor & Wyfold ICB"),
            spelling_key("Brackenmoor and Wyfold Integrated Care Board")
        );
        assert_eq!(
            spelling_key("Speech & Language Therapist"),
            spelling_key("speech and language therapist")
        );
        assert_eq!(spelling_key("Nurse – adult"), spelling_key("Nurse (Adult)"));
    }

    #[test]
    fn names_that_differ_in_a_word_stay_apart() {
        assert_ne!(
            spelling_key("Northfield NHS Foundation Trust"),
            spelling_key("Northfield Community NHS Foundation Trust")
        );
        assert_ne!(
            spelling_key("Hospital"),
            spelling_key("Hospitals"),
            "one hospital and a group of them are not one body"
        );
        assert_ne!(
            spelling_key("Physiotherapist"),
            spelling_key("Psychotherapist")
        );
        // "The" alone is a name, not a word to drop.
        assert_eq!(spelling_key("The"), "the");
    }

    #[test]
    fn organisations_spelt_two_ways_are_found_and_the_full_spelling_is_kept() {
        let mut f = Fixture::new();
        let names = [
            (10, "Wyfold Valley NHS FT"),
            (11, "Wyfold Valley NHS Foundation Trust"),
            (12, "Harrowgate Mental Health Partnership"),
            (13, "wyfold valley nhs foundation trust"),
        ];
        for (id, name) in names {
            f.data.put(Record::Organisation(super::super::Organisation {
                id: OrganisationId(id),
                name: name.into(),
            }));
        }
        let found = similar_organisations(&f.data);
        assert_eq!(found.len(), 1, "{found:?}");
        let group = &found[0];
        assert_eq!(
            group.keep(),
            Some(&(
                OrganisationId(11),
                "Wyfold Valley NHS Foundation Trust".into()
            ))
        );
        let gone: Vec<u64> = group.gone().iter().map(|(id, _)| id.0).collect();
        assert_eq!(gone, [10, 13]);
    }

    #[test]
    fn professions_spelt_two_ways_are_found() {
        let mut f = Fixture::new();
        for (id, name) in [
            (20, "Occupational Therapist"),
            (21, "occupational  therapist"),
            (22, "Operating Department Practitioner"),
        ] {
            f.data.put(Record::Profession(super::super::Profession {
                id: ProfessionId(id),
                name: name.into(),
            }));
        }
        let found = similar_professions(&f.data);
        assert_eq!(found.len(), 1, "{found:?}");
        let ids: Vec<u64> = found[0].names.iter().map(|(id, _)| id.0).collect();
        assert_eq!(ids, [20, 21]);
        // As many letters and nobody filed under either: the older record is kept.
        assert_eq!(found[0].keep().map(|(id, _)| id.0), Some(20));
        // A stray full stop does not make a name fuller than the one people are filed under,
        // even on the older record.
        for (id, name) in [(24, "Dietitian."), (25, "Dietitian")] {
            f.data.put(Record::Profession(super::super::Profession {
                id: ProfessionId(id),
                name: name.into(),
            }));
        }
        f.participant(
            7,
            "a",
            Some(1),
            crate::domain::people::pathway::PathwayStage::Active,
        );
        let mut p = f.data.participants[&crate::domain::ids::ParticipantId(7)].clone();
        p.profession = ProfessionId(25);
        f.data.put(Record::Participant(p));
        let found = similar_professions(&f.data);
        let dietitians = found
            .iter()
            .find(|g| g.names.iter().any(|(id, _)| id.0 == 24))
            .expect("two dietitians");
        assert_eq!(dietitians.uses, [0, 1]);
        assert_eq!(
            dietitians.keep().map(|(_, name)| name.as_str()),
            Some("Dietitian")
        );
    }
}
