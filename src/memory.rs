//! How this process uses the C library's memory, so that a dashboard that owns a large
//! programme stays lean while it serves other processes: one arena for every thread, and what
//! was freed given back to the system after a request that read much of the programme.
//!
//! Both matter with glibc only, and do nothing with another C library or on another system.

/// Lets every thread allocate from one arena (glibc's `M_ARENA_MAX`, see mallopt(3)). glibc
/// otherwise gives each busy thread an arena of its own and keeps what that thread freed in
/// it: an owner serving each client on a thread grew by tens of megabytes per import or
/// dashboard it served. Call it first, before any thread starts.
pub fn share_one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes no pointer and only sets one of glibc's own allocation settings.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Returns the pages of memory freed so far to the system (glibc's `malloc_trim`, see
/// malloc_trim(3)): after the owner has answered a request that read much of the programme
/// (a snapshot for a dashboard or an import, a backup, a check), its memory would otherwise
/// stay at that request's peak.
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only walks glibc's own free lists, under the
    // locks glibc takes for any allocation, so it may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
