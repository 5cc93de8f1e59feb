use super::*;
use crate::domain::budget::{BudgetTotals, ExpenseState};
use crate::domain::change::HistoryEntry;
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::ids::{
    CategoryId, CohortId, ExpenseId, MatchId, ParticipantId, QMemberId, SessionId,
};
use crate::domain::mentoring::{CheckIn, MatchState, PairRule, PairRuleKind};
use crate::domain::people::erasure::Erasure;
use crate::domain::people::pathway::{PathwayStage, ReadinessItem, ReadinessTick};
use crate::domain::sessions::Attendance;
use chrono::{TimeZone, Utc};

pub(super) const KEEP: &str = "p1@example.org";
pub(super) const GONE: &str = "p2@example.org";

/// Two records of one person, Ada Example (participants 1 and 2, both in cohort 1), and a
/// third participant, Bryn Sample, with nothing to do with either.
pub(super) fn two_adas() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Ada Example", Some(1), PathwayStage::Active)
        .participant(2, "Ada Example", Some(1), PathwayStage::Active)
        .participant(3, "Bryn Sample", Some(1), PathwayStage::Active);
    f
}

pub(super) fn merged(data: &Snapshot, kind: Kind, keep: &str, gone: &str) -> (Plan, Snapshot) {
    let plan = plan(data, kind, keep, gone).expect("the merge is possible");
    let mut after = data.clone();
    after.apply(&plan.change);
    (plan, after)
}

pub(super) fn p(id: u64) -> ParticipantId {
    ParticipantId(id)
}

pub(super) fn rule(participant: u64, q_member: u64, reason: &str) -> Record {
    Record::PairRule(PairRule {
        participant: p(participant),
        q_member: QMemberId(q_member),
        kind: PairRuleKind::Forbidden,
        reason: reason.into(),
    })
}

#[test]
fn a_participants_invitations_matches_rules_and_expenses_move_and_the_record_goes() {
    let mut f = two_adas();
    f.matched(1, 2, 1, MatchState::Confirmed { on: day(2, 2) })
        .session(
            1,
            at(3, 2, 10),
            &[(2, Attendance::Attended), (3, Attendance::Attended)],
        )
        .session(2, at(4, 2, 10), &[(2, Attendance::Apologies)])
        .expense(1, CategoryId::VENUE_HIRE, ExpenseState::Paid, 4_500)
        .expense(2, CategoryId::CATERING, ExpenseState::Committed, 1_200);
    for id in [1, 2] {
        let mut e = f.data.expenses[&ExpenseId(id)].clone();
        e.person = Some(PersonRef::Participant(p(2)));
        f.data.put(Record::Expense(e));
    }
    f.data.put(rule(2, 2, "same team"));
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);

    assert!(!after.participants.contains_key(&p(2)));
    assert_eq!(after.matches[&MatchId(1)].participant, p(1));
    assert_eq!(after.sessions[&SessionId(1)].invitees[0].participant, p(1));
    assert_eq!(after.sessions[&SessionId(2)].invitees[0].participant, p(1));
    for id in [1, 2] {
        assert_eq!(
            after.expenses[&ExpenseId(id)].person,
            Some(PersonRef::Participant(p(1)))
        );
    }
    assert!(after.pair_rules.contains_key(&(p(1), QMemberId(2))));
    assert!(!after.pair_rules.contains_key(&(p(2), QMemberId(2))));
    // Nothing of anyone else changed.
    assert_eq!(after.participants[&p(3)], f.data.participants[&p(3)]);
    assert_eq!(
        plan.question(),
        "Merge participant Ada Example <p2@example.org> into Ada Example <p1@example.org>: 2 \
         sessions, 1 mentoring match, 1 pair rule and 2 expenses move; the second record goes."
    );
    assert_eq!(
        plan.change.summary(),
        "merged participant Ada Example <p2@example.org> into Ada Example <p1@example.org>"
    );
    // The budget's figures are the same: only whom the expenses name changed.
    assert_eq!(
        BudgetTotals::from_expenses(after.expenses.values()),
        BudgetTotals::from_expenses(f.data.expenses.values())
    );
}

#[test]
fn both_invited_to_one_session_keeps_one_invitation_with_the_better_mark() {
    for (keep_mark, gone_mark, kept) in [
        (
            Attendance::Invited,
            Attendance::Attended,
            Attendance::Attended,
        ),
        (
            Attendance::Attended,
            Attendance::NoShow,
            Attendance::Attended,
        ),
        (
            Attendance::Registered,
            Attendance::Apologies,
            Attendance::Apologies,
        ),
        (Attendance::NoShow, Attendance::Invited, Attendance::Invited),
        (
            Attendance::Waiting,
            Attendance::Registered,
            Attendance::Registered,
        ),
    ] {
        let mut f = two_adas();
        f.session(
            1,
            at(3, 2, 10),
            &[(3, Attendance::Attended), (2, gone_mark), (1, keep_mark)],
        );
        let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
        let invitees = &after.sessions[&SessionId(1)].invitees;
        assert_eq!(invitees.len(), 2, "{keep_mark:?} {gone_mark:?}");
        // In the earlier place of the two.
        assert_eq!(invitees[1].participant, p(1));
        assert_eq!(invitees[1].attendance, kept, "{keep_mark:?} {gone_mark:?}");
        assert!(
            plan.question().contains(&format!(
                "Both were invited to Session 1: “{}” is kept",
                kept.label()
            )),
            "{}",
            plan.question()
        );
    }
}

#[test]
fn both_matched_with_one_mentor_leaves_one_match_holding_every_check_in() {
    let mut f = two_adas();
    f.matched(1, 1, 1, MatchState::Proposed).matched(
        2,
        2,
        1,
        MatchState::Confirmed { on: day(2, 2) },
    );
    let check_in = |m: u64, on, note: &str| {
        let mut found = f.data.matches[&MatchId(m)].clone();
        found.check_ins.push(CheckIn {
            on,
            met: true,
            note: note.into(),
        });
        Record::Match(found)
    };
    let one = check_in(1, day(3, 9), "run chart");
    let two = check_in(2, day(2, 20), "first meeting");
    f.data.put(one);
    f.data.put(two);
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    let left: Vec<_> = after.matches.values().collect();
    assert_eq!(left.len(), 1);
    // The confirmed one, now the kept participant's, with both check-ins in date order.
    assert_eq!(left[0].id, MatchId(2));
    assert_eq!(left[0].participant, p(1));
    assert!(matches!(left[0].state, MatchState::Confirmed { .. }));
    let notes: Vec<&str> = left[0].check_ins.iter().map(|c| c.note.as_str()).collect();
    assert_eq!(notes, ["first meeting", "run chart"]);
    assert!(
        plan.question()
            .contains("Both were matched with Morwenna Tull")
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn two_live_mentors_after_a_merge_are_pointed_out() {
    let mut f = two_adas();
    f.matched(1, 1, 1, MatchState::Confirmed { on: day(2, 2) })
        .matched(2, 2, 2, MatchState::Proposed);
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert_eq!(after.matches.len(), 2);
    assert_eq!(
        plan.warnings,
        [
            "They will have 2 live mentoring matches (Morwenna Tull and Idris Penhale): end all \
          but one in the mentoring pane"
        ]
    );
}

#[test]
fn a_pair_rule_on_both_stays_once_with_both_reasons() {
    let mut f = two_adas();
    f.data.put(rule(1, 1, "line manager"));
    f.data.put(rule(2, 1, "same ward"));
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert_eq!(after.pair_rules.len(), 1);
    assert_eq!(
        after.pair_rules[&(p(1), QMemberId(1))].reason,
        "line manager\nsame ward"
    );
    assert!(
        plan.question()
            .contains("Both had a pair rule with Morwenna Tull: one stays")
    );
}

#[test]
fn what_the_kept_record_lacks_is_filled_from_the_other() {
    let mut f = two_adas();
    let mut keep = f.data.participants[&p(1)].clone();
    keep.notes = "Prefers mornings".into();
    keep.project.aim = String::new();
    keep.project.topics = vec!["patient flow".into()];
    keep.nominated_by = None;
    keep.pathway =
        crate::domain::people::pathway::Pathway::starting(PathwayStage::Enrolled, day(1, 12));
    keep.pathway
        .move_to(PathwayStage::Active, day(2, 1), String::new());
    keep.readiness = vec![ReadinessTick {
        item: ReadinessItem::ProjectPresented,
        on: day(5, 1),
        note: String::new(),
    }];
    let mut gone = f.data.participants[&p(2)].clone();
    gone.notes = "Personal email, used before she moved trusts".into();
    gone.project.aim = "Fewer falls at night".into();
    gone.project.topics = vec!["PDSA".into(), "patient flow".into()];
    gone.nominated_by = Some(QMemberId(2));
    gone.pathway =
        crate::domain::people::pathway::Pathway::starting(PathwayStage::Nominated, day(1, 2));
    gone.pathway
        .move_to(PathwayStage::Applied, day(1, 5), "by email".into());
    gone.pathway
        .move_to(PathwayStage::Enrolled, day(1, 12), "induction".into());
    gone.readiness = vec![
        ReadinessTick {
            item: ReadinessItem::ProjectPresented,
            on: day(6, 1),
            note: String::new(),
        },
        ReadinessTick {
            item: ReadinessItem::WrittenReflection,
            on: day(6, 2),
            note: String::new(),
        },
    ];
    f.data.put(Record::Participant(keep));
    f.data.put(Record::Participant(gone));
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    let ada = &after.participants[&p(1)];
    assert_eq!(ada.email, KEEP);
    assert_eq!(
        ada.notes,
        "Prefers mornings\nPersonal email, used before she moved trusts"
    );
    assert_eq!(ada.project.aim, "Fewer falls at night");
    assert_eq!(ada.project.topics, ["patient flow", "PDSA"]);
    assert_eq!(ada.nominated_by, Some(QMemberId(2)));
    let stages: Vec<(PathwayStage, &str)> = ada
        .pathway
        .changes()
        .iter()
        .map(|c| (c.stage, c.note.as_str()))
        .collect();
    assert_eq!(
        stages,
        [
            (PathwayStage::Nominated, ""),
            (PathwayStage::Applied, "by email"),
            (PathwayStage::Enrolled, "induction"),
            (PathwayStage::Active, ""),
        ]
    );
    assert_eq!(ada.stage(), PathwayStage::Active);
    let ticked: Vec<(ReadinessItem, chrono::NaiveDate)> =
        ada.readiness.iter().map(|t| (t.item, t.on)).collect();
    assert_eq!(
        ticked,
        [
            (ReadinessItem::ProjectPresented, day(5, 1)),
            (ReadinessItem::WrittenReflection, day(6, 2)),
        ]
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn refusals_change_nothing_and_say_why() {
    let mut f = two_adas();
    f.participant(4, "Ada Example", Some(2), PathwayStage::Applied);
    f.data.erasures.insert(
        1,
        Erasure {
            number: 1,
            person: PersonRef::Participant(p(3)),
        },
    );
    let refused = |keep: &str, gone: &str| {
        plan(&f.data, Kind::Participants, keep, gone)
            .expect_err("refused")
            .to_string()
    };
    assert_eq!(
        refused("p1@example.org", "p9@example.org"),
        "no participant has the email \"p9@example.org\" (the nearest: Ada Example \
         <p1@example.org>, Ada Example <p2@example.org>, Ada Example <p4@example.org>)"
    );
    assert_eq!(
        refused("p1@example.org", " P1@Example.org "),
        "p1@example.org and P1@Example.org are the same participant: there is nothing to merge"
    );
    assert_eq!(
        refused("p1@example.org", "p4@example.org"),
        "Ada Example <p1@example.org> is in Cohort 1 and Ada Example <p4@example.org> in Cohort \
         2; participants are merged only within one cohort, so that no cohort's size or \
         attendance changes unseen. Move one to the other's cohort first (e in the roster), \
         then merge"
    );
    assert_eq!(
        refused("p3@example.org", "p1@example.org"),
        "p3@example.org is erased person #1, whose record is kept only for the figures; an \
         erased person cannot be merged"
    );
    assert!(refused("p1@example.org", "p3@example.org").contains("erased person #1"));
    // A participant email is not a Q member's.
    let q = plan(&f.data, Kind::QMembers, "q1@example.org", "p2@example.org")
        .expect_err("refused")
        .to_string();
    assert!(
        q.starts_with("no Q member has the email \"p2@example.org\""),
        "{q}"
    );
}

#[test]
fn a_nominee_without_a_cohort_merges_into_the_cohort_of_the_other() {
    let mut f = two_adas();
    let mut nominee = f.data.participants[&p(2)].clone();
    nominee.cohort = None;
    f.data.put(Record::Participant(nominee));
    let (_, after) = merged(&f.data, Kind::Participants, GONE, KEEP);
    assert_eq!(after.participants[&p(2)].cohort, Some(CohortId(1)));
    assert!(!after.participants.contains_key(&p(1)));
}

#[test]
fn undoing_the_merge_puts_every_record_back_as_it_was() {
    let mut f = two_adas();
    f.matched(1, 1, 1, MatchState::Proposed)
        .matched(2, 2, 1, MatchState::Confirmed { on: day(2, 2) })
        .session(
            1,
            at(3, 2, 10),
            &[(1, Attendance::Invited), (2, Attendance::Attended)],
        );
    f.data.put(rule(2, 2, "same team"));
    let before = f.data.clone();
    let plan = plan(&f.data, Kind::Participants, KEEP, GONE).unwrap();
    let mut data = f.data.clone();
    let entry = applied(&mut data, 1, plan.change);
    let undo = crate::domain::undo::undo_of(&entry);
    applied(&mut data, 2, undo);
    assert_eq!(data.participants, before.participants);
    assert_eq!(data.matches, before.matches);
    assert_eq!(data.pair_rules, before.pair_rules);
    assert_eq!(data.sessions, before.sessions);
}

/// Applies `change` to `data` as history entry `seq`, as the store records it.
fn applied(data: &mut Snapshot, seq: u64, change: Change) -> HistoryEntry {
    let mut before = Vec::new();
    let mut scratch = data.clone();
    for leaf in change.leaves() {
        let key = match leaf {
            Change::Put(r) | Change::Edit { record: r, .. } => r.key(),
            Change::Delete(k) => *k,
            Change::Batch { .. } | Change::Undo { .. } => continue,
        };
        before.push((key, scratch.get(key)));
        scratch.apply(leaf);
    }
    let entry = HistoryEntry {
        seq,
        at: Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
        user: "sam".into(),
        change,
        before,
    };
    data.apply_entry(&entry);
    entry
}

#[test]
fn near_names_are_found_by_a_slip_of_the_keys_or_a_few_letters() {
    let people = [
        (
            "Ada Example <ada@home.example>".to_string(),
            "ada@home.example".to_string(),
        ),
        (
            "Bryn Sample <bryn@trust.example>".to_string(),
            "bryn@trust.example".to_string(),
        ),
    ];
    assert_eq!(nearest("ada@hmoe.example", &people), [people[0].0.clone()]);
    assert_eq!(nearest("bryn", &people), [people[1].0.clone()]);
    assert!(nearest("zzzz@nowhere.invalid", &people).is_empty());
    assert_eq!(clashes::edit_distance("kitten", "sitting"), 3);
    assert_eq!(clashes::edit_distance("", "abc"), 3);
}

#[test]
fn a_match_that_would_pair_someone_with_themselves_or_a_forbidden_mentor_is_pointed_out() {
    let mut f = two_adas();
    let mut idris = f.data.q_members[&QMemberId(2)].clone();
    idris.email = KEEP.into();
    f.data.put(Record::QMember(idris));
    f.matched(1, 2, 2, MatchState::Proposed);
    let (plan, _) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert_eq!(
        plan.warnings,
        [
            "Ada Example would be matched with themselves as a mentor: end that match in the \
          mentoring pane"
        ]
    );

    let mut f = two_adas();
    f.matched(1, 2, 1, MatchState::Proposed);
    f.data.put(rule(1, 1, "line manager"));
    let (plan, _) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert_eq!(
        plan.warnings,
        [
            "A pair rule forbids the live match of Ada Example with Morwenna Tull: end it in the \
          mentoring pane"
        ]
    );
}

#[test]
fn an_alumni_link_that_moves_is_named_and_one_both_hold_is_settled() {
    use crate::domain::people::alumni::QLink;
    let link = |participant: u64| {
        Record::QLink(QLink {
            participant: p(participant),
            q_member: QMemberId(1),
            joined_on: day(9, 1),
        })
    };
    let mut f = two_adas();
    f.data.put(link(2));
    let (plan, after) = merged(&f.data, Kind::Participants, KEEP, GONE);
    let q = f.data.q_member_name(QMemberId(1)).to_string();
    assert_eq!(
        plan.moved.sentence(),
        format!("the link to their Q member record {q} moves")
    );
    assert!(!plan.question().contains("nothing else points at it"));
    assert_eq!(after.q_links[&p(1)].q_member, QMemberId(1));

    let mut f = two_adas();
    f.data.put(link(1));
    f.data.put(link(2));
    let (plan, _) = merged(&f.data, Kind::Participants, KEEP, GONE);
    assert!(
        plan.to_look_at().contains(&format!(
            "Both were linked to the Q member record {q}: one link stays"
        )),
        "{}",
        plan.to_look_at()
    );
}
