//! The report's charts, drawn by plotters to SVG text: grouped bars or lines over named
//! categories, in the Okabe–Ito palette, each with a title, axis names and a legend.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe and Ito's palette for colour-blind readers (Okabe & Ito, "Color Universal Design",
/// 2008), black left out for the axes and yellow put last, being faint on white paper.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Width and height of every chart, in SVG user units (pixels at 100%); the page scales it.
const SIZE: (u32, u32) = (720, 380);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A bar per series side by side in each category.
    Bars,
    /// A line per series through the categories, in their order.
    Lines,
}

/// One named run of values, one per category (`None`: no value there, drawn as a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// The categories along the x axis, in order.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub shape: Shape,
    /// The top of the y axis; `None`: a little above the largest value.
    pub y_max: Option<f64>,
}

/// Categories longer than this are cut with an ellipsis under the axis (the table behind the
/// chart has them whole).
const LABEL_CHARS: usize = 16;

/// The most category names the x axis holds side by side.
const LABELS_ACROSS: usize = 7;

fn cut(label: &str, most: usize) -> String {
    if label.chars().count() <= most {
        label.to_string()
    } else {
        let kept: String = label.chars().take(most - 1).collect();
        format!("{kept}…")
    }
}

/// The chart as an SVG document (text, escaped by plotters), with a `<title>` for screen
/// readers. Fails only if plotters does, with its message.
pub fn svg(chart: &Chart) -> Result<String, String> {
    let mut out = String::new();
    draw(chart, &mut out)
        .map_err(|e| format!("the chart \"{}\" could not be drawn: {e}", chart.title))?;
    // plotters writes no <title>; one makes the chart's name known to screen readers.
    let title = format!("<title>{}</title>", escape(&chart.title));
    Ok(match out.find('>') {
        Some(end) => format!(
            "{}{title}{}",
            &out[..=end].replacen("<svg ", "<svg role=\"img\" ", 1),
            &out[end + 1..]
        ),
        None => out,
    })
}

/// Text for SVG or HTML character data.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn draw(chart: &Chart, out: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let n = chart.categories.len().max(1);
    let largest = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0_f64, |a, b| a.max(*b));
    let y_max = chart
        .y_max
        .unwrap_or(if largest > 0.0 { largest * 1.15 } else { 1.0 });
    // The title and the legend are placed by hand, the legend under the title, so that
    // neither overlaps the other however many series there are.
    let legend_rows = chart.series.len().div_ceil(3) as i32;
    root.draw(&Text::new(
        chart.title.clone(),
        (SIZE.0 as i32 / 2, 10),
        ("sans-serif", 22)
            .into_font()
            .into_text_style(&root)
            .pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    let mut context = ChartBuilder::on(&root)
        .margin(12)
        .margin_top(48 + 20 * legend_rows)
        .x_label_area_size(56)
        .y_label_area_size(70)
        .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0f64..y_max)?;
    // Every category is named while the names fit side by side; past that, every so many.
    let every = n.div_ceil(LABELS_ACROSS).max(1);
    let labels = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => usize::try_from(*i)
            .ok()
            .filter(|i| i % every == 0)
            .and_then(|i| chart.categories.get(i))
            .map(|c| cut(c, LABEL_CHARS))
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    context
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .y_labels(6)
        .light_line_style(WHITE)
        .x_label_formatter(&labels)
        .y_label_formatter(&|v: &f64| {
            if v.fract().abs() < 1e-9 {
                crate::domain::text::thousands(v.abs() as u64)
            } else {
                format!("{v:.1}")
            }
        })
        .x_label_style(("sans-serif", 13))
        .y_label_style(("sans-serif", 13))
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    // Bars are drawn in pixels: a segmented axis has no place between two categories.
    let centres: Vec<i32> = (0..n)
        .map(|i| {
            context
                .backend_coord(&(SegmentValue::CenterOf(i as i32), 0.0))
                .0
        })
        .collect();
    let bottom = context.backend_coord(&(SegmentValue::CenterOf(0), 0.0)).1;
    let top = context.backend_coord(&(SegmentValue::CenterOf(0), y_max)).1;
    let height = |value: f64| ((value / y_max).clamp(0.0, 1.0) * f64::from(bottom - top)) as i32;
    let (plot_x, _) = context.plotting_area().get_pixel_range();
    // One category has no neighbour to measure from: its slot is twice the way from the
    // axis to where plotters puts its name.
    let step = match centres.as_slice() {
        [first, second, ..] => second - first,
        [only] => 2 * (only - plot_x.start),
        [] => plot_x.end - plot_x.start,
    };
    for (k, series) in chart.series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        match chart.shape {
            Shape::Bars => {
                let groups = chart.series.len().max(1) as i32;
                // Wide bars read as blocks, not bars: none is wider than a thumb.
                let width = (step * 4 / 5 / groups).clamp(1, 90);
                for (i, value) in series.values.iter().enumerate() {
                    let Some(value) = value else { continue };
                    let Some(centre) = centres.get(i) else {
                        continue;
                    };
                    let left = centre - width * groups / 2 + width * k as i32;
                    root.draw(&Rectangle::new(
                        [(left, bottom - height(*value)), (left + width - 1, bottom)],
                        colour.filled(),
                    ))?;
                }
            }
            Shape::Lines => {
                let points: Vec<_> = series
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| (SegmentValue::CenterOf(i as i32), v)))
                    .collect();
                context.draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))?;
                context.draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 4, colour.filled())),
                )?;
            }
        }
        // The legend: a swatch and the series' name, three to a row under the title.
        let (row, column) = (k / 3, k % 3);
        let x = 80 + 210 * column as i32;
        let y = 40 + 20 * row as i32;
        root.draw(&Rectangle::new([(x, y), (x + 14, y + 14)], colour.filled()))?;
        root.draw(&Text::new(
            cut(&series.name, 26),
            (x + 20, y),
            ("sans-serif", 14),
        ))?;
    }
    root.present()?;
    Ok(())
}
