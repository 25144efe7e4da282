//! The policy every new password passes, after NIST SP 800-63B (section 3.1.1.2 of revision 4):
//! a minimum length in characters, a maximum of 1 KiB, no composition rules, and a refusal of
//! passwords that are commonly used, built from the account's own words, or trivially
//! repetitive. Only new passwords are judged: logging in with an old one never is.

use crate::password::MAX_PASSWORD_BYTES;
use std::sync::OnceLock;

/// The commonly used passwords the extension ships (see NOTICE and docs/passwords.md for the
/// source and licence): one lowercase entry per line, sorted bytewise for a binary search.
use unicode_normalization::UnicodeNormalization;

const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Shortest account word removed from a password before its remainder is measured: shorter
/// pieces ("al", "jo") are everywhere and say nothing about the account.
const MIN_OWN_WORD_CHARS: usize = 3;

/// Words of the service itself, refused like the account's own (800-63B names the service's
/// name among the context-specific words).
const SERVICE_WORDS: [&str; 1] = ["officeauto"];

/// Fewest distinct characters a password may be made of.
const MIN_DISTINCT_CHARS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Fewest characters (Unicode code points, as NIST counts them).
    pub min_chars: usize,
}

/// Why a password is refused: one rule, named so that the message can say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("too short")]
    TooShort,
    #[error("too long")]
    TooLong,
    #[error("trivially repetitive")]
    Repetitive,
    #[error("commonly used")]
    Common,
    #[error("built from the account's own words")]
    OwnWords,
}

/// Judges a new password. `context` holds the account's own words (username, e-mail address,
/// full name); empty entries are ignored.
pub fn check(password: &str, context: &[&str], policy: Policy) -> Result<(), Refusal> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Refusal::TooLong);
    }
    let min = policy.min_chars.max(1);
    if password.chars().count() < min {
        return Err(Refusal::TooShort);
    }
    // Judged as a reader would see it: compatibility forms folded (fullwidth letters, ligatures)
    // and case ignored, then also without spaces, punctuation and invisible characters, so
    // "ｐａｓｓｗｏｒｄ", "password." and "p a s s w o r d" are the listed "password" they show.
    let folded: String = password.nfkc().collect::<String>().to_lowercase();
    let letters: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    let visible: String = folded.chars().filter(|&c| !is_invisible(c)).collect();
    if is_repetitive(&folded) || is_repetitive(&visible) {
        return Err(Refusal::Repetitive);
    }
    if is_common(&folded) || is_common(folded.trim()) || is_common(&letters) {
        return Err(Refusal::Common);
    }
    if rests_on_own_words(&folded, context, min) {
        return Err(Refusal::OwnWords);
    }
    Ok(())
}

/// Spaces, control characters and the zero-width and direction marks, which show nothing.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                     | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn common_list() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| COMMON.lines().filter(|l| !l.is_empty()).collect())
}

/// Whether a (lowercased) password is on the shipped list.
pub fn is_common(folded: &str) -> bool {
    common_list().binary_search(&folded).is_ok()
}

/// Number of entries on the shipped list.
pub fn common_list_len() -> usize {
    common_list().len()
}

/// One character or two over and over, a short unit repeated ("abcabcabc", "pw-pw-pw"), or a
/// run of consecutive code points either way ("12345678", "hgfedcba").
fn is_repetitive(folded: &str) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    let n = chars.len();
    let mut distinct = chars.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < MIN_DISTINCT_CHARS {
        return true;
    }
    // A period p: every character equals the one p places before it, and the unit occurs at
    // least twice in full.
    let periodic = (1..=n / 2).any(|p| (p..n).all(|i| chars[i] == chars[i - p]));
    if periodic {
        return true;
    }
    let step = |a: char, b: char| i64::from(u32::from(b)) - i64::from(u32::from(a));
    let first = step(chars[0], chars[1]);
    (first == 1 || first == -1) && chars.windows(2).all(|w| step(w[0], w[1]) == first)
}

/// The account's words and the service's as they may appear in a password: each entry whole,
/// the local part of an e-mail address, and each alphanumeric piece of them, lowercased,
/// longest first (so "ann.smith" goes before "ann").
fn own_words(context: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    for entry in context.iter().chain(SERVICE_WORDS.iter()) {
        let entry = entry.trim().to_lowercase();
        if entry.is_empty() {
            continue;
        }
        if let Some((local, _)) = entry.rsplit_once('@') {
            words.push(local.to_string());
        }
        words.extend(
            entry
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_string),
        );
        words.push(entry);
    }
    words.retain(|w| w.chars().count() >= MIN_OWN_WORD_CHARS);
    words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    words.dedup();
    words
}

/// Whether what is left of the password, once the account's words are taken out, is shorter
/// than the minimum: the words are known to an attacker and add no strength.
fn rests_on_own_words(folded: &str, context: &[&str], min: usize) -> bool {
    let words = own_words(context);
    let mut rest = folded.to_string();
    let mut removed = false;
    for w in &words {
        if rest.contains(w.as_str()) {
            rest = rest.replace(w.as_str(), "");
            removed = true;
        }
    }
    removed && rest.chars().count() < min
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Policy = Policy { min_chars: 8 };
    const CTX: [&str; 3] = ["ann.smith", "ann.smith@example.com", "Ann Smith"];

    fn verdict(pw: &str) -> Result<(), Refusal> {
        check(pw, &CTX, P)
    }

    #[test]
    fn listed_passwords_in_disguise_are_refused() {
        for pw in [
            "password ",
            " password",
            "password.",
            "p a s s w o r d",
            "\u{ff50}\u{ff41}\u{ff53}\u{ff53}\u{ff57}\u{ff4f}\u{ff52}\u{ff44}",
            "\u{ff30}\u{ff21}\u{ff33}\u{ff33}\u{ff37}\u{ff2f}\u{ff32}\u{ff24}\u{ff11}",
        ] {
            assert!(verdict(pw).is_err(), "{pw:?} accepted");
        }
        // Invisible characters only: nothing a reader sees.
        assert_eq!(verdict(&"\u{200b}".repeat(8)), Err(Refusal::Repetitive));
        assert_eq!(verdict("quartz violin harbour"), Ok(()));
    }

    #[test]
    fn list_is_sorted_lowercase_and_sizeable() {
        let list = common_list();
        assert!(list.len() > 40_000, "{}", list.len());
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        assert!(list.iter().all(|e| *e == e.to_lowercase()));
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(verdict("tR7#qz!"), Err(Refusal::TooShort));
        assert_eq!(verdict("tR7#qz!w"), Ok(()));
        // Eight characters, sixteen bytes: long enough.
        assert_eq!(verdict("ĉŝĝĥĵŭžđ"), Ok(()));
        assert_eq!(verdict(""), Err(Refusal::TooShort));
        assert_eq!(
            check("tR7#qz!w", &[], Policy { min_chars: 15 }),
            Err(Refusal::TooShort)
        );
        // A zero minimum still refuses the empty password.
        assert_eq!(
            check("", &[], Policy { min_chars: 0 }),
            Err(Refusal::TooShort)
        );
    }

    #[test]
    fn maximum_is_1024_bytes() {
        let ok = "ab1-".repeat(255) + "wxyz";
        assert_eq!(ok.len(), 1024);
        assert_eq!(verdict(&ok), Ok(()));
        assert_eq!(verdict(&(ok.clone() + "q")), Err(Refusal::TooLong));
        // 600 two-byte characters: 1200 bytes.
        let wide: String = "ĉŝĝĥĵŭ".repeat(100);
        assert_eq!(verdict(&wide), Err(Refusal::TooLong));
    }

    #[test]
    fn no_composition_rules() {
        for pw in [
            "correct horse battery staple",
            "lowercaseonlywords",
            "%%%%&&&&####@@@!",
        ] {
            assert_eq!(verdict(pw), Ok(()), "{pw}");
        }
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for pw in [
            "password",
            "PASSWORD",
            "Password1",
            "sunshine",
            "qwertyuiop",
            "iloveyou",
        ] {
            assert_eq!(verdict(pw), Err(Refusal::Common), "{pw}");
        }
        assert!(is_common("baseball"));
        assert!(!is_common("baseball-bat-in-a-teapot"));
    }

    #[test]
    fn repetitive_passwords_are_refused() {
        for pw in [
            "aaaaaaaa",
            "abababab",
            "abcabcabc",
            "pw-pw-pw",
            "xyz!xyz!",
            "12345678",
            "hgfedcba",
            "ABCDEFGHIJ",
            "aaaabbbbaaaa",
            "q1w2q1w2q1w2",
        ] {
            assert_eq!(verdict(pw), Err(Refusal::Repetitive), "{pw}");
        }
        for pw in ["abcdefgx", "1234567-9", "abcabcab-"] {
            assert_ne!(verdict(pw), Err(Refusal::Repetitive), "{pw}");
        }
    }

    #[test]
    fn own_words_are_refused() {
        for pw in [
            "ann.smith",
            "Ann.Smith2024",
            "smith-ann!",
            "AnnSmith",
            "ann.smith@example.com",
        ] {
            assert_eq!(verdict(pw), Err(Refusal::OwnWords), "{pw}");
        }
        // The words may appear in a password whose rest is long enough on its own.
        assert_eq!(verdict("ann-plays-the-oboe"), Ok(()));
        // Pieces shorter than three characters are not taken as the account's words.
        assert_eq!(check("al-zq7-vk9", &["al", "al@x.io", "Al"], P), Ok(()));
        // Without context, nothing is the account's own, but the service's name still is.
        assert_eq!(check("annsmith2024", &[], P), Ok(()));
        assert_eq!(check("OfficeAuto-2024", &[], P), Err(Refusal::OwnWords));
        assert_eq!(check("annsmith2024", &["", " "], P), Ok(()));
    }

    #[test]
    fn rules_are_reported_in_a_fixed_order() {
        assert_eq!(verdict("aaaa"), Err(Refusal::TooShort));
        assert_eq!(verdict("11111111"), Err(Refusal::Repetitive));
        assert_eq!(
            Refusal::OwnWords.to_string(),
            "built from the account's own words"
        );
    }
}
