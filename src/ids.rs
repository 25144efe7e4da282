//! Public identifiers: `uuid_generate_v7()`, the default of every table's `public_id`.

use crate::error::OfficeError;
use officeauto_core::uuid7::V7Generator;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use rand::rngs::OsRng;
use rand::{RngCore, SeedableRng, TryRngCore};
use rand_chacha::ChaCha20Rng;
use std::cell::RefCell;
use std::time::{SystemTime, UNIX_EPOCH};

thread_local! {
    // Backends are single-threaded, so a per-thread generator is a per-backend generator:
    // values are strictly increasing within one connection without any locking.
    static GENERATOR: RefCell<V7Generator> = const { RefCell::new(V7Generator::new()) };
}

/// RFC 9562 version 7 UUID: 48-bit Unix milliseconds, 12 bits of sub-millisecond time, 62
/// random bits; strictly increasing within a backend even inside one millisecond.
#[pg_extern(volatile, parallel_safe)]
fn uuid_generate_v7() -> Result<pgrx::Uuid, ErrorReport> {
    // A clock before 1970 is a broken host, not a reason to fail an INSERT: the generator's
    // monotonic rule keeps values ordered regardless.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let random = u64::from_le_bytes(random_bytes::<8>()?);
    let bytes = GENERATOR.with(|g| g.borrow_mut().next(nanos, random));
    Ok(pgrx::Uuid::from_bytes(bytes))
}

thread_local! {
    // The process the generator below was seeded in, the bytes it has given since, and its
    // state. Reseeded from the kernel when the process is not the one that seeded it (a
    // fork copies this state, and a copy must never repeat the parent's stream) and after
    // RESEED_AFTER bytes (what a later read of this process's memory could recover of past
    // output is bounded).
    static RNG: RefCell<Option<(i32, usize, ChaCha20Rng)>> = const { RefCell::new(None) };
}

/// Bytes drawn from one seed before the next.
const RESEED_AFTER: usize = 1 << 20;

/// `N` bytes from a ChaCha20 generator seeded from the kernel's CSPRNG, for every secret and
/// identifier the extension makes (nonces, tokens, keys, salts). Not a getrandom() call each:
/// that system call cost about 0.4 µs here, a fifth of a credential encryption.
///
/// Fork safety rests on PostgreSQL's `MyProcPid`, which every server process sets to its own
/// pid as it starts (a plain read, where getpid() is another system call): a backend forked
/// from a postmaster that had drawn bytes sees another pid and reseeds. The password helper,
/// forked from a backend without resetting it, draws no bytes (its service is pure
/// computation on what the backend sends) and forgets the copied state as it starts.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], OfficeError> {
    let mut b = [0u8; N];
    // SAFETY: a plain read of a backend global set at process start.
    let me = unsafe { pg_sys::MyProcPid };
    RNG.with(|r| {
        let mut r = r.borrow_mut();
        if !matches!(&*r, Some((pid, used, _)) if *pid == me && *used < RESEED_AFTER) {
            let mut seed = zeroize::Zeroizing::new([0u8; 32]);
            OsRng
                .try_fill_bytes(&mut seed[..])
                .map_err(|_| OfficeError::RandomUnavailable)?;
            *r = Some((me, 0, ChaCha20Rng::from_seed(*seed)));
        }
        let (_, used, rng) = r.as_mut().expect("seeded above");
        rng.fill_bytes(&mut b);
        *used += N;
        Ok(b)
    })
}

/// Drops the generator's state: a process forked from a backend must never draw from a copy
/// of the backend's stream.
pub(crate) fn forget_random_state() {
    let _ = RNG.try_with(|r| r.try_borrow_mut().map(|mut r| *r = None));
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn version_and_variant_bits() {
        let bad = Spi::get_one::<i64>(
            "SELECT count(*) FROM (SELECT officeauto.uuid_generate_v7()::text AS u
                                   FROM generate_series(1, 1000)) s
             WHERE substr(u, 15, 1) <> '7' OR substr(u, 20, 1) NOT IN ('8', '9', 'a', 'b')",
        )
        .unwrap();
        assert_eq!(bad, Some(0));
    }

    #[pg_test]
    fn timestamp_is_now() {
        let skew_ms = Spi::get_one::<f64>(
            "SELECT abs(('x' || replace(substr(officeauto.uuid_generate_v7()::text, 1, 13), '-', ''))::bit(48)::bigint
                        - extract(epoch FROM clock_timestamp()) * 1000)::float8",
        )
        .unwrap()
        .unwrap();
        assert!(skew_ms < 5_000.0, "timestamp off by {skew_ms} ms");
    }

    #[pg_test]
    fn successive_values_strictly_increase() {
        let violations = Spi::get_one::<i64>(
            "SELECT count(*) FROM (
                 SELECT u, lag(u) OVER (ORDER BY n) AS prev
                 FROM (SELECT n, officeauto.uuid_generate_v7() AS u
                       FROM generate_series(1, 50000) AS n) g) s
             WHERE u <= prev",
        )
        .unwrap();
        assert_eq!(violations, Some(0));
    }

    #[pg_test]
    fn no_duplicates_among_300k_values() {
        let distinct = Spi::get_one::<i64>(
            "SELECT count(DISTINCT u) FROM (SELECT officeauto.uuid_generate_v7() AS u
                                            FROM generate_series(1, 300000)) s",
        )
        .unwrap();
        assert_eq!(distinct, Some(300_000));
    }
}
