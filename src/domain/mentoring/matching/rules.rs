//! The rules matching follows, besides the weights: whether mentors must come from another
//! organisation, and when a quiet pair counts as dormant.

use super::score::Weights;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchingRules {
    pub weights: Weights,
    /// Some programmes want every participant mentored from outside their own organisation.
    pub different_organisation: bool,
    /// A pair with no meeting logged for this many weeks is shown as dormant.
    pub dormant_after_weeks: u32,
}

impl Default for MatchingRules {
    fn default() -> Self {
        MatchingRules {
            weights: Weights::default(),
            different_organisation: false,
            dormant_after_weeks: 6,
        }
    }
}
