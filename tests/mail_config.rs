//! A wrong `[mail]` table, as a person might write one: each mistake is said in a sentence
//! naming the file, the line, the key and what it may hold, and nothing is sent or written.

mod support;

use std::path::{Path, PathBuf};
use support::{demo_db, improvers};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

/// What `improvers --config FIXTURE ARGS` says on standard error; it must fail.
fn refusal(db: &Path, name: &str, args: &[&str]) -> String {
    let out = improvers(db)
        .arg("--config")
        .arg(fixture(name))
        .args(args)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn each_wrong_mail_setting_is_named_with_its_file_line_and_allowed_values() {
    let (_dir, db) = demo_db();
    let file = |name: &str| fixture(name).display().to_string();
    assert_eq!(
        refusal(&db, "mail-port-too-large.toml", &["mail"]),
        format!(
            "improvers: {}, line 4: mail.smtp_port = 99999 is out of range; write the port as \
             a whole number from 1 to 65535, without quotes, as smtp_port = 587\n",
            file("mail-port-too-large.toml")
        )
    );
    assert_eq!(
        refusal(&db, "mail-port-quoted-crlf.toml", &["mail"]),
        format!(
            "improvers: {}, line 4: mail.smtp_port = \"587\" is text in quotes; write the port \
             as a whole number from 1 to 65535, without quotes, as smtp_port = 587\n",
            file("mail-port-quoted-crlf.toml")
        )
    );
    assert_eq!(
        refusal(&db, "mail-port-zero.toml", &["mail"]),
        format!(
            "improvers: {}, line 4: mail.smtp_port = 0 is not a port a server listens on; give \
             the mail server's port from 1 to 65535, as smtp_port = 587 (submission with \
             STARTTLS)\n",
            file("mail-port-zero.toml")
        )
    );
    assert_eq!(
        refusal(&db, "mail-from-twice.toml", &["mail"]),
        format!(
            "improvers: {}, line 3: mail.from is set twice in [mail]; keep the one you mean and \
             remove the other\n",
            file("mail-from-twice.toml")
        )
    );
    let password = refusal(&db, "mail-password.toml", &["mail"]);
    assert!(
        password.starts_with(&format!(
            "improvers: {}, line 5: unknown field `password`",
            file("mail-password.toml")
        )),
        "{password}"
    );
    assert!(
        password.ends_with(
            "; a password is never written in the configuration file: give password_env (the \
             name of an environment variable holding it) or password_file (a file only you can \
             read) under [mail] instead (docs/mail.md)\n"
        ),
        "{password}"
    );
    for args in [&["mail", "--dry-run"][..], &["mail", "--send"], &["remind"]] {
        assert_eq!(
            refusal(&db, "mail-without-from.toml", args),
            format!(
                "improvers: there is no mailbox to send from: set `from = \
                 \"programme@example.org\"` under [mail] in {} (docs/mail.md)\n",
                file("mail-without-from.toml")
            ),
            "{args:?}"
        );
    }
}
