//! The dashboard: terminal guard, event loop, app state, panes, widgets, theme and keymap.
//! Keys become actions, actions change state, and the screen is redrawn from state only when
//! something changed: a key, a resize, the clock, or a change made by anyone to the database.

pub mod action;
pub mod app;
pub mod attendance;
pub mod dialogs;
pub mod effects;
pub mod files;
pub mod form;
pub mod history;
pub mod intake;
pub mod keymap;
pub mod panes;
pub mod script;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;

use crate::domain::schedule::LocalNow;
use crate::domain::undo::next_to_undo;
use crate::io::config::Config;
use crate::store::Scope;
use crate::store::shared::{Database, Notice};
use anyhow::Result;
use app::App;
use chrono::Utc;
use crossterm::event::{self, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use effects::{Effect, Message};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;
use terminal::TerminalGuard;
use theme::Theme;

/// How long to wait for a key before looking for changes from elsewhere and at the clock:
/// short enough that others' changes show well within a second.
const TICK: Duration = Duration::from_millis(200);

/// Opens the dashboard on `database` until the user quits, following every change made to
/// it by this or any other improvers process.
pub fn run(mut database: Database, config: &Config) -> Result<()> {
    let (mut seq, data) = database.snapshot(Scope::Everything)?;
    let zone = data.zone();
    let mut changes = Some(database.subscribe(seq)?);
    let mut guard = TerminalGuard::enter()?;
    let theme = Theme::from_env();
    let mut app = App::new(data, LocalNow::new(Utc::now(), zone).to_minute());
    app.rules = config.matching.clone();
    app.costs = config.costs;
    let mut dirty = true;
    while !app.quit {
        if dirty {
            draw(&mut guard, &app, &theme)?;
            dirty = false;
        }
        if event::poll(TICK)? {
            // Take every event already waiting before drawing once: a burst of keys or resizes
            // (a pasted filter, a dragged window edge) costs one frame, not one each.
            loop {
                dirty |= handle(&mut app, event::read()?);
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        for effect in app.take_effects() {
            carry_out(&mut database, &mut app, effect);
            dirty = true;
        }
        let following = match &changes {
            Some(receiver) => follow(&mut app, &mut seq, receiver),
            None => Following::OwnerGone,
        };
        match following {
            Following::Quiet => {}
            Following::Changed => dirty = true,
            Following::OwnerGone => {
                // Find or become the new owner, then pick up from the last change we saw. Until
                // that works the screen stays as it was, saying so, and we try again each tick.
                changes = reconnect(&mut database, seq);
                let lost = changes.is_none();
                dirty |= app.connection_lost != lost;
                app.connection_lost = lost;
            }
        }
        // Rows are rebuilt at most once a minute, and redrawn only if what they show changed.
        dirty |= app.set_now(LocalNow::new(Utc::now(), zone).to_minute());
    }
    Ok(())
}

/// How far back `u` and `:history` look.
const HISTORY_LIMIT: usize = 500;

/// Does what the app asked of the database and tells it how that went. A refusal (someone
/// changed a record since) is a message for the user, not a reason to stop.
fn carry_out(database: &mut Database, app: &mut App, effect: Effect) {
    let outcome = match effect {
        Effect::OfferUndo => database
            .history(HISTORY_LIMIT)
            .map(|history| app.offer_undo(next_to_undo(&history))),
        Effect::ShowHistory => database
            .history(HISTORY_LIMIT)
            .map(|history| app.show_history(history)),
        Effect::Apply { change, done } => database
            .apply(&change)
            .map(|_| app.say(Message::Done(done))),
        // A form stays open until its change is saved, so a refusal loses nothing typed.
        Effect::Save { change, done } => database.apply(&change).map(|_| app.saved(done, &change)),
        Effect::Import { source, path } => {
            let said = files::import(database, &app.data, app.now.today(), source, &path);
            app.say(said);
            Ok(())
        }
        Effect::Export { source, path } => {
            app.say(files::export(&app.data, source, &path));
            Ok(())
        }
        Effect::ExportCalendar { cohort, path } => {
            app.say(files::export_calendar(&app.data, cohort, Utc::now(), &path));
            Ok(())
        }
    };
    if let Err(problem) = outcome {
        app.say(Message::Problem(problem.to_string()));
    }
}

fn reconnect(database: &mut Database, seq: u64) -> Option<Receiver<Notice>> {
    let reopened = Database::open(&database.path()).ok()?;
    *database = reopened;
    database.subscribe(seq).ok()
}

enum Following {
    Quiet,
    Changed,
    OwnerGone,
}

/// Applies every change that has arrived, in order.
fn follow(app: &mut App, seq: &mut u64, changes: &Receiver<Notice>) -> Following {
    let mut changed = false;
    loop {
        match changes.try_recv() {
            Ok(Notice::Applied(entry)) => {
                // A change already in the snapshot can arrive again right after opening.
                if entry.seq > *seq {
                    *seq = entry.seq;
                    app.apply_entry(&entry);
                    changed = true;
                }
            }
            Ok(Notice::OwnerGone) | Err(TryRecvError::Disconnected) => {
                return Following::OwnerGone;
            }
            Err(TryRecvError::Empty) => {
                return if changed {
                    Following::Changed
                } else {
                    Following::Quiet
                };
            }
        }
    }
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
