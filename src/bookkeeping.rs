//! The transport of security bookkeeping: one write (a failed login, a refresh-family
//! revocation) committed in its own transaction while the caller waits, so that it survives the
//! error the caller raises right after.
//!
//! # Why not one dynamic background worker per write?
//! Dynamic worker slots are shared with parallel query: four ordinary parallel queries can take
//! them all, and then the write cannot be made. Lockout and refresh-reuse detection must never
//! depend on that, so there are two paths:
//!
//! - **Preloaded** (`shared_preload_libraries = 'officeauto'`): a fixed request queue in shared
//!   memory served by a small pool of *static* workers, registered at postmaster start, whose
//!   slots no query can take. A pool worker starts unbound, connects to the database of the
//!   first request it takes, serves that database, and exits (to be restarted unbound at once)
//!   after a short idle time, so it never holds up `DROP DATABASE` for long, or as soon as
//!   another database waits for a worker. Requester and worker wake each other with latches:
//!   an idle round trip costs no fixed sleep.
//! - **Not preloaded** (or no pool worker could serve the database within a few seconds): one
//!   dynamic worker per write, the request handed over in a dynamic shared memory segment (no
//!   size limit, nothing truncated), registration retried for a bounded time while all slots
//!   are busy.
//!
//! `submit` returns `Err` only when neither path could make the write, or at once on a hot
//! standby (25006); the caller then refuses what it was doing (fail closed). Every worker runs exactly one statement,
//! `officeauto._bookkeeping_apply(op, a1, a2, a3, a4)`, so the transport knows nothing of the
//! bookkeeping itself.

use crate::error::OfficeError;
use pgrx::bgworkers::{BackgroundWorkerBuilder, BackgroundWorkerStatus, BgWorkerStartTime};
use pgrx::guc::{GucContext, GucFlags, GucRegistry, GucSetting};
use pgrx::pg_sys;
use pgrx::pg_sys::panic::CaughtError;
use pgrx::prelude::*;
use std::cell::UnsafeCell;
use std::ffi::{c_int, c_long};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicPtr, AtomicU32, AtomicU64};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};

/// A bookkeeping write, as `_bookkeeping_apply` knows it by its one-letter code.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    LoginFailure,
    // Written by login's pre-recorded attempt (identity); nothing here constructs it yet.
    #[allow(dead_code)]
    AmendFailure,
    RevokeFamily,
}

impl Op {
    fn code(self) -> u8 {
        match self {
            Op::LoginFailure => b'F',
            Op::AmendFailure => b'A',
            Op::RevokeFamily => b'R',
        }
    }
}

const APPLY_SQL: &str = "SELECT officeauto._bookkeeping_apply($1, $2, $3, $4, $5)";

/// Requests the queue holds at once; more requesters wait for a free slot.
const QUEUE_LEN: usize = 64;
/// Argument bytes a queue slot carries. Login's arguments (an identifier of at most 320
/// characters, an address, a reason) always fit; anything larger takes the dynamic path,
/// whose segment is sized to the request, so nothing is ever truncated.
const SLOT_BYTES: usize = 2048;
/// Upper bound of officeauto.bookkeeping_workers (the shared array is sized for it).
const MAX_POOL: usize = 16;
/// A pool worker idle this long exits (and is restarted unbound): `DROP DATABASE` waits up to
/// 5 s for other sessions of the database, so a bound worker must let go well before that.
const POOL_IDLE_EXIT: Duration = Duration::from_secs(2);
/// How long a request may wait for a pool worker before the dynamic path is tried. Long enough
/// for a worker bound elsewhere to go idle and come back unbound.
const POOL_SERVE_WITHIN: Duration = Duration::from_secs(3);
/// A request of a database no worker serves, queued this long, makes an otherwise busy worker
/// give up its database (so more busy databases than workers share the pool).
const STARVED_AFTER_US: i64 = 50_000;
/// How long the dynamic path keeps retrying while every worker slot is taken.
const DYNAMIC_REGISTER_FOR: Duration = Duration::from_secs(1);

static POOL_WORKERS: GucSetting<i32> = GucSetting::<i32>::new(2);

// ---------------------------------------------------------------------------------------------
// Arguments, as both paths carry them: four lengths (-1 for NULL) and the bytes back to back.

struct Encoded {
    lens: [i32; 4],
    bytes: Vec<u8>,
}

impl Encoded {
    fn new(args: &[Option<&str>; 4]) -> Encoded {
        let mut lens = [-1; 4];
        let mut bytes = Vec::new();
        for (len, arg) in lens.iter_mut().zip(args) {
            if let Some(a) = arg {
                *len = a.len() as i32;
                bytes.extend_from_slice(a.as_bytes());
            }
        }
        Encoded { lens, bytes }
    }
}

/// The arguments back from their lengths and bytes; None when they do not add up (never for a
/// request this module wrote, but the worker checks rather than trusts).
fn decode(lens: &[i32; 4], bytes: &[u8]) -> Option<[Option<String>; 4]> {
    let mut out: [Option<String>; 4] = Default::default();
    let mut at = 0usize;
    for (slot, &len) in out.iter_mut().zip(lens) {
        if len < 0 {
            continue;
        }
        let end = at.checked_add(len as usize)?;
        *slot = Some(String::from_utf8(bytes.get(at..end)?.to_vec()).ok()?);
        at = end;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// The write itself, run by every kind of worker.

/// Runs `_bookkeeping_apply` in a transaction of its own and commits it. A failure (an error
/// raised by the SQL, or at commit) is caught, the transaction aborted and the failure
/// returned, so that a pool worker reports it and goes on serving.
fn apply(op: u8, args: &[Option<String>; 4]) -> Result<i64, String> {
    let op_text = (op as char).to_string();
    // SAFETY: called by a worker connected to its database, outside any transaction.
    unsafe {
        // now() of the new transaction is this statement's start; without this it would be
        // the start of the worker's first statement.
        pg_sys::SetCurrentStatementStartTimestamp();
        pg_sys::StartTransactionCommand();
        pg_sys::PushActiveSnapshot(pg_sys::GetTransactionSnapshot());
        pg_sys::pgstat_report_activity(
            pg_sys::BackendState::STATE_RUNNING,
            c"officeauto bookkeeping write".as_ptr(),
        );
    }
    let outcome = PgTryBuilder::new(std::panic::AssertUnwindSafe(|| {
        let args: Vec<pgrx::datum::DatumWithOid> = std::iter::once(Some(op_text.as_str()))
            .chain(args.iter().map(Option::as_deref))
            .map(Into::into)
            .collect();
        match Spi::get_one_with_args::<i64>(APPLY_SQL, &args) {
            Ok(value) => {
                // SAFETY: the snapshot pushed above; committing inside the try block means an
                // error raised at commit (a deferred constraint) is caught like any other.
                unsafe {
                    pg_sys::PopActiveSnapshot();
                    pg_sys::CommitTransactionCommand();
                }
                Ok(value.unwrap_or(0))
            }
            Err(e) => Err(format!("internal query failed: {e}")),
        }
    }))
    .catch_others(|e| Err(describe(&e)))
    .execute();
    if outcome.is_err() {
        // SAFETY: the transaction started above is still open (a caught error leaves it in
        // progress); aborting releases its locks, snapshots and SPI state.
        unsafe { pg_sys::AbortCurrentTransaction() };
    }
    // SAFETY: plain status reporting outside a transaction.
    unsafe {
        pg_sys::pgstat_report_activity(pg_sys::BackendState::STATE_IDLE, std::ptr::null());
        pg_sys::pgstat_report_stat(false);
    }
    if let Err(message) = &outcome {
        // The SQLSTATE and message only: the arguments (an identifier someone typed) stay out
        // of the server log.
        pgrx::log!(
            "officeauto: security bookkeeping write '{}' failed: {message}",
            op as char
        );
    }
    outcome
}

fn describe(e: &CaughtError) -> String {
    let report = match e {
        CaughtError::PostgresError(r) | CaughtError::ErrorReport(r) => r,
        CaughtError::RustPanic { ereport, .. } => ereport,
    };
    format!(
        "{} {}",
        sqlstate_text(report.sql_error_code() as isize as i32),
        report.message()
    )
}

/// The five characters of a SQLSTATE from PostgreSQL's packed form (six bits per character).
fn sqlstate_text(code: i32) -> String {
    (0..5)
        .map(|i| (((code >> (6 * i)) & 0x3f) as u8 + b'0') as char)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Latches.

/// Sleeps until this process's latch is set or `timeout` passes, then services interrupts, so a
/// waiting requester can always be cancelled or terminated.
fn wait_for_latch(timeout: Duration) {
    let events = pg_sys::WL_LATCH_SET | pg_sys::WL_TIMEOUT | pg_sys::WL_EXIT_ON_PM_DEATH;
    // SAFETY: MyLatch is this process's own latch.
    unsafe {
        pg_sys::WaitLatch(
            pg_sys::MyLatch,
            events as c_int,
            timeout.as_millis().clamp(1, i32::MAX as u128) as c_long,
            pg_sys::PG_WAIT_EXTENSION,
        );
        pg_sys::ResetLatch(pg_sys::MyLatch);
    }
    pgrx::check_for_interrupts!();
}

/// Sets the latch of the process holding PGPROC number `procno`. A stale number (the process
/// left and another took its PGPROC) costs that process one spurious wakeup, which every latch
/// user tolerates.
fn wake(procno: i32) {
    // SAFETY: ProcGlobal is set up before any backend or worker runs; the index is checked.
    unsafe {
        let global = pg_sys::ProcGlobal;
        if procno < 0 || global.is_null() || procno as u32 >= (*global).allProcCount {
            return;
        }
        pg_sys::SetLatch(&raw mut (*(*global).allProcs.add(procno as usize)).procLatch);
    }
}

fn my_procno() -> i32 {
    // SAFETY: a backend or shared-memory worker always has its PGPROC.
    unsafe { (*pg_sys::MyProc).pgprocno }
}

/// Microseconds on the server clock, comparable between processes.
fn now_us() -> i64 {
    // SAFETY: reads the clock.
    unsafe { pg_sys::GetCurrentTimestamp() }
}

// The raw signal handlers (pgrx's pg_sys names are Rust wrappers, not C function pointers).
unsafe extern "C-unwind" {
    #[link_name = "die"]
    fn pg_die(signal: c_int);
    #[link_name = "SignalHandlerForConfigReload"]
    fn pg_config_reload_handler(signal: c_int);
}

/// SIGTERM interrupts a worker like a backend (also while it waits for a lock), and SIGHUP
/// makes it reread the configuration: a long-lived worker must see a changed lockout policy.
fn install_worker_signals() {
    // SAFETY: a worker sets its own handlers before unblocking signals.
    unsafe {
        pg_sys::pqsignal(pg_sys::SIGTERM as c_int, Some(pg_die));
        pg_sys::pqsignal(pg_sys::SIGHUP as c_int, Some(pg_config_reload_handler));
        pg_sys::BackgroundWorkerUnblockSignals();
    }
}

// ---------------------------------------------------------------------------------------------
// Preloaded: the queue and the pool in shared memory.
//
// A slot's state word holds its stage in the low bits, an "abandoned" flag, and a generation
// above them that changes each time the slot is taken, so a compare-and-swap can never act on
// a slot that was freed and reused in between. Ownership follows the stage: the requester owns
// a FILLING slot and reads a DONE one; a worker owns a RUNNING one. All transitions are
// compare-and-swap on the word; no lock is held while anyone waits.

const FREE: u64 = 0;
const FILLING: u64 = 1;
const QUEUED: u64 = 2;
const RUNNING: u64 = 3;
const DONE: u64 = 4;
const STAGE: u64 = 0x0f;
/// The requester stopped waiting (cancelled, terminated): whoever finishes the slot frees it.
const ABANDONED: u64 = 0x10;
const GENERATION: u64 = 0x100;

fn stage(state: u64) -> u64 {
    state & STAGE
}

fn with_stage(state: u64, stage: u64) -> u64 {
    (state & !STAGE) | stage
}

#[repr(C)]
struct Request {
    op: u8,
    lens: [i32; 4],
    bytes: [u8; SLOT_BYTES],
}

#[repr(C)]
struct Slot {
    state: AtomicU64,
    database: AtomicU32,
    requester: AtomicI32,
    seq: AtomicU64,
    enqueued_at: AtomicI64,
    ok: AtomicBool,
    result: AtomicI64,
    /// Written by the requester while FILLING, read by the worker while RUNNING.
    request: UnsafeCell<Request>,
}

#[repr(C)]
struct PoolEntry {
    /// 0 while the worker is not running.
    pid: AtomicI32,
    procno: AtomicI32,
    /// The database it is bound to; 0 while unbound.
    database: AtomicU32,
    busy: AtomicBool,
}

#[repr(C)]
struct Shared {
    /// Requesters waiting for a free slot sleep here.
    space: UnsafeCell<pg_sys::ConditionVariable>,
    space_waiters: AtomicU32,
    next_seq: AtomicU64,
    pool_size: AtomicU32,
    pool: [PoolEntry; MAX_POOL],
    slots: [Slot; QUEUE_LEN],
}

// SAFETY: every field is an atomic, or guarded by the slot protocol above, or the condition
// variable, which PostgreSQL synchronizes itself.
unsafe impl Sync for Shared {}

/// Set in the postmaster by the shared-memory startup hook and inherited by every child; null
/// when the library was not preloaded.
static SHARED: AtomicPtr<Shared> = AtomicPtr::new(std::ptr::null_mut());

fn shared() -> Option<&'static Shared> {
    // SAFETY: the pointer is either null or the shared struct, which lives as long as the server.
    unsafe { SHARED.load(SeqCst).as_ref() }
}

impl Shared {
    fn pool(&self) -> &[PoolEntry] {
        &self.pool[..(self.pool_size.load(SeqCst) as usize).min(MAX_POOL)]
    }

    fn release(&self, slot: &Slot, state: u64) {
        slot.state
            .store(with_stage(state, FREE) & !ABANDONED, SeqCst);
        if self.space_waiters.load(SeqCst) > 0 {
            // SAFETY: the condition variable was initialized with the struct.
            unsafe { pg_sys::ConditionVariableBroadcast(self.space.get()) };
        }
    }

    /// Live workers other than `me` bound to `database`.
    fn servers(&self, database: u32, me: Option<usize>) -> usize {
        self.pool()
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                Some(*i) != me && e.pid.load(SeqCst) != 0 && e.database.load(SeqCst) == database
            })
            .count()
    }
}

static mut PREV_SHMEM_REQUEST: pg_sys::shmem_request_hook_type = None;
static mut PREV_SHMEM_STARTUP: pg_sys::shmem_startup_hook_type = None;

#[pg_guard]
unsafe extern "C-unwind" fn request_shmem() {
    // SAFETY: the postmaster calls the hooks once, single-threaded, while it sizes shared memory.
    unsafe {
        if let Some(prev) = PREV_SHMEM_REQUEST {
            pg_sys::submodules::ffi::pg_guard_ffi_boundary(|| prev());
        }
        pg_sys::RequestAddinShmemSpace(size_of::<Shared>());
    }
}

#[pg_guard]
unsafe extern "C-unwind" fn startup_shmem() {
    // SAFETY: as above; AddinShmemInitLock (MainLWLockArray[21]) serializes the initialization
    // with any other library's.
    unsafe {
        if let Some(prev) = PREV_SHMEM_STARTUP {
            pg_sys::submodules::ffi::pg_guard_ffi_boundary(|| prev());
        }
        let init_lock = &raw mut (*pg_sys::MainLWLockArray.add(21)).lock;
        pg_sys::LWLockAcquire(init_lock, pg_sys::LWLockMode::LW_EXCLUSIVE);
        let mut found = false;
        let shared = pg_sys::ShmemInitStruct(
            c"officeauto bookkeeping".as_ptr(),
            size_of::<Shared>(),
            &mut found,
        )
        .cast::<Shared>();
        if !found {
            // All-zero is the initial state: every slot FREE, every pool entry not running.
            std::ptr::write_bytes(shared, 0, 1);
            pg_sys::ConditionVariableInit((*shared).space.get());
            (*shared)
                .pool_size
                .store(POOL_WORKERS.get().clamp(0, MAX_POOL as i32) as u32, SeqCst);
        }
        pg_sys::LWLockRelease(init_lock);
        SHARED.store(shared, SeqCst);
    }
}

/// Called from `_PG_init` while the postmaster loads shared_preload_libraries: defines the pool
/// size, asks for the shared memory and registers the pool workers. Must run before the
/// `officeauto.` prefix is reserved, or a configured pool size would be discarded.
pub fn init_preloaded() {
    GucRegistry::define_int_guc(
        c"officeauto.bookkeeping_workers",
        c"Static background workers that make security bookkeeping writes (failed logins, refresh-family revocations).",
        c"Only with shared_preload_libraries = 'officeauto'. They take their slots from \
          max_worker_processes at server start, so parallel queries cannot take them. 0 leaves \
          every write to a dynamic worker.",
        &POOL_WORKERS,
        0,
        MAX_POOL as i32,
        GucContext::Postmaster,
        GucFlags::default(),
    );
    // SAFETY: the postmaster is single-threaded while it loads libraries.
    unsafe {
        PREV_SHMEM_REQUEST = pg_sys::shmem_request_hook;
        pg_sys::shmem_request_hook = Some(request_shmem);
        PREV_SHMEM_STARTUP = pg_sys::shmem_startup_hook;
        pg_sys::shmem_startup_hook = Some(startup_shmem);
    }
    for i in 0..POOL_WORKERS.get().clamp(0, MAX_POOL as i32) {
        BackgroundWorkerBuilder::new(&format!("officeauto bookkeeping worker {i}"))
            .set_type("officeauto bookkeeping")
            .set_library("officeauto")
            .set_function("officeauto_bookkeeping_pool_main")
            .set_argument(Some(pg_sys::Datum::from(i as usize)))
            .enable_spi_access()
            .set_start_time(BgWorkerStartTime::RecoveryFinished)
            // Exit code 1 (idle, rebinding, an error) brings the worker back at once.
            .set_restart_time(Some(Duration::ZERO))
            .load();
    }
}

enum Outcome {
    Done(i64),
    Failed,
    /// No pool worker took the request in time; it was withdrawn unrun.
    NotServed,
}

/// Slot index of the request this backend waits for, for the exit callback (a FATAL such as
/// pg_terminate_backend ends the process without unwinding).
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(usize::MAX);
static EXIT_CALLBACK_SET: AtomicBool = AtomicBool::new(false);

/// Gives up waiting for a slot's request: a queued or running request still completes, and
/// whoever finishes it frees the slot.
fn abandon(sh: &Shared, index: usize) {
    let slot = &sh.slots[index];
    loop {
        let s = slot.state.load(SeqCst);
        let next = match stage(s) {
            FILLING | DONE => {
                sh.release(slot, s);
                return;
            }
            QUEUED | RUNNING if s & ABANDONED == 0 => s | ABANDONED,
            _ => return,
        };
        if slot.state.compare_exchange(s, next, SeqCst, SeqCst).is_ok() {
            return;
        }
    }
}

unsafe extern "C-unwind" fn requester_exit(_code: c_int, _arg: pg_sys::Datum) {
    let index = IN_FLIGHT.swap(usize::MAX, SeqCst);
    if let (Some(sh), true) = (shared(), index < QUEUE_LEN) {
        abandon(sh, index);
    }
}

/// Abandons the request if the wait ends by an error (query cancel, statement_timeout).
struct Waiting<'a> {
    sh: &'a Shared,
    index: usize,
    armed: bool,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        IN_FLIGHT.store(usize::MAX, SeqCst);
        if self.armed {
            abandon(self.sh, self.index);
        }
    }
}

/// Counts this backend among the requesters waiting for a free slot for as long as it lives
/// (an error raised while it sleeps included), so freeing a slot signals only when needed.
struct SpaceWaiter<'a>(&'a Shared);

impl Drop for SpaceWaiter<'_> {
    fn drop(&mut self) {
        self.0.space_waiters.fetch_sub(1, SeqCst);
    }
}

/// Takes a free slot, waiting (until `deadline`) while the queue is full.
fn take_slot(sh: &Shared, deadline: Instant) -> Option<usize> {
    // Start the scan at a per-backend offset so requesters do not all contend for slot 0.
    let start = my_procno().max(0) as usize % QUEUE_LEN;
    sh.space_waiters.fetch_add(1, SeqCst);
    let _waiter = SpaceWaiter(sh);
    let taken = loop {
        let found = (0..QUEUE_LEN).map(|k| (start + k) % QUEUE_LEN).find(|&i| {
            let slot = &sh.slots[i];
            let s = slot.state.load(SeqCst);
            stage(s) == FREE
                && slot
                    .state
                    .compare_exchange(
                        s,
                        (with_stage(s, FILLING) & !ABANDONED) + GENERATION,
                        SeqCst,
                        SeqCst,
                    )
                    .is_ok()
        });
        if found.is_some() {
            break found;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break None;
        }
        // SAFETY: the condition variable was initialized with the struct. The first call only
        // prepares to sleep (and the scan repeats), so a slot freed in between is not missed.
        // An error raised while sleeping (a cancel) ends the sleep with the transaction.
        unsafe {
            pg_sys::ConditionVariableTimedSleep(
                sh.space.get(),
                left.as_millis().clamp(1, 100) as c_long,
                pg_sys::PG_WAIT_EXTENSION,
            );
        }
    };
    // SAFETY: ends this process's sleep on any condition variable (a no-op if none).
    unsafe { pg_sys::ConditionVariableCancelSleep() };
    taken
}

/// Wakes the workers that can take a request of `database`: those bound to it, and unbound
/// ones when every bound one is busy; failing both, all of them, so that a worker bound to an
/// idle database notices it is wanted elsewhere.
fn wake_pool(sh: &Shared, database: u32) {
    let live = || sh.pool().iter().filter(|e| e.pid.load(SeqCst) != 0);
    let mut idle_bound = false;
    let mut woken = false;
    for e in live().filter(|e| e.database.load(SeqCst) == database) {
        idle_bound |= !e.busy.load(SeqCst);
        woken = true;
        wake(e.procno.load(SeqCst));
    }
    if !idle_bound {
        for e in live().filter(|e| e.database.load(SeqCst) == 0) {
            woken = true;
            wake(e.procno.load(SeqCst));
        }
    }
    if !woken {
        for e in live() {
            wake(e.procno.load(SeqCst));
        }
    }
}

fn pool_submit(sh: &Shared, database: u32, op: u8, args: &Encoded) -> Outcome {
    if !EXIT_CALLBACK_SET.swap(true, SeqCst) {
        // SAFETY: registers a process-exit callback of this backend (before a slot is taken:
        // registering can fail, and nothing may fail while a slot is half filled).
        unsafe { pg_sys::before_shmem_exit(Some(requester_exit), pg_sys::Datum::from(0usize)) };
    }
    let deadline = Instant::now() + POOL_SERVE_WITHIN;
    let Some(index) = take_slot(sh, deadline) else {
        return Outcome::NotServed;
    };
    let slot = &sh.slots[index];
    // SAFETY: a FILLING slot belongs to this backend alone.
    unsafe {
        let request = &mut *slot.request.get();
        request.op = op;
        request.lens = args.lens;
        request.bytes[..args.bytes.len()].copy_from_slice(&args.bytes);
    }
    slot.database.store(database, SeqCst);
    slot.requester.store(my_procno(), SeqCst);
    slot.seq.store(sh.next_seq.fetch_add(1, SeqCst), SeqCst);
    slot.enqueued_at.store(now_us(), SeqCst);
    IN_FLIGHT.store(index, SeqCst);
    let mut waiting = Waiting {
        sh,
        index,
        armed: true,
    };
    let s = slot.state.load(SeqCst);
    slot.state.store(with_stage(s, QUEUED), SeqCst);
    wake_pool(sh, database);

    loop {
        let s = slot.state.load(SeqCst);
        match stage(s) {
            DONE => {
                let outcome = if slot.ok.load(SeqCst) {
                    Outcome::Done(slot.result.load(SeqCst))
                } else {
                    Outcome::Failed
                };
                waiting.armed = false;
                sh.release(slot, s);
                return outcome;
            }
            QUEUED if Instant::now() >= deadline => {
                if slot
                    .state
                    .compare_exchange(s, with_stage(s, FILLING), SeqCst, SeqCst)
                    .is_ok()
                {
                    waiting.armed = false;
                    sh.release(slot, with_stage(s, FILLING));
                    return Outcome::NotServed;
                }
            }
            QUEUED => {
                wait_for_latch(
                    deadline
                        .saturating_duration_since(Instant::now())
                        .min(Duration::from_millis(250)),
                );
                // Cheap insurance against a wakeup lost to a worker that was just leaving.
                if stage(slot.state.load(SeqCst)) == QUEUED {
                    wake_pool(sh, database);
                }
            }
            // The write is being made; its worker sets our latch when done (or its exit
            // callback does, if it dies). No deadline: lock_timeout bounds the write.
            RUNNING => wait_for_latch(Duration::from_secs(1)),
            // Not ours any more: cannot happen, but waiting on it would never end.
            _ => {
                waiting.armed = false;
                return Outcome::Failed;
            }
        }
    }
}

/// What a pool worker does next.
enum Next {
    Serve(usize),
    /// Exit, to come back unbound for a database that waits for a worker.
    Leave,
    Idle,
}

fn next_request(sh: &Shared, me: usize, bound: Option<u32>) -> Next {
    let oldest =
        |cur: Option<(u64, usize)>, key: (u64, usize)| Some(cur.map_or(key, |c| c.min(key)));
    let now = now_us();
    let mut mine: Option<(u64, usize)> = None;
    let mut unserved: Option<(u64, usize)> = None;
    // Requests of databases no worker serves: any, and those queued for a while.
    let mut elsewhere = false;
    let mut starving = false;
    for (i, slot) in sh.slots.iter().enumerate() {
        if stage(slot.state.load(SeqCst)) != QUEUED {
            continue;
        }
        let database = slot.database.load(SeqCst);
        let key = (slot.seq.load(SeqCst), i);
        let served = sh.servers(database, Some(me)) > 0;
        match bound {
            Some(b) if b == database => mine = oldest(mine, key),
            Some(_) if !served => {
                elsewhere = true;
                starving |= now - slot.enqueued_at.load(SeqCst) > STARVED_AFTER_US;
            }
            Some(_) => {}
            None => {
                mine = oldest(mine, key);
                if !served {
                    unserved = oldest(unserved, key);
                }
            }
        }
    }
    if let Some(b) = bound
        && elsewhere
        && !sh
            .pool()
            .iter()
            .any(|e| e.pid.load(SeqCst) != 0 && e.database.load(SeqCst) == 0)
    {
        // Nobody unbound can take that request. An idle worker makes way at once; a busy one
        // only when another worker serves its database too and the request has waited a
        // while (an unbound worker may be just about to take it).
        if mine.is_none() || (starving && sh.servers(b, Some(me)) > 0) {
            return Next::Leave;
        }
    }
    // An unbound worker prefers a database nobody serves, then the oldest request.
    match unserved.or(mine) {
        Some((_, i)) => Next::Serve(i),
        None => Next::Idle,
    }
}

/// Slot the pool worker is running, for its exit callback.
static RUNNING_SLOT: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Publishes a request's outcome and wakes its requester; frees the slot instead when the
/// requester gave up waiting.
fn finish(sh: &Shared, index: usize, outcome: Result<i64, String>) {
    let slot = &sh.slots[index];
    slot.ok.store(outcome.is_ok(), SeqCst);
    slot.result.store(*outcome.as_ref().unwrap_or(&0), SeqCst);
    let requester = slot.requester.load(SeqCst);
    loop {
        let s = slot.state.load(SeqCst);
        if stage(s) != RUNNING {
            return;
        }
        if s & ABANDONED != 0 {
            sh.release(slot, s);
            return;
        }
        if slot
            .state
            .compare_exchange(s, with_stage(s, DONE), SeqCst, SeqCst)
            .is_ok()
        {
            wake(requester);
            return;
        }
    }
}

unsafe extern "C-unwind" fn pool_worker_exit(_code: c_int, arg: pg_sys::Datum) {
    let Some(sh) = shared() else { return };
    let index = RUNNING_SLOT.swap(usize::MAX, SeqCst);
    if index < QUEUE_LEN {
        finish(sh, index, Err("the bookkeeping worker exited".into()));
    }
    if let Some(e) = sh.pool.get(arg.value()) {
        e.busy.store(false, SeqCst);
        e.database.store(0, SeqCst);
        e.pid.store(0, SeqCst);
    }
}

/// Entry point of a pool worker (static, preloaded only).
#[pg_guard]
#[unsafe(no_mangle)]
pub extern "C-unwind" fn officeauto_bookkeeping_pool_main(arg: pg_sys::Datum) {
    install_worker_signals();
    let me = arg.value();
    let Some(sh) = shared() else { return };
    let Some(entry) = sh.pool.get(me) else { return };
    // SAFETY: registers this process's exit callback; reads its own PGPROC and pid.
    unsafe {
        pg_sys::before_shmem_exit(Some(pool_worker_exit), arg);
        entry.procno.store(my_procno(), SeqCst);
        entry.database.store(0, SeqCst);
        entry.busy.store(false, SeqCst);
        // Published last (and read first by requesters): a requester that sees the pid also
        // sees where to send the wakeup.
        entry.pid.store(pg_sys::MyProcPid, SeqCst);
    }
    let mut bound: Option<u32> = None;
    let mut last_work = Instant::now();
    loop {
        // SAFETY: this process's own latch; reset before looking for work, so a request queued
        // after the look sets it again and the wait below returns at once.
        unsafe { pg_sys::ResetLatch(pg_sys::MyLatch) };
        pgrx::check_for_interrupts!();
        // SAFETY: a flag set by the SIGHUP handler.
        if unsafe { std::ptr::read_volatile(&raw const pg_sys::ConfigReloadPending) } != 0 {
            // SAFETY: as above; rereads postgresql.conf like any backend.
            unsafe {
                std::ptr::write_volatile(&raw mut pg_sys::ConfigReloadPending, 0);
                pg_sys::ProcessConfigFile(pg_sys::GucContext::PGC_SIGHUP);
            }
        }
        match next_request(sh, me, bound) {
            Next::Serve(index) => {
                let slot = &sh.slots[index];
                let s = slot.state.load(SeqCst);
                let database = slot.database.load(SeqCst);
                if stage(s) != QUEUED || bound.is_some_and(|b| b != database) {
                    continue;
                }
                if slot
                    .state
                    .compare_exchange(s, with_stage(s, RUNNING), SeqCst, SeqCst)
                    .is_err()
                {
                    continue;
                }
                RUNNING_SLOT.store(index, SeqCst);
                entry.busy.store(true, SeqCst);
                if bound.is_none() {
                    entry.database.store(database, SeqCst);
                    // A database that cannot be entered (dropped meanwhile) ends the process
                    // with FATAL; the exit callback then fails the request.
                    connect_to(database);
                    bound = Some(database);
                }
                // SAFETY: a RUNNING slot belongs to the worker that claimed it.
                let (op, args) = unsafe {
                    let request = &*slot.request.get();
                    (request.op, decode(&request.lens, &request.bytes))
                };
                let outcome = match args {
                    Some(args) => apply(op, &args),
                    None => Err("malformed request".into()),
                };
                RUNNING_SLOT.store(usize::MAX, SeqCst);
                finish(sh, index, outcome);
                entry.busy.store(false, SeqCst);
                last_work = Instant::now();
                continue;
            }
            Next::Leave => {
                // SAFETY: ends the process; exit code 1 makes the postmaster restart it.
                unsafe { pg_sys::proc_exit(1) };
            }
            Next::Idle => {}
        }
        let timeout = match bound {
            Some(_) => {
                let left = POOL_IDLE_EXIT.saturating_sub(last_work.elapsed());
                if left.is_zero() {
                    // SAFETY: as above; it comes back unbound.
                    unsafe { pg_sys::proc_exit(1) };
                }
                left
            }
            None => Duration::from_secs(60),
        };
        let events = pg_sys::WL_LATCH_SET | pg_sys::WL_TIMEOUT | pg_sys::WL_EXIT_ON_PM_DEATH;
        // SAFETY: this process's own latch.
        unsafe {
            pg_sys::WaitLatch(
                pg_sys::MyLatch,
                events as c_int,
                timeout.as_millis().max(1) as c_long,
                pg_sys::PG_WAIT_EXTENSION,
            );
        }
    }
}

/// Connects this worker to `database` as the bootstrap superuser (once per process). Session
/// settings override the database's and role's: a lock timeout, because a write stuck behind
/// a lock would hold up every request of its database; a pinned search_path, because the
/// database owner (maybe not a superuser) may set one for everybody connecting; row_security
/// on, because with it off (`ALTER DATABASE ... SET row_security = off`, open to that owner)
/// a superuser session counts as a restore and its writes (an account's lock) go unaudited.
fn connect_to(database: u32) {
    // SAFETY: called once, by a worker registered with database access, outside a transaction.
    unsafe {
        pg_sys::BackgroundWorkerInitializeConnectionByOid(
            pg_sys::Oid::from(database),
            pg_sys::InvalidOid,
            0,
        );
        for (name, value) in [
            (c"lock_timeout", c"5s"),
            (c"search_path", c"pg_catalog, pg_temp"),
            (c"row_security", c"on"),
        ] {
            pg_sys::SetConfigOption(
                name.as_ptr(),
                value.as_ptr(),
                pg_sys::GucContext::PGC_SUSET,
                pg_sys::GucSource::PGC_S_SESSION,
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Not preloaded (or the pool could not serve): one dynamic worker, the request in a dynamic
// shared memory segment.

const DSM_MAGIC: u32 = 0x6f61_626b;
const ONCE_PENDING: u32 = 0;
const ONCE_OK: u32 = 1;
const ONCE_FAILED: u32 = 2;

#[repr(C)]
struct OnceRequest {
    magic: u32,
    database: u32,
    requester: i32,
    op: u8,
    lens: [i32; 4],
    state: AtomicU32,
    result: AtomicI64,
    // followed by the argument bytes
}

fn dynamic_unavailable() -> OfficeError {
    OfficeError::Unavailable(
        "no background worker could make the security bookkeeping write \
         (preload officeauto or raise max_worker_processes)",
    )
}

fn dynamic_submit(database: u32, op: u8, args: &Encoded) -> Result<i64, OfficeError> {
    let size = size_of::<OnceRequest>() + args.bytes.len();
    // SAFETY: a segment of this transaction; with NULL_IF_MAXSEGMENTS it reports exhaustion
    // instead of raising. It is detached below or, on error, when the transaction ends.
    let segment =
        unsafe { pg_sys::dsm_create(size, pg_sys::DSM_CREATE_NULL_IF_MAXSEGMENTS as c_int) };
    if segment.is_null() {
        return Err(dynamic_unavailable());
    }
    // SAFETY: the segment is at least `size` bytes and suitably aligned (MAXALIGN).
    let header = unsafe {
        let base = pg_sys::dsm_segment_address(segment).cast::<u8>();
        base.cast::<OnceRequest>().write(OnceRequest {
            magic: DSM_MAGIC,
            database,
            requester: my_procno(),
            op,
            lens: args.lens,
            state: AtomicU32::new(ONCE_PENDING),
            result: AtomicI64::new(0),
        });
        std::ptr::copy_nonoverlapping(
            args.bytes.as_ptr(),
            base.add(size_of::<OnceRequest>()),
            args.bytes.len(),
        );
        &*base.cast::<OnceRequest>()
    };
    // SAFETY: reads handles of the segment created above and this backend's pid.
    let (handle, pid) = unsafe { (pg_sys::dsm_segment_handle(segment), pg_sys::MyProcPid) };
    let detach = || {
        // SAFETY: the segment created above, detached once.
        unsafe { pg_sys::dsm_detach(segment) }
    };

    let give_up = Instant::now() + DYNAMIC_REGISTER_FOR;
    let worker = loop {
        let registered = BackgroundWorkerBuilder::new("officeauto bookkeeping write")
            .set_type("officeauto bookkeeping")
            .set_library("officeauto")
            .set_function("officeauto_bookkeeping_once_main")
            .set_argument(Some(pg_sys::Datum::from(handle as usize)))
            .enable_spi_access()
            .set_start_time(BgWorkerStartTime::RecoveryFinished)
            .set_restart_time(None)
            .set_notify_pid(pid)
            .load_dynamic();
        match registered {
            Ok(w) => break w,
            // Every slot is taken (parallel queries, other writes): they free up within
            // milliseconds as often as not, so retry for a bounded time.
            Err(_) if Instant::now() < give_up => wait_for_latch(Duration::from_millis(5)),
            Err(_) => {
                detach();
                return Err(dynamic_unavailable());
            }
        }
    };
    // The postmaster signals this backend (setting its latch) when the worker starts and ends;
    // the worker sets it when the write is done.
    let outcome = loop {
        match header.state.load(SeqCst) {
            ONCE_OK => break Ok(header.result.load(SeqCst)),
            ONCE_FAILED => break Err(write_failed()),
            _ => {}
        }
        match worker.pid() {
            Err(BackgroundWorkerStatus::Stopped) | Err(BackgroundWorkerStatus::PostmasterDied) => {
                break match header.state.load(SeqCst) {
                    ONCE_OK => Ok(header.result.load(SeqCst)),
                    _ => Err(write_failed()),
                };
            }
            _ => wait_for_latch(Duration::from_secs(1)),
        }
    };
    detach();
    outcome
}

/// Segment of the dynamic worker's request, for its exit callback.
static ONCE_REQUEST: AtomicPtr<OnceRequest> = AtomicPtr::new(std::ptr::null_mut());

fn once_finish(request: &OnceRequest, outcome: Result<i64, String>) {
    if let Ok(v) = outcome {
        request.result.store(v, SeqCst);
    }
    let state = if outcome.is_ok() {
        ONCE_OK
    } else {
        ONCE_FAILED
    };
    if request
        .state
        .compare_exchange(ONCE_PENDING, state, SeqCst, SeqCst)
        .is_ok()
    {
        wake(request.requester);
    }
}

unsafe extern "C-unwind" fn once_worker_exit(_code: c_int, _arg: pg_sys::Datum) {
    // SAFETY: the segment stays mapped until after before_shmem_exit callbacks have run.
    if let Some(request) = unsafe { ONCE_REQUEST.swap(std::ptr::null_mut(), SeqCst).as_ref() } {
        once_finish(request, Err("the bookkeeping worker exited".into()));
    }
}

/// Entry point of a dynamic bookkeeping worker: makes one write and exits.
#[pg_guard]
#[unsafe(no_mangle)]
pub extern "C-unwind" fn officeauto_bookkeeping_once_main(arg: pg_sys::Datum) {
    install_worker_signals();
    // SAFETY: attaching with no resource owner keeps the mapping for the life of the process.
    let segment = unsafe { pg_sys::dsm_attach(arg.value() as pg_sys::dsm_handle) };
    if segment.is_null() {
        // The requester is gone (cancelled before the worker started): nothing to do.
        return;
    }
    // SAFETY: the segment holds at least its mapped length; the header is checked before use.
    let (request, bytes) = unsafe {
        let base = pg_sys::dsm_segment_address(segment).cast::<u8>();
        let len = pg_sys::dsm_segment_map_length(segment);
        if len < size_of::<OnceRequest>() {
            return;
        }
        let request = &*base.cast::<OnceRequest>();
        let bytes = std::slice::from_raw_parts(
            base.add(size_of::<OnceRequest>()),
            len - size_of::<OnceRequest>(),
        );
        (request, bytes)
    };
    if request.magic != DSM_MAGIC {
        return;
    }
    ONCE_REQUEST.store(std::ptr::from_ref(request).cast_mut(), SeqCst);
    // SAFETY: registers this process's exit callback.
    unsafe { pg_sys::before_shmem_exit(Some(once_worker_exit), pg_sys::Datum::from(0usize)) };
    connect_to(request.database);
    let outcome = match decode(&request.lens, bytes) {
        Some(args) => apply(request.op, &args),
        None => Err("malformed request".into()),
    };
    ONCE_REQUEST.store(std::ptr::null_mut(), SeqCst);
    once_finish(request, outcome);
}

// ---------------------------------------------------------------------------------------------

fn write_failed() -> OfficeError {
    OfficeError::Unavailable("the security bookkeeping write failed (see the server log)")
}

/// Runs one bookkeeping write in its own committed transaction in the current database and
/// waits for it; returns the bigint the SQL dispatcher returned (NULL reads as 0). Err only
/// when the write truly could not be made (then the caller fails closed); the write is never
/// retried after a worker failed midway, since it may have committed. A query cancel or statement_timeout
/// interrupts the wait (raising as usual); a request already queued still completes.
pub fn submit(op: Op, args: [Option<&str>; 4]) -> Result<i64, OfficeError> {
    // SAFETY: plain reads of server state.
    let (standby, database) = unsafe {
        (
            pg_sys::RecoveryInProgress(),
            u32::from(pg_sys::MyDatabaseId),
        )
    };
    // 25006, not the 53000 of a failed write: every caller that fails closed on 53000 with
    // an answer of its own (login's OA002) would otherwise hide where the call must go. Login
    // and refresh refuse on a standby before they get here; this covers every other path that
    // records a guess before checking it (verify_mfa, change_password, ...).
    if standby {
        return Err(OfficeError::ReadOnlyStandby(
            "security bookkeeping (a failed login, a refresh-token revocation)",
        ));
    }
    let args = Encoded::new(&args);
    if let Some(sh) = shared()
        && !sh.pool().is_empty()
        && args.bytes.len() <= SLOT_BYTES
    {
        match pool_submit(sh, database, op.code(), &args) {
            Outcome::Done(v) => return Ok(v),
            Outcome::Failed => return Err(write_failed()),
            Outcome::NotServed => {}
        }
    }
    dynamic_submit(database, op.code(), &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_round_trip_with_nulls_and_multibyte_text() {
        let long = "é".repeat(320);
        let args = [None, Some(long.as_str()), Some(""), Some("198.51.100.7")];
        let e = Encoded::new(&args);
        assert_eq!(e.lens, [-1, 640, 0, 12]);
        let back = decode(&e.lens, &e.bytes).unwrap();
        assert_eq!(back[0], None);
        assert_eq!(back[1].as_deref(), Some(long.as_str()));
        assert_eq!(back[2].as_deref(), Some(""));
        assert_eq!(back[3].as_deref(), Some("198.51.100.7"));
    }

    #[test]
    fn lengths_that_do_not_add_up_are_refused() {
        assert!(decode(&[5, -1, -1, -1], b"abc").is_none());
        assert!(decode(&[i32::MAX, 1, -1, -1], b"abc").is_none());
        assert!(decode(&[2, -1, -1, -1], &[0xff, 0xfe]).is_none());
    }

    #[test]
    fn sqlstates_unpack() {
        // MAKE_SQLSTATE('5','3','0','0','0') and ('2','2','P','0','2')
        let pack = |s: &[u8; 5]| {
            s.iter()
                .enumerate()
                .map(|(i, c)| (((c - b'0') & 0x3f) as i32) << (6 * i))
                .sum::<i32>()
        };
        assert_eq!(sqlstate_text(pack(b"53000")), "53000");
        assert_eq!(sqlstate_text(pack(b"22P02")), "22P02");
    }

    #[test]
    fn a_login_request_fits_a_queue_slot() {
        let id = "\u{10348}".repeat(320); // 4-byte characters: the worst case
        let e = Encoded::new(&[
            Some("9223372036854775807"),
            Some(id.as_str()),
            Some("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"),
            Some("email_not_verified"),
        ]);
        assert!(e.bytes.len() <= SLOT_BYTES);
    }
}
