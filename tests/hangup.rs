//! A dashboard whose terminal goes away (an SSH session dropped, a tmux window closed) quits
//! and closes the database properly, rather than spin reading the closed terminal and hold the
//! database so that nothing else (a `restore`) can have it. A real dashboard on a real
//! pseudo-terminal, whose other end is then closed.

mod support;

use std::io::Read;
use std::time::{Duration, Instant};
use support::{demo_db, status_json};

#[test]
fn a_dashboard_whose_terminal_closes_quits_and_lets_the_database_go() {
    let (_dir, db) = demo_db();
    let before = status_json(&db);
    let (mut dashboard, mut screen) = support::dashboard_on_a_terminal(&db, 80, 24);
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
