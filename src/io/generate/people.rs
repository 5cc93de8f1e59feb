//! The professions and organisations people come from, and the members of Q who nominate,
//! mentor, facilitate and host.

use super::names::{ORGANISATION_KINDS, PLACES, PROFESSIONS};
use super::{Generator, person_name, pick, topics};
use crate::domain::ids::{OrganisationId, ProfessionId, QMemberId};
use crate::domain::people::{Organisation, Profession, QMember, QRole};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The invented names, numbered once they run out.
pub(super) fn professions(count: u32) -> Vec<Profession> {
    (0..count as usize)
        .map(|i| {
            let base = PROFESSIONS[i % PROFESSIONS.len()];
            let round = i / PROFESSIONS.len();
            Profession {
                id: ProfessionId(i as u64 + 1),
                name: if round == 0 {
                    base.to_string()
                } else {
                    format!("{base} ({})", round + 1)
                },
            }
        })
        .collect()
}

/// Every kind of organisation in every place, numbered once the pairs run out.
pub(super) fn organisations(count: u32) -> Vec<Organisation> {
    (0..count as usize)
        .map(|i| {
            let place = PLACES[i % PLACES.len()];
            let kind = ORGANISATION_KINDS[(i / PLACES.len()) % ORGANISATION_KINDS.len()];
            let round = i / (PLACES.len() * ORGANISATION_KINDS.len());
            Organisation {
                id: OrganisationId(i as u64 + 1),
                name: if round == 0 {
                    format!("{place} {kind}")
                } else {
                    format!("{place} {kind} {}", round + 1)
                },
            }
        })
        .collect()
}

/// People's addresses are at their organisation, so the same name at two places differs.
pub(super) fn email_domain(organisation: OrganisationId) -> String {
    format!("org{}.example", organisation.0)
}

impl Generator {
    pub(super) fn organisation_ids(&self) -> Vec<OrganisationId> {
        self.organisations.iter().map(|o| o.id).collect()
    }

    pub(super) fn profession_ids(&self) -> Vec<ProfessionId> {
        self.professions.iter().map(|p| p.id).collect()
    }

    pub(super) fn q_members(&mut self, count: u32) {
        let organisation_ids = self.organisation_ids();
        let profession_ids = self.profession_ids();
        let rng = &mut self.rng;
        self.q_members = (0..u64::from(count))
            .map(|i| {
                let (name, local) = person_name(rng);
                let organisation = *pick(rng, &organisation_ids);
                let roles = roles(rng);
                let mentoring_capacity = if roles.contains(&QRole::Mentor) {
                    rng.random_range(1..=3)
                } else {
                    0
                };
                let n_topics = rng.random_range(1..=3);
                QMember {
                    id: QMemberId(i + 1),
                    name,
                    email: format!("{local}.q{}@{}", i + 1, email_domain(organisation)),
                    profession: *pick(rng, &profession_ids),
                    organisation,
                    london_based: rng.random_bool(0.7),
                    expertise: topics(rng, n_topics),
                    roles,
                    mentoring_capacity,
                    available: rng.random_bool(0.9),
                    availability_notes: String::new(),
                }
            })
            .collect();
    }
}

/// Most members mentor, fewer facilitate or host; anyone without another role nominates.
fn roles(rng: &mut ChaCha8Rng) -> Vec<QRole> {
    let mut roles = Vec::new();
    if rng.random_bool(0.6) {
        roles.push(QRole::Mentor);
    }
    if rng.random_bool(0.3) {
        roles.push(QRole::Facilitator);
    }
    if rng.random_bool(0.1) {
        roles.push(QRole::SiteVisitHost);
    }
    if roles.is_empty() || rng.random_bool(0.2) {
        roles.push(QRole::Nominator);
    }
    roles
}
