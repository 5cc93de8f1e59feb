//! A dashboard whose terminal goes away (an SSH session dropped, a tmux window closed) quits
//! and closes the database properly, rather than spin reading the closed terminal and hold the
//! database so that nothing else (a `restore`) can have it. A real dashboard on a real
//! pseudo-terminal, whose other end is then closed.

mod support;

use nix::fcntl::{FcntlArg, FdFlag, OFlag, fcntl};
use nix::pty::{Winsize, openpty};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{demo_db, status_json};

#[test]
fn a_dashboard_whose_terminal_closes_quits_and_lets_the_database_go() {
    let (_dir, db) = demo_db();
    let before = status_json(&db);
    let size = Winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = openpty(&size, None).unwrap();
    // openpty leaves both ends open across exec; the dashboard must not hold the other end.
    for end in [&pty.master, &pty.slave] {
        fcntl(end, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC)).unwrap();
    }
    let terminal = || Stdio::from(pty.slave.try_clone().unwrap());
    let mut dashboard = Command::new(env!("CARGO_BIN_EXE_improvers"))
        .arg("--db")
        .arg(&db)
        .env_remove("IMPROVERS_DB")
        .env("XDG_CONFIG_HOME", "/nonexistent/improvers-tests")
        .env("TERM", "xterm-256color")
        .stdin(terminal())
        .stdout(terminal())
        .stderr(terminal())
        .spawn()
        .unwrap();
    drop(pty.slave);
    // Read what it draws, so it never waits on a full terminal, until it owns the database.
    fcntl(&pty.master, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).unwrap();
    let mut screen = std::fs::File::from(pty.master);
    let mut drawn = Vec::new();
    let started = Instant::now();
    while !db.join("owner.sock").exists() || drawn.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the dashboard did not start"
        );
        let mut chunk = [0u8; 4096];
        if let Ok(n) = screen.read(&mut chunk) {
            drawn.extend_from_slice(&chunk[..n]);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // The terminal goes away.
    drop(screen);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = dashboard.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = dashboard.kill();
            panic!("the dashboard is still running 10 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "it quit as q would: {status:?}");
    assert!(
        !db.join("owner.sock").exists(),
        "it closed the database properly"
    );
    assert_eq!(status_json(&db), before, "the programme is as it was");
}
