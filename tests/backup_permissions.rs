//! A backup holds people's details, so it is readable by its owner alone whatever the umask. In
//! its own test binary because the umask is process-wide and would race other tests.

mod common;

use common::*;
use improvers::domain::change::Change;
use improvers::store::Store;
use nix::sys::stat::{Mode, umask};
use std::os::unix::fs::PermissionsExt;

#[test]
fn a_backup_is_private_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    let change = Change::Batch {
        summary: "imported".into(),
        changes: every_kind().into_iter().map(Change::Put).collect(),
    };
    store.apply(&change, "sam", when(0)).unwrap();

    let file = dir.path().join("programme.backup");
    // An earlier, readable file of the same name is replaced by a private one.
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let previous = umask(Mode::from_bits_truncate(0o022));
    let written = store.backup(&file);
    umask(previous);
    written.unwrap();

    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "a partial file was left behind: {names:?}");
}
