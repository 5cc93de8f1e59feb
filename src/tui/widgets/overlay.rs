//! A window drawn over the panes (forms, help, history, intake, attendance): centred in the
//! space it has, cleared, and framed with its title.

use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

/// Clears a `width` × `height` window centred in `area` (smaller if `area` is) and draws its
/// frame; returns the space inside the frame.
pub fn open_window(
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: &Theme,
    buf: &mut Buffer,
) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border(true))
        // A title longer than the window would run into its corner: cut it with "…" instead.
        .title(Span::styled(
            format!(" {} ", fit(title, usize::from(width.saturating_sub(4)))),
            theme.title(),
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// A window's inside split into a list above and the selected item's detail below: the detail
/// takes `wanted` rows, at least 3 and at most `most`, and is left out (`None`) when `most`
/// is under 3, so a small window shows the list alone.
pub fn list_and_detail(inner: Rect, wanted: u16, most: u16) -> (Rect, Option<Rect>) {
    if most < 3 {
        return (inner, None);
    }
    let height = wanted.clamp(3, most);
    let list = Rect {
        height: inner.height - height,
        ..inner
    };
    let detail = Rect {
        y: inner.y + list.height,
        height,
        ..inner
    };
    (list, Some(detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_never_leaves_its_area() {
        for (w, h) in [(0, 0), (1, 1), (10, 3), (200, 60)] {
            let area = Rect::new(3, 2, w, h);
            let mut buf = Buffer::empty(Rect::new(0, 0, 210, 70));
            let inner = open_window(area, 72, 30, "Title", &Theme::new(false), &mut buf);
            assert!(inner.x >= area.x && inner.right() <= area.right().max(area.x));
            assert!(inner.y >= area.y && inner.bottom() <= area.bottom().max(area.y));
        }
    }

    #[test]
    fn a_title_wider_than_its_window_ends_with_an_ellipsis_before_the_corner() {
        let area = Rect::new(0, 0, 30, 5);
        let mut buf = Buffer::empty(area);
        let title = "Take back a stage: Tamsin Rowe-Achebe (now Enrolled)";
        open_window(area, 30, 5, title, &Theme::new(false), &mut buf);
        let top: String = (0..30).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(top.starts_with("╭ Take back a stage: Tamsin…"), "{top}");
        assert!(top.ends_with("╮"), "{top}");
    }
}
