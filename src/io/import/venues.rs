//! Venues: in-house rooms at no cost, and external venues hired by the hour or the day.

use super::draft::Draft;
use super::error::{ImportErrors, Problems};
use super::fields;
use super::table::{self, Columns};
use crate::domain::change::Record;
use crate::domain::sessions::{RateUnit, Venue, VenueCost};
use crate::domain::text::name_key;
use std::collections::HashMap;

pub(crate) const VENUE_COLUMNS: Columns = Columns {
    required: &["name", "capacity"],
    optional: &["address", "rate", "per"],
};

fn rate_unit(raw: &str) -> Result<RateUnit, String> {
    match fields::line(raw).to_lowercase().as_str() {
        "hour" | "hourly" | "per hour" | "h" => Ok(RateUnit::Hour),
        "day" | "daily" | "per day" | "d" => Ok(RateUnit::Day),
        "" => Err("is empty; say whether the rate is per hour or per day".to_string()),
        other => Err(format!("\"{other}\" is not a rate unit (hour or day)")),
    }
}

pub(crate) fn venues(draft: &mut Draft, text: &str, file: &str) -> Result<(), ImportErrors> {
    let mut problems = Problems::new(file);
    let rows = table::read(text, &VENUE_COLUMNS, &mut problems);
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let line = row.line;
        let name = problems.check(line, "name", fields::required(row.raw("name")));
        if let Some(name) = &name {
            let key = name_key(name);
            if let Some(first) = seen.get(&key) {
                problems.add(
                    line,
                    "name",
                    format!("the venue \"{name}\" is also on line {first}"),
                );
            } else if draft.venue_by_name(name).is_some() {
                problems.add(
                    line,
                    "name",
                    format!("the venue \"{name}\" is already in the programme"),
                );
            }
            seen.entry(key).or_insert(line);
        }
        let capacity = problems.check(
            line,
            "capacity",
            fields::whole_number(row.raw("capacity"), "places", 0),
        );
        let cost = match fields::optional(row.raw("rate")) {
            None => {
                if fields::optional(row.raw("per")).is_some() {
                    problems.add(
                        line,
                        "rate",
                        "is empty but \"per\" is given; leave both empty for an in-house room",
                    );
                    None
                } else {
                    Some(VenueCost::InHouse)
                }
            }
            Some(raw) => {
                let rate = problems.check(line, "rate", fields::money(raw));
                let per = problems.check(line, "per", rate_unit(row.raw("per")));
                rate.zip(per)
                    .map(|(rate, per)| VenueCost::External { rate, per })
            }
        };
        let (Some(name), Some(capacity), Some(cost)) = (name, capacity, cost) else {
            continue;
        };
        let venue = Venue {
            id: draft.new_venue_id(),
            name,
            address: fields::line(row.raw("address")),
            capacity,
            cost,
        };
        draft.put(Record::Venue(venue));
    }
    problems.finish()
}
