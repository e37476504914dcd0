//! What the Unicode in a host name can hide: A-labels that do not decode (RFC 3492 Punycode,
//! RFC 5891 §4.4), labels that mix the scripts people confuse (UTS 39 §5.1, restricted to
//! Latin, Greek and Cyrillic), labels written wholly in Greek or Cyrillic letters that look
//! Latin (UTS 39 §4, whole-script confusables), and invisible or bidirectional-control
//! characters, named by code point.
//!
//! A small hand-written table instead of Unicode's script data: the wasm build carries no
//! Unicode tables (docs/DECISIONS.md), and the confusions that matter for host names are
//! between Latin and its two look-alike scripts. Every other script is "other", never
//! flagged when beside Latin (Japanese labels mix scripts by design).

use std::fmt::Write as _;
use std::ops::Range;

/// A script as far as confusables go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Latin letters (ASCII and the Latin blocks).
    Latin,
    /// Greek.
    Greek,
    /// Cyrillic.
    Cyrillic,
    /// Any other script; digits and `-` have none.
    Other,
}

impl Script {
    /// Its English name.
    pub const fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Other => "another script",
        }
    }
}

/// The script of a letter; `None` for digits, `-`, `.` and marks.
pub fn script(c: char) -> Option<Script> {
    match c {
        'a'..='z' | 'A'..='Z' | 'ª' | 'º' => Some(Script::Latin),
        // Digits, `-` and the rest of ASCII have no script; combining marks take their letter's.
        c if c.is_ascii() || ('\u{0300}'..='\u{036F}').contains(&c) => None,
        '\u{00C0}'..='\u{024F}' if c != '×' && c != '÷' => Some(Script::Latin),
        '\u{1E00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            Some(Script::Latin)
        }
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Some(Script::Greek),
        '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}' => Some(Script::Cyrillic),
        _ => Some(Script::Other),
    }
}

/// Greek and Cyrillic letters that look like Latin ones: a label made only of them reads as a
/// Latin word (`аррӏе` is Cyrillic throughout).
fn looks_latin(c: char) -> bool {
    matches!(
        c,
        'а' | 'е'
            | 'о'
            | 'р'
            | 'с'
            | 'у'
            | 'х'
            | 'ѕ'
            | 'і'
            | 'ј'
            | 'һ'
            | 'ӏ'
            | 'ԁ'
            | 'ԛ'
            | 'ԝ'
            | 'А'
            | 'В'
            | 'Е'
            | 'К'
            | 'М'
            | 'Н'
            | 'О'
            | 'Р'
            | 'С'
            | 'Т'
            | 'Х'
            | 'Ѕ'
            | 'І'
            | 'Ј'
            | 'α'
            | 'ι'
            | 'ν'
            | 'ο'
            | 'ρ'
            | 'υ'
            | 'χ'
            | 'Α'
            | 'Β'
            | 'Ε'
            | 'Ζ'
            | 'Η'
            | 'Ι'
            | 'Κ'
            | 'Μ'
            | 'Ν'
            | 'Ο'
            | 'Ρ'
            | 'Τ'
            | 'Υ'
            | 'Χ'
    )
}

/// The name of an invisible or bidirectional-control character, or `None` for any other.
pub fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "HANGUL FILLER",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}'..='\u{2064}' => "INVISIBLE OPERATOR",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FE00}'..='\u{FE0F}' => "VARIATION SELECTOR",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{E0000}'..='\u{E007F}' => "TAG CHARACTER",
        _ => return None,
    })
}

/// The first invisible character of `text`: its byte range and `U+XXXX NAME`.
pub fn first_invisible(text: &str) -> Option<(Range<usize>, String)> {
    text.char_indices().find_map(|(i, c)| invisible(c).map(|name| (i..i + c.len_utf8(), format!("U+{:04X} {name}", u32::from(c)))))
}

/// The first label of `name` (ASCII) that starts with `xn--` but is not a valid A-label: its
/// byte range. Valid: the rest is Punycode that decodes to a label with non-ASCII characters
/// (RFC 5891 §4.4: an A-label is the encoding of a U-label).
pub fn first_bad_a_label(name: &str) -> Option<Range<usize>> {
    let mut start = 0;
    for label in name.split('.') {
        let range = start..start + label.len();
        start = range.end + 1;
        if label.len() >= 4 && label[..4].eq_ignore_ascii_case("xn--") && decode_label(label).is_none() {
            return Some(range);
        }
    }
    None
}

/// The U-label of an A-label (`xn--…`, ASCII case aside), or `None` when the rest is not
/// Punycode that decodes to non-ASCII text. Labels longer than 63 bytes are refused (no DNS
/// label is longer), which keeps the insertion below small.
pub fn decode_label(label: &str) -> Option<String> {
    let rest = label.get(4..).filter(|_| label.len() <= crate::domain::MAX_LABEL && label[..4].eq_ignore_ascii_case("xn--"))?;
    let decoded = punycode_decode(rest)?;
    decoded.iter().any(|c| !c.is_ascii()).then(|| decoded.into_iter().collect())
}

/// RFC 3492 §6.2 decoding, with its overflow checks (the RFC's `n`, `i`, `w`, `k`, `t` are
/// `code`, `at`, `weight`, `threshold_at` and `threshold`).
fn punycode_decode(input: &str) -> Option<Vec<char>> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let (basic, extended) = match input.rfind('-') {
        Some(d) => (&input[..d], &input[d + 1..]),
        None => ("", input),
    };
    if !input.is_ascii() || extended.is_empty() {
        return None;
    }
    let mut out: Vec<char> = basic.chars().collect();
    let (mut code, mut at, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = extended.bytes();
    while digits.len() > 0 {
        let old_at = at;
        let mut weight = 1u32;
        let mut threshold_at = BASE;
        loop {
            let digit = match digits.next()? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'A'..=b'Z' => u32::from(b - b'A'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            at = at.checked_add(digit.checked_mul(weight)?)?;
            let threshold = if threshold_at <= bias { TMIN } else { (threshold_at - bias).min(TMAX) };
            if digit < threshold {
                break;
            }
            weight = weight.checked_mul(BASE - threshold)?;
            threshold_at += BASE;
        }
        let len = u32::try_from(out.len()).ok()? + 1;
        bias = adapt(at - old_at, len, old_at == 0);
        code = code.checked_add(at / len)?;
        at %= len;
        out.insert(at as usize, char::from_u32(code).filter(|c| !c.is_ascii())?);
        at += 1;
    }
    Some(out)
}

/// RFC 3492 §6.1.
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((36 - 1) * 26) / 2 {
        delta /= 36 - 1;
        k += 36;
    }
    k + (36 * delta) / (delta + 38)
}

/// Why a label may be read as another name: the label's letters come from several of Latin,
/// Greek and Cyrillic, or all from Greek or Cyrillic letters that look Latin. Returns a
/// sentence naming the script of each character, or `None` when the label is unremarkable.
pub fn lookalike(label: &str) -> Option<String> {
    let mut seen: Vec<(Script, String)> = Vec::new();
    for c in label.chars() {
        let Some(s) = script(c) else { continue };
        match seen.iter_mut().find(|(t, _)| *t == s) {
            Some((_, chars)) => chars.push(c),
            None => seen.push((s, c.to_string())),
        }
    }
    let confusable = |s: Script| matches!(s, Script::Latin | Script::Greek | Script::Cyrillic);
    let mixed = seen.iter().filter(|(s, _)| confusable(*s)).count() > 1;
    let whole = matches!(seen.as_slice(), [(Script::Greek | Script::Cyrillic, chars)] if chars.chars().all(looks_latin));
    if !mixed && !whole {
        return None;
    }
    let mut out = String::new();
    for (n, (s, chars)) in seen.iter().enumerate() {
        let sep = match n {
            0 => "",
            _ if n + 1 == seen.len() => " and ",
            _ => ", ",
        };
        let _ = write!(out, "{sep}{} `{chars}`", s.name());
        if n == 0 && whole {
            out.push_str(", every letter of which looks like a Latin one");
        }
    }
    Some(if mixed { format!("the label `{label}` mixes scripts: {out}") } else { format!("the label `{label}` is written in {out}") })
}

/// [`lookalike`] for each label of `name`, A-labels decoded first: the first finding, with the
/// label's byte range in `name`.
pub fn first_lookalike(name: &str) -> Option<(Range<usize>, String)> {
    let mut start = 0;
    for label in name.split('.') {
        let range = start..start + label.len();
        start = range.end + 1;
        let unicode = decode_label(label);
        if let Some(why) = lookalike(unicode.as_deref().unwrap_or(label)) {
            let why = match unicode {
                Some(u) => format!("`{label}` is `{u}`: {why}"),
                None => why,
            };
            return Some((range, why));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_decodes_rfc_3492_and_idna_vectors() {
        for (a, u) in [
            ("xn--mnchen-3ya", "münchen"),
            ("xn--bcher-kva", "bücher"),
            ("XN--MNCHEN-3YA", "MüNCHEN"),
            ("xn--80ak6aa92e", "аррӏе"),
            ("xn--pypal-4ve", "pаypal"),
            ("xn--wgv71a119e", "日本語"),
        ] {
            assert_eq!(decode_label(a).as_deref(), Some(u), "{a}");
        }
        for bad in ["xn--zz", "xn--99999999999999", "xn--", "xn--abc-", "xn--a-ä", "xn--a!b", "xn--ls8h-"] {
            assert_eq!(decode_label(bad), None, "{bad}");
        }
        assert_eq!(first_bad_a_label("mail.xn--zz.example"), Some(5..11));
        assert_eq!(first_bad_a_label("xn--mnchen-3ya.de"), None);
        assert_eq!(first_bad_a_label("mail.example.com"), None);
    }

    #[test]
    fn lookalikes_name_each_script() {
        let why = lookalike("раураl").expect("Cyrillic with a Latin l");
        assert!(why.contains("Cyrillic `раура`") && why.contains("Latin `l`"), "{why}");
        assert!(lookalike("exаmple").is_some_and(|w| w.contains("Latin `exmple` and Cyrillic `а`")));
        assert!(lookalike("аррӏе").is_some_and(|w| w.contains("Cyrillic `аррӏе`, every letter")));
        assert!(lookalike("αβγ").is_none(), "Greek that does not look Latin");
        assert_eq!(lookalike("münchen"), None);
        assert_eq!(lookalike("日本語abc"), None, "Latin beside other scripts is ordinary");
        assert_eq!(lookalike("москва"), None, "Cyrillic letters that do not all look Latin");
        assert_eq!(first_lookalike("mail.xn--pypal-4ve.com").map(|(r, _)| r), Some(5..18));
        assert_eq!(first_invisible("mail\u{200b}.example.com"), Some((4..7, "U+200B ZERO WIDTH SPACE".into())));
        assert_eq!(first_invisible("a\u{202e}.com").map(|(_, n)| n).as_deref(), Some("U+202E RIGHT-TO-LEFT OVERRIDE"));
    }
}
