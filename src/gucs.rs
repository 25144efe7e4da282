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

/// Largest row (columns as stored, uncompressed; excluded ones not counted) the audit trigger
/// copies; a larger one is refused with 54000 before any copy, so no row can exhaust memory.
pub static AUDIT_MAX_ROW_BYTES: GucSetting<i32> = GucSetting::<i32>::new(64 << 20);

/// How long archived audit rows are kept by purge_audit_archive() (an interval).
pub static AUDIT_ARCHIVE_RETENTION: GucSetting<Option<CString>> =
    GucSetting::<Option<CString>>::new(Some(c"365 days"));
// Partition retention (drop_expired_partitions): intervals; empty keeps every partition.
pub static NOTIFICATION_RETENTION: GucSetting<Option<CString>> =
    GucSetting::<Option<CString>>::new(Some(c"6 months"));
pub static TEST_EXECUTION_RETENTION: GucSetting<Option<CString>> =
    GucSetting::<Option<CString>>::new(None);

// Identity: password cost, sessions, brute-force policy. Durations are in seconds (and accept
// units, e.g. '15min'). Defaults are documented in the README beside Keycloak's.
pub static PASSWORD_MEMORY_KIB: GucSetting<i32> = GucSetting::<i32>::new(19456);
pub static PASSWORD_ITERATIONS: GucSetting<i32> = GucSetting::<i32>::new(2);
pub static PASSWORD_PARALLELISM: GucSetting<i32> = GucSetting::<i32>::new(1);
/// The most work a stored hash may demand (argon2 m/t/p, bcrypt cost): a hash handed to
/// verify_password() or planted in a row is attacker input, bounded before any work.
pub static PASSWORD_MAX_MEMORY_KIB: GucSetting<i32> = GucSetting::<i32>::new(65536);
pub static PASSWORD_MAX_ITERATIONS: GucSetting<i32> = GucSetting::<i32>::new(10);
pub static PASSWORD_MAX_PARALLELISM: GucSetting<i32> = GucSetting::<i32>::new(4);
pub static PASSWORD_MAX_BCRYPT_COST: GucSetting<i32> = GucSetting::<i32>::new(14);
pub static PASSWORD_PEPPER_FILE: GucSetting<Option<CString>> =
    GucSetting::<Option<CString>>::new(None);
pub static SESSION_TTL: GucSetting<i32> = GucSetting::<i32>::new(12 * 3600);
pub static SESSION_IDLE_TIMEOUT: GucSetting<i32> = GucSetting::<i32>::new(30 * 60);
pub static SESSION_TOUCH_INTERVAL: GucSetting<i32> = GucSetting::<i32>::new(60);

pub static REFRESH_TTL: GucSetting<i32> = GucSetting::<i32>::new(30 * 86400);
pub static EMAIL_TOKEN_TTL: GucSetting<i32> = GucSetting::<i32>::new(86400);
pub static LOCKOUT_FAILURES: GucSetting<i32> = GucSetting::<i32>::new(5);
pub static LOCKOUT_WINDOW: GucSetting<i32> = GucSetting::<i32>::new(900);
pub static LOCKOUT_WAIT_INCREMENT: GucSetting<i32> = GucSetting::<i32>::new(60);
pub static LOCKOUT_MAX_WAIT: GucSetting<i32> = GucSetting::<i32>::new(900);
pub static LOCKOUT_PERMANENT_AFTER: GucSetting<i32> = GucSetting::<i32>::new(0);
pub static CAPTCHA_AFTER_FAILURES: GucSetting<i32> = GucSetting::<i32>::new(3);
pub static IP_FAILURE_LIMIT: GucSetting<i32> = GucSetting::<i32>::new(20);
pub static REQUIRE_VERIFIED_EMAIL: GucSetting<bool> = GucSetting::<bool>::new(false);

/// Client address and user agent of the current request (recorded in audit rows); read only
/// through src/origin.rs, which ignores values set by an earlier transaction.
pub static CLIENT_IP: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);
pub static USER_AGENT: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

/// Server-held master key (wraps the credential data keys), or a file holding it.
pub static MASTER_KEY: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);
pub static MASTER_KEY_FILE: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);
pub static MASTER_KEY_PREVIOUS_FILE: GucSetting<Option<CString>> =
    GucSetting::<Option<CString>>::new(None);

/// Passwords (19_passwords.sql): fewest characters of a new password, and how many password
/// resets one identifier may ask for in an hour.
pub static PASSWORD_MIN_LENGTH: GucSetting<i32> = GucSetting::<i32>::new(8);
pub static PASSWORD_RESET_LIMIT: GucSetting<i32> = GucSetting::<i32>::new(5);
/// Lifetime of a password-reset token, in seconds.
pub static PASSWORD_RESET_TTL: GucSetting<i32> = GucSetting::<i32>::new(3600);
/// Two-factor authentication: how long a login's MFA challenge lives, and the issuer shown by
/// authenticator apps (the organization's name when unset).
pub static MFA_CHALLENGE_TTL: GucSetting<i32> = GucSetting::<i32>::new(300);
pub static MFA_ISSUER: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

/// A string setting's value, or None when unset or blank.
pub fn text(setting: &GucSetting<Option<CString>>) -> Option<String> {
    setting
        .get()
        .and_then(|c| c.into_string().ok())
        .filter(|s| !s.trim().is_empty())
}

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
        c"officeauto.notification_retention",
        c"How long drop_expired_partitions() keeps a month of notifications after it ends (an interval; empty keeps them all).",
        c"Whole monthly partitions are dropped, read or not; expire_notifications() removes rows past their own expiry earlier.",
        &NOTIFICATION_RETENTION,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_string_guc(
        c"officeauto.test_execution_retention",
        c"How long drop_expired_partitions() keeps a quarter of test executions after it ends (an interval; empty, the default, keeps them all).",
        c"Test results are a project's record, so nothing is dropped unless an interval is set.",
        &TEST_EXECUTION_RETENTION,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"officeauto.audit_max_row_bytes",
        c"Largest row the audit trigger records, its columns as stored and uncompressed (excluded columns do not count).",
        c"A write of a larger row to an audited table is refused (54000) before the row is copied.",
        &AUDIT_MAX_ROW_BYTES,
        1024,
        1 << 30,
        GucContext::Suset,
        GucFlags::UNIT_BYTE,
    );
    GucRegistry::define_int_guc(
        c"officeauto.password_memory_kib",
        c"argon2id memory cost of new password hashes, in KiB (OWASP minimum: 19456).",
        c"Changing it does not invalidate existing hashes: they verify with their own parameters and are rehashed at the next successful login.",
        &PASSWORD_MEMORY_KIB,
        256,
        4 * 1024 * 1024,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"officeauto.password_iterations",
        c"argon2id time cost (passes) of new password hashes.",
        c"",
        &PASSWORD_ITERATIONS,
        1,
        100,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"officeauto.password_parallelism",
        c"argon2id parallelism (lanes) of new password hashes.",
        c"",
        &PASSWORD_PARALLELISM,
        1,
        64,
        GucContext::Suset,
        GucFlags::default(),
    );
    for (name, short, setting, min, max) in [
        (c"officeauto.password_max_memory_kib", c"Largest argon2 memory cost (KiB) a stored hash may ask for; above it verification is refused (54000).", &PASSWORD_MAX_MEMORY_KIB, 256, 4 * 1024 * 1024),
        (c"officeauto.password_max_iterations", c"Largest argon2 time cost a stored hash may ask for.", &PASSWORD_MAX_ITERATIONS, 1, 100),
        (c"officeauto.password_max_parallelism", c"Largest argon2 parallelism a stored hash may ask for.", &PASSWORD_MAX_PARALLELISM, 1, 64),
        (c"officeauto.password_max_bcrypt_cost", c"Largest bcrypt cost a stored legacy hash may ask for.", &PASSWORD_MAX_BCRYPT_COST, 4, 31),
    ] {
        GucRegistry::define_int_guc(
            name,
            short,
            c"Checked before any hashing or allocation; new hashes must also fit.",
            setting,
            min,
            max,
            GucContext::Suset,
            GucFlags::default(),
        );
    }
    GucRegistry::define_string_guc(
        c"officeauto.password_pepper_file",
        c"File of password peppers, one 'id:secret' per line (id at most 8 bytes, secret hex or base64); the first is current.",
        c"Hashes record the pepper id, so older peppers keep verifying while listed.",
        &PASSWORD_PEPPER_FILE,
        GucContext::Sighup,
        GucFlags::SUPERUSER_ONLY,
    );
    GucRegistry::define_int_guc(
        c"officeauto.session_ttl",
        c"Absolute lifetime of a session, in seconds.",
        c"",
        &SESSION_TTL,
        60,
        i32::MAX,
        GucContext::Suset,
        GucFlags::UNIT_S,
    );
    GucRegistry::define_int_guc(
        c"officeauto.session_idle_timeout",
        c"A session unused for this long (seconds) is no longer valid.",
        c"",
        &SESSION_IDLE_TIMEOUT,
        60,
        i32::MAX,
        GucContext::Suset,
        GucFlags::UNIT_S,
    );
    GucRegistry::define_int_guc(
        c"officeauto.session_touch_interval",
        c"validate_session() records activity at most once per this many seconds per session.",
        c"Keeps validation read-mostly; on a hot standby it never writes.",
        &SESSION_TOUCH_INTERVAL,
        0,
        3600,
        GucContext::Suset,
        GucFlags::UNIT_S,
    );
    for (name, short, setting, min, max, unit) in [
        (c"officeauto.refresh_ttl", c"Lifetime of a refresh token, in seconds.", &REFRESH_TTL, 60, i32::MAX, true),
        (c"officeauto.email_token_ttl", c"Lifetime of an e-mail verification token, in seconds.", &EMAIL_TOKEN_TTL, 60, i32::MAX, true),
        (c"officeauto.lockout_failures", c"Failed logins of one account within officeauto.lockout_window that lock it (Keycloak failureFactor: 30).", &LOCKOUT_FAILURES, 1, 1000, false),
        (c"officeauto.lockout_window", c"Window, in seconds, over which failed logins are counted.", &LOCKOUT_WINDOW, 1, i32::MAX, true),
        (c"officeauto.lockout_wait_increment", c"Lock duration added by each successive lock, in seconds (Keycloak waitIncrement: 60 s).", &LOCKOUT_WAIT_INCREMENT, 1, i32::MAX, true),
        (c"officeauto.lockout_max_wait", c"Longest temporary lock, in seconds (Keycloak maxFailureWait: 900 s).", &LOCKOUT_MAX_WAIT, 1, i32::MAX, true),
        (c"officeauto.lockout_permanent_after", c"Temporary locks after which the account is suspended until an administrator reactivates it (0: never).", &LOCKOUT_PERMANENT_AFTER, 0, 1000, false),
        (c"officeauto.captcha_after_failures", c"Failed logins of one account after which a passed captcha is required.", &CAPTCHA_AFTER_FAILURES, 1, 1000, false),
        (c"officeauto.ip_failure_limit", c"Failed logins from one address within the window after which a passed captcha is required.", &IP_FAILURE_LIMIT, 1, 100000, false),
    ] {
        GucRegistry::define_int_guc(
            name,
            short,
            c"",
            setting,
            min,
            max,
            GucContext::Suset,
            if unit { GucFlags::UNIT_S } else { GucFlags::default() },
        );
    }
    GucRegistry::define_bool_guc(
        c"officeauto.require_verified_email",
        c"Refuse logins of accounts whose e-mail address is not verified.",
        c"",
        &REQUIRE_VERIFIED_EMAIL,
        GucContext::Suset,
        GucFlags::default(),
    );
    // The request's origin counts only in the transaction that sets it (src/origin.rs), so a
    // value a pooled request leaves behind is never recorded for the next one.
    // SAFETY: the check hook is a pg_guard'ed function that only reads the proposed value.
    unsafe {
        GucRegistry::define_string_guc_with_hooks(
            c"officeauto.client_ip",
            c"Client address of the current request, recorded in audit rows (overrides the authenticated session's).",
            c"Counts only in the transaction that sets it: use set_config('officeauto.client_ip', addr, true) or \
              SET LOCAL. Unset: the address of the session authenticate() bound, else of the database connection.",
            &CLIENT_IP,
            GucContext::Userset,
            GucFlags::DISALLOW_IN_FILE,
            Some(crate::origin::check_client_ip),
            None,
            None,
        );
    }
    GucRegistry::define_string_guc(
        c"officeauto.user_agent",
        c"User agent of the current request, recorded in audit rows (overrides the authenticated session's).",
        c"Counts only in the transaction that sets it: use set_config('officeauto.user_agent', agent, true) or \
          SET LOCAL. Unset: the user agent of the session authenticate() bound.",
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

    GucRegistry::define_string_guc(
        c"officeauto.master_key_previous_file",
        c"During a master-key change: file holding the master key being retired.",
        c"Data keys it wrapped stay usable until rewrap_credential_keys() wraps them under the current master key.",
        &MASTER_KEY_PREVIOUS_FILE,
        GucContext::Sighup,
        GucFlags::SUPERUSER_ONLY,
    );

    GucRegistry::define_int_guc(
        c"officeauto.password_min_length",
        c"Fewest characters (Unicode code points) of a new password.",
        c"NIST SP 800-63B: at least 8; 15 where the password is the only factor. Checked for new passwords only, never at login.",
        &PASSWORD_MIN_LENGTH,
        1,
        1024,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"officeauto.password_reset_limit",
        c"Password resets one identifier may request per hour; more are refused (OA083), known or not.",
        c"",
        &PASSWORD_RESET_LIMIT,
        1,
        1000,
        GucContext::Suset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"officeauto.password_reset_ttl",
        c"Lifetime of a password-reset token, in seconds.",
        c"",
        &PASSWORD_RESET_TTL,
        60,
        7 * 86400,
        GucContext::Suset,
        GucFlags::UNIT_S,
    );
    GucRegistry::define_int_guc(
        c"officeauto.mfa_challenge_ttl",
        c"Lifetime of the challenge login() returns to a user with two-factor authentication, in seconds.",
        c"verify_mfa() must complete the login within it.",
        &MFA_CHALLENGE_TTL,
        30,
        3600,
        GucContext::Suset,
        GucFlags::UNIT_S,
    );
    GucRegistry::define_string_guc(
        c"officeauto.mfa_issuer",
        c"Issuer named in the otpauth:// URI of a TOTP enrolment (shown by authenticator apps).",
        c"Unset: the name of the user's organization.",
        &MFA_ISSUER,
        GucContext::Suset,
        GucFlags::default(),
    );

    // Reserving the prefix turns a misspelt `SET officeauto.organisation_id` into an error
    // instead of a silently ignored placeholder that would leave the context unset.
    unsafe { pgrx::pg_sys::MarkGUCPrefixReserved(c"officeauto".as_ptr()) };
}
