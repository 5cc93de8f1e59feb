//! Damaged backups as a user meets them: a backup with a bit flipped or cut short anywhere,
//! its header included, is refused by `restore` as damaged (never as a newer version, never
//! restored as something else), and nothing is created for it.

mod support;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;
use support::{demo_db, improvers, stdout};

/// The whole programme as `export all --format json` writes it.
fn export(db: &Path) -> String {
    stdout(improvers(db).args(["export", "all", "--format", "json"]))
}

#[test]
fn a_hundred_and_fifty_damaged_backups_are_each_refused_or_restored_whole() {
    let (dir, db) = demo_db();
    let file = dir.path().join("demo.backup");
    improvers(&db).arg("backup").arg(&file).assert().success();
    let whole = export(&db);
    let bytes = std::fs::read(&file).unwrap();
    // The header, its checksum line and the content's format byte.
    let header = 17 + 72 + 1;
    assert!(bytes.len() > 10 * header, "{} bytes", bytes.len());

    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut failures = Vec::new();
    let mut restored = 0;
    for n in 0..150 {
        // A third of the cases in the header, where a flip once read as a newer version.
        let at = if n % 3 == 0 {
            rng.random_range(0..header)
        } else {
            rng.random_range(0..bytes.len())
        };
        let (how, damaged) = if n % 2 == 0 {
            let bit = rng.random_range(0..8u8);
            let mut flipped = bytes.clone();
            flipped[at] ^= 1 << bit;
            (format!("bit {bit} of byte {at} flipped"), flipped)
        } else {
            (format!("cut to {at} bytes"), bytes[..at].to_vec())
        };
        let bad = dir.path().join(format!("damaged-{n}.backup"));
        std::fs::write(&bad, &damaged).unwrap();
        let target = dir.path().join(format!("restored-{n}"));
        let out = improvers(&target)
            .arg("restore")
            .arg(&bad)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            restored += 1;
            if export(&target) != whole {
                failures.push(format!("{how}: restored a different programme"));
            }
            continue;
        }
        let name = bad.display();
        let refusals = [
            format!(
                "improvers: {name} is damaged: its checksum does not match; it cannot be \
                 restored. Use another backup\n"
            ),
            format!(
                "improvers: {name} is not a complete improvers backup: it ends within its \
                 header, as if cut short\n"
            ),
            format!("improvers: {name} is not a complete improvers backup: the file is empty\n"),
        ];
        if !refusals.iter().any(|r| *r == stderr) {
            failures.push(format!("{how}: {stderr}"));
        }
        if target.exists() {
            failures.push(format!(
                "{how}: refused, but {} was created",
                target.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A checksum over everything leaves no damage that restores.
    assert_eq!(restored, 0);
}
