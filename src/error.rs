//! The one error type of the extension and the one place where SQLSTATEs are chosen.
//!
//! Every SQL-facing function returns `Result<T, OfficeError>`; pgrx raises the `Err` through
//! `From<OfficeError> for ErrorReport` below. Messages never carry secret material: variants
//! hold only what is safe to show a client (names, ids, limits), never the input that failed.
//!
//! # Why only standard SQLSTATEs?
//! pgrx's `ErrorReport` accepts only codes PostgreSQL itself defines (an unknown code would be
//! reported as XX000), and client drivers already know how to classify the standard classes.
//! Each variant maps to a distinct standard code; the README's SQLSTATE table is the contract.

use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use std::ffi::CStr;

#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// A GUC or argument holds a value of the wrong shape.
    #[error("invalid value for {name}: {reason}")]
    InvalidParameter { name: &'static str, reason: String },

    /// The operating system's random source failed; nothing secret can be produced safely.
    #[error("the system random source is unavailable")]
    RandomUnavailable,

    /// No master key is configured, so server-held keys cannot be used.
    #[error(
        "no server key is configured: set officeauto.master_key_file (or officeauto.master_key) in postgresql.conf and reload"
    )]
    NoServerKey,

    /// The configured master key cannot be used (unreadable file, wrong format). The message
    /// names the setting, never its value.
    #[error("the server key configuration is invalid: {0}")]
    KeyConfig(String),

    /// A ciphertext names a data key the keyring does not hold.
    #[error("unknown credential key id \"{0}\"")]
    UnknownKeyId(String),

    /// A ciphertext cannot be decoded, authenticated or produced.
    #[error(transparent)]
    Envelope(#[from] officeauto_core::envelope::EnvelopeError),

    /// A required argument is NULL where NULL has no sensible meaning (a key: encrypting
    /// under no key must not quietly yield NULL).
    #[error("{0} must not be NULL")]
    NullArgument(&'static str),

    /// A passphrase envelope does not authenticate under the key derived from the given
    /// passphrase. Told apart from other authentication failures so a client can ask the user
    /// again; the message says no more than that (nothing that helps guessing).
    #[error("decryption failed: wrong passphrase, or the value was altered")]
    WrongPassphrase,

    /// A credential value is still a pgcrypto `pgp_sym_encrypt` message copied from the seed
    /// schema, which officeauto does not decrypt in place.
    #[error("the value is a pgcrypto (pgp_sym_encrypt) ciphertext that has not been imported yet")]
    PgcryptoValue,

    /// A pgcrypto message stored by a login that is neither a superuser nor in
    /// officeauto_admin: only an administrator copies such values from the seed schema.
    #[error(
        "invalid credential value: pgcrypto (pgp_sym_encrypt) values are stored only by an administrator migrating from the seed schema"
    )]
    PgcryptoValueNotAllowed,

    /// A decrypted value is not valid UTF-8 (it was not produced from a text value).
    #[error("decrypted value is not valid UTF-8 text")]
    NotText,

    /// An application connection tried to choose its own request context.
    #[error(
        "{0} can be set only by superusers and officeauto_admin members; applications call officeauto.authenticate(session_token)"
    )]
    ContextNotAllowed(&'static str),

    /// authenticate() got an unknown, expired, idle or revoked session token.
    #[error("no authenticated user in this transaction")]
    NoContext,
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    #[error("invalid, expired or revoked session")]
    InvalidSession,

    /// A stored password hash cannot be parsed (never reported as a wrong password).
    #[error("stored password hash is malformed or of an unsupported kind")]
    MalformedHash,

    /// A server resource needed for the operation is not available.
    #[error("{0}")]
    Unavailable(&'static str),

    /// A child process or pipe for isolated work could not be had, or the work died (for
    /// example out of memory); the backend itself is unaffected.
    #[error("{0}")]
    OutOfResources(&'static str),

    /// An input asks for more than a configured limit allows (a stored password hash beyond
    /// officeauto.password_max_*, a row beyond officeauto.audit_max_row_bytes).
    #[error("{0}")]
    LimitExceeded(String),

    /// A write (or work that must end in one) asked of a hot standby, which is read-only: the
    /// client must send it to the primary. The same SQLSTATE PostgreSQL gives a plain write
    /// there, so clients route on one code.
    #[error("{0} cannot run on a read-only hot standby: send it to the primary")]
    ReadOnlyStandby(&'static str),

    /// A server-side query failed; the text is PostgreSQL's own message.
    #[error("internal query failed: {0}")]
    Spi(String),
}

impl From<pgrx::spi::SpiError> for OfficeError {
    fn from(e: pgrx::spi::SpiError) -> Self {
        OfficeError::Spi(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, OfficeError>;

/// Refuses, on a hot standby, native work about to write through SPI: pgrx assigns the
/// transaction id for a write up front, which a standby fails with XX000 ("cannot assign
/// TransactionIds during recovery") before PostgreSQL's own 25006 could be raised. Reads go
/// through `SpiClient::select`, which assigns nothing.
pub(crate) fn require_primary(what: &'static str) -> Result<()> {
    // SAFETY: a plain read of server state.
    if unsafe { pg_sys::RecoveryInProgress() } {
        return Err(OfficeError::ReadOnlyStandby(what));
    }
    Ok(())
}

impl OfficeError {
    pub fn sqlstate(&self) -> PgSqlErrorCode {
        match self {
            OfficeError::InvalidParameter { .. } => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
            OfficeError::RandomUnavailable => PgSqlErrorCode::ERRCODE_SYSTEM_ERROR,
            OfficeError::NoServerKey => PgSqlErrorCode::ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
            OfficeError::KeyConfig(_) => PgSqlErrorCode::ERRCODE_CONFIG_FILE_ERROR,
            OfficeError::UnknownKeyId(_) => PgSqlErrorCode::ERRCODE_UNDEFINED_OBJECT,
            OfficeError::Envelope(e) => {
                use officeauto_core::envelope::EnvelopeError as E;
                match e {
                    E::Truncated(_) | E::Malformed(_) => {
                        PgSqlErrorCode::ERRCODE_INVALID_BINARY_REPRESENTATION
                    }
                    E::UnsupportedVersion(_) | E::UnsupportedKdf(_) => {
                        PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED
                    }
                    E::InvalidKeyId(_) => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
                    E::AuthenticationFailed => PgSqlErrorCode::ERRCODE_DATA_CORRUPTED,
                    E::TooLarge(_) => PgSqlErrorCode::ERRCODE_PROGRAM_LIMIT_EXCEEDED,
                }
            }
            OfficeError::NotText => PgSqlErrorCode::ERRCODE_CHARACTER_NOT_IN_REPERTOIRE,
            OfficeError::NullArgument(_) => PgSqlErrorCode::ERRCODE_NULL_VALUE_NOT_ALLOWED,
            OfficeError::WrongPassphrase => PgSqlErrorCode::ERRCODE_INVALID_PASSWORD,
            OfficeError::PgcryptoValue => PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
            OfficeError::PgcryptoValueNotAllowed => {
                PgSqlErrorCode::ERRCODE_INVALID_BINARY_REPRESENTATION
            }
            OfficeError::Spi(_) => PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
            OfficeError::MalformedHash => PgSqlErrorCode::ERRCODE_DATA_CORRUPTED,
            OfficeError::ContextNotAllowed(_) => PgSqlErrorCode::ERRCODE_INSUFFICIENT_PRIVILEGE,
            OfficeError::InvalidSession => {
                PgSqlErrorCode::ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION
            }
            OfficeError::Unavailable(_) => PgSqlErrorCode::ERRCODE_INSUFFICIENT_RESOURCES,
            OfficeError::OutOfResources(_) => PgSqlErrorCode::ERRCODE_OUT_OF_MEMORY,
            OfficeError::LimitExceeded(_) => PgSqlErrorCode::ERRCODE_PROGRAM_LIMIT_EXCEEDED,
            OfficeError::ReadOnlyStandby(_) => PgSqlErrorCode::ERRCODE_READ_ONLY_SQL_TRANSACTION,
            OfficeError::NoContext => PgSqlErrorCode::ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION,
            OfficeError::PermissionDenied(_) => PgSqlErrorCode::ERRCODE_INSUFFICIENT_PRIVILEGE,
        }
    }
}

impl From<OfficeError> for ErrorReport {
    fn from(err: OfficeError) -> Self {
        let report = ErrorReport::new(err.sqlstate(), err.to_string(), "officeauto");
        match err {
            // The usual mistakes behind it: autocommit, a pooled connection that authenticated
            // in an earlier transaction, or no authenticate() at all.
            OfficeError::NoContext => report.set_hint(
                "Call officeauto.authenticate(session_token) in the same transaction, before querying tenant data.",
            ),
            OfficeError::PgcryptoValue => report.set_hint(
                "An administrator imports such values with officeauto.import_pgcrypto_credentials(passphrase); see docs/migrating-from-seeds.md.",
            ),
            _ => report,
        }
    }
}

/// A business-rule error of the officeauto class (SQLSTATE `OA...`, README "SQLSTATEs") raised
/// from native code, where pgrx's `ErrorReport` cannot go: it carries only the codes PostgreSQL
/// defines, and an error caught from SPI comes back as XX000. PL/pgSQL raises these codes with
/// `RAISE ... USING ERRCODE`; this is the same ereport, made directly.
///
/// It does not return: PostgreSQL longjmps to its error handler. Call it only as the last act
/// of a `#[pg_extern]` function, with nothing of the function's own left to drop (no SPI
/// connection, no guard, no owned allocation), the way pgrx reports at its own boundary; the
/// frames it skips are pgrx's plain wrapper frames.
pub(crate) fn raise_officeauto(
    sqlstate: &[u8; 5],
    message: &'static CStr,
    function: &'static CStr,
) -> ! {
    use std::os::raw::{c_char, c_int};
    // Not in pgrx's bindings on purpose (pgrx declares them privately, as here).
    unsafe extern "C-unwind" {
        fn errstart(elevel: c_int, domain: *const c_char) -> bool;
        fn errcode(sqlerrcode: c_int) -> c_int;
        fn errmsg(fmt: *const c_char, ...) -> c_int;
        fn errfinish(filename: *const c_char, lineno: c_int, funcname: *const c_char);
    }
    // MAKE_SQLSTATE: six bits per character, first character lowest.
    let code = sqlstate.iter().enumerate().fold(0, |acc, (i, &c)| {
        acc | ((c_int::from(c.wrapping_sub(b'0')) & 0x3F) << (6 * i))
    });
    // SAFETY: PostgreSQL's own error entry points, called in the order the ereport() macro
    // uses, on the backend's main thread, with static NUL-terminated strings.
    unsafe {
        if errstart(pg_sys::PGERROR as c_int, std::ptr::null()) {
            errcode(code);
            errmsg(c"%s".as_ptr(), message.as_ptr());
            errfinish(
                c"src/error.rs".as_ptr(),
                line!() as c_int,
                function.as_ptr(),
            );
        }
    }
    unreachable!("an ERROR does not return")
}
