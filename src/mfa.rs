//! Two-factor authentication with TOTP (RFC 6238).
