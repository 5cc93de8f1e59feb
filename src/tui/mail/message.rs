//! The lines the mail place shows of one message: its row in the due list, the preview of
//! the whole message, the summary of its calendar part, and a template that fails.

use super::MailSetup;
use crate::domain::mail::{DueMessage, due_day, what_about};
use crate::domain::snapshot::Snapshot;
use crate::io::mail::{BuiltMessage, build_message, check_templates};
use chrono::NaiveDate;

/// Why the templates in force cannot make the messages in `due` (or a sample of each kind
/// not due): the sentence naming the file and line, or `None` when every one renders.
pub fn template_problem(data: &Snapshot, setup: &MailSetup, due: &[DueMessage]) -> Option<String> {
    let failed = match &setup.templates {
        Err(e) => e.clone(),
        Ok(templates) => check_templates(due, data, templates, &setup.settings)
            .err()?
            .to_string(),
    };
    Some(format!(
        "A template fails: {failed}; put it right before sending."
    ))
}

/// [`due_line`] without the email, for a list too narrow for every row's address, so that what
/// each message is about stays in sight (the preview gives the address).
pub(super) fn due_line_without_address(
    data: &Snapshot,
    m: &DueMessage,
    today: NaiveDate,
) -> String {
    crate::domain::text::clean_line(&format!(
        "{}  {:<17} {}: {}",
        due_day(m.due_on, today),
        m.kind.label(),
        m.recipient.name,
        what_about(data, m)
    ))
}

/// "Mon 30 Nov  invitation        Wren Hollis <wren@example.org>: Session, Wed 2 Dec 10:00"
pub fn due_line(data: &Snapshot, m: &DueMessage, today: NaiveDate) -> String {
    let to = match &m.recipient.email {
        Some(email) => format!("{} <{email}>", m.recipient.name),
        None => format!("{} (no email)", m.recipient.name),
    };
    crate::domain::text::clean_line(&format!(
        "{}  {:<17} {to}: {}",
        due_day(m.due_on, today),
        m.kind.label(),
        what_about(data, m)
    ))
}

/// The message `due` as it will go: its headers, text and, for a session's messages, what the
/// calendar part says (METHOD, start in London time, SEQUENCE), or the sentence saying why it
/// cannot be written.
pub fn preview(due: &DueMessage, data: &Snapshot, setup: &MailSetup) -> Vec<String> {
    let templates = match &setup.templates {
        Ok(t) => t,
        Err(why) => return vec![format!("The message cannot be written: {why}")],
    };
    // Before the programme's mailbox is set the message is shown all the same, so the team
    // can read its templates first; the warning says what sending still needs.
    let mut settings = setup.settings.clone();
    let unset = settings.from.is_none();
    if unset {
        settings.from = Some(NOT_SET_FROM.to_string());
    }
    match build_message(due, data, templates, &settings) {
        Ok(built) => {
            let mut lines = preview_lines(&built);
            if unset {
                lines[0] = "From: (not set)".to_string();
                lines.insert(
                    0,
                    format!(
                        "Set [mail] from in {} to send: the programme's mailbox, which \
                         messages are from.",
                        setup.config_name
                    ),
                );
            }
            lines
        }
        Err(e) => vec![format!("The message cannot be written: {e}")],
    }
}

/// Stands in for the mailbox in a preview before `from` is set; never sent (RFC 2606's
/// reserved `.invalid`).
const NOT_SET_FROM: &str = "not-set@mailbox.invalid";

fn preview_lines(built: &BuiltMessage) -> Vec<String> {
    let header = |name: &str| {
        built
            .message
            .headers()
            .get_raw(name)
            .map_or(String::new(), |v| v.to_string())
    };
    let mut lines = vec![
        format!("From: {}", header("From")),
        format!("To: {}", header("To")),
        format!("Subject: {}", built.subject),
    ];
    if let Some(calendar) = &built.calendar {
        lines.push(format!("Calendar: {}", calendar_summary(calendar)));
    }
    lines.push(String::new());
    lines.extend(built.body.lines().map(str::to_string));
    lines
}

/// "METHOD:REQUEST, Wed 20 Jan 2027 09:30 London time, SEQUENCE 2" from an iCalendar text
/// (the city of the event's time zone names the time).
pub fn calendar_summary(calendar: &str) -> String {
    // The event's own start, not the time zone's rule starts before it.
    let event = calendar
        .split_once("BEGIN:VEVENT")
        .map_or(calendar, |(_, event)| event);
    let value = |name: &str| {
        let from = if name == "METHOD" { calendar } else { event };
        from.lines().find_map(|l| {
            let l = l.trim_end_matches('\r');
            let (key, value) = l.split_once(':')?;
            (key == name || key.starts_with(&format!("{name};"))).then(|| value.to_string())
        })
    };
    let method = value("METHOD").unwrap_or_default();
    // "DTSTART;TZID=Europe/Berlin:20270120T093000": the zone's city names the time.
    let zone = event.lines().find_map(|l| {
        let l = l.trim_end_matches('\r');
        let tzid = l.strip_prefix("DTSTART;TZID=")?.split_once(':')?.0;
        Some(tzid.rsplit('/').next().unwrap_or(tzid).replace('_', " "))
    });
    let start = value("DTSTART")
        .and_then(|v| chrono::NaiveDateTime::parse_from_str(&v, "%Y%m%dT%H%M%S").ok())
        .map_or("no start".to_string(), |t| {
            format!(
                "{} {} time",
                t.format("%a %-d %b %Y %H:%M"),
                zone.as_deref().unwrap_or("local")
            )
        });
    let sequence = value("SEQUENCE").unwrap_or_else(|| "0".into());
    format!("METHOD:{method}, {start}, SEQUENCE {sequence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_summary_reads_method_start_and_sequence() {
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VTIMEZONE\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T010000\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/London:20270120T093000\r\nSEQUENCE:3\r\nEND:VEVENT\r\n";
        assert_eq!(
            calendar_summary(ics),
            "METHOD:CANCEL, Wed 20 Jan 2027 09:30 London time, SEQUENCE 3"
        );
    }
}
