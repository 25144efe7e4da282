//! Passphrases as caller-supplied credential keys (the seed API
//! `encrypt_credential_value(value, 'passphrase')`).
//!
//! For encryption, a key argument is a raw key only when it is written exactly as one: 64 hex
//! digits, or 44 characters of padded base64 (ending in `=`) of 32 bytes. Anything else is a
//! passphrase (a 43-character phrase of letters and dashes also decodes as unpadded base64, so
//! looser rules would use a human phrase as an AES key without stretching it): it is stretched with
//! argon2id into a 256-bit key, with a random salt and the cost parameters recorded in the
//! envelope header (`envelope::Kdf`), so decryption derives the same key whatever the
//! defaults are by then. Decryption follows the envelope: a raw-key envelope reads its key
//! argument as `keys::parse_key` always has, so envelopes made before these rules still open.
//!
//! Deriving costs tens of milliseconds by design, so the backend keeps a small cache of derived
//! keys ([`DerivedKeys`]). The cache is keyed by an HMAC of the passphrase under a secret that
//! lives only in the backend's memory: the passphrase itself is never stored, and a fast hash
//! of it (which would let a memory dump be guessed offline much faster than argon2 allows) is
//! never kept either. Entries also belong to a [`Scope`] (the roles and authenticated
//! organization of the caller), so a later client of a pooled connection can neither time a
//! guess against an earlier client's cached key nor be handed its salt.

use argon2::{Algorithm, Version};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::envelope::Key;
use crate::password::Work;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Shortest passphrase accepted, in characters. A passphrase is guessable in proportion to how
/// short it is; twelve characters is the usual floor for a secret that guards data at rest,
/// and still lets the seeds' own example (`'encryption_key'`, 14) through.
pub const MIN_CHARS: usize = 12;
/// Longest key argument accepted, in bytes: a passphrase is typed, not a document, and the
/// bound keeps a hostile argument from costing more than a check of its length.
pub const MAX_BYTES: usize = 1024;
/// Salt length written into every passphrase envelope.
pub const SALT_LEN: usize = 16;
/// Identifier of argon2id version 0x13 in the envelope's KDF header.
pub const KDF_ARGON2ID: u8 = 1;

/// argon2id cost parameters as the envelope records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u8,
}

/// The parameters new envelopes are written with: OWASP's argon2id recommendation (19 MiB,
/// two passes, one lane), the same cost the project's password hashes default to.
pub const DEFAULT_PARAMS: KdfParams = KdfParams {
    memory_kib: 19 * 1024,
    iterations: 2,
    parallelism: 1,
};

/// Bounds on parameters read from an envelope, near the defaults: anyone who may store a value
/// can write any header, and one decryption must not cost much more than one made with the
/// defaults (about 3x the memory, 2x the passes).
pub const MAX_MEMORY_KIB: u32 = 64 * 1024;
pub const MAX_ITERATIONS: u32 = 4;
pub const MAX_PARALLELISM: u8 = 4;

impl KdfParams {
    /// Whether a decryption may run with these parameters (argon2's own minimums included).
    pub fn is_acceptable(&self) -> bool {
        (1..=MAX_PARALLELISM).contains(&self.parallelism)
            && (1..=MAX_ITERATIONS).contains(&self.iterations)
            && self.memory_kib >= 8 * u32::from(self.parallelism)
            && self.memory_kib <= MAX_MEMORY_KIB
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseError {
    #[error("a passphrase must have at least {MIN_CHARS} characters")]
    TooShort,
    #[error("a key or passphrase must be at most {MAX_BYTES} bytes")]
    TooLong,
}

/// What a key argument turned out to be.
pub enum ExplicitKey {
    Raw(Zeroizing<Key>),
    /// The passphrase in Unicode normalization form C, so that the same phrase typed on
    /// systems that compose accents differently derives the same key.
    Passphrase(Zeroizing<String>),
}

/// Classifies a key argument for encryption: a raw key when it is written exactly as one
/// (see [`raw_key`]), else a passphrase of acceptable length.
pub fn classify(text: &str) -> Result<ExplicitKey, PassphraseError> {
    if text.len() > MAX_BYTES {
        return Err(PassphraseError::TooLong);
    }
    if let Some(key) = raw_key(text) {
        return Ok(ExplicitKey::Raw(key));
    }
    passphrase(text).map(ExplicitKey::Passphrase)
}

/// A raw key written in one of the two exact forms encryption accepts: 64 hex digits, or
/// standard base64 of 32 bytes with its padding (44 characters, the last one `=`). No
/// surrounding whitespace, no unpadded or URL-safe base64.
pub fn raw_key(text: &str) -> Option<Zeroizing<Key>> {
    let mut key = Zeroizing::new([0u8; 32]);
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode_to_slice(text, key.as_mut_slice()).ok()?;
        return Some(key);
    }
    if text.len() == 44 && text.ends_with('=') {
        // decode_slice writes into the zeroized buffer; 33 bytes of room so that a decoded
        // length other than 32 is seen rather than refused for want of space.
        let mut buf = Zeroizing::new([0u8; 33]);
        let n = STANDARD.decode_slice(text, buf.as_mut_slice()).ok()?;
        if n == 32 {
            key.copy_from_slice(&buf[..32]);
            return Some(key);
        }
    }
    None
}

/// Checks and normalizes a passphrase (for decrypting an envelope that says it was made with
/// one: then the argument is a passphrase even if it looks like a raw key).
pub fn passphrase(text: &str) -> Result<Zeroizing<String>, PassphraseError> {
    if text.len() > MAX_BYTES {
        return Err(PassphraseError::TooLong);
    }
    // NFC can grow a string (up to 3x for some scripts): reserve that up front so the
    // passphrase is never copied by a reallocation that would leave the old buffer behind.
    let mut normalized = Zeroizing::new(String::with_capacity(text.len() * 3));
    normalized.extend(text.nfc());
    if normalized.chars().count() < MIN_CHARS {
        return Err(PassphraseError::TooShort);
    }
    Ok(normalized)
}

/// The argon2id computation that derives the key of `passphrase` (already normalized) for
/// `salt` and `params`; the caller runs it where it can be stopped (the backend's helper
/// process) and takes the 32-byte output as the key.
pub fn derivation(passphrase: &str, params: &KdfParams, salt: &[u8]) -> Work {
    Work::raw_argon2(
        Algorithm::Argon2id,
        Version::V0x13,
        (
            params.memory_kib,
            params.iterations,
            u32::from(params.parallelism),
        ),
        salt,
        passphrase.as_bytes(),
        32,
    )
}

/// Derives in this process (tests and tools; the backend uses [`derivation`]).
pub fn derive(passphrase: &str, params: &KdfParams, salt: &[u8]) -> Option<Zeroizing<Key>> {
    let out = derivation(passphrase, params, salt)
        .run(&mut crate::password::Arena::default())
        .ok()?;
    key_from_output(&out)
}

/// The 32-byte key in a derivation's output, copied straight into zeroized storage (no key
/// left behind on the stack); None for any other length.
pub fn key_from_output(out: &[u8]) -> Option<Zeroizing<Key>> {
    if out.len() != 32 {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(out);
    Some(key)
}

type Tag = [u8; 32];

/// Who a cache entry belongs to: the session user and current user (role OIDs) and the
/// organization authenticate() established (0 when none). A pooled connection serves many
/// clients in turn; an entry made for one is invisible to a caller that differs in any of
/// these, so its timing and its salt tell that caller nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope {
    pub session_user: u32,
    pub current_user: u32,
    pub organization_id: i64,
}

/// One cache slot. Slots are allocated once and overwritten in place: moving entries around
/// (as a list ordered by use would) leaves copies of keys in memory that is no longer watched.
struct Slot<V> {
    tag: Tag,
    value: V,
    /// Tick of the last use; 0 = empty.
    used: u64,
}

/// A bounded, per-backend cache of derived keys, and of the salt this backend encrypts each
/// passphrase under (one salt per passphrase, parameters and scope, so repeated encryptions
/// with the same passphrase derive once). The least recently used entry is overwritten first;
/// keys are zeroized when overwritten and when the cache is dropped.
pub struct DerivedKeys {
    secret: Zeroizing<[u8; 32]>,
    tick: u64,
    keys: Vec<Slot<Zeroizing<Key>>>,
    salts: Vec<Slot<[u8; SALT_LEN]>>,
}

impl DerivedKeys {
    /// `secret` must be random and private to the process (it keys the cache's tags).
    pub fn new(secret: [u8; 32], capacity: usize) -> Self {
        let capacity = capacity.max(1);
        DerivedKeys {
            secret: Zeroizing::new(secret),
            tick: 0,
            keys: (0..capacity)
                .map(|_| Slot {
                    tag: [0; 32],
                    value: Zeroizing::new([0; 32]),
                    used: 0,
                })
                .collect(),
            salts: (0..capacity)
                .map(|_| Slot {
                    tag: [0; 32],
                    value: [0; SALT_LEN],
                    used: 0,
                })
                .collect(),
        }
    }

    fn tag(
        &self,
        purpose: &[u8],
        scope: &Scope,
        passphrase: &str,
        params: &KdfParams,
        salt: &[u8],
    ) -> Tag {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.secret.as_slice())
            .expect("HMAC takes keys of any length");
        // Fixed-width fields first, the variable-length passphrase last: no two inputs encode
        // alike (every purpose is 3 or 4 bytes and its own first byte differs).
        mac.update(purpose);
        mac.update(&scope.session_user.to_be_bytes());
        mac.update(&scope.current_user.to_be_bytes());
        mac.update(&scope.organization_id.to_be_bytes());
        mac.update(&params.memory_kib.to_be_bytes());
        mac.update(&params.iterations.to_be_bytes());
        mac.update(&[params.parallelism, salt.len() as u8]);
        mac.update(salt);
        mac.update(passphrase.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    fn find<'a, V>(slots: &'a mut [Slot<V>], tag: &Tag, tick: u64) -> Option<&'a mut Slot<V>> {
        let slot = slots.iter_mut().find(|s| s.used != 0 && s.tag == *tag)?;
        slot.used = tick;
        Some(slot)
    }

    /// The slot to (over)write for `tag`: its own, else an empty one, else the least recently
    /// used.
    fn victim<'a, V>(slots: &'a mut [Slot<V>], tag: &Tag) -> &'a mut Slot<V> {
        let i = slots
            .iter()
            .position(|s| s.used != 0 && s.tag == *tag)
            .unwrap_or_else(|| {
                slots
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, s)| s.used)
                    .map(|(i, _)| i)
                    .expect("at least one slot")
            });
        &mut slots[i]
    }

    /// The derived key for (passphrase, params, salt) in `scope`, if cached.
    pub fn key(
        &mut self,
        scope: &Scope,
        passphrase: &str,
        params: &KdfParams,
        salt: &[u8],
    ) -> Option<Zeroizing<Key>> {
        let tag = self.tag(b"key", scope, passphrase, params, salt);
        let tick = self.next_tick();
        let slot = Self::find(&mut self.keys, &tag, tick)?;
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(slot.value.as_slice());
        Some(key)
    }

    pub fn insert_key(
        &mut self,
        scope: &Scope,
        passphrase: &str,
        params: &KdfParams,
        salt: &[u8],
        key: &Key,
    ) {
        let tag = self.tag(b"key", scope, passphrase, params, salt);
        let tick = self.next_tick();
        let slot = Self::victim(&mut self.keys, &tag);
        slot.tag = tag;
        slot.value.copy_from_slice(key);
        slot.used = tick;
    }

    /// The salt this backend encrypts `passphrase` under in `scope`, if it has chosen one.
    pub fn encryption_salt(
        &mut self,
        scope: &Scope,
        passphrase: &str,
        params: &KdfParams,
    ) -> Option<[u8; SALT_LEN]> {
        let tag = self.tag(b"salt", scope, passphrase, params, b"");
        let tick = self.next_tick();
        Self::find(&mut self.salts, &tag, tick).map(|s| s.value)
    }

    pub fn set_encryption_salt(
        &mut self,
        scope: &Scope,
        passphrase: &str,
        params: &KdfParams,
        salt: [u8; SALT_LEN],
    ) {
        let tag = self.tag(b"salt", scope, passphrase, params, b"");
        let tick = self.next_tick();
        let slot = Self::victim(&mut self.salts, &tag);
        slot.tag = tag;
        slot.value = salt;
        slot.used = tick;
    }

    /// Number of cached keys.
    pub fn len(&self) -> usize {
        self.keys.iter().filter(|s| s.used != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Cheap parameters keep the unit tests fast; the defaults are exercised once.
    const CHEAP: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn raw_keys_stay_raw_and_everything_else_is_a_passphrase() {
        let hex = "0f".repeat(32);
        assert!(matches!(classify(&hex), Ok(ExplicitKey::Raw(k)) if *k == [0x0f; 32]));
        assert!(matches!(
            classify("encryption_key"),
            Ok(ExplicitKey::Passphrase(p)) if p.as_str() == "encryption_key"
        ));
        // 64 hex digits of the wrong length of key is not a key: a passphrase.
        assert!(matches!(
            classify(&"ab".repeat(16)),
            Ok(ExplicitKey::Passphrase(_))
        ));
        let padded = STANDARD.encode([7u8; 32]);
        assert_eq!(padded.len(), 44);
        assert!(matches!(classify(&padded), Ok(ExplicitKey::Raw(k)) if *k == [7; 32]));
    }

    #[test]
    fn only_exact_raw_key_forms_skip_stretching() {
        // The review's phrase: 43 url-safe characters decode as unpadded base64 of 32 bytes.
        for phrase in [
            "correct-horse-battery-staple-over-the-moonA",
            "correct-horse-battery-staple-over-the-moonQ",
            "correct-horse-battery-staple-over-the-moong",
            "correct-horse-battery-staple-over-the-moonw",
        ] {
            assert!(
                matches!(classify(phrase), Ok(ExplicitKey::Passphrase(_))),
                "{phrase}"
            );
        }
        let hex = "0f".repeat(32);
        let b64 = STANDARD.encode([9u8; 32]);
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([250u8; 32]);
        for not_exact in [
            format!(" {hex}"),
            format!("{hex}\n"),
            b64.trim_end_matches('=').to_string(),
            url,
            format!("{b64}\n"),
            // 44 characters ending in '=' that do not decode to 32 bytes.
            format!("{}==", &b64[..42]),
            format!("{}!=", &b64[..42]),
        ] {
            assert!(
                matches!(classify(&not_exact), Ok(ExplicitKey::Passphrase(_))),
                "{not_exact:?}"
            );
        }
    }

    #[test]
    fn length_limits() {
        assert_eq!(classify("").err(), Some(PassphraseError::TooShort));
        assert_eq!(
            classify("elevenchars").err(),
            Some(PassphraseError::TooShort)
        );
        assert!(classify("twelve chars").is_ok());
        // Characters, not bytes: twelve two-byte letters pass, eleven do not.
        assert!(classify(&"\u{e9}".repeat(12)).is_ok());
        assert_eq!(
            classify(&"\u{e9}".repeat(11)).err(),
            Some(PassphraseError::TooShort)
        );
        assert!(classify(&"x".repeat(MAX_BYTES)).is_ok());
        assert_eq!(
            classify(&"x".repeat(MAX_BYTES + 1)).err(),
            Some(PassphraseError::TooLong)
        );
        assert_eq!(
            classify(&"x".repeat(1 << 20)).err(),
            Some(PassphraseError::TooLong)
        );
    }

    #[test]
    fn composed_and_decomposed_accents_are_one_passphrase() {
        let composed = passphrase("caf\u{e9} au lait!").unwrap();
        let decomposed = passphrase("cafe\u{301} au lait!").unwrap();
        assert_eq!(composed.as_str(), decomposed.as_str());
    }

    #[test]
    fn derivation_is_argon2id_and_depends_on_every_input() {
        let salt = [3u8; SALT_LEN];
        let k = derive("correct horse battery", &CHEAP, &salt).unwrap();
        assert_eq!(k, derive("correct horse battery", &CHEAP, &salt).unwrap());
        assert_ne!(k, derive("correct horse batterz", &CHEAP, &salt).unwrap());
        assert_ne!(
            k,
            derive("correct horse battery", &CHEAP, &[4; SALT_LEN]).unwrap()
        );
        let other = KdfParams {
            iterations: 2,
            ..CHEAP
        };
        assert_ne!(k, derive("correct horse battery", &other, &salt).unwrap());
        // The same computation through the argon2 crate's own API.
        let mut expected = [0u8; 32];
        argon2::Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            argon2::Params::new(64, 1, 1, Some(32)).unwrap(),
        )
        .hash_password_into(b"correct horse battery", &salt, &mut expected)
        .unwrap();
        assert_eq!(*k, expected);
    }

    #[test]
    fn default_parameters_are_acceptable_and_bounds_hold() {
        assert!(DEFAULT_PARAMS.is_acceptable());
        // The caps stay near the defaults (review: 256 MiB x 16 passes x 8 lanes was allowed).
        assert!(
            KdfParams {
                memory_kib: 64 * 1024,
                iterations: 4,
                parallelism: 4
            }
            .is_acceptable()
        );
        assert!(
            !KdfParams {
                memory_kib: 256 * 1024,
                iterations: 16,
                parallelism: 8
            }
            .is_acceptable()
        );
        assert!(derive("default parameters", &DEFAULT_PARAMS, &[0; SALT_LEN]).is_some());
        for bad in [
            KdfParams {
                memory_kib: MAX_MEMORY_KIB + 1,
                ..DEFAULT_PARAMS
            },
            KdfParams {
                iterations: 0,
                ..DEFAULT_PARAMS
            },
            KdfParams {
                iterations: MAX_ITERATIONS + 1,
                ..DEFAULT_PARAMS
            },
            KdfParams {
                parallelism: 0,
                ..DEFAULT_PARAMS
            },
            KdfParams {
                parallelism: MAX_PARALLELISM + 1,
                ..DEFAULT_PARAMS
            },
            KdfParams {
                memory_kib: 15,
                parallelism: 2,
                ..DEFAULT_PARAMS
            },
        ] {
            assert!(!bad.is_acceptable(), "{bad:?}");
        }
    }

    const S: Scope = Scope {
        session_user: 10,
        current_user: 10,
        organization_id: 0,
    };

    #[test]
    fn cache_hits_only_for_the_same_passphrase_params_and_salt() {
        let mut c = DerivedKeys::new([1; 32], 4);
        let salt = [5u8; SALT_LEN];
        assert!(c.is_empty());
        assert!(c.key(&S, "passphrase one", &CHEAP, &salt).is_none());
        c.insert_key(&S, "passphrase one", &CHEAP, &salt, &[9; 32]);
        assert_eq!(
            *c.key(&S, "passphrase one", &CHEAP, &salt).unwrap(),
            [9; 32]
        );
        assert!(c.key(&S, "passphrase two", &CHEAP, &salt).is_none());
        assert!(
            c.key(&S, "passphrase one", &CHEAP, &[6; SALT_LEN])
                .is_none()
        );
        assert!(
            c.key(&S, "passphrase one", &DEFAULT_PARAMS, &salt)
                .is_none()
        );
        assert!(c.encryption_salt(&S, "passphrase one", &CHEAP).is_none());
        c.set_encryption_salt(&S, "passphrase one", &CHEAP, salt);
        assert_eq!(c.encryption_salt(&S, "passphrase one", &CHEAP), Some(salt));
    }

    #[test]
    fn entries_of_one_scope_are_invisible_to_another() {
        let mut c = DerivedKeys::new([1; 32], 4);
        let salt = [5u8; SALT_LEN];
        c.insert_key(&S, "shared passphrase", &CHEAP, &salt, &[9; 32]);
        c.set_encryption_salt(&S, "shared passphrase", &CHEAP, salt);
        for other in [
            Scope {
                session_user: 11,
                ..S
            },
            Scope {
                current_user: 11,
                ..S
            },
            Scope {
                organization_id: 2,
                ..S
            },
        ] {
            assert!(c.key(&other, "shared passphrase", &CHEAP, &salt).is_none());
            assert!(
                c.encryption_salt(&other, "shared passphrase", &CHEAP)
                    .is_none()
            );
        }
        assert!(c.key(&S, "shared passphrase", &CHEAP, &salt).is_some());
    }

    #[test]
    fn cache_is_bounded_and_evicts_the_least_recently_used() {
        let mut c = DerivedKeys::new([2; 32], 3);
        for i in 0..3u8 {
            c.insert_key(
                &S,
                &format!("passphrase {i}"),
                &CHEAP,
                &[i; SALT_LEN],
                &[i; 32],
            );
        }
        // Using entry 0 makes entry 1 the oldest.
        assert!(c.key(&S, "passphrase 0", &CHEAP, &[0; SALT_LEN]).is_some());
        c.insert_key(&S, "passphrase 3", &CHEAP, &[3; SALT_LEN], &[3; 32]);
        assert_eq!(c.len(), 3);
        assert!(c.key(&S, "passphrase 1", &CHEAP, &[1; SALT_LEN]).is_none());
        assert_eq!(
            *c.key(&S, "passphrase 0", &CHEAP, &[0; SALT_LEN]).unwrap(),
            [0; 32]
        );
        assert_eq!(
            *c.key(&S, "passphrase 3", &CHEAP, &[3; SALT_LEN]).unwrap(),
            [3; 32]
        );
        // Re-inserting an entry overwrites its own slot, not another.
        c.insert_key(&S, "passphrase 3", &CHEAP, &[3; SALT_LEN], &[4; 32]);
        assert_eq!(
            *c.key(&S, "passphrase 3", &CHEAP, &[3; SALT_LEN]).unwrap(),
            [4; 32]
        );
        assert!(c.key(&S, "passphrase 2", &CHEAP, &[2; SALT_LEN]).is_some());
        for i in 0..10u8 {
            c.set_encryption_salt(&S, &format!("p {i}"), &CHEAP, [i; SALT_LEN]);
        }
        assert_eq!(c.salts.len(), 3);
        assert_eq!(c.encryption_salt(&S, "p 9", &CHEAP), Some([9; SALT_LEN]));
        assert!(c.encryption_salt(&S, "p 0", &CHEAP).is_none());
        // Slots are allocated once: no growth, no reallocation leaving key copies behind.
        assert_eq!(c.keys.len(), 3);
    }

    #[test]
    fn cache_tags_depend_on_the_process_secret_and_hold_no_passphrase() {
        let a = DerivedKeys::new([1; 32], 2);
        let b = DerivedKeys::new([2; 32], 2);
        let salt = [0u8; SALT_LEN];
        let ta = a.tag(b"key", &S, "a secret passphrase", &CHEAP, &salt);
        assert_ne!(ta, b.tag(b"key", &S, "a secret passphrase", &CHEAP, &salt));
        assert!(
            !ta.windows(8).any(|w| w == b"a secret"),
            "the tag must not contain the passphrase"
        );
        assert_ne!(ta, a.tag(b"salt", &S, "a secret passphrase", &CHEAP, &salt));
    }

    #[test]
    fn derived_keys_come_out_whole_or_not_at_all() {
        assert!(key_from_output(&[1; 31]).is_none());
        assert!(key_from_output(&[1; 33]).is_none());
        assert_eq!(*key_from_output(&[1; 32]).unwrap(), [1; 32]);
    }
}
