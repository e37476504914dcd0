//! Host name syntax: RFC 5321 §4.1.2 `Domain` with the DNS length limits of RFC 1035 §2.3.4.
//!
//! ```text
//! Domain     = sub-domain *("." sub-domain)
//! sub-domain = Let-dig [Ldh-str]
//! Ldh-str    = *( ALPHA / DIGIT / "-" ) Let-dig
//! ```
//! A label is at most 63 octets and a name at most 253 (255 on the wire).

use std::ops::Range;

/// The first thing wrong with a host name; ranges are byte offsets into the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    /// Nothing at all.
    Empty,
    /// Two dots in a row, or a leading dot.
    EmptyLabel(Range<usize>),
    /// A character outside letters, digits, `-` and `.`.
    BadChar(Range<usize>),
    /// A label starting or ending with `-` (the range of that hyphen).
    HyphenAtEdge(Range<usize>),
    /// A label over 63 octets.
    LabelTooLong(Range<usize>),
    /// More than 253 octets.
    TooLong,
    /// A final dot.
    TrailingDot(Range<usize>),
    /// Non-ASCII characters (a U-label).
    NonAscii(Range<usize>),
    /// A dotted-quad IPv4 address.
    IpAddress,
}

/// Longest label, RFC 1035 §2.3.4.
pub const MAX_LABEL: usize = 63;
/// Longest name in presentation form without the final dot.
pub const MAX_NAME: usize = 253;

/// Checks `name` against RFC 5321 `Domain` (no trailing dot, no wildcard), in one
/// pass over the bytes with no allocation: it runs once per `mx` line.
pub fn check(name: &str) -> Result<(), DomainError> {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return Err(DomainError::Empty);
    }
    if let Some(start) = bytes.iter().position(|&b| b >= 0x80) {
        let end = bytes[start..].iter().position(|&b| b < 0x80).map_or(name.len(), |e| start + e);
        return Err(DomainError::NonAscii(start..end));
    }
    if is_ipv4(name) {
        return Err(DomainError::IpAddress);
    }
    if bytes.len() > 1 && bytes[bytes.len() - 1] == b'.' && bytes[bytes.len() - 2] != b'.' {
        return Err(DomainError::TrailingDot(name.len() - 1..name.len()));
    }
    let mut start = 0;
    while start <= bytes.len() {
        let end = bytes[start..].iter().position(|&b| b == b'.').map_or(bytes.len(), |e| start + e);
        let label = &bytes[start..end];
        if label.is_empty() {
            return Err(DomainError::EmptyLabel(start..end));
        }
        if let Some(i) = label.iter().position(|&b| !(b.is_ascii_alphanumeric() || b == b'-')) {
            return Err(DomainError::BadChar(start + i..start + i + 1));
        }
        if label[0] == b'-' {
            return Err(DomainError::HyphenAtEdge(start..start + 1));
        }
        if label[label.len() - 1] == b'-' {
            return Err(DomainError::HyphenAtEdge(end - 1..end));
        }
        if label.len() > MAX_LABEL {
            return Err(DomainError::LabelTooLong(start..end));
        }
        start = end + 1;
    }
    if name.len() > MAX_NAME {
        return Err(DomainError::TooLong);
    }
    Ok(())
}

/// Whether `s` is a dotted-quad IPv4 address (each part 1–3 digits, at most 255).
pub fn is_ipv4(s: &str) -> bool {
    let mut parts = 0;
    for part in s.split('.') {
        parts += 1;
        let ok = (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) && part.parse::<u16>().is_ok_and(|n| n <= 255);
        if !ok || parts > 4 {
            return false;
        }
    }
    parts == 4
}

/// Whether `s` looks like an IPv6 address (hex digits and colons, at least two colons).
pub fn looks_like_ipv6(s: &str) -> bool {
    let s = s.trim_start_matches('[').trim_end_matches(']');
    s.bytes().filter(|&b| b == b':').count() >= 2 && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
}

impl DomainError {
    /// A sentence for people, naming the part of `name` that is wrong.
    pub fn describe(&self, name: &str) -> String {
        match self {
            DomainError::Empty => "the host name is empty".into(),
            DomainError::EmptyLabel(r) if r.start == 0 => "the host name starts with a dot".into(),
            DomainError::EmptyLabel(_) => "the host name has two dots in a row (an empty label)".into(),
            DomainError::BadChar(r) => {
                format!("`{}` is not allowed in a host name (only letters, digits, `-` and `.`)", crate::text::escape(&name[r.clone()]))
            }
            DomainError::HyphenAtEdge(_) => "a label cannot start or end with `-`".into(),
            DomainError::LabelTooLong(r) => {
                format!("the label `{}…` is {} characters long; the limit is {MAX_LABEL}", &name[r.start..r.start + 12], r.len())
            }
            DomainError::TooLong => format!("the name is {} characters long; the limit is {MAX_NAME}", name.len()),
            DomainError::TrailingDot(_) => "the host name ends with a dot".into(),
            DomainError::NonAscii(_) => "the host name contains non-ASCII characters".into(),
            DomainError::IpAddress => "this is an IP address, not a host name".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert_eq!(check("mail.example.com"), Ok(()));
        assert_eq!(check("xn--mnchen-3ya.de"), Ok(()));
        assert_eq!(check("a..b"), Err(DomainError::EmptyLabel(2..2)));
        assert_eq!(check("a_b.c"), Err(DomainError::BadChar(1..2)));
        assert_eq!(check("-a.c"), Err(DomainError::HyphenAtEdge(0..1)));
        assert_eq!(check("192.0.2.1"), Err(DomainError::IpAddress));
        assert_eq!(check("a.b."), Err(DomainError::TrailingDot(3..4)));
        assert_eq!(check("münchen.de"), Err(DomainError::NonAscii(1..3)));
        assert_eq!(check(&format!("{}.com", "a".repeat(64))), Err(DomainError::LabelTooLong(0..64)));
        assert!(looks_like_ipv6("2001:db8::1"));
    }
}
