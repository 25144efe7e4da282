//! The request context: who the current transaction acts for.
//!
//! Row-level security policies and (later) the audit trigger read the context only through
//! these functions, so its source can change without touching a policy. Policies call them as
//! `(select officeauto.current_organization_id())` so the planner evaluates them once per
//! statement as an InitPlan, not once per row.

use crate::error::{OfficeError, Result};
use crate::gucs;
use crate::origin::SessionOrigin;
use pgrx::guc::GucSetting;
use pgrx::pg_sys;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use std::ffi::{CStr, CString};
use std::rc::Rc;

fn read_id(setting: &GucSetting<Option<CString>>, name: &'static str) -> Result<Option<i64>> {
    let Some(text) = gucs::text(setting) else {
        return Ok(None);
    };
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(OfficeError::InvalidParameter {
            name,
            reason: "expected a positive bigint id".into(),
        }),
    }
}

/// The context authenticate() established, valid for the transaction that called it.
#[derive(Clone)]
struct Authenticated {
    transaction: u32,
    // The subtransaction that called authenticate(): ROLLBACK TO SAVEPOINT undoes an
    // authenticate() made after the savepoint and restores the one before, the way it undoes
    // a SET LOCAL.
    subtransaction: pg_sys::SubTransactionId,
    organization_id: i64,
    user_id: i64,
    session_id: i64,
    // The address and agent the session was opened with: the request's origin unless the
    // transaction overrides it (src/origin.rs). Shared, so reading the context copies no text.
    origin: Rc<SessionOrigin>,
}

thread_local! {
    // Backend-local, so no SQL a client sends can change it; tied to the local transaction
    // id, so it ends with the transaction like a SET LOCAL would. A stack, innermost last.
    static AUTHENTICATED: std::cell::RefCell<Vec<Authenticated>> = const { std::cell::RefCell::new(Vec::new()) };
    static ADMIN_ROLE: std::cell::Cell<Option<pg_sys::Oid>> = const { std::cell::Cell::new(None) };
    // Transaction whose statements must not be copied into the server log with an error:
    // they carry a password (login, create_user, hash_password, verify_password).
    static HIDE_STATEMENT: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

pub(crate) fn local_transaction() -> u32 {
    // SAFETY: MyProc is set in every backend before SQL runs.
    unsafe { (*pg_sys::MyProc).lxid }
}

fn authenticated() -> Option<Authenticated> {
    let now = local_transaction();
    AUTHENTICATED.with(|a| a.borrow().last().cloned().filter(|a| a.transaction == now))
}

/// The origin of the session authenticate() bound to this transaction, if any.
pub(crate) fn session_origin() -> Option<Rc<SessionOrigin>> {
    authenticated().map(|a| a.origin)
}

/// Keeps backend-held, subtransaction-scoped entries in step with savepoints, the way
/// PostgreSQL treats SET LOCAL: entries of an aborted subtransaction (and of its descendants,
/// whose ids are larger within a transaction) go; entries of a committed one pass to its parent.
pub(crate) fn follow_subtransaction<T>(
    entries: &mut Vec<T>,
    subtransaction: impl Fn(&mut T) -> &mut pg_sys::SubTransactionId,
    event: pg_sys::SubXactEvent::Type,
    my_subid: pg_sys::SubTransactionId,
    parent_subid: pg_sys::SubTransactionId,
) {
    match event {
        pg_sys::SubXactEvent::SUBXACT_EVENT_ABORT_SUB => {
            entries.retain_mut(|e| *subtransaction(e) < my_subid);
        }
        pg_sys::SubXactEvent::SUBXACT_EVENT_COMMIT_SUB => {
            for e in entries.iter_mut() {
                let id = subtransaction(e);
                if *id == my_subid {
                    *id = parent_subid;
                }
            }
        }
        _ => {}
    }
}

#[pg_guard]
unsafe extern "C-unwind" fn on_subtransaction(
    event: pg_sys::SubXactEvent::Type,
    my_subid: pg_sys::SubTransactionId,
    parent_subid: pg_sys::SubTransactionId,
    _arg: *mut std::ffi::c_void,
) {
    AUTHENTICATED.with(|a| {
        follow_subtransaction(
            &mut a.borrow_mut(),
            |e| &mut e.subtransaction,
            event,
            my_subid,
            parent_subid,
        )
    });
}

/// Whether a statement's text may hold a secret given to one of the extension's functions: a
/// password (login, create_user, sign_up, the *password* functions), a token (authenticate,
/// the *session* functions, logout, invitations, e-mail and reset tokens), a second-factor
/// code or recovery code, a credential's plaintext. Matching too much costs only the
/// STATEMENT line of some errors.
fn may_carry_password(text: &[u8]) -> bool {
    const MARKERS: [&[u8]; 14] = [
        b"password",
        b"login",
        b"logout",
        b"create_user",
        b"sign_up",
        b"authenticate",
        b"session",
        b"invitation",
        b"verify_email",
        b"email_change",
        b"totp",
        b"mfa",
        b"recovery",
        b"credential",
    ];
    MARKERS
        .iter()
        .any(|m| text.windows(m.len()).any(|w| w.eq_ignore_ascii_case(m)))
}

static mut PREVIOUS_EMIT_LOG_HOOK: pg_sys::emit_log_hook_type = None;

#[pg_guard]
unsafe extern "C-unwind" fn emit_log(edata: *mut pg_sys::ErrorData) {
    // SAFETY: MyProc may be absent in auxiliary processes that inherited the hook;
    // debug_query_string is the current statement's text or NULL.
    unsafe {
        if !pg_sys::MyProc.is_null()
            && HIDE_STATEMENT.with(|h| h.get()) == Some((*pg_sys::MyProc).lxid)
        {
            (*edata).hide_stmt = true;
        }
        // A call that fails before its function runs (a malformed literal among its
        // arguments) never reaches hide_statement_from_log(), yet its text may hold a
        // password: judge by the text itself. Hiding more statements than needed costs only
        // the STATEMENT line of their errors.
        if !pg_sys::debug_query_string.is_null()
            && may_carry_password(CStr::from_ptr(pg_sys::debug_query_string).to_bytes())
        {
            (*edata).hide_stmt = true;
        }
        if let Some(prev) = PREVIOUS_EMIT_LOG_HOOK {
            prev(edata);
        }
    }
}

/// Installs the subtransaction callback and the log hook; called once from _PG_init.
pub fn register_callbacks() {
    // SAFETY: hook chaining and callback registration at library load, in one thread.
    unsafe {
        pg_sys::RegisterSubXactCallback(Some(on_subtransaction), std::ptr::null_mut());
        PREVIOUS_EMIT_LOG_HOOK = pg_sys::emit_log_hook;
        pg_sys::emit_log_hook = Some(emit_log);
    }
}

/// Keeps the statement text of the current transaction out of the server log when an error
/// is logged: it holds a password, as a literal or (with log settings raised) a parameter.
/// The error itself is still logged.
pub fn hide_statement_from_log() {
    HIDE_STATEMENT.with(|h| h.set(Some(local_transaction())));
}

/// Internal (login, create_user): see hide_statement_from_log().
#[pg_extern(volatile, parallel_restricted)]
fn _hide_statement() -> bool {
    hide_statement_from_log();
    true
}

thread_local! {
    // A task reopen_task() is about to reopen, for this transaction only: the status trigger
    // lets exactly that change through. Held by the backend, so no SQL can forge it.
    static REOPENING: std::cell::Cell<Option<(u32, i64)>> = const { std::cell::Cell::new(None) };
}

/// Internal (reopen_task): allows the next status change of one closed task.
#[pg_extern(volatile, parallel_unsafe)]
fn _allow_reopen(task_id: i64) -> bool {
    REOPENING.with(|r| r.set(Some((local_transaction(), task_id))));
    true
}

/// Internal (task status trigger): whether reopen_task() is reopening this task now; the
/// permission is used up by the check.
#[pg_extern(volatile, parallel_unsafe)]
fn _reopen_allowed(task_id: i64) -> bool {
    let allowed = REOPENING.with(|r| r.get()) == Some((local_transaction(), task_id));
    if allowed {
        REOPENING.with(|r| r.set(None));
    }
    allowed
}

/// Records the context of a validated session for the rest of the transaction.
pub fn set_authenticated(
    session_id: i64,
    user_id: i64,
    organization_id: i64,
    origin: SessionOrigin,
) {
    let now = local_transaction();
    // SAFETY: a plain read of transaction state.
    let subtransaction = unsafe { pg_sys::GetCurrentSubTransactionId() };
    let entry = Authenticated {
        transaction: now,
        subtransaction,
        organization_id,
        user_id,
        session_id,
        origin: Rc::new(origin),
    };
    AUTHENTICATED.with(|a| {
        let mut stack = a.borrow_mut();
        match stack.last_mut() {
            // Another authenticate() in the same (sub)transaction replaces the last one: a
            // rollback or release of that subtransaction treats both alike, so the stack stays
            // one entry per savepoint level however often a statement authenticates.
            Some(top) if top.transaction == now && top.subtransaction == subtransaction => {
                *top = entry;
            }
            _ => {
                stack.retain(|e| e.transaction == now);
                stack.push(entry);
            }
        }
    });
}

/// Whether the login behind this connection may set the context through the settings:
/// superusers and members of officeauto_admin (maintenance, reporting, tests). Checked on the
/// session user, so neither SET ROLE nor a SECURITY DEFINER function changes the answer.
pub(crate) fn may_set_context_directly() -> bool {
    // SAFETY: catalog lookups of the connection's own role; no error for a missing role.
    unsafe {
        let session_user = pg_sys::GetSessionUserId();
        if pg_sys::superuser_arg(session_user) {
            return true;
        }
        let admin = match ADMIN_ROLE.with(|r| r.get()) {
            Some(o) => o,
            None => {
                let o = pg_sys::get_role_oid(c"officeauto_admin".as_ptr(), true);
                ADMIN_ROLE.with(|r| r.set(Some(o)));
                o
            }
        };
        admin != pg_sys::InvalidOid && pg_sys::has_privs_of_role(session_user, admin)
    }
}

/// The context value from authenticate(), else from the setting for connections allowed to
/// use it. An application connection that sets the setting gets 42501: its context comes from
/// its session token only, whatever SQL it sends.
fn context_value(
    from_auth: fn(&Authenticated) -> i64,
    setting: &GucSetting<Option<CString>>,
    name: &'static str,
) -> Result<Option<i64>> {
    if let Some(a) = authenticated() {
        return Ok(Some(from_auth(&a)));
    }
    let value = read_id(setting, name)?;
    if value.is_some() && !may_set_context_directly() {
        return Err(OfficeError::ContextNotAllowed(name));
    }
    Ok(value)
}

/// Who the current statement acts for, as authorization sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Actor {
    /// A session validated by authenticate() in this transaction: its permissions apply.
    User { user_id: i64, organization_id: i64 },
    /// A superuser or officeauto_admin connection that set the context through the settings
    /// (maintenance, reporting jobs, tests): trusted with its organization's rows.
    Trusted { organization_id: Option<i64> },
    /// Anyone else: an application connection that has not authenticated in this transaction.
    Nobody,
}

pub fn actor() -> Result<Actor> {
    if let Some(a) = authenticated() {
        return Ok(Actor::User {
            user_id: a.user_id,
            organization_id: a.organization_id,
        });
    }
    if may_set_context_directly() {
        return Ok(Actor::Trusted {
            organization_id: read_id(&gucs::ORGANIZATION_ID, "officeauto.organization_id")?,
        });
    }
    // Reports a context the connection tried to set itself (42501) before the missing one.
    context_value(
        |a| a.organization_id,
        &gucs::ORGANIZATION_ID,
        "officeauto.organization_id",
    )?;
    Ok(Actor::Nobody)
}

/// The organization the application's row-level security policies compare with. Unlike
/// current_organization_id(), a missing context is an error (28000), not NULL: an application
/// that forgot authenticate() in this transaction (autocommit, a pooled connection) would
/// otherwise read empty tables and carry on as if there were no data.
#[pg_extern(stable, parallel_restricted)]
fn _tenant() -> std::result::Result<Option<i64>, ErrorReport> {
    match actor()? {
        Actor::User {
            organization_id, ..
        } => Ok(Some(organization_id)),
        Actor::Trusted { organization_id } => Ok(organization_id),
        Actor::Nobody => Err(OfficeError::NoContext.into()),
    }
}

/// Internal: makes sure the library is loaded in this backend, so that its settings exist
/// for current_setting() in SQL functions that run before any native call.
#[pg_extern(volatile, parallel_safe)]
fn _ensure_loaded() -> bool {
    true
}

/// Organization id of the current transaction, or NULL when none is set.
#[pg_extern(stable, parallel_restricted)]
fn current_organization_id() -> std::result::Result<Option<i64>, ErrorReport> {
    Ok(context_value(
        |a| a.organization_id,
        &gucs::ORGANIZATION_ID,
        "officeauto.organization_id",
    )?)
}

/// Session id of the current transaction (set by authentication), or NULL.
#[pg_extern(stable, parallel_restricted)]
fn current_session_id() -> std::result::Result<Option<i64>, ErrorReport> {
    Ok(context_value(
        |a| a.session_id,
        &gucs::SESSION_ID,
        "officeauto.session_id",
    )?)
}

/// The organization context for native code; a refused or malformed setting counts as none
/// here (the SQL functions report it).
pub fn organization_from_guc() -> Option<i64> {
    context_value(
        |a| a.organization_id,
        &gucs::ORGANIZATION_ID,
        "officeauto.organization_id",
    )
    .ok()
    .flatten()
}

/// The acting user and the session of the current transaction for native writers (the audit
/// trail): what current_user_id() and current_session_id() answer, refusals included.
pub(crate) fn user_and_session() -> Result<(Option<i64>, Option<i64>)> {
    Ok((
        context_value(|a| a.user_id, &gucs::USER_ID, "officeauto.user_id")?,
        context_value(|a| a.session_id, &gucs::SESSION_ID, "officeauto.session_id")?,
    ))
}

/// Acting user id of the current transaction, or NULL when anonymous.
#[pg_extern(stable, parallel_restricted)]
fn current_user_id() -> std::result::Result<Option<i64>, ErrorReport> {
    Ok(context_value(
        |a| a.user_id,
        &gucs::USER_ID,
        "officeauto.user_id",
    )?)
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn unset_context_is_null() {
        let org = Spi::get_one::<i64>("SELECT officeauto.current_organization_id()").unwrap();
        assert_eq!(org, None);
    }

    #[pg_test]
    fn context_reads_transaction_local_setting() {
        Spi::run("SET LOCAL officeauto.organization_id = '42'").unwrap();
        Spi::run("SET LOCAL officeauto.user_id = '7'").unwrap();
        assert_eq!(
            Spi::get_one::<i64>("SELECT officeauto.current_organization_id()").unwrap(),
            Some(42)
        );
        assert_eq!(
            Spi::get_one::<i64>("SELECT officeauto.current_user_id()").unwrap(),
            Some(7)
        );
    }

    #[pg_test(
        error = "invalid value for officeauto.organization_id: expected a positive bigint id"
    )]
    fn malformed_context_is_an_error() {
        Spi::run("SET LOCAL officeauto.organization_id = 'acme'").unwrap();
        Spi::get_one::<i64>("SELECT officeauto.current_organization_id()").unwrap();
    }
}
