//! Every configuration parameter of officeauto, registered once from `_PG_init`.
//!
//! The README's configuration table lists each one with its default; keep the two in step.

use pgrx::guc::{GucContext, GucFlags, GucRegistry, GucSetting};
use std::ffi::CString;

/// Organization whose rows the current transaction may see and change (row-level security).
pub static ORGANIZATION_ID: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

/// Acting user of the current transaction (actor of audit rows, owner checks).
pub static USER_ID: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

/// Session (user_sessions.id) the current request was authenticated with (audit rows).
pub static SESSION_ID: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

/// Whether an UPDATE that changes no column is written to the audit trail.
pub static AUDIT_LOG_NOOP_UPDATES: GucSetting<bool> = GucSetting::<bool>::new(false);

/// How long archived audit rows are kept by purge_audit_archive() (an interval).
pub static AUDIT_ARCHIVE_RETENTION: GucSetting<Option<CString>> =
    GucSetting::<Option<CString>>::new(Some(c"365 days"));

/// Client address and user agent of the current request (recorded in audit rows).
pub static CLIENT_IP: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);
pub static USER_AGENT: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

/// Server-held master key (wraps the credential data keys), or a file holding it.
pub static MASTER_KEY: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);
pub static MASTER_KEY_FILE: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

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

    GucRegistry::define_string_guc(
        c"officeauto.session_id",
        c"Session the current transaction was authenticated with (recorded in audit rows).",
        c"Normally set transaction-locally by officeauto.authenticate().",
        &SESSION_ID,
        GucContext::Userset,
        GucFlags::DISALLOW_IN_FILE,
    );
    GucRegistry::define_bool_guc(
        c"officeauto.audit_log_noop_updates",
        c"Write audit rows for UPDATEs that change no column.",
        c"Off by default: an UPDATE that rewrites a row with identical values is not an event. \
          A table's enable_audit() option log_noop_updates overrides it.",
        &AUDIT_LOG_NOOP_UPDATES,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_string_guc(
        c"officeauto.audit_archive_retention",
        c"How long purge_audit_archive() keeps archived audit rows (an interval, e.g. '2 years').",
        c"Separate from archival (archive_audit_logs) and from partition creation.",
        &AUDIT_ARCHIVE_RETENTION,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_string_guc(
        c"officeauto.client_ip",
        c"Client address of the current request, recorded in audit rows.",
        c"Set transaction-locally by the application or by authenticate(); when unset, the \
          address of the database connection is used.",
        &CLIENT_IP,
        GucContext::Userset,
        GucFlags::DISALLOW_IN_FILE,
    );
    GucRegistry::define_string_guc(
        c"officeauto.user_agent",
        c"User agent of the current request, recorded in audit rows.",
        c"Set transaction-locally by the application or by authenticate().",
        &USER_AGENT,
        GucContext::Userset,
        GucFlags::DISALLOW_IN_FILE,
    );
    // Key settings: only postgresql.conf (or ALTER SYSTEM) can set them, so a key never appears
    // in a query, pg_stat_activity or pg_stat_statements; only superusers may read them, and
    // they are left out of SHOW ALL.
    let secret = GucFlags::SUPERUSER_ONLY | GucFlags::NO_SHOW_ALL;
    GucRegistry::define_string_guc(
        c"officeauto.master_key",
        c"Master key wrapping the credential data keys: 64 hex digits or base64 of 32 bytes.",
        c"Prefer officeauto.master_key_file. Superuser-only and hidden from SHOW ALL.",
        &MASTER_KEY,
        GucContext::Sighup,
        secret,
    );
    GucRegistry::define_string_guc(
        c"officeauto.master_key_file",
        c"File holding the master key (64 hex digits or base64), readable by the server only.",
        c"Read when a backend first needs the key; used when officeauto.master_key is unset.",
        &MASTER_KEY_FILE,
        GucContext::Sighup,
        GucFlags::SUPERUSER_ONLY,
    );

    // Reserving the prefix turns a misspelt `SET officeauto.organisation_id` into an error
    // instead of a silently ignored placeholder that would leave the context unset.
    unsafe { pgrx::pg_sys::MarkGUCPrefixReserved(c"officeauto".as_ptr()) };
}
