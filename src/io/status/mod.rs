//! `improvers status`: the summary as plain text for people (colour only on a terminal without
//! `NO_COLOR`) and as JSON with stable keys for scripts.

use super::wrap::{shown_width, wrap};
use crate::domain::budget::{BudgetAlert, BudgetReport, CategoryLine};
use crate::domain::count::count;
use crate::domain::money::Pence;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::people::retention::RetentionReview;
use crate::domain::summary::{HORIZON_DAYS, Summary};
use crate::domain::text::thousands;
use serde_json::{Value, json};
use std::fmt::Write;

/// Whether to colour the text: headings bold, warnings yellow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paint {
    pub colour: bool,
}

impl Paint {
    fn heading(&self, text: &str) -> String {
        if self.colour {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn warning(&self, text: &str) -> String {
        if self.colour {
            format!("\x1b[33m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The summary as text, each line as long as it needs (for files and tests).
pub fn text(summary: &Summary, paint: Paint) -> String {
    render(summary, paint, usize::MAX)
}

/// The summary as text for a screen `width` columns wide: long lines wrap under their own
/// indent and the budget table, when it is wider than the screen, becomes one block per
/// category, so nothing is cut off even at 40 columns (a phone over SSH).
pub fn text_fitting(summary: &Summary, paint: Paint, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out = String::new();
    for line in render(summary, paint, width).lines() {
        for piece in wrap(line, width) {
            out.push_str(&piece);
            out.push('\n');
        }
    }
    out
}

/// What a team with no programme yet does first: the same two ways the README gives.
pub const SET_UP: &str = "Set one up with improvers init (it asks for the name, funder, grant \
                          and first cohort), or open the dashboard with improvers and press Enter.";

/// Narrower than this, words themselves would have to break.
const MIN_WIDTH: usize = 20;

/// Applicants without a mentor listed by name at most; more are counted per cohort.
const APPLICANTS_LISTED: usize = 5;

/// Warnings listed at most, the budget's first: a check from a phone stays a screenful
/// however much is wrong, and `--json` lists every one.
const WARNINGS_LISTED: usize = 20;

fn render(summary: &Summary, paint: Paint, width: usize) -> String {
    let mut out = String::new();
    let whole = if summary.only.is_some() {
        " (whole programme)"
    } else {
        ""
    };
    // `write!` to a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(
        out,
        "{}{} · {}",
        paint.heading(if summary.programme.is_empty() {
            "No programme yet"
        } else {
            &summary.programme
        }),
        summary
            .only
            .as_ref()
            .map_or(String::new(), |c| format!(" · {c} only")),
        summary.today.format("%a %-d %b %Y")
    );
    if summary.programme.is_empty() {
        let _ = writeln!(out, "  {SET_UP}");
    }

    let _ = writeln!(out, "\n{}", paint.heading("Cohorts"));
    if summary.cohorts.is_empty() {
        let _ = writeln!(out, "  none yet");
    }
    for c in &summary.cohorts {
        let stages = c
            .by_stage
            .iter()
            .map(|(stage, n)| format!("{} {n}", stage.label()))
            .collect::<Vec<_>>()
            .join(" · ");
        let _ = writeln!(
            out,
            "  {} ({}): {}",
            c.name,
            c.phase,
            count(c.participants, "participant")
        );
        if !stages.is_empty() {
            let _ = writeln!(out, "    {stages}");
        }
        let _ = writeln!(
            out,
            "    mix: {} (evenness {:.2}), {} (evenness {:.2}); ready for Q: {}",
            count(c.professions, "profession"),
            c.profession_evenness,
            count(c.organisations, "organisation"),
            c.organisation_evenness,
            c.ready_for_q
        );
    }
    if summary.awaiting_review > 0 {
        let _ = writeln!(
            out,
            "  Nominees awaiting review{whole}: {}",
            summary.awaiting_review
        );
    }
    alumni_lines(&mut out, summary, paint);

    let _ = writeln!(
        out,
        "\n{}",
        paint.heading(&format!(
            "Unmatched participants ({})",
            summary.unmatched.len()
        ))
    );
    // Proposals are told apart from mentors: a proposal nobody has accepted is not a mentor.
    let counts = &summary.mentoring;
    let applicants = match counts.none_applicants {
        0 => String::new(),
        n => format!(" ({n} of them applicants)"),
    };
    let _ = writeln!(
        out,
        "  {} with a confirmed mentor, {} with a proposal awaiting acceptance, {} with \
         neither{applicants}",
        counts.confirmed, counts.proposed, counts.none
    );
    if summary.unmatched.is_empty() && counts.proposed == 0 {
        let _ = writeln!(out, "  everyone who needs a mentor has one");
    }
    let line = |u: &crate::domain::summary::UnmatchedLine| {
        let cohort = u.cohort.map_or(String::new(), |n| format!(", cohort {n}"));
        format!("{} ({}{cohort})", u.name, u.organisation)
    };
    for u in summary.unmatched.iter().filter(|u| !u.applicant) {
        let _ = writeln!(out, "  {}", line(u));
    }
    // Applicants are matched before their cohort starts; a whole intake of them would bury the
    // enrolled people above on a phone, so past a few they are counted per cohort, not listed.
    let applicants: Vec<_> = summary.unmatched.iter().filter(|u| u.applicant).collect();
    if applicants.len() > APPLICANTS_LISTED {
        let mut cohorts: std::collections::BTreeMap<Option<u32>, usize> = Default::default();
        for u in &applicants {
            *cohorts.entry(u.cohort).or_default() += 1;
        }
        for (cohort, n) in cohorts {
            let which = cohort.map_or(String::new(), |c| format!(" to cohort {c}"));
            let hint = cohort.map_or(String::new(), |c| {
                format!("; improvers match --cohort {c} proposes mentors")
            });
            let _ = writeln!(
                out,
                "  {} applicants{which} without a mentor yet (matched before they start{hint}; \
                 --json lists them)",
                n
            );
        }
    } else if !applicants.is_empty() {
        let _ = writeln!(
            out,
            "  Applicants to a recruiting cohort, matched before they start:"
        );
        for u in applicants {
            let _ = writeln!(out, "    {}", line(u));
        }
    }

    let m = &summary.mentors;
    let _ = writeln!(out, "\n{}", paint.heading(&format!("Mentor load{whole}")));
    let _ = writeln!(
        out,
        "  {}, {} in {}",
        count(m.mentors, "mentor"),
        count(m.mentees as usize, "mentee"),
        count(m.capacity as usize, "place"),
    );
    if !m.full.is_empty() {
        const SHOWN: usize = 5;
        let mut full = m
            .full
            .iter()
            .take(SHOWN)
            .map(|(name, n, cap)| format!("{name} {n}/{cap}"))
            .collect::<Vec<_>>()
            .join(", ");
        if m.full.len() > SHOWN {
            let _ = write!(full, " and {} more", m.full.len() - SHOWN);
        }
        let _ = writeln!(out, "  at capacity ({}): {full}", m.full.len());
    }
    if !summary.dormant.is_empty() {
        let _ = writeln!(
            out,
            "  dormant ({}), no meeting logged for {} or more:",
            summary.dormant.len(),
            count(summary.dormant_after_weeks as usize, "week")
        );
        for d in &summary.dormant {
            let _ = writeln!(
                out,
                "    {} — {}, {}",
                d.participant,
                d.mentor,
                count(d.weeks as usize, "week")
            );
        }
    }

    let _ = writeln!(
        out,
        "\n{}",
        paint.heading(&format!(
            "Sessions in the next {HORIZON_DAYS} days ({})",
            summary.upcoming.len()
        ))
    );
    if summary.upcoming.is_empty() {
        let _ = writeln!(out, "  none planned");
    }
    for s in &summary.upcoming {
        let led = if s.facilitators.is_empty() {
            String::new()
        } else {
            format!(" · led by {}", s.facilitators.join(", "))
        };
        let _ = writeln!(
            out,
            "  {} {}–{}  {}: {} · {}{led}",
            s.start.format("%a %e %b"),
            s.start.format("%H:%M"),
            s.end.format("%H:%M"),
            s.kind,
            s.title,
            s.venue.as_deref().unwrap_or("no venue yet")
        );
    }
    if !summary.clashes.is_empty() {
        let _ = writeln!(out, "  clashes ({}):", summary.clashes.len());
        for c in &summary.clashes {
            let _ = writeln!(out, "    {c}");
        }
    }

    let b = &summary.budget;
    let heading = match &summary.only {
        Some(cohort) if !summary.has_share => format!(
            "Budget: {cohort}'s spending (the programme gives cohorts no share of the \
             allocations, so nothing here is compared with one; `s` in the budget pane, with \
             the cohort in view, sets one)"
        ),
        Some(cohort) => format!(
            "Budget: {cohort}'s share ({}, unallocated {})",
            b.total, b.unallocated
        ),
        None => format!("Budget (grant {}, unallocated {})", b.total, b.unallocated),
    };
    let _ = writeln!(out, "\n{}", paint.heading(&heading));
    budget_lines(&mut out, b, paint, width);

    if summary.more_budget_flags {
        let _ = writeln!(
            out,
            "  to look at (the first {}; there are more, all listed in the dashboard's budget pane):",
            summary.budget_flags.len()
        );
    } else if !summary.budget_flags.is_empty() {
        let _ = writeln!(out, "  to look at ({}):", summary.budget_flags.len());
    }
    if !summary.budget_flags.is_empty() {
        for flag in &summary.budget_flags {
            let _ = writeln!(out, "    {flag}");
        }
    }

    if let Some(review) = &summary.retention {
        retention_lines(&mut out, review, paint);
    }

    let _ = writeln!(
        out,
        "\n{}",
        paint.heading(&format!("Warnings ({})", summary.warnings.len()))
    );
    if summary.warnings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for w in summary.warnings.iter().take(WARNINGS_LISTED) {
        let _ = writeln!(out, "  {}", paint.warning(&format!("! {w}")));
    }
    if let Some(more) = summary.warnings.len().checked_sub(WARNINGS_LISTED)
        && more > 0
    {
        let _ = writeln!(
            out,
            "  and {} more; status --json lists every one",
            thousands(more as u64)
        );
    }
    out
}

/// Alumni who joined Q, per cohort, and how many now support a later cohort: the funding
/// bid's aim. Left out while there are none, as on a programme's first cohort.
fn alumni_lines(out: &mut String, summary: &Summary, paint: Paint) {
    if summary.alumni.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        paint
            .heading("Alumni who joined Q (supporting a later cohort: mentor, facilitate or host)")
    );
    for a in &summary.alumni {
        let not_linked = if a.not_linked > 0 {
            format!(
                "; {} more at Joined Q not linked to a Q member record",
                a.not_linked
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {}: {} joined Q, {} supporting{not_linked}",
            a.name, a.joined_q, a.supporting
        );
    }
    if summary.alumni.iter().any(|a| a.not_linked > 0) {
        let _ = writeln!(
            out,
            "  Counted once linked: `improvers link PARTICIPANT_EMAIL Q_MEMBER_EMAIL`, or \
             `improvers joined-q EMAIL` to make their Q member record."
        );
    }
}

/// The people due for retention review, by cohort, oldest cohort first.
fn retention_lines(out: &mut String, review: &RetentionReview, paint: Paint) {
    let _ = writeln!(
        out,
        "\n{}",
        paint.heading(&format!(
            "Retention review: kept {} after a cohort ends ({})",
            count(review.years as usize, "year"),
            review.people()
        ))
    );
    if review.cohorts.is_empty() {
        let _ = writeln!(out, "  nobody is due");
        return;
    }
    for cohort in &review.cohorts {
        let _ = writeln!(
            out,
            "  {}, ended {}, kept until {}:",
            cohort.name,
            cohort.ended.format("%-d %b %Y"),
            cohort.kept_until.format("%-d %b %Y")
        );
        for person in &cohort.people {
            let _ = writeln!(out, "    {} <{}>", person.name, person.email);
        }
    }
    let _ = writeln!(
        out,
        "  Decide for each whether to keep them; improvers forget EMAIL erases a person."
    );
}

mod budget;
mod json;
mod report;

use budget::budget_lines;
pub use json::json;
pub use report::{StatusRequest, report};
