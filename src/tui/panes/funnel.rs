//! The roster's pathway funnel: a bar per stage from Nominated to Joined Q, drawn where the
//! roster has room beside its table (a wide, tall pane), so a coordinator sees at a glance
//! where the cohort stands.

use super::Context;
use crate::domain::people::funnel::Funnel;
use ratatui::buffer::Buffer;
use ratatui::layout::{Direction, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Widget};

/// Rows the funnel needs: a title line and one bar per stage.
pub const FUNNEL_HEIGHT: u16 = 8;

/// Draws `funnel` in `area` as horizontal bars, each labelled with its stage and count.
pub fn render_funnel(funnel: &Funnel, area: Rect, buf: &mut Buffer, ctx: &Context) {
    let left = match (funnel.withdrawn, funnel.deferred) {
        (0, 0) => String::new(),
        (w, 0) => format!("· {w} withdrawn "),
        (0, d) => format!("· {d} deferred "),
        (w, d) => format!("· {w} withdrawn, {d} deferred "),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(ctx.theme.dim())
        .title(Span::styled(
            format!(" Pathway now {left}"),
            ctx.theme.header(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let bars: Vec<Bar> = funnel
        .stages
        .iter()
        .map(|(stage, n)| {
            Bar::default()
                .value(u64::try_from(*n).unwrap_or(u64::MAX))
                .label(format!("{:<12}", stage.label()))
                .text_value(n.to_string())
        })
        .collect();
    BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(ctx.theme.good())
        .value_style(ctx.theme.header())
        .data(BarGroup::default().bars(&bars))
        .render(inner, buf);
}
