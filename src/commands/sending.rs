//! `improvers mail --send` and `improvers remind`: sending what is due through the mail
//! server, each message entered in the sent register once the server has accepted it.

use crate::domain::mail::sent::{SentId, SentMessage, next_sent_id, record_sent, sent_register};
use crate::domain::mail::{DueMessage, due_messages};
use crate::io::config::Config;
use crate::io::mail::send::{NotSent, Sender};
use crate::io::mail::{Templates, build_message};
use crate::store::Scope;
use anyhow::{Result, bail};
use chrono::Utc;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `mail --send`: send, one line per message, then a summary.
    Send,
    /// `remind`: send, one line per message sent and nothing else on standard output.
    Remind,
}

/// Named in the lock file's errors. The lock is taken by every sending run for as long as it
/// sends, so two runs at once (cron and a person, or two crontabs) never both send a message:
/// the second waits, then finds the first's messages in the register.
const SENDING_LOCK: &str = "mail.lock";

/// Sends what is due. `config_name` names the configuration file in errors; `config_file`, the
/// file in force (whether or not it exists), has the team's own templates in the `mail/` folder
/// beside it.
pub fn run(
    path: &Path,
    config: &Config,
    config_name: &str,
    config_file: Option<&Path>,
    mode: Mode,
) -> Result<()> {
    // Before anything else, so a missing password says so without waiting for another run.
    let sender = Sender::new(&config.mail.transport, config_name).map_err(anyhow::Error::msg)?;
    if !super::database_exists(path)? {
        // open_existing words it.
        super::open_existing(path)?;
    }
    let _sending = hold_sending_lock(path)?;
    let mut database = super::open_existing(path)?;
    let (_, data) = database.snapshot(Scope::WithoutExpenses)?;
    let today = super::local_now(&data).today();
    let due = due_messages(&data, &config.mail, today, &sent_register(&data));
    let templates = Templates::load(
        config_file
            .and_then(Path::parent)
            .map(|f| f.join("mail"))
            .as_deref(),
    )?;
    let mut stdout = std::io::stdout().lock();
    let (mut sent, mut not_sent) = (0usize, Vec::<String>::new());
    // Said, but not a failure: running again cannot help, and cron would otherwise report it
    // as one every morning until an address is added.
    let mut no_address = Vec::<String>::new();
    let mut next_id = next_sent_id(&data);
    for (i, message) in due.iter().enumerate() {
        let who = recipient(message);
        let Some(email) = message.recipient.email.clone() else {
            no_address.push(format!(
                "the {} to {} was not sent: they have no email address; add one and it goes \
                 next time",
                message.kind.label(),
                message.recipient.name
            ));
            continue;
        };
        let built = match build_message(message, &data, &templates, &config.mail) {
            Ok(built) => built,
            Err(e) => {
                not_sent.push(format!(
                    "the {} to {who} was not sent: {e}",
                    message.kind.label()
                ));
                continue;
            }
        };
        match sender.send(&built.message, &email) {
            Ok(()) => {}
            Err(NotSent::ThisOne(why)) => {
                not_sent.push(why);
                continue;
            }
            Err(NotSent::Any(why)) => {
                not_sent.push(why);
                let left = due.len() - i - 1;
                if left > 0 {
                    not_sent.push(format!(
                        "{left} more {} not tried; {} due and go next time",
                        if left == 1 {
                            "message was"
                        } else {
                            "messages were"
                        },
                        if left == 1 { "it stays" } else { "they stay" },
                    ));
                }
                break;
            }
        }
        let at = Utc::now();
        let describe = format!("{} to {who}", message.kind.label());
        let recorded = database.apply_made(&data, Scope::WithoutExpenses, |data| {
            // This run's own entries are not in `data` until a newer one is read.
            let id = next_sent_id(data).max(next_id);
            let entry = SentMessage {
                id,
                key: message.key,
                to_person: message.recipient.person,
                to_email: email.clone(),
                message_id: built.message_id.clone(),
                at,
            };
            Ok::<_, std::convert::Infallible>(Some((record_sent(entry, &describe), id)))
        });
        if let Ok(Some((_, id))) = recorded {
            next_id = SentId(id.0 + 1);
        }
        if let Err(e) = recorded {
            // The server has it: going on could send it again on the next run while the
            // register cannot be written, so stop here and say so.
            writeln!(stdout, "sent {describe} {}", built.message_id)?;
            bail!(
                "the {describe} was sent ({}) but could not be entered in the sent register \
                 ({e}); it may be sent again on the next run; nothing more was sent",
                built.message_id
            );
        }
        sent += 1;
        writeln!(stdout, "sent {describe} {}", built.message_id)?;
    }
    for why in no_address.iter().chain(&not_sent) {
        crate::tell!("improvers: {why}");
    }
    if mode == Mode::Send {
        writeln!(
            stdout,
            "{} sent through {}; {} not sent.",
            crate::domain::count::count(sent, "message"),
            sender.place(),
            not_sent_count(&due, sent)
        )?;
    }
    if !not_sent.is_empty() {
        let failed = not_sent_count(&due, sent) - no_address.len();
        bail!(
            "{failed} of {} due not sent (see above); {} due and go on the next run",
            crate::domain::count::count(due.len(), "message"),
            if failed == 1 { "it stays" } else { "they stay" }
        );
    }
    Ok(())
}

fn not_sent_count(due: &[DueMessage], sent: usize) -> usize {
    due.len() - sent
}

fn recipient(message: &DueMessage) -> String {
    match &message.recipient.email {
        Some(email) => format!("{} <{email}>", message.recipient.name),
        None => message.recipient.name.clone(),
    }
}

/// The sending lock in the database folder, waited for when another run holds it. A file
/// only its owner can read, as every file in the folder is.
fn hold_sending_lock(path: &Path) -> Result<nix::fcntl::Flock<std::fs::File>> {
    use std::os::unix::fs::OpenOptionsExt;
    let file_path = path.join(SENDING_LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&file_path)
        .map_err(|e| {
            anyhow::anyhow!(crate::store::error::file_sentence(
                "open the sending lock",
                &file_path,
                &e
            ))
        })?;
    nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusive).map_err(|(_, errno)| {
        anyhow::anyhow!(crate::store::error::file_sentence(
            "lock",
            &file_path,
            &errno.into()
        ))
    })
}
