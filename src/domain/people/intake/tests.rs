use super::*;
use crate::domain::fixture::{Fixture, day};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn applicant(id: u64, profession: &str, organisation: &str, applied_on: NaiveDate) -> Applicant {
    Applicant {
        id: ParticipantId(id),
        profession: profession.into(),
        organisation: organisation.into(),
        applied_on,
    }
}

/// Six nurses from Riverside apply first, then one person each from three other professions
/// and organisations.
fn six_nurses_then_three_others() -> Vec<Applicant> {
    let mut all: Vec<Applicant> = (1..=6)
        .map(|id| applicant(id, "Nurse", "Riverside Hospitals", day(3, id as u32)))
        .collect();
    all.push(applicant(
        7,
        "Pharmacist",
        "Northgate Community Health",
        day(3, 7),
    ));
    all.push(applicant(8, "GP", "Eastfield Practice", day(3, 8)));
    all.push(applicant(
        9,
        "Physiotherapist",
        "Westbrook Trust",
        day(3, 9),
    ));
    all
}

fn ids(raw: &[u64]) -> Vec<ParticipantId> {
    raw.iter().copied().map(ParticipantId).collect()
}

fn reason_of(intake: &Intake, id: u64) -> Option<String> {
    intake
        .left_out
        .iter()
        .find(|(p, _)| *p == ParticipantId(id))
        .map(|(_, reason)| reason.to_string())
}

#[test]
fn the_default_cap_is_a_quarter_of_the_places_rounded_up() {
    let caps: Vec<usize> = [0, 1, 4, 5, 8, 10, 12, 13]
        .into_iter()
        .map(IntakeRules::default_cap)
        .collect();
    assert_eq!(caps, [1, 1, 1, 2, 2, 3, 3, 4]);
}

#[test]
fn the_cap_limits_one_trust_and_the_others_are_all_taken() {
    let intake = suggest_intake(
        &six_nurses_then_three_others(),
        &IntakeRules::with_default_cap(6),
    );
    assert_eq!(intake.chosen, ids(&[1, 2, 7, 8, 9]));
    assert_eq!(
        reason_of(&intake, 3).as_deref(),
        Some("Riverside Hospitals already has 2 of 2 places")
    );
    assert_eq!(
        intake.shortfall,
        Some(Shortfall::OrganisationCap { places: 1, cap: 2 })
    );
    assert_eq!(
        intake.shortfall.map(|s| s.to_string()).as_deref(),
        Some("1 place left: no organisation may have more than 2")
    );
}

#[test]
fn a_looser_cap_still_prefers_the_three_others_to_more_nurses() {
    let applicants = six_nurses_then_three_others();
    let rules = IntakeRules {
        size: 4,
        per_organisation_cap: 3,
    };
    let intake = suggest_intake(&applicants, &rules);
    // In order it would be three Riverside nurses and the pharmacist.
    assert_eq!(intake.in_order.professions.largest_share_percent(), 75);
    assert_eq!(intake.chosen, ids(&[1, 7, 8, 9]));
    assert!((combined_evenness(&intake.after) - 1.0).abs() < 1e-9);
    assert!(combined_evenness(&intake.in_order) < 0.82);
    assert_eq!(intake.applied.professions.total, 9);
    assert_eq!(intake.shortfall, None);
    assert_eq!(
        reason_of(&intake, 2).as_deref(),
        Some("Nurse already has 1 of 4 places, as many as any profession")
    );
    let left: Vec<ParticipantId> = intake.left_out.iter().map(|(p, _)| *p).collect();
    assert_eq!(left, ids(&[2, 3, 4, 5, 6]));
}

#[test]
fn a_balanced_mix_beats_a_run_of_one_profession() {
    // Nurses apply first from four organisations; two pharmacists apply last.
    let mut applicants: Vec<Applicant> = (1..=4)
        .map(|id| applicant(id, "Nurse", &format!("Trust {id}"), day(4, 1)))
        .collect();
    applicants.push(applicant(5, "Pharmacist", "Trust 1", day(4, 2)));
    applicants.push(applicant(6, "Pharmacist", "Trust 2", day(4, 3)));
    let intake = suggest_intake(&applicants, &IntakeRules::with_default_cap(4));
    // Two of each profession from four organisations: the earliest two nurses from trusts
    // the pharmacists are not from.
    assert_eq!(intake.chosen, ids(&[3, 4, 5, 6]));
    assert!((combined_evenness(&intake.after) - 1.0).abs() < 1e-9);
    assert_eq!(
        reason_of(&intake, 1).as_deref(),
        Some("Trust 1 already has 1 of 1 places")
    );
}

#[test]
fn ties_go_to_whoever_applied_first_whatever_order_they_come_in() {
    let applicants = [
        applicant(2, "Nurse", "Riverside Hospitals", day(5, 2)),
        applicant(9, "Nurse", "Riverside Hospitals", day(5, 1)),
        applicant(1, "Nurse", "Riverside Hospitals", day(5, 2)),
    ];
    let intake = suggest_intake(&applicants, &IntakeRules::with_default_cap(1));
    assert_eq!(intake.chosen, ids(&[9]));
    let left: Vec<ParticipantId> = intake.left_out.iter().map(|(p, _)| *p).collect();
    assert_eq!(left, ids(&[1, 2]));
}

#[test]
fn someone_listed_twice_is_counted_once() {
    let applicants = [
        applicant(1, "Nurse", "Riverside Hospitals", day(5, 3)),
        applicant(2, "GP", "Eastfield Practice", day(5, 2)),
        applicant(1, "Nurse", "Riverside Hospitals", day(5, 1)),
    ];
    let intake = suggest_intake(&applicants, &IntakeRules::with_default_cap(4));
    assert_eq!(intake.chosen, ids(&[1, 2]));
    assert!(intake.left_out.is_empty());
    assert_eq!(intake.applied.professions.total, 2);
}

#[test]
fn too_few_applicants_are_all_taken_and_the_gap_is_named() {
    let applicants = [
        applicant(1, "Nurse", "Riverside Hospitals", day(5, 1)),
        applicant(2, "GP", "Eastfield Practice", day(5, 2)),
    ];
    let intake = suggest_intake(&applicants, &IntakeRules::with_default_cap(5));
    assert_eq!(intake.chosen, ids(&[1, 2]));
    assert_eq!(
        intake.shortfall,
        Some(Shortfall::TooFewApplicants { places: 3 })
    );
    assert_eq!(
        intake.shortfall.map(|s| s.to_string()).as_deref(),
        Some("3 places left: not enough applicants")
    );
}

#[test]
fn an_intake_with_no_places_takes_nobody_and_says_why() {
    let applicants = [applicant(1, "Nurse", "Riverside Hospitals", day(5, 1))];
    let intake = suggest_intake(&applicants, &IntakeRules::with_default_cap(0));
    assert!(intake.chosen.is_empty());
    assert_eq!(
        reason_of(&intake, 1).as_deref(),
        Some("the intake has no places")
    );
    assert_eq!(intake.shortfall, None);
}

#[test]
fn applicants_are_a_cohorts_people_at_the_applied_stage_in_application_order() {
    let mut f = Fixture::new();
    f.participant(1, "Ada", Some(2), PathwayStage::Applied)
        .participant(2, "Bea", Some(2), PathwayStage::Applied)
        .participant(3, "Cal", Some(2), PathwayStage::Enrolled)
        .participant(4, "Dev", Some(1), PathwayStage::Applied)
        .participant(5, "Eli", Some(2), PathwayStage::Nominated)
        .participant(6, "Fay", Some(2), PathwayStage::Applied)
        .participant(7, "Gus", None, PathwayStage::Applied);
    // Eli applies after the others, who all applied on 12 January.
    if let Some(eli) = f.data.participants.get_mut(&ParticipantId(5)) {
        eli.pathway
            .move_to(PathwayStage::Applied, day(2, 1), String::new());
    }
    let found = applicants(&f.data, CohortId(2));
    let order: Vec<ParticipantId> = found.iter().map(|a| a.id).collect();
    assert_eq!(order, ids(&[1, 2, 6, 5]));
    assert_eq!(
        found.first(),
        Some(&applicant(
            1,
            "Pharmacist",
            "Northgate Community Health",
            day(1, 12)
        ))
    );
    assert_eq!(found.last().map(|a| a.applied_on), Some(day(2, 1)));

    let cohort = f.data.cohorts.get(&CohortId(2));
    let rules = cohort.map(IntakeRules::for_cohort);
    assert_eq!(
        rules,
        Some(IntakeRules {
            size: 10,
            per_organisation_cap: 3
        })
    );
}

/// The baseline the suggestion must never be worse than, written out separately from the code
/// under test: applicants in application order, skipping anyone whose organisation is full.
fn in_order_with_cap(applicants: &[Applicant], rules: &IntakeRules) -> Vec<Applicant> {
    let mut sorted = applicants.to_vec();
    sorted.sort_by_key(|a| (a.applied_on, a.id));
    let mut taken: Vec<Applicant> = Vec::new();
    for a in sorted {
        let same = taken
            .iter()
            .filter(|t| t.organisation == a.organisation)
            .count();
        if taken.len() < rules.size && same < rules.per_organisation_cap {
            taken.push(a);
        }
    }
    taken
}

fn mix(people: &[Applicant]) -> CohortMix {
    let pairs: Vec<(&str, &str)> = people
        .iter()
        .map(|a| (a.profession.as_str(), a.organisation.as_str()))
        .collect();
    CohortMix::of(pairs.iter().copied())
}

prop_compose! {
    /// 1 to 60 applicants with distinct ids, in no particular order, drawing on up to 8
    /// professions and 10 organisations.
    fn applicant_pool()(professions in 1..=8usize, organisations in 1..=10usize)
        (people in prop::collection::vec((0..professions, 0..organisations, 0..20u32), 1..=60))
        -> Vec<Applicant>
    {
        people
            .into_iter()
            .enumerate()
            .map(|(i, (p, o, d))| Applicant {
                id: ParticipantId(1000 - i as u64),
                profession: format!("Profession {p}"),
                organisation: format!("Organisation {o}"),
                applied_on: day(6, 1 + d),
            })
            .collect()
    }
}

proptest! {
    #[test]
    fn suggestions_keep_the_rules_and_are_never_less_even_than_taking_in_order(
        applicants in applicant_pool(),
        size in 1..=30usize,
        cap in 1..=10usize,
    ) {
        let rules = IntakeRules { size, per_organisation_cap: cap };
        let intake = suggest_intake(&applicants, &rules);
        let by_id: BTreeMap<ParticipantId, &Applicant> =
            applicants.iter().map(|a| (a.id, a)).collect();
        let chosen: Vec<Applicant> = intake
            .chosen
            .iter()
            .filter_map(|id| by_id.get(id).map(|a| (*a).clone()))
            .collect();

        // Every chosen id is an applicant, once, in application order.
        prop_assert_eq!(chosen.len(), intake.chosen.len());
        prop_assert!(chosen.windows(2).all(|w| (w[0].applied_on, w[0].id) < (w[1].applied_on, w[1].id)));

        // Chosen and left out together are everyone, once.
        let mut everyone: Vec<ParticipantId> = intake.chosen.clone();
        everyone.extend(intake.left_out.iter().map(|(id, _)| *id));
        everyone.sort();
        prop_assert_eq!(everyone, by_id.keys().copied().collect::<Vec<_>>());

        // No organisation above the cap.
        for (organisation, n) in &intake.after.organisations.counts {
            prop_assert!(*n <= cap, "{} has {} places, cap {}", organisation, n, cap);
        }

        // As many as the size and the cap allow.
        let mut per_organisation: BTreeMap<&str, usize> = BTreeMap::new();
        for a in &applicants {
            *per_organisation.entry(a.organisation.as_str()).or_default() += 1;
        }
        let allowed: usize = per_organisation.values().map(|n| (*n).min(cap)).sum();
        prop_assert_eq!(intake.chosen.len(), size.min(allowed));
        prop_assert_eq!(intake.shortfall.is_some(), size > allowed);

        // Never less even than taking applicants in order.
        let baseline = mix(&in_order_with_cap(&applicants, &rules));
        prop_assert_eq!(&intake.in_order, &baseline);
        prop_assert_eq!(&intake.after, &mix(&chosen));
        prop_assert!(
            combined_evenness(&intake.after) >= combined_evenness(&baseline) - 1e-9,
            "suggested {} < in order {}",
            combined_evenness(&intake.after),
            combined_evenness(&baseline)
        );

        // The same applicants, in any order, give the same suggestion.
        prop_assert_eq!(&suggest_intake(&applicants, &rules), &intake);
        let mut reversed = applicants.clone();
        reversed.reverse();
        prop_assert_eq!(&suggest_intake(&reversed, &rules), &intake);
    }
}
