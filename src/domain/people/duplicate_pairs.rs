//! Every possible duplicate as a pair a coordinator can act on: two people with one name under
//! two emails, two organisations or professions spelt two ways, each with why they look like
//! one and the `merge` command that would join them (the dashboard's `:merge` and
//! `improvers merge` take the same words).

use super::duplicates::{PossibleDuplicate, possible_duplicates};
use super::similar_names::{SimilarNames, similar_organisations, similar_professions};
use super::{PersonRef, same_email};
use crate::domain::ids::{OrganisationId, ProfessionId};
use crate::domain::snapshot::Snapshot;
use serde::Serialize;
use std::collections::BTreeSet;

/// What a pair is two of: the word `merge` takes for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PairKind {
    Participants,
    QMembers,
    /// A participant and a Q member: not merged, since the two registers hold one person in
    /// two roles (a participant who joined Q is linked, not merged).
    ParticipantAndQMember,
    Organisations,
    Professions,
}

impl PairKind {
    /// "participants", "q-members", "organisations", "professions"; "people" for a
    /// participant and a Q member.
    pub fn word(self) -> &'static str {
        match self {
            PairKind::Participants => "participants",
            PairKind::QMembers => "q-members",
            PairKind::ParticipantAndQMember => "people",
            PairKind::Organisations => "organisations",
            PairKind::Professions => "professions",
        }
    }
}

/// Two records that may be one, the first the one a merge would keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicatePair {
    pub kind: PairKind,
    /// The record a merge keeps, as shown: "Amara Lindqvist <amara@work.example>" or an
    /// organisation's name.
    pub keep: String,
    /// The record a merge takes into the first.
    pub gone: String,
    /// Why they look like one, in a few words.
    pub why: String,
    /// The words after `improvers` (or `:`) that merge them ("merge participants KEEP
    /// GONE"), quoted as a shell reads them; `None` when they cannot be merged as they stand
    /// (participants in two cohorts: `why` says what to do first) and for a participant and a
    /// Q member, who are never merged.
    pub merge: Option<String>,
    /// For a participant and a Q member: the words after `improvers` (or `:`) that link them
    /// as one person ("link P_EMAIL Q_EMAIL"), when linking would be taken now.
    pub link: Option<String>,
}

/// `word` as one shell word: emails as they are, anything with a space or quote in double
/// quotes with `"`, `\`, `$` and `` ` `` escaped (what POSIX double quotes need).
fn shell_word(word: &str, always_quote: bool) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "@._+-".contains(c));
    if plain && !always_quote {
        return word.to_string();
    }
    let mut quoted = String::from("\"");
    for c in word.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

fn merge_words(kind: PairKind, keep: &str, gone: &str) -> String {
    let names = matches!(kind, PairKind::Organisations | PairKind::Professions);
    format!(
        "merge {} {} {}",
        kind.word(),
        shell_word(keep, names),
        shell_word(gone, names)
    )
}

/// Every possible duplicate, people first (by name), then organisations, then professions (by
/// the spelling they share). Of two people in one register the older record is kept; of two
/// spellings, the one written out in full (see [`SimilarNames::keep`]). A name held by three
/// records gives two pairs, each with the one kept.
pub fn duplicate_pairs(data: &Snapshot) -> Vec<DuplicatePair> {
    Found::in_programme(data).pairs(data)
}

/// The people who may be one person ([`possible_duplicates`]) and [`duplicate_pairs`], from
/// one search, for a caller that needs both (the summary's warnings and its pairs).
pub fn people_and_pairs(data: &Snapshot) -> (Vec<PossibleDuplicate>, Vec<DuplicatePair>) {
    let found = Found::in_programme(data);
    let pairs = found.pairs(data);
    (found.people, pairs)
}

/// What the three searches found, read once for both the pairs and the marks.
struct Found {
    people: Vec<PossibleDuplicate>,
    organisations: Vec<SimilarNames<OrganisationId>>,
    professions: Vec<SimilarNames<ProfessionId>>,
}

impl Found {
    fn in_programme(data: &Snapshot) -> Found {
        Found {
            people: possible_duplicates(data),
            organisations: similar_organisations(data),
            professions: similar_professions(data),
        }
    }

    fn pairs(&self, data: &Snapshot) -> Vec<DuplicatePair> {
        let mut pairs = Vec::new();
        self.people_pairs(data, &mut pairs);
        for group in &self.organisations {
            spelt(PairKind::Organisations, &mut pairs, kept_first(group));
        }
        for group in &self.professions {
            spelt(PairKind::Professions, &mut pairs, kept_first(group));
        }
        pairs
    }

    fn people_pairs(&self, data: &Snapshot, pairs: &mut Vec<DuplicatePair>) {
        for group in &self.people {
            // (person, email, "Name <email>" with the record's own spelling of the name)
            let held: Vec<(PersonRef, &str, String)> = group
                .records
                .iter()
                .zip(&group.names)
                .map(|((person, email), name)| {
                    (*person, email.as_str(), format!("{name} <{email}>"))
                })
                .collect();
            let participants: Vec<&(PersonRef, &str, String)> = held
                .iter()
                .filter(|(p, ..)| matches!(p, PersonRef::Participant(_)))
                .collect();
            let q_members: Vec<&(PersonRef, &str, String)> = held
                .iter()
                .filter(|(p, ..)| matches!(p, PersonRef::QMember(_)))
                .collect();
            for (kind, register) in [
                (PairKind::Participants, &participants),
                (PairKind::QMembers, &q_members),
            ] {
                if let Some((keep, rest)) = register.split_first() {
                    for gone in rest {
                        let (why, merge) = match apart(data, keep.0, gone.0) {
                            Some(why) => (why, None),
                            None => (
                                "same name, two emails".to_string(),
                                Some(merge_words(kind, keep.1, gone.1)),
                            ),
                        };
                        pairs.push(DuplicatePair {
                            kind,
                            keep: keep.2.clone(),
                            gone: gone.2.clone(),
                            why,
                            merge,
                            link: None,
                        });
                    }
                }
            }
            // One of each register under one email is one person in two roles already.
            let across = participants.first().zip(
                q_members
                    .iter()
                    .find(|q| !participants.iter().any(|p| same_email(p.1, q.1))),
            );
            if let Some((participant, q_member)) = across {
                let (why, link) = linking(data, participant, q_member);
                pairs.push(DuplicatePair {
                    kind: PairKind::ParticipantAndQMember,
                    keep: format!("participant {}", participant.2),
                    gone: format!("Q member {}", q_member.2),
                    why,
                    merge: None,
                    link,
                });
            }
        }
    }
}

/// Why two participants of one name cannot be merged as they stand, in the list's words:
/// each in another cohort. `None` for Q members and for participants a merge takes.
fn apart(data: &Snapshot, keep: PersonRef, gone: PersonRef) -> Option<String> {
    let (PersonRef::Participant(k), PersonRef::Participant(g)) = (keep, gone) else {
        return None;
    };
    let (k, g) = (data.participants.get(&k)?, data.participants.get(&g)?);
    super::merge::cohorts_apart(data, k, g)?;
    Some(format!(
        "same name, two emails, in different cohorts ({} and {}): move one into the other's \
         cohort first (e in the roster), then merge",
        k.cohort.map_or("", |c| data.cohort_name(c)),
        g.cohort.map_or("", |c| data.cohort_name(c))
    ))
}

/// A participant and a Q member of one name are never merged: if they are one person, an
/// alumnus who joined Q, they are linked. The why, and the `link` words when linking them
/// would be taken now.
fn linking(
    data: &Snapshot,
    participant: &(PersonRef, &str, String),
    q_member: &(PersonRef, &str, String),
) -> (String, Option<String>) {
    let why = "same name, two emails, one in each register: if they are one person (an alumnus \
               who joined Q), link them";
    let (PersonRef::Participant(p), PersonRef::QMember(q)) = (participant.0, q_member.0) else {
        return (why.to_string(), None);
    };
    let Some(p) = data.participants.get(&p) else {
        return (why.to_string(), None);
    };
    let refused = super::alumni::refusal(data, p).or_else(|| {
        super::alumni::link_of_q_member(data, q).map(|other| {
            format!(
                "the Q member record is linked already, to {}",
                data.participant_name(other.participant)
            )
        })
    });
    match refused {
        Some(refused) => (format!("{why}, once they can be: {refused}"), None),
        None => (
            why.to_string(),
            Some(format!("link {} {}", participant.1, q_member.1)),
        ),
    }
}

/// A pair for each spelling but the one kept, `names` the kept one first.
fn spelt(kind: PairKind, pairs: &mut Vec<DuplicatePair>, names: Vec<String>) {
    if let Some((keep, rest)) = names.split_first() {
        for gone in rest {
            pairs.push(DuplicatePair {
                kind,
                keep: keep.clone(),
                gone: gone.clone(),
                why: "same name once case, punctuation, \"&\" and short forms are set aside".into(),
                merge: Some(merge_words(kind, keep, gone)),
                link: None,
            });
        }
    }
}

/// The names of a group, the one kept first.
fn kept_first<Id: Copy + PartialEq>(group: &SimilarNames<Id>) -> Vec<String> {
    group
        .keep()
        .into_iter()
        .chain(group.gone())
        .map(|(_, name)| name.clone())
        .collect()
}

/// Everything that is one of a possible duplicate, to mark where it is listed, and how many
/// pairs [`duplicate_pairs`] gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marked {
    pub people: BTreeSet<PersonRef>,
    pub organisations: BTreeSet<OrganisationId>,
    pub professions: BTreeSet<ProfessionId>,
    pub pairs: usize,
}

impl Marked {
    /// For a list's title: " · ≈ 2 duplicates? :duplicates", or "" when there are none, so
    /// the mark is explained where it is seen (short enough for an 80-column title).
    pub fn hint(&self) -> String {
        if self.pairs == 0 {
            return String::new();
        }
        format!(
            " · ≈ {}? :duplicates",
            crate::domain::count::count(self.pairs, "duplicate")
        )
    }
}

/// What to mark: linear in the number of people, organisations and professions.
pub fn marked(data: &Snapshot) -> Marked {
    let found = Found::in_programme(data);
    let pairs = found.pairs(data).len();
    Marked {
        people: found
            .people
            .into_iter()
            .flat_map(|d| d.records.into_iter().map(|(person, _)| person))
            .collect(),
        organisations: ids(found.organisations),
        professions: ids(found.professions),
        pairs,
    }
}

fn ids<Id: Ord>(groups: Vec<SimilarNames<Id>>) -> BTreeSet<Id> {
    groups
        .into_iter()
        .flat_map(|g| g.names.into_iter().map(|(id, _)| id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Record;
    use crate::domain::fixture::Fixture;
    use crate::domain::ids::{OrganisationId, ParticipantId, QMemberId};
    use crate::domain::people::pathway::PathwayStage;

    fn named(f: &mut Fixture, participant: u64, name: &str, email: &str) {
        let mut p = f.data.participants[&ParticipantId(participant)].clone();
        p.name = name.into();
        p.email = email.into();
        f.data.put(Record::Participant(p));
    }

    #[test]
    fn two_participants_of_one_name_give_the_merge_that_keeps_the_older_record() {
        let mut f = Fixture::new();
        f.participant(1, "a", Some(1), PathwayStage::Active)
            .participant(2, "b", Some(1), PathwayStage::Active);
        named(
            &mut f,
            1,
            "Idris Penhallow",
            "idris.penhallow@wyfold.example",
        );
        named(&mut f, 2, "Idris Penhallow", "idris.p@home.example");
        let pairs = duplicate_pairs(&f.data);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!(pairs[0].kind, PairKind::Participants);
        assert_eq!(
            pairs[0].merge.as_deref(),
            Some("merge participants idris.penhallow@wyfold.example idris.p@home.example")
        );
        assert_eq!(pairs[0].gone, "Idris Penhallow <idris.p@home.example>");
        let marked = marked(&f.data);
        assert!(
            marked
                .people
                .contains(&PersonRef::Participant(ParticipantId(2)))
        );
        assert!(!marked.people.contains(&PersonRef::QMember(QMemberId(1))));
        assert_eq!(marked.pairs, 1);
    }

    #[test]
    fn a_participant_and_a_q_member_of_one_name_are_pointed_out_but_not_merged() {
        let mut f = Fixture::new();
        f.participant(1, "a", Some(1), PathwayStage::Active);
        named(&mut f, 1, "Morwenna Tate", "morwenna@wyfold.example");
        let mut q = f.data.q_members[&QMemberId(1)].clone();
        q.name = "Morwenna Tate".into();
        q.email = "m.tate@home.example".into();
        f.data.put(Record::QMember(q));
        let pairs = duplicate_pairs(&f.data);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!(pairs[0].kind, PairKind::ParticipantAndQMember);
        assert_eq!(pairs[0].merge, None);
    }

    #[test]
    fn each_record_is_shown_with_its_own_spelling_and_two_cohorts_are_not_offered_a_merge() {
        let mut f = Fixture::new();
        f.participant(1, "a", Some(1), PathwayStage::Active)
            .participant(2, "b", Some(2), PathwayStage::Enrolled);
        named(&mut f, 1, "Inês Quarrington", "ines.q@work.example");
        named(&mut f, 2, "Inés Quarrington", "ines.q@home.example");
        let pairs = duplicate_pairs(&f.data);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!(pairs[0].keep, "Inês Quarrington <ines.q@work.example>");
        assert_eq!(pairs[0].gone, "Inés Quarrington <ines.q@home.example>");
        assert_eq!(pairs[0].merge, None);
        assert!(
            pairs[0]
                .why
                .contains("move one into the other's cohort first (e in the roster)"),
            "{}",
            pairs[0].why
        );
        let mut second = f.data.participants[&ParticipantId(2)].clone();
        second.cohort = Some(crate::domain::ids::CohortId(1));
        f.data.put(Record::Participant(second));
        assert_eq!(
            duplicate_pairs(&f.data)[0].merge.as_deref(),
            Some("merge participants ines.q@work.example ines.q@home.example")
        );
    }

    #[test]
    fn a_participant_and_a_q_member_are_offered_a_link_once_the_participant_has_completed() {
        let mut f = Fixture::new();
        f.participant(1, "a", Some(1), PathwayStage::Active);
        named(&mut f, 1, "Morwenna Tate", "morwenna@wyfold.example");
        let mut q = f.data.q_members[&QMemberId(1)].clone();
        q.name = "Morwenna Tate".into();
        q.email = "m.tate@home.example".into();
        f.data.put(Record::QMember(q));
        let pair = &duplicate_pairs(&f.data)[0];
        assert_eq!(pair.link, None);
        assert!(
            pair.why.contains("link them, once they can be"),
            "{}",
            pair.why
        );
        let mut p = f.data.participants[&ParticipantId(1)].clone();
        p.pathway.move_to(
            PathwayStage::Completed,
            crate::domain::fixture::day(9, 1),
            String::new(),
        );
        f.data.put(Record::Participant(p));
        let pair = &duplicate_pairs(&f.data)[0];
        assert_eq!(
            pair.link.as_deref(),
            Some("link morwenna@wyfold.example m.tate@home.example")
        );
        assert_eq!(pair.merge, None);
    }

    #[test]
    fn organisation_names_are_quoted_so_the_command_line_reads_them_whole() {
        let mut f = Fixture::new();
        for (id, name) in [
            (10, "St Elowen's Hospice & Care NHS FT"),
            (11, "St Elowen's Hospice and Care NHS Foundation Trust"),
        ] {
            f.data.put(Record::Organisation(super::super::Organisation {
                id: OrganisationId(id),
                name: name.into(),
            }));
        }
        let pairs = duplicate_pairs(&f.data);
        assert_eq!(
            marked(&f.data).organisations,
            BTreeSet::from([OrganisationId(10), OrganisationId(11)])
        );
        let merge = pairs[0].merge.clone().expect("a merge");
        assert_eq!(
            merge,
            "merge organisations \"St Elowen's Hospice and Care NHS Foundation Trust\" \
             \"St Elowen's Hospice & Care NHS FT\""
        );
        assert_eq!(
            shlex::split(&merge).expect("closed quotes"),
            [
                "merge",
                "organisations",
                "St Elowen's Hospice and Care NHS Foundation Trust",
                "St Elowen's Hospice & Care NHS FT"
            ]
        );
        assert_eq!(shell_word("Say \"$5\"", true), "\"Say \\\"\\$5\\\"\"");
        assert_eq!(
            shlex::split(&shell_word("Say \"$5\" \\ `x`", true)).expect("closed"),
            ["Say \"$5\" \\ `x`"]
        );
    }
}
