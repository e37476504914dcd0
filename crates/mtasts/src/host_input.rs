//! What people type where a host name is expected (an MX host to match, a host to probe):
//! `mx.example.com:25`, `smtp://mx.example.com`, `192.0.2.25`, `10 mx.example.com.` copied from
//! `dig`. None of these is a host name, and saying "senders refuse to deliver to it" would blame
//! the domain for a typo: [`classify`] names what was typed and the host to use instead.

use crate::domain;

/// What was typed instead of a bare host name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum HostInputKind {
    /// A URL (`smtp://mx.example.com`, `https://…/path`).
    Url,
    /// An email address (`postmaster@example.com`, `mailto:…`).
    Email,
    /// An IP address, bare or in brackets (`192.0.2.25`, `[2001:db8::25]`).
    IpAddress,
    /// A host with a port (`mx.example.com:25`).
    Port,
    /// A host in brackets (`[mx.example.com]`, Postfix's notation for "no MX lookup").
    Brackets,
    /// An MX record's preference and host (`10 mx.example.com.`).
    Preference,
    /// A host with a trailing dot (`mx.example.com.`): a host name, fully qualified.
    TrailingDot,
}

/// The finding on what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HostInputHint {
    /// What was typed.
    pub kind: HostInputKind,
    /// `false` only for [`HostInputKind::TrailingDot`]: the input is a host name after all.
    pub not_a_host_name: bool,
    /// The host name to use instead, when the input holds one.
    pub host: Option<String>,
    /// A sentence for people.
    pub message: String,
}

fn hint(kind: HostInputKind, input: &str, host: Option<&str>, what: &str) -> HostInputHint {
    let host = host.map(|h| h.trim_end_matches('.').to_ascii_lowercase()).filter(|h| !h.is_empty());
    let instead = match &host {
        Some(h) => format!("; use `{h}`"),
        None => String::new(),
    };
    HostInputHint { kind, not_a_host_name: true, host, message: format!("`{input}` is not a host name: it is {what}{instead}.") }
}

fn is_ip(s: &str) -> bool {
    domain::is_ipv4(s) || domain::looks_like_ipv6(s)
}

/// What `input` is when it is not a bare host name; `None` when it is one (valid or not: the
/// host-name rules judge that).
pub fn classify(input: &str) -> Option<HostInputHint> {
    use HostInputKind as K;
    let s = input.trim();
    if let Some((_, rest)) = s.split_once("://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = if authority.starts_with('[') {
            None
        } else {
            Some(authority.split_once(':').map_or(authority, |(h, _)| h)).filter(|h| !is_ip(h))
        };
        return Some(hint(K::Url, s, host, "a URL, and senders match the host name alone"));
    }
    if let Some(address) = s.strip_prefix("mailto:").or_else(|| s.contains('@').then_some(s)) {
        let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
        return Some(hint(
            K::Email,
            s,
            None,
            &format!("an email address; the MX hosts of `{domain}` are what `dig +short MX {domain}` lists"),
        ));
    }
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return Some(if is_ip(inner) || inner.starts_with("IPv6:") {
            hint(K::IpAddress, s, None, "an IP address; MX records name hosts, and senders match the certificate against the host name")
        } else {
            hint(K::Brackets, s, Some(inner), "a host in brackets")
        });
    }
    if is_ip(s) {
        return Some(hint(
            K::IpAddress,
            s,
            None,
            "an IP address; MX records name hosts, and senders match the certificate against the host name",
        ));
    }
    if let Some((host, port)) =
        s.rsplit_once(':').filter(|(h, p)| !h.contains(':') && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some(hint(K::Port, s, Some(host), &format!("a host with a port (`:{port}`), and senders match the host name alone")));
    }
    let mut words = s.split_whitespace();
    if let (Some(pref), Some(host), None) = (words.next(), words.next(), words.next()) {
        if pref.bytes().all(|b| b.is_ascii_digit()) {
            return Some(hint(K::Preference, s, Some(host), &format!("an MX record's preference (`{pref}`) and host")));
        }
    }
    let bare = s.strip_suffix('.').filter(|h| !h.is_empty() && !h.ends_with('.'))?;
    Some(HostInputHint {
        kind: K::TrailingDot,
        not_a_host_name: false,
        host: Some(bare.to_ascii_lowercase()),
        message: format!("The trailing dot of `{s}` marks a fully qualified name; it is ignored when matching."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_typed_and_the_host_to_use() {
        use HostInputKind as K;
        type Want = Option<(K, Option<&'static str>)>;
        let cases: [(&str, Want); 16] = [
            ("mx.example.com", None),
            ("mx_1.example.com", None),
            ("mx.example.com.", Some((K::TrailingDot, Some("mx.example.com")))),
            ("mx.example.com:25", Some((K::Port, Some("mx.example.com")))),
            ("smtp://mx.example.com", Some((K::Url, Some("mx.example.com")))),
            ("smtp://mx.example.com:587/", Some((K::Url, Some("mx.example.com")))),
            ("https://192.0.2.1/", Some((K::Url, None))),
            ("192.0.2.25", Some((K::IpAddress, None))),
            ("2001:db8::25", Some((K::IpAddress, None))),
            ("[2001:db8::25]", Some((K::IpAddress, None))),
            ("[IPv6:2001:db8::25]", Some((K::IpAddress, None))),
            ("[mx.example.com]", Some((K::Brackets, Some("mx.example.com")))),
            ("postmaster@example.com", Some((K::Email, None))),
            ("10 MX.example.com.", Some((K::Preference, Some("mx.example.com")))),
            (".", None),
            ("a..", None),
        ];
        for (input, want) in cases {
            let got = classify(input);
            assert_eq!(got.as_ref().map(|h| (h.kind, h.host.as_deref())), want, "{input}");
            if let Some(h) = got {
                assert_eq!(h.not_a_host_name, h.kind != K::TrailingDot, "{input}");
                assert!(h.message.contains(input), "{input}: {}", h.message);
            }
        }
        let port = classify("mx.example.com:25").map(|h| h.message);
        assert_eq!(
            port.as_deref(),
            Some(
                "`mx.example.com:25` is not a host name: it is a host with a port (`:25`), and senders match the host name alone; use `mx.example.com`."
            )
        );
    }
}
