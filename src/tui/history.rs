//! The history list (`:history`): every change, newest first, with its time, Unix user and a
//! one-line summary, and the selected change read whole below the list (wrapped, with what
//! each small field was and is); Enter offers to undo it, which is how a deleted person is
//! brought back.

use super::action::Action;
use super::effects::Confirm;
use super::theme::Theme;
use super::widgets::listing::{ListRow, Listing, Searchable};
use super::widgets::overlay::{list_and_detail, open_window};
use super::widgets::table::{Column, ListingTable, col};
use crate::domain::change::{Change, HistoryEntry};
use crate::domain::count::count;
use crate::domain::describe::{describe_entry, describe_entry_in_full, describe_entry_with_values};
use crate::domain::mail::sent::only_registers_mail;
use crate::domain::people::backups::only_registers_backups;
use crate::domain::people::erasure::{is_erasure, label as erasure_label, touches_erased};
use crate::domain::snapshot::Snapshot;
use crate::domain::undo::{blocked, money_left_without_its_session, records_touched, undo_of};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Widget};
use std::collections::HashSet;

#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub entry: HistoryEntry,
    /// What the change did, by record and field ("Cohort 3: end date").
    pub what: String,
    /// Undone by a later change.
    pub undone: bool,
    /// Everything the change did, to read whole when it is selected.
    pub in_full: String,
}

impl Searchable for HistoryRow {
    fn haystack(&self) -> String {
        format!("{} {}", self.entry.user, self.what)
    }
}

impl ListRow for HistoryRow {
    fn identity(&self) -> u64 {
        self.entry.seq
    }
}

pub struct HistoryView {
    pub listing: Listing<HistoryRow>,
    zone: Tz,
}

const COLUMNS: [Column; 4] = [
    col("#", Constraint::Length(6)),
    col("When", Constraint::Length(17)),
    col("Who", Constraint::Length(12)),
    col("What", Constraint::Fill(1)),
];

impl HistoryView {
    /// The list of `newest_first`, each change said with the names in `names`.
    pub fn new(newest_first: Vec<HistoryEntry>, zone: Tz, names: &Snapshot) -> HistoryView {
        let undone: HashSet<u64> = newest_first
            .iter()
            .filter_map(|e| match e.change {
                Change::Undo { of, .. } => Some(of),
                _ => None,
            })
            .collect();
        let rows = newest_first
            .into_iter()
            .map(|entry| HistoryRow {
                undone: undone.contains(&entry.seq),
                what: describe_entry(&entry, names),
                in_full: describe_entry_in_full(&entry, names),
                entry,
            })
            .collect();
        HistoryView {
            listing: Listing::new(rows),
            zone,
        }
    }

    pub fn apply(&mut self, action: Action) -> bool {
        self.listing.apply(action)
    }

    /// The question to ask before undoing the selected change, if it can be undone, with the
    /// names in `names`.
    pub fn offer_undo(&self, names: &Snapshot) -> Result<Confirm, String> {
        let Some(row) = self.listing.selected_row() else {
            return Err("There is nothing to undo.".into());
        };
        if matches!(row.entry.change, Change::Undo { .. }) {
            return Err("That change is itself an undo; undo the change it undid instead.".into());
        }
        if row.undone {
            return Err("That change has been undone already.".into());
        }
        if only_registers_backups(&row.entry.change) {
            return Err(
                "That is a backup entered in the backup register; it is not undone, since the \
                 file was written all the same. Delete the file if it is not wanted, and \
                 improvers backups will show it missing."
                    .into(),
            );
        }
        if only_registers_mail(&row.entry.change) {
            return Err(
                "That is mail entered in the sent register; it is not undone, since the \
                 message went all the same, and undoing it would only send it again."
                    .into(),
            );
        }
        // Every change listed, to name a later one the undo would overwrite.
        let history: Vec<HistoryEntry> = self
            .listing
            .rows()
            .iter()
            .map(|r| r.entry.clone())
            .collect();
        confirm_undo_in(&row.entry, &history, self.zone, names)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = area.width.saturating_sub(4).max(area.width.min(20));
        let height = area.height.saturating_sub(2).max(area.height.min(5));
        let inner = open_window(area, width, height, "History, newest first", theme, buf);
        let zone = self.zone;
        let (list, detail) = self.split(inner);
        if let (Some(detail), Some(row)) = (detail, self.listing.selected_row()) {
            self.render_detail(row, detail, buf, theme);
        }
        let inner = list;
        let what_width = usize::from(last_column_width(&COLUMNS, inner.width));
        ListingTable {
            listing: &self.listing,
            columns: &COLUMNS,
            cells: |r: &HistoryRow| {
                let when = r.entry.at.with_timezone(&zone).format("%a %e %b %H:%M");
                let mut what = r.what.clone();
                if r.undone {
                    what.push_str(" (undone)");
                }
                // Cut with a mark, so a line that goes on says so: the detail below has it all.
                let what = super::widgets::text::fit(&what, what_width);
                let style = if r.undone {
                    theme.dim()
                } else {
                    Default::default()
                };
                vec![
                    Cell::from(r.entry.seq.to_string()),
                    Cell::from(when.to_string()),
                    Cell::from(r.entry.user.clone()),
                    Cell::from(what).style(style),
                ]
            },
            theme,
            focused: true,
            empty: "No changes yet.",
        }
        .render(inner, buf);
    }
}

/// The width the table gives its last column in `width`, as it lays the columns out: after the
/// two columns of the selection mark, one between columns.
fn last_column_width(columns: &[Column], width: u16) -> u16 {
    use ratatui::layout::{Constraint, Layout, Rect};
    let [_, cells] = Layout::horizontal([Constraint::Length(2), Constraint::Fill(0)])
        .areas(Rect::new(0, 0, width, 1));
    Layout::horizontal(columns.iter().map(|c| c.width))
        .spacing(1)
        .split(cells)
        .last()
        .map_or(0, |r| r.width)
}

impl HistoryView {
    /// The list above, and below it the selected change read whole, when there is room for
    /// both (a detail of at least 3 lines under a list of at least 3 rows).
    fn split(&self, inner: Rect) -> (Rect, Option<Rect>) {
        let Some(row) = self.listing.selected_row() else {
            return (inner, None);
        };
        let width = inner.width.max(1) as usize;
        let text = self.detail_text(row);
        // Lines the wrapped text takes, plus the rule above it; never more than a third.
        let wanted = text.chars().count().div_ceil(width) as u16 + 2;
        list_and_detail(inner, wanted, inner.height / 3)
    }

    fn detail_text(&self, row: &HistoryRow) -> String {
        let when = row
            .entry
            .at
            .with_timezone(&self.zone)
            .format("%a %-d %b %Y %H:%M");
        let undone = if row.undone { " (undone)" } else { "" };
        format!(
            "#{} {} by {}: {}{undone}",
            row.entry.seq, when, row.entry.user, row.in_full
        )
    }

    fn render_detail(&self, row: &HistoryRow, area: Rect, buf: &mut Buffer, theme: &Theme) {
        use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
        Paragraph::new(self.detail_text(row))
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(theme.dim())
                    .title(" Selected: Enter offers to undo it "),
            )
            .render(area, buf);
    }
}

/// "Undo “Arjun Sethuraman: project title, notes” (1 record) by sam at 14:03 on Wed 25 Nov?",
/// with the names in `names`.
///
/// Errors: an undo that would delete a session that committed or paid money still names is
/// refused, naming the money, as deleting the session with `d` is; so is one that would
/// overwrite a later change, named by the record's revision in `names`.
pub fn confirm_undo(entry: &HistoryEntry, zone: Tz, names: &Snapshot) -> Result<Confirm, String> {
    confirm_undo_in(entry, &[], zone, names)
}

/// As [`confirm_undo`], naming a later change the undo would overwrite from `history` (the
/// entries after `entry`, any order): a record put back by undoing a later change is as
/// `entry` left it, so `u` walks back one change at a time; one changed by a later change
/// that still stands is not overwritten.
pub fn confirm_undo_in(
    entry: &HistoryEntry,
    history: &[HistoryEntry],
    zone: Tz,
    names: &Snapshot,
) -> Result<Confirm, String> {
    let summary = describe_entry_with_values(entry, names);
    if is_erasure(&entry.change) {
        return Err(format!(
            "“{summary}” cannot be undone: an erasure is for good, and nothing of the person is \
             kept to bring back."
        ));
    }
    let mut change = undo_of(entry);
    if let Some(number) = touches_erased(&change, names) {
        return Err(format!(
            "Undoing “{summary}” would change the record of {}, who has been erased: their \
             record stays as it is.",
            erasure_label(number)
        ));
    }
    if let Some(blocked) = blocked(entry, history, names) {
        return Err(format!("“{summary}” is not undone: {blocked}."));
    }
    let money = money_left_without_its_session(&change, names);
    if !money.is_empty() {
        let named: Vec<String> = money
            .iter()
            .map(|e| format!("{} to {} ({})", e.amount, e.payee, e.state.label()))
            .collect();
        return Err(format!(
            "Undoing “{summary}” would delete a session that {} still {}: {}. Cancel the session \
             (x) instead, or move the money to another session first.",
            count(money.len(), "expense"),
            if money.len() == 1 { "names" } else { "name" },
            named.join("; ")
        ));
    }
    // History keeps what was undone in the same words the question used.
    if let Change::Undo { summary: kept, .. } = &mut change {
        kept.clone_from(&summary);
    }
    let n = records_touched(&change);
    Ok(Confirm {
        question: format!(
            "Undo “{summary}” ({}) by {} at {}?",
            count(n, "record"),
            entry.user,
            entry.at.with_timezone(&zone).format("%H:%M on %a %-d %b")
        ),
        change,
        done: format!("Undone: {summary}"),
    })
}
