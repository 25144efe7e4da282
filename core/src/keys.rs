//! Key material as the server holds it: parsing of configured keys and key fingerprints.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use zeroize::Zeroize;

use crate::envelope::Key;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a key must be 32 bytes, written as 64 hexadecimal digits or as base64")]
    BadFormat,
}

/// Parses a 256-bit key written as 64 hex digits or as base64 (standard or URL-safe), ignoring
/// surrounding whitespace (key files usually end with a newline). Passphrases are refused on
/// purpose: a fast hash of a guessable phrase is not a key.
pub fn parse_key(text: &str) -> Result<Key, KeyError> {
    let t = text.trim();
    let mut bytes = if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(t).map_err(|_| KeyError::BadFormat)?
    } else {
        STANDARD
            .decode(t)
            .or_else(|_| URL_SAFE_NO_PAD.decode(t.trim_end_matches('=')))
            .map_err(|_| KeyError::BadFormat)?
    };
    let result = <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| KeyError::BadFormat);
    bytes.zeroize();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_hex_and_base64() {
        let hex_key = "00".repeat(31) + "ff";
        let k = parse_key(&format!("  {hex_key}\n")).unwrap();
        assert_eq!(k[31], 0xff);
        let b64 = STANDARD.encode([9u8; 32]);
        assert_eq!(parse_key(&b64).unwrap(), [9; 32]);
        let url = URL_SAFE_NO_PAD.encode([250u8; 32]);
        assert_eq!(parse_key(&url).unwrap(), [250; 32]);
    }

    #[test]
    fn refuses_passphrases_and_wrong_lengths() {
        assert_eq!(
            parse_key("correct horse battery staple"),
            Err(KeyError::BadFormat)
        );
        assert_eq!(parse_key(&"ab".repeat(16)), Err(KeyError::BadFormat));
        assert_eq!(
            parse_key(&STANDARD.encode([1u8; 16])),
            Err(KeyError::BadFormat)
        );
        assert_eq!(parse_key(""), Err(KeyError::BadFormat));
    }
}
