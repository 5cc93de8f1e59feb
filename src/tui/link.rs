//! The dashboard's tie to its database: carrying out what the app asks (saves, imports,
//! history) and bringing every change made anywhere into what the app shows, in order. The
//! event loop drives it; tests drive it too, with two apps on one database.

use super::app::{App, SendNews};
use super::effects::{Effect, Message};
use super::files;
use crate::domain::undo::next_to_undo;
use crate::store::Scope;
use crate::store::shared::{Database, Notice, SharedError};
use chrono::Utc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How far back `u` and `:history` look.
const HISTORY_LIMIT: usize = 500;

/// How long a save waits for the changes that beat it to arrive before making it again,
/// and `settle` at most.
const CATCH_UP: Duration = Duration::from_secs(2);

/// How long `read_expenses` waits at a time for a change it knows was made.
const WAIT: Duration = Duration::from_millis(5);

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
    /// News from a send running on its own thread, while one runs.
    sending: Option<Receiver<SendNews>>,
    /// The thread sending, until it has been waited for.
    sender: Option<JoinHandle<()>>,
    /// Set to ask the running send to stop before its next message.
    stop_sending: Arc<AtomicBool>,
}

impl Link {
    /// Opens `database`, returns the app's first picture of it, and starts following it.
    pub fn open(
        database: Database,
    ) -> Result<(Link, crate::domain::snapshot::Snapshot), SharedError> {
        Link::open_reading(database, Scope::Everything)
    }

    /// Opens `database` as [`Link::open`] does, but without the expenses, their revisions
    /// and deletions: on a large programme those are most of the reading, and the first frame
    /// needs none of them (the budget's category totals are kept apart). Hand the app the
    /// rest with [`Link::read_expenses`] before it handles a key.
    pub fn open_without_expenses(
        database: Database,
    ) -> Result<(Link, crate::domain::snapshot::Snapshot), SharedError> {
        Link::open_reading(database, Scope::WithoutExpenses)
    }

    fn open_reading(
        mut database: Database,
        scope: Scope,
    ) -> Result<(Link, crate::domain::snapshot::Snapshot), SharedError> {
        let (seq, data) = database.snapshot(scope)?;
        let changes = Some(database.subscribe(seq)?);
        Ok((
            Link {
                database,
                seq,
                changes,
                sending: None,
                sender: None,
                stop_sending: Arc::new(AtomicBool::new(false)),
            },
            data,
        ))
    }

    /// Reads the expenses that [`Link::open_without_expenses`] left out and hands them to
    /// `app` at their place among the changes: every change up to the one the read includes
    /// is shown first (its expense part is then replaced by the read), and those after it
    /// are applied on top, so a change made meanwhile by another process is shown once,
    /// neither lost nor counted twice.
    ///
    /// Errors: the database could not be read; the app then still has no expenses.
    pub fn read_expenses(&mut self, app: &mut App) -> Result<(), SharedError> {
        let (at, expenses) = self.database.snapshot(Scope::Expenses)?;
        // A change past the read, met while waiting for those before it.
        let mut after = None;
        let started = Instant::now();
        // The changes between the first read and this one are on their way, in order.
        while self.seq < at && started.elapsed() < CATCH_UP {
            match self.changes.as_ref().map(|c| c.recv_timeout(WAIT)) {
                Some(Ok(Notice::Applied(entry))) if entry.seq > at => {
                    after = Some(entry);
                    break;
                }
                Some(Ok(Notice::Applied(entry))) if entry.seq > self.seq => {
                    self.seq = entry.seq;
                    app.apply_entry(&entry);
                }
                Some(Ok(Notice::Applied(_)) | Err(RecvTimeoutError::Timeout)) => {}
                None | Some(Ok(Notice::OwnerGone) | Err(RecvTimeoutError::Disconnected)) => {
                    // The new owner is followed from the last change shown; until one is
                    // found the wait ends at `CATCH_UP`.
                    self.changes = self.reconnect();
                    app.connection_lost = self.changes.is_none();
                    if self.changes.is_none() {
                        std::thread::sleep(WAIT);
                    }
                }
            }
        }
        app.take_expenses(expenses);
        if let Some(entry) = after {
            self.seq = entry.seq;
            app.apply_entry(&entry);
        }
        Ok(())
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
            Effect::OfferForgetEmail(email, only) => database
                .history(usize::MAX)
                .map(|history| app.offer_forget_email_in(&email, only, &history)),
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
            Effect::SendMail {
                settings,
                config_name,
                templates,
                today,
            } => {
                self.start_sending(*settings, config_name, templates, today);
                Ok(())
            }
            Effect::WriteMail => {
                app.say(super::mail::write_dry_run(
                    &app.data,
                    &app.mail_setup,
                    app.now.today(),
                ));
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

    /// Sends what is due on a thread of its own, which opens the database as one more client
    /// and takes the sending lock, as `mail --send` does: the screen goes on answering keys
    /// however slow the server, and a `remind` running at once never sends a message twice.
    fn start_sending(
        &mut self,
        settings: crate::domain::mail::MailSettings,
        config_name: String,
        templates: Option<std::path::PathBuf>,
        today: chrono::NaiveDate,
    ) {
        let (tx, rx) = std::sync::mpsc::channel();
        let path = self.database.path();
        // A send that was stopped and waited for is over; this one starts afresh.
        self.stop_sending = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&self.stop_sending);
        let thread = std::thread::spawn(move || {
            let step = tx.clone();
            let outcome = crate::commands::sending::send_due(
                &path,
                &settings,
                &config_name,
                templates.as_deref(),
                Some(today),
                &stop,
                &mut |news| {
                    // The dashboard may have quit; the run goes on to its end regardless.
                    let _ = step.send(SendNews::Step(news));
                },
            );
            let _ = tx.send(SendNews::Finished(
                outcome
                    .map(|o| (o.sent, o.due - o.no_address.len(), o.place))
                    .map_err(|e| e.to_string()),
            ));
        });
        self.sending = Some(rx);
        self.sender = Some(thread);
    }

    /// What the dashboard does as it quits, however it quits (`q`, a stop signal, the terminal
    /// gone): a send still running is told to stop before its next message and waited for,
    /// so the message in hand is finished and every message the server accepted is in the
    /// sent register before the process ends. Without this, a message accepted but not yet
    /// recorded would be sent again by the next run.
    pub fn close(&mut self, app: &mut App) {
        self.stop_sending.store(true, Ordering::SeqCst);
        if let Some(thread) = self.sender.take() {
            // A thread that panicked recorded what it could; there is nothing more to wait for.
            let _ = thread.join();
        }
        while self.hear_sending(app) {}
        self.sending = None;
    }

    /// Hands the app what the sending thread has told since last asked. Returns whether it
    /// told anything.
    pub fn hear_sending(&mut self, app: &mut App) -> bool {
        let Some(news) = &self.sending else {
            return false;
        };
        let mut heard = false;
        loop {
            match news.try_recv() {
                Ok(told) => {
                    let finished = matches!(told, SendNews::Finished(_));
                    app.hear_sending(told);
                    heard = true;
                    if finished {
                        self.sending = None;
                        return true;
                    }
                }
                Err(TryRecvError::Empty) => return heard,
                Err(TryRecvError::Disconnected) => {
                    self.sending = None;
                    return heard;
                }
            }
        }
    }

    /// Whether a send started from here is still running.
    pub fn is_sending(&self) -> bool {
        self.sending.is_some()
    }

    /// Waits (at most `limit`) for the running send to end, following its news and the
    /// changes it makes: for tests, which look once it is done.
    pub fn finish_sending(&mut self, app: &mut App, limit: Duration) {
        let started = Instant::now();
        while self.is_sending() && started.elapsed() < limit {
            if !self.hear_sending(app) {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        self.settle(app);
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
