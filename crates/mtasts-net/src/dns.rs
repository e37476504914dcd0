//! DNS lookups for the check: queries built and answers read by the core's `check::dns_wire`
//! (the browser's parser), sent over UDP (TCP when the answer comes back truncated) to the
//! system's resolvers or one given by address, or over HTTPS (RFC 8484, POST).
//!
//! As in the browser, an answer that is not a well-formed answer to the question asked is a
//! failure of that resolver, SERVFAIL and REFUSED send the query to the next one, and when none
//! gives a usable answer the engine gets the failure, never an empty answer.

use std::net::{IpAddr, SocketAddr};

use mtasts::check::dns_wire::{MAX_MESSAGE, build_query, parse_answer};
use mtasts::check::{FailureKind, Rcode, RecordData, RecordType, Response, TimeoutBy};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpStream, UdpSocket};

use crate::Net;
use crate::http::{self, Url};

/// Which resolver the check asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsConfig {
    /// The `nameserver` lines of `/etc/resolv.conf` (127.0.0.1 when there are none, as in libc).
    System,
    /// These resolvers, in turn (`--resolver IP[:PORT]`).
    Servers(Vec<SocketAddr>),
    /// DNS over HTTPS (`--doh URL`, https or http); a host name in the URL is resolved with the
    /// system's resolvers.
    Doh(String),
}

impl DnsConfig {
    /// Reads `IP`, `IP:PORT` or `[IPv6]:PORT` (port 53 by default).
    pub fn parse_server(text: &str) -> Result<SocketAddr, String> {
        if let Ok(addr) = text.parse::<SocketAddr>() {
            return Ok(addr);
        }
        let bare = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(text);
        bare.parse::<IpAddr>()
            .map(|ip| SocketAddr::new(ip, 53))
            .map_err(|_| format!("`{text}` is not a resolver address (IP, IP:PORT or [IPv6]:PORT)"))
    }
}

/// The resolver in use.
#[derive(Debug)]
pub(crate) enum Resolver {
    Servers(Vec<SocketAddr>),
    Doh { url: Url, bootstrap: Vec<SocketAddr> },
}

/// The `nameserver` addresses of a resolv.conf text.
fn nameservers(conf: &str) -> Vec<SocketAddr> {
    conf.lines()
        .filter_map(|line| line.strip_prefix("nameserver"))
        .filter_map(|rest| rest.split_whitespace().next())
        // A scoped IPv6 address (`fe80::1%eth0`) is not supported by std's parser: skipped.
        .filter_map(|addr| addr.parse::<IpAddr>().ok())
        .map(|ip| SocketAddr::new(ip, 53))
        .collect()
}

fn system_servers() -> Vec<SocketAddr> {
    let servers = std::fs::read_to_string("/etc/resolv.conf").map(|c| nameservers(&c)).unwrap_or_default();
    if servers.is_empty() { vec![SocketAddr::from(([127, 0, 0, 1], 53))] } else { servers }
}

impl Resolver {
    pub(crate) fn new(config: &DnsConfig) -> Result<Resolver, String> {
        Ok(match config {
            DnsConfig::System => Resolver::Servers(system_servers()),
            DnsConfig::Servers(servers) if servers.is_empty() => return Err("no resolver given".into()),
            DnsConfig::Servers(servers) => Resolver::Servers(servers.clone()),
            DnsConfig::Doh(url) => {
                let url = Url::parse(url).map_err(|e| format!("--doh: {e}"))?;
                Resolver::Doh { url, bootstrap: system_servers() }
            }
        })
    }

    /// Looks `name`/`rtype` up; the answer as the engine reads it, or the failure.
    pub(crate) async fn query(&self, net: &Net, name: &str, rtype: RecordType) -> Response {
        let query = match build_query(name, rtype) {
            Ok(q) => q,
            Err(e) => return Response::Failed(FailureKind::Network(e)),
        };
        match self {
            Resolver::Servers(servers) => {
                let share = net.config.timeout / u32::try_from(servers.len().max(1)).unwrap_or(1);
                let mut attempts = Vec::new();
                for &server in servers {
                    let result = tokio::time::timeout(share, exchange(server, &query)).await.unwrap_or(Err(Exchange::TimedOut));
                    attempts.push((server.to_string(), result));
                }
                settle(attempts, name, rtype)
            }
            Resolver::Doh { url, bootstrap } => {
                let result =
                    tokio::time::timeout(net.config.timeout, doh(net, url, bootstrap, &query)).await.unwrap_or(Err(Exchange::TimedOut));
                settle(vec![(url.to_string(), result)], name, rtype)
            }
        }
    }
}

/// Why one resolver gave nothing usable.
#[derive(Debug)]
enum Exchange {
    TimedOut,
    Error(String),
}

/// The first usable answer of the attempts, else the last SERVFAIL/REFUSED, else the failure.
fn settle(attempts: Vec<(String, Result<Vec<u8>, Exchange>)>, name: &str, rtype: RecordType) -> Response {
    let mut unhelpful = None;
    let mut failures = Vec::new();
    let mut all_timed_out = true;
    for (server, result) in attempts {
        let why = match result.map(|bytes| parse_answer(&bytes, name, rtype)) {
            Ok(Ok(answer)) if matches!(answer.rcode, Rcode::ServFail | Rcode::Refused) => {
                unhelpful = Some(answer);
                continue;
            }
            Ok(Ok(answer)) => return Response::Dns(answer),
            Ok(Err(e)) | Err(Exchange::Error(e)) => e,
            Err(Exchange::TimedOut) => {
                failures.push(format!("{server}: no answer in time"));
                continue;
            }
        };
        all_timed_out = false;
        failures.push(format!("{server}: {why}"));
    }
    match unhelpful {
        Some(answer) => Response::Dns(answer),
        None if all_timed_out => Response::Failed(FailureKind::Timeout(TimeoutBy::Sender)),
        None => Response::Failed(FailureKind::Network(format!("DNS lookup failed ({})", failures.join("; ")))),
    }
}

/// A random query ID (the answer must carry it back: RFC 5452 §4.3).
fn random_id() -> [u8; 2] {
    let mut id = [0; 2];
    // The system's CSPRNG; should it fail, a fixed ID still gets an answer checked for its question.
    let _ = crate::tls::provider().secure_random.fill(&mut id);
    id
}

/// One query over UDP, then TCP when the answer is truncated. The answer comes back with ID 0,
/// as `parse_answer` expects (the query it reads was built with ID 0), once its ID was checked.
async fn exchange(server: SocketAddr, query: &[u8]) -> Result<Vec<u8>, Exchange> {
    let id = random_id();
    let mut query = query.to_vec();
    query[..2].copy_from_slice(&id);
    let io = |e: std::io::Error| Exchange::Error(format!("{e}"));
    let local: SocketAddr = if server.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { (std::net::Ipv6Addr::UNSPECIFIED, 0).into() };
    let socket = UdpSocket::bind(local).await.map_err(io)?;
    socket.connect(server).await.map_err(io)?;
    socket.send(&query).await.map_err(io)?;
    let mut buffer = vec![0; MAX_MESSAGE];
    let mut answer = loop {
        let n = socket.recv(&mut buffer).await.map_err(io)?;
        // Anything else arriving on the socket (a late answer, a spoofing attempt) is ignored.
        if n >= 12 && buffer[..2] == id && buffer[2] & 0x80 != 0 {
            break buffer[..n].to_vec();
        }
    };
    if answer[2] & 0x02 != 0 {
        answer = exchange_tcp(server, &query).await.map_err(io)?;
        if answer.len() < 12 || answer[..2] != id {
            return Err(Exchange::Error("the answer over TCP carries another ID".into()));
        }
    }
    answer[..2].copy_from_slice(&[0, 0]);
    Ok(answer)
}

/// One query over TCP (RFC 1035 §4.2.2: each message after its 16-bit length).
async fn exchange_tcp(server: SocketAddr, query: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(server).await?;
    let length = u16::try_from(query.len()).map_err(|_| std::io::Error::other("query too long"))?;
    let mut framed = length.to_be_bytes().to_vec();
    framed.extend_from_slice(query);
    stream.write_all(&framed).await?;
    let mut length = [0; 2];
    stream.read_exact(&mut length).await?;
    let mut answer = vec![0; usize::from(u16::from_be_bytes(length))];
    stream.read_exact(&mut answer).await?;
    Ok(answer)
}

/// One RFC 8484 POST (ID 0, as the RFC recommends).
async fn doh(net: &Net, url: &Url, bootstrap: &[SocketAddr], query: &[u8]) -> Result<Vec<u8>, Exchange> {
    let addrs = match crate::connect::fixed_address(net, &url.host, url.port) {
        Some(addr) => vec![addr],
        None => bootstrap_addresses(net, &url.host, url.port, bootstrap).await.map_err(Exchange::Error)?,
    };
    let body = Some(("application/dns-message", query.to_vec()));
    let reply = http::request(net, url, &addrs, body, MAX_MESSAGE + 1).await.map_err(Exchange::Error)?;
    if reply.status != 200 {
        return Err(Exchange::Error(format!("HTTP {} instead of a DNS answer", reply.status)));
    }
    let media = reply.content_type.unwrap_or_default();
    if !media.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/dns-message") {
        return Err(Exchange::Error(format!("the answer is `{media}`, not `application/dns-message`")));
    }
    if reply.truncated {
        return Err(Exchange::Error("the answer is longer than a DNS message can be".into()));
    }
    Ok(reply.body)
}

/// The DNS-over-HTTPS server's own addresses, from the system's resolvers (over UDP: no DNS over HTTPS to find one).
async fn bootstrap_addresses(net: &Net, host: &str, port: u16, servers: &[SocketAddr]) -> Result<Vec<SocketAddr>, String> {
    let mut found = Vec::new();
    for rtype in [RecordType::Aaaa, RecordType::A] {
        let query = build_query(host, rtype)?;
        for &server in servers {
            let Ok(Ok(bytes)) = tokio::time::timeout(net.config.timeout / 2, exchange(server, &query)).await else { continue };
            if let Ok(answer) = parse_answer(&bytes, host, rtype) {
                found.extend(answer.records.iter().filter_map(|r| match r.data {
                    RecordData::A(ip) => Some(SocketAddr::new(ip.into(), port)),
                    RecordData::Aaaa(ip) => Some(SocketAddr::new(ip.into(), port)),
                    _ => None,
                }));
                break;
            }
        }
    }
    if found.is_empty() { Err(format!("the DNS-over-HTTPS server `{host}` has no address")) } else { Ok(found) }
}

/// A failure in words, for messages that quote a lookup's failure.
pub(crate) fn failure_text(failure: &FailureKind) -> String {
    match failure {
        FailureKind::Timeout(_) => "no answer in time".into(),
        FailureKind::Network(why) | FailureKind::CouldNotVerify(why) => why.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolv_conf_nameservers_and_server_arguments() {
        let conf = "# comment\nsearch example.com\nnameserver 192.0.2.1\nnameserver ::1\nnameserver fe80::1%eth0\noptions ndots:1\n";
        let servers: Vec<String> = nameservers(conf).iter().map(ToString::to_string).collect();
        assert_eq!(servers, ["192.0.2.1:53", "[::1]:53"]);
        assert_eq!(DnsConfig::parse_server("127.0.0.1:5353").map(|a| a.to_string()), Ok("127.0.0.1:5353".into()));
        assert_eq!(DnsConfig::parse_server("::1").map(|a| a.to_string()), Ok("[::1]:53".into()));
        assert!(DnsConfig::parse_server("dns.example").is_err());
    }
}
