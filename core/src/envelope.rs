//! The credential envelope: a self-describing AES-256-GCM ciphertext.
//!
//! Layout of format 1 (all lengths in bytes):
//!
//! | offset | size | field |
//! | --- | --- | --- |
//! | 0 | 1 | format version, `1` |
//! | 1 | 1 | flags: bit 0 = bound to a row (associated data), bit 1 = caller-supplied key, bit 2 = the caller-supplied key was a passphrase (needs bit 1); other bits 0 |
//! | 2 | 1 | key id length `n`, 1..=64 |
//! | 3 | n | key id, ASCII `[A-Za-z0-9._-]` |
//! | 3+n | k | only with bit 2: the key derivation, k = 11 + salt length (below) |
//! | 3+n+k | 12 | nonce (random per encryption) |
//! | 15+n+k | rest | ciphertext followed by the 16-byte GCM tag |
//!
//! The key derivation of a passphrase envelope: algorithm (1 byte, `1` = argon2id v0x13),
//! memory in KiB (4 bytes, big-endian), iterations (4 bytes, big-endian), lanes (1 byte), salt
//! length (1 byte, 16) and the salt. So the three kinds of key say what they are: a server key
//! by its key id (bits 1 and 2 clear), a raw caller-supplied key by bit 1 (key id `explicit`),
//! a passphrase by bits 1 and 2 with everything needed to derive its key again.
//!
//! The header (bytes before the nonce) is authenticated as associated data, followed by the row
//! context when bit 0 is set: changing the version, flags, key id or derivation parameters, or
//! moving a bound ciphertext to another row, makes decryption fail exactly like a flipped
//! ciphertext byte. Envelopes without bit 2 are byte for byte what earlier releases wrote.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::passphrase::{KDF_ARGON2ID, KdfParams, SALT_LEN};

pub const FORMAT_V1: u8 = 1;
pub const FLAG_ROW_BOUND: u8 = 0b01;
pub const FLAG_EXPLICIT_KEY: u8 = 0b10;
pub const FLAG_PASSPHRASE: u8 = 0b100;
const KNOWN_FLAGS: u8 = FLAG_ROW_BOUND | FLAG_EXPLICIT_KEY | FLAG_PASSPHRASE;
/// Length of the key derivation header without its salt.
const KDF_FIXED_LEN: usize = 11;
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
    #[error("ciphertext names key derivation {0}, which is not supported")]
    UnsupportedKdf(u8),
}

/// A 256-bit AES key.
pub type Key = [u8; 32];

/// How the key of a passphrase envelope is derived from the passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kdf {
    pub params: KdfParams,
    pub salt: [u8; SALT_LEN],
}

impl Kdf {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(KDF_ARGON2ID);
        out.extend_from_slice(&self.params.memory_kib.to_be_bytes());
        out.extend_from_slice(&self.params.iterations.to_be_bytes());
        out.push(self.params.parallelism);
        out.push(SALT_LEN as u8);
        out.extend_from_slice(&self.salt);
    }

    /// Reads a derivation header from the start of `bytes`; returns it and its length.
    fn read(bytes: &[u8]) -> Result<(Kdf, usize), EnvelopeError> {
        let fixed = bytes
            .get(..KDF_FIXED_LEN)
            .ok_or(EnvelopeError::Truncated(bytes.len()))?;
        if fixed[0] != KDF_ARGON2ID {
            return Err(EnvelopeError::UnsupportedKdf(fixed[0]));
        }
        let be =
            |i: usize| u32::from_be_bytes([fixed[i], fixed[i + 1], fixed[i + 2], fixed[i + 3]]);
        let params = KdfParams {
            memory_kib: be(1),
            iterations: be(5),
            parallelism: fixed[9],
        };
        if !params.is_acceptable() {
            return Err(EnvelopeError::Malformed(
                "key derivation parameters out of range",
            ));
        }
        if fixed[10] as usize != SALT_LEN {
            return Err(EnvelopeError::Malformed("key derivation salt length"));
        }
        let salt = bytes
            .get(KDF_FIXED_LEN..KDF_FIXED_LEN + SALT_LEN)
            .ok_or(EnvelopeError::Truncated(bytes.len()))?;
        Ok((
            Kdf {
                params,
                salt: salt.try_into().expect("sliced to SALT_LEN"),
            },
            KDF_FIXED_LEN + SALT_LEN,
        ))
    }
}

/// A parsed envelope borrowing the bytes it came from.
#[derive(Debug)]
pub struct Sealed<'a> {
    pub version: u8,
    pub flags: u8,
    pub key_id: &'a str,
    /// The key derivation of a passphrase envelope (flag bit 2), None otherwise.
    pub kdf: Option<Kdf>,
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
    if flags & FLAG_PASSPHRASE != 0 {
        return Err(EnvelopeError::Malformed(
            "a passphrase envelope needs its key derivation",
        ));
    }
    seal_inner(key, key_id, flags, None, nonce, plaintext, context)
}

/// Encrypts `plaintext` under `key`, the key `kdf` derived from a passphrase; the envelope
/// records the derivation (flags: caller-supplied key, passphrase; key id `key_id`).
pub fn seal_passphrase(
    key: &Key,
    key_id: &str,
    kdf: &Kdf,
    nonce: [u8; NONCE_LEN],
    plaintext: &[u8],
) -> Result<Vec<u8>, EnvelopeError> {
    if !kdf.params.is_acceptable() {
        return Err(EnvelopeError::Malformed(
            "key derivation parameters out of range",
        ));
    }
    seal_inner(
        key,
        key_id,
        FLAG_EXPLICIT_KEY | FLAG_PASSPHRASE,
        Some(kdf),
        nonce,
        plaintext,
        b"",
    )
}

fn seal_inner(
    key: &Key,
    key_id: &str,
    flags: u8,
    kdf: Option<&Kdf>,
    nonce: [u8; NONCE_LEN],
    plaintext: &[u8],
    context: &[u8],
) -> Result<Vec<u8>, EnvelopeError> {
    validate_key_id(key_id)?;
    if flags & !KNOWN_FLAGS != 0 {
        return Err(EnvelopeError::Malformed("unknown flag bits"));
    }
    if plaintext.len() > MAX_PLAINTEXT_LEN {
        return Err(EnvelopeError::TooLarge(plaintext.len()));
    }
    let mut out = Vec::with_capacity(3 + key_id.len() + 64 + NONCE_LEN + plaintext.len() + TAG_LEN);
    out.push(FORMAT_V1);
    out.push(flags);
    // validate_key_id bounds the length to 64, so it fits a byte.
    out.push(key_id.len() as u8);
    out.extend_from_slice(key_id.as_bytes());
    if let Some(kdf) = kdf {
        kdf.write(&mut out);
    }
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
    if flags & !KNOWN_FLAGS != 0 {
        return Err(EnvelopeError::Malformed("unknown flag bits"));
    }
    if flags & FLAG_PASSPHRASE != 0 && flags & FLAG_EXPLICIT_KEY == 0 {
        return Err(EnvelopeError::Malformed(
            "passphrase flag without caller-supplied key flag",
        ));
    }
    let n = bytes[2] as usize;
    if n == 0 || n > MAX_KEY_ID_LEN {
        return Err(EnvelopeError::Malformed("key id length out of range"));
    }
    let key_id_end = 3 + n;
    let (kdf, header_end) = if flags & FLAG_PASSPHRASE != 0 {
        let (kdf, len) = Kdf::read(bytes.get(key_id_end..).unwrap_or_default())?;
        (Some(kdf), key_id_end + len)
    } else {
        (None, key_id_end)
    };
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
    let key_id = std::str::from_utf8(&bytes[3..key_id_end])
        .map_err(|_| EnvelopeError::Malformed("key id is not ASCII"))?;
    validate_key_id(key_id)
        .map_err(|_| EnvelopeError::Malformed("key id has invalid characters"))?;
    Ok(Sealed {
        version,
        flags,
        key_id,
        kdf,
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

    pub fn is_passphrase(&self) -> bool {
        self.kdf.is_some()
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

/// What the leading symmetric-key encrypted session key packet of a pgcrypto
/// `pgp_sym_encrypt` message says about how its key is derived from the passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PgpSymHeader {
    /// OpenPGP S2K mode: 0 simple, 1 salted, 3 iterated and salted.
    pub s2k_mode: u8,
    /// Bytes hashed by an iterated S2K (the work a decryption does before it can fail); 0 for
    /// the other modes.
    pub s2k_count: u32,
}

/// The largest S2K count pgcrypto writes by default: it picks a random count between 65536
/// and 253952 per message. Seed values were made with the defaults; a larger count only makes
/// every decryption attempt slower.
pub const MAX_PGCRYPTO_S2K_COUNT: u32 = 253_952;

/// Parses the complete header of an OpenPGP message encrypted with a passphrase as pgcrypto's
/// `pgp_sym_encrypt` writes it: a version-4 symmetric-key encrypted session key packet (tag 3)
/// whose length matches its S2K specifier (plus, with pgcrypto's `sess-key` option, an
/// encrypted session key), followed by the start of an encrypted data packet (tag 9 or 18).
/// Both packet formats are read (pgcrypto writes the new one). None for anything else: a few
/// leading bytes that happen to match are not enough. An officeauto envelope starts with its
/// format version, 1, so the two never overlap.
pub fn pgp_symmetric_header(bytes: &[u8]) -> Option<PgpSymHeader> {
    let (body_at, body_len) = match *bytes.first()? {
        // New format, tag 3, one-octet length (192 and more start a longer length, never
        // used for a packet this small).
        0xC3 => (2, usize::from(*bytes.get(1)?)),
        // Old format, tag 3, one- and two-octet lengths.
        0x8C => (2, usize::from(*bytes.get(1)?)),
        0x8D => (
            3,
            usize::from(u16::from_be_bytes([*bytes.get(1)?, *bytes.get(2)?])),
        ),
        _ => return None,
    };
    if body_len >= 192 {
        return None;
    }
    let body = bytes.get(body_at..body_at + body_len)?;
    let (&version, rest) = body.split_first()?;
    let (&cipher, rest) = rest.split_first()?;
    let (&s2k_mode, rest) = rest.split_first()?;
    let (&hash, rest) = rest.split_first()?;
    // Ciphers and digests pgcrypto knows: 3DES, CAST5, Blowfish, AES-128/192/256; MD5, SHA-1,
    // RIPEMD-160, SHA-256/384/512, SHA-224.
    if version != 4
        || !matches!(cipher, 2 | 3 | 4 | 7 | 8 | 9)
        || !matches!(hash, 1 | 2 | 3 | 8 | 9 | 10 | 11)
    {
        return None;
    }
    let (specifier_rest, s2k_count) = match s2k_mode {
        0 => (0, 0),
        1 => (8, 0),
        3 => {
            let c = u32::from(*rest.get(8)?);
            (9, (16 + (c & 15)) << ((c >> 4) + 6))
        }
        _ => return None,
    };
    // What follows the S2K specifier is an encrypted session key (algorithm byte and a 16- to
    // 32-byte key) or nothing.
    let session_key = rest.len().checked_sub(specifier_rest)?;
    if session_key != 0 && !(17..=33).contains(&session_key) {
        return None;
    }
    // The encrypted data packet: its tag, and at least its length byte after it.
    bytes.get(body_at + body_len + 1)?;
    let next_tag = match bytes[body_at + body_len] {
        b if b & 0xC0 == 0xC0 => b & 0x3F,
        b if b & 0xC0 == 0x80 => (b >> 2) & 0x0F,
        _ => return None,
    };
    matches!(next_tag, 9 | 18).then_some(PgpSymHeader {
        s2k_mode,
        s2k_count,
    })
}

/// Whether `bytes` are a pgcrypto `pgp_sym_encrypt` message (see [`pgp_symmetric_header`]).
pub fn is_pgp_symmetric_message(bytes: &[u8]) -> bool {
    pgp_symmetric_header(bytes).is_some()
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

    fn kdf() -> Kdf {
        Kdf {
            params: crate::passphrase::DEFAULT_PARAMS,
            salt: [5; SALT_LEN],
        }
    }

    #[test]
    fn envelopes_written_before_passphrases_still_open() {
        // Made by an independent AES-GCM implementation from the format 1 description, with
        // the key 00 01 .. 1f, nonce 0a * 12 and key id "explicit" (flag bit 1).
        let legacy = hex::decode(
            "0102086578706c696369740a0a0a0a0a0a0a0a0a0a0a0ac54738f1a9575a8451eaadc0f3d68e0587c5b066e40d05c1701fec8e",
        )
        .unwrap();
        let key: Key = core::array::from_fn(|i| i as u8);
        let p = parse(&legacy).unwrap();
        assert!(p.is_explicit_key() && !p.is_passphrase());
        assert_eq!(p.open(&key, b"").unwrap(), b"legacy-value");
        // The same inputs through seal() give the same bytes: the old layout is unchanged.
        assert_eq!(
            seal(
                &key,
                "explicit",
                FLAG_EXPLICIT_KEY,
                [0x0a; 12],
                b"legacy-value",
                b""
            )
            .unwrap(),
            legacy
        );
    }

    #[test]
    fn passphrase_envelopes_record_their_derivation() {
        let env = seal_passphrase(&KEY, "explicit", &kdf(), [2; NONCE_LEN], b"pw").unwrap();
        assert_eq!(&env[..3], &[1, FLAG_EXPLICIT_KEY | FLAG_PASSPHRASE, 8]);
        let kdf_at = 3 + 8;
        assert_eq!(env[kdf_at], KDF_ARGON2ID);
        assert_eq!(&env[kdf_at + 1..kdf_at + 5], &(19u32 * 1024).to_be_bytes());
        assert_eq!(&env[kdf_at + 5..kdf_at + 9], &2u32.to_be_bytes());
        assert_eq!(&env[kdf_at + 9..kdf_at + 11], &[1, SALT_LEN as u8]);
        assert_eq!(&env[kdf_at + 11..kdf_at + 27], &[5; SALT_LEN]);
        assert_eq!(env.len(), kdf_at + 27 + NONCE_LEN + 2 + TAG_LEN);
        let p = parse(&env).unwrap();
        assert_eq!(p.kdf, Some(kdf()));
        assert!(p.is_explicit_key() && p.is_passphrase() && !p.is_row_bound());
        assert_eq!(p.open(&KEY, b"").unwrap(), b"pw");
        assert_eq!(
            p.open(&OTHER, b""),
            Err(EnvelopeError::AuthenticationFailed)
        );
    }

    #[test]
    fn every_change_to_a_passphrase_envelope_is_detected() {
        let env = seal_passphrase(&KEY, "explicit", &kdf(), [2; NONCE_LEN], b"secret").unwrap();
        for i in 0..env.len() {
            for bit in 0..8 {
                let mut t = env.clone();
                t[i] ^= 1 << bit;
                assert!(
                    parse(&t).and_then(|p| p.open(&KEY, b"")).is_err(),
                    "flip of bit {bit} in byte {i} went unnoticed"
                );
            }
        }
    }

    #[test]
    fn hostile_derivation_headers_are_refused_before_any_work() {
        let env = seal_passphrase(&KEY, "explicit", &kdf(), [2; NONCE_LEN], b"x").unwrap();
        let kdf_at = 3 + 8;
        let mut huge_memory = env.clone();
        huge_memory[kdf_at + 1..kdf_at + 5].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            parse(&huge_memory),
            Err(EnvelopeError::Malformed(_))
        ));
        let mut many_passes = env.clone();
        many_passes[kdf_at + 5..kdf_at + 9].copy_from_slice(&1_000_000u32.to_be_bytes());
        assert!(matches!(
            parse(&many_passes),
            Err(EnvelopeError::Malformed(_))
        ));
        let mut other_kdf = env.clone();
        other_kdf[kdf_at] = 9;
        assert_eq!(
            parse(&other_kdf).unwrap_err(),
            EnvelopeError::UnsupportedKdf(9)
        );
        let mut no_explicit = env.clone();
        no_explicit[1] = FLAG_PASSPHRASE;
        assert!(matches!(
            parse(&no_explicit),
            Err(EnvelopeError::Malformed(_))
        ));
        assert!(matches!(
            parse(&env[..kdf_at + 5]),
            Err(EnvelopeError::Truncated(_))
        ));
        assert!(
            seal(
                &KEY,
                "explicit",
                FLAG_EXPLICIT_KEY | FLAG_PASSPHRASE,
                [0; 12],
                b"",
                b""
            )
            .is_err()
        );
    }

    /// The start of a message as PostgreSQL 15's pgcrypto writes `pgp_sym_encrypt(.., ..)`
    /// with its defaults: new-format tag 3, length 13, version 4, AES-128, iterated and salted
    /// S2K with SHA-1, 8 salt bytes, count byte, then a tag-18 packet with a partial length.
    const PGCRYPTO_START: &str = "c30d04070302aabbccddeeff00116ad2e0";

    #[test]
    fn recognizes_complete_pgcrypto_headers() {
        let pgp = hex::decode(PGCRYPTO_START).unwrap();
        let h = pgp_symmetric_header(&pgp).unwrap();
        assert_eq!(h.s2k_mode, 3);
        // 0x6a: (16 + 10) << (6 + 6).
        assert_eq!(h.s2k_count, 26 << 12);
        assert!(h.s2k_count <= MAX_PGCRYPTO_S2K_COUNT);
        // The old packet format and a tag-9 data packet (disable-mdc) are the same message.
        let mut old = pgp.clone();
        old[0] = 0x8c;
        old[15] = 0xa4;
        assert!(is_pgp_symmetric_message(&old));
        // The largest count an OpenPGP header can say (0xff).
        let mut absurd = pgp.clone();
        absurd[14] = 0xff;
        assert_eq!(pgp_symmetric_header(&absurd).unwrap().s2k_count, 65_011_712);
        // Salted S2K without iteration, and an encrypted session key (sess-key option).
        let salted = hex::decode("c30c04090102aabbccddeeff0011d2e0").unwrap();
        assert_eq!(pgp_symmetric_header(&salted).unwrap().s2k_count, 0);
        let mut with_session_key = hex::decode("c31e04070302aabbccddeeff00116a").unwrap();
        with_session_key.extend_from_slice(&[7; 17]);
        with_session_key.extend_from_slice(&[0xd2, 0xe0]);
        assert!(is_pgp_symmetric_message(&with_session_key));
    }

    #[test]
    fn a_few_matching_bytes_are_not_a_pgcrypto_message() {
        let pgp = hex::decode(PGCRYPTO_START).unwrap();
        assert!(!is_pgp_symmetric_message(&sealed(0, b"x", b"")));
        // Every proper prefix (the review's repro stored `c3 0d 04` + cleartext).
        for n in 0..pgp.len() {
            assert!(!is_pgp_symmetric_message(&pgp[..n]), "prefix of {n} bytes");
        }
        let mut disguised = vec![0xc3, 0x0d, 0x04];
        disguised.extend_from_slice(b"cleartext-hunter2");
        assert!(!is_pgp_symmetric_message(&disguised));
        for (at, byte) in [
            (0, 0xc1),  // another packet tag
            (1, 0x0c),  // length does not match the S2K specifier
            (2, 0x03),  // packet version
            (3, 0x01),  // cipher pgcrypto does not write (IDEA)
            (4, 0x02),  // S2K mode 2 is reserved
            (5, 0x05),  // hash id 5 is reserved
            (15, 0xcb), // followed by a literal data packet, not encrypted data
            (15, 0x01), // followed by no packet header at all
        ] {
            let mut t = pgp.clone();
            t[at] = byte;
            assert!(!is_pgp_symmetric_message(&t), "byte {at} = {byte:#04x}");
        }
        // An encrypted session key of an impossible length.
        let mut odd = hex::decode("c31004070302aabbccddeeff00116a").unwrap();
        odd.extend_from_slice(&[7; 3]);
        odd.extend_from_slice(&[0xd2, 0xe0]);
        assert!(!is_pgp_symmetric_message(&odd));
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
