//! Where the current request comes from: the end user's address and user agent, as the audit
//! trail (audit_logs, credential_audit_logs, account events) records them.
//!
//! # Why not just the connection's address?
//! Behind a pool (PgBouncer, an application's own pool) every request arrives from the
//! pool's address, so `inet_client_addr()` names the pool, not the user. login() stores the
//! address and agent the application passed in the session; authenticate() binds them to its
//! transaction with the rest of the context (src/context.rs). An application may override
//! them for one transaction through the settings `officeauto.client_ip` and
//! `officeauto.user_agent` (`set_config(name, value, true)`).
//!
//! # Why only the transaction that set them?
//! A pooled server connection carries one request after another. A session-level SET (or
//! `set_config(..., false)`, a value left by a request that never reset it) would survive its
//! request and be recorded as the next request's origin. So a setting counts only while the
//! transaction that set it runs: PostgreSQL keeps a save stack for a setting changed in the
//! current transaction (SET or SET LOCAL, in any savepoint still open) and empties it when the
//! transaction ends, and that stack is what is asked here. A value from an earlier
//! transaction, ALTER ROLE ... SET, or the connection's startup options has no stack entry,
//! and is ignored. ROLLBACK TO SAVEPOINT and the end of a function with a SET clause pop their
//! entries, so a value they undo is no longer counted either.
//!
//! Precedence: this transaction's setting, else the authenticated session's stored value, else
//! (address only) the database connection's. None of them is verified by the database: the
//! session's values are what the application passed to login(), the settings are what it set.

use crate::gucs;
use officeauto_core::origin::{clip_chars, is_inet_text};
use pgrx::pg_sys;
use pgrx::prelude::*;
use std::cell::Cell;
use std::ffi::{CStr, CString, c_char, c_void};

/// The longest user agent recorded, in characters (the CHECK of every table that keeps one).
pub const USER_AGENT_MAX_CHARS: usize = 1024;

/// The address and agent a session was opened with (user_sessions.ip_address / user_agent),
/// as authenticate() found them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SessionOrigin {
    /// inet's text form.
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

thread_local! {
    // The settings' entries in PostgreSQL's table of settings, found once per backend; they are
    // allocated when defined and never move or go away.
    static CLIENT_IP_ENTRY: Cell<*mut pg_sys::config_generic> = const { Cell::new(std::ptr::null_mut()) };
    static USER_AGENT_ENTRY: Cell<*mut pg_sys::config_generic> = const { Cell::new(std::ptr::null_mut()) };
}

fn entry(
    cache: &'static std::thread::LocalKey<Cell<*mut pg_sys::config_generic>>,
    name: &CStr,
) -> *mut pg_sys::config_generic {
    let known = cache.with(Cell::get);
    if !known.is_null() {
        return known;
    }
    // SAFETY: the backend's table of settings, read in its only thread; names are C strings.
    let found = unsafe {
        let all = pg_sys::get_guc_variables();
        let count = usize::try_from(pg_sys::GetNumConfigOptions()).unwrap_or(0);
        (0..count)
            .map(|i| *all.add(i))
            .find(|g| !g.is_null() && CStr::from_ptr((**g).name) == name)
            .unwrap_or(std::ptr::null_mut())
    };
    cache.with(|c| c.set(found));
    found
}

/// A string setting's value if the current transaction set it (and it is not blank).
fn set_in_this_transaction(
    setting: &pgrx::guc::GucSetting<Option<CString>>,
    cache: &'static std::thread::LocalKey<Cell<*mut pg_sys::config_generic>>,
    name: &CStr,
) -> Option<String> {
    let entry = entry(cache, name);
    // SAFETY: a live entry of the settings table; the stack is NULL unless the value was
    // changed in a transaction level still open.
    if entry.is_null() || unsafe { (*entry).stack.is_null() } {
        return None;
    }
    gucs::text(setting)
}

/// This transaction's override of the client address, if any.
fn client_ip_override() -> Option<String> {
    set_in_this_transaction(&gucs::CLIENT_IP, &CLIENT_IP_ENTRY, c"officeauto.client_ip")
        .map(|s| s.trim().to_owned())
}

/// This transaction's override of the user agent, if any.
fn user_agent_override() -> Option<String> {
    set_in_this_transaction(
        &gucs::USER_AGENT,
        &USER_AGENT_ENTRY,
        c"officeauto.user_agent",
    )
}

/// The request's client address as inet text, without the connection fallback: the
/// transaction's setting, else the authenticated session's.
pub fn client_ip() -> Option<String> {
    client_ip_override().or_else(|| crate::context::session_origin().and_then(|o| o.ip.clone()))
}

/// The request's user agent, cut to USER_AGENT_MAX_CHARS characters: the transaction's
/// setting, else the authenticated session's.
pub fn user_agent() -> Option<String> {
    let agent = user_agent_override()
        .or_else(|| crate::context::session_origin().and_then(|o| o.user_agent.clone()))?;
    Some(clip_chars(&agent, USER_AGENT_MAX_CHARS).to_owned())
}

/// Check hook of officeauto.client_ip: a malformed address is refused when it is set (22023),
/// not later by the first audited write of the request.
#[pg_guard]
pub unsafe extern "C-unwind" fn check_client_ip(
    newval: *mut *mut c_char,
    _extra: *mut *mut c_void,
    _source: pg_sys::GucSource::Type,
) -> bool {
    // SAFETY: the proposed value, a NUL-terminated string or NULL.
    let ok = unsafe {
        newval.is_null()
            || (*newval).is_null()
            || CStr::from_ptr(*newval).to_str().is_ok_and(is_inet_text)
    };
    if !ok {
        // SAFETY: the detail is palloc'd, as the GUC machinery expects.
        unsafe {
            pg_sys::GUC_check_errdetail_string = pg_sys::pstrdup(
                c"Expected an IPv4 or IPv6 address, optionally with a prefix length (e.g. 203.0.113.7 or 2001:db8::1), or an empty string."
                    .as_ptr(),
            );
        }
    }
    ok
}

/// Client address of the current request: officeauto.client_ip if this transaction set it,
/// else the address the authenticated session was opened with, else the database
/// connection's (NULL over a Unix socket).
#[pg_extern(stable, parallel_restricted)]
fn current_client_ip() -> Option<pgrx::datum::Inet> {
    match client_ip() {
        Some(ip) => Some(pgrx::datum::Inet(ip)),
        // SAFETY: inet_client_addr takes no argument and may return NULL.
        None => unsafe {
            pgrx::direct_function_call::<pgrx::datum::Inet>(pg_sys::inet_client_addr, &[])
        },
    }
}

/// User agent of the current request: officeauto.user_agent if this transaction set it, else
/// the authenticated session's; at most 1024 characters.
#[pg_extern(stable, parallel_restricted)]
fn current_user_agent() -> Option<String> {
    user_agent()
}
