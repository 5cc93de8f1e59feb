//! A person's story as rows of text, each a few pieces with a tone: made once when the story
//! is opened (or changes), so drawing only turns the rows in view into lines.

use crate::domain::mentoring::MatchState;
use crate::domain::people::pathway::{QReadiness, ReadinessItem};
use crate::domain::people::story::{
    Contact, ExpenseLine, Pairing, ParticipantStory, QMemberStory, SessionPart,
};
use crate::domain::sessions::Attendance;
use chrono::NaiveDate;

/// How a piece of a row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Dim,
    Heading,
    Good,
    Alarm,
}

/// One row of the story: pieces of text, each in its tone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row(pub Vec<(String, Tone)>);

impl Row {
    fn blank() -> Row {
        Row::default()
    }

    fn heading(text: impl Into<String>) -> Row {
        Row(vec![(text.into(), Tone::Heading)])
    }

    fn plain(text: impl Into<String>) -> Row {
        Row(vec![(text.into(), Tone::Plain)])
    }

    /// A row that says nothing is there: dim, so it reads as an absence, not a record.
    fn none(text: impl Into<String>) -> Row {
        Row(vec![(format!("  {}", text.into()), Tone::Dim)])
    }

    /// "Email       ada@…": a label in a column, then its value.
    fn field(label: &str, value: impl Into<String>) -> Row {
        Row(vec![
            (format!("{label:<12}"), Tone::Dim),
            (value.into(), Tone::Plain),
        ])
    }

    fn push(mut self, text: impl Into<String>, tone: Tone) -> Row {
        self.0.push((text.into(), tone));
        self
    }

    /// The row's text, as a test or a search reads it.
    pub fn text(&self) -> String {
        self.0.iter().map(|(t, _)| t.as_str()).collect()
    }
}

use crate::domain::people::alumni::long_date;

fn date(on: NaiveDate) -> String {
    on.format("%-d %b %Y").to_string()
}

/// Each line of `text` as a row, indented; a note typed over several lines keeps them.
fn paragraph(rows: &mut Vec<Row>, text: &str) {
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    rows.extend(
        normal
            .split('\n')
            .map(|line| Row::plain(format!("  {line}"))),
    );
}

/// The name is the window's title, so the rows begin with how to reach them.
fn contact_rows(rows: &mut Vec<Row>, contact: &Contact) {
    rows.push(Row::field("Email", contact.email.clone()));
    rows.push(Row::field(
        "Role",
        format!("{} · {}", contact.profession, contact.organisation),
    ));
}

/// The rows of a participant's story, top to bottom.
pub fn participant_rows(story: &ParticipantStory) -> Vec<Row> {
    let mut rows = Vec::new();
    contact_rows(&mut rows, &story.contact);
    rows.push(Row::field(
        "Cohort",
        story
            .cohort
            .clone()
            .unwrap_or_else(|| "none yet: awaiting review".to_string()),
    ));
    rows.push(Row::field(
        "Nominated",
        story.nominated_by.as_ref().map_or_else(
            || "by nobody on record".to_string(),
            |(_, name)| format!("by {name}"),
        ),
    ));
    if let Some(set) = &story.learning_set {
        rows.push(Row::plain(set.clone()));
    }
    if let Some(q) = &story.q_member {
        rows.push(Row(vec![(
            format!(
                "Joined Q on {} — Q member record: {}",
                long_date(q.joined_on),
                q.name
            ),
            Tone::Good,
        )]));
    }

    rows.push(Row::blank());
    rows.push(Row::heading("Project"));
    if story.project.title.trim().is_empty() {
        rows.push(Row::none("No project yet (e edits the person)."));
    } else {
        rows.push(Row::plain(format!(
            "  {} ({})",
            story.project.title, story.project.stage
        )));
        if !story.project.aim.trim().is_empty() {
            paragraph(&mut rows, &format!("Aim: {}", story.project.aim));
        }
        if !story.project.topics.is_empty() {
            rows.push(Row::plain(format!(
                "  Topics: {}",
                story.project.topics.join(", ")
            )));
        }
    }

    rows.push(Row::blank());
    rows.push(Row::heading(format!("Pathway: {} now", story.stage)));
    for change in &story.pathway {
        let row = Row(vec![
            (format!("  {:<13}", date(change.on)), Tone::Dim),
            (change.stage.label().to_string(), Tone::Plain),
        ]);
        let row = if change.note.trim().is_empty() {
            row
        } else {
            row.push(format!(" — {}", change.note.trim()), Tone::Dim)
        };
        rows.push(row);
    }

    rows.push(Row::blank());
    readiness_rows(&mut rows, story);

    rows.push(Row::blank());
    rows.push(Row::heading("Mentors"));
    if story.mentors.is_empty() {
        rows.push(Row::none("No mentor yet, and none before."));
    }
    for pairing in &story.mentors {
        pairing_rows(&mut rows, pairing);
    }

    rows.push(Row::blank());
    session_rows(&mut rows, story);

    // Only for those who answered a survey: most programmes run none, and their people's
    // stories stay as they were.
    if !story.outcomes.is_empty() {
        rows.push(Row::blank());
        rows.push(Row::heading("Outcomes survey (scores 1–10, start → end)"));
        for (question, scores) in &story.outcomes {
            rows.push(Row(vec![
                (
                    format!("  {:<18}", crate::domain::outcomes::scores_line(*scores)),
                    Tone::Plain,
                ),
                (question.clone(), Tone::Plain),
            ]));
        }
    }

    rows.push(Row::blank());
    rows.push(Row::heading("Expenses that name them"));
    expense_rows(&mut rows, &story.expenses);

    if !story.notes.trim().is_empty() {
        rows.push(Row::blank());
        rows.push(Row::heading("Notes"));
        paragraph(&mut rows, &story.notes);
    }
    rows
}

fn readiness_rows(rows: &mut Vec<Row>, story: &ParticipantStory) {
    let r = &story.readiness;
    rows.push(Row::heading(format!(
        "Q readiness {}/{}",
        r.met(),
        QReadiness::ITEMS
    )));
    let attendance = match r.attendance_percent() {
        Some(pct) => format!(
            "Attendance ≥{}%: {} of {} held sessions ({pct}%)",
            r.threshold_percent, r.attended, r.expected
        ),
        None => format!("Attendance ≥{}%: no session held yet", r.threshold_percent),
    };
    rows.push(tick(r.attendance_met(), attendance));
    for item in ReadinessItem::ALL {
        let ticked = story.ticks.iter().find(|t| t.item == item);
        let text = match ticked {
            Some(t) => format!("{} ({})", item.label(), date(t.on)),
            None => item.label().to_string(),
        };
        rows.push(tick(ticked.is_some(), text));
    }
}

fn tick(done: bool, text: String) -> Row {
    if done {
        Row(vec![("  ✓ ".into(), Tone::Good), (text, Tone::Plain)])
    } else {
        Row(vec![("  · ".into(), Tone::Dim), (text, Tone::Plain)])
    }
}

/// A pairing seen from either side, then its check-ins oldest first.
fn pairing_rows(rows: &mut Vec<Row>, pairing: &Pairing) {
    let (when, tone) = match &pairing.state {
        MatchState::Proposed => (
            format!(
                "proposed {}{}, awaiting acceptance",
                date(pairing.proposed_on),
                if pairing.locked { " (locked)" } else { "" }
            ),
            Tone::Plain,
        ),
        MatchState::Confirmed { on } => (format!("confirmed {}, now", date(*on)), Tone::Good),
        MatchState::Ended { on, reason } if reason.trim().is_empty() => (
            format!("from {} to {}", date(pairing.proposed_on), date(*on)),
            Tone::Dim,
        ),
        MatchState::Ended { on, reason } => (
            format!(
                "from {} to {}: {}",
                date(pairing.proposed_on),
                date(*on),
                reason.trim()
            ),
            Tone::Dim,
        ),
    };
    rows.push(Row(vec![
        (format!("  {}", pairing.other), Tone::Plain),
        (" — ".into(), Tone::Dim),
        (when, tone),
    ]));
    if pairing.check_ins.is_empty() && matches!(pairing.state, MatchState::Confirmed { .. }) {
        rows.push(Row::none("  No check-in logged yet."));
    }
    for c in &pairing.check_ins {
        let (met, tone) = if c.met {
            ("met         ", Tone::Good)
        } else {
            ("did not meet", Tone::Alarm)
        };
        let row = Row(vec![
            (format!("    {:<13}", date(c.on)), Tone::Dim),
            (met.to_string(), tone),
        ]);
        rows.push(if c.note.trim().is_empty() {
            row
        } else {
            row.push(format!("  {}", c.note.trim()), Tone::Plain)
        });
    }
}

fn session_rows(rows: &mut Vec<Row>, story: &ParticipantStory) {
    let r = &story.readiness;
    let to_come = story.sessions_to_come();
    let heading = match r.attendance_percent() {
        // Counts of nothing say less than the plain row below them.
        _ if story.sessions.is_empty() => "Sessions".to_string(),
        Some(pct) => format!(
            "Sessions: attended {} of {} held ({pct}%), {to_come} to come",
            r.attended, r.expected
        ),
        None => format!("Sessions: none held yet, {to_come} to come"),
    };
    rows.push(Row::heading(heading));
    if story.sessions.is_empty() {
        rows.push(Row::none("Not invited to any session yet."));
    }
    for s in &story.sessions {
        // A mark before the title, in a column, so a page of them is read down at a glance.
        let (mark, tone) = match (s.cancelled, s.held, s.attendance) {
            (true, _, _) => ("cancelled", Tone::Dim),
            (_, _, Some(Attendance::Attended)) => ("attended", Tone::Good),
            (_, true, Some(Attendance::NoShow)) => ("no-show", Tone::Alarm),
            (_, true, Some(Attendance::Apologies)) => ("apologies", Tone::Dim),
            (_, true, Some(_)) => ("not marked", Tone::Alarm),
            (_, false, Some(a)) => (a.label(), Tone::Plain),
            (_, _, None) => ("", Tone::Plain),
        };
        rows.push(session_row(s, (format!("{mark:<13}"), tone)));
    }
}

/// The date, then `mark` (attendance, or whether it is to come), then what it was.
fn session_row(s: &SessionPart, mark: (String, Tone)) -> Row {
    Row(vec![
        (
            format!("  {:<17}", s.start.format("%a %-d %b %Y")),
            Tone::Dim,
        ),
        mark,
        (format!("{}: {}", s.kind.label(), s.title), Tone::Plain),
    ])
}

fn expense_rows(rows: &mut Vec<Row>, expenses: &[ExpenseLine]) {
    if expenses.is_empty() {
        rows.push(Row::none("No expense names them."));
    }
    for e in expenses {
        let what = if e.description.trim().is_empty() {
            e.payee.clone()
        } else {
            format!("{} — {}", e.payee, e.description.trim())
        };
        rows.push(Row(vec![
            (format!("  {:<13}", date(e.date)), Tone::Dim),
            (format!("{:>10}  ", e.amount.to_string()), Tone::Plain),
            (format!("{:<10}", e.state.label()), Tone::Dim),
            (format!("{}: {what}", e.category), Tone::Plain),
        ]));
    }
}

/// The rows of a Q member's read-only view, top to bottom.
pub fn q_member_rows(story: &QMemberStory) -> Vec<Row> {
    let mut rows = Vec::new();
    contact_rows(&mut rows, &story.contact);
    rows.push(Row::field(
        "Based",
        if story.london_based {
            "in London"
        } else {
            "outside London (travel may be claimed from the grant)"
        },
    ));
    let roles: Vec<&str> = story.roles.iter().map(|r| r.label()).collect();
    rows.push(Row::field(
        "Offers",
        if roles.is_empty() {
            "no role yet".to_string()
        } else {
            roles.join(", ")
        },
    ));
    if !story.expertise.is_empty() {
        rows.push(Row::field("Expertise", story.expertise.join(", ")));
    }
    let available = match (story.available, story.availability_notes.trim()) {
        (true, "") => "yes".to_string(),
        (true, notes) => format!("yes: {notes}"),
        (false, "") => "no: never proposed as a mentor".to_string(),
        (false, notes) => format!("no: {notes}"),
    };
    rows.push(Row::field("Available", available));
    if let Some(p) = &story.alumnus {
        rows.push(Row(vec![(format!("Alumnus of {}", p.cohort), Tone::Good)]));
        rows.push(Row::field(
            "Joined Q",
            format!(
                "on {} — participant record: {}",
                long_date(p.joined_on),
                p.name
            ),
        ));
    }

    rows.push(Row::blank());
    let room = story.capacity.saturating_sub(story.load);
    let load = format!("Mentoring: {} of {} now", story.load, story.capacity);
    rows.push(if story.load > story.capacity {
        Row::heading(load).push(
            format!(" — {} over capacity", story.load - story.capacity),
            Tone::Alarm,
        )
    } else {
        Row::heading(load).push(
            format!(
                " — {}",
                crate::domain::count::count(room as usize, "place") + " left"
            ),
            Tone::Dim,
        )
    });
    let (now, before): (Vec<&Pairing>, Vec<&Pairing>) =
        story.mentees.iter().partition(|m| m.is_now());
    rows.push(Row::heading("Mentees now"));
    if now.is_empty() {
        rows.push(Row::none("Mentors nobody now."));
    }
    for pairing in now {
        pairing_rows(&mut rows, pairing);
    }
    rows.push(Row::heading("Mentees before"));
    if before.is_empty() {
        rows.push(Row::none("Nobody before."));
    }
    for pairing in before {
        pairing_rows(&mut rows, pairing);
    }

    rows.push(Row::blank());
    rows.push(Row::heading(format!("Sessions led ({})", story.led.len())));
    if story.led.is_empty() {
        rows.push(Row::none("Has led no session."));
    }
    rows.extend(story.led.iter().map(led_row));
    rows.push(Row::heading(format!(
        "Site visits hosted ({})",
        story.hosted.len()
    )));
    if story.hosted.is_empty() {
        rows.push(Row::none("Has hosted no site visit."));
    }
    rows.extend(story.hosted.iter().map(led_row));

    rows.push(Row::blank());
    rows.push(Row::heading(format!(
        "Nominated ({})",
        story.nominated.len()
    )));
    if story.nominated.is_empty() {
        rows.push(Row::none("Has nominated nobody."));
    }
    for (_, name, stage) in &story.nominated {
        rows.push(Row(vec![
            (format!("  {name}"), Tone::Plain),
            (format!(" — {stage}"), Tone::Dim),
        ]));
    }

    rows.push(Row::blank());
    rows.push(Row::heading("Expenses that name them"));
    expense_rows(&mut rows, &story.expenses);
    rows
}

fn led_row(s: &SessionPart) -> Row {
    let when = match (s.cancelled, s.held) {
        (true, _) => "cancelled",
        (false, true) => "held",
        (false, false) => "to come",
    };
    session_row(s, (format!("{when:<10}"), Tone::Dim))
}
