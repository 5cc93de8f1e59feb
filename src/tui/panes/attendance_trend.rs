//! The sessions pane's attendance trend: the attendance rate of each past session over time,
//! drawn where the pane has room beside its list (a wide, tall pane), so a coordinator sees at
//! a glance whether people keep coming.

use super::Context;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Widget};

/// Rows the trend needs: a title line, eight rows of chart and the dates under it.
pub const TREND_HEIGHT: u16 = 11;

/// One finished session's attendance: its day and the share of those expected who came, in
/// percent (0–100), as the funder's report counts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub day: NaiveDate,
    pub percent: f64,
}

/// Draws `points` (oldest first) in `area` as a line of attendance rate against time, the
/// x axis in days from the first session, the y axis from 0 to 100%.
pub fn render_trend(points: &[TrendPoint], area: Rect, buf: &mut Buffer, ctx: &Context) {
    let overall = if points.is_empty() {
        String::new()
    } else {
        let mean = points.iter().map(|p| p.percent).sum::<f64>() / points.len() as f64;
        format!("· {} sessions, {mean:.0}% on average ", points.len())
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(ctx.theme.dim())
        .title(Span::styled(
            format!(" Attendance per session {overall}"),
            ctx.theme.header(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        Paragraph::new(Span::styled(
            "No attendance marked at a past session yet.",
            ctx.theme.dim(),
        ))
        .render(inner, buf);
        return;
    };
    let days = |d: NaiveDate| (d - first.day).num_days() as f64;
    let data: Vec<(f64, f64)> = points.iter().map(|p| (days(p.day), p.percent)).collect();
    // One session has no span of time: a day either side keeps its point off the frame.
    let (start, end) = if last.day == first.day {
        (-1.0, 1.0)
    } else {
        (0.0, days(last.day))
    };
    let label = |d: NaiveDate| Span::styled(d.format("%b %Y").to_string(), ctx.theme.dim());
    let dates = if last.day == first.day {
        vec![label(first.day)]
    } else {
        vec![label(first.day), label(last.day)]
    };
    Chart::new(vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(ctx.theme.good())
            .data(&data),
    ])
    .x_axis(
        Axis::default()
            .bounds([start, end])
            .labels(dates)
            .style(ctx.theme.dim()),
    )
    .y_axis(
        Axis::default()
            .bounds([0.0, 100.0])
            .labels(["0%", "50%", "100%"].map(|l| Span::styled(l, ctx.theme.dim())))
            .style(ctx.theme.dim()),
    )
    .render(inner, buf);
}
