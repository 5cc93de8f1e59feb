//! `improvers mail --send` and `improvers remind`: sending what is due through the mail
//! server, each message entered in the sent register once the server has accepted it.

use crate::domain::mail::sent::{SentId, SentMessage, record_sent_run, sent_register};
use crate::domain::mail::{DueMessage, MailSettings, due_messages};
use crate::io::config::Config;
use crate::io::mail::journal::Journal;
use crate::io::mail::send::{NotSent, Sender};
use crate::io::mail::{Templates, build_message};
use crate::store::Scope;
use anyhow::{Result, bail};
use chrono::Utc;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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
    let folder = config_file.and_then(Path::parent).map(|f| f.join("mail"));
    let mut stdout = std::io::stdout().lock();
    let mut printed = Ok(());
    let outcome = send_due(
        path,
        &config.mail,
        config_name,
        folder.as_deref(),
        None,
        &AtomicBool::new(false),
        &mut |news| match news {
            Progress::Sent {
                describe,
                message_id,
            } if printed.is_ok() => {
                printed = writeln!(stdout, "sent {describe} {message_id}");
            }
            Progress::Waiting(why) => crate::tell!("improvers: {why}"),
            _ => {}
        },
    )?;
    printed?;
    for why in outcome.no_address.iter().chain(&outcome.not_sent) {
        crate::tell!("improvers: {why}");
    }
    if outcome.waited && outcome.due == 0 {
        crate::tell!(
            "improvers: the run this one waited for sent what was due; nothing was left to send"
        );
    }
    if mode == Mode::Send {
        writeln!(
            stdout,
            "{} sent through {}; {} not sent.",
            crate::domain::count::count(outcome.sent, "message"),
            outcome.place,
            outcome.due - outcome.sent
        )?;
    }
    if !outcome.not_sent.is_empty() {
        let failed = outcome.due - outcome.sent - outcome.no_address.len();
        bail!(
            "{failed} of {} due not sent (see above); {} due and {} on the next run",
            crate::domain::count::count(outcome.due, "message"),
            if failed == 1 { "it stays" } else { "they stay" },
            if failed == 1 { "goes" } else { "go" }
        );
    }
    Ok(())
}

/// What a sending run tells as it goes: the dashboard shows it, the command prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Another run holds the sending lock: this one waits for it, in a sentence naming who
    /// started it and when.
    Waiting(String),
    /// The run holds the sending lock and found `due` messages due.
    Started { due: usize },
    /// Message `n` (from 1) of the run is being handed to the server.
    Sending { n: usize, describe: String },
    /// The server accepted it and it is written down; the run enters all it sent in the sent
    /// register as one change when it ends.
    Sent {
        describe: String,
        message_id: String,
    },
    /// It was not sent, in a sentence; it stays due.
    NotSent(String),
}

/// How a sending run went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Messages due when the run began.
    pub due: usize,
    /// Messages the server accepted and the register holds.
    pub sent: usize,
    /// Where they went: "smtp.example.org:587" or "/usr/sbin/sendmail".
    pub place: String,
    /// Whether the run waited for another that was sending, which may have sent what was due.
    pub waited: bool,
    /// A sentence for each message to someone with no email address.
    pub no_address: Vec<String>,
    /// A sentence for each message not sent (a refusal, a template error, a server down);
    /// those stay due.
    pub not_sent: Vec<String>,
}

/// Sends every message due in the database at `path` through the way out `mail` sets, with the
/// templates of `templates` (the team's own, beside the configuration file) over the defaults.
/// Each message the server accepts is written down at once in the journal
/// ([`crate::io::mail::journal`]); when the run ends, however it ends, all it sent are entered
/// in the sent register as one change, one history entry ("sent 12 messages"). Holds the
/// sending lock while it runs, so a dashboard, `mail --send` and `remind` at once never send
/// a message twice. `on` hears of each message as it goes. `stop`, once set, ends the run before the next
/// message: the one in hand is finished and entered in the register first, so a dashboard that
/// quits mid-run leaves no message the server accepted unrecorded (it would go twice).
///
/// # Errors
/// No way out set (naming the `[mail]` keys and `config_name`), a password that cannot be
/// read, a template that fails, the database or lock unreachable, a journal left by an earlier
/// run that cannot be read, or messages sent that could not be written down or entered in the
/// register (then nothing more is sent, and what was sent is kept in the journal).
pub fn send_due(
    path: &Path,
    mail: &MailSettings,
    config_name: &str,
    templates: Option<&Path>,
    today: Option<chrono::NaiveDate>,
    stop: &AtomicBool,
    on: &mut dyn FnMut(Progress),
) -> Result<Outcome> {
    // Before anything else, so a missing password says so without waiting for another run.
    if super::demo::is_demo(path) {
        bail!(super::demo::demo_sends_nothing(path));
    }
    if mail.from.is_none() {
        bail!(crate::io::mail::no_sender_sentence(config_name));
    }
    let sender = Sender::new(&mail.transport, config_name).map_err(anyhow::Error::msg)?;
    if !super::database_exists(path)? {
        // open_existing words it.
        super::open_existing(path)?;
    }
    let (_sending, waited) = hold_sending_lock(path, on)?;
    let mut journal = Journal::of(path);
    let mut database = super::open_existing(path)?;
    let (_, data) = database.snapshot(Scope::WithoutExpenses)?;
    let mut register = sent_register(&data);
    // What a run cut short had sent goes into the register with this run's, and is not due.
    let mut accepted: Vec<SentMessage> = journal
        .left_over()
        .map_err(anyhow::Error::msg)?
        .into_iter()
        .filter(|m| !register.contains(&m.key))
        .collect();
    for m in &accepted {
        register.insert(m.key);
    }
    let today = today.unwrap_or_else(|| super::local_now(&data).today());
    let due = due_messages(&data, mail, today, &register);
    let sending = Templates::load(templates)
        .map_err(anyhow::Error::from)
        .and_then(|templates| {
            send_each(
                &due,
                &data,
                &templates,
                mail,
                &sender,
                &mut journal,
                &mut accepted,
                stop,
                on,
            )
        });
    // Whatever stopped the run, what the server accepted is entered, as one change.
    let recorded = if accepted.is_empty() {
        journal.clear().map_err(anyhow::Error::msg)
    } else {
        record_run(&mut database, &data, &accepted, &mut journal)
    };
    let outcome = sending?;
    recorded?;
    Ok(Outcome { waited, ..outcome })
}

/// Enters `accepted` in the sent register as one change, then clears the journal.
fn record_run(
    database: &mut crate::store::shared::Database,
    data: &crate::domain::snapshot::Snapshot,
    accepted: &[SentMessage],
    journal: &mut Journal,
) -> Result<()> {
    let recorded = database.apply_made(data, Scope::WithoutExpenses, |newer| {
        // Numbered from the newest register, which another process may have added to.
        Ok::<_, std::convert::Infallible>(Some((record_sent_run(newer, accepted), ())))
    });
    if let Err(e) = recorded {
        // They stay in the journal, and the next run enters them before sending anything.
        bail!(
            "{} went but could not be entered in the sent register ({e}); they are kept in \
             {} and entered by the next run before it sends anything",
            crate::domain::count::count(accepted.len(), "message"),
            journal.path().display()
        );
    }
    // Cannot leave them sent twice: the next run finds them in the register already.
    let _ = journal.clear();
    Ok(())
}

/// Sends each of `due` in turn, writing each accepted in `journal` and `accepted`.
#[allow(clippy::too_many_arguments)]
fn send_each(
    due: &[DueMessage],
    data: &crate::domain::snapshot::Snapshot,
    templates: &Templates,
    mail: &MailSettings,
    sender: &Sender,
    journal: &mut Journal,
    accepted: &mut Vec<SentMessage>,
    stop: &AtomicBool,
    on: &mut dyn FnMut(Progress),
) -> Result<Outcome> {
    on(Progress::Started { due: due.len() });
    let mut outcome = Outcome {
        due: due.len(),
        place: sender.place().to_string(),
        ..Outcome::default()
    };
    for (i, message) in due.iter().enumerate() {
        if stop.load(Ordering::SeqCst) {
            let left = due.len() - i;
            let why = format!(
                "sending was stopped; {} not tried {} due and {} next time",
                crate::domain::count::count(left, "message"),
                if left == 1 { "stays" } else { "stay" },
                if left == 1 { "goes" } else { "go" },
            );
            on(Progress::NotSent(why.clone()));
            outcome.not_sent.push(why);
            break;
        }
        let who = recipient(message);
        let Some(email) = message.recipient.email.clone() else {
            // Said, but not a failure: running again cannot help, and cron would otherwise
            // report it as one every morning until an address is added.
            outcome.no_address.push(format!(
                "the {} to {} was not sent: they have no email address; add one and it goes \
                 next time",
                message.kind.label(),
                message.recipient.name
            ));
            continue;
        };
        let describe = format!("{} to {who}", message.kind.label());
        on(Progress::Sending {
            n: i + 1,
            describe: describe.clone(),
        });
        let built = match build_message(message, data, templates, mail) {
            Ok(built) => built,
            Err(e) => {
                let why = format!("the {} to {who} was not sent: {e}", message.kind.label());
                on(Progress::NotSent(why.clone()));
                outcome.not_sent.push(why);
                continue;
            }
        };
        match sender.send(&built.message, &message.recipient.name, &email) {
            Ok(()) => {}
            Err(NotSent::ThisOne(why)) => {
                on(Progress::NotSent(why.clone()));
                outcome.not_sent.push(why);
                continue;
            }
            Err(NotSent::Any(why)) => {
                on(Progress::NotSent(why.clone()));
                outcome.not_sent.push(why);
                let left = due.len() - i - 1;
                if left > 0 {
                    outcome.not_sent.push(format!(
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
        let entry = SentMessage {
            // Numbered when the run is entered in the register.
            id: SentId(0),
            key: message.key,
            to_person: message.recipient.person,
            to_email: email.clone(),
            message_id: built.message_id.clone(),
            at: Utc::now(),
        };
        let written = journal.write_down(&entry);
        accepted.push(entry);
        on(Progress::Sent {
            describe: describe.clone(),
            message_id: built.message_id.clone(),
        });
        if let Err(e) = written {
            // The server has it: going on while it cannot be written down could send it
            // again, so stop here and say so.
            bail!(
                "the {describe} was sent ({}) but could not be written down ({e}); nothing \
                 more was sent",
                built.message_id
            );
        }
        outcome.sent += 1;
    }
    Ok(outcome)
}

fn recipient(message: &DueMessage) -> String {
    match &message.recipient.email {
        Some(email) => format!("{} <{email}>", message.recipient.name),
        None => message.recipient.name.clone(),
    }
}

/// The sending lock in the database folder, waited for when another run holds it (`on`
/// hears who holds it, so the wait is not silent); then it names this run, by Unix user and
/// time, for any run that comes to wait. A file only its owner can read, as every file in the
/// folder is. Returns the lock and whether this run waited.
fn hold_sending_lock(
    path: &Path,
    on: &mut dyn FnMut(Progress),
) -> Result<(nix::fcntl::Flock<std::fs::File>, bool)> {
    use nix::fcntl::{Flock, FlockArg};
    use std::os::unix::fs::OpenOptionsExt;
    let file_path = path.join(SENDING_LOCK);
    let sentence = |action: &str, e: &std::io::Error| {
        crate::store::error::file_sentence(action, &file_path, e)
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&file_path)
        .map_err(|e| anyhow::anyhow!(sentence("open the sending lock", &e)))?;
    let (mut lock, waited) = match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
        Ok(lock) => (lock, false),
        Err((file, nix::errno::Errno::EWOULDBLOCK)) => {
            let holder = std::fs::read_to_string(&file_path).unwrap_or_default();
            on(Progress::Waiting(waiting_sentence(&holder)));
            let lock = Flock::lock(file, FlockArg::LockExclusive)
                .map_err(|(_, errno)| anyhow::anyhow!(sentence("lock", &errno.into())))?;
            (lock, true)
        }
        Err((_, errno)) => bail!(sentence("lock", &errno.into())),
    };
    let stamp = format!(
        "{}\t{}\n",
        crate::store::current_user(),
        chrono::Local::now().format("%H:%M:%S on %a %-d %b %Y")
    );
    // Who holds the lock is news for a run that waits, never a reason to stop this one.
    let _ = lock.set_len(0).and_then(|()| {
        use std::io::Seek;
        lock.rewind()?;
        lock.write_all(stamp.as_bytes())
    });
    Ok((lock, waited))
}

/// "waiting for another run that is sending (started by ana at 07:00:02 on Mon 30 Nov
/// 2026)…", from what the lock file holds: the holder's user and time, tab-separated.
fn waiting_sentence(holder: &str) -> String {
    match holder.trim().split_once('\t') {
        Some((user, at)) => format!(
            "waiting for another run that is sending (started by {} at {})…",
            crate::domain::text::clean_line(user),
            crate::domain::text::clean_line(at)
        ),
        None => "waiting for another run that is sending…".to_string(),
    }
}
