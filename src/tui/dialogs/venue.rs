//! The venue register's form: a partner's room at no cost, or an external venue with an
//! hourly or daily rate; its address and how many it holds.

use super::{OpenForm, Purpose, based_on, value};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::VenueId;
use crate::domain::sessions::{RateUnit, Venue, VenueCost};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{clean_line, name_key};
use crate::tui::form::{Field, Form, Rule};

const IN_HOUSE: &str = "in-house (no cost to the grant)";
const PER_HOUR: &str = "external, by the hour";
const PER_DAY: &str = "external, by the day";

pub fn venue_form(venue: Option<&Venue>) -> OpenForm {
    let (cost_at, rate) = match venue.map(|v| v.cost) {
        None | Some(VenueCost::InHouse) => (0, None),
        Some(VenueCost::External { rate, per }) => {
            (if per == RateUnit::Hour { 1 } else { 2 }, Some(rate))
        }
    };
    OpenForm {
        form: Form::new(
            venue.map_or("New venue".to_string(), |v| format!("Change {}", v.name)),
            vec![
                Field::text("Name", venue.map_or("", |v| v.name.as_str()), true),
                Field::text("Address", venue.map_or("", |v| v.address.as_str()), false),
                Field::count("Holds", venue.map_or(20, |v| v.capacity)),
                Field::choice(
                    "Cost",
                    vec![IN_HOUSE.into(), PER_HOUR.into(), PER_DAY.into()],
                    cost_at,
                ),
                Field::money("Rate", rate),
            ],
        )
        .with(Rule::NeededUnless {
            field: "Rate",
            other: "Cost",
            unless: IN_HOUSE.to_string(),
            why: "needed for an external venue (for example £95)".to_string(),
        }),
        purpose: Purpose::Venue(venue.map(|v| v.id)),
    }
}

pub(super) fn change(
    open: &OpenForm,
    data: &Snapshot,
    editing: Option<VenueId>,
) -> Result<(Change, String), String> {
    let name = clean_line(value(open, "Name"));
    if data
        .venues
        .values()
        .any(|v| Some(v.id) != editing && name_key(&v.name) == name_key(&name))
    {
        return Err(format!("there is already a venue called {name}"));
    }
    let capacity = open
        .form
        .field("Holds")
        .and_then(|f| f.as_count())
        .ok_or_else(|| "how many it holds is not a whole number yet".to_string())?;
    let rate = open.form.field("Rate").and_then(|f| f.as_money());
    let cost = match value(open, "Cost") {
        IN_HOUSE => VenueCost::InHouse,
        external => VenueCost::External {
            rate: rate.ok_or_else(|| {
                "an external venue needs its rate (for example £95 an hour)".to_string()
            })?,
            per: if external == PER_HOUR {
                RateUnit::Hour
            } else {
                RateUnit::Day
            },
        },
    };
    let id = match editing {
        Some(id) if !data.venues.contains_key(&id) => {
            return Err("that venue is no longer there".to_string());
        }
        Some(id) => id,
        None => VenueId(data.next_id(|id| RecordKey::Venue(VenueId(id)))),
    };
    let added = format!("Added the venue {name}");
    let record = Record::Venue(Venue {
        id,
        name,
        address: clean_line(value(open, "Address")),
        capacity,
        cost,
    });
    let done = match editing {
        Some(_) => super::saved_words(data, &record),
        None => added,
    };
    Ok((
        Change::Edit {
            based_on: editing.and_then(|id| based_on(data, RecordKey::Venue(id))),
            record,
        },
        done,
    ))
}
