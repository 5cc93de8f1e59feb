//! What the command-line tests share: running improvers on a database, a demo database, what
//! a command prints, the status figures, the whole stored programme, and `improvers serve` as a
//! real owner process.
#![allow(dead_code)]

pub mod report;

use assert_cmd::Command;
use improvers::domain::snapshot::Snapshot;
use improvers::store::Scope;
use improvers::store::shared::{Client, Database};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// `improvers --db DB`, with nothing from the caller's environment choosing another database
/// or configuration, or turning colour off.
pub fn improvers(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("improvers").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env_remove("IMPROVERS_DB")
        .env_remove("IMPROVERS_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/improvers-tests")
        .env_remove("NO_COLOR");
    cmd
}

/// A fresh database holding the demo's people and sessions, in a temporary folder (kept
/// while the folder lives). Its demo mark is taken off, so that, like a real programme's, its
/// mail can be sent (to the tests' own loopback server); `improvers demo` itself leaves the
/// mark, and then nothing is ever sent.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Built the demo programme"));
    unmark_demo(&db);
    (dir, db)
}

/// A demo database at `a` in `dir`, for tests that keep other databases and files beside it;
/// its demo mark taken off, as [`demo_db`]'s.
pub fn demo_db_in(dir: &Path) -> PathBuf {
    let db = dir.join("a");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    unmark_demo(&db);
    db
}

fn unmark_demo(db: &Path) {
    std::fs::remove_file(db.join(improvers::commands::demo::DEMO_MARK))
        .expect("improvers demo marks the database as the demo");
}

/// What `cmd` prints to standard output, once it has succeeded.
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Everything stored in `db`, read directly from the file.
pub fn snapshot(db: &Path) -> Snapshot {
    Database::open(db)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap()
        .1
}

/// `improvers status --json` on `db`.
pub fn status_json(db: &Path) -> serde_json::Value {
    let out = improvers(db)
        .args(["status", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// `improvers serve` on `db`, once its socket answers.
pub struct Server(Child);

impl Server {
    pub fn start(db: &Path) -> Server {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
            .arg("--db")
            .arg(db)
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while Client::connect(db).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "serve did not start"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        Server(child)
    }

    /// The process id of the `serve` process.
    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    /// SIGTERM, as `kill` or a closing terminal sends: the owner closes the database properly.
    pub fn stop(mut self) {
        let pid = nix::unistd::Pid::from_raw(self.0.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        let status = self.0.wait().unwrap();
        assert!(status.success(), "serve ended with {status} on SIGTERM");
    }

    /// SIGKILL: no chance to tidy up, like a dropped SSH session or `kill -9`.
    pub fn kill(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The CSV files in the order they import, named as in `assets/demo/`.
pub const CSV_KINDS: [&str; 10] = [
    "venues",
    "q-members",
    "participants",
    "pathway",
    "readiness",
    "sessions",
    "attendance",
    "matches",
    "check-ins",
    "expenses",
];

/// Imports `programme.toml` and every CSV file of `folder` into `db`, one command each, as
/// the README says to.
pub fn import_folder(db: &Path, folder: &Path) {
    improvers(db)
        .args(["import", "programme"])
        .arg(folder.join("programme.toml"))
        .assert()
        .success();
    for kind in CSV_KINDS {
        improvers(db)
            .args(["import", kind])
            .arg(folder.join(format!("{kind}.csv")))
            .assert()
            .success();
    }
}

/// A real dashboard on `db`, on a real pseudo-terminal of `cols`×`rows`: the child and the
/// terminal's other end (non-blocking), from which what it draws is read and to which keys are
/// written. The dashboard holds no copy of that end, so dropping it closes the terminal.
pub fn dashboard_on_a_terminal(db: &Path, cols: u16, rows: u16) -> (Child, std::fs::File) {
    use nix::fcntl::{FcntlArg, FdFlag, OFlag, fcntl};
    use nix::pty::{Winsize, openpty};
    let size = Winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = openpty(&size, None).unwrap();
    // openpty leaves both ends open across exec; the dashboard must not hold the other end.
    for end in [&pty.master, &pty.slave] {
        fcntl(end, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC)).unwrap();
    }
    let terminal = || Stdio::from(pty.slave.try_clone().unwrap());
    let dashboard = std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
        .arg("--db")
        .arg(db)
        .env_remove("IMPROVERS_DB")
        .env("XDG_CONFIG_HOME", "/nonexistent/improvers-tests")
        .env("TERM", "xterm-256color")
        .stdin(terminal())
        .stdout(terminal())
        .stderr(terminal())
        .spawn()
        .unwrap();
    drop(pty.slave);
    // Read without waiting, so a test reading what is drawn never hangs on a quiet screen.
    fcntl(&pty.master, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).unwrap();
    (dashboard, std::fs::File::from(pty.master))
}
