//! Public identifiers: `uuid_generate_v7()`, the default of every table's `public_id`.

use crate::error::OfficeError;
use officeauto_core::uuid7::V7Generator;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use rand::TryRngCore;
use rand::rngs::OsRng;
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

/// `N` bytes from the kernel's CSPRNG, for every secret and identifier the extension makes.
/// Directly from the kernel: backends are forked from the postmaster, so a user-space
/// generator seeded before the fork would repeat its stream in every backend.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], OfficeError> {
    let mut b = [0u8; N];
    OsRng
        .try_fill_bytes(&mut b)
        .map_err(|_| OfficeError::RandomUnavailable)?;
    Ok(b)
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
