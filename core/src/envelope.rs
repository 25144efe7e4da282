//! The credential envelope: a self-describing AES-256-GCM ciphertext.
//!
//! Layout of format 1 (all lengths in bytes):
//!
//! | offset | size | field |
//! | --- | --- | --- |
//! | 0 | 1 | format version, `1` |
//! | 1 | 1 | flags: bit 0 = bound to a row (associated data), bit 1 = caller-supplied key; other bits 0 |
//! | 2 | 1 | key id length `n`, 1..=64 |
//! | 3 | n | key id, ASCII `[A-Za-z0-9._-]` |
//! | 3+n | 12 | nonce (random per encryption) |
//! | 15+n | rest | ciphertext followed by the 16-byte GCM tag |
//!
//! The header (bytes `0..3+n`) is authenticated as associated data, followed by the row context
//! when bit 0 is set: changing the version, flags or key id, or moving a bound ciphertext to
//! another row, makes decryption fail exactly like a flipped ciphertext byte.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

pub const FORMAT_V1: u8 = 1;
pub const FLAG_ROW_BOUND: u8 = 0b01;
pub const FLAG_EXPLICIT_KEY: u8 = 0b10;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
pub const MAX_KEY_ID_LEN: usize = 64;
/// Largest plaintext accepted (1 MiB): credentials are small, and an unbounded input would let
/// one call allocate without limit.
pub const MAX_PLAINTEXT_LEN: usize = 1 << 20;
/// Smallest well-formed envelope: header with a 1-byte key id, nonce, tag, empty ciphertext.
pub const MIN_LEN: usize = 3 + 1 + NONCE_LEN + TAG_LEN;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("ciphertext is truncated ({0} bytes)")]
    Truncated(usize),
    #[error("ciphertext format version {0} is not supported")]
    UnsupportedVersion(u8),
    #[error("ciphertext header is malformed: {0}")]
    Malformed(&'static str),
    #[error("invalid key id: {0}")]
    InvalidKeyId(&'static str),
    #[error(
        "decryption failed: the ciphertext was altered, belongs to another row, or the key is wrong"
    )]
    AuthenticationFailed,
    #[error("value is too large: {0} bytes (limit {MAX_PLAINTEXT_LEN})")]
    TooLarge(usize),
}

/// A 256-bit AES key.
pub type Key = [u8; 32];

/// A parsed envelope borrowing the bytes it came from.
#[derive(Debug)]
pub struct Sealed<'a> {
    pub version: u8,
    pub flags: u8,
    pub key_id: &'a str,
    header: &'a [u8],
    nonce: &'a [u8],
    ciphertext: &'a [u8],
}

/// Checks a key id: 1..=64 bytes of `[A-Za-z0-9._-]`.
pub fn validate_key_id(key_id: &str) -> Result<(), EnvelopeError> {
    if key_id.is_empty() {
        return Err(EnvelopeError::InvalidKeyId("empty"));
    }
    if key_id.len() > MAX_KEY_ID_LEN {
        return Err(EnvelopeError::InvalidKeyId("longer than 64 bytes"));
    }
    if !key_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(EnvelopeError::InvalidKeyId(
            "only letters, digits, '.', '_' and '-' are allowed",
        ));
    }
    Ok(())
}

fn associated_data(header: &[u8], flags: u8, context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(header.len() + context.len());
    aad.extend_from_slice(header);
    if flags & FLAG_ROW_BOUND != 0 {
        aad.extend_from_slice(context);
    }
    aad
}

/// Encrypts `plaintext` under `key`. `context` is authenticated (not stored) when `flags` has
/// `FLAG_ROW_BOUND`; the same context must be given to [`Sealed::open`]. The nonce must be
/// fresh random bytes for every call.
pub fn seal(
    key: &Key,
    key_id: &str,
    flags: u8,
    nonce: [u8; NONCE_LEN],
    plaintext: &[u8],
    context: &[u8],
) -> Result<Vec<u8>, EnvelopeError> {
    validate_key_id(key_id)?;
    if flags & !(FLAG_ROW_BOUND | FLAG_EXPLICIT_KEY) != 0 {
        return Err(EnvelopeError::Malformed("unknown flag bits"));
    }
    if plaintext.len() > MAX_PLAINTEXT_LEN {
        return Err(EnvelopeError::TooLarge(plaintext.len()));
    }
    let mut out = Vec::with_capacity(3 + key_id.len() + NONCE_LEN + plaintext.len() + TAG_LEN);
    out.push(FORMAT_V1);
    out.push(flags);
    // validate_key_id bounds the length to 64, so it fits a byte.
    out.push(key_id.len() as u8);
    out.extend_from_slice(key_id.as_bytes());
    let aad = associated_data(&out, flags, context);
    out.extend_from_slice(&nonce);
    let cipher = Aes256Gcm::new(key.into());
    let ct = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        // aes-gcm fails only for inputs beyond 64 GiB, which MAX_PLAINTEXT_LEN excludes.
        .map_err(|_| EnvelopeError::TooLarge(plaintext.len()))?;
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Parses the structure of an envelope without decrypting it. Never panics, whatever the input.
pub fn parse(bytes: &[u8]) -> Result<Sealed<'_>, EnvelopeError> {
    let version = *bytes.first().ok_or(EnvelopeError::Truncated(0))?;
    if version != FORMAT_V1 {
        return Err(EnvelopeError::UnsupportedVersion(version));
    }
    if bytes.len() < MIN_LEN {
        return Err(EnvelopeError::Truncated(bytes.len()));
    }
    let flags = bytes[1];
    if flags & !(FLAG_ROW_BOUND | FLAG_EXPLICIT_KEY) != 0 {
        return Err(EnvelopeError::Malformed("unknown flag bits"));
    }
    let n = bytes[2] as usize;
    if n == 0 || n > MAX_KEY_ID_LEN {
        return Err(EnvelopeError::Malformed("key id length out of range"));
    }
    let header_end = 3 + n;
    if bytes.len() < header_end + NONCE_LEN + TAG_LEN {
        return Err(EnvelopeError::Truncated(bytes.len()));
    }
    // No envelope holds more than seal() accepts; opening a larger one would allocate its whole
    // length (aes-gcm copies the ciphertext) before the tag is checked, and a failed Rust
    // allocation aborts the backend.
    let payload = bytes.len() - header_end - NONCE_LEN - TAG_LEN;
    if payload > MAX_PLAINTEXT_LEN {
        return Err(EnvelopeError::TooLarge(payload));
    }
    let key_id = std::str::from_utf8(&bytes[3..header_end])
        .map_err(|_| EnvelopeError::Malformed("key id is not ASCII"))?;
    validate_key_id(key_id)
        .map_err(|_| EnvelopeError::Malformed("key id has invalid characters"))?;
    Ok(Sealed {
        version,
        flags,
        key_id,
        header: &bytes[..header_end],
        nonce: &bytes[header_end..header_end + NONCE_LEN],
        ciphertext: &bytes[header_end + NONCE_LEN..],
    })
}

impl Sealed<'_> {
    pub fn is_row_bound(&self) -> bool {
        self.flags & FLAG_ROW_BOUND != 0
    }

    pub fn is_explicit_key(&self) -> bool {
        self.flags & FLAG_EXPLICIT_KEY != 0
    }

    /// Decrypts and authenticates. `context` is used only for row-bound envelopes.
    pub fn open(&self, key: &Key, context: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
        let aad = associated_data(self.header, self.flags, context);
        Aes256Gcm::new(key.into())
            .decrypt(
                Nonce::from_slice(self.nonce),
                Payload {
                    msg: self.ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| EnvelopeError::AuthenticationFailed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: Key = [7; 32];
    const OTHER: Key = [8; 32];

    fn sealed(flags: u8, pt: &[u8], ctx: &[u8]) -> Vec<u8> {
        seal(&KEY, "k1", flags, [1; NONCE_LEN], pt, ctx).unwrap()
    }

    #[test]
    fn round_trips_empty_ascii_multibyte_and_large_values() {
        let large = vec![b'x'; 64 * 1024];
        for pt in [
            &b""[..],
            b"hunter2",
            "pa\u{df}wort \u{1f511} \u{645}\u{631}".as_bytes(),
            &large,
        ] {
            let env = sealed(0, pt, b"");
            assert_eq!(parse(&env).unwrap().open(&KEY, b"").unwrap(), pt);
        }
    }

    #[test]
    fn layout_is_the_documented_one() {
        let env = sealed(FLAG_ROW_BOUND, b"abc", b"row");
        assert_eq!(&env[..5], &[1, FLAG_ROW_BOUND, 2, b'k', b'1']);
        assert_eq!(&env[5..17], &[1; 12]);
        assert_eq!(env.len(), 5 + 12 + 3 + 16);
        let p = parse(&env).unwrap();
        assert_eq!(
            (p.version, p.key_id, p.is_row_bound(), p.is_explicit_key()),
            (1, "k1", true, false)
        );
    }

    #[test]
    fn wrong_key_and_wrong_row_fail_authentication() {
        let env = sealed(FLAG_ROW_BOUND, b"secret", b"org=1;id=a");
        let p = parse(&env).unwrap();
        assert_eq!(
            p.open(&OTHER, b"org=1;id=a"),
            Err(EnvelopeError::AuthenticationFailed)
        );
        assert_eq!(
            p.open(&KEY, b"org=1;id=b"),
            Err(EnvelopeError::AuthenticationFailed)
        );
        assert_eq!(p.open(&KEY, b"org=1;id=a").unwrap(), b"secret");
    }

    #[test]
    fn every_single_byte_change_is_detected() {
        let env = sealed(FLAG_ROW_BOUND, b"top secret", b"ctx");
        for i in 0..env.len() {
            for bit in 0..8 {
                let mut t = env.clone();
                t[i] ^= 1 << bit;
                let opened = parse(&t).and_then(|p| p.open(&KEY, b"ctx"));
                assert!(
                    opened.is_err(),
                    "flip of bit {bit} in byte {i} went unnoticed"
                );
            }
        }
    }

    #[test]
    fn structural_errors_are_classified() {
        let env = sealed(0, b"v", b"");
        assert_eq!(parse(&[]).unwrap_err(), EnvelopeError::Truncated(0));
        assert_eq!(parse(&env[..10]).unwrap_err(), EnvelopeError::Truncated(10));
        let mut v2 = env.clone();
        v2[0] = 2;
        assert_eq!(
            parse(&v2).unwrap_err(),
            EnvelopeError::UnsupportedVersion(2)
        );
        let mut flags = env.clone();
        flags[1] = 0x80;
        assert!(matches!(parse(&flags), Err(EnvelopeError::Malformed(_))));
    }

    #[test]
    fn rejects_bad_key_ids_and_oversized_values() {
        assert!(seal(&KEY, "", 0, [0; 12], b"", b"").is_err());
        assert!(seal(&KEY, "bad id", 0, [0; 12], b"", b"").is_err());
        assert!(seal(&KEY, &"k".repeat(65), 0, [0; 12], b"", b"").is_err());
        let big = vec![0; MAX_PLAINTEXT_LEN + 1];
        assert_eq!(
            seal(&KEY, "k", 0, [0; 12], &big, b"").unwrap_err(),
            EnvelopeError::TooLarge(big.len())
        );
    }

    #[test]
    fn refuses_envelopes_larger_than_any_seal_makes_before_opening() {
        let mut sealed = seal(&KEY, "k", FLAG_EXPLICIT_KEY, [0; 12], b"x", b"").unwrap();
        let at_limit = 3 + 1 + NONCE_LEN + MAX_PLAINTEXT_LEN + TAG_LEN;
        sealed.resize(at_limit, 0);
        assert!(parse(&sealed).is_ok());
        sealed.push(0);
        assert_eq!(
            parse(&sealed).unwrap_err(),
            EnvelopeError::TooLarge(MAX_PLAINTEXT_LEN + 1)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn decoder_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(p) = parse(&bytes) {
                // Random bytes must never authenticate.
                prop_assert!(p.open(&KEY, b"").is_err());
            }
        }

        #[test]
        fn mutated_envelopes_never_decrypt(
            pt in proptest::collection::vec(any::<u8>(), 0..100),
            pos in any::<prop::sample::Index>(),
            xor in 1u8..=255,
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let mut env = sealed(FLAG_ROW_BOUND, &pt, b"row");
            if truncate {
                env.truncate(cut.index(env.len()));
            } else {
                let i = pos.index(env.len());
                env[i] ^= xor;
            }
            prop_assert!(parse(&env).and_then(|p| p.open(&KEY, b"row")).is_err());
        }
    }
}
