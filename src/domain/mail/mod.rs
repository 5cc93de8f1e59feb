//! Mail to the programme's people: what has been sent (the sent register) and how mail leaves.

pub mod sent;
pub mod transport;

// What is due is defined beside the messages themselves for now.
pub use crate::io::mail::standin::{
    DueMessage, MailSettings, MessageKey, MessageKind, Recipient, SentRegister, due_messages,
};
