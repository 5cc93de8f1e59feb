//! The `[mail]` table of the configuration file: who mail comes from, and how it leaves
//! (SMTP or sendmail). Passwords are never in it: only where to read one.

use crate::domain::mail::MailSettings;
use crate::domain::mail::transport::{PasswordSource, SUBMISSION_PORT, Smtp, Transport};
use crate::io::config::{ConfigError, line_of_key};
use serde::Deserialize;

/// The most days before a session its reminder may be due: more is more likely a slip.
const MOST_REMINDER_DAYS: i64 = 60;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MailToml {
    from: Option<String>,
    from_name: Option<String>,
    organiser: Option<String>,
    reminder_days_before: Option<i64>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_user: Option<String>,
    starttls: Option<bool>,
    sendmail: Option<String>,
    password_env: Option<String>,
    password_file: Option<String>,
    ca_file: Option<String>,
}

/// The settings `toml` gives, from the configuration `text` read from `file`.
///
/// # Errors
/// `ConfigError::Invalid` naming the file, line and key: `from` or `organiser` not an email
/// address, reminder days outside 0 to 60, SMTP and sendmail both set, a password without SMTP, both password sources, SMTP keys without `smtp_host`, an empty host.
pub(crate) fn mail_settings(
    toml: &MailToml,
    text: &str,
    file: &str,
) -> Result<MailSettings, ConfigError> {
    let invalid = |key: &str, message: String| ConfigError::Invalid {
        file: file.to_string(),
        line: line_of_key(text, key),
        message,
    };
    let address = |key: &str, value: &Option<String>| match value.as_deref().map(str::trim) {
        None => Ok(None),
        Some(typed) => typed
            .parse::<lettre::Address>()
            .map(|_| Some(typed.to_string()))
            .map_err(|e| {
                invalid(
                    key,
                    format!(
                        "mail.{key} = \"{typed}\" is not an email address ({e}); write it as \
                         \"programme@example.org\""
                    ),
                )
            }),
    };
    let reminder_days_before = match toml.reminder_days_before {
        None => crate::domain::mail::DEFAULT_REMINDER_DAYS,
        Some(days) if (0..=MOST_REMINDER_DAYS).contains(&days) => {
            u32::try_from(days).unwrap_or(crate::domain::mail::DEFAULT_REMINDER_DAYS)
        }
        Some(days) => {
            return Err(invalid(
                "reminder_days_before",
                format!(
                    "mail.reminder_days_before = {days} is not a number of days from 0 (on the \
                     day) to {MOST_REMINDER_DAYS}"
                ),
            ));
        }
    };
    let password = match (&toml.password_env, &toml.password_file) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "password_file",
                "mail.password_env and mail.password_file are both set; keep the one the \
                 password is in"
                    .into(),
            ));
        }
        (Some(name), None) if name.trim().is_empty() => {
            return Err(invalid(
                "password_env",
                "mail.password_env is empty; give the name of the environment variable that \
                 holds the password"
                    .into(),
            ));
        }
        (Some(name), None) => PasswordSource::Environment(name.trim().to_string()),
        (None, Some(path)) => PasswordSource::File(path.into()),
        (None, None) => PasswordSource::None,
    };
    if toml.smtp_port == Some(0) {
        return Err(invalid(
            "smtp_port",
            "mail.smtp_port = 0 is not a port a server listens on; give the mail server's port \
             from 1 to 65535, as smtp_port = 587 (submission with STARTTLS)"
                .into(),
        ));
    }
    let transport = match (&toml.smtp_host, &toml.sendmail) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "sendmail",
                "mail.smtp_host and mail.sendmail are both set; keep the one mail should leave \
                 by"
                .into(),
            ));
        }
        (Some(host), None) if host.trim().is_empty() => {
            return Err(invalid(
                "smtp_host",
                "mail.smtp_host is empty; give the mail server's name, as smtp.example.org".into(),
            ));
        }
        (Some(host), None) => Transport::Smtp(Smtp {
            host: host.trim().to_string(),
            port: toml.smtp_port.unwrap_or(SUBMISSION_PORT),
            user: toml.smtp_user.clone().filter(|u| !u.trim().is_empty()),
            starttls: toml.starttls.unwrap_or(true),
            password,
            ca_file: toml.ca_file.as_deref().map(str::trim).map(Into::into),
        }),
        (None, sendmail) => {
            for (key, set) in [
                ("smtp_port", toml.smtp_port.is_some()),
                ("smtp_user", toml.smtp_user.is_some()),
                ("starttls", toml.starttls.is_some()),
                ("password_env", toml.password_env.is_some()),
                ("password_file", toml.password_file.is_some()),
                ("ca_file", toml.ca_file.is_some()),
            ] {
                if set {
                    return Err(invalid(
                        key,
                        format!(
                            "mail.{key} is set but mail.smtp_host is not; add smtp_host or \
                             remove {key}"
                        ),
                    ));
                }
            }
            match sendmail {
                Some(path) => Transport::Sendmail(path.into()),
                None => Transport::Unset,
            }
        }
    };
    Ok(MailSettings {
        from: address("from", &toml.from)?,
        from_name: toml
            .from_name
            .as_deref()
            .map(crate::domain::text::clean_line)
            .filter(|n| !n.trim().is_empty()),
        organiser: address("organiser", &toml.organiser)?,
        reminder_days_before,
        transport,
        ..MailSettings::default()
    })
}

#[cfg(test)]
mod tests {
    use crate::domain::mail::transport::{PasswordSource, Smtp, Transport};
    use crate::io::config::parse_config;

    #[test]
    fn smtp_is_587_with_starttls_unless_said_otherwise() {
        let config = parse_config(
            "[mail]\nsmtp_host = \"smtp.example.org\"\nsmtp_user = \"aspiring\"\n\
             password_env = \"IMPROVERS_SMTP_PASSWORD\"\n",
            "c",
        )
        .unwrap();
        assert_eq!(
            config.mail.transport,
            Transport::Smtp(Smtp {
                host: "smtp.example.org".into(),
                port: 587,
                user: Some("aspiring".into()),
                starttls: true,
                ca_file: None,
                password: PasswordSource::Environment("IMPROVERS_SMTP_PASSWORD".into()),
            })
        );
        let config = parse_config(
            "[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = 2525\nstarttls = false\n",
            "c",
        )
        .unwrap();
        assert!(matches!(
            config.mail.transport,
            Transport::Smtp(Smtp {
                port: 2525,
                starttls: false,
                ca_file: None,
                ..
            })
        ));
    }

    #[test]
    fn conflicting_or_orphan_keys_are_named_with_their_line() {
        let err = |text: &str| parse_config(text, "config.toml").unwrap_err().to_string();
        assert_eq!(
            err("[mail]\nsmtp_host = \"a\"\nsendmail = \"/usr/sbin/sendmail\"\n"),
            "config.toml, line 3: mail.smtp_host and mail.sendmail are both set; keep the one \
             mail should leave by"
        );
        assert_eq!(
            err("[mail]\nfrom = \"x@example.org\"\nsmtp_port = 25\n"),
            "config.toml, line 3: mail.smtp_port is set but mail.smtp_host is not; add \
             smtp_host or remove smtp_port"
        );
        assert_eq!(
            err("[mail]\nsmtp_host = \"a\"\npassword_env = \"P\"\npassword_file = \"/p\"\n"),
            "config.toml, line 4: mail.password_env and mail.password_file are both set; keep \
             the one the password is in"
        );
        assert!(
            err("[mail]\nsmtp_password = \"hunter2\"\n")
                .starts_with("config.toml, line 2: unknown field `smtp_password`")
        );
    }
}
