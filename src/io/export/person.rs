//! `improvers export person EMAIL`: everything held about one person as readable text, or as
//! JSON with the stable keys docs/data-protection.md lists.

use crate::domain::change::{HistoryEntry, RecordKey};
use crate::domain::mail::sent::SentMessage;
use crate::domain::mentoring::MatchState;
use crate::domain::outcomes::SurveyAnswer;
use crate::domain::people::PersonRef;
use crate::domain::people::one_person::one_person;
use crate::domain::people::subject_access::{
    ExpenseHeld, HeldAbout, HistoryHeld, MatchHeld, PairRuleHeld, ParticipantHeld, QMemberHeld,
    SessionHeld, held_about, held_name_and_email, people_with_email,
};
use crate::domain::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt::Write as _;

/// Bumped when a key changes meaning or goes away; new keys may be added without it.
pub const PERSON_JSON_FORMAT: u32 = 1;

/// The top-level keys of the JSON, in the order they are written.
pub const PERSON_JSON_KEYS: [&str; 10] = [
    "format",
    "email",
    "programme",
    "exported_at",
    "records",
    "participants",
    "q_members",
    "history",
    "emails",
    "merges",
];

/// One person's data, found by email: what `export person` writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonExport {
    pub format: u32,
    /// The email asked for, trimmed.
    pub email: String,
    /// The programme's name, when it has one.
    pub programme: Option<String>,
    pub exported_at: DateTime<Utc>,
    /// Every record the email is on, as "participant 3", "Q member 7"; one deleted since is
    /// marked "(deleted)": only history holds it.
    pub records: Vec<String>,
    pub participants: Vec<ParticipantHeld>,
    pub q_members: Vec<QMemberHeld>,
    /// Oldest first.
    pub history: Vec<HistoryHeld>,
    /// Every email of theirs: the one asked for, and those of the records merged with theirs.
    pub emails: Vec<String>,
    /// The merges that made their records one, oldest first; empty when there were none.
    pub merges: Vec<MergeHeld>,
}

/// One merge of two of their records (`improvers merge`), which still stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeHeld {
    /// The history entry that made it.
    pub seq: u64,
    /// When, in UTC.
    pub at: DateTime<Utc>,
    /// The record that went: "participant 51".
    pub gone: String,
    /// Its email when it went.
    pub gone_email: String,
    /// The record it went into: "participant 50".
    pub kept: String,
    /// Its email now (or when it went too, if it has gone since).
    pub kept_email: String,
}

/// Why nothing can be exported for an email.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "nobody in this programme has the email {email}: no participant or Q member has it, and no \
     history entry holds it. Nothing was written. Check the address, or see who is held with \
     `improvers export participants` and `improvers export q-members`"
)]
pub struct NobodyWithEmail {
    pub email: String,
}

/// Everything held about whoever has `email`, from `data` and its `history` (any order).
///
/// Errors: [`NobodyWithEmail`] when no record, stored or in history, has the email.
pub fn person_export(
    data: &Snapshot,
    history: &[HistoryEntry],
    email: &str,
    now: DateTime<Utc>,
) -> Result<PersonExport, NobodyWithEmail> {
    let people = people_with_email(data, history, email);
    if people.is_empty() {
        return Err(NobodyWithEmail {
            email: email.trim().to_string(),
        });
    }
    // A subject access request is the person's, not one email's: records merged with theirs
    // are held about them too.
    let person = one_person(data, history, &people);
    let email_of = |p: PersonRef| {
        held_name_and_email(data, history, p).map_or_else(String::new, |(_, email)| email)
    };
    let merges = person
        .joined
        .iter()
        .map(|j| MergeHeld {
            seq: j.seq,
            at: j.at,
            gone: record_name(data, j.gone).replace(" (deleted)", ""),
            gone_email: email_of(j.gone),
            kept: record_name(data, j.kept).replace(" (deleted)", ""),
            kept_email: email_of(j.kept),
        })
        .collect();
    let emails = person.emails(data, history);
    let people = person.records;
    let HeldAbout {
        participants,
        q_members,
        history,
    } = held_about(data, &people, history);
    Ok(PersonExport {
        format: PERSON_JSON_FORMAT,
        email: email.trim().to_string(),
        programme: data.programme.as_ref().map(|p| p.name.clone()),
        exported_at: now,
        records: people.iter().map(|p| record_name(data, *p)).collect(),
        participants,
        q_members,
        history,
        emails,
        merges,
    })
}

fn record_name(data: &Snapshot, person: PersonRef) -> String {
    let key = match person {
        PersonRef::Participant(id) => RecordKey::Participant(id),
        PersonRef::QMember(id) => RecordKey::QMember(id),
    };
    let id = key.id().unwrap_or_default();
    match data.get(key) {
        Some(_) => format!("{} {id}", key.noun()),
        None => format!("{} {id} (deleted)", key.noun()),
    }
}

/// The sentence that says one email is on more than one record, or that records were merged
/// into one person's, or `None` when there is one record.
pub fn several_records(export: &PersonExport) -> Option<String> {
    if !export.merges.is_empty() {
        let merges: Vec<String> = export
            .merges
            .iter()
            .map(|m| {
                format!(
                    "{} <{}> into {} <{}> on {}",
                    m.gone,
                    m.gone_email,
                    m.kept,
                    m.kept_email,
                    m.at.format("%Y-%m-%d %H:%M UTC")
                )
            })
            .collect();
        return Some(format!(
            "{} is the email of one person whose records were merged ({}). A subject access \
             request covers them all, so everything held under each of their emails ({}) is in \
             this export, history included.",
            export.email,
            merges.join("; "),
            export.emails.join(", ")
        ));
    }
    match export.records.as_slice() {
        [] | [_] => None,
        [first @ .., last] => Some(format!(
            "{} is on {} records: {} and {}. A subject access request covers them all, so \
             every one is in this export.",
            export.email,
            export.records.len(),
            first.join(", "),
            last
        )),
    }
}

/// The export as text a person reads: each record, what names them, then history.
pub fn person_text(export: &PersonExport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Everything held about {}", export.email);
    if let Some(name) = &export.programme {
        let _ = writeln!(out, "Programme: {name}");
    }
    let _ = writeln!(
        out,
        "Exported {}",
        export.exported_at.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(out, "Records: {}", export.records.join(", "));
    if export.emails.len() > 1 {
        let _ = writeln!(out, "Emails: {}", export.emails.join(", "));
    }
    if let Some(note) = several_records(export) {
        let _ = writeln!(out, "\n{note}");
    }
    for p in &export.participants {
        participant_text(&mut out, p);
    }
    for q in &export.q_members {
        q_member_text(&mut out, q);
    }
    history_text(&mut out, export);
    out
}

fn heading(out: &mut String, text: &str) {
    let _ = writeln!(out, "\n== {text} ==");
}

fn field(out: &mut String, name: &str, value: &str) {
    let shown = if value.is_empty() { "(none)" } else { value };
    let _ = writeln!(out, "{:<20}{shown}", format!("{name}:"));
}

fn participant_text(out: &mut String, held: &ParticipantHeld) {
    let p = &held.record;
    heading(out, &format!("Participant {}: {}", p.id.0, p.name));
    field(out, "Email", &p.email);
    field(out, "Profession", &held.profession);
    field(out, "Organisation", &held.organisation);
    field(
        out,
        "Cohort",
        held.cohort
            .as_deref()
            .unwrap_or("none yet (a nominee awaiting review)"),
    );
    let nominated = held
        .nominated_by
        .as_ref()
        .map(|q| format!("{} (Q member {})", q.name, q.id));
    field(out, "Nominated by", nominated.as_deref().unwrap_or(""));
    let linked = held.linked.as_ref().map(|l| {
        format!(
            "joined Q on {}; Q member record {} ({})",
            l.joined_q_on, l.with.id, l.with.name
        )
    });
    field(out, "Linked", linked.as_deref().unwrap_or(""));
    field(
        out,
        "Learning set",
        held.learning_set.as_deref().unwrap_or(""),
    );
    field(out, "Notes", &p.notes);
    field(out, "Project", &p.project.title);
    field(out, "Project aim", &p.project.aim);
    field(out, "Project topics", &p.project.topics.join(", "));
    field(out, "Project stage", p.project.stage.label());
    let _ = writeln!(out, "Pathway:");
    for change in p.pathway.changes() {
        line(
            out,
            &[&change.on.to_string(), change.stage.label(), &change.note],
        );
    }
    let _ = writeln!(out, "Q readiness ticked:");
    if p.readiness.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for tick in &p.readiness {
        line(out, &[&tick.on.to_string(), tick.item.label(), &tick.note]);
    }
    mentoring_text(out, "Mentors", "Q member", &held.mentoring);
    pair_rules_text(out, "Q member", &held.pair_rules);
    let attended = held
        .sessions
        .iter()
        .filter(|s| s.attendance.as_deref() == Some("attended"))
        .count();
    sessions_text(
        out,
        &format!(
            "Sessions invited to ({} invited, {attended} attended)",
            held.sessions.len()
        ),
        &held.sessions,
    );
    expenses_text(out, &held.expenses);
    mail_sent_text(out, &held.mail_sent);
    survey_text(out, &held.survey_answers);
}

fn survey_text(out: &mut String, answers: &[SurveyAnswer]) {
    let _ = writeln!(out, "Outcomes survey answers (scores 1–10):");
    if answers.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for a in answers {
        let answered = a.answered.map_or_else(
            || format!("imported {}", a.recorded_on),
            |at| at.format("%Y-%m-%d %H:%M").to_string(),
        );
        line(
            out,
            &[
                a.timepoint.word(),
                &answered,
                &a.question,
                &a.score.to_string(),
            ],
        );
    }
}

fn q_member_text(out: &mut String, held: &QMemberHeld) {
    let q = &held.record;
    heading(out, &format!("Q member {}: {}", q.id.0, q.name));
    field(out, "Email", &q.email);
    field(out, "Profession", &held.profession);
    field(out, "Organisation", &held.organisation);
    field(
        out,
        "Based in London",
        if q.london_based { "yes" } else { "no" },
    );
    field(out, "Expertise", &q.expertise.join(", "));
    let roles: Vec<&str> = q.roles.iter().map(|r| r.label()).collect();
    field(out, "Roles offered", &roles.join(", "));
    field(
        out,
        "Mentoring capacity",
        &format!("{} at once", q.mentoring_capacity),
    );
    field(out, "Available", if q.available { "yes" } else { "no" });
    field(out, "Availability notes", &q.availability_notes);
    let linked = held.linked.as_ref().map(|l| {
        format!(
            "joined Q on {} from the programme; participant record {} ({})",
            l.joined_q_on, l.with.id, l.with.name
        )
    });
    field(out, "Linked", linked.as_deref().unwrap_or(""));
    mentoring_text(out, "Mentees", "participant", &held.mentoring);
    pair_rules_text(out, "participant", &held.pair_rules);
    sessions_text(out, "Sessions led and hosted", &held.sessions);
    let _ = writeln!(out, "Nominated:");
    if held.nominated.is_empty() {
        let _ = writeln!(out, "  nobody");
    }
    for p in &held.nominated {
        let _ = writeln!(out, "  {} (participant {})", p.name, p.id);
    }
    expenses_text(out, &held.expenses);
    mail_sent_text(out, &held.mail_sent);
}

/// An indented line of parts, empty parts left out.
fn line(out: &mut String, parts: &[&str]) {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    let _ = writeln!(out, "  {}", parts.join("  "));
}

fn mentoring_text(out: &mut String, title: &str, other: &str, matches: &[MatchHeld]) {
    let _ = writeln!(out, "{title}:");
    if matches.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for m in matches {
        let state = match &m.record.state {
            MatchState::Proposed => "proposed".to_string(),
            MatchState::Confirmed { on } => format!("confirmed on {on}"),
            MatchState::Ended { on, reason } => format!("ended on {on}: {reason}"),
        };
        let _ = writeln!(
            out,
            "  {} ({other} {}): {state}; proposed on {}, score {}",
            m.with.name,
            m.with.id,
            m.record.proposed_on,
            m.record.score.total()
        );
        for check_in in &m.record.check_ins {
            let met = if check_in.met { "met" } else { "did not meet" };
            line(
                out,
                &["  check-in", &check_in.on.to_string(), met, &check_in.note],
            );
        }
    }
}

fn pair_rules_text(out: &mut String, other: &str, rules: &[PairRuleHeld]) {
    for r in rules {
        let _ = writeln!(
            out,
            "Never paired with {} ({other} {}): {}",
            r.with.name, r.with.id, r.rule.reason
        );
    }
}

fn sessions_text(out: &mut String, title: &str, sessions: &[SessionHeld]) {
    let _ = writeln!(out, "{title}:");
    if sessions.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for s in sessions {
        let part = s.attendance.as_deref().unwrap_or(&s.role);
        let cancelled = if s.cancelled { "(cancelled)" } else { "" };
        line(
            out,
            &[
                &s.start.format("%Y-%m-%d %H:%M").to_string(),
                &s.kind,
                &format!("“{}”", s.title),
                part,
                cancelled,
            ],
        );
    }
}

fn mail_sent_text(out: &mut String, sent: &[SentMessage]) {
    let _ = writeln!(out, "Mail sent to them:");
    if sent.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for m in sent {
        let _ = writeln!(
            out,
            "  {}  {}  to {}  {}",
            m.at.format("%Y-%m-%d %H:%M UTC"),
            m.key.kind().label(),
            m.to_email,
            m.message_id
        );
    }
}

fn expenses_text(out: &mut String, expenses: &[ExpenseHeld]) {
    let _ = writeln!(out, "Expenses that name them:");
    if expenses.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for e in expenses {
        let x = &e.expense;
        let _ = writeln!(
            out,
            "  expense {}  {}  {}  {}  {}  payee “{}”  “{}”  (names them as: {})",
            x.id.0,
            x.date,
            e.category,
            x.amount,
            x.state.label(),
            x.payee,
            x.description,
            e.names_them_in.join(", ")
        );
    }
}

fn history_text(out: &mut String, export: &PersonExport) {
    let history = &export.history;
    heading(
        out,
        &format!(
            "History: {} change{} touching these records",
            history.len(),
            if history.len() == 1 { "" } else { "s" }
        ),
    );
    let _ = writeln!(
        out,
        "(--format json holds each of their own records as it was before and after each change)"
    );
    for h in history {
        let _ = writeln!(
            out,
            "#{}  {}  by {}  {}",
            h.seq,
            h.at.format("%Y-%m-%d %H:%M:%S UTC"),
            h.user,
            h.summary
        );
        for r in &h.records {
            let _ = writeln!(out, "    {} {}", r.record, r.change);
        }
    }
}
