//! Expensive, pure computations (password hashing) run in a helper process, never in the
//! backend.
//!
//! Why a process and not a thread: a thread cannot be stopped. A cancelled query or a
//! statement_timeout must end the work at once and give its memory back, and an allocation
//! failure inside a crate (Rust aborts the process on out-of-memory) must not take the backend,
//! and with it every session of the cluster, down. A process is killed on cancel, and if it
//! dies for any reason the backend only reports an error (53200).
//!
//! Why one helper per backend, kept between requests: forking the backend per password and
//! faulting argon2's 19 MiB in afresh cost about 11 ms on top of a 17 ms verification (and
//! 1 ms for a cheap one). The helper is forked on first use, keeps its memory between requests,
//! and leaves after `IDLE_MS` without work, giving all of it back (reaped at the end of the
//! backend's next transaction). While it works, a cancel or statement_timeout kills it (SIGKILL) before
//! the error is raised; the next request forks a new one. Every exit of the backend, FATAL
//! included, kills and reaps it: it never outlives its backend.
//!
//! The helper runs Rust code only: no PostgreSQL function, no palloc, no elog, no shared
//! memory. It closes every descriptor it inherited but its socket, ignores the signals
//! PostgreSQL sends a backend's whole process group (cancel, statement_timeout, terminate: the
//! backend decides, and kills it when it must), dies with the backend (PR_SET_PDEATHSIG), and
//! leaves with `_exit`, so no exit callbacks of the backend run in it. Requests and answers are
//! length-prefixed frames on a socket pair.

use crate::error::OfficeError;
use pgrx::pg_sys;
use std::cell::{Cell, RefCell};
use zeroize::Zeroizing;

/// What the helper computes: a request's bytes in, the answer's bytes out. A plain function,
/// fixed when the helper is forked.
pub type Service = fn(&[u8]) -> Vec<u8>;

/// How long an idle helper waits for its next request before it exits.
const IDLE_MS: libc::c_int = 10_000;
/// The helper's exit status when it leaves idle, before reading anything.
const RETIRED: libc::c_int = 0;
/// Largest frame either side accepts (requests hold a password and a few parameters).
const MAX_FRAME: usize = 1 << 20;

thread_local! {
    // This backend's helper, while it lives. Taken out for the length of a request, so an
    // error raised while waiting (a cancel) drops it, and dropping it kills it.
    static HELPER: RefCell<Option<Helper>> = const { RefCell::new(None) };
    // The pid of the helper this backend has not reaped yet, wherever the Helper value is: a
    // FATAL (pg_terminate_backend, a lost client) exits without unwinding, so the value held
    // for a request is never dropped. The exit callback kills and reaps this pid instead, so
    // no helper outlives its backend. Orphaned, it would be reparented to PID 1, and where the
    // postmaster is PID 1 (containers) its exit would look like a crashed backend and restart
    // the cluster.
    static UNREAPED: Cell<libc::pid_t> = const { Cell::new(0) };
    static EXIT_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Backend exit: the helper, if any, dies and is reaped before the backend is gone.
#[pgrx::pg_guard]
unsafe extern "C-unwind" fn kill_helper_at_exit(_code: libc::c_int, _arg: pg_sys::Datum) {
    if let Ok(Some(mut helper)) =
        HELPER.try_with(|h| h.try_borrow_mut().ok().and_then(|mut h| h.take()))
    {
        helper.reap(true);
    }
    let pid = UNREAPED.try_with(|p| p.replace(0)).unwrap_or(0);
    if pid > 0 {
        // SAFETY: a child of this backend not reaped yet, so its pid is not reused.
        unsafe { kill_and_wait(pid) };
    }
}

/// The end of every transaction of a backend that has had a helper: one that retired (or was
/// killed) since is reaped, so an idle pooled backend keeps no zombie for long. A waitpid
/// without waiting, only while a helper is kept.
#[pgrx::pg_guard]
unsafe extern "C-unwind" fn reap_retired_helper(
    event: pg_sys::XactEvent::Type,
    _arg: *mut std::ffi::c_void,
) {
    use pg_sys::XactEvent::*;
    if !matches!(event, XACT_EVENT_COMMIT | XACT_EVENT_ABORT) {
        return;
    }
    let _ = HELPER.try_with(|h| {
        if let Ok(mut kept) = h.try_borrow_mut()
            && kept.as_mut().is_some_and(Helper::gone)
        {
            // Reaped already: dropping it closes its socket.
            *kept = None;
        }
    });
}

/// Kills a child of this backend and waits for it; its exit status if the kernel kept one.
///
/// # Safety
/// `pid` is a child of this process that has not been reaped.
unsafe fn kill_and_wait(pid: libc::pid_t) -> Option<libc::c_int> {
    // SAFETY: see above.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        wait_for(pid, 0)
    }
}

/// waitpid on one child, retried on EINTR: Some(status) once reaped, None when it is still
/// running (WNOHANG) or the kernel reaped it already (SIGCHLD ignored: ECHILD).
///
/// # Safety
/// `pid` is a child of this process that has not been reaped.
unsafe fn wait_for(pid: libc::pid_t, flags: libc::c_int) -> Option<libc::c_int> {
    let mut status = 0;
    loop {
        // SAFETY: see above.
        let r = unsafe { libc::waitpid(pid, &mut status, flags) };
        if r == pid {
            UNREAPED.with(|p| {
                if p.get() == pid {
                    p.set(0)
                }
            });
            return Some(status);
        }
        // SAFETY: errno read right after the failed call.
        if r < 0 && unsafe { *libc::__errno_location() } == libc::EINTR {
            continue;
        }
        if r < 0 {
            UNREAPED.with(|p| {
                if p.get() == pid {
                    p.set(0)
                }
            });
        }
        return None;
    }
}

struct Helper {
    pid: libc::pid_t,
    fd: libc::c_int,
    service: Service,
    /// Exit status once reaped; None while it may still run.
    status: Option<Option<libc::c_int>>,
}

/// Why a request got no answer.
enum Lost {
    /// The helper had left idle before it read the request: ask a new one.
    Retired,
    /// It died working (out of memory, killed) or answered nonsense.
    Failed(&'static str),
}

fn failed(what: &'static str) -> OfficeError {
    OfficeError::OutOfResources(what)
}

impl Helper {
    fn spawn(service: Service) -> Result<Helper, OfficeError> {
        let mut fds = [0; 2];
        // SAFETY: socketpair fills the two descriptors; close-on-exec keeps them out of
        // anything the backend may exec later.
        if unsafe {
            libc::socketpair(
                libc::AF_UNIX,
                libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
                0,
                fds.as_mut_ptr(),
            )
        } != 0
        {
            return Err(failed("cannot create a socket for password hashing"));
        }
        if !EXIT_CALLBACK.replace(true) {
            // SAFETY: registers a process-exit callback and a transaction callback of this
            // backend (before forking, so no helper exists without them).
            unsafe {
                pg_sys::on_proc_exit(Some(kill_helper_at_exit), pg_sys::Datum::from(0usize));
                pg_sys::RegisterXactCallback(Some(reap_retired_helper), std::ptr::null_mut());
            }
        }
        let (ours, theirs) = (fds[0], fds[1]);
        // SAFETY: reading our own process id.
        let backend = unsafe { libc::getpid() };
        // SAFETY: the backend is single-threaded, so the child is a consistent copy; it only
        // serves requests with `service` and leaves with _exit.
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            // SAFETY: closing descriptors created above.
            unsafe {
                libc::close(ours);
                libc::close(theirs);
            }
            return Err(failed("cannot start a process for password hashing"));
        }
        if pid == 0 {
            // SAFETY: in the child, which never returns from here.
            unsafe { serve(theirs, backend, service) }
        }
        UNREAPED.with(|p| p.set(pid));
        // SAFETY: the child's end is not needed here.
        unsafe { libc::close(theirs) };
        Ok(Helper {
            pid,
            fd: ours,
            service,
            status: None,
        })
    }

    /// Kills (when asked) and reaps the helper once; its exit status, if the kernel kept it.
    fn reap(&mut self, kill: bool) -> Option<libc::c_int> {
        if let Some(status) = self.status {
            return status;
        }
        // SAFETY: a child this backend created, owns and has not reaped, so its pid cannot
        // have been reused.
        let status = unsafe {
            if kill {
                kill_and_wait(self.pid)
            } else {
                wait_for(self.pid, 0)
            }
        };
        self.status = Some(status);
        status
    }

    /// Whether the helper has exited by itself (retired idle, or killed from outside), reaping
    /// it if so, without waiting.
    fn gone(&mut self) -> bool {
        if self.status.is_some() {
            return true;
        }
        // SAFETY: as in reap().
        match unsafe { wait_for(self.pid, libc::WNOHANG) } {
            Some(status) => {
                self.status = Some(Some(status));
                true
            }
            None => UNREAPED.with(|p| p.get() != self.pid),
        }
    }

    /// After the helper hung up without an answer: whether it had retired (or cannot say).
    fn lost(&mut self) -> Lost {
        match self.reap(false) {
            Some(s) if libc::WIFEXITED(s) && libc::WEXITSTATUS(s) == RETIRED => Lost::Retired,
            None => Lost::Retired,
            Some(_) => Lost::Failed("password hashing process failed (out of memory, or killed)"),
        }
    }

    /// Sends one request and waits for its answer, serving interrupts meanwhile: a cancel or
    /// timeout raises its error from here, and unwinding drops (kills) the helper.
    fn exchange(&mut self, request: &[u8]) -> Result<Zeroizing<Vec<u8>>, Lost> {
        let mut frame = Zeroizing::new(Vec::with_capacity(4 + request.len()));
        frame.extend_from_slice(&(request.len() as u32).to_le_bytes());
        frame.extend_from_slice(request);
        if !send_all(self.fd, &frame) {
            // Not delivered, so not started: whatever ended the helper (it retired, or was
            // killed while idle), a new one may do the work.
            self.reap(true);
            return Err(Lost::Retired);
        }
        let mut buf = Zeroizing::new(Vec::new());
        let mut chunk = Zeroizing::new([0u8; 4096]);
        loop {
            if buf.len() >= 4 {
                let len = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize;
                if len > MAX_FRAME {
                    return Err(Lost::Failed("password hashing process answered nonsense"));
                }
                if buf.len() >= 4 + len {
                    if buf.len() > 4 + len {
                        return Err(Lost::Failed("password hashing process answered nonsense"));
                    }
                    buf.drain(..4);
                    return Ok(buf);
                }
            }
            let mut pfd = libc::pollfd {
                fd: self.fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: polling our own descriptor with a short timeout, so interrupts are served.
            let ready = unsafe { libc::poll(&mut pfd, 1, 10) };
            if ready > 0 {
                // SAFETY: reading into a buffer of the given length.
                let n = unsafe { libc::read(self.fd, chunk.as_mut_ptr().cast(), chunk.len()) };
                if n > 0 {
                    buf.extend_from_slice(&chunk[..n as usize]);
                    continue;
                }
                if n == 0 {
                    return Err(if buf.is_empty() {
                        self.lost()
                    } else {
                        Lost::Failed("password hashing process returned a truncated result")
                    });
                }
            }
            // SAFETY: plain reads of backend globals.
            // Only when ProcessInterrupts would act; a benign interrupt lets the work go on.
            if unsafe {
                std::ptr::read_volatile(&raw const pg_sys::InterruptPending) != 0
                    && std::ptr::read_volatile(&raw const pg_sys::InterruptHoldoffCount) == 0
                    && std::ptr::read_volatile(&raw const pg_sys::CritSectionCount) == 0
            } {
                pgrx::check_for_interrupts!();
            }
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.reap(true);
        // SAFETY: closing the descriptor this struct owns.
        unsafe { libc::close(self.fd) };
    }
}

/// Runs `request` through `service` in this backend's helper process and returns the answer.
pub fn run(service: Service, request: &[u8]) -> Result<Zeroizing<Vec<u8>>, OfficeError> {
    for attempt in 0..2 {
        let mut kept = HELPER.with(|h| h.borrow_mut().take());
        let mut helper = match kept
            .as_mut()
            .map(|h| h.service as usize == service as usize && !h.gone())
        {
            Some(true) => kept.take().expect("checked above"),
            _ => {
                // Gone (dropping it only closes its socket) or of another service (killed).
                drop(kept);
                Helper::spawn(service)?
            }
        };
        match helper.exchange(request) {
            Ok(answer) => {
                HELPER.with(|h| *h.borrow_mut() = Some(helper));
                return Ok(answer);
            }
            // The request is pure work that never started: a new helper may do it.
            Err(Lost::Retired) if attempt == 0 => continue,
            Err(Lost::Retired) => {
                return Err(failed(
                    "password hashing process failed (out of memory, or killed)",
                ));
            }
            Err(Lost::Failed(what)) => {
                drop(helper);
                // A cancel that raced the helper's death is reported as the cancel.
                pgrx::check_for_interrupts!();
                return Err(failed(what));
            }
        }
    }
    unreachable!("the loop returns")
}

/// Asks the kernel to back a freshly allocated region with huge pages: argon2 reads its
/// memory at random, and 2 MiB pages spare it most TLB misses and nearly all page faults.
/// Advice only; nothing depends on it being taken.
pub fn prefer_huge_pages(ptr: *mut u8, len: usize) {
    const PAGE: usize = 4096;
    let start = (ptr as usize).next_multiple_of(PAGE);
    let end = (ptr as usize + len) & !(PAGE - 1);
    if end > start {
        // SAFETY: advice on whole pages inside a live allocation of the caller's.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
}

/// The helper's life: requests in, answers out, until the backend goes, the socket closes or
/// nothing comes for `IDLE_MS`.
///
/// # Safety
/// Only in a child just forked from the backend, with `fd` its end of the socket pair.
unsafe fn serve(fd: libc::c_int, backend: libc::pid_t, service: Service) -> ! {
    // SAFETY: plain system calls on this process's own state.
    unsafe {
        // The backend's handlers would touch shared state. Signals sent to the backend's whole
        // process group are the backend's to act on: it kills the helper when it must.
        for sig in [
            libc::SIGINT,
            libc::SIGTERM,
            libc::SIGUSR1,
            libc::SIGUSR2,
            libc::SIGALRM,
            libc::SIGHUP,
            libc::SIGPIPE,
        ] {
            libc::signal(sig, libc::SIG_IGN);
        }
        libc::signal(libc::SIGQUIT, libc::SIG_DFL);
        // Die with the backend rather than burn CPU for nobody (if the backend is killed
        // outright; on any other exit it kills and reaps this process itself).
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        // A copy of the backend's random stream must never be used (or kept) here.
        crate::ids::forget_random_state();
        // Told apart from the backend in ps/top (comm; the command line stays the backend's).
        libc::prctl(libc::PR_SET_NAME, c"oa pw helper".as_ptr());
        if libc::getppid() != backend {
            libc::_exit(3);
        }
        // Hold nothing of the backend's open: client connection, files, pipes.
        if fd > 3 {
            libc::close_range(3, (fd - 1) as libc::c_uint, 0);
        }
        libc::close_range((fd + 1) as libc::c_uint, libc::c_uint::MAX, 0);
    }
    loop {
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: polling our own descriptor.
        let ready = unsafe { libc::poll(&mut pfd, 1, IDLE_MS) };
        if ready == 0 {
            // SAFETY: leaving without running any exit callback of the backend.
            unsafe { libc::_exit(RETIRED) };
        }
        if ready < 0 {
            // SAFETY: errno read right after the failed call.
            if unsafe { *libc::__errno_location() } == libc::EINTR {
                continue;
            }
            // SAFETY: as above.
            unsafe { libc::_exit(6) };
        }
        let Some(request) = read_frame(fd) else {
            // The backend closed the socket (or sent nonsense): nothing more to do.
            // SAFETY: as above.
            unsafe { libc::_exit(7) };
        };
        let answer = std::panic::catch_unwind(|| service(&request)).unwrap_or_default();
        drop(request);
        let answer = Zeroizing::new(answer);
        let mut frame = Zeroizing::new(Vec::with_capacity(4 + answer.len()));
        frame.extend_from_slice(&(answer.len() as u32).to_le_bytes());
        frame.extend_from_slice(&answer);
        if !send_all(fd, &frame) {
            // SAFETY: as above.
            unsafe { libc::_exit(4) };
        }
    }
}

/// One length-prefixed frame, blocking; None at end of file or for a frame out of bounds.
fn read_frame(fd: libc::c_int) -> Option<Zeroizing<Vec<u8>>> {
    let mut len = [0u8; 4];
    if !read_exact(fd, &mut len) {
        return None;
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return None;
    }
    let mut buf = Zeroizing::new(vec![0u8; len]);
    read_exact(fd, &mut buf).then_some(buf)
}

fn read_exact(fd: libc::c_int, mut buf: &mut [u8]) -> bool {
    while !buf.is_empty() {
        // SAFETY: reading into a live slice of the given length.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            // SAFETY: errno read right after the failed call.
            if n < 0 && unsafe { *libc::__errno_location() } == libc::EINTR {
                continue;
            }
            return false;
        }
        buf = &mut buf[n as usize..];
    }
    true
}

/// Writes all of `bytes`; false if the other side is gone (no SIGPIPE).
fn send_all(fd: libc::c_int, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        // SAFETY: writing from a live slice to our socket.
        let n = unsafe { libc::send(fd, bytes.as_ptr().cast(), bytes.len(), libc::MSG_NOSIGNAL) };
        if n <= 0 {
            // SAFETY: errno read right after the failed call.
            if n < 0 && unsafe { *libc::__errno_location() } == libc::EINTR {
                continue;
            }
            return false;
        }
        bytes = &bytes[n as usize..];
    }
    true
}
