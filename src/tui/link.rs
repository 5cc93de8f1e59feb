//! The dashboard's tie to its database: carrying out what the app asks (saves, imports,
//! history) and bringing every change made anywhere into what the app shows, in order. The
//! event loop drives it; tests drive it too, with two apps on one database.

use super::app::App;
use super::effects::{Effect, Message};
use super::files;
use crate::domain::undo::next_to_undo;
use crate::store::Scope;
use crate::store::shared::{Database, Notice, SharedError};
use chrono::Utc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// How far back `u` and `:history` look.
const HISTORY_LIMIT: usize = 500;

/// How long a save waits for the changes that beat it to arrive before making it again,
/// and `settle` at most.
const CATCH_UP: Duration = Duration::from_secs(2);

/// What following the database brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Following {
    Quiet,
    Changed,
    OwnerGone,
}

pub struct Link {
    pub database: Database,
    /// The last change the app has been shown.
    pub seq: u64,
    changes: Option<Receiver<Notice>>,
}

impl Link {
    /// Opens `database`, returns the app's first picture of it, and starts following it.
    pub fn open(
        mut database: Database,
    ) -> Result<(Link, crate::domain::snapshot::Snapshot), SharedError> {
        let (seq, data) = database.snapshot(Scope::Everything)?;
        let changes = Some(database.subscribe(seq)?);
        Ok((
            Link {
                database,
                seq,
                changes,
            },
            data,
        ))
    }

    /// Whether the owner has gone and no new one could be reached yet.
    pub fn lost(&self) -> bool {
        self.changes.is_none()
    }

    /// Carries out every effect the app has asked for. Returns whether any was.
    /// Some effects ask for more (a form made again after its ids were taken), and those are
    /// carried out too.
    pub fn carry_out_all(&mut self, app: &mut App) -> bool {
        let mut any = false;
        loop {
            let effects = app.take_effects();
            if effects.is_empty() {
                return any;
            }
            any = true;
            for effect in effects {
                self.carry_out(app, effect);
            }
        }
    }

    /// Does what the app asked of the database and tells it how that went. A refusal
    /// (someone changed a record since) is a message for the user, not a reason to stop.
    pub fn carry_out(&mut self, app: &mut App, effect: Effect) {
        let database = &mut self.database;
        let outcome = match effect {
            Effect::OfferUndo => database
                .history(HISTORY_LIMIT)
                .map(|history| app.offer_undo_in(next_to_undo(&history), &history)),
            // Every entry, not the newest few: the question counts those the erasure rewrites.
            Effect::OfferForget(person) => database
                .history(usize::MAX)
                .map(|history| app.offer_forget(person, &history)),
            Effect::OfferForgetEmail(email) => database
                .history(usize::MAX)
                .map(|history| app.offer_forget_email(&email, &history)),
            Effect::ShowHistory => database
                .history(HISTORY_LIMIT)
                .map(|history| app.show_history(history)),
            Effect::Apply { change, done } => database
                .apply(&change)
                .map(|_| app.say(Message::Done(done))),
            // A form stays open until its change is saved, so a refusal loses nothing typed.
            // When a record it adds lost its id to someone else's, the form's change is made
            // again once their change is shown, and sent again.
            Effect::Save { change, done } => match database.apply(&change) {
                Err(e) if e.is_taken() => {
                    self.settle(app);
                    if !app.save_again() {
                        app.say(Message::Problem(e.to_string()));
                    }
                    Ok(())
                }
                other => other.map(|_| app.saved(done, &change)),
            },
            Effect::Import { source, path } => {
                let (said, problems) =
                    files::import_listing(database, &app.data, app.now.today(), source, &path);
                app.say(said);
                app.problems = problems;
                Ok(())
            }
            Effect::Export { source, path } => {
                app.say(files::export(&app.data, source, &path));
                Ok(())
            }
            Effect::ExportAs {
                kind,
                format,
                cohort,
                path,
            } => {
                app.say(files::export_as(&app.data, kind, format, cohort, &path));
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

    /// Applies every change that has arrived, in order; when the owner has gone, finds or
    /// becomes the new one and picks up from the last change seen.
    pub fn follow(&mut self, app: &mut App) -> Following {
        let following = match &self.changes {
            Some(receiver) => take_arrived(app, &mut self.seq, receiver),
            None => Following::OwnerGone,
        };
        if following == Following::OwnerGone {
            // Until that works the screen stays as it was, saying so, and we try again.
            self.changes = self.reconnect();
            app.connection_lost = self.changes.is_none();
        }
        following
    }

    fn reconnect(&mut self) -> Option<Receiver<Notice>> {
        let reopened = Database::open(&self.database.path()).ok()?;
        self.database = reopened;
        self.database.subscribe(self.seq).ok()
    }

    /// Follows the database until the app has been shown every change it had when asked (or
    /// a moment has passed): before a form's change is made again, and for tests, which need
    /// every change so far shown before they look.
    pub fn settle(&mut self, app: &mut App) {
        let started = Instant::now();
        let Ok(last) = self.database.last_seq() else {
            return;
        };
        while self.seq < last && started.elapsed() < CATCH_UP {
            if self.follow(app) == Following::Quiet {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

fn take_arrived(app: &mut App, seq: &mut u64, changes: &Receiver<Notice>) -> Following {
    let mut changed = false;
    loop {
        match changes.try_recv() {
            // A change already in the snapshot can arrive again right after opening.
            Ok(Notice::Applied(entry)) if entry.seq > *seq => {
                *seq = entry.seq;
                app.apply_entry(&entry);
                changed = true;
            }
            Ok(Notice::Applied(_)) => {}
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
