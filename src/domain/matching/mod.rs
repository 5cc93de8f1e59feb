//! Mentor matching: how well a Q member suits a participant, explained factor by factor.

pub mod rules;
pub mod score;
