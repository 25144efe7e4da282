//! Passwords: the policy every new password passes (NIST SP 800-63B), change and reset.
//!
//! The rules are pure Rust (`officeauto_core::password_policy`); this file reads the setting,
//! raises the refusal as SQLSTATE OA080 and hashes. The flows themselves (change, reset,
//! e-mail change) are SQL, in sql/19_passwords.sql.

use crate::context::hide_statement_from_log;
use crate::error::{OfficeError, raise_officeauto};
use crate::gucs;
use officeauto_core::password_policy::{self, Policy, Refusal};
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;

fn policy() -> Policy {
    Policy {
        min_chars: gucs::PASSWORD_MIN_LENGTH.get().max(1) as usize,
    }
}

/// The verdict on a new password; the context array is consumed (and freed) here, so nothing
/// owned is left when a refusal is raised.
fn verdict(password: &str, context: Option<Vec<Option<String>>>) -> Result<(), Refusal> {
    let words: Vec<&str> = context
        .iter()
        .flatten()
        .flatten()
        .map(String::as_str)
        .collect();
    password_policy::check(password, &words, policy())
}

/// OA080 naming the rule. The message is fixed per rule and never carries the password.
fn refuse(rule: Refusal, function: &'static std::ffi::CStr) -> ! {
    let message = match rule {
        Refusal::TooShort => {
            c"password refused: shorter than officeauto.password_min_length characters"
        }
        Refusal::TooLong => c"password refused: longer than 1024 bytes",
        Refusal::Repetitive => {
            c"password refused: a repeated character or pattern, or a simple sequence"
        }
        Refusal::Common => c"password refused: it is on the list of commonly used passwords",
        Refusal::OwnWords => {
            c"password refused: it is made of the account's username, e-mail address or name, or the service's name"
        }
    };
    raise_officeauto(b"OA080", message, function)
}

fn required(password: Option<&str>) -> Result<&str, ErrorReport> {
    password.ok_or_else(|| {
        OfficeError::InvalidParameter {
            name: "password",
            reason: "must not be NULL".into(),
        }
        .into()
    })
}

/// Internal: checks a new password against the policy; OA080 names the rule it breaks.
#[pg_extern(volatile, parallel_restricted)]
fn _check_new_password(
    p_password: Option<&str>,
    p_context: default!(Option<Vec<Option<String>>>, "'{}'"),
) -> Result<bool, ErrorReport> {
    hide_statement_from_log();
    let password = required(p_password)?;
    if let Err(rule) = verdict(password, p_context) {
        refuse(rule, c"_check_new_password");
    }
    Ok(true)
}

/// Internal: the one way a new password becomes a hash (create_user, sign-up, invitations,
/// change, reset). Login's rehash of a password already held does not come here.
#[pg_extern(volatile, parallel_restricted)]
fn _hash_new_password(
    p_password: Option<&str>,
    p_context: default!(Option<Vec<Option<String>>>, "'{}'"),
) -> Result<String, ErrorReport> {
    hide_statement_from_log();
    let password = required(p_password)?;
    if let Err(rule) = verdict(password, p_context) {
        refuse(rule, c"_hash_new_password");
    }
    Ok(crate::identity::do_hash(password)?)
}
