//! Merging Q members, organisations and professions.

use super::tests::{merged, p, rule, two_adas};
use super::*;
use crate::domain::budget::ExpenseState;
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::ids::{
    CategoryId, ExpenseId, MatchId, OrganisationId, ProfessionId, QMemberId, SessionId,
};
use crate::domain::mentoring::MatchState;
use crate::domain::people::pathway::PathwayStage;

fn two_morwennas() -> Fixture {
    let mut f = two_adas();
    let mut second = f.data.q_members[&QMemberId(1)].clone();
    second.id = QMemberId(3);
    second.email = "morwenna.tull@home.example".into();
    second.expertise = vec!["measurement".into()];
    second.roles = vec![crate::domain::people::QRole::SiteVisitHost];
    second.mentoring_capacity = 1;
    second.availability_notes = "Not in August".into();
    f.data.put(Record::QMember(second));
    f
}

#[test]
fn a_q_members_sessions_nominations_matches_and_expenses_move() {
    let mut f = two_morwennas();
    f.matched(1, 1, 3, MatchState::Confirmed { on: day(2, 2) })
        .session(1, at(3, 2, 10), &[])
        .session(2, at(4, 2, 10), &[])
        .expense(1, CategoryId::VENUE_HIRE, ExpenseState::Paid, 9_000);
    // Session 1 led by both records, session 2 hosted by the second.
    let mut one = f.data.sessions[&SessionId(1)].clone();
    one.facilitators = vec![QMemberId(3), QMemberId(2), QMemberId(1)];
    f.data.put(Record::Session(one));
    let mut two = f.data.sessions[&SessionId(2)].clone();
    two.facilitators = vec![QMemberId(2)];
    two.host = Some(QMemberId(3));
    f.data.put(Record::Session(two));
    let mut nominee = f.data.participants[&p(3)].clone();
    nominee.nominated_by = Some(QMemberId(3));
    f.data.put(Record::Participant(nominee));
    let mut travel = f.data.expenses[&ExpenseId(1)].clone();
    travel.person = Some(PersonRef::QMember(QMemberId(3)));
    f.data.put(Record::Expense(travel));
    f.data.put(rule(2, 3, "manages her"));

    let (plan, after) = merged(
        &f.data,
        Kind::QMembers,
        "q1@example.org",
        "morwenna.tull@home.example",
    );
    assert!(!after.q_members.contains_key(&QMemberId(3)));
    assert_eq!(
        after.sessions[&SessionId(1)].facilitators,
        [QMemberId(1), QMemberId(2)]
    );
    assert_eq!(after.sessions[&SessionId(2)].host, Some(QMemberId(1)));
    assert_eq!(after.participants[&p(3)].nominated_by, Some(QMemberId(1)));
    assert_eq!(after.matches[&MatchId(1)].q_member, QMemberId(1));
    assert_eq!(
        after.expenses[&ExpenseId(1)].person,
        Some(PersonRef::QMember(QMemberId(1)))
    );
    assert!(after.pair_rules.contains_key(&(p(2), QMemberId(1))));
    let kept = &after.q_members[&QMemberId(1)];
    assert_eq!(kept.expertise, ["patient flow", "measurement"]);
    assert_eq!(kept.roles.len(), 3);
    assert_eq!(kept.mentoring_capacity, 2);
    assert_eq!(kept.availability_notes, "Not in August");
    assert_eq!(
        plan.question(),
        "Merge Q member Morwenna Tull <morwenna.tull@home.example> into Morwenna Tull \
         <q1@example.org>: 2 sessions, 1 mentoring match, 1 pair rule, 1 nomination and 1 \
         expense move; the second record goes."
    );
}

#[test]
fn a_q_member_merge_where_both_mentor_one_participant_leaves_one_match() {
    let mut f = two_morwennas();
    f.matched(
        1,
        1,
        1,
        MatchState::Ended {
            on: day(3, 1),
            reason: "moved trusts".into(),
        },
    )
    .matched(2, 1, 3, MatchState::Confirmed { on: day(3, 2) })
    .matched(3, 3, 3, MatchState::Proposed);
    let (plan, after) = merged(
        &f.data,
        Kind::QMembers,
        "q1@example.org",
        "morwenna.tull@home.example",
    );
    let of_ada: Vec<_> = after
        .matches
        .values()
        .filter(|m| m.participant == p(1))
        .collect();
    assert_eq!(of_ada.len(), 1);
    assert_eq!(of_ada[0].q_member, QMemberId(1));
    assert!(matches!(of_ada[0].state, MatchState::Confirmed { .. }));
    assert_eq!(after.matches[&MatchId(3)].q_member, QMemberId(1));
    assert!(
        plan.question()
            .contains("Both mentored Ada Example: one match stays")
    );
}

#[test]
fn a_mentor_over_capacity_after_a_merge_is_pointed_out() {
    let mut f = two_morwennas();
    f.participant(4, "Cai Test", Some(1), PathwayStage::Active)
        .matched(1, 1, 1, MatchState::Proposed)
        .matched(2, 3, 1, MatchState::Proposed)
        .matched(3, 4, 3, MatchState::Proposed);
    let (plan, _) = merged(
        &f.data,
        Kind::QMembers,
        "q1@example.org",
        "morwenna.tull@home.example",
    );
    assert_eq!(
        plan.warnings,
        ["They will mentor 3 people, above their capacity of 2"]
    );
}

#[test]
fn organisations_are_found_as_an_import_finds_them_and_everyone_in_one_moves() {
    let mut f = two_adas();
    f.data
        .put(Record::Organisation(crate::domain::people::Organisation {
            id: OrganisationId(3),
            name: "Riverside Hospitals NHS FT".into(),
        }));
    let mut ada = f.data.participants[&p(1)].clone();
    ada.organisation = OrganisationId(3);
    f.data.put(Record::Participant(ada));
    let mut idris = f.data.q_members[&QMemberId(2)].clone();
    idris.organisation = OrganisationId(3);
    f.data.put(Record::QMember(idris));
    let (plan, after) = merged(
        &f.data,
        Kind::Organisations,
        "riverside  hospitals",
        "Riverside Hospitals NHS FT",
    );
    assert!(!after.organisations.contains_key(&OrganisationId(3)));
    assert_eq!(after.participants[&p(1)].organisation, OrganisationId(2));
    assert_eq!(
        after.q_members[&QMemberId(2)].organisation,
        OrganisationId(2)
    );
    assert_eq!(
        plan.question(),
        "Merge organisation Riverside Hospitals NHS FT into Riverside Hospitals: 1 participant \
         and 1 Q member move; the second record goes."
    );
    let unknown = plan_error(
        &f.data,
        Kind::Organisations,
        "Riverside Hospital",
        "Northgate",
    );
    assert_eq!(
        unknown,
        "no organisation has the name \"Riverside Hospital\" (the nearest: Riverside \
         Hospitals, Riverside Hospitals NHS FT)"
    );
}

fn plan_error(data: &Snapshot, kind: Kind, keep: &str, gone: &str) -> String {
    plan(data, kind, keep, gone)
        .expect_err("refused")
        .to_string()
}

#[test]
fn professions_merge_and_one_nobody_holds_merges_with_nothing_moving() {
    let mut f = two_adas();
    f.data
        .put(Record::Profession(crate::domain::people::Profession {
            id: ProfessionId(3),
            name: "Pharmacists".into(),
        }));
    let (plan, after) = merged(&f.data, Kind::Professions, "pharmacist", "PHARMACISTS");
    assert!(!after.professions.contains_key(&ProfessionId(3)));
    assert_eq!(
        plan.question(),
        "Merge profession Pharmacists into Pharmacist: nothing else points at it; the second \
         record goes."
    );
    let (_, after) = merged(&f.data, Kind::Professions, "Nurse", "Pharmacist");
    assert!(
        after
            .participants
            .values()
            .all(|p| p.profession == ProfessionId(1))
    );
    assert!(
        after
            .q_members
            .values()
            .all(|q| q.profession == ProfessionId(1))
    );
    assert_eq!(
        plan_error(&f.data, Kind::Professions, "nurse", " Nurse "),
        "nurse and Nurse are the same profession: there is nothing to merge"
    );
}

fn linked(participant: u64, q_member: u64) -> Record {
    Record::QLink(crate::domain::people::alumni::QLink {
        participant: p(participant),
        q_member: QMemberId(q_member),
        joined_on: day(6, 1),
    })
}

#[test]
fn an_alumnus_link_moves_with_the_participant_merged_away() {
    let mut f = two_adas();
    f.data.put(linked(2, 1));
    let (_, after) = merged(
        &f.data,
        Kind::Participants,
        "p1@example.org",
        "p2@example.org",
    );
    assert_eq!(after.q_links.len(), 1);
    assert_eq!(after.q_links[&p(1)].q_member, QMemberId(1));
    assert_eq!(after.q_links[&p(1)].joined_on, day(6, 1));
}

#[test]
fn when_both_participants_are_linked_the_kept_link_stays_and_the_merge_says_so() {
    let mut f = two_adas();
    f.data.put(linked(1, 1));
    f.data.put(linked(2, 2));
    let (plan, after) = merged(
        &f.data,
        Kind::Participants,
        "p1@example.org",
        "p2@example.org",
    );
    assert_eq!(after.q_links.len(), 1);
    assert_eq!(after.q_links[&p(1)].q_member, QMemberId(1));
    assert!(
        plan.settled
            .iter()
            .any(|s| s.contains("linked to a Q member")),
        "{:?}",
        plan.settled
    );
}

#[test]
fn an_alumnus_link_to_the_q_member_merged_away_points_at_the_one_kept() {
    let mut f = two_morwennas();
    f.data.put(linked(3, 3));
    let (_, after) = merged(
        &f.data,
        Kind::QMembers,
        "q1@example.org",
        "morwenna.tull@home.example",
    );
    assert_eq!(after.q_links[&p(3)].q_member, QMemberId(1));
}
