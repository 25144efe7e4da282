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

#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// A GUC or argument holds a value of the wrong shape.
    #[error("invalid value for {name}: {reason}")]
    InvalidParameter { name: &'static str, reason: String },

    /// The operating system's random source failed; nothing secret can be produced safely.
    #[error("the system random source is unavailable")]
    RandomUnavailable,
}

pub type Result<T> = std::result::Result<T, OfficeError>;

impl OfficeError {
    pub fn sqlstate(&self) -> PgSqlErrorCode {
        match self {
            OfficeError::InvalidParameter { .. } => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
            OfficeError::RandomUnavailable => PgSqlErrorCode::ERRCODE_SYSTEM_ERROR,
        }
    }
}

impl From<OfficeError> for ErrorReport {
    fn from(err: OfficeError) -> Self {
        ErrorReport::new(err.sqlstate(), err.to_string(), "officeauto")
    }
}
