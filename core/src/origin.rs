//! The request origin an application asserts: a client address setting and a user agent.

use std::net::IpAddr;

/// Whether a setting value reads as an inet: an IPv4 or IPv6 address, optionally with a prefix
/// length, surrounding blanks allowed. An empty (or blank) value means "unset" and passes.
/// Stricter than PostgreSQL's inet input (no abbreviated IPv4 such as `10.1`), so that
/// whatever passes here is an address a reader recognises.
pub fn is_inet_text(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() {
        return true;
    }
    let (address, prefix) = match value.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (value, None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return false;
    };
    let bits = if address.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= bits)
    })
}

/// `text` cut to at most `max` characters (Unicode scalar values, as PostgreSQL's `left()`
/// counts them in UTF-8 databases).
pub fn clip_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_and_without_prefix() {
        for ok in [
            "",
            " ",
            "203.0.113.7",
            "203.0.113.0/24",
            "2001:db8::1",
            "::1/128",
            " 10.0.0.1 ",
            "0.0.0.0/0",
        ] {
            assert!(is_inet_text(ok), "{ok:?} should pass");
        }
    }

    #[test]
    fn malformed_addresses() {
        for bad in [
            "abc",
            "203.0.113.7/33",
            "::1/129",
            "1.2.3.4/",
            "1.2.3.4/x",
            "1.2.3.4/+8",
            "1.2.3",
            "10.1",
            "1.2.3.4; DROP TABLE x",
            "1.2.3.4/24/8",
            "[::1]",
            "256.0.0.1",
        ] {
            assert!(!is_inet_text(bad), "{bad:?} should fail");
        }
    }

    #[test]
    fn clipping_counts_characters_not_bytes() {
        assert_eq!(clip_chars("abc", 2), "ab");
        assert_eq!(clip_chars("abc", 3), "abc");
        assert_eq!(clip_chars("ééé", 2), "éé");
        assert_eq!(clip_chars("", 5), "");
    }
}
