//! Taking over the terminal and always giving it back: on quit, on error, and on panic.

use anyhow::{Result, bail};
use ratatui::DefaultTerminal;
use std::io::IsTerminal;

/// Owns the terminal while the dashboard runs; dropping it restores the screen.
pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Enters the alternate screen in raw mode. `ratatui::init` also installs a panic hook that
    /// restores the terminal before the panic message is printed.
    pub fn enter() -> Result<TerminalGuard> {
        require_terminal()?;
        let terminal = ratatui::try_init()?;
        Ok(TerminalGuard { terminal })
    }
}

/// The dashboard draws on a terminal and reads keys from one; without it, say what to do.
pub fn require_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the dashboard needs a terminal; for a plain-text summary run `improvers status` \
             (over ssh, `ssh -t` gives the dashboard a terminal)"
        );
    }
    Ok(())
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
