//! Pure-Rust logic of officeauto.
//!
//! Nothing in this crate links against PostgreSQL: every module here is plain, deterministic
//! Rust that `cargo test -p officeauto-core` exercises without a server. The extension crate
//! (`officeauto`) owns clocks, randomness sources, memory contexts and SQLSTATEs, and hands
//! their values to these functions.

pub mod access;
pub mod audit;
pub mod eksblowfish;
pub mod envelope;
pub mod keys;
pub mod lockout;
pub mod origin;
pub mod passphrase;
pub mod password;
pub mod password_policy;
pub mod token;
pub mod totp;
pub mod uuid7;
