//! Identity hot paths: password hashing and verification, tokens, session validation, and the
//! autonomous recording of failed logins.

use crate::bookkeeping;
use crate::error::OfficeError;
use crate::gucs;
use crate::ids::random_bytes;
use crate::isolate;
use crate::origin::SessionOrigin;
use crate::sessions::{self, Lookup};
use officeauto_core::password::{self, Arena, Cost, Limits, PasswordError, Pepper, Work};
use officeauto_core::token;
use pgrx::pg_sys;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use std::cell::RefCell;
use std::ffi::CStr;
use zeroize::Zeroizing;

impl From<PasswordError> for OfficeError {
    fn from(e: PasswordError) -> Self {
        match e {
            PasswordError::Empty | PasswordError::TooLong => OfficeError::InvalidParameter {
                name: "password",
                reason: e.to_string(),
            },
            PasswordError::MalformedHash => OfficeError::MalformedHash,
            PasswordError::CostTooHigh(_) => {
                OfficeError::LimitExceeded(format!("{e} (officeauto.password_max_* settings)"))
            }
            PasswordError::UnknownPepper(_) | PasswordError::BadParams(_) => {
                OfficeError::KeyConfig(e.to_string())
            }
            PasswordError::OutOfMemory => OfficeError::OutOfResources(
                "password hashing process failed (out of memory, or killed)",
            ),
        }
    }
}

fn cost() -> Cost {
    Cost {
        memory_kib: gucs::PASSWORD_MEMORY_KIB.get() as u32,
        iterations: gucs::PASSWORD_ITERATIONS.get() as u32,
        parallelism: gucs::PASSWORD_PARALLELISM.get() as u32,
    }
}

fn limits() -> Limits {
    Limits {
        max_memory_kib: gucs::PASSWORD_MAX_MEMORY_KIB.get() as u32,
        max_iterations: gucs::PASSWORD_MAX_ITERATIONS.get() as u32,
        max_parallelism: gucs::PASSWORD_MAX_PARALLELISM.get() as u32,
        max_bcrypt_cost: gucs::PASSWORD_MAX_BCRYPT_COST.get() as u32,
    }
}

/// A pepper as configured: its id and secret.
type PepperEntry = (String, Zeroizing<Vec<u8>>);

/// Peppers from officeauto.password_pepper_file, current first.
fn peppers() -> Result<Vec<PepperEntry>, OfficeError> {
    let Some(path) = gucs::text(&gucs::PASSWORD_PEPPER_FILE) else {
        return Ok(Vec::new());
    };
    let text = Zeroizing::new(std::fs::read_to_string(path.trim()).map_err(|e| {
        OfficeError::KeyConfig(format!(
            "cannot read officeauto.password_pepper_file: {}",
            e.kind()
        ))
    })?);
    let bad = || {
        OfficeError::KeyConfig(
            "officeauto.password_pepper_file lines must be 'id:secret' (id 1-8 bytes, secret 32 bytes hex or base64)".into(),
        )
    };
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            let (id, secret) = l.trim().split_once(':').ok_or_else(bad)?;
            if id.is_empty() || id.len() > 8 {
                return Err(bad());
            }
            let key = officeauto_core::keys::parse_key(secret).map_err(|_| bad())?;
            Ok((id.to_string(), Zeroizing::new(key.to_vec())))
        })
        .collect()
}

thread_local! {
    // argon2's memory, in the helper process only (see isolate.rs): faulted in once, reused.
    static ARENA: RefCell<Arena> = RefCell::new(Arena::default());
}

/// The helper process's service: computes one encoded password work item. Answers the output
/// after a 1, or 0 (unusable work, a bug) or 2 (out of memory).
fn password_service(request: &[u8]) -> Vec<u8> {
    let Some(work) = Work::decode(request) else {
        return vec![0];
    };
    ARENA.with(|arena| {
        match work.run_advised(&mut arena.borrow_mut(), isolate::prefer_huge_pages) {
            Ok(output) => [&[1u8][..], &output].concat(),
            Err(PasswordError::OutOfMemory) => vec![2],
            Err(_) => vec![0],
        }
    })
}

/// Runs the expensive part of a hash or verification in the helper process; None when the
/// helper found the work unusable.
pub(crate) fn compute(work: &Work) -> Result<Option<Zeroizing<Vec<u8>>>, OfficeError> {
    let answer = isolate::run(password_service, &work.encode())?;
    match answer.split_first() {
        Some((1, output)) => Ok(Some(Zeroizing::new(output.to_vec()))),
        Some((2, _)) => Err(PasswordError::OutOfMemory.into()),
        _ => Ok(None),
    }
}

pub(crate) fn do_hash(password: &str) -> Result<String, OfficeError> {
    password::check_password(password.as_bytes())?;
    let peppers = peppers()?;
    let salt = random_bytes::<16>()?;
    let pepper = peppers.first().map(|(id, s)| Pepper { id, secret: s });
    // Every check happens here, in the backend; the helper only computes.
    let hasher = password::hasher(cost(), limits(), pepper.as_ref(), &salt)?;
    match compute(&hasher.work(password.as_bytes()))? {
        Some(output) => Ok(hasher.finish(&output)?),
        None => Err(OfficeError::OutOfResources(
            "password hashing process returned no hash",
        )),
    }
}

fn do_verify(password: &str, stored: &str) -> Result<bool, OfficeError> {
    verify_with(password, stored, &peppers()?)
}

fn verify_with(password: &str, stored: &str, peppers: &[PepperEntry]) -> Result<bool, OfficeError> {
    password::check_password(password.as_bytes())?;
    let verifier = password::verifier(stored, limits(), |id| {
        peppers
            .iter()
            .find(|(p, _)| p == id)
            .map(|(_, s)| s.to_vec())
    })?;
    match compute(&verifier.work(password.as_bytes()))? {
        Some(output) => Ok(verifier.finish(&output)),
        None => Err(OfficeError::MalformedHash),
    }
}

/// argon2id PHC string of a password under the configured cost (and current pepper).
#[pg_extern(volatile, parallel_restricted)]
fn hash_password(password: &str) -> Result<String, ErrorReport> {
    crate::context::hide_statement_from_log();
    Ok(do_hash(password)?)
}

/// Verifies a password against an argon2 PHC string or a legacy bcrypt hash; a malformed hash
/// is an error, not false; a hash asking for more than officeauto.password_max_* is refused
/// (54000) before any work.
#[pg_extern(volatile, parallel_restricted)]
fn verify_password(password: &str, hash: &str) -> Result<bool, ErrorReport> {
    crate::context::hide_statement_from_log();
    Ok(do_verify(password, hash)?)
}

/// Whether a hash should be replaced at the next successful login.
#[pg_extern(volatile, parallel_safe)]
fn password_needs_rehash(hash: &str) -> Result<bool, ErrorReport> {
    let current = peppers()?.first().map(|(id, _)| id.clone());
    Ok(password::needs_rehash(hash, cost(), current.as_deref()).map_err(OfficeError::from)?)
}

/// Internal: spends the time of a real verification for an unknown login identifier. The
/// decoy is a PHC string of the current cost with a random digest, made without hashing, so
/// the first unknown name on a fresh connection costs what a wrong password costs.
#[pg_extern(volatile, parallel_restricted)]
fn _dummy_verify(password: &str) -> Result<bool, ErrorReport> {
    crate::context::hide_statement_from_log();
    let peppers = peppers()?;
    let current = peppers.first().map(|(id, _)| id.as_str());
    let decoy = password::decoy(
        cost(),
        current,
        &random_bytes::<16>()?,
        &random_bytes::<32>()?,
    );
    // Oversized or empty passwords were rejected before; the outcome is always false.
    let pw = if password.is_empty() { "x" } else { password };
    let _ = verify_with(pw, &decoy, &peppers);
    Ok(false)
}

/// Internal (failed-login bookkeeping): the lock a failure brings, under the officeauto.lockout_*
/// policy: seconds to lock (0: none) and whether to suspend the account.
#[pg_extern(volatile, parallel_safe)]
fn _lockout_decision(
    failures_in_window: i32,
    previous_locks: i32,
) -> TableIterator<'static, (name!(lock_seconds, i32), name!(suspend, bool))> {
    use officeauto_core::lockout::{self, Decision, Policy};
    let policy = Policy {
        failures: gucs::LOCKOUT_FAILURES.get().max(1) as u32,
        wait_increment: gucs::LOCKOUT_WAIT_INCREMENT.get().max(0) as u32,
        max_wait: gucs::LOCKOUT_MAX_WAIT.get().max(0) as u32,
        permanent_after: gucs::LOCKOUT_PERMANENT_AFTER.get().max(0) as u32,
    };
    let d = lockout::after_failure(
        policy,
        failures_in_window.max(0) as u32,
        previous_locks.max(0) as u32,
    );
    let row = match d {
        Decision::Continue => (0, false),
        Decision::Lock { seconds } => (seconds as i32, false),
        Decision::Suspend { seconds } => (seconds as i32, true),
    };
    TableIterator::once(row)
}

/// Internal: a new bearer token (256 random bits, base64url).
#[pg_extern(volatile, parallel_safe)]
fn _new_token() -> Result<String, ErrorReport> {
    Ok(token::encode(&random_bytes::<32>()?))
}

/// SHA-256 digest under which a token is stored; NULL for a string that is not a token.
#[pg_extern(immutable, parallel_safe)]
fn token_digest(token: &str) -> Option<Vec<u8>> {
    token::is_well_formed(token).then(|| token::digest(token).to_vec())
}

thread_local! {
    // The validation query, planned once per backend when the direct lookup is unavailable.
    static VALIDATE_PLAN: RefCell<Option<pgrx::spi::OwnedPreparedStatement>> = const { RefCell::new(None) };
}

/// What a session token stands for.
enum Session {
    /// Valid: (session id, user id, organization id, and the session's address and agent when
    /// they were asked for).
    Valid(i64, i64, i64, Option<SessionOrigin>),
    /// Unknown, revoked, expired, idle, or its user is no longer active.
    Invalid,
    /// Valid in every other way, but its organization is suspended (false) or deleted (true).
    OrganizationInactive { deleted: bool },
}

/// The session behind a token (known, not revoked, not expired, not idle, user active), and
/// whether its organization is active: three index probes (sessions.rs), or the same question
/// as one SQL query when the tables are not as the extension made them. Records activity at
/// most once per officeauto.session_touch_interval, never on a hot standby, and never for a
/// session whose organization is suspended.
fn session_for(token: &str, with_origin: bool) -> Result<Session, OfficeError> {
    if !token::is_well_formed(token) {
        return Ok(Session::Invalid);
    }
    let digest = token::digest(token);
    let idle = i64::from(gucs::SESSION_IDLE_TIMEOUT.get());
    let touch = i64::from(gucs::SESSION_TOUCH_INTERVAL.get());
    // SAFETY: reads the transaction's start time, which is what now() returns.
    let now = unsafe { pg_sys::GetCurrentTransactionStartTimestamp() };
    let row = match sessions::lookup(&digest, now, now - idle * 1_000_000, with_origin) {
        Lookup::Found(r) => Some((
            r.session_id,
            r.user_id,
            r.organization_id,
            r.last_activity_at < now - touch * 1_000_000,
            r.organization_active,
            r.organization_deleted,
            r.origin,
        )),
        Lookup::NotFound => None,
        Lookup::Unavailable => session_by_query(&digest, idle, touch)?,
    };
    let Some((sid, uid, org, stale, org_active, org_deleted, origin)) = row else {
        return Ok(Session::Invalid);
    };
    if !org_active {
        return Ok(Session::OrganizationInactive {
            deleted: org_deleted,
        });
    }
    // SAFETY: a plain read of server state.
    if stale && !unsafe { pg_sys::RecoveryInProgress() } {
        crate::owner::as_extension_owner(|| {
            Ok(Spi::run_with_args(
                "UPDATE officeauto.user_sessions SET last_activity_at = pg_catalog.now() WHERE id OPERATOR(pg_catalog.=) $1",
                &[sid.into()],
            )?)
        })?;
    }
    Ok(Session::Valid(sid, uid, org, origin))
}

/// (session, user, organization, stale, organization active, organization deleted, origin).
type SessionQueryRow = (i64, i64, i64, bool, bool, bool, Option<SessionOrigin>);

/// sessions::lookup as one SQL query, for tables the direct lookup cannot read.
fn session_by_query(
    digest: &[u8; 32],
    idle: i64,
    touch: i64,
) -> Result<Option<SessionQueryRow>, OfficeError> {
    crate::owner::as_extension_owner(|| {
        Ok(Spi::connect_mut(|client| {
            crate::owner::with_pinned_plan(
                client,
                &VALIDATE_PLAN,
                "SELECT s.id, s.user_id, s.organization_id,
                        s.last_activity_at < now() - make_interval(secs => $3) AS stale,
                        o.is_active, o.deleted_at IS NOT NULL AS deleted, s.ip_address, s.user_agent
                   FROM officeauto.user_sessions s
                   JOIN officeauto.users u ON u.id = s.user_id
                   JOIN officeauto.organizations o ON o.id = s.organization_id
                  WHERE s.token_digest = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
                    AND s.last_activity_at > now() - make_interval(secs => $2)
                    AND u.status = 'active' AND u.deleted_at IS NULL",
                &[
                    PgOid::from(pg_sys::BYTEAOID),
                    PgOid::from(pg_sys::FLOAT8OID),
                    PgOid::from(pg_sys::FLOAT8OID),
                ],
                |client, plan| {
                    let r = client.select(
                        plan,
                        Some(1),
                        &[
                            digest.to_vec().into(),
                            (idle as f64).into(),
                            (touch as f64).into(),
                        ],
                    )?;
                    if r.is_empty() {
                        return Ok(None);
                    }
                    let r = r.first();
                    Ok(Some((
                        r.get::<i64>(1)?.unwrap_or_default(),
                        r.get::<i64>(2)?.unwrap_or_default(),
                        r.get::<i64>(3)?.unwrap_or_default(),
                        r.get::<bool>(4)?.unwrap_or(false),
                        r.get::<bool>(5)?.unwrap_or(false),
                        r.get::<bool>(6)?.unwrap_or(false),
                        Some(SessionOrigin {
                            ip: r.get::<pgrx::datum::Inet>(7)?.map(|i| i.0),
                            user_agent: r.get::<String>(8)?,
                        }),
                    )))
                },
            )
        })?)
    })
}

/// OA006: the session (or login) belongs to a suspended or deleted organization. Raised only
/// for a token that is valid in every other way, so it tells nothing to a guesser.
fn organization_inactive(deleted: bool, function: &'static CStr) -> ! {
    let message = if deleted {
        c"organization deleted"
    } else {
        c"organization suspended"
    };
    crate::error::raise_officeauto(b"OA006", message, function)
}

/// User id of a valid session token, else NULL (unknown, revoked, expired, idle, or its user
/// is no longer active); OA006 when the session is valid but its organization is suspended or
/// deleted. Not SECURITY DEFINER: it switches to the owner only around its own pinned
/// statements, so the per-request cost stays that of one index lookup.
#[pg_extern(volatile, parallel_unsafe)]
fn validate_session(token: &str) -> Result<Option<i64>, ErrorReport> {
    match session_for(token, false)? {
        Session::Valid(_, uid, _, _) => Ok(Some(uid)),
        Session::Invalid => Ok(None),
        Session::OrganizationInactive { deleted } => {
            organization_inactive(deleted, c"validate_session")
        }
    }
}

/// Validates a session token and makes its organization, user and session the context of
/// the current transaction (read by row-level security and the audit trail). The context is
/// held by the backend, not in a setting, so no later SQL in the transaction can change it.
/// The session's stored address and user agent become the request's origin in audit rows
/// unless the transaction sets its own (src/origin.rs). A session of a suspended or deleted
/// organization is refused with OA006.
///
/// Not STRICT: a NULL token is an invalid session like any other (28000), never a silent NULL
/// that leaves the transaction without a context.
#[pg_extern(volatile, parallel_unsafe)]
fn authenticate(token: Option<&str>) -> Result<i64, ErrorReport> {
    let Some(token) = token else {
        return Err(OfficeError::InvalidSession.into());
    };
    match session_for(token, true)? {
        Session::Valid(sid, uid, org, origin) => {
            crate::context::set_authenticated(sid, uid, org, origin.unwrap_or_default());
            Ok(uid)
        }
        Session::Invalid => Err(OfficeError::InvalidSession.into()),
        Session::OrganizationInactive { deleted } => {
            organization_inactive(deleted, c"authenticate")
        }
    }
}

/// Internal (login): records a failed login durably (in its own committed transaction) so that
/// it counts towards lockout and captcha even though login() then fails; returns its id.
#[pg_extern(volatile, parallel_unsafe)]
fn _record_login_failure(
    user_id: Option<i64>,
    identifier: &str,
    ip: Option<&str>,
    reason: &str,
) -> Result<i64, ErrorReport> {
    let user = user_id.map(|u| u.to_string());
    Ok(bookkeeping::submit(
        bookkeeping::Op::LoginFailure,
        [user.as_deref(), Some(identifier), ip, Some(reason)],
    )?)
}

/// Internal (login): gives a recorded failure its real reason (the password was right but
/// the account may not log in).
#[pg_extern(volatile, parallel_unsafe)]
fn _amend_login_failure(failure_id: i64, reason: &str) -> Result<i64, ErrorReport> {
    let id = failure_id.to_string();
    Ok(bookkeeping::submit(
        bookkeeping::Op::AmendFailure,
        [Some(id.as_str()), Some(reason), None, None],
    )?)
}

/// Internal (refresh_session): revokes a refresh-token family and its sessions for good.
#[pg_extern(volatile, parallel_unsafe)]
fn _revoke_refresh_family(family_id: pgrx::Uuid) -> Result<bool, ErrorReport> {
    let family = family_id.to_string();
    bookkeeping::submit(
        bookkeeping::Op::RevokeFamily,
        [Some(family.as_str()), None, None, None],
    )?;
    Ok(true)
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    fn cheap() {
        Spi::run("SET officeauto.password_memory_kib = 1024").unwrap();
    }

    #[pg_test]
    fn hash_then_verify() {
        cheap();
        let ok = Spi::get_one::<bool>(
            "SELECT officeauto.verify_password('pässword', h) AND NOT officeauto.verify_password('password', h)
               FROM (SELECT officeauto.hash_password('pässword') AS h) s",
        )
        .unwrap();
        assert_eq!(ok, Some(true));
    }

    #[pg_test]
    fn cost_change_asks_for_rehash() {
        cheap();
        let h = Spi::get_one::<String>("SELECT officeauto.hash_password('pw')")
            .unwrap()
            .unwrap();
        Spi::run("SET officeauto.password_memory_kib = 2048").unwrap();
        let needs = Spi::get_one_with_args::<bool>(
            "SELECT officeauto.password_needs_rehash($1)",
            &[h.as_str().into()],
        )
        .unwrap();
        assert_eq!(needs, Some(true));
    }

    #[pg_test(error = "stored password hash is malformed or of an unsupported kind")]
    fn malformed_hash_is_an_error_not_false() {
        Spi::get_one::<bool>("SELECT officeauto.verify_password('pw', '$argon2id$nonsense')")
            .unwrap();
    }

    #[pg_test(error = "invalid value for password: password must not be empty")]
    fn empty_password_is_refused() {
        Spi::get_one::<String>("SELECT officeauto.hash_password('')").unwrap();
    }

    #[pg_test]
    fn tokens_and_digests() {
        let (len, digest_len) = Spi::get_two::<i32, i32>(
            "SELECT length(t), octet_length(officeauto.token_digest(t)) FROM (SELECT officeauto._new_token() AS t) s",
        )
        .unwrap();
        assert_eq!((len, digest_len), (Some(43), Some(32)));
        let none =
            Spi::get_one::<Vec<u8>>("SELECT officeauto.token_digest('not a token')").unwrap();
        assert_eq!(none, None);
    }
}
