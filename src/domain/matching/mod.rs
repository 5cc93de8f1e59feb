//! Mentor matching: how well a Q member suits a participant, explained factor by factor.

pub mod score;
