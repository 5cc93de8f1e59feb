//! Money as integer pence: parsing what people type (`£1,234.56`, `1234.56`, `1234`) and
//! formatting it back the way a finance team writes it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};
use thiserror::Error;

/// An amount of money in pence. Stored amounts are never negative; differences (such as the
/// remainder of an overspent allocation) may be.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Pence(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("no amount given")]
    Empty,
    /// Zero or negative: every amount the programme records (a grant, an allocation, an
    /// expense, a venue's rate, a default cost) is more than £0, and every place that reads
    /// one says so in this one sentence.
    #[error("\"{0}\" must be more than £0")]
    NotMoreThanZero(String),
    #[error("\"{0}\" has fractions of a penny; use at most two decimal places")]
    FractionalPence(String),
    #[error("\"{0}\" is too large to record")]
    Overflow(String),
    #[error("\"{0}\" is not an amount of money (write it like £1,234.56, 1234.56 or 1234)")]
    NotAnAmount(String),
}

impl Pence {
    pub const ZERO: Pence = Pence(0);

    pub fn from_pounds(pounds: i64) -> Option<Pence> {
        pounds.checked_mul(100).map(Pence)
    }

    pub fn checked_add(self, other: Pence) -> Option<Pence> {
        self.0.checked_add(other.0).map(Pence)
    }

    pub fn checked_sub(self, other: Pence) -> Option<Pence> {
        self.0.checked_sub(other.0).map(Pence)
    }

    pub fn saturating_add(self, other: Pence) -> Pence {
        Pence(self.0.saturating_add(other.0))
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses an amount as typed: an optional `£`, thousands separated by commas (in groups of
    /// three), and at most two decimal places. The amount must be more than £0 (a blank
    /// optional amount is for the caller to allow before parsing).
    pub fn parse(input: &str) -> Result<Pence, MoneyError> {
        let original = input.trim();
        if original.is_empty() {
            return Err(MoneyError::Empty);
        }
        let not_an_amount = || MoneyError::NotAnAmount(original.to_string());
        let mut text = original;
        let negative = if let Some(rest) = text.strip_prefix('-') {
            text = rest.trim_start();
            true
        } else {
            false
        };
        text = text.strip_prefix('£').unwrap_or(text).trim_start();
        if !negative && text.starts_with('-') {
            return Err(MoneyError::NotMoreThanZero(original.to_string()));
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (text, None),
        };
        if whole.is_empty() && fraction.is_none_or(str::is_empty) {
            return Err(not_an_amount());
        }
        let digits = strip_thousands(whole).ok_or_else(not_an_amount)?;
        let mut pence: i64 = 0;
        for ch in digits.chars() {
            let d = i64::from(ch.to_digit(10).ok_or_else(not_an_amount)?);
            pence = pence
                .checked_mul(10)
                .and_then(|p| p.checked_add(d))
                .ok_or_else(|| MoneyError::Overflow(original.to_string()))?;
        }
        pence = pence
            .checked_mul(100)
            .ok_or_else(|| MoneyError::Overflow(original.to_string()))?;
        if let Some(fraction) = fraction {
            if fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()) {
                return Err(not_an_amount());
            }
            if fraction.len() > 2 {
                return Err(MoneyError::FractionalPence(original.to_string()));
            }
            let mut cents: i64 = fraction.parse().map_err(|_| not_an_amount())?;
            if fraction.len() == 1 {
                cents *= 10;
            }
            pence = pence
                .checked_add(cents)
                .ok_or_else(|| MoneyError::Overflow(original.to_string()))?;
        }
        if negative || pence == 0 {
            return Err(MoneyError::NotMoreThanZero(original.to_string()));
        }
        Ok(Pence(pence))
    }
}

/// Removes thousands separators, insisting they sit between groups of three digits.
fn strip_thousands(whole: &str) -> Option<String> {
    if whole.is_empty() {
        return Some("0".to_string());
    }
    if !whole.contains(',') {
        return Some(whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

impl fmt::Display for Pence {
    /// `£1,234.56`; a negative difference is shown as `-£12.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let pounds = abs / 100;
        let pence = abs % 100;
        let text = format!("{sign}£{}.{pence:02}", super::text::thousands(pounds));
        f.pad(&text)
    }
}

impl Add for Pence {
    type Output = Pence;
    /// Saturating: totals of real expenses are far below the limit, and a saturated figure is
    /// visibly absurd rather than silently wrapped.
    fn add(self, rhs: Pence) -> Pence {
        self.saturating_add(rhs)
    }
}

impl Sub for Pence {
    type Output = Pence;
    fn sub(self, rhs: Pence) -> Pence {
        Pence(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Pence {
    fn sum<I: Iterator<Item = Pence>>(iter: I) -> Pence {
        iter.fold(Pence::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_people_type() {
        assert_eq!(Pence::parse("£1,234.56"), Ok(Pence(123_456)));
        assert_eq!(Pence::parse("1234.56"), Ok(Pence(123_456)));
        assert_eq!(Pence::parse("1234"), Ok(Pence(123_400)));
        assert_eq!(Pence::parse(" £12.5 "), Ok(Pence(1_250)));
        assert_eq!(Pence::parse("0.07"), Ok(Pence(7)));
        assert_eq!(Pence::parse(".50"), Ok(Pence(50)));
        assert_eq!(Pence::parse("£1,000,000"), Ok(Pence(100_000_000)));
    }

    #[test]
    fn refuses_zero_and_negative_amounts_in_one_sentence() {
        for typed in ["-50", "-£5.00", "£-5.00", "0", "-0", "£0.00", ".00"] {
            assert_eq!(
                Pence::parse(typed).map_err(|e| e.to_string()),
                Err(format!("\"{typed}\" must be more than £0")),
            );
        }
    }

    #[test]
    fn refuses_fractions_of_a_penny() {
        assert_eq!(
            Pence::parse("1.005"),
            Err(MoneyError::FractionalPence("1.005".into()))
        );
    }

    #[test]
    fn refuses_overflow() {
        assert!(matches!(
            Pence::parse("92233720368547758.08"),
            Err(MoneyError::Overflow(_))
        ));
        assert!(matches!(
            Pence::parse("99999999999999999999"),
            Err(MoneyError::Overflow(_))
        ));
        assert_eq!(Pence::parse("92233720368547758.07"), Ok(Pence(i64::MAX)));
    }

    #[test]
    fn refuses_things_that_are_not_amounts() {
        for bad in [
            "abc", "12,34", "1,2345", "£", "1.2.3", "1.", "12a", "1 000", "$5",
        ] {
            assert!(
                matches!(Pence::parse(bad), Err(MoneyError::NotAnAmount(_))),
                "{bad} should be refused"
            );
        }
        assert_eq!(Pence::parse("  "), Err(MoneyError::Empty));
    }

    #[test]
    fn errors_name_the_amount() {
        let message = Pence::parse("1.005").unwrap_err().to_string();
        assert!(message.contains("1.005"), "{message}");
    }

    #[test]
    fn formats_with_pound_sign_and_thousands() {
        assert_eq!(Pence(123_456).to_string(), "£1,234.56");
        assert_eq!(Pence(5).to_string(), "£0.05");
        assert_eq!(Pence(100_000_000).to_string(), "£1,000,000.00");
        assert_eq!(Pence(-1_200).to_string(), "-£12.00");
        assert_eq!(format!("{:>10}", Pence(100)), "     £1.00");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for p in [1, 99, 100, 123_456, 987_654_321, i64::MAX] {
            assert_eq!(Pence::parse(&Pence(p).to_string()), Ok(Pence(p)));
        }
    }

    #[test]
    fn sums_saturate_instead_of_wrapping() {
        let total: Pence = [Pence(i64::MAX), Pence(1)].into_iter().sum();
        assert_eq!(total, Pence(i64::MAX));
        assert_eq!(Pence(i64::MAX).checked_add(Pence(1)), None);
    }
}
