//! Reading what the user typed: a domain, an email address or a URL.

use crate::domain;
use crate::idna::Idna;

/// Why the input names no domain that can be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InputError {
    /// A sentence for the user.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

fn err(message: impl Into<String>) -> InputError {
    InputError { message: message.into() }
}

/// The mail domain in `input`, as lowercase A-labels without a trailing dot.
///
/// People paste what they have: `example.com`, `postmaster@example.com`,
/// `mailto:a@example.com`, `https://example.com/path`. A U-label domain
/// (`münchen.de`) is converted with UTS 46, because DNS names are A-labels
/// (RFC 5890 §2.3.2.1).
pub fn parse_domain(input: &str, idna: &dyn Idna) -> Result<String, InputError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(err("Enter a domain, an email address or a URL."));
    }
    let host = if let Some((_, rest)) = trimmed.split_once("://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if authority.starts_with('[') {
            return Err(err("That URL names an IP address; MTA-STS applies to domain names."));
        }
        authority.split_once(':').map_or(authority, |(h, _)| h)
    } else if let Some((_, domain)) = trimmed.rsplit_once('@') {
        domain
    } else {
        trimmed
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() {
        return Err(err(format!("No domain found in `{trimmed}`.")));
    }
    if domain::is_ipv4(host) || domain::looks_like_ipv6(host) {
        return Err(err(format!("`{host}` is an IP address; MTA-STS applies to domain names.")));
    }
    if host.chars().any(char::is_whitespace) {
        return Err(err(format!("`{host}` contains spaces; enter one domain such as `example.com`.")));
    }
    let ascii = crate::idna::to_ascii(idna, host).ok_or_else(|| err(format!("`{host}` is not a valid internationalized domain name.")))?;
    domain::check(&ascii).map_err(|e| err(format!("`{host}` is not a valid domain: {}.", e.describe(&ascii))))?;
    if !ascii.contains('.') {
        return Err(err(format!("`{host}` is a single label; enter a full domain such as `example.com`.")));
    }
    Ok(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::AsciiOnly;

    #[test]
    fn forms() {
        let ok = |s| parse_domain(s, &AsciiOnly);
        assert_eq!(ok("Example.COM."), Ok("example.com".into()));
        assert_eq!(ok(" user@example.com "), Ok("example.com".into()));
        assert_eq!(ok("https://u@www.example.com:8443/x?y"), Ok("www.example.com".into()));
        assert!(ok("").is_err());
        assert!(ok("not a domain").is_err());
        assert!(ok("192.0.2.1").is_err());
        assert!(ok("localhost").is_err());
        assert!(ok("a_b.example").is_err());
    }
}
