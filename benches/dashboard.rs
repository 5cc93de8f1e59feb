//! Speed on the large benchmark programme (20 cohorts, 1,000 participants, 5,000 Q members,
//! 2,000 sessions, 100,000 expenses): drawing each pane at 200×50, opening the store,
//! `status`, the dashboard's first frame and how soon it shows a change made elsewhere.
//! Figures go in docs/performance.md.

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use improvers::domain::budget::checks::{budget_flags, monthly_spend};
use improvers::domain::budget::{BudgetReport, BudgetTotals};
use improvers::domain::change::{Change, Record};
use improvers::domain::money::Pence;
use improvers::domain::people::story::{participant_story, q_member_story};
use improvers::domain::sessions::schedule::LocalNow;
use improvers::domain::snapshot::Snapshot;
use improvers::domain::summary::Summary;
use improvers::io::generate::large_programme;
use improvers::io::status::{Paint, text};
use improvers::store::shared::Database;
use improvers::store::{Scope, Store, status_copy};
use improvers::tui::action::Action;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use improvers::tui::panes::PaneId;
use improvers::tui::panes::budget::BudgetPane;
use improvers::tui::person::{PersonView, Whom};
use improvers::tui::theme::Theme;
use improvers::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
}

fn now() -> LocalNow {
    LocalNow::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0)
            .single()
            .expect("a real time"),
        chrono_tz::Europe::London,
    )
}

fn large_snapshot() -> Snapshot {
    let mut data = Snapshot::default();
    data.apply(&large_programme(1, today()));
    data
}

fn drawing(c: &mut Criterion) {
    let mut app = App::new(large_snapshot(), now());
    // Every participant, not one cohort: the longest lists the panes can have.
    while app.cohort != improvers::domain::people::roster::CohortFilter::All {
        app.apply(improvers::tui::action::Action::NextCohort);
    }
    let theme = Theme::new(true);
    let area = Rect::new(0, 0, 200, 50);
    let mut group = c.benchmark_group("draw a frame at 200x50");
    for pane in PaneId::ALL {
        app.focus = pane;
        app.zoomed = true;
        let mut buf = Buffer::empty(area);
        group.bench_function(pane.title(), |b| {
            b.iter(|| {
                buf.reset();
                view::render(black_box(&app), &theme, area, &mut buf);
            })
        });
    }
    app.zoomed = false;
    let grid = Rect::new(0, 0, 200, 50);
    let mut buf = Buffer::empty(grid);
    group.bench_function("all four panes", |b| {
        b.iter(|| {
            buf.reset();
            view::render(black_box(&app), &theme, grid, &mut buf);
        })
    });
    // The Q member who led the most sessions: the longest story the programme holds.
    let busiest = app
        .data
        .q_members
        .keys()
        .max_by_key(|q| {
            app.data
                .sessions
                .values()
                .filter(|s| s.facilitators.contains(q))
                .count()
        })
        .copied();
    if let Some(q) = busiest.and_then(|q| PersonView::open(&app.data, Whom::QMember(q), now())) {
        app.person = Some(q);
        group.bench_function("a Q member's story over the panes", |b| {
            b.iter(|| {
                buf.reset();
                view::render(black_box(&app), &theme, grid, &mut buf);
            })
        });
        app.person = None;
    }
    group.finish();
}

/// Working out one person's story looks at every session, match and expense once: it is done
/// when the story opens and when anything changes while it is open, not for each frame.
fn stories(c: &mut Criterion) {
    let data = large_snapshot();
    let mut group = c.benchmark_group("work out a story");
    if let Some(p) = data.participants.keys().next().copied() {
        group.bench_function("participant", |b| {
            b.iter(|| participant_story(black_box(&data), p, now()))
        });
    }
    if let Some(q) = data.q_members.keys().next().copied() {
        group.bench_function("Q member", |b| {
            b.iter(|| q_member_story(black_box(&data), q, now()))
        });
    }
    group.finish();
}

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("large");
    {
        let store = Store::open(&path).expect("open a new store");
        store
            .apply(&large_programme(1, today()), "bench", Utc::now())
            .expect("load the large programme");
    }
    let mut group = c.benchmark_group("large programme");
    group.sample_size(20);
    group.bench_function("open the store", |b| {
        b.iter(|| drop(black_box(Store::open(&path).expect("open"))))
    });
    group.bench_function("status (open, read, summarise, print)", |b| {
        b.iter(|| {
            let store = Store::open(&path).expect("open");
            let data = store.snapshot(Scope::Summary).expect("read");
            let summary = Summary::new(&data, now(), None);
            black_box(text(&summary, Paint { colour: false }))
        })
    });
    // What `status` does with nobody holding the database: the copy a settled close left.
    let summary_scope = Store::open(&path)
        .expect("open")
        .snapshot(Scope::Summary)
        .expect("read");
    status_copy::write(&path, &summary_scope, today());
    group.bench_function(
        "status from the status copy (read, summarise, print)",
        |b| {
            b.iter(|| {
                let copy = status_copy::read(&path).expect("the copy stands for the files");
                let summary = Summary::new(&copy.data, now(), None);
                black_box(text(&summary, Paint { colour: false }))
            })
        },
    );
    group.finish();
}

fn budget(c: &mut Criterion) {
    let data = large_snapshot();
    let mut group = c.benchmark_group("budget, 100,000 expenses");
    group.sample_size(20);
    group.bench_function("report from the kept totals", |b| {
        b.iter(|| {
            black_box(BudgetReport::new(
                data.budget.as_ref(),
                black_box(&data.budget_totals),
                &data.categories,
            ))
        })
    });
    group.bench_function("report recomputed from every expense", |b| {
        b.iter(|| {
            let totals = BudgetTotals::from_expenses(black_box(&data).expenses.values());
            black_box(BudgetReport::new(
                data.budget.as_ref(),
                &totals,
                &data.categories,
            ))
        })
    });
    group.bench_function("policy checks", |b| {
        b.iter(|| black_box(budget_flags(black_box(&data), today())))
    });
    group.bench_function("monthly spend", |b| {
        b.iter(|| black_box(monthly_spend(black_box(&data))))
    });
    // What the dashboard does after each change: the pane's flags, chart, forecast and the
    // list of every expense, newest first; then the same sorted by payee.
    let mut pane = BudgetPane::default();
    group.bench_function("budget pane refresh, by date", |b| {
        b.iter(|| pane.refresh(black_box(&data), today()))
    });
    pane.apply(Action::SortNext);
    pane.apply(Action::SortNext);
    group.bench_function("budget pane refresh, by payee", |b| {
        b.iter(|| pane.refresh(black_box(&data), today()))
    });
    group.finish();
}

/// The large programme stored in a new folder (kept while the returned folder lives).
fn large_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("large");
    let store = Store::open(&path).expect("open a new store");
    store
        .apply(&large_programme(1, today()), "bench", Utc::now())
        .expect("load the large programme");
    (dir, path)
}

fn draw_on(app: &App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| view::draw(app, &Theme::new(true), frame))
        .expect("drawn");
    black_box(terminal);
}

/// What comes before the first frame, as the dashboard starts: opening the database (as its
/// owner), reading the programme without its expenses, working out the panes in view and
/// drawing; then what follows before the first key, reading the expenses. Each is timed
/// alone; closing the database is left out (a dashboard that quits at once does not wait
/// for it). For comparison, the whole programme read at once, as every start did before.
fn first_frame(c: &mut Criterion) {
    // Memory as the program has it (`main`): one arena for every thread.
    improvers::memory::share_one_arena();
    let (_dir, path) = large_store();
    let mut group = c.benchmark_group("first frame");
    group.sample_size(10);
    for (name, width, height) in [
        (
            "open, read without expenses, work out and draw (160x48)",
            160,
            48,
        ),
        (
            "open, read without expenses, work out and draw (80x24)",
            80,
            24,
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let database = Database::open(&path).expect("open");
                    let (link, data) = Link::open_without_expenses(database).expect("read");
                    let mut app = App::for_screen(data, now(), width, height);
                    app.budget.reading_expenses = true;
                    draw_on(&app, width, height);
                    spent += started.elapsed();
                    // Closed before the next opens, so each opens as the owner.
                    drop((link, app));
                }
                spent
            })
        });
    }
    group.bench_function("then read the expenses and work out the budget pane", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let database = Database::open(&path).expect("open");
                let (mut link, data) = Link::open_without_expenses(database).expect("read");
                let mut app = App::for_screen(data, now(), 160, 48);
                let started = Instant::now();
                link.read_expenses(&mut app).expect("read the expenses");
                draw_on(&app, 160, 48);
                spent += started.elapsed();
                drop((link, app));
            }
            spent
        })
    });
    group.bench_function(
        "open the store and read the whole programme (before)",
        |b| {
            b.iter(|| {
                let store = Store::open(&path).expect("open");
                black_box(store.snapshot(Scope::Everything).expect("read"))
            })
        },
    );
    let data = large_snapshot();
    group.bench_function("work out all four panes (160x48)", |b| {
        b.iter(|| black_box(App::for_screen(data.clone(), now(), 160, 48)))
    });
    group.bench_function("work out the roster pane only (80x24)", |b| {
        b.iter(|| black_box(App::for_screen(data.clone(), now(), 80, 24)))
    });
    for (key, pane) in [
        ('2', PaneId::Mentoring),
        ('3', PaneId::Sessions),
        ('4', PaneId::Budget),
    ] {
        let name = format!("show the {} pane for the first time", pane.title());
        group.bench_function(name, |b| {
            b.iter_batched(
                || App::for_screen(data.clone(), now(), 80, 24),
                |mut shown| {
                    shown.handle_key(crossterm::event::KeyEvent::from(
                        crossterm::event::KeyCode::Char(key),
                    ));
                    black_box(shown)
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// The time of `turns` turns of `one`, which times itself.
fn each_turn(turns: u64, mut one: impl FnMut() -> Duration) -> Duration {
    (0..turns).map(|_| one()).sum()
}

/// Applies `change` through `elsewhere` and follows until `app` has it, then draws.
/// From `apply` elsewhere until the frame that shows the change is drawn, as the event loop
/// draws it (`frame_first`): with `budget`, until the budget pane, worked out for the change
/// once the first frame is on screen, is drawn too. That work is done either way, untimed
/// without `budget`, so every turn starts from a settled dashboard.
fn show(
    elsewhere: &mut Database,
    link: &mut Link,
    app: &mut App,
    change: &Change,
    screen: (u16, u16),
    budget: bool,
) -> Duration {
    let started = Instant::now();
    let seq = elsewhere.apply(change).expect("applied elsewhere");
    while link.seq < seq {
        link.follow(app);
    }
    app.set_screen(screen.0, screen.1);
    draw_on(app, screen.0, screen.1);
    let shown = started.elapsed();
    if app.after_frame() {
        draw_on(app, screen.0, screen.1);
    }
    if budget { started.elapsed() } else { shown }
}

/// A change made through another connection, from `apply` until a dashboard has it in view
/// and has drawn it: the owner saves it and tells every follower, and the dashboard's link
/// takes it and works out the panes it touches. The event loop looks for changes once a tick
/// (40 ms), so a person waits this plus at most one tick.
fn change_shown(c: &mut Criterion) {
    improvers::memory::share_one_arena();
    let (_dir, path) = large_store();
    let owner = Database::open(&path).expect("open as owner");
    assert!(owner.is_owner());
    let (mut link, data) = Link::open(owner).expect("read");
    let mut app = App::for_screen(data, now(), 160, 48);
    let (mut small_link, data) = Link::open(Database::open(&path).expect("open")).expect("read");
    let mut small = App::for_screen(data, now(), 80, 24);
    app.frame_first = true;
    small.frame_first = true;
    let mut elsewhere = Database::open(&path).expect("open as a client");
    assert!(!elsewhere.is_owner());
    let mut group = c.benchmark_group("change shown");
    group.sample_size(20);
    let person = app.roster.listing.selected_row().map(|r| r.id);
    let expense = app.data.expenses.keys().next().copied();
    let mut turn = 0u64;
    let mut renamed = |data: &Snapshot, id| {
        turn += 1;
        let mut renamed: improvers::domain::people::Participant = data.participants[&id].clone();
        renamed.name = format!("Avery Benchmark {turn}");
        Change::Put(Record::Participant(renamed))
    };
    if let Some(id) = person {
        group.bench_function(
            "a participant renamed elsewhere, all four panes (160x48)",
            |b| {
                b.iter_custom(|turns| {
                    each_turn(turns, || {
                        let change = renamed(&app.data, id);
                        show(
                            &mut elsewhere,
                            &mut link,
                            &mut app,
                            &change,
                            (160, 48),
                            false,
                        )
                    })
                })
            },
        );
        group.bench_function(
            "a participant renamed elsewhere, the roster alone (80x24)",
            |b| {
                b.iter_custom(|turns| {
                    each_turn(turns, || {
                        let change = renamed(&small.data, id);
                        let screen = (80, 24);
                        show(
                            &mut elsewhere,
                            &mut small_link,
                            &mut small,
                            &change,
                            screen,
                            false,
                        )
                    })
                })
            },
        );
    }
    // The big dashboard catches up on what it missed, outside the timing.
    link.settle(&mut app);
    if let Some(id) = expense {
        group.bench_function(
            "an expense raised elsewhere, all four panes (160x48)",
            |b| {
                b.iter_custom(|turns| {
                    each_turn(turns, || {
                        let mut raised = app.data.expenses[&id].clone();
                        raised.amount = raised.amount + Pence(1);
                        let change = Change::Put(Record::Expense(raised));
                        // Shown in the budget pane: timed until that is drawn.
                        show(
                            &mut elsewhere,
                            &mut link,
                            &mut app,
                            &change,
                            (160, 48),
                            true,
                        )
                    })
                })
            },
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    drawing,
    stories,
    store,
    budget,
    first_frame,
    change_shown
);
criterion_main!(benches);
