//! Matching runs over a small programme built in code.

use super::*;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::fixture::{Fixture, day};
use crate::domain::ids::{MatchId, OrganisationId};
use crate::domain::mentoring::PairRule;
use crate::domain::people::pathway::PathwayStage;

fn today() -> NaiveDate {
    day(6, 1)
}

/// Cohort 1 with three active participants (1 Aled, 2 Bryn, 3 Cai); mentors 1 (capacity 2)
/// and 2 (capacity 1), both of organisation 1 with expertise in patient flow.
fn programme() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Aled", Some(1), PathwayStage::Active)
        .participant(2, "Bryn", Some(1), PathwayStage::Active)
        .participant(3, "Cai", Some(1), PathwayStage::Active);
    f
}

fn run(f: &Fixture) -> MatchingRun {
    run_matching(
        &f.data,
        Some(CohortId(1)),
        today(),
        &MatchingRules::default(),
    )
}

fn pairs(run: &MatchingRun) -> Vec<(u64, u64)> {
    let mut pairs: Vec<_> = run
        .proposals
        .iter()
        .map(|p| (p.participant.0, p.q_member.0))
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn everyone_is_placed_when_there_is_room_and_each_proposal_is_new() {
    let f = programme();
    let run = run(&f);
    assert_eq!(run.proposals.len(), 3, "capacity 2 + 1 places all three");
    assert!(run.unmatched.is_empty());
    assert!(
        run.proposals
            .iter()
            .all(|p| p.change == ProposalChange::New)
    );
    let per_mentor = |q| run.proposals.iter().filter(|p| p.q_member.0 == q).count();
    assert_eq!((per_mentor(1), per_mentor(2)), (2, 1));
}

#[test]
fn the_same_organisation_is_preferred() {
    let f = programme();
    let run = run(&f);
    // Aled shares organisation 1 with both mentors; Bryn and Cai do not.
    let aled = run.proposals.iter().find(|p| p.participant.0 == 1).unwrap();
    assert!(
        aled.score.explain().starts_with("same organisation +40"),
        "{}",
        aled.score.explain()
    );
}

#[test]
fn a_confirmed_match_is_kept_and_takes_its_mentors_place() {
    let mut f = programme();
    f.matched(1, 1, 2, MatchState::Confirmed { on: day(2, 1) });
    let run = run(&f);
    assert_eq!(
        run.kept,
        [Kept {
            participant: ParticipantId(1),
            q_member: QMemberId(2),
            confirmed: true
        }]
    );
    assert_eq!(pairs(&run), [(2, 1), (3, 1)], "mentor 2 is full");
}

#[test]
fn capacity_counts_proposed_mentees_of_other_cohorts_too() {
    let mut f = programme();
    f.participant(9, "Dilys", Some(2), PathwayStage::Enrolled)
        .matched(1, 9, 1, MatchState::Proposed);
    let run = run(&f);
    assert_eq!(
        run.proposals.len(),
        2,
        "mentor 1 has one place left, mentor 2 one"
    );
    assert_eq!(run.unmatched.len(), 1);
    let (_, why) = &run.unmatched[0];
    // Mentor 1 had a place left before the run and gave it to someone else; mentor 2 too.
    assert_eq!(
        *why,
        WhyUnmatched::EveryCandidateFull {
            candidates: 2,
            full_already: 0
        }
    );
    assert_eq!(
        why.explain(),
        "no mentor with room: the places of all 2 possible mentors went to people who scored \
         higher or waited longer"
    );
}

#[test]
fn a_locked_proposal_is_kept_and_an_unlocked_one_may_move() {
    let mut f = programme();
    f.matched(1, 1, 2, MatchState::Proposed);
    f.matched(2, 2, 2, MatchState::Proposed);
    // Lock Aled's proposal with mentor 2.
    let Some(Record::Match(mut m)) = f
        .data
        .get(crate::domain::change::RecordKey::Match(MatchId(1)))
    else {
        panic!("the match is there")
    };
    m.locked = true;
    f.data.put(Record::Match(m));
    let run = run(&f);
    assert_eq!(run.kept.len(), 1);
    assert_eq!(run.kept[0].participant, ParticipantId(1));
    let bryn = run.proposals.iter().find(|p| p.participant.0 == 2).unwrap();
    assert_eq!(bryn.q_member, QMemberId(1), "mentor 2 is taken by the lock");
    assert_eq!(bryn.change, ProposalChange::Moved { from: QMemberId(2) });
}

#[test]
fn a_forbidden_pair_never_appears() {
    let mut f = programme();
    for p in 1..=3 {
        f.data.put(Record::PairRule(PairRule {
            participant: ParticipantId(p),
            q_member: QMemberId(1),
            kind: PairRuleKind::Forbidden,
            reason: "line manager".into(),
        }));
    }
    let run = run(&f);
    assert!(run.proposals.iter().all(|p| p.q_member != QMemberId(1)));
    assert_eq!(run.proposals.len(), 1, "mentor 2 has one place");
    assert_eq!(run.unmatched.len(), 2);
    // Forbid mentor 2 as well for Cai: every candidate is ruled out.
    f.data.put(Record::PairRule(PairRule {
        participant: ParticipantId(3),
        q_member: QMemberId(2),
        kind: PairRuleKind::Forbidden,
        reason: String::new(),
    }));
    let run = run_matching(
        &f.data,
        Some(CohortId(1)),
        today(),
        &MatchingRules::default(),
    );
    let cai = run
        .unmatched
        .iter()
        .find(|(p, _)| p.0 == 3)
        .map(|(_, w)| w.clone());
    assert_eq!(
        cai,
        Some(WhyUnmatched::EveryCandidateRuledOut {
            forbidden: 2,
            same_organisation: 0,
            themselves: false,
        })
    );
    let said = cai.unwrap().explain();
    assert_eq!(said, "every possible mentor is ruled out: 2 forbidden");
}

#[test]
fn the_different_organisation_rule_rules_out_colleagues() {
    let f = programme();
    let rules = MatchingRules {
        different_organisation: true,
        ..MatchingRules::default()
    };
    let run = run_matching(&f.data, Some(CohortId(1)), today(), &rules);
    for p in &run.proposals {
        let participant = &f.data.participants[&p.participant];
        let mentor = &f.data.q_members[&p.q_member];
        assert_ne!(participant.organisation, mentor.organisation);
    }
    let aled = run.unmatched.iter().find(|(p, _)| p.0 == 1);
    assert!(
        matches!(
            aled,
            Some((
                _,
                WhyUnmatched::EveryCandidateRuledOut {
                    same_organisation: 2,
                    ..
                }
            ))
        ),
        "both mentors are Aled's colleagues: {aled:?}"
    );
    assert_eq!(
        f.data.participants[&ParticipantId(1)].organisation,
        OrganisationId(1)
    );
}

#[test]
fn when_places_are_short_those_waiting_longest_come_first() {
    let mut f = Fixture::new();
    // Two people alike in every way the score sees, one place.
    f.participant(2, "Bryn", Some(1), PathwayStage::Active)
        .participant(4, "Dilys", Some(1), PathwayStage::Active);
    let mut bryn = f.data.participants[&ParticipantId(2)].clone();
    bryn.pathway =
        crate::domain::people::pathway::Pathway::starting(PathwayStage::Active, day(5, 25));
    f.data.put(Record::Participant(bryn));
    let mut dilys = f.data.participants[&ParticipantId(4)].clone();
    dilys.pathway =
        crate::domain::people::pathway::Pathway::starting(PathwayStage::Active, day(3, 1));
    f.data.put(Record::Participant(dilys));
    for q in [1, 2] {
        let mut m = f.data.q_members[&QMemberId(q)].clone();
        m.mentoring_capacity = u32::from(q == 1);
        f.data.put(Record::QMember(m));
    }
    let run = run_matching(
        &f.data,
        Some(CohortId(1)),
        today(),
        &MatchingRules::default(),
    );
    assert_eq!(pairs(&run), [(4, 1)], "Dilys has waited 13 weeks, Bryn one");
    assert!(
        run.proposals[0]
            .score
            .explain()
            .ends_with("waiting 13 weeks +12"),
        "waiting counts up to 12 weeks: {}",
        run.proposals[0].score.explain()
    );
}

#[test]
fn candidates_rank_the_allowed_with_room_first_and_say_why_others_are_not() {
    let mut f = programme();
    f.data.put(Record::PairRule(PairRule {
        participant: ParticipantId(1),
        q_member: QMemberId(1),
        kind: PairRuleKind::Forbidden,
        reason: "line manager".into(),
    }));
    let aled = f.data.participants[&ParticipantId(1)].clone();
    let list = candidates(&f.data, &aled, today(), &MatchingRules::default());
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].q_member, QMemberId(2));
    assert_eq!(list[0].barred, None);
    assert_eq!(list[1].barred.as_deref(), Some("forbidden: line manager"));
}

#[test]
fn storing_a_run_adds_new_proposals_moves_old_ones_and_a_second_run_changes_nothing() {
    let mut f = programme();
    f.matched(7, 2, 2, MatchState::Proposed);
    let first = run(&f);
    let change = first
        .change(&f.data, today(), "Cohort 1")
        .expect("something to store");
    let Change::Batch { summary, changes } = &change else {
        panic!("a batch")
    };
    assert!(
        summary.starts_with("matched mentors for Cohort 1:"),
        "{summary}"
    );
    f.data.apply(&change);
    let live: Vec<_> = f
        .data
        .matches
        .values()
        .filter(|m| m.state.is_live())
        .collect();
    assert_eq!(live.len(), 3, "{changes:?}");
    assert!(
        f.data.matches.contains_key(&MatchId(7)),
        "Bryn's proposal is reused, not duplicated"
    );
    let again = run(&f);
    assert!(
        again
            .proposals
            .iter()
            .all(|p| p.change == ProposalChange::Same)
    );
    assert_eq!(again.change(&f.data, today(), "Cohort 1"), None);
}

#[test]
fn a_recruiting_cohorts_applicants_are_matched_and_a_withdrawn_persons_proposal_is_dropped() {
    let mut f = Fixture::new();
    f.participant(1, "Aled", Some(2), PathwayStage::Applied)
        .participant(2, "Bryn", Some(1), PathwayStage::Applied)
        .participant(3, "Cai", Some(1), PathwayStage::Withdrawn)
        .matched(5, 3, 1, MatchState::Proposed);
    let recruiting = run_matching(
        &f.data,
        Some(CohortId(2)),
        today(),
        &MatchingRules::default(),
    );
    assert_eq!(
        pairs(&recruiting).len(),
        1,
        "Aled applied to the recruiting cohort 2"
    );
    let running = run_matching(
        &f.data,
        Some(CohortId(1)),
        today(),
        &MatchingRules::default(),
    );
    assert!(
        running.proposals.is_empty(),
        "cohort 1 has started: applicants wait"
    );
    assert_eq!(
        running.withdrawn,
        [MatchId(5)],
        "Cai withdrew: the place goes back"
    );
}

#[test]
fn an_unmatched_reason_tells_mentors_full_already_from_places_given_to_others() {
    let mut f = programme();
    // Mentor 2's one place is taken by a mentee from another cohort before the run.
    f.participant(9, "Dilys", Some(2), PathwayStage::Enrolled)
        .matched(1, 9, 2, MatchState::Proposed);
    let run = run(&f);
    assert_eq!(
        run.unmatched.len(),
        1,
        "mentor 1's two places for three people"
    );
    let (_, why) = &run.unmatched[0];
    assert_eq!(
        *why,
        WhyUnmatched::EveryCandidateFull {
            candidates: 2,
            full_already: 1
        }
    );
    assert_eq!(
        why.explain(),
        "no mentor with room: 1 of the 2 possible mentors was full already, and the other \
         one's places went to people who scored higher or waited longer"
    );
    let all_full = WhyUnmatched::EveryCandidateFull {
        candidates: 1,
        full_already: 1,
    };
    assert_eq!(
        all_full.explain(),
        "no mentor with room: the one possible mentor was full already (raise a capacity, or \
         find another mentor)"
    );
}

/// Aled (participant 1) is also in the Q member register, as mentor 1, under his email typed
/// another way; he would be his own best mentor on score (same organisation, profession and
/// topics).
fn aled_in_both_registers() -> Fixture {
    let mut f = programme();
    let aled = f.data.participants[&ParticipantId(1)].clone();
    let mut q = f.data.q_members[&QMemberId(1)].clone();
    q.email = format!("  {}  ", aled.email.to_uppercase());
    q.organisation = aled.organisation;
    q.profession = aled.profession;
    f.data.put(Record::QMember(q));
    f
}

#[test]
fn nobody_is_proposed_as_their_own_mentor() {
    let f = aled_in_both_registers();
    let run = run(&f);
    assert!(
        !pairs(&run).contains(&(1, 1)),
        "Aled is never his own mentor: {:?}",
        pairs(&run)
    );
    assert!(pairs(&run).contains(&(1, 2)), "{:?}", pairs(&run));
}

#[test]
fn the_candidates_say_why_a_participant_is_not_their_own_mentor() {
    let f = aled_in_both_registers();
    let aled = &f.data.participants[&ParticipantId(1)];
    let found = candidates(&f.data, aled, today(), &MatchingRules::default());
    let own = found
        .iter()
        .find(|c| c.q_member == QMemberId(1))
        .expect("Aled's own Q member record is listed");
    assert_eq!(own.barred.as_deref(), Some("is this participant"));
    assert_eq!(
        found.last().map(|c| c.q_member),
        Some(QMemberId(1)),
        "a barred candidate comes last"
    );
    // Nobody else is barred by it.
    let bryn = &f.data.participants[&ParticipantId(2)];
    let for_bryn = candidates(&f.data, bryn, today(), &MatchingRules::default());
    assert!(for_bryn.iter().all(|c| c.barred.is_none()), "{for_bryn:?}");
}

#[test]
fn a_participant_whose_only_possible_mentor_is_themselves_is_told_so() {
    let mut f = aled_in_both_registers();
    f.data.delete(RecordKey::QMember(QMemberId(2)));
    f.data.delete(RecordKey::Participant(ParticipantId(2)));
    f.data.delete(RecordKey::Participant(ParticipantId(3)));
    let run = run(&f);
    assert!(run.proposals.is_empty(), "{:?}", pairs(&run));
    let (who, why) = &run.unmatched[0];
    assert_eq!(who.0, 1);
    assert_eq!(
        why.explain(),
        "every possible mentor is ruled out: 1 is this participant"
    );
}

#[test]
fn someone_with_a_confirmed_mentor_is_not_waiting_for_one() {
    let mut f = programme();
    let aled = f.data.participants[&ParticipantId(1)].clone();
    assert!(
        weeks_waiting(&f.data, &aled, today()) > 0,
        "Aled has been active, without a mentor, for weeks"
    );
    f.matched(1, 1, 1, MatchState::Confirmed { on: day(5, 1) });
    assert_eq!(weeks_waiting(&f.data, &aled, today()), 0);
}

/// Aled linked to mentor 1 as one person (under another email), as a link kept from before
/// he came back to the programme; mentor 1 shares his organisation and profession, so on
/// score alone he would be his own best mentor.
fn aled_linked_to_mentor_1() -> Fixture {
    let mut f = programme();
    let aled = f.data.participants[&ParticipantId(1)].clone();
    let mut q = f.data.q_members[&QMemberId(1)].clone();
    q.email = "aled.at.work@example.net".into();
    q.organisation = aled.organisation;
    q.profession = aled.profession;
    f.data.put(Record::QMember(q));
    f.data
        .put(Record::QLink(crate::domain::people::alumni::QLink {
            participant: ParticipantId(1),
            q_member: QMemberId(1),
            joined_on: day(5, 3),
        }));
    f
}

#[test]
fn the_optimal_matcher_never_pairs_a_linked_alumnus_with_their_own_q_member_record() {
    let f = aled_linked_to_mentor_1();
    let run = run(&f);
    assert!(!pairs(&run).contains(&(1, 1)), "{:?}", pairs(&run));
    assert!(pairs(&run).contains(&(1, 2)), "{:?}", pairs(&run));
    let aled = &f.data.participants[&ParticipantId(1)];
    let found = candidates(&f.data, aled, today(), &MatchingRules::default());
    let own = found
        .iter()
        .find(|c| c.q_member == QMemberId(1))
        .expect("listed, barred");
    assert_eq!(
        own.barred.as_deref(),
        Some("is the same person (linked: joined Q from Cohort 1)")
    );
}
