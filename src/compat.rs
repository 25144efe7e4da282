//! Entry points that earlier releases' SQL names and this library no longer implements.
//!
//! Installing a new package replaces the shared library before `ALTER EXTENSION officeauto
//! UPDATE` replaces the SQL. A database still at an earlier version keeps `LANGUAGE c`
//! functions that name symbols of the old library. PostgreSQL looks a symbol up when such a
//! function is created (so restoring or creating an old version needs every name to exist)
//! and calls whatever it finds (so a name whose meaning changed would be handed arguments it
//! does not expect). Each name below therefore exists, and refuses with a message saying what
//! to run, without reading its arguments.
//!
//! Every later release keeps the list: add a name when a `#[pg_extern]` function of a
//! released version is removed or changes its SQL signature (tests/shell/upgrade.sh compares
//! the released scripts' symbols with this library's).

use pgrx::pg_sys;

/// Declares `name` as a version-1 C function that refuses with 0A000.
macro_rules! retired {
    ($name:ident, $finfo:ident, $what:literal) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $finfo() -> &'static pg_sys::Pg_finfo_record {
            const V1: pg_sys::Pg_finfo_record = pg_sys::Pg_finfo_record { api_version: 1 };
            &V1
        }

        #[unsafe(no_mangle)]
        #[pgrx::pg_guard]
        pub unsafe extern "C-unwind" fn $name(_fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
            pgrx::ereport!(
                ERROR,
                pgrx::PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
                concat!(
                    $what,
                    " of officeauto 0.1.0 is not in the installed library: finish the upgrade with ALTER EXTENSION officeauto UPDATE"
                )
            );
        }
    };
}

retired!(
    audit_record_id_wrapper,
    pg_finfo_audit_record_id_wrapper,
    "audit_record_id(text, jsonb)"
);
retired!(
    log_activity_wrapper,
    pg_finfo_log_activity_wrapper,
    "log_activity(text, jsonb)"
);
