//! The value of a plain `mx` line read in one pass, eight bytes per step: where it ends,
//! whether it is a valid pattern and its duplicate hash, from the same loads of the bytes.
//!
//! Nearly every line of a large policy is `mx: host.example.com`. Read field by field
//! (split the line, trim, validate the value, hash it), each of those bytes was visited
//! five times; [`scan`] visits it once and leaves anything unusual to the full parser.

use crate::domain;
use crate::text::{HIGH, ONES};
use std::hash::BuildHasher;
use std::sync::OnceLock;

/// What [`scan`] read.
pub(super) struct Scanned {
    /// The value's length in bytes.
    pub len: usize,
    /// Whether it starts with `*.`.
    pub wildcard: bool,
    /// Its [`caseless_hash`].
    pub hash: u64,
}

/// Bit 0x20 of every byte: set, it folds ASCII upper case onto lower case.
const CASE: u64 = u64::from_le_bytes([0x20; 8]);

/// Bytes of `x` (each below 0x80) in `lo..=hi`: their high bit set in the result. No
/// byte carries into the next, since every sum stays below 0x100.
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    x.wrapping_add(ONES * (0x80 - lo as u64)) & !x.wrapping_add(ONES * (0x7F - hi as u64)) & HIGH
}

/// Bytes of `x` (each below 0x80) equal to `c`: their high bit set in the result.
const fn equal(x: u64, c: u8) -> u64 {
    !(x ^ (ONES * c as u64)).wrapping_add(ONES * 0x7F) & HIGH
}

/// Reads the value at the start of `bytes` (what follows `mx:` and its spaces) when it
/// is a plain valid pattern that ends the line: `["*."]` then labels of letters, digits
/// and inner hyphens (never two hyphens in a row, so never an `xn--` A-label, whose
/// decoding and look-alike checks are the full parser's), at most 253 bytes after the
/// `*.` and 63 per label, not all digits and dots (so not an IPv4 address), followed
/// by a line feed, a carriage return or the end of the text. Anything else is `None`:
/// [`crate::mx::MxPattern::check`] accepts every value read here, and the full parser
/// describes every other one.
pub(super) fn scan(bytes: &[u8]) -> Option<Scanned> {
    let keys = keys();
    let wildcard = bytes.first() == Some(&b'*');
    if wildcard && bytes.get(1) != Some(&b'.') {
        return None;
    }
    // The class of the byte before the current word: as if after a dot at the start, so a
    // leading dot or hyphen is a dot or hyphen touching a dot.
    let (mut edge_before, mut dot_before, mut dash_before) = (0x80u64, 0x80u64, 0u64);
    let mut not_digit = 0;
    let mut sum = 0u64;
    let mut at = 0;
    loop {
        // The last word is padded with line feeds: the end of the text ends the value.
        let mut word = [b'\n'; 8];
        let chunk = bytes.get(at..).unwrap_or_default();
        let n = chunk.len().min(8);
        word[..n].copy_from_slice(&chunk[..n]);
        let w = u64::from_le_bytes(word);
        let ascii = !w & HIGH;
        let x = w & !HIGH;
        let alpha = in_range(x | CASE, b'a', b'z');
        let dot = equal(x, b'.');
        let dash = equal(x, b'-');
        let mut allowed = (alpha | in_range(x, b'0', b'9') | dot | dash) & ascii;
        if at == 0 && wildcard {
            allowed |= 0x80;
        }
        let stop = !allowed & HIGH;
        // The bytes of the value in this word, whole: those below the first one not allowed.
        let inside = if stop == 0 { u64::MAX } else { ((stop & stop.wrapping_neg()) >> 7) - 1 };
        let edge = dot | dash;
        // `..`, `.-`, `-.` (an empty label or a hyphen at a label's edge) and `--`.
        let touching = (edge & (edge << 8 | edge_before) & (dot | dot << 8 | dot_before)) | (dash & (dash << 8 | dash_before));
        if touching & inside != 0 {
            return None;
        }
        not_digit |= (alpha | dash) & inside;
        let folded = (w | CASE) & inside;
        let piece = at / 4;
        sum = sum.wrapping_add(keys[2 + piece].wrapping_mul(folded & 0xFFFF_FFFF)).wrapping_add(keys[3 + piece].wrapping_mul(folded >> 32));
        if stop != 0 {
            let len = at + (stop.trailing_zeros() as usize) / 8;
            let base = &bytes[if wildcard { 2 } else { 0 }..len];
            let ends_line = matches!(bytes.get(len), None | Some(b'\n' | b'\r'));
            let last_ok = !matches!(base.last(), None | Some(b'.' | b'-'));
            let short = base.len() <= domain::MAX_LABEL
                || (base.len() <= domain::MAX_NAME && base.split(|&b| b == b'.').all(|l| l.len() <= domain::MAX_LABEL));
            if !(ends_line && last_ok && short && not_digit != 0) {
                return None;
            }
            sum = sum.wrapping_add(keys[0]).wrapping_add(keys[1].wrapping_mul(len as u64));
            return Some(Scanned { len, wildcard, hash: finish(sum) });
        }
        at += 8;
        if at + 8 > 4 * HASHED_PIECES {
            // Longer than any valid pattern (`*.` and 253 bytes): the full parser says so.
            return None;
        }
        (edge_before, dot_before, dash_before) = (edge >> 56, dot >> 56, dash >> 56);
    }
}

/// How many 4-byte pieces [`caseless_hash`] reads: enough for the longest valid
/// pattern (`*.` and 253 bytes), the only ones it is given.
const HASHED_PIECES: usize = 64;

/// The hash keys, drawn once per process: std's keyed `SipHash` of a counter, keys from
/// std's seed without a random number generator of our own (fixed per build on wasm32,
/// see [`caseless_hash`]).
fn keys() -> &'static [u64; HASHED_PIECES + 2] {
    static KEYS: OnceLock<[u64; HASHED_PIECES + 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let random = std::hash::RandomState::new();
        std::array::from_fn(|i| random.hash_one(i))
    })
}

/// A keyed hash of a valid `mx` pattern that ignores ASCII case.
///
/// Multilinear hashing (Lemire and Kaser, "Strongly universal string hashing is
/// fast", 2014): random 64-bit keys times the length and the 32-bit pieces of the
/// pattern, summed, keeping the high 32 bits. Two different patterns collide with
/// probability 2^-32 over the keys, whatever the patterns, so a policy written
/// without knowing the keys cannot make duplicate detection quadratic. It costs a
/// multiplication per four bytes; std's `SipHash` took a third of the time of a
/// large policy. [`scan`] computes the same sum from its words.
///
/// The keys are only as secret as `RandomState`'s: drawn from the OS natively, but
/// on wasm32-unknown-unknown std has no entropy source and they are the same in
/// every run of a build. There, someone who knows the build can craft colliding
/// patterns; the bound is then the size of the text: a policy fetched in a live
/// check is read to at most 64 KiB (about 7,000 distinct `mx` lines, some 25
/// million short comparisons), and longer text is what the user pasted
/// (docs/ROBUSTNESS.md, "Keys of the duplicate-`mx` hash").
///
/// Each byte is read with bit 0x20 set: `b | 0x20` equals
/// `b.to_ascii_lowercase() | 0x20` for every byte, so patterns equal without regard
/// to case hash alike (among the bytes of a valid pattern, the bit merges only
/// upper and lower case).
pub(super) fn caseless_hash(pattern: &str) -> u64 {
    let keys = keys();
    let bytes = pattern.as_bytes();
    let mut pieces = bytes.chunks_exact(4);
    let mut values = keys[2..].iter();
    let mut sum = keys[0].wrapping_add(keys[1].wrapping_mul(bytes.len() as u64));
    for (piece, key) in (&mut pieces).zip(&mut values) {
        let mut word = [0; 4];
        word.copy_from_slice(piece);
        sum = sum.wrapping_add(key.wrapping_mul(u64::from(u32::from_le_bytes(word) | 0x2020_2020)));
    }
    let tail = pieces.remainder().iter().rev().fold(0, |word, &b| word << 8 | u32::from(b | 0x20));
    if let Some(key) = values.next() {
        sum = sum.wrapping_add(key.wrapping_mul(u64::from(tail)));
    }
    finish(sum)
}

/// The high half is the strongly universal part; the set needs good low bits (the
/// bucket) and good top bits (the tag it compares first), so both get it.
const fn finish(sum: u64) -> u64 {
    let high = sum >> 32;
    high << 32 | high
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::default_idna;
    use crate::mx::MxPattern;

    #[test]
    fn caseless_hash_ignores_ascii_case_only() {
        assert_eq!(caseless_hash("*.MX.Example.COM"), caseless_hash("*.mx.example.com"));
        let long = "a".repeat(63) + "." + &"B".repeat(63) + "." + &"c".repeat(63) + "." + &"D".repeat(61);
        assert_eq!(caseless_hash(&long), caseless_hash(&long.to_ascii_lowercase()));
        // Different patterns, among them ones that differ by length, in one piece or in the tail.
        let patterns = ["mx1.example.com", "mx2.example.com", "mx1.example.co", "mx1.example.comm", "a", "b", "ab", "abcd", "abcde"];
        for (i, a) in patterns.iter().enumerate() {
            for b in &patterns[i + 1..] {
                assert_ne!(caseless_hash(a), caseless_hash(b), "{a} {b}");
            }
        }
    }

    /// What [`scan`] must say of `text`: the pattern, wildcard and hash of the detailed check.
    fn agrees(text: &[u8]) -> Result<(), String> {
        let Some(s) = scan(text) else { return Ok(()) };
        let value = std::str::from_utf8(&text[..s.len]).map_err(|e| e.to_string())?;
        if !matches!(text.get(s.len), None | Some(b'\n' | b'\r')) {
            return Err(format!("{value:?} does not end the line"));
        }
        if MxPattern::check(value, default_idna()) != Ok(s.wildcard) {
            return Err(format!("{value:?} read as valid"));
        }
        if s.hash != caseless_hash(value) {
            return Err(format!("{value:?}: hash differs"));
        }
        Ok(())
    }

    #[test]
    fn plain_values_are_read_and_the_rest_left_to_the_parser() {
        let long_label = format!("{}.com", "a".repeat(63));
        let long_name = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "b".repeat(61));
        for text in ["mail.example.com\n", "*.Example.NET\r\n", "a", "1a.2\n", "x-y.z\rmore", &long_label, &long_name] {
            assert!(scan(text.as_bytes()).is_some(), "{text:?}");
            assert_eq!(agrees(text.as_bytes()), Ok(()));
        }
        let too_long_label = format!("{}.com", "a".repeat(64));
        let too_long_name = format!("{long_name}b");
        for text in [
            "",
            "\n",
            "*.\n",
            "*\n",
            "*x.a\n",
            "a..b\n",
            ".a.b\n",
            "a.b.\n",
            "-a.b\n",
            "a-.b\n",
            "a.-b\n",
            "192.0.2.1\n",
            "a b\n",
            "a.b \n",
            "a,b\n",
            "*.*.a\n",
            "ü.de\n",
            "xn--bcher-kva.de\n",
            "a--b.de\n",
            "a.b#c\n",
            "a.b\t\n",
            &too_long_label,
            &too_long_name,
        ] {
            assert!(scan(text.as_bytes()).is_none(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn scan_agrees_with_the_detailed_check(text in "(\\*\\.)?[a-zA-Z0-9.*:,#-]{0,80}[\\n\\r x]?[a-z]{0,3}") {
            proptest::prop_assert_eq!(agrees(text.as_bytes()), Ok(()));
        }

        #[test]
        fn scan_agrees_on_any_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            proptest::prop_assert_eq!(agrees(&bytes), Ok(()));
        }
    }
}
