//! Taking over the terminal and always giving it back: on quit, on error, and on panic.

use anyhow::{Result, bail};
use ratatui::DefaultTerminal;
use std::io::IsTerminal;

/// Owns the terminal while the dashboard runs; dropping it restores the screen.
pub struct TerminalGuard {
    /// Always there until dropped.
    terminal: Option<DefaultTerminal>,
}

impl TerminalGuard {
    /// Enters the alternate screen in raw mode. `ratatui::init` also installs a panic hook that
    /// restores the terminal before the panic message is printed.
    pub fn enter() -> Result<TerminalGuard> {
        require_terminal()?;
        let terminal = ratatui::try_init()?;
        // Pasted text arrives as one paste, not as keys: a newline in it must not act as Enter
        // and the text after it as commands.
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste)?;
        Ok(TerminalGuard {
            terminal: Some(terminal),
        })
    }

    /// Draws one frame with `render`.
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> std::io::Result<()> {
        if let Some(terminal) = self.terminal.as_mut() {
            terminal.draw(render)?;
        }
        Ok(())
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
        // On a terminal that has gone (a dropped SSH session) restoring it fails, and there is
        // nowhere to say so: ratatui would print that to the terminal that has gone, fail, and
        // panic, and the database would not be closed properly. So nothing is printed, and a
        // terminal whose cursor cannot be shown is not dropped (its drop would print).
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
        if let Some(mut terminal) = self.terminal.take() {
            if terminal.show_cursor().is_err() {
                std::mem::forget(terminal);
            }
        }
        let _ = ratatui::try_restore();
    }
}
