//! The allow rule of a policy proxy (docs/PROXY.md, `mtasts serve`): which targets it may fetch
//! for a browser, so that it can never be turned against the network it runs in (SSRF). Two
//! parts, both pure: the target must be a domain name as the protocol spells it
//! ([`policy_url_target`], [`domain_target`]), and every address that name resolves to must be
//! public ([`classify_ip`]); the driver connects to the address it checked (no DNS rebinding).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::domain;
use crate::idna::Idna;

/// What an IP address is, for the allow rule: only [`AddressClass::Public`] may be connected to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum AddressClass {
    /// Routable on the internet.
    Public,
    /// `0.0.0.0`, `::`.
    Unspecified,
    /// `0.0.0.0/8`: "this network" (RFC 791), reaches the local host on some systems.
    ThisNetwork,
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// `10/8`, `172.16/12`, `192.168/16` (RFC 1918).
    Private,
    /// `100.64.0.0/10` (RFC 6598).
    SharedCgnat,
    /// `169.254.169.254`: the cloud metadata service (also link-local; named for what it is).
    Metadata,
    /// `169.254.0.0/16`, `fe80::/10`.
    LinkLocal,
    /// `192.0.0.0/24`: IETF protocol assignments (RFC 6890).
    ProtocolAssignment,
    /// `192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32` (RFC 5737, RFC 3849).
    Documentation,
    /// `198.18.0.0/15` (RFC 2544), `2001:2::/48` (RFC 5180).
    Benchmarking,
    /// `224.0.0.0/4`, `ff00::/8`.
    Multicast,
    /// `240.0.0.0/4` (RFC 1112).
    Reserved,
    /// `255.255.255.255`.
    Broadcast,
    /// `fc00::/7` (RFC 4193).
    UniqueLocal,
    /// `fec0::/10`, deprecated site-local (RFC 3879).
    SiteLocal,
    /// `64:ff9b::/96` and `64:ff9b:1::/48`: NAT64 (RFC 6052, RFC 8215), an IPv4 address inside.
    Nat64,
    /// `2002::/16`: 6to4 (RFC 3056), an IPv4 address inside.
    SixToFour,
    /// `2001::/32`: Teredo (RFC 4380), an obfuscated IPv4 address inside.
    Teredo,
    /// `::ffff:0:0/96`: IPv4-mapped (RFC 4291).
    Ipv4Mapped,
    /// `::/96`: IPv4-compatible, deprecated (RFC 4291).
    Ipv4Compatible,
    /// `100::/64`: discard-only (RFC 6666).
    Discard,
    /// `2001:10::/28`, `2001:20::/28`: ORCHID (RFC 4843, RFC 7343), not routable.
    Orchid,
}

impl AddressClass {
    /// The stable name, as serialized (`loopback`, `ipv4-mapped`, …), for refusal messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            AddressClass::Public => "public",
            AddressClass::Unspecified => "unspecified",
            AddressClass::ThisNetwork => "this-network",
            AddressClass::Loopback => "loopback",
            AddressClass::Private => "private",
            AddressClass::SharedCgnat => "shared-cgnat",
            AddressClass::Metadata => "metadata",
            AddressClass::LinkLocal => "link-local",
            AddressClass::ProtocolAssignment => "protocol-assignment",
            AddressClass::Documentation => "documentation",
            AddressClass::Benchmarking => "benchmarking",
            AddressClass::Multicast => "multicast",
            AddressClass::Reserved => "reserved",
            AddressClass::Broadcast => "broadcast",
            AddressClass::UniqueLocal => "unique-local",
            AddressClass::SiteLocal => "site-local",
            AddressClass::Nat64 => "nat64",
            AddressClass::SixToFour => "six-to-four",
            AddressClass::Teredo => "teredo",
            AddressClass::Ipv4Mapped => "ipv4-mapped",
            AddressClass::Ipv4Compatible => "ipv4-compatible",
            AddressClass::Discard => "discard",
            AddressClass::Orchid => "orchid",
        }
    }
}

/// The class of `ip`. Addresses that embed an IPv4 address (mapped, compatible, NAT64, 6to4,
/// Teredo) are refused whatever they embed: a proxy has no business reaching IPv4 that way.
pub fn classify_ip(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    use AddressClass as C;
    let [a, b, c, d] = ip.octets();
    match (a, b, c) {
        _ if ip.is_unspecified() => C::Unspecified,
        (0, _, _) => C::ThisNetwork,
        (127, _, _) => C::Loopback,
        (10, _, _) | (192, 168, _) | (172, 16..=31, _) => C::Private,
        (100, 64..=127, _) => C::SharedCgnat,
        (169, 254, 169) if d == 254 => C::Metadata,
        (169, 254, _) => C::LinkLocal,
        (192, 0, 0) => C::ProtocolAssignment,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => C::Documentation,
        (198, 18..=19, _) => C::Benchmarking,
        (224..=239, _, _) => C::Multicast,
        (255, 255, 255) if d == 255 => C::Broadcast,
        (240..=255, _, _) => C::Reserved,
        _ => C::Public,
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    use AddressClass as C;
    let s = ip.segments();
    match s {
        _ if ip.is_unspecified() => C::Unspecified,
        _ if ip.is_loopback() => C::Loopback,
        [0, 0, 0, 0, 0, 0xffff, _, _] => C::Ipv4Mapped,
        [0, 0, 0, 0, 0, 0, _, _] => C::Ipv4Compatible,
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] | [0x64, 0xff9b, 1, ..] => C::Nat64,
        [0x100, 0, 0, 0, ..] => C::Discard,
        [0x2001, 0xdb8, ..] => C::Documentation,
        [0x2001, 0x2, 0, ..] => C::Benchmarking,
        [0x2001, 0x10..=0x2f, ..] => C::Orchid,
        [0x2001, 0, ..] => C::Teredo,
        [0x2002, ..] => C::SixToFour,
        [x, ..] if x & 0xfe00 == 0xfc00 => C::UniqueLocal,
        [x, ..] if x & 0xffc0 == 0xfe80 => C::LinkLocal,
        [x, ..] if x & 0xffc0 == 0xfec0 => C::SiteLocal,
        [x, ..] if x & 0xff00 == 0xff00 => C::Multicast,
        _ => C::Public,
    }
}

/// Why a target is refused; `message` is what `Mtasts-Proxy-Error` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// A sentence.
    pub message: String,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal { message: message.into() }
}

const PREFIX: &str = "https://mta-sts.";
const SUFFIX: &str = "/.well-known/mta-sts.txt";

/// The mail domain of a proxy request's `url` (docs/PROXY.md): exactly
/// `https://mta-sts.<domain>/.well-known/mta-sts.txt` with `<domain>` as [`domain_target`] wants
/// it; no port, user info, query or fragment, nothing else.
pub fn policy_url_target(url: &str, idna: &dyn Idna) -> Result<String, Refusal> {
    let domain = url
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .ok_or_else(|| refuse(format!("`{url}` is not a policy URL `https://mta-sts.<domain>/.well-known/mta-sts.txt`")))?;
    let ascii = domain_target(domain, idna)?;
    if ascii != domain {
        return Err(refuse(format!("`{domain}` is not written in lowercase A-labels (`{ascii}`)")));
    }
    Ok(ascii)
}

/// A domain a proxy may look up and fetch for (`/api/policy?domain=D`): a name, not an address,
/// converted to A-labels (UTS 46), at least two labels, valid host-name syntax; no port, path,
/// user info or anything else.
pub fn domain_target(input: &str, idna: &dyn Idna) -> Result<String, Refusal> {
    if input.is_empty() || input.len() > 253 {
        return Err(refuse("no domain, or one longer than 253 octets"));
    }
    if let Some(c) =
        input.chars().find(|c| matches!(c, ':' | '/' | '@' | '?' | '#' | '[' | ']' | '\\' | '%') || c.is_whitespace() || c.is_control())
    {
        return Err(refuse(format!("`{}` is not a domain name: it holds `{}`", input.escape_debug(), c.escape_debug())));
    }
    if domain::is_ipv4(input) || input.parse::<IpAddr>().is_ok() {
        return Err(refuse(format!("`{input}` is an IP address; only domain names are fetched")));
    }
    let ascii = crate::idna::to_ascii(idna, input).ok_or_else(|| refuse(format!("`{input}` is not a valid domain name")))?;
    if input.ends_with('.') || !ascii.contains('.') {
        return Err(refuse(format!("`{input}` is not a multi-label domain name without a trailing dot")));
    }
    domain::check(&ascii).map_err(|e| refuse(format!("`{input}` is not a valid domain name: {}", e.describe(&ascii))))?;
    if ascii.rsplit('.').next().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit())) {
        return Err(refuse(format!("`{input}` ends in a numeric label, as an address does")));
    }
    Ok(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::AsciiOnly;
    use AddressClass as C;

    #[test]
    fn addresses() {
        let table: &[(&str, AddressClass)] = &[
            ("8.8.8.8", C::Public),
            ("1.1.1.1", C::Public),
            ("0.0.0.0", C::Unspecified),
            ("0.1.2.3", C::ThisNetwork),
            ("127.0.0.1", C::Loopback),
            ("127.255.255.254", C::Loopback),
            ("10.0.0.1", C::Private),
            ("172.16.0.1", C::Private),
            ("172.31.255.255", C::Private),
            ("172.32.0.1", C::Public),
            ("192.168.1.1", C::Private),
            ("100.64.0.1", C::SharedCgnat),
            ("100.127.255.255", C::SharedCgnat),
            ("100.128.0.1", C::Public),
            ("169.254.169.254", C::Metadata),
            ("169.254.1.1", C::LinkLocal),
            ("192.0.0.8", C::ProtocolAssignment),
            ("192.0.2.1", C::Documentation),
            ("198.51.100.7", C::Documentation),
            ("203.0.113.9", C::Documentation),
            ("198.18.0.1", C::Benchmarking),
            ("198.19.255.255", C::Benchmarking),
            ("198.20.0.1", C::Public),
            ("224.0.0.1", C::Multicast),
            ("239.255.255.250", C::Multicast),
            ("240.0.0.1", C::Reserved),
            ("255.255.255.255", C::Broadcast),
            ("2606:4700::1111", C::Public),
            ("::", C::Unspecified),
            ("::1", C::Loopback),
            ("::ffff:127.0.0.1", C::Ipv4Mapped),
            ("::ffff:8.8.8.8", C::Ipv4Mapped),
            ("::127.0.0.1", C::Ipv4Compatible),
            ("64:ff9b::7f00:1", C::Nat64),
            ("64:ff9b:1::1", C::Nat64),
            ("2002:7f00:1::", C::SixToFour),
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", C::Teredo),
            ("2001:db8::1", C::Documentation),
            ("2001:2::1", C::Benchmarking),
            ("2001:10::1", C::Orchid),
            ("2001:20::1", C::Orchid),
            ("100::1", C::Discard),
            ("fc00::1", C::UniqueLocal),
            ("fd12:3456::1", C::UniqueLocal),
            ("fe80::1", C::LinkLocal),
            ("fec0::1", C::SiteLocal),
            ("ff02::1", C::Multicast),
        ];
        for (text, want) in table {
            let ip: IpAddr = text.parse().expect("an address");
            assert_eq!(classify_ip(ip), *want, "{text}");
        }
    }

    #[test]
    fn targets() {
        let ok = |s| domain_target(s, &AsciiOnly);
        assert_eq!(ok("Example.COM"), Ok("example.com".into()));
        for bad in [
            "",
            "localhost",
            "example.com.",
            "127.0.0.1",
            "[::1]",
            "::ffff:127.0.0.1",
            "example.com:443",
            "example.com/x",
            "user@example.com",
            "exa mple.com",
            "10.0.0.1.",
            "1.2.3.4.5",
            "0x7f.1",
            "a_b.example",
        ] {
            assert!(ok(bad).is_err(), "{bad}");
        }
        let url = |s| policy_url_target(s, &AsciiOnly);
        assert_eq!(url("https://mta-sts.example.com/.well-known/mta-sts.txt"), Ok("example.com".into()));
        for bad in [
            "http://mta-sts.example.com/.well-known/mta-sts.txt",
            "https://mta-sts.example.com:8443/.well-known/mta-sts.txt",
            "https://u@mta-sts.example.com/.well-known/mta-sts.txt",
            "https://mta-sts.example.com/.well-known/mta-sts.txt?x=1",
            "https://mta-sts.example.com/.well-known/mta-sts.txt#f",
            "https://example.com/.well-known/mta-sts.txt",
            "https://mta-sts.127.0.0.1/.well-known/mta-sts.txt",
            "https://mta-sts.com/.well-known/mta-sts.txt",
            "https://mta-sts.EXAMPLE.com/.well-known/mta-sts.txt",
            "https://mta-sts.example.com/.well-known/mta-sts.txt/..",
        ] {
            assert!(url(bad).is_err(), "{bad}");
        }
    }
}
