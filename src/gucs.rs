//! Every configuration parameter of officeauto, registered once from `_PG_init`.
//!
//! The README's configuration table lists each one with its default; keep the two in step.

use pgrx::guc::{GucContext, GucFlags, GucRegistry, GucSetting};
use std::ffi::CString;

/// Organization whose rows the current transaction may see and change (row-level security).
pub static ORGANIZATION_ID: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

/// Acting user of the current transaction (actor of audit rows, owner checks).
pub static USER_ID: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

pub fn register() {
    // The context is per request: a server-wide value in postgresql.conf would silently put
    // every connection inside one tenant, so the file may not set it.
    GucRegistry::define_string_guc(
        c"officeauto.organization_id",
        c"Organization the current transaction acts for (row-level security context).",
        c"Normally set transaction-locally by officeauto.authenticate(); an unset or empty value \
          means no organization, so tenant tables show no rows.",
        &ORGANIZATION_ID,
        GucContext::Userset,
        GucFlags::DISALLOW_IN_FILE,
    );
    GucRegistry::define_string_guc(
        c"officeauto.user_id",
        c"User the current transaction acts for (audit actor).",
        c"Normally set transaction-locally by officeauto.authenticate(); unset means anonymous.",
        &USER_ID,
        GucContext::Userset,
        GucFlags::DISALLOW_IN_FILE,
    );

    // Reserving the prefix turns a misspelt `SET officeauto.organisation_id` into an error
    // instead of a silently ignored placeholder that would leave the context unset.
    unsafe { pgrx::pg_sys::MarkGUCPrefixReserved(c"officeauto".as_ptr()) };
}
