//! The suggested intake for a recruiting cohort (`i` on the roster): who to enrol so the mix of
//! professions and organisations is as even as it can be with no organisation over its cap, who
//! is left out and why, and the mix before and after. The coordinator adjusts it (Space takes
//! someone in or out) and `a` enrols whoever is ticked.

use super::action::Action;
use super::theme::Theme;
use super::widgets::cursor::Cursor;
use super::widgets::overlay::open_window;
use super::widgets::scroll::wrap_line;
use super::widgets::text::fit_line;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::people::intake::{
    Intake, IntakeRules, applicants, combined_evenness, suggest_intake,
};
use crate::domain::people::mix::CohortMix;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use std::collections::HashMap;

/// One applicant as the view shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: ParticipantId,
    pub name: String,
    pub profession: String,
    pub organisation: String,
    pub chosen: bool,
    /// Why the suggestion left them out.
    pub left_out_because: Option<String>,
}

pub struct IntakeView {
    pub cohort: CohortId,
    pub cohort_name: String,
    pub rules: IntakeRules,
    pub intake: Intake,
    /// In application order.
    pub candidates: Vec<Candidate>,
    cursor: Cursor,
}

impl IntakeView {
    /// The suggestion for `cohort`, or why there is none.
    pub fn new(data: &Snapshot, cohort: CohortId) -> Result<IntakeView, String> {
        let c = data
            .cohorts
            .get(&cohort)
            .ok_or_else(|| "that cohort no longer exists".to_string())?;
        let pool = applicants(data, cohort);
        if pool.is_empty() {
            return Err(format!("{} has nobody at Applied to choose from.", c.name));
        }
        let rules = IntakeRules::for_cohort(c);
        let intake = suggest_intake(&pool, &rules);
        let reasons: HashMap<ParticipantId, String> = intake
            .left_out
            .iter()
            .map(|(id, why)| (*id, why.to_string()))
            .collect();
        let candidates = pool
            .iter()
            .map(|a| Candidate {
                id: a.id,
                name: data.participant_name(a.id).to_string(),
                profession: a.profession.clone(),
                organisation: a.organisation.clone(),
                chosen: intake.chosen.contains(&a.id),
                left_out_because: reasons.get(&a.id).cloned(),
            })
            .collect();
        Ok(IntakeView {
            cohort,
            cohort_name: c.name.clone(),
            rules,
            intake,
            candidates,
            cursor: Cursor::default(),
        })
    }

    /// Moves the selection as every list does (`g` `G` included); says whether it moved.
    pub fn apply(&mut self, action: Action) -> bool {
        self.cursor.apply(action, self.candidates.len())
    }

    /// The applicant selected, if there is anyone.
    pub fn selected(&self) -> Option<&Candidate> {
        self.candidates.get(self.cursor.at())
    }

    /// Takes the selected applicant in, or leaves them out.
    pub fn toggle(&mut self) -> bool {
        match self.candidates.get_mut(self.cursor.at()) {
            Some(c) => {
                c.chosen = !c.chosen;
                true
            }
            None => false,
        }
    }

    /// The mix of whoever is ticked now.
    pub fn current_mix(&self) -> CohortMix {
        CohortMix::of(
            self.candidates
                .iter()
                .filter(|c| c.chosen)
                .map(|c| (c.profession.as_str(), c.organisation.as_str())),
        )
    }

    /// Organisations over the cap with the current choice, and places over the cohort's size.
    pub fn warnings(&self) -> Vec<String> {
        let mut per_org: HashMap<&str, usize> = HashMap::new();
        for c in self.candidates.iter().filter(|c| c.chosen) {
            *per_org.entry(c.organisation.as_str()).or_default() += 1;
        }
        let mut out: Vec<String> = per_org
            .into_iter()
            .filter(|(_, n)| *n > self.rules.per_organisation_cap)
            .map(|(org, n)| {
                format!(
                    "{org} has {n}, over the cap of {}",
                    self.rules.per_organisation_cap
                )
            })
            .collect();
        out.sort();
        let chosen = self.candidates.iter().filter(|c| c.chosen).count();
        if chosen > self.rules.size {
            out.push(format!(
                "{chosen} chosen for {}",
                crate::domain::count::count(self.rules.size, "place")
            ));
        }
        out
    }

    /// Enrols everyone ticked, dated `today`; each saved only if nobody changed them meanwhile.
    pub fn enrol(&self, data: &Snapshot, today: NaiveDate) -> (Change, String) {
        let changes = self
            .candidates
            .iter()
            .filter(|c| c.chosen)
            .filter_map(|c| data.participants.get(&c.id))
            .map(|p| {
                let mut person = p.clone();
                person.pathway.move_to(
                    PathwayStage::Enrolled,
                    today,
                    "chosen in the suggested intake".into(),
                );
                Change::Edit {
                    based_on: data
                        .revisions
                        .get(&RecordKey::Participant(p.id))
                        .map(|r| r.seq),
                    record: Record::Participant(person),
                }
            })
            .collect::<Vec<_>>();
        let n = changes.len();
        let done = format!(
            "Enrolled {} into {}",
            crate::domain::count::count(n, "person"),
            self.cohort_name
        );
        (
            Change::Batch {
                summary: format!("enrolled the intake for {}", self.cohort_name),
                changes,
            },
            done,
        )
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = format!(
            "Intake for {}: {} places, at most {} from one organisation",
            self.cohort_name, self.rules.size, self.rules.per_organisation_cap
        );
        let inner = open_window(
            area,
            area.width.saturating_sub(2),
            area.height,
            &title,
            theme,
            buf,
        );
        let width = usize::from(inner.width);
        let mut lines = vec![
            mix_line("Applied", &self.intake.applied, theme),
            mix_line("In order", &self.intake.in_order, theme),
            mix_line("Suggested", &self.intake.after, theme),
            mix_line("Ticked", &self.current_mix(), theme),
        ];
        if let Some(short) = &self.intake.shortfall {
            lines.push(Line::styled(format!("  {short}"), theme.warning()));
        }
        for warning in self.warnings() {
            lines.push(Line::styled(format!("  ! {warning}"), theme.alarm()));
        }
        // The reason the selected applicant was left out, whole: in a row it may be cut.
        let left_out = self
            .candidates
            .get(self.cursor.at())
            .filter(|c| !c.chosen)
            .and_then(|c| c.left_out_because.as_ref().map(|why| (c, why)));
        match left_out {
            Some((c, why)) => lines.extend(
                wrap_line(
                    Line::raw(format!("{} is left out: {why}", c.name)),
                    width.saturating_sub(2),
                )
                .into_iter()
                .map(|row| {
                    let mut spans = vec![Span::raw("  ")];
                    spans.extend(row.spans);
                    Line::from(spans).style(theme.warning())
                }),
            ),
            None => lines.push(Line::raw("")),
        }
        let header = lines.len();
        // Only the applicants that fit are built, starting so the cursor is in view.
        let room = usize::from(inner.height).saturating_sub(header);
        let (range, selected) = self.cursor.window(room, self.candidates.len());
        let selected = selected.map(|at| range.start + at);
        for (i, c) in self
            .candidates
            .iter()
            .enumerate()
            .skip(range.start)
            .take(range.len())
        {
            let mark = if c.chosen { "[x]" } else { "[ ]" };
            let here = selected == Some(i);
            let style = if here {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            let pointer = if here { "▶" } else { " " };
            let mut spans = vec![Span::styled(
                format!(
                    "{pointer}{mark} {}: {}, {}",
                    c.name, c.profession, c.organisation
                ),
                style,
            )];
            if let Some(why) = c.left_out_because.as_ref().filter(|_| !c.chosen) {
                spans.push(Span::styled(format!("  ({why})"), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        // Whatever does not fit ends with `…`, never cut mid-word without a sign.
        let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

fn mix_line<'a>(label: &str, mix: &CohortMix, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:>10} "), theme.dim()),
        Span::raw(format!(
            "{} people · {} professions (even {:.2}, top {}%) · {} organisations (even {:.2}, top {}%) · score {:.2}",
            mix.professions.total,
            mix.professions.counts.len(),
            mix.professions.evenness(),
            mix.professions.largest_share_percent(),
            mix.organisations.counts.len(),
            mix.organisations.evenness(),
            mix.organisations.largest_share_percent(),
            combined_evenness(mix),
        )),
    ])
}
