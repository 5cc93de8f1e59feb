//! The sending run's journal, `mail.sent-journal` in the database folder: each message the
//! server accepted, written down (and synced) the moment it is accepted, until the run enters
//! them all in the sent register as one change. A run cut short (the machine stopped, the
//! process killed) leaves the journal behind, and the next run enters what it holds before
//! working out what is due, so nothing accepted is ever sent again. Only a run holding the
//! sending lock touches it.

use crate::domain::mail::sent::SentMessage;
use crate::store::error::file_sentence;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The journal's file name in the database folder.
pub const JOURNAL: &str = "mail.sent-journal";

/// The journal of one database folder.
pub struct Journal {
    path: PathBuf,
    file: Option<File>,
}

impl Journal {
    /// The journal in the database folder `folder`; nothing is opened until a message is
    /// written down.
    pub fn of(folder: &Path) -> Journal {
        Journal {
            path: folder.join(JOURNAL),
            file: None,
        }
    }

    /// The journal's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What an earlier run wrote down and did not enter in the register, oldest first; empty
    /// when there is no journal. A last line cut short (the run stopped while writing it) is
    /// left out: that one message may go again.
    ///
    /// # Errors
    /// The file cannot be read, or a whole line of it is not an entry: a sentence naming the
    /// file and line, and what to do.
    pub fn left_over(&self) -> Result<Vec<SentMessage>, String> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(file_sentence("read", &self.path, &e)),
        };
        let whole = match text.rfind('\n') {
            Some(end) => &text[..end],
            None => "",
        };
        whole
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(n, line)| {
                serde_json::from_str(line).map_err(|e| {
                    format!(
                        "{}, line {}: not a message the mail server accepted ({e}); nothing is \
                         sent until it is read. Move the file aside only if that message is \
                         in the sent register (improvers export person EMAIL lists it), or \
                         it may be sent again",
                        self.path.display(),
                        n + 1
                    )
                })
            })
            .collect()
    }

    /// Writes down `message`, accepted by the server, and syncs it to disk before returning.
    ///
    /// # Errors
    /// The journal cannot be written, naming it.
    pub fn write_down(&mut self, message: &SentMessage) -> Result<(), String> {
        let path = &self.path;
        if self.file.is_none() {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| file_sentence("write", path, &e))?;
            self.file = Some(file);
        }
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        let mut line = serde_json::to_string(message).map_err(|e| e.to_string())?;
        line.push('\n');
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| file_sentence("write", path, &e))
    }

    /// Removes the journal once what it held is in the register.
    ///
    /// # Errors
    /// It cannot be removed, naming it: then the next run finds its entries in the register
    /// already and removes it.
    pub fn clear(&mut self) -> Result<(), String> {
        self.file = None;
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(file_sentence("remove", &self.path, &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::ParticipantId;
    use crate::domain::mail::MessageKey;
    use crate::domain::mail::sent::SentId;
    use crate::domain::people::PersonRef;
    use chrono::{TimeZone, Utc};

    fn accepted(n: u64) -> SentMessage {
        SentMessage {
            id: SentId(0),
            key: MessageKey::Welcome {
                participant: ParticipantId(n),
                on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            },
            to_person: PersonRef::Participant(ParticipantId(n)),
            to_email: format!("orla.venn{n}@riverside-uh.example"),
            message_id: format!("<welcome.p{n}@aspiring-improvers.improvers>"),
            at: Utc.with_ymd_and_hms(2026, 11, 30, 7, 0, 0).unwrap(),
        }
    }

    #[test]
    fn what_was_written_down_is_found_by_the_next_run_until_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::of(dir.path());
        assert_eq!(journal.left_over(), Ok(vec![]));
        journal.write_down(&accepted(1)).unwrap();
        journal.write_down(&accepted(2)).unwrap();
        let next = Journal::of(dir.path());
        assert_eq!(next.left_over(), Ok(vec![accepted(1), accepted(2)]));
        journal.clear().unwrap();
        assert_eq!(next.left_over(), Ok(vec![]));
    }

    #[test]
    fn a_line_cut_short_is_left_out_and_a_broken_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::of(dir.path());
        journal.write_down(&accepted(1)).unwrap();
        let path = dir.path().join(JOURNAL);
        let mut text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}{{\"id\":")).unwrap();
        assert_eq!(journal.left_over(), Ok(vec![accepted(1)]));
        text.push_str("not json\n");
        std::fs::write(&path, text).unwrap();
        let why = journal.left_over().unwrap_err();
        assert!(why.contains("mail.sent-journal, line 2"), "{why}");
    }
}
