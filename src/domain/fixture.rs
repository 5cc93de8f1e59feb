//! A tiny programme built in code, for the domain's own tests.

use super::budget::{Allocation, Budget, Expense, ExpenseState};
use super::change::Record;
use super::ids::CategoryId;
use super::ids::*;
use super::mentoring::{MatchState, MentoringMatch, Score};
use super::money::Pence;
use super::people::pathway::{Pathway, PathwayStage};
use super::people::{Organisation, Participant, Profession, Project, ProjectStage, QMember, QRole};
use super::programme::{Cohort, Programme};
use super::sessions::{Attendance, Invitation, Session, SessionKind};
use super::snapshot::Snapshot;
use chrono::{NaiveDate, NaiveDateTime};

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("fixture dates exist")
}

pub fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, 0, 0).expect("fixture times exist")
}

pub struct Fixture {
    pub data: Snapshot,
}

impl Fixture {
    /// Cohort 1 (running Jan–Dec 2026) and cohort 2 (recruiting, from 2027); two organisations,
    /// two professions, two mentors.
    pub fn new() -> Fixture {
        let mut data = Snapshot::default();
        data.put(Record::Programme(Programme {
            name: "Aspiring Improvers — Testshire".into(),
            funder: "Testshire Health Partnership".into(),
            currency: "GBP".into(),
            time_zone: "Europe/London".into(),
            attendance_threshold_percent: 75,
        }));
        for (id, number, starts, ends) in [
            (1, 1, day(1, 12), day(12, 11)),
            (
                2,
                2,
                NaiveDate::from_ymd_opt(2027, 1, 11).expect("date"),
                NaiveDate::from_ymd_opt(2027, 12, 10).expect("date"),
            ),
        ] {
            data.put(Record::Cohort(Cohort {
                id: CohortId(id),
                number,
                name: format!("Cohort {number}"),
                starts,
                ends,
                target_size: 10,
            }));
        }
        for (id, name) in [
            (1, "Northgate Community Health"),
            (2, "Riverside Hospitals"),
        ] {
            data.put(Record::Organisation(Organisation {
                id: OrganisationId(id),
                name: name.into(),
            }));
        }
        for (id, name) in [(1, "Nurse"), (2, "Pharmacist")] {
            data.put(Record::Profession(Profession {
                id: ProfessionId(id),
                name: name.into(),
            }));
        }
        for (id, name, capacity) in [(1, "Morwenna Tull", 2), (2, "Idris Penhale", 1)] {
            data.put(Record::QMember(QMember {
                id: QMemberId(id),
                name: name.into(),
                email: format!("q{id}@example.org"),
                profession: ProfessionId(1),
                organisation: OrganisationId(1),
                london_based: id == 1,
                expertise: vec!["patient flow".into()],
                roles: vec![QRole::Mentor, QRole::Facilitator],
                mentoring_capacity: capacity,
                available: true,
                availability_notes: String::new(),
            }));
        }
        data.put(Record::Budget(Budget {
            total: Pence(1_000_000),
            allocations: vec![
                Allocation {
                    category: CategoryId::VENUE_HIRE,
                    amount: Pence(400_000),
                },
                Allocation {
                    category: CategoryId::CATERING,
                    amount: Pence(10_000),
                },
            ],
        }));
        Fixture { data }
    }

    pub fn participant(
        &mut self,
        id: u64,
        name: &str,
        cohort: Option<u64>,
        stage: PathwayStage,
    ) -> &mut Self {
        self.data.put(Record::Participant(Participant {
            id: ParticipantId(id),
            name: name.into(),
            email: format!("p{id}@example.org"),
            profession: ProfessionId(1 + id % 2),
            organisation: OrganisationId(1 + (id / 2) % 2),
            cohort: cohort.map(CohortId),
            nominated_by: None,
            project: Project {
                title: format!("Project {id}"),
                aim: String::new(),
                topics: vec![],
                stage: ProjectStage::Scoping,
            },
            pathway: Pathway::starting(stage, day(1, 12)),
            readiness: vec![],
            notes: String::new(),
        }));
        self
    }

    pub fn matched(
        &mut self,
        id: u64,
        participant: u64,
        mentor: u64,
        state: MatchState,
    ) -> &mut Self {
        self.data.put(Record::Match(MentoringMatch {
            id: MatchId(id),
            participant: ParticipantId(participant),
            q_member: QMemberId(mentor),
            state,
            proposed_on: day(2, 1),
            score: Score::default(),
            locked: false,
            check_ins: vec![],
        }));
        self
    }

    pub fn session(
        &mut self,
        id: u64,
        start: NaiveDateTime,
        marks: &[(u64, Attendance)],
    ) -> &mut Self {
        self.data.put(Record::Session(Session {
            id: SessionId(id),
            kind: SessionKind::Workshop,
            title: format!("Session {id}"),
            theme: String::new(),
            cohort: Some(CohortId(1)),
            start,
            duration_minutes: 120,
            venue: None,
            facilitators: vec![QMemberId(1)],
            host: None,
            capacity: None,
            invitees: marks
                .iter()
                .map(|(p, a)| Invitation {
                    participant: ParticipantId(*p),
                    attendance: *a,
                })
                .collect(),
            cancelled: false,
        }));
        self
    }

    pub fn expense(
        &mut self,
        id: u64,
        category: CategoryId,
        state: ExpenseState,
        pence: i64,
    ) -> &mut Self {
        self.data.put(Record::Expense(Expense {
            id: ExpenseId(id),
            date: day(3, 1),
            category,
            amount: Pence(pence),
            payee: "Payee".into(),
            description: String::new(),
            session: None,
            person: None,
            state,
            history: vec![],
        }));
        self
    }
}
