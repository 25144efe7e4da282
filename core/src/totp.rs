//! Time-based one-time passwords (RFC 6238) on top of HOTP (RFC 4226), and the pieces an
//! authenticator app and a user see: the base32 secret, the `otpauth://` URI, recovery codes.
//!
//! The extension keeps the clock, the randomness and the stored state (the last accepted time
//! step); everything here is a function of its arguments.

use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use subtle::ConstantTimeEq;

/// Secret length: 160 bits, the length RFC 4226 recommends and authenticator apps expect.
pub const SECRET_LEN: usize = 20;
/// Digits of a code. Six is the only value every authenticator app honours.
pub const DIGITS: u32 = 6;
/// Seconds per time step (RFC 6238's default; apps ignore other values surprisingly often).
pub const PERIOD: u64 = 30;
/// Steps accepted either side of the current one: clocks drift and users type slowly.
pub const WINDOW: u64 = 1;
/// Random bytes in one recovery code: 80 bits, 16 base32 characters.
pub const RECOVERY_CODE_BYTES: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    /// The name the `algorithm` parameter of an otpauth URI uses.
    pub fn uri_name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }
}

fn mac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so new_from_slice cannot fail for these hashes.
    macro_rules! run {
        ($h:ty) => {{
            let mut m = Hmac::<$h>::new_from_slice(key).expect("HMAC takes keys of any length");
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }};
    }
    match alg {
        Algorithm::Sha1 => run!(Sha1),
        Algorithm::Sha256 => run!(Sha256),
        Algorithm::Sha512 => run!(Sha512),
    }
}

/// HOTP value of `counter` (RFC 4226 section 5.3), reduced to `digits` (6 to 9) digits.
pub fn hotp(alg: Algorithm, key: &[u8], counter: u64, digits: u32) -> u32 {
    assert!((6..=9).contains(&digits), "HOTP codes have 6 to 9 digits");
    let h = mac(alg, key, &counter.to_be_bytes());
    // Dynamic truncation: the low nibble of the last byte picks four bytes.
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    bin % 10u32.pow(digits)
}

/// The time step holding `unix_seconds`; None before the epoch.
pub fn time_step(unix_seconds: i64, period: u64) -> Option<u64> {
    u64::try_from(unix_seconds).ok().map(|t| t / period)
}

/// The code for a time step, zero-padded as a user types it.
pub fn code_at_step(alg: Algorithm, key: &[u8], step: u64, digits: u32) -> String {
    format!(
        "{:0width$}",
        hotp(alg, key, step, digits),
        width = digits as usize
    )
}

/// The TOTP code at `unix_seconds`.
pub fn totp(
    alg: Algorithm,
    key: &[u8],
    unix_seconds: i64,
    period: u64,
    digits: u32,
) -> Option<String> {
    time_step(unix_seconds, period).map(|s| code_at_step(alg, key, s, digits))
}

/// Checks `code` against the steps within `window` of the one holding `unix_seconds` and
/// returns the step it belongs to (the latest, should two steps share a code). Every step of
/// the window is computed and compared in constant time whatever matches, so the answer's
/// timing says nothing about which step, if any, matched. Replay is the caller's business:
/// it refuses a step at or before the last one it accepted.
pub fn verify(
    alg: Algorithm,
    key: &[u8],
    code: &str,
    unix_seconds: i64,
    period: u64,
    digits: u32,
    window: u64,
) -> Option<u64> {
    if code.len() != digits as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = time_step(unix_seconds, period)?;
    let mut found = None;
    for step in now.saturating_sub(window)..=now.saturating_add(window) {
        let candidate = code_at_step(alg, key, step, digits);
        if bool::from(candidate.as_bytes().ct_eq(code.as_bytes())) {
            found = Some(step);
        }
    }
    found
}

/// A secret as authenticator apps take it: RFC 4648 base32, upper case, without padding.
pub fn secret_to_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// Reads a base32 secret as users copy it: any case, spaces and padding ignored.
pub fn secret_from_base32(text: &str) -> Option<Vec<u8>> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    data_encoding::BASE32_NOPAD.decode(clean.as_bytes()).ok()
}

/// Characters left as they are in URI components: RFC 3986's unreserved set.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The key URI an authenticator app reads from a QR code (Google's Key Uri Format):
/// `otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=...&digits=...&period=...`.
/// The format forbids a colon in the issuer or account even when encoded, so colons become
/// hyphens.
pub fn otpauth_uri(
    issuer: &str,
    account: &str,
    secret: &[u8],
    alg: Algorithm,
    digits: u32,
    period: u64,
) -> String {
    let issuer = issuer.replace(':', "-");
    let account = account.replace(':', "-");
    let issuer = utf8_percent_encode(&issuer, COMPONENT).to_string();
    let account = utf8_percent_encode(&account, COMPONENT);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm={}&digits={digits}&period={period}",
        secret_to_base32(secret),
        alg.uri_name()
    )
}

/// A recovery code as shown to the user: 16 lower-case base32 characters in groups of four.
pub fn recovery_code(random: &[u8; RECOVERY_CODE_BYTES]) -> String {
    let plain = data_encoding::BASE32_NOPAD
        .encode(random)
        .to_ascii_lowercase();
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).expect("base32 is ASCII"))
        .collect::<Vec<_>>()
        .join("-")
}

/// The canonical form of a typed recovery code (case, hyphens and spaces ignored), or None
/// when it cannot be one.
pub fn normalize_recovery_code(input: &str) -> Option<String> {
    if input.len() > 64 {
        return None;
    }
    let clean: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let decoded = data_encoding::BASE32_NOPAD.decode(clean.as_bytes()).ok()?;
    (decoded.len() == RECOVERY_CODE_BYTES).then_some(clean)
}

/// The digest a recovery code is stored under, bound to its account (`owner`, e.g. the user's
/// public id) so equal codes of two accounts never share a digest. 80 random bits make a salted
/// slow hash unnecessary: the code cannot be guessed offline from its SHA-256 either.
pub fn recovery_code_digest(owner: &str, normalized: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"officeauto.recovery_code\0");
    h.update(owner.as_bytes());
    h.update(b"\0");
    h.update(normalized.as_bytes());
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 Appendix B: one seed per hash, the ASCII digits repeated to the hash's size.
    const SEED1: &[u8] = b"12345678901234567890";
    const SEED256: &[u8] = b"12345678901234567890123456789012";
    const SEED512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    #[test]
    fn rfc4226_appendix_d_hotp_values() {
        let want = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in want.iter().enumerate() {
            assert_eq!(
                code_at_step(Algorithm::Sha1, SEED1, counter as u64, 6),
                *code
            );
        }
    }

    #[test]
    fn rfc6238_appendix_b_totp_values() {
        let table: [(i64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (t, sha1, sha256, sha512) in table {
            assert_eq!(
                totp(Algorithm::Sha1, SEED1, t, 30, 8).unwrap(),
                sha1,
                "SHA1 at {t}"
            );
            assert_eq!(
                totp(Algorithm::Sha256, SEED256, t, 30, 8).unwrap(),
                sha256,
                "SHA256 at {t}"
            );
            assert_eq!(
                totp(Algorithm::Sha512, SEED512, t, 30, 8).unwrap(),
                sha512,
                "SHA512 at {t}"
            );
        }
    }

    #[test]
    fn six_digit_codes_are_the_low_digits_of_the_eight_digit_ones() {
        assert_eq!(
            totp(Algorithm::Sha1, SEED1, 1111111109, 30, 6).unwrap(),
            "081804"
        );
        assert_eq!(totp(Algorithm::Sha1, SEED1, 59, 30, 6).unwrap(), "287082");
    }

    #[test]
    fn window_accepts_one_step_either_side_and_no_more() {
        let t = 1_700_000_000i64; // step 56666666, 20 s into it
        let now = time_step(t, PERIOD).unwrap();
        for delta in [-1i64, 0, 1] {
            let step = (now as i64 + delta) as u64;
            let code = code_at_step(Algorithm::Sha1, SEED1, step, DIGITS);
            assert_eq!(
                verify(Algorithm::Sha1, SEED1, &code, t, PERIOD, DIGITS, WINDOW),
                Some(step)
            );
        }
        for delta in [-2i64, 2] {
            let code = code_at_step(Algorithm::Sha1, SEED1, (now as i64 + delta) as u64, DIGITS);
            assert_eq!(
                verify(Algorithm::Sha1, SEED1, &code, t, PERIOD, DIGITS, WINDOW),
                None,
                "delta {delta}"
            );
        }
    }

    #[test]
    fn window_edges_follow_step_boundaries() {
        // The last second of a step and the first of the next see different windows.
        let step = 50_000_000u64;
        let last_second = (step * PERIOD + PERIOD - 1) as i64;
        let next_first = last_second + 1;
        let early = code_at_step(Algorithm::Sha1, SEED1, step - 1, DIGITS);
        assert!(
            verify(
                Algorithm::Sha1,
                SEED1,
                &early,
                last_second,
                PERIOD,
                DIGITS,
                WINDOW
            )
            .is_some()
        );
        assert!(
            verify(
                Algorithm::Sha1,
                SEED1,
                &early,
                next_first,
                PERIOD,
                DIGITS,
                WINDOW
            )
            .is_none()
        );
        let late = code_at_step(Algorithm::Sha1, SEED1, step + 2, DIGITS);
        assert!(
            verify(
                Algorithm::Sha1,
                SEED1,
                &late,
                last_second,
                PERIOD,
                DIGITS,
                WINDOW
            )
            .is_none()
        );
        assert!(
            verify(
                Algorithm::Sha1,
                SEED1,
                &late,
                next_first,
                PERIOD,
                DIGITS,
                WINDOW
            )
            .is_some()
        );
    }

    #[test]
    fn malformed_codes_never_match() {
        let t = 1_700_000_000i64;
        let good = totp(Algorithm::Sha1, SEED1, t, PERIOD, DIGITS).unwrap();
        for bad in [
            "",
            "12345",
            "1234567",
            "12 456",
            "abcdef",
            "１２３４５６",
            &format!(" {good}"),
        ] {
            assert_eq!(
                verify(Algorithm::Sha1, SEED1, bad, t, PERIOD, DIGITS, WINDOW),
                None,
                "{bad:?}"
            );
        }
        assert_eq!(
            verify(Algorithm::Sha1, SEED1, &good, -1, PERIOD, DIGITS, WINDOW),
            None
        );
    }

    #[test]
    fn the_first_step_has_no_step_before_it() {
        let code = code_at_step(Algorithm::Sha1, SEED1, 0, DIGITS);
        assert_eq!(
            verify(Algorithm::Sha1, SEED1, &code, 5, PERIOD, DIGITS, WINDOW),
            Some(0)
        );
    }

    #[test]
    fn base32_round_trip_and_rfc4648_vectors() {
        assert_eq!(secret_to_base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(secret_to_base32(SEED1), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            secret_from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").unwrap(),
            SEED1
        );
        assert_eq!(secret_from_base32("MZXW6YTBOI======").unwrap(), b"foobar");
        assert!(secret_from_base32("not base32!").is_none());
        let s = [0xa5u8; SECRET_LEN];
        assert_eq!(secret_from_base32(&secret_to_base32(&s)).unwrap(), s);
        assert_eq!(secret_to_base32(&s).len(), 32);
    }

    #[test]
    fn uri_has_every_parameter_and_encodes_the_label() {
        let uri = otpauth_uri(
            "Acme Corp",
            "alice@acme.example",
            SEED1,
            Algorithm::Sha1,
            6,
            30,
        );
        assert_eq!(
            uri,
            "otpauth://totp/Acme%20Corp:alice%40acme.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30"
        );
        let odd = otpauth_uri("A:B&c=d", "x:y", b"k", Algorithm::Sha1, 6, 30);
        assert!(
            odd.starts_with("otpauth://totp/A-B%26c%3Dd:x-y?secret="),
            "{odd}"
        );
        assert!(odd.contains("&issuer=A-B%26c%3Dd&"), "{odd}");
    }

    #[test]
    fn recovery_codes_read_back_however_typed() {
        let raw = [0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        let shown = recovery_code(&raw);
        assert_eq!(shown, "aaaq-eaye-auda-ocaj");
        let canon = normalize_recovery_code(&shown).unwrap();
        assert_eq!(
            normalize_recovery_code(" AAAQEAYE-AUDAOCAJ ").as_deref(),
            Some(canon.as_str())
        );
        assert_eq!(normalize_recovery_code("aaaq-eaye-auda-oca"), None);
        assert_eq!(normalize_recovery_code("aaaq-eaye-auda-ocaj-aaaa"), None);
        assert_eq!(normalize_recovery_code("123456"), None);
        assert_eq!(normalize_recovery_code(&"a".repeat(10_000)), None);
        assert_eq!(normalize_recovery_code(""), None);
    }

    #[test]
    fn recovery_digests_depend_on_the_account() {
        let c = normalize_recovery_code("aaaq-eaye-auda-ocaj").unwrap();
        assert_eq!(
            recovery_code_digest("u1", &c),
            recovery_code_digest("u1", &c)
        );
        assert_ne!(
            recovery_code_digest("u1", &c),
            recovery_code_digest("u2", &c)
        );
    }
}
