//! RFC 9562 version 7 UUIDs, monotonic within one generator.
//!
//! Layout (big-endian, 128 bits):
//!
//! | bits   | field      | content                                                      |
//! |--------|------------|--------------------------------------------------------------|
//! | 0..48  | unix_ts_ms | Unix time in milliseconds                                    |
//! | 48..52 | ver        | `0b0111`                                                     |
//! | 52..64 | rand_a     | sub-millisecond fraction, 1/4096 ms steps (RFC 9562 §6.2 m.3) |
//! | 64..66 | var        | `0b10`                                                       |
//! | 66..128| rand_b     | 62 random bits                                               |
//!
//! # Why sub-millisecond precision instead of a counter?
//! Filling `rand_a` with the clock's extra precision keeps values informative (their order
//! reflects real time to ~244 ns) and needs no counter reset logic. Monotonicity is then a
//! single rule: the 60-bit `(ms, fraction)` timestamp of a new value is at least one step
//! greater than the previous one. When the clock stands still, goes backwards (NTP step) or
//! many values are drawn within one step, the generator borrows from the future by one step,
//! exactly as RFC 9562 §6.2 allows; it catches up with the real clock as soon as it passes.

/// Number of `rand_a` steps per millisecond (12 bits).
const STEPS_PER_MS: u64 = 1 << 12;
/// The largest timestamp the 48-bit field can hold, in steps.
const MAX_STEPS: u64 = (1 << 60) - 1;

/// Generates strictly increasing version 7 UUIDs.
///
/// One instance per backend: PostgreSQL backends are single-threaded, so no locking is needed,
/// and ordering across backends is by time only (as the RFC intends).
#[derive(Debug, Default, Clone)]
pub struct V7Generator {
    last_steps: Option<u64>,
}

impl V7Generator {
    pub const fn new() -> Self {
        Self { last_steps: None }
    }

    /// Builds the next UUID from the current Unix time in nanoseconds and 64 random bits
    /// (of which 62 are used).
    pub fn next(&mut self, unix_nanos: u128, random: u64) -> [u8; 16] {
        let now = nanos_to_steps(unix_nanos);
        let steps = match self.last_steps {
            Some(last) if now <= last => (last + 1).min(MAX_STEPS),
            _ => now,
        };
        self.last_steps = Some(steps);
        encode(steps, random)
    }
}

/// Converts Unix nanoseconds to 1/4096-millisecond steps, clamped to the 60-bit field.
fn nanos_to_steps(unix_nanos: u128) -> u64 {
    let ms = unix_nanos / 1_000_000;
    let sub_ms_nanos = unix_nanos % 1_000_000;
    let fraction = sub_ms_nanos * u128::from(STEPS_PER_MS) / 1_000_000;
    let steps = ms * u128::from(STEPS_PER_MS) + fraction;
    u64::try_from(steps).unwrap_or(MAX_STEPS).min(MAX_STEPS)
}

fn encode(steps: u64, random: u64) -> [u8; 16] {
    let ms = steps >> 12;
    let rand_a = steps & 0x0fff;
    let hi: u64 = (ms << 16) | (0x7 << 12) | rand_a;
    let lo: u64 = (0b10 << 62) | (random & 0x3fff_ffff_ffff_ffff);
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&hi.to_be_bytes());
    out[8..].copy_from_slice(&lo.to_be_bytes());
    out
}

/// The Unix millisecond timestamp stored in a version 7 UUID.
pub fn timestamp_ms(uuid: &[u8; 16]) -> u64 {
    let mut ms = [0u8; 8];
    ms[2..].copy_from_slice(&uuid[..6]);
    u64::from_be_bytes(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const T0: u128 = 1_763_820_000_123_456_789; // 2025-11-22, arbitrary but realistic

    #[test]
    fn version_and_variant_bits() {
        let mut g = V7Generator::new();
        for r in [0, u64::MAX, 0x5555_5555_5555_5555] {
            let u = g.next(T0, r);
            assert_eq!(u[6] >> 4, 7, "version nibble");
            assert_eq!(u[8] >> 6, 0b10, "RFC 4122/9562 variant");
        }
    }

    #[test]
    fn timestamp_is_unix_milliseconds() {
        let mut g = V7Generator::new();
        let u = g.next(T0, 42);
        assert_eq!(timestamp_ms(&u), (T0 / 1_000_000) as u64);
    }

    #[test]
    fn sub_millisecond_fraction_fills_rand_a() {
        let mut g = V7Generator::new();
        // 500_000 ns into the millisecond is half of 4096 steps.
        let u = g.next(1_000_000 * 7 + 500_000, 0);
        let rand_a = (u16::from(u[6] & 0x0f) << 8) | u16::from(u[7]);
        assert_eq!(rand_a, 2048);
    }

    #[test]
    fn strictly_increasing_with_frozen_clock() {
        let mut g = V7Generator::new();
        let mut prev = g.next(T0, u64::MAX);
        for i in 0..10_000u64 {
            // Random bits deliberately decrease: order must come from the timestamp alone.
            let next = g.next(T0, u64::MAX - i);
            assert!(next > prev, "value {i} did not increase");
            prev = next;
        }
    }

    #[test]
    fn strictly_increasing_when_clock_goes_backwards() {
        let mut g = V7Generator::new();
        let a = g.next(T0, 7);
        let b = g.next(T0 - 5_000_000_000, 7); // NTP stepped back 5 s
        let c = g.next(T0 + 1_000_000, 7);
        assert!(a < b && b < c);
        assert_eq!(
            timestamp_ms(&c),
            (T0 / 1_000_000) as u64 + 1,
            "catches up with the clock"
        );
    }

    #[test]
    fn many_values_within_one_millisecond_stay_unique_and_ordered() {
        let mut g = V7Generator::new();
        let mut seen = HashSet::new();
        let mut prev = [0u8; 16];
        for i in 0..300_000u64 {
            let u = g.next(
                T0 + u128::from(i % 3),
                i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            );
            assert!(u > prev);
            assert!(seen.insert(u));
            prev = u;
        }
    }

    #[test]
    fn saturates_at_the_end_of_the_48_bit_epoch() {
        let mut g = V7Generator::new();
        let u = g.next(u128::MAX, 0);
        assert_eq!(timestamp_ms(&u), (1 << 48) - 1);
    }
}
