//! Report URIs of a TLS-RPT record: `mailto:` (RFC 6068) and `https:` (RFC 3986),
//! the only schemes RFC 8460 §3 defines.

use crate::code::Code;
use crate::domain;
use crate::idna::Idna;

/// Checks one URI; on failure returns the code and a message. `after_comma` says
/// whether a comma precedes it, which makes a bare address a split one.
pub(crate) fn check(uri: &str, after_comma: bool, idna: &dyn Idna) -> Result<(), (Code, String)> {
    if uri.is_empty() {
        return Err((Code::TlsRptRuaScheme, "Empty URI between commas.".into()));
    }
    let scheme_len = uri
        .find(':')
        .filter(|&i| i > 0 && uri.as_bytes()[0].is_ascii_alphabetic() && uri[..i].bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)));
    let Some(colon) = scheme_len else {
        return Err(if after_comma && uri.contains('@') {
            (
                Code::TlsRptRuaUnencodedChar,
                format!("`{uri}` has no `mailto:` scheme. If the comma before it belongs to the previous URI, write it as `%2C`; otherwise write `mailto:{uri}`."),
            )
        } else {
            (Code::TlsRptRuaScheme, format!("`{uri}` is not a URI: it needs a `mailto:` or `https:` scheme."))
        });
    };
    let scheme = uri[..colon].to_ascii_lowercase();
    let rest = &uri[colon + 1..];
    if let Some(bad) = rest.chars().find(|c| *c == '!' || *c == ';') {
        return Err((
            Code::TlsRptRuaUnencodedChar,
            format!("`{bad}` inside a report URI must be percent-encoded (`{}`).", if bad == '!' { "%21" } else { "%3B" }),
        ));
    }
    match scheme.as_str() {
        "mailto" => mailto(rest, idna),
        "https" => https(rest, idna),
        "http" => Err((Code::TlsRptRuaScheme, "`http:` is not allowed for reports; use `https:`.".into())),
        _ => Err((Code::TlsRptRuaScheme, format!("`{scheme}:` is not supported for reports; use `mailto:` or `https:`."))),
    }
}

/// `mailto:local@domain[?headers]` with exactly one address.
fn mailto(rest: &str, idna: &dyn Idna) -> Result<(), (Code, String)> {
    let err = |m: String| Err((Code::TlsRptRuaMailtoInvalid, m));
    let address = rest.split('?').next().unwrap_or("");
    if address.is_empty() {
        return err("`mailto:` has no address; write e.g. `mailto:tlsrpt@example.com`.".into());
    }
    if let Some(bad) = bad_pct(address) {
        return err(format!("`{bad}` is not a valid percent-encoding."));
    }
    let decoded = pct_decode(address);
    let Some((local, dom)) = decoded.rsplit_once('@') else {
        return err(format!("`{address}` is not an email address: it has no `@`."));
    };
    if local.is_empty() {
        return err(format!("`{address}` has nothing before the `@`."));
    }
    // After decoding, anything printable may stand in the local part: `%2C` exists
    // precisely so that a comma can (RFC 8460 §3).
    if let Some(c) = local.chars().find(|c| c.is_whitespace() || c.is_control() || "@<>()[]\\\"".contains(*c)) {
        return err(format!("`{}` is not allowed in the local part of an email address.", crate::text::escape(c.encode_utf8(&mut [0; 4]))));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return err(format!("`{local}` is not a valid local part (dots at the edge or doubled)."));
    }
    host(dom, idna).map_err(|m| (Code::TlsRptRuaMailtoInvalid, format!("The address's domain is not valid: {m}.")))
}

/// `https://host[:port][/path][?query][#fragment]` per RFC 3986.
fn https(rest: &str, idna: &dyn Idna) -> Result<(), (Code, String)> {
    let err = |m: String| Err((Code::TlsRptRuaHttpsInvalid, m));
    let Some(after) = rest.strip_prefix("//") else {
        return err("An `https:` URI must continue with `//` and a host name.".into());
    };
    let auth_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, tail) = after.split_at(auth_end);
    if authority.contains('@') {
        return err("User names in report URLs are not supported.".into());
    }
    let (hostname, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    if let Some(p) = port {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().is_ok_and(|n| n > 65535) {
            return err(format!("`{p}` is not a valid port."));
        }
    }
    if hostname.is_empty() {
        return err("The URL has no host name.".into());
    }
    let ip_literal = hostname.starts_with('[') && hostname.ends_with(']');
    if !domain::is_ipv4(hostname) && !ip_literal {
        host(hostname, idna).map_err(|m| (Code::TlsRptRuaHttpsInvalid, format!("The URL's host is not valid: {m}.")))?;
    }
    if let Some(bad) = bad_pct(tail) {
        return err(format!("`{bad}` is not a valid percent-encoding."));
    }
    if let Some(c) = tail.chars().find(|&c| !(c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=:@/?#".contains(c))) {
        return err(format!("`{}` is not allowed in a URL; percent-encode it.", crate::text::escape(c.encode_utf8(&mut [0; 4]))));
    }
    Ok(())
}

fn host(name: &str, idna: &dyn Idna) -> Result<(), String> {
    let name = name.strip_suffix('.').unwrap_or(name);
    let ascii = crate::idna::to_ascii(idna, name).ok_or_else(|| format!("`{name}` cannot be converted to an ASCII host name"))?;
    domain::check(&ascii).map_err(|e| e.describe(&ascii))?;
    if !ascii.contains('.') {
        return Err(format!("`{ascii}` is not a fully qualified domain name"));
    }
    Ok(())
}

/// The first `%` not followed by two hex digits, with what follows it.
fn bad_pct(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let valid_at = |i: usize| i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit();
    let i = (0..b.len()).find(|&i| b[i] == b'%' && !valid_at(i))?;
    let end = s[i..].char_indices().nth(3).map_or(s.len(), |(e, _)| i + e);
    Some(&s[i..end])
}

/// Decodes `%XX` escapes (already checked by [`bad_pct`]).
fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| char::from(c).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
