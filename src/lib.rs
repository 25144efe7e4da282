//! officeauto: the back end of an office-automation system as a PostgreSQL extension.
//!
//! This file is glue only. Logic lives in the pure `officeauto-core` crate; each module here
//! is a thin SQL-facing layer for one domain; hand-written DDL lives in `sql/` and is loaded
//! below in dependency order.

// SQL-facing functions return pgrx's `ErrorReport` as their `Err`: it is raised as a PostgreSQL
// ERROR the moment it leaves the function, so its size never travels up a call chain.
#![allow(clippy::result_large_err)]

use pgrx::prelude::*;

mod audit;
mod authz;
mod bookkeeping;
mod compat;
mod context;
mod crypto;
mod error;
mod gucs;
mod identity;
mod ids;
mod isolate;
mod mfa;
mod origin;
mod owner;
mod passwords;
mod sessions;

::pgrx::pg_module_magic!(name, version);

#[pg_guard]
extern "C-unwind" fn _PG_init() {
    // SAFETY: a plain global the postmaster sets while it loads shared_preload_libraries.
    if unsafe { pgrx::pg_sys::process_shared_preload_libraries_in_progress } {
        crypto::mark_preloaded();
        // Before gucs::register(): reserving the prefix would discard a configured pool size.
        bookkeeping::init_preloaded();
    }
    gucs::register();
    audit::register_callbacks();
    context::register_callbacks();
}

// DDL, in load order. Each file names what it needs so pgrx emits it after those objects.
extension_sql_file!(
    "../sql/00_foundation.sql",
    name = "foundation",
    requires = [
        ids::uuid_generate_v7,
        context::current_organization_id,
        context::current_user_id
    ],
);

extension_sql_file!(
    "../sql/01_conventions.sql",
    name = "conventions",
    requires = [
        "foundation",
        audit::restore_load_trigger,
        audit::_is_restoring,
        context::_tenant,
        authz::_reporting_organizations
    ]
);
extension_sql_file!(
    "../sql/02_tenancy.sql",
    name = "tenancy",
    requires = ["conventions"]
);
extension_sql_file!("../sql/03_auth.sql", name = "auth", requires = ["tenancy"]);
extension_sql_file!("../sql/04_audit.sql", name = "audit", requires = ["auth"]);
extension_sql_file!(
    "../sql/05_projects.sql",
    name = "projects",
    requires = ["audit"]
);
extension_sql_file!("../sql/06_crm.sql", name = "crm", requires = ["projects"]);
extension_sql_file!("../sql/07_work.sql", name = "work", requires = ["crm"]);
extension_sql_file!(
    "../sql/08_documents.sql",
    name = "documents",
    requires = ["work"]
);
extension_sql_file!(
    "../sql/09_testing.sql",
    name = "testing",
    requires = ["documents"]
);
extension_sql_file!(
    "../sql/10_collaboration.sql",
    name = "collaboration",
    requires = ["testing"]
);
extension_sql_file!(
    "../sql/11_operations.sql",
    name = "operations",
    requires = [
        "collaboration",
        authz::_may_all,
        authz::_may_projects,
        authz::_readable_organizations
    ]
);
extension_sql_file!(
    "../sql/12_credentials.sql",
    name = "credentials",
    requires = [
        "operations",
        crypto::encrypt_credential_value,
        crypto::encrypt_credential_value_with_key,
        crypto::decrypt_credential_value,
        crypto::decrypt_credential_value_with_key,
        crypto::_seal_credential,
        crypto::_open_credential,
        crypto::_reseal_credential,
        crypto::credential_key_id,
        crypto::_pgcrypto_s2k_count,
        crypto::_pgcrypto_max_s2k_count,
        crypto::add_credential_key,
        crypto::rewrap_credential_keys,
        crypto::_wraps_same_key,
        origin::current_client_ip,
        origin::current_user_agent
    ]
);
extension_sql_file!(
    "../sql/13_audit_trail.sql",
    name = "audit_trail",
    requires = [
        "credentials",
        audit::audit_trigger,
        audit::audit_truncate_trigger,
        audit::audit_flush_trigger,
        audit::_audit_record_id,
        audit::_log_activity,
        context::current_session_id,
        context::_ensure_loaded
    ]
);
extension_sql_file!(
    "../sql/14_identity.sql",
    name = "identity",
    requires = [
        "audit_trail",
        identity::hash_password,
        identity::_lockout_decision,
        identity::verify_password,
        identity::password_needs_rehash,
        identity::_dummy_verify,
        identity::_new_token,
        identity::token_digest,
        identity::validate_session,
        identity::authenticate,
        identity::_record_login_failure,
        identity::_amend_login_failure,
        identity::_revoke_refresh_family,
        context::_hide_statement
    ]
);
extension_sql_file!(
    "../sql/15_workflows.sql",
    name = "workflows",
    requires = [
        "identity",
        authz::_may_all,
        authz::_may_projects,
        authz::_may_own,
        authz::_readable_organizations
    ]
);
extension_sql_file!(
    "../sql/16_authorization.sql",
    name = "authorization",
    requires = [
        "workflows",
        authz::has_permission,
        authz::_may_all,
        authz::_may_projects,
        authz::_may_own,
        authz::_authorize,
        authz::_require_permission,
        authz::_acting_user,
        authz::_readable_organizations,
        authz::_permissions_changed
    ]
);
extension_sql_file!(
    "../sql/17_organizations.sql",
    name = "organizations",
    requires = ["authorization"]
);
extension_sql_file!(
    "../sql/18_accounts.sql",
    name = "accounts",
    requires = ["organizations", audit::_log_account_event]
);
extension_sql_file!(
    "../sql/19_passwords.sql",
    name = "passwords",
    requires = [
        "accounts",
        passwords::_check_new_password,
        passwords::_hash_new_password
    ]
);
extension_sql_file!(
    "../sql/20_user_admin.sql",
    name = "user_admin",
    requires = ["passwords"]
);
extension_sql_file!(
    "../sql/21_sessions.sql",
    name = "sessions",
    requires = ["user_admin"]
);
extension_sql_file!(
    "../sql/22_mfa.sql",
    name = "mfa",
    requires = [
        "sessions",
        mfa::_totp_enrolment,
        mfa::_totp_match,
        mfa::_new_recovery_codes,
        mfa::_recovery_code_digest,
        mfa::_totp_reseal
    ]
);
extension_sql_file!(
    "../sql/23_maintenance.sql",
    name = "maintenance",
    requires = ["mfa"]
);
extension_sql_file!(
    "../sql/24_sprints.sql",
    name = "sprints",
    requires = ["maintenance"]
);

/// Required by `cargo pgrx test`: hooks for the temporary test cluster.
#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    #[must_use]
    pub fn postgresql_conf_options() -> Vec<&'static str> {
        // A fixed test-only master key; real servers use officeauto.master_key_file.
        vec![
            "officeauto.master_key = '0000000000000000000000000000000000000000000000000000000000000001'",
        ]
    }
}
