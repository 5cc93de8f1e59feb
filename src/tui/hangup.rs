//! A dashboard told to stop by a signal rather than a key: a dropped SSH session (SIGHUP),
//! `kill` (SIGTERM) or `kill -INT`. It quits as if `q` were pressed, so an owning dashboard
//! closes the database properly (the next process then opens it without writing, even on a
//! full disk) rather than dying mid-way. In raw mode Ctrl-C is a key, not a signal.

use nix::sys::signal::{SigSet, Signal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How long the event loop has to quit after a stop signal before the process is ended.
const GIVE_UP_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// The exit status of a dashboard ended that way: 128 + SIGHUP, as a shell reports it.
const EXIT_HUNG_UP: i32 = 129;

/// What waiting on the terminal for a key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminal {
    /// Something to read: a key, a paste.
    Input,
    /// Nothing within the time given.
    Quiet,
    /// The terminal has gone (its SSH session or tmux window closed): no key can come.
    Gone,
}

/// Waits up to `tick` for the terminal the dashboard reads keys from. The terminal library is
/// asked for keys only once this says there is input, and never after the terminal has gone:
/// on a closed terminal it spins reading nothing and never returns.
pub fn wait_for_terminal(tick: std::time::Duration) -> Terminal {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    let millis = u16::try_from(tick.as_millis()).unwrap_or(u16::MAX);
    match poll(&mut fds, PollTimeout::from(millis)) {
        Ok(0) => Terminal::Quiet,
        Ok(_) => match fds[0].revents() {
            Some(r)
                if r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL) =>
            {
                Terminal::Gone
            }
            _ => Terminal::Input,
        },
        // Interrupted by a signal: look again on the next turn.
        Err(_) => Terminal::Quiet,
    }
}

/// Whether `error`, met writing to or reading from the terminal, means the terminal has gone:
/// a pseudo-terminal whose other end closed answers EIO (or ENXIO), a pipe EPIPE. The dashboard
/// then quits as `q` would (the database closed properly) rather than fail: there is nobody
/// left to tell.
pub fn terminal_gone(error: &std::io::Error) -> bool {
    use nix::errno::Errno;
    error.kind() == std::io::ErrorKind::BrokenPipe
        || matches!(
            error.raw_os_error().map(Errno::from_raw),
            Some(Errno::EIO | Errno::ENXIO)
        )
}

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
                    // The event loop quits within a tick. Should it be stuck in the terminal
                    // library on a terminal that has gone (it can spin reading nothing), the
                    // process ends here instead of holding the database for ever; every
                    // confirmed change is on disk already.
                    std::thread::sleep(GIVE_UP_AFTER);
                    std::process::exit(EXIT_HUNG_UP);
                }
            })?;
        Ok(StopSignals(heard))
    }

    pub fn heard(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::terminal_gone;
    use std::io::{Error, ErrorKind};

    #[test]
    fn a_closed_pseudo_terminal_or_pipe_is_gone_and_other_failures_are_not() {
        assert!(terminal_gone(&Error::from_raw_os_error(nix::libc::EIO)));
        assert!(terminal_gone(&Error::from_raw_os_error(nix::libc::ENXIO)));
        assert!(terminal_gone(&Error::from(ErrorKind::BrokenPipe)));
        assert!(!terminal_gone(&Error::from_raw_os_error(nix::libc::ENOSPC)));
        assert!(!terminal_gone(&Error::from(ErrorKind::InvalidData)));
    }
}
