//! Section 6 worded: the grant against spending, month by month, speaker travel and the
//! forecast to the end of the grant.

use super::{
    Chart, Section, Shape, count, day, every_month, month, nothing_yet, pounds, series, table,
};
use crate::domain::money::Pence;
use crate::domain::report::MonthLine;
use crate::domain::report::Report;

pub(crate) fn money(report: &Report) -> Section {
    const TITLE: &str = "6. Money: the grant and what it paid for";
    let m = &report.money;
    let totals = m.budget.totals();
    if totals.allocated.0 == 0 && totals.used().0 == 0 {
        let lead = if m.budget.total.0 == 0 {
            "No budget or spending yet.".to_string()
        } else {
            format!(
                "The grant is {}; nothing is allocated to a category or spent yet.",
                m.budget.total
            )
        };
        return nothing_yet("money", TITLE, &lead);
    }
    let lines = &m.budget.lines;
    let f = &m.forecast;
    let mut charts = vec![Chart {
        title: "Allocation and spending per category".to_string(),
        x_label: "Category".to_string(),
        y_label: "Pounds (£)".to_string(),
        categories: lines.iter().map(|l| l.name.clone()).collect(),
        series: vec![
            series("Allocated", lines.iter().map(|l| pounds(l.allocated))),
            series("Paid", lines.iter().map(|l| pounds(l.paid))),
            series("Committed", lines.iter().map(|l| pounds(l.committed))),
            series("Estimated", lines.iter().map(|l| pounds(l.estimated))),
        ],
        shape: Shape::Bars,
        y_max: None,
    }];
    let mut rows: Vec<Vec<String>> = lines
        .iter()
        .chain(std::iter::once(&totals))
        .map(|l| {
            vec![
                l.name.clone(),
                l.allocated.to_string(),
                l.paid.to_string(),
                l.committed.to_string(),
                l.estimated.to_string(),
                l.remaining().to_string(),
                l.percent_used()
                    .map_or_else(|| "–".to_string(), |p| format!("{p}%")),
            ]
        })
        .collect();
    if let Some(last) = rows.last_mut() {
        last[0] = "Total".to_string();
    }
    let mut tables = vec![table(
        "Allocation and spending per category",
        &[
            "Category",
            "Allocated",
            "Paid",
            "Committed",
            "Estimated",
            "Remaining",
            "Used",
        ],
        rows,
    )];
    let months = every_month(
        &m.months,
        |s| s.month,
        |month| MonthLine {
            month,
            paid: Pence(0),
            committed: Pence(0),
        },
    );
    if !months.is_empty() {
        charts.push(Chart {
            title: "Spending per month".to_string(),
            x_label: "Month".to_string(),
            y_label: "Pounds (£)".to_string(),
            categories: months.iter().map(|s| month(s.month)).collect(),
            series: vec![
                series("Paid", months.iter().map(|s| pounds(s.paid))),
                series("Committed", months.iter().map(|s| pounds(s.committed))),
            ],
            shape: Shape::Bars,
            y_max: None,
        });
        tables.push(table(
            "Spending per month",
            &["Month", "Paid", "Committed"],
            months
                .iter()
                .map(|s| vec![month(s.month), s.paid.to_string(), s.committed.to_string()])
                .collect(),
        ));
    }
    tables.push(table(
        "Speaker travel from outside London",
        &["Speaker", "Claims", "Amount"],
        if m.speakers.is_empty() {
            vec![vec![
                "None yet".to_string(),
                "0".to_string(),
                "£0.00".to_string(),
            ]]
        } else {
            m.speakers
                .iter()
                .map(|s| {
                    vec![
                        s.speaker.clone(),
                        s.claims.to_string(),
                        s.amount.to_string(),
                    ]
                })
                .collect()
        },
    ));
    let ends = f
        .grant_ends
        .map_or_else(|| "no cohort end set".to_string(), day);
    tables.push(table(
        "Forecast to the end of the grant",
        &["", "Amount"],
        vec![
            vec![
                "Paid, committed and estimated".to_string(),
                f.used.to_string(),
            ],
            vec![
                format!(
                    "Monthly paid rate × {} left",
                    count(f.months_left as usize, "month")
                ),
                Pence(
                    f.monthly_paid_rate
                        .0
                        .saturating_mul(i64::from(f.months_left)),
                )
                .to_string(),
            ],
            vec![format!("Forecast by {ends}"), f.forecast.to_string()],
            vec!["Grant".to_string(), m.budget.total.to_string()],
            vec!["Left at the end".to_string(), f.left_at_end.to_string()],
        ],
    ));
    Section {
        id: "money",
        title: TITLE.to_string(),
        lead: if m.budget.total.0 == 0 {
            format!(
                "{} paid, {} committed and {} estimated, with no share of the grant allocated \
                 to set it against; the forecast to the end of the grant ({ends}) is {}.",
                totals.paid, totals.committed, totals.estimated, f.forecast
            )
        } else {
            format!(
                "{} of the {} grant is paid, {} committed and {} estimated; the forecast to \
                 the end of the grant ({ends}) is {}, leaving {}.",
                totals.paid,
                m.budget.total,
                totals.committed,
                totals.estimated,
                f.forecast,
                f.left_at_end
            )
        },
        charts,
        tables,
        notes: vec![
            format!(
                "The forecast is everything paid, committed and estimated ({}), plus the \
                 monthly paid rate so far ({}: paid spending over the months from the first \
                 payment to this one) for each of the {} after this one until the grant ends \
                 with the last cohort, on {ends}. Spending already committed for those months \
                 is counted in both, so the forecast leans high.",
                f.used,
                f.monthly_paid_rate,
                count(f.months_left as usize, "month")
            ),
            "Speaker travel counts claims, not cancelled, for Q members based outside London: \
             the grant pays travel only for them."
                .to_string(),
        ],
    }
}
