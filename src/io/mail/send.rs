//! Handing built messages to the mail server (SMTP, with STARTTLS unless the configuration
//! turns it off) or to the local sendmail, and saying in words what went wrong.

use super::password::read_password;
use crate::domain::mail::transport::{Smtp, Transport};
use lettre::Transport as _;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
        path: PathBuf,
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
                path: path.clone(),
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

    /// Sends `message` to `who` at `to` (the recipient's name and address, for the error).
    /// `Ok` only once the server (or sendmail) has accepted it.
    ///
    /// # Errors
    /// [`NotSent`], in a sentence naming the server or program and what to do: a problem
    /// with this one message or address (a refusal, an address the server cannot take) is
    /// [`NotSent::ThisOne`], naming the person and the address; only a server that cannot be
    /// reached, a refused login, an untrusted certificate or a sendmail that cannot be run is
    /// [`NotSent::Any`].
    pub fn send(&self, message: &lettre::Message, who: &str, to: &str) -> Result<(), NotSent> {
        match self {
            Sender::Smtp { transport, place } => transport
                .send(message)
                .map(|_| ())
                .map_err(|e| smtp_not_sent(&e, place, who, to)),
            Sender::Sendmail { path, program } => sendmail(path, program, message, who, to),
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

/// Hands `message` to the sendmail program at `path` as sendmail expects it: `-i` (a line
/// holding only a dot does not end the message), `-f` the envelope sender, the recipients
/// after `--`, and the message on standard input with LF line ends, since sendmail writes
/// the server's CRLF itself and may double a CR it is given (sendmail(8)).
fn sendmail(
    path: &std::path::Path,
    program: &str,
    message: &lettre::Message,
    who: &str,
    to: &str,
) -> Result<(), NotSent> {
    let envelope = message.envelope();
    let mut command = Command::new(path);
    command.arg("-i");
    if let Some(from) = envelope.from() {
        command.arg("-f").arg(from);
    }
    command
        .arg("--")
        .args(envelope.to())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let cannot_run = |e: std::io::Error| {
        NotSent::Any(format!(
            "{}; check the sendmail setting in [mail] (the full path of the program, as \
             /usr/sbin/sendmail), then run this again; nothing more was sent",
            crate::store::error::file_sentence("run", path, &e)
        ))
    };
    let mut child = command.spawn().map_err(cannot_run)?;
    let text = lf_line_ends(&message.formatted());
    // A program that exits without reading all of it says why below; the pipe's own error
    // ("broken pipe") would say less.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&text);
    }
    let output = child.wait_with_output().map_err(cannot_run)?;
    if output.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
    let said = if said.is_empty() {
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    } else {
        said
    };
    let status = match output.status.code() {
        Some(code) => format!("exit status {code}"),
        None => "stopped by a signal".to_string(),
    };
    let why = if said.is_empty() {
        status
    } else {
        format!("{}; {status}", crate::domain::text::clean_line(&said))
    };
    Err(NotSent::ThisOne(format!(
        "{program} did not take the message to {who} <{to}> ({why}); check that address, \
         correct it in improvers if it is wrong; the message stays due"
    )))
}

/// `text` with each CRLF made LF.
fn lf_line_ends(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.iter().peekable();
    while let Some(&b) = bytes.next() {
        if b == b'\r' && bytes.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
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

fn smtp_not_sent(e: &lettre::transport::smtp::Error, place: &str, who: &str, to: &str) -> NotSent {
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
            "{place} refused the message to {who} <{to}> ({}); check that address, correct \
             it in improvers if it is wrong; the message stays due",
            reply(e)
        ));
    }
    if e.is_transient() {
        return NotSent::ThisOne(format!(
            "{place} asked to try the message to {who} <{to}> later ({}); it stays due and \
             goes next time",
            reply(e)
        ));
    }
    let text = e.to_string();
    if e.is_client() && text.contains("SMTPUTF8") {
        return NotSent::ThisOne(format!(
            "the message to {who} <{to}> was not sent: the address has letters beyond plain \
             ASCII, and {place} does not take such addresses (it does not offer SMTPUTF8); \
             check the address with them, or give one in plain letters; the message stays due"
        ));
    }
    if e.is_client() && text.contains("8BITMIME") {
        return NotSent::ThisOne(format!(
            "the message to {who} <{to}> was not sent: it holds letters beyond plain ASCII \
             and {place} does not take them (it does not offer 8BITMIME); the message stays \
             due"
        ));
    }
    if e.is_client() && text.contains("STARTTLS") {
        return NotSent::Any(format!(
            "{place} does not offer STARTTLS, and mail is only sent over a secure connection; \
             check smtp_host and smtp_port in [mail] (submission with STARTTLS is on port \
             587), or set starttls = false only for a server on this same machine"
        ));
    }
    if e.is_client() && text.contains("authentication mechanism") {
        return NotSent::Any(format!(
            "{place} offers no way of logging in that improvers knows (PLAIN or LOGIN), or \
             none before a secure connection; check smtp_host, smtp_port and starttls in \
             [mail], then run this again; nothing more was sent"
        ));
    }
    // rustls's refusal of a certificate reaches lettre as a connection error.
    let reason = connection_reason(e);
    if e.is_tls() || reason.contains("certificate") {
        return NotSent::Any(untrusted_sentence(place, &format!("{text} {reason}")));
    }
    NotSent::Any(format!(
        "could not reach {place} ({}); check smtp_host and smtp_port in [mail] and that the \
         server is up, then run this again; nothing more was sent",
        connection_reason(e)
    ))
}

/// The sentence for a secure connection that failed, from lettre's `text` of it: the server
/// was reached, but its certificate was not trusted (and why, when the reason is known), or
/// the secure connection itself failed. The one place this is worded.
pub fn untrusted_sentence(place: &str, text: &str) -> String {
    match certificate_problem(text) {
        Some(why) => format!(
            "{place} was reached, but its certificate was not trusted ({why}), so nothing \
             was sent; if the server is your organisation's own, give its certificate \
             authority as ca_file in [mail], or check smtp_host in [mail] names the server as \
             its certificate does"
        ),
        None => format!(
            "{place} was reached, but a secure connection could not be made with it, so \
             nothing was sent; check smtp_host and smtp_port in [mail] (STARTTLS is on port \
             587), and if the server has its own certificate authority give it as ca_file in \
             [mail]"
        ),
    }
}

/// Why a certificate was refused, in words, from the TLS library's text of its error
/// (rustls's `CertificateError` names, RFC 5280's checks).
fn certificate_problem(text: &str) -> Option<&'static str> {
    if !text.contains("certificate") {
        return None;
    }
    let known = [
        (
            "CaUsedAsEndEntity",
            "the server shows a certificate authority's own certificate instead of one made \
             for the server",
        ),
        (
            "UnknownIssuer",
            "it is signed by an authority improvers does not know",
        ),
        ("Expired", "it has expired"),
        ("NotValidYet", "it is not valid yet"),
        (
            "NotValidForName",
            "it is made for another name than smtp_host",
        ),
        ("Revoked", "it has been revoked"),
        ("BadSignature", "its signature does not check"),
        ("BadEncoding", "it cannot be read"),
        ("InvalidPurpose", "it is not made for a server"),
    ];
    Some(
        known
            .iter()
            .find(|(name, _)| text.contains(name))
            .map_or("the reason given is not one improvers knows", |(_, why)| {
                *why
            }),
    )
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
        plain_reason(&e.to_string())
    }
}

/// lettre's text of an error without its own category words ("internal client error: ",
/// "response error: "), which say nothing to a person.
fn plain_reason(text: &str) -> String {
    if text.starts_with("response error") {
        return "its reply could not be read as SMTP".into();
    }
    text.strip_prefix("internal client error: ")
        .or_else(|| text.strip_prefix("Connection error: "))
        .or_else(|| text.strip_prefix("network error: "))
        .unwrap_or(text)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untrusted_certificate_is_said_in_words_naming_ca_file() {
        let said = untrusted_sentence(
            "127.0.0.1:2540",
            "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))",
        );
        assert_eq!(
            said,
            "127.0.0.1:2540 was reached, but its certificate was not trusted (the server shows \
             a certificate authority's own certificate instead of one made for the server), so \
             nothing was sent; if the server is your organisation's own, give its certificate \
             authority as ca_file in [mail], or check smtp_host in [mail] names the server as \
             its certificate does"
        );
        assert!(!said.contains("Other("));
        assert!(
            untrusted_sentence("h:587", "invalid peer certificate: UnknownIssuer")
                .contains("(it is signed by an authority improvers does not know)")
        );
        assert!(
            untrusted_sentence("h:587", "received corrupt message")
                .starts_with("h:587 was reached, but a secure connection could not be made")
        );
    }

    #[test]
    fn a_reason_is_said_without_the_librarys_category_words() {
        assert_eq!(
            plain_reason("internal client error: Connection is not encrypted"),
            "Connection is not encrypted"
        );
        assert_eq!(
            plain_reason("response error: incomplete response"),
            "its reply could not be read as SMTP"
        );
    }

    #[test]
    fn sendmail_is_given_lf_line_ends() {
        assert_eq!(lf_line_ends(b"a\r\nb\r\n\r\nc\rd"), b"a\nb\n\nc\rd");
    }
}
