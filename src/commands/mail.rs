//! `improvers mail`: what mail is due, listed, or with `--dry-run` written as `.eml` files for
//! a person to read before anything is sent (`--send` is in `sending`).

use crate::domain::mail::{DueMessage, due_day, due_messages, what_about};
use crate::domain::snapshot::Snapshot;
use crate::io::config::Config;
use crate::io::mail::{BuiltMessage, Templates, build_each, check_templates};
use crate::store::Scope;
use crate::store::error::file_sentence;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::fs::{DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

pub struct MailOptions {
    pub dry_run: bool,
    /// Where `--dry-run` writes; a new folder in the current one when `None`.
    pub out: Option<PathBuf>,
}

/// Lists what is due today, or writes it (`dry_run`). `config_file` is the configuration file
/// in force (whether or not it exists): the `mail/` folder beside it holds the team's own
/// templates.
pub fn run(
    path: &Path,
    config: &Config,
    config_file: Option<PathBuf>,
    options: MailOptions,
) -> Result<()> {
    let (_, data) = super::open_existing(path)?.snapshot(Scope::Everything)?;
    let today = super::local_now(&data).at.date();
    // What the sent register holds is not due again; a dry run records nothing as sent.
    let sent = crate::domain::mail::sent::sent_register(&data);
    let due = due_messages(&data, &config.mail, today, &sent);
    let (sendable, unsendable): (Vec<&DueMessage>, Vec<&DueMessage>) =
        due.iter().partition(|m| m.recipient.email.is_some());
    let mut out = std::io::stdout().lock();
    let day = today.format("%a %-d %b %Y");
    let folder = config_file
        .as_deref()
        .and_then(Path::parent)
        .map(|f| f.join("mail"));
    // The templates are checked whenever mail is listed, so a broken one is found before the
    // day it would be sent.
    let templates = Templates::load(folder.as_deref())
        .and_then(|t| check_templates(&due, &data, &t, &config.mail).map(|()| t));
    if !options.dry_run {
        if due.is_empty() {
            writeln!(out, "No mail is due on {day}.")?;
        } else {
            writeln!(out, "Due on {day}: {}.", messages(sendable.len()))?;
        }
        for m in &sendable {
            writeln!(out, "  {}", line(&data, m, today))?;
        }
        unsendable_lines(&mut out, &data, &unsendable, today)?;
        if let Err(e) = templates {
            bail!("{e}; put the template right (docs/mail.md lists each kind's fields)");
        }
        return Ok(());
    }
    if config.mail.from.is_none() {
        let name = config_file
            .as_deref()
            .map_or("the configuration file".into(), |f| f.display().to_string());
        bail!(crate::io::mail::no_sender_sentence(&name));
    }
    let templates = templates?;
    let (built, refused) = build_each(sendable.iter().copied(), &data, &templates, &config.mail)?;
    if built.is_empty() && refused.is_empty() {
        writeln!(out, "No mail is due on {day}; nothing was written.")?;
        unsendable_lines(&mut out, &data, &unsendable, today)?;
        return Ok(());
    }
    let dir = write_messages(options.out, &built)?;
    writeln!(
        out,
        "Wrote {} due on {day} to {} (nothing was sent):",
        messages(built.len()),
        dir.display()
    )?;
    for b in &built {
        writeln!(out, "  {}", line(&data, &b.due, today))?;
    }
    if !refused.is_empty() {
        writeln!(out, "Not written ({}):", refused.len())?;
        for reason in &refused {
            writeln!(out, "  {reason}")?;
        }
    }
    unsendable_lines(&mut out, &data, &unsendable, today)?;
    Ok(())
}

/// Writes `built` as `.eml` files, `001-invitation-EMAIL.eml` and on, into `out` (made if
/// missing, refused unless empty) or a new folder `improvers-mail-YYYYMMDD-HHMMSS` in the
/// current one; the folder and files readable by their owner alone. Returns the folder.
///
/// # Errors
/// A folder that is not empty, or one that cannot be made or written, naming it.
pub fn write_messages(out: Option<PathBuf>, built: &[BuiltMessage]) -> Result<PathBuf> {
    let dir = out_folder(out)?;
    for (n, b) in built.iter().enumerate() {
        let email = b.due.recipient.email.as_deref().unwrap_or("nobody");
        let file = dir.join(format!(
            "{:03}-{}-{}.eml",
            n + 1,
            b.due.kind.key(),
            file_safe(email)
        ));
        write_private(&file, &b.message.formatted())?;
    }
    Ok(dir)
}

fn messages(n: usize) -> String {
    crate::domain::count::count(n, "message")
}

/// "Mon 30 Nov  invitation        Wren Hollis <wren@example.org>: Session, Wed 2 Dec 2026 10:00"
fn line(data: &Snapshot, m: &DueMessage, today: NaiveDate) -> String {
    let to = match &m.recipient.email {
        Some(email) => format!("{} <{email}>", m.recipient.name),
        None => m.recipient.name.clone(),
    };
    crate::domain::text::clean_line(&format!(
        "{}  {:<17} {to}: {}",
        due_day(m.due_on, today),
        m.kind.label(),
        what_about(data, m)
    ))
}

fn unsendable_lines(
    out: &mut impl Write,
    data: &Snapshot,
    unsendable: &[&DueMessage],
    today: NaiveDate,
) -> Result<()> {
    if unsendable.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "Cannot be sent, no email in the register ({}):",
        unsendable.len()
    )?;
    for m in unsendable {
        writeln!(out, "  {}", line(data, m, today))?;
    }
    Ok(())
}

/// The folder to write into, made readable by its owner only (the messages hold people's
/// names and addresses): `given`, made if missing and refused unless empty, else a new folder
/// `improvers-mail-YYYYMMDD-HHMMSS` in the current one.
fn out_folder(given: Option<PathBuf>) -> Result<PathBuf> {
    let mut builder = DirBuilder::new();
    builder.mode(0o700);
    if let Some(dir) = given {
        if dir.is_dir() {
            let mut entries =
                std::fs::read_dir(&dir).map_err(|e| anyhow!(file_sentence("read", &dir, &e)))?;
            if entries.next().is_some() {
                bail!(
                    "{} is not empty; give a new or empty folder with --out, so that no \
                     message of an earlier run is taken for one of this run",
                    dir.display()
                );
            }
            return Ok(dir);
        }
        builder.recursive(true);
        builder
            .create(&dir)
            .map_err(|e| anyhow!(file_sentence("make the folder", &dir, &e)))?;
        return Ok(dir);
    }
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    for n in 1..100 {
        let name = if n == 1 {
            format!("improvers-mail-{stamp}")
        } else {
            format!("improvers-mail-{stamp}-{n}")
        };
        let dir = PathBuf::from(name);
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => bail!(file_sentence("make the folder", &dir, &e)),
        }
    }
    bail!(
        "the current folder already holds 99 folders improvers-mail-{stamp}-N; give one with --out"
    )
}

/// An email as part of a file name: letters, digits and `@._+-`, anything else `_`.
fn file_safe(email: &str) -> String {
    email
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@._+-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn write_private(file: &Path, bytes: &[u8]) -> Result<()> {
    let mut out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
        .map_err(|e| anyhow!(file_sentence("write", file, &e)))?;
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| anyhow!(file_sentence("write", file, &e)))
}
