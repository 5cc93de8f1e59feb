//! The layout of a backup file around its content: the header, then a line with the SHA-256 of
//! everything else in the file, then the content (a codec document). The checksum is checked
//! before the content is looked at, so damage anywhere (a flipped bit, a file cut short, even
//! in the header or the content's format byte) reads as damage, never as a smaller programme or
//! a backup from a newer version.
//!
//! ```text
//! IMPROVERS-BACKUP\n
//! sha256 <64 lowercase hex digits>\n
//! <content>
//! ```
//!
//! Backups written before the checksum line was added hold the header then the content at
//! once, whose first byte is its format, 1. They are still read, as `Unframed::Unchecked`:
//! one flipped bit cannot turn a checked backup into one of those (`s` and 1 differ in three
//! bits), so only a file that really is that old reads that way.

use sha2::{Digest, Sha256};

/// What every backup file starts with.
pub const BACKUP_MAGIC: &[u8] = b"IMPROVERS-BACKUP\n";

const SUM_PREFIX: &[u8] = b"sha256 ";
/// `sha256 `, 64 hex digits and a line end.
const SUM_LINE: usize = 7 + 64 + 1;
/// The codec format of the content in backups from before the checksum line.
const UNCHECKED_FORMAT: u8 = 1;

/// The content of a backup file, found and checked.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unframed<'a> {
    /// The checksum matches: the content is what was written.
    Checked(&'a [u8]),
    /// Written before backups carried a checksum; nothing says whether it is what was written.
    Unchecked(&'a [u8]),
}

/// Why a file holds no content that can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameError {
    Empty,
    /// Nothing like the header: some other kind of file.
    NotABackup,
    /// It ends before its header does.
    CutShort,
    /// The header, the checksum line or the content is not what was written.
    Checksum,
}

/// The header, the checksum line and `content`, ready to be written.
pub(crate) fn frame(content: &[u8]) -> Vec<u8> {
    let sum = checksum(BACKUP_MAGIC, content);
    let mut out = Vec::with_capacity(BACKUP_MAGIC.len() + SUM_LINE + content.len());
    out.extend_from_slice(BACKUP_MAGIC);
    out.extend_from_slice(SUM_PREFIX);
    out.extend_from_slice(sum.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(content);
    out
}

/// The content of the backup file `bytes`, once its checksum matches.
pub(crate) fn unframe(bytes: &[u8]) -> Result<Unframed<'_>, FrameError> {
    if bytes.is_empty() {
        return Err(FrameError::Empty);
    }
    let header_end = BACKUP_MAGIC.len();
    if let Some(content) = bytes.strip_prefix(BACKUP_MAGIC) {
        if content.first() == Some(&UNCHECKED_FORMAT) {
            return Ok(Unframed::Unchecked(content));
        }
    } else if !resembles_header(bytes) {
        return Err(FrameError::NotABackup);
    }
    let content_start = header_end + SUM_LINE;
    if bytes.len() < content_start {
        return Err(FrameError::CutShort);
    }
    let (header, rest) = bytes.split_at(header_end);
    let (line, content) = rest.split_at(SUM_LINE);
    let stated = line
        .strip_prefix(SUM_PREFIX)
        .and_then(|l| l.strip_suffix(b"\n"))
        .ok_or(FrameError::Checksum)?;
    if stated != checksum(header, content).as_bytes() {
        return Err(FrameError::Checksum);
    }
    Ok(Unframed::Checked(content))
}

/// SHA-256 of a whole backup file as written, in lowercase hex: what the backup register keeps
/// to tell later whether the file at its path is still that backup.
pub(crate) fn file_sha256(bytes: &[u8]) -> String {
    checksum(bytes, &[])
}

/// The header with at most one wrong byte in eight: a damaged backup rather than another
/// kind of file.
fn resembles_header(bytes: &[u8]) -> bool {
    let overlap = bytes.len().min(BACKUP_MAGIC.len());
    let wrong = bytes
        .iter()
        .zip(BACKUP_MAGIC)
        .filter(|(a, b)| a != b)
        .count();
    wrong * 8 <= overlap
}

/// SHA-256 of the header and the content together, in lowercase hex.
fn checksum(header: &[u8], content: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(header);
    hasher.update(content);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn content() -> Vec<u8> {
        let mut content = vec![1u8];
        content.extend(b"Brightline Print, venue hire, 2026-11-25. ".repeat(40));
        content
    }

    #[test]
    fn framed_content_comes_back_checked() {
        let framed = frame(&content());
        assert!(framed.starts_with(b"IMPROVERS-BACKUP\nsha256 "));
        assert_eq!(unframe(&framed), Ok(Unframed::Checked(&content()[..])));
    }

    #[test]
    fn a_backup_from_before_the_checksum_reads_as_unchecked() {
        let mut old = BACKUP_MAGIC.to_vec();
        old.extend_from_slice(&content());
        assert_eq!(unframe(&old), Ok(Unframed::Unchecked(&content()[..])));
    }

    #[test]
    fn other_files_are_not_backups_and_an_empty_one_is_empty() {
        assert_eq!(unframe(b""), Err(FrameError::Empty));
        assert_eq!(
            unframe(b"name,email\nAda Okafor,ada@nhs.example\n"),
            Err(FrameError::NotABackup)
        );
        assert_eq!(unframe(b"x"), Err(FrameError::NotABackup));
    }

    /// Every bit of the header and checksum line, then thousands of random bits and cuts
    /// further on: each is refused as damage, never read as other content.
    #[test]
    fn every_flip_and_every_cut_is_damage() {
        let framed = frame(&content());
        let head = BACKUP_MAGIC.len() + SUM_LINE;
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        let mut positions: Vec<usize> = (0..head + 8).collect();
        positions.extend((0..5_000).map(|_| rng.random_range(0..framed.len())));
        for at in positions {
            let bit = rng.random_range(0..8);
            let mut flipped = framed.clone();
            flipped[at] ^= 1 << bit;
            let got = unframe(&flipped);
            assert!(
                matches!(got, Err(FrameError::Checksum)),
                "a flip of bit {bit} at {at} gave {got:?}"
            );
            let got = unframe(&framed[..at]);
            let expected = match at {
                0 => Err(FrameError::Empty),
                n if n < head => Err(FrameError::CutShort),
                _ => Err(FrameError::Checksum),
            };
            assert_eq!(got, expected, "a cut at {at}");
        }
    }
}
