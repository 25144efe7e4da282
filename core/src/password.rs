//! Password hashing and verification: argon2id PHC strings (optionally peppered with a
//! server-held secret named by key id inside the PHC string) and legacy bcrypt hashes.

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, AssociatedData, Block, KeyId, ParamsBuilder, Version};
use zeroize::Zeroizing;

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
    /// The memory a hash needs could not be allocated.
    #[error("out of memory for password hashing")]
    OutOfMemory,
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

/// Everything needed to hash one password, validated: the expensive part is the `Work` it
/// hands out, which callers may run somewhere it can be stopped (a helper process).
pub struct Hasher {
    params: argon2::Params,
    secret: Option<Zeroizing<Vec<u8>>>,
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
    let secret = pepper.map(|p| Zeroizing::new(p.secret.to_vec()));
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
    /// The computation that hashes `password` (checked by the caller with `check_password`).
    pub fn work(&self, password: &[u8]) -> Work {
        let mut salt = [0u8; 64];
        let salt = self
            .salt
            .as_salt()
            .decode_b64(&mut salt)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        Work::Argon2(Argon2Work {
            algorithm: Algorithm::Argon2id,
            version: Version::V0x13,
            m_cost: self.params.m_cost(),
            t_cost: self.params.t_cost(),
            p_cost: self.params.p_cost(),
            data: Vec::new(),
            output_len: self
                .params
                .output_len()
                .unwrap_or(argon2::Params::DEFAULT_OUTPUT_LEN),
            secret: self.secret.clone().unwrap_or_default(),
            salt,
            password: Zeroizing::new(password.to_vec()),
        })
    }

    /// The PHC string of the hash `work` produced.
    pub fn finish(&self, output: &[u8]) -> Result<String, PasswordError> {
        let bad = |e: argon2::password_hash::Error| PasswordError::BadParams(e.to_string());
        let hash = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: argon2::password_hash::ParamsString::try_from(&self.params).map_err(bad)?,
            salt: Some(self.salt.as_salt()),
            hash: Some(Output::new(output).map_err(bad)?),
        };
        Ok(hash.to_string())
    }

    /// Hashes in this process: `work`, run here, then `finish`.
    pub fn run(&self, password: &[u8]) -> Result<String, PasswordError> {
        let output = self.work(password).run(&mut Arena::default())?;
        self.finish(&output)
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
/// against the limits, its pepper, its salt and digest decoded. `work` is the expensive
/// comparison's computation and `finish` its verdict.
pub struct Verifier {
    kind: Kind,
}

enum Kind {
    Bcrypt {
        cost: u32,
        salt: [u8; 16],
        digest: Vec<u8>,
    },
    Argon2 {
        algorithm: Algorithm,
        version: Version,
        params: argon2::Params,
        secret: Option<Zeroizing<Vec<u8>>>,
        salt: Vec<u8>,
        digest: Output,
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
        // Decoded as the bcrypt crate's verify() decodes them (its alphabet, no stray bits).
        use base64::Engine;
        let salt = bcrypt::BASE_64
            .decode(parts.get_salt())
            .ok()
            .and_then(|s| <[u8; 16]>::try_from(s).ok())
            .ok_or(PasswordError::MalformedHash)?;
        let digest = bcrypt::BASE_64
            .decode(&stored[stored.len() - 31..])
            .map_err(|_| PasswordError::MalformedHash)?;
        return Ok(Verifier {
            kind: Kind::Bcrypt { cost, salt, digest },
        });
    }
    if !stored.starts_with("$argon2") {
        return Err(PasswordError::MalformedHash);
    }
    let parsed = PasswordHash::new(stored).map_err(|_| PasswordError::MalformedHash)?;
    let (Some(salt), Some(digest)) = (parsed.salt, parsed.hash) else {
        return Err(PasswordError::MalformedHash);
    };
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
        Some(id) => Some(Zeroizing::new(
            pepper(&id).ok_or(PasswordError::UnknownPepper(id))?,
        )),
        None => None,
    };
    let mut salt_buf = [0u8; 64];
    let salt = salt
        .decode_b64(&mut salt_buf)
        .map_err(|_| PasswordError::MalformedHash)?
        .to_vec();
    // Everything the crate's verify_password() would refuse, refused here, before any work.
    if let Some(s) = &secret {
        Argon2::new_with_secret(s, algorithm, version, params.clone())
            .map_err(|_| PasswordError::MalformedHash)?;
    }
    if !(argon2::MIN_SALT_LEN..=argon2::MAX_SALT_LEN).contains(&salt.len()) {
        return Err(PasswordError::MalformedHash);
    }
    Ok(Verifier {
        kind: Kind::Argon2 {
            algorithm,
            version,
            params,
            secret,
            salt,
            digest,
        },
    })
}

impl Verifier {
    /// The computation that checks `password` (checked by the caller with `check_password`).
    pub fn work(&self, password: &[u8]) -> Work {
        match &self.kind {
            Kind::Bcrypt { cost, salt, .. } => {
                // bcrypt hashes the password with its terminating NUL, and at most 72 bytes.
                let mut key = Zeroizing::new(Vec::with_capacity(password.len() + 1));
                key.extend_from_slice(password);
                key.push(0);
                key.truncate(72);
                Work::Bcrypt(BcryptWork {
                    cost: *cost,
                    salt: *salt,
                    key,
                })
            }
            Kind::Argon2 {
                algorithm,
                version,
                params,
                secret,
                salt,
                digest,
            } => Work::Argon2(Argon2Work {
                algorithm: *algorithm,
                version: *version,
                m_cost: params.m_cost(),
                t_cost: params.t_cost(),
                p_cost: params.p_cost(),
                data: params.data().to_vec(),
                output_len: digest.len(),
                secret: secret.clone().unwrap_or_default(),
                salt: salt.clone(),
                password: Zeroizing::new(password.to_vec()),
            }),
        }
    }

    /// Whether the output of `work` is the stored digest (compared in constant time).
    pub fn finish(&self, output: &[u8]) -> bool {
        match &self.kind {
            Kind::Bcrypt { digest, .. } => {
                // bcrypt keeps 23 of the 24 bytes it computes.
                output.len() == 24 && constant_time_eq(&output[..23], digest)
            }
            Kind::Argon2 { digest, .. } => Output::new(output).is_ok_and(|o| &o == digest),
        }
    }

    /// Verifies in this process: `work`, run here, then `finish`.
    pub fn run(&self, password: &[u8]) -> Result<bool, PasswordError> {
        let output = self.work(password).run(&mut Arena::default())?;
        Ok(self.finish(&output))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
}

/// The expensive, pure part of hashing or verifying one password, as plain values: what the
/// isolated helper process receives (`encode`/`decode`) and computes (`run`). Everything was
/// validated and looked up before, in the backend.
pub enum Work {
    Argon2(Argon2Work),
    Bcrypt(BcryptWork),
}

pub struct Argon2Work {
    algorithm: Algorithm,
    version: Version,
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
    data: Vec<u8>,
    output_len: usize,
    secret: Zeroizing<Vec<u8>>,
    salt: Vec<u8>,
    password: Zeroizing<Vec<u8>>,
}

pub struct BcryptWork {
    cost: u32,
    salt: [u8; 16],
    key: Zeroizing<Vec<u8>>,
}

/// Memory argon2 fills, kept between computations: a process that hashes again and again
/// (the helper) allocates and faults it in once, not per password. Its contents need no
/// clearing between uses: argon2 writes every block before it reads it.
#[derive(Default)]
pub struct Arena {
    blocks: Vec<Block>,
}

impl Arena {
    /// At least `n` blocks. New memory is allocated fallibly (out of memory is an error, not
    /// an abort) and shown to `advise` (its address and length in bytes) before first use.
    fn blocks(
        &mut self,
        n: usize,
        advise: impl FnOnce(*mut u8, usize),
    ) -> Result<&mut [Block], PasswordError> {
        if self.blocks.len() < n {
            let mut fresh: Vec<Block> = Vec::new();
            fresh
                .try_reserve_exact(n)
                .map_err(|_| PasswordError::OutOfMemory)?;
            advise(fresh.as_mut_ptr().cast(), n * std::mem::size_of::<Block>());
            fresh.resize(n, Block::default());
            self.blocks = fresh;
        }
        Ok(&mut self.blocks[..n])
    }
}

impl Work {
    /// A bare argon2 computation of `output_len` bytes, without secret or associated data:
    /// a key derivation (`passphrase`) run by the same helper as password hashes. `cost` is
    /// (memory KiB, iterations, lanes), checked by the caller.
    pub fn raw_argon2(
        algorithm: Algorithm,
        version: Version,
        cost: (u32, u32, u32),
        salt: &[u8],
        password: &[u8],
        output_len: usize,
    ) -> Work {
        Work::Argon2(Argon2Work {
            algorithm,
            version,
            m_cost: cost.0,
            t_cost: cost.1,
            p_cost: cost.2,
            data: Vec::new(),
            output_len,
            secret: Zeroizing::new(Vec::new()),
            salt: salt.to_vec(),
            password: Zeroizing::new(password.to_vec()),
        })
    }

    /// Computes the output: argon2's digest or bcrypt's 24 bytes.
    pub fn run(&self, arena: &mut Arena) -> Result<Zeroizing<Vec<u8>>, PasswordError> {
        self.run_advised(arena, |_, _| {})
    }

    /// `run`, with `advise` shown any memory the arena allocates for it (the helper asks
    /// for huge pages there).
    pub fn run_advised(
        &self,
        arena: &mut Arena,
        advise: impl FnOnce(*mut u8, usize),
    ) -> Result<Zeroizing<Vec<u8>>, PasswordError> {
        match self {
            Work::Bcrypt(w) => Ok(Zeroizing::new(
                crate::eksblowfish::bcrypt(w.cost, &w.salt, &w.key).to_vec(),
            )),
            Work::Argon2(w) => {
                let bad = |e: argon2::Error| PasswordError::BadParams(e.to_string());
                let mut b = ParamsBuilder::new();
                b.m_cost(w.m_cost)
                    .t_cost(w.t_cost)
                    .p_cost(w.p_cost)
                    .output_len(w.output_len);
                if !w.data.is_empty() {
                    b.data(AssociatedData::new(&w.data).map_err(bad)?);
                }
                let params = b.build().map_err(bad)?;
                let blocks = params.block_count();
                let argon = if w.secret.is_empty() {
                    Argon2::new(w.algorithm, w.version, params)
                } else {
                    Argon2::new_with_secret(&w.secret, w.algorithm, w.version, params)
                        .map_err(bad)?
                };
                let mut out = Zeroizing::new(vec![0u8; w.output_len]);
                argon
                    .hash_password_into_with_memory(
                        &w.password,
                        &w.salt,
                        &mut out,
                        arena.blocks(blocks, advise)?,
                    )
                    .map_err(bad)?;
                Ok(out)
            }
        }
    }

    /// The bytes the helper process receives. Holds the password: callers keep it zeroized.
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        // Allocated at its final size: growing would copy the password into a new buffer
        // and free the old one without zeroizing it.
        let capacity = 64
            + match self {
                Work::Argon2(w) => w.data.len() + w.secret.len() + w.salt.len() + w.password.len(),
                Work::Bcrypt(w) => w.salt.len() + w.key.len(),
            };
        let mut e = Zeroizing::new(Vec::with_capacity(capacity));
        let put = |e: &mut Vec<u8>, bytes: &[u8]| {
            e.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            e.extend_from_slice(bytes);
        };
        match self {
            Work::Argon2(w) => {
                e.push(1);
                e.push(match w.algorithm {
                    Algorithm::Argon2d => 0,
                    Algorithm::Argon2i => 1,
                    Algorithm::Argon2id => 2,
                });
                for n in [
                    u32::from(w.version),
                    w.m_cost,
                    w.t_cost,
                    w.p_cost,
                    w.output_len as u32,
                ] {
                    e.extend_from_slice(&n.to_le_bytes());
                }
                put(&mut e, &w.data);
                put(&mut e, &w.secret);
                put(&mut e, &w.salt);
                put(&mut e, &w.password);
            }
            Work::Bcrypt(w) => {
                e.push(2);
                e.extend_from_slice(&w.cost.to_le_bytes());
                e.extend_from_slice(&w.salt);
                put(&mut e, &w.key);
            }
        }
        debug_assert!(e.len() <= capacity, "encode outgrew its buffer");
        e
    }

    /// The work `encode` described; None for anything else (never a panic).
    pub fn decode(bytes: &[u8]) -> Option<Work> {
        let mut r = Reader(bytes);
        let work = match r.take(1)?[0] {
            1 => {
                let algorithm = match r.take(1)?[0] {
                    0 => Algorithm::Argon2d,
                    1 => Algorithm::Argon2i,
                    2 => Algorithm::Argon2id,
                    _ => return None,
                };
                let version = Version::try_from(r.u32()?).ok()?;
                Work::Argon2(Argon2Work {
                    algorithm,
                    version,
                    m_cost: r.u32()?,
                    t_cost: r.u32()?,
                    p_cost: r.u32()?,
                    output_len: r.u32()? as usize,
                    data: r.bytes()?.to_vec(),
                    secret: Zeroizing::new(r.bytes()?.to_vec()),
                    salt: r.bytes()?.to_vec(),
                    password: Zeroizing::new(r.bytes()?.to_vec()),
                })
            }
            2 => {
                let cost = r.u32()?;
                let salt = r.take(16)?.try_into().ok()?;
                let key = Zeroizing::new(r.bytes()?.to_vec());
                if cost > 31 || key.is_empty() || key.len() > 72 {
                    return None;
                }
                Work::Bcrypt(BcryptWork { cost, salt, key })
            }
            _ => return None,
        };
        r.0.is_empty().then_some(work)
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.0.split_at_checked(n)?;
        self.0 = tail;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
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

    /// The extension's own computation against the crates' complete verify functions.
    fn crate_verify(password: &[u8], stored: &str, secret: Option<&[u8]>) -> bool {
        if stored.starts_with("$2") {
            return bcrypt::verify(password, stored).unwrap();
        }
        use argon2::password_hash::PasswordVerifier;
        let parsed = PasswordHash::new(stored).unwrap();
        let argon = match secret {
            Some(s) => Argon2::new_with_secret(
                s,
                Algorithm::default(),
                Version::default(),
                argon2::Params::default(),
            )
            .unwrap(),
            None => Argon2::default(),
        };
        argon.verify_password(password, &parsed).is_ok()
    }

    #[test]
    fn argon2_verification_equals_the_crate() {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let secret = b"0123456789abcdef0123456789abcdef".to_vec();
        for (i, (alg, version, out_len, data, keyid)) in [
            (Algorithm::Argon2id, Version::V0x13, 32, &b""[..], None),
            (Algorithm::Argon2i, Version::V0x13, 16, &b""[..], None),
            (Algorithm::Argon2d, Version::V0x10, 64, &b""[..], None),
            (Algorithm::Argon2id, Version::V0x10, 10, &b"assoc"[..], None),
            (
                Algorithm::Argon2id,
                Version::V0x13,
                32,
                &b""[..],
                Some("p1"),
            ),
            (
                Algorithm::Argon2i,
                Version::V0x13,
                48,
                &b"x"[..],
                Some("p2"),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let mut b = ParamsBuilder::new();
            b.m_cost(64 + 8 * i as u32)
                .t_cost(1 + i as u32 % 3)
                .p_cost(1 + i as u32 % 2)
                .output_len(out_len);
            if !data.is_empty() {
                b.data(AssociatedData::new(data).unwrap());
            }
            if let Some(k) = keyid {
                b.keyid(KeyId::new(k.as_bytes()).unwrap());
            }
            let params = b.build().unwrap();
            let argon = match keyid {
                Some(_) => Argon2::new_with_secret(&secret, alg, version, params).unwrap(),
                None => Argon2::new(alg, version, params),
            };
            let salt = SaltString::encode_b64(&[i as u8 + 1; 16]).unwrap();
            let stored = argon.hash_password(b"right", &salt).unwrap().to_string();
            let lookup = |_: &str| Some(secret.clone());
            for pw in [&b"right"[..], b"wrong", b"righ", "r\u{e9}ght".as_bytes()] {
                let ours = verify(pw, &stored, lookup).unwrap();
                let theirs = crate_verify(pw, &stored, keyid.map(|_| &secret[..]));
                assert_eq!(ours, theirs, "{stored} / {pw:?}");
                assert_eq!(ours, pw == b"right");
            }
        }
    }

    #[test]
    fn argon2_hashes_equal_the_crate() {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let p = Pepper {
            id: "p1",
            secret: b"0123456789abcdef0123456789abcdef",
        };
        for pepper in [None, Some(&p)] {
            let ours = hash(b"pw", FAST, pepper, &[5; 16]).unwrap();
            let mut b = ParamsBuilder::new();
            b.m_cost(FAST.memory_kib)
                .t_cost(FAST.iterations)
                .p_cost(FAST.parallelism);
            if let Some(p) = pepper {
                b.keyid(KeyId::new(p.id.as_bytes()).unwrap());
            }
            let params = b.build().unwrap();
            let argon = match pepper {
                Some(p) => {
                    Argon2::new_with_secret(p.secret, Algorithm::Argon2id, Version::V0x13, params)
                        .unwrap()
                }
                None => Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            };
            let theirs = argon
                .hash_password(b"pw", &SaltString::encode_b64(&[5; 16]).unwrap())
                .unwrap()
                .to_string();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn bcrypt_verification_equals_the_crate() {
        let long = "\u{e9}".repeat(40);
        for (i, pw) in [
            "a",
            "hunter2",
            "p\u{e4}ssw\u{f6}rd",
            &"x".repeat(71),
            &"y".repeat(72),
            &"z".repeat(100),
            &long,
        ]
        .into_iter()
        .enumerate()
        {
            let stored = bcrypt::hash_with_salt(pw, 4 + i as u32 % 2, [i as u8; 16])
                .unwrap()
                .to_string();
            let mut other = pw.as_bytes().to_vec();
            other[0] ^= 1;
            for candidate in [pw.as_bytes(), &other, &pw.as_bytes()[..pw.len().min(72)]] {
                assert_eq!(
                    verify(candidate, &stored, no_pepper).unwrap(),
                    crate_verify(candidate, &stored, None),
                    "{stored}"
                );
            }
        }
        // A salt with stray low bits in its last character: the crate refuses it, and so do we.
        let h = bcrypt::hash_with_salt("pw", 4, [0; 16])
            .unwrap()
            .to_string();
        let stray = format!("{}{}{}", &h[..28], "/", &h[29..]);
        assert!(bcrypt::verify("pw", &stray).is_err());
        assert_eq!(
            verify(b"pw", &stray, no_pepper),
            Err(PasswordError::MalformedHash)
        );
    }

    #[test]
    fn work_survives_its_encoding() {
        let h = hasher(FAST, Limits::default(), None, &[9; 16]).unwrap();
        let bytes = h.work(b"pw").encode();
        let again = Work::decode(&bytes).unwrap();
        assert_eq!(*again.encode(), *bytes);
        let out = again.run(&mut Arena::default()).unwrap();
        assert_eq!(
            h.finish(&out).unwrap(),
            hash(b"pw", FAST, None, &[9; 16]).unwrap()
        );
        let b = bcrypt::hash_with_salt("pw", 4, [1; 16])
            .unwrap()
            .to_string();
        let v = verifier(&b, Limits::default(), no_pepper).unwrap();
        let bytes = v.work(b"pw").encode();
        assert!(
            v.finish(
                &Work::decode(&bytes)
                    .unwrap()
                    .run(&mut Arena::default())
                    .unwrap()
            )
        );
        // Truncated, extended or retagged encodings are refused.
        assert!(Work::decode(&bytes[..bytes.len() - 1]).is_none());
        assert!(Work::decode(&[&bytes[..], &[0]].concat()).is_none());
        assert!(Work::decode(&[&[7u8][..], &bytes[1..]].concat()).is_none());
    }

    #[test]
    fn one_arena_serves_every_size() {
        let mut arena = Arena::default();
        for m in [512u32, 64, 1024, 256] {
            let cost = Cost {
                memory_kib: m,
                ..FAST
            };
            let h = hasher(cost, Limits::default(), None, &[3; 16]).unwrap();
            let out = h.work(b"pw").run(&mut arena).unwrap();
            assert_eq!(
                h.finish(&out).unwrap(),
                hash(b"pw", cost, None, &[3; 16]).unwrap()
            );
        }
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

        // Any bytes handed to the helper: a work item or None, never a panic.
        #[test]
        fn arbitrary_work_encodings_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = Work::decode(&bytes);
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
