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
    let host = host_of(trimmed)?;
    if let Some(hint) = domain_hint(input).filter(|h| h.host.starts_with('_')) {
        return Err(err(hint.message));
    }
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

/// The host part of what was typed: a URL's host, an email address's domain, or the text itself;
/// one trailing dot dropped.
fn host_of(trimmed: &str) -> Result<&str, InputError> {
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
    Ok(host.strip_suffix('.').unwrap_or(host))
}

/// A domain that is probably not the one meant: the name of a record or of the policy host
/// typed where the mail domain goes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DomainHint {
    /// The host part as typed (lowercase).
    pub host: String,
    /// The mail domain it belongs to.
    pub suggestion: String,
    /// "… did you mean `firm.co.uk`?"
    pub message: String,
}

/// Names typed in place of the mail domain, with the domain they belong to: `_mta-sts.D` and
/// `_smtp._tls.D` (the records' names: no check can start from them), `mta-sts.D` (the policy
/// host: a check of it looks for `_mta-sts.mta-sts.D`, which nobody publishes).
pub fn domain_hint(input: &str) -> Option<DomainHint> {
    let host = host_of(input.trim()).ok()?.to_ascii_lowercase();
    let (what, rest) = [
        ("the name of the MTA-STS record", "_mta-sts."),
        ("the name of the TLS-RPT record", "_smtp._tls."),
        ("the policy host", "mta-sts."),
    ]
    .into_iter()
    .find_map(|(what, prefix)| host.strip_prefix(prefix).map(|rest| (what, rest)))?;
    if !rest.contains('.') || rest.starts_with('.') {
        return None;
    }
    let suggestion = rest.to_string();
    let message = format!("`{host}` is {what}; the check starts from the mail domain: did you mean `{suggestion}`?");
    Some(DomainHint { host, suggestion, message })
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

    #[test]
    fn names_typed_in_place_of_the_mail_domain() {
        let suggestion = |s| domain_hint(s).map(|h| h.suggestion);
        assert_eq!(suggestion("mta-sts.firm.co.uk"), Some("firm.co.uk".into()));
        assert_eq!(suggestion("https://MTA-STS.firm.co.uk/.well-known/mta-sts.txt"), Some("firm.co.uk".into()));
        assert_eq!(suggestion("_mta-sts.firm.co.uk."), Some("firm.co.uk".into()));
        assert_eq!(suggestion("_smtp._tls.example.com"), Some("example.com".into()));
        assert_eq!(suggestion("mta-sts.com"), None, "no domain left after the prefix");
        assert_eq!(suggestion("example.com"), None);
        assert_eq!(suggestion("mta-sts-example.com"), None);
        // The policy host is a valid domain (checked as typed, the hint beside it); a record name is refused with it.
        assert_eq!(parse_domain("mta-sts.firm.co.uk", &AsciiOnly), Ok("mta-sts.firm.co.uk".into()));
        let refused = parse_domain("_mta-sts.firm.co.uk", &AsciiOnly).map_err(|e| e.message);
        assert_eq!(
            refused,
            Err("`_mta-sts.firm.co.uk` is the name of the MTA-STS record; the check starts from the mail domain: did you mean `firm.co.uk`?".into())
        );
    }
}
