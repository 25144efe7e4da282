//! Credential encryption: the keyring of data keys wrapped by a server-held master key, and the
//! SQL functions around the envelope of `officeauto_core::envelope`.
//!
//! Key hierarchy: the master key (32 bytes) comes only from the server configuration
//! (`officeauto.master_key_file` or `officeauto.master_key`, settable in postgresql.conf only).
//! It wraps random data keys kept in `officeauto.credential_keys`; values are encrypted under
//! the current data key. Rotating data keys re-encrypts values without touching the master key;
//! keys never travel as arguments of routine calls, so they cannot reach pg_stat_activity,
//! pg_stat_statements or the server log.

use crate::error::{OfficeError, Result};
use crate::gucs;
use crate::ids::random_bytes;
use officeauto_core::envelope::{
    self, FLAG_EXPLICIT_KEY, FLAG_ROW_BOUND, Kdf, Key, NONCE_LEN, is_pgp_symmetric_message,
    pgp_symmetric_header,
};
use officeauto_core::keys::parse_key;
use officeauto_core::passphrase::{self, DEFAULT_PARAMS, DerivedKeys, ExplicitKey, Scope};
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::search_path;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use zeroize::Zeroizing;

/// Associated data binding a wrapped data key to the keyring (the key id is in the header).
const WRAP_CONTEXT: &[u8] = b"officeauto.credential_keys";
/// Key id written into envelopes made with a caller-supplied key.
const EXPLICIT_KEY_ID: &str = "explicit";

/// Whether the library was loaded through shared_preload_libraries. Only then is the
/// `officeauto.master_key` setting defined (and so hidden from non-superusers) in every backend
/// from the start; otherwise it is a plain placeholder that anyone can SHOW until the library
/// loads, and the inline key is refused.
static PRELOADED: AtomicBool = AtomicBool::new(false);

pub fn mark_preloaded() {
    PRELOADED.store(true, Ordering::Relaxed);
}

thread_local! {
    // Unwrapped data keys of this backend. A key id always names the same key (the keyring
    // refuses to change or reuse one), so entries never go stale.
    static DATA_KEYS: RefCell<HashMap<String, Zeroizing<Key>>> = RefCell::new(HashMap::new());
    // The current key id as read by one command of one transaction: a statement encrypting
    // thousands of values looks the keyring up once. Any write in the transaction (such as
    // activate_credential_key) advances the command id, so this transaction sees its own
    // changes; another session's new key is seen from this session's next command, and values
    // encrypted meanwhile are under a key that stays valid until rotation.
    static CURRENT_KEY: RefCell<Option<((u32, u32), String)>> = const { RefCell::new(None) };
    // Keys derived from passphrases, and the salt this backend encrypts each passphrase under,
    // so that a statement encrypting or decrypting many values with one passphrase derives
    // once. Entries belong to the caller's scope (cache_scope). Created on first use with a
    // random tag secret; dies with the backend.
    static DERIVED: RefCell<Option<DerivedKeys>> = const { RefCell::new(None) };
}

/// Derived keys a backend keeps: a handful of passphrases in use at once is the real case,
/// and each entry is only 32 bytes plus its tag.
const DERIVED_KEYS_KEPT: usize = 16;

fn command_identity() -> (u32, u32) {
    // SAFETY: the command id is a plain read of transaction state.
    let command = unsafe { pgrx::pg_sys::GetCurrentCommandId(false) };
    (crate::context::local_transaction(), command)
}

/// The master key from the server configuration. Messages name the setting, never its value.
fn master_key() -> Result<Zeroizing<Key>> {
    if let Some(text) = gucs::text(&gucs::MASTER_KEY).map(Zeroizing::new) {
        if !PRELOADED.load(Ordering::Relaxed) {
            return Err(OfficeError::KeyConfig(
                "officeauto.master_key is honoured only when officeauto is in shared_preload_libraries \
                 (otherwise any user can read it before the library loads); use officeauto.master_key_file"
                    .into(),
            ));
        }
        return parse_key(&text).map(Zeroizing::new).map_err(|_| {
            OfficeError::KeyConfig(
                "officeauto.master_key is not 32 bytes written as 64 hex digits or base64".into(),
            )
        });
    }
    if let Some(path) = gucs::text(&gucs::MASTER_KEY_FILE) {
        return key_from_file(&path, "officeauto.master_key_file");
    }
    Err(OfficeError::NoServerKey)
}

fn key_from_file(path: &str, setting: &str) -> Result<Zeroizing<Key>> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| OfficeError::KeyConfig(format!("cannot read {setting}: {}", e.kind())))?,
    );
    parse_key(&text).map(Zeroizing::new).map_err(|_| {
        OfficeError::KeyConfig(format!(
            "{setting} does not hold 32 bytes written as 64 hex digits or base64"
        ))
    })
}

/// The master key being retired, during a master-key change (officeauto.master_key_previous_file).
fn previous_master_key() -> Result<Option<Zeroizing<Key>>> {
    gucs::text(&gucs::MASTER_KEY_PREVIOUS_FILE)
        .map(|p| key_from_file(&p, "officeauto.master_key_previous_file"))
        .transpose()
}

/// Unwraps a keyring entry with the current master key or, during a master-key change, the
/// previous one. Returns the key and whether the current master key was the one that worked.
fn unwrap_data_key(key_id: &str, wrapped: &[u8]) -> Result<(Zeroizing<Key>, bool)> {
    let sealed = envelope::parse(wrapped)?;
    let cannot_unwrap = || {
        OfficeError::KeyConfig(format!(
            "the configured master key cannot unwrap data key \"{key_id}\" (it is not the key the keyring was created with)"
        ))
    };
    if sealed.key_id != key_id {
        return Err(cannot_unwrap());
    }
    let as_key = |plain: Vec<u8>| -> Result<Zeroizing<Key>> {
        let plain = Zeroizing::new(plain);
        let key: Key = plain.as_slice().try_into().map_err(|_| cannot_unwrap())?;
        Ok(Zeroizing::new(key))
    };
    let master = master_key()?;
    if let Ok(plain) = sealed.open(&master, WRAP_CONTEXT) {
        return Ok((as_key(plain)?, true));
    }
    if let Some(previous) = previous_master_key()?
        && let Ok(plain) = sealed.open(&previous, WRAP_CONTEXT)
    {
        return Ok((as_key(plain)?, false));
    }
    Err(cannot_unwrap())
}

/// The data key `key_id`, unwrapped with the master key (cached per backend).
fn data_key(key_id: &str) -> Result<Zeroizing<Key>> {
    if let Some(k) = DATA_KEYS.with(|m| m.borrow().get(key_id).cloned()) {
        return Ok(k);
    }
    // Read-only SPI (select, not Spi::get_one*), so decryption works on a hot standby.
    let wrapped: Option<Vec<u8>> = Spi::connect(|client| {
        client
            .select(
                // A scalar sub-select always yields one row (NULL when absent): pgrx reports
                // an empty result as an error, not as None.
                "SELECT (SELECT wrapped_key FROM officeauto.credential_keys WHERE key_id = $1)",
                Some(1),
                &[key_id.into()],
            )?
            .first()
            .get_one()
    })?;
    let wrapped = wrapped.ok_or_else(|| OfficeError::UnknownKeyId(key_id.to_string()))?;
    let (key, _) = unwrap_data_key(key_id, &wrapped)?;
    DATA_KEYS.with(|m| m.borrow_mut().insert(key_id.to_string(), key.clone()));
    Ok(key)
}

/// Generates a data key, wraps it with the master key and stores it in the keyring.
fn create_data_key(key_id: Option<&str>, make_current: bool) -> Result<String> {
    crate::error::require_primary("creating a credential data key")?;
    let master = master_key()?;
    let key_id = match key_id {
        Some(k) => k.to_string(),
        None => Spi::get_one::<String>(
            "SELECT 'k' || (coalesce(max(id), 0) + 1) FROM officeauto.credential_keys",
        )?
        .unwrap_or_else(|| "k1".into()),
    };
    envelope::validate_key_id(&key_id)?;
    if key_id == EXPLICIT_KEY_ID {
        return Err(envelope::EnvelopeError::InvalidKeyId("\"explicit\" is reserved").into());
    }
    let dek = Zeroizing::new(random_bytes::<32>()?);
    let wrapped = envelope::seal(
        &master,
        &key_id,
        FLAG_ROW_BOUND,
        random_bytes::<NONCE_LEN>()?,
        dek.as_slice(),
        WRAP_CONTEXT,
    )?;
    if make_current {
        Spi::run("UPDATE officeauto.credential_keys SET is_current = false WHERE is_current")?;
    }
    Spi::run_with_args(
        "INSERT INTO officeauto.credential_keys (key_id, wrapped_key, is_current) VALUES ($1, $2, $3)",
        &[key_id.as_str().into(), wrapped.into(), make_current.into()],
    )?;
    // This transaction sees its own change at once.
    CURRENT_KEY.with(|c| *c.borrow_mut() = None);
    Ok(key_id)
}

/// The id of the current data key; the first use on a configured server creates one.
pub(crate) fn current_key_id() -> Result<String> {
    let id = command_identity();
    if let Some(k) = CURRENT_KEY.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(x, _)| *x == id)
            .map(|(_, k)| k.clone())
    }) {
        return Ok(k);
    }
    let k = lookup_current_key_id()?;
    // Read the id again: creating the first key is a write that advances the command id.
    CURRENT_KEY.with(|c| *c.borrow_mut() = Some((command_identity(), k.clone())));
    Ok(k)
}

fn lookup_current_key_id() -> Result<String> {
    let sql = "SELECT (SELECT key_id FROM officeauto.credential_keys WHERE is_current)";
    // Read-only SPI: encryption under an existing key works on a hot standby.
    if let Some(k) = Spi::connect(|c| c.select(sql, Some(1), &[])?.first().get_one::<String>())? {
        return Ok(k);
    }
    // Two first uses racing: the lock makes the second see the first one's key.
    Spi::run("SELECT pg_advisory_xact_lock(hashtext('officeauto.credential_keys'))")?;
    match Spi::get_one::<String>(sql)? {
        Some(k) => Ok(k),
        None => create_data_key(None, true),
    }
}

fn row_context(organization_id: i64, public_id: pgrx::Uuid) -> Vec<u8> {
    format!("officeauto.credentials:{organization_id}:{public_id}").into_bytes()
}

pub(crate) fn seal_with_current(plaintext: &[u8], flags: u8, context: &[u8]) -> Result<Vec<u8>> {
    let key_id = current_key_id()?;
    let key = data_key(&key_id)?;
    Ok(envelope::seal(
        &key,
        &key_id,
        flags,
        random_bytes::<NONCE_LEN>()?,
        plaintext,
        context,
    )?)
}

/// Opens an envelope made with a server-held key, bound to `context` if it is row-bound.
pub(crate) fn open_with_server_key(
    ciphertext: &[u8],
    context: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>> {
    if is_pgp_symmetric_message(ciphertext) {
        return Err(OfficeError::PgcryptoValue);
    }
    let sealed = envelope::parse(ciphertext)?;
    if sealed.is_explicit_key() {
        return Err(OfficeError::InvalidParameter {
            name: "ciphertext",
            reason: "it was encrypted with a caller-supplied key; pass that key".into(),
        });
    }
    if sealed.is_row_bound() && context.is_none() {
        return Err(OfficeError::InvalidParameter {
            name: "ciphertext",
            reason: "it is bound to a credential row; use officeauto.reveal_credential()".into(),
        });
    }
    let key = data_key(sealed.key_id)?;
    Ok(Zeroizing::new(
        sealed.open(&key, context.unwrap_or_default())?,
    ))
}

/// Runs `f` on this backend's derived-key cache, creating it (with a fresh random tag
/// secret) on first use. The secret is drawn before the cache is borrowed: drawing can fail,
/// and an error must not leave a half-made cache behind.
fn with_derived<R>(f: impl FnOnce(&mut DerivedKeys) -> R) -> Result<R> {
    if DERIVED.with(|d| d.borrow().is_none()) {
        let secret = random_bytes::<32>()?;
        DERIVED.with(|d| *d.borrow_mut() = Some(DerivedKeys::new(secret, DERIVED_KEYS_KEPT)));
    }
    Ok(DERIVED.with(|d| f(d.borrow_mut().as_mut().expect("created above"))))
}

/// Whose derived keys a call may use: the session user and current user, and the
/// organization authenticate() established in this transaction (0 when none). A pooled
/// connection passes from client to client under one login; another tenant authenticates
/// into another organization and so meets none of the earlier one's entries.
fn cache_scope() -> Scope {
    let organization_id = match crate::context::actor() {
        Ok(crate::context::Actor::User {
            organization_id, ..
        }) => organization_id,
        _ => 0,
    };
    // SAFETY: plain reads of the backend's role state.
    let (session_user, current_user) = unsafe { (pg_sys::GetSessionUserId(), pg_sys::GetUserId()) };
    Scope {
        session_user: session_user.into(),
        current_user: current_user.into(),
        organization_id,
    }
}

/// The key `passphrase` derives for `kdf`: from the cache, or computed by argon2id in the
/// backend's helper process (see isolate.rs: a cancel stops it, running out of memory there
/// does not take the backend down).
fn passphrase_key(scope: &Scope, passphrase: &str, kdf: &Kdf) -> Result<Zeroizing<Key>> {
    if let Some(k) = with_derived(|c| c.key(scope, passphrase, &kdf.params, &kdf.salt))? {
        return Ok(k);
    }
    let work = passphrase::derivation(passphrase, &kdf.params, &kdf.salt);
    let out = crate::identity::compute(&work)?.ok_or(OfficeError::OutOfResources(
        "the key derivation process returned no key",
    ))?;
    let key = passphrase::key_from_output(&out).ok_or(OfficeError::OutOfResources(
        "the key derivation process returned no key",
    ))?;
    with_derived(|c| c.insert_key(scope, passphrase, &kdf.params, &kdf.salt, &key))?;
    Ok(key)
}

/// The derivation and key this backend encrypts `passphrase` under: one random salt per
/// passphrase and scope for the life of the cache entry, so repeated encryptions derive once.
fn encryption_key_for(passphrase: &str) -> Result<(Kdf, Zeroizing<Key>)> {
    let scope = cache_scope();
    let salt = match with_derived(|c| c.encryption_salt(&scope, passphrase, &DEFAULT_PARAMS))? {
        Some(salt) => salt,
        None => random_bytes::<{ passphrase::SALT_LEN }>()?,
    };
    let kdf = Kdf {
        params: DEFAULT_PARAMS,
        salt,
    };
    let key = passphrase_key(&scope, passphrase, &kdf)?;
    with_derived(|c| c.set_encryption_salt(&scope, passphrase, &DEFAULT_PARAMS, salt))?;
    Ok((kdf, key))
}

fn key_argument_error(e: passphrase::PassphraseError) -> OfficeError {
    OfficeError::InvalidParameter {
        name: "key",
        reason: match e {
            passphrase::PassphraseError::TooShort => format!(
                "a passphrase must have at least {} characters (a raw key is 32 bytes written as exactly 64 hex digits or 44 characters of padded base64)",
                passphrase::MIN_CHARS
            ),
            passphrase::PassphraseError::TooLong => {
                format!(
                    "a key or passphrase must be at most {} bytes",
                    passphrase::MAX_BYTES
                )
            }
        },
    }
}

fn into_text(plain: Zeroizing<Vec<u8>>) -> Result<String> {
    String::from_utf8(plain.to_vec()).map_err(|_| OfficeError::NotText)
}

/// Encrypts a value under the server's current data key (seed API).
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn encrypt_credential_value(value: &str) -> std::result::Result<Vec<u8>, ErrorReport> {
    Ok(seal_with_current(value.as_bytes(), 0, b"")?)
}

/// Encrypts a value under a caller-supplied key (seed API with an explicit key): a raw
/// 256-bit key, or else a passphrase stretched with argon2id. NULL value: NULL; NULL key: an
/// error (encrypting under no key must not quietly store nothing).
#[pg_extern(name = "encrypt_credential_value", volatile, parallel_restricted)]
fn encrypt_credential_value_with_key(
    value: Option<&str>,
    key: Option<&str>,
) -> std::result::Result<Option<Vec<u8>>, ErrorReport> {
    // The statement holds the key or passphrase: never print it with an error.
    crate::context::hide_statement_from_log();
    Ok(encrypt_with_key(value, key)?)
}

fn encrypt_with_key(value: Option<&str>, key: Option<&str>) -> Result<Option<Vec<u8>>> {
    let key = key.ok_or(OfficeError::NullArgument("key"))?;
    let kind = passphrase::classify(key).map_err(key_argument_error)?;
    let Some(value) = value else {
        return Ok(None);
    };
    if value.len() > envelope::MAX_PLAINTEXT_LEN {
        // Before a derivation that would be wasted.
        return Err(envelope::EnvelopeError::TooLarge(value.len()).into());
    }
    let nonce = random_bytes::<NONCE_LEN>()?;
    let sealed = match kind {
        ExplicitKey::Raw(key) => envelope::seal(
            &key,
            EXPLICIT_KEY_ID,
            FLAG_EXPLICIT_KEY,
            nonce,
            value.as_bytes(),
            b"",
        )?,
        ExplicitKey::Passphrase(phrase) => {
            let (kdf, key) = encryption_key_for(&phrase)?;
            envelope::seal_passphrase(&key, EXPLICIT_KEY_ID, &kdf, nonce, value.as_bytes())?
        }
    };
    Ok(Some(sealed))
}

/// Decrypts a value made by `encrypt_credential_value(text)` (not bound to a row).
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn decrypt_credential_value(ciphertext: &[u8]) -> std::result::Result<String, ErrorReport> {
    Ok(into_text(open_with_server_key(ciphertext, None)?)?)
}

/// Decrypts a value made by `encrypt_credential_value(text, key)` with the same key or
/// passphrase (the envelope says which it was). NULL ciphertext: NULL; NULL key: an error.
#[pg_extern(name = "decrypt_credential_value", volatile, parallel_restricted)]
fn decrypt_credential_value_with_key(
    ciphertext: Option<&[u8]>,
    key: Option<&str>,
) -> std::result::Result<Option<String>, ErrorReport> {
    crate::context::hide_statement_from_log();
    Ok(decrypt_with_key(ciphertext, key)?)
}

fn decrypt_with_key(ciphertext: Option<&[u8]>, key: Option<&str>) -> Result<Option<String>> {
    let key = key.ok_or(OfficeError::NullArgument("key"))?;
    if key.len() > passphrase::MAX_BYTES {
        return Err(key_argument_error(passphrase::PassphraseError::TooLong));
    }
    let Some(ciphertext) = ciphertext else {
        return Ok(None);
    };
    if is_pgp_symmetric_message(ciphertext) {
        return Err(OfficeError::PgcryptoValue);
    }
    let sealed = envelope::parse(ciphertext)?;
    if !sealed.is_explicit_key() {
        return Err(OfficeError::InvalidParameter {
            name: "key",
            reason: "the ciphertext was encrypted with a server-held key; call decrypt_credential_value(bytea)".into(),
        });
    }
    let plain = match &sealed.kdf {
        Some(kdf) => {
            let phrase = passphrase::passphrase(key).map_err(key_argument_error)?;
            let derived = passphrase_key(&cache_scope(), &phrase, kdf)?;
            sealed.open(&derived, b"").map_err(|e| match e {
                envelope::EnvelopeError::AuthenticationFailed => OfficeError::WrongPassphrase,
                other => other.into(),
            })?
        }
        None => {
            let raw = parse_key(key).map(Zeroizing::new).map_err(|_| {
                OfficeError::InvalidParameter {
                    name: "key",
                    reason: "the ciphertext was encrypted with a raw key: 32 bytes written as 64 hex digits or base64".into(),
                }
            })?;
            sealed.open(&raw, b"")?
        }
    };
    Ok(Some(into_text(Zeroizing::new(plain))?))
}

/// Internal: encrypts under the current key, bound to one credential row.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn _seal_credential(
    value: &str,
    organization_id: i64,
    public_id: pgrx::Uuid,
) -> std::result::Result<Vec<u8>, ErrorReport> {
    Ok(seal_with_current(
        value.as_bytes(),
        FLAG_ROW_BOUND,
        &row_context(organization_id, public_id),
    )?)
}

/// Internal: decrypts the value of one credential row.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn _open_credential(
    ciphertext: &[u8],
    organization_id: i64,
    public_id: pgrx::Uuid,
) -> std::result::Result<String, ErrorReport> {
    let ctx = row_context(organization_id, public_id);
    Ok(into_text(open_with_server_key(ciphertext, Some(&ctx))?)?)
}

/// Internal: re-encrypts a row's value under the current key, bound to the row. Returns the
/// input unchanged when it is already bound and under the current key, so re-running a
/// rotation does no work twice. Values under a caller-supplied key are returned unchanged, and
/// so are pgcrypto messages copied from the seed schema by an administrator: they wait, stored
/// as they are, for import_pgcrypto_credentials(), which alone has the passphrase to read them.
/// Such a message is admitted only from a superuser or officeauto_admin login (judged on the
/// session user, like the context settings): the server cannot check what it holds, and an
/// application must not be able to store anything, cleartext included, that the server does
/// not encrypt.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn _reseal_credential(
    ciphertext: &[u8],
    organization_id: i64,
    public_id: pgrx::Uuid,
) -> std::result::Result<Vec<u8>, ErrorReport> {
    // The first byte of an OpenPGP session key packet (0xC3 new format, 0x8C/0x8D old): no
    // envelope starts so. Whatever follows, only an administrator gets further, and only with
    // a complete pgcrypto message header.
    if matches!(ciphertext.first(), Some(0xC3 | 0x8C | 0x8D)) {
        if !crate::context::may_set_context_directly() {
            return Err(OfficeError::PgcryptoValueNotAllowed.into());
        }
        if !is_pgp_symmetric_message(ciphertext) {
            return Err(OfficeError::from(envelope::EnvelopeError::Malformed(
                "an OpenPGP value that is not a complete pgp_sym_encrypt message",
            ))
            .into());
        }
        return Ok(ciphertext.to_vec());
    }
    let sealed = envelope::parse(ciphertext).map_err(OfficeError::from)?;
    if sealed.is_explicit_key() {
        return Ok(ciphertext.to_vec());
    }
    let current = current_key_id()?;
    if sealed.is_row_bound() && sealed.key_id == current {
        return Ok(ciphertext.to_vec());
    }
    let ctx = row_context(organization_id, public_id);
    let plain = open_with_server_key(ciphertext, sealed.is_row_bound().then_some(&ctx[..]))?;
    Ok(seal_with_current(&plain, FLAG_ROW_BOUND, &ctx)?)
}

/// The key id an envelope names (`explicit` for a caller-supplied key or passphrase); NULL for
/// NULL input and for a pgcrypto message not yet imported (it names no officeauto key).
#[pg_extern(immutable, parallel_safe)]
fn credential_key_id(ciphertext: &[u8]) -> std::result::Result<Option<String>, ErrorReport> {
    if is_pgp_symmetric_message(ciphertext) {
        return Ok(None);
    }
    let sealed = envelope::parse(ciphertext).map_err(OfficeError::from)?;
    Ok(Some(sealed.key_id.to_string()))
}

/// Internal (import_pgcrypto_credentials): the S2K count of a pgcrypto message, 0 for S2K
/// modes without one, NULL for anything that is not a complete pgcrypto message header.
#[pg_extern(immutable, parallel_safe)]
fn _pgcrypto_s2k_count(ciphertext: &[u8]) -> Option<i64> {
    pgp_symmetric_header(ciphertext).map(|h| i64::from(h.s2k_count))
}

/// Internal (import_pgcrypto_credentials): the largest S2K count the import accepts.
#[pg_extern(immutable, parallel_safe)]
fn _pgcrypto_max_s2k_count() -> i64 {
    i64::from(envelope::MAX_PGCRYPTO_S2K_COUNT)
}

/// Adds a data key to the keyring (wrapped by the master key) and, by default, makes it the
/// key new values are encrypted under. Returns its key id.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn add_credential_key(
    key_id: default!(Option<&str>, "NULL"),
    make_current: default!(bool, true),
) -> std::result::Result<String, ErrorReport> {
    Ok(create_data_key(key_id, make_current)?)
}

/// Re-wraps every data key under the current master key (after a master-key change, with the
/// old key named in officeauto.master_key_previous_file). Data keys and the values encrypted
/// under them do not change. Returns the number of keys re-wrapped; when it equals the keyring
/// size minus those already under the current key, the previous key file can be removed.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn rewrap_credential_keys() -> std::result::Result<i64, ErrorReport> {
    crate::error::require_primary("rewrap_credential_keys")?;
    let master = master_key()?;
    let keys: Vec<(String, Vec<u8>)> = Spi::connect_mut(|client| {
        client
            .update(
                "SELECT key_id, wrapped_key FROM officeauto.credential_keys ORDER BY id FOR UPDATE",
                None,
                &[],
            )?
            .map(|r| {
                Ok((
                    r.get::<String>(1)?.unwrap_or_default(),
                    r.get::<Vec<u8>>(2)?.unwrap_or_default(),
                ))
            })
            .collect::<std::result::Result<Vec<_>, pgrx::spi::SpiError>>()
    })
    .map_err(OfficeError::from)?;
    let mut rewrapped = 0;
    for (key_id, wrapped) in keys {
        let (key, under_current) = unwrap_data_key(&key_id, &wrapped)?;
        if under_current {
            continue;
        }
        let new = envelope::seal(
            &master,
            &key_id,
            FLAG_ROW_BOUND,
            random_bytes::<NONCE_LEN>()?,
            key.as_slice(),
            WRAP_CONTEXT,
        )
        .map_err(OfficeError::from)?;
        Spi::run_with_args(
            "UPDATE officeauto.credential_keys SET wrapped_key = $2 WHERE key_id = $1",
            &[key_id.as_str().into(), new.into()],
        )
        .map_err(OfficeError::from)?;
        rewrapped += 1;
    }
    Ok(rewrapped)
}

/// Internal (keyring trigger): whether two wrappings hold the same data key.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
fn _wraps_same_key(key_id: &str, a: &[u8], b: &[u8]) -> std::result::Result<bool, ErrorReport> {
    let (ka, _) = unwrap_data_key(key_id, a)?;
    let (kb, _) = unwrap_data_key(key_id, b)?;
    Ok(ka.as_slice() == kb.as_slice())
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    // Server-key paths need a configured cluster; tests/sql/credentials.sql and
    // tests/shell/credential_keys.sh cover them. Here: the explicit-key paths and error mapping.
    #[pg_test]
    fn round_trip_with_an_explicit_key() {
        let v = Spi::get_one::<String>(
            "SELECT officeauto.decrypt_credential_value(
                        officeauto.encrypt_credential_value('s3cr\u{e9}t', repeat('0f', 32)), repeat('0f', 32))",
        )
        .unwrap();
        assert_eq!(v.as_deref(), Some("s3cr\u{e9}t"));
    }

    #[pg_test]
    fn nonces_are_fresh() {
        let same = Spi::get_one::<bool>(
            "SELECT officeauto.encrypt_credential_value('x', repeat('0f', 32))
                  = officeauto.encrypt_credential_value('x', repeat('0f', 32))",
        )
        .unwrap();
        assert_eq!(same, Some(false));
    }

    #[pg_test(
        error = "decryption failed: the ciphertext was altered, belongs to another row, or the key is wrong"
    )]
    fn wrong_key_is_an_error() {
        Spi::get_one::<String>(
            "SELECT officeauto.decrypt_credential_value(
                        officeauto.encrypt_credential_value('x', repeat('0f', 32)), repeat('f0', 32))",
        )
        .unwrap();
    }
}
