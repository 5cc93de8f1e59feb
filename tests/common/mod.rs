//! One of every kind of record, for the store tests.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use improvers::domain::budget::{Allocation, Budget, Expense, ExpenseState};
use improvers::domain::change::Record;
use improvers::domain::ids::CategoryId;
use improvers::domain::ids::{
    CohortId, ExpenseId, MatchId, OrganisationId, ParticipantId, ProfessionId, QMemberId,
    SessionId, VenueId,
};
use improvers::domain::mentoring::{MatchState, MentoringMatch, PairRule, PairRuleKind, Score};
use improvers::domain::money::Pence;
use improvers::domain::people::pathway::{Pathway, PathwayStage};
use improvers::domain::people::{
    Organisation, Participant, Profession, Project, ProjectStage, QMember, QRole,
};
use improvers::domain::programme::{Cohort, Programme};
use improvers::domain::sessions::{
    Attendance, Invitation, RateUnit, Session, SessionKind, Venue, VenueCost,
};

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

pub fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, 0, 0).unwrap()
}

pub fn when(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_780_000_000 + seconds, 0).unwrap()
}

pub fn programme() -> Programme {
    Programme {
        name: "Aspiring Improvers 2026".into(),
        funder: "Testshire Improvement Trust".into(),
        currency: "GBP".into(),
        time_zone: "Europe/London".into(),
        attendance_threshold_percent: 75,
    }
}

pub fn participant(id: u64) -> Participant {
    Participant {
        id: ParticipantId(id),
        name: format!("Amara Okafor {id}"),
        email: format!("amara{id}@nhs.example"),
        profession: ProfessionId(1),
        organisation: OrganisationId(1),
        cohort: Some(CohortId(1)),
        nominated_by: Some(QMemberId(1)),
        project: Project {
            title: "Reducing discharge delays".into(),
            aim: "Half the delays by March".into(),
            topics: vec!["patient flow".into(), "pdsa".into()],
            stage: ProjectStage::TestingChanges,
        },
        pathway: Pathway::starting(PathwayStage::Enrolled, day(1, 10)),
        readiness: vec![],
        notes: "prefers mornings".into(),
    }
}

pub fn q_member(id: u64) -> QMember {
    QMember {
        id: QMemberId(id),
        name: format!("Dr Rhys Evans {id}"),
        email: format!("rhys{id}@q.example"),
        profession: ProfessionId(1),
        organisation: OrganisationId(1),
        london_based: false,
        expertise: vec!["patient flow".into()],
        roles: vec![QRole::Mentor, QRole::Facilitator],
        mentoring_capacity: 2,
        available: true,
        availability_notes: String::new(),
    }
}

pub fn session(id: u64, start: NaiveDateTime) -> Session {
    Session {
        id: SessionId(id),
        kind: SessionKind::Workshop,
        title: format!("Workshop {id}"),
        theme: "measurement for improvement".into(),
        cohort: Some(CohortId(1)),
        start,
        duration_minutes: 120,
        venue: Some(VenueId(1)),
        facilitators: vec![QMemberId(1)],
        host: None,
        capacity: Some(20),
        invitees: vec![Invitation {
            participant: ParticipantId(1),
            attendance: Attendance::Registered,
        }],
        cancelled: false,
    }
}

pub fn expense(id: u64, category: CategoryId, state: ExpenseState, pence: i64) -> Expense {
    Expense {
        id: ExpenseId(id),
        date: day(4, 1),
        category,
        amount: Pence(pence),
        payee: "Riverside Conference Centre".into(),
        description: format!("expense {id}"),
        session: Some(SessionId(1)),
        person: None,
        state,
        history: vec![],
    }
}

/// One record of every kind.
pub fn every_kind() -> Vec<Record> {
    vec![
        Record::Programme(programme()),
        Record::Cohort(Cohort {
            id: CohortId(1),
            number: 1,
            name: "Cohort 1".into(),
            starts: day(1, 10),
            ends: day(12, 10),
            target_size: 12,
        }),
        Record::Participant(participant(17)),
        Record::QMember(q_member(1)),
        Record::Organisation(Organisation {
            id: OrganisationId(1),
            name: "Whittington Health".into(),
        }),
        Record::Profession(Profession {
            id: ProfessionId(1),
            name: "Nursing".into(),
        }),
        Record::Match(MentoringMatch {
            id: MatchId(1),
            participant: ParticipantId(17),
            q_member: QMemberId(1),
            state: MatchState::Confirmed { on: day(2, 1) },
            proposed_on: day(1, 20),
            score: Score::default(),
            locked: true,
            check_ins: vec![],
        }),
        Record::PairRule(PairRule {
            participant: ParticipantId(17),
            q_member: QMemberId(2),
            kind: PairRuleKind::Forbidden,
            reason: "line manager".into(),
        }),
        Record::Session(session(1, at(3, 29, 10))),
        Record::Venue(Venue {
            id: VenueId(1),
            name: "Riverside Conference Centre".into(),
            address: "1 Thames Walk".into(),
            capacity: 40,
            cost: VenueCost::External {
                rate: Pence(45_000),
                per: RateUnit::Day,
            },
        }),
        Record::Budget(Budget {
            total: Pence(5_000_000),
            allocations: vec![Allocation {
                category: CategoryId::VENUE_HIRE,
                amount: Pence(1_000_000),
            }],
        }),
        Record::Expense(expense(
            1,
            CategoryId::VENUE_HIRE,
            ExpenseState::Paid,
            45_000,
        )),
    ]
}
