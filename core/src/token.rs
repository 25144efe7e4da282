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
/// Exactly the strings that decode (canonically, unpadded base64url) to 32 bytes, checked
/// without decoding: 43 characters of the alphabet, the last carrying no bits beyond the 256th
/// (its two low bits clear). This runs on every request.
pub fn is_well_formed(s: &str) -> bool {
    // Each byte's 6-bit value in the base64url alphabet, or 0xff for a byte outside it.
    const SEXTET: [u8; 256] = {
        let mut t = [0xffu8; 256];
        let mut i = 0;
        while i < 64 {
            let c = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[i];
            t[c as usize] = i as u8;
            i += 1;
        }
        t
    };
    let b = s.as_bytes();
    // Values fit in 6 bits, so a byte outside the alphabet shows in the OR of all of them;
    // the last character's two low bits would be a 257th and 258th bit.
    b.len() == TOKEN_LEN
        && b[..TOKEN_LEN - 1]
            .iter()
            .fold(0u8, |acc, &c| acc | SEXTET[c as usize])
            < 64
        && SEXTET[b[TOKEN_LEN - 1] as usize] & 0b1100_0011 == 0
}

pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // The fast check accepts exactly what the decoder accepts as 32 bytes.
        #[test]
        fn shape_check_equals_decoding(s in "[A-Za-z0-9_+/=-]{41,45}", last in 0u8..128) {
            let with_last = format!("{}{}", &s[..42.min(s.len())], last as char);
            for candidate in [s.as_str(), with_last.as_str()] {
                let decoded = candidate.len() == TOKEN_LEN
                    && URL_SAFE_NO_PAD.decode(candidate).is_ok_and(|b| b.len() == 32);
                proptest::prop_assert_eq!(is_well_formed(candidate), decoded, "{}", candidate);
            }
        }
    }

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
        assert!(!is_well_formed(&format!("{}+", &t[..42])));
        // Every byte in every position of a real token: the fast check agrees with decoding.
        let decodes = |s: &[u8]| URL_SAFE_NO_PAD.decode(s).is_ok_and(|b| b.len() == 32);
        for pos in [0, 17, 41, 42] {
            for byte in 0..=255u8 {
                let mut b = t.clone().into_bytes();
                b[pos] = byte;
                let ok = std::str::from_utf8(&b).is_ok_and(is_well_formed);
                assert_eq!(
                    ok,
                    std::str::from_utf8(&b).is_ok() && decodes(&b),
                    "{pos} {byte}"
                );
            }
        }
        assert_eq!(
            hex::encode(digest("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
