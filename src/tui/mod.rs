//! The dashboard: terminal guard, event loop, app state, panes, widgets, theme and keymap.
//! Keys become actions, actions change state, and the screen is redrawn from state only when
//! something changed.

pub mod action;
pub mod app;
pub mod keymap;
pub mod panes;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;

use crate::domain::schedule::LocalNow;
use crate::domain::snapshot::Snapshot;
use anyhow::Result;
use app::App;
use chrono::Utc;
use chrono_tz::Tz;
use crossterm::event::{self, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use std::time::Duration;
use terminal::TerminalGuard;
use theme::Theme;

/// How often the clock is checked when nothing else happens; the screen is redrawn only if
/// the date or the agenda changed.
const CLOCK_TICK: Duration = Duration::from_secs(1);

/// Opens the dashboard on `data` until the user quits.
pub fn run(data: Snapshot, zone: Tz) -> Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let theme = Theme::from_env();
    let mut app = App::new(data, LocalNow::new(Utc::now(), zone).to_minute());
    let mut dirty = true;
    while !app.quit {
        if dirty {
            draw(&mut guard, &app, &theme)?;
            dirty = false;
        }
        if event::poll(CLOCK_TICK)? {
            // Take every event already waiting before drawing once: a burst of keys or resizes
            // (a pasted filter, a dragged window edge) costs one frame, not one each.
            loop {
                dirty |= handle(&mut app, event::read()?);
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        // Rows are rebuilt at most once a minute, and redrawn only if what they show changed.
        dirty |= app.set_now(LocalNow::new(Utc::now(), zone).to_minute());
    }
    Ok(())
}

fn handle(app: &mut App, event: Event) -> bool {
    match event {
        Event::Key(key) => app.handle_key(key),
        Event::Resize(..) => true,
        _ => false,
    }
}

fn draw(guard: &mut TerminalGuard, app: &App, theme: &Theme) -> Result<()> {
    // A synchronized update makes the terminal show the frame whole, which keeps the screen
    // calm over a slow link.
    crossterm::queue!(std::io::stdout(), BeginSynchronizedUpdate)?;
    guard.terminal.draw(|frame| view::draw(app, theme, frame))?;
    crossterm::execute!(std::io::stdout(), EndSynchronizedUpdate)?;
    Ok(())
}
