//! Each section of the report worded from its figures: the lead sentence, the charts and the
//! tables behind them.

mod money;
mod outcomes;
mod progress;

pub(super) use money::money;
pub(super) use outcomes::outcomes;
pub(super) use progress::{mentoring, mix, pathway};

use super::charts::{Chart, Series, Shape};
use super::{Section, Table};
use crate::domain::count::count;
use crate::domain::money::Pence;
use crate::domain::report::Report;
use chrono::NaiveDate;

fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn month(d: NaiveDate) -> String {
    d.format("%b %Y").to_string()
}

/// Every month from the first of `months` to the last, with the value each has (`empty` for
/// a month with none), so a chart's months are evenly spaced in time, quiet months shown.
fn every_month<T: Copy>(
    months: &[T],
    first_day: impl Fn(&T) -> NaiveDate,
    empty: impl Fn(NaiveDate) -> T,
) -> Vec<T> {
    use chrono::Months;
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = first_day(first);
    let last = first_day(last);
    while at <= last {
        out.push(
            months
                .iter()
                .find(|m| first_day(m) == at)
                .copied()
                .unwrap_or_else(|| empty(at)),
        );
        match at.checked_add_months(Months::new(1)) {
            Some(next) => at = next,
            None => break,
        }
    }
    out
}

fn rate(percent: Option<u32>) -> String {
    percent.map_or_else(|| "–".to_string(), |p| format!("{p}%"))
}

fn cohort_label(number: Option<u32>) -> String {
    number.map_or_else(|| "Whole programme".to_string(), |n| format!("Cohort {n}"))
}

fn table(caption: &str, head: &[&str], rows: Vec<Vec<String>>) -> Table {
    Table {
        caption: caption.to_string(),
        head: head.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

fn series(name: &str, values: impl IntoIterator<Item = f64>) -> Series {
    Series {
        name: name.to_string(),
        values: values.into_iter().map(Some).collect(),
    }
}

fn pounds(p: Pence) -> f64 {
    p.0 as f64 / 100.0
}

/// A section with nothing to show yet: its lead says so, and nothing is drawn.
fn nothing_yet(id: &'static str, title: &str, lead: &str) -> Section {
    Section {
        id,
        title: title.to_string(),
        lead: lead.to_string(),
        charts: Vec::new(),
        tables: Vec::new(),
        notes: Vec::new(),
    }
}

pub(super) fn reach(report: &Report) -> Section {
    const TITLE: &str = "1. Reach: nominations";
    let r = &report.reach;
    let nominations: usize = r.cohorts.iter().map(|c| c.nominations).sum();
    if nominations == 0 {
        return nothing_yet(
            "reach",
            TITLE,
            &format!(
                "No nominations yet{}.",
                if r.awaiting_review > 0 {
                    format!(
                        " placed in a cohort; {} awaiting review",
                        count(r.awaiting_review, "nominee")
                    )
                } else {
                    String::new()
                }
            ),
        );
    }
    let names: Vec<String> = r.cohorts.iter().map(|c| c.name.clone()).collect();
    Section {
        id: "reach",
        title: TITLE.to_string(),
        lead: format!(
            "{} placed in {}, nominated by {} Q members; across the programme, {} awaiting \
             review.",
            count(nominations, "person"),
            count(r.cohorts.len(), "cohort"),
            r.nominators,
            count(r.awaiting_review, "nominee")
        ),
        charts: vec![Chart {
            title: "Nominations per cohort".to_string(),
            x_label: "Cohort".to_string(),
            y_label: "People".to_string(),
            categories: names,
            series: vec![
                series(
                    "Nominations",
                    r.cohorts.iter().map(|c| c.nominations as f64),
                ),
                series(
                    "Q members who nominated",
                    r.cohorts.iter().map(|c| c.nominators as f64),
                ),
            ],
            shape: Shape::Bars,
            y_max: None,
        }],
        tables: vec![table(
            "Nominations per cohort",
            &[
                "Cohort",
                "Target size",
                "Nominations",
                "Nominated by a Q member",
                "Q members who nominated",
            ],
            r.cohorts
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.target_size.to_string(),
                        c.nominations.to_string(),
                        c.nominated_by_q.to_string(),
                        c.nominators.to_string(),
                    ]
                })
                .collect(),
        )],
        notes: vec![
            "Everyone placed in a cohort counts as a nomination; with --from and --to, by the \
             day of the first step on their pathway."
                .to_string(),
        ],
    }
}

pub(super) fn delivery(report: &Report) -> Section {
    const TITLE: &str = "2. Delivery: sessions and attendance";
    let d = &report.delivery;
    let held: usize = d.by_kind.iter().map(|k| k.held).sum();
    let planned: usize = d.by_kind.iter().map(|k| k.planned).sum();
    let cancelled: usize = d.by_kind.iter().map(|k| k.cancelled).sum();
    if held + planned + cancelled == 0 {
        return nothing_yet("delivery", TITLE, "No sessions yet.");
    }
    let expected: u32 = d.attendance.iter().map(|a| a.expected).sum();
    let attended: u32 = d.attendance.iter().map(|a| a.attended).sum();
    let overall = crate::domain::report::percent(attended as usize, expected as usize);
    let mut charts = vec![Chart {
        title: "Sessions by kind".to_string(),
        x_label: "Kind of session".to_string(),
        y_label: "Sessions".to_string(),
        categories: d.by_kind.iter().map(|k| k.kind.to_string()).collect(),
        series: vec![
            series("Held", d.by_kind.iter().map(|k| k.held as f64)),
            series("Planned", d.by_kind.iter().map(|k| k.planned as f64)),
        ],
        shape: Shape::Bars,
        y_max: None,
    }];
    if !d.attendance.is_empty() {
        // One line per cohort through the sessions in date order, so cohorts compare over time.
        let mut cohorts: Vec<Option<u32>> = d.attendance.iter().map(|a| a.cohort).collect();
        cohorts.sort();
        cohorts.dedup();
        charts.push(Chart {
            title: "Attendance rate per session".to_string(),
            x_label: "Session date".to_string(),
            y_label: "Attended (%)".to_string(),
            categories: d.attendance.iter().map(|a| day(a.date)).collect(),
            series: cohorts
                .iter()
                .map(|c| Series {
                    name: cohort_label(*c),
                    values: d
                        .attendance
                        .iter()
                        .map(|a| {
                            (a.cohort == *c)
                                .then_some(a.rate_percent)
                                .flatten()
                                .map(f64::from)
                        })
                        .collect(),
                })
                .collect(),
            shape: Shape::Lines,
            y_max: Some(100.0),
        });
    }
    let mut tables = vec![table(
        "Sessions by kind",
        &["Kind", "Held", "Planned", "Cancelled"],
        d.by_kind
            .iter()
            .map(|k| {
                vec![
                    k.kind.to_string(),
                    k.held.to_string(),
                    k.planned.to_string(),
                    k.cancelled.to_string(),
                ]
            })
            .collect(),
    )];
    if !d.attendance.is_empty() {
        tables.push(table(
            "Attendance per session",
            &["Date", "Session", "Cohort", "Expected", "Attended", "Rate"],
            d.attendance
                .iter()
                .map(|a| {
                    vec![
                        day(a.date),
                        a.title.clone(),
                        cohort_label(a.cohort),
                        a.expected.to_string(),
                        a.attended.to_string(),
                        rate(a.rate_percent),
                    ]
                })
                .collect(),
        ));
    }
    tables.push(table(
        "Attendance per cohort",
        &["Cohort", "Sessions", "Expected", "Attended", "Rate"],
        d.by_cohort
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.sessions.to_string(),
                    c.expected.to_string(),
                    c.attended.to_string(),
                    rate(c.rate_percent),
                ]
            })
            .collect(),
    ));
    if !d.site_visits.is_empty() {
        tables.push(table(
            "Site visits held",
            &["Date", "Visit", "Host", "Host's organisation"],
            d.site_visits
                .iter()
                .map(|v| {
                    vec![
                        day(v.date),
                        v.title.clone(),
                        v.host.clone().unwrap_or_else(|| "no host set".to_string()),
                        v.organisation.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        ));
    }
    Section {
        id: "delivery",
        title: TITLE.to_string(),
        lead: format!(
            "{} held and {} planned, led by {} Q members; {} hosted by {}; {}.",
            count(held, "session"),
            planned,
            d.leaders,
            count(d.site_visits.len(), "site visit"),
            count(d.host_organisations, "organisation"),
            match overall {
                Some(p) => format!("{p}% of the places expected at finished sessions were taken"),
                None => "no attendance is marked at a finished session yet".to_string(),
            }
        ),
        charts,
        tables,
        notes: vec![
            "Attendance counts everyone invited to a finished, not cancelled session as \
             expected, apologies included, as Q readiness does; sessions where nobody has \
             been marked yet are left out until they are."
                .to_string(),
        ],
    }
}
