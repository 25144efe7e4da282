//! Two-factor authentication with TOTP (RFC 6238): the native half.
//!
//! A secret is generated, sealed and checked here and nowhere else, so its plaintext never
//! becomes a SQL value (no variable, no parameter, no log line can hold it); the one exception
//! is the enrolment's answer, which must show it to the user once. The flows (enrolment,
//! login challenges, replay, recovery codes, lockout) are in sql/22_mfa.sql; the arithmetic
//! is `officeauto_core::totp`.

use crate::crypto::{current_key_id, open_with_server_key, seal_with_current};
use crate::error::OfficeError;
use crate::ids::random_bytes;
use officeauto_core::envelope::FLAG_ROW_BOUND;
use officeauto_core::totp::{self, Algorithm};
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::search_path;

/// Associated data of a sealed secret: the envelope only opens for the account it was made
/// for, so a ciphertext copied onto another user's row is useless.
fn secret_context(organization_id: i64, user_public_id: pgrx::Uuid) -> Vec<u8> {
    format!("officeauto.user_totp:{organization_id}:{user_public_id}").into_bytes()
}

/// Internal (enroll_totp): a new 160-bit secret, sealed under the current credential key and
/// bound to the account, with the otpauth:// URI and the base32 secret shown to the user once.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn _totp_enrolment(
    organization_id: i64,
    user_public_id: pgrx::Uuid,
    issuer: &str,
    account: &str,
) -> Result<
    TableIterator<
        'static,
        (
            name!(sealed_secret, Vec<u8>),
            name!(otpauth_uri, String),
            name!(secret, String),
        ),
    >,
    ErrorReport,
> {
    let secret = zeroize::Zeroizing::new(random_bytes::<{ totp::SECRET_LEN }>()?);
    let sealed = seal_with_current(
        &secret[..],
        FLAG_ROW_BOUND,
        &secret_context(organization_id, user_public_id),
    )?;
    let uri = totp::otpauth_uri(
        issuer,
        account,
        &secret[..],
        Algorithm::Sha1,
        totp::DIGITS,
        totp::PERIOD,
    );
    Ok(TableIterator::once((
        sealed,
        uri,
        totp::secret_to_base32(&secret[..]),
    )))
}

/// Internal (MFA checks): the time step a six-digit code belongs to within one step of
/// `unix_seconds`, or NULL when it matches none. The caller refuses steps it already accepted.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn _totp_match(
    sealed_secret: &[u8],
    organization_id: i64,
    user_public_id: pgrx::Uuid,
    code: &str,
    unix_seconds: i64,
) -> Result<Option<i64>, ErrorReport> {
    let ctx = secret_context(organization_id, user_public_id);
    let secret = open_with_server_key(sealed_secret, Some(&ctx))?;
    let step = totp::verify(
        Algorithm::Sha1,
        &secret,
        code,
        unix_seconds,
        totp::PERIOD,
        totp::DIGITS,
        totp::WINDOW,
    );
    Ok(step.and_then(|s| i64::try_from(s).ok()))
}

/// Internal (confirm_totp, regenerate_recovery_codes): `n` new recovery codes of an account,
/// each with the digest it is stored under. The codes themselves are shown once and never kept.
#[pg_extern(volatile, parallel_unsafe)]
#[search_path(pg_catalog, pg_temp)]
fn _new_recovery_codes(
    user_public_id: pgrx::Uuid,
    n: i32,
) -> Result<TableIterator<'static, (name!(code, String), name!(code_digest, Vec<u8>))>, ErrorReport>
{
    if !(1..=100).contains(&n) {
        return Err(OfficeError::InvalidParameter {
            name: "n",
            reason: "between 1 and 100 recovery codes".into(),
        }
        .into());
    }
    let owner = user_public_id.to_string();
    let mut rows = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let shown = totp::recovery_code(&random_bytes::<{ totp::RECOVERY_CODE_BYTES }>()?);
        let canon = totp::normalize_recovery_code(&shown).expect("a generated code reads back");
        rows.push((shown, totp::recovery_code_digest(&owner, &canon).to_vec()));
    }
    Ok(TableIterator::new(rows))
}

/// Internal (MFA checks): the digest a typed recovery code of an account is stored under;
/// NULL when the input cannot be a recovery code.
#[pg_extern(immutable, parallel_safe)]
fn _recovery_code_digest(user_public_id: pgrx::Uuid, code: &str) -> Option<Vec<u8>> {
    let canon = totp::normalize_recovery_code(code)?;
    Some(totp::recovery_code_digest(&user_public_id.to_string(), &canon).to_vec())
}

/// Internal (rotate_totp_keys): the secret re-sealed under the current credential key, or NULL
/// when it already is, so a rotation interrupted midway resumes without redoing work.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn _totp_reseal(
    sealed_secret: &[u8],
    organization_id: i64,
    user_public_id: pgrx::Uuid,
) -> Result<Option<Vec<u8>>, ErrorReport> {
    let parsed = officeauto_core::envelope::parse(sealed_secret).map_err(OfficeError::from)?;
    if parsed.key_id == current_key_id()? {
        return Ok(None);
    }
    let ctx = secret_context(organization_id, user_public_id);
    let secret = open_with_server_key(sealed_secret, Some(&ctx))?;
    Ok(Some(seal_with_current(&secret, FLAG_ROW_BOUND, &ctx)?))
}
