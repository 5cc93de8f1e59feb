//! `improvers joined-q` while a coordinator's dashboard owns the database: the command goes
//! through the dashboard as a client, and the open roster marks the new alumnus within moments.
//! A real dashboard on a real pseudo-terminal.

mod support;

use nix::fcntl::{FcntlArg, FdFlag, OFlag, fcntl};
use nix::pty::{Winsize, openpty};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{demo_db, improvers, snapshot, stdout};

/// Reads what the dashboard draws until `wanted` is among it, or panics after `within`.
fn read_until(screen: &mut std::fs::File, drawn: &mut Vec<u8>, wanted: &str, within: Duration) {
    let started = Instant::now();
    while !String::from_utf8_lossy(drawn).contains(wanted) {
        assert!(
            started.elapsed() < within,
            "“{wanted}” never appeared on the dashboard"
        );
        let mut chunk = [0u8; 8192];
        if let Ok(n) = screen.read(&mut chunk) {
            drawn.extend_from_slice(&chunk[..n]);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn joined_q_from_a_shell_reaches_the_dashboard_that_owns_the_database() {
    let (_dir, db) = demo_db();
    let size = Winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = openpty(&size, None).unwrap();
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
    fcntl(&pty.master, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).unwrap();
    let mut screen = std::fs::File::from(pty.master);
    let mut drawn = Vec::new();
    read_until(&mut screen, &mut drawn, "Roster", Duration::from_secs(10));
    assert!(
        db.join("owner.sock").exists(),
        "the dashboard owns the database"
    );
    // Cohort 1, where Bríd Ní Mhurchú has completed.
    screen.write_all(b"[").unwrap();
    read_until(&mut screen, &mut drawn, "Lindqvist", Duration::from_secs(5));
    drawn.clear();

    let said = stdout(improvers(&db).args([
        "joined-q",
        "brid.nimhurchu@westfield-wc.example",
        "--roles",
        "mentor",
    ]));
    assert!(said.contains("Bríd Ní Mhurchú joined Q"), "{said}");
    read_until(&mut screen, &mut drawn, "↑Q", Duration::from_secs(5));

    screen.write_all(b"q").unwrap();
    let started = Instant::now();
    let status = loop {
        let mut chunk = [0u8; 8192];
        let _ = screen.read(&mut chunk);
        if let Some(status) = dashboard.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = dashboard.kill();
            panic!("the dashboard did not quit");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    // Saved once, through the owner, and still there with nobody holding the database.
    let data = snapshot(&db);
    assert_eq!(data.q_links.len(), 1);
    assert_eq!(
        data.q_members
            .values()
            .filter(|q| q.name == "Bríd Ní Mhurchú")
            .count(),
        1
    );
}
