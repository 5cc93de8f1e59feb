//! `improvers joined-q` while a coordinator's dashboard owns the database: the command goes
//! through the dashboard as a client, and the open roster marks the new alumnus within moments.
//! A real dashboard on a real pseudo-terminal.

mod support;

use std::io::{Read, Write};
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
    let (mut dashboard, mut screen) = support::dashboard_on_a_terminal(&db, 80, 24);
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
