//! The request context: who the current transaction acts for.
//!
//! Row-level security policies and (later) the audit trigger read the context only through
//! these functions, so its source can change without touching a policy. Policies call them as
//! `(select officeauto.current_organization_id())` so the planner evaluates them once per
//! statement as an InitPlan, not once per row.

use crate::error::{OfficeError, Result};
use crate::gucs;
use pgrx::guc::GucSetting;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use std::ffi::CString;

fn read_id(setting: &GucSetting<Option<CString>>, name: &'static str) -> Result<Option<i64>> {
    let Some(raw) = setting.get() else {
        return Ok(None);
    };
    let text = raw.to_str().unwrap_or_default().trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(OfficeError::InvalidParameter {
            name,
            reason: "expected a positive bigint id".into(),
        }),
    }
}

/// Organization id of the current transaction, or NULL when none is set.
#[pg_extern(stable, parallel_safe)]
fn current_organization_id() -> std::result::Result<Option<i64>, ErrorReport> {
    Ok(read_id(
        &gucs::ORGANIZATION_ID,
        "officeauto.organization_id",
    )?)
}

/// Session id of the current transaction (set by authentication), or NULL.
#[pg_extern(stable, parallel_safe)]
fn current_session_id() -> std::result::Result<Option<i64>, ErrorReport> {
    Ok(read_id(&gucs::SESSION_ID, "officeauto.session_id")?)
}

/// The organization context for native code; a malformed setting counts as none here (the
/// SQL functions report it).
pub fn organization_from_guc() -> Option<i64> {
    read_id(&gucs::ORGANIZATION_ID, "officeauto.organization_id")
        .ok()
        .flatten()
}

/// Acting user id of the current transaction, or NULL when anonymous.
#[pg_extern(stable, parallel_safe)]
fn current_user_id() -> std::result::Result<Option<i64>, ErrorReport> {
    Ok(read_id(&gucs::USER_ID, "officeauto.user_id")?)
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
