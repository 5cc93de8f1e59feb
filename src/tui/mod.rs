//! The dashboard: terminal guard, event loop, app state, panes, widgets, theme and keymap.
//! Keys become actions, actions change state, and the screen is redrawn from state only when
//! something changed: a key, a resize, the clock, or a change made by anyone to the database.

pub mod action;
pub mod app;
pub mod attendance;
pub mod command_line;
pub mod dialogs;
pub mod duplicates;
pub mod effects;
pub mod files;
pub mod form;
pub mod hangup;
pub mod history;
pub mod intake;
pub mod keymap;
pub mod learning_sets;
pub mod link;
pub mod mail;
pub mod panes;
pub mod person;
pub mod problems;
pub mod script;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;

use crate::domain::sessions::schedule::LocalNow;
use crate::io::config::Config;
use crate::store::shared::Database;
use anyhow::Result;
use app::App;
use chrono::Utc;
use crossterm::event::{self, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use link::{Following, Link};
use std::time::Duration;
use terminal::TerminalGuard;
use theme::Theme;

/// How long to wait for a key before looking for changes from elsewhere and at the clock:
/// short enough that another process's change shows within 100 ms (a turn with nothing new
/// costs a poll of the terminal and of a channel, no frame).
const TICK: Duration = Duration::from_millis(40);

/// Set to `1`, the dashboard draws its first frame and quits, so that `time` or
/// `/usr/bin/time -v` give the time from start to first frame and the memory it took
/// (docs/performance.md). Set to `expenses`, it quits after the frame drawn once the
/// expenses are read too: the time and memory of the whole start.
pub const EXIT_AFTER_FIRST_FRAME: &str = "IMPROVERS_EXIT_AFTER_FIRST_FRAME";

/// Opens the dashboard on `database` until the user quits, following every change made to
/// it by this or any other improvers process.
/// A stop signal (`stops`) ends it as `q` would.
pub fn run(
    database: Database,
    config: &Config,
    mail: mail::MailSetup,
    stops: &hangup::StopSignals,
) -> Result<()> {
    // The first frame needs none of the expenses: they are read right after it.
    let (mut link, data) = Link::open_without_expenses(database)?;
    let zone = data.zone();
    let mut guard = TerminalGuard::enter()?;
    let theme = Theme::from_env();
    // Only the panes the terminal shows are worked out before the first frame, with the
    // configuration's rules from the start.
    let (width, height) = crossterm::terminal::size().unwrap_or((u16::MAX, u16::MAX));
    let mut app = App::configured(
        data,
        LocalNow::new(Utc::now(), zone).to_minute(),
        (width, height),
        config.matching.clone(),
        config.costs,
    );
    app.budget.reading_expenses = true;
    app.frame_first = true;
    app.mail_setup = mail;
    let mut dirty = true;
    let exit_after = std::env::var_os(EXIT_AFTER_FIRST_FRAME);
    let first_frame_only = exit_after.as_ref().is_some_and(|v| v == "1");
    let whole_start_only = exit_after.as_ref().is_some_and(|v| v == "expenses");
    while !app.quit {
        if stops.heard() {
            break;
        }
        if dirty {
            if let Ok((width, height)) = crossterm::terminal::size() {
                app.set_screen(width, height);
            }
            match draw(&mut guard, &app, &theme) {
                Err(e) if hangup::terminal_gone(&e) => break,
                drawn => drawn?,
            }
            dirty = false;
            // A change from elsewhere is on screen; the budget pane, worked out for it only
            // now, is drawn again straight away.
            if app.after_frame() {
                dirty = true;
                continue;
            }
            if first_frame_only || (whole_start_only && !app.budget.reading_expenses) {
                // Ends as `status` does when the dashboard wrote nothing, without sled's
                // slow close, so the time measured is the first frame's.
                drop(guard);
                link.close(&mut app);
                link.database.exit_after_reading();
            }
        }
        if app.budget.reading_expenses {
            // Before any key is read, so nothing the user does ever meets a programme
            // without its expenses; keys typed meanwhile wait in the terminal.
            link.read_expenses(&mut app)?;
            dirty = true;
            continue;
        }
        if hangup::wait_for_terminal(TICK) == hangup::Terminal::Gone {
            break;
        }
        // Take every event already waiting before drawing once: a burst of keys or resizes
        // (a pasted filter, a dragged window edge) costs one frame, not one each. A resize
        // alone is found here within a tick.
        while !app.quit && waiting(event::poll(Duration::ZERO))? {
            let read = match event::read() {
                Err(e) if hangup::terminal_gone(&e) => break,
                read => read?,
            };
            dirty |= handle(&mut app, read);
            // What a key asked of the database is done before the next key is read, so a
            // key typed ahead (`u` then `y`) answers the question the first one opened.
            dirty |= link.carry_out_all(&mut app);
        }
        dirty |= link.carry_out_all(&mut app);
        dirty |= link.hear_sending(&mut app);
        let lost = app.connection_lost;
        match link.follow(&mut app) {
            Following::Quiet => {}
            Following::Changed => dirty = true,
            Following::OwnerGone => dirty |= app.connection_lost != lost,
        }
        // Rows are rebuilt at most once a minute, and redrawn only if what they show changed.
        dirty |= app.set_now(LocalNow::new(Utc::now(), zone).to_minute());
    }
    if link.is_sending() {
        app.quitting_while_sending();
        // The terminal may be gone; the send is waited for all the same.
        let _ = draw(&mut guard, &app, &theme);
    }
    link.close(&mut app);
    Ok(())
}

/// Whether an event is waiting; a terminal that has gone has none, and the loop finds it gone
/// on its next wait.
fn waiting(polled: std::io::Result<bool>) -> std::io::Result<bool> {
    match polled {
        Err(e) if hangup::terminal_gone(&e) => Ok(false),
        polled => polled,
    }
}

fn handle(app: &mut App, event: Event) -> bool {
    match event {
        Event::Key(key) => app.handle_key(key),
        Event::Paste(text) => app.paste(&text),
        Event::Resize(..) => true,
        _ => false,
    }
}

fn draw(guard: &mut TerminalGuard, app: &App, theme: &Theme) -> std::io::Result<()> {
    // A synchronized update makes the terminal show the frame whole, which keeps the screen
    // calm over a slow link.
    crossterm::queue!(std::io::stdout(), BeginSynchronizedUpdate)?;
    guard.draw(|frame| view::draw(app, theme, frame))?;
    crossterm::execute!(std::io::stdout(), EndSynchronizedUpdate)?;
    Ok(())
}
