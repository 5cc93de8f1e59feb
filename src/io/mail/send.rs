//! Handing built messages to the mail server (SMTP, with STARTTLS unless the configuration
//! turns it off) or to the local sendmail, and saying in words what went wrong.

use super::password::read_password;
use crate::domain::mail::transport::{Smtp, Transport};
use lettre::Transport as _;
use lettre::transport::sendmail::SendmailTransport;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use std::path::Path;
use std::time::Duration;

/// How long a silent server is waited for at each step before the message counts as not sent.
const SERVER_TIMEOUT: Duration = Duration::from_secs(60);

/// A way out for messages, ready to send.
pub enum Sender {
    Smtp {
        transport: SmtpTransport,
        place: String,
    },
    Sendmail {
        transport: SendmailTransport,
        program: String,
    },
}

/// Why one message was not sent, and whether the rest can still go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSent {
    /// This message only: a refused recipient, a server asking to try later. The others are
    /// still tried.
    ThisOne(String),
    /// Nothing can be sent this time: the server cannot be reached, refuses the login, or
    /// sendmail cannot be run. The rest are not tried.
    Any(String),
}

impl NotSent {
    pub fn sentence(&self) -> &str {
        match self {
            NotSent::ThisOne(s) | NotSent::Any(s) => s,
        }
    }
}

impl Sender {
    /// The way out `transport` describes. `config_file` is named in errors about the settings.
    ///
    /// # Errors
    /// A sentence when no way out is set, when the host is not a name, or when the password
    /// cannot be read (see [`read_password`]).
    pub fn new(transport: &Transport, config_file: &str) -> Result<Sender, String> {
        match transport {
            Transport::Unset => Err(format!(
                "there is no way to send mail yet: set smtp_host (with smtp_port and \
                 smtp_user) or sendmail in the [mail] table of {config_file}; see docs/mail.md"
            )),
            Transport::Sendmail(path) => Ok(Sender::Sendmail {
                transport: SendmailTransport::new_with_command(path.as_os_str()),
                program: path.display().to_string(),
            }),
            Transport::Smtp(smtp) => smtp_sender(smtp, config_file),
        }
    }

    /// Where messages go, for the lines printed: "smtp.example.org:587" or "/usr/sbin/sendmail".
    pub fn place(&self) -> &str {
        match self {
            Sender::Smtp { place, .. } => place,
            Sender::Sendmail { program, .. } => program,
        }
    }

    /// Sends `message` to `to` (its recipient's address, for the error). `Ok` only once the
    /// server (or sendmail) has accepted it.
    ///
    /// # Errors
    /// [`NotSent`], in a sentence naming the server or program and what to do.
    pub fn send(&self, message: &lettre::Message, to: &str) -> Result<(), NotSent> {
        match self {
            Sender::Smtp { transport, place } => transport
                .send(message)
                .map(|_| ())
                .map_err(|e| smtp_not_sent(&e, place, to)),
            Sender::Sendmail { transport, program } => transport.send(message).map_err(|e| {
                NotSent::Any(format!(
                    "{program} did not take the message to {to} ({e}); check the sendmail \
                         setting in [mail] and that {program} works, then run this again"
                ))
            }),
        }
    }
}

/// The certificate authority in `file` (PEM), which the server's certificate may be signed by.
fn site_authority(file: &Path, config_file: &str) -> Result<Certificate, String> {
    let pem = std::fs::read(file).map_err(|e| {
        format!(
            "{}; it is the ca_file in [mail] of {config_file}",
            crate::store::error::file_sentence("read", file, &e)
        )
    })?;
    // A file with no certificate in it (a key, say) would otherwise be taken as trusting
    // nothing more, and the mistake would show only as a refused server.
    let holds_one = String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----");
    let parsed = if holds_one {
        Certificate::from_pem(&pem).map_err(|e| e.to_string())
    } else {
        Err("no certificate in it".to_string())
    };
    parsed.map_err(|e| {
        format!(
            "{} is not a PEM certificate ({e}); ca_file in [mail] of {config_file} names the \
             file of the certificate authority that signed your mail server's certificate, \
             the one that begins -----BEGIN CERTIFICATE-----",
            file.display()
        )
    })
}

fn smtp_sender(smtp: &Smtp, config_file: &str) -> Result<Sender, String> {
    let place = format!("{}:{}", smtp.host, smtp.port);
    let mut builder = SmtpTransport::builder_dangerous(smtp.host.as_str())
        .port(smtp.port)
        .timeout(Some(SERVER_TIMEOUT));
    if smtp.starttls {
        let mut tls = TlsParameters::builder(smtp.host.clone());
        if let Some(ca_file) = &smtp.ca_file {
            tls = tls.add_root_certificate(site_authority(ca_file, config_file)?);
        }
        let tls = tls.build().map_err(|e| {
            format!(
                "smtp_host = \"{}\" in [mail] of {config_file} cannot be used for a secure \
                 connection ({e}); give the server's name as its certificate states it",
                smtp.host
            )
        })?;
        builder = builder.tls(Tls::Required(tls));
    }
    if let Some(user) = &smtp.user {
        let password = read_password(&smtp.password)?.ok_or_else(|| {
            format!(
                "smtp_user is set in [mail] of {config_file} but no password: add \
                 password_env (the name of an environment variable holding it) or \
                 password_file (a file only you can read, mode 0600)"
            )
        })?;
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(Sender::Smtp {
        transport: builder.build(),
        place,
    })
}

/// The server's reply in an error, without lettre's own words around it.
fn reply(e: &lettre::transport::smtp::Error) -> String {
    let text = e.to_string();
    // "permanent error (550): mailbox unavailable" → "550 mailbox unavailable".
    match (e.status(), text.split_once("): ")) {
        (Some(code), Some((_, said))) => format!("{code} {}", said.trim()),
        (Some(code), None) => code.to_string(),
        (None, _) => text,
    }
}

fn smtp_not_sent(e: &lettre::transport::smtp::Error, place: &str, to: &str) -> NotSent {
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    if e.is_permanent() && matches!(code.as_str(), "530" | "534" | "535" | "538") {
        return NotSent::Any(format!(
            "{place} refused the login ({}); check smtp_user in [mail] and the password, \
             then run this again",
            reply(e)
        ));
    }
    if e.is_permanent() {
        return NotSent::ThisOne(format!(
            "{place} refused the message to {to} ({}); check that address, correct it in \
             improvers if it is wrong; the message stays due",
            reply(e)
        ));
    }
    if e.is_transient() {
        return NotSent::ThisOne(format!(
            "{place} asked to try the message to {to} later ({}); it stays due and goes next \
             time",
            reply(e)
        ));
    }
    if e.is_client() && e.to_string().contains("STARTTLS") {
        return NotSent::Any(format!(
            "{place} does not offer STARTTLS, and mail is only sent over a secure connection; \
             check smtp_host and smtp_port in [mail] (submission with STARTTLS is on port \
             587), or set starttls = false only for a server on this same machine"
        ));
    }
    // rustls's refusal of a certificate reaches lettre as a connection error.
    if e.is_tls() || connection_reason(e).contains("certificate") {
        return NotSent::Any(format!(
            "could not make a secure connection to {place} ({}); check smtp_host and \
             smtp_port in [mail] (STARTTLS is on port 587), and if your organisation's mail \
             server has a certificate from its own authority, name that authority's file with \
             ca_file in [mail]",
            connection_reason(e)
        ));
    }
    NotSent::Any(format!(
        "could not reach {place} ({}); check smtp_host and smtp_port in [mail] and that the \
         server is up, then run this again; nothing more was sent",
        connection_reason(e)
    ))
}

/// Why a connection failed, in words: the operating system's reason when there is one.
fn connection_reason(e: &lettre::transport::smtp::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    "no answer in time".into()
                }
                // The resolver's own words ("failed to lookup address information: Name or
                // service not known") say less than this.
                _ if io.to_string().contains("lookup address") => {
                    "no such server name is known; check its spelling".into()
                }
                _ => io.to_string(),
            };
        }
        source = cause.source();
    }
    if e.is_timeout() {
        "no answer in time".into()
    } else {
        e.to_string()
    }
}
