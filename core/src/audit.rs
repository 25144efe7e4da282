//! Audit-row building blocks: stable record ids, JSON rendering of column values, redaction.

use sha2::{Digest, Sha256};

/// Marker written in place of a secret column's value: the fact of a change stays visible
/// (the column is listed among the changed ones) while the value never reaches the log.
pub const REDACTED: &str = "[redacted]";

/// Column names whose values never reach an audit row, whatever the table's options say.
pub const ALWAYS_SECRET: &[&str] = &[
    "password_hash",
    "password",
    "token_digest",
    "encrypted_value",
    "wrapped_key",
    "secret",
    "api_key",
    "access_token",
    "refresh_token",
];

/// How a column's text output becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// Integers, floats, numeric: a JSON number when finite, else a string ("NaN").
    Number,
    /// PostgreSQL's `t` / `f`.
    Bool,
    /// json / jsonb output, embedded as is.
    Json,
    /// Everything else, as a JSON string.
    Text,
}

/// The most bytes `write_json_value` can add for a value of `text_len` bytes: a JSON string
/// escapes a control byte as six (`\u0000`), plus the quotes.
pub fn json_value_max_len(text_len: usize) -> usize {
    text_len.saturating_mul(6).saturating_add(2)
}

/// Appends one non-NULL value, given its type's text output, to `out`. Memory is reserved
/// fallibly before anything is written, so a value too large for the memory left is an error
/// the caller can report, not an abort of the process.
pub fn write_json_value(
    kind: JsonKind,
    text: &str,
    out: &mut Vec<u8>,
) -> Result<(), std::collections::TryReserveError> {
    match kind {
        JsonKind::Number if text.parse::<f64>().is_ok_and(f64::is_finite) => {
            out.try_reserve(text.len())?;
            out.extend_from_slice(text.as_bytes());
        }
        JsonKind::Bool if text == "t" => out.extend_from_slice(b"true"),
        JsonKind::Bool if text == "f" => out.extend_from_slice(b"false"),
        JsonKind::Json => {
            out.try_reserve(text.len())?;
            out.extend_from_slice(text.as_bytes());
        }
        _ => {
            out.try_reserve(json_value_max_len(text.len()))?;
            // Capacity for the worst case is in place, so serializing never reallocates.
            serde_json::to_writer(&mut *out, text).expect("writing to memory cannot fail");
        }
    }
    Ok(())
}

/// The form of a primary key that record ids hash: the key as JSON, parsed and written back
/// compactly with its members in name order. `audit_record_id()` and the trigger both go
/// through it, so a key of several columns, or a number written with trailing zeros, gives the
/// same id whichever way its JSON was spelled. None for text that is not JSON.
pub fn canonical_key(pk_json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(pk_json).ok()?;
    serde_json::to_string(&value).ok()
}

/// Stable id of an audited row: the table's qualified name and its primary key (as canonical
/// JSON) hashed into an RFC 9562 version 8 UUID. Every change to one row shares it, so the
/// row's whole history is one indexed lookup, and it survives the row's deletion.
pub fn record_id(qualified_table: &str, pk_json: &str) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(qualified_table.as_bytes());
    h.update([0u8]);
    h.update(pk_json.as_bytes());
    let digest = h.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    id[6] = (id[6] & 0x0f) | 0x80;
    id[8] = (id[8] & 0x3f) | 0x80;
    id
}

/// True for key names that look like credentials in free-form metadata.
fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "authorization",
        "private_key",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// Replaces, at any depth, the values of object keys that look like credentials.
pub fn redact_metadata(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_key(k) {
                    *v = serde_json::Value::String(REDACTED.into());
                } else {
                    redact_metadata(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_metadata),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_value(kind: JsonKind, text: &str) -> String {
        let mut out = Vec::new();
        write_json_value(kind, text, &mut out).expect("small test values fit in memory");
        String::from_utf8(out).expect("JSON output is UTF-8")
    }

    #[test]
    fn values_render_as_json() {
        assert_eq!(json_value(JsonKind::Number, "42"), "42");
        assert_eq!(json_value(JsonKind::Number, "-1.5e3"), "-1.5e3");
        assert_eq!(json_value(JsonKind::Number, "NaN"), "\"NaN\"");
        assert_eq!(json_value(JsonKind::Number, "Infinity"), "\"Infinity\"");
        assert_eq!(json_value(JsonKind::Bool, "t"), "true");
        assert_eq!(json_value(JsonKind::Bool, "f"), "false");
        assert_eq!(json_value(JsonKind::Json, "{\"a\": 1}"), "{\"a\": 1}");
        assert_eq!(
            json_value(JsonKind::Text, "say \"hi\"\n"),
            "\"say \\\"hi\\\"\\n\""
        );
    }

    #[test]
    fn keys_are_canonical_whatever_their_spelling() {
        assert_eq!(canonical_key("{\"id\":7}").as_deref(), Some("{\"id\":7}"));
        assert_eq!(
            canonical_key("{\"z\": 1, \"a\": 2}").as_deref(),
            Some("{\"a\":2,\"z\":1}")
        );
        assert_eq!(
            canonical_key("{\"id\":1.50}"),
            canonical_key("{\"id\": 1.5}")
        );
        assert_eq!(canonical_key("not json"), None);
    }

    #[test]
    fn record_ids_are_stable_version_8_and_distinct() {
        let a = record_id("officeauto.tasks", "{\"id\":1}");
        assert_eq!(a, record_id("officeauto.tasks", "{\"id\":1}"));
        assert_ne!(a, record_id("officeauto.tasks", "{\"id\":2}"));
        assert_ne!(a, record_id("officeauto.clients", "{\"id\":1}"));
        assert_eq!(a[6] >> 4, 8);
        assert_eq!(a[8] >> 6, 0b10);
    }

    #[test]
    fn metadata_secrets_are_redacted_at_any_depth() {
        let mut v = serde_json::json!({"user": "bob", "password": "x", "nested": [{"api_key": "k", "ok": 1}],
                                       "Authorization": "Bearer t"});
        redact_metadata(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"user": "bob", "password": REDACTED,
                                          "nested": [{"api_key": REDACTED, "ok": 1}], "Authorization": REDACTED})
        );
    }
}
