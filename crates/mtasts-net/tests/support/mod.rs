//! Protocol peers for the tests of the native I/O, started on 127.0.0.1: a test CA (rcgen),
//! SMTP servers offering (or not) `STARTTLS`, HTTPS policy hosts and a DNS server with a zone.
//! Shared by crates/mtasts-net/tests/net.rs and the `mtasts serve` tests of the CLI
//! (crates/mtasts-cli/tests/cli/serve.rs includes this file by path).
#![allow(dead_code)] // each includer uses a part

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, date_time_ymd};
use rustls::ServerConfig;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio_rustls::TlsAcceptor;

/// A test CA and the certificates it (or nobody) signs.
pub(crate) struct Pki {
    pub(crate) ca: CertifiedIssuer<'static, KeyPair>,
}

/// How a leaf certificate is made.
#[derive(Clone, Copy)]
pub(crate) enum Signer {
    TestCa,
    SelfSigned,
    UnknownCa,
}

pub(crate) struct Leaf {
    pub(crate) chain: Vec<CertificateDer<'static>>,
    pub(crate) key: PrivateKeyDer<'static>,
}

fn ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    CertifiedIssuer::self_signed(params, KeyPair::generate().expect("key")).expect("CA")
}

impl Pki {
    pub(crate) fn new() -> Pki {
        Pki { ca: ca("mtasts test CA") }
    }

    pub(crate) fn ca_der(&self) -> CertificateDer<'static> {
        self.ca.der().clone()
    }

    /// A leaf for `names`, valid from `from` to `until` (years), signed as `signer` says.
    pub(crate) fn leaf(&self, names: &[&str], from: i32, until: i32, signer: Signer) -> Leaf {
        let key = KeyPair::generate().expect("key");
        let mut params = CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>()).expect("params");
        params.distinguished_name.push(DnType::CommonName, names[0]);
        params.not_before = date_time_ymd(from, 1, 1);
        params.not_after = date_time_ymd(until, 1, 1);
        let cert = match signer {
            Signer::TestCa => params.signed_by(&key, &self.ca).expect("signed"),
            Signer::SelfSigned => params.self_signed(&key).expect("self-signed"),
            Signer::UnknownCa => params.signed_by(&key, &ca("someone else's CA")).expect("signed"),
        };
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        Leaf { chain: vec![cert.der().clone()], key }
    }
}

// The ring provider, as mtasts-net uses (deprecated in rustls only for its lack of post-quantum key exchange).
#[allow(deprecated)]
pub(crate) fn acceptor(leaf: Leaf) -> TlsAcceptor {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(leaf.chain, leaf.key)
        .expect("server config");
    TlsAcceptor::from(Arc::new(config))
}

/// What a test SMTP server does.
#[derive(Clone, Copy)]
pub(crate) enum Smtp {
    Starttls,
    NoStarttls,
    /// Accepts the connection and says nothing.
    Hang,
}

pub(crate) async fn listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    (listener, port)
}

pub(crate) async fn smtp_server(behaviour: Smtp, leaf: Leaf) -> u16 {
    let (listener, port) = listener().await;
    let tls = acceptor(leaf);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tls = tls.clone();
            tokio::spawn(async move {
                let _ = smtp_session(stream, behaviour, tls).await;
            });
        }
    });
    port
}

async fn smtp_session(stream: TcpStream, behaviour: Smtp, tls: TlsAcceptor) -> std::io::Result<()> {
    if let Smtp::Hang = behaviour {
        tokio::time::sleep(Duration::from_secs(60)).await;
        return Ok(());
    }
    let mut reader = BufReader::new(stream);
    reader.get_mut().write_all(b"220 mx.example.test ESMTP test\r\n").await?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        match (verb.as_str(), behaviour) {
            ("EHLO", Smtp::Starttls) => reader.get_mut().write_all(b"250-mx.example.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n").await?,
            ("EHLO", _) => reader.get_mut().write_all(b"250-mx.example.test\r\n250 PIPELINING\r\n").await?,
            ("STARTTLS", _) => {
                reader.get_mut().write_all(b"220 2.0.0 go ahead\r\n").await?;
                let mut tls = tls.accept(reader.into_inner()).await?;
                let mut rest = Vec::new();
                let _ = tls.read_to_end(&mut rest).await;
                return Ok(());
            }
            _ => {
                reader.get_mut().write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
        }
    }
}

/// What a test policy host answers: the response head and body, sent `drip` bytes at a time.
#[derive(Clone)]
pub(crate) struct Http {
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
    pub(crate) drip: Option<Duration>,
}

impl Http {
    pub(crate) fn ok(body: &[u8]) -> Http {
        Http {
            head: format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()),
            body: body.to_vec(),
            drip: None,
        }
    }
}

pub(crate) async fn https_server(reply: Http, leaf: Leaf) -> u16 {
    let (listener, port) = listener().await;
    let tls = acceptor(leaf);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (tls, reply) = (tls.clone(), reply.clone());
            tokio::spawn(async move {
                let Ok(stream) = tls.accept(stream).await else { return };
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).await.is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let stream = reader.get_mut();
                let _ = stream.write_all(reply.head.as_bytes()).await;
                match reply.drip {
                    None => {
                        let _ = stream.write_all(&reply.body).await;
                    }
                    Some(pause) => {
                        for byte in &reply.body {
                            let _ = stream.write_all(&[*byte]).await;
                            let _ = stream.flush().await;
                            tokio::time::sleep(pause).await;
                        }
                    }
                }
                let _ = stream.shutdown().await;
            });
        }
    });
    port
}

/// A record of the test zone.
#[derive(Clone)]
pub(crate) enum Rr {
    Addr(IpAddr),
    Mx(u16, String),
}

fn encode_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.trim_end_matches('.').split('.').filter(|l| !l.is_empty()) {
        out.push(u8::try_from(label.len()).expect("short label"));
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

/// The answer to `query` from `zone` (name, record): NOERROR with the records of the asked
/// type, NODATA when the name has others, NXDOMAIN when it has none.
fn zone_answer(query: &[u8], zone: &[(String, Rr)]) -> Option<Vec<u8>> {
    let mut name = Vec::new();
    let mut at = 12;
    loop {
        let len = usize::from(*query.get(at)?);
        at += 1;
        if len == 0 {
            break;
        }
        name.push(String::from_utf8_lossy(query.get(at..at + len)?).to_ascii_lowercase());
        at += len;
    }
    let name = name.join(".");
    let qtype = u16::from_be_bytes([*query.get(at)?, *query.get(at + 1)?]);
    let mut out = query.get(..at + 4)?.to_vec();
    out[2] = 0x80 | (query[2] & 0x01);
    out[3] = 0x80;
    out[6..12].fill(0);
    let owned: Vec<&Rr> = zone.iter().filter(|(n, _)| *n == name).map(|(_, r)| r).collect();
    if owned.is_empty() {
        out[3] |= 3;
    }
    let mut count = 0u16;
    for rr in owned {
        let (rtype, data) = match rr {
            Rr::Addr(IpAddr::V4(ip)) => (1u16, ip.octets().to_vec()),
            Rr::Addr(IpAddr::V6(ip)) => (28, ip.octets().to_vec()),
            Rr::Mx(preference, host) => (15, [preference.to_be_bytes().to_vec(), encode_name(host)].concat()),
        };
        if rtype != qtype {
            continue;
        }
        count += 1;
        out.extend_from_slice(&[0xC0, 12]);
        out.extend_from_slice(&rtype.to_be_bytes());
        out.extend_from_slice(&[0, 1, 0, 0, 0, 60]);
        out.extend_from_slice(&u16::try_from(data.len()).expect("short").to_be_bytes());
        out.extend_from_slice(&data);
    }
    out[6..8].copy_from_slice(&count.to_be_bytes());
    Some(out)
}

/// A DNS server over UDP for `zone`.
pub(crate) async fn zone_server(zone: Vec<(String, Rr)>) -> SocketAddr {
    let udp = UdpSocket::bind("127.0.0.1:0").await.expect("bind");
    let addr = udp.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut buffer = [0; 512];
        while let Ok((n, from)) = udp.recv_from(&mut buffer).await {
            if let Some(reply) = zone_answer(&buffer[..n], &zone) {
                let _ = udp.send_to(&reply, from).await;
            }
        }
    });
    addr
}
