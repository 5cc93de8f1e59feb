use super::*;
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::mentoring::MatchState;
use crate::domain::sessions::Attendance;

/// Cohort 1 (2026) with Ada at Completed and Ben still Active; cohort 2 (2027) with Cai.
fn programme() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Ada Quillfeather", Some(1), PathwayStage::Completed)
        .participant(2, "Ben Marrowby", Some(1), PathwayStage::Active)
        .participant(3, "Cai Thrumble", Some(2), PathwayStage::Enrolled);
    f
}

fn joined(f: &mut Fixture, id: u64, roles: &[QRole]) -> Joining {
    let joining = join_q(&f.data, ParticipantId(id), day(11, 20), roles).expect("joins");
    f.data.apply(&joining.change);
    joining
}

#[test]
fn joining_q_makes_a_linked_q_member_from_the_participant_in_one_change() {
    let mut f = programme();
    let joining = joined(&mut f, 1, &[QRole::Mentor]);
    assert!(!joining.found_existing);
    let p = &f.data.participants[&ParticipantId(1)];
    assert_eq!(p.stage(), PathwayStage::JoinedQ);
    assert_eq!(p.pathway.since(), Some(day(11, 20)));
    let q = &f.data.q_members[&joining.q_member];
    assert_eq!(
        (q.name.as_str(), q.email.as_str()),
        ("Ada Quillfeather", "p1@example.org")
    );
    assert_eq!(
        (q.organisation, q.profession),
        (p.organisation, p.profession)
    );
    assert_eq!(q.roles, vec![QRole::Mentor]);
    assert_eq!(
        q.mentoring_capacity, 1,
        "a mentor takes one mentee to begin"
    );
    assert_eq!(
        link_of_q_member(&f.data, joining.q_member).map(|l| l.participant),
        Some(ParticipantId(1))
    );
    assert!(
        matches!(joining.change, Change::Batch { ref changes, .. } if changes.len() == 3),
        "the stage, the Q member and the link stand or fall together"
    );
}

#[test]
fn with_no_roles_offered_yet_the_new_q_member_mentors_nobody() {
    let mut f = programme();
    let joining = joined(&mut f, 1, &[]);
    let q = &f.data.q_members[&joining.q_member];
    assert!(q.roles.is_empty());
    assert_eq!(q.mentoring_capacity, 0);
}

#[test]
fn a_q_member_with_the_same_email_is_linked_instead_of_made_twice() {
    let mut f = programme();
    let mut q = f.data.q_members[&QMemberId(2)].clone();
    q.email = " P1@Example.org".into();
    f.data.put(Record::QMember(q));
    let before = f.data.q_members.len();
    let joining = joined(&mut f, 1, &[QRole::Mentor]);
    assert!(joining.found_existing);
    assert_eq!(joining.q_member, QMemberId(2));
    assert_eq!(f.data.q_members.len(), before);
    assert!(
        joining.done.contains("has their email already"),
        "{}",
        joining.done
    );
}

#[test]
fn an_earlier_stage_a_withdrawal_or_a_link_already_made_is_refused_by_name() {
    let mut f = programme();
    let early = join_q(&f.data, ParticipantId(2), day(11, 20), &[]).unwrap_err();
    assert!(early.contains("Ben Marrowby is at Active"), "{early}");
    f.participant(4, "Dot Withers", Some(1), PathwayStage::Withdrawn);
    let gone = join_q(&f.data, ParticipantId(4), day(11, 20), &[]).unwrap_err();
    assert!(gone.contains("Dot Withers has withdrawn"), "{gone}");
    joined(&mut f, 1, &[]);
    let again = join_q(&f.data, ParticipantId(1), day(11, 21), &[]).unwrap_err();
    assert!(again.contains("already linked"), "{again}");
    let relink = link(&f.data, ParticipantId(1), QMemberId(1), day(11, 21)).unwrap_err();
    assert!(relink.contains("already linked"), "{relink}");
}

#[test]
fn a_join_dated_before_the_latest_stage_is_refused() {
    let f = programme();
    let err = join_q(&f.data, ParticipantId(1), day(1, 1), &[]).unwrap_err();
    assert!(err.starts_with("Ada Quillfeather: "), "{err}");
}

#[test]
fn linking_an_alumnus_keeps_their_joined_q_date_or_moves_them_there() {
    let mut f = programme();
    let mut ada = f.data.participants[&ParticipantId(1)].clone();
    ada.pathway
        .move_to(PathwayStage::JoinedQ, day(5, 3), String::new());
    f.data.put(Record::Participant(ada));
    let (change, done) = link(&f.data, ParticipantId(1), QMemberId(2), day(11, 20)).expect("links");
    f.data.apply(&change);
    assert!(done.contains("joined Q on 3 May 2026"), "{done}");
    assert_eq!(f.data.q_links[&ParticipantId(1)].joined_on, day(5, 3));

    f.participant(5, "Eli Vantwest", Some(1), PathwayStage::AppliedToQ);
    let (change, _) = link(&f.data, ParticipantId(5), QMemberId(1), day(11, 20)).expect("links");
    f.data.apply(&change);
    assert_eq!(
        f.data.participants[&ParticipantId(5)].stage(),
        PathwayStage::JoinedQ
    );
    let taken = link(&f.data, ParticipantId(5), QMemberId(2), day(11, 20));
    assert!(taken.is_err(), "one participant, one Q member record");
}

#[test]
fn a_q_member_linked_to_someone_else_is_not_linked_again() {
    let mut f = programme();
    f.participant(5, "Eli Vantwest", Some(1), PathwayStage::AppliedToQ);
    let (change, _) = link(&f.data, ParticipantId(1), QMemberId(2), day(11, 20)).expect("links");
    f.data.apply(&change);
    let err = link(&f.data, ParticipantId(5), QMemberId(2), day(11, 20)).unwrap_err();
    assert!(
        err.contains("Idris Penhale is linked already, to the participant Ada Quillfeather"),
        "{err}"
    );
}

#[test]
fn alumni_are_counted_per_cohort_and_supporting_only_when_they_serve_a_later_cohort() {
    let mut f = programme();
    f.participant(6, "Fen Oakridge", Some(1), PathwayStage::Completed);
    let ada = joined(&mut f, 1, &[QRole::Mentor]).q_member;
    joined(&mut f, 6, &[]);
    assert_eq!(
        alumni_by_cohort(&f.data),
        vec![CohortAlumni {
            cohort: CohortId(1),
            number: 1,
            name: "Cohort 1".into(),
            joined_q: 2,
            supporting: 0,
            not_linked: 0,
        }]
    );
    // Mentoring someone of their own cohort is not supporting the next one.
    f.matched(1, 2, ada.0, MatchState::Proposed);
    assert_eq!(alumni_by_cohort(&f.data)[0].supporting, 0);
    f.matched(2, 3, ada.0, MatchState::Proposed);
    assert_eq!(alumni_by_cohort(&f.data)[0].supporting, 1);
}

#[test]
fn facilitating_a_later_cohorts_session_counts_and_a_cancelled_one_does_not() {
    let mut f = programme();
    let ada = joined(&mut f, 1, &[]).q_member;
    f.session(1, at(3, 1, 10), &[(3, Attendance::Invited)]);
    let mut s = f.data.sessions[&crate::domain::ids::SessionId(1)].clone();
    s.cohort = Some(CohortId(2));
    s.facilitators = vec![ada];
    s.cancelled = true;
    f.data.put(Record::Session(s.clone()));
    assert_eq!(alumni_by_cohort(&f.data)[0].supporting, 0);
    s.cancelled = false;
    f.data.put(Record::Session(s));
    assert_eq!(alumni_by_cohort(&f.data)[0].supporting, 1);
}

#[test]
fn no_alumni_means_no_rows() {
    assert!(alumni_by_cohort(&programme().data).is_empty());
}

#[test]
fn an_alumnus_at_joined_q_from_before_gets_the_record_and_keeps_their_date() {
    let mut f = programme();
    let mut ada = f.data.participants[&ParticipantId(1)].clone();
    ada.pathway
        .move_to(PathwayStage::JoinedQ, day(5, 3), String::new());
    f.data.put(Record::Participant(ada.clone()));
    let joining = joined(&mut f, 1, &[]);
    assert_eq!(
        f.data.participants[&ParticipantId(1)],
        ada,
        "the pathway is left as it was"
    );
    assert_eq!(f.data.q_links[&ParticipantId(1)].joined_on, day(5, 3));
    assert!(joining.done.contains("3 May 2026"), "{}", joining.done);
}

#[test]
fn history_says_which_side_of_a_link_is_which() {
    use crate::domain::change::HistoryEntry;
    let mut f = programme();
    let (change, _) = link(&f.data, ParticipantId(1), QMemberId(2), day(11, 20)).expect("links");
    let entry = HistoryEntry {
        seq: 7,
        at: chrono::DateTime::default(),
        user: "sam".into(),
        change: change.clone(),
        before: Vec::new(),
    };
    f.data.apply(&change);
    assert_eq!(
        crate::domain::describe::describe_entry(&entry, &f.data),
        "participant Ada Quillfeather linked to Q member Idris Penhale"
    );
}

#[test]
fn a_link_asks_first_only_when_the_names_differ_beyond_case_accents_and_punctuation() {
    let mut f = programme();
    let question =
        link_question(&f.data, ParticipantId(1), QMemberId(2), day(11, 20)).expect("two names");
    assert_eq!(
        question,
        "The names differ: participant Ada Quillfeather <p1@example.org> and Q member Idris \
         Penhale <q2@example.org>. Linking makes them one person: Ada Quillfeather moves from \
         Completed to Joined Q on 20 November 2026, and Idris Penhale is counted as an \
         alumnus of Cohort 1."
    );
    let mut idris = f.data.q_members[&QMemberId(2)].clone();
    idris.name = "ADA  quillféather.".into();
    f.data.put(Record::QMember(idris));
    assert_eq!(
        link_question(&f.data, ParticipantId(1), QMemberId(2), day(11, 20)),
        None
    );
}

#[test]
fn a_day_after_today_is_not_a_day_someone_joined_q() {
    assert_eq!(joined_after_today(day(11, 20), day(11, 20)), None);
    assert_eq!(
        joined_after_today(day(11, 21), day(11, 20)).as_deref(),
        Some(
            "21 November 2026 is after today (20 November 2026): record joining Q on the day \
             it happens, or a day before"
        )
    );
}

#[test]
fn participants_at_joined_q_with_no_link_are_counted_apart_until_linked() {
    let mut f = programme();
    let mut ada = f.data.participants[&ParticipantId(1)].clone();
    ada.pathway
        .move_to(PathwayStage::JoinedQ, day(5, 3), String::new());
    f.data.put(Record::Participant(ada));
    let alumni = alumni_by_cohort(&f.data);
    assert_eq!(
        (alumni.len(), alumni[0].joined_q, alumni[0].not_linked),
        (1, 0, 1),
        "{alumni:?}"
    );
    let (change, _) = link(&f.data, ParticipantId(1), QMemberId(2), day(11, 20)).expect("links");
    f.data.apply(&change);
    let alumni = alumni_by_cohort(&f.data);
    assert_eq!((alumni[0].joined_q, alumni[0].not_linked), (1, 0));
}
