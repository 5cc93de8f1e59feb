//! Draws a [`Listing`] as a table, building only the rows that fit.

use super::listing::{ListRow, Listing};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

pub struct Column {
    pub title: &'static str,
    pub width: Constraint,
    /// The title set against the right edge, over a column of figures.
    pub right: bool,
}

pub const fn col(title: &'static str, width: Constraint) -> Column {
    Column {
        title,
        width,
        right: false,
    }
}

/// A column of figures: its title against the right edge, as its cells are.
pub const fn figures(title: &'static str, width: Constraint) -> Column {
    Column {
        title,
        width,
        right: true,
    }
}

pub struct ListingTable<'a, T, F> {
    pub listing: &'a Listing<T>,
    pub columns: &'a [Column],
    /// The cells of one row, in column order.
    pub cells: F,
    pub theme: &'a Theme,
    pub focused: bool,
    /// Shown when there are no rows at all (a filter that matches nothing says so itself).
    pub empty: &'a str,
}

impl<'a, T, F> Widget for ListingTable<'a, T, F>
where
    T: ListRow,
    F: Fn(&T) -> Vec<Cell<'a>>,
{
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        if self.listing.is_empty() {
            let message = if self.listing.total() > 0 {
                format!(
                    "Nothing matches “{}”. Esc clears the filter.",
                    self.listing.filter()
                )
            } else {
                self.empty.to_string()
            };
            Paragraph::new(Line::styled(message, self.theme.dim()))
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        let body_height = usize::from(area.height.saturating_sub(1));
        let (range, selected) = self.listing.window(body_height);
        let rows: Vec<Row> = self
            .listing
            .rows_in(range)
            .map(|row| Row::new((self.cells)(row)))
            .collect();
        let header = Row::new(self.columns.iter().map(|c| {
            let title = Line::from(c.title);
            Cell::from(if c.right {
                title.right_aligned()
            } else {
                title
            })
        }))
        .style(self.theme.header());
        let widths: Vec<Constraint> = self.columns.iter().map(|c| c.width).collect();
        let highlight = if self.focused {
            self.theme.selected()
        } else {
            self.theme.header()
        };
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(highlight)
            .highlight_symbol("▶ ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
        let mut state = TableState::new().with_selected(selected);
        StatefulWidget::render(table, area, buf, &mut state);
    }
}
