//! A matching run as `improvers match` prints it: plain text a coordinator reads, or JSON.

use crate::domain::mentoring::matching::run::{MatchingRun, ProposalChange};
use crate::domain::snapshot::Snapshot;
use serde_json::{Value, json as object};
use std::fmt::Write;

pub struct MatchReport<'a> {
    pub data: &'a Snapshot,
    pub run: &'a MatchingRun,
    /// What was matched: "Cohort 3 — 2027".
    pub what: &'a str,
    /// Whether `--apply` was given.
    pub applied: bool,
    /// Whether anything was stored (nothing is when the proposals were already there).
    pub stored: bool,
}

fn change_label(change: &ProposalChange, data: &Snapshot) -> String {
    match change {
        ProposalChange::New => "new".to_string(),
        ProposalChange::Same => "as before".to_string(),
        ProposalChange::Moved { from } => format!("was {}", data.q_member_name(*from)),
    }
}

/// The report as text `width` columns wide (see [`crate::io::wrap`]): on a screen wide enough
/// each proposal is a row of aligned columns with its score explained under the mentor; on a
/// narrower one, the pair and its score, then the explanation, each wrapped under a short
/// indent, so nothing is pushed off to the right.
pub fn text(report: &MatchReport, width: usize) -> String {
    let MatchReport { data, run, .. } = report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Mentor matching for {}: {} proposed, {} kept, {} unmatched (total score {})",
        report.what,
        run.proposals.len(),
        run.kept.len(),
        run.unmatched.len(),
        run.total_score()
    );
    if !run.proposals.is_empty() {
        let _ = writeln!(out, "\nProposals");
        let widest = |names: Vec<&str>| names.iter().map(|n| n.chars().count()).max();
        let name_width = widest(
            run.proposals
                .iter()
                .map(|p| data.participant_name(p.participant))
                .collect(),
        )
        .unwrap_or(0);
        let mentor_width = widest(
            run.proposals
                .iter()
                .map(|p| data.q_member_name(p.q_member))
                .collect(),
        )
        .unwrap_or(0);
        // The row: two spaces, the names, the score and its longest label ("was NAME").
        let row = 2 + name_width + 4 + mentor_width + 1 + 4 + 2 + 4 + mentor_width;
        let aligned = row <= width;
        for p in &run.proposals {
            let participant = data.participant_name(p.participant);
            let mentor = data.q_member_name(p.q_member);
            let change = change_label(&p.change, data);
            let score = p.score.total();
            if aligned {
                let _ = writeln!(
                    out,
                    "  {participant:<name_width$}  → {mentor:<mentor_width$} {score:>4}  {change}"
                );
                let _ = writeln!(out, "  {:<name_width$}    {}", "", p.score.explain());
            } else {
                let _ = writeln!(out, "  {participant} → {mentor}: {score}, {change}");
                let _ = writeln!(out, "    {}", p.score.explain());
            }
        }
    }
    if !run.kept.is_empty() {
        let _ = writeln!(out, "\nKept as they are");
        for k in &run.kept {
            let _ = writeln!(
                out,
                "  {} — {} ({})",
                data.participant_name(k.participant),
                data.q_member_name(k.q_member),
                if k.confirmed { "confirmed" } else { "locked" }
            );
        }
    }
    if !run.unmatched.is_empty() {
        let _ = writeln!(out, "\nUnmatched");
        for (p, why) in &run.unmatched {
            let _ = writeln!(out, "  {}: {}", data.participant_name(*p), why.explain());
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        match (report.applied, report.stored) {
            (false, _) => "Nothing stored: add --apply to store these as proposals.",
            (true, true) => "Stored as proposals: review them in the dashboard (2, Mentoring).",
            (true, false) => "Nothing to store: these proposals are already there.",
        }
    );
    crate::io::wrap::fit(&out, width)
}

pub fn json(report: &MatchReport) -> Value {
    let MatchReport { data, run, .. } = report;
    object!({
        "matching_for": report.what,
        "total_score": run.total_score(),
        "stored": report.stored,
        "proposals": run.proposals.iter().map(|p| object!({
            "participant": data.participant_name(p.participant),
            "participant_id": p.participant.0,
            "mentor": data.q_member_name(p.q_member),
            "mentor_id": p.q_member.0,
            "score": p.score.total(),
            "explanation": p.score.explain(),
            "breakdown": p.score.parts.iter().map(|part| object!({
                "factor": format!("{:?}", part.factor),
                "points": part.points,
                "detail": part.detail,
            })).collect::<Vec<_>>(),
            "change": match p.change {
                ProposalChange::New => "new",
                ProposalChange::Same => "same",
                ProposalChange::Moved { .. } => "moved",
            },
            "was": match p.change {
                ProposalChange::Moved { from } => Value::from(data.q_member_name(from)),
                _ => Value::Null,
            },
        })).collect::<Vec<_>>(),
        "kept": run.kept.iter().map(|k| object!({
            "participant": data.participant_name(k.participant),
            "mentor": data.q_member_name(k.q_member),
            "state": if k.confirmed { "confirmed" } else { "locked" },
        })).collect::<Vec<_>>(),
        "unmatched": run.unmatched.iter().map(|(p, why)| object!({
            "participant": data.participant_name(*p),
            "participant_id": p.0,
            "reason": why.explain(),
        })).collect::<Vec<_>>(),
    })
}
