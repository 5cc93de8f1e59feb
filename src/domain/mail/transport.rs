//! How mail leaves: the transport half of the `[mail]` table. Plain settings only; the
//! sending itself is in `io::mail::send`. No password is ever held here: only where to find it.

use std::path::PathBuf;

/// How messages are handed on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Transport {
    /// Neither `smtp_host` nor `sendmail` is set: nothing can be sent.
    #[default]
    Unset,
    Smtp(Smtp),
    /// The local `sendmail` program at this path (`sendmail = "/usr/sbin/sendmail"`), which
    /// takes the message on standard input.
    Sendmail(PathBuf),
}

/// An SMTP submission server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    /// 587 (message submission, RFC 6409) unless the configuration says otherwise.
    pub port: u16,
    /// The user to log in as; `None` sends without logging in.
    pub user: Option<String>,
    /// Whether the connection must be upgraded with STARTTLS (RFC 3207) before anything is
    /// sent. Only `starttls = false` in the configuration turns it off, for a server on the
    /// same machine.
    pub starttls: bool,
    pub password: PasswordSource,
    /// `ca_file`: a certificate authority (PEM) trusted besides the public ones, for a site
    /// whose mail server's certificate is signed by its own; `None` trusts the public ones
    /// alone.
    pub ca_file: Option<PathBuf>,
}

/// Where the SMTP password is read from when mail is sent: never the database or the
/// configuration file itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PasswordSource {
    #[default]
    None,
    /// The environment variable of this name (`password_env`).
    Environment(String),
    /// This file, which must be readable by its owner only (`password_file`, mode 0600).
    File(PathBuf),
}

/// The port SMTP submission uses when none is given (RFC 6409).
pub const SUBMISSION_PORT: u16 = 587;
