//! Expensive, pure computations (password hashing) run in a forked child process.
//!
//! Why a process and not a thread: a thread cannot be stopped. A cancelled query or a
//! statement_timeout must end the work at once and give its memory back, and an allocation
//! failure inside a crate (Rust aborts the process on out-of-memory) must not take the backend,
//! and with it every session of the cluster, down. A child is killed on cancel, and if it
//! dies for any reason the backend only reports an error.
//!
//! The child runs Rust code only: no PostgreSQL function, no palloc, no elog, no shared
//! memory. It writes its result to a pipe and leaves with `_exit`, so no exit callbacks of the
//! backend run in it.

use crate::error::OfficeError;
use pgrx::pg_sys;

/// Kills and reaps the child unless it has been reaped already; runs on every path out of
/// `run`, including an error raised by CHECK_FOR_INTERRUPTS (pgrx unwinds Rust frames).
struct Child {
    pid: libc::pid_t,
    fd: libc::c_int,
    reaped: bool,
}

impl Child {
    fn reap(&mut self, kill: bool) -> Option<libc::c_int> {
        if self.reaped {
            return None;
        }
        self.reaped = true;
        // SAFETY: plain system calls on a child this backend created and owns.
        unsafe {
            if kill {
                libc::kill(self.pid, libc::SIGKILL);
            }
            let mut status = 0;
            loop {
                let r = libc::waitpid(self.pid, &mut status, 0);
                if r == self.pid {
                    return Some(status);
                }
                // ECHILD: SIGCHLD ignored, the kernel reaped it; the pipe tells the outcome.
                if r < 0 && *libc::__errno_location() != libc::EINTR {
                    return None;
                }
            }
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.reap(true);
        // SAFETY: closing the read end this struct owns.
        unsafe { libc::close(self.fd) };
    }
}

fn failed(what: &'static str) -> OfficeError {
    OfficeError::OutOfResources(what)
}

/// Runs `work` in a child process and returns the bytes it produced. Interrupts (cancel,
/// statement_timeout, termination) are served while waiting: the child is killed first.
pub fn run(work: impl FnOnce() -> Vec<u8>) -> Result<Vec<u8>, OfficeError> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills the two descriptors; close-on-exec keeps them out of anything the
    // backend may exec later.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(failed("cannot create a pipe for password hashing"));
    }
    let (rd, wr) = (fds[0], fds[1]);
    // SAFETY: the backend is single-threaded, so the child is a consistent copy; it only runs
    // `work` and leaves with _exit.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        // SAFETY: closing descriptors created above.
        unsafe {
            libc::close(rd);
            libc::close(wr);
        }
        return Err(failed("cannot start a process for password hashing"));
    }
    if pid == 0 {
        // SAFETY: in the child; everything here is async-signal-safe or plain Rust.
        unsafe {
            libc::close(rd);
            // The backend's handlers would touch shared state; the child only needs to die.
            for sig in [
                libc::SIGINT,
                libc::SIGTERM,
                libc::SIGQUIT,
                libc::SIGUSR1,
                libc::SIGUSR2,
                libc::SIGALRM,
                libc::SIGHUP,
            ] {
                libc::signal(sig, libc::SIG_DFL);
            }
            // Die with the backend rather than burn CPU for nobody.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() == 1 {
                libc::_exit(3);
            }
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            let code = match out {
                Ok(bytes) => {
                    let len = (bytes.len() as u32).to_le_bytes();
                    if write_all(wr, &len) && write_all(wr, &bytes) {
                        0
                    } else {
                        4
                    }
                }
                Err(_) => 5,
            };
            libc::_exit(code);
        }
    }
    // SAFETY: the parent's copy of the write end is not needed.
    unsafe { libc::close(wr) };
    let mut child = Child {
        pid,
        fd: rd,
        reaped: false,
    };
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let mut pfd = libc::pollfd {
            fd: rd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: polling our own descriptor with a short timeout, so interrupts are served.
        let ready = unsafe { libc::poll(&mut pfd, 1, 10) };
        if ready > 0 {
            // SAFETY: reading into a stack buffer of the given length.
            let n = unsafe { libc::read(rd, chunk.as_mut_ptr().cast(), chunk.len()) };
            if n > 0 {
                buf.extend_from_slice(&chunk[..n as usize]);
                continue;
            }
            if n == 0 {
                break;
            }
        }
        // SAFETY: plain reads of backend globals.
        // Only when ProcessInterrupts would act; otherwise the child keeps working.
        if unsafe {
            std::ptr::read_volatile(&raw const pg_sys::InterruptPending) != 0
                && std::ptr::read_volatile(&raw const pg_sys::InterruptHoldoffCount) == 0
                && std::ptr::read_volatile(&raw const pg_sys::CritSectionCount) == 0
        } {
            child.reap(true);
            pgrx::check_for_interrupts!();
        }
    }
    let status = child.reap(false);
    // A cancel or statement_timeout signals the backend's whole process group, so the child
    // may die of it before the loop above saw the interrupt: report the cancel (57014), not a
    // failed hashing process (53200).
    pgrx::check_for_interrupts!();
    let clean_exit = status.is_none_or(|s| libc::WIFEXITED(s) && libc::WEXITSTATUS(s) == 0);
    if !clean_exit || buf.len() < 4 {
        return Err(failed(
            "password hashing process failed (out of memory, or killed)",
        ));
    }
    let len = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize;
    if buf.len() != 4 + len {
        return Err(failed(
            "password hashing process returned a truncated result",
        ));
    }
    buf.drain(..4);
    Ok(buf)
}

fn write_all(fd: libc::c_int, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        // SAFETY: writing from a live slice to our pipe.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
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
