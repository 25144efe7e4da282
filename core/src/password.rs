//! Password hashing and verification: argon2id PHC strings (optionally peppered with a
//! server-held secret named by key id inside the PHC string) and legacy bcrypt hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, KeyId, ParamsBuilder, Version};

/// Longest accepted password, in bytes. Long enough for any passphrase, short enough that a
/// megabyte "password" cannot be used to make the server hash megabytes.
pub const MAX_PASSWORD_BYTES: usize = 1024;

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

/// A server-held pepper: a secret mixed into argon2 as its key, named by an id of at most 8
/// bytes that the PHC string records, so old hashes keep verifying after the pepper rotates.
pub struct Pepper<'a> {
    pub id: &'a str,
    pub secret: &'a [u8],
}

fn check_password(password: &[u8]) -> Result<(), PasswordError> {
    if password.is_empty() {
        Err(PasswordError::Empty)
    } else if password.len() > MAX_PASSWORD_BYTES {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

/// Hashes with argon2id under `cost`, salted with `salt` (16 random bytes).
pub fn hash(
    password: &[u8],
    cost: Cost,
    pepper: Option<&Pepper<'_>>,
    salt: &[u8; 16],
) -> Result<String, PasswordError> {
    check_password(password)?;
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
    let argon = match pepper {
        Some(p) => Argon2::new_with_secret(p.secret, Algorithm::Argon2id, Version::V0x13, params)
            .map_err(|e| PasswordError::BadParams(e.to_string()))?,
        None => Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
    };
    let salt = SaltString::encode_b64(salt).map_err(|e| PasswordError::BadParams(e.to_string()))?;
    argon
        .hash_password(password, &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::BadParams(e.to_string()))
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

/// Verifies `password` against an argon2 PHC string or a bcrypt hash. A malformed hash is an
/// error, never `false`: a corrupt row must not look like a wrong password. `pepper` looks up
/// a pepper secret by id.
pub fn verify(
    password: &[u8],
    stored: &str,
    pepper: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<bool, PasswordError> {
    check_password(password)?;
    if is_bcrypt(stored) {
        return bcrypt::verify(password, stored).map_err(|_| PasswordError::MalformedHash);
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
    let params = argon2::Params::try_from(&parsed).map_err(|_| PasswordError::MalformedHash)?;
    let secret = match pepper_id(&parsed) {
        Some(id) => Some(pepper(&id).ok_or(PasswordError::UnknownPepper(id))?),
        None => None,
    };
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|_| PasswordError::MalformedHash)?
        .unwrap_or(Version::V0x13);
    let argon = match &secret {
        Some(s) => Argon2::new_with_secret(s, algorithm, version, params)
            .map_err(|_| PasswordError::MalformedHash)?,
        None => Argon2::new(algorithm, version, params),
    };
    use argon2::password_hash::PasswordVerifier;
    match argon.verify_password(password, &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(_) => Err(PasswordError::MalformedHash),
    }
}

/// Whether a stored hash should be replaced on the next successful login: bcrypt, another
/// argon2 variant, other costs, or another pepper than the current one.
pub fn needs_rehash(
    stored: &str,
    cost: Cost,
    current_pepper: Option<&str>,
) -> Result<bool, PasswordError> {
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
}
