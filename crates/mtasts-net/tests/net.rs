//! mtasts-net against real peers on 127.0.0.1, started here: SMTP servers offering (or not)
//! `STARTTLS`, HTTPS policy hosts and a DNS server, with certificates made at test time by
//! rcgen. The assertions are on the FACTS the driver reports (names, dates, trust verdict,
//! outcome); judging them is the core's work.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use mtasts::check::{ChainTrust, FailureKind, ProbeService, Rcode, RecordData, RecordType, RequestKind, Response, TimeoutBy, TlsProbe};
use mtasts_net::{DnsConfig, Net, NetConfig};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, UdpSocket};

mod support;
use support::{Http, Leaf, Pki, Signer, Smtp, https_server, listener, smtp_server};

fn net(pki: &Pki, rules: &[String], timeout: Duration) -> Arc<Net> {
    Net::new(NetConfig {
        // Nothing here resolves names: every connection is redirected.
        dns: DnsConfig::Servers(vec!["127.0.0.1:9".parse().expect("addr")]),
        extra_roots: vec![pki.ca_der()],
        connect_to: rules.iter().map(|r| r.parse().expect("rule")).collect(),
        timeout,
        probes_per_host: 2,
        guard: None,
    })
    .expect("net")
}

async fn probe(net: &Arc<Net>, host: &str, port: u16, service: ProbeService) -> Response {
    net.perform(&RequestKind::TlsProbe { host: host.into(), port, service }).await
}

const MX: &str = "mx.example.test";

/// Probes `MX` over SMTP against a server with `leaf`.
async fn smtp_probe(pki: &Pki, behaviour: Smtp, leaf: Leaf) -> Response {
    let port = smtp_server(behaviour, leaf).await;
    let net = net(pki, &[format!("{MX}:25:127.0.0.1:{port}")], Duration::from_secs(2));
    probe(&net, MX, 25, ProbeService::SmtpStarttls).await
}

fn handshake(response: Response) -> (Vec<String>, i64, i64, ChainTrust, String) {
    match response {
        Response::Tls(TlsProbe::Handshake(h)) => {
            let leaf = &h.chain[0];
            (leaf.dns_names.clone(), leaf.not_before, leaf.not_after, h.trust, h.version)
        }
        other => panic!("expected a handshake, got {other:?}"),
    }
}

/// 2020-01-01 and 2099-01-01 in Unix seconds.
const Y2020: i64 = 1_577_836_800;
const Y2099: i64 = 4_070_908_800;

#[tokio::test]
async fn smtp_starttls_certificates_are_reported_as_they_are() {
    let pki = Pki::new();
    // A good certificate: names, dates, trusted, TLS 1.3.
    let (names, from, until, trust, version) =
        handshake(smtp_probe(&pki, Smtp::Starttls, pki.leaf(&[MX], 2020, 2099, Signer::TestCa)).await);
    assert_eq!((names, from, until, trust, version.as_str()), (vec![MX.to_owned()], Y2020, Y2099, ChainTrust::Trusted, "TLSv1.3"));

    // A certificate for another name: reported as is (and still trusted: the core matches names).
    let (names, .., trust, _) =
        handshake(smtp_probe(&pki, Smtp::Starttls, pki.leaf(&["other.example.net"], 2020, 2099, Signer::TestCa)).await);
    assert_eq!((names, trust), (vec!["other.example.net".to_owned()], ChainTrust::Trusted));

    // A wildcard certificate: the pattern as written.
    let (names, ..) = handshake(smtp_probe(&pki, Smtp::Starttls, pki.leaf(&["*.example.test"], 2020, 2099, Signer::TestCa)).await);
    assert_eq!(names, ["*.example.test"]);

    // Expired, not yet valid, self-signed, another CA: facts plus the verifier's reason.
    let cases = [
        ((2001, 2002, Signer::TestCa), "expired"),
        ((2098, 2099, Signer::TestCa), "not yet valid"),
        ((2020, 2099, Signer::SelfSigned), "self-signed"),
        ((2020, 2099, Signer::UnknownCa), "unknown issuer"),
    ];
    for ((from, until, signer), reason) in cases {
        let (_, not_before, not_after, trust, _) = handshake(smtp_probe(&pki, Smtp::Starttls, pki.leaf(&[MX], from, until, signer)).await);
        let ChainTrust::Untrusted(why) = trust else { panic!("{reason}: trusted") };
        assert!(why.starts_with(reason), "{reason}: {why}");
        assert!(not_before < not_after);
    }
}

#[tokio::test]
async fn smtp_without_starttls_closed_port_and_silence() {
    let pki = Pki::new();
    match smtp_probe(&pki, Smtp::NoStarttls, pki.leaf(&[MX], 2020, 2099, Signer::TestCa)).await {
        Response::Tls(TlsProbe::StarttlsNotOffered { reply }) => assert!(reply.contains("250 PIPELINING"), "{reply}"),
        other => panic!("{other:?}"),
    }

    // A port nobody listens on.
    let (closed, port) = listener().await;
    drop(closed);
    let net = net(&pki, &[format!("{MX}:25:127.0.0.1:{port}")], Duration::from_secs(2));
    match probe(&net, MX, 25, ProbeService::SmtpStarttls).await {
        Response::Tls(TlsProbe::Unreachable { message }) => assert!(message.contains(&port.to_string()), "{message}"),
        other => panic!("{other:?}"),
    }

    // A server that accepts and never speaks: the sender's timeout.
    let port = smtp_server(Smtp::Hang, pki.leaf(&[MX], 2020, 2099, Signer::TestCa)).await;
    let net = self::net(&pki, &[format!("{MX}:25:127.0.0.1:{port}")], Duration::from_millis(400));
    assert_eq!(probe(&net, MX, 25, ProbeService::SmtpStarttls).await, Response::Failed(FailureKind::Timeout(TimeoutBy::Sender)));
}

const HOST: &str = "mta-sts.example.test";
const URL: &str = "https://mta-sts.example.test/.well-known/mta-sts.txt";
const POLICY: &[u8] = b"version: STSv1\nmode: enforce\nmx: mx.example.test\nmax_age: 604800\n";

async fn fetch(pki: &Pki, reply: Http, leaf: Leaf, timeout: Duration) -> (Response, Response) {
    let port = https_server(reply, leaf).await;
    let net = net(pki, &[format!("{HOST}:443:127.0.0.1:{port}")], timeout);
    let fetched = net.perform(&RequestKind::Fetch { url: URL.into() }).await;
    (fetched, probe(&net, HOST, 443, ProbeService::Https).await)
}

#[tokio::test]
async fn policy_host_fetch_and_probe() {
    let pki = Pki::new();
    let second = Duration::from_secs(2);
    let good = || pki.leaf(&[HOST], 2020, 2099, Signer::TestCa);

    let (fetched, probed) = fetch(&pki, Http::ok(POLICY), good(), second).await;
    let Response::Fetch(result) = fetched else { panic!("{fetched:?}") };
    assert_eq!(
        (result.status, result.content_type.as_deref(), &result.body[..], result.truncated),
        (200, Some("text/plain"), POLICY, false)
    );
    assert_eq!(handshake(probed).0, [HOST]);

    // A certificate for another name: the fetch fails as a sender's would; the probe reports it.
    let (fetched, probed) = fetch(&pki, Http::ok(POLICY), pki.leaf(&["www.example.test"], 2020, 2099, Signer::TestCa), second).await;
    assert!(matches!(&fetched, Response::Failed(FailureKind::Network(m)) if m.contains("TLS")), "{fetched:?}");
    assert_eq!(handshake(probed).0, ["www.example.test"]);

    // A redirect is not followed.
    let redirect = Http {
        head: "HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.example.test/\r\nContent-Length: 0\r\n\r\n".into(),
        body: Vec::new(),
        drip: None,
    };
    let (fetched, _) = fetch(&pki, redirect, good(), second).await;
    let Response::Fetch(result) = fetched else { panic!("{fetched:?}") };
    assert_eq!((result.status, result.redirect_location.as_deref()), (301, Some("https://www.example.test/")));

    // An oversize body: 64 KiB + 1 byte read, then cut (chunked, no length announced).
    let mut chunked = format!("{:x}\r\n", 100_000).into_bytes();
    chunked.extend(std::iter::repeat_n(b'#', 100_000));
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let big = Http {
        head: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n".into(),
        body: chunked,
        drip: None,
    };
    let (fetched, _) = fetch(&pki, big, good(), second).await;
    let Response::Fetch(result) = fetched else { panic!("{fetched:?}") };
    assert_eq!((result.body.len(), result.truncated), (64 * 1024 + 1, true));

    // A slow drip that outlasts the time limit: the sender's timeout.
    let drip = Http { drip: Some(Duration::from_millis(100)), ..Http::ok(POLICY) };
    let (fetched, _) = fetch(&pki, drip, good(), Duration::from_millis(600)).await;
    assert_eq!(fetched, Response::Failed(FailureKind::Timeout(TimeoutBy::Sender)));
}

/// The test DNS server's answer to `query` (see [`dns_server`]).
fn answer(query: &[u8], over_tcp: bool) -> Vec<u8> {
    let question_end = 12 + query[12..].iter().position(|&b| b == 0).expect("qname") + 1 + 4;
    let mut out = query[..question_end].to_vec();
    out[2] = 0x80 | (query[2] & 0x01); // QR, RD echoed
    out[3] = 0x80; // RA
    let gone = query[12..].starts_with(b"\x04gone\x04test\x00");
    if gone {
        out[3] |= 3;
    } else if !over_tcp {
        out[2] |= 0x02; // TC
    } else {
        out[7] = 1; // ANCOUNT
        out.extend_from_slice(&[0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
    }
    out
}

/// A DNS server over UDP and TCP on one port: NXDOMAIN for `gone.test`; for anything else, a
/// truncated empty answer over UDP and one A record (192.0.2.7) over TCP.
async fn dns_server() -> SocketAddr {
    let udp = UdpSocket::bind("127.0.0.1:0").await.expect("bind");
    let addr = udp.local_addr().expect("addr");
    let tcp = TcpListener::bind(addr).await.expect("bind tcp");
    tokio::spawn(async move {
        let mut buffer = [0; 512];
        while let Ok((n, from)) = udp.recv_from(&mut buffer).await {
            let _ = udp.send_to(&answer(&buffer[..n], false), from).await;
        }
    });
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = tcp.accept().await {
            let mut length = [0; 2];
            let _ = stream.read_exact(&mut length).await;
            let mut query = vec![0; usize::from(u16::from_be_bytes(length))];
            let _ = stream.read_exact(&mut query).await;
            let reply = answer(&query, true);
            let mut framed = u16::try_from(reply.len()).expect("short").to_be_bytes().to_vec();
            framed.extend(reply);
            let _ = stream.write_all(&framed).await;
        }
    });
    addr
}

#[tokio::test]
async fn dns_over_udp_then_tcp_and_nxdomain() {
    let server = dns_server().await;
    let net = Net::new(NetConfig { dns: DnsConfig::Servers(vec![server]), timeout: Duration::from_secs(2), ..NetConfig::default() })
        .expect("net");
    let ask = |name: &str| RequestKind::Dns { name: name.into(), rtype: RecordType::A };
    match net.perform(&ask("mta-sts.example.test")).await {
        Response::Dns(answer) => {
            assert_eq!(answer.rcode, Rcode::NoError);
            assert_eq!(answer.records.iter().map(|r| r.data.clone()).collect::<Vec<_>>(), [RecordData::A([192, 0, 2, 7].into())]);
        }
        other => panic!("{other:?}"),
    }
    match net.perform(&ask("gone.test")).await {
        Response::Dns(answer) => assert_eq!((answer.rcode, answer.records.len()), (Rcode::NxDomain, 0)),
        other => panic!("{other:?}"),
    }
    // No resolver listening: the lookup fails, it is never an empty answer.
    let (closed, _) = listener().await;
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let silent = Net::new(NetConfig {
        dns: DnsConfig::Servers(vec![SocketAddr::from(([127, 0, 0, 1], port))]),
        timeout: Duration::from_millis(300),
        ..NetConfig::default()
    })
    .expect("net");
    assert!(matches!(silent.perform(&ask("example.test")).await, Response::Failed(_)));
}
