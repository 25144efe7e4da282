//! Brute-force policy: what one more failed login does to an account.

/// Thresholds, from the officeauto.lockout_* settings.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures within the window that lock the account.
    pub failures: u32,
    /// Each successive lock lasts this much longer (seconds).
    pub wait_increment: u32,
    /// Longest temporary lock (seconds).
    pub max_wait: u32,
    /// Temporary locks after which the account is suspended; 0 means never.
    pub permanent_after: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Below the threshold: record the failure, nothing more.
    Continue,
    /// Lock for this many seconds (the account's n-th lock).
    Lock { seconds: u32 },
    /// Lock and suspend: an administrator must reactivate the account.
    Suspend { seconds: u32 },
}

/// The decision after a failure, given the failures counted in the window (this one included)
/// and the locks the account already had since its last successful login. Lock time grows
/// linearly with the lock number and is capped, like Keycloak's wait increment and max wait.
pub fn after_failure(policy: Policy, failures_in_window: u32, previous_locks: u32) -> Decision {
    if failures_in_window < policy.failures.max(1) {
        return Decision::Continue;
    }
    let lock_number = previous_locks.saturating_add(1);
    let seconds = policy
        .wait_increment
        .saturating_mul(lock_number)
        .min(policy.max_wait);
    if policy.permanent_after > 0 && lock_number >= policy.permanent_after {
        Decision::Suspend { seconds }
    } else {
        Decision::Lock { seconds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Policy = Policy {
        failures: 5,
        wait_increment: 60,
        max_wait: 900,
        permanent_after: 0,
    };

    #[test]
    fn below_threshold_nothing_happens() {
        assert_eq!(after_failure(P, 4, 0), Decision::Continue);
    }

    #[test]
    fn locks_grow_and_are_capped() {
        assert_eq!(after_failure(P, 5, 0), Decision::Lock { seconds: 60 });
        assert_eq!(after_failure(P, 5, 1), Decision::Lock { seconds: 120 });
        assert_eq!(after_failure(P, 9, 40), Decision::Lock { seconds: 900 });
        assert_eq!(
            after_failure(P, 5, u32::MAX),
            Decision::Lock { seconds: 900 }
        );
    }

    #[test]
    fn permanent_lock_after_k_locks() {
        let p = Policy {
            permanent_after: 3,
            ..P
        };
        assert_eq!(after_failure(p, 5, 1), Decision::Lock { seconds: 120 });
        assert_eq!(after_failure(p, 5, 2), Decision::Suspend { seconds: 180 });
    }
}
