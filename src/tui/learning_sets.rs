//! The roster's learning sets view (`:sets`): the cohort's sets one person a row, each set's
//! mix and why the selected person is where they are, drawn in place of the roster's list.

use super::panes::{Context, PaneId, pane_block};
use super::widgets::listing::{ListRow, Listing, Searchable};
use super::widgets::overlay::list_and_detail;
use super::widgets::table::{Column, ListingTable, col};
use super::widgets::text::wrapped_lines;
use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::learning_sets::edit::Pairing;
use crate::domain::learning_sets::{
    LearningSets, crowding_sentence, members, mix_line, reasons, suggest, unplaced,
};
use crate::domain::snapshot::Snapshot;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Widget, Wrap};

#[derive(Debug, Clone)]
pub struct SetRow {
    pub id: ParticipantId,
    /// 0-based; `None` for someone in no set yet.
    pub set: Option<usize>,
    pub name: String,
    pub profession: String,
    pub organisation: String,
    pub locked: bool,
    /// Why they are where they are, and the set's mix, for the detail below the list.
    pub why: String,
}

impl ListRow for SetRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

impl Searchable for SetRow {
    fn haystack(&self) -> String {
        format!("{} {} {}", self.name, self.profession, self.organisation)
    }
}

/// What the view shows and who is marked for a pair.
#[derive(Debug, Clone, Default)]
pub struct SetsView {
    /// The cohort shown; `None` when the dashboard shows every cohort and none is running.
    pub cohort: Option<CohortId>,
    pub listing: Listing<SetRow>,
    /// The first of a pair being marked (`t` or `a`), waiting for the other.
    pub marked: Option<(ParticipantId, Pairing)>,
    /// "4 sets of at most 5", or empty with no sets stored.
    pub summary: String,
    /// Organisations held twice in a set, said as sentences.
    pub crowding: Vec<String>,
}

const COLUMNS: [Column; 4] = [
    col("Set", Constraint::Length(4)),
    col("Name", Constraint::Fill(2)),
    col("Profession", Constraint::Fill(1)),
    col("Organisation", Constraint::Fill(2)),
];

impl SetsView {
    pub fn new(data: &Snapshot, cohort: Option<CohortId>) -> SetsView {
        let mut view = SetsView {
            cohort,
            ..SetsView::default()
        };
        view.refresh(data, cohort);
        view
    }

    /// Built again from `data` after any change; the selection stays on the same person.
    pub fn refresh(&mut self, data: &Snapshot, cohort: Option<CohortId>) {
        if self.cohort != cohort {
            self.marked = None;
        }
        self.cohort = cohort;
        let stored = cohort.and_then(|c| data.learning_sets.get(&c));
        let Some(sets) = stored else {
            self.listing.replace_rows(Vec::new());
            self.summary.clear();
            self.crowding.clear();
            return;
        };
        self.summary = format!(
            "{} of at most {}",
            crate::domain::count::count(sets.sets.len(), "set"),
            sets.size
        );
        let people = crate::domain::learning_sets::cohort_people(data, sets.cohort);
        self.crowding = suggest::crowding(&members(&people), &sets.sets)
            .iter()
            .map(|c| crowding_sentence(data, c))
            .collect();
        self.listing.replace_rows(rows(data, sets));
    }

    /// The person selected, if any.
    pub fn selected(&self) -> Option<ParticipantId> {
        self.listing.selected_row().map(|r| r.id)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let cohort = self
            .cohort
            .map_or("no cohort chosen", |c| ctx.data.cohort_name(c));
        let extra = if self.summary.is_empty() {
            format!("· learning sets · {cohort}")
        } else {
            format!("· learning sets · {cohort} · {}", self.summary)
        };
        let block = pane_block(PaneId::Roster, ctx, "", &extra, area.width);
        let inner = block.inner(area);
        block.render(area, buf);
        if self.listing.total() == 0 {
            let text = match self.cohort {
                None => "Learning sets are a cohort's: choose one with [ ] or :cohort N, then \
                         :sets 5 suggests sets of at most 5."
                    .to_string(),
                Some(_) => format!(
                    "{cohort} has no learning sets yet. :sets 5 suggests sets of at most 5, as \
                     mixed in profession and organisation as the cohort allows (one change: u \
                     undoes it)."
                ),
            };
            Paragraph::new(Line::styled(text, ctx.theme.dim()))
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        }
        let detail = self.detail_text(ctx.data);
        let wanted = wrapped_lines(&detail, usize::from(inner.width.max(1))) as u16 + 1;
        let (list, below) = list_and_detail(inner, wanted, inner.height / 2);
        if let Some(below) = below {
            Paragraph::new(detail)
                .wrap(Wrap { trim: true })
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(ctx.theme.dim())
                        .title(" Selected "),
                )
                .render(below, buf);
        }
        ListingTable {
            listing: &self.listing,
            columns: &COLUMNS,
            cells: |r: &SetRow| {
                let set = r.set.map_or("–".to_string(), |s| (s + 1).to_string());
                let name = if r.locked {
                    format!("{} [locked]", r.name)
                } else {
                    r.name.clone()
                };
                vec![
                    Cell::from(set),
                    Cell::from(name),
                    Cell::from(r.profession.clone()),
                    Cell::from(r.organisation.clone()),
                ]
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "",
        }
        .render(list, buf);
    }

    /// The selected person's reason and their set's mix, then who is marked for a pair and
    /// the organisations no split keeps to one a set.
    fn detail_text(&self, data: &Snapshot) -> String {
        let mut parts = Vec::new();
        if let Some(row) = self.listing.selected_row() {
            parts.push(format!("{}: {}.", row.name, row.why));
        }
        if let Some((id, kind)) = self.marked {
            let word = match kind {
                Pairing::Together => "together (t",
                Pairing::Apart => "apart (a",
            };
            parts.push(format!(
                "To keep {} {word} on the other person).",
                data.participant_name(id)
            ));
        }
        parts.extend(self.crowding.iter().map(|c| format!("{c}.")));
        parts.join(" ")
    }
}

fn rows(data: &Snapshot, sets: &LearningSets) -> Vec<SetRow> {
    let why = reasons(data, sets);
    let mix: Vec<String> = sets.sets.iter().map(|set| mix_line(data, set)).collect();
    let row = |id: ParticipantId, set: Option<usize>| {
        let p = data.participants.get(&id)?;
        let reason = match set {
            Some(s) => format!(
                "{} — set {}: {}",
                why.get(&id).map_or("", String::as_str),
                s + 1,
                mix[s]
            ),
            None => "in no set yet (joined the cohort since the sets were made); h or l \
                     places them, r suggests the sets again"
                .to_string(),
        };
        Some(SetRow {
            id,
            set,
            name: p.name.clone(),
            profession: data.profession_name(p.profession).to_string(),
            organisation: data.organisation_name(p.organisation).to_string(),
            locked: sets.is_locked(id),
            why: reason,
        })
    };
    let mut out: Vec<SetRow> = sets
        .sets
        .iter()
        .enumerate()
        .flat_map(|(s, set)| set.iter().map(move |&id| (id, Some(s))))
        .filter_map(|(id, s)| row(id, s))
        .collect();
    out.extend(
        unplaced(data, sets)
            .into_iter()
            .filter_map(|id| row(id, None)),
    );
    out
}
