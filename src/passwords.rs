//! Passwords: the policy every new password passes (NIST SP 800-63B), change and reset.
