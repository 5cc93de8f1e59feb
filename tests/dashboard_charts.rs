//! The roster's pathway funnel: drawn where the pane has room for it (zoomed on a large
//! terminal), never squeezed into a small one.

mod screen;

use improvers::domain::people::funnel::funnel;
use improvers::domain::people::pathway::PathwayStage;
use improvers::domain::people::roster::{CohortFilter, roster};
use screen::{app_after, demo, now, screen_of};

#[test]
fn a_zoomed_roster_on_a_large_terminal_shows_where_the_cohort_stands() {
    let app = app_after("1 z");
    let wide = screen_of(&app, 160, 48);
    assert!(wide.contains("Pathway now"), "{wide}");
    let data = demo();
    let cohort = data
        .cohorts
        .values()
        .find(|c| c.number == 2)
        .map(|c| c.id)
        .unwrap();
    let counted = funnel(&roster(&data, CohortFilter::Cohort(cohort), now()));
    let active = counted
        .stages
        .iter()
        .find(|(s, _)| *s == PathwayStage::Active)
        .map(|(_, n)| *n)
        .unwrap();
    assert!(active > 0, "the demo's cohort 2 has active participants");
    // The bar of a stage starts on the line that names it, with its count.
    assert!(
        wide.contains(&format!("Active       {active}█")),
        "no bar of {active} for Active in:\n{wide}"
    );
    assert!(wide.contains("Joined Q     0"), "{wide}");
    insta::assert_snapshot!("roster_funnel_zoomed_160x48", wide);
}

#[test]
fn the_funnel_is_left_out_where_there_is_no_room_for_it() {
    for (script, width, height) in [("1", 80, 24), ("1", 160, 48), ("1 z", 120, 30)] {
        let text = screen_of(&app_after(script), width, height);
        assert!(
            !text.contains("Pathway now"),
            "{script} at {width}×{height}:\n{text}"
        );
    }
}

/// The demo's past sessions with attendance marked, of cohort 2 (the dashboard opens on the
/// running cohort) and of the whole programme, oldest first, as the report counts them: (day,
/// percent).
fn demo_attendance() -> Vec<(chrono::NaiveDate, f64)> {
    use improvers::domain::report::session_attendance;
    use improvers::domain::sessions::schedule::past;
    let data = demo();
    let cohort = data.cohorts.values().find(|c| c.number == 2).map(|c| c.id);
    let in_view = data
        .sessions
        .values()
        .filter(|s| s.cohort.is_none() || s.cohort == cohort);
    let mut points: Vec<_> = past(in_view, now())
        .into_iter()
        .filter_map(|s| {
            let (attended, expected) = session_attendance(s, now())?;
            Some((
                s.start.date(),
                f64::from(attended) * 100.0 / f64::from(expected),
            ))
        })
        .collect();
    points.reverse();
    points
}

#[test]
fn zoomed_sessions_on_a_large_terminal_show_the_attendance_trend() {
    let points = demo_attendance();
    assert!(
        points.len() > 2,
        "the demo has held sessions with attendance"
    );
    let wide = screen_of(&app_after("3 z"), 160, 48);
    let mean = points.iter().map(|(_, p)| p).sum::<f64>() / points.len() as f64;
    assert!(
        wide.contains(&format!(
            "Attendance per session · {} sessions, {mean:.0}% on average",
            points.len()
        )),
        "{wide}"
    );
    let (first, last) = (points[0].0, points[points.len() - 1].0);
    assert!(wide.contains(&first.format("%b %Y").to_string()), "{wide}");
    assert!(wide.contains(&last.format("%b %Y").to_string()), "{wide}");
    assert!(wide.contains("100%") && wide.contains("0%"), "{wide}");
    insta::assert_snapshot!("sessions_trend_zoomed_160x48", wide);
}

#[test]
fn the_attendance_trend_is_left_out_where_there_is_no_room_for_it() {
    for (script, width, height) in [("3", 80, 24), ("3 z", 80, 24), ("3", 160, 48)] {
        let text = screen_of(&app_after(script), width, height);
        assert!(
            !text.contains("Attendance per session"),
            "{script} at {width}×{height}:\n{text}"
        );
        if (width, height) == (80, 24) && script == "3 z" {
            insta::assert_snapshot!("sessions_zoomed_no_trend_80x24", text);
        }
    }
}
