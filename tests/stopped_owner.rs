//! An owner stopped in its terminal (Ctrl-Z on `improvers serve`) answers nobody: `status` and
//! an import say so within seconds, naming the process and how to resume it, rather than
//! waiting minutes and suggesting that nothing is running. Real processes.

mod support;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::time::{Duration, Instant};
use support::{Server, demo_db, improvers};

#[test]
fn a_stopped_owner_is_named_within_seconds_and_work_goes_on_once_it_is_resumed() {
    let (dir, db) = demo_db();
    let server = Server::start(&db);
    let pid = Pid::from_raw(server.pid() as i32);
    kill(pid, Signal::SIGSTOP).unwrap();

    let started = Instant::now();
    let out = improvers(&db).arg("status").output().unwrap();
    let waited = started.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        said.contains(&format!(
            "improvers process {pid} holds the database at {} but is stopped",
            db.display()
        )),
        "{said}"
    );
    assert!(said.contains(&format!("kill -CONT {pid}")), "{said}");
    assert!(
        waited < Duration::from_secs(60),
        "told after {waited:?}, not minutes"
    );

    kill(pid, Signal::SIGCONT).unwrap();
    let file = dir.path().join("late.csv");
    std::fs::write(
        &file,
        "name,email,profession,organisation,cohort\r\n\
         Wren Halloway,wren.halloway@example.org,Nurse,Northgate Community Health,1\r\n",
    )
    .unwrap();
    improvers(&db)
        .args(["import", "participants"])
        .arg(&file)
        .assert()
        .success();
    improvers(&db).arg("status").assert().success();
    server.stop();
}
