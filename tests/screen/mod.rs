//! What the screen tests share: the demo programme at a fixed clock, driven by scripted keys
//! and drawn to a `TestBackend`.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use improvers::domain::change::Change;
use improvers::domain::sessions::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::io::demo::demo_programme;
use improvers::tui::app::App;
use improvers::tui::effects::Effect;
use improvers::tui::script::script_keys;
use improvers::tui::theme::Theme;
use improvers::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The demo's files are written around this date, so with this clock nothing is shifted.
pub fn now() -> LocalNow {
    LocalNow::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
        chrono_tz::Europe::London,
    )
}

pub fn demo() -> Snapshot {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut data = Snapshot::default();
    data.apply(&demo_programme(today).expect("the demo programme loads"));
    data
}

pub fn app_after(script: &str) -> App {
    let mut app = App::new(demo(), now());
    press(&mut app, script);
    app
}

pub fn press(app: &mut App, script: &str) {
    for key in script_keys(script) {
        app.handle_key(key);
    }
}

pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| view::draw(app, &Theme::new(false), frame))
        .unwrap();
    terminal
}

pub fn screen(script: &str, width: u16, height: u16) -> String {
    screen_of(&app_after(script), width, height)
}

pub fn screen_of(app: &App, width: u16, height: u16) -> String {
    draw(app, width, height).backend().to_string()
}

/// The one change the keys asked to save (from a form or a confirmation), applied to what the
/// app shows as the store would, with what the app says once it is saved.
pub fn save(app: &mut App) -> (Change, String) {
    let effects = app.take_effects();
    let (change, done, from_form) = match effects.as_slice() {
        [Effect::Save { change, done }] => ((**change).clone(), done.clone(), true),
        [Effect::Apply { change, done }] => ((**change).clone(), done.clone(), false),
        other => panic!("expected one change to save, got {other:?}"),
    };
    app.data.apply(&change);
    let data = app.data.clone();
    app.replace_data(data);
    if from_form {
        app.saved(done.clone(), &change);
    }
    (change, done)
}

#[macro_export]
macro_rules! snapshot {
    ($name:expr, $script:expr, $w:expr, $h:expr) => {
        insta::assert_snapshot!($name, screen::screen($script, $w, $h))
    };
}
