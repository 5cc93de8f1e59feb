//! Draws the whole screen from the app's state: header, the panes (a 2×2 grid on a large
//! terminal, one pane with a tab bar on a small one), the footer, and help on top.

use super::app::App;
use super::effects::Message;
use super::keymap::{Binding, Place, View, footer_for, help_for, help_in};
use super::panes::{Context, PaneId};
use super::theme::Theme;
use super::widgets::confirm;
use super::widgets::overlay::open_window;
use super::widgets::text::{fit, wrapped_lines};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// Below this the dashboard shows only a "terminal too small" message.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// At or above this, all four panes show at once.
pub const GRID_WIDTH: u16 = 160;
pub const GRID_HEIGHT: u16 = 40;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame) {
    render(app, theme, frame.area(), frame.buffer_mut());
}

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, buf);
        return;
    }
    let said = footer_line(app, theme);
    let footer_lines = match (&app.confirm, &said) {
        // A question may take half the screen: what it asks matters more than the panes.
        (Some(c), None) => confirm::height(
            &c.question,
            usize::from(area.width),
            usize::from(area.height / 2),
        ),
        _ => footer_height(said.as_ref(), area),
    };
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(footer_lines),
    ])
    .areas(area);
    render_header(app, theme, header, buf);
    render_footer(app, theme, said, footer, buf);
    let grid = area.width >= GRID_WIDTH && area.height >= GRID_HEIGHT && !app.zoomed;
    if app.data.is_empty() {
        // What opens from here (the set-up form, history, the command line, a refused
        // import's problems) draws over it.
        render_welcome(theme, body, buf);
    } else if grid {
        let [top, bottom] =
            Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(body);
        let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
        let [c, d] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
        for (pane, rect) in PaneId::ALL.into_iter().zip([a, b, c, d]) {
            render_pane(app, theme, pane, rect, buf);
        }
    } else {
        let [tabs, pane_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
        render_tabs(app, theme, tabs, buf);
        render_pane(app, theme, app.focus, pane_area, buf);
    }
    if let Some(history) = &app.history {
        history.render(body, buf, theme);
    }
    if let Some(duplicates) = &app.duplicates {
        duplicates.render(body, buf, theme);
    }
    if let Some(mail) = app.mail.as_ref().filter(|m| m.shown) {
        mail.render(&app.data, &app.mail_setup, body, buf, theme);
    }
    render_problems(app, theme, body, buf);
    if let Some(intake) = &app.intake {
        intake.render(body, buf, theme);
    }
    if let Some(view) = &app.attendance {
        view.render(body, buf, theme);
    }
    if let Some(view) = &app.person {
        view.render(body, buf, theme);
    }
    if let Some(open) = &app.form {
        open.form.render(body, buf, theme);
    }
    if app.help_open {
        render_help(app, theme, body, buf);
    }
}

/// A refused file's problems, over whatever else is shown (an empty database included).
fn render_problems(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if let Some(problems) = &app.problems {
        problems.render(area, buf, theme);
    }
}

fn render_pane(app: &App, theme: &Theme, pane: PaneId, area: Rect, buf: &mut Buffer) {
    let focused = pane == app.focus;
    let ctx = Context {
        data: &app.data,
        now: app.now,
        theme,
        focused,
        typing_filter: app.typing_filter.as_deref().filter(|_| focused),
    };
    match pane {
        PaneId::Roster => match &app.sets {
            Some(sets) => sets.render(area, buf, &ctx),
            None => app.roster.render(area, buf, &ctx),
        },
        PaneId::Mentoring => app.mentoring.render(area, buf, &ctx),
        PaneId::Sessions => app.sessions.render(area, buf, &ctx),
        PaneId::Budget => app.budget.render(area, buf, &ctx),
    }
}

fn render_header(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let programme = app
        .data
        .programme
        .as_ref()
        .map_or("no programme yet", |p| p.name.as_str());
    let date = app.now.today().format("%a %-d %b %Y").to_string();
    // The date keeps its place at the right; the programme and cohort give way to it.
    let date_width = date.chars().count() + 2;
    let room = usize::from(area.width).saturating_sub(date_width + " improvers ".len());
    let context = fit(&format!("{} · {programme}", app.cohort_label()), room);
    let mut spans = vec![
        Span::styled(" improvers ", theme.title()),
        Span::raw(context),
    ];
    if usize::from(area.width) >= date_width + 20 {
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let gap = usize::from(area.width).saturating_sub(used + date_width - 1);
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(date, theme.header()));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn render_tabs(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    for pane in PaneId::ALL {
        let text = format!(" {} {} ", pane.number(), pane.title());
        let style = if pane == app.focus {
            theme
                .selected()
                .add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            theme.dim()
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    if app.zoomed {
        spans.push(Span::styled("zoomed · z for all panes", theme.dim()));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// `said`: what needs saying or answering instead of the keys (`footer_line`).
fn render_footer(app: &App, theme: &Theme, said: Option<Line>, area: Rect, buf: &mut Buffer) {
    if app.connection_lost {
        let line = Line::styled(
            " Lost touch with the database; reconnecting… (what is shown may be out of date)",
            theme.alarm(),
        );
        Paragraph::new(line).render(area, buf);
        return;
    }
    if let (Some(confirm), None) = (&app.confirm, &said) {
        confirm::render(&confirm.question, area, buf, theme);
        return;
    }
    if let Some(line) = said {
        Paragraph::new(line)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    // The keys of whatever is in front: help, a question, then the window or view on top.
    let pairs: Vec<(&str, &str)> = if app.typing_filter.is_some() {
        vec![("type", "to filter"), ("Enter", "keep"), ("Esc", "clear")]
    } else if app.help_open {
        vec![("j k", "scroll"), ("any other key", "closes help")]
    } else if app.form.as_ref().is_some_and(|open| open.form.is_leaving()) {
        vec![
            ("Esc y", "leave without saving"),
            ("any other key", "back to the form"),
        ]
    } else if app.attendance.as_ref().is_some_and(|view| view.leaving) {
        vec![
            ("Esc y", "leave without saving"),
            ("any other key", "back to the marks"),
        ]
    } else if let Some(open) = &app.form {
        vec![
            ("Enter", open.form.submit),
            ("Tab", "next field"),
            ("Esc", "leave"),
        ]
    } else if app.person.is_some() {
        std::iter::once(("j k g G", "scroll"))
            .chain(
                help_in(Place::Person)
                    .into_iter()
                    .filter(|b| b.place == Place::Person)
                    .filter_map(|b| b.footer.map(|word| (b.label, word))),
            )
            .chain([("?", "keys")])
            .collect()
    } else if app.attendance.is_some() {
        help_in(Place::Attendance)
            .into_iter()
            .filter(|b| b.place == Place::Attendance)
            .filter_map(|b| b.footer.map(|word| (b.label, word)))
            .chain([("?", "keys")])
            .collect()
    } else if app.intake.is_some() {
        vec![
            ("Space", "take in or leave out"),
            ("j k g G", "move"),
            ("a", "enrol the ticked"),
            ("Esc", "close"),
        ]
    } else if app.problems.is_some() {
        vec![
            ("j k g G", "scroll"),
            ("PgUp PgDn", "page"),
            ("Esc", "close"),
        ]
    } else if let Some(mail) = app.mail.as_ref().filter(|m| m.shown) {
        if mail.asking.is_some() {
            vec![("y", "send"), ("n Esc", "do not send")]
        } else if mail.preview.is_some() {
            vec![("j k", "scroll"), ("Esc", "back to the list")]
        } else {
            std::iter::once(("j k", "move"))
                .chain(
                    help_in(Place::Mail)
                        .into_iter()
                        .filter(|b| b.place == Place::Mail)
                        .filter_map(|b| b.footer.map(|word| (b.label, word))),
                )
                .chain([("?", "keys")])
                .collect()
        }
    } else if app.history.is_some() {
        vec![
            ("Enter", "undo this change"),
            ("j k g G", "move"),
            ("Esc", "close"),
        ]
    } else if app.duplicates.is_some() {
        vec![
            ("Enter", "put the merge on the command line"),
            ("j k g G", "move"),
            ("Esc", "close"),
        ]
    } else if app.data.is_empty() {
        vec![
            ("Enter", "set up the programme"),
            (":", "command line"),
            ("?", "keys"),
            ("q", "quit"),
        ]
    } else {
        // The month's moves in one pair each, as its own line in the pane writes them.
        let moves: &[(&str, &str)] = match app.view() {
            Some(View::Month) => &[("← →", "day"), ("↑ ↓", "week"), ("PgUp PgDn", "month")],
            _ => &[],
        };
        moves
            .iter()
            .copied()
            .chain(
                footer_for(app.focus, app.view())
                    .into_iter()
                    .filter(|b| app.offers(b.action))
                    .filter_map(|b| b.footer.map(|word| (b.label, word))),
            )
            .collect()
    };
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in fitting(pairs, usize::from(area.width)) {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// The footer's keys that fit in `width`, whole and in order; `?` (which lists the rest) is
/// kept whatever else has to go.
fn fitting<'a>(pairs: Vec<(&'a str, &'a str)>, width: usize) -> Vec<(&'a str, &'a str)> {
    let cost = |(key, what): &(&str, &str)| key.chars().count() + what.chars().count() + 3;
    let help = pairs.iter().find(|(key, _)| *key == "?").map_or(0, cost);
    let mut room = width.saturating_sub(1 + help);
    let mut kept = Vec::new();
    for pair in pairs {
        if pair.0 == "?" {
            kept.push(pair);
        } else if cost(&pair) <= room {
            room -= cost(&pair);
            kept.push(pair);
        } else {
            room = 0;
        }
    }
    kept
}

/// A message or question longer than the screen is wide takes as many lines as it needs to
/// be read whole (a refusal names who changed what, when, and what to do), up to a quarter of
/// the screen; the keys take one.
fn footer_height(said: Option<&Line>, area: Rect) -> u16 {
    let Some(line) = said else {
        return 1;
    };
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lines = u16::try_from(wrapped_lines(&text, usize::from(area.width))).unwrap_or(u16::MAX);
    lines.clamp(1, (area.height / 4).max(1))
}

/// "Tab export · " or "Tab programme, participants, pathway · ": what Tab would put in; the
/// first few when many fit.
fn tab_hint(offers: &[String]) -> String {
    const SHOWN: usize = 6;
    match offers.len() {
        0 => String::new(),
        n if n > SHOWN => format!("Tab {}, … · ", offers[..SHOWN].join(", ")),
        _ => format!("Tab {} · ", offers.join(", ")),
    }
}

/// The footer when something needs saying or answering, instead of the keys.
fn footer_line<'a>(app: &'a App, theme: &Theme) -> Option<Line<'a>> {
    if let Some(command) = &app.command {
        return Some(Line::from(vec![
            Span::styled(format!(" :{command}▏"), theme.key()),
            Span::styled(
                format!("  {}Enter runs · Esc cancels", tab_hint(&app.tab_offers())),
                theme.dim(),
            ),
        ]));
    }
    if app.confirm.is_some() {
        // Drawn by `confirm::render`, which keeps the answers in view.
        return None;
    }
    match &app.message {
        Some(Message::Done(text)) => Some(Line::styled(format!(" {text}"), theme.good())),
        Some(Message::Problem(text)) => Some(Line::styled(format!(" {text}"), theme.alarm())),
        None => None,
    }
}

/// A help window is this wide per column: ten columns of keys and 66 of words, and borders.
const HELP_COLUMN: u16 = 78;

fn render_help(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // Over the attendance sheet, its keys rather than the pane's behind it.
    let (bindings, place) = if app.mail.as_ref().is_some_and(|m| m.shown) {
        (help_in(Place::Mail), "the mail place")
    } else if app.person.is_some() {
        (help_in(Place::Person), "a person's story")
    } else if app.attendance.is_some() {
        (help_in(Place::Attendance), "the attendance sheet")
    } else if let Some(view) = app.view() {
        (help_in(Place::View(view)), view.title())
    } else {
        (help_for(app.focus), app.focus.title())
    };
    let title = format!("Keys: {place}");
    let closing = " j k scroll · any other key closes this.";
    let line = |b: &Binding| {
        Line::from(vec![
            Span::styled(format!(" {:<9}", b.label), theme.key()),
            Span::raw(b.help),
        ])
    };
    // Wide enough for two columns: this place's keys beside the keys that work everywhere,
    // so all of them show at once without scrolling.
    if area.width >= 2 * HELP_COLUMN {
        let (own, general): (Vec<&Binding>, Vec<&Binding>) = bindings
            .iter()
            .copied()
            .partition(|b| b.place != Place::Everywhere);
        let column = |heading: &str, keys: &[&Binding]| -> Vec<Line> {
            std::iter::once(Line::styled(format!(" {heading}"), theme.header()))
                .chain(keys.iter().map(|b| line(b)))
                .collect()
        };
        let mut left = column(&format!("In {place}"), &own);
        let right = column("Everywhere", &general);
        left.extend([Line::raw(""), Line::styled(closing, theme.dim())]);
        let rows = left.len().max(right.len()) as u16;
        let inner = open_window(area, 2 * HELP_COLUMN, rows + 2, &title, theme, buf);
        let [first, second] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        let most = (left.len() as u16).saturating_sub(inner.height);
        Paragraph::new(left)
            .scroll((app.help_scroll.min(most), 0))
            .render(first, buf);
        Paragraph::new(right)
            .scroll((app.help_scroll.min(most), 0))
            .render(second, buf);
        return;
    }
    let inner = open_window(
        area,
        HELP_COLUMN,
        bindings.len() as u16 + 4,
        &title,
        theme,
        buf,
    );
    let lines: Vec<Line> = bindings
        .iter()
        .map(|b| line(b))
        .chain([Line::raw(""), Line::styled(closing, theme.dim())])
        .collect();
    // Scrolled no further than the last line in view.
    let most = (lines.len() as u16).saturating_sub(inner.height);
    Paragraph::new(lines)
        .scroll((app.help_scroll.min(most), 0))
        .render(inner, buf);
}

fn render_welcome(theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::styled("This programme database is empty.", theme.header()),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Press "),
            Span::styled("Enter", theme.key()),
            Span::raw(" to set up your programme: its name, funder, grant and first cohort."),
        ]),
        Line::raw("Then n adds participants, and v then n adds Q members."),
        Line::raw(""),
        Line::raw("Or bring in files you already have (programme.toml first):"),
        Line::styled("    :import programme programme.toml", theme.key()),
        Line::styled("    :import participants participants.csv", theme.key()),
        Line::raw(""),
        Line::raw("To look around a made-up programme first, quit and run: improvers demo"),
        Line::raw("Another database: --db PATH or IMPROVERS_DB."),
        Line::raw(""),
        Line::styled("q quits.", theme.dim()),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(" Welcome ", theme.title()));
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let text = vec![
        Line::raw("Terminal too small"),
        Line::raw(format!(
            "{}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::raw("q quits"),
    ];
    let y = area.y + area.height.saturating_sub(3) / 2;
    let rect = Rect {
        y,
        height: area.height.min(3),
        ..area
    };
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .render(rect, buf);
}
