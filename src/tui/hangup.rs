//! A dashboard told to stop by a signal rather than a key: a dropped SSH session (SIGHUP),
//! `kill` (SIGTERM) or `kill -INT`. It quits as if `q` were pressed, so an owning dashboard
//! closes the database properly (the next process then opens it without writing, even on a
//! full disk) rather than dying mid-way. In raw mode Ctrl-C is a key, not a signal.

use nix::sys::signal::{SigSet, Signal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a stop signal has arrived.
#[derive(Clone)]
pub struct StopSignals(Arc<AtomicBool>);

impl StopSignals {
    /// Blocks the stop signals in this thread, and so in every thread it starts from now on
    /// (the database owner's among them), and listens for them in a thread of its own. Call it
    /// before opening the database.
    pub fn listen() -> std::io::Result<StopSignals> {
        let stops = [Signal::SIGHUP, Signal::SIGTERM, Signal::SIGINT]
            .into_iter()
            .collect::<SigSet>();
        stops.thread_block().map_err(std::io::Error::from)?;
        let heard = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&heard);
        std::thread::Builder::new()
            .name("improvers-stop-signals".into())
            .spawn(move || {
                if stops.wait().is_ok() {
                    flag.store(true, Ordering::SeqCst);
                }
            })?;
        Ok(StopSignals(heard))
    }

    pub fn heard(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
