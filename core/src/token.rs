//! Bearer tokens (sessions, refresh, e-mail verification): 256 random bits, base64url, handed
//! to the client once; the server keeps only the SHA-256 digest.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Length of an encoded token: 32 bytes in unpadded base64url.
pub const TOKEN_LEN: usize = 43;

pub fn encode(random: &[u8; 32]) -> String {
    URL_SAFE_NO_PAD.encode(random)
}

/// Whether `s` has the shape of a token; anything else is rejected before hashing or lookup.
pub fn is_well_formed(s: &str) -> bool {
    s.len() == TOKEN_LEN && URL_SAFE_NO_PAD.decode(s).is_ok_and(|b| b.len() == 32)
}

pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_char_base64url_and_digest_is_sha256() {
        let t = encode(&[0xfb; 32]);
        assert_eq!(t.len(), TOKEN_LEN);
        assert!(
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert!(is_well_formed(&t));
        assert!(!is_well_formed("short"));
        assert!(!is_well_formed(&format!("{}=", &t[..42])));
        assert_eq!(
            hex::encode(digest("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
