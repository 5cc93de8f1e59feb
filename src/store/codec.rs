//! The byte format of every stored value: one format-version byte, then bincode. The only
//! place in the crate that knows bincode, so it can be replaced without touching the rest.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The format this build writes. Bump it only together with a new arm in `migrate`.
pub const FORMAT: u8 = 1;

/// A value larger than this is refused rather than allocated: a corrupt length prefix must not
/// be able to exhaust memory.
const DECODE_LIMIT: usize = 64 * 1024 * 1024;

/// The same for a whole document, such as a backup, which holds many values at once.
const DOCUMENT_LIMIT: usize = 1024 * 1024 * 1024;

fn config<const LIMIT: usize>() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<LIMIT>()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("the value is empty")]
    Empty,
    /// Written by a later version of improvers; `.0` is the format found.
    #[error("written in format {0}, newer than this version understands")]
    NewerFormat(u8),
    #[error("{0}")]
    Corrupt(String),
    #[error("cannot be encoded: {0}")]
    Unencodable(String),
}

/// Refuses a value too big for `decode` to read back, rather than store something unreadable.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_within::<T, DECODE_LIMIT>(value, "a single value")
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_within::<T, DECODE_LIMIT>(bytes)
}

/// `encode` for a whole document, up to 1 GiB rather than a single value's 64 MiB.
pub fn encode_document<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_within::<T, DOCUMENT_LIMIT>(value, "a document")
}

/// `decode` for what `encode_document` wrote.
pub fn decode_document<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_within::<T, DOCUMENT_LIMIT>(bytes)
}

fn encode_within<T: Serialize, const LIMIT: usize>(
    value: &T,
    kind: &str,
) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![FORMAT];
    let body = bincode::serde::encode_to_vec(value, config::<LIMIT>())
        .map_err(|e| CodecError::Unencodable(e.to_string()))?;
    if body.len() > LIMIT {
        return Err(CodecError::Unencodable(format!(
            "it takes {} MiB, more than the {} MiB {kind} may take",
            body.len().div_ceil(1024 * 1024),
            LIMIT / (1024 * 1024)
        )));
    }
    out.extend_from_slice(&body);
    Ok(out)
}

fn decode_within<T: DeserializeOwned, const LIMIT: usize>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    match version.cmp(&FORMAT) {
        std::cmp::Ordering::Greater => Err(CodecError::NewerFormat(version)),
        std::cmp::Ordering::Equal => decode_current::<T, LIMIT>(body),
        std::cmp::Ordering::Less => migrate(version, body),
    }
}

fn decode_current<T: DeserializeOwned, const LIMIT: usize>(body: &[u8]) -> Result<T, CodecError> {
    let (value, read) =
        bincode::serde::decode_from_slice(body, config::<LIMIT>()).map_err(|e| match e {
            bincode::error::DecodeError::UnexpectedEnd { .. } => {
                CodecError::Corrupt("it ends early, as if cut short".into())
            }
            other => CodecError::Corrupt(other.to_string()),
        })?;
    if read != body.len() {
        return Err(CodecError::Corrupt(format!(
            "{} unexpected bytes after the value",
            body.len() - read
        )));
    }
    Ok(value)
}

/// Reads a value written in an older format. Format 1 is the first, so there is nothing to
/// migrate yet. When format 2 arrives, format 1 gets an arm here that decodes the old shape and
/// converts it (`1 => v1::decode(body)`), and `FORMAT` becomes 2.
fn migrate<T: DeserializeOwned>(version: u8, _body: &[u8]) -> Result<T, CodecError> {
    match version {
        0 => Err(CodecError::Corrupt(
            "format 0 was never written by any version of improvers".into(),
        )),
        older => Err(CodecError::Corrupt(format!(
            "this version cannot read format {older}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::SessionId;
    use crate::domain::sessions::{Session, SessionKind};
    use chrono::NaiveDate;

    fn session() -> Session {
        Session {
            id: SessionId(7),
            kind: SessionKind::SiteVisit,
            title: "Visit to the Royal Free flow hub".into(),
            theme: "patient flow".into(),
            cohort: None,
            start: NaiveDate::from_ymd_opt(2026, 3, 29)
                .and_then(|d| d.and_hms_opt(10, 30, 0))
                .unwrap_or_default(),
            duration_minutes: 90,
            venue: None,
            facilitators: vec![],
            host: None,
            capacity: Some(12),
            invitees: vec![],
            cancelled: false,
        }
    }

    #[test]
    fn a_value_round_trips_behind_the_format_byte() {
        let bytes = encode(&session()).unwrap();
        assert_eq!(bytes[0], FORMAT);
        assert_eq!(decode::<Session>(&bytes).unwrap(), session());
    }

    #[test]
    fn empty_input_is_corrupt() {
        assert_eq!(decode::<Session>(&[]), Err(CodecError::Empty));
    }

    #[test]
    fn a_newer_format_is_refused_with_its_number() {
        let mut bytes = encode(&session()).unwrap();
        bytes[0] = FORMAT + 1;
        assert_eq!(
            decode::<Session>(&bytes),
            Err(CodecError::NewerFormat(FORMAT + 1))
        );
    }

    #[test]
    fn an_unknown_older_format_is_corrupt_not_misread() {
        let mut bytes = encode(&session()).unwrap();
        bytes[0] = 0;
        let err = decode::<Session>(&bytes).unwrap_err();
        assert!(err.to_string().contains("format 0"), "{err}");
    }

    #[test]
    fn trailing_bytes_are_corrupt() {
        let mut bytes = encode(&session()).unwrap();
        bytes.extend_from_slice(&[0, 0]);
        let err = decode::<Session>(&bytes).unwrap_err();
        assert_eq!(
            err,
            CodecError::Corrupt("2 unexpected bytes after the value".into())
        );
    }

    #[test]
    fn truncated_values_are_corrupt() {
        let bytes = encode(&session()).unwrap();
        let err = decode::<Session>(&bytes[..bytes.len() / 2]).unwrap_err();
        assert_eq!(
            err,
            CodecError::Corrupt("it ends early, as if cut short".into())
        );
    }

    #[test]
    fn a_document_round_trips_and_may_exceed_a_single_values_limit() {
        let big = vec![session(); 2];
        let bytes = encode_document(&big).unwrap();
        assert_eq!(bytes[0], FORMAT);
        assert_eq!(decode_document::<Vec<Session>>(&bytes), Ok(big));
        let mut newer = bytes.clone();
        newer[0] = FORMAT + 1;
        assert_eq!(
            decode_document::<Vec<Session>>(&newer),
            Err(CodecError::NewerFormat(FORMAT + 1))
        );
        let large = "a".repeat(DECODE_LIMIT + 1);
        assert_eq!(
            decode_document::<String>(&encode_document(&large).unwrap()),
            Ok(large)
        );
    }

    #[test]
    fn a_value_too_big_to_read_back_is_not_written() {
        let huge = "a".repeat(DECODE_LIMIT + 1);
        let err = encode(&huge).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot be encoded: it takes 65 MiB, more than the 64 MiB a single value may take"
        );
        let largest = "a".repeat(DECODE_LIMIT - 16);
        assert_eq!(decode::<String>(&encode(&largest).unwrap()), Ok(largest));
    }

    #[test]
    fn a_huge_length_prefix_is_refused_not_allocated() {
        // A string claiming u64::MAX bytes: varint marker 253 then eight 0xff.
        let bytes = [FORMAT, 253, 255, 255, 255, 255, 255, 255, 255, 255];
        let err = decode::<String>(&bytes).unwrap_err();
        assert!(matches!(err, CodecError::Corrupt(_)), "{err:?}");
    }

    /// Before categories could be edited, an expense's category was an enum of six variants.
    /// bincode writes a variant as its position, exactly as it writes the id that replaced
    /// it, so expenses written then read back with the same categories.
    #[test]
    fn expenses_written_with_the_fixed_categories_read_as_their_ids() {
        use crate::domain::budget::{Expense, ExpenseState};
        use crate::domain::ids::{CategoryId, ExpenseId, SessionId};
        use crate::domain::money::Pence;
        use serde::Serialize;

        #[derive(Serialize, Clone, Copy)]
        enum FixedCategory {
            VenueHire,
            SpeakerTravel,
            SiteVisits,
            Catering,
            Materials,
            Other,
        }
        #[derive(Serialize)]
        struct FixedExpense {
            id: ExpenseId,
            date: NaiveDate,
            category: FixedCategory,
            amount: Pence,
            payee: String,
            description: String,
            session: Option<SessionId>,
            person: Option<crate::domain::people::PersonRef>,
            state: ExpenseState,
            history: Vec<crate::domain::budget::ExpenseStateChange>,
        }
        let fixed = [
            FixedCategory::VenueHire,
            FixedCategory::SpeakerTravel,
            FixedCategory::SiteVisits,
            FixedCategory::Catering,
            FixedCategory::Materials,
            FixedCategory::Other,
        ];
        let ids = [
            CategoryId::VENUE_HIRE,
            CategoryId::SPEAKER_TRAVEL,
            CategoryId::SITE_VISITS,
            CategoryId::CATERING,
            CategoryId::MATERIALS,
            CategoryId::OTHER,
        ];
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        for (old, id) in fixed.into_iter().zip(ids) {
            let bytes = encode(&FixedExpense {
                id: ExpenseId(3),
                date,
                category: old,
                amount: Pence(12_500),
                payee: "Cordwainers' Hall".into(),
                description: String::new(),
                session: Some(SessionId(2)),
                person: None,
                state: ExpenseState::Paid,
                history: vec![],
            })
            .unwrap();
            let read: Expense = decode(&bytes).unwrap();
            assert_eq!(read.category, id);
            assert_eq!(read.amount, Pence(12_500));
            assert_eq!(read.session, Some(SessionId(2)));
        }
    }
}
