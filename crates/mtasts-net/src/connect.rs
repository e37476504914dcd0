//! Opening TCP connections: the host resolved with the check's own resolver (so the address
//! connected to is the one DNS gave the check), or redirected by a [`ConnectTo`] rule.
//!
//! With an [`AddressGuard`] (`mtasts serve`), every address found is classified by the core's
//! allow rule ([`mtasts::proxy_rule::classify_ip`]) before anything connects, redirections and
//! IP literals included, and the connection goes to the very addresses checked (no second
//! lookup that DNS rebinding could answer differently).

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use mtasts::check::{RecordData, RecordType, Response};
use mtasts::proxy_rule::{AddressClass, classify_ip};
use tokio::net::TcpStream;

use crate::Net;

/// `--connect-to HOST:PORT:ADDR:PORT`, as curl's: a connection to `HOST:PORT` goes to
/// `ADDR:PORT` instead, and `HOST` is not resolved. An empty `HOST` or first `PORT` matches any;
/// `ADDR` is an IP address (IPv6 in brackets). The TLS name (SNI, certificate) stays `HOST`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTo {
    host: Option<String>,
    port: Option<u16>,
    to: SocketAddr,
}

impl FromStr for ConnectTo {
    type Err = String;

    fn from_str(rule: &str) -> Result<Self, String> {
        let bad = || format!("`{rule}`: expected HOST:PORT:ADDR:PORT (HOST or the first PORT may be empty, ADDR an IP address)");
        let (host, rest) = rule.split_once(':').ok_or_else(bad)?;
        let (port, to) = rest.split_once(':').ok_or_else(bad)?;
        let port = if port.is_empty() { None } else { Some(port.parse::<u16>().map_err(|_| bad())?) };
        let (addr, to_port) = to.rsplit_once(':').ok_or_else(bad)?;
        let addr = addr.strip_prefix('[').and_then(|a| a.strip_suffix(']')).unwrap_or(addr);
        let to = SocketAddr::new(addr.parse::<IpAddr>().map_err(|_| bad())?, to_port.parse().map_err(|_| bad())?);
        let host = (!host.is_empty()).then(|| host.trim_end_matches('.').to_ascii_lowercase());
        Ok(ConnectTo { host, port, to })
    }
}

impl ConnectTo {
    fn redirects(&self, host: &str, port: u16) -> bool {
        self.host.as_deref().is_none_or(|h| h.eq_ignore_ascii_case(host.trim_end_matches('.'))) && self.port.is_none_or(|p| p == port)
    }
}

/// Which addresses a proxy may connect to: only public ones (the core's allow rule), and
/// loopback too when `allow_loopback` is set, which only tests do (`--allow-loopback-for-tests`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressGuard {
    /// Let `127.0.0.0/8` and `::1` through: the tests' fixture servers live there.
    pub allow_loopback: bool,
}

impl AddressGuard {
    /// Why `ip` may not be connected to, or `None` when it may.
    pub fn refuses(self, ip: IpAddr) -> Option<AddressClass> {
        match classify_ip(ip) {
            AddressClass::Public => None,
            AddressClass::Loopback if self.allow_loopback => None,
            class => Some(class),
        }
    }
}

/// Why no connection was made.
#[derive(Debug)]
pub enum ConnectError {
    /// The host has no address, or the lookup failed (the sentence says which).
    NoAddress(String),
    /// Every address refused or could not be reached.
    Unreachable(String),
    /// The [`AddressGuard`] refused an address the host resolves to.
    Refused(String),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::NoAddress(why) | ConnectError::Unreachable(why) | ConnectError::Refused(why) => f.write_str(why),
        }
    }
}

/// Where `host:port` goes without any lookup: a [`ConnectTo`] rule, or an IP literal.
pub(crate) fn fixed_address(net: &Net, host: &str, port: u16) -> Option<SocketAddr> {
    if let Some(rule) = net.config.connect_to.iter().find(|r| r.redirects(host, port)) {
        return Some(rule.to);
    }
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    bare.parse::<IpAddr>().ok().map(|ip| SocketAddr::new(ip, port))
}

/// The addresses to try for `host:port`, in order: [`fixed_address`], else what the check's
/// resolver answers (AAAA, then A); with an [`AddressGuard`], refused when any of them is not
/// allowed (a name that points at both the internet and the inside is not a target).
pub(crate) async fn addresses(net: &Net, host: &str, port: u16) -> Result<Vec<SocketAddr>, ConnectError> {
    let found = unguarded_addresses(net, host, port).await?;
    if let Some(guard) = net.config.guard {
        for addr in &found {
            if let Some(class) = guard.refuses(addr.ip()) {
                return Err(ConnectError::Refused(format!(
                    "`{host}` resolves to {} ({}): only public addresses are reached",
                    addr.ip(),
                    class.as_str()
                )));
            }
        }
    }
    Ok(found)
}

async fn unguarded_addresses(net: &Net, host: &str, port: u16) -> Result<Vec<SocketAddr>, ConnectError> {
    if let Some(addr) = fixed_address(net, host, port) {
        return Ok(vec![addr]);
    }
    let mut found = Vec::new();
    let mut failures = Vec::new();
    // AAAA first, as senders prefer IPv6 where they have it.
    for rtype in [RecordType::Aaaa, RecordType::A] {
        match net.resolver.query(net, host, rtype).await {
            Response::Dns(answer) => found.extend(answer.records.iter().filter_map(|r| match r.data {
                RecordData::A(ip) => Some(SocketAddr::new(ip.into(), port)),
                RecordData::Aaaa(ip) => Some(SocketAddr::new(ip.into(), port)),
                _ => None,
            })),
            Response::Failed(why) => failures.push(format!("{} lookup failed: {}", rtype.as_str(), crate::dns::failure_text(&why))),
            _ => {}
        }
    }
    if found.is_empty() {
        let why = if failures.is_empty() { "no A or AAAA record".to_owned() } else { failures.join("; ") };
        return Err(ConnectError::NoAddress(format!("`{host}` has no address ({why})")));
    }
    Ok(found)
}

/// Connects to the first of `addrs` that accepts; `host` and `port` are for the message.
pub(crate) async fn connect_any(net: &Net, host: &str, port: u16, addrs: &[SocketAddr]) -> Result<TcpStream, ConnectError> {
    let mut failures = Vec::new();
    for &addr in addrs {
        // Each address gets a share of the time, so one black hole does not eat it all.
        let attempt = net.config.timeout / 2;
        match tokio::time::timeout(attempt, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => failures.push(format!("{addr}: {e}")),
            Err(_) => failures.push(format!("{addr}: no answer within {} ms", attempt.as_millis())),
        }
    }
    Err(ConnectError::Unreachable(format!("cannot connect to {host} port {port} ({})", failures.join("; "))))
}

#[cfg(test)]
mod tests {
    use super::{AddressGuard, ConnectTo};

    #[test]
    fn the_guard_lets_only_public_addresses_through() {
        let strict = AddressGuard { allow_loopback: false };
        let tests = AddressGuard { allow_loopback: true };
        for (ip, strict_ok, tests_ok) in [
            ("8.8.8.8", true, true),
            ("127.0.0.1", false, true),
            ("::1", false, true),
            ("10.0.0.1", false, false),
            ("169.254.169.254", false, false),
            ("::ffff:127.0.0.1", false, false),
        ] {
            let ip = ip.parse().expect("an address");
            assert_eq!((strict.refuses(ip).is_none(), tests.refuses(ip).is_none()), (strict_ok, tests_ok), "{ip}");
        }
    }

    #[test]
    fn rules_read_like_curls() {
        let rule: ConnectTo = "mx.example.com:25:127.0.0.1:2525".parse().expect("valid");
        assert!(rule.redirects("MX.example.com.", 25));
        assert!(!rule.redirects("mx.example.com", 443));
        let any: ConnectTo = "::[::1]:8443".parse().expect("valid");
        assert!(any.redirects("anything.test", 1));
        assert_eq!(any.to.to_string(), "[::1]:8443");
        for bad in ["", "a:25", "a:25:127.0.0.1", "a:x:127.0.0.1:1", "a:25:not-an-ip:1", "a:25:127.0.0.1:99999"] {
            assert!(bad.parse::<ConnectTo>().is_err(), "{bad}");
        }
    }
}
