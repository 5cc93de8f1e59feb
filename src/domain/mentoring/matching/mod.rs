//! Mentor matching: how well a Q member suits a participant, explained factor by factor, and
//! the best pairing of participants with mentors under each mentor's capacity.

pub mod rules;
pub mod run;
pub mod score;
pub mod solver;
