//! Where a backup may be written: never inside the database's own folder (it would go with the
//! database), and over an earlier file only with a word saying so.

mod support;

use support::{demo_db, improvers, snapshot, stdout};

#[test]
fn a_backup_inside_the_database_folder_is_refused_saying_why() {
    let (dir, db) = demo_db();
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    for spelled in [
        db.join("programme.backup"),
        dir.path().join("elsewhere/../demo/programme.backup"),
        db.join("not-yet/programme.backup"),
    ] {
        let out = improvers(&db)
            .arg("backup")
            .arg(&spelled)
            .assert()
            .failure()
            .get_output()
            .clone();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&format!(
                "{} is inside the database folder {}",
                spelled.display(),
                db.display()
            )) && said.contains("give a FILE outside it"),
            "{said}"
        );
        assert!(!spelled.exists(), "{} was written", spelled.display());
    }
    assert!(
        snapshot(&db).backups.is_empty(),
        "a refused backup was registered"
    );
}

#[test]
fn a_backup_beside_the_database_folder_is_taken() {
    let (dir, db) = demo_db();
    // Named like the folder, but beside it.
    let file = dir.path().join("demo.backup");
    let said = stdout(improvers(&db).arg("backup").arg(&file));
    assert!(said.starts_with("Backed up"), "{said}");
    assert!(!said.contains("Replaced"), "{said}");
    assert!(file.exists());
}

#[test]
fn a_backup_over_an_earlier_file_says_it_replaced_it() {
    let (dir, db) = demo_db();
    let file = dir.path().join("nightly.backup");
    std::fs::write(&file, "yesterday's copy").unwrap();
    let said = stdout(improvers(&db).arg("backup").arg(&file));
    assert!(
        said.contains(&format!(
            "Replaced {}, which was there before.",
            file.display()
        )),
        "{said}"
    );
    assert_ne!(std::fs::read(&file).unwrap(), b"yesterday's copy");
}
