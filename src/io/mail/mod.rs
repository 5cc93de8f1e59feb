//! Mail out: building messages and handing them to a mail server or the local sendmail.

pub mod password;
pub mod send;
pub mod settings;
pub mod standin;

pub use standin::{BuiltMessage, MailError, Templates, build_message};
