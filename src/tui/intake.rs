//! The suggested intake for a recruiting cohort (`i` on the roster): who to enrol so the mix of
//! professions and organisations is as even as it can be with no organisation over its cap, who
//! is left out and why, and the mix before and after. `a` enrols the suggestion.

use super::theme::Theme;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::CohortId;
use crate::domain::intake::{Intake, IntakeRules, applicants, combined_evenness, suggest_intake};
use crate::domain::mix::CohortMix;
use crate::domain::pathway::PathwayStage;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

pub struct IntakeView {
    pub cohort: CohortId,
    pub cohort_name: String,
    pub rules: IntakeRules,
    pub intake: Intake,
    chosen_names: Vec<String>,
    left_out: Vec<(String, String)>,
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
        let name = |id| data.participant_name(id).to_string();
        Ok(IntakeView {
            cohort,
            cohort_name: c.name.clone(),
            chosen_names: intake.chosen.iter().map(|id| name(*id)).collect(),
            left_out: intake
                .left_out
                .iter()
                .map(|(id, why)| (name(*id), why.to_string()))
                .collect(),
            rules,
            intake,
        })
    }

    /// Enrols everyone chosen, dated `today`; each saved only if nobody changed them meanwhile.
    pub fn enrol(&self, data: &Snapshot, today: NaiveDate) -> (Change, String) {
        let changes = self
            .intake
            .chosen
            .iter()
            .filter_map(|id| data.participants.get(id))
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
            "Enrolled {n} {} into {}",
            if n == 1 { "person" } else { "people" },
            self.cohort_name
        );
        (
            Change::Batch {
                summary: format!("enrolled the suggested intake for {}", self.cohort_name),
                changes,
            },
            done,
        )
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let rect = Rect {
            x: area.x + 1.min(area.width),
            y: area.y,
            width: area.width.saturating_sub(2),
            height: area.height,
        };
        Clear.render(rect, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(theme.border(true))
            .title(Span::styled(
                format!(
                    " Suggested intake for {}: {} places, at most {} from one organisation ",
                    self.cohort_name, self.rules.size, self.rules.per_organisation_cap
                ),
                theme.title(),
            ));
        let mut lines = vec![
            mix_line("Applied", &self.intake.applied, theme),
            mix_line("In order", &self.intake.in_order, theme),
            mix_line("Suggested", &self.intake.after, theme),
        ];
        if let Some(short) = &self.intake.shortfall {
            lines.push(Line::styled(format!("  {short}"), theme.warning()));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Chosen ({})", self.chosen_names.len()),
            theme.header(),
        ));
        lines.push(Line::raw(format!("  {}", self.chosen_names.join(", "))));
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Left out ({})", self.left_out.len()),
            theme.header(),
        ));
        for (name, why) in &self.left_out {
            lines.push(Line::from(vec![
                Span::raw(format!("  {name}: ")),
                Span::styled(why.clone(), theme.dim()),
            ]));
        }
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .render(rect, buf);
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
