//! The seam for IDNA (UTS 46) conversion.
//!
//! Converting a U-label such as `münchen` to its A-label `xn--mnchen-3ya` needs
//! Unicode tables that would double the size of the WebAssembly build, while the
//! browser already ships a conforming converter in its `URL` parser. So the rules
//! that need a conversion ask an [`Idna`] implementation: natively the `idna`
//! crate ([`Uts46`], feature `idna`), in the browser a small binding to `URL`.

/// The longest name worth converting, in UTF-8 bytes: every character becomes at least
/// one character of an A-label name, which has at most 253 (RFC 1035 §2.3.4), and a
/// character is at most 4 bytes. Longer input is refused before conversion, whose
/// Punycode step is quadratic in a label's length (a hostile policy line, DNS answer
/// or typed domain could otherwise cost seconds).
pub const MAX_NAME_BYTES: usize = 4 * crate::domain::MAX_NAME;

/// `idna.to_ascii(name)` for a name of at most [`MAX_NAME_BYTES`]; `None` for a longer one,
/// which cannot convert to a valid name anyway. Every rule converts through this.
///
/// A non-ASCII name whose conversion ends in a number (`192.0.2😀.1` → `192.0.xn--2-jv3s.1`,
/// full-width digits → `127.0.0.1`) is refused: a host name's last label is never numeric, the
/// browser's `URL` reads such a name as an IPv4 address and fails, and the `idna` crate converts
/// it; refusing it here gives both builds one answer.
pub fn to_ascii(idna: &dyn Idna, name: &str) -> Option<String> {
    if name.len() > MAX_NAME_BYTES {
        return None;
    }
    idna.to_ascii(name).filter(|ascii| name.is_ascii() || !ends_in_a_number(ascii))
}

/// The URL Standard's "ends in a number": the last label (after one final dot) is all digits,
/// or `0x` followed by hex digits.
fn ends_in_a_number(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let last = name.rsplit('.').next().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    last.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x")) && last[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ending_in_a_number_are_refused_after_conversion() {
        struct Fixed;
        impl Idna for Fixed {
            fn to_ascii(&self, domain: &str) -> Option<String> {
                Some(domain.replace('😀', "x").to_ascii_lowercase())
            }
        }
        assert_eq!(to_ascii(&Fixed, "192.0.2😀.1"), None);
        assert_eq!(to_ascii(&Fixed, "a😀.0x1F."), None);
        assert_eq!(to_ascii(&Fixed, "a😀.0x"), None);
        assert_eq!(to_ascii(&Fixed, "mail😀.example").as_deref(), Some("mailx.example"));
        assert_eq!(to_ascii(&Fixed, "1😀.example1").as_deref(), Some("1x.example1"));
        // ASCII names are judged by the rules themselves (`mx: 192.0.2.1` is an IP address).
        assert_eq!(to_ascii(&Fixed, "192.0.2.1").as_deref(), Some("192.0.2.1"));
    }
}

/// Converts domain names to A-labels.
pub trait Idna {
    /// The domain in lowercase A-labels (UTS 46 processing for lookup, non-transitional),
    /// or `None` when it cannot be converted.
    fn to_ascii(&self, domain: &str) -> Option<String>;
}

/// Converts ASCII names only (lowercased); every non-ASCII name is refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct AsciiOnly;

impl Idna for AsciiOnly {
    fn to_ascii(&self, domain: &str) -> Option<String> {
        domain.is_ascii().then(|| domain.to_ascii_lowercase())
    }
}

/// UTS 46 conversion with the `idna` crate.
#[cfg(feature = "idna")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Uts46;

#[cfg(feature = "idna")]
impl Idna for Uts46 {
    fn to_ascii(&self, domain: &str) -> Option<String> {
        if domain.is_ascii() {
            return Some(domain.to_ascii_lowercase());
        }
        idna::domain_to_ascii(domain).ok().filter(|s| !s.is_empty())
    }
}

/// The best converter this build has: [`Uts46`] with the `idna` feature, else [`AsciiOnly`].
pub fn default_idna() -> &'static dyn Idna {
    #[cfg(feature = "idna")]
    {
        &Uts46
    }
    #[cfg(not(feature = "idna"))]
    {
        &AsciiOnly
    }
}
