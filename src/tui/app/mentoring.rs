//! The mentoring review loop as the app sees it: running matching for the cohort in view,
//! and acting on the selected participant's proposal, match or candidates.

use super::App;
use crate::domain::mentoring::matching::run::{ProposalChange, run_matching};
use crate::domain::mentoring::{MatchState, MentoringMatch};
use crate::domain::people::roster::CohortFilter;
use crate::tui::action::Action;
use crate::tui::dialogs::mentoring::{
    accept, accept_all, allow_pair, assign, check_in_form, end_match_form, forbid, forbid_pair,
    reject, toggle_lock,
};
use crate::tui::effects::{Effect, Message};

impl App {
    /// Runs matching for the cohort in view and stores the proposals (u undoes them).
    pub(super) fn run_matching(&mut self) -> bool {
        let cohort = match self.cohort {
            CohortFilter::Cohort(id) => Some(id),
            CohortFilter::All => None,
            CohortFilter::AwaitingReview => {
                self.say(Message::Problem(
                    "Nominees are matched once they join a cohort; ] chooses a cohort.".into(),
                ));
                return true;
            }
        };
        let today = self.now.today();
        let what = cohort.map_or("every cohort not yet finished".to_string(), |id| {
            self.data.cohort_name(id).to_string()
        });
        let run = run_matching(&self.data, cohort, today, &self.rules);
        self.mentoring.note_run(&self.data, &run);
        let count =
            |f: fn(&ProposalChange) -> bool| run.proposals.iter().filter(|p| f(&p.change)).count();
        let new = count(|c| *c == ProposalChange::New);
        let moved = count(|c| matches!(c, ProposalChange::Moved { .. }));
        let said = format!(
            "Matching {what}: {} proposed ({new} new, {moved} moved), {} unmatched; a accepts, Enter shows candidates",
            run.proposals.len(),
            run.unmatched.len()
        );
        match run.change(&self.data, today, &what) {
            Some(change) => self.effects.push(Effect::Apply {
                change: Box::new(change),
                done: said,
            }),
            None => self.say(Message::Done(format!(
                "Matching {what} changes nothing: the proposals shown are already the best"
            ))),
        }
        self.refresh_cohort_panes();
        true
    }

    fn selected_match(&self) -> Option<&MentoringMatch> {
        self.mentoring
            .listing
            .selected_row()
            .and_then(|r| r.matched)
            .and_then(|id| self.data.matches.get(&id))
    }

    /// A key of the mentoring pane that acts on the selected participant.
    pub(super) fn act_on_match(&mut self, action: Action) -> bool {
        let today = self.now.today();
        if action == Action::AcceptAllProposals {
            let proposals: Vec<&MentoringMatch> = self
                .mentoring
                .listing
                .rows()
                .iter()
                .filter_map(|r| r.matched)
                .filter_map(|id| self.data.matches.get(&id))
                .filter(|m| matches!(m.state, MatchState::Proposed))
                .collect();
            match accept_all(&self.data, &proposals, today) {
                Some(confirm) => self.confirm = Some(confirm),
                None => self.say(Message::Problem(
                    "There are no proposals here to accept; m runs matching.".into(),
                )),
            }
            return true;
        }
        // In the candidates, x forbids the candidate chosen, or allows a forbidden one again.
        if action == Action::ForbidPair {
            if let Some(view) = &self.mentoring.candidates {
                let participant = view.participant;
                let Some(q_member) = view.listing.selected_row().map(|r| r.q_member) else {
                    return false;
                };
                let asked = if self.data.pair_rules.contains_key(&(participant, q_member)) {
                    allow_pair(&self.data, participant, q_member)
                } else {
                    forbid_pair(&self.data, participant, q_member)
                };
                match asked {
                    Ok(confirm) => self.confirm = Some(confirm),
                    Err(why) => self.say(Message::Problem(why)),
                }
                return true;
            }
        }
        let Some(m) = self.selected_match().cloned() else {
            self.say(Message::Problem(
                "Nobody mentors this participant yet: m proposes a mentor, Enter lists the candidates."
                    .into(),
            ));
            return true;
        };
        let outcome = match action {
            Action::AcceptProposal => accept(&self.data, &m, today),
            Action::RejectProposal => reject(&self.data, &m),
            Action::ToggleLock => Ok(toggle_lock(&self.data, &m)),
            Action::ForbidPair => {
                match forbid(&self.data, &m) {
                    Ok(confirm) => self.confirm = Some(confirm),
                    Err(why) => self.say(Message::Problem(why)),
                }
                return true;
            }
            Action::EndMatch => {
                self.form = Some(end_match_form(&self.data, &m, today));
                return true;
            }
            Action::LogCheckIn => {
                if matches!(m.state, MatchState::Confirmed { .. }) {
                    self.form = Some(check_in_form(&self.data, &m, today));
                } else {
                    self.say(Message::Problem(
                        "Check-ins are for confirmed pairs; a accepts the proposal first.".into(),
                    ));
                }
                return true;
            }
            _ => return false,
        };
        match outcome {
            Ok((change, done)) => self.effects.push(Effect::Apply {
                change: Box::new(change),
                done,
            }),
            Err(why) => self.say(Message::Problem(why)),
        }
        true
    }

    /// Enter: opens the selected participant's candidates, or assigns the candidate chosen.
    pub(super) fn mentoring_open(&mut self) -> bool {
        let today = self.now.today();
        if let Some(view) = &self.mentoring.candidates {
            let participant = view.participant;
            let Some(chosen) = view.listing.selected_row() else {
                return false;
            };
            if let Some(why) = &chosen.barred {
                let why = format!("{} cannot be chosen: {why}", chosen.name);
                self.say(Message::Problem(why));
                return true;
            }
            match assign(
                &self.data,
                participant,
                chosen.q_member,
                chosen.score.clone(),
                today,
            ) {
                Ok((change, done)) => {
                    self.mentoring.candidates = None;
                    self.effects.push(Effect::Apply {
                        change: Box::new(change),
                        done,
                    });
                }
                Err(why) => self.say(Message::Problem(why)),
            }
            return true;
        }
        let Some(participant) = self.mentoring.listing.selected_row().map(|r| r.participant) else {
            return false;
        };
        self.mentoring
            .open_candidates(&self.data, participant, today, &self.rules);
        true
    }
}
