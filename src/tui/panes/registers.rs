//! The roster pane's other lists: Q members, cohorts, organisations and professions, each
//! filterable with `/` and edited with n, e and d like the participants.

use super::Context;
use crate::domain::ids::{OrganisationId, ProfessionId};
use crate::domain::people::PersonRef;
use crate::domain::people::directory::{
    CohortRow, GroupRow, QMemberRow, VenueRow, cohort_rows, organisation_rows, profession_rows,
    q_member_rows, venue_rows,
};
use crate::domain::people::duplicate_pairs::Marked;
use crate::domain::sessions::{RateUnit, VenueCost};
use crate::domain::snapshot::Snapshot;
use crate::tui::action::Action;
use crate::tui::widgets::listing::{ListRow, Listing, Searchable};
use crate::tui::widgets::table::{Column, ListingTable, col};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Widget};

/// Which list the roster pane shows; `v` steps through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RosterList {
    #[default]
    Participants,
    QMembers,
    Cohorts,
    Organisations,
    Professions,
    Venues,
}

impl RosterList {
    pub const ALL: [RosterList; 6] = [
        RosterList::Participants,
        RosterList::QMembers,
        RosterList::Cohorts,
        RosterList::Organisations,
        RosterList::Professions,
        RosterList::Venues,
    ];

    pub fn next(self) -> RosterList {
        let at = RosterList::ALL.iter().position(|l| *l == self).unwrap_or(0);
        RosterList::ALL[(at + 1) % RosterList::ALL.len()]
    }

    /// Whether `action` does anything on this list (pathway and sorting keys work on
    /// participants only).
    pub fn offers(self, action: Action) -> bool {
        self == RosterList::Participants
            || !matches!(
                action,
                Action::MoveStage
                    | Action::TickReadiness
                    | Action::UntickReadiness
                    | Action::RemoveStage
                    | Action::AcceptNomination
                    | Action::DeclineNomination
                    | Action::JoinQ
                    | Action::SuggestIntake
                    | Action::FilterRoster
                    | Action::SortNext
                    | Action::SortReverse
            )
    }

    /// One of the list's things, for counting them: "1 cohort", "2 Q members".
    pub fn noun(self) -> &'static str {
        match self {
            RosterList::Participants => "participant",
            RosterList::QMembers => "Q member",
            RosterList::Cohorts => "cohort",
            RosterList::Organisations => "organisation",
            RosterList::Professions => "profession",
            RosterList::Venues => "venue",
        }
    }

    /// The list's name as written in the title and on the command line.
    pub fn label(self) -> &'static str {
        match self {
            RosterList::Participants => "participants",
            RosterList::QMembers => "Q members",
            RosterList::Cohorts => "cohorts",
            RosterList::Organisations => "organisations",
            RosterList::Professions => "professions",
            RosterList::Venues => "venues",
        }
    }
}

impl Searchable for QMemberRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.name,
            self.profession,
            self.organisation,
            self.roles_label(),
            self.expertise.join(" ")
        )
    }
}

impl ListRow for QMemberRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

impl Searchable for CohortRow {
    fn haystack(&self) -> String {
        format!("{} {} {}", self.number, self.name, self.phase.label())
    }
}

impl ListRow for CohortRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

impl Searchable for VenueRow {
    fn haystack(&self) -> String {
        format!("{} {}", self.name, self.address)
    }
}

impl ListRow for VenueRow {
    fn identity(&self) -> u64 {
        self.id.0
    }
}

impl Searchable for GroupRow {
    fn haystack(&self) -> String {
        self.name.clone()
    }
}

impl ListRow for GroupRow {
    fn identity(&self) -> u64 {
        self.id
    }
}

#[derive(Debug, Default)]
pub struct Registers {
    pub q_members: Listing<QMemberRow>,
    pub cohorts: Listing<CohortRow>,
    pub organisations: Listing<GroupRow>,
    pub professions: Listing<GroupRow>,
    pub venues: Listing<VenueRow>,
    /// Who and what may be a duplicate, marked `≈` in every list (`:duplicates` lists them).
    pub marked: Marked,
}

/// The mark after a name that may be a duplicate of another record's.
pub const MARK: &str = " ≈";

/// `name`, with the mark when `marked`.
pub fn marked_name(name: &str, marked: bool) -> String {
    if marked {
        format!("{name}{MARK}")
    } else {
        name.to_string()
    }
}

impl Registers {
    /// Rebuilds the rows of `list` only: the others are rebuilt when they are shown.
    pub fn refresh(&mut self, list: RosterList, data: &Snapshot, today: NaiveDate) {
        match list {
            RosterList::Participants => {}
            RosterList::QMembers => self.q_members.replace_rows(q_member_rows(data)),
            RosterList::Cohorts => self.cohorts.replace_rows(cohort_rows(data, today)),
            RosterList::Organisations => self.organisations.replace_rows(organisation_rows(data)),
            RosterList::Professions => self.professions.replace_rows(profession_rows(data)),
            RosterList::Venues => self.venues.replace_rows(venue_rows(data)),
        }
    }

    pub fn apply(&mut self, list: RosterList, action: Action) -> bool {
        match list {
            RosterList::Participants => false,
            RosterList::QMembers => self.q_members.apply(action),
            RosterList::Cohorts => self.cohorts.apply(action),
            RosterList::Organisations => self.organisations.apply(action),
            RosterList::Professions => self.professions.apply(action),
            RosterList::Venues => self.venues.apply(action),
        }
    }

    pub fn filter(&self, list: RosterList) -> &str {
        match list {
            RosterList::Participants => "",
            RosterList::QMembers => self.q_members.filter(),
            RosterList::Cohorts => self.cohorts.filter(),
            RosterList::Organisations => self.organisations.filter(),
            RosterList::Professions => self.professions.filter(),
            RosterList::Venues => self.venues.filter(),
        }
    }

    pub fn set_filter(&mut self, list: RosterList, text: &str) {
        match list {
            RosterList::Participants => {}
            RosterList::QMembers => self.q_members.set_filter(text),
            RosterList::Cohorts => self.cohorts.set_filter(text),
            RosterList::Organisations => self.organisations.set_filter(text),
            RosterList::Professions => self.professions.set_filter(text),
            RosterList::Venues => self.venues.set_filter(text),
        }
    }

    /// "32 Q members", "1 cohort", for the pane's title.
    pub fn count(&self, list: RosterList) -> String {
        let n = match list {
            RosterList::Participants => 0,
            RosterList::QMembers => self.q_members.len(),
            RosterList::Cohorts => self.cohorts.len(),
            RosterList::Organisations => self.organisations.len(),
            RosterList::Professions => self.professions.len(),
            RosterList::Venues => self.venues.len(),
        };
        crate::domain::count::count(n, list.noun())
    }

    pub fn render(&self, list: RosterList, area: Rect, buf: &mut Buffer, ctx: &Context) {
        match list {
            RosterList::Participants => {}
            RosterList::QMembers => self.render_q_members(area, buf, ctx),
            RosterList::Cohorts => self.render_cohorts(area, buf, ctx),
            RosterList::Organisations => render_groups(
                &self.organisations,
                |id| self.marked.organisations.contains(&OrganisationId(id)),
                "No organisations yet. n adds one.",
                area,
                buf,
                ctx,
            ),
            RosterList::Professions => render_groups(
                &self.professions,
                |id| self.marked.professions.contains(&ProfessionId(id)),
                "No professions yet. n adds one.",
                area,
                buf,
                ctx,
            ),
            RosterList::Venues => self.render_venues(area, buf, ctx),
        }
    }

    fn render_q_members(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        const WIDE: [Column; 7] = [
            col("Name", Constraint::Fill(3)),
            col("Profession", Constraint::Fill(2)),
            col("Organisation", Constraint::Fill(3)),
            col("Based", Constraint::Length(7)),
            col("Roles", Constraint::Fill(3)),
            col("Mentees", Constraint::Length(7)),
            col("Expertise", Constraint::Fill(3)),
        ];
        const NARROW: [Column; 3] = [
            col("Name", Constraint::Fill(3)),
            col("Organisation", Constraint::Fill(3)),
            col("Mentees", Constraint::Length(7)),
        ];
        let wide = area.width >= 100;
        ListingTable {
            listing: &self.q_members,
            columns: if wide { &WIDE } else { &NARROW },
            cells: |r: &QMemberRow| {
                let load = Cell::from(format!("{}/{}", r.mentees, r.capacity)).style(
                    if r.mentees > r.capacity {
                        ctx.theme.alarm()
                    } else if !r.available {
                        ctx.theme.dim()
                    } else {
                        ratatui::style::Style::default()
                    },
                );
                // An alumnus's mark comes first, so a long name cut to fit never cuts it.
                let mark = if r.alumnus { "↑Q " } else { "" };
                let shown = marked_name(
                    &r.name,
                    self.marked.people.contains(&PersonRef::QMember(r.id)),
                );
                let name = if r.available {
                    Cell::from(format!("{mark}{shown}"))
                } else {
                    Cell::from(format!("{mark}{shown} (away)")).style(ctx.theme.dim())
                };
                if wide {
                    vec![
                        name,
                        Cell::from(r.profession.clone()),
                        Cell::from(r.organisation.clone()),
                        Cell::from(if r.london_based { "London" } else { "outside" }),
                        Cell::from(r.roles_label()),
                        load,
                        Cell::from(r.expertise.join(", ")),
                    ]
                } else {
                    vec![name, Cell::from(r.organisation.clone()), load]
                }
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "No Q members yet. n adds one.",
        }
        .render(area, buf);
    }

    fn render_venues(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        const COLUMNS: [Column; 5] = [
            col("Name", Constraint::Fill(3)),
            col("Address", Constraint::Fill(3)),
            col("Holds", Constraint::Length(5)),
            col("Cost", Constraint::Length(15)),
            col("Sessions", Constraint::Length(8)),
        ];
        ListingTable {
            listing: &self.venues,
            columns: &COLUMNS,
            cells: |r: &VenueRow| {
                let cost = match r.cost {
                    VenueCost::InHouse => "in-house".to_string(),
                    VenueCost::External { rate, per } => format!(
                        "{rate}/{}",
                        if per == RateUnit::Hour { "hour" } else { "day" }
                    ),
                };
                vec![
                    Cell::from(r.name.clone()),
                    Cell::from(r.address.clone()),
                    Cell::from(format!("{:>5}", r.capacity)),
                    Cell::from(cost),
                    Cell::from(format!("{:>8}", r.sessions)),
                ]
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "No venues yet. n adds one.",
        }
        .render(area, buf);
    }

    fn render_cohorts(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        const COLUMNS: [Column; 6] = [
            col("No.", Constraint::Length(4)),
            col("Name", Constraint::Fill(3)),
            col("Starts", Constraint::Length(11)),
            col("Ends", Constraint::Length(11)),
            col("Phase", Constraint::Length(10)),
            col("People", Constraint::Length(7)),
        ];
        ListingTable {
            listing: &self.cohorts,
            columns: &COLUMNS,
            cells: |r: &CohortRow| {
                vec![
                    Cell::from(r.number.to_string()),
                    Cell::from(r.name.clone()),
                    Cell::from(r.starts.format("%-d %b %Y").to_string()),
                    Cell::from(r.ends.format("%-d %b %Y").to_string()),
                    Cell::from(r.phase.label()),
                    Cell::from(format!("{}/{}", r.participants, r.target_size)),
                ]
            },
            theme: ctx.theme,
            focused: ctx.focused,
            empty: "No cohorts yet. n adds one.",
        }
        .render(area, buf);
    }
}

fn render_groups(
    listing: &Listing<GroupRow>,
    marked: impl Fn(u64) -> bool,
    empty: &str,
    area: Rect,
    buf: &mut Buffer,
    ctx: &Context,
) {
    const COLUMNS: [Column; 3] = [
        col("Name", Constraint::Fill(1)),
        col("Participants", Constraint::Length(12)),
        col("Q members", Constraint::Length(9)),
    ];
    ListingTable {
        listing,
        columns: &COLUMNS,
        cells: |r: &GroupRow| {
            vec![
                Cell::from(marked_name(&r.name, marked(r.id))),
                Cell::from(r.participants.to_string()),
                Cell::from(r.q_members.to_string()),
            ]
        },
        theme: ctx.theme,
        focused: ctx.focused,
        empty,
    }
    .render(area, buf);
}
