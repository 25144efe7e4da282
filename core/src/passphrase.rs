//! Passphrases as caller-supplied credential keys (the seed API
//! `encrypt_credential_value(value, 'passphrase')`).
//!
//! A key argument in the format of a raw key (32 bytes as 64 hex digits or base64, see
//! `keys::parse_key`) is used as it is. Anything else is a passphrase: it is stretched with
//! argon2id into a 256-bit key, with a random salt and the cost parameters recorded in the
//! envelope header (`envelope::Kdf`), so decryption derives the same key whatever the
//! defaults are by then.
//!
//! Deriving costs tens of milliseconds by design, so the backend keeps a small cache of derived
//! keys ([`DerivedKeys`]). The cache is keyed by an HMAC of the passphrase under a secret that
//! lives only in the backend's memory: the passphrase itself is never stored, and a fast hash
//! of it (which would let a memory dump be guessed offline much faster than argon2 allows) is
//! never kept either.

use argon2::{Algorithm, Version};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::envelope::Key;
use crate::keys::parse_key;
use crate::password::Work;

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

/// Bounds on parameters read from an envelope: a stored value must not make one decryption
/// allocate or compute without limit.
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
pub const MAX_ITERATIONS: u32 = 16;
pub const MAX_PARALLELISM: u8 = 8;

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

/// Classifies a key argument for encryption: a raw key when it parses as one, else a
/// passphrase of acceptable length.
pub fn classify(text: &str) -> Result<ExplicitKey, PassphraseError> {
    if text.len() > MAX_BYTES {
        return Err(PassphraseError::TooLong);
    }
    if let Ok(key) = parse_key(text) {
        return Ok(ExplicitKey::Raw(Zeroizing::new(key)));
    }
    passphrase(text).map(ExplicitKey::Passphrase)
}

/// Checks and normalizes a passphrase (for decrypting an envelope that says it was made with
/// one: then the argument is a passphrase even if it looks like a raw key).
pub fn passphrase(text: &str) -> Result<Zeroizing<String>, PassphraseError> {
    if text.len() > MAX_BYTES {
        return Err(PassphraseError::TooLong);
    }
    let normalized = Zeroizing::new(text.nfc().collect::<String>());
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
    let key: Key = out.as_slice().try_into().ok()?;
    Some(Zeroizing::new(key))
}

type Tag = [u8; 32];

/// A bounded, per-backend cache of derived keys, and of the salt this backend encrypts each
/// passphrase under (one salt per passphrase and parameters, so repeated encryptions with the
/// same passphrase derive once). Least recently used entries go first; an evicted key is
/// zeroized as it is dropped.
pub struct DerivedKeys {
    secret: Zeroizing<[u8; 32]>,
    capacity: usize,
    // Most recently used last.
    keys: Vec<(Tag, Zeroizing<Key>)>,
    salts: Vec<(Tag, [u8; SALT_LEN])>,
}

impl DerivedKeys {
    /// `secret` must be random and private to the process (it keys the cache's tags).
    pub fn new(secret: [u8; 32], capacity: usize) -> Self {
        DerivedKeys {
            secret: Zeroizing::new(secret),
            capacity: capacity.max(1),
            keys: Vec::new(),
            salts: Vec::new(),
        }
    }

    fn tag(&self, purpose: &[u8], passphrase: &str, params: &KdfParams, salt: &[u8]) -> Tag {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.secret.as_slice())
            .expect("HMAC takes keys of any length");
        // Fixed-width fields first, the variable-length passphrase last: no two inputs encode
        // alike.
        mac.update(purpose);
        mac.update(&params.memory_kib.to_be_bytes());
        mac.update(&params.iterations.to_be_bytes());
        mac.update(&[params.parallelism, salt.len() as u8]);
        mac.update(salt);
        mac.update(passphrase.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn touch<V>(entries: &mut Vec<(Tag, V)>, tag: &Tag) -> Option<usize> {
        let i = entries.iter().position(|(t, _)| t == tag)?;
        let entry = entries.remove(i);
        entries.push(entry);
        Some(entries.len() - 1)
    }

    fn put<V>(entries: &mut Vec<(Tag, V)>, capacity: usize, tag: Tag, value: V) {
        entries.retain(|(t, _)| *t != tag);
        while entries.len() >= capacity {
            entries.remove(0);
        }
        entries.push((tag, value));
    }

    /// The derived key for (passphrase, params, salt), if cached.
    pub fn key(
        &mut self,
        passphrase: &str,
        params: &KdfParams,
        salt: &[u8],
    ) -> Option<Zeroizing<Key>> {
        let tag = self.tag(b"key", passphrase, params, salt);
        let i = Self::touch(&mut self.keys, &tag)?;
        Some(self.keys[i].1.clone())
    }

    pub fn insert_key(&mut self, passphrase: &str, params: &KdfParams, salt: &[u8], key: &Key) {
        let tag = self.tag(b"key", passphrase, params, salt);
        Self::put(&mut self.keys, self.capacity, tag, Zeroizing::new(*key));
    }

    /// The salt this backend encrypts `passphrase` under, if it has chosen one.
    pub fn encryption_salt(
        &mut self,
        passphrase: &str,
        params: &KdfParams,
    ) -> Option<[u8; SALT_LEN]> {
        let tag = self.tag(b"salt", passphrase, params, b"");
        let i = Self::touch(&mut self.salts, &tag)?;
        Some(self.salts[i].1)
    }

    pub fn set_encryption_salt(
        &mut self,
        passphrase: &str,
        params: &KdfParams,
        salt: [u8; SALT_LEN],
    ) {
        let tag = self.tag(b"salt", passphrase, params, b"");
        Self::put(&mut self.salts, self.capacity, tag, salt);
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
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
                memory_kib: 15,
                parallelism: 2,
                ..DEFAULT_PARAMS
            },
        ] {
            assert!(!bad.is_acceptable(), "{bad:?}");
        }
    }

    #[test]
    fn cache_hits_only_for_the_same_passphrase_params_and_salt() {
        let mut c = DerivedKeys::new([1; 32], 4);
        let salt = [5u8; SALT_LEN];
        assert!(c.key("passphrase one", &CHEAP, &salt).is_none());
        c.insert_key("passphrase one", &CHEAP, &salt, &[9; 32]);
        assert_eq!(*c.key("passphrase one", &CHEAP, &salt).unwrap(), [9; 32]);
        assert!(c.key("passphrase two", &CHEAP, &salt).is_none());
        assert!(c.key("passphrase one", &CHEAP, &[6; SALT_LEN]).is_none());
        assert!(c.key("passphrase one", &DEFAULT_PARAMS, &salt).is_none());
        assert!(c.encryption_salt("passphrase one", &CHEAP).is_none());
        c.set_encryption_salt("passphrase one", &CHEAP, salt);
        assert_eq!(c.encryption_salt("passphrase one", &CHEAP), Some(salt));
    }

    #[test]
    fn cache_is_bounded_and_evicts_the_least_recently_used() {
        let mut c = DerivedKeys::new([2; 32], 3);
        for i in 0..3u8 {
            c.insert_key(&format!("passphrase {i}"), &CHEAP, &[i; SALT_LEN], &[i; 32]);
        }
        // Using entry 0 makes entry 1 the oldest.
        assert!(c.key("passphrase 0", &CHEAP, &[0; SALT_LEN]).is_some());
        c.insert_key("passphrase 3", &CHEAP, &[3; SALT_LEN], &[3; 32]);
        assert_eq!(c.len(), 3);
        assert!(c.key("passphrase 1", &CHEAP, &[1; SALT_LEN]).is_none());
        assert!(c.key("passphrase 0", &CHEAP, &[0; SALT_LEN]).is_some());
        assert!(c.key("passphrase 3", &CHEAP, &[3; SALT_LEN]).is_some());
        for i in 0..10u8 {
            c.set_encryption_salt(&format!("p {i}"), &CHEAP, [i; SALT_LEN]);
        }
        assert_eq!(c.salts.len(), 3);
    }

    #[test]
    fn cache_tags_depend_on_the_process_secret_and_hold_no_passphrase() {
        let a = DerivedKeys::new([1; 32], 2);
        let b = DerivedKeys::new([2; 32], 2);
        let salt = [0u8; SALT_LEN];
        let ta = a.tag(b"key", "a secret passphrase", &CHEAP, &salt);
        assert_ne!(ta, b.tag(b"key", "a secret passphrase", &CHEAP, &salt));
        assert!(
            !ta.windows(8).any(|w| w == b"a secret"),
            "the tag must not contain the passphrase"
        );
        assert_ne!(ta, a.tag(b"salt", "a secret passphrase", &CHEAP, &salt));
    }
}
