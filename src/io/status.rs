//! `improvers status`: the summary as plain text for people (colour only on a terminal without
//! `NO_COLOR`) and as JSON with stable keys for scripts.

use super::wrap::{shown_width, wrap};
use crate::domain::budget::{BudgetAlert, BudgetReport, CategoryLine};
use crate::domain::count::count;
use crate::domain::money::Pence;
use crate::domain::pathway::PathwayStage;
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
    for u in &summary.unmatched {
        let cohort = u.cohort.map_or(String::new(), |n| format!(", cohort {n}"));
        let _ = writeln!(out, "  {} ({}{cohort})", u.name, u.organisation);
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
            "  dormant ({}), no meeting logged for weeks:",
            summary.dormant.len()
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

    let _ = writeln!(
        out,
        "\n{}",
        paint.heading(&format!("Warnings ({})", summary.warnings.len()))
    );
    if summary.warnings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for w in &summary.warnings {
        let _ = writeln!(out, "  {}", paint.warning(&format!("! {w}")));
    }
    out
}

/// The budget per category: a table when it fits in `screen` columns (with amounts to the
/// pound when it fits only so), else a block per category. Categories with nothing allocated,
/// spent, committed or estimated share one line after them rather than a row of £0.00 each.
fn budget_lines(out: &mut String, b: &BudgetReport, paint: Paint, screen: usize) {
    let (quiet, busy): (Vec<&CategoryLine>, Vec<&CategoryLine>) =
        b.lines.iter().partition(|l| is_quiet(l));
    let totals = b.totals();
    if !busy.is_empty() {
        let rows: Vec<(&str, &CategoryLine)> = busy
            .iter()
            .map(|l| (l.name.as_str(), *l))
            .chain([("Total", &totals)])
            .collect();
        // Roomier columns first, then pence packed closer, then whole pounds.
        let fitted = [
            (Amounts::Pence, 2),
            (Amounts::Pence, 1),
            (Amounts::Pounds, 2),
        ]
        .into_iter()
        .map(|(amounts, gap)| budget_table(&rows, paint, amounts, gap))
        .find(|table| table.lines().all(|l| shown_width(l) <= screen));
        match fitted {
            Some(table) => out.push_str(&table),
            None => budget_blocks(out, &rows, paint),
        }
    }
    if !quiet.is_empty() {
        let names: Vec<&str> = quiet.iter().map(|l| l.name.as_str()).collect();
        let which = if busy.is_empty() {
            " in any category"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  Nothing allocated or spent yet{which}: {}",
            names.join(", ")
        );
    }
}

/// Nothing allocated to it and nothing paid, committed or estimated against it.
fn is_quiet(line: &CategoryLine) -> bool {
    [line.allocated, line.paid, line.committed, line.estimated]
        .iter()
        .all(|p| p.0 == 0)
}

/// How a table writes amounts: `£1,234.56`, or `£1,235` where pence would not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Amounts {
    Pence,
    Pounds,
}

impl Amounts {
    fn show(self, amount: Pence) -> String {
        match self {
            Amounts::Pence => amount.to_string(),
            Amounts::Pounds => {
                // Half a pound and more rounds away from zero, as a person would round it.
                let pounds = (amount.0.unsigned_abs() + 50) / 100;
                let sign = if amount.0 < 0 && pounds > 0 { "-" } else { "" };
                format!("{sign}£{}", thousands(pounds))
            }
        }
    }
}

/// The rows as a table, each column as wide as its widest entry, `gap` spaces apart.
fn budget_table(
    rows: &[(&str, &CategoryLine)],
    paint: Paint,
    amounts: Amounts,
    gap: usize,
) -> String {
    const HEADINGS: [&str; 7] = [
        "Category",
        "Allocated",
        "Paid",
        "Committed",
        "Estimated",
        "Remaining",
        "Used",
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|(name, l)| {
            [
                (*name).to_string(),
                amounts.show(l.allocated),
                amounts.show(l.paid),
                amounts.show(l.committed),
                amounts.show(l.estimated),
                amounts.show(l.remaining()),
                l.percent_used()
                    .map_or("—".to_string(), |p| format!("{p}%")),
            ]
        })
        .collect();
    let mut widths = HEADINGS.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |row: &[String; 7]| {
        let mut text = format!("  {:<w$}", row[0], w = widths[0]);
        for (cell, w) in row.iter().zip(widths).skip(1) {
            let _ = write!(text, "{:gap$}{cell:>w$}", "");
        }
        text
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&HEADINGS.map(str::to_string)));
    for ((name, l), row) in rows.iter().zip(&cells) {
        let text = line(row);
        let text = if *name != "Total" && l.alert() != BudgetAlert::Fine {
            paint.warning(&text)
        } else {
            text
        };
        let _ = writeln!(out, "{text}");
    }
    if amounts == Amounts::Pounds {
        let _ = writeln!(
            out,
            "  (to the nearest pound; a wider screen, or status --json, gives the pence)"
        );
    }
    out
}

/// The budget for a narrow screen: each category's name and share used, then its figures one
/// a line, which fit in 30 columns.
fn budget_blocks(out: &mut String, rows: &[(&str, &CategoryLine)], paint: Paint) {
    for (name, line) in rows {
        let used = line
            .percent_used()
            .map_or("nothing allocated".to_string(), |p| format!("{p}% used"));
        let head = format!("  {name}: {used}");
        let head = if *name != "Total" && line.alert() != BudgetAlert::Fine {
            paint.warning(&head)
        } else {
            head
        };
        let _ = writeln!(out, "{head}");
        for (label, amount) in [
            ("allocated", line.allocated),
            ("paid", line.paid),
            ("committed", line.committed),
            ("estimated", line.estimated),
            ("remaining", line.remaining()),
        ] {
            let _ = writeln!(out, "    {label:<10}{:>14}", amount.to_string());
        }
    }
}

/// The JSON form. Keys are part of the interface (documented in the README): add, never rename.
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
        .map(|u| json!({"name": u.name, "cohort": u.cohort, "organisation": u.organisation}))
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
                "alert": match l.alert() {
                    BudgetAlert::Fine => "fine",
                    BudgetAlert::Warning => "warning",
                    BudgetAlert::Over => "over",
                },
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
    })
}
