//! Report URIs of a TLS-RPT record: `mailto:` (RFC 6068) and `https:` (RFC 3986),
//! the only schemes RFC 8460 §3 defines.

use crate::code::Code;
use crate::domain;
use crate::idna::Idna;

/// A repair of one URI: replace `range` (bytes of the URI) with `replacement`.
#[derive(Debug)]
pub(crate) struct Repair {
    pub range: (usize, usize),
    pub replacement: &'static str,
    pub title: &'static str,
    /// Whether the intent is unambiguous.
    pub safe: bool,
}

/// Why a URI is refused, and how to repair it when that is clear.
#[derive(Debug)]
pub(crate) struct Problem {
    pub code: Code,
    pub message: String,
    pub repair: Option<Repair>,
}

impl From<(Code, String)> for Problem {
    fn from((code, message): (Code, String)) -> Self {
        Problem { code, message, repair: None }
    }
}

/// Checks one URI. `after_comma` says whether a comma precedes it, which makes a bare
/// address a split one.
pub(crate) fn check(uri: &str, after_comma: bool, idna: &dyn Idna) -> Result<(), Problem> {
    check_uri(uri, after_comma, idna).map_err(|problem| problem.with_repair(uri, after_comma, idna))
}

impl Problem {
    /// Adds the repair of the mistakes people make in `rua` values: a bare address (add
    /// `mailto:`), a space after the scheme (remove it), `http:` (most likely `https:`).
    fn with_repair(mut self, uri: &str, after_comma: bool, idna: &dyn Idna) -> Problem {
        let colon = uri.find(':');
        let scheme = colon.map(|c| uri[..c].to_ascii_lowercase());
        self.repair = match scheme.as_deref() {
            None if !after_comma && uri.contains('@') && mailto(uri, idna).is_ok() => {
                self.message = format!("`{uri}` is an email address, not a URI: report addresses are written `mailto:{uri}`.");
                Some(Repair { range: (0, 0), replacement: "mailto:", title: "Add `mailto:`", safe: true })
            }
            Some(scheme @ ("mailto" | "https")) => {
                let after = colon.map_or(0, |c| c + 1);
                let spaces = uri[after..].len() - uri[after..].trim_start_matches([' ', '\t']).len();
                (spaces > 0 && check_uri(&format!("{scheme}:{}", &uri[after + spaces..]), after_comma, idna).is_ok()).then(|| {
                    self.message = format!("`{scheme}:` is followed by a space: the address must follow the colon directly.");
                    Repair { range: (after, after + spaces), replacement: "", title: "Remove the space", safe: true }
                })
            }
            Some("http") => Some(Repair { range: (0, 4), replacement: "https", title: "Use `https:`", safe: false }),
            _ => None,
        };
        self
    }
}

fn check_uri(uri: &str, after_comma: bool, idna: &dyn Idna) -> Result<(), Problem> {
    let scheme_len = uri.find(':').filter(|&i| {
        i > 0 && uri.as_bytes()[0].is_ascii_alphabetic() && uri[..i].bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    let Some(colon) = scheme_len else {
        return Err(if after_comma && uri.contains('@') {
            (
                Code::TlsRptRuaUnencodedChar,
                format!("`{uri}` has no `mailto:` scheme. If the comma before it belongs to the previous URI, write it as `%2C`; otherwise write `mailto:{uri}`."),
            )
        } else {
            (Code::TlsRptRuaScheme, format!("`{uri}` is not a URI: it needs a `mailto:` or `https:` scheme."))
        }
        .into());
    };
    let scheme = uri[..colon].to_ascii_lowercase();
    let rest = &uri[colon + 1..];
    if let Some(bad) = rest.chars().find(|c| *c == '!' || *c == ';') {
        return Err((
            Code::TlsRptRuaUnencodedChar,
            format!("`{bad}` inside a report URI must be percent-encoded (`{}`).", if bad == '!' { "%21" } else { "%3B" }),
        )
            .into());
    }
    match scheme.as_str() {
        "mailto" => mailto(rest, idna),
        "https" => https(rest, idna),
        "http" => Err((
            Code::TlsRptRuaScheme,
            "`http:` is not allowed for reports; use `https:` (senders do not post reports over plain HTTP).".into(),
        )),
        _ => Err((Code::TlsRptRuaScheme, format!("`{scheme}:` is not supported for reports; use `mailto:` or `https:`."))),
    }
    .map_err(Problem::from)
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
