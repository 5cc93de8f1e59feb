//! People who may be one person under two emails (a work and a personal address, say): the
//! same name, whatever its case, accents or spacing, on records whose emails differ. Pointed
//! out for a person to check; nothing is changed.

use super::{PersonRef, same_email};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::fold;
use std::collections::{BTreeMap, HashMap};

/// Two records with the same name and different emails, in either register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PossibleDuplicate {
    /// The name as the first record writes it.
    pub name: String,
    /// Each record with its email, participants first, then Q members, each in id order.
    pub records: Vec<(PersonRef, String)>,
    /// Each record's own name, in the order of `records`: the spellings can differ ("Inês",
    /// "Inés"), and each record is shown as it is written.
    pub names: Vec<String>,
}

impl PossibleDuplicate {
    /// "Pat Selfsame may be one person under 2 emails: participant pat@a.example, Q member
    /// pat.s@b.example".
    pub fn describe(&self) -> String {
        let one_spelling = self.names.iter().all(|n| *n == self.name);
        let emails: Vec<String> = self
            .records
            .iter()
            .zip(&self.names)
            .map(|((person, email), name)| {
                let register = match person {
                    PersonRef::Participant(_) => "participant",
                    PersonRef::QMember(_) => "Q member",
                };
                if one_spelling {
                    format!("{register} {email}")
                } else {
                    format!("{register} {name} <{email}>")
                }
            })
            .collect();
        format!(
            "{} may be one person under {} emails: {}",
            self.name,
            self.records.len(),
            emails.join(", ")
        )
    }
}

/// The name as it is compared: accents and case taken off, spaces and hyphens as one space.
fn name_key(name: &str) -> String {
    let folded = fold(name);
    let mut key = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// Every name held by two or more records whose emails are not all one address, by name.
/// Records of erased people are left out (their names are all different by design), and a
/// participant who is also a Q member under the same email is one person already, not two.
/// Linear in the number of people.
pub fn possible_duplicates(data: &Snapshot) -> Vec<PossibleDuplicate> {
    let erased: Vec<PersonRef> = data.erasures.values().map(|e| e.person).collect();
    // Hashed while gathering (thousands of names), ordered only for the few that repeat.
    let mut by_name: HashMap<String, Vec<(PersonRef, &str, &str)>> = HashMap::new();
    let people = data
        .participants
        .values()
        .map(|p| {
            (
                PersonRef::Participant(p.id),
                p.name.as_str(),
                p.email.as_str(),
            )
        })
        .chain(
            data.q_members
                .values()
                .map(|q| (PersonRef::QMember(q.id), q.name.as_str(), q.email.as_str())),
        );
    for (person, name, email) in people {
        let key = name_key(name);
        if key.is_empty() || erased.contains(&person) {
            continue;
        }
        by_name.entry(key).or_default().push((person, name, email));
    }
    let repeated: BTreeMap<String, Vec<(PersonRef, &str, &str)>> = by_name
        .into_iter()
        .filter(|(_, records)| records.len() > 1)
        .collect();
    repeated
        .into_values()
        .filter(|records| {
            records
                .iter()
                .any(|(_, _, email)| !same_email(email, records[0].2))
        })
        .filter(|records| !linked_as_one(data, records))
        .map(|records| PossibleDuplicate {
            name: records[0].1.to_string(),
            records: records
                .iter()
                .map(|(person, _, email)| (*person, email.to_string()))
                .collect(),
            names: records
                .iter()
                .map(|(_, name, _)| name.to_string())
                .collect(),
        })
        .collect()
}

/// A participant and the Q member record they are linked to (an alumnus who joined Q), and
/// nobody else under the name: known to be one person, so nothing to check.
fn linked_as_one(data: &Snapshot, records: &[(PersonRef, &str, &str)]) -> bool {
    match records {
        [(PersonRef::Participant(p), ..), (PersonRef::QMember(q), ..)] => {
            data.q_links.get(p).is_some_and(|link| link.q_member == *q)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Record;
    use crate::domain::fixture::Fixture;
    use crate::domain::ids::{ParticipantId, QMemberId};
    use crate::domain::people::pathway::PathwayStage;

    fn named(f: &mut Fixture, participant: u64, name: &str, email: &str) {
        let mut p = f.data.participants[&ParticipantId(participant)].clone();
        p.name = name.into();
        p.email = email.into();
        f.data.put(Record::Participant(p));
    }

    #[test]
    fn the_same_name_under_two_emails_is_pointed_out_whatever_its_case_accents_or_hyphens() {
        let mut f = Fixture::new();
        f.participant(1, "a", Some(1), PathwayStage::Active)
            .participant(2, "b", Some(1), PathwayStage::Active)
            .participant(3, "c", Some(1), PathwayStage::Active);
        named(&mut f, 1, "Siân Pryce-Morgan", "sian@work.example");
        named(&mut f, 2, "sian pryce morgan", "sian.pm@home.example");
        named(&mut f, 3, "Rhodri Vale", "rhodri@work.example");
        let found = possible_duplicates(&f.data);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].describe(),
            "Siân Pryce-Morgan may be one person under 2 emails: participant Siân \
             Pryce-Morgan <sian@work.example>, participant sian pryce morgan \
             <sian.pm@home.example>"
        );
    }

    #[test]
    fn one_email_in_both_registers_is_one_person_not_a_duplicate() {
        let mut f = Fixture::new();
        f.participant(1, "a", Some(1), PathwayStage::Active);
        named(&mut f, 1, "Pat Selfsame", "pat@alpha.example");
        let mut q = f.data.q_members[&QMemberId(1)].clone();
        q.name = "Pat Selfsame".into();
        q.email = " PAT@alpha.example".into();
        f.data.put(Record::QMember(q.clone()));
        assert!(possible_duplicates(&f.data).is_empty());
        q.email = "pat.selfsame@beta.example".into();
        f.data.put(Record::QMember(q));
        let found = possible_duplicates(&f.data);
        assert_eq!(
            found[0].records,
            [
                (
                    PersonRef::Participant(ParticipantId(1)),
                    "pat@alpha.example".to_string()
                ),
                (
                    PersonRef::QMember(QMemberId(1)),
                    "pat.selfsame@beta.example".to_string()
                )
            ]
        );
    }

    #[test]
    fn an_alumnus_linked_to_their_q_member_record_under_a_work_email_is_not_pointed_out() {
        let mut f = Fixture::new();
        f.participant(1, "a", Some(1), PathwayStage::Completed);
        named(&mut f, 1, "Idris Penhale", "idris@home.example");
        assert_eq!(
            possible_duplicates(&f.data).len(),
            1,
            "same name as Q member 2"
        );
        let (change, _) = crate::domain::people::alumni::link(
            &f.data,
            ParticipantId(1),
            QMemberId(2),
            crate::domain::fixture::day(11, 1),
        )
        .expect("links");
        f.data.apply(&change);
        assert!(possible_duplicates(&f.data).is_empty());
    }
}
