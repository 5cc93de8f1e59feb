//! Where the dashboard's memory goes on a programme: the bytes held (allocated and not yet
//! freed) after each step of its start, counted by a global allocator.
//! Usage: `cargo run --release --example memory -- DB_FOLDER`

use improvers::domain::sessions::schedule::LocalNow;
use improvers::store::Scope;
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        // SAFETY: passed on unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: passed on unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn step(what: &str) {
    let mb = |n: usize| n as f64 / 1_048_576.0;
    println!(
        "{what:<48} held {:>7.1} MB, most so far {:>7.1} MB",
        mb(HELD.load(Ordering::Relaxed)),
        mb(PEAK.load(Ordering::Relaxed))
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("give the database folder, e.g. cargo run --example memory -- /tmp/large")?;
    step("start");
    let database = Database::open(std::path::Path::new(&path))?;
    step("store opened");
    let (mut link, data) = Link::open_without_expenses(database)?;
    step("programme read without the expenses");
    let now = LocalNow::new(chrono::Utc::now(), data.zone()).to_minute();
    let mut app = App::for_screen(data, now, 160, 48);
    step("all four panes worked out");
    link.read_expenses(&mut app)?;
    step("expenses read, budget pane worked out");
    let revisions = app.data.revisions.len();
    let expenses = app.data.expenses.len();
    println!("{expenses} expenses, {revisions} revisions");
    let path = link.database.path();
    drop(link);
    step("database closed");
    let mut database = Database::open(&path)?;
    step("database opened again");
    let (_, part) = database.snapshot(Scope::Expenses)?;
    step("a second copy of the expenses (for scale)");
    drop(part);
    step("dropped again");
    drop(app);
    step("app dropped");
    Ok(())
}
