//! Running a bounded piece of native work with the rights of the extension's owner.
//!
//! Hot paths (the audit trigger, session validation) must read or write what the calling role
//! may not (token digests, the audit trail) without being SECURITY DEFINER functions, whose
//! per-call user and search_path switch costs more than the work itself. They switch the user
//! only around the statement that needs it, as fmgr does for SECURITY DEFINER.

use crate::error::OfficeError;
use pgrx::pg_sys;
use pgrx::prelude::*;
use std::cell::Cell;

thread_local! {
    static OWNER: Cell<Option<pg_sys::Oid>> = const { Cell::new(None) };
}

fn extension_owner() -> Result<pg_sys::Oid, OfficeError> {
    if let Some(o) = OWNER.with(|c| c.get()) {
        return Ok(o);
    }
    // From the syscache, not SPI: the first call may come inside a parallel operation (a
    // row-level security policy of a parallel plan), where a statement through pgrx's SPI
    // would have to assign a transaction id, which is refused there.
    // SAFETY: catalog lookups by name within one schema and by OID; the tuple is released.
    let owner = unsafe {
        let namespace = pg_sys::get_namespace_oid(c"officeauto".as_ptr(), true);
        let relid = pg_sys::get_relname_relid(c"audit_logs".as_ptr(), namespace);
        let tuple = pg_sys::SearchSysCache1(
            pg_sys::SysCacheIdentifier::RELOID as _,
            pg_sys::Datum::from(relid),
        );
        if namespace == pg_sys::InvalidOid || relid == pg_sys::InvalidOid || tuple.is_null() {
            None
        } else {
            // GETSTRUCT: the fixed part of the catalog row follows the tuple header.
            let data = (*tuple).t_data;
            let form = data
                .cast::<u8>()
                .add((*data).t_hoff as usize)
                .cast::<pg_sys::FormData_pg_class>();
            let owner = (*form).relowner;
            pg_sys::ReleaseSysCache(tuple);
            Some(owner)
        }
    }
    .ok_or_else(|| OfficeError::Spi("the officeauto tables are missing".into()))?;
    OWNER.with(|c| c.set(Some(owner)));
    Ok(owner)
}

/// Runs `f` as the extension's owner. The restricted-operation flag keeps code the caller
/// controls from running with those rights; a (sub)transaction abort restores the caller's
/// user id by itself, and the explicit restore covers the normal path.
pub fn as_extension_owner<T>(f: impl FnOnce() -> Result<T, OfficeError>) -> Result<T, OfficeError> {
    let owner = extension_owner()?;
    let mut saved_user = pg_sys::InvalidOid;
    let mut saved_context = 0;
    // SAFETY: the documented way to switch the current user for a bounded piece of work.
    unsafe {
        pg_sys::GetUserIdAndSecContext(&mut saved_user, &mut saved_context);
        pg_sys::SetUserIdAndSecContext(
            owner,
            saved_context
                | pg_sys::SECURITY_LOCAL_USERID_CHANGE as i32
                | pg_sys::SECURITY_RESTRICTED_OPERATION as i32,
        );
    }
    let result = f();
    unsafe { pg_sys::SetUserIdAndSecContext(saved_user, saved_context) };
    result
}

/// Where a hot path keeps its statement: one plan per backend.
pub type PlanSlot =
    std::thread::LocalKey<std::cell::RefCell<Option<pgrx::spi::OwnedPreparedStatement>>>;

/// Runs `f` with the statement of `slot`, preparing it on first use under a fixed search_path
/// (pg_catalog, pg_temp). A kept plan is re-planned with the search_path it was made under, so
/// names in it can never be captured by objects a caller puts earlier on its own search_path.
pub fn with_pinned_plan<R>(
    client: &mut pgrx::spi::SpiClient<'_>,
    slot: &'static PlanSlot,
    sql: &str,
    args: &[PgOid],
    f: impl FnOnce(
        &mut pgrx::spi::SpiClient<'_>,
        &pgrx::spi::OwnedPreparedStatement,
    ) -> pgrx::spi::SpiResult<R>,
) -> pgrx::spi::SpiResult<R> {
    with_plan(client, slot, |c| prepare_pinned(c, sql, args), f)
}

/// Runs `f` with the statement of `slot`, prepared on first use without switching search_path:
/// for statements that may run inside a parallel query (row-level security policies), where no
/// setting can change. Their text must name every table, function and operator with its
/// schema, so no search_path can redirect them.
pub fn with_kept_plan<R>(
    client: &mut pgrx::spi::SpiClient<'_>,
    slot: &'static PlanSlot,
    sql: &str,
    args: &[PgOid],
    f: impl FnOnce(
        &mut pgrx::spi::SpiClient<'_>,
        &pgrx::spi::OwnedPreparedStatement,
    ) -> pgrx::spi::SpiResult<R>,
) -> pgrx::spi::SpiResult<R> {
    with_plan(client, slot, |c| c.prepare(sql, args).map(|p| p.keep()), f)
}

fn with_plan<R>(
    client: &mut pgrx::spi::SpiClient<'_>,
    slot: &'static PlanSlot,
    prepare: impl FnOnce(
        &mut pgrx::spi::SpiClient<'_>,
    ) -> pgrx::spi::SpiResult<pgrx::spi::OwnedPreparedStatement>,
    f: impl FnOnce(
        &mut pgrx::spi::SpiClient<'_>,
        &pgrx::spi::OwnedPreparedStatement,
    ) -> pgrx::spi::SpiResult<R>,
) -> pgrx::spi::SpiResult<R> {
    if slot.with(|p| p.borrow().is_none()) {
        let plan = prepare(client)?;
        slot.with(|p| *p.borrow_mut() = Some(plan));
    }
    slot.with(|p| {
        let plan = p.borrow();
        f(client, plan.as_ref().expect("prepared above"))
    })
}

fn prepare_pinned(
    client: &mut pgrx::spi::SpiClient<'_>,
    sql: &str,
    args: &[PgOid],
) -> Result<pgrx::spi::OwnedPreparedStatement, pgrx::spi::SpiError> {
    let saved: Option<String> = client
        .select(
            "SELECT pg_catalog.current_setting('search_path')",
            Some(1),
            &[],
        )?
        .first()
        .get_one()?;
    // select, not update: update would assign a transaction id, which a hot standby refuses
    // (XX000), and the validation fallback must work there.
    client.select(
        "SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true)",
        None,
        &[],
    )?;
    let plan = client.prepare(sql, args).map(|p| p.keep());
    client.select(
        "SELECT pg_catalog.set_config('search_path', $1, true)",
        None,
        &[saved.unwrap_or_default().into()],
    )?;
    plan
}
