//! A record's stored bytes are its own struct, not the `Record` wrapper: the tree already says
//! what kind it is. This maps between the two.

use super::codec::{self, CodecError};
use crate::domain::change::{Record, RecordKey};

pub(crate) fn encode_record(record: &Record) -> Result<Vec<u8>, CodecError> {
    match record {
        Record::Programme(r) => codec::encode(r),
        Record::Cohort(r) => codec::encode(r),
        Record::Participant(r) => codec::encode(r),
        Record::QMember(r) => codec::encode(r),
        Record::Organisation(r) => codec::encode(r),
        Record::Profession(r) => codec::encode(r),
        Record::Match(r) => codec::encode(r),
        Record::PairRule(r) => codec::encode(r),
        Record::Session(r) => codec::encode(r),
        Record::Venue(r) => codec::encode(r),
        Record::Budget(r) => codec::encode(r),
        Record::Expense(r) => codec::encode(r),
        Record::Series(r) => codec::encode(r),
        Record::CohortBudget(r) => codec::encode(r),
        Record::Category(r) => codec::encode(r),
        Record::Numbering(r) => codec::encode(r),
        Record::Settings(r) => codec::encode(r),
        Record::Backup(r) => codec::encode(r),
        Record::Erasure(r) => codec::encode(r),
        Record::QLink(r) => codec::encode(r),
        Record::MailSent(r) => codec::encode(r),
        Record::Survey(r) => codec::encode(r),
        Record::LearningSets(r) => codec::encode(r),
    }
}

/// Decodes the value stored under `key` as the kind of record that key holds.
pub(crate) fn decode_record(key: RecordKey, bytes: &[u8]) -> Result<Record, CodecError> {
    let d = bytes;
    Ok(match key {
        RecordKey::Programme => Record::Programme(codec::decode(d)?),
        RecordKey::Cohort(_) => Record::Cohort(codec::decode(d)?),
        RecordKey::Participant(_) => Record::Participant(codec::decode(d)?),
        RecordKey::QMember(_) => Record::QMember(codec::decode(d)?),
        RecordKey::Organisation(_) => Record::Organisation(codec::decode(d)?),
        RecordKey::Profession(_) => Record::Profession(codec::decode(d)?),
        RecordKey::Match(_) => Record::Match(codec::decode(d)?),
        RecordKey::PairRule(..) => Record::PairRule(codec::decode(d)?),
        RecordKey::Session(_) => Record::Session(codec::decode(d)?),
        RecordKey::Venue(_) => Record::Venue(codec::decode(d)?),
        RecordKey::Budget => Record::Budget(codec::decode(d)?),
        RecordKey::Expense(_) => Record::Expense(codec::decode(d)?),
        RecordKey::Series(_) => Record::Series(codec::decode(d)?),
        RecordKey::CohortBudget(_) => Record::CohortBudget(codec::decode(d)?),
        RecordKey::Category(_) => Record::Category(codec::decode(d)?),
        RecordKey::Numbering => Record::Numbering(codec::decode(d)?),
        RecordKey::Settings => Record::Settings(codec::decode(d)?),
        RecordKey::Backup(_) => Record::Backup(codec::decode(d)?),
        RecordKey::Erasure(_) => Record::Erasure(codec::decode(d)?),
        RecordKey::QLink(_) => Record::QLink(codec::decode(d)?),
        RecordKey::MailSent(_) => Record::MailSent(codec::decode(d)?),
        RecordKey::Survey(_) => Record::Survey(codec::decode(d)?),
        RecordKey::LearningSets(_) => Record::LearningSets(codec::decode(d)?),
    })
}
