//! The list of possible duplicates (`:duplicates`): two people of one name under two emails,
//! two organisations or professions spelt two ways, each with why; the selected pair read
//! whole below the list, and Enter puts the `:merge` that would join them on the command line,
//! to read, change and run.

use super::action::Action;
use super::theme::Theme;
use super::widgets::listing::{ListRow, Listing, Searchable};
use super::widgets::overlay::{list_and_detail, open_window};
use super::widgets::table::{Column, ListingTable, col};
use super::widgets::text::wrapped_lines;
use crate::domain::people::duplicate_pairs::{DuplicatePair, PairKind, duplicate_pairs};
use crate::domain::snapshot::Snapshot;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Widget, Wrap};
use std::hash::{Hash, Hasher};

#[derive(Debug, Clone)]
pub struct DuplicateRow {
    pub pair: DuplicatePair,
}

impl Searchable for DuplicateRow {
    fn haystack(&self) -> String {
        format!("{} {}", self.pair.keep, self.pair.gone)
    }
}

impl ListRow for DuplicateRow {
    /// The two records shown, so the selection stays on a pair when others are merged.
    fn identity(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (self.pair.kind, &self.pair.keep, &self.pair.gone).hash(&mut hasher);
        hasher.finish()
    }
}

pub struct DuplicatesView {
    pub listing: Listing<DuplicateRow>,
}

const COLUMNS: [Column; 3] = [
    col("Two", Constraint::Length(13)),
    // Not "keep" and "merge in": some pairs are never merged (a participant and a Q member
    // are linked) or not yet (two cohorts); the detail says which a merge keeps.
    col("One record", Constraint::Fill(1)),
    col("The other", Constraint::Fill(1)),
];

impl DuplicatesView {
    pub fn new(data: &Snapshot) -> DuplicatesView {
        let mut view = DuplicatesView {
            listing: Listing::default(),
        };
        view.refresh(data);
        view
    }

    /// Built again from `data` after any change (a merge made here or by someone else drops
    /// its pair); the selection stays on the same pair while it is there.
    pub fn refresh(&mut self, data: &Snapshot) {
        let rows = duplicate_pairs(data)
            .into_iter()
            .map(|pair| DuplicateRow { pair })
            .collect();
        self.listing.replace_rows(rows);
    }

    pub fn apply(&mut self, action: Action) -> bool {
        self.listing.apply(action)
    }

    /// The command line's text for the selected pair ("merge participants a@x b@y", or "link
    /// p@x q@y" for a participant and a Q member), or why there is none.
    pub fn merge_text(&self) -> Result<String, String> {
        let Some(row) = self.listing.selected_row() else {
            return Err("There are no possible duplicates to merge.".into());
        };
        let pair = &row.pair;
        pair.merge
            .clone()
            .or_else(|| pair.link.clone())
            .ok_or_else(|| format!("{} and {}: {}.", pair.keep, pair.gone, pair.why))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = area.width.saturating_sub(4).max(area.width.min(20));
        let height = area.height.saturating_sub(2).max(area.height.min(5));
        let title = format!(
            "Possible duplicates ({})",
            crate::domain::text::thousands(self.listing.len() as u64)
        );
        let inner = open_window(area, width, height, &title, theme, buf);
        let text = self
            .listing
            .selected_row()
            .map(|row| detail_text(&row.pair));
        let (list, detail) = split(inner, text.as_deref());
        if let (Some(detail), Some(text)) = (detail, text) {
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(theme.dim())
                        .title(" Selected "),
                )
                .render(detail, buf);
        }
        ListingTable {
            listing: &self.listing,
            columns: &COLUMNS,
            cells: |r: &DuplicateRow| {
                vec![
                    Cell::from(kind_label(r.pair.kind)),
                    Cell::from(r.pair.keep.clone()),
                    Cell::from(r.pair.gone.clone()),
                ]
            },
            theme,
            focused: true,
            empty: "No possible duplicates: no name is held twice, under two emails or two \
                    spellings.",
        }
        .render(list, buf);
    }
}

fn kind_label(kind: PairKind) -> &'static str {
    match kind {
        PairKind::Participants => "participants",
        PairKind::QMembers => "Q members",
        PairKind::ParticipantAndQMember => "in two lists",
        PairKind::Organisations => "organisations",
        PairKind::Professions => "professions",
    }
}

/// "A and B: same name, two emails. Enter puts on the command line: :merge participants a b
/// (the first is kept)".
fn detail_text(pair: &DuplicatePair) -> String {
    let what = format!("{} and {}: {}.", pair.keep, pair.gone, pair.why);
    match &pair.merge {
        Some(merge) => format!(
            "{what} Enter puts on the command line, to change or run: :{merge} (the first is \
             kept)"
        ),
        None => match &pair.link {
            Some(link) => format!(
                "{what} A participant and a Q member are never merged. Enter puts on the \
                 command line, to change or run: :{link}"
            ),
            None => what,
        },
    }
}

/// The list above and the selected pair below, read whole when there is room: the detail
/// takes the lines its wrapped text needs, up to half the window, leaving the list 3 rows.
fn split(inner: Rect, text: Option<&str>) -> (Rect, Option<Rect>) {
    let Some(text) = text else {
        return (inner, None);
    };
    let wanted = wrapped_lines(text, usize::from(inner.width.max(1))) as u16 + 1;
    list_and_detail(inner, wanted, inner.height / 2)
}
