//! Sections 3 to 5 worded: mentoring, the pathway to joining Q, and the mix of each cohort.

use super::{
    Chart, Section, Series, Shape, count, day, every_month, month, nothing_yet, rate, series, table,
};
use crate::domain::report::{CheckInMonth, Report};

pub(crate) fn mentoring(report: &Report) -> Section {
    const TITLE: &str = "3. Mentoring: pairs and how often they meet";
    let m = &report.mentoring;
    if m.pairs.is_empty() && m.proposed == 0 {
        return nothing_yet("mentoring", TITLE, "No mentoring pairs yet.");
    }
    let mut charts = Vec::new();
    let mut tables = Vec::new();
    let by_month = every_month(
        &m.by_month,
        |c| c.month,
        |month| CheckInMonth {
            month,
            met: 0,
            not_met: 0,
        },
    );
    if !by_month.is_empty() {
        charts.push(Chart {
            title: "Check-ins per month".to_string(),
            x_label: "Month".to_string(),
            y_label: "Check-ins".to_string(),
            categories: by_month.iter().map(|c| month(c.month)).collect(),
            series: vec![
                series("Met", by_month.iter().map(|c| c.met as f64)),
                series("Did not meet", by_month.iter().map(|c| c.not_met as f64)),
            ],
            shape: Shape::Bars,
            y_max: None,
        });
        tables.push(table(
            "Check-ins per month",
            &["Month", "Met", "Did not meet"],
            by_month
                .iter()
                .map(|c| vec![month(c.month), c.met.to_string(), c.not_met.to_string()])
                .collect(),
        ));
    }
    tables.push(table(
        "Mentoring pairs",
        &[
            "Participant",
            "Mentor",
            "Confirmed",
            "Ended",
            "Same organisation",
            "Met",
            "Check-ins",
            "Months",
            "Met per month",
        ],
        m.pairs
            .iter()
            .map(|p| {
                vec![
                    p.participant.clone(),
                    p.mentor.clone(),
                    p.confirmed_on.map(day).unwrap_or_default(),
                    p.ended_on.map(day).unwrap_or_default(),
                    if p.same_organisation { "yes" } else { "no" }.to_string(),
                    p.met.to_string(),
                    p.check_ins.to_string(),
                    p.months.to_string(),
                    format!("{:.1}", p.met_per_month),
                ]
            })
            .collect(),
    ));
    if !m.dormant.is_empty() {
        tables.push(table(
            &format!(
                "Dormant pairs: no meeting for {} or more",
                count(m.dormant_after_weeks as usize, "week")
            ),
            &["Participant", "Mentor", "Weeks since meeting"],
            m.dormant
                .iter()
                .map(|d| vec![d.participant.clone(), d.mentor.clone(), d.weeks.to_string()])
                .collect(),
        ));
    }
    Section {
        id: "mentoring",
        title: TITLE.to_string(),
        lead: format!(
            "{} a confirmed mentor and {} a proposal awaiting acceptance; {} of confirmed \
             pairs share an organisation; pairs met {} times per pair per month; {} not met \
             for {} or more.",
            count_with(m.confirmed, "participant has", "participants have"),
            m.proposed,
            rate(m.same_organisation_percent),
            m.met_per_pair_month
                .map_or_else(|| "–".to_string(), |x| format!("{x:.1}")),
            count_with(m.dormant.len(), "pair has", "pairs have"),
            count(m.dormant_after_weeks as usize, "week")
        ),
        charts,
        tables,
        notes: vec![
            "Met per month is the check-ins at which a pair met, over the whole or part months \
             from the pair's confirmation to its end (or the report's day), within the period."
                .to_string(),
        ],
    }
}

/// "1 pair has", "3 pairs have".
fn count_with(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn pathway(report: &Report) -> Section {
    const TITLE: &str = "4. Pathway: from nomination to joining Q";
    let p = &report.pathway;
    let people: usize = p.cohorts.iter().map(|c| c.participants).sum();
    if people == 0 {
        return nothing_yet("pathway", TITLE, "No participants yet.");
    }
    let stages: Vec<String> = p
        .cohorts
        .first()
        .map(|c| c.reached.iter().map(|s| s.label.to_string()).collect())
        .unwrap_or_default();
    let mut head = vec!["Cohort", "Participants"];
    head.extend(stages.iter().map(String::as_str));
    head.extend(["Joined Q (%)", "Alumni linked to Q"]);
    Section {
        id: "pathway",
        title: TITLE.to_string(),
        lead: format!(
            "{} of the {} in view {} joined Q.",
            rate(p.joined_q_percent),
            count(people, "participant"),
            if people == 1 { "has" } else { "have" }
        ),
        charts: vec![Chart {
            title: "Pathway funnel per cohort".to_string(),
            x_label: "Stage reached".to_string(),
            y_label: "People".to_string(),
            categories: stages.clone(),
            series: p
                .cohorts
                .iter()
                .map(|c| Series {
                    name: c.name.clone(),
                    values: c.reached.iter().map(|s| Some(s.people as f64)).collect(),
                })
                .collect(),
            shape: Shape::Bars,
            y_max: None,
        }],
        tables: vec![
            table(
                "People who reached each stage",
                &head,
                p.cohorts
                    .iter()
                    .map(|c| {
                        let mut row = vec![c.name.clone(), c.participants.to_string()];
                        row.extend(c.reached.iter().map(|s| s.people.to_string()));
                        row.push(rate(c.joined_q_percent));
                        row.push(c.alumni_linked.to_string());
                        row
                    })
                    .collect(),
            ),
            {
                let stages_now: Vec<&str> = p
                    .cohorts
                    .first()
                    .map(|c| c.now.iter().map(|s| s.label).collect())
                    .unwrap_or_default();
                let mut head = vec!["Cohort"];
                head.extend(stages_now);
                table(
                    "People at each stage now",
                    &head,
                    p.cohorts
                        .iter()
                        .map(|c| {
                            let mut row = vec![c.name.clone()];
                            row.extend(c.now.iter().map(|s| s.people.to_string()));
                            row
                        })
                        .collect(),
                )
            },
        ],
        notes: vec![
            "A person counts at every stage up to the furthest their dated pathway reached; \
             Withdrawn and Deferred leave them where they had got to."
                .to_string(),
        ],
    }
}

pub(crate) fn mix(report: &Report) -> Section {
    const TITLE: &str = "5. Mix: professions and organisations";
    let people: usize = report.mix.iter().map(|c| c.participants).sum();
    if people == 0 {
        return nothing_yet("mix", TITLE, "No participants yet, so no mix to show.");
    }
    Section {
        id: "mix",
        title: TITLE.to_string(),
        lead: format!(
            "Across {}: evenness runs from 0 (everyone of one profession or organisation) to \
             1 (every one equally represented).",
            count(report.mix.len(), "cohort")
        ),
        charts: vec![Chart {
            title: "Evenness of the mix per cohort".to_string(),
            x_label: "Cohort".to_string(),
            y_label: "Evenness (0 to 1)".to_string(),
            categories: report.mix.iter().map(|c| c.name.clone()).collect(),
            series: vec![
                series(
                    "Professions",
                    report.mix.iter().map(|c| c.profession_evenness),
                ),
                series(
                    "Organisations",
                    report.mix.iter().map(|c| c.organisation_evenness),
                ),
            ],
            shape: Shape::Bars,
            y_max: Some(1.0),
        }],
        tables: vec![table(
            "Mix per cohort",
            &[
                "Cohort",
                "Participants",
                "Professions",
                "Profession evenness",
                "Organisations",
                "Organisation evenness",
            ],
            report
                .mix
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.participants.to_string(),
                        c.professions.to_string(),
                        format!("{:.2}", c.profession_evenness),
                        c.organisations.to_string(),
                        format!("{:.2}", c.organisation_evenness),
                    ]
                })
                .collect(),
        )],
        notes: vec![
            "Evenness is the normalised Shannon entropy of the counts (Pielou's evenness): the \
             entropy of the shares over the largest it could be with that many groups."
                .to_string(),
        ],
    }
}
