//! `status --json`: the summary with stable keys for scripts.

use super::*;

/// The JSON form. Keys are part of the interface (documented in docs/status-json.md): add, never rename.
pub fn json(summary: &Summary) -> Value {
    let cohorts: Vec<Value> = summary
        .cohorts
        .iter()
        .map(|c| {
            let by_stage: serde_json::Map<String, Value> = PathwayStage::ALL
                .into_iter()
                .map(|stage| {
                    let n = c
                        .by_stage
                        .iter()
                        .find(|(s, _)| *s == stage)
                        .map_or(0, |(_, n)| *n);
                    (stage.key().to_string(), json!(n))
                })
                .collect();
            json!({
                "number": c.number,
                "name": c.name,
                "phase": c.phase,
                "participants": c.participants,
                "by_stage": by_stage,
                "ready_for_q": c.ready_for_q,
                "mix": {
                    "professions": c.professions,
                    "profession_evenness": c.profession_evenness,
                    "organisations": c.organisations,
                    "organisation_evenness": c.organisation_evenness,
                },
            })
        })
        .collect();
    let unmatched: Vec<Value> = summary
        .unmatched
        .iter()
        .map(|u| {
            json!({
                "name": u.name,
                "cohort": u.cohort,
                "organisation": u.organisation,
                "applicant": u.applicant,
            })
        })
        .collect();
    let m = &summary.mentors;
    let upcoming: Vec<Value> = summary
        .upcoming
        .iter()
        .map(|s| {
            json!({
                "start": s.start.format("%Y-%m-%dT%H:%M").to_string(),
                "end": s.end.format("%Y-%m-%dT%H:%M").to_string(),
                "kind": s.kind,
                "title": s.title,
                "cohort": s.cohort,
                "venue": s.venue,
                "facilitators": s.facilitators,
            })
        })
        .collect();
    let categories: Vec<Value> = summary
        .budget
        .lines
        .iter()
        .map(|l| {
            json!({
                "category": l.key,
                "label": l.name,
                "allocated_pence": l.allocated.0,
                "paid_pence": l.paid.0,
                "committed_pence": l.committed.0,
                "estimated_pence": l.estimated.0,
                "remaining_pence": l.remaining().0,
                "percent_used": l.percent_used(),
                // A cohort given no share of the allocations has nothing to be over.
                "alert": summary.has_share.then(|| match l.alert() {
                    BudgetAlert::Fine => "fine",
                    BudgetAlert::Warning => "warning",
                    BudgetAlert::Over => "over",
                }),
            })
        })
        .collect();
    json!({
        "programme": summary.programme,
        "today": summary.today.format("%Y-%m-%d").to_string(),
        "cohorts": cohorts,
        "awaiting_review": summary.awaiting_review,
        "unmatched": unmatched,
        "mentoring": {
            "confirmed": summary.mentoring.confirmed,
            "proposed": summary.mentoring.proposed,
            "none": summary.mentoring.none,
            "none_applicants": summary.mentoring.none_applicants,
        },
        "mentors": {
            "mentors": m.mentors,
            "mentees": m.mentees,
            "capacity": m.capacity,
            "at_capacity": m.at_capacity,
            "over_capacity": m.over_capacity,
        },
        "dormant_after_weeks": summary.dormant_after_weeks,
        "dormant_pairs": summary.dormant.iter().map(|d| json!({
            "participant": d.participant,
            "mentor": d.mentor,
            "weeks_since_meeting": d.weeks,
        })).collect::<Vec<_>>(),
        "upcoming_sessions": upcoming,
        "clashes": summary.clashes,
        "budget_flags": summary.budget_flags,
        "budget_flags_cut_short": summary.more_budget_flags,
        "budget": {
            "currency": "GBP",
            "total_pence": summary.budget.total.0,
            "unallocated_pence": summary.budget.unallocated.0,
            "categories": categories,
        },
        "warnings": summary.warnings,
        "possible_duplicates": summary.duplicates.iter().map(|d| json!({
            "kind": d.kind.word(),
            "records": [d.keep, d.gone],
            // Only a merge keeps one and takes the other in.
            "keep": d.merge.as_ref().map(|_| &d.keep),
            "gone": d.merge.as_ref().map(|_| &d.gone),
            "why": d.why,
            "merge": d.merge,
            "link": d.link,
        })).collect::<Vec<_>>(),
        "alumni": summary.alumni.iter().map(|a| json!({
            "cohort": a.number,
            "name": a.name,
            "joined_q": a.joined_q,
            "supporting": a.supporting,
            "not_linked": a.not_linked,
        })).collect::<Vec<_>>(),
        "learning_sets": summary.learning_sets.iter().map(|s| json!({
            "cohort": s.number,
            "name": s.name,
            "size": s.size,
            "sets": s.sets,
            "placed": s.placed,
            "not_placed": s.not_placed,
            "locked": s.locked,
            "sets_sharing_an_organisation": s.sets_sharing_an_organisation,
        })).collect::<Vec<_>>(),
        "retention": summary.retention.as_ref().map(|review| json!({
            "years": review.years,
            "people_due": review.people(),
            "cohorts": review.cohorts.iter().map(|c| json!({
                "number": c.number,
                "name": c.name,
                "ended": c.ended.format("%Y-%m-%d").to_string(),
                "kept_until": c.kept_until.format("%Y-%m-%d").to_string(),
                "people": c.people.iter().map(|p| json!({
                    "name": p.name,
                    "email": p.email,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })),
    })
}
