//! Password hashing and verification: argon2id PHC strings (optionally peppered with a
//! server-held secret named by key id inside the PHC string) and legacy bcrypt hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, KeyId, ParamsBuilder, Version};

/// Longest accepted password, in bytes. Long enough for any passphrase, short enough that a
/// megabyte "password" cannot be used to make the server hash megabytes.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Longest stored hash accepted, in bytes. Real argon2 PHC strings are about 100 bytes and
/// bcrypt hashes 60; anything longer is not a hash this extension wrote or should trust.
pub const MAX_HASH_BYTES: usize = 512;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password must not be empty")]
    Empty,
    #[error("password is longer than {MAX_PASSWORD_BYTES} bytes")]
    TooLong,
    #[error("password hash is malformed or of an unsupported kind")]
    MalformedHash,
    #[error("password hash names pepper \"{0}\", which the server does not hold")]
    UnknownPepper(String),
    #[error("invalid password hashing parameters: {0}")]
    BadParams(String),
    /// The hash asks for more work or memory than the server allows. Checked before any work
    /// or allocation, so a planted hash cannot exhaust memory or CPU.
    #[error("password hash cost exceeds the server limit: {0}")]
    CostTooHigh(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

/// The most work a stored hash may ask for. A hash is attacker-controlled input as soon as
/// anyone can pass one to verify_password() or plant one in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_memory_kib: u32,
    pub max_iterations: u32,
    pub max_parallelism: u32,
    pub max_bcrypt_cost: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_memory_kib: 65536,
            max_iterations: 10,
            max_parallelism: 4,
            max_bcrypt_cost: 14,
        }
    }
}

impl Limits {
    fn check_argon2(&self, m: u32, t: u32, p: u32) -> Result<(), PasswordError> {
        let over = |what: &str, got: u32, max: u32| {
            Err(PasswordError::CostTooHigh(format!(
                "argon2 {what} {got} is above {max}"
            )))
        };
        if m > self.max_memory_kib {
            return over("memory (KiB)", m, self.max_memory_kib);
        }
        if t > self.max_iterations {
            return over("iterations", t, self.max_iterations);
        }
        if p > self.max_parallelism {
            return over("parallelism", p, self.max_parallelism);
        }
        Ok(())
    }
}

/// A server-held pepper: a secret mixed into argon2 as its key, named by an id of at most 8
/// bytes that the PHC string records, so old hashes keep verifying after the pepper rotates.
pub struct Pepper<'a> {
    pub id: &'a str,
    pub secret: &'a [u8],
}

pub fn check_password(password: &[u8]) -> Result<(), PasswordError> {
    if password.is_empty() {
        Err(PasswordError::Empty)
    } else if password.len() > MAX_PASSWORD_BYTES {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

/// Everything needed to hash one password, validated: the expensive part is `run`, which
/// callers may execute somewhere it can be stopped (a child process).
pub struct Hasher {
    params: argon2::Params,
    secret: Option<zeroize::Zeroizing<Vec<u8>>>,
    salt: SaltString,
}

/// Validates cost, limits and pepper for a new hash; no hashing happens here.
pub fn hasher(
    cost: Cost,
    limits: Limits,
    pepper: Option<&Pepper<'_>>,
    salt: &[u8; 16],
) -> Result<Hasher, PasswordError> {
    limits.check_argon2(cost.memory_kib, cost.iterations, cost.parallelism)?;
    let mut b = ParamsBuilder::new();
    b.m_cost(cost.memory_kib)
        .t_cost(cost.iterations)
        .p_cost(cost.parallelism);
    if let Some(p) = pepper {
        b.keyid(
            KeyId::new(p.id.as_bytes())
                .map_err(|_| PasswordError::BadParams("pepper id longer than 8 bytes".into()))?,
        );
    }
    let params = b
        .build()
        .map_err(|e| PasswordError::BadParams(e.to_string()))?;
    let secret = pepper.map(|p| zeroize::Zeroizing::new(p.secret.to_vec()));
    if let Some(s) = &secret {
        Argon2::new_with_secret(s, Algorithm::Argon2id, Version::V0x13, params.clone())
            .map_err(|e| PasswordError::BadParams(e.to_string()))?;
    }
    let salt = SaltString::encode_b64(salt).map_err(|e| PasswordError::BadParams(e.to_string()))?;
    Ok(Hasher {
        params,
        secret,
        salt,
    })
}

impl Hasher {
    /// The PHC string of `password` (checked by the caller with `check_password`).
    pub fn run(&self, password: &[u8]) -> Result<String, PasswordError> {
        let argon = match &self.secret {
            Some(s) => {
                Argon2::new_with_secret(s, Algorithm::Argon2id, Version::V0x13, self.params.clone())
                    .map_err(|e| PasswordError::BadParams(e.to_string()))?
            }
            None => Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone()),
        };
        argon
            .hash_password(password, &self.salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::BadParams(e.to_string()))
    }
}

fn is_bcrypt(hash: &str) -> bool {
    ["$2a$", "$2b$", "$2y$"].iter().any(|p| hash.starts_with(p))
}

/// The pepper id recorded in an argon2 PHC string, if any.
fn pepper_id(parsed: &PasswordHash<'_>) -> Option<String> {
    parsed
        .params
        .get("keyid")
        .and_then(|v| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(v.as_str())
                .ok()
        })
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// A stored hash that has passed every check that needs no hashing: its format, its cost
/// against the limits, its pepper. `run` does the expensive comparison.
pub struct Verifier {
    stored: String,
    kind: Kind,
}

enum Kind {
    Bcrypt,
    Argon2 {
        algorithm: Algorithm,
        version: Version,
        params: argon2::Params,
        secret: Option<Vec<u8>>,
    },
}

/// Parses and bounds a stored hash. A malformed hash is an error, never `false`: a corrupt
/// row must not look like a wrong password. `pepper` looks up a pepper secret by id.
pub fn verifier(
    stored: &str,
    limits: Limits,
    pepper: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<Verifier, PasswordError> {
    if stored.len() > MAX_HASH_BYTES {
        return Err(PasswordError::MalformedHash);
    }
    if is_bcrypt(stored) {
        let parts: bcrypt::HashParts = stored.parse().map_err(|_| PasswordError::MalformedHash)?;
        // split_hash accepts any cost; bcrypt itself only 4..=31.
        let cost = parts.get_cost();
        if !(4..=31).contains(&cost) || stored.len() != 60 {
            return Err(PasswordError::MalformedHash);
        }
        if cost > limits.max_bcrypt_cost {
            return Err(PasswordError::CostTooHigh(format!(
                "bcrypt cost {cost} is above {}",
                limits.max_bcrypt_cost
            )));
        }
        return Ok(Verifier {
            stored: stored.to_string(),
            kind: Kind::Bcrypt,
        });
    }
    if !stored.starts_with("$argon2") {
        return Err(PasswordError::MalformedHash);
    }
    let parsed = PasswordHash::new(stored).map_err(|_| PasswordError::MalformedHash)?;
    if parsed.hash.is_none() || parsed.salt.is_none() {
        return Err(PasswordError::MalformedHash);
    }
    let algorithm =
        Algorithm::try_from(parsed.algorithm).map_err(|_| PasswordError::MalformedHash)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|_| PasswordError::MalformedHash)?
        .unwrap_or(Version::V0x13);
    let params = argon2::Params::try_from(&parsed).map_err(|_| PasswordError::MalformedHash)?;
    limits.check_argon2(params.m_cost(), params.t_cost(), params.p_cost())?;
    let secret = match pepper_id(&parsed) {
        Some(id) => Some(pepper(&id).ok_or(PasswordError::UnknownPepper(id))?),
        None => None,
    };
    Ok(Verifier {
        stored: stored.to_string(),
        kind: Kind::Argon2 {
            algorithm,
            version,
            params,
            secret,
        },
    })
}

impl Verifier {
    /// Whether `password` (checked by the caller with `check_password`) matches.
    pub fn run(&self, password: &[u8]) -> Result<bool, PasswordError> {
        match &self.kind {
            Kind::Bcrypt => {
                bcrypt::verify(password, &self.stored).map_err(|_| PasswordError::MalformedHash)
            }
            Kind::Argon2 {
                algorithm,
                version,
                params,
                secret,
            } => {
                // Parsed again only to borrow its salt and digest; verifier() checked it.
                let parsed =
                    PasswordHash::new(&self.stored).map_err(|_| PasswordError::MalformedHash)?;
                let argon = match secret {
                    Some(s) => Argon2::new_with_secret(s, *algorithm, *version, params.clone())
                        .map_err(|_| PasswordError::MalformedHash)?,
                    None => Argon2::new(*algorithm, *version, params.clone()),
                };
                use argon2::password_hash::PasswordVerifier;
                match argon.verify_password(password, &parsed) {
                    Ok(()) => Ok(true),
                    Err(argon2::password_hash::Error::Password) => Ok(false),
                    Err(_) => Err(PasswordError::MalformedHash),
                }
            }
        }
    }
}

/// A PHC string with the shape and cost of a real hash of `cost` but a random digest that no
/// password produces. Verifying against it costs exactly a real verification, so an unknown
/// account can be made to take as long as a wrong password without hashing anything first.
pub fn decoy(cost: Cost, pepper_id: Option<&str>, salt: &[u8; 16], digest: &[u8; 32]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let keyid = pepper_id
        .map(|id| format!(",keyid={}", b64.encode(id.as_bytes())))
        .unwrap_or_default();
    format!(
        "$argon2id$v=19$m={},t={},p={}{keyid}${}${}",
        cost.memory_kib,
        cost.iterations,
        cost.parallelism,
        b64.encode(salt),
        b64.encode(digest)
    )
}

/// Whether a stored hash should be replaced on the next successful login: bcrypt, another
/// argon2 variant, other costs, or another pepper than the current one.
pub fn needs_rehash(
    stored: &str,
    cost: Cost,
    current_pepper: Option<&str>,
) -> Result<bool, PasswordError> {
    if stored.len() > MAX_HASH_BYTES {
        return Err(PasswordError::MalformedHash);
    }
    if is_bcrypt(stored) {
        return Ok(true);
    }
    if !stored.starts_with("$argon2") {
        return Err(PasswordError::MalformedHash);
    }
    let parsed = PasswordHash::new(stored).map_err(|_| PasswordError::MalformedHash)?;
    let params = argon2::Params::try_from(&parsed).map_err(|_| PasswordError::MalformedHash)?;
    Ok(parsed.algorithm.as_str() != "argon2id"
        || params.m_cost() != cost.memory_kib
        || params.t_cost() != cost.iterations
        || params.p_cost() != cost.parallelism
        || pepper_id(&parsed).as_deref() != current_pepper)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The extension splits these in two (checks in the backend, the work in a child process);
    // the tests run both halves in one call.
    fn hash(
        password: &[u8],
        cost: Cost,
        pepper: Option<&Pepper<'_>>,
        salt: &[u8; 16],
    ) -> Result<String, PasswordError> {
        check_password(password)?;
        hasher(cost, Limits::default(), pepper, salt)?.run(password)
    }

    fn verify(
        password: &[u8],
        stored: &str,
        pepper: impl Fn(&str) -> Option<Vec<u8>>,
    ) -> Result<bool, PasswordError> {
        check_password(password)?;
        verifier(stored, Limits::default(), pepper)?.run(password)
    }

    const FAST: Cost = Cost {
        memory_kib: 256,
        iterations: 1,
        parallelism: 1,
    };

    fn no_pepper(_: &str) -> Option<Vec<u8>> {
        None
    }

    #[test]
    fn argon2id_round_trip() {
        let h = hash(b"correct horse", FAST, None, &[1; 16]).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=256,t=1,p=1$"));
        assert!(verify(b"correct horse", &h, no_pepper).unwrap());
        assert!(!verify(b"wrong horse", &h, no_pepper).unwrap());
    }

    #[test]
    fn pepper_is_named_in_the_hash_and_required() {
        let p = Pepper {
            id: "p1",
            secret: b"server-side-secret",
        };
        let h = hash(b"pw", FAST, Some(&p), &[2; 16]).unwrap();
        assert!(h.contains("keyid="));
        let lookup = |id: &str| (id == "p1").then(|| b"server-side-secret".to_vec());
        assert!(verify(b"pw", &h, lookup).unwrap());
        assert_eq!(
            verify(b"pw", &h, no_pepper),
            Err(PasswordError::UnknownPepper("p1".into()))
        );
        let wrong = |_: &str| Some(b"other".to_vec());
        assert!(!verify(b"pw", &h, wrong).unwrap());
    }

    #[test]
    fn legacy_bcrypt_verifies_in_all_prefixes() {
        let h = bcrypt::hash_with_salt("hunter2", 4, [3; 16]).unwrap();
        for prefix in ["2a", "2b", "2y"] {
            let s = h.format_for_version(match prefix {
                "2a" => bcrypt::Version::TwoA,
                "2b" => bcrypt::Version::TwoB,
                _ => bcrypt::Version::TwoY,
            });
            assert!(verify(b"hunter2", &s, no_pepper).unwrap(), "{prefix}");
            assert!(!verify(b"hunter3", &s, no_pepper).unwrap(), "{prefix}");
            assert!(needs_rehash(&s, FAST, None).unwrap());
        }
    }

    #[test]
    fn malformed_hashes_are_errors() {
        for bad in [
            "",
            "plain",
            "$argon2id$garbage",
            "$2b$04$short",
            "$argon2id$v=19$m=256,t=1,p=1$AAAA",
        ] {
            assert_eq!(
                verify(b"pw", bad, no_pepper),
                Err(PasswordError::MalformedHash),
                "{bad}"
            );
        }
    }

    #[test]
    fn limits_are_enforced() {
        assert_eq!(hash(b"", FAST, None, &[0; 16]), Err(PasswordError::Empty));
        assert_eq!(
            hash(&[b'a'; 1025], FAST, None, &[0; 16]),
            Err(PasswordError::TooLong)
        );
        assert!(hash(&[b'a'; 1024], FAST, None, &[0; 16]).is_ok());
    }

    #[test]
    fn rehash_follows_cost_and_pepper() {
        let h = hash(b"pw", FAST, None, &[4; 16]).unwrap();
        assert!(!needs_rehash(&h, FAST, None).unwrap());
        assert!(
            needs_rehash(
                &h,
                Cost {
                    memory_kib: 512,
                    ..FAST
                },
                None
            )
            .unwrap()
        );
        assert!(needs_rehash(&h, FAST, Some("p1")).unwrap());
    }

    #[test]
    fn planted_costs_are_refused_before_any_work() {
        let started = std::time::Instant::now();
        for (bad, what) in [
            (
                "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "memory",
            ),
            (
                "$argon2id$v=19$m=256,t=4294967295,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "iterations",
            ),
            (
                "$argon2id$v=19$m=4096,t=1,p=255$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "parallelism",
            ),
        ] {
            match verify(b"x", bad, no_pepper) {
                Err(PasswordError::CostTooHigh(m)) => assert!(m.contains(what), "{m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        let b31 = bcrypt::hash_with_salt("x", 4, [0; 16])
            .unwrap()
            .to_string()
            .replacen("$04$", "$31$", 1);
        assert!(matches!(
            verify(b"x", &b31, no_pepper),
            Err(PasswordError::CostTooHigh(_))
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn new_hashes_respect_the_limits_too() {
        let limits = Limits {
            max_memory_kib: 128,
            ..Limits::default()
        };
        assert!(matches!(
            hasher(FAST, limits, None, &[0; 16]),
            Err(PasswordError::CostTooHigh(_))
        ));
    }

    #[test]
    fn decoy_costs_a_real_verification_and_never_matches() {
        let d = decoy(FAST, None, &[7; 16], &[9; 32]);
        assert!(!needs_rehash(&d, FAST, None).unwrap());
        assert_eq!(verify(b"anything", &d, no_pepper), Ok(false));
        let peppered = decoy(FAST, Some("p1"), &[7; 16], &[9; 32]);
        let lookup = |id: &str| (id == "p1").then(|| b"s".to_vec());
        assert_eq!(verify(b"anything", &peppered, lookup), Ok(false));
        assert!(!needs_rehash(&peppered, FAST, Some("p1")).unwrap());
    }

    #[test]
    fn overlong_hashes_are_malformed() {
        let long = format!(
            "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHQ${}",
            "A".repeat(600)
        );
        assert_eq!(
            verify(b"x", &long, no_pepper),
            Err(PasswordError::MalformedHash)
        );
    }

    proptest::proptest! {
        // Any string at all: an error or a verdict, never a panic, never unbounded work.
        #[test]
        fn arbitrary_stored_strings_never_panic(s in "\\PC{0,200}") {
            let _ = verifier(&s, Limits::default(), no_pepper);
            let _ = needs_rehash(&s, FAST, None);
        }

        // PHC strings with any parameters: accepted only within the limits.
        #[test]
        fn phc_parameters_are_bounded(
            alg in proptest::sample::select(vec!["argon2id", "argon2i", "argon2d", "argon2x"]),
            m in proptest::prop_oneof![0u64..70000, proptest::num::u64::ANY],
            t in proptest::prop_oneof![0u64..20, proptest::num::u64::ANY],
            p in proptest::prop_oneof![0u64..8, proptest::num::u64::ANY],
            salt in "[A-Za-z0-9+/]{0,40}",
            digest in "[A-Za-z0-9+/]{0,90}",
        ) {
            let s = format!("${alg}$v=19$m={m},t={t},p={p}${salt}${digest}");
            let limits = Limits::default();
            if let Ok(v) = verifier(&s, limits, no_pepper) {
                proptest::prop_assert!(m <= u64::from(limits.max_memory_kib));
                proptest::prop_assert!(t <= u64::from(limits.max_iterations));
                proptest::prop_assert!(p <= u64::from(limits.max_parallelism));
                if m <= 1024 && t <= 2 {
                    let _ = v.run(b"pw");
                }
            }
        }

        // bcrypt strings with any cost field: accepted only up to the limit.
        #[test]
        fn bcrypt_costs_are_bounded(cost in 0u32..100, tail in "[./A-Za-z0-9]{53}") {
            let s = format!("$2b${cost:02}${tail}");
            if verifier(&s, Limits::default(), no_pepper).is_ok() {
                proptest::prop_assert!((4..=14).contains(&cost));
            }
        }
    }
}
